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
//! `-r17` to `-r31` joined the same way, each measured once after the round before it (their
//! first figures are in the labels printed below and in docs/intents.md);
//! `-r32` to `-r37` were measured once with the learned kind classifier trained without them
//! ([`the_kind_classifier_on_parts_it_was_not_trained_on`]), beside the rules alone.
//! The next clean part joins through [`CLEAN`] after the round it measures.
//! The bars below guard what every part measures now. The run prints every part's
//! figures, and what the request gate (`intent::gate`) held back in each:
//! `cargo test --workspace --features sightline-ffi/bindgen,sightline-ffi/sim --test intent_corpus -- --nocapture`.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use serde_json::Value;
use sightline_core::intent::kinds::{self, KindModel, train};
use sightline_core::intent::parse::told_clauses;
use sightline_core::intent::{AskContext, InView, Parsed, parse_with};
use std::path::Path;
use std::sync::OnceLock;

/// The fixed "now" of the corpus: Thursday 26 November 2026, 10:00 in Shanghai.
const NOW: &str = "2026-11-26T10:00:00+08:00";

/// The corpus folder.
fn corpus_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/intents")
}

/// The learned kind classifier as setup trains it, but on every file except the clean part
/// (which it must not have seen when that part is measured): trained once per test run.
fn kinds_model() -> &'static KindModel {
    static MODEL: OnceLock<KindModel> = OnceLock::new();
    MODEL.get_or_init(|| {
        let leave_out: Vec<&str> = CLEAN.map(|(name, _, _)| name).into_iter().collect();
        train::from_corpus(&corpus_dir(), &leave_out).unwrap()
    })
}

/// What ships: the rules with the learned kind classifier.
fn parse(utterance: &str, ctx: &AskContext) -> Parsed {
    parse_with(utterance, ctx, Some(kinds_model()))
}

struct Case {
    utterance: String,
    expected: Vec<(String, serde_json::Map<String, Value>)>,
    context: AskContext,
}

fn load(name: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(corpus_dir().join(name)).unwrap();
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

/// How one parse of a case compares with its labels.
struct Checked {
    /// The kinds are the expected ones, in order.
    kinds: bool,
    /// Every expected slot value is right too.
    all_slots: bool,
    /// Expected slot values right (none when the kinds are wrong).
    values_right: usize,
    /// A line per miss, as printed.
    misses: Vec<String>,
}

fn check(name: &str, case: &Case, parsed: &Parsed) -> Checked {
    let got: Vec<&str> = parsed.intents.iter().map(|i| i.kind.as_str()).collect();
    let want: Vec<&str> = case.expected.iter().map(|(k, _)| k.as_str()).collect();
    if got != want {
        return Checked {
            kinds: false,
            all_slots: false,
            values_right: 0,
            misses: vec![format!(
                "  kind miss [{name}] {:?}: got {got:?}, want {want:?}",
                case.utterance
            )],
        };
    }
    let mut checked = Checked {
        kinds: true,
        all_slots: true,
        values_right: 0,
        misses: Vec::new(),
    };
    for (intent, (_, slots)) in parsed.intents.iter().zip(&case.expected) {
        for (slot, want) in slots {
            let got = intent.get(slot).map(|v| v.to_json());
            if got.as_ref().is_some_and(|g| same_value(g, want)) {
                checked.values_right += 1;
            } else {
                checked.all_slots = false;
                checked.misses.push(format!(
                    "  slot miss [{name}] {:?}: {}.{slot} = {got:?}, want {want}",
                    case.utterance, intent.kind
                ));
            }
        }
    }
    checked
}

/// (kinds right, slots right, total) over a corpus file, printing each miss and the file's slot
/// values counted one by one.
fn score(name: &str) -> (usize, usize, usize) {
    let cases = load(name);
    let (mut kinds_ok, mut slots_ok) = (0, 0);
    let mut values = SlotValues::default();
    for case in &cases {
        let checked = check(name, case, &parse(&case.utterance, &case.context));
        values.expected += case.expected.iter().map(|(_, s)| s.len()).sum::<usize>();
        values.right += checked.values_right;
        kinds_ok += usize::from(checked.kinds);
        slots_ok += usize::from(checked.all_slots);
        checked.misses.iter().for_each(|m| println!("{m}"));
    }
    println!(
        "intent corpus slot values ({name}): {} expected, {} right ({:.1}%)",
        values.expected,
        values.right,
        pct(values.right, values.expected)
    );
    (kinds_ok, slots_ok, cases.len())
}

/// The clean held-out part of the round, and its bars on kinds and all slots, once it joins:
/// none after round twenty-eight (the lead names the next part when it joins).
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
/// after round twenty-six, 6,269, and 99.1 % / 98.3 % with r26 and r27 joined, 6,571; 99.6 % /
/// 99.2 % after round twenty-seven, 6,655, and 99.1 % / 98.4 % with r28 and r29 joined,
/// 6,958; 99.6 % / 99.1 % after round twenty-eight, 7,029, and with r30 and r31 joined, 7,339;
/// with the kind classifier and r32 to r37 joined, 8,250, 99.6 % / 98.0 %, as measured below).
/// Slots are held at 98.0 while a joined part is unstudied (as heldout-r20 to -r31 were), 98.5
/// otherwise; at 97.5 while the six parts r32 to r37 (911 lines, 84–93 % all slots when they
/// joined) are unstudied.
const ALL_KINDS: f64 = 99.0;
/// See [`ALL_KINDS`].
const ALL_SLOTS: f64 = 97.5;

fn pct(n: usize, total: usize) -> f64 {
    100.0 * n as f64 / total.max(1) as f64
}

/// A held-out part of the corpus: its file, the label its figures are printed under (for the
/// parts written outside the repo, with the round that studied it and what it measured when it
/// joined), and its bars on kinds and all slots right (none for the first six, which count in
/// the totals only).
struct Part {
    file: &'static str,
    label: &'static str,
    bars: Option<(f64, f64)>,
}

/// The part the parser is tuned on.
const DEV: &str = "dev.jsonl";

/// The held-out parts, oldest first. A studied part's bars are a little under what it measures
/// now (98.5 % kinds and 97.5–98.0 % all slots for most), so no later round loses what one gained; a part
/// joined but not yet studied has bars just under its first measure, raised once a round has
/// studied its misses. Who wrote each part, when, and what each round changed are in
/// docs/intents.md.
const HELD_OUT: [Part; 66] = [
    Part {
        file: "heldout.jsonl",
        label: "held-out (first)",
        bars: None,
    },
    Part {
        file: "heldout-wide.jsonl",
        label: "held-out (wide)",
        bars: None,
    },
    Part {
        file: "heldout-fresh.jsonl",
        label: "held-out (fresh)",
        bars: None,
    },
    Part {
        file: "heldout-final.jsonl",
        label: "held-out (final)",
        bars: None,
    },
    Part {
        file: "heldout-r4.jsonl",
        label: "held-out (r4)",
        bars: None,
    },
    Part {
        file: "heldout-r5.jsonl",
        label: "held-out (r5)",
        bars: None,
    },
    Part {
        file: "heldout-r6.jsonl",
        label: "held-out (r6, seen in round seven; first 88.9 % / 81.5 %)",
        bars: Some((98.5, 98.0)),
    },
    Part {
        file: "heldout-r7.jsonl",
        label: "held-out (r7, seen in round eight; first 91.3 % / 86.1 %)",
        bars: Some((98.5, 98.0)),
    },
    Part {
        file: "heldout-r8.jsonl",
        label: "held-out (r8, seen in round nine; first 91.2 % / 79.2 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r9.jsonl",
        label: "held-out (r9, seen in round ten; first 97.4 % / 92.3 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r10.jsonl",
        label: "held-out (r10, seen in round eleven; first 97.5 % / 90.6 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r11.jsonl",
        label: "held-out (r11, seen in round twelve; first 94.2 % / 89.6 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r12.jsonl",
        label: "held-out (r12, seen in round thirteen; first 96.3 % / 92.7 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r13.jsonl",
        label: "held-out (r13, seen in round fourteen; first 91.2 % / 86.8 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r14.jsonl",
        label: "held-out (r14, seen in round fourteen; first 96.0 % / 89.4 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r15.jsonl",
        label: "held-out (r15, seen in round fifteen; first 94.0 % / 90.0 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r16.jsonl",
        label: "held-out (r16, seen in round sixteen; first 98.1 % / 93.5 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r17.jsonl",
        label: "held-out (r17, seen in round seventeen; first 89.4 % / 74.8 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r18.jsonl",
        label: "held-out (r18, seen in round eighteen; first 88.7 % / 80.7 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r19.jsonl",
        label: "held-out (r19, seen in round nineteen; first 95.5 % / 90.3 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r20.jsonl",
        label: "held-out (r20, seen in round twenty; first 91.8 % / 77.4 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r21.jsonl",
        label: "held-out (r21, seen in round twenty-one; first 93.9 % / 85.1 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r22.jsonl",
        label: "held-out (r22, seen in round twenty-two; first 96.7 % / 89.5 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r23.jsonl",
        label: "held-out (r23, seen in round twenty-three; first 90.8 % / 84.2 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r24.jsonl",
        label: "held-out (r24, seen in round twenty-four; first 92.0 % / 80.7 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r25.jsonl",
        label: "held-out (r25, seen in round twenty-six; first 87.3 % / 73.3 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r26.jsonl",
        label: "held-out (r26, seen in round twenty-seven; first 91.0 % / 84.0 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r27.jsonl",
        label: "held-out (r27, seen in round twenty-seven; first 88.4 % / 74.7 %)",
        bars: Some((98.5, 97.5)),
    },
    Part {
        file: "heldout-r28.jsonl",
        label: "held-out (r28, seen in round twenty-eight; first 88.7 % / 78.7 %)",
        bars: Some((97.0, 97.0)),
    },
    Part {
        file: "heldout-r29.jsonl",
        label: "held-out (r29, seen in round twenty-eight; first 87.6 % / 79.7 %)",
        bars: Some((97.5, 94.5)),
    },
    Part {
        file: "heldout-r30.jsonl",
        label: "held-out (r30, seen after round twenty-eight; first 88.5 % / 77.6 %)",
        bars: Some((88.0, 77.5)),
    },
    Part {
        file: "heldout-r31.jsonl",
        label: "held-out (r31, seen after round twenty-eight; first 93.5 % / 89.0 %)",
        bars: Some((93.0, 88.5)),
    },
    Part {
        file: "heldout-r32.jsonl",
        label: "held-out (r32, first with the kind classifier 96.7 % / 86.7 %, rules alone 94.7 % / 84.7 %)",
        bars: Some((96.5, 86.5)),
    },
    Part {
        file: "heldout-r33.jsonl",
        label: "held-out (r33, first with the kind classifier 92.7 % / 84.7 %, rules alone 89.3 % / 82.0 %)",
        bars: Some((92.5, 84.5)),
    },
    Part {
        file: "heldout-r34.jsonl",
        label: "held-out (r34, first with the kind classifier 96.8 % / 89.6 %, rules alone 92.9 % / 86.4 %)",
        bars: Some((96.5, 89.5)),
    },
    Part {
        file: "heldout-r35.jsonl",
        label: "held-out (r35, first with the kind classifier 96.7 % / 91.5 %, rules alone 92.8 % / 87.6 %; 96.1 % kinds once r38–r41 joined the training)",
        bars: Some((96.0, 91.5)),
    },
    Part {
        file: "heldout-r36.jsonl",
        label: "held-out (r36, first with the classifier and its `several` 97.4 % / 92.9 %, rules alone 92.9 % / 88.3 %)",
        bars: Some((97.0, 92.5)),
    },
    Part {
        file: "heldout-r37.jsonl",
        label: "held-out (r37, first with the classifier and its `several` 98.7 % / 90.0 %, rules alone 93.3 % / 86.0 %; kinds 98.0 % since the classifier adds requests)",
        bars: Some((97.5, 89.5)),
    },
    Part {
        file: "heldout-r38.jsonl",
        label: "held-out (r38, first with the classifier and the value chooser 96.0 % / 91.3 %, rules alone 92.7 % / 87.3 %)",
        bars: Some((95.5, 91.0)),
    },
    Part {
        file: "heldout-r39.jsonl",
        label: "held-out (r39, first with the classifier and the value chooser 97.4 % / 92.9 %, rules alone 93.5 % / 88.4 %)",
        bars: Some((97.0, 92.5)),
    },
    Part {
        file: "heldout-r40.jsonl",
        label: "held-out (r40, first with the classifier and the value chooser 96.1 % / 92.3 %, rules alone 91.6 % / 87.7 %)",
        bars: Some((95.5, 92.0)),
    },
    Part {
        file: "heldout-r41.jsonl",
        label: "held-out (r41, first with the classifier and the value chooser 94.7 % / 92.1 %, rules alone 94.7 % / 88.1 %)",
        bars: Some((94.5, 91.5)),
    },
    Part {
        file: "heldout-r42.jsonl",
        label: "held-out (r42, first with the classifier adding requests and the value chooser trained on unread slots 96.1 % / 93.5 %, rules alone 92.9 % / 90.3 %)",
        bars: Some((95.5, 93.0)),
    },
    Part {
        file: "heldout-r43.jsonl",
        label: "held-out (r43, first with the classifier adding requests and the value chooser trained on unread slots 96.8 % / 89.7 %, rules alone 91.7 % / 83.3 %)",
        bars: Some((96.5, 89.5)),
    },
    Part {
        file: "heldout-r44.jsonl",
        label: "held-out (r44, first with the classifier adding requests and the value chooser trained on unread slots 98.7 % / 92.8 %, rules alone 88.2 % / 80.9 %; 96.7 % / 92.1 % without the several-split the measure had)",
        bars: Some((96.5, 92.0)),
    },
    Part {
        file: "heldout-r45.jsonl",
        label: "held-out (r45, first with the classifier adding requests and the value chooser trained on unread slots 98.7 % / 94.0 %, rules alone 94.0 % / 89.3 %; 98.0 % / 94.0 % without the several-split the measure had)",
        bars: Some((97.5, 93.5)),
    },
    Part {
        file: "heldout-r46.jsonl",
        label: "held-out (r46, first from the brief rewritten in session twenty, with the polite hedges, the several-split and the ran-out reason 96.0 % / 88.7 %, rules alone 90.0 % / 76.7 %)",
        bars: Some((95.0, 88.0)),
    },
    Part {
        file: "heldout-r47.jsonl",
        label: "held-out (r47, first from the brief rewritten in session twenty, with the polite hedges, the several-split and the ran-out reason 95.3 % / 84.0 %, rules alone 86.7 % / 70.7 %)",
        bars: Some((93.5, 83.5)),
    },
    Part {
        file: "heldout-r48.jsonl",
        label: "held-out (r48, first from the brief rewritten in session twenty, with the polite hedges, the several-split and the ran-out reason 96.1 % / 87.1 %, rules alone 91.0 % / 79.4 %)",
        bars: Some((95.5, 86.5)),
    },
    Part {
        file: "heldout-r49.jsonl",
        label: "held-out (r49, first from the brief rewritten in session twenty, with the polite hedges, the several-split and the ran-out reason 97.3 % / 90.0 %, rules alone 90.7 % / 82.7 %)",
        bars: Some((96.5, 89.5)),
    },
    Part {
        file: "heldout-r50.jsonl",
        label: "held-out (r50, first with session twenty's rules studied on r46-r49 95.4 % / 92.1 %, rules alone 91.4 % / 83.6 %)",
        bars: Some((97.0, 95.0)),
    },
    Part {
        file: "heldout-r51.jsonl",
        label: "held-out (r51, first with session twenty's rules studied on r46-r49 95.3 % / 90.0 %, rules alone 90.0 % / 84.0 %)",
        bars: Some((96.5, 93.5)),
    },
    Part {
        file: "heldout-r52.jsonl",
        label: "held-out (r52, first with session twenty's rules studied on r46-r49 98.0 % / 92.0 %, rules alone 91.3 % / 86.7 %)",
        bars: Some((97.5, 94.5)),
    },
    Part {
        file: "heldout-r53.jsonl",
        label: "held-out (r53, first with session twenty's rules studied on r46-r49 96.7 % / 91.3 %, rules alone 93.3 % / 88.7 %)",
        bars: Some((97.0, 95.0)),
    },
    Part {
        file: "heldout-r54.jsonl",
        label: "held-out (r54, first with session twenty-one's rules studied on r50-r53 97.4 % / 93.4 %, rules alone 92.1 % / 86.8 %)",
        bars: Some((99.0, 95.5)),
    },
    Part {
        file: "heldout-r55.jsonl",
        label: "held-out (r55, first with session twenty-one's rules studied on r50-r53 96.9 % / 91.3 %, rules alone 85.7 % / 78.9 %)",
        bars: Some((97.5, 95.5)),
    },
    Part {
        file: "heldout-r56.jsonl",
        label: "held-out (r56, first with session twenty-one's rules studied on r50-r53 94.7 % / 87.3 %, rules alone 91.3 % / 82.0 %)",
        bars: Some((96.5, 90.5)),
    },
    Part {
        file: "heldout-r57.jsonl",
        label: "held-out (r57, first with session twenty-one's rules studied on r50-r53 98.0 % / 93.3 %, rules alone 88.0 % / 82.0 %)",
        bars: Some((98.5, 97.0)),
    },
    Part {
        file: "heldout-r58.jsonl",
        label: "held-out (r58, first with session twenty-two's rules studied on r30-r57 99.3 % / 90.8 %, rules alone 90.8 % / 80.9 %)",
        bars: Some((99.0, 98.5)),
    },
    Part {
        file: "heldout-r59.jsonl",
        label: "held-out (r59, first with session twenty-two's rules studied on r30-r57 98.0 % / 88.9 %, rules alone 92.8 % / 81.7 %)",
        bars: Some((97.0, 94.5)),
    },
    Part {
        file: "heldout-r60.jsonl",
        label: "held-out (r60, first with session twenty-two's rules studied on r30-r57 95.4 % / 83.4 %, rules alone 88.7 % / 78.1 %)",
        bars: Some((96.5, 93.0)),
    },
    Part {
        file: "heldout-r61.jsonl",
        label: "held-out (r61, first with session twenty-two's rules studied on r30-r57 99.3 % / 94.0 %, rules alone 97.3 % / 87.3 %)",
        bars: Some((99.0, 97.0)),
    },
    Part {
        file: "heldout-r62.jsonl",
        label: "held-out (r62, first with session twenty-three's rules studied on r58-r61 100.0 % / 94.0 %, rules alone 90.7 % / 86.0 %)",
        bars: Some((99.5, 93.5)),
    },
    Part {
        file: "heldout-r63.jsonl",
        label: "held-out (r63, first with session twenty-three's rules studied on r58-r61 97.3 % / 84.7 %, rules alone 90.0 % / 78.7 %)",
        bars: Some((97.0, 84.5)),
    },
    Part {
        file: "heldout-r64.jsonl",
        label: "held-out (r64, first with session twenty-three's rules studied on r58-r61 96.7 % / 88.0 %, rules alone 86.0 % / 75.3 %)",
        bars: Some((96.5, 87.5)),
    },
    Part {
        file: "heldout-r65.jsonl",
        label: "held-out (r65, first with session twenty-three's rules studied on r58-r61 98.7 % / 93.3 %, rules alone 96.0 % / 90.0 %)",
        bars: Some((98.5, 93.0)),
    },
];

/// Whether a corpus file is in the repo (the clean part joins after the round that it measures).
fn present(name: &str) -> bool {
    corpus_dir().join(name).exists()
}

/// Every corpus file: [`DEV`], [`HELD_OUT`] and the clean part, if it has joined.
fn all_files() -> Vec<&'static str> {
    std::iter::once(DEV)
        .chain(HELD_OUT.iter().map(|p| p.file))
        .chain(CLEAN.map(|(name, _, _)| name).filter(|n| present(n)))
        .collect()
}

#[test]
fn intent_corpus_meets_the_accuracy_bar() {
    let dev = score(DEV);
    let parts: Vec<(&Part, (usize, usize, usize))> =
        HELD_OUT.iter().map(|p| (p, score(p.file))).collect();
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
    let held_all = parts
        .iter()
        .fold((0, 0, 0), |a, (_, p)| (a.0 + p.0, a.1 + p.1, a.2 + p.2));
    let all = (dev.0 + held_all.0, dev.1 + held_all.1, dev.2 + held_all.2);
    let rows = std::iter::once(("tuning (dev)", dev))
        .chain(parts.iter().map(|(p, score)| (p.label, *score)))
        .chain([("held-out (all seen)", held_all), ("all", all)]);
    for (label, (k, s, n)) in rows {
        println!(
            "intent corpus {label}: {n} utterances, kinds right {k} ({:.1}%), all slots right {s} ({:.1}%)",
            pct(k, n),
            pct(s, n)
        );
    }
    assert!(all.2 >= 200, "the corpus must have at least 200 utterances");
    meets_bars("all files", all, ALL_KINDS, ALL_SLOTS);
    for (part, score) in &parts {
        if let Some((kinds, slots)) = part.bars {
            meets_bars(part.file, *score, kinds, slots);
        }
    }
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
fn meets_bars(part: &str, counts: (usize, usize, usize), kinds_bar: f64, slots_bar: f64) {
    if let Some(why) = under_bars(part, counts, kinds_bar, slots_bar) {
        panic!("{why}");
    }
}

/// Why a part's (kinds right, slots right, total) falls under its two bars, if it does.
fn under_bars(
    part: &str,
    (kinds, slots, total): (usize, usize, usize),
    kinds_bar: f64,
    slots_bar: f64,
) -> Option<String> {
    if pct(kinds, total) < kinds_bar {
        Some(format!("{part}: intent kinds below the bar"))
    } else if pct(slots, total) < slots_bar {
        Some(format!("{part}: all slots right below the bar"))
    } else {
        None
    }
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

/// Whether `text` has a Chinese character (CJK Unified Ideographs).
fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn corpus_is_at_least_40_percent_chinese() {
    let cases: Vec<Case> = all_files().iter().flat_map(|n| load(n)).collect();
    let chinese = cases.iter().filter(|c| has_chinese(&c.utterance)).count();
    println!(
        "intent corpus: {chinese} of {} utterances have Chinese",
        cases.len()
    );
    assert!(chinese * 10 >= cases.len() * 4);
}

/// Adds words around an utterance (`true`: the utterance is Chinese).
type SaidAround = fn(&str, bool) -> String;

/// What a wearer says around a request without changing it, in the line's own language: a
/// hesitation before it, a greeting before it, thanks after it. The corpus's writers used some
/// of these on some lines; a parser that generalises gives the same intents with or without.
const SAID_AROUND: [(&str, SaidAround); 3] = [
    ("a hesitation before", |u, zh| {
        format!("{}{u}", if zh { "嗯，" } else { "Um, " })
    }),
    ("a greeting before", |u, zh| {
        format!("{}{u}", if zh { "你好，" } else { "Hey, " })
    }),
    ("thanks after", |u, zh| {
        let ended = u.ends_with(['。', '！', '？', '.', '!', '?']);
        match (zh, ended) {
            (true, true) => format!("{u}谢谢。"),
            (true, false) => format!("{u}，谢谢"),
            (false, true) => format!("{u} Thanks."),
            (false, false) => format!("{u}, thanks"),
        }
    }),
];

/// Every other corpus line parses to the same intents with each of [`SAID_AROUND`]'s words
/// added as without them (all of them held before the greetings, hesitations and thanks were
/// read as such: 95.7 % were unchanged by a greeting). Prints how many lines each addition left
/// unchanged and the first of those it changed.
#[test]
fn intent_corpus_is_unchanged_by_fillers_greetings_and_thanks() {
    let cases: Vec<Case> = all_files()
        .iter()
        .flat_map(|n| load(n).into_iter().step_by(2))
        .collect();
    let plain: Vec<_> = cases
        .iter()
        .map(|c| parse(&c.utterance, &c.context).intents)
        .collect();
    let mut changed = Vec::new();
    for (name, add) in SAID_AROUND {
        let before = changed.len();
        for (case, plain) in cases.iter().zip(&plain) {
            let said = add(&case.utterance, has_chinese(&case.utterance));
            if parse(&said, &case.context).intents != *plain {
                println!("  changed by {name}: {said:?}");
                changed.push(said);
            }
        }
        let kept = cases.len() - (changed.len() - before);
        println!(
            "intent corpus unchanged by {name}: {kept} of {} ({:.1}%)",
            cases.len(),
            pct(kept, cases.len())
        );
    }
    assert!(
        changed.is_empty(),
        "changed by what was said around them: {changed:?}"
    );
}

/// The classifier setup wrote into the models folder (`cargo xtask models`) is the one the
/// corpus trains, byte for byte: a corpus line changed without setup run again fails here, and
/// so would training that is not deterministic.
#[test]
fn the_shipped_kind_classifier_is_the_one_the_corpus_trains() {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
    let shipped = KindModel::load(&models).unwrap_or_else(|e| panic!("{e}"));
    let trained = train::from_corpus(&corpus_dir(), &[]).unwrap();
    assert!(
        train::to_bytes(&shipped) == train::to_bytes(&trained),
        "{} is not the one the corpus trains: run `cargo xtask models`",
        kinds::FILE_NAME
    );
}

/// The joined parts no round of rules has studied yet. The learned kind classifier is measured
/// on each trained without it, beside the rules alone: the fairest figure short of a new part.
const UNSTUDIED: [&str; 36] = [
    "heldout-r30.jsonl",
    "heldout-r31.jsonl",
    "heldout-r32.jsonl",
    "heldout-r33.jsonl",
    "heldout-r34.jsonl",
    "heldout-r35.jsonl",
    "heldout-r36.jsonl",
    "heldout-r37.jsonl",
    "heldout-r38.jsonl",
    "heldout-r39.jsonl",
    "heldout-r40.jsonl",
    "heldout-r41.jsonl",
    "heldout-r42.jsonl",
    "heldout-r43.jsonl",
    "heldout-r44.jsonl",
    "heldout-r45.jsonl",
    "heldout-r46.jsonl",
    "heldout-r47.jsonl",
    "heldout-r48.jsonl",
    "heldout-r49.jsonl",
    "heldout-r50.jsonl",
    "heldout-r51.jsonl",
    "heldout-r52.jsonl",
    "heldout-r53.jsonl",
    "heldout-r54.jsonl",
    "heldout-r55.jsonl",
    "heldout-r56.jsonl",
    "heldout-r57.jsonl",
    "heldout-r58.jsonl",
    "heldout-r59.jsonl",
    "heldout-r60.jsonl",
    "heldout-r61.jsonl",
    "heldout-r62.jsonl",
    "heldout-r63.jsonl",
    "heldout-r64.jsonl",
    "heldout-r65.jsonl",
];

/// On each [`UNSTUDIED`] part, the rules with the classifier trained on every other file, and
/// the rules alone: kinds, all slots and slot values right, every miss with the classifier and
/// each line it changed. Fails when the classifier gets fewer kinds right than the rules alone, or the part
/// falls under its bars.
#[test]
fn the_kind_classifier_on_parts_it_was_not_trained_on() {
    let files = train::corpus_files(&corpus_dir(), &[]).unwrap();
    let corpus = train::Prepared::new(train::examples(&corpus_dir(), &files).unwrap());
    // Every part is measured and printed before any failure is reported.
    let mut failures: Vec<String> = Vec::new();
    for name in UNSTUDIED {
        let model = corpus.train(&[name]);
        let cases = load(name);
        let values: usize = cases
            .iter()
            .flat_map(|c| &c.expected)
            .map(|(_, s)| s.len())
            .sum();
        let (mut rules, mut learned) = ([0; 3], [0; 3]);
        for case in &cases {
            let alone = check(
                name,
                case,
                &parse_with(&case.utterance, &case.context, None),
            );
            let with = check(
                name,
                case,
                &parse_with(&case.utterance, &case.context, Some(&model)),
            );
            for (sums, c) in [(&mut rules, &alone), (&mut learned, &with)] {
                sums[0] += usize::from(c.kinds);
                sums[1] += usize::from(c.all_slots);
                sums[2] += c.values_right;
            }
            with.misses.iter().for_each(|m| println!("{m}"));
            if alone.kinds != with.kinds {
                let verdict = if with.kinds { "fixed" } else { "broke" };
                println!("  classifier {verdict} [{name}] {:?}", case.utterance);
            }
        }
        let figures = |[k, s, v]: [usize; 3]| {
            format!(
                "{:.1}% kinds / {:.1}% all slots / {:.1}% slot values",
                pct(k, cases.len()),
                pct(s, cases.len()),
                pct(v, values)
            )
        };
        println!(
            "intent kinds classifier left out of training [{name}]: {} utterances, rules alone {}, with the classifier {}",
            cases.len(),
            figures(rules),
            figures(learned)
        );
        if learned[0] < rules[0] {
            failures.push(format!(
                "{name}: the classifier got fewer kinds right than the rules alone"
            ));
        }
        // The part's bars hold with the classifier left ignorant of it, not only with the
        // shipped one (trained on it too) that the accuracy test parses with.
        if let Some((kinds, slots)) = HELD_OUT
            .iter()
            .find(|p| p.file == name)
            .and_then(|p| p.bars)
        {
            failures.extend(under_bars(
                name,
                (learned[0], learned[1], cases.len()),
                kinds,
                slots,
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
