//! Reading the intent corpus (`core/tests/data/intents/*.jsonl`) for training: each line's
//! utterance, what was in view, what it asks for and the values it was labelled with.

use serde::Deserialize;
use std::path::Path;

use super::Label;
use crate::intent::context::InView;
use crate::intent::taxonomy::IntentKind;

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
    /// Each request it makes, with its slots as labelled (what the value chooser learns).
    pub intents: Vec<Expected>,
    /// The corpus file it is from (a part left out of training is left out by name).
    pub file: String,
}

/// A request of a labelled line: its kind's name and its slots' values as labelled.
#[derive(Debug, Clone, Deserialize)]
pub struct Expected {
    /// The kind's dotted name.
    pub kind: String,
    /// Slot name → labelled value.
    #[serde(default)]
    pub slots: serde_json::Map<String, serde_json::Value>,
}

#[derive(Deserialize)]
struct Line {
    utterance: String,
    intents: Vec<Expected>,
    #[serde(default)]
    context: Option<LineContext>,
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
                intents: line.intents,
                file: name.clone(),
            });
        }
    }
    Ok(out)
}
