//! The Kotlin binding tests on the desktop JVM: kotlinc from the npm package
//! `kotlin-compiler`, JNA from Debian. The generated bindings are compiled into a jar once and
//! reused while they do not change (the slow step, ~22 s); the test sources are compiled
//! against it and run with `java`, which prints `N passed, N failed`.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::bindings::{HostBuild, generated_dir};
use crate::process::{Tally, run, run_counted};
use crate::{TaskError, TaskResult, repo_root, setup};

/// The Kotlin compiler used (npm package `kotlin-compiler`).
const KOTLIN_VERSION: &str = "2.4.20";

/// Debian packages the JVM tests need: JNA (UniFFI needs ≥ 5.12; Debian 12 has 5.13).
pub const APT_PACKAGES: &[&str] = &["libjna-java", "default-jre-headless"];

/// Where Debian puts the JNA jar.
pub const JNA_JAR: &str = "/usr/share/java/jna.jar";

/// The compiler and the runtime jars that ship with it.
pub struct Kotlin {
    kotlinc: PathBuf,
    lib: PathBuf,
}

impl Kotlin {
    /// Installs the compiler (npm) into `tools` unless it is there.
    pub fn ensure(tools: &Path) -> TaskResult<Kotlin> {
        let home = setup::ensure_npm_package(tools, "kotlin-compiler", KOTLIN_VERSION)?;
        let kotlin = Kotlin {
            kotlinc: home.join("bin/kotlinc"),
            lib: home.join("lib"),
        };
        if !kotlin.kotlinc.is_file() {
            return Err(TaskError(format!(
                "{} is missing from the kotlin-compiler package",
                kotlin.kotlinc.display()
            )));
        }
        Ok(kotlin)
    }

    /// A jar shipped with the compiler (stdlib, coroutines).
    pub fn jar(&self, name: &str) -> PathBuf {
        self.lib.join(name)
    }

    /// Compiles `sources` with `classpath` into `jar`, then removes the jars of the same name
    /// stem that earlier sources produced (`<stem>-<hash>.jar`), so the cache holds one.
    pub fn compile(
        &self,
        what: &str,
        sources: &[PathBuf],
        classpath: &[PathBuf],
        jar: &Path,
    ) -> TaskResult {
        let partial = jar.with_extension("partial.jar");
        run(
            what,
            Command::new(&self.kotlinc)
                .args(sources)
                .arg("-nowarn")
                .arg("-cp")
                .arg(join_paths(classpath)?)
                .arg("-d")
                .arg(&partial),
        )?;
        std::fs::rename(&partial, jar)?;
        remove_older_jars(jar)
    }
}

/// Deletes `<stem>-*.jar` siblings of `jar` (stem = its name up to the last `-`).
fn remove_older_jars(jar: &Path) -> TaskResult {
    let (Some(dir), Some(name)) = (jar.parent(), jar.file_name().and_then(|n| n.to_str())) else {
        return Ok(());
    };
    let Some((stem, _)) = name.rsplit_once('-') else {
        return Ok(());
    };
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let other = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path != jar && other.starts_with(&format!("{stem}-")) && other.ends_with(".jar") {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// A classpath of `paths`.
pub fn join_paths(paths: &[PathBuf]) -> TaskResult<std::ffi::OsString> {
    std::env::join_paths(paths).map_err(|e| TaskError(format!("bad classpath: {e}")))
}

/// Every `.kt` file under `dir`, sorted, so hashes and compiler input are stable.
fn kotlin_sources(dir: &Path) -> TaskResult<Vec<PathBuf>> {
    sources(dir, &["kt"])
}

/// Every file under `dir` whose extension is one of `extensions`, sorted; an error when none.
pub fn sources(dir: &Path, extensions: &[&str]) -> TaskResult<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(TaskError(format!(
            "no {} sources in {}",
            extensions.join("/"),
            dir.display()
        )));
    }
    Ok(found)
}

/// A short hash of the compiler version and the sources' contents: the jar's cache key.
pub fn content_key(sources: &[PathBuf], salt: &str) -> TaskResult<String> {
    let mut hasher = Sha256::new();
    hasher.update(KOTLIN_VERSION);
    hasher.update(salt);
    for source in sources {
        hasher.update(std::fs::read(source)?);
    }
    Ok(hex::encode(&hasher.finalize()[..8]))
}

/// The jar of the generated (desktop) bindings in `bindings/generated/kotlin`, compiled into
/// `jars` unless a jar of the same text is there; with its cache key.
pub fn bindings_jar(kotlin: &Kotlin, jars: &Path) -> TaskResult<(PathBuf, String)> {
    std::fs::create_dir_all(jars)?;
    let generated = kotlin_sources(&generated_dir("kotlin"))?;
    let key = content_key(&generated, "")?;
    let jar = jars.join(format!("sightline-bindings-{key}.jar"));
    if !jar.is_file() {
        kotlin.compile(
            "kotlinc generated bindings",
            &generated,
            &[
                PathBuf::from(JNA_JAR),
                kotlin.jar("kotlinx-coroutines-core-jvm.jar"),
            ],
            &jar,
        )?;
    }
    Ok((jar, key))
}

/// Compiles (when changed) and runs the Kotlin tests against `build`; the Kotlin bindings
/// must already be in `bindings/generated/kotlin`.
pub fn test(build: &HostBuild, work: &Path, tally: &mut Tally) -> TaskResult {
    setup::ensure_apt(APT_PACKAGES)?;
    let kotlin = Kotlin::ensure(&work.join("tools"))?;
    let jars = work.join("kotlin");
    let jna = PathBuf::from(JNA_JAR);
    let coroutines = kotlin.jar("kotlinx-coroutines-core-jvm.jar");
    let (bindings_jar, bindings_key) = bindings_jar(&kotlin, &jars)?;

    let tests = kotlin_sources(&repo_root().join("bindings/tests/kotlin"))?;
    let tests_jar = jars.join(format!(
        "sightline-tests-{}.jar",
        content_key(&tests, &bindings_key)?
    ));
    if !tests_jar.is_file() {
        kotlin.compile(
            "kotlinc binding tests",
            &tests,
            &[bindings_jar.clone(), jna.clone(), coroutines.clone()],
            &tests_jar,
        )?;
    }

    let classpath = join_paths(&[
        tests_jar,
        bindings_jar,
        jna,
        coroutines,
        kotlin.jar("kotlin-stdlib.jar"),
    ])?;
    run_counted(
        "Kotlin binding tests (JVM)",
        Command::new("java")
            .arg(format!(
                "-Djna.library.path={}",
                build.library_dir()?.display()
            ))
            .arg(format!(
                "-Dsightline.models={}",
                repo_root().join("models").display()
            ))
            .arg("-cp")
            .arg(classpath)
            .arg("app.sightline.tests.MainKt"),
        tally,
    )
}
