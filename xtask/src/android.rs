//! `cargo xtask android`: the full build, which needs an Android SDK + NDK (the type check that
//! runs everywhere is in `cross.rs`), and `cargo xtask android-bindings`, which Gradle runs.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cross;
use crate::mobile::{self, MobileOptions};
use crate::process::{cargo, run};
use crate::{TaskError, TaskResult, repo_root, setup};

/// The ABIs the app ships, as `cargo ndk` names them, and their Rust targets.
const ABIS: [(&str, &str); 3] = [
    ("arm64-v8a", "aarch64-linux-android"),
    ("armeabi-v7a", "armv7-linux-androideabi"),
    ("x86_64", "x86_64-linux-android"),
];

/// The Android type check of `cargo xtask test`: `cargo check` for every shipped ABI (a second
/// each when warm; the hosted CI builds only the emulator's ABI, so this is where the others
/// are compiled on every change).
pub fn check() -> TaskResult {
    cross::task()
}

/// What a full Android build needs, each found or named as missing.
struct AndroidToolchain {
    sdk: PathBuf,
    ndk: PathBuf,
    gradle: PathBuf,
}

fn env_dir(names: &[&str]) -> Option<PathBuf> {
    names
        .iter()
        .filter_map(std::env::var_os)
        .map(PathBuf::from)
        .find(|p| p.is_dir())
}

/// The newest NDK inside an SDK (`ndk/<version>`), when no NDK variable is set.
fn ndk_in_sdk(sdk: &Path) -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir(sdk.join("ndk"))
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("source.properties").is_file())
        .collect();
    versions.sort();
    versions.pop()
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

fn has_cargo_ndk() -> bool {
    cargo()
        .args(["ndk", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

impl AndroidToolchain {
    fn find() -> TaskResult<AndroidToolchain> {
        let sdk = env_dir(&["ANDROID_HOME", "ANDROID_SDK_ROOT"]);
        let ndk = env_dir(&["ANDROID_NDK_HOME", "ANDROID_NDK_ROOT", "ANDROID_NDK"])
            .or_else(|| sdk.as_deref().and_then(ndk_in_sdk));
        let gradle = on_path("gradle");
        let mut missing = Vec::new();
        if sdk.is_none() {
            missing.push("the Android SDK (set ANDROID_HOME to it)");
        }
        if ndk.is_none() {
            missing.push(
                "the Android NDK (set ANDROID_NDK_HOME, or install it into $ANDROID_HOME/ndk/)",
            );
        }
        if !has_cargo_ndk() {
            missing.push("cargo-ndk (`cargo install cargo-ndk`)");
        }
        if gradle.is_none() {
            missing.push("Gradle 8.9 or newer on PATH");
        }
        match (sdk, ndk, gradle) {
            (Some(sdk), Some(ndk), Some(gradle)) if missing.is_empty() => {
                Ok(AndroidToolchain { sdk, ndk, gradle })
            }
            _ => Err(TaskError(format!(
                "cannot build for Android on this machine; missing: {}. \
                 `cargo xtask test` still type-checks the Android target without them.",
                missing.join("; ")
            ))),
        }
    }
}

/// `cargo xtask android [--debug] [--only ABI]…`: the native libraries for the selected ABIs
/// (default: every shipped one) with `cargo ndk`, then the Gradle build of the library and the
/// app. Gradle generates the Kotlin bindings itself (`cargo xtask android-bindings`, run by the
/// library module's `generateUniffi` task), so a `gradle clean` or an IDE build never lacks them.
pub fn task(args: &[String]) -> TaskResult {
    let options = MobileOptions::parse(args)?;
    let tools = AndroidToolchain::find()?;
    let android = repo_root().join("android");
    let jni_libs = android.join("sightline/src/main/jniLibs");
    if jni_libs.exists() {
        // ABIs left from an earlier build would be packaged beside the new ones.
        std::fs::remove_dir_all(&jni_libs)?;
    }
    let mut ndk = cargo();
    ndk.arg("ndk");
    let mut chosen = Vec::new();
    for (abi, triple) in ABIS {
        if options.wants(&[abi, triple]) {
            setup::ensure_rust_target(triple)?;
            ndk.args(["-t", abi]);
            chosen.push(abi);
        }
    }
    if chosen.is_empty() {
        return Err(TaskError(format!(
            "no shipped ABI selected; choose among {}",
            ABIS.map(|(abi, _)| abi).join(", ")
        )));
    }
    let (profile, _) = options.profile();
    run(
        &format!("cargo ndk build ({profile}) for {}", chosen.join(", ")),
        ndk.arg("-o")
            .arg(&jni_libs)
            .args([
                "build",
                "-p",
                "sightline-ffi",
                "--lib",
                "--profile",
                profile,
            ])
            .env("ANDROID_NDK_HOME", &tools.ndk),
    )?;
    run(
        "gradle assembleDebug",
        Command::new(&tools.gradle)
            .current_dir(&android)
            .args(["--no-daemon", "assembleDebug"])
            .env("ANDROID_HOME", &tools.sdk),
    )
}

/// `cargo xtask android-bindings OUT`: the Kotlin bindings with the Android config
/// (`android/uniffi-android.toml`) into `OUT`, from a host build of only the FFI library and
/// the bindgen. Gradle runs it before compiling the library module.
pub fn bindings(args: &[String]) -> TaskResult {
    let [out] = args else {
        return Err(TaskError(
            "usage: cargo xtask android-bindings OUT_DIR".into(),
        ));
    };
    let config = repo_root().join("android/uniffi-android.toml");
    mobile::host_bindgen()?.generate("kotlin", &config, Path::new(out))?;
    println!("android: Kotlin bindings (android = true) → {out}");
    Ok(())
}
