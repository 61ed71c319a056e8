//! `sightline demo --json` end to end, as a user runs it: simulated glasses paired over the
//! simulated link, rendered camera frames read with the real models, and the walk's cards are
//! the expected ones, in order; a bad scenario file is a clear error.

// Test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

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

#[test]
fn the_built_in_walk_shows_the_expected_cards() {
    let run = sightline(&["demo", "--json"]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "demo failed: {stderr}");
    let events: Vec<Value> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let of = |kind: &str| -> Vec<&Value> { events.iter().filter(|e| e["event"] == kind).collect() };

    assert_eq!(of("pairing").len(), 1, "the code is compared once");
    let cards: Vec<(String, String)> = of("card")
        .iter()
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
        .collect();
    let expected = [
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
        ("plan", "asked"),
        ("receipt", "confirmed"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, t)| (k.to_string(), t.to_string()))
        .collect();
    assert_eq!(cards, expected);

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
    assert_eq!(summary["cards"], 15);
    assert_eq!(
        summary["orders"], 5,
        "soda + the shop's code + train + hotel + boots"
    );
    assert_eq!(summary["interactions"], 8);
    assert!(summary["baseline_clicks"].as_u64().unwrap() > 5);
    assert!(summary["glance_to_card_median_ms"].as_f64().unwrap() > 0.0);
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
