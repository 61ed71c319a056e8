//! The device side of a simulated connection: what [`super::SimGlasses`] drives every
//! connection event. The Sightline [`GlassesEngine`] is one; the other glasses families'
//! simulated peripherals (the sibling modules) are others, so every family runs over the same
//! simulated radio (MTU, connection interval, notifications per event, loss, drops).

use std::time::Duration;
use tokio::time::Instant;

use super::sightline::GlassesEngine;
use crate::link::protocol::packet_payload;

/// A simulated peripheral's protocol engine.
pub trait Peripheral: Send + std::fmt::Debug + 'static {
    /// A connection opened with this ATT MTU and connection interval (a peripheral knows the
    /// negotiated parameters; timers can follow them); returns its generation (passed back on
    /// drop).
    fn on_connect(&mut self, att_mtu: usize, interval: Duration, now: Instant) -> u64;
    /// Connection `generation` ended.
    fn on_disconnect(&mut self, generation: u64);
    /// The next notification to send in this connection event, if any.
    fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>>;
    /// One write from the phone arrived.
    fn on_packet(&mut self, bytes: &[u8], now: Instant);
    /// Longest write the phone may send at this ATT MTU.
    fn max_write(&self, att_mtu: usize) -> usize {
        packet_payload(att_mtu)
    }
    /// `Some(reason)` when the device itself drops the connection now (e.g. a missed
    /// keep-alive).
    fn wants_disconnect(&mut self, _now: Instant) -> Option<String> {
        None
    }
}

impl Peripheral for GlassesEngine {
    fn on_connect(&mut self, att_mtu: usize, interval: Duration, now: Instant) -> u64 {
        GlassesEngine::on_connect(self, att_mtu, interval, now)
    }

    fn on_disconnect(&mut self, generation: u64) {
        GlassesEngine::on_disconnect(self, generation);
    }

    fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>> {
        GlassesEngine::poll_transmit(self, now)
    }

    fn on_packet(&mut self, bytes: &[u8], now: Instant) {
        GlassesEngine::on_packet(self, bytes, now);
    }
}
