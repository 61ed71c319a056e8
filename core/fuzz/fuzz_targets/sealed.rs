//! Opening sealed messages: arbitrary bytes must be refused cleanly, never accepted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_core::link::protocol::message::HandshakePattern;
use sightline_core::link::secure::{Handshake, SecureChannel, StaticKeypair};

fn channel() -> Option<SecureChannel> {
    let a = StaticKeypair::from_bytes(&[1; 32], &[0; 32]).ok()?;
    let b = StaticKeypair::from_bytes(&[2; 32], &[0; 32]).ok()?;
    let mut i = Handshake::new(HandshakePattern::Xx, true, &a, None).ok()?;
    let mut r = Handshake::new(HandshakePattern::Xx, false, &b, None).ok()?;
    r.read(&i.write().ok()?).ok()?;
    i.read(&r.write().ok()?).ok()?;
    r.read(&i.write().ok()?).ok()?;
    Some(r.finish().ok()?.0)
}

fuzz_target!(|data: &[u8]| {
    if let Some(mut rx) = channel() {
        assert!(rx.open(data).is_err());
    }
});
