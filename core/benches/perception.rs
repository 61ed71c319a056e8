//! Perception benchmark:
//! `cargo bench --workspace --features sightline-ffi/bindgen --bench perception`.
//!
//! On one core (the process re-runs itself under `taskset -c 0`), on two sets: the rendered
//! frames (640×480 JPEG frames of the generated scenes, clean and degraded) and the real
//! photographs of `../shared/photos/` with the ground truth of `core/tests/data/photos.txt`:
//! - an unchanged frame (same bytes; same picture re-encoded): median;
//! - a label whose price changes every frame (only that line is read again): median;
//! - for each set, glance (decode → Observation with OCR + codes + scene) side by side with
//!   RapidOCR (`rapidocr-onnxruntime` 1.4.4 on onnxruntime, one thread) and with this bench
//!   built with the shipped `release-small` profile, on the same files, taking turns frame
//!   by frame so all see the same load: medians, p95, per stage, the time ratio to RapidOCR
//!   measured in the same run, character precision/recall/F1 of both (one-to-one line
//!   matching, see `render::TextScore`; the former closest-line accuracy beside it), and the
//!   codes reported that a frame does not show.
//!
//! RapidOCR runs in a private Python environment under `build/python`, installed with pip on
//! first use (never committed). The `release-small` build is made on first use in the same
//! target folder (`--serve` is how it is run: frame paths in, glance times out); set
//! `SIGHTLINE_BENCH_SKIP_RELEASE_SMALL` to skip it.

#[path = "support/bench_main.rs"]
mod bench_main;
#[path = "support/one_core.rs"]
mod one_core;

use bench_main::{exit_code, repo_root};
use one_core::{pin_to_one_core, quantile};
use sightline_core::measure::peak_rss_mb;
use sightline_core::perception::{Observation, Perception, PerceptionConfig};
use sightline_core::render::photos::{ShownCode, photo_set};
use sightline_core::render::{Degradation, Fonts, GroundTruth, TextScore, jpeg, layouts};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitCode, Stdio};
use std::time::Instant;

const ROUNDS: usize = 3;
const UNCHANGED_REPEATS: usize = 50;
const RAPIDOCR_PACKAGES: &[&str] = &["rapidocr-onnxruntime==1.4.4", "onnxruntime==1.32.0"];
/// Set to skip building and measuring the `release-small` glance (its LTO build is long).
const SKIP_SMALL_ENV: &str = "SIGHTLINE_BENCH_SKIP_RELEASE_SMALL";
/// Glance time targets as multiples of RapidOCR's (issue 19).
const RENDERED_TARGET: f64 = 0.6;
const PHOTOS_TARGET: f64 = 0.8;
/// The shipped profile's glance time target, as a multiple of the release glance's (issue 19).
const SMALL_TARGET: f64 = 1.15;
/// `[profile.release-small.package.sightline-ffi] opt-level` of the root `Cargo.toml`, as a
/// rustc flag: the level of the shipped library's link-time optimisation (docs/perception.md,
/// "The shipped profile").
const SMALL_LINK_OPT_LEVEL: &str = "opt-level=3";

/// RapidOCR as a server, one thread: reads an image path a line on stdin, answers a line of
/// JSON {"ms": time of the call, "texts": [lines]} on stdout.
const RAPIDOCR_SCRIPT: &str = r#"
import json, sys, time
from rapidocr_onnxruntime import RapidOCR
engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
for line in sys.stdin:
    t = time.perf_counter()
    result, _ = engine(line.rstrip("\n"))
    ms = (time.perf_counter() - t) * 1000.0
    print(json.dumps({"ms": ms, "texts": [r[1] for r in (result or [])]}), flush=True)
"#;

fn main() -> ExitCode {
    if let Some(code) = pin_to_one_core("perception") {
        return code;
    }
    let outcome = match std::env::args().any(|a| a == "--serve") {
        true => serve(&repo_root().join("models")),
        false => run(),
    };
    exit_code("perception", outcome)
}

/// One frame: its encoded bytes, the lines it shows and the codes it shows.
struct Frame {
    name: String,
    bytes: Vec<u8>,
    truth: GroundTruth,
    codes: Vec<ShownCode>,
}

impl Frame {
    /// True when a reported code is none of those the frame shows.
    fn is_phantom(&self, kind: &str, data: &str) -> bool {
        !self.codes.iter().any(|c| c.matches(kind, data))
    }
}

/// The rendered frames, clean and degraded, written to `dir` for the other readers.
fn rendered(dir: &Path) -> Result<FrameSet, String> {
    let fonts = Fonts::system().map_err(|e| e.to_string())?;
    let degraded = Degradation {
        blur: 0.8,
        noise: 5.0,
        rotation_deg: 2.0,
        contrast: 0.7,
        ..Degradation::NONE
    };
    let (mut frames, mut paths) = (Vec::new(), Vec::new());
    for (variant, d) in [("clean", Degradation::NONE), ("degraded", degraded)] {
        for (i, (name, scene)) in layouts::gallery().into_iter().enumerate() {
            let (image, truth) = scene.render(&fonts).map_err(|e| e.to_string())?;
            let bytes = jpeg(&d.apply(&image, i as u64), 90).map_err(|e| e.to_string())?;
            let path = dir.join(format!("{variant}-{i:02}.jpg"));
            std::fs::write(&path, &bytes).map_err(|e| e.to_string())?;
            let codes = truth
                .codes
                .iter()
                .map(|(kind, data)| ShownCode::Read {
                    kind: kind.to_string(),
                    data: data.clone(),
                    prefix: false,
                })
                .collect();
            frames.push(Frame {
                name: format!("{variant}/{name}"),
                bytes,
                truth,
                codes,
            });
            paths.push(path);
        }
    }
    Ok(FrameSet {
        name: "rendered frames (640×480 JPEG q90, clean + degraded)",
        frames,
        paths,
        target_ratio: RENDERED_TARGET,
    })
}

/// The real photographs, read where they are.
fn photos() -> Result<FrameSet, String> {
    let (mut frames, mut paths) = (Vec::new(), Vec::new());
    for (photo, path) in photo_set(&repo_root())? {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        frames.push(Frame {
            name: photo.file,
            bytes,
            truth: photo.truth,
            codes: photo.codes,
        });
        paths.push(path);
    }
    Ok(FrameSet {
        name: "real photographs (../shared/photos, 430×267 to 1263×1719)",
        frames,
        paths,
        target_ratio: PHOTOS_TARGET,
    })
}

fn median(values: &[f64]) -> f64 {
    quantile(values, 0.5)
}

/// Decode, detect, recognize, codes and scene, in ms.
fn stages_of(o: &Observation) -> [f64; 5] {
    let t = o.timings;
    [
        t.decode_ms,
        t.detect_ms,
        t.recognize_ms,
        t.codes_ms,
        t.scene_ms,
    ]
}

fn texts_of(o: &Observation) -> Vec<String> {
    o.texts.iter().map(|t| t.text.clone()).collect()
}

/// Every frame read from scratch (the bench repeats its frames).
fn cold_config() -> PerceptionConfig {
    PerceptionConfig {
        load: sightline_core::perception::LoadMode::Eager,
        reuse_unchanged: false,
        ..PerceptionConfig::default()
    }
}

fn run() -> Result<(), String> {
    let models = repo_root().join("models");
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let sets = [rendered(dir.path())?, photos()?];
    println!(
        "perception bench: {} rendered frames, {} photographs, {ROUNDS} rounds, one core; load average {}",
        sets[0].frames.len(),
        sets[1].frames.len(),
        load_average()
    );
    let start = Instant::now();
    let engine = Perception::new(&models, cold_config()).map_err(|e| e.to_string())?;
    println!(
        "load + optimise + warm-up (eager): {:.0} ms; peak resident memory of the process with this one engine {:.0} MB",
        start.elapsed().as_secs_f64() * 1e3,
        peak_rss_mb().unwrap_or(f64::NAN)
    );
    unchanged_figures(&engine, &sets[0].frames)?;
    let warm = PerceptionConfig {
        reuse_unchanged: true,
        ..cold_config()
    };
    changed_price_figures(
        &Perception::new(&models, warm).map_err(|e| e.to_string())?,
        &engine,
    )?;
    let mut small = release_small_server();
    let script = dir.path().join("rapidocr_bench.py");
    std::fs::write(&script, RAPIDOCR_SCRIPT).map_err(|e| e.to_string())?;
    let mut command = Command::new(rapidocr_python()?);
    command.arg(&script);
    let mut rapid = Server::start("RapidOCR", command)?;
    // Warm-up: the first call initialises onnxruntime's sessions (and the other's plans).
    for server in std::iter::once(&mut rapid).chain(small.as_mut()) {
        server.read(&sets[0].paths[0])?;
    }
    for set in &sets {
        side_by_side(&engine, set, &mut rapid, &mut small)?;
    }
    println!("load average at the end: {}", load_average());
    Ok(())
}

/// The 1-, 5- and 15-minute load averages of the machine (other work competing for the core).
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The same frame again: the same bytes, and the same picture re-encoded.
fn unchanged_figures(engine: &Perception, frames: &[Frame]) -> Result<(), String> {
    let f = frames.first().ok_or("no frames")?;
    engine.glance(&f.bytes).map_err(|e| e.to_string())?;
    let same_bytes: Vec<f64> = (0..UNCHANGED_REPEATS)
        .map(|_| engine.glance(&f.bytes).map(|o| o.timings.total_ms))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let fonts = Fonts::system().map_err(|e| e.to_string())?;
    let (image, _) = layouts::gallery()
        .into_iter()
        .next()
        .map(|(_, s)| s.render(&fonts))
        .ok_or("empty gallery")?
        .map_err(|e| e.to_string())?;
    let reencoded: Vec<Vec<u8>> = (0..UNCHANGED_REPEATS)
        .map(|i| jpeg(&image, 80 + (i % 15) as u8))
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let mut same_picture = Vec::new();
    for bytes in &reencoded {
        let o = engine.glance(bytes).map_err(|e| e.to_string())?;
        if o.from_cache {
            same_picture.push(o.timings.total_ms);
        }
    }
    println!(
        "unchanged frame: same bytes median {:.3} ms; same picture re-encoded median {:.2} ms ({}/{} recognised as unchanged) (target ≤ 5 ms)",
        median(&same_bytes),
        median(&same_picture),
        same_picture.len(),
        reencoded.len()
    );
    Ok(())
}

/// A shelf label whose price changes every frame: only the price line is read again, the
/// other lines and the scene are kept. Each frame is also read from scratch by `cold`,
/// taking turns, for the ratio.
fn changed_price_figures(warm: &Perception, cold: &Perception) -> Result<(), String> {
    let fonts = Fonts::system().map_err(|e| e.to_string())?;
    let (mut totals, mut ratios) = (Vec::new(), Vec::new());
    let (mut reused, mut lines, mut scenes_kept) = (0, 0, 0);
    for i in 0..=UNCHANGED_REPEATS / 2 {
        let label = layouts::product_label(
            "Snow Boots",
            "防水雪地靴 Size 42",
            &format!("¥{}.00", 200 + i),
            &layouts::ean13("690123456789"),
        );
        let (image, _) = label.render(&fonts).map_err(|e| e.to_string())?;
        let frame = jpeg(&image, 90).map_err(|e| e.to_string())?;
        let o = warm.glance(&frame).map_err(|e| e.to_string())?;
        let scratch = cold.glance(&frame).map_err(|e| e.to_string())?;
        if i > 0 {
            totals.push(o.timings.total_ms);
            ratios.push(o.timings.total_ms / scratch.timings.total_ms);
            reused += o.timings.lines_reused;
            lines += o.texts.len();
            scenes_kept += usize::from(o.timings.scene_reused);
        }
    }
    println!(
        "changed price on an otherwise unchanged label: glance median {:.1} ms, {:.2}× the same frame read from scratch; {reused}/{lines} lines and {scenes_kept}/{} scenes kept",
        median(&totals),
        median(&ratios),
        totals.len()
    );
    Ok(())
}

/// One set of frames read side by side: every frame's encoded bytes, the file RapidOCR and
/// the `release-small` reader read, and what it shows.
struct FrameSet {
    name: &'static str,
    frames: Vec<Frame>,
    paths: Vec<PathBuf>,
    /// The glance time target, as a multiple of RapidOCR's.
    target_ratio: f64,
}

/// What one reader did on a set, frame by frame (in the turn order all readers share).
#[derive(Default)]
struct Series {
    total: Vec<f64>,
    stages: [Vec<f64>; 5],
    texts: Vec<Vec<String>>,
    phantom_codes: Vec<String>,
}

impl Series {
    fn add(&mut self, o: &Observation, first_round: bool) {
        self.add_times(o.timings.total_ms, stages_of(o));
        if first_round {
            self.texts.push(texts_of(o));
        }
    }

    fn add_times(&mut self, total_ms: f64, stages: [f64; 5]) {
        self.total.push(total_ms);
        for (s, v) in self.stages.iter_mut().zip(stages) {
            s.push(v);
        }
    }

    fn stages(&self) -> String {
        ["decode", "detect", "recognize", "codes", "scene"]
            .iter()
            .zip(&self.stages)
            .map(|(name, s)| format!("{name} {:.1}", median(s)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// "median … ms, p95 … ms".
fn median_p95(values: &[f64]) -> String {
    format!(
        "median {:.1} ms, p95 {:.1} ms",
        median(values),
        quantile(values, 0.95)
    )
}

/// "P …, R …, F1 … (former closest-line accuracy …)" over a set.
fn character_figures(frames: &[Frame], texts: &[Vec<String>]) -> String {
    let mut score = TextScore::default();
    let (mut errors, mut total) = (0, 0);
    for (f, t) in frames.iter().zip(texts) {
        score = score.plus(f.truth.score(t));
        let (e, n) = f.truth.text_errors(t);
        errors += e;
        total += n;
    }
    format!(
        "precision {:.2}%, recall {:.2}%, F1 {:.2}% (former closest-line accuracy {:.2}%)",
        100.0 * score.precision(),
        100.0 * score.recall(),
        100.0 * score.f1(),
        100.0 * (1.0 - errors as f64 / total.max(1) as f64)
    )
}

/// Glance (every stage) against RapidOCR (one thread) and the `release-small` build of this
/// bench, on the same files, taking turns frame by frame so all three see the same load from
/// whatever else runs on the machine. Consecutive frames differ, so nothing comes from the
/// unchanged-frame cache.
fn side_by_side(
    glance: &Perception,
    set: &FrameSet,
    rapid: &mut Server,
    small_server: &mut Option<Server>,
) -> Result<(), String> {
    let (mut ours, mut theirs, mut their_texts, mut small) =
        (Series::default(), Vec::new(), Vec::new(), Series::default());
    for round in 0..ROUNDS {
        for (f, path) in set.frames.iter().zip(&set.paths) {
            let g = glance
                .glance(&f.bytes)
                .map_err(|e| format!("{}: {e}", f.name))?;
            if g.from_cache {
                return Err(format!("{}: answered from the cache", f.name));
            }
            ours.add(&g, round == 0);
            if round == 0 {
                ours.phantom_codes.extend(
                    g.codes
                        .iter()
                        .filter(|c| f.is_phantom(c.kind.as_str(), &c.data))
                        .map(|c| format!("{}: {} {}", f.name, c.kind.as_str(), c.data)),
                );
            }
            if let Some(server) = small_server.as_mut() {
                let answer = server.read(path)?;
                small.add_times(answer.ms, answer.stages.unwrap_or([f64::NAN; 5]));
            }
            let Answer {
                ms: rapid_ms,
                texts,
                ..
            } = rapid.read(path)?;
            theirs.push(rapid_ms);
            if round == 0 {
                their_texts.push(texts);
            }
        }
    }
    let ratios: Vec<f64> = ours.total.iter().zip(&theirs).map(|(a, b)| a / b).collect();
    println!(
        "{} ({} frames × {ROUNDS} rounds, one core, same run):",
        set.name,
        set.frames.len()
    );
    println!(
        "  glance (OCR + codes + scene), release: {}; {:.2}× RapidOCR (median of per-frame ratios; {:.2}× of the medians; target ≤ {:.1}×)",
        median_p95(&ours.total),
        median(&ratios),
        median(&ours.total) / median(&theirs),
        set.target_ratio
    );
    println!("    stage medians (ms): {}", ours.stages());
    match small.total.is_empty() {
        true => println!("  glance, release-small: not measured (see above)"),
        false => {
            println!(
                "  glance, release-small (the shipped profile): {}; {:.2}× the release glance (median of per-frame ratios; target ≤ {SMALL_TARGET:.2}×)",
                median_p95(&small.total),
                median(
                    &small
                        .total
                        .iter()
                        .zip(&ours.total)
                        .map(|(a, b)| a / b)
                        .collect::<Vec<_>>()
                )
            );
            println!("    stage medians (ms): {}", small.stages());
        }
    }
    println!("  RapidOCR 1.4.4 (one thread): {}", median_p95(&theirs));
    println!(
        "  characters, Sightline: {}",
        character_figures(&set.frames, &ours.texts)
    );
    println!(
        "  characters, RapidOCR:  {}",
        character_figures(&set.frames, &their_texts)
    );
    println!(
        "  codes reported that the frames do not show: {}",
        match ours.phantom_codes.is_empty() {
            true => "none".to_string(),
            false => ours.phantom_codes.join("; "),
        }
    );
    Ok(())
}

/// A reader in another process, one frame path a line on stdin, one line of JSON
/// {"ms": time of the call, "texts": [lines], "stages": [ms, only from this bench's
/// `--serve`]} on stdout. It inherits this process's
/// pinning to one core.
struct Server {
    name: &'static str,
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Server {
    fn start(name: &'static str, mut command: Command) -> Result<Self, String> {
        let mut child = command
            .env("OMP_NUM_THREADS", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{name}: {e}"))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(format!("{name}: no pipes"));
        };
        Ok(Self {
            name,
            child,
            input,
            output: BufReader::new(output),
        })
    }

    /// What the reader answered for the frame at `path`.
    fn read(&mut self, path: &Path) -> Result<Answer, String> {
        let name = self.name;
        writeln!(self.input, "{}", path.display()).map_err(|e| format!("{name}: {e}"))?;
        let mut line = String::new();
        self.output
            .read_line(&mut line)
            .map_err(|e| format!("{name}: {e}"))?;
        let json: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{name} answered {line:?}: {e}"))?;
        let ms = json["ms"]
            .as_f64()
            .ok_or_else(|| format!("{name}: no time"))?;
        let texts = json["texts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect();
        let stages = json["stages"].as_array().and_then(|a| {
            let v: Vec<f64> = a.iter().filter_map(serde_json::Value::as_f64).collect();
            v.try_into().ok()
        });
        Ok(Answer { ms, texts, stages })
    }
}

/// One frame's answer from a [`Server`].
struct Answer {
    /// The time of the call, as the reader measured it.
    ms: f64,
    /// The lines read.
    texts: Vec<String>,
    /// Decode, detect, recognize, codes and scene in ms (this bench's `--serve` only).
    stages: Option<[f64; 5]>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // The server would wait for the next path; end it with the bench.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `--serve`: glance at each frame path read on stdin, answer its time, lines and stage
/// times (how the
/// `release-small` build of this bench is measured beside the release one).
fn serve(models: &Path) -> Result<(), String> {
    let engine = Perception::new(models, cold_config()).map_err(|e| e.to_string())?;
    let stdout = std::io::stdout();
    for line in std::io::stdin().lock().lines() {
        let path = line.map_err(|e| e.to_string())?;
        let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
        let o = engine.glance(&bytes).map_err(|e| format!("{path}: {e}"))?;
        let answer = serde_json::json!({
            "ms": o.timings.total_ms,
            "texts": texts_of(&o),
            "stages": stages_of(&o),
        });
        writeln!(stdout.lock(), "{answer}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// This bench built with the shipped `release-small` profile, serving glances; `None`
/// (with the reason printed) when it cannot be built.
fn release_small_server() -> Option<Server> {
    if std::env::var_os(SKIP_SMALL_ENV).is_some() {
        println!("release-small: not measured ({SKIP_SMALL_ENV} is set)");
        return None;
    }
    println!("building this bench with the release-small profile (the first time takes a while)…");
    // The last crate of a fat-LTO build sets the optimisation level of the whole link-time
    // pass (and whether it vectorises): the shipped library's is `sightline-ffi`, at
    // `SMALL_LINK_OPT_LEVEL` in `release-small`; this copy's is the bench itself, given the same
    // level here (a package override would also raise sightline-core's library).
    let built = build_command()
        .current_dir(repo_root())
        .args([
            "rustc",
            "--profile",
            "release-small",
            "-p",
            "sightline-core",
            "--bench",
            "perception",
            "--message-format=json",
            "--",
            "-C",
            SMALL_LINK_OPT_LEVEL,
        ])
        .stderr(Stdio::inherit())
        .output();
    let exe = built.ok().and_then(|out| {
        String::from_utf8_lossy(&out.stdout).lines().find_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            (v["target"]["name"] == "perception")
                .then(|| v["executable"].as_str().map(PathBuf::from))
                .flatten()
        })
    });
    let Some(exe) = exe else {
        println!("release-small: the build failed; its glance is not measured");
        return None;
    };
    let mut command = Command::new(exe);
    command.arg("--serve");
    match Server::start("release-small", command) {
        Ok(server) => Some(server),
        Err(e) => {
            println!("release-small: {e}; its glance is not measured");
            None
        }
    }
}

/// `cargo`, as a shell would run it: on every core (this process is pinned to one; the build
/// is not measured), and without the variables cargo sets for a running bench
/// (`CARGO_PKG_NAME`, `CARGO_MANIFEST_DIR`, `LD_LIBRARY_PATH` …). A build script that reads
/// one of those (ring's reads the package variables) would otherwise see it change from the
/// last build run from a shell, run again, and rebuild everything above it, up to the whole
/// LTO link: the same profile built twice over.
fn build_command() -> Command {
    let cpus = std::fs::read_to_string("/sys/devices/system/cpu/online").ok();
    let mut command = match cpus.as_deref().map(str::trim) {
        Some(cpus) if !cpus.is_empty() => {
            let mut taskset = Command::new("taskset");
            taskset.args(["-c", cpus, env!("CARGO")]);
            taskset
        }
        _ => Command::new(env!("CARGO")),
    };
    for (key, _) in std::env::vars_os() {
        let name = key.to_string_lossy();
        let set_for_the_bench =
            name.starts_with("CARGO_") && !matches!(&*name, "CARGO_HOME" | "CARGO_TARGET_DIR");
        if set_for_the_bench || name == "LD_LIBRARY_PATH" || name == "OUT_DIR" {
            command.env_remove(&key);
        }
    }
    command
}

/// The Python of `build/python` with RapidOCR installed (installed with pip if missing).
fn rapidocr_python() -> Result<PathBuf, String> {
    let venv = repo_root().join("build/python");
    let python = venv.join("bin/python");
    let has = |p: &Path| {
        Command::new(p)
            .args(["-c", "import rapidocr_onnxruntime"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if python.exists() && has(&python) {
        return Ok(python);
    }
    if !python.exists() {
        let ok = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return Err("python3 -m venv failed: install python3-venv".into());
        }
    }
    println!(
        "installing {} with pip into {}",
        RAPIDOCR_PACKAGES.join(" "),
        venv.display()
    );
    let ok = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(RAPIDOCR_PACKAGES)
        .status()
        .is_ok_and(|s| s.success());
    if ok && has(&python) {
        Ok(python)
    } else {
        Err(format!(
            "pip could not install {}",
            RAPIDOCR_PACKAGES.join(" ")
        ))
    }
}
