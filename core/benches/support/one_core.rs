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

/// The `p`-quantile (0–1) of `values` by the nearest-rank method; `NaN` when empty.
pub fn quantile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// The process's peak resident memory (`VmHWM`) in MB, on Linux.
pub fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}
