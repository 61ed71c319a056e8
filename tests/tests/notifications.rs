//! Phone notifications on the glasses, through each family's driver and simulated
//! peripheral: the G1 gets them with its own `4B` command (the simulated G1 decodes the
//! JSON), other displays as a small card; only allowed apps, never while moving fast or while
//! a card waits for confirmation, at most four a minute, cut to the display, never stored.

// Test helpers outside #[test] fns unwrap too: a failed fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sightline_core::companion::{CompanionError, Output, View};
use sightline_core::link::device::Family;
use sightline_core::notifications::{Delivery, HeldBack, PhoneNotification};
use sightline_core::services::PayNetwork;
use sightline_core::services::local::merchant_code_payload;
use sightline_tests::{SimRig, eventually, family_mart, sim_rig, until};

/// 2026-11-26 10:00 in Hangzhou.
const START_MS: i64 = 1_795_658_400_000;
const SECRET: &str = "验证码 493021 请勿告诉他人";

async fn rig(family: Family) -> SimRig {
    sim_rig(family, START_MS).await
}

fn wechat(title: &str, body: &str) -> PhoneNotification {
    PhoneNotification {
        app_id: "com.tencent.mm".into(),
        app_name: "WeChat".into(),
        title: title.into(),
        body: body.into(),
        posted_at_ms: START_MS,
    }
}

async fn notify(rig: &SimRig, n: PhoneNotification) -> Delivery {
    rig.companion.notify(n).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_g1_notifications_are_filtered_shortened_and_sent_in_the_g1_format() {
    let mut rig = rig(Family::G1).await;
    let history_before = rig.companion.history(100).unwrap().len();
    // An allowed app: cut to the G1's 30 columns (15 CJK characters), first line only.
    let long = "今晚七点在湖滨银泰的外婆家吃饭，记得带上伞，天气预报说有雨\n第二行";
    assert_eq!(notify(&rig, wechat("李娜", long)).await, Delivery::Shown);
    eventually("the G1 decoded the notification", || {
        rig.device.notifications().len() == 1
    })
    .await;
    let shown = rig.device.notifications()[0].clone();
    assert_eq!(shown.app_identifier, "com.tencent.mm");
    assert_eq!(shown.display_name, "WeChat");
    assert_eq!(shown.title, "李娜");
    assert_eq!(shown.message, "今晚七点在湖滨银泰的外婆家吃…");
    assert_eq!(shown.time_s, START_MS / 1000);
    assert_eq!(shown.date, "2026-11-26 10:00:00");

    // Not on the allowlist; then the wearer's own allowlist.
    let taobao = PhoneNotification {
        app_id: "com.taobao.taobao".into(),
        app_name: "淘宝".into(),
        ..wechat("双十二", "全场五折")
    };
    assert_eq!(
        notify(&rig, taobao.clone()).await,
        Delivery::Held(HeldBack::NotAllowed)
    );
    rig.companion
        .set_preference(
            "notifications.apps",
            serde_json::json!(["com.taobao.taobao"]),
        )
        .unwrap();
    assert_eq!(notify(&rig, taobao).await, Delivery::Shown);
    assert_eq!(
        notify(&rig, wechat("李娜", "hi")).await,
        Delivery::Held(HeldBack::NotAllowed)
    );
    rig.companion
        .remove_preference("notifications.apps")
        .unwrap();

    // Empty and huge bodies.
    assert!(matches!(
        rig.companion.notify(wechat(" ", "\n")).await,
        Err(sightline_core::Error::Companion(
            CompanionError::EmptyNotification
        ))
    ));
    rig.companion.clock().advance(61_000);
    let huge = "x".repeat(2_000_000);
    assert_eq!(notify(&rig, wechat("Spam", &huge)).await, Delivery::Shown);
    eventually("the huge one decoded, cut", || {
        rig.device.notifications().len() == 3
    })
    .await;
    assert_eq!(rig.device.notifications()[2].message.chars().count(), 30);

    // Quiet while moving fast.
    let here = sightline_core::geo::GeoPoint::new(30.2590, 120.1650);
    rig.companion
        .update_location(here, Some(0.0), Some(6.0))
        .unwrap();
    assert_eq!(
        notify(&rig, wechat("李娜", "到了吗")).await,
        Delivery::Held(HeldBack::MovingFast)
    );
    for _ in 0..3 {
        // Standing still again (the speed is a median over the last fixes).
        rig.companion
            .update_location(here, Some(0.0), Some(0.0))
            .unwrap();
    }

    // Quiet while a card waits for the wearer's confirmation: a shop's code, an amount.
    let key = family_mart(&rig.companion).await.id;
    let code = merchant_code_payload(PayNetwork::Alipay, &key);
    let seen = rig
        .companion
        .observe(View {
            qr_payloads: vec![code],
            ..View::default()
        })
        .await
        .unwrap();
    assert!(!seen.is_empty(), "the code's card is shown");
    let pay = rig.companion.ask("三十五块").await.unwrap();
    assert!(pay.confirmation().is_some(), "{pay:?}");
    assert_eq!(
        notify(&rig, wechat("李娜", "到了吗")).await,
        Delivery::Held(HeldBack::AwaitingConfirmation)
    );
    // Once the confirmation has expired, notifications flow again — at most four a minute.
    rig.companion.clock().advance(61_000);
    let sent: Vec<Delivery> = five_in_a_row(&rig).await;
    assert_eq!(
        sent.iter().filter(|d| **d == Delivery::Shown).count(),
        4,
        "{sent:?}"
    );
    assert_eq!(sent.last(), Some(&Delivery::Held(HeldBack::RateLimited)));
    // The notification now on the display: a double tap presses no older card's action.
    while rig.outputs.try_next().is_some() {}
    rig.device.double_tap();
    let tapped = until(&mut rig.outputs, |o| {
        matches!(
            o,
            Output::Problem { .. } | Output::Card { .. } | Output::ConfirmOnPhone { .. }
        )
    })
    .await;
    assert!(
        matches!(tapped.last(), Some(Output::Problem { .. })),
        "{tapped:#?}"
    );

    // Nothing of a notification is stored: not in history, not in any database file.
    let secret_sent = {
        rig.companion.clock().advance(61_000);
        notify(&rig, wechat("95588", SECRET)).await
    };
    assert_eq!(secret_sent, Delivery::Shown);
    let history = rig.companion.history(100).unwrap();
    assert!(
        history.len() <= history_before + 3,
        "only the cards the wearer saw are in history: {history:?}"
    );
    assert!(history.iter().all(|e| e.entry.kind != "info"));
    let mut stored = Vec::new();
    for file in std::fs::read_dir(rig.dir.path()).unwrap() {
        stored.extend(std::fs::read(file.unwrap().path()).unwrap_or_default());
    }
    let needle = "493021".as_bytes();
    assert!(!stored.windows(needle.len()).any(|w| w == needle));
}

/// Five notifications in a row from WeChat.
async fn five_in_a_row(rig: &SimRig) -> Vec<Delivery> {
    let mut sent = Vec::new();
    for i in 0..5 {
        sent.push(notify(rig, wechat("群聊", &format!("消息 {i}"))).await);
    }
    sent
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_notifications_without_a_notification_command_are_a_card_or_held() {
    // Frame: a display but no notification command: a small card.
    let frame = rig(Family::Frame).await;
    assert_eq!(
        notify(&frame, wechat("李娜", "晚上见")).await,
        Delivery::Shown
    );
    eventually("the notification drawn on the Frame", || {
        frame
            .device
            .shown_text()
            .iter()
            .any(|l| l.contains("晚上见"))
    })
    .await;
    assert!(frame.device.notifications().is_empty());
    // OpenGlass: neither display nor speaker: held, the phone keeps it.
    let openglass = rig(Family::OpenGlass).await;
    assert_eq!(
        notify(&openglass, wechat("李娜", "晚上见")).await,
        Delivery::Held(HeldBack::NoGlasses)
    );
}
