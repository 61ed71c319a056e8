//! Shared helpers for the scenario tests in `tests/tests/`.

use std::path::PathBuf;

/// The repository root (where `models/` lives after `cargo xtask models`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}
