//! Type checks of the FFI library for the phone targets, on a machine without their SDKs:
//! `cargo check --target T -p sightline-ffi --lib`, so target-only code paths (and every
//! dependency's `cfg`) keep compiling. The C parts of dependencies (SQLite, ring) are compiled
//! by a GNU cross compiler against glibc headers: a check only, never linked or shipped.
//!
//! `cargo xtask test` checks every shipped Android ABI (as `cargo xtask cross-check` does
//! alone): about a second per target when warm; cold, one dependency check per target
//! (measured on a loaded two-core machine: 983 s for aarch64, 576 s armv7, 629 s x86_64).
//!
//! Apple targets cannot be checked here: rustup offers the standard library of
//! `aarch64-apple-ios` only (not the simulator targets'), and for Apple targets the `cc` crate
//! passes Apple-only flags (`-arch`, `-miphoneos-version-min=`, an SDK from `xcrun`) that no
//! compiler on this machine accepts, while ring and SQLite compile C in their build scripts even
//! under `cargo check`. The iOS job of the hosted CI is where they are first compiled.

use std::time::Instant;

use crate::process::{cargo, run};
use crate::{TaskError, TaskResult, setup};

/// One target and the C toolchain its check uses.
struct CrossTarget {
    /// The Rust target triple.
    triple: &'static str,
    /// The C compiler and archiver for the `cc` crate.
    cc: &'static str,
    ar: &'static str,
    /// Extra C flags.
    cflags: &'static str,
    /// Debian packages providing them.
    apt: &'static [&'static str],
}

/// The 64-bit Arm Android ABI, the one most phones run.
const AARCH64_ANDROID: CrossTarget = CrossTarget {
    triple: "aarch64-linux-android",
    cc: "aarch64-linux-gnu-gcc",
    ar: "aarch64-linux-gnu-ar",
    cflags: "-D_GNU_SOURCE",
    apt: &["gcc-aarch64-linux-gnu", "libc6-dev-arm64-cross"],
};

/// Every target `cargo xtask cross-check` checks: the shipped Android ABIs.
const ALL: [CrossTarget; 3] = [
    AARCH64_ANDROID,
    // Android's 32-bit Arm ABI passes floats the soft-float way (`-mfloat-abi=softfp`), so the
    // headers are Debian's armel ones (armhf lacks `gnu/stubs-soft.h`).
    CrossTarget {
        triple: "armv7-linux-androideabi",
        cc: "arm-linux-gnueabi-gcc",
        ar: "arm-linux-gnueabi-ar",
        cflags: "-D_GNU_SOURCE",
        apt: &["gcc-arm-linux-gnueabi", "libc6-dev-armel-cross"],
    },
    CrossTarget {
        triple: "x86_64-linux-android",
        cc: "gcc",
        ar: "ar",
        cflags: "-D_GNU_SOURCE",
        apt: &[],
    },
];

/// `cargo check` of the FFI library for `target`, installing what it needs.
fn check(target: &CrossTarget) -> TaskResult {
    setup::ensure_apt(target.apt)?;
    setup::ensure_rust_target(target.triple)?;
    let env_name = target.triple.replace('-', "_");
    run(
        &format!("cargo check --target {} -p sightline-ffi", target.triple),
        cargo()
            .args([
                "check",
                "--target",
                target.triple,
                "-p",
                "sightline-ffi",
                "--lib",
            ])
            .env(format!("CC_{env_name}"), target.cc)
            .env(format!("AR_{env_name}"), target.ar)
            .env(format!("CFLAGS_{env_name}"), target.cflags),
    )
}

/// `cargo xtask cross-check`: every target in [`ALL`], each timed; all run, the first
/// failure is reported at the end.
pub fn task() -> TaskResult {
    let mut failures = Vec::new();
    for target in &ALL {
        let started = Instant::now();
        let result = check(target);
        println!(
            "cross-check: {} {} in {:.0} s",
            target.triple,
            if result.is_ok() { "passed" } else { "FAILED" },
            started.elapsed().as_secs_f64()
        );
        if let Err(TaskError(message)) = result {
            failures.push(message);
        }
    }
    match failures.into_iter().next() {
        None => Ok(()),
        Some(first) => Err(TaskError(first)),
    }
}
