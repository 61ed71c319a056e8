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
//! `-r8`, written outside the repo during round eight, joined and was measured once: 91.2 %
//! kinds, 79.2 % all slots, the clean measure of round eight; its misses were studied in round
//! nine, so it is seen now too. `-r9`, written outside the repo during round nine, joined and
//! was measured once: 97.4 % kinds, 92.3 % all slots, the clean measure of round nine; its misses
//! were studied in round ten, so it is seen now too. `-r10`, written outside the repo during
//! round ten, joined and was measured once: 97.5 % kinds, 90.6 % all slots, the clean measure of
//! round ten; its misses were studied in round eleven, so it is seen now too. `-r11`, written
//! outside the repo during round eleven, joined and was measured once: 94.2 % kinds, 89.6 % all
//! slots, the clean measure of round eleven; its misses were studied in round twelve, so it is
//! seen now too. `-r12`, written outside the repo during round twelve, joined and was measured
//! once: 96.3 % kinds, 92.7 % all slots, the clean measure of round twelve; its misses were
//! studied in round thirteen, so it is seen now too. `-r13`, written outside the repo during
//! round thirteen, joined and was measured once: 91.2 % kinds, 86.8 % all slots, the clean
//! measure of round thirteen; its misses were studied in round fourteen, so it is seen now too.
//! `-r14`, written outside the repo at the start of round fourteen, joined and was measured
//! once before that round changed the parser: 96.0 % kinds, 89.4 % all slots (96.7 % / 91.4 %
//! on the parser after round fourteen's first passes, before its misses were looked at); its
//! misses were studied in round fourteen too, so it is seen now. `-r15`, written outside the
//! repo at the start of round fourteen, joined and was measured once after that round: 94.0 %
//! kinds, 90.0 % all slots, the clean measure of round fourteen; its misses were studied in
//! round fifteen, so it is seen now too. `-r16`, written outside the repo during round fifteen,
//! joined and was measured once after that round: 98.1 % kinds, 93.5 % all slots, the clean
//! measure of round fifteen; its misses were studied in round sixteen, so it is seen now too.
//! `-r17` to `-r27` joined the same way, each measured once after the round before it (their
//! first figures are in the labels printed below and in docs/intents.md).
//! The next clean part joins through [`CLEAN`] after the round it measures.
//! The bars below guard what every part measures now. The run prints every part's
//! figures, and what the request gate (`intent::gate`) held back in each:
//! `cargo test --workspace --features sightline-ffi/bindgen,sightline-ffi/sim --test intent_corpus -- --nocapture`.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use serde_json::Value;
use sightline_core::intent::parse::told_clauses;
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

/// Whether a parsed slot's JSON form is the expected one (text compared without case).
fn same_value(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::String(g), Value::String(w)) => g.eq_ignore_ascii_case(w),
        (Value::Number(g), Value::Number(w)) => g.as_f64() == w.as_f64(),
        (g, w) => g == w,
    }
}

/// Expected slot values counted one by one, the usual measure of slot filling beside the
/// stricter "all slots right" of a whole line. A line whose kinds are wrong counts all its
/// expected values as missed. Values the parser gives beyond the expected ones are not counted,
/// here as in the line measure: most are defaults the labels leave out (`origin` from the
/// current city, a `category` beside a cuisine, a `quantity` of one).
#[derive(Default)]
struct SlotValues {
    expected: usize,
    right: usize,
}

/// (kinds right, slots right, total) over a corpus file, printing each miss and the file's slot
/// values counted one by one.
fn score(name: &str) -> (usize, usize, usize) {
    let cases = load(name);
    let (mut kinds_ok, mut slots_ok) = (0, 0);
    let mut values = SlotValues::default();
    for case in &cases {
        let parsed = parse(&case.utterance, &case.context);
        values.expected += case.expected.iter().map(|(_, s)| s.len()).sum::<usize>();
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
                if got.as_ref().is_some_and(|g| same_value(g, want)) {
                    values.right += 1;
                } else {
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
    println!(
        "intent corpus slot values ({name}): {} expected, {} right ({:.1}%)",
        values.expected,
        values.right,
        pct(values.right, values.expected)
    );
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
/// The bars on `heldout-r8.jsonl` (written outside the repo during round eight by someone who
/// read neither the parser nor any earlier part: 91.2 % kinds, 79.2 % all slots when first
/// measured, the clean figure of round eight; 99.4 % / 98.1 % after round nine studied its
/// misses): a little under what it measures now.
const R8_KINDS: f64 = 98.5;
/// See [`R8_KINDS`].
const R8_SLOTS: f64 = 97.5;
/// The bars on `heldout-r9.jsonl` (written outside the repo during round nine by someone who
/// read neither the parser nor any earlier part: 97.4 % kinds, 92.3 % all slots when first
/// measured, the clean figure of round nine; 100 % / 100 % after round ten studied its misses):
/// as for `-r8`, a little under what it measures now.
const R9_KINDS: f64 = 98.5;
/// See [`R9_KINDS`].
const R9_SLOTS: f64 = 97.5;
/// The bars on `heldout-r10.jsonl` (written outside the repo during round ten by someone who
/// read neither the parser nor any earlier part: 97.5 % kinds, 90.6 % all slots when first
/// measured, the clean figure of round ten; studied in round eleven): as for `-r9`, a little
/// under what it measures now.
const R10_KINDS: f64 = 98.5;
/// See [`R10_KINDS`].
const R10_SLOTS: f64 = 97.5;
/// The bars on `heldout-r11.jsonl` (written outside the repo during round eleven by someone who
/// read neither the parser nor any earlier part: 94.2 % kinds, 89.6 % all slots when first
/// measured, the clean figure of round eleven; 100 % / 99.4 % after round twelve studied its
/// misses): as for `-r10`, a little under what it measures now.
const R11_KINDS: f64 = 98.5;
/// See [`R11_KINDS`].
const R11_SLOTS: f64 = 97.5;
/// The bars on `heldout-r12.jsonl` (written outside the repo during round twelve by someone who
/// read neither the parser nor any earlier part: 96.3 % kinds, 92.7 % all slots when first
/// measured, the clean figure of round twelve; 100 % / 98.8 % after round thirteen studied its
/// misses): as for `-r11`, a little under what it measures now.
const R12_KINDS: f64 = 98.5;
/// See [`R12_KINDS`].
const R12_SLOTS: f64 = 97.5;
/// The bars on `heldout-r13.jsonl` (written outside the repo during round thirteen by someone
/// who read neither the parser nor any earlier part: 91.2 % kinds, 86.8 % all slots when first
/// measured, the clean figure of round thirteen; 100 % / 98.7 % after round fourteen studied its
/// misses): as for `-r12`, a little under what it measures now.
const R13_KINDS: f64 = 98.5;
/// See [`R13_KINDS`].
const R13_SLOTS: f64 = 97.5;
/// The bars on `heldout-r14.jsonl` (written outside the repo at the start of round fourteen by
/// someone who read neither the parser nor any earlier part, 151 lines: 96.0 % kinds, 89.4 % all
/// slots when first measured, before round fourteen changed the parser; 100 % / 99.3 % after the
/// round studied its misses): as for `-r13`, a little under what it measures now.
const R14_KINDS: f64 = 98.5;
/// See [`R14_KINDS`].
const R14_SLOTS: f64 = 97.5;
/// The bars on `heldout-r15.jsonl` (written outside the repo at the start of round fourteen by
/// someone who read neither the parser nor any earlier part, 150 lines: 94.0 % kinds, 90.0 % all
/// slots when first measured, after round fourteen; 100 % / 99.3 % after round fifteen studied
/// its misses): as for `-r14`, a little under what it measures now.
const R15_KINDS: f64 = 98.5;
/// See [`R15_KINDS`].
const R15_SLOTS: f64 = 97.5;
/// The bars on `heldout-r16.jsonl` (written outside the repo during round fifteen by someone who
/// read neither the parser nor any earlier part, 155 lines: 98.1 % kinds, 93.5 % all slots when
/// first measured, after round fifteen; studied in round sixteen): as for `-r15`, a little under
/// what it measures now.
const R16_KINDS: f64 = 98.5;
/// See [`R16_KINDS`].
const R16_SLOTS: f64 = 97.5;
/// The bars on `heldout-r17.jsonl` (written outside the repo during round sixteen by someone who
/// read neither the parser nor any earlier part, 151 lines: 89.4 % kinds, 74.8 % all slots when
/// first measured, after round sixteen; 100 % / 98.7 % after round seventeen studied its
/// misses): as for `-r16`, a little under what it measures now.
const R17_KINDS: f64 = 98.5;
/// See [`R17_KINDS`].
const R17_SLOTS: f64 = 97.5;
/// The bars on `heldout-r18.jsonl` (written outside the repo during round sixteen, with r17, by
/// someone who read neither the parser nor any earlier part, 150 lines: 88.7 % kinds, 80.7 % all
/// slots when first measured, after round seventeen; 100 % / 100 % after round eighteen studied
/// its misses): as for `-r17`, a little under what it measures now.
const R18_KINDS: f64 = 98.5;
/// See [`R18_KINDS`].
const R18_SLOTS: f64 = 97.5;
/// The bars on `heldout-r19.jsonl` (written outside the repo during round seventeen by someone
/// who read neither the parser nor any earlier part, 154 lines: 95.5 % kinds, 90.3 % all slots
/// when first measured, after round eighteen; 100 % / 98.7 % after round nineteen studied its
/// misses): as for `-r18`, a little under what it measures now.
const R19_KINDS: f64 = 98.5;
/// See [`R19_KINDS`].
const R19_SLOTS: f64 = 97.5;
/// The bars on `heldout-r20.jsonl` (written outside the repo during round eighteen by someone
/// who read neither the parser nor any earlier part, 159 lines: 91.8 % kinds, 77.4 % all slots
/// when first measured, after round nineteen; 100 % / 97.5 % after round twenty studied its
/// misses, two of the four left being conventions the next brief settled; 98.1 % slots after
/// round twenty-one): a little under what it measures now.
const R20_KINDS: f64 = 98.5;
/// See [`R20_KINDS`].
const R20_SLOTS: f64 = 97.5;
/// The bars on `heldout-r21.jsonl` (written outside the repo during round twenty by someone
/// who read neither the parser nor any earlier part, 148 lines: 93.9 % kinds, 85.1 % all slots
/// when first measured, after round twenty; 100 % / 98.0 % after round twenty-one studied its
/// misses): a little under what it measures now.
const R21_KINDS: f64 = 98.5;
/// See [`R21_KINDS`].
const R21_SLOTS: f64 = 97.5;
/// The bars on `heldout-r22.jsonl` (written outside the repo during round twenty by someone
/// who read neither the parser nor any earlier part, 152 lines: 96.7 % kinds, 89.5 % all slots
/// when first measured, after round twenty-one; 100 % / 99.3 % after round twenty-two studied
/// its misses): a little under what it measures now.
const R22_KINDS: f64 = 98.5;
/// See [`R22_KINDS`].
const R22_SLOTS: f64 = 97.5;
/// The bars on `heldout-r23.jsonl` (written outside the repo during round twenty-one by someone
/// who read neither the parser nor any earlier part, 152 lines: 90.8 % kinds, 84.2 % all slots
/// when first measured, after round twenty-two; 100 % / 99.3 % after round twenty-three studied
/// its misses): a little under what it measures now.
const R23_KINDS: f64 = 98.5;
/// See [`R23_KINDS`].
const R23_SLOTS: f64 = 97.5;
/// The bars on `heldout-r24.jsonl` (written outside the repo during round twenty-two by someone
/// who read neither the parser nor any earlier part, 150 lines: 92.0 % kinds, 80.7 % all slots
/// when first measured, after round twenty-three; 95.3 % / 87.3 % after the short round
/// twenty-four studied part of its misses, 100 % / 100 % after round twenty-five studied the
/// rest): a little under what it measures now.
const R24_KINDS: f64 = 98.5;
/// See [`R24_KINDS`].
const R24_SLOTS: f64 = 97.5;
/// The bars on `heldout-r25.jsonl` (written outside the repo at the start of round twenty-five
/// by someone who read neither the parser nor any earlier part, 150 lines: 87.3 % kinds, 73.3 %
/// all slots when first measured, after round twenty-five; 100 % / 98.7 % after round twenty-six
/// studied its misses): a little under what it measures now.
const R25_KINDS: f64 = 98.5;
/// See [`R25_KINDS`].
const R25_SLOTS: f64 = 97.5;
/// The bars on `heldout-r26.jsonl` (written outside the repo at the start of round twenty-five
/// by someone who read neither the parser nor any earlier part, 156 lines: 91.0 % kinds, 84.0 %
/// all slots when first measured, after round twenty-six): just under that first measure, to be
/// raised when a round has studied its misses.
const R26_KINDS: f64 = 90.5;
/// See [`R26_KINDS`].
const R26_SLOTS: f64 = 83.5;
/// The bars on `heldout-r27.jsonl` (written outside the repo during round twenty-six by someone
/// who read neither the parser nor any earlier part, 146 lines: 88.4 % kinds, 74.7 % all slots
/// when first measured, after round twenty-six, with r26): just under that first measure, to be
/// raised when a round has studied its misses.
const R27_KINDS: f64 = 88.0;
/// See [`R27_KINDS`].
const R27_SLOTS: f64 = 74.5;
/// The clean held-out part of the round, and its bars on kinds and all slots, once it joins:
/// none after round twenty-six (the lead names the next part when it joins).
const CLEAN: Option<(&str, f64, f64)> = None;
/// The bars over every file but the clean part, a little under what is measured (99.7 % kinds,
/// 99.6 % all slots at the end of round eleven over dev and every seen part, 2,769 utterances;
/// 99.8 % / 99.7 % at the end of round twelve, with r11 and batches AA and AB, 2,989; 99.8 % /
/// 99.6 % at the end of round fourteen, with r13, r14 and batches AE–AL, 3,744; 99.8 % / 99.6 %
/// at the end of round fifteen, with r15 and batches AM–AN; 99.5 % / 99.2 % at the end of round
/// nineteen, 4,981; 99.5 % / 98.9 % after round twenty, 5,198; 99.6 % / 99.0 % after round
/// twenty-one, 5,405; 99.6 % / 99.1 % after round twenty-two, 5,614; 99.6 % / 99.1 % after
/// round twenty-three, 5,824; 99.4 % / 98.8 % after round twenty-four, 5,998; 99.6 % / 99.2 %
/// after round twenty-five, 6,053, and 99.3 % / 98.6 % with r25 joined, 6,203; 99.6 % / 99.2 %
/// after round twenty-six, 6,269, and 99.1 % / 98.3 % with r26 and r27 joined, 6,571). Slots
/// are held at 98.0 while a joined part is unstudied (as heldout-r20 to -r27 were), 98.5
/// otherwise.
const ALL_KINDS: f64 = 99.0;
/// See [`ALL_KINDS`].
const ALL_SLOTS: f64 = 98.0;

fn pct(n: usize, total: usize) -> f64 {
    100.0 * n as f64 / total.max(1) as f64
}

/// The corpus files: the tuning part first, then the held-out parts.
const FILES: [&str; 29] = [
    "dev.jsonl",
    "heldout.jsonl",
    "heldout-wide.jsonl",
    "heldout-fresh.jsonl",
    "heldout-final.jsonl",
    "heldout-r4.jsonl",
    "heldout-r5.jsonl",
    "heldout-r6.jsonl",
    "heldout-r7.jsonl",
    "heldout-r8.jsonl",
    "heldout-r9.jsonl",
    "heldout-r10.jsonl",
    "heldout-r11.jsonl",
    "heldout-r12.jsonl",
    "heldout-r13.jsonl",
    "heldout-r14.jsonl",
    "heldout-r15.jsonl",
    "heldout-r16.jsonl",
    "heldout-r17.jsonl",
    "heldout-r18.jsonl",
    "heldout-r19.jsonl",
    "heldout-r20.jsonl",
    "heldout-r21.jsonl",
    "heldout-r22.jsonl",
    "heldout-r23.jsonl",
    "heldout-r24.jsonl",
    "heldout-r25.jsonl",
    "heldout-r26.jsonl",
    "heldout-r27.jsonl",
];

/// Whether a corpus file is in the repo (the clean part joins after the round that it measures).
fn present(name: &str) -> bool {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/intents")
        .join(name)
        .exists()
}

/// Every corpus file: [`FILES`] and the clean part, if it has joined.
fn all_files() -> Vec<&'static str> {
    FILES
        .into_iter()
        .chain(CLEAN.map(|(name, _, _)| name).filter(|n| present(n)))
        .collect()
}

#[test]
fn intent_corpus_meets_the_accuracy_bar() {
    let [
        dev,
        held,
        wide,
        fresh,
        fin,
        r4,
        r5,
        r6,
        r7,
        r8,
        r9,
        r10,
        r11,
        r12,
        r13,
        r14,
        r15,
        r16,
        r17,
        r18,
        r19,
        r20,
        r21,
        r22,
        r23,
        r24,
        r25,
        r26,
        r27,
    ] = FILES.map(score);
    let clean = CLEAN
        .filter(|(name, _, _)| {
            let here = present(name);
            if !here {
                println!("intent corpus: {name} has not joined yet; the other parts are measured");
            }
            here
        })
        .map(|(name, kinds, slots)| (name, score(name), kinds, slots));
    // The seen parts: the clean one, if any, is measured against its own bars only.
    let parts = [
        held, wide, fresh, fin, r4, r5, r6, r7, r8, r9, r10, r11, r12, r13, r14, r15, r16, r17,
        r18, r19, r20, r21, r22, r23, r24, r25, r26, r27,
    ];
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
        (
            "held-out (r8, seen in round nine; first 91.2 % / 79.2 %)",
            r8,
        ),
        (
            "held-out (r9, seen in round ten; first 97.4 % / 92.3 %)",
            r9,
        ),
        (
            "held-out (r10, seen in round eleven; first 97.5 % / 90.6 %)",
            r10,
        ),
        (
            "held-out (r11, seen in round twelve; first 94.2 % / 89.6 %)",
            r11,
        ),
        (
            "held-out (r12, seen in round thirteen; first 96.3 % / 92.7 %)",
            r12,
        ),
        (
            "held-out (r13, seen in round fourteen; first 91.2 % / 86.8 %)",
            r13,
        ),
        (
            "held-out (r14, seen in round fourteen; first 96.0 % / 89.4 %)",
            r14,
        ),
        (
            "held-out (r15, seen in round fifteen; first 94.0 % / 90.0 %)",
            r15,
        ),
        (
            "held-out (r16, seen in round sixteen; first 98.1 % / 93.5 %)",
            r16,
        ),
        (
            "held-out (r17, seen in round seventeen; first 89.4 % / 74.8 %)",
            r17,
        ),
        (
            "held-out (r18, seen in round eighteen; first 88.7 % / 80.7 %)",
            r18,
        ),
        (
            "held-out (r19, seen in round nineteen; first 95.5 % / 90.3 %)",
            r19,
        ),
        (
            "held-out (r20, seen in round twenty; first 91.8 % / 77.4 %)",
            r20,
        ),
        (
            "held-out (r21, seen in round twenty-one; first 93.9 % / 85.1 %)",
            r21,
        ),
        (
            "held-out (r22, seen in round twenty-two; first 96.7 % / 89.5 %)",
            r22,
        ),
        (
            "held-out (r23, seen in round twenty-three; first 90.8 % / 84.2 %)",
            r23,
        ),
        (
            "held-out (r24, seen in round twenty-four; first 92.0 % / 80.7 %)",
            r24,
        ),
        (
            "held-out (r25, seen in round twenty-six; first 87.3 % / 73.3 %)",
            r25,
        ),
        (
            "held-out (r26, seen after round twenty-six; first 91.0 % / 84.0 %)",
            r26,
        ),
        (
            "held-out (r27, seen after round twenty-six; first 88.4 % / 74.7 %)",
            r27,
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
    meets_bars("heldout-r8 (seen)", r8, R8_KINDS, R8_SLOTS);
    meets_bars("heldout-r9 (seen)", r9, R9_KINDS, R9_SLOTS);
    meets_bars("heldout-r10 (seen)", r10, R10_KINDS, R10_SLOTS);
    meets_bars("heldout-r11 (seen)", r11, R11_KINDS, R11_SLOTS);
    meets_bars("heldout-r12 (seen)", r12, R12_KINDS, R12_SLOTS);
    meets_bars("heldout-r13 (seen)", r13, R13_KINDS, R13_SLOTS);
    meets_bars("heldout-r14 (seen)", r14, R14_KINDS, R14_SLOTS);
    meets_bars("heldout-r15 (seen)", r15, R15_KINDS, R15_SLOTS);
    meets_bars("heldout-r16 (seen)", r16, R16_KINDS, R16_SLOTS);
    meets_bars("heldout-r17 (seen)", r17, R17_KINDS, R17_SLOTS);
    meets_bars("heldout-r18 (seen)", r18, R18_KINDS, R18_SLOTS);
    meets_bars("heldout-r19 (seen)", r19, R19_KINDS, R19_SLOTS);
    meets_bars("heldout-r20 (seen)", r20, R20_KINDS, R20_SLOTS);
    meets_bars("heldout-r21 (seen)", r21, R21_KINDS, R21_SLOTS);
    meets_bars("heldout-r22 (seen)", r22, R22_KINDS, R22_SLOTS);
    meets_bars("heldout-r23 (seen)", r23, R23_KINDS, R23_SLOTS);
    meets_bars("heldout-r24 (seen)", r24, R24_KINDS, R24_SLOTS);
    meets_bars("heldout-r25 (seen)", r25, R25_KINDS, R25_SLOTS);
    meets_bars("heldout-r26 (seen)", r26, R26_KINDS, R26_SLOTS);
    meets_bars("heldout-r27 (seen)", r27, R27_KINDS, R27_SLOTS);
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

/// What the request gate (`intent::gate`) does on each part: of the lines that ask for nothing,
/// how many have a clause it held back, and of the lines that ask for something, how many it
/// held back whole (every clause) — a request lost — and how many lost a clause but kept the
/// rest. Fails when the gate holds back a whole request in a part it has been measured against
/// (the clean part's are printed: it is measured once, never tuned to).
#[test]
fn intent_gate_on_every_part() {
    let mut lost_requests = Vec::new();
    for name in all_files() {
        let clean = CLEAN.is_some_and(|(clean, _, _)| clean == name);
        let (mut none, mut none_held, mut asks, mut asks_lost, mut asks_touched) = (0, 0, 0, 0, 0);
        for case in load(name) {
            let clauses = told_clauses(&case.utterance);
            let held = clauses.iter().filter(|(_, why)| why.is_some()).count();
            if case.expected.is_empty() {
                none += 1;
                none_held += usize::from(held > 0);
            } else {
                asks += 1;
                if held > 0 && held == clauses.len() {
                    asks_lost += 1;
                    if clean {
                        println!("  held back whole [{name}, clean]: {:?}", case.utterance);
                    } else {
                        lost_requests.push(case.utterance.clone());
                    }
                } else if held > 0 {
                    asks_touched += 1;
                }
            }
        }
        println!(
            "intent gate [{name}]: {none_held} of {none} no-intent lines have a clause held back; \
             of {asks} requests {asks_lost} held back whole, {asks_touched} with a told clause dropped"
        );
    }
    assert!(
        lost_requests.is_empty(),
        "the gate held back whole requests: {lost_requests:?}"
    );
}

/// What the wearer says may stop anywhere (a recogniser cuts a sentence short, a tap ends it):
/// every tenth corpus utterance, cut at every other character from either end, parses without
/// a panic (the parser answers the FFI's `ask`; a cut once ended a stock question's frame,
/// `check if`, where a slice went past the end).
#[test]
fn intent_parse_of_cut_utterances_never_panics() {
    let mut parsed = 0;
    for name in all_files() {
        for case in load(name).iter().step_by(10) {
            let u = case.utterance.as_str();
            let cuts: Vec<usize> = u.char_indices().map(|(i, _)| i).step_by(2).collect();
            for at in cuts {
                parse(&u[..at], &case.context);
                parse(&u[at..], &case.context);
                parsed += 2;
            }
        }
    }
    assert!(parsed > 1000, "too few cut utterances parsed: {parsed}");
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
