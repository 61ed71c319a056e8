//! The companion's main job through each glasses family's driver and simulated peripheral,
//! with the real models: what `sightline demo --glasses openglass|frame|g1` walks through.
//! A landmark in the camera's view gets its guide (OpenGlass, Frame), a trip said to the
//! glasses becomes one card that one confirmation pays for (every family: a double tap on
//! Frame and G1, the phone app on OpenGlass, which has no touch input), cards reach the
//! family's display, and OpenGlass's unencrypted link is announced.

// Test helpers outside #[test] fns unwrap too: a failed fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sightline_core::Config;
use sightline_core::card::CardKind;
use sightline_core::companion::{Clock, Companion, Output, Trigger};
use sightline_core::link::device::Family;
use sightline_core::link::drivers::sim::{GlassesProfile, SimDevice, simulated};
use sightline_core::render::{self, Fonts, layouts};
use sightline_core::store::ledger;
use sightline_tests::{assert_read, eventually, repo_root, until};

/// 2026-11-26 10:00 in Hangzhou, when the demo city's shops are open.
const START_MS: i64 = 1_795_658_400_000;

async fn walk(family: Family) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_data_dir(dir.path());
    config.models_dir = repo_root().join("models");
    let companion = Companion::start_with_clock(config, Clock::manual(START_MS)).unwrap();
    let mut outputs = companion.subscribe();
    let sim = simulated(family, GlassesProfile::default(), Vec::new()).unwrap();
    let device_id = sim.target.id.clone();
    let (link, device): (_, SimDevice) = sim.start(companion.store()).unwrap();
    companion.attach_glasses(link, &device_id).unwrap();
    let hello = until(&mut outputs, |o| matches!(o, Output::Glasses { .. })).await;
    let warned = hello
        .iter()
        .any(|o| matches!(o, Output::Capabilities { warning: Some(w), secure_link: false, .. } if w.contains("unencrypted")));
    assert_eq!(warned, family == Family::OpenGlass, "{family}: {hello:#?}");

    if device.has_camera() {
        let leifeng = companion
            .services()
            .places
            .details("landmark/leifeng-pagoda")
            .await
            .unwrap()
            .poi;
        companion
            .update_location(leifeng.location.offset(180.0, 30.0), Some(0.0), Some(0.0))
            .unwrap();
        let fonts = Fonts::system().unwrap();
        let (image, _) = layouts::plaque("雷峰塔", &["Leifeng Pagoda"])
            .render(&fonts)
            .unwrap();
        device.set_images(vec![render::jpeg(&image, 85).unwrap()]);
        companion.look().await.unwrap();
        let seen = until(&mut outputs, |o| {
            matches!(o, Output::Seen { .. } | Output::Problem { .. })
        })
        .await;
        assert_read(&seen, "雷峰塔", &family.to_string());
        if family == Family::Frame {
            eventually("the guide drawn on the Frame", || {
                device.shown_text().iter().any(|l| l.contains("Leifeng"))
            })
            .await;
        }
    }

    device.say("plan my trip to Harbin next week and get me snow boots in size 42 before I leave");
    let asked = until(&mut outputs, |o| {
        matches!(
            o,
            Output::Card {
                trigger: Trigger::Asked,
                ..
            }
        )
    })
    .await;
    let Some(Output::Card { card, .. }) = asked.last() else {
        unreachable!()
    };
    assert_eq!(card.kind, CardKind::Plan, "{family}");
    if family == Family::G1 {
        eventually("the plan drawn on the G1", || {
            !device.shown_text().is_empty()
        })
        .await;
        assert!(device.shown_text().len() <= 5);
    }
    let confirmation = until(&mut outputs, |o| {
        matches!(o, Output::ConfirmationNeeded { .. })
    })
    .await;
    let Some(Output::ConfirmationNeeded { action_id, .. }) = confirmation.last() else {
        unreachable!()
    };
    assert_eq!(companion.store().read(ledger::totals).unwrap().orders, 0);
    if !device.double_tap() {
        companion.confirm(action_id).await.unwrap();
    }
    let receipt = until(&mut outputs, |o| {
        matches!(
            o,
            Output::Card {
                trigger: Trigger::Confirmed,
                ..
            } | Output::Problem { .. }
        )
    })
    .await;
    assert!(
        matches!(receipt.last(), Some(Output::Card { card, .. }) if card.kind == CardKind::Receipt),
        "{family}: {receipt:#?}"
    );
    assert_eq!(
        companion.store().read(ledger::totals).unwrap().orders,
        3,
        "{family}"
    );
    companion.detach_glasses().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_job_on_openglass() {
    walk(Family::OpenGlass).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_job_on_frame() {
    walk(Family::Frame).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_main_job_on_g1() {
    walk(Family::G1).await;
}
