//! Soak: 10,000 frames through the simulated link with 5% packet loss and a forced disconnect
//! about every 200 frames. No corrupted frame may be delivered, every frame is delivered or
//! reported lost, and every reconnection completes within the backoff bound.

// A test crate: helpers outside `#[test]` functions may panic on setup failures too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use rand::{Rng, SeedableRng};
use sightline_core::link::device::Family;
use sightline_core::link::drivers;
use sightline_core::link::drivers::sim::{GlassesProfile, LinkModel, SimGlasses};
use sightline_core::link::session::{
    Backoff, LinkEvent, LinkState, Session, SessionConfig, Target,
};
use sightline_core::store::Store;
use tokio::time::Instant;

const FRAMES: u32 = 10_000;
const IN_FLIGHT: u32 = 2;
/// Time a reconnection may take beyond its backoff delay: connect + KK handshake, with
/// handshake retransmissions over the lossy link.
const HANDSHAKE_ALLOWANCE: Duration = Duration::from_secs(2);

#[tokio::test(start_paused = true)]
async fn ten_thousand_frames_with_loss_and_disconnects() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("data").join("s.db")).unwrap());
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    // Distinct "JPEG" payloads of 1-6 KB (the transfer does not look inside them).
    let images: Vec<Vec<u8>> = (0..16)
        .map(|i| {
            let len = rng.random_range(1_000..6_000);
            let mut v: Vec<u8> = (0..len).map(|_| rng.random()).collect();
            v[0] = i as u8;
            v
        })
        .collect();
    let known: HashSet<Vec<u8>> = images.iter().cloned().collect();
    let model = LinkModel {
        loss: 0.05,
        seed: 9,
        ..LinkModel::default()
    };
    let glasses = SimGlasses::new(GlassesProfile::default(), images, model).unwrap();
    let config = SessionConfig {
        event_capacity: 4096,
        ..SessionConfig::default()
    };
    let backoff: Backoff = config.backoff;
    let target = Target {
        id: "sim".into(),
        name: "Sim".into(),
    };
    let driver = drivers::driver(Family::Sightline, &store, &target.id, None).unwrap();
    let link = Session::start(target, glasses.connector(), driver, store.clone(), config);
    let mut events = link.subscribe();
    loop {
        match events.next().await.unwrap() {
            LinkEvent::PairingCode(_) => link.confirm_pairing(true).await.unwrap(),
            LinkEvent::State(LinkState::Ready) => break,
            _ => {}
        }
    }

    let mut requested: HashMap<u32, ()> = HashMap::new();
    let (mut delivered, mut lost, mut corrupted) = (0u32, 0u32, 0u32);
    let mut issued = 0u32;
    let mut next_drop = rng.random_range(150..250);
    let mut drops = 0u32;
    let mut reconnect_started: Option<(Instant, Duration)> = None;
    let mut reconnections = Vec::new();
    while delivered + lost < FRAMES {
        while issued < FRAMES && requested.len() < IN_FLIGHT as usize {
            requested.insert(link.request_frame(0, None).await.unwrap(), ());
            issued += 1;
            if issued == next_drop {
                glasses.force_disconnect();
                drops += 1;
                next_drop += rng.random_range(150..250);
            }
        }
        let event = match tokio::time::timeout(Duration::from_secs(120), events.next()).await {
            Ok(Some(LinkEvent::Lagged { missed })) => panic!("lagged {missed} events"),
            Ok(Some(e)) => e,
            Ok(None) => panic!("events ended"),
            Err(_) => panic!("stalled at {delivered} delivered, {lost} lost"),
        };
        match event {
            LinkEvent::Frame(f) => {
                assert!(
                    requested.remove(&f.request_id).is_some(),
                    "unrequested frame"
                );
                delivered += 1;
                if !known.contains(&f.jpeg[..]) {
                    corrupted += 1;
                }
            }
            LinkEvent::FrameLost { request_id, .. } => {
                assert!(requested.remove(&request_id).is_some());
                lost += 1;
            }
            LinkEvent::State(LinkState::Reconnecting { attempt, .. }) => {
                if reconnect_started.is_none() {
                    reconnect_started = Some((Instant::now(), Duration::ZERO));
                }
                if let Some((_, bound)) = reconnect_started.as_mut() {
                    *bound += backoff.bound(attempt - 1);
                }
            }
            LinkEvent::State(LinkState::Ready) => {
                if let Some((since, bound)) = reconnect_started.take() {
                    reconnections.push((since.elapsed(), bound));
                }
            }
            LinkEvent::State(LinkState::Stopped) => panic!("session stopped"),
            _ => {}
        }
    }
    let stats = link.stats();
    println!(
        "soak: {delivered} delivered, {lost} lost, {corrupted} corrupted, {drops} forced drops, \
         {} reconnections, {} chunks re-requested, {} forged segments, {} connections",
        reconnections.len(),
        stats.chunks_requested,
        stats.forged,
        glasses.connections()
    );
    assert_eq!(corrupted, 0);
    assert_eq!(delivered + lost, FRAMES);
    assert!(requested.is_empty());
    assert!(drops >= 40);
    assert!(reconnections.len() as u32 >= drops, "{reconnections:?}");
    for (took, bound) in &reconnections {
        assert!(
            *took <= *bound + HANDSHAKE_ALLOWANCE,
            "reconnection took {took:?}, bound {bound:?}"
        );
    }
    // Frames interrupted by a drop resume instead of being lost.
    assert!(lost <= FRAMES / 100, "{lost} frames lost");
    assert!(stats.chunks_requested > 0);
}
