//! One driver per glasses family, side by side: the Sightline reference protocol and the
//! glasses people already own (OpenGlass/omiGlass, Brilliant Labs Frame, Even Realities G1).
//! Each [`Driver`] only translates its device's wire format to the common
//! [`LinkEvent`](super::session::LinkEvent)s and [`Command`](super::session::Command)s, so the
//! generic [`Session`] (backoff, heartbeat timeout, events, reconnection) runs them all
//! unchanged. Byte formats, quirks and sources: `docs/protocol.md` and `docs/drivers.md`.
//!
//! - [`start`]: the one call the CLI, the demo and the FFI use to run a session for any
//!   family; [`driver`] and [`session_config`] are its parts.
//! - [`sightline`], [`openglass`], [`frame`], [`g1`]: the four drivers.
//! - [`PhoneSpeech`]: transcripts from the phone's own recognizer, for glasses that stream
//!   audio only, merged into the link's event stream.
//! - `ble` (feature `ble`): one btleplug connector for every family.
//! - `sim` (feature `sim`): a simulated peripheral per family on one simulated radio, and
//!   `sim::simulated`, everything a session needs for a simulated pair of glasses.

#[cfg(feature = "ble")]
pub mod ble;
pub mod frame;
pub mod g1;
pub mod g1_notify;
pub mod openglass;
mod photos;
#[cfg(test)]
mod proptests;
pub mod sightline;
#[cfg(feature = "sim")]
pub mod sim;
mod speech;
mod wire;

pub use frame::FrameDriver;
pub use g1::G1Driver;
pub use openglass::OpenGlassDriver;
pub use sightline::SightlineDriver;
pub use speech::{PhoneSpeech, PhoneSpeechFeed};
pub use wire::WireError;

use std::sync::Arc;
use std::time::Duration;

use super::LinkError;
use super::device::{Capabilities, Family};
use super::keys;
use super::protocol::message::Battery;
use super::session::{
    Driver, DriverIo, LinkEvent, LinkHandle, Session, SessionConfig, Signal, Target,
};
use super::transport::Connector;
use crate::store::Store;

/// The driver for `family` talking to device `device_id`. Sightline's carries the phone's
/// identity and the key stored when `device_id` was paired (without one, it pairs); the
/// others take `speech`, the phone recognizer's transcripts of the glasses' audio.
pub fn driver(
    family: Family,
    store: &Store,
    device_id: &str,
    speech: Option<PhoneSpeech>,
) -> Result<Box<dyn Driver>, LinkError> {
    Ok(match family {
        Family::Sightline => {
            let identity = keys::phone_identity(store)?;
            let paired = keys::paired_key(store, device_id)?;
            if paired.is_none() {
                keys::may_pair(store, device_id)?;
            }
            Box::new(SightlineDriver::new(identity, paired))
        }
        Family::OpenGlass => Box::new(OpenGlassDriver::new(speech)),
        Family::Frame => Box::new(FrameDriver::new(speech)),
        Family::G1 => Box::new(G1Driver::new(speech)),
    })
}

/// Session timing suited to `family`. The G1 answers only the phone's heartbeats (every 4 s),
/// so its silence timeout is longer than the 5 s default.
pub fn session_config(family: Family) -> SessionConfig {
    match family {
        Family::G1 => SessionConfig {
            heartbeat_timeout: Duration::from_secs(10),
            ..SessionConfig::default()
        },
        _ => SessionConfig::default(),
    }
}

/// Starts a session with glasses `target` of `family`, reached through `connector`, on the
/// current tokio runtime: the one way the CLI, the demo and the FFI connect to any family.
/// Reads the phone's keys and the pairing back-off from `store` before it returns: call it
/// from the blocking pool (`tokio::task::spawn_blocking`, where the runtime is still current)
/// or a thread of its own, not from an async worker; the session's own store writes run on
/// the blocking pool.
pub fn start(
    family: Family,
    target: Target,
    connector: Arc<dyn Connector>,
    store: &Arc<Store>,
    speech: Option<PhoneSpeech>,
) -> Result<LinkHandle, LinkError> {
    let driver = driver(family, store, &target.id, speech)?;
    Ok(Session::start(
        target,
        connector,
        driver,
        store.clone(),
        session_config(family),
    ))
}

/// Publishes a connected device's `Hello` and `Capabilities` and marks the link ready: what
/// every driver does once its device answered.
pub(crate) fn announce(caps: &Capabilities, name: &str, battery: Battery, io: &mut DriverIo) {
    // Capabilities first: an insecure-link warning is shown before "connected".
    io.events.push(LinkEvent::Capabilities(*caps));
    io.events
        .push(LinkEvent::Hello(caps.to_hello(name, battery)));
    io.signals.push(Signal::Ready);
}
