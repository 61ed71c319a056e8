//! The EfficientNet-Lite0 `.pth` → ONNX conversion that follows the fetch.
//!
//! The weights ship as a legacy PyTorch state dict; the converter
//! (`xtask/convert/efficientnet_lite0.py`) reads that format without PyTorch and builds the
//! graph with the `onnx` package, in a private virtual environment under `build/python`
//! (git-ignored) so nothing is installed into the system Python. Python was chosen over a
//! Rust protobuf writer because the `onnx` package checks the graph it builds
//! (`onnx.checker`) and the pickle format is read by Python's own unpickler.
//!
//! Idempotent: the converted file's sha256 is written next to it (`.sha256`); a file whose
//! hash matches is left alone. The runtime checks the same sidecar before loading.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::files::{models_dir, sha256_file};
use crate::{TaskError, TaskResult};

/// The converted model, in `models/` (the source of the scene model's bundle).
const SCENE_MODEL: &str = sightline_core::perception::scene::SCENE.source;
/// The source weights, in `models/` (fetched by the manifest).
const SOURCE_WEIGHTS: &str = "efficientnet-lite0-57934424.pth";
/// What the converter needs from pip, pinned.
const CONVERTER_PACKAGES: &[&str] = &["onnx==1.23.2", "numpy==2.4.6"];

/// The sidecar holding the converted file's sha256.
fn stamp_path(model: &Path) -> PathBuf {
    model.with_extension("onnx.sha256")
}

/// Converts the scene model unless an up-to-date conversion is already there.
pub fn ensure_scene_model(root: &Path) -> TaskResult {
    let dir = models_dir(root);
    let dst = dir.join(SCENE_MODEL);
    let stamp = stamp_path(&dst);
    if dst.exists()
        && std::fs::read_to_string(&stamp)
            .is_ok_and(|s| s.trim() == sha256_file(&dst).unwrap_or_default())
    {
        println!("models: {SCENE_MODEL} converted and verified; nothing to do");
        return Ok(());
    }
    let python = ensure_venv(root, CONVERTER_PACKAGES)?;
    println!("models: converting {SOURCE_WEIGHTS} to {SCENE_MODEL} …");
    let status = Command::new(&python)
        .arg(root.join("xtask/convert/efficientnet_lite0.py"))
        .arg(dir.join(SOURCE_WEIGHTS))
        .arg(&dst)
        .status()?;
    if !status.success() {
        return Err(TaskError(format!(
            "converting {SOURCE_WEIGHTS} failed ({status}); run `cargo xtask models` again"
        )));
    }
    std::fs::write(&stamp, format!("{}\n", sha256_file(&dst)?))?;
    println!("models: {SCENE_MODEL} written");
    Ok(())
}

/// The private virtual environment's python, created with `packages` installed if needed.
pub fn ensure_venv(root: &Path, packages: &[&str]) -> TaskResult<PathBuf> {
    let venv = root.join("build/python");
    let python = venv.join("bin/python");
    if !python.exists() {
        println!(
            "setup: creating a Python virtual environment in {}",
            venv.display()
        );
        let status = Command::new("python3")
            .arg("-m")
            .arg("venv")
            .arg(&venv)
            .status()?;
        if !status.success() {
            return Err(TaskError(
                "python3 -m venv failed: install python3-venv, then run the task again".into(),
            ));
        }
    }
    let status = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(packages)
        .status()?;
    if !status.success() {
        return Err(TaskError(format!(
            "pip could not install {} ({status}); check the network and run the task again",
            packages.join(" ")
        )));
    }
    Ok(python)
}
