//! Simulated glasses of every family, for the tests, the benchmarks and the demo: one
//! simulated radio ([`SimGlasses`] with a [`LinkModel`]) and a simulated peripheral per family
//! that speaks its bytes exactly, and [`simulated`]: everything a session needs for a
//! simulated pair of glasses of any family, plus a [`SimDevice`] handle to play the wearer's
//! side (a tap, speech, walking out of range).

mod adversary;
mod frame;
mod g1;
mod lua;
mod openglass;
mod peripheral;
mod radio;
mod sightline;

pub use adversary::{
    ADVERSARY_INTERVAL, ADVERSARY_MTU, AdversarialRadio, Direction, Policy, Verdict,
};
pub use frame::FrameSim;
pub use g1::G1Sim;
pub use openglass::{OpenGlassSim, length_prefixed_packets};
pub use peripheral::Peripheral;
pub use radio::{LinkModel, SimGlasses};
pub use sightline::{GlassesEngine, GlassesProfile, GlassesStats};

use std::sync::Arc;

use super::{PhoneSpeech, PhoneSpeechFeed};
use crate::link::LinkError;
use crate::link::device::Family;
use crate::link::protocol::message::{Gesture, Message, RenderCommand, Transcript};
use crate::link::session::{LinkHandle, Target};
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

    /// The wearer speaks: `pcm` (16-bit mono at 16 kHz) goes out as the glasses' microphone
    /// audio — µ-law blocks over the Sightline protocol — and is recognised on the phone.
    /// Returns false for the other families, whose simulators have no speech of their own
    /// here (use [`SimDevice::say`]).
    pub fn say_audio(&self, pcm: &[i16]) -> bool {
        let SimDevice::Sightline(g) = self else {
            return false;
        };
        for packet in crate::link::audio::sightline::packets(pcm, 0) {
            g.play(Message::Audio(packet));
        }
        true
    }

    /// The wearer speaks on an Even G1: `lc3` (40-byte LC3 frames at 16 kHz, as its encoder
    /// makes them) goes out as the glasses' `F1` microphone packets between the touch bar's
    /// start and stop events, and is recognised on the phone. Returns false for the other
    /// families.
    pub fn say_lc3(&self, lc3: &[u8]) -> bool {
        let SimDevice::G1(g, _) = self else {
            return false;
        };
        g.with_engine(|e| e.speak_lc3(lc3));
        true
    }

    /// The wearer speaks on an OpenGlass/omiGlass: `packets` (Opus, as the firmware's encoder
    /// makes them in `codec` 20 or 21) go out one a notification, and are recognised on the
    /// phone. Returns false for the other families.
    pub fn say_opus(&self, packets: &[Vec<u8>], codec: u8) -> bool {
        let SimDevice::OpenGlass(g, _) = self else {
            return false;
        };
        g.with_engine(|e| e.speak_opus(packets, codec));
        true
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

    /// The phone notifications the glasses showed with their own notification command
    /// (only the G1 has one), as they decoded them.
    pub fn notifications(&self) -> Vec<crate::link::drivers::g1_notify::NcsNotification> {
        match self {
            SimDevice::G1(g, _) => g.with_engine(|e| e.notifications().to_vec()),
            SimDevice::Sightline(_) | SimDevice::OpenGlass(..) | SimDevice::Frame(..) => Vec::new(),
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

    /// Whether the phone's stack reports the next connections encrypted with a bonded key
    /// (see [`SimGlasses::set_bonded`]).
    pub fn set_bonded(&self, bonded: bool) {
        each!(self, g => g.set_bonded(bonded))
    }
}

/// A simulated device ready to be connected to: what [`super::start`] needs, and the
/// wearer's side of the device.
pub struct SimulatedGlasses {
    /// The family.
    pub family: Family,
    /// The device id (the key of its pairing in the store) and name; change it before
    /// [`SimulatedGlasses::start`] to pair under another id.
    pub target: Target,
    /// Reaches the simulated device.
    pub connector: Arc<dyn Connector>,
    /// The phone recognizer's transcripts of the device's audio (families that send audio).
    pub speech: Option<PhoneSpeech>,
    /// The wearer's side.
    pub device: SimDevice,
}

impl SimulatedGlasses {
    /// Starts the session with the family's driver on the current tokio runtime (Sightline
    /// glasses use the phone identity and any pairing of `target.id` in `store`; without one
    /// they pair: answer `LinkEvent::PairingCode` with `confirm_pairing(true)`).
    pub fn start(self, store: &Arc<Store>) -> Result<(LinkHandle, SimDevice), LinkError> {
        let link = super::start(self.family, self.target, self.connector, store, self.speech)?;
        Ok((link, self.device))
    }
}

/// A simulated device of `family` whose camera sees `images` (JPEG bytes, in turn), on the
/// default link model, under the id `sim-<family>`. `profile` shapes Sightline glasses (name,
/// display and camera size); the other families simulate their own fixed hardware.
pub fn simulated(
    family: Family,
    profile: GlassesProfile,
    images: Vec<Vec<u8>>,
) -> Result<SimulatedGlasses, LinkError> {
    let target = Target {
        id: format!("sim-{family}"),
        name: format!("Simulated {family}"),
    };
    let model = LinkModel::default();
    let (feed, speech) = PhoneSpeech::channel();
    let (connector, device): (Arc<dyn Connector>, SimDevice) = match family {
        Family::Sightline => {
            let glasses = SimGlasses::new(profile, images, model)?;
            (glasses.connector(), SimDevice::Sightline(glasses))
        }
        Family::OpenGlass => {
            let glasses = SimGlasses::with_peripheral(OpenGlassSim::new(images), model);
            (glasses.connector(), SimDevice::OpenGlass(glasses, feed))
        }
        // A Frame and a G1 are bonded with the phone as the platform pairs them; an OpenGlass
        // never bonds. `SimDevice::set_bonded(false)` simulates a Frame or G1 that is not.
        Family::Frame => {
            let glasses = SimGlasses::with_peripheral(FrameSim::new(images), model);
            glasses.set_bonded(true);
            (glasses.connector(), SimDevice::Frame(glasses, feed))
        }
        Family::G1 => {
            let glasses = SimGlasses::with_peripheral(G1Sim::new(), model);
            glasses.set_bonded(true);
            (glasses.connector(), SimDevice::G1(glasses, feed))
        }
    };
    Ok(SimulatedGlasses {
        family,
        target,
        connector,
        speech: (family != Family::Sightline).then_some(speech),
        device,
    })
}
