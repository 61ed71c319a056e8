//! What a pair of glasses is, as every layer of the link sees it: its [`Family`] (told apart
//! in scan results by [`classify`]) and the [`Capabilities`] a connected device reports. A
//! leaf: the transport, the session and the drivers all name these, and it names none of them.

use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

use super::gatt;
use crate::hud;
use crate::link::protocol::SERVICE_UUID;
use crate::link::protocol::message::{Battery, Hello};

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

    /// Whether the family has its own command for phone notifications (the G1's `4B`); the
    /// others get them as a small card on their display, or spoken.
    pub fn has_notification_command(self) -> bool {
        matches!(self, Family::G1)
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

/// Colours a display can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DisplayColours {
    /// One colour (the G1's green).
    Monochrome,
    /// A palette of this many colours (Frame: 16).
    Palette(u16),
    /// Full colour.
    Full,
}

/// A display's size, colours and the text grid the phone lays cards out on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisplayCaps {
    /// Width in pixels.
    pub width: u16,
    /// Height in pixels.
    pub height: u16,
    /// Colours.
    pub colours: DisplayColours,
    /// The text grid cards are laid out on (see [`hud::render`]).
    pub layout: hud::Display,
}

/// What a connected device can do; published as `LinkEvent::Capabilities` on every connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// The family.
    pub family: Family,
    /// Largest camera frame (width, height), `None` without a camera.
    pub camera: Option<(u16, u16)>,
    /// The display, `None` without one (cards go to speech or the phone app).
    pub display: Option<DisplayCaps>,
    /// Has a microphone.
    pub mic: bool,
    /// Can speak aloud (otherwise the phone speaks).
    pub speaker: bool,
    /// Sends head-motion samples.
    pub imu: bool,
    /// The link is encrypted and authenticated. `false` means anyone in radio range can read
    /// the camera frames and audio: the app must show [`Capabilities::warning`].
    pub secure_link: bool,
}

impl Capabilities {
    /// The warning the app must show while connected, if any.
    pub fn warning(&self) -> Option<&'static str> {
        (!self.secure_link).then_some(
            "These glasses use an unencrypted link: photos and audio can be read by anyone nearby.",
        )
    }

    /// Sightline glasses, from their `Hello` (the Noise link is always encrypted).
    pub fn from_hello(hello: &Hello) -> Self {
        let display = (hello.display_width > 0).then_some(DisplayCaps {
            width: hello.display_width,
            height: hello.display_height,
            colours: DisplayColours::Full,
            layout: hud::Display::REFERENCE,
        });
        Self {
            family: Family::Sightline,
            camera: (hello.camera_width > 0).then_some((hello.camera_width, hello.camera_height)),
            display,
            mic: hello.mic,
            speaker: true,
            imu: hello.imu,
            secure_link: true,
        }
    }

    /// A `Hello` describing these capabilities, for users of the link that only read `Hello`.
    pub fn to_hello(&self, name: &str, battery: Battery) -> Hello {
        let (dw, dh) = self.display.map_or((0, 0), |d| (d.width, d.height));
        let (cw, ch) = self.camera.unwrap_or((0, 0));
        Hello {
            major: crate::link::protocol::PROTOCOL_MAJOR,
            minor: crate::link::protocol::PROTOCOL_MINOR,
            name: name.to_string(),
            display_width: dw,
            display_height: dh,
            camera_width: cw,
            camera_height: ch,
            mic: self.mic,
            imu: self.imu,
            battery,
        }
    }
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
