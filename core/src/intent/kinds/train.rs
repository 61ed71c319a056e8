//! Training the kind classifier on the intent corpus (`core/tests/data/intents/*.jsonl`):
//! every line, labelled with its one kind, `none` or `several`, read as the parser reads it
//! ([`normalize`]), ten passes of the averaged perceptron, five times in five fixed orders,
//! averaged. Deterministic: the same corpus gives the same file, byte for byte.
//! Run by setup (`cargo xtask models`) and by the corpus test, which leaves out the part it
//! measures clean; the shipped library never trains.

use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

use super::features;
use super::{KindModel, Label};
use crate::intent::context::InView;
use crate::intent::parse::normalize;
use crate::intent::taxonomy::IntentKind;

/// Passes over the lines (the probe's: later passes change a few lines' guesses at most).
const EPOCHS: usize = 10;

/// Perceptrons averaged into the classifier, each reading the lines in its own fixed order: one
/// perceptron's guesses move by a line or two with the order it learns in; five agree more.
const MEMBERS: u64 = 5;

/// One labelled line: what was said, what was in view, and what it asks for (nothing, one
/// request of a kind, or several).
#[derive(Debug, Clone)]
pub struct Example {
    /// The utterance.
    pub utterance: String,
    /// What was in view.
    pub in_view: InView,
    /// What it asks for.
    pub label: Label,
}

#[derive(Deserialize)]
struct Line {
    utterance: String,
    intents: Vec<LineIntent>,
    #[serde(default)]
    context: Option<LineContext>,
}

#[derive(Deserialize)]
struct LineIntent {
    kind: String,
}

#[derive(Deserialize)]
struct LineContext {
    #[serde(default)]
    in_view: InView,
}

/// Why the corpus could not be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {reason}")]
pub struct CorpusError {
    /// The corpus file.
    pub file: String,
    /// What is wrong with it.
    pub reason: String,
}

/// The corpus files in `dir` (every `*.jsonl`), by name, but those in `leave_out`.
pub fn corpus_files(dir: &Path, leave_out: &[&str]) -> Result<Vec<String>, CorpusError> {
    let entries = std::fs::read_dir(dir).map_err(|e| CorpusError {
        file: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".jsonl") && !leave_out.contains(&n.as_str()))
        .collect();
    names.sort();
    Ok(names)
}

/// Every line of `files` in `dir`, in order, labelled.
pub fn examples(dir: &Path, files: &[String]) -> Result<Vec<Example>, CorpusError> {
    let mut out = Vec::new();
    for name in files {
        let error = |reason: String| CorpusError {
            file: name.clone(),
            reason,
        };
        let text = std::fs::read_to_string(dir.join(name)).map_err(|e| error(e.to_string()))?;
        for (n, raw) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let line: Line =
                serde_json::from_str(raw).map_err(|e| error(format!("line {}: {e}", n + 1)))?;
            let label = match line.intents.as_slice() {
                [] => Label::Nothing,
                [one] => Label::Kind(
                    IntentKind::from_name(&one.kind)
                        .ok_or_else(|| error(format!("line {}: no kind {}", n + 1, one.kind)))?,
                ),
                _ => Label::Several,
            };
            out.push(Example {
                utterance: line.utterance,
                in_view: line.context.map(|c| c.in_view).unwrap_or_default(),
                label,
            });
        }
    }
    Ok(out)
}

/// Trains the classifier on `examples`.
pub fn train(examples: &[Example]) -> KindModel {
    let labels = Label::all();
    let width = labels.len();
    let mut index: HashMap<u64, usize> = HashMap::new();
    let rows: Vec<(Vec<usize>, usize)> = examples
        .iter()
        .map(|e| {
            let feats = features::of(&normalize(&e.utterance), &e.in_view)
                .into_iter()
                .map(|k| {
                    let next = index.len();
                    *index.entry(k).or_insert(next)
                })
                .collect();
            // `Label::all` holds every label, so the search always finds it.
            let label = labels.iter().position(|l| *l == e.label).unwrap_or(0);
            (feats, label)
        })
        .collect();
    let mut averaged = vec![0.0f64; index.len() * width];
    for member in 0..MEMBERS {
        let order = shuffled(rows.len(), member);
        let one = perceptron(&rows, &order, index.len(), width);
        for (a, w) in averaged.iter_mut().zip(one) {
            *a += w / MEMBERS as f64;
        }
    }
    let mut out: Vec<(u64, f32)> = index
        .iter()
        .flat_map(|(feature, row)| {
            let averaged = &averaged;
            (0..width).filter_map(move |l| {
                let weight = averaged[row * width + l];
                (weight != 0.0).then(|| (features::with_label(*feature, l), weight as f32))
            })
        })
        .collect();
    out.sort_by_key(|(k, _)| *k);
    KindModel::from_pairs(labels, out)
}

/// The order member `seed` of the ensemble reads the lines in: the corpus's own for the first,
/// a fixed shuffle (xorshift from the seed) for each other.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    if seed == 0 {
        return order;
    }
    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ seed.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    for i in (1..n).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order
}

/// One averaged perceptron over `rows` (feature indices, label index) read in `order`, ten
/// passes: its averaged weights, `features × width`.
fn perceptron(
    rows: &[(Vec<usize>, usize)],
    order: &[usize],
    features: usize,
    width: usize,
) -> Vec<f64> {
    let mut weights = vec![0.0f64; features * width];
    let mut sums = vec![0.0f64; features * width];
    let mut step = 1.0f64;
    let mut scores = vec![0.0f64; width];
    for _ in 0..EPOCHS {
        for (feats, want) in order.iter().map(|&i| &rows[i]) {
            scores.iter_mut().for_each(|s| *s = 0.0);
            for f in feats {
                for (s, w) in scores.iter_mut().zip(&weights[f * width..(f + 1) * width]) {
                    *s += w;
                }
            }
            // The highest score; a tie goes to the label later in name order.
            let guess = (0..width)
                .reduce(|best, l| if scores[l] >= scores[best] { l } else { best })
                .unwrap_or(0);
            if guess != *want {
                for f in feats {
                    weights[f * width + want] += 1.0;
                    weights[f * width + guess] -= 1.0;
                    sums[f * width + want] += step;
                    sums[f * width + guess] -= step;
                }
            }
            step += 1.0;
        }
    }
    weights
        .iter()
        .zip(&sums)
        .map(|(w, u)| w - u / step)
        .collect()
}

/// Trains on the corpus in `dir` but the files in `leave_out`.
pub fn from_corpus(dir: &Path, leave_out: &[&str]) -> Result<KindModel, CorpusError> {
    let files = corpus_files(dir, leave_out)?;
    Ok(train(&examples(dir, &files)?))
}

/// The bytes of `model`'s file ([`super::FILE_NAME`]).
pub fn to_bytes(model: &KindModel) -> Vec<u8> {
    super::file::to_bytes(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(utterance: &str, label: Label) -> Example {
        Example {
            utterance: utterance.into(),
            in_view: InView::default(),
            label,
        }
    }

    #[test]
    fn it_learns_what_it_is_shown_and_the_same_lines_give_the_same_file() {
        let lines = [
            example("buy me snow boots", Label::Kind(IntentKind::ProductBuy)),
            example("buy a phone case", Label::Kind(IntentKind::ProductBuy)),
            example("plan a trip to Harbin", Label::Kind(IntentKind::TripPlan)),
            example("plan a weekend trip", Label::Kind(IntentKind::TripPlan)),
            example("nice weather today", Label::Nothing),
            example("the weather is lovely", Label::Nothing),
        ];
        let model = train(&lines);
        let none = InView::default();
        assert_eq!(
            model.judge("buy boots", &none).label,
            Label::Kind(IntentKind::ProductBuy)
        );
        assert_eq!(
            model.judge("plan a trip", &none).label,
            Label::Kind(IntentKind::TripPlan)
        );
        assert_eq!(model.judge("lovely weather", &none).label, Label::Nothing);
        assert_eq!(to_bytes(&model), to_bytes(&train(&lines)));
    }
}
