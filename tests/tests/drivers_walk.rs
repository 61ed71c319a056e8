//! The companion's main job through each glasses family's driver and simulated peripheral,
//! with the real models: what `sightline demo --glasses openglass|frame|g1` walks through.
//! A landmark in the camera's view gets its guide (OpenGlass, Frame), a trip said to the
//! glasses becomes one card that one confirmation pays for (every family: a double tap on
//! Frame and G1, the phone app on OpenGlass, which has no touch input), cards reach the
//! family's display, and OpenGlass's unencrypted link is announced. Over a Frame or G1 link
//! the phone's stack does not report bonded, a tap does not pay and the wearer is told why.

// Test helpers outside #[test] fns unwrap too: a failed fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sightline_core::Config;
use sightline_core::card::CardKind;
use sightline_core::companion::{
    Clock, Companion, Output, PhoneReason, Subscription, Trigger, View,
};
use sightline_core::link::device::Family;
use sightline_core::link::drivers::sim::{GlassesProfile, SimDevice, simulated};
use sightline_core::proactive::Suppressed;
use sightline_core::render::{self, Fonts, layouts};
use sightline_core::store::ledger;
use sightline_tests::{assert_read, eventually, repo_root, until};

/// 2026-11-26 10:00 in Hangzhou, when the demo city's shops are open.
const START_MS: i64 = 1_795_658_400_000;

/// A companion in a fresh data folder with simulated glasses of `family` attached; `bonded`
/// overrides whether the phone's stack reports their link bonded and encrypted.
fn attached(
    family: Family,
    bonded: Option<bool>,
) -> (tempfile::TempDir, Companion, Subscription, SimDevice) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_data_dir(dir.path().join("data"));
    config.models_dir = repo_root().join("models");
    let companion = Companion::start_with_clock(config, Clock::manual(START_MS)).unwrap();
    let outputs = companion.subscribe();
    let sim = simulated(family, GlassesProfile::default(), Vec::new()).unwrap();
    if let Some(bonded) = bonded {
        sim.device.set_bonded(bonded);
    }
    let device_id = sim.target.id.clone();
    let (link, device): (_, SimDevice) = sim.start(companion.store()).unwrap();
    companion.attach_glasses(link, &device_id).unwrap();
    (dir, companion, outputs, device)
}

async fn walk(family: Family) {
    let (_dir, companion, mut outputs, device) = attached(family, None);
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

/// A Frame or G1 whose link the phone's stack does not report bonded and encrypted: a double
/// tap does not pay (the phone is asked, with the reason) and the wearer reads why on the
/// glasses; a bike's QR code in view offers no unlock. The same glasses bonded: the tap pays.
async fn tap_over(family: Family, bonded: bool) {
    let (dir, companion, mut outputs, device) = attached(family, Some(bonded));
    let hello = until(&mut outputs, |o| matches!(o, Output::Glasses { .. })).await;
    assert!(
        hello.iter().any(
            |o| matches!(o, Output::Capabilities { secure_link, .. } if *secure_link == bonded)
        ),
        "{family} bonded={bonded}: {hello:#?}"
    );

    device.say("plan my trip to Harbin next week and get me snow boots in size 42 before I leave");
    until(&mut outputs, |o| {
        matches!(o, Output::ConfirmationNeeded { .. })
    })
    .await;
    assert!(device.double_tap());
    let answer = until(&mut outputs, |o| {
        matches!(
            o,
            Output::Card {
                trigger: Trigger::Confirmed | Trigger::Notice,
                ..
            } | Output::Problem { .. }
        )
    })
    .await;
    let orders = || companion.store().read(ledger::totals).unwrap().orders;
    if bonded {
        assert!(
            matches!(answer.last(), Some(Output::Card { card, trigger: Trigger::Confirmed, .. }) if card.kind == CardKind::Receipt),
            "{family}: {answer:#?}"
        );
        assert_eq!(orders(), 3, "{family}");
    } else {
        assert!(
            answer.iter().any(|o| matches!(
                o,
                Output::ConfirmOnPhone {
                    reason: PhoneReason::LinkNotAuthenticated,
                    ..
                }
            )),
            "{family}: {answer:#?}"
        );
        let Some(Output::Card { card, .. }) = answer.last() else {
            panic!("{family}: {answer:#?}")
        };
        assert!(
            card.lines.join(" ").contains("not authenticated"),
            "{card:?}"
        );
        eventually("the reason drawn on the glasses", || {
            device
                .shown_text()
                .iter()
                .any(|l| l.contains("Payments need your phone"))
        })
        .await;
        assert_eq!(
            orders(),
            0,
            "{family}: a tap over an unauthenticated link paid"
        );

        // Something in view that would offer a spend (a bike's QR code) offers nothing.
        let bike_qr: String = rusqlite::Connection::open(dir.path().join("data").join("city.db"))
            .unwrap()
            .query_row(
                "SELECT qr_payload FROM bike WHERE status = 'available' ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let cards = companion
            .observe(View {
                qr_payloads: vec![bike_qr],
                ..View::default()
            })
            .await
            .unwrap();
        assert!(cards.is_empty(), "{family}: {cards:?}");
        let held = until(&mut outputs, |o| matches!(o, Output::Suppressed { .. })).await;
        assert!(
            matches!(
                held.last(),
                Some(Output::Suppressed {
                    why: Suppressed::LinkNotAuthenticated,
                    ..
                })
            ),
            "{family}: {held:#?}"
        );
    }
    companion.detach_glasses().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_a_tap_over_an_unauthenticated_g1_or_frame_link_does_not_pay_and_says_why() {
    for family in [Family::G1, Family::Frame] {
        tap_over(family, false).await;
        tap_over(family, true).await;
    }
}
