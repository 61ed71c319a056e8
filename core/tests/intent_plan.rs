//! Scenario tests of the planner on the embedded demo city: one utterance → one card with
//! cross-intent reasoning and one confirmation, confirming places the orders once, and the
//! interactions against the separate-apps baseline.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Days, NaiveDate, Utc};
use sightline_core::card::{ActionKind, CardKind};
use sightline_core::intent::{AskContext, Planner, ask};
use sightline_core::services::Confirmation;
use sightline_core::services::orders::{ComputeSpent, OrderFlow};
use sightline_core::services::{ProvidersConfig, Services};
use sightline_core::store::{Store, ledger};
use std::sync::Arc;

/// Interactions to do "plan my trip to Harbin and get snow boots before I leave" in separate
/// apps: rail app (search, pick, pay = 3), hotel app (search, dates, pick, pay = 4), shop app
/// (search, filter size, sort by delivery, compare, pick, pay, address = 7).
const SEPARATE_APPS_BASELINE: u32 = 14;

fn ctx() -> AskContext {
    let now = DateTime::parse_from_rfc3339("2026-11-26T10:00:00+08:00").unwrap();
    AskContext::at(now.with_timezone(&Utc))
}

#[tokio::test]
async fn trip_and_boots_become_one_card_with_one_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let services = Services::embedded(dir.path()).unwrap();
    let planner = Planner::new(services.clone());
    let mut ctx = ctx();
    ctx.preferences.shoe_size = Some(42.0);
    let answer = ask(
        "plan my trip to Harbin next Friday for 3 nights and get me snow boots before I leave",
        &ctx,
        &planner,
        None,
        None,
    )
    .await;
    let card = &answer.plan.card;
    println!("{}\n{}", card.title, card.lines.join("\n"));
    assert_eq!(card.kind, CardKind::Plan);
    let pays: Vec<_> = card
        .actions
        .iter()
        .filter(|a| a.requires_confirmation())
        .collect();
    assert_eq!(
        pays.len(),
        1,
        "exactly one confirmation covers all spending"
    );
    let ActionKind::Pay { total, summary } = &pays[0].kind else {
        panic!("the confirmation must be a payment")
    };
    assert_eq!(
        answer.plan.orders.len(),
        3,
        "transport + hotel + boots: {:?}",
        answer.plan.orders
    );
    assert_eq!(*total, answer.plan.orders.iter().map(|o| o.amount).sum());
    assert!(
        summary.contains("EU 42"),
        "size from preferences: {summary}"
    );
    // The boots line names the arrival day, which must be before Friday 4 December.
    let departure = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let boots = card.lines.iter().find(|l| l.contains("arrives")).unwrap();
    let arrival_ok = (1..=8).any(|back| {
        let day = departure.checked_sub_days(Days::new(back)).unwrap();
        boots.contains(&day.format("%a %-d %b").to_string())
    });
    assert!(arrival_ok, "boots must arrive before departure: {boots}");
    let interactions = answer.plan.interactions;
    assert_eq!(
        (
            interactions.utterances,
            interactions.confirmations,
            interactions.follow_ups
        ),
        (1, 1, 0)
    );
    println!(
        "interactions: separate apps {SEPARATE_APPS_BASELINE}, Sightline {}",
        interactions.total()
    );
    assert!(interactions.total() * 7 <= SEPARATE_APPS_BASELINE);

    // Confirming places the three orders once; a retry places nothing new.
    let store = Arc::new(Store::open(&dir.path().join("data").join("sightline.db")).unwrap());
    let flow = OrderFlow::new(
        store.clone(),
        services.payments.clone(),
        &ProvidersConfig::default(),
    );
    let compute = ComputeSpent {
        inference_ms: 12,
        llm_tokens: 300,
    };
    let pay = answer.plan.card.confirmation().unwrap().clone();
    let pressed = Confirmation::simulated(&pay);
    let placed = answer.plan.confirm(&pressed, &flow, compute).await.unwrap();
    assert_eq!(placed.len(), 3);
    let again = answer.plan.confirm(&pressed, &flow, compute).await.unwrap();
    let ids = |orders: &[sightline_core::store::orders::Order]| {
        orders.iter().map(|o| o.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&placed),
        ids(&again),
        "a retried confirmation never orders twice"
    );
    let totals = store.read(ledger::totals).unwrap();
    assert_eq!(totals.orders, 3);
    assert_eq!(totals.gmv, *total);
    assert_eq!(totals.llm_tokens, 300);
}

#[tokio::test]
async fn a_budget_too_small_is_said_and_nothing_late_is_bought() {
    let dir = tempfile::tempdir().unwrap();
    let planner = Planner::new(Services::embedded(dir.path()).unwrap());
    let answer = ask(
        "明天去哈尔滨，住两晚，预算100块",
        &ctx(),
        &planner,
        None,
        None,
    )
    .await;
    let text = answer.plan.card.lines.join("\n");
    // Asked in Chinese, answered in Chinese.
    assert!(text.contains("超出预算 ¥100"), "{text}");
    // Boots wanted by tomorrow morning cannot arrive in time: the card says so, no order.
    let answer = ask("买双42码的雪地靴，今天送到", &ctx(), &planner, None, None).await;
    let text = answer.plan.card.lines.join("\n");
    assert!(
        answer.plan.orders.is_empty() || text.contains("送达"),
        "{text}"
    );
}

#[tokio::test]
async fn not_understood_gives_suggestions_and_no_intents() {
    let dir = tempfile::tempdir().unwrap();
    let planner = Planner::new(Services::embedded(dir.path()).unwrap());
    let answer = ask("唱首歌给我听", &ctx(), &planner, None, None).await;
    assert!(answer.intents.is_empty());
    assert_eq!(answer.plan.card.kind, CardKind::NotUnderstood);
    assert!(
        answer
            .plan
            .card
            .lines
            .iter()
            .any(|l| l.starts_with("试试："))
    );
    let json = answer.to_json();
    assert_eq!(json["intents"], serde_json::json!([]));
    assert_eq!(json["interactions"], 1);
}

#[tokio::test]
async fn lookups_answer_from_the_demo_city() {
    let dir = tempfile::tempdir().unwrap();
    let planner = Planner::new(Services::embedded(dir.path()).unwrap());
    for utterance in [
        "介绍一下断桥",
        "find a cafe nearby",
        "去雷峰塔怎么走",
        "compare prices for snow boots",
    ] {
        let answer = ask(utterance, &ctx(), &planner, None, None).await;
        let card = &answer.plan.card;
        println!("{utterance} → {} | {}", card.title, card.lines.join(" | "));
        assert_eq!(answer.intents.len(), 1, "{utterance}");
        assert!(!card.lines.is_empty(), "{utterance}");
        assert!(
            !card.lines.iter().any(|l| is_failure_sentence(l)),
            "{utterance}: {:?}",
            card.lines
        );
    }
}

/// A line `ServiceError::for_people` writes for a limb that failed.
fn is_failure_sentence(line: &str) -> bool {
    [
        "I could not find",
        "That cannot be asked",
        "Something went wrong",
    ]
    .iter()
    .any(|start| line.starts_with(start))
        || line.contains(" service is not answering")
        || line.contains(" service said no")
        || line.contains(" service answered with an error")
}

/// A dish named exactly (`番茄炒蛋盖饭`, `pepperoni pizza`) finds restaurants cooking its kind,
/// as its listed word (`rice bowl`) does; a dish no restaurant nearby cooks is said plainly.
#[tokio::test]
async fn a_named_dish_finds_restaurants_of_its_kind() {
    let dir = tempfile::tempdir().unwrap();
    let services = Services::embedded(dir.path()).unwrap();
    let planner = Planner::new(services);
    for (utterance, delivers, kind) in [
        ("点一份番茄炒蛋盖饭", "可外送", "这些店做中餐"),
        ("帮我叫个黄焖鸡米饭外卖", "可外送", "这些店做中餐"),
        (
            "order a rice bowl for delivery",
            "delivers",
            "these serve Chinese food",
        ),
        (
            "order some pork dumplings for delivery",
            "delivers",
            "these serve dumplings",
        ),
    ] {
        let answer = ask(utterance, &ctx(), &planner, None, None).await;
        let card = &answer.plan.card;
        println!("{utterance}: {}\n{}", card.title, card.lines.join("\n"));
        assert!(
            card.lines.iter().any(|l| l.contains(delivers)),
            "{utterance}: no restaurant found"
        );
        assert!(
            card.lines.iter().any(|l| l.contains(kind)),
            "{utterance}: the card says the restaurants were found by the dish's kind"
        );
    }
    let answer = ask("我想吃酸菜鱼", &ctx(), &planner, None, None).await;
    let card = &answer.plan.card;
    println!("{}\n{}", card.title, card.lines.join("\n"));
    assert!(
        !card.lines.is_empty() && !card.lines.iter().any(|l| is_failure_sentence(l)),
        "a dish searched for gives hits or says none plainly"
    );
}
