//! What a phone's own BLE stack needs to find and connect each glasses family the core
//! drives: the services to scan for, the characteristics to write and subscribe to, and how
//! packets name them. The Android and iOS shells read these records instead of keeping UUIDs
//! of their own, so a family added to the core is scanned and connected by both shells.
//!
//! The packet convention is the core's ([`sightline_core::link::gatt`]): Sightline
//! glasses have one write and one notify characteristic and packets go as they are; the
//! other families' packets start with a channel byte naming the characteristic (and, for a
//! G1, the arm), which the platform strips before writing and adds before passing a
//! notification on.

use sightline_core::link::device::{self, Family};
use sightline_core::link::gatt::{self, Direction};
use sightline_core::link::protocol::{NOTIFY_CHAR_UUID, SERVICE_UUID, WRITE_CHAR_UUID};

/// A family of glasses the core can drive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum GlassesFamily {
    /// Sightline glasses (the reference protocol: paired, encrypted).
    Sightline,
    /// OpenGlass / omiGlass (camera and microphone, no display, unencrypted link).
    OpenGlass,
    /// Brilliant Labs Frame (display, camera, Lua over BLE).
    Frame,
    /// Even Realities G1 (a text display on two arms, each its own BLE peripheral).
    G1,
}

impl From<Family> for GlassesFamily {
    fn from(family: Family) -> Self {
        match family {
            Family::Sightline => GlassesFamily::Sightline,
            Family::OpenGlass => GlassesFamily::OpenGlass,
            Family::Frame => GlassesFamily::Frame,
            Family::G1 => GlassesFamily::G1,
        }
    }
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

/// Which way a characteristic carries values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum GattDirection {
    /// Phone → glasses: the platform writes packets to it.
    Write,
    /// Glasses → phone: the platform enables notifications on it and passes each value on.
    Notify,
}

impl From<Direction> for GattDirection {
    fn from(direction: Direction) -> Self {
        match direction {
            Direction::Write => GattDirection::Write,
            Direction::Notify => GattDirection::Notify,
        }
    }
}

/// One characteristic a family's connection uses.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GattChannel {
    /// The leading byte of the packets on this channel, or `None` when the family's packets
    /// carry no channel byte (Sightline: one write and one notify characteristic).
    pub tag: Option<u8>,
    /// Which of the device's peripherals offers it: 0, or the G1 arm (0 left, 1 right).
    pub peripheral: u8,
    /// The service UUID (lowercase, hyphenated).
    pub service: String,
    /// The characteristic UUID (lowercase, hyphenated).
    pub characteristic: String,
    /// Whether the phone writes it or subscribes to it.
    pub direction: GattDirection,
}

/// How a phone's BLE stack finds and connects one family.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GattProfile {
    /// The family.
    pub family: GlassesFamily,
    /// Its lowercase name, as the CLI and the stored pairing spell it (`sightline`, `g1`…).
    pub name: String,
    /// The service a device of this family advertises: the scan filter. Generic for the G1
    /// (the Nordic UART service), so scan results go through `classify_glasses` too.
    pub advertised_service: String,
    /// How many BLE peripherals one device is: 2 for a G1 (its arms), else 1. A device of
    /// several is addressed as their ids joined with `+`, in peripheral order.
    pub peripherals: u8,
    /// Writes go with response (Frame) rather than without (the others).
    pub write_with_response: bool,
    /// Every characteristic the connection writes or subscribes to; notifications are
    /// enabled on each `Notify` one before `connected` is reported.
    pub channels: Vec<GattChannel>,
}

/// One advertiser recognised in a scan.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct GlassesSighting {
    /// The family it belongs to.
    pub family: GlassesFamily,
    /// Which peripheral of the device it is (the G1 arm: 0 left, 1 right; else 0).
    pub peripheral: u8,
    /// Advertisers with the same key are one device (a G1's two arms share `Even G1_<n>`);
    /// `None` when the advertiser is the whole device.
    pub device_key: Option<String>,
}

/// The channels of `family`, from the core's GATT layout.
fn channels(family: Family) -> Vec<GattChannel> {
    let of = |c: &gatt::Channel| GattChannel {
        tag: Some(c.tag),
        peripheral: 0,
        service: c.service.to_string(),
        characteristic: c.characteristic.to_string(),
        direction: c.direction.into(),
    };
    match family {
        Family::Sightline => vec![
            untagged(WRITE_CHAR_UUID, GattDirection::Write),
            untagged(NOTIFY_CHAR_UUID, GattDirection::Notify),
        ],
        Family::OpenGlass => gatt::openglass::CHANNELS.iter().map(of).collect(),
        Family::Frame => gatt::frame::CHANNELS.iter().map(of).collect(),
        Family::G1 => [gatt::g1::LEFT, gatt::g1::RIGHT]
            .into_iter()
            .flat_map(|arm| {
                [
                    (gatt::g1::TX, GattDirection::Write),
                    (gatt::g1::RX, GattDirection::Notify),
                ]
                .map(|(characteristic, direction)| GattChannel {
                    tag: Some(arm),
                    peripheral: arm,
                    service: gatt::g1::SERVICE.to_string(),
                    characteristic: characteristic.to_string(),
                    direction,
                })
            })
            .collect(),
    }
}

/// A Sightline characteristic: no channel byte, on the Sightline service.
fn untagged(characteristic: &str, direction: GattDirection) -> GattChannel {
    GattChannel {
        tag: None,
        peripheral: 0,
        service: SERVICE_UUID.to_string(),
        characteristic: characteristic.to_string(),
        direction,
    }
}

/// The GATT profile of `family`.
#[uniffi::export]
pub fn glasses_gatt_profile(family: GlassesFamily) -> GattProfile {
    let core = Family::from(family);
    GattProfile {
        family,
        name: core.as_str().to_string(),
        advertised_service: core.service_uuid().to_string(),
        peripherals: if core == Family::G1 { 2 } else { 1 },
        write_with_response: core == Family::Frame,
        channels: channels(core),
    }
}

/// The GATT profile of every family the core drives, in the CLI's order: what a shell scans
/// for.
#[uniffi::export]
pub fn glasses_gatt_profiles() -> Vec<GattProfile> {
    Family::ALL
        .into_iter()
        .map(|f| glasses_gatt_profile(f.into()))
        .collect()
}

/// Which family a scanned advertiser belongs to, from its advertised name and service UUIDs
/// (text; unparsable ones are ignored), and which part of a device it is; `None` for
/// anything that is not glasses the core drives (e.g. any other Nordic UART gadget).
#[uniffi::export]
pub fn classify_glasses(
    name: Option<String>,
    service_uuids: Vec<String>,
) -> Option<GlassesSighting> {
    let services: Vec<uuid::Uuid> = service_uuids
        .iter()
        .filter_map(|s| uuid::Uuid::parse_str(s.trim()).ok())
        .collect();
    let family = device::classify(name.as_deref(), &services)?;
    let (peripheral, device_key) = match (family, name.as_deref()) {
        (Family::G1, Some(name)) => g1_arm(name)?,
        _ => (0, None),
    };
    Some(GlassesSighting {
        family: family.into(),
        peripheral,
        device_key,
    })
}

/// The arm (0 left, 1 right) and the pair key (`Even G1_74`) of a G1 arm's advertised name
/// (`Even G1_74_L_3F2A11`).
fn g1_arm(name: &str) -> Option<(u8, Option<String>)> {
    [("_L_", gatt::g1::LEFT), ("_R_", gatt::g1::RIGHT)]
        .into_iter()
        .find_map(|(marker, arm)| {
            let (key, _) = name.split_once(marker)?;
            Some((arm, Some(key.to_string())))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_has_a_profile_with_its_advertised_service() {
        let profiles = glasses_gatt_profiles();
        assert_eq!(profiles.len(), Family::ALL.len());
        for (profile, family) in profiles.iter().zip(Family::ALL) {
            assert_eq!(Family::from(profile.family), family);
            assert_eq!(profile.name, family.as_str());
            assert_eq!(profile.advertised_service, family.service_uuid());
            assert!(
                profile
                    .channels
                    .iter()
                    .any(|c| c.direction == GattDirection::Write),
                "{family} has nothing to write"
            );
            assert!(
                profile
                    .channels
                    .iter()
                    .all(|c| c.peripheral < profile.peripherals),
                "{family} names a peripheral it does not have"
            );
        }
    }

    #[test]
    fn sightline_is_untagged_and_the_others_match_the_core_layout() {
        let sightline = glasses_gatt_profile(GlassesFamily::Sightline);
        assert!(sightline.channels.iter().all(|c| c.tag.is_none()));
        assert_eq!(sightline.channels[0].characteristic, WRITE_CHAR_UUID);
        assert_eq!(sightline.channels[1].characteristic, NOTIFY_CHAR_UUID);

        let openglass = glasses_gatt_profile(GlassesFamily::OpenGlass);
        let photo = openglass
            .channels
            .iter()
            .find(|c| c.tag == Some(gatt::openglass::PHOTO))
            .unwrap();
        assert_eq!(photo.characteristic, gatt::openglass::PHOTO_DATA);
        assert_eq!(photo.direction, GattDirection::Notify);
        // The battery lives on its own service: the platform must discover both.
        assert!(
            openglass
                .channels
                .iter()
                .any(|c| c.service == gatt::openglass::BATTERY_SERVICE)
        );

        assert!(glasses_gatt_profile(GlassesFamily::Frame).write_with_response);
        let g1 = glasses_gatt_profile(GlassesFamily::G1);
        assert_eq!(g1.peripherals, 2);
        let right_write = g1
            .channels
            .iter()
            .find(|c| c.peripheral == 1 && c.direction == GattDirection::Write)
            .unwrap();
        assert_eq!(right_write.tag, Some(gatt::g1::RIGHT));
        assert_eq!(right_write.characteristic, gatt::g1::TX);
    }

    #[test]
    fn scan_results_name_the_family_and_the_g1_arm() {
        let of = |name: Option<&str>, services: &[&str]| {
            classify_glasses(
                name.map(str::to_string),
                services.iter().map(|s| s.to_string()).collect(),
            )
        };
        let sightline = of(None, &[SERVICE_UUID]).unwrap();
        assert_eq!(sightline.family, GlassesFamily::Sightline);
        assert_eq!(sightline.device_key, None);
        // Upper case and surrounding blanks, as some stacks report them.
        let upper = format!(" {} ", gatt::frame::SERVICE.to_uppercase());
        assert_eq!(
            of(None, &[&upper]).map(|s| s.family),
            Some(GlassesFamily::Frame)
        );
        let right = of(Some("Even G1_74_R_3F2A12"), &[gatt::g1::SERVICE]).unwrap();
        assert_eq!(
            (right.family, right.peripheral, right.device_key.as_deref()),
            (GlassesFamily::G1, 1, Some("Even G1_74"))
        );
        let left = of(Some("Even G1_74_L_3F2A11"), &[gatt::g1::SERVICE]).unwrap();
        assert_eq!((left.peripheral, left.device_key), (0, right.device_key));
        // Another Nordic UART gadget, garbage UUIDs, nothing at all: not glasses.
        assert_eq!(of(Some("Thermometer"), &[gatt::g1::SERVICE]), None);
        assert_eq!(of(Some("x"), &["not-a-uuid", ""]), None);
        assert_eq!(of(None, &[]), None);
    }
}
