//! The Sightline glasses protocol v1 as a pure codec: no I/O, no clocks, no crypto of its own.
//!
//! Three layers, outermost first (byte layouts in `docs/protocol.md`):
//! - [`packet`]: one BLE write or notification. A packet is either a fragment of a message
//!   (handshake or sealed) or a numbered chunk of a camera-frame stream.
//! - [`message`]: what the two sides say to each other (hello, heartbeat, taps, frame requests,
//!   display cards …), carried sealed by [`crate::link::secure`] once the handshake is done.
//! - [`frame`]: how a JPEG becomes a stream of sealed segments cut into chunks, and how the
//!   receiver reassembles it, asks for only the missing chunks, and checks a CRC32 at the end.

pub mod frame;
pub mod message;
pub mod packet;
pub mod wire;

#[cfg(test)]
mod proptests;

use thiserror::Error;

/// Protocol major version: a peer with another major version is refused.
pub const PROTOCOL_MAJOR: u8 = 1;
/// Protocol minor version: a newer minor from the peer is accepted with a warning.
pub const PROTOCOL_MINOR: u8 = 0;

/// The GATT service every Sightline glasses advertise.
pub const SERVICE_UUID: &str = "5c1e0001-7a3f-4e2b-9d61-0c5f1a9e3b70";
/// Phone → glasses characteristic (write without response).
pub const WRITE_CHAR_UUID: &str = "5c1e0002-7a3f-4e2b-9d61-0c5f1a9e3b70";
/// Glasses → phone characteristic (notify).
pub const NOTIFY_CHAR_UUID: &str = "5c1e0003-7a3f-4e2b-9d61-0c5f1a9e3b70";

/// Smallest ATT MTU BLE allows.
pub const MIN_ATT_MTU: usize = 23;
/// Largest ATT MTU BLE allows.
pub const MAX_ATT_MTU: usize = 517;

/// Bytes of one packet for a negotiated ATT MTU (MTU − 3 for the ATT header), with the MTU
/// clamped to the 23..=517 range BLE allows.
pub fn packet_payload(att_mtu: usize) -> usize {
    att_mtu.clamp(MIN_ATT_MTU, MAX_ATT_MTU) - 3
}

/// Why bytes could not be decoded. Every decoder returns one of these instead of panicking.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProtocolError {
    /// The bytes ended before the named field.
    #[error("packet truncated at {what}")]
    Truncated {
        /// The field that was cut short.
        what: &'static str,
    },
    /// A field has a value the protocol does not allow.
    #[error("invalid value for {what}")]
    Invalid {
        /// The offending field.
        what: &'static str,
    },
    /// The packet is from another protocol major version.
    #[error("unsupported protocol major version {major}")]
    UnsupportedVersion {
        /// The major version found.
        major: u8,
    },
    /// A message type this build does not know (skipped with a warning: it may come from a
    /// newer minor version).
    #[error("unknown message type 0x{kind:02x}")]
    UnknownMessage {
        /// The type byte.
        kind: u8,
    },
    /// A message or frame is larger than the protocol can carry.
    #[error("{what} too large: {len} bytes, limit {limit}")]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// Its size.
        len: usize,
        /// The limit.
        limit: usize,
    },
}
