//! Installs what a fresh machine lacks for the demo and the tests: Debian packages (fonts for
//! rendered test images, JNA for the Kotlin tests, a cross C compiler for the Android check),
//! npm packages (the Kotlin compiler) and Rust targets. Only what is missing is installed;
//! nothing happens on a machine that already has it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{TaskError, TaskResult};

/// Debian packages the demo and the tests need (espeak-ng and sox make the voice tests'
/// and bench's speech, liblc3-tools encodes the demo's speech as the Even G1 sends it;
/// chromium and its WebDriver drive the live view's test).
pub const APT_PACKAGES: &[&str] = &[
    "fonts-wqy-microhei",
    "fonts-dejavu-core",
    "espeak-ng",
    "sox",
    "liblc3-tools",
    "chromium",
    "chromium-driver",
];

fn is_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .stderr(Stdio::null())
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

/// Installs the missing ones among `packages` with apt-get (needs root).
pub fn ensure_apt(packages: &[&str]) -> TaskResult {
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !is_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("setup: installing {} with apt-get", missing.join(" "));
    let apt = |args: &[&str]| -> TaskResult {
        let status = Command::new("apt-get").args(args).status().map_err(|e| {
            TaskError(format!(
                "cannot run apt-get ({e}); install {} by hand",
                missing.join(" ")
            ))
        })?;
        if status.success() {
            Ok(())
        } else {
            Err(TaskError(format!(
                "apt-get {} failed ({status}); install {} by hand (root needed)",
                args.first().copied().unwrap_or_default(),
                missing.join(" ")
            )))
        }
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)
}

/// Installs `name@version` from npm into `prefix` unless it is there already; returns the
/// package's folder (`prefix/node_modules/name`).
pub fn ensure_npm_package(prefix: &Path, name: &str, version: &str) -> TaskResult<PathBuf> {
    let dir = prefix.join("node_modules").join(name);
    let installed = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| {
            json.get("version")
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        });
    if installed.as_deref() == Some(version) {
        return Ok(dir);
    }
    std::fs::create_dir_all(prefix)?;
    println!(
        "setup: installing {name}@{version} with npm into {}",
        prefix.display()
    );
    let status = Command::new("npm")
        .args([
            "install",
            "--no-save",
            "--no-audit",
            "--no-fund",
            "--prefix",
        ])
        .arg(prefix)
        .arg(format!("{name}@{version}"))
        .status()
        .map_err(|e| {
            TaskError(format!(
                "cannot run npm ({e}); install Node.js and npm (`apt-get install npm`)"
            ))
        })?;
    if !status.success() {
        return Err(TaskError(format!(
            "npm could not install {name}@{version} ({status}); check the network and try again"
        )));
    }
    Ok(dir)
}

/// Adds a Rust compilation target with rustup unless it is installed.
pub fn ensure_rust_target(triple: &str) -> TaskResult {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| {
            TaskError(format!(
                "cannot run rustup ({e}); the Rust target {triple} is needed"
            ))
        })?;
    if String::from_utf8_lossy(&installed.stdout)
        .lines()
        .any(|l| l.trim() == triple)
    {
        return Ok(());
    }
    println!("setup: rustup target add {triple}");
    let status = Command::new("rustup")
        .args(["target", "add", triple])
        .status()?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError(format!(
            "rustup target add {triple} failed ({status})"
        )))
    }
}
