//! The seam between the generic session (connection, backoff, heartbeat timeout, events) and
//! one glasses family's bytes. A driver is a sans-I/O state machine: the session feeds it
//! packets, commands and clock ticks, and it answers through a [`DriverIo`].
//!
//! Every glasses family, the Sightline reference protocol among them, implements it in
//! `link::drivers` and reuses everything else.

use tokio::time::Instant;

use super::events::{Command, LinkEvent, LinkStats};
use crate::link::LinkError;

/// What a driver asks the session to do besides sending packets and events.
#[derive(Debug, Clone, PartialEq)]
pub enum Signal {
    /// The link is secure and trusted: the session becomes `Ready`.
    Ready,
    /// First pairing completed: remember this peer key.
    Paired {
        /// The glasses' static public key.
        peer_static: Vec<u8>,
    },
    /// The pairing was forgotten: delete the device and stop.
    Forgotten,
    /// Drop this connection and try again (e.g. a handshake timed out).
    Reconnect(String),
    /// Stop: the user must act (wrong key, pairing refused, incompatible glasses).
    Fatal(LinkError),
}

/// A driver's outputs for one step, plus the current time.
#[derive(Debug)]
pub struct DriverIo {
    /// Now (tokio's clock, so tests can pause it).
    pub now: Instant,
    /// Packets to write, in order.
    pub packets: Vec<Vec<u8>>,
    /// Events to publish.
    pub events: Vec<LinkEvent>,
    /// Requests to the session.
    pub signals: Vec<Signal>,
}

impl DriverIo {
    /// An empty step at `now`.
    pub fn new(now: Instant) -> Self {
        Self {
            now,
            packets: Vec::new(),
            events: Vec::new(),
            signals: Vec::new(),
        }
    }
}

/// One glasses family's protocol.
pub trait Driver: Send {
    /// The family name stored with a paired device (`sightline`, `openglass`, …).
    fn family(&self) -> &'static str;
    /// What the platform reports about the connection about to open: encrypted with a bonded
    /// key, or not (or unknown). Called before [`Driver::on_connected`]. Families whose link
    /// has no authentication of its own take it as their `secure_link`; the Sightline
    /// protocol authenticates itself (Noise) and ignores it.
    fn on_link_encryption(&mut self, _encrypted: bool) {}
    /// A connection opened with this ATT MTU.
    fn on_connected(&mut self, att_mtu: usize, io: &mut DriverIo);
    /// One notification arrived.
    fn on_packet(&mut self, packet: &[u8], io: &mut DriverIo);
    /// The user asked for something (may arrive while disconnected: queue it).
    fn on_command(&mut self, command: Command, io: &mut DriverIo);
    /// Periodic tick for timers (heartbeats, retransmissions).
    fn on_tick(&mut self, io: &mut DriverIo);
    /// The connection dropped; keep what can be resumed.
    fn on_disconnected(&mut self, io: &mut DriverIo);
    /// Health counters.
    fn stats(&self) -> LinkStats;
}
