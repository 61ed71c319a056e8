//! What the perception and voice benches share around their work: the repository root (the
//! models and the Python environment live there) and the exit code a bench's outcome gives.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The repository root: the parent of the core crate.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Success, or the error printed as `<bench> bench: error: …` and a failure exit code.
pub fn exit_code(bench: &str, outcome: Result<(), String>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{bench} bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}
