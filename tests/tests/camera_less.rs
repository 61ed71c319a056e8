//! Proactive help on glasses without a camera (Even G1) through its driver and simulated
//! peripheral: standing still facing a landmark for a few seconds offers its guide, pausing
//! before a shop offers its card — from position, heading and head motion alone — through
//! the same gate as the frame-driven rules, each card saying how sure it is.

// Test helpers outside #[test] fns unwrap too: a failed fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sightline_core::card::CardKind;
use sightline_core::companion::{Output, Trigger};
use sightline_core::geo::GeoPoint;
use sightline_core::link::device::Family;
use sightline_core::proactive::{RuleId, Suppressed};
use sightline_tests::{SimRig, eventually, family_mart, sim_rig, until};

/// 2026-11-26 10:00 in Hangzhou, when the shops are open.
const START_MS: i64 = 1_795_658_400_000;

async fn rig(family: Family) -> Rig {
    Rig(sim_rig(family, START_MS).await)
}

/// The simulated G1 (or other glasses) and the wearer's moves.
struct Rig(SimRig);

impl Rig {
    /// Stands at `at` facing `heading` for `seconds`, a fix every second.
    fn stand(&self, at: GeoPoint, heading: f64, seconds: u32) {
        for _ in 0..=seconds {
            self.0
                .companion
                .update_location(at, Some(heading), Some(0.0))
                .unwrap();
            self.0.companion.clock().advance(1_000);
        }
    }

    async fn place(&self, id: &str) -> sightline_core::services::Poi {
        self.0
            .companion
            .services()
            .places
            .details(id)
            .await
            .unwrap()
            .poi
    }

    async fn next_proactive(&mut self) -> Output {
        let outputs = until(&mut self.0.outputs, |o| {
            matches!(
                o,
                Output::Card {
                    trigger: Trigger::Proactive(_),
                    ..
                } | Output::Suppressed { .. }
            )
        })
        .await;
        outputs.last().cloned().unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_g1_standing_still_before_a_landmark_offers_its_guide_less_sure() {
    let mut rig = rig(Family::G1).await;
    let pagoda = rig.place("landmark/leifeng-pagoda").await;
    // 60 m south of the pagoda, facing it, still for 5 s.
    let spot = pagoda.location.offset(180.0, 60.0);
    rig.stand(spot, 0.0, 5);
    let Output::Card { card, trigger, .. } = rig.next_proactive().await else {
        panic!("no card")
    };
    assert_eq!(trigger, Trigger::Proactive(RuleId::LandmarkGuide));
    assert_eq!(card.kind, CardKind::Guide);
    assert!(
        card.lines[0].starts_with("Guess from position: ") && card.lines[0].ends_with("% sure"),
        "{card:?}"
    );
    assert!(card.reason.contains("no camera"), "{}", card.reason);
    eventually("the guide drawn on the G1, how sure on one row", || {
        let shown = rig.0.device.shown_text();
        shown.iter().any(|l| l.contains("Leifeng"))
            && shown
                .iter()
                .any(|l| l.starts_with("Guess from position: ") && l.ends_with("% sure"))
    })
    .await;

    // Walking on shows nothing; standing again before the same pagoda is held back (the
    // repeat window), as for a frame.
    rig.0
        .companion
        .update_location(spot, Some(0.0), Some(1.4))
        .unwrap();
    rig.0.companion.clock().advance(20_000);
    let closer = pagoda.location.offset(180.0, 40.0);
    rig.stand(closer, 5.0, 5);
    assert!(matches!(
        rig.next_proactive().await,
        Output::Suppressed {
            rule: RuleId::LandmarkGuide,
            why: Suppressed::Repeat,
            ..
        }
    ));

    // The rule's own switch holds it back too.
    rig.0
        .companion
        .set_preference("proactive.place_front", serde_json::json!(false))
        .unwrap();
    let shop = family_mart(&rig.0.companion).await;
    rig.0.companion.clock().advance(20_000);
    rig.stand(shop.location.offset(180.0, 6.0), 0.0, 5);
    assert!(matches!(
        rig.next_proactive().await,
        Output::Suppressed {
            rule: RuleId::PlaceFront,
            why: Suppressed::SwitchedOff,
            ..
        }
    ));
    // Switched on again, pausing before the shop (from the other side) offers its card.
    rig.0
        .companion
        .set_preference("proactive.place_front", serde_json::json!(true))
        .unwrap();
    rig.0.companion.clock().advance(20_000);
    rig.stand(shop.location.offset(0.0, 6.0), 180.0, 5);
    let Output::Card { card, trigger, .. } = rig.next_proactive().await else {
        panic!("no shop card")
    };
    assert_eq!(trigger, Trigger::Proactive(RuleId::PlaceFront));
    assert_eq!(card.kind, CardKind::PlaceInfo);
    assert!(card.lines[0].contains("% sure"), "{card:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_glasses_with_a_camera_get_no_guess_from_position() {
    let mut rig = rig(Family::Frame).await;
    let pagoda = rig.place("landmark/leifeng-pagoda").await;
    rig.stand(pagoda.location.offset(180.0, 60.0), 0.0, 6);
    // Nothing proactive arrives: frames name places for glasses with a camera.
    let waited =
        tokio::time::timeout(std::time::Duration::from_millis(500), rig.next_proactive()).await;
    assert!(waited.is_err(), "{waited:?}");
}
