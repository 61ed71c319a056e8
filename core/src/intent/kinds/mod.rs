//! The learned kind classifier beside the rules: an averaged perceptron over the utterance's
//! character 1–3-grams, English words and word pairs (and what is in view), trained at setup
//! on the intent corpus (`cargo xtask models` writes [`FILE_NAME`] into the models folder) and
//! read by [`super::parse::parse_with`]: where the rules found one request and the classifier
//! is sure, its label decides the kind or that nothing was asked; where they found several and
//! it is sure the utterance asks for one of them, only that one is kept; where they found none
//! and it is sure of one request, that request is read from the whole utterance
//! (docs/intents.md, "The learned kind classifier"). The rules still read every slot.
//!
//! The same file holds the learned value chooser's weights ([`values`], labels `value:…`): for
//! the text slots a wearer usually says word for word, it ranks every span of the request's
//! clause against the rules' value and, when sure, takes the span's.
//!
//! Why: rules written from the phrasings a round studied carry little to voices no rule was
//! written for; a classifier trained on every labelled line does (on six parts in new voices,
//! each left out of its training, 93–99 % kinds where the rules alone read 89–95 %).

mod corpus;
mod features;
mod file;
mod passes;
mod spans;
pub mod train;
pub mod value_slots;
mod value_train;
pub mod values;

use std::path::Path;

use super::context::InView;
use super::taxonomy::IntentKind;

pub use file::KindsFileError;

/// The file the classifier is read from, in the models folder.
pub const FILE_NAME: &str = "intent-kinds.bin";

/// What the classifier can answer of an utterance: it asks for nothing, for one request of a
/// kind, or for several requests (the corpus's lines of two or more intents, learned so that
/// an utterance of several is not taken for one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// No request at all.
    Nothing,
    /// One request of this kind.
    Kind(IntentKind),
    /// Several requests.
    Several,
    /// A value chooser's slot: the index of its [`value_slots::VALUE_SLOTS`] entry (these labels
    /// score a span of a clause as that slot's value, never an utterance).
    Value(usize),
}

impl Label {
    /// Every label, in the order of their names (the order of the file's labels and of a
    /// key's label index).
    pub fn all() -> Vec<Label> {
        let mut all: Vec<Label> = [Label::Nothing, Label::Several]
            .into_iter()
            .chain(IntentKind::ALL.into_iter().map(Label::Kind))
            .chain((0..value_slots::VALUE_SLOTS.len()).map(Label::Value))
            .collect();
        all.sort_by_key(|l| l.name());
        all
    }

    /// Its name in the file: the kind's, `none`, `several` or a value slot's (`value:…`).
    pub fn name(self) -> &'static str {
        match self {
            Label::Nothing => "none",
            Label::Kind(kind) => kind.as_str(),
            Label::Several => "several",
            Label::Value(i) => value_slots::VALUE_SLOTS
                .get(i)
                .map_or("value:", |s| s.label),
        }
    }

    /// Whether it answers what an utterance asks for (not a value slot's label).
    fn of_an_utterance(self) -> bool {
        !matches!(self, Label::Value(_))
    }

    /// The label called `name`, if this library has it.
    pub fn from_name(name: &str) -> Option<Label> {
        match name {
            "none" => Some(Label::Nothing),
            "several" => Some(Label::Several),
            value if value.starts_with("value:") => value_slots::VALUE_SLOTS
                .iter()
                .position(|s| s.label == value)
                .map(Label::Value),
            kind => IntentKind::from_name(kind).map(Label::Kind),
        }
    }
}

/// The classifier's answer for one utterance: its best label and by how much it beat the
/// runner-up (the perceptron's scores have no scale of their own: a margin is only compared
/// with the parser's bar for overruling the rules).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    /// The best label.
    pub label: Label,
    /// Its score minus the runner-up's.
    pub margin: f32,
}

/// A trained classifier (and value chooser): the labels, and the weight of each (feature,
/// label) pair that has one, its keys ([`features::with_label`]) in order for a binary search per feature and its
/// weights beside them (two lists: 12 bytes a weight in memory, not a padded 16).
#[derive(Debug, Clone, PartialEq)]
pub struct KindModel {
    labels: Vec<Label>,
    keys: Vec<u64>,
    weights: Vec<f32>,
}

impl KindModel {
    /// A classifier of `labels` from its (key, weight) pairs in key order.
    fn from_pairs(labels: Vec<Label>, pairs: impl IntoIterator<Item = (u64, f32)>) -> Self {
        let (keys, weights) = pairs.into_iter().unzip();
        KindModel {
            labels,
            keys,
            weights,
        }
    }

    /// Its (key, weight) pairs in key order.
    fn pairs(&self) -> impl Iterator<Item = (u64, f32)> + '_ {
        self.keys.iter().copied().zip(self.weights.iter().copied())
    }

    /// Reads the classifier from `models_dir` ([`FILE_NAME`]), checking its integrity.
    pub fn load(models_dir: &Path) -> Result<Self, KindsFileError> {
        file::read(&models_dir.join(FILE_NAME))
    }

    /// The classifier in `models_dir` for the parser, or none when it cannot be read: a
    /// warning names why, and requests are understood by the rules alone (a missing file must
    /// not stop the wearer asking).
    pub fn load_or_warn(models_dir: &Path) -> Option<Self> {
        Self::load(models_dir)
            .inspect_err(
                |e| tracing::warn!(error = %e, "requests are understood by the rules alone"),
            )
            .ok()
    }

    /// Each label's score for `said` (an utterance as [`super::parse::normalize`] gives it:
    /// what was said around a request, a greeting or thanks, already left out) with `in_view`,
    /// in the labels' order.
    fn scores(&self, said: &str, in_view: &InView) -> Vec<f32> {
        let mut scores = vec![0.0f32; self.labels.len()];
        for feature in features::of(said, in_view) {
            let first = self.keys.partition_point(|k| *k < feature);
            for (key, weight) in self.keys[first..]
                .iter()
                .zip(&self.weights[first..])
                .take_while(|(k, _)| features::base(**k) == feature)
            {
                if let Some(score) = scores.get_mut(features::label_of(*key)) {
                    *score += weight;
                }
            }
        }
        scores
    }

    /// The score of `label` for a thing described by `features` (keys without a label, as
    /// [`features::key`] makes them): the sum of its weights for them.
    fn score(&self, features: &[u64], label: Label) -> f32 {
        let Some(index) = self.labels.iter().position(|l| *l == label) else {
            return 0.0;
        };
        features
            .iter()
            .filter_map(|f| {
                let at = self
                    .keys
                    .binary_search(&features::with_label(*f, index))
                    .ok()?;
                self.weights.get(at).copied()
            })
            .sum()
    }

    /// The best label for `said` (see [`KindModel::scores`]; a tie goes to the label first in
    /// name order) and its margin over the runner-up.
    pub fn judge(&self, said: &str, in_view: &InView) -> Judgement {
        let (mut best, mut top, mut second) =
            (Label::Nothing, f32::NEG_INFINITY, f32::NEG_INFINITY);
        for (label, score) in self.labels.iter().zip(self.scores(said, in_view)) {
            if !label.of_an_utterance() {
                continue;
            }
            if score > top {
                (best, top, second) = (*label, score, top);
            } else if score > second {
                second = score;
            }
        }
        Judgement {
            label: best,
            margin: if second.is_finite() {
                top - second
            } else {
                0.0
            },
        }
    }
}
