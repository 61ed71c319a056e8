//! Photo requests for glasses that send one whole photo per request and never resend a
//! piece (OpenGlass, Frame): one request in flight at a time, sent again when its photo is
//! dropped or stalls, reported lost after a few attempts.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

use crate::link::session::{CameraFrame, DriverIo, LinkEvent, LinkStats};

#[derive(Debug)]
struct Pending {
    quality: u8,
    sent_at: Option<Instant>,
    attempts: u32,
}

/// Waiting photo requests, oldest first.
#[derive(Debug)]
pub(crate) struct PhotoQueue {
    pending: BTreeMap<u32, Pending>,
    last_traffic: Option<Instant>,
    retry_after: Duration,
    max_attempts: u32,
}

/// True when `jpeg` starts with a JPEG start marker and ends with an end marker, i.e. no
/// piece at either end is missing.
pub(crate) fn is_whole_jpeg(jpeg: &[u8]) -> bool {
    jpeg.len() >= 4 && jpeg[..2] == [0xFF, 0xD8] && jpeg[jpeg.len() - 2..] == [0xFF, 0xD9]
}

impl PhotoQueue {
    /// A queue that asks again after `retry_after` without photo data, up to `max_attempts`.
    pub(crate) fn new(retry_after: Duration, max_attempts: u32) -> Self {
        Self {
            pending: BTreeMap::new(),
            last_traffic: None,
            retry_after,
            max_attempts,
        }
    }

    /// Queues a request.
    pub(crate) fn push(&mut self, request_id: u32, quality: u8) {
        self.pending.insert(
            request_id,
            Pending {
                quality,
                sent_at: None,
                attempts: 0,
            },
        );
    }

    /// The quality of the request to send now (marked sent), unless one is in flight.
    pub(crate) fn next_to_send(&mut self, now: Instant) -> Option<u8> {
        let head = self.pending.values_mut().next()?;
        if head.sent_at.is_some() {
            return None;
        }
        head.sent_at = Some(now);
        head.attempts += 1;
        self.last_traffic = Some(now);
        Some(head.quality)
    }

    /// Photo data arrived.
    pub(crate) fn traffic(&mut self, now: Instant) {
        self.last_traffic = Some(now);
    }

    /// True when a request is in flight and no photo data came for too long.
    pub(crate) fn stalled(&self, now: Instant) -> bool {
        let in_flight = self
            .pending
            .values()
            .next()
            .is_some_and(|p| p.sent_at.is_some());
        in_flight
            && self
                .last_traffic
                .is_some_and(|t| now.duration_since(t) > self.retry_after)
    }

    /// The in-flight photo was dropped: it will be sent again, or (after the last attempt)
    /// is reported lost.
    pub(crate) fn failed(&mut self, reason: &str, io: &mut DriverIo, stats: &mut LinkStats) {
        let Some(mut entry) = self.pending.first_entry() else {
            return;
        };
        if entry.get().attempts >= self.max_attempts {
            let request_id = *entry.key();
            entry.remove();
            stats.frames_lost += 1;
            io.events.push(LinkEvent::FrameLost {
                request_id,
                reason: format!(
                    "no intact photo after {} attempts: {reason}",
                    self.max_attempts
                ),
            });
        } else {
            entry.get_mut().sent_at = None;
        }
    }

    /// A whole photo arrived for the in-flight request: publishes it. An unrequested photo
    /// (interval capture) is ignored.
    pub(crate) fn complete(&mut self, jpeg: Vec<u8>, io: &mut DriverIo, stats: &mut LinkStats) {
        let Some((request_id, pending)) = self.pending.pop_first() else {
            return;
        };
        stats.frames += 1;
        io.events.push(LinkEvent::Frame(CameraFrame {
            request_id,
            frame_id: request_id,
            jpeg: Arc::from(jpeg),
            quality: pending.quality,
            roi: None,
            received_at: std::time::Instant::now(),
        }));
    }

    /// The connection dropped: the in-flight request is sent again on the next connection.
    pub(crate) fn disconnected(&mut self) {
        if let Some(head) = self.pending.values_mut().next() {
            head.sent_at = None;
        }
    }
}
