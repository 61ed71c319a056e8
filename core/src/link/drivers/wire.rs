//! The one error type of the drivers' decoders.

/// Bytes from a device that do not follow its wire format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    /// An empty packet.
    #[error("empty packet")]
    Empty,
    /// A packet shorter than its header.
    #[error("{what}: {len} bytes is too short")]
    Short {
        /// What was being decoded.
        what: &'static str,
        /// The length received.
        len: usize,
    },
    /// A channel the family does not use.
    #[error("unknown channel {0}")]
    UnknownChannel(u8),
    /// A value that cannot be right.
    #[error("{0}")]
    Invalid(String),
}
