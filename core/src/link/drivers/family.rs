//! Glasses families and telling them apart in scan results.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

use super::gatt;
use crate::link::protocol::SERVICE_UUID;
use crate::link::session::SessionConfig;

/// A family of glasses, each with its own wire format and driver.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Sightline glasses (the reference protocol, `docs/protocol.md`).
    Sightline,
    /// OpenGlass / omiGlass (ESP32-S3 camera, no display, unbonded link).
    OpenGlass,
    /// Brilliant Labs Frame (640×400 display, camera, Lua over BLE).
    Frame,
    /// Even Realities G1 (two-arm text display, no camera).
    G1,
}

impl Family {
    /// Every family, in the order the CLI lists them.
    pub const ALL: [Family; 4] = [
        Family::Sightline,
        Family::OpenGlass,
        Family::Frame,
        Family::G1,
    ];

    /// The lowercase name used on the command line and stored with a paired device.
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Sightline => "sightline",
            Family::OpenGlass => "openglass",
            Family::Frame => "frame",
            Family::G1 => "g1",
        }
    }

    /// Session timing suited to this family. The G1 answers only the phone's heartbeats
    /// (every 4 s), so its silence timeout is longer than the 5 s default.
    pub fn session_config(self) -> SessionConfig {
        match self {
            Family::G1 => SessionConfig {
                heartbeat_timeout: Duration::from_secs(10),
                ..SessionConfig::default()
            },
            _ => SessionConfig::default(),
        }
    }

    /// The primary service a device of this family advertises.
    pub fn service_uuid(self) -> &'static str {
        match self {
            Family::Sightline => SERVICE_UUID,
            Family::OpenGlass => gatt::openglass::SERVICE,
            Family::Frame => gatt::frame::SERVICE,
            Family::G1 => gatt::g1::SERVICE,
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A family name that is not one of [`Family::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown glasses family {0:?}; expected one of sightline, openglass, frame, g1")]
pub struct UnknownFamily(pub String);

impl FromStr for Family {
    type Err = UnknownFamily;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sightline" => Ok(Family::Sightline),
            "openglass" | "omiglass" | "open-glass" => Ok(Family::OpenGlass),
            "frame" | "brilliant-frame" => Ok(Family::Frame),
            "g1" | "even-g1" | "evenrealities-g1" => Ok(Family::G1),
            _ => Err(UnknownFamily(s.to_string())),
        }
    }
}

fn advertises(services: &[Uuid], uuid: &str) -> bool {
    Uuid::parse_str(uuid).is_ok_and(|u| services.contains(&u))
}

/// True for an Even G1 arm's advertised name (`Even G1_<n>_L_<id>` / `…_R_…`).
fn is_g1_arm_name(name: &str) -> bool {
    name.contains("_L_") || name.contains("_R_")
}

/// Which family a scanned device belongs to, from its advertised service UUIDs and name;
/// `None` for anything else. The Nordic UART service the G1 uses is generic, so a G1 is
/// recognised only with its arm-style name.
pub fn classify(name: Option<&str>, services: &[Uuid]) -> Option<Family> {
    let name = name.unwrap_or("");
    if advertises(services, SERVICE_UUID) {
        return Some(Family::Sightline);
    }
    if advertises(services, gatt::openglass::SERVICE) {
        return Some(Family::OpenGlass);
    }
    if advertises(services, gatt::frame::SERVICE) {
        return Some(Family::Frame);
    }
    if is_g1_arm_name(name) && (advertises(services, gatt::g1::SERVICE) || name.contains("G1")) {
        return Some(Family::G1);
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("openglass") || lower.starts_with("omiglass") {
        return Some(Family::OpenGlass);
    }
    if lower.starts_with("frame ") || lower == "frame" {
        return Some(Family::Frame);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uuid(s: &str) -> Uuid {
        Uuid::parse_str(s).unwrap()
    }

    #[test]
    fn names_round_trip_and_aliases_parse() {
        for f in Family::ALL {
            assert_eq!(f.as_str().parse::<Family>().unwrap(), f);
        }
        assert_eq!("omiGlass".parse::<Family>().unwrap(), Family::OpenGlass);
        assert_eq!("Even-G1".parse::<Family>().unwrap(), Family::G1);
        assert!(matches!("hololens".parse::<Family>(), Err(UnknownFamily(n)) if n == "hololens"));
    }

    #[test]
    fn scan_results_are_classified_by_service_then_name() {
        for f in [Family::Sightline, Family::OpenGlass, Family::Frame] {
            assert_eq!(classify(None, &[uuid(f.service_uuid())]), Some(f));
        }
        let nus = [uuid(gatt::g1::SERVICE)];
        assert_eq!(
            classify(Some("Even G1_74_L_3F2A11"), &nus),
            Some(Family::G1)
        );
        assert_eq!(
            classify(Some("Even G1_74_R_3F2A12"), &nus),
            Some(Family::G1)
        );
        // Any Nordic UART gadget is not a G1.
        assert_eq!(classify(Some("Thermometer"), &nus), None);
        assert_eq!(classify(Some("Frame 4F"), &[]), Some(Family::Frame));
        assert_eq!(classify(Some("OpenGlass"), &[]), Some(Family::OpenGlass));
        assert_eq!(classify(Some("Headphones"), &[]), None);
        assert_eq!(classify(None, &[]), None);
    }
}
