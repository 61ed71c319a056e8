//! The quick checks `cargo xtask test` runs before any test: formatting (`rustfmt.toml`),
//! clippy with warnings as errors (`clippy.toml`), and the dependency policy (`deny.toml`:
//! licences, banned and unknown sources). They take seconds to a few minutes against the
//! tens of minutes of the test suites, so a failure shows early; like a failed suite, it is
//! reported in the run's closing summary.
//!
//! Only what needs no network beyond the crate registry (which the build needs anyway) runs
//! here: `cargo deny`'s `licenses`, `bans` and `sources` checks. The `advisories` check needs
//! the RustSec advisory database, cloned from a git host this machine cannot reach, so it is
//! not part of this run (docs/development.md says where to run it).

use crate::bindings::CARGO_FEATURES;
use crate::process::{cargo, run};
use crate::{TaskError, TaskResult};

/// The cargo-deny release the dependency check uses (installed from the crate registry with
/// `cargo install --locked` when missing or of another version).
const CARGO_DENY_VERSION: &str = "0.20.2";

/// The `cargo deny` checks that need no advisory database.
pub const DENY_CHECKS: [&str; 3] = ["licenses", "bans", "sources"];

/// `cargo fmt --all -- --check`: every file formatted as `rustfmt.toml` says.
pub fn fmt() -> TaskResult {
    run(
        "cargo fmt --all -- --check",
        cargo().args(["fmt", "--all", "--", "--check"]),
    )
}

/// Clippy over every target of the workspace with the test run's feature selection (so it
/// shares the dependency build), warnings denied.
pub fn clippy() -> TaskResult {
    run(
        "cargo clippy --workspace --all-targets (with the bindgen and sim features) -- -D warnings",
        cargo()
            .args(["clippy", "--all-targets"])
            .args(CARGO_FEATURES)
            .args(["--", "-D", "warnings"]),
    )
}

/// `cargo deny check licenses bans sources` against `deny.toml`, with cargo-deny installed
/// first if needed. Duplicate versions are warnings; their inclusion graphs are left out.
pub fn deny() -> TaskResult {
    ensure_cargo_deny()?;
    run(
        "cargo deny check licenses bans sources",
        cargo()
            .args(["deny", "check", "--hide-inclusion-graph"])
            .args(DENY_CHECKS),
    )
}

/// The installed cargo-deny's version, if one answers.
fn installed_cargo_deny() -> Option<String> {
    let output = cargo().args(["deny", "--version"]).output().ok()?;
    if !output.status.success() {
        return None;
    }
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .nth(1)
        .map(str::to_string)
}

fn ensure_cargo_deny() -> TaskResult {
    if installed_cargo_deny().as_deref() == Some(CARGO_DENY_VERSION) {
        return Ok(());
    }
    run(
        &format!("cargo install --locked cargo-deny@{CARGO_DENY_VERSION}"),
        // Outside the repository and its target folder: the tool's build must not take
        // the workspace's compiler flags or share its artefacts.
        cargo()
            .current_dir(std::env::temp_dir())
            .env_remove("CARGO_TARGET_DIR")
            .args([
                "install",
                "--locked",
                &format!("cargo-deny@{CARGO_DENY_VERSION}"),
            ]),
    )
    .map_err(|TaskError(message)| {
        TaskError(format!(
            "{message}: cargo-deny is needed for the dependency check"
        ))
    })
}
