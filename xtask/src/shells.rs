//! The check that the phone shells still match the generated API, on a machine with neither
//! an Android SDK nor Xcode (part of `cargo xtask test`).
//!
//! - **Android**: the library module's Kotlin and the app's non-Compose Kotlin are compiled
//!   with kotlinc against the freshly generated bindings (the Android flavour, as Gradle builds
//!   it), JNA, kotlinx-coroutines and `android/compile-stubs/` (a compile-time stand-in for
//!   exactly the Android and AndroidX members the shells use). An FFI change that breaks a
//!   shell breaks this suite. The library's JUnit tests (`android/sightline/src/test/`) then
//!   run on the desktop JVM.
//! - **iOS**: no Swift compiler here, so [`swift`] checks that every FFI function, type, case
//!   and member the Swift shell uses exists in the generated `Sightline.swift`.
//! - **Both**: [`literals`] checks that no screen of either shell shows words of its own (they
//!   come from the core's catalogue, in the wearer's language), and [`infoplist`] that iOS's
//!   permission prompts are the catalogue's, in both languages.
//!
//! Each part prints its own `N passed, N failed`.

mod infoplist;
mod literals;
mod swift;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::bindings::{HostBuild, generated_dir};
use crate::kotlin::{self, JNA_JAR, Kotlin, content_key, join_paths, sources};
use crate::process::{Tally, run_counted};
use crate::{TaskError, TaskResult, repo_root, setup};

/// Debian packages of the JVM unit tests: JUnit 4 (with Hamcrest, its dependency).
const APT_PACKAGES: &[&str] = &["junit4"];

/// Where Debian puts JUnit 4 and Hamcrest.
const JUNIT_JARS: [&str; 2] = ["/usr/share/java/junit4.jar", "/usr/share/java/hamcrest.jar"];

/// What every compile step needs: the compiler, the stubs, the classpath so far.
struct Check {
    kotlin: Kotlin,
    jars: PathBuf,
    /// The Java stubs (read by kotlinc for declarations only: never compiled, never run).
    java_stubs: Vec<PathBuf>,
    /// The Kotlin stubs (extension properties, which Java cannot declare).
    kotlin_stubs: Vec<PathBuf>,
    /// JNA and kotlinx-coroutines.
    libraries: Vec<PathBuf>,
    /// Where the Kotlin binding tests keep the desktop bindings' jar (compiled once, shared).
    desktop_jars: PathBuf,
}

impl Check {
    /// Compiles `sources` (with the Java stubs) against `classpath` into a jar named
    /// `<stem>-<key>.jar`, unless that jar exists; returns the jar and its key.
    fn compile(
        &self,
        what: &str,
        stem: &str,
        sources: &[PathBuf],
        classpath: &[PathBuf],
        salt: &str,
    ) -> TaskResult<(PathBuf, String)> {
        let mut all = sources.to_vec();
        all.extend(self.java_stubs.iter().cloned());
        let key = content_key(&all, salt)?;
        let jar = self.jars.join(format!("{stem}-{key}.jar"));
        if !jar.is_file() {
            let mut cp = classpath.to_vec();
            cp.extend(self.libraries.iter().cloned());
            self.kotlin.compile(what, &all, &cp, &jar)?;
        }
        Ok((jar, key))
    }
}

/// The Android sources of `module` that do not use Jetpack Compose (kotlinc here has no
/// Compose compiler plugin and no Compose libraries); the skipped ones are named.
fn non_compose_sources(module: &Path) -> TaskResult<Vec<PathBuf>> {
    let mut kept = Vec::new();
    for path in sources(module, &["kt"])? {
        let text = std::fs::read_to_string(&path)?;
        if text.contains("import androidx.compose.")
            || text.contains("import androidx.activity.compose.")
        {
            println!(
                "shells: {} uses Compose; the hosted CI builds it",
                path.display()
            );
        } else {
            kept.push(path);
        }
    }
    Ok(kept)
}

/// `app.sightline.android.FooTest` for every `*Test.kt` under `dir`.
fn test_classes(dir: &Path) -> TaskResult<Vec<String>> {
    let mut classes = Vec::new();
    for path in sources(dir, &["kt"])? {
        let text = std::fs::read_to_string(&path)?;
        let package = text
            .lines()
            .find_map(|l| l.strip_prefix("package "))
            .map(str::trim)
            .unwrap_or_default();
        if let Some(name) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .filter(|s| s.ends_with("Test"))
        {
            classes.push(format!("{package}.{name}"));
        }
    }
    Ok(classes)
}

/// Prints and tallies a check's closing `N passed, N failed`; when any failed, the error
/// `failure` gives (called only then).
fn summarise(
    passed: usize,
    failed: usize,
    tally: &mut Tally,
    failure: impl FnOnce() -> String,
) -> TaskResult {
    let summary = format!("{passed} passed, {failed} failed");
    println!("{summary}");
    tally.add_line(&summary);
    if failed == 0 {
        Ok(())
    } else {
        Err(TaskError(failure()))
    }
}

/// `cargo xtask shells`: the shells check alone, against the bindings generated from the last
/// host build (quicker than the whole `cargo xtask test` while working on a shell).
pub fn task() -> TaskResult {
    let build = HostBuild::locate()?;
    crate::bindings::generate_all(&build)?;
    let work = crate::target_dir()?.join("foreign");
    test(&build, &work, &mut Tally::default())
}

/// Runs the Android compile check, the shells' JVM unit tests, the Swift inventory and the
/// checks that the screens and iOS's permission prompts show only the catalogue's words.
pub fn test(build: &HostBuild, work: &Path, tally: &mut Tally) -> TaskResult {
    setup::ensure_apt(kotlin::APT_PACKAGES)?;
    setup::ensure_apt(APT_PACKAGES)?;
    let android = repo_root().join("android");
    let stubs = android.join("compile-stubs");
    let kotlin = Kotlin::ensure(&work.join("tools"))?;
    let check = Check {
        jars: work.join("shells"),
        java_stubs: sources(&stubs, &["java"])?,
        kotlin_stubs: sources(&stubs, &["kt"])?,
        libraries: vec![
            PathBuf::from(JNA_JAR),
            kotlin.jar("kotlinx-coroutines-core-jvm.jar"),
        ],
        desktop_jars: work.join("kotlin"),
        kotlin,
    };
    std::fs::create_dir_all(&check.jars)?;

    let compiled = compile_android(build, &check, &android, tally);
    let tests = match &compiled {
        Ok(library) => unit_tests(build, &check, &android, library, tally),
        Err(_) => Err(TaskError(
            "the shells' unit tests did not run: the library module does not compile".into(),
        )),
    };
    let inventory = swift::check(&generated_dir("swift"), &repo_root().join("ios"), tally);
    let words = literals::check(&repo_root(), tally);
    let prompts = infoplist::check(&repo_root(), tally);
    compiled.and(tests).and(inventory).and(words).and(prompts)
}

/// Compiles the Android-flavoured bindings, then the library module, then the app's
/// non-Compose files, printing `N passed, N failed` over the two modules. Returns the
/// library's jar and the bindings' jar.
fn compile_android(
    build: &HostBuild,
    check: &Check,
    android: &Path,
    tally: &mut Tally,
) -> TaskResult<[PathBuf; 2]> {
    let generated = check.jars.join("generated-android");
    build.generate("kotlin", &android.join("uniffi-android.toml"), &generated)?;
    let (bindings, bindings_key) = check.compile(
        "kotlinc generated bindings (Android flavour) with the SDK stubs",
        "android-bindings",
        &sources(&generated, &["kt"])?,
        &[],
        "",
    )?;
    println!("xtask: Kotlin shells compile (Android library and app, against the generated API)");
    let mut passed = 0;
    let mut failed = Vec::new();
    let library = check.compile(
        "kotlinc android/sightline (library module)",
        "shell-library",
        &sources(&android.join("sightline/src/main"), &["kt"])?,
        std::slice::from_ref(&bindings),
        &bindings_key,
    );
    let library = match library {
        Ok((jar, key)) => {
            passed += 1;
            println!("ok   android/sightline compiles");
            Some((jar, key))
        }
        Err(TaskError(e)) => {
            println!("FAIL android/sightline: {e}");
            failed.push("android/sightline");
            None
        }
    };
    match &library {
        Some((library_jar, library_key)) => {
            let mut app = non_compose_sources(&android.join("app/src/main"))?;
            app.extend(check.kotlin_stubs.iter().cloned());
            let compiled = check.compile(
                "kotlinc android/app (the files without Compose)",
                "shell-app",
                &app,
                &[library_jar.clone(), bindings.clone()],
                library_key,
            );
            match compiled {
                Ok(_) => {
                    passed += 1;
                    println!("ok   android/app (non-Compose files) compiles");
                }
                Err(TaskError(e)) => {
                    println!("FAIL android/app: {e}");
                    failed.push("android/app");
                }
            }
        }
        None => {
            println!("FAIL android/app: not compiled, the library module it uses does not compile");
            failed.push("android/app");
        }
    }
    let summary = format!("{passed} passed, {} failed", failed.len());
    println!("{summary}");
    tally.add_line(&summary);
    match (library, failed.is_empty()) {
        (Some((jar, _)), true) => Ok([jar, bindings]),
        _ => Err(TaskError(format!(
            "the Kotlin shells do not compile against the generated API: {}",
            failed.join(", ")
        ))),
    }
}

/// Compiles the library's JUnit tests and runs them on the desktop JVM with the desktop
/// bindings (same API as the Android flavour, without `android.os.Build`).
fn unit_tests(
    build: &HostBuild,
    check: &Check,
    android: &Path,
    [library, android_bindings]: &[PathBuf; 2],
    tally: &mut Tally,
) -> TaskResult {
    let tests_dir = android.join("sightline/src/test/kotlin");
    let mut tests = sources(&tests_dir, &["kt"])?;
    tests.push(repo_root().join("xtask/kotlin/ShellTestRunner.kt"));
    let junit: Vec<PathBuf> = JUNIT_JARS.iter().map(PathBuf::from).collect();
    let mut classpath = vec![library.clone(), android_bindings.clone()];
    classpath.extend(junit.iter().cloned());
    let (tests_jar, _) = check.compile(
        "kotlinc the shells' unit tests",
        "shell-tests",
        &tests,
        &classpath,
        &content_key(std::slice::from_ref(library), "")?,
    )?;
    let (desktop_bindings, _) = kotlin::bindings_jar(&check.kotlin, &check.desktop_jars)?;
    let mut runtime = vec![tests_jar, library.clone(), desktop_bindings];
    runtime.extend(check.libraries.iter().cloned());
    runtime.extend(junit);
    runtime.push(check.kotlin.jar("kotlin-stdlib.jar"));
    run_counted(
        "the shells' unit tests (JVM)",
        Command::new("java")
            .arg(format!(
                "-Djna.library.path={}",
                build.library_dir()?.display()
            ))
            .arg("-cp")
            .arg(join_paths(&runtime)?)
            .arg("app.sightline.xtask.ShellTestRunnerKt")
            .args(test_classes(&tests_dir)?),
        tally,
    )
}
