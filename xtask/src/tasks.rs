//! The composite tasks behind the README's two commands.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::bindings::{self, HostBuild};
use crate::{TaskError, TaskResult, android, kotlin, models, python, repo_root, setup, target_dir};

/// Passed and failed test counts, summed over every suite the test task runs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Adds the counts of one closing line: cargo's `test result: ok. 3 passed; 0 failed; …`
    /// or the plain `N passed, N failed` the foreign-language suites print.
    pub fn add_line(&mut self, line: &str) {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let count_before = |label: &str| {
            words
                .windows(2)
                .find(|w| w[1] == label)
                .and_then(|w| w[0].parse::<u64>().ok())
        };
        if let (Some(p), Some(f)) = (count_before("passed"), count_before("failed")) {
            self.passed += p;
            self.failed += f;
        }
    }
}

/// Runs `cmd`, echoing its standard output line by line and adding its closing lines to `tally`.
pub fn run_counted(what: &str, cmd: &mut Command, tally: &mut Tally) -> TaskResult {
    println!("xtask: {what}");
    let mut child = cmd.stdout(Stdio::piped()).spawn()?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            tally.add_line(&line);
        }
    }
    let status = child.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError(format!("{what} failed ({status})")))
    }
}

/// A `cargo` command (the one running xtask) in the repository root.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(repo_root());
    cmd
}

/// Runs `cmd`, announcing it as `what`; a failure names it.
pub fn run(what: &str, cmd: &mut Command) -> TaskResult {
    println!("xtask: {what}");
    let status = cmd.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError(format!("{what} failed ({status})")))
    }
}

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
            .arg(models::models_dir(&repo_root()))
            .arg("demo")
            .args(args),
    )
}

/// Builds every target of the workspace (test binaries, the CLI, the FFI library and
/// `uniffi-bindgen`) with the bindgen feature.
fn build_all() -> TaskResult {
    run(
        "cargo build --workspace --all-targets (with the bindgen feature)",
        cargo()
            .args(["build", "--all-targets"])
            .args(bindings::CARGO_FEATURES),
    )
}

/// `cargo xtask test`: set up, then run every test of the project: the cargo tests (whose
/// build also makes the FFI library and `uniffi-bindgen`), the Kotlin and Python binding tests
/// against that library, and the Android type check. Every suite runs even when an earlier
/// one failed; the first failure is reported at the end.
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
    note(run_counted(
        "cargo test --workspace (with the bindgen feature)",
        cargo()
            .args(["test", "--no-fail-fast"])
            .args(bindings::CARGO_FEATURES)
            .args(args),
        &mut tally,
    ));
    note(foreign_tests(&mut tally));
    note(android::check());
    println!("total: {} passed, {} failed", tally.passed, tally.failed);
    match failures.into_iter().next() {
        None => Ok(()),
        Some(first) => Err(TaskError(first)),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_reads_cargo_and_plain_closing_lines() {
        let mut t = Tally::default();
        t.add_line("test result: ok. 21 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
        t.add_line("kotlin: 7 passed, 1 failed");
        t.add_line("running 4 tests");
        assert_eq!(
            t,
            Tally {
                passed: 28,
                failed: 1
            }
        );
    }
}
