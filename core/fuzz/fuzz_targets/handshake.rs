//! Handshake envelope decoder, and the handshake engine behind it: every decoded message's
//! bytes go to the side that would read them (the XX and KK responder for Init, an XX
//! initiator for Reply, an XX responder after message 2 for Final, an initiator waiting for
//! the reveal for Reveal). No panic; a Reveal that breaks the commitment is refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_core::link::protocol::message::{HandshakeMessage, HandshakePattern};
use sightline_core::link::secure::{Handshake, StaticKeypair};

fn key(seed: u8) -> Option<StaticKeypair> {
    StaticKeypair::from_bytes(&[seed; 32], &[0; 32]).ok()
}

fn feed(message: &HandshakeMessage) -> Option<()> {
    let (phone, glasses) = (key(1)?, key(2)?);
    match message {
        HandshakeMessage::Init { pattern, noise } => {
            let remote = (*pattern == HandshakePattern::Kk).then(|| *phone.public());
            let mut r = Handshake::new(*pattern, false, &glasses, remote.as_ref().map(|k| &k[..]))
                .ok()?;
            let _ = r.read(noise);
        }
        HandshakeMessage::Reply { noise } => {
            let mut i = Handshake::new(HandshakePattern::Xx, true, &phone, None).ok()?;
            i.write().ok()?;
            let _ = i.read(noise);
        }
        HandshakeMessage::Final { noise } => {
            let mut i = Handshake::new(HandshakePattern::Xx, true, &phone, None).ok()?;
            let mut r = Handshake::new(HandshakePattern::Xx, false, &glasses, None).ok()?;
            r.read(&i.write().ok()?).ok()?;
            r.write().ok()?;
            if r.read(noise).is_ok() {
                let _ = r.finish();
            }
        }
        HandshakeMessage::Reveal { nonce } => {
            let mut i = Handshake::new(HandshakePattern::Xx, true, &phone, None).ok()?;
            let mut r = Handshake::new(HandshakePattern::Xx, false, &glasses, None).ok()?;
            r.read(&i.write().ok()?).ok()?;
            i.read(&r.write().ok()?).ok()?;
            r.read(&i.write().ok()?).ok()?;
            let genuine = r.finish().ok()?.1.reveal?;
            assert_eq!(
                i.accept_reveal(nonce).is_ok(),
                *nonce == genuine,
                "a reveal was judged against something else than its commitment"
            );
        }
        HandshakeMessage::Refused(_) => {}
    }
    Some(())
}

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = HandshakeMessage::decode(data) {
        assert_eq!(HandshakeMessage::decode(&m.encode()), Ok(m.clone()));
        let _ = feed(&m);
    }
});
