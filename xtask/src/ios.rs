//! `cargo xtask ios`: the XCFramework for the Swift package, on a Mac with Xcode. Elsewhere it
//! fails at once, naming what is missing.

use std::path::Path;
use std::process::Command;

use crate::process::{cargo, run};
use crate::{TaskError, TaskResult, repo_root, setup, target_dir};

/// Device, Apple-silicon simulator and Intel simulator.
const TARGETS: [&str; 3] = [
    "aarch64-apple-ios",
    "aarch64-apple-ios-sim",
    "x86_64-apple-ios",
];

fn has(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Builds the static library per target, merges the two simulator slices with `lipo`, and
/// packs device + simulator with the generated header and module map into
/// `ios/Sightline/SightlineFFI.xcframework`; the generated Swift goes into the package's
/// `Sources/Sightline/`.
pub fn task() -> TaskResult {
    if std::env::consts::OS != "macos" {
        return Err(TaskError(format!(
            "building for iOS needs macOS with Xcode (xcodebuild, lipo, the iOS SDK); this machine runs {}. \
             The Swift bindings are still generated here by `cargo xtask bindings`.",
            std::env::consts::OS
        )));
    }
    if !has("xcodebuild", "-version") {
        return Err(TaskError(
            "xcodebuild is missing: install Xcode and run `xcode-select --install`".into(),
        ));
    }
    for target in TARGETS {
        setup::ensure_rust_target(target)?;
        run(
            &format!("cargo build --target {target} (release-small)"),
            cargo().args([
                "build",
                "-p",
                "sightline-ffi",
                "--lib",
                "--profile",
                "release-small",
                "--target",
                target,
            ]),
        )?;
    }
    crate::bindings::task()?;
    let package = repo_root().join("ios/Sightline");
    let swift = repo_root().join("bindings/generated/swift");
    let headers = target_dir()?.join("ios-headers");
    if headers.exists() {
        std::fs::remove_dir_all(&headers)?;
    }
    std::fs::create_dir_all(&headers)?;
    std::fs::copy(swift.join("SightlineFFI.h"), headers.join("SightlineFFI.h"))?;
    std::fs::copy(
        swift.join("SightlineFFI.modulemap"),
        headers.join("module.modulemap"),
    )?;
    let sources = package.join("Sources/Sightline");
    std::fs::create_dir_all(&sources)?;
    std::fs::copy(
        swift.join("Sightline.swift"),
        sources.join("Sightline.swift"),
    )?;

    let lib = |target: &str| {
        target_dir().map(|t| t.join(target).join("release-small/libsightline_ffi.a"))
    };
    let simulator = target_dir()?.join("ios-simulator/libsightline_ffi.a");
    if let Some(dir) = simulator.parent() {
        std::fs::create_dir_all(dir)?;
    }
    run(
        "lipo (simulator slices)",
        Command::new("lipo")
            .arg("-create")
            .arg(lib("aarch64-apple-ios-sim")?)
            .arg(lib("x86_64-apple-ios")?)
            .arg("-output")
            .arg(&simulator),
    )?;
    let framework = package.join("SightlineFFI.xcframework");
    if framework.exists() {
        std::fs::remove_dir_all(&framework)?;
    }
    run(
        "xcodebuild -create-xcframework",
        Command::new("xcodebuild")
            .arg("-create-xcframework")
            .args(library_with_headers(&lib("aarch64-apple-ios")?, &headers))
            .args(library_with_headers(&simulator, &headers))
            .arg("-output")
            .arg(&framework),
    )?;
    println!("ios: {} ready", framework.display());
    Ok(())
}

fn library_with_headers(library: &Path, headers: &Path) -> Vec<std::ffi::OsString> {
    vec![
        "-library".into(),
        library.as_os_str().to_owned(),
        "-headers".into(),
        headers.as_os_str().to_owned(),
    ]
}
