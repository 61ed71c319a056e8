//! How the link recovers from lost packets, packet by packet: a lost chunk is asked for as soon
//! as the gap shows, a lost stream announcement wastes nothing, a lost request is sent again
//! long before the stall timeout, a lost Hello is asked for again, late copies of a finished
//! stream are dropped.

// A test crate: helpers outside `#[test]` functions may panic on setup failures too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use sightline_core::link::protocol::packet::{FragmentClass, Packet};
use sightline_core::link::session::{Driver, LinkEvent, Signal};
use support::link_pump::{Pump, paired_pump};

mod support;

fn image() -> Vec<u8> {
    (0..30_000u32).map(|i| (i * 31 % 251) as u8).collect()
}

/// A paired, connected pump that is ready for frames, and the number of packets sent so far.
fn ready_pump() -> (Pump, usize) {
    let mut pump = paired_pump(image());
    pump.connect();
    pump.run(|_, p| vec![p]);
    assert!(pump.signals.contains(&Signal::Ready));
    let sent = pump.sent_by_glasses.len();
    (pump, sent)
}

fn chunk_index(packet: &[u8]) -> Option<u16> {
    match Packet::decode(packet) {
        Ok(Packet::Chunk { index, .. }) => Some(index),
        _ => None,
    }
}

fn is_sealed(packet: &[u8]) -> bool {
    matches!(
        Packet::decode(packet),
        Ok(Packet::Fragment {
            class: FragmentClass::Sealed,
            ..
        })
    )
}

/// Chunk indices the glasses sent after `from`, in order.
fn chunks_sent(pump: &Pump, from: usize) -> Vec<u16> {
    pump.sent_by_glasses[from..]
        .iter()
        .filter_map(|p| chunk_index(p))
        .collect()
}

#[test]
fn a_lost_chunk_is_asked_for_when_the_next_one_shows_the_gap() {
    let (mut pump, from) = ready_pump();
    pump.request_frame(1, false);
    let mut dropped = false;
    pump.run(|_, p| match chunk_index(&p) {
        Some(5) if !dropped => {
            dropped = true;
            vec![]
        }
        _ => vec![p],
    });
    assert_eq!(pump.frames(), vec![image()]);
    let sent = chunks_sent(&pump, from);
    let first_pass = sent.iter().take_while(|i| **i != 5).count() + 1;
    let count = sent.iter().filter(|i| **i != 5).count() + 1;
    // Every chunk once in order, then chunk 5 again: the resend rides on the same round.
    let mut expected: Vec<u16> = (0..count as u16).collect();
    expected.push(5);
    assert_eq!(sent, expected, "first pass of {first_pass}");
    // Between the last first-pass chunk and the resend the glasses sent nothing: no
    // end-of-round marker and status were needed to find the loss.
    let packets = &pump.sent_by_glasses[from..];
    let last = packets
        .iter()
        .position(|p| chunk_index(p) == Some(count as u16 - 1))
        .unwrap();
    assert_eq!(chunk_index(&packets[last + 1]), Some(5));
    assert_eq!(pump.phone.stats().chunks_requested, 1);
}

#[test]
fn a_lost_stream_announcement_costs_no_resend() {
    let (mut pump, from) = ready_pump();
    pump.request_frame(1, false);
    // Hold each sealed packet until the next one shows whether it announced the stream
    // (chunk 0 follows the announcement); drop that one announcement.
    let mut held: Option<Vec<u8>> = None;
    let mut dropped = false;
    pump.run(|_, p| {
        if is_sealed(&p) {
            return held.replace(p).into_iter().collect();
        }
        let before = held.take();
        if chunk_index(&p) == Some(0) && !dropped && before.is_some() {
            dropped = true;
            return vec![p];
        }
        before.into_iter().chain([p]).collect()
    });
    assert!(dropped);
    assert_eq!(pump.frames(), vec![image()]);
    // The chunks that came before the announcement were kept and used: none was sent twice.
    let sent = chunks_sent(&pump, from);
    let unique: std::collections::BTreeSet<u16> = sent.iter().copied().collect();
    assert_eq!(sent.len(), unique.len(), "{sent:?}");
    assert_eq!(pump.phone.stats().chunks_requested, 0);
}

#[test]
fn a_lost_request_is_sent_again_well_before_the_stall_timeout() {
    let (mut pump, _) = ready_pump();
    let asked = pump.now;
    pump.request_frame(1, true);
    pump.run(|_, p| vec![p]);
    let frame = pump
        .events
        .iter()
        .find_map(|e| match e {
            LinkEvent::Frame(f) => Some(f.clone()),
            _ => None,
        })
        .expect("the frame arrived");
    assert_eq!(&frame.jpeg[..], &image()[..]);
    let took = frame.received_at - asked.into_std();
    // Resent after 500 ms without an announcement, then about 30 KB at MTU 185 (a single
    // pump step sends everything queued, so the transfer itself takes one step).
    assert!(took < Duration::from_millis(700), "took {took:?}");
}

#[test]
fn a_lost_hello_is_asked_for_again() {
    let mut pump = paired_pump(image());
    pump.connect();
    // The first sealed message after the KK handshake is the glasses' Hello: lose it.
    let mut dropped = false;
    pump.run(|_, p| {
        if is_sealed(&p) && !dropped {
            dropped = true;
            return vec![];
        }
        vec![p]
    });
    assert!(pump.signals.contains(&Signal::Ready));
    let hellos: Vec<_> = pump
        .events
        .iter()
        .filter_map(|e| match e {
            LinkEvent::Hello(h) => Some(h.display_width),
            _ => None,
        })
        .collect();
    assert_eq!(hellos, vec![640], "one Hello with the glasses' display");
}

#[test]
fn late_chunks_of_a_finished_stream_do_not_leak_into_the_next_stream_with_its_id() {
    let small: Vec<u8> = (0..2_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut pump = paired_pump(small.clone());
    pump.connect();
    pump.run(|_, p| vec![p]);
    let from = pump.sent_by_glasses.len();
    pump.request_frame(1, false);
    pump.run(|_, p| vec![p]);
    // Chunks of stream 0 arriving again after the frame completed (late copies).
    let late: Vec<Vec<u8>> = pump.sent_by_glasses[from..]
        .iter()
        .filter(|p| chunk_index(p).is_some())
        .cloned()
        .collect();
    assert!(!late.is_empty());
    for p in &late {
        pump.deliver_to_phone(p);
    }
    // Stream ids are one byte: the 257th stream of this connection is stream 0 again.
    for id in 2..=257 {
        pump.request_frame(id, false);
        pump.run(|_, p| vec![p]);
    }
    assert_eq!(pump.frames().len(), 257);
    assert!(pump.frames().iter().all(|f| *f == small));
    // Nothing old was fed to the new stream's segments (it would fail as a replay or forgery).
    let stats = pump.phone.stats();
    assert_eq!((stats.forged, stats.replayed), (0, 0), "{stats:?}");
    assert_eq!(stats.chunks_requested, 0, "{stats:?}");
}
