//! Drivers for glasses people already own, beside the Sightline reference protocol: one
//! [`Driver`](super::session::Driver) per family (OpenGlass/omiGlass, Brilliant Labs Frame,
//! Even Realities G1). Each only translates that device's public wire format to the common
//! [`LinkEvent`](super::session::LinkEvent)s and [`Command`](super::session::Command)s, so the
//! generic [`Session`](super::session::Session) (backoff, heartbeat timeout, events,
//! reconnection) is reused unchanged. Byte formats, quirks and sources: `docs/drivers.md`.
//!
//! - [`Family`]: which kind of glasses, from the CLI or from a scan result ([`classify`]).
//! - [`Capabilities`]: what a connected device can do (camera, display, mic, speaker, whether
//!   the link is encrypted), published as `LinkEvent::Capabilities` on every connection.
//! - [`gatt`]: how a family's several characteristics (and G1's two arms) share one
//!   [`Transport`](super::transport::Transport): a leading channel byte.
//! - [`PhoneSpeech`]: transcripts from the phone's own recognizer, for glasses that stream
//!   audio only, merged into the link's event stream.
//! - [`ble`]: the btleplug connector mapping channel bytes to each family's characteristics.
//! - [`sim`]: a simulated peripheral per family on the shared simulated radio, and
//!   [`sim::simulated`], the one call that gives `Session::start` everything for a family.

pub mod ble;
mod capabilities;
mod family;
pub mod frame;
pub mod g1;
pub mod gatt;
pub mod openglass;
mod photos;
#[cfg(test)]
mod proptests;
pub mod sim;
mod speech;
mod wire;

pub use capabilities::{Capabilities, DisplayCaps, DisplayColours};
pub use family::{Family, UnknownFamily, classify};
pub use frame::FrameDriver;
pub use g1::G1Driver;
pub use openglass::OpenGlassDriver;
pub use speech::{PhoneSpeech, PhoneSpeechFeed};
pub use wire::WireError;

/// The driver of a non-Sightline `family` (Sightline's needs the phone identity and pairing
/// from the store: `Session::start_sightline`); `speech` carries the phone recognizer's
/// transcripts of the glasses' audio. `None` for Sightline.
pub fn driver(
    family: Family,
    speech: Option<PhoneSpeech>,
) -> Option<Box<dyn crate::link::session::Driver>> {
    match family {
        Family::Sightline => None,
        Family::OpenGlass => Some(Box::new(OpenGlassDriver::new(speech))),
        Family::Frame => Some(Box::new(FrameDriver::new(speech))),
        Family::G1 => Some(Box::new(G1Driver::new(speech))),
    }
}
