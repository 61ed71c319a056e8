//! What the phone builds (`cargo xtask android`, `cargo xtask ios`) share: their options, and a
//! host build of only the FFI library and `uniffi-bindgen` to generate the bindings from —
//! not every workspace target, which a CI job with a cold cache cannot afford.

use crate::bindings::HostBuild;
use crate::process::{cargo, run};
use crate::{TaskError, TaskResult};

/// The options of a phone build.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct MobileOptions {
    /// `--debug`: the dev profile instead of release-small (fat LTO, opt-level z), for CI
    /// smoke tests that only need the library to load.
    pub debug: bool,
    /// `--only NAME` (repeatable): build only these ABIs / targets; empty means all.
    pub only: Vec<String>,
}

impl MobileOptions {
    /// Parses `[--debug] [--only NAME]…`.
    pub fn parse(args: &[String]) -> TaskResult<MobileOptions> {
        let mut options = MobileOptions::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--debug" => options.debug = true,
                "--only" => match args.next() {
                    Some(name) => options.only.push(name.clone()),
                    None => return Err(TaskError("--only needs an ABI or target name".into())),
                },
                other => {
                    return Err(TaskError(format!(
                        "unknown option `{other}` (expected --debug or --only NAME)"
                    )));
                }
            }
        }
        Ok(options)
    }

    /// Whether `names` (an ABI and its target triple) were selected.
    pub fn wants(&self, names: &[&str]) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| names.contains(&o.as_str()))
    }

    /// The cargo profile, and the folder it builds into under `target/<triple>/`.
    pub fn profile(&self) -> (&'static str, &'static str) {
        if self.debug {
            ("dev", "debug")
        } else {
            ("release-small", "release-small")
        }
    }
}

/// Builds, for the host, only the FFI library and the bindgen binary (debug), and locates them.
pub fn host_bindgen() -> TaskResult<HostBuild> {
    run(
        "cargo build -p sightline-ffi (host library + uniffi-bindgen, for the bindings)",
        cargo().args([
            "build",
            "-p",
            "sightline-ffi",
            "--lib",
            "--bin",
            "uniffi-bindgen",
            "--features",
            "sightline-ffi/bindgen",
        ]),
    )?;
    HostBuild::locate()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_select_abis_and_the_profile() {
        let args: Vec<String> = ["--only", "x86_64", "--debug"].map(String::from).to_vec();
        let options = MobileOptions::parse(&args).unwrap();
        assert!(options.wants(&["x86_64", "x86_64-linux-android"]));
        assert!(!options.wants(&["arm64-v8a", "aarch64-linux-android"]));
        assert_eq!(options.profile(), ("dev", "debug"));
        let all = MobileOptions::parse(&[]).unwrap();
        assert!(all.wants(&["arm64-v8a"]));
        assert_eq!(all.profile().0, "release-small");
        assert!(MobileOptions::parse(&["--only".to_string()]).is_err());
        assert!(MobileOptions::parse(&["--fast".to_string()]).is_err());
    }
}
