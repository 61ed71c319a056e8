//! Security of the link at the packet level: the phone driver and the glasses engine talk
//! through an in-memory pump that lets the test replay, flip bits and forge packets.

// A test crate: helpers outside `#[test]` functions may panic on setup failures too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sightline_core::link::drivers::sim::{GlassesEngine, GlassesProfile};
use sightline_core::link::protocol::message::{ERR_NOT_PAIRED, FrameRequest, Message};
use sightline_core::link::protocol::message::{HandshakeMessage, HandshakePattern};
use sightline_core::link::protocol::packet::{FragmentClass, Packet, fragment};
use sightline_core::link::secure::{Handshake, StaticKeypair};
use sightline_core::link::session::{Driver, Signal};
use support::link_pump::{INTERVAL, MTU, paired_pump};
use tokio::time::Instant;

mod support;

#[test]
fn replayed_and_bit_flipped_packets_are_rejected_and_the_frame_still_arrives_intact() {
    let image: Vec<u8> = (0..30_000u32).map(|i| (i % 253) as u8).collect();
    let mut pump = paired_pump(image.clone());
    pump.connect();
    pump.run(|_, p| vec![p]);
    assert!(pump.signals.contains(&Signal::Ready));

    pump.request_frame(1, false);
    // Every sealed message is delivered twice (a replay), and chunk 5 arrives with a flipped
    // bit the first time.
    let mut flipped = false;
    pump.run(|_, p| match Packet::decode(&p) {
        Ok(Packet::Chunk { index: 5, .. }) if !flipped => {
            flipped = true;
            let mut bad = p.clone();
            let last = bad.len() - 1;
            bad[last] ^= 0x20;
            vec![bad]
        }
        Ok(Packet::Fragment {
            class: FragmentClass::Sealed,
            ..
        }) => vec![p.clone(), p],
        _ => vec![p],
    });
    assert!(flipped);
    assert_eq!(pump.frames(), vec![image.clone()]);
    let stats = pump.phone.stats();
    assert!(stats.replayed > 0, "{stats:?}");
    assert_eq!(stats.forged, 1, "{stats:?}");

    // Replaying an old sealed packet later is rejected too, and delivers nothing twice.
    let old: Vec<Vec<u8>> = pump
        .sent_by_glasses
        .iter()
        .filter(|p| {
            matches!(
                Packet::decode(p),
                Ok(Packet::Fragment {
                    class: FragmentClass::Sealed,
                    count: 1,
                    ..
                })
            )
        })
        .cloned()
        .collect();
    let before = pump.phone.stats().replayed;
    let events_before = pump.events.len();
    for p in &old {
        pump.deliver_to_phone(p);
    }
    assert_eq!(pump.phone.stats().replayed, before + old.len() as u64);
    assert_eq!(pump.events.len(), events_before);
}

#[test]
fn glasses_refuse_frames_to_a_phone_that_did_not_confirm_pairing() {
    // A phone runs the XX handshake by hand, never confirms, and asks for a frame.
    let mut glasses = GlassesEngine::new(
        GlassesProfile::default(),
        StaticKeypair::generate().unwrap(),
        vec![vec![0xff, 0xd8, 1, 2, 3]],
    );
    let now = Instant::now();
    glasses.on_connect(MTU, INTERVAL, now);
    let payload = MTU - 3;
    let phone = StaticKeypair::generate().unwrap();
    let mut hs = Handshake::new(HandshakePattern::Xx, true, &phone, None).unwrap();
    let init = HandshakeMessage::Init {
        pattern: HandshakePattern::Xx,
        noise: hs.write().unwrap(),
    };
    for p in fragment(FragmentClass::Handshake, 1, &init.encode(), payload).unwrap() {
        glasses.on_packet(&p, now);
    }
    let reply = glasses.poll_transmit(now).unwrap();
    let Ok(Packet::Fragment { data, .. }) = Packet::decode(&reply) else {
        panic!("expected a handshake reply");
    };
    let Ok(HandshakeMessage::Reply { noise }) = HandshakeMessage::decode(data) else {
        panic!("expected a reply");
    };
    hs.read(&noise).unwrap();
    let fin = HandshakeMessage::Final {
        noise: hs.write().unwrap(),
    };
    for p in fragment(FragmentClass::Handshake, 2, &fin.encode(), payload).unwrap() {
        glasses.on_packet(&p, now);
    }
    let (mut channel, _) = hs.finish().unwrap();
    let request = Message::FrameRequest(FrameRequest {
        request_id: 1,
        quality: 0,
        roi: None,
    });
    let sealed = channel.seal(&request.encode()).unwrap();
    for p in fragment(FragmentClass::Sealed, 3, &sealed, payload).unwrap() {
        glasses.on_packet(&p, now);
    }
    let mut answers = Vec::new();
    let mut t = now;
    for _ in 0..20 {
        t += INTERVAL;
        while let Some(p) = glasses.poll_transmit(t) {
            answers.push(p);
        }
    }
    assert!(
        answers
            .iter()
            .all(|p| !matches!(Packet::decode(p), Ok(Packet::Chunk { .. }))),
        "an unconfirmed phone got frame data"
    );
    let refused = answers.iter().any(|p| match Packet::decode(p) {
        Ok(Packet::Fragment { data, .. }) => channel
            .open(data)
            .ok()
            .and_then(|m| Message::decode(&m).ok())
            .is_some_and(|m| matches!(m, Message::Error(e) if e.code == ERR_NOT_PAIRED)),
        _ => false,
    });
    assert!(refused);
    assert_eq!(glasses.stats().refused_unpaired, 1);
}
