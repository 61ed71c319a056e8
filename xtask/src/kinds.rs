//! The learned intent kind classifier (`sightline_core::intent::kinds`), trained on the intent
//! corpus into `models/intent-kinds.bin` the way the ONNX models are compiled into bundles: at
//! setup, not at run time. Training takes seconds and is deterministic (the same corpus gives
//! the same bytes), so setup always trains and writes the file only when its bytes change.

use std::path::Path;

use sightline_core::intent::kinds::{FILE_NAME, train};

use crate::files::models_dir;
use crate::{TaskError, TaskResult};

/// Makes sure the classifier in the models folder is the one the corpus trains now.
pub fn ensure(root: &Path) -> TaskResult {
    let corpus = root.join("core/tests/data/intents");
    let task_error = |e: train::CorpusError| TaskError(format!("intent corpus: {e}"));
    let files = train::corpus_files(&corpus, &[]).map_err(task_error)?;
    let examples = train::examples(&corpus, &files).map_err(task_error)?;
    let bytes = train::to_bytes(&train::train(&examples));
    let path = models_dir(root).join(FILE_NAME);
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        println!("models: {FILE_NAME} ok (the one the corpus trains)");
        return Ok(());
    }
    let partial = path.with_extension("bin.partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, &path)?;
    println!(
        "models: {FILE_NAME} trained on {} lines of {} corpus files",
        examples.len(),
        files.len()
    );
    Ok(())
}
