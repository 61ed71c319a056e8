//! Training the value chooser ([`super::values`]) on the intent corpus: every labelled line is
//! read by the rules ([`requests`]); where they find the labelled kinds, each value slot of each
//! request is an example whose candidates are its clause's spans and the rules' value, and
//! whose right answers are the candidates naming the labelled value. A ranking perceptron
//! (averaged, ten passes, three fixed orders averaged) learns to put a right one first.
//! A slot the labels leave empty while the rules filled it teaches nothing (the chooser never
//! empties a slot, and labels leave out defaults); a labelled value no candidate names neither.
//! Where the rules found a value a span names, the slot is an example a second time as if they
//! had found none: the spans naming the value against leaving the slot empty.

use chrono::{TimeZone, Utc};
use std::collections::HashMap;

use super::Label;
use super::corpus::Example;
use super::features::with_label;
use super::passes::{EPOCHS, averaged, ensemble};
use super::spans::{Candidate, candidates};
use super::value_slots::VALUE_SLOTS;
use crate::intent::context::AskContext;
use crate::intent::parse::requests;

/// Perceptrons averaged into the chooser, each reading the examples in its own fixed order.
const MEMBERS: u64 = 3;

/// One slot of one labelled request: the line it is from, and each candidate's features
/// (indices into the chooser's feature list, the slot's label in their keys) and whether it
/// names the labelled value.
pub struct Row {
    /// The index of its line among the examples.
    pub example: usize,
    candidates: Vec<(Vec<u32>, bool)>,
}

/// Every (feature, label) key a row names, indexed once: rows hold indices, not keys.
#[derive(Default)]
struct Keys {
    index: HashMap<u64, u32>,
    keys: Vec<u64>,
}

impl Keys {
    fn of(&mut self, key: u64) -> u32 {
        *self.index.entry(key).or_insert_with(|| {
            self.keys.push(key);
            (self.keys.len() - 1) as u32
        })
    }
}

/// The rules' reading of the corpus's lines as the chooser's examples, with the keys their
/// indices name.
pub struct Rows {
    rows: Vec<Row>,
    keys: Vec<u64>,
}

/// The day the corpus's relative dates are read from (its labels' `today`): dates do not make
/// a text slot's value, but the rules take them out of a clause before reading one.
fn corpus_context() -> AskContext {
    AskContext::at(
        Utc.with_ymd_and_hms(2026, 11, 26, 2, 0, 0)
            .single()
            .unwrap_or_default(),
    )
}

/// The examples every value slot of `examples`' requests makes (see the module's text).
pub fn rows(examples: &[Example]) -> Rows {
    let all = Label::all();
    let mut keys = Keys::default();
    let mut rows: Vec<Row> = Vec::new();
    for (n, example) in examples.iter().enumerate() {
        let mut ctx = corpus_context();
        ctx.in_view = example.in_view.clone();
        let read = requests(&example.utterance, &ctx, None).read;
        let kinds_read = read.iter().map(|(i, _)| i.kind.as_str());
        if !kinds_read.eq(example.intents.iter().map(|e| e.kind.as_str())) {
            continue;
        }
        for ((intent, clause), expected) in read.iter().zip(&example.intents) {
            for (i, slot) in VALUE_SLOTS.iter().enumerate() {
                if slot.kind != intent.kind {
                    continue;
                }
                let rules = intent.text(slot.slot);
                let want = expected.slots.get(slot.slot).and_then(|v| v.as_str());
                if want.is_none() && rules.is_some() {
                    continue;
                }
                let label = all.iter().position(|l| *l == Label::Value(i)).unwrap_or(0);
                let named = |c: &Candidate| {
                    c.value
                        .as_deref()
                        .zip(want)
                        .is_some_and(|(v, w)| v.eq_ignore_ascii_case(w))
                };
                let as_read = candidates(clause, slot, rules, &example.in_view);
                // Where the rules found a value a span names, the slot again as if they had
                // found none, with only the spans naming it against leaving it empty: the rules
                // were written from these lines, so without it the chooser would rarely see a
                // said value beat an empty slot, which is what it must judge where the rules
                // miss on a new line. (With every span in it, it moved how spans rank against
                // each other too, and replaced more right values than it filled.)
                let unread = rules
                    .map(|_| {
                        let mut spans = candidates(clause, slot, None, &example.in_view);
                        spans.retain(|c| c.rules || named(c));
                        spans
                    })
                    .filter(|spans| spans.iter().any(|c| !c.rules && named(c)));
                for all_found in std::iter::once(as_read).chain(unread) {
                    // A value no span names, where the rules found none, comes from elsewhere
                    // (what is in view, a default): leaving the slot empty is right.
                    let unsaid = !all_found.iter().any(|c| !c.rules && named(c));
                    let found: Vec<(Vec<u32>, bool)> = all_found
                        .iter()
                        .map(|c| {
                            let right = named(c) || (c.value.is_none() && unsaid);
                            let indices = c
                                .features
                                .iter()
                                .map(|f| keys.of(with_label(*f, label)))
                                .collect();
                            (indices, right)
                        })
                        .collect();
                    if found.iter().any(|(_, right)| *right) {
                        rows.push(Row {
                            example: n,
                            candidates: found,
                        });
                    }
                }
            }
        }
    }
    Rows {
        rows,
        keys: keys.keys,
    }
}

impl Rows {
    /// The rows of the lines `keep` keeps.
    pub fn kept<'a>(&'a self, keep: impl Fn(usize) -> bool + 'a) -> impl Iterator<Item = &'a Row> {
        self.rows.iter().filter(move |r| keep(r.example))
    }

    /// The chooser's weights trained on `rows` (of these), as (key, weight) pairs.
    pub fn weights<'a>(&self, rows: impl Iterator<Item = &'a Row>) -> Vec<(u64, f32)> {
        let rows: Vec<&Row> = rows.collect();
        let averaged = ensemble(MEMBERS, rows.len(), self.keys.len(), |order| {
            perceptron(&rows, order, self.keys.len())
        });
        self.keys
            .iter()
            .zip(averaged)
            .filter(|(_, w)| *w != 0.0)
            .map(|(k, w)| (*k, w as f32))
            .collect()
    }
}

/// The score of a candidate's features under `weights`.
fn score(weights: &[f64], features: &[u32]) -> f64 {
    features.iter().map(|f| weights[*f as usize]).sum()
}

/// One averaged ranking perceptron over `rows` in `order`: where its best candidate is not a
/// right one, the best-scored right one's features gain one and the wrong one's lose one.
fn perceptron(rows: &[&Row], order: &[usize], features: usize) -> Vec<f64> {
    let mut weights = vec![0.0f64; features];
    let mut sums = vec![0.0f64; features];
    let mut step = 1.0f64;
    for _ in 0..EPOCHS {
        for row in order.iter().map(|&i| rows[i]) {
            let best = |right: bool| {
                row.candidates
                    .iter()
                    .filter(|(_, r)| !right || *r)
                    .map(|(f, r)| (score(&weights, f), f, *r))
                    .fold(None, |best: Option<(f64, &Vec<u32>, bool)>, c| match best {
                        Some(b) if b.0 >= c.0 => Some(b),
                        _ => Some(c),
                    })
            };
            if let (Some((_, guess, false)), Some((_, want, _))) = (best(false), best(true)) {
                for f in want {
                    weights[*f as usize] += 1.0;
                    sums[*f as usize] += step;
                }
                for f in guess {
                    weights[*f as usize] -= 1.0;
                    sums[*f as usize] -= step;
                }
            }
            step += 1.0;
        }
    }
    averaged(&weights, &sums, step)
}

#[cfg(test)]
mod tests {
    use super::super::corpus::Expected;
    use super::*;
    use crate::intent::context::InView;

    fn bought(utterance: &str, item: &str) -> Example {
        let slots = serde_json::json!({ "item": item });
        Example {
            utterance: utterance.into(),
            in_view: InView::default(),
            label: Label::Nothing,
            intents: vec![Expected {
                kind: "product.buy".into(),
                slots: slots.as_object().cloned().unwrap_or_default(),
            }],
            file: String::new(),
        }
    }

    #[test]
    fn a_row_names_its_right_candidates_and_training_is_deterministic() {
        let lines = [
            bought("帮我买条围巾", "scarf"),
            bought("buy me some sunscreen", "sunscreen"),
        ];
        let rows = rows(&lines);
        // Each slot as the rules read it, and again as if they had found none: the spans
        // naming the value (right) against leaving the slot empty (wrong).
        assert_eq!(rows.rows.len(), 4);
        assert!(rows.rows.iter().all(|r| r.candidates.iter().any(|c| c.1)));
        for unread in [&rows.rows[1], &rows.rows[3]] {
            assert_eq!(unread.candidates.iter().filter(|c| !c.1).count(), 1);
        }
        let once = rows.weights(rows.kept(|_| true));
        assert_eq!(once, rows.weights(rows.kept(|_| true)));
    }
}
