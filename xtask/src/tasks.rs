//! The composite tasks behind the README's two commands.

use std::process::Command;

use crate::{TaskError, TaskResult, models, repo_root, setup};

fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(repo_root());
    cmd
}

fn run(what: &str, cmd: &mut Command) -> TaskResult {
    println!("xtask: {what}");
    let status = cmd.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError(format!("{what} failed ({status})")))
    }
}

/// Everything a fresh machine needs before the demo or the tests.
fn prepare() -> TaskResult {
    setup::ensure_apt(setup::APT_PACKAGES)?;
    models::ensure(&repo_root())
}

/// `cargo xtask demo [ARGS…]`: set up, then run `sightline demo`.
pub fn demo(args: &[String]) -> TaskResult {
    prepare()?;
    run(
        "sightline demo",
        cargo()
            .args(["run", "--quiet", "-p", "sightline-cli", "--", "demo"])
            .args(args),
    )
}

/// `cargo xtask test`: set up, then run every test of the project.
pub fn test(args: &[String]) -> TaskResult {
    prepare()?;
    run(
        "cargo test --workspace",
        cargo().args(["test", "--workspace"]).args(args),
    )
}
