//! `GlassesFamily`: which kind of glasses the app pairs with, so the phone shells can pair
//! every family the core has a driver for.

use sightline_core::link::device::Family;

/// A family of glasses, each with its own wire format and driver in the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum GlassesFamily {
    /// Sightline glasses (the reference protocol, paired by comparing a code).
    Sightline,
    /// OpenGlass / omiGlass (camera and microphone, no display; an unencrypted link).
    OpenGlass,
    /// Brilliant Labs Frame (camera, microphone, 640×400 display).
    Frame,
    /// Even Realities G1 (two-arm text display, microphone, no camera). Its device id is
    /// `LEFT_ID+RIGHT_ID`, the ids of its two arms.
    G1,
}

impl From<GlassesFamily> for Family {
    fn from(family: GlassesFamily) -> Self {
        match family {
            GlassesFamily::Sightline => Family::Sightline,
            GlassesFamily::OpenGlass => Family::OpenGlass,
            GlassesFamily::Frame => Family::Frame,
            GlassesFamily::G1 => Family::G1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_maps_to_a_distinct_core_family() {
        let all = [
            GlassesFamily::Sightline,
            GlassesFamily::OpenGlass,
            GlassesFamily::Frame,
            GlassesFamily::G1,
        ];
        let mapped: std::collections::HashSet<Family> = all.into_iter().map(Family::from).collect();
        assert_eq!(mapped.len(), Family::ALL.len());
    }
}
