//! Benchmarks measure on one core: the process re-runs itself under `taskset -c 0` (once),
//! with single-threaded math libraries, and the caller returns the child's exit code.

use std::process::{Command, ExitCode};

/// Set in the pinned child so it does not re-run itself again.
const PINNED_ENV: &str = "SIGHTLINE_BENCH_PINNED";

/// Re-runs this binary under `taskset -c 0` unless already pinned, and returns its exit code;
/// `None` means "this process is the pinned one (or taskset is missing): measure here".
pub fn pin_to_one_core(bench: &str) -> Option<ExitCode> {
    if std::env::var_os(PINNED_ENV).is_some() {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let status = Command::new("taskset")
        .arg("-c")
        .arg("0")
        .arg(exe)
        .args(std::env::args_os().skip(1))
        .env(PINNED_ENV, "1")
        .env("OMP_NUM_THREADS", "1")
        .status();
    match status {
        Ok(s) => Some(if s.success() {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        }),
        Err(e) => {
            eprintln!("{bench} bench: taskset unavailable ({e}); running unpinned");
            None
        }
    }
}

/// The `p`-quantile (0–1) of `values` (nearest rank); `NaN` when empty, so a missing figure
/// prints as such instead of stopping the bench.
pub fn quantile(values: &[f64], p: f64) -> f64 {
    sightline_core::measure::quantile(values, p).unwrap_or(f64::NAN)
}
