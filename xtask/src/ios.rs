//! `cargo xtask ios`: the XCFramework for the Swift package, on a Mac with Xcode. Elsewhere it
//! fails at once, naming what is missing.

use std::path::Path;
use std::process::Command;

use crate::bindings::root_config;
use crate::mobile::{self, MobileOptions};
use crate::process::{cargo, run};
use crate::{TaskError, TaskResult, repo_root, setup, target_dir};

/// The device target.
const DEVICE: &str = "aarch64-apple-ios";

/// The simulator targets: Apple silicon and Intel Macs.
const SIMULATORS: [&str; 2] = ["aarch64-apple-ios-sim", "x86_64-apple-ios"];

fn has(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// `cargo xtask ios [--debug] [--only TARGET]…`: builds the static library per selected
/// target (default: device and both simulators), merges the simulator slices with `lipo` when
/// there are two, and packs them with the generated header and module map into
/// `ios/Sightline/SightlineFFI.xcframework`; the generated Swift (from a host build of only
/// the FFI library and the bindgen) goes into the package's `Sources/Sightline/`. CI's
/// simulator job needs only `--only aarch64-apple-ios-sim --debug`.
pub fn task(args: &[String]) -> TaskResult {
    let options = MobileOptions::parse(args)?;
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
    let device = options.wants(&[DEVICE]).then_some(DEVICE);
    let simulators: Vec<&str> = SIMULATORS
        .into_iter()
        .filter(|t| options.wants(&[t]))
        .collect();
    if device.is_none() && simulators.is_empty() {
        return Err(TaskError(format!(
            "no target selected; choose among {DEVICE}, {}",
            SIMULATORS.join(", ")
        )));
    }
    let (profile, profile_dir) = options.profile();
    for target in device.iter().chain(&simulators) {
        setup::ensure_rust_target(target)?;
        run(
            &format!("cargo build --target {target} ({profile})"),
            cargo().args([
                "build",
                "-p",
                "sightline-ffi",
                "--lib",
                "--profile",
                profile,
                "--target",
                target,
            ]),
        )?;
    }
    let swift = target_dir()?.join("ios-swift");
    mobile::host_bindgen()?.generate("swift", &root_config(), &swift)?;
    let package = repo_root().join("ios/Sightline");
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
        target_dir().map(|t| t.join(target).join(profile_dir).join("libsightline_ffi.a"))
    };
    let mut slices = Vec::new();
    if let Some(device) = device {
        slices.push(lib(device)?);
    }
    match simulators.as_slice() {
        [] => {}
        [one] => slices.push(lib(one)?),
        several => {
            let merged = target_dir()?.join("ios-simulator/libsightline_ffi.a");
            if let Some(dir) = merged.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let mut lipo = Command::new("lipo");
            lipo.arg("-create");
            for target in several {
                lipo.arg(lib(target)?);
            }
            run("lipo (simulator slices)", lipo.arg("-output").arg(&merged))?;
            slices.push(merged);
        }
    }
    let framework = package.join("SightlineFFI.xcframework");
    if framework.exists() {
        std::fs::remove_dir_all(&framework)?;
    }
    let mut create = Command::new("xcodebuild");
    create.arg("-create-xcframework");
    for slice in &slices {
        create.args(library_with_headers(slice, &headers));
    }
    run(
        "xcodebuild -create-xcframework",
        create.arg("-output").arg(&framework),
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
