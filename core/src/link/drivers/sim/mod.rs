//! Simulated peripherals for every family on the shared simulated radio
//! ([`crate::link::sim::SimGlasses`]), and [`simulated`]: everything `Session::start` needs
//! for a simulated pair of glasses of any family, plus a [`SimDevice`] handle to play the
//! wearer's side (a tap, speech, walking out of range).

mod frame;
mod g1;
mod lua;
mod openglass;

pub use frame::FrameSim;
pub use g1::G1Sim;
pub use openglass::OpenGlassSim;

use std::sync::Arc;

use super::{Family, PhoneSpeech, PhoneSpeechFeed, driver};
use crate::link::LinkError;
use crate::link::keys;
use crate::link::protocol::message::{Gesture, Message, RenderCommand, Transcript};
use crate::link::session::{Driver, LinkHandle, Session, SessionConfig, SightlineDriver, Target};
use crate::link::sim::{GlassesProfile, LinkModel, SimGlasses};
use crate::link::transport::Connector;
use crate::store::Store;

/// A simulated device of one family, as the wearer would handle it.
#[derive(Debug, Clone)]
pub enum SimDevice {
    /// Sightline glasses.
    Sightline(SimGlasses),
    /// An OpenGlass, and the phone recognizer's feed for its audio.
    OpenGlass(SimGlasses<OpenGlassSim>, PhoneSpeechFeed),
    /// A Frame, and the phone recognizer's feed for its audio.
    Frame(SimGlasses<FrameSim>, PhoneSpeechFeed),
    /// A G1, and the phone recognizer's feed for its audio.
    G1(SimGlasses<G1Sim>, PhoneSpeechFeed),
}

/// Runs `$body` with `$g` bound to whichever `SimGlasses` the device holds.
macro_rules! each {
    ($device:expr, $g:ident => $body:expr) => {
        match $device {
            SimDevice::Sightline($g) => $body,
            SimDevice::OpenGlass($g, _) => $body,
            SimDevice::Frame($g, _) => $body,
            SimDevice::G1($g, _) => $body,
        }
    };
}

impl SimDevice {
    /// The family.
    pub fn family(&self) -> Family {
        match self {
            SimDevice::Sightline(_) => Family::Sightline,
            SimDevice::OpenGlass(..) => Family::OpenGlass,
            SimDevice::Frame(..) => Family::Frame,
            SimDevice::G1(..) => Family::G1,
        }
    }

    /// The wearer taps the glasses (OpenGlass has no touch input: nothing happens).
    pub fn tap(&self) {
        match self {
            SimDevice::Sightline(g) => g.play(Message::Gesture(Gesture::Tap)),
            SimDevice::OpenGlass(..) => {}
            SimDevice::Frame(g, _) => g.with_engine(FrameSim::tap),
            SimDevice::G1(g, _) => g.with_engine(G1Sim::tap),
        }
    }

    /// The wearer double-taps (the confirmation gesture). Returns false for glasses without
    /// touch input (OpenGlass): the wearer confirms in the phone app instead.
    pub fn double_tap(&self) -> bool {
        match self {
            SimDevice::Sightline(g) => g.play(Message::Gesture(Gesture::DoubleTap)),
            SimDevice::OpenGlass(..) => return false,
            SimDevice::Frame(g, _) => g.with_engine(FrameSim::double_tap),
            SimDevice::G1(g, _) => g.with_engine(G1Sim::double_tap),
        }
        true
    }

    /// True when the device has a camera (a G1 has none).
    pub fn has_camera(&self) -> bool {
        !matches!(self, SimDevice::G1(..))
    }

    /// What the camera sees from now on (JPEG bytes, in turn); nothing for a G1 (no camera).
    pub fn set_images(&self, images: Vec<Vec<u8>>) {
        match self {
            SimDevice::Sightline(g) => g.with_engine(|e| e.set_images(images)),
            SimDevice::OpenGlass(g, _) => g.with_engine(|e| e.set_images(images)),
            SimDevice::Frame(g, _) => g.with_engine(|e| e.set_images(images)),
            SimDevice::G1(..) => {}
        }
    }

    /// The wearer says `text`. Sightline glasses send the transcript themselves; the other
    /// families send microphone audio and the phone's recognizer (simulated by the feed)
    /// produces the transcript.
    pub fn say(&self, text: &str) {
        let transcript = Transcript {
            text: text.to_string(),
            is_final: true,
        };
        match self {
            SimDevice::Sightline(g) => g.play(Message::Transcript(transcript)),
            SimDevice::OpenGlass(_, feed) => feed.push(transcript),
            SimDevice::Frame(g, feed) => {
                g.with_engine(|e| e.speak(text.len()));
                feed.push(transcript);
            }
            SimDevice::G1(g, feed) => {
                g.with_engine(|e| e.speak(text.len()));
                feed.push(transcript);
            }
        }
    }

    /// What the display shows now, one string per text line (empty without a display).
    pub fn shown_text(&self) -> Vec<String> {
        match self {
            SimDevice::Sightline(g) => g.with_engine(|e| {
                e.display_log()
                    .last()
                    .map(|card| {
                        card.commands
                            .iter()
                            .filter_map(|c| match c {
                                RenderCommand::Text { text, .. } => Some(text.clone()),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            }),
            SimDevice::OpenGlass(..) => Vec::new(),
            SimDevice::Frame(g, _) => g.with_engine(|e| e.shown_text()),
            SimDevice::G1(g, _) => g.with_engine(|e| e.shown_text()),
        }
    }

    /// Drops the current connection now (as walking out of range would).
    pub fn force_disconnect(&self) {
        each!(self, g => g.force_disconnect())
    }

    /// Makes connection attempts fail (out of range) or succeed again.
    pub fn set_reachable(&self, reachable: bool) {
        each!(self, g => g.set_reachable(reachable))
    }

    /// Connections opened so far.
    pub fn connections(&self) -> u64 {
        each!(self, g => g.connections())
    }
}

/// Everything `Session::start` needs for a simulated device, and the device's handle.
pub struct SimulatedGlasses {
    /// The device id and name.
    pub target: Target,
    /// Reaches the simulated device.
    pub connector: Arc<dyn Connector>,
    /// The family's driver.
    pub driver: Box<dyn Driver>,
    /// Session timing suited to the family ([`Family::session_config`]).
    pub config: SessionConfig,
    /// The wearer's side.
    pub device: SimDevice,
}

impl SimulatedGlasses {
    /// Starts the session on the current tokio runtime.
    pub fn start(self, store: Arc<Store>) -> (LinkHandle, SimDevice) {
        let link = Session::start(self.target, self.connector, self.driver, store, self.config);
        (link, self.device)
    }
}

/// A simulated device of `family` whose camera sees `images` (JPEG bytes, in turn), on the
/// default link model. Sightline glasses use the phone identity and any pairing in `store`
/// (without one they pair: answer `LinkEvent::PairingCode` with `confirm_pairing(true)`).
pub fn simulated(
    family: Family,
    images: Vec<Vec<u8>>,
    store: &Arc<Store>,
) -> Result<SimulatedGlasses, LinkError> {
    let target = Target {
        id: format!("sim-{family}"),
        name: format!("Simulated {family}"),
    };
    let model = LinkModel::default();
    let (feed, speech) = PhoneSpeech::channel();
    let (connector, device): (Arc<dyn Connector>, SimDevice) = match family {
        Family::Sightline => {
            let glasses = SimGlasses::new(GlassesProfile::default(), images, model)?;
            (glasses.connector(), SimDevice::Sightline(glasses))
        }
        Family::OpenGlass => {
            let glasses = SimGlasses::with_peripheral(OpenGlassSim::new(images), model);
            (glasses.connector(), SimDevice::OpenGlass(glasses, feed))
        }
        Family::Frame => {
            let glasses = SimGlasses::with_peripheral(FrameSim::new(images), model);
            (glasses.connector(), SimDevice::Frame(glasses, feed))
        }
        Family::G1 => {
            let glasses = SimGlasses::with_peripheral(G1Sim::new(), model);
            (glasses.connector(), SimDevice::G1(glasses, feed))
        }
    };
    let driver = match driver(family, Some(speech)) {
        Some(driver) => driver,
        None => Box::new(SightlineDriver::new(
            keys::phone_identity(store)?,
            keys::paired_key(store, &target.id)?,
        )),
    };
    Ok(SimulatedGlasses {
        target,
        connector,
        driver,
        config: family.session_config(),
        device,
    })
}
