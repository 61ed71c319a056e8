//! Training the learned model on the intent corpus (`core/tests/data/intents/*.jsonl`): the
//! kind classifier on every line, labelled with its one kind, `none` or `several`, read as the
//! parser reads it ([`normalize`]), ten passes of the averaged perceptron, five times in five
//! fixed orders, averaged; and the value chooser beside it (`value_train`). Deterministic: the
//! same corpus gives the same file, byte for byte.
//! Run by setup (`cargo xtask models`) and by the corpus test, which leaves out the part it
//! measures clean; the shipped library never trains.

use std::collections::HashMap;
use std::path::Path;

use super::features;
use super::passes::{EPOCHS, averaged, ensemble};
use super::{KindModel, Label, value_train};
use crate::intent::parse::normalize;

pub use super::corpus::{CorpusError, Example, Expected, corpus_files, examples};

/// Perceptrons averaged into the classifier, each reading the lines in its own fixed order: one
/// perceptron's guesses move by a line or two with the order it learns in; five agree more.
const MEMBERS: u64 = 5;

/// The corpus read for training, with what the value chooser learns from each line made once
/// (the rules' reading of every line, the slowest step), so that models leaving out different
/// parts are trained from one reading.
pub struct Prepared {
    examples: Vec<Example>,
    values: value_train::Rows,
}

impl Prepared {
    /// Prepares `examples` for training.
    pub fn new(examples: Vec<Example>) -> Self {
        let values = value_train::rows(&examples);
        Prepared { examples, values }
    }

    /// How many lines it holds.
    pub fn lines(&self) -> usize {
        self.examples.len()
    }

    /// Trains the kind classifier and the value chooser on every line but those of the files
    /// in `leave_out`.
    pub fn train(&self, leave_out: &[&str]) -> KindModel {
        let kept = |e: &Example| !leave_out.contains(&e.file.as_str());
        let examples: Vec<Example> = self.examples.iter().filter(|e| kept(e)).cloned().collect();
        let rows = self.values.kept(|n| self.examples.get(n).is_some_and(kept));
        let mut pairs = kind_weights(&examples);
        pairs.extend(self.values.weights(rows));
        pairs.sort_by_key(|(k, _)| *k);
        KindModel::from_pairs(Label::all(), pairs)
    }
}

/// Trains the classifier and the value chooser on `examples`.
pub fn train(examples: &[Example]) -> KindModel {
    Prepared::new(examples.to_vec()).train(&[])
}

/// The kind classifier's weights trained on `examples`, as (key, weight) pairs.
fn kind_weights(examples: &[Example]) -> Vec<(u64, f32)> {
    let all = Label::all();
    // The labels of an utterance, and each one's index among all the file's labels.
    let labels: Vec<(usize, Label)> = all
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, l)| l.of_an_utterance())
        .collect();
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
            // Every example's label is an utterance's, so the search always finds it.
            let label = labels.iter().position(|(_, l)| *l == e.label).unwrap_or(0);
            (feats, label)
        })
        .collect();
    let averaged = ensemble(MEMBERS, rows.len(), index.len() * width, |order| {
        perceptron(&rows, order, index.len(), width)
    });
    index
        .iter()
        .flat_map(|(feature, row)| {
            let (averaged, labels) = (&averaged, &labels);
            (0..width).filter_map(move |l| {
                let weight = averaged[row * width + l];
                let label = labels[l].0;
                (weight != 0.0).then(|| (features::with_label(*feature, label), weight as f32))
            })
        })
        .collect()
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
    averaged(&weights, &sums, step)
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
    use crate::intent::context::InView;
    use crate::intent::taxonomy::IntentKind;

    fn example(utterance: &str, label: Label) -> Example {
        Example {
            utterance: utterance.into(),
            in_view: InView::default(),
            label,
            intents: Vec::new(),
            file: String::new(),
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
