//! `cargo xtask size`: build the library as shipped (`release-small`: opt-level z, LTO, one
//! codegen unit, stripped) and print its size against the limit. Models are separate files
//! and are not part of it.
//!
//! The shared library is built alone (`cargo rustc --crate-type cdylib`), as an app packages
//! it: built together with the crate's Rust library (`lib`, for the bindgen tool) the LTO'd
//! shared library keeps code it never calls and weighs 2.8 MB more.

use crate::bindings::library_file_name;
use crate::process::{cargo, run};
use crate::{TaskError, TaskResult, target_dir};

/// The most the shipped shared library may weigh, in bytes (15 MB).
pub const LIMIT_BYTES: u64 = 15 * 1_000_000;

/// Builds `release-small` and checks the size of the shared library.
pub fn task() -> TaskResult {
    run(
        "cargo rustc -p sightline-ffi --lib --crate-type cdylib --profile release-small",
        cargo().args([
            "rustc",
            "-p",
            "sightline-ffi",
            "--lib",
            "--crate-type",
            "cdylib",
            "--profile",
            "release-small",
        ]),
    )?;
    let path = target_dir()?
        .join("release-small")
        .join(library_file_name());
    let bytes = std::fs::metadata(&path)?.len();
    println!(
        "size: {} ({}, {}, release-small, stripped): {bytes} bytes = {:.2} MB (limit {:.0} MB, {:.0}% of it)",
        library_file_name(),
        std::env::consts::ARCH,
        std::env::consts::OS,
        bytes as f64 / 1e6,
        LIMIT_BYTES as f64 / 1e6,
        100.0 * bytes as f64 / LIMIT_BYTES as f64
    );
    if bytes > LIMIT_BYTES {
        return Err(TaskError(format!(
            "{} is {bytes} bytes, over the {LIMIT_BYTES}-byte limit",
            path.display()
        )));
    }
    Ok(())
}
