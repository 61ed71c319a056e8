//! The Python binding tests: the generated module and the library side by side in a work
//! folder (the module loads the library from its own folder), run under `asyncio`. The test
//! script prints `N passed, N failed`.

use std::path::Path;
use std::process::Command;

use crate::bindings::{HostBuild, generated_dir, library_file_name};
use crate::process::{Tally, run_counted};
use crate::{TaskResult, repo_root};

/// Copies the generated module and the library into `work/python` and runs the tests.
pub fn test(build: &HostBuild, work: &Path, tally: &mut Tally) -> TaskResult {
    let dir = work.join("python");
    std::fs::create_dir_all(&dir)?;
    std::fs::copy(
        generated_dir("python").join("sightline_ffi.py"),
        dir.join("sightline_ffi.py"),
    )?;
    std::fs::copy(&build.library, dir.join(library_file_name()))?;
    run_counted(
        "Python binding tests",
        Command::new("python3")
            .arg("-u")
            .arg(repo_root().join("bindings/tests/python/test_companion.py"))
            .env("PYTHONPATH", &dir)
            .env("SIGHTLINE_MODELS", repo_root().join("models"))
            .env("PYTHONDONTWRITEBYTECODE", "1"),
        tally,
    )
}
