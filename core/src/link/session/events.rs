//! What the link tells its user and what its user asks of it.

use std::sync::Arc;
use std::time::Duration;

use crate::link::LinkError;
use crate::link::protocol::message::{
    Battery, DisplayCard, Gesture, Hello, ImuSample, Roi, Transcript,
};

/// Where the session is in its life. Serialised for apps as `{"state": "reconnecting",
/// "attempt": 2, "delay_ms": 1200}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LinkState {
    /// Looking for the glasses (first connection).
    Scanning,
    /// Opening a connection.
    Connecting,
    /// Connected, running the handshake (and, on first pairing, waiting for the code check).
    Pairing,
    /// Secure and trusted: frames, cards and events flow.
    Ready,
    /// The link dropped or an attempt failed; the next attempt starts after `delay`.
    Reconnecting {
        /// 1 for the first retry after a drop.
        attempt: u32,
        /// Backoff before the attempt.
        #[serde(rename = "delay_ms", with = "millis")]
        delay: Duration,
    },
    /// Stopped for good (shut down, forgotten, or a failure that needs the user).
    Stopped,
}

/// A `Duration` as whole milliseconds in serialised form.
mod millis {
    use serde::{Deserialize, Deserializer, Serializer};
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        u64::deserialize(d).map(Duration::from_millis)
    }
}

/// A complete camera frame: every segment authenticated, CRC32 checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CameraFrame {
    /// The request it answers.
    pub request_id: u32,
    /// The glasses' id for the frame.
    pub frame_id: u32,
    /// The JPEG bytes (kept in memory only).
    pub jpeg: Arc<[u8]>,
    /// JPEG quality (0 = the camera's default).
    pub quality: u8,
    /// The region it shows (`None` = whole scene).
    pub roi: Option<Roi>,
    /// When the last chunk arrived (the glance-to-card clock starts here).
    pub received_at: std::time::Instant,
}

/// Something that happened on the link.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkEvent {
    /// The session changed state.
    State(LinkState),
    /// First pairing: show this code and ask the user whether the glasses show the same;
    /// answer with [`super::LinkHandle::confirm_pairing`].
    PairingCode(String),
    /// The glasses' capabilities (after every connection).
    Hello(Hello),
    /// What the connected glasses can do, including whether the link is encrypted (after
    /// every connection; see [`crate::link::device::Capabilities::warning`]).
    Capabilities(crate::link::device::Capabilities),
    /// Battery changed.
    Battery(Battery),
    /// A camera frame arrived.
    Frame(CameraFrame),
    /// A requested frame will not arrive.
    FrameLost {
        /// The request.
        request_id: u32,
        /// Why.
        reason: String,
    },
    /// A gesture on the glasses.
    Gesture(Gesture),
    /// An IMU sample.
    Imu(ImuSample),
    /// Speech text.
    Transcript(Transcript),
    /// Microphone audio, decoded (silence where packets were lost).
    Audio(crate::link::audio::AudioChunk),
    /// The glasses said the utterance is complete (talk button released).
    AudioEnd,
    /// Something went wrong (the session keeps going unless it also reports `Stopped`).
    Error(LinkError),
    /// This subscriber fell behind and missed `missed` events (never sent by a driver).
    Lagged {
        /// How many events were skipped.
        missed: u64,
    },
}

impl crate::subscription::Lagging for LinkEvent {
    fn lagged(missed: u64) -> Self {
        LinkEvent::Lagged { missed }
    }
}

/// A phone notification for the glasses, already chosen and shortened by the companion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Id of this notice (wraps).
    pub id: u32,
    /// The posting app's id (Android package).
    pub app_id: String,
    /// The app's name as shown.
    pub app_name: String,
    /// The title, shortened to the display.
    pub title: String,
    /// The first line of the text, shortened to the display.
    pub line: String,
    /// When the phone posted it, Unix seconds.
    pub posted_at_s: i64,
}

/// What the user of the link asks a driver to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Capture and send a frame.
    RequestFrame {
        /// Chosen by the handle; echoed in the frame event.
        request_id: u32,
        /// JPEG quality 1..=100, or 0 for the glasses' default.
        quality: u8,
        /// Crop to this region.
        roi: Option<Roi>,
    },
    /// Show a card.
    ShowCard(DisplayCard),
    /// Speak text aloud on the glasses.
    Speak(String),
    /// Show a phone notification with the family's own notification command (only families
    /// that have one are sent this; see `Family::has_notification_command`).
    Notify(Notice),
    /// The user compared the pairing codes: `true` when they match.
    ConfirmPairing(bool),
    /// Forget the pairing on both sides.
    Forget,
}

/// Counters of the link's health, for diagnostics and the security tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LinkStats {
    /// Packets that did not decode.
    pub malformed: u64,
    /// Sealed messages or segments refused as forged or corrupted.
    pub forged: u64,
    /// Sealed messages refused as replays or stale.
    pub replayed: u64,
    /// Messages of unknown type skipped.
    pub unknown: u64,
    /// Frames delivered.
    pub frames: u64,
    /// Frames reported lost.
    pub frames_lost: u64,
    /// Chunks the phone asked to be sent again.
    pub chunks_requested: u64,
    /// Connections that reached `Ready`.
    pub sessions: u64,
    /// Unauthenticated handshake messages (Refused, Reply, Reveal) that arrived when no
    /// handshake was waiting for them: dropped, since anyone in radio range can send them.
    pub injected: u64,
    /// Identity probes after failed reconnections that found the paired glasses' own key
    /// (the failures were injected or forged): the link kept reconnecting.
    pub probes_same_key: u64,
}
