//! Opening sealed messages: arbitrary bytes, and a genuine sealed message with any bits
//! flipped, must be refused cleanly — never accepted, never a panic.
#![no_main]

use std::sync::{LazyLock, Mutex};

use libfuzzer_sys::fuzz_target;
use sightline_core::link::protocol::message::HandshakePattern;
use sightline_core::link::secure::{Handshake, SecureChannel, StaticKeypair};

/// The receiving end of an XX channel and one genuine message sealed for it. Built once: the
/// two handshakes cost far more than an open, and a refused open leaves the channel unchanged.
static RECEIVER: LazyLock<Mutex<Option<(SecureChannel, Vec<u8>)>>> =
    LazyLock::new(|| Mutex::new(channel()));

fn channel() -> Option<(SecureChannel, Vec<u8>)> {
    let a = StaticKeypair::from_bytes(&[1; 32], &[0; 32]).ok()?;
    let b = StaticKeypair::from_bytes(&[2; 32], &[0; 32]).ok()?;
    let mut i = Handshake::new(HandshakePattern::Xx, true, &a, None).ok()?;
    let mut r = Handshake::new(HandshakePattern::Xx, false, &b, None).ok()?;
    r.read(&i.write().ok()?).ok()?;
    i.read(&r.write().ok()?).ok()?;
    r.read(&i.write().ok()?).ok()?;
    let (rx, outcome) = r.finish().ok()?;
    i.accept_reveal(&outcome.reveal?).ok()?;
    let mut tx = i.finish().ok()?.0;
    let genuine = tx.seal(b"a frame request").ok()?;
    Some((rx, genuine))
}

fuzz_target!(|data: &[u8]| {
    let mut guard = RECEIVER.lock().unwrap_or_else(|p| p.into_inner());
    let Some((rx, genuine)) = guard.as_mut() else {
        return;
    };
    if data != genuine.as_slice() {
        assert!(rx.open(data).is_err(), "arbitrary bytes were accepted");
    }
    // Whatever the bytes, nothing opens as a segment: the only genuine payload is a message.
    assert!(
        rx.open_segment(1, 0, data).is_err(),
        "a message or arbitrary bytes opened as a frame segment"
    );
    if data.is_empty() {
        return;
    }
    let mut flipped = genuine.clone();
    for (i, b) in data.iter().enumerate() {
        flipped[i % genuine.len()] ^= b;
    }
    if flipped != *genuine {
        assert!(
            rx.open(&flipped).is_err(),
            "a tampered message was accepted"
        );
    }
});
