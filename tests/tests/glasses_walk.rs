//! The companion end to end through simulated glasses over the simulated BLE link, with the
//! real models: pairing with the comparison code, camera frames rendered from the demo city
//! read on the device and turned into cards that appear on the glasses' display and speaker,
//! speech from the glasses planned into one card, a double tap on the glasses confirming it,
//! and a corrupt frame reported without stopping anything.

// Test helpers outside #[test] fns unwrap too: a failed fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rusqlite::Connection;
use sightline_core::Config;
use sightline_core::card::{ActionKind, CardKind};
use sightline_core::companion::{
    Clock, Companion, Output, PhoneReason, Subscription, Trigger, View,
};
use sightline_core::link::drivers::sim::SimGlasses;
use sightline_core::link::protocol::message::{Gesture, Message, RenderCommand, Transcript};
use sightline_core::locale::Language;
use sightline_core::money::Cny;
use sightline_core::render::{self, Element, Fonts, Scene, layouts};
use sightline_core::services::PayNetwork;
use sightline_core::services::local::merchant_code_payload;
use sightline_core::store::ledger;
use sightline_tests::{assert_read, eventually, pair_sim_glasses, repo_root, until};

/// 2026-11-26 10:00 in Hangzhou, when the demo city's shops are open.
const START_MS: i64 = 1_795_658_400_000;
const DEVICE: &str = "sim-glasses";

struct Rig {
    dir: tempfile::TempDir,
    companion: Companion,
    glasses: SimGlasses,
    outputs: Subscription,
    fonts: Fonts,
}

/// A companion with the real models, paired with simulated glasses (codes compared and
/// accepted) and ready.
async fn paired() -> Rig {
    paired_with(|_| {}).await
}

/// As [`paired`], with the configuration changed by `change`.
async fn paired_with(change: impl FnOnce(&mut Config)) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_data_dir(dir.path().join("data"));
    config.models_dir = repo_root().join("models");
    change(&mut config);
    let companion = Companion::start_with_clock(config, Clock::manual(START_MS)).unwrap();
    let mut outputs = companion.subscribe();
    let (glasses, seen) = pair_sim_glasses(&companion, &mut outputs, DEVICE).await;
    let code = seen.iter().find_map(|o| match o {
        Output::PairingCode { code } => Some(code),
        _ => None,
    });
    assert_eq!(code.map(String::len), Some(6));
    assert!(matches!(
        seen.last(),
        Some(Output::Glasses {
            display: (640, 400),
            ..
        })
    ));
    Rig {
        dir,
        companion,
        glasses,
        outputs,
        fonts: Fonts::system().unwrap(),
    }
}

fn cards(outputs: &[Output]) -> Vec<(CardKind, Trigger)> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Card { card, trigger, .. } => Some((card.kind, *trigger)),
            _ => None,
        })
        .collect()
}

impl Rig {
    /// Puts `scene` before the glasses' camera and asks for one frame; returns the outputs
    /// up to the frame's `Seen`.
    async fn look_at(&mut self, scene: &Scene) -> Vec<Output> {
        let (image, _) = scene.render(&self.fonts).unwrap();
        let jpeg = render::jpeg(&image, 85).unwrap();
        self.look_at_bytes(jpeg).await
    }

    async fn look_at_bytes(&mut self, frame: Vec<u8>) -> Vec<Output> {
        self.glasses.with_engine(|e| e.set_images(vec![frame]));
        self.companion.look().await.unwrap();
        until(&mut self.outputs, |o| {
            matches!(o, Output::Seen { .. } | Output::Problem { .. })
        })
        .await
    }

    async fn double_tap(&mut self) -> Vec<Output> {
        self.glasses.play(Message::Gesture(Gesture::DoubleTap));
        until(&mut self.outputs, |o| {
            matches!(
                o,
                Output::Card {
                    trigger: Trigger::Confirmed | Trigger::Requoted,
                    ..
                } | Output::Problem { .. }
                    | Output::ConfirmOnPhone { .. }
            )
        })
        .await
    }

    fn city(&self) -> Connection {
        Connection::open(self.dir.path().join("data").join("city.db")).unwrap()
    }

    /// Everything the glasses' display was asked to draw, as text.
    fn display_text(&self) -> String {
        self.glasses.with_engine(|e| {
            e.display_log()
                .iter()
                .flat_map(|card| card.commands.iter())
                .filter_map(|c| match c {
                    RenderCommand::Text { text, .. } => Some(text.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_landmark_in_view_gets_its_guide_on_the_glasses_and_a_double_tap_gets_more() {
    let mut rig = paired().await;
    let leifeng = rig
        .companion
        .services()
        .places
        .details("landmark/leifeng-pagoda")
        .await
        .unwrap()
        .poi;
    rig.companion
        .update_location(leifeng.location.offset(180.0, 30.0), Some(0.0), Some(0.0))
        .unwrap();
    let outputs = rig
        .look_at(&layouts::plaque("雷峰塔", &["Leifeng Pagoda"]))
        .await;
    assert_read(&outputs, "雷峰塔", "the plaque");
    assert_eq!(
        cards(&outputs),
        vec![(
            CardKind::Guide,
            Trigger::Proactive(sightline_core::proactive::RuleId::LandmarkGuide)
        )]
    );
    // The card travels to the glasses over the link: wait for it to be drawn and spoken.
    eventually("the guide drawn on the glasses", || {
        rig.display_text().contains("Leifeng Pagoda")
    })
    .await;
    eventually("the guide spoken on the glasses", || {
        rig.glasses.with_engine(|e| !e.speech_log().is_empty())
    })
    .await;

    let more = rig.double_tap().await;
    assert_eq!(
        cards(&more),
        vec![(CardKind::Guide, Trigger::Confirmed)],
        "{more:#?}"
    );
    // An unchanged frame is answered from the last reading, and the guide is not repeated.
    let again = rig
        .look_at(&layouts::plaque("雷峰塔", &["Leifeng Pagoda"]))
        .await;
    assert!(matches!(
        again.last(),
        Some(Output::Seen {
            unchanged: true,
            cards: 0,
            ..
        })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trip_said_to_the_glasses_is_one_card_and_one_double_tap_pays_for_all_of_it() {
    let mut rig = paired().await;
    rig.glasses.play(Message::Transcript(Transcript {
        text: "plan my trip to Harbin next week and get me snow boots in size 42 before I leave"
            .into(),
        is_final: true,
    }));
    let outputs = until(&mut rig.outputs, |o| matches!(o, Output::Card { .. })).await;
    let Some(Output::Card { card, .. }) = outputs.last() else {
        unreachable!()
    };
    assert_eq!(card.kind, CardKind::Plan, "{card:#?}");
    let pays: Vec<_> = card
        .actions
        .iter()
        .filter(|a| matches!(a.kind, ActionKind::Pay { .. }))
        .collect();
    assert_eq!(pays.len(), 1, "one confirmation covers everything");
    let before = rig.companion.store().read(ledger::totals).unwrap();
    assert_eq!(
        before.orders, 0,
        "nothing is bought before the confirmation"
    );

    let receipt = rig.double_tap().await;
    assert_eq!(
        cards(&receipt),
        vec![(CardKind::Receipt, Trigger::Confirmed)]
    );
    let after = rig.companion.store().read(ledger::totals).unwrap();
    assert_eq!(after.orders, 3, "train + hotel + boots");
    // A second double tap has nothing left to confirm and charges nothing.
    let again = rig.double_tap().await;
    assert!(matches!(again.last(), Some(Output::Problem { .. })));
    assert_eq!(
        rig.companion.store().read(ledger::totals).unwrap().orders,
        3
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bike_qr_in_view_unlocks_only_after_the_double_tap() {
    let mut rig = paired().await;
    let (bike_id, payload): (String, String) = rig
        .city()
        .query_row(
            "SELECT id, qr_payload FROM bike WHERE status = 'available' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let outputs = rig
        .look_at(&layouts::bike_panel(&payload, &bike_id, "扫码开锁"))
        .await;
    assert_eq!(
        cards(&outputs),
        vec![(
            CardKind::BikeUnlock,
            Trigger::Proactive(sightline_core::proactive::RuleId::BikeUnlock)
        )],
        "{outputs:#?}"
    );
    let status = |rig: &Rig| -> String {
        rig.city()
            .query_row("SELECT status FROM bike WHERE id = ?1", [&bike_id], |r| {
                r.get(0)
            })
            .unwrap()
    };
    assert_eq!(
        status(&rig),
        "available",
        "no unlock before the confirmation"
    );
    let unlocked = rig.double_tap().await;
    assert_eq!(
        cards(&unlocked),
        vec![(CardKind::Receipt, Trigger::Confirmed)]
    );
    assert_ne!(status(&rig), "available");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrupt_frame_is_a_problem_and_the_next_frame_is_read() {
    let mut rig = paired().await;
    let outputs = rig
        .look_at_bytes(b"\xFF\xD8\xFF\xE0 not really a jpeg".to_vec())
        .await;
    let Some(Output::Problem { message }) = outputs.last() else {
        panic!("expected a problem: {outputs:#?}")
    };
    assert!(!message.is_empty());
    let outputs = rig.look_at(&layouts::bike_qr("HB 0001", "Scan")).await;
    assert!(
        matches!(outputs.last(), Some(Output::Seen { view, .. }) if !view.qr_payloads.is_empty()),
        "{outputs:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_text_gets_a_sharper_look_from_the_glasses() {
    let mut rig = paired().await;
    let ink = [20, 20, 24];
    let scene = Scene::new(640, 480, [235, 235, 235])
        .with(Element::Text {
            text: "Opening hours".into(),
            x: 40,
            y: 60,
            size: 48.0,
            color: ink,
            centered: false,
        })
        .with(Element::Text {
            text: "Mon-Sun 09:00-21:00".into(),
            x: 40,
            y: 300,
            size: 10.0,
            color: ink,
            centered: false,
        });
    // The first reading finds the small line; the glasses are then asked for a crop of it.
    let first = rig.look_at(&scene).await;
    assert!(matches!(
        first.last(),
        Some(Output::Seen {
            closer_look: false,
            ..
        })
    ));
    let closer = until(&mut rig.outputs, |o| {
        matches!(
            o,
            Output::Seen {
                closer_look: true,
                ..
            } | Output::Problem { .. }
        )
    })
    .await;
    assert_read(&closer, "09:00", "the sharper look");
}

/// The confused deputy: a bystander's sentence, a barcode the wearer lingers on and a bike's
/// QR code each arm a card. A double tap presses only the card displayed last; a card whose
/// expiry passed is re-quoted (a fresh card), never paid; a spend above the tap limit moves
/// to the phone, which pays only when its prompt confirms.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_a_tap_confirms_only_the_displayed_card_within_its_expiry_and_limit() {
    let mut rig = paired_with(|c| c.confirmation.tap_limit_yuan = 100).await;
    let orders = |rig: &Rig| rig.companion.store().read(ledger::totals).unwrap().orders;
    let shown = |outputs: &[Output]| -> Vec<sightline_core::card::Card> {
        outputs
            .iter()
            .filter_map(|o| match o {
                Output::Card { card, .. } => Some(card.clone()),
                _ => None,
            })
            .collect()
    };
    // 1. A bystander says a trip plan near the wearer: a plan card with a Pay action.
    rig.glasses.play(Message::Transcript(Transcript {
        text: "plan my trip to Harbin next week and get me snow boots in size 42 before I leave"
            .into(),
        is_final: true,
    }));
    let said = until(&mut rig.outputs, |o| matches!(o, Output::Card { .. })).await;
    let plan = shown(&said).pop().unwrap();
    let plan_pay = plan.confirmation().unwrap().clone();
    let ActionKind::Pay {
        total: plan_total, ..
    } = plan_pay.kind
    else {
        panic!("{plan_pay:?}")
    };
    assert!(plan_total > Cny::yuan(100), "{plan_total}");

    // 2. The wearer lingers over a can of cola: a price card with a Pay action.
    let (shop, ean, bike_qr, bike_id) = {
        let city = rig.city();
        let shop: (f64, f64) = city
            .query_row(
                "SELECT lat, lon FROM poi WHERE category = 'convenience_store' ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let ean: String = city
            .query_row(
                "SELECT ean13 FROM product WHERE key LIKE 'coca-cola-330%' LIMIT 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let (qr, id): (String, String) = city
            .query_row(
                "SELECT qr_payload, id FROM bike WHERE status = 'available' ORDER BY id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        (shop, ean, qr, id)
    };
    rig.companion
        .update_location(
            sightline_core::geo::GeoPoint::new(shop.0, shop.1),
            Some(90.0),
            Some(0.0),
        )
        .unwrap();
    let label = View {
        barcodes: vec![ean],
        ..View::default()
    };
    let mut product = None;
    for step_ms in [0, 700, 900] {
        rig.companion.clock().advance(step_ms);
        let cards = rig.companion.observe(label.clone()).await.unwrap();
        product = product.or(cards
            .into_iter()
            .find(|c| c.kind == CardKind::PriceComparison));
    }
    let product = product.expect("lingering over a barcode shows its prices");
    let product_pay = product.confirmation().unwrap().clone();

    // 3. A bike's QR code comes into view: an unlock card, displayed last.
    let bike = rig
        .companion
        .observe(View {
            qr_payloads: vec![bike_qr],
            ..View::default()
        })
        .await
        .unwrap();
    assert_eq!(bike.len(), 1, "{bike:?}");
    while rig.outputs.try_next().is_some() {}

    // The tap presses the bike card, the one displayed: nothing is bought.
    let tapped = rig.double_tap().await;
    assert_eq!(
        cards(&tapped),
        vec![(CardKind::Receipt, Trigger::Confirmed)],
        "{tapped:#?}"
    );
    assert!(shown(&tapped)[0].title.contains(&bike_id));
    assert_eq!(
        orders(&rig),
        0,
        "the plan and the price card were not displayed"
    );
    // The receipt is displayed now: a tap presses nothing, though two cards are still armed.
    let nothing = rig.double_tap().await;
    assert!(
        matches!(nothing.last(), Some(Output::Problem { .. })),
        "{nothing:#?}"
    );
    assert_eq!(orders(&rig), 0);

    // 4. The phone confirms the price card 31 s after it was shown: re-quoted, not paid.
    rig.companion.clock().advance(31_000);
    let fresh = rig.companion.confirm(&product_pay.id).await.unwrap();
    assert_eq!(fresh.kind, CardKind::PriceComparison);
    let fresh_pay = fresh.confirmation().unwrap().clone();
    assert_ne!(fresh_pay.id, product_pay.id);
    assert_eq!(fresh_pay.kind, product_pay.kind, "same price, fresh action");
    assert_eq!(orders(&rig), 0, "an expired card is never paid");
    assert!(
        rig.companion.confirm(&product_pay.id).await.is_err(),
        "the old action is gone"
    );
    // The fresh card is displayed; left for 31 s, a tap re-quotes it again instead of paying.
    until(&mut rig.outputs, |o| {
        matches!(
            o,
            Output::Card {
                trigger: Trigger::Requoted,
                ..
            }
        )
    })
    .await;
    rig.companion.clock().advance(31_000);
    while rig.outputs.try_next().is_some() {}
    let late = rig.double_tap().await;
    assert_eq!(
        cards(&late),
        vec![(CardKind::PriceComparison, Trigger::Requoted)],
        "{late:#?}"
    );
    assert_eq!(orders(&rig), 0);
    while rig.outputs.try_next().is_some() {}
    // A tap within the expiry pays the card shown, at the price shown.
    let paid = rig.double_tap().await;
    assert_eq!(cards(&paid), vec![(CardKind::Receipt, Trigger::Confirmed)]);
    assert_eq!(orders(&rig), 1);

    // 5. The plan (above the 100-yuan tap limit) displayed again: the tap asks the phone.
    rig.glasses.play(Message::Transcript(Transcript {
        text: "plan my trip to Harbin next week and get me snow boots in size 42 before I leave"
            .into(),
        is_final: true,
    }));
    let again = until(&mut rig.outputs, |o| matches!(o, Output::Card { .. })).await;
    let plan = shown(&again).pop().unwrap();
    let pay = plan.confirmation().unwrap().clone();
    assert_ne!(
        pay.id, plan_pay.id,
        "every plan has its own action and keys"
    );
    let asked = rig.double_tap().await;
    match asked.last() {
        Some(Output::ConfirmOnPhone {
            action_id,
            total,
            reason: PhoneReason::AboveTapLimit { limit },
            ..
        }) => {
            assert_eq!(action_id, &pay.id);
            assert_eq!(*total, Some(plan_total));
            assert_eq!(*limit, Cny::yuan(100));
        }
        other => panic!("{other:#?}"),
    }
    assert_eq!(orders(&rig), 1, "the tap alone does not pay");
    // The app's biometric prompt succeeded: the phone confirms that action.
    let receipt = rig.companion.confirm(&pay.id).await.unwrap();
    assert_eq!(receipt.kind, CardKind::Receipt);
    assert_eq!(orders(&rig), 4, "train + hotel + boots");
}

/// Shows the camera the Alipay code on the counter of the first convenience store: the
/// payee's card asks for the amount, and is drawn on the glasses.
async fn counter_code_in_view(rig: &mut Rig) {
    let (key, name): (String, String) = rig
        .city()
        .query_row(
            "SELECT key, name_zh FROM poi WHERE category = 'convenience_store' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let code = merchant_code_payload(PayNetwork::Alipay, &key);
    let seen = rig
        .look_at(&layouts::counter_code(&code, "支付宝 扫码付款"))
        .await;
    assert!(
        cards(&seen).contains(&(
            CardKind::MerchantPay,
            Trigger::Proactive(sightline_core::proactive::RuleId::MerchantPay)
        )),
        "{seen:#?}"
    );
    eventually("the payee's name drawn on the glasses", || {
        rig.display_text().contains(&name)
    })
    .await;
}

/// The glasses' own recogniser heard `text` (a final transcript over the link).
fn say(rig: &mut Rig, text: &str) {
    rig.glasses.play(Message::Transcript(Transcript {
        text: text.into(),
        is_final: true,
    }));
}

/// Says `amount` to the glasses while a merchant code waits for one: the card shown for it.
async fn amount_said(rig: &mut Rig, amount: &str) -> sightline_core::card::Card {
    say(rig, amount);
    let said = until(&mut rig.outputs, |o| matches!(o, Output::Card { .. })).await;
    let Some(Output::Card { card, .. }) = said.last() else {
        unreachable!()
    };
    card.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_a_merchant_code_on_the_counter_is_paid_by_voice_and_tap_or_on_the_phone() {
    let mut rig = paired().await;
    let orders = |rig: &Rig| rig.companion.store().read(ledger::totals).unwrap();
    // The camera reads the code on the counter: the payee's card asks for the amount.
    counter_code_in_view(&mut rig).await;
    // The amount said to the glasses, in Chinese; one double tap pays it.
    let card = amount_said(&mut rig, "三十五块").await;
    assert_eq!(card.kind, CardKind::MerchantPay);
    assert!(card.title.contains("¥35"), "{card:?}");
    assert_eq!(orders(&rig).orders, 0, "nothing paid before the tap");
    let paid = rig.double_tap().await;
    assert_eq!(cards(&paid), vec![(CardKind::Receipt, Trigger::Confirmed)]);
    let totals = orders(&rig);
    assert_eq!((totals.orders, totals.gmv), (1, Cny::yuan(35)));
    // Above the ¥2,000 tap limit, the tap moves the confirmation to the phone.
    let card = amount_said(&mut rig, "two thousand five hundred yuan").await;
    let pay = card.confirmation().unwrap().clone();
    let asked = rig.double_tap().await;
    match asked.last() {
        Some(Output::ConfirmOnPhone {
            action_id,
            total,
            reason: PhoneReason::AboveTapLimit { .. },
            ..
        }) => {
            assert_eq!(action_id, &pay.id);
            assert_eq!(*total, Some(Cny::yuan(2_500)));
        }
        other => panic!("{other:#?}"),
    }
    assert_eq!(
        orders(&rig).orders,
        1,
        "the tap alone does not pay above the limit"
    );
    let receipt = rig.companion.confirm(&pay.id).await.unwrap();
    assert_eq!(receipt.kind, CardKind::Receipt);
    let totals = orders(&rig);
    assert_eq!((totals.orders, totals.gmv), (2, Cny::yuan(2_535)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_the_confirm_on_phone_words_follow_the_card_not_the_preference() {
    // The phone is set to one language; the amount is said in the other, so the card is in
    // the other. What sends the wearer to the phone — the words spoken on the glasses and
    // the phone sheet's summary — is in the card's language.
    for (preferred, amount, yes, card_language) in [
        (Language::En, "三十五块", "好的", Language::Zh),
        (Language::Zh, "thirty-five yuan", "yes", Language::En),
    ] {
        let mut rig = paired().await;
        rig.companion.set_language(preferred);
        counter_code_in_view(&mut rig).await;
        let card = amount_said(&mut rig, amount).await;
        assert_eq!(card.language, card_language, "{card:?}");
        let spoken_before = rig.glasses.with_engine(|e| e.speech_log().len());
        say(&mut rig, yes);
        let answered = until(&mut rig.outputs, |o| matches!(o, Output::Answered { .. })).await;
        let summary = answered
            .iter()
            .find_map(|o| match o {
                Output::ConfirmOnPhone {
                    summary,
                    reason: PhoneReason::AmountHeard,
                    ..
                } => Some(summary.clone()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{answered:#?}"));
        let summary_words = match card_language {
            Language::Zh => "用支付宝付¥35给",
            Language::En => "¥35 to ",
        };
        assert!(summary.starts_with(summary_words), "{summary}");
        let expected = match card_language {
            Language::Zh => "请在手机上确认",
            Language::En => "confirm this on your phone",
        };
        let spoken = || {
            rig.glasses
                .with_engine(|e| e.speech_log()[spoken_before..].join(" "))
        };
        eventually(
            "the glasses say, in the card's language, to confirm on the phone",
            || spoken().contains(expected),
        )
        .await;
        assert!(!spoken().contains(match card_language {
            Language::Zh => "confirm this on your phone",
            Language::En => "请在手机上确认",
        }));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_a_merchant_amount_heard_is_not_confirmed_by_a_spoken_yes() {
    // The cashier names the amount near the glasses and says "好的": the voice that named
    // the amount cannot also confirm it. The wearer's tap (or the phone) can.
    let mut rig = paired().await;
    let orders = |rig: &Rig| rig.companion.store().read(ledger::totals).unwrap();
    counter_code_in_view(&mut rig).await;
    let card = amount_said(&mut rig, "三十五块").await;
    let pay = card.confirmation().unwrap().clone();
    say(&mut rig, "好的");
    let answered = until(&mut rig.outputs, |o| matches!(o, Output::Answered { .. })).await;
    assert!(
        answered.iter().any(|o| matches!(
            o,
            Output::ConfirmOnPhone { action_id, reason: PhoneReason::AmountHeard, .. }
                if *action_id == pay.id
        )),
        "{answered:#?}"
    );
    assert!(
        matches!(answered.last(), Some(Output::Answered { outcome, .. })
            if *outcome == sightline_core::companion::AnswerOutcome::MovedToPhone),
        "{answered:#?}"
    );
    assert_eq!(
        orders(&rig).orders,
        0,
        "a spoken yes paid an amount it heard"
    );
    // The wearer's double tap pays it, once.
    let paid = rig.double_tap().await;
    assert_eq!(cards(&paid), vec![(CardKind::Receipt, Trigger::Confirmed)]);
    let totals = orders(&rig);
    assert_eq!((totals.orders, totals.gmv), (1, Cny::yuan(35)));
}
