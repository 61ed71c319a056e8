//! Running the commands the tasks are made of: a `cargo` in the repository root, a command
//! announced and checked, and one whose test counts are added up. A leaf: every task uses
//! these, and they use no task.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::{TaskError, TaskResult, repo_root};

/// Passed and failed test counts, summed over every suite the test task runs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// Tests that passed.
    pub passed: u64,
    /// Tests that failed.
    pub failed: u64,
}

impl Tally {
    /// Adds the counts of one closing line: cargo's `test result: ok. 3 passed; 0 failed; …`
    /// or the plain `N passed, N failed` the foreign-language suites print.
    pub fn add_line(&mut self, line: &str) {
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let count_before = |label: &str| {
            words
                .windows(2)
                .find(|w| w[1] == label)
                .and_then(|w| w[0].parse::<u64>().ok())
        };
        if let (Some(p), Some(f)) = (count_before("passed"), count_before("failed")) {
            self.passed += p;
            self.failed += f;
        }
    }
}

/// Runs `cmd`, echoing its standard output line by line and adding its closing lines to `tally`.
pub fn run_counted(what: &str, cmd: &mut Command, tally: &mut Tally) -> TaskResult {
    println!("xtask: {what}");
    let mut child = cmd.stdout(Stdio::piped()).spawn()?;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line?;
            println!("{line}");
            tally.add_line(&line);
        }
    }
    let status = child.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError(format!("{what} failed ({status})")))
    }
}

/// A `cargo` command (the one running xtask) in the repository root.
pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(repo_root());
    cmd
}

/// Runs `cmd`, announcing it as `what`; a failure names it.
pub fn run(what: &str, cmd: &mut Command) -> TaskResult {
    println!("xtask: {what}");
    let status = cmd.status()?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError(format!("{what} failed ({status})")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_reads_cargo_and_plain_closing_lines() {
        let mut t = Tally::default();
        t.add_line("test result: ok. 21 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
        t.add_line("kotlin: 7 passed, 1 failed");
        t.add_line("running 4 tests");
        assert_eq!(
            t,
            Tally {
                passed: 28,
                failed: 1
            }
        );
    }
}
