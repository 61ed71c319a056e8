//! Android: the type check that runs everywhere, and the full build that needs an SDK + NDK.
//!
//! The check compiles the FFI crate and every dependency for `aarch64-linux-android` in check
//! mode, so Android-only code paths keep compiling on a machine without an NDK. Its C parts
//! are compiled against glibc headers by the aarch64 GNU cross compiler: a check only, never
//! linked or shipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bindings::{HostBuild, root_config};
use crate::process::{cargo, run};
use crate::{TaskError, TaskResult, repo_root, setup};

/// The target the check compiles for.
const CHECK_TARGET: &str = "aarch64-linux-android";

/// Debian packages the check needs: a C cross compiler and headers for the C dependencies.
pub const CHECK_APT_PACKAGES: &[&str] = &["gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross"];

/// The ABIs the app ships, as `cargo ndk` names them, and their Rust targets.
const ABIS: [(&str, &str); 3] = [
    ("arm64-v8a", "aarch64-linux-android"),
    ("armeabi-v7a", "armv7-linux-androideabi"),
    ("x86_64", "x86_64-linux-android"),
];

/// `cargo check --target aarch64-linux-android -p sightline-ffi`, installing what it needs.
pub fn check() -> TaskResult {
    setup::ensure_apt(CHECK_APT_PACKAGES)?;
    setup::ensure_rust_target(CHECK_TARGET)?;
    run(
        "cargo check --target aarch64-linux-android -p sightline-ffi",
        cargo()
            .args([
                "check",
                "--target",
                CHECK_TARGET,
                "-p",
                "sightline-ffi",
                "--lib",
            ])
            .env("CC_aarch64_linux_android", "aarch64-linux-gnu-gcc")
            .env("AR_aarch64_linux_android", "aarch64-linux-gnu-ar")
            .env("CFLAGS_aarch64_linux_android", "-D_GNU_SOURCE"),
    )
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

/// `cargo xtask android`: the native libraries for every ABI with `cargo ndk`, the Kotlin
/// bindings with the Android config, then the Gradle build of the library and the app.
pub fn task() -> TaskResult {
    let tools = AndroidToolchain::find()?;
    let android = repo_root().join("android");
    let jni_libs = android.join("sightline/src/main/jniLibs");
    let mut ndk = cargo();
    ndk.arg("ndk");
    for (abi, triple) in ABIS {
        setup::ensure_rust_target(triple)?;
        ndk.args(["-t", abi]);
    }
    run(
        "cargo ndk build (release-small)",
        ndk.arg("-o")
            .arg(&jni_libs)
            .args([
                "build",
                "-p",
                "sightline-ffi",
                "--lib",
                "--profile",
                "release-small",
            ])
            .env("ANDROID_NDK_HOME", &tools.ndk),
    )?;
    crate::bindings::task()?;
    let kotlin_out = android.join("sightline/build/generated/uniffi");
    HostBuild::locate()?.generate("kotlin", &android.join("uniffi-android.toml"), &kotlin_out)?;
    println!(
        "android: Kotlin bindings (android = true) from {}",
        root_config().display()
    );
    run(
        "gradle assembleDebug",
        Command::new(&tools.gradle)
            .current_dir(&android)
            .args(["--no-daemon", "assembleDebug"])
            .env("ANDROID_HOME", &tools.sdk),
    )
}
