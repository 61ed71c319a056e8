//! Talking to the glasses: the Sightline protocol, secure pairing, reconnecting sessions,
//! simulated glasses and the btleplug transport. Byte layouts are in `docs/protocol.md`.
//!
//! - [`device`]: what a pair of glasses is: its [`device::Family`] and the
//!   [`device::Capabilities`] it reports (a leaf every other part names).
//! - [`gatt`]: each family's GATT services and characteristics, and the channel byte that
//!   lets several characteristics share one transport.
//! - [`protocol`]: the Sightline protocol's pure codec (packets, messages, frame chunking and
//!   reassembly).
//! - [`secure`]: Noise XX pairing with a comparison code, KK reconnection, sealed messages
//!   with explicit counters and a replay window.
//! - [`transport`]: the object-safe [`transport::Transport`] / [`transport::Connector`]
//!   traits a BLE stack implements (btleplug here, Kotlin/Swift through the FFI crate).
//! - [`session`]: the reconnecting state machine, generic over a [`session::Driver`] and
//!   knowing no family; its [`session::LinkHandle`] is what the Companion loop uses.
//! - [`drivers`]: one driver per family, Sightline among equals, [`drivers::start`] to run
//!   any of them, the btleplug connector (feature `ble`) and the simulated glasses of every
//!   family (feature `sim`).

pub mod audio;
pub mod device;
pub mod drivers;
pub mod gatt;
pub mod keys;
pub mod protocol;
pub mod secure;
pub mod session;
pub mod transport;

use thiserror::Error;

/// A failure of the glasses link.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    /// Bytes that do not follow the protocol.
    #[error(transparent)]
    Protocol(#[from] protocol::ProtocolError),
    /// The secure layer refused something.
    #[error(transparent)]
    Secure(#[from] secure::SecureError),
    /// The BLE stack failed.
    #[error(transparent)]
    Transport(#[from] transport::TransportError),
    /// The glasses do not know this phone: pair again.
    #[error("the glasses are not paired with this phone; pair them again")]
    NotPaired,
    /// The glasses did not prove the key stored at pairing (another device or an impostor).
    #[error("the glasses failed authentication: {0}")]
    AuthenticationFailed(String),
    /// The glasses answered with another static key than the one stored at pairing, after
    /// repeated reconnections with the stored key failed: other glasses, reset glasses, or an
    /// impostor. Re-pairing (with the code comparison) is the only way on.
    #[error(
        "WARNING: the glasses' key has changed — these may not be your glasses, or someone nearby is impersonating them"
    )]
    KeyChanged,
    /// The pairing codes were not confirmed on one side.
    #[error("pairing was not confirmed")]
    PairingRejected,
    /// Too many pairing codes with these glasses went unconfirmed: the next attempt waits.
    #[error("too many pairing attempts; try again in {wait_s} s")]
    PairingThrottled {
        /// Seconds until the next attempt may start.
        wait_s: u64,
    },
    /// The glasses speak another protocol major version.
    #[error("the glasses speak protocol version {major}, this phone speaks 1")]
    IncompatibleVersion {
        /// The glasses' major version.
        major: u8,
    },
    /// The glasses reported an error.
    #[error("the glasses reported error {code}: {text}")]
    Peer {
        /// Error code.
        code: u16,
        /// Detail.
        text: String,
    },
    /// The glasses send microphone audio in a codec this build cannot decode (their audio
    /// is ignored; reported once per codec and connection).
    #[error("{family} glasses send audio in codec {codec}, which this phone cannot decode")]
    UnsupportedAudioCodec {
        /// The glasses family.
        family: &'static str,
        /// The codec (`opus`, `lc3`, or the id they named).
        codec: String,
    },
    /// A command needs a ready link.
    #[error("the link is not ready")]
    NotReady,
    /// Something took too long.
    #[error("timed out {0}")]
    Timeout(String),
    /// Reading or writing keys in the store failed.
    #[error("key store: {0}")]
    Store(String),
    /// The session has stopped.
    #[error("the link session has stopped")]
    Closed,
}
