//! Voice benchmark: `cargo bench --workspace --features sightline-ffi/bindgen --bench voice`.
//!
//! On one core (the process re-runs itself under `taskset -c 0`), on clips made here:
//! English commands by espeak-ng at two speeds, the same with pink noise (≈10 dB SNR) and
//! with a second voice 15 dB lower; Chinese commands by espeak-ng's `cmn` voice (poor:
//! robotic tones, so its figures say more about the voice than the recogniser). Printed:
//! - word error rate (English) and character error rate (Chinese) of Sightline and of
//!   faster-whisper 1.2.1 on the same CTranslate2 model, float32 and int8, one thread, greedy
//!   (beam 1: Sightline decodes greedily), on the same clips in the same run, with each
//!   one's median time per clip and the ratio;
//! - end of speech (the endpointer's decision) → final transcript for the ~3-s commands,
//!   streamed in 32-ms pieces: median and p95;
//! - the real-time factor of streaming with partials every second;
//! - peak resident memory of this process, which holds only the voice engine.
//!
//! faster-whisper runs in a private Python environment under `build/python-bench`, installed
//! with pip on first use (never committed, never a run-time dependency).

#[path = "support/bench_main.rs"]
mod bench_main;
#[path = "support/one_core.rs"]
mod one_core;

use bench_main::{exit_code, repo_root};
use one_core::{pin_to_one_core, quantile};
use sightline_core::measure::peak_rss_mb;
use sightline_core::voice::chinese::to_simplified;
use sightline_core::voice::{VoiceConfig, VoiceEngine, VoiceEvent};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

const ENGLISH: [&str; 8] = [
    "Plan my trip to Harbin next week and get me snow boots.",
    "Take a photo of this menu and translate it.",
    "How much is this jacket in the other store?",
    "Remind me to call my mother at six tonight.",
    "Where is the nearest subway station from here?",
    "Order two coffees and pay with my card.",
    "Read the sign on the left for me please.",
    "Book a table for four people tomorrow evening.",
];
const CHINESE: [&str; 5] = [
    "下周去哈尔滨旅行",
    "帮我买一双雪地靴",
    "附近的地铁站在哪里",
    "给我拍一张照片",
    "明天晚上订四个人的桌子",
];
/// The two speaking rates (words per minute) and the clip kinds made at each.
const SPEEDS: [(&str, [&str; 3]); 2] = [
    (
        "150",
        [
            "en clean 150 wpm",
            "en noise 150 wpm",
            "en 2nd speaker 150 wpm",
        ],
    ),
    (
        "210",
        [
            "en clean 210 wpm",
            "en noise 210 wpm",
            "en 2nd speaker 210 wpm",
        ],
    ),
];
const OTHER_SPEAKER: &str = "I think the weather will be cold all week, so bring a coat.";
const FASTER_WHISPER: &[&str] = &["faster-whisper==1.2.1"];

/// faster-whisper as a server, one thread: reads `PATH` a line, answers a line of JSON
/// {"f32": {...}, "int8": {...}} with each compute type's text, language and ms.
const SERVER: &str = r#"
import json, os, sys, tempfile, time
from faster_whisper import WhisperModel
models_dir = sys.argv[1]
folder = tempfile.mkdtemp()
os.symlink(os.path.join(models_dir, "whisper-base.ct2.bin"), os.path.join(folder, "model.bin"))
os.symlink(os.path.join(models_dir, "whisper-config.json"), os.path.join(folder, "config.json"))
os.symlink(os.path.join(models_dir, "whisper-tokenizer.json"), os.path.join(folder, "tokenizer.json"))
tok = json.load(open(os.path.join(models_dir, "whisper-tokenizer.json")))
vocab = {i: t for t, i in tok["model"]["vocab"].items()}
vocab.update({a["id"]: a["content"] for a in tok["added_tokens"]})
json.dump([vocab[i] for i in range(len(vocab))], open(os.path.join(folder, "vocabulary.json"), "w"))
models = {k: WhisperModel(folder, device="cpu", compute_type=k, cpu_threads=1, num_workers=1)
          for k in ("float32", "int8")}
print("ready", flush=True)
for line in sys.stdin:
    out = {}
    for kind, model in models.items():
        t = time.perf_counter()
        segments, info = model.transcribe(line.rstrip("\n"), beam_size=1, temperature=0)
        text = "".join(s.text for s in segments).strip()
        out[kind] = {"ms": (time.perf_counter() - t) * 1000.0, "text": text,
                     "language": info.language}
    print(json.dumps(out, ensure_ascii=False), flush=True)
"#;

fn main() -> ExitCode {
    if let Some(code) = pin_to_one_core("voice") {
        return code;
    }
    exit_code("voice", run())
}

/// One clip: its file, its kind and what was said.
struct Clip {
    path: PathBuf,
    kind: &'static str,
    truth: String,
    chinese: bool,
}

fn tool(program: &str, args: &[&str]) -> Result<(), String> {
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| format!("{program}: {e} (installed by `cargo xtask test`'s setup)"))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("{program} {args:?} failed"))
}

fn clips(dir: &Path) -> Result<Vec<Clip>, String> {
    let path = |name: String| dir.join(name).to_string_lossy().into_owned();
    let other = path("other.wav".into());
    tool(
        "espeak-ng",
        &["-v", "en-gb+f3", "-s", "170", "-w", &other, OTHER_SPEAKER],
    )?;
    let mut clips = Vec::new();
    for (i, text) in ENGLISH.iter().enumerate() {
        for (speed, kinds) in SPEEDS {
            let clean = path(format!("en{i}-{speed}.wav"));
            tool(
                "espeak-ng",
                &["-v", "en-us", "-s", speed, "-w", &clean, text],
            )?;
            let noise = path(format!("en{i}-{speed}-noise.wav"));
            let pink = path(format!("pink{i}-{speed}.wav"));
            tool("sox", &[&clean, &pink, "synth", "pinknoise", "vol", "0.13"])?;
            tool("sox", &["-m", "-v", "1", &clean, "-v", "1", &pink, &noise])?;
            let babble = path(format!("en{i}-{speed}-speaker.wav"));
            tool(
                "sox",
                &[
                    "-m",
                    "-v",
                    "1",
                    &clean,
                    "-v",
                    "0.18",
                    &other,
                    &babble,
                    "trim",
                    "0",
                    &duration(&clean)?,
                ],
            )?;
            for (file, kind) in [clean, noise, babble].into_iter().zip(kinds) {
                clips.push(Clip {
                    path: file.into(),
                    kind,
                    truth: text.to_string(),
                    chinese: false,
                });
            }
        }
    }
    for (i, text) in CHINESE.iter().enumerate() {
        let clean = path(format!("zh{i}.wav"));
        tool("espeak-ng", &["-v", "cmn", "-s", "150", "-w", &clean, text])?;
        clips.push(Clip {
            path: clean.into(),
            kind: "zh espeak cmn",
            truth: text.to_string(),
            chinese: true,
        });
    }
    Ok(clips)
}

fn duration(path: &str) -> Result<String, String> {
    let out = Command::new("soxi")
        .args(["-D", path])
        .output()
        .map_err(|e| format!("soxi: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Lowercase words without punctuation (English), or the characters (Chinese, simplified).
fn units(text: &str, chinese: bool) -> Vec<String> {
    if chinese {
        to_simplified(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .map(String::from)
            .collect()
    } else {
        text.to_lowercase()
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '\'' {
                    c
                } else {
                    ' '
                }
            })
            .collect::<String>()
            .split_whitespace()
            .map(|w| number_word(w).unwrap_or(w).to_string())
            .collect()
    }
}

/// Small numbers written as digits count as their words ("6" = "six"), as WER scoring
/// usually normalises them.
fn number_word(word: &str) -> Option<&'static str> {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    word.parse::<usize>()
        .ok()
        .and_then(|n| WORDS.get(n).copied())
}

/// Edit distance between two sequences.
fn distance(a: &[String], b: &[String]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let substitution = previous + usize::from(x != y);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Error counts by clip kind: (kind, errors, reference units).
#[derive(Default)]
struct Scores(Vec<(&'static str, usize, usize)>);

impl Scores {
    fn add(&mut self, clip: &Clip, heard: &str) {
        let truth = units(&clip.truth, clip.chinese);
        let errors = distance(&truth, &units(heard, clip.chinese));
        match self.0.iter_mut().find(|(k, _, _)| *k == clip.kind) {
            Some(entry) => {
                entry.1 += errors;
                entry.2 += truth.len();
            }
            None => self.0.push((clip.kind, errors, truth.len())),
        }
    }

    fn rate(&self, kind: &str) -> f64 {
        self.0
            .iter()
            .find(|(k, _, _)| *k == kind)
            .map_or(f64::NAN, |(_, e, n)| *e as f64 / (*n).max(1) as f64 * 100.0)
    }
}

fn run() -> Result<(), String> {
    let root = repo_root();
    let models = root.join("models");
    let scratch = tempfile::tempdir().map_err(|e| e.to_string())?;
    let clips = clips(scratch.path())?;
    println!(
        "voice bench: {} clips ({} English, {} Chinese), one core, release",
        clips.len(),
        clips.iter().filter(|c| !c.chinese).count(),
        clips.iter().filter(|c| c.chinese).count()
    );
    let engine = VoiceEngine::new(&models, VoiceConfig::default()).map_err(|e| e.to_string())?;
    let load_ms = engine.warm_up().map_err(|e| e.to_string())?;
    println!(
        "load (bundles verified, plans optimised): {load_ms} ms; peak RSS after load {:.0} MB",
        peak_rss_mb().unwrap_or(f64::NAN)
    );

    // Sightline on every clip.
    let mut ours = Scores::default();
    let mut our_ms = Vec::new();
    let mut heard_ours = Vec::new();
    for clip in &clips {
        let file = std::fs::File::open(&clip.path).map_err(|e| e.to_string())?;
        let started = Instant::now();
        let text = match engine.hear_file(BufReader::new(file)) {
            Ok(t) => t.text,
            Err(e) => format!("<{e}>"),
        };
        our_ms.push(started.elapsed().as_secs_f64() * 1e3);
        ours.add(clip, &text);
        heard_ours.push(text);
    }
    let latencies = end_of_speech_latencies(&engine, &clips)?;
    let rtf = streaming_rtf(&engine, &clips)?;
    let peak = peak_rss_mb().unwrap_or(f64::NAN);

    // faster-whisper on the same clips.
    let (f32_scores, int8_scores, f32_ms, int8_ms, theirs) =
        faster_whisper(&root, &models, &clips)?;

    println!("\n| clips | Sightline | faster-whisper f32 | faster-whisper int8 |");
    println!("|---|---|---|---|");
    let mut kinds: Vec<&str> = clips.iter().map(|c| c.kind).collect();
    kinds.dedup();
    for kind in kinds {
        let metric = if kind.starts_with("zh") { "CER" } else { "WER" };
        println!(
            "| {kind} ({metric}) | {:.1} % | {:.1} % | {:.1} % |",
            ours.rate(kind),
            f32_scores.rate(kind),
            int8_scores.rate(kind)
        );
    }
    let med = |v: &[f64]| quantile(v, 0.5);
    println!(
        "| median time per clip | {:.0} ms | {:.0} ms | {:.0} ms |",
        med(&our_ms),
        med(&f32_ms),
        med(&int8_ms)
    );
    println!(
        "time ratio Sightline / faster-whisper: {:.2} (f32), {:.2} (int8)",
        med(&our_ms) / med(&f32_ms),
        med(&our_ms) / med(&int8_ms)
    );
    println!(
        "\nend of speech → final transcript, {} ~3-s commands streamed in 32-ms pieces: median {:.0} ms, p95 {:.0} ms (plus the {} ms of silence the endpointer waits for)",
        latencies.len(),
        med(&latencies),
        quantile(&latencies, 0.95),
        VoiceConfig::default().endpoint_silence_ms
    );
    println!("streaming with partials every second: real-time factor {rtf:.2}");
    println!("peak resident memory of the process (voice engine only): {peak:.0} MB");
    println!("\nper clip (Sightline | faster-whisper f32):");
    for ((clip, ours), theirs) in clips.iter().zip(&heard_ours).zip(&theirs) {
        println!(
            "  {}: {ours} | {theirs}",
            clip.path
                .file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        );
    }
    Ok(())
}

/// Latency from the endpointer's decision to the final transcript, per clean command.
fn end_of_speech_latencies(engine: &VoiceEngine, clips: &[Clip]) -> Result<Vec<f64>, String> {
    let mut latencies = Vec::new();
    for clip in clips.iter().filter(|c| c.kind == "en clean 150 wpm") {
        let (samples, rate) = read_mono(&clip.path)?;
        let mut session = engine.recognizer(rate, false).map_err(|e| e.to_string())?;
        let mut events = Vec::new();
        let piece = rate as usize * 32 / 1000;
        let mut audio = samples.clone();
        audio.extend(vec![0.0; rate as usize * 2]);
        for chunk in audio.chunks(piece) {
            session
                .push(chunk, &mut events)
                .map_err(|e| e.to_string())?;
        }
        for event in events {
            if let VoiceEvent::Final { latency_ms, .. } = event {
                latencies.push(latency_ms as f64);
            }
        }
    }
    Ok(latencies)
}

/// Wall time / audio time of streaming the English clips with partials on.
fn streaming_rtf(engine: &VoiceEngine, clips: &[Clip]) -> Result<f64, String> {
    let (mut wall, mut audio_s) = (0.0, 0.0);
    for clip in clips.iter().filter(|c| c.kind == "en clean 150 wpm") {
        let (samples, rate) = read_mono(&clip.path)?;
        let mut session = engine.recognizer(rate, true).map_err(|e| e.to_string())?;
        let mut events = Vec::new();
        let started = Instant::now();
        for chunk in samples.chunks(rate as usize / 10) {
            session
                .push(chunk, &mut events)
                .map_err(|e| e.to_string())?;
        }
        session.finish(&mut events).map_err(|e| e.to_string())?;
        wall += started.elapsed().as_secs_f64();
        audio_s += samples.len() as f64 / f64::from(rate);
    }
    Ok(wall / audio_s)
}

/// The mono samples and rate of a 16-bit WAV file.
fn read_mono(path: &Path) -> Result<(Vec<f32>, u32), String> {
    let mut reader = sightline_core::voice::audio::AudioReader::open(
        std::fs::File::open(path).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let rate = reader.sample_rate();
    let mut samples = Vec::new();
    while let Some(block) = reader.next_block().map_err(|e| e.to_string())? {
        samples.extend(block);
    }
    Ok((samples, rate))
}

type Anchor = (Scores, Scores, Vec<f64>, Vec<f64>, Vec<String>);

fn faster_whisper(root: &Path, models: &Path, clips: &[Clip]) -> Result<Anchor, String> {
    let python = venv(root)?;
    let mut child = Command::new(python)
        .arg("-c")
        .arg(SERVER)
        .arg(models)
        .env("OMP_NUM_THREADS", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("faster-whisper: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let mut stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
    let mut line = String::new();
    stdout.read_line(&mut line).map_err(|e| e.to_string())?;
    if line.trim() != "ready" {
        return Err(format!("faster-whisper did not start: {line}"));
    }
    let (mut f32_scores, mut int8_scores) = (Scores::default(), Scores::default());
    let (mut f32_ms, mut int8_ms, mut texts) = (Vec::new(), Vec::new(), Vec::new());
    for clip in clips {
        writeln!(stdin, "{}", clip.path.display()).map_err(|e| e.to_string())?;
        line.clear();
        stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        let answer: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("{e}: {line}"))?;
        let text = |kind: &str| {
            answer[kind]["text"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        };
        let ms = |kind: &str| answer[kind]["ms"].as_f64().unwrap_or(f64::NAN);
        f32_scores.add(clip, &text("float32"));
        int8_scores.add(clip, &text("int8"));
        f32_ms.push(ms("float32"));
        int8_ms.push(ms("int8"));
        texts.push(text("float32"));
    }
    drop(stdin);
    let _ = child.wait();
    Ok((f32_scores, int8_scores, f32_ms, int8_ms, texts))
}

/// The bench's Python environment with faster-whisper, created on first use.
fn venv(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join("build/python-bench");
    let python = venv.join("bin/python");
    if !python.exists() {
        tool("python3", &["-m", "venv", &venv.to_string_lossy()])?;
    }
    let mut args = vec![
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
    ];
    args.extend(FASTER_WHISPER);
    tool(&python.to_string_lossy(), &args)?;
    Ok(python)
}
