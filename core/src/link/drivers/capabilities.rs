//! What a connected pair of glasses can do, so the Companion routes each output where it can
//! go (a card to the display or to speech, a photo request only to a camera) and warns the
//! wearer when the link is not encrypted.

use super::Family;
use crate::hud;
use crate::link::protocol::message::Hello;

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
    pub fn to_hello(&self, name: &str, battery: crate::link::protocol::message::Battery) -> Hello {
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

/// Publishes a connected device's `Hello` and `Capabilities` and marks the link ready: what
/// every driver does once its device answered.
pub(crate) fn announce(
    caps: &Capabilities,
    name: &str,
    battery: crate::link::protocol::message::Battery,
    io: &mut crate::link::session::DriverIo,
) {
    use crate::link::session::{LinkEvent, Signal};
    // Capabilities first: an insecure-link warning is shown before "connected".
    io.events.push(LinkEvent::Capabilities(*caps));
    io.events
        .push(LinkEvent::Hello(caps.to_hello(name, battery)));
    io.signals.push(Signal::Ready);
}
