//! Installs what a fresh machine lacks for the demo and the tests: Debian packages (fonts for
//! rendered test images, and the like). Only missing packages are installed; nothing happens
//! on a machine that already has them.

use std::process::{Command, Stdio};

use crate::{TaskError, TaskResult};

/// Debian packages the demo and the tests need.
pub const APT_PACKAGES: &[&str] = &["fonts-wqy-microhei", "fonts-dejavu-core"];

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
