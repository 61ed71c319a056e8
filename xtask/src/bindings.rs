//! `cargo xtask bindings`: build the FFI library and the in-workspace `uniffi-bindgen`, then
//! generate the Kotlin, Swift and Python bindings into `bindings/generated/` (git-ignored).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{TaskError, TaskResult, repo_root, target_dir};

/// The languages generated, each into its own folder under the output folder.
pub const LANGUAGES: [&str; 3] = ["kotlin", "swift", "python"];

/// The cargo arguments that build the library and the bindgen binary together with every
/// test target, so that the test run and the bindings share one build (one feature set).
pub const CARGO_FEATURES: [&str; 3] = [
    "--workspace",
    "--features",
    "sightline-ffi/bindgen,sightline-ffi/sim",
];

/// The host build of the FFI library and the bindgen binary built from the same sources.
#[derive(Debug, Clone)]
pub struct HostBuild {
    /// `libsightline_ffi.so` (or `.dylib` on macOS).
    pub library: PathBuf,
    /// The in-workspace `uniffi-bindgen`, pinned to the workspace's uniffi.
    pub bindgen: PathBuf,
}

impl HostBuild {
    /// The artifacts of a debug build in the workspace's target folder; an error names the
    /// build to run when they are missing.
    pub fn locate() -> TaskResult<HostBuild> {
        let debug = target_dir()?.join("debug");
        let build = HostBuild {
            library: debug.join(library_file_name()),
            bindgen: debug.join(format!("uniffi-bindgen{}", std::env::consts::EXE_SUFFIX)),
        };
        for path in [&build.library, &build.bindgen] {
            if !path.is_file() {
                return Err(TaskError(format!(
                    "{} is missing; build it with `cargo build {}`",
                    path.display(),
                    CARGO_FEATURES.join(" ")
                )));
            }
        }
        Ok(build)
    }

    /// The folder holding the library (for `jna.library.path`).
    pub fn library_dir(&self) -> TaskResult<&Path> {
        self.library
            .parent()
            .ok_or_else(|| TaskError(format!("{} has no folder", self.library.display())))
    }

    /// Generates `language` bindings with `config` into `out` (emptied first, so a removed
    /// export does not linger).
    pub fn generate(&self, language: &str, config: &Path, out: &Path) -> TaskResult {
        if out.exists() {
            std::fs::remove_dir_all(out)?;
        }
        std::fs::create_dir_all(out)?;
        let status = Command::new(&self.bindgen)
            .current_dir(repo_root())
            .args(["generate", "--no-format", "--library"])
            .arg(&self.library)
            .arg("--config")
            .arg(config)
            .args(["--language", language, "--out-dir"])
            .arg(out)
            .status()?;
        if status.success() {
            Ok(())
        } else {
            Err(TaskError(format!(
                "uniffi-bindgen failed for {language} ({status})"
            )))
        }
    }
}

/// The platform's file name of the FFI shared library.
pub fn library_file_name() -> String {
    format!(
        "{}sightline_ffi{}",
        std::env::consts::DLL_PREFIX,
        std::env::consts::DLL_SUFFIX
    )
}

/// Where generated bindings go: `bindings/generated/<language>`.
pub fn generated_dir(language: &str) -> PathBuf {
    repo_root().join("bindings/generated").join(language)
}

/// The root bindgen config (Kotlin package, Swift module).
pub fn root_config() -> PathBuf {
    repo_root().join("uniffi.toml")
}

/// Generates every language from an existing host build.
pub fn generate_all(build: &HostBuild) -> TaskResult {
    for language in LANGUAGES {
        let out = generated_dir(language);
        build.generate(language, &root_config(), &out)?;
        println!("bindings: {language} → {}", out.display());
    }
    Ok(())
}

/// `cargo xtask bindings`: build, then generate every language.
pub fn task() -> TaskResult {
    crate::process::run(
        "cargo build (FFI library + uniffi-bindgen)",
        crate::process::cargo()
            .arg("build")
            .args(CARGO_FEATURES)
            .arg("--all-targets"),
    )?;
    generate_all(&HostBuild::locate()?)
}
