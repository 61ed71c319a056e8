//! The intent corpus: every utterance in `tests/data/intents/*.jsonl` is parsed and compared
//! with its expected intents and slots. `dev.jsonl` is the part the parser is tuned on. Each
//! `heldout*.jsonl` was written before the round of parser changes it measures and is never
//! edited; once its misses have been looked at while changing the parser it is no longer a
//! clean measure, so each round adds a new one: `heldout.jsonl` (first parser), `-wide`,
//! `-fresh`, `-final`, `-r4` and `-r5` (all seen since: `-r5`'s misses were studied in the
//! sixth round), and `-r6`, written outside the repo during the sixth round and measured once
//! when it joined: 88.9 % kinds, 81.5 % all slots, the clean measure of round six. Its misses
//! were studied in the seventh round, so it is seen now too. `-r7` was written outside the repo
//! during round seven and measured once when it joined: 91.3 % kinds, 86.1 % all slots, the
//! clean measure of round seven; its misses were studied in round eight, so it is seen now too.
//! `-r8`, written outside the repo during round eight, joined through [`CLEAN`] and was measured
//! once: 91.2 % kinds, 79.2 % all slots, the clean measure of round eight. The bars below guard what every part measures
//! now. The run prints every part's figures:
//! `cargo test --workspace --features sightline-ffi/bindgen,sightline-ffi/sim --test intent_corpus -- --nocapture`.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use serde_json::Value;
use sightline_core::intent::{AskContext, InView, parse};
use std::path::Path;

/// The fixed "now" of the corpus: Thursday 26 November 2026, 10:00 in Shanghai.
const NOW: &str = "2026-11-26T10:00:00+08:00";

struct Case {
    utterance: String,
    expected: Vec<(String, serde_json::Map<String, Value>)>,
    context: AskContext,
}

fn load(name: &str) -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/intents")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let now = DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc);
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let mut context = AskContext::at(now);
            if let Some(c) = v.get("context") {
                if let Some(view) = c.get("in_view") {
                    context.in_view = serde_json::from_value::<InView>(view.clone()).unwrap();
                }
                if let Some(size) = c.get("shoe_size").and_then(Value::as_f64) {
                    context.preferences.shoe_size = Some(size as f32);
                }
            }
            let expected = v["intents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    (
                        i["kind"].as_str().unwrap().to_string(),
                        i["slots"].as_object().unwrap().clone(),
                    )
                })
                .collect();
            Case {
                utterance: v["utterance"].as_str().unwrap().to_string(),
                expected,
                context,
            }
        })
        .collect()
}

/// (kinds right, slots right, total) over a corpus file, printing each miss.
fn score(name: &str) -> (usize, usize, usize) {
    let cases = load(name);
    let (mut kinds_ok, mut slots_ok) = (0, 0);
    for case in &cases {
        let parsed = parse(&case.utterance, &case.context);
        let got: Vec<&str> = parsed.intents.iter().map(|i| i.kind.as_str()).collect();
        let want: Vec<&str> = case.expected.iter().map(|(k, _)| k.as_str()).collect();
        if got != want {
            println!(
                "  kind miss [{name}] {:?}: got {got:?}, want {want:?}",
                case.utterance
            );
            continue;
        }
        kinds_ok += 1;
        let mut all_right = true;
        for (intent, (_, slots)) in parsed.intents.iter().zip(&case.expected) {
            for (slot, want) in slots {
                let got = intent.get(slot).map(|v| v.to_json());
                let same = match (&got, want) {
                    (Some(Value::String(g)), Value::String(w)) => g.eq_ignore_ascii_case(w),
                    (Some(Value::Number(g)), Value::Number(w)) => g.as_f64() == w.as_f64(),
                    (Some(g), w) => g == w,
                    (None, _) => false,
                };
                if !same {
                    all_right = false;
                    println!(
                        "  slot miss [{name}] {:?}: {}.{slot} = {got:?}, want {want}",
                        case.utterance, intent.kind
                    );
                }
            }
        }
        if all_right {
            slots_ok += 1;
        }
    }
    (kinds_ok, slots_ok, cases.len())
}

/// The bars on `heldout-r6.jsonl` (written outside the repo by someone
/// who never read the parser: 88.9 % kinds, 81.5 % all slots when first measured, the clean
/// figure of round six; 100 % / 100 % after round seven studied its misses): a little under
/// what it measures now, so no later round loses what this one gained.
const R6_KINDS: f64 = 98.5;
/// See [`R6_KINDS`].
const R6_SLOTS: f64 = 98.0;
/// The bars on `heldout-r7.jsonl` (written outside the repo during round seven by someone who
/// read neither the parser nor `-r6`: 91.3 % kinds, 86.1 % all slots when first measured, the
/// clean figure of round seven; 100 % / 100 % after round eight studied its misses): as for
/// `-r6`, a little under what it measures now.
const R7_KINDS: f64 = 98.5;
/// See [`R7_KINDS`].
const R7_SLOTS: f64 = 98.0;
/// The clean held-out part, if one has joined since the last round of changes: its file name
/// and its bars on kinds and all slots (a little under its first measure). `heldout-r8.jsonl`
/// (159 utterances, written outside the repo during round eight by someone who read neither
/// the parser nor any earlier part) measured 91.2 % kinds, 79.2 % all slots when it joined.
const CLEAN: Option<(&str, f64, f64)> = Some(("heldout-r8.jsonl", 90.0, 78.0));
/// The bars over every file but the clean part, a little under what is measured (100 % kinds,
/// 100 % slots at the end of round eight, 1,879 utterances).
const ALL_KINDS: f64 = 99.0;
/// See [`ALL_KINDS`].
const ALL_SLOTS: f64 = 98.5;

fn pct(n: usize, total: usize) -> f64 {
    100.0 * n as f64 / total.max(1) as f64
}

/// The corpus files: the tuning part first, then the held-out parts.
const FILES: [&str; 9] = [
    "dev.jsonl",
    "heldout.jsonl",
    "heldout-wide.jsonl",
    "heldout-fresh.jsonl",
    "heldout-final.jsonl",
    "heldout-r4.jsonl",
    "heldout-r5.jsonl",
    "heldout-r6.jsonl",
    "heldout-r7.jsonl",
];

/// Every corpus file: [`FILES`] and the clean part, if any.
fn all_files() -> Vec<&'static str> {
    FILES
        .into_iter()
        .chain(CLEAN.map(|(name, _, _)| name))
        .collect()
}

#[test]
fn intent_corpus_meets_the_accuracy_bar() {
    let [dev, held, wide, fresh, fin, r4, r5, r6, r7] = FILES.map(score);
    let clean = CLEAN.map(|(name, kinds, slots)| (name, score(name), kinds, slots));
    let parts = [held, wide, fresh, fin, r4, r5, r6, r7];
    // The seen parts: the clean one, if any, is measured against its own bars only.
    let held_all = parts
        .iter()
        .fold((0, 0, 0), |a, p| (a.0 + p.0, a.1 + p.1, a.2 + p.2));
    let all = (dev.0 + held_all.0, dev.1 + held_all.1, dev.2 + held_all.2);
    for (label, (k, s, n)) in [
        ("tuning (dev)", dev),
        ("held-out (first)", held),
        ("held-out (wide)", wide),
        ("held-out (fresh)", fresh),
        ("held-out (final)", fin),
        ("held-out (r4)", r4),
        ("held-out (r5)", r5),
        (
            "held-out (r6, seen in round seven; first 88.9 % / 81.5 %)",
            r6,
        ),
        (
            "held-out (r7, seen in round eight; first 91.3 % / 86.1 %)",
            r7,
        ),
        ("held-out (all seen)", held_all),
        ("all", all),
    ] {
        println!(
            "intent corpus {label}: {n} utterances, kinds right {k} ({:.1}%), all slots right {s} ({:.1}%)",
            pct(k, n),
            pct(s, n)
        );
    }
    assert!(all.2 >= 200, "the corpus must have at least 200 utterances");
    meets_bars("all files", all, ALL_KINDS, ALL_SLOTS);
    meets_bars("heldout-r6 (seen)", r6, R6_KINDS, R6_SLOTS);
    meets_bars("heldout-r7 (seen)", r7, R7_KINDS, R7_SLOTS);
    if let Some((name, part, kinds, slots)) = clean {
        println!(
            "intent corpus held-out ({name}, clean): {} utterances, kinds right {} ({:.1}%), all slots right {} ({:.1}%)",
            part.2,
            part.0,
            pct(part.0, part.2),
            part.1,
            pct(part.1, part.2)
        );
        meets_bars(name, part, kinds, slots);
    }
}

/// Fails when a part's (kinds right, slots right, total) falls under its two bars.
fn meets_bars(
    part: &str,
    (kinds, slots, total): (usize, usize, usize),
    kinds_bar: f64,
    slots_bar: f64,
) {
    assert!(
        pct(kinds, total) >= kinds_bar,
        "{part}: intent kinds below the bar"
    );
    assert!(
        pct(slots, total) >= slots_bar,
        "{part}: all slots right below the bar"
    );
}

#[test]
fn corpus_is_at_least_40_percent_chinese() {
    let cases: Vec<Case> = all_files().iter().flat_map(|n| load(n)).collect();
    let chinese = cases
        .iter()
        .filter(|c| {
            c.utterance
                .chars()
                .any(|ch| ('\u{4e00}'..='\u{9fff}').contains(&ch))
        })
        .count();
    println!(
        "intent corpus: {chinese} of {} utterances have Chinese",
        cases.len()
    );
    assert!(chinese * 10 >= cases.len() * 4);
}
