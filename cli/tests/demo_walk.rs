//! `sightline demo --json` end to end, as a user runs it: simulated glasses paired over the
//! simulated link, rendered camera frames read with the real models, and the walk's cards are
//! the expected ones, in order — and the same cards in Chinese with `--lang zh`; a bad
//! scenario file is a clear error.

// Test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use sightline_core::locale::Language;

fn models_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models")
}

fn sightline(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_sightline"))
        .arg("--models-dir")
        .arg(models_dir())
        .args(args)
        .output()
        .unwrap()
}

/// The events of one `sightline demo --json …` run (which must succeed).
fn walk_events(args: &[&str]) -> Vec<Value> {
    let run = sightline(args);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "demo failed: {stderr}");
    String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The cards of a walk as (kind, what showed it).
fn cards_shown(events: &[Value]) -> Vec<(String, String)> {
    events
        .iter()
        .filter(|e| e["event"] == "card")
        .map(|e| {
            let trigger = &e["data"]["trigger"];
            let trigger = trigger
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| trigger["proactive"].as_str().unwrap().to_string());
            (
                e["data"]["card"]["kind"].as_str().unwrap().to_string(),
                trigger,
            )
        })
        .collect()
}

/// The cards the built-in walk shows, in either language.
fn expected_cards() -> Vec<(String, String)> {
    [
        ("guide", "landmark_guide"),
        ("guide", "confirmed"),
        ("place_info", "place_front"),
        ("place_info", "place_front"),
        ("stock_answer", "asked"),
        ("place_info", "place_front"),
        ("price_comparison", "product_compare"),
        ("receipt", "confirmed"),
        ("merchant_pay", "merchant_pay"),
        ("merchant_pay", "asked"),
        ("receipt", "confirmed"),
        ("bike_unlock", "bike_unlock"),
        ("receipt", "confirmed"),
        ("translation", "asked"),
        ("plan", "asked"),
        ("receipt", "confirmed"),
    ]
    .iter()
    .map(|(k, t)| (k.to_string(), t.to_string()))
    .collect()
}

#[test]
fn the_built_in_walk_shows_the_expected_cards() {
    let events = walk_events(&["demo", "--json", "--lang", "en"]);
    let of = |kind: &str| -> Vec<&Value> { events.iter().filter(|e| e["event"] == kind).collect() };

    assert_eq!(of("pairing").len(), 1, "the code is compared once");
    assert_eq!(cards_shown(&events), expected_cards());

    let notified = of("notification");
    assert_eq!(notified.len(), 1, "the WeChat message step");
    assert_eq!(notified[0]["data"]["delivery"], "shown");
    let translation = of("card")
        .into_iter()
        .find(|e| e["data"]["card"]["kind"] == "translation")
        .unwrap();
    assert_eq!(
        translation["data"]["card"]["lines"][0], "雷峰塔: Leifeng Pagoda",
        "the sign's known line, translated offline"
    );

    let held: Vec<&str> = of("held back")
        .iter()
        .map(|e| e["data"]["why"].as_str().unwrap())
        .collect();
    assert!(
        held.contains(&"moving_fast"),
        "cycling holds cards back: {held:?}"
    );
    assert!(
        held.contains(&"repeat"),
        "the pagoda is not repeated: {held:?}"
    );

    // Every frame crossed the link and was read on the device.
    let seen = of("recognised");
    assert!(seen.len() >= 11, "{} frames read", seen.len());
    assert!(
        seen.iter()
            .any(|e| e["data"]["view"]["barcodes"][0].as_str().is_some()),
        "a barcode was read from a rendered label"
    );
    assert!(
        seen.iter().any(|e| e["data"]["view"]["qr_payloads"][0]
            .as_str()
            .is_some_and(|q| q.starts_with("https://qr.alipay.com/"))),
        "the shop's payment code was read from the rendered counter stand"
    );

    let summary = &of("summary")[0]["data"];
    assert_eq!(summary["cards"], 16);
    assert_eq!(
        summary["orders"], 5,
        "soda + the shop's code + train + hotel + boots"
    );
    assert_eq!(
        summary["interactions"], 9,
        "the translation question is one more"
    );
    assert!(summary["baseline_clicks"].as_u64().unwrap() > 5);
    assert!(summary["glance_to_card_median_ms"].as_f64().unwrap() > 0.0);
}

#[test]
fn the_built_in_walk_in_chinese_shows_the_same_cards_in_chinese() {
    let events = walk_events(&["demo", "--json", "--lang", "zh"]);
    assert_eq!(cards_shown(&events), expected_cards());
    for event in events.iter().filter(|e| e["event"] == "card") {
        let card = &event["data"]["card"];
        let text = |key: &str| card[key].as_str().unwrap().to_string();
        let speech = text("speech");
        // Every spoken sentence is Chinese (names only in English excepted: Pinduoduo).
        assert_eq!(Language::of_text(&speech), Language::Zh, "{card}");
        for word in [
            "Confirm", "Paid", "More", "Unlock", "nights", "arrives", "yuan",
        ] {
            assert!(!speech.contains(word), "{word} in {card}");
            assert!(!text("title").contains(word), "{word} in {card}");
        }
        for action in card["actions"].as_array().unwrap() {
            let label = action["label"].as_str().unwrap();
            assert_eq!(Language::of_text(label), Language::Zh, "{card}");
        }
    }
}

#[test]
fn a_bad_scenario_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("walk.toml");
    std::fs::write(
        &path,
        "name = \"x\"\n[[step]]\nqr = \"a\"\nproduct = \"b\"\n",
    )
    .unwrap();
    let run = sightline(&["demo", "--scenario", path.to_str().unwrap()]);
    assert!(!run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("walk.toml") && stderr.contains("step 1"),
        "{stderr}"
    );
}
