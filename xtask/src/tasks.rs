//! The composite tasks behind the README's two commands.

use std::process::Command;

use crate::bindings::{self, HostBuild};
use crate::files::models_dir;
use crate::process::{Tally, cargo, run, run_counted};
use crate::{
    TaskError, TaskResult, android, kotlin, lint, models, python, repo_root, setup, target_dir,
};

/// Everything a fresh machine needs before the demo or the tests.
fn prepare() -> TaskResult {
    setup::ensure_apt(setup::APT_PACKAGES)?;
    models::ensure(&repo_root())
}

/// `cargo xtask demo [ARGS…]`: set up, then run `sightline demo` with the repository's
/// models. It builds with the same package and feature selection as `cargo xtask test`, so
/// the two share one dependency build (another selection would rebuild tract).
pub fn demo(args: &[String]) -> TaskResult {
    prepare()?;
    build_all()?;
    let sightline = target_dir()?.join("debug").join("sightline");
    run(
        "sightline demo",
        Command::new(sightline)
            .arg("--models-dir")
            .arg(models_dir(&repo_root()))
            .arg("demo")
            .args(args),
    )
}

/// Builds every target of the workspace (test binaries, the CLI, the FFI library and
/// `uniffi-bindgen`) with the bindgen feature.
fn build_all() -> TaskResult {
    run(
        "cargo build --workspace --all-targets (with the bindgen and sim features)",
        cargo()
            .args(["build", "--all-targets"])
            .args(bindings::CARGO_FEATURES),
    )
}

/// `cargo xtask test`: set up, then run the quick checks (fmt, clippy, cargo-deny's checks
/// that need no advisory database) and every test of the project: the cargo tests (whose build also makes the FFI
/// library and `uniffi-bindgen`), the Kotlin and Python binding tests against that library,
/// the phone shells' checks and the Android type check of every shipped ABI. Every check and suite runs even when an earlier one failed;
/// the closing summary lists every failure.
pub fn test(args: &[String]) -> TaskResult {
    prepare()?;
    let mut tally = Tally::default();
    let mut failures = Vec::new();
    let mut note = |result: TaskResult| {
        if let Err(TaskError(message)) = result {
            eprintln!("xtask test: {message}");
            failures.push(message);
        }
    };
    // The quick checks first: a formatting, lint or licence failure shows in minutes.
    note(lint::fmt());
    note(lint::clippy());
    note(lint::deny());
    note(run_counted(
        "cargo test --workspace (with the bindgen and sim features)",
        cargo()
            .args(["test", "--no-fail-fast"])
            .args(bindings::CARGO_FEATURES)
            .args(args),
        &mut tally,
    ));
    note(foreign_tests(&mut tally));
    note(android::check());
    println!("total: {} passed, {} failed", tally.passed, tally.failed);
    for failure in &failures {
        eprintln!("xtask test: FAILED: {failure}");
    }
    match failures.len() {
        0 => Ok(()),
        1 => Err(TaskError(failures.concat())),
        n => Err(TaskError(format!(
            "{n} checks or suites failed (listed above)"
        ))),
    }
}

/// Generates the bindings from the library the cargo tests just built and runs the Kotlin and
/// Python suites against it.
fn foreign_tests(tally: &mut Tally) -> TaskResult {
    // `cargo test` does not always build the bindgen binary; this build reuses its artefacts.
    build_all()?;
    let build = HostBuild::locate()?;
    bindings::generate_all(&build)?;
    let work = target_dir()?.join("foreign");
    let kotlin = kotlin::test(&build, &work, tally);
    let python = python::test(&build, &work, tally);
    let shells = crate::shells::test(&build, &work, tally);
    kotlin.and(python).and(shells)
}
