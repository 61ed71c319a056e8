//! The OpenGlass, Frame and G1 drivers against their simulated peripherals, through the
//! generic `Session` on tokio's paused clock.

// A test crate: helpers outside `#[test]` functions may panic on setup failures too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use sightline_core::link::device::{Capabilities, Family};
use sightline_core::link::drivers::sim::{GlassesProfile, SimDevice, simulated};
use sightline_core::link::drivers::{frame, g1};
use sightline_core::link::protocol::message::{DisplayCard, Gesture, RenderCommand};
use sightline_core::link::session::{LinkEvent, LinkHandle, LinkState};
use sightline_core::store::Store;
use sightline_core::subscription::Subscription;

mod support;

use support::session::{jpeg, store};

/// How long (tokio time) a test waits for a link event.
const EVENT_WAIT: Duration = Duration::from_secs(120);

async fn next_matching<T>(
    events: &mut Subscription<LinkEvent>,
    pick: impl FnMut(LinkEvent) -> Option<T>,
) -> T {
    support::session::next_matching(events, EVENT_WAIT, pick).await
}

/// Starts a session with a simulated device of `family`; returns it once ready, with its
/// capabilities.
async fn start(
    family: Family,
    images: Vec<Vec<u8>>,
    store: &Arc<Store>,
) -> (LinkHandle, SimDevice, Subscription<LinkEvent>, Capabilities) {
    let sim = simulated(family, GlassesProfile::default(), images).unwrap();
    let (link, device) = sim.start(store).unwrap();
    let mut events = link.subscribe();
    let caps = next_matching(&mut events, |e| match e {
        LinkEvent::Capabilities(c) => Some(c),
        _ => None,
    })
    .await;
    assert_eq!(
        link.wait_for_state(|s| *s == LinkState::Ready).await,
        LinkState::Ready
    );
    (link, device, events, caps)
}

async fn photo(link: &LinkHandle, events: &mut Subscription<LinkEvent>) -> Vec<u8> {
    let id = link.request_frame(0, None).await.unwrap();
    next_matching(events, |e| match e {
        LinkEvent::Frame(f) if f.request_id == id => Some(f.jpeg.to_vec()),
        LinkEvent::FrameLost { request_id, reason } if request_id == id => {
            panic!("frame lost: {reason}")
        }
        _ => None,
    })
    .await
}

fn text_card(lines: &[&str]) -> DisplayCard {
    DisplayCard {
        card_id: 7,
        commands: std::iter::once(RenderCommand::Clear)
            .chain(lines.iter().enumerate().map(|(i, l)| RenderCommand::Text {
                x: 0,
                y: 40 * i as u16,
                size: 32,
                text: l.to_string(),
            }))
            .collect(),
    }
}

#[tokio::test(start_paused = true)]
async fn openglass_says_its_link_is_insecure_and_delivers_photos() {
    let (_dir, store) = store();
    let image = jpeg(320, 240, 3);
    let (link, device, mut events, caps) =
        start(Family::OpenGlass, vec![image.clone()], &store).await;
    assert!(!caps.secure_link);
    assert!(caps.warning().is_some_and(|w| w.contains("unencrypted")));
    assert!(caps.display.is_none() && !caps.speaker && caps.camera.is_some());
    assert_eq!(photo(&link, &mut events).await, image);
    device.say("what is this");
    let heard = next_matching(&mut events, |e| match e {
        LinkEvent::Transcript(t) => Some(t.text),
        _ => None,
    })
    .await;
    assert_eq!(heard, "what is this");
    link.shutdown().await;
}

/// A lost chunk anywhere (first, middle, last) drops the photo; it is asked for again and
/// the one delivered is byte-for-byte the camera's.
#[tokio::test(start_paused = true)]
async fn openglass_lost_chunk_drops_the_photo_and_asks_again() {
    let (_dir, store) = store();
    let image = jpeg(320, 240, 9);
    let chunks = (image.len() + 1).div_ceil(200) as u16;
    let (link, device, mut events, _) = start(Family::OpenGlass, vec![image.clone()], &store).await;
    let SimDevice::OpenGlass(glasses, _) = &device else {
        panic!("not an OpenGlass")
    };
    for (n, lost) in [0, chunks / 2, chunks - 1].into_iter().enumerate() {
        glasses.with_engine(|e| e.lose_chunk_of_next_photo(lost));
        assert_eq!(photo(&link, &mut events).await, image, "lost chunk {lost}");
        let (one_shots, sent) = glasses.with_engine(|e| (e.one_shots(), e.photos_sent()));
        assert_eq!(
            one_shots,
            2 * (n as u64 + 1),
            "lost chunk {lost}: one re-request"
        );
        assert_eq!(sent, one_shots);
    }
    assert_eq!(link.stats().frames, 3);
    link.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn openglass_photo_survives_a_lossy_radio() {
    let (_dir, store) = store();
    let image = jpeg(200, 150, 1);
    let sim = simulated(
        Family::OpenGlass,
        GlassesProfile::default(),
        vec![image.clone()],
    )
    .unwrap();
    let SimDevice::OpenGlass(glasses, _) = &sim.device else {
        panic!("not an OpenGlass")
    };
    glasses.set_model(sightline_core::link::drivers::sim::LinkModel {
        loss: 0.01,
        seed: 5,
        ..Default::default()
    });
    let (link, _device) = sim.start(&store).unwrap();
    let mut events = link.subscribe();
    link.wait_for_state(|s| *s == LinkState::Ready).await;
    let id = link.request_frame(0, None).await.unwrap();
    let outcome = next_matching(&mut events, |e| match e {
        LinkEvent::Frame(f) if f.request_id == id => Some(Some(f.jpeg.to_vec())),
        LinkEvent::FrameLost { request_id, .. } if request_id == id => Some(None),
        _ => None,
    })
    .await;
    // 1 % loss breaks about one photo in four; a re-request delivers it intact.
    assert_eq!(outcome, Some(image));
    link.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn g1_heartbeat_keeps_the_link_alive_and_its_loss_is_detected() {
    let (_dir, store) = store();
    let (link, device, mut events, caps) = start(Family::G1, Vec::new(), &store).await;
    assert!(caps.camera.is_none() && caps.display.is_some() && caps.secure_link);
    let SimDevice::G1(glasses, _) = &device else {
        panic!("not a G1")
    };
    // A minute of quiet: the 4-s heartbeats keep both the glasses and the session happy.
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(link.state(), LinkState::Ready);
    assert_eq!(device.connections(), 1);
    let beats = glasses.with_engine(|g| g.heartbeats());
    assert!(
        beats >= 2 * 14,
        "both arms got a heartbeat every 4 s: {beats}"
    );

    // The glasses stop hearing heartbeats: they drop the link after 8 s and the session
    // notices and reconnects.
    glasses.with_engine(|g| g.set_ignore_heartbeats(true));
    let dropped_at = tokio::time::Instant::now();
    next_matching(&mut events, |e| {
        matches!(e, LinkEvent::State(LinkState::Reconnecting { .. })).then_some(())
    })
    .await;
    let detected = dropped_at.elapsed();
    assert!(
        detected <= Duration::from_secs(11),
        "loss detected after {detected:?}"
    );
    glasses.with_engine(|g| g.set_ignore_heartbeats(false));
    link.wait_for_state(|s| *s == LinkState::Ready).await;
    assert!(device.connections() >= 2);
    link.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn g1_shows_cards_left_arm_first_laid_out_by_the_phone() {
    let (_dir, store) = store();
    let (link, device, mut events, _) = start(Family::G1, Vec::new(), &store).await;
    let SimDevice::G1(glasses, _) = &device else {
        panic!("not a G1")
    };
    let long = "Arctic Fox snow boots, size 42: ¥289.90 at the store across the street, 4.6 stars";
    link.show_card(text_card(&["雪地靴 Snow boots", long]))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (left, right) =
        glasses.with_engine(|g| (g.screens().0.to_string(), g.screens().1.to_string()));
    assert_eq!(left, right);
    let rows: Vec<&str> = right.lines().collect();
    assert!(rows.len() <= 5, "{rows:?}");
    assert_eq!(rows[0], "雪地靴 Snow boots");
    let columns = sightline_core::hud::Display::EVEN_G1.columns();
    assert!(
        rows.iter()
            .all(|r| unicode_width::UnicodeWidthStr::width(*r) <= columns)
    );
    assert_eq!(glasses.with_engine(|g| g.refused()), 0);
    // Taps and the no-camera answer.
    device.tap();
    next_matching(&mut events, |e| {
        matches!(e, LinkEvent::Gesture(Gesture::Tap)).then_some(())
    })
    .await;
    let id = link.request_frame(0, None).await.unwrap();
    let reason = next_matching(&mut events, |e| match e {
        LinkEvent::FrameLost { request_id, reason } if request_id == id => Some(reason),
        _ => None,
    })
    .await;
    assert!(reason.contains("no camera"));
    device.say("navigate home");
    let heard = next_matching(&mut events, |e| match e {
        LinkEvent::Transcript(t) => Some(t.text),
        _ => None,
    })
    .await;
    assert_eq!(heard, "navigate home");
    link.shutdown().await;
}

#[test]
fn g1_right_arm_refuses_a_screen_the_left_has_not_shown() {
    use sightline_core::link::drivers::sim::{G1Sim, Peripheral};
    use sightline_core::link::gatt::{g1 as arm, tagged};
    let now = tokio::time::Instant::now();
    let mut glasses = G1Sim::new();
    glasses.on_connect(247, std::time::Duration::from_millis(15), now);
    let packet = g1::text_packets(1, "hi", 1, 1).remove(0);
    glasses.on_packet(&tagged(arm::RIGHT, &packet), now);
    assert_eq!(
        glasses.poll_transmit(now),
        Some(vec![arm::RIGHT, 0x4E, 0xCA])
    );
    glasses.on_packet(&tagged(arm::LEFT, &packet), now);
    glasses.on_packet(&tagged(arm::RIGHT, &packet), now);
    assert_eq!(
        glasses.poll_transmit(now),
        Some(vec![arm::LEFT, 0x4E, 0xC9])
    );
    assert_eq!(
        glasses.poll_transmit(now),
        Some(vec![arm::RIGHT, 0x4E, 0xC9])
    );
    assert_eq!(glasses.screens(), ("hi", "hi"));
    assert_eq!(glasses.refused(), 1);
}

#[test]
fn g1_text_packets_follow_the_layout() {
    let packets = g1::text_packets(3, "Hello\nworld", 1, 2);
    assert_eq!(
        packets,
        vec![[&[0x4E, 3, 1, 0, 0x71, 0, 0, 1, 2][..], b"Hello\nworld"].concat()]
    );
    // Long text is cut at character boundaries into 191-byte pieces.
    let text = "雪".repeat(100);
    let packets = g1::text_packets(4, &text, 1, 1);
    assert_eq!(packets.len(), 2);
    assert_eq!(packets[0][2], 2);
    let joined: Vec<u8> = packets.iter().flat_map(|p| p[9..].to_vec()).collect();
    assert_eq!(String::from_utf8(joined).unwrap(), text);
    assert!(packets.iter().all(|p| p.len() - 9 <= g1::TEXT_CHUNK));
}

#[test]
fn frame_text_display_bytes_are_exact() {
    let card = text_card(&["Snow boots ¥289", "Say \"buy\"\\ok"]);
    let writes = frame::card_writes(&card, 244);
    assert_eq!(
        writes,
        vec![
            "frame.display.text(\"Snow boots ¥289\",1,1);frame.display.text(\"Say \\\"buy\\\"\\\\ok\",1,41);frame.display.show()"
                .to_string()
        ]
    );
    // A small MTU splits statements over writes, each within MTU − 3.
    let writes = frame::card_writes(&card, 60);
    assert_eq!(
        writes,
        vec![
            "frame.display.text(\"Snow boots ¥289\",1,1)".to_string(),
            "frame.display.text(\"Say \\\"buy\\\"\\\\ok\",1,41)".to_string(),
            "frame.display.show()".to_string(),
        ]
    );
    assert!(writes.iter().all(|w| w.len() <= 60));
}

#[tokio::test(start_paused = true)]
async fn frame_draws_cards_takes_photos_and_reports_taps() {
    let (_dir, store) = store();
    let image = jpeg(360, 360, 4);
    let (link, device, mut events, caps) = start(Family::Frame, vec![image.clone()], &store).await;
    assert_eq!(caps.display.map(|d| (d.width, d.height)), Some((640, 400)));
    assert!(caps.secure_link);
    let SimDevice::Frame(glasses, _) = &device else {
        panic!("not a Frame")
    };
    link.show_card(text_card(&["Leifeng Pagoda", "Open 8:00–17:30"]))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(
        device.shown_text(),
        vec!["Leifeng Pagoda", "Open 8:00–17:30"]
    );
    // The exact bytes on the wire: one Lua write for the whole card.
    let expected = b"frame.display.text(\"Leifeng Pagoda\",1,1);frame.display.text(\"Open 8:00\xe2\x80\x9317:30\",1,41);frame.display.show()";
    assert!(glasses.with_engine(|g| g.writes().iter().any(|w| w == expected)));
    assert!(
        glasses.with_engine(|g| g.errors().is_empty()),
        "{:?}",
        glasses.with_engine(|g| g.errors().to_vec())
    );

    assert_eq!(photo(&link, &mut events).await, image);
    device.tap();
    next_matching(&mut events, |e| {
        matches!(e, LinkEvent::Gesture(Gesture::Tap)).then_some(())
    })
    .await;
    // Quiet for a while: the battery poll keeps the link up.
    tokio::time::sleep(Duration::from_secs(30)).await;
    assert_eq!(link.state(), LinkState::Ready);
    assert_eq!(device.connections(), 1);
    link.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn every_family_reconnects_after_a_drop() {
    for family in [Family::OpenGlass, Family::Frame, Family::G1] {
        let (_dir, store) = store();
        let (link, device, _events, _) = start(family, vec![jpeg(64, 48, 2)], &store).await;
        device.force_disconnect();
        link.wait_for_state(|s| matches!(s, LinkState::Reconnecting { .. }))
            .await;
        assert_eq!(
            link.wait_for_state(|s| *s == LinkState::Ready).await,
            LinkState::Ready,
            "{family}"
        );
        assert_eq!(device.connections(), 2, "{family}");
        link.shutdown().await;
    }
}

/// The confirmation gesture and a new camera view, as the demo walk uses them.
#[tokio::test(start_paused = true)]
async fn double_taps_and_new_views_reach_the_companion() {
    for family in [Family::OpenGlass, Family::Frame, Family::G1] {
        let (_dir, store) = store();
        let (link, device, mut events, caps) = start(family, vec![jpeg(64, 48, 1)], &store).await;
        if device.double_tap() {
            next_matching(&mut events, |e| {
                matches!(e, LinkEvent::Gesture(Gesture::DoubleTap)).then_some(())
            })
            .await;
        } else {
            assert_eq!(
                family,
                Family::OpenGlass,
                "only OpenGlass has no touch input"
            );
        }
        if caps.camera.is_some() {
            let view = jpeg(96, 64, 200);
            device.set_images(vec![view.clone()]);
            assert_eq!(photo(&link, &mut events).await, view, "{family}");
        }
        link.shutdown().await;
    }
}
