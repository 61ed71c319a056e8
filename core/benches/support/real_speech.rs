//! Recordings of real people for the voice bench, with their known transcripts, taken from
//! two packages on PyPI, fetched once by pip into `build/voice-real/`, checked by sha256 and
//! unpacked into the bench's scratch folder (never committed, never shipped).
//!
//! From the test data of `pocketsphinx` 5.1.1's source distribution (BSD licence, Carnegie
//! Mellon University: `LICENSE` in the sdist), all 16 kHz 16-bit mono:
//! - `test/data/librivox/`: five sentences of *Sense and Sensibility* read by a LibriVox
//!   volunteer (public domain), 3–7 s each, transcripts in `<id>.txt` — read speech, longer
//!   than a command;
//! - `test/data/cards/`: five short card names ("ten of clubs") spoken by one person,
//!   transcripts in `cards.transcription` (`<s> words </s> (id)` lines);
//! - `test/data/goforward.raw`: "go forward ten meters" (headerless; made a WAV here), the
//!   sentence pocketsphinx's own tests expect;
//! - `test/data/forever/input_2_16k.wav`: "feels like these days go on forever", the text
//!   `cython/test/alignment_test.py` aligns it to;
//! - all of these joined, in that order, into one file of about 40 s (long-form audio);
//! - the read sentences again at 8 kHz (sox), as a narrow-band microphone gives them.
//!
//! Left out: `numbers.raw`, `something.raw`, `input_4_16k.wav` and `chan3` (no transcript in
//! the package), `tidigits/` (features, and one 8-kHz clip of the TIDIGITS corpus, which is LDC's).
//!
//! From the `f5-tts` 1.1.22 wheel (MIT; the clips' origin is not stated — the Mandarin one
//! sounds like a line of an animated film), the reference voices of its examples, 24 kHz:
//! `basic_ref_zh.wav`, "对，这就是我，万人敬仰的太乙真人。" (the text
//! `f5_tts/infer/speech_edit.py` edits it from) and `basic_ref_en.wav`, "Some call me nature,
//! others call me mother nature." (`basic.toml`). The only real Mandarin speech with a
//! transcript found in a registry package (docs/voice.md, Figures).

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A package file pip fetches: its name, sha256, pip's arguments after `download` and the
/// build backend pip needs to read a source distribution's metadata, if any.
struct Package {
    file: &'static str,
    sha256: &'static str,
    pip: &'static [&'static str],
    backend: Option<&'static str>,
}

/// pocketsphinx's source distribution: pip prepares its metadata with the build backend,
/// installed into the bench's environment (no build isolation) and told not to look for
/// CMake, so fetching builds nothing.
const POCKETSPHINX: Package = Package {
    file: "pocketsphinx-5.1.1.tar.gz",
    sha256: "675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355",
    pip: &[
        "--no-binary",
        ":all:",
        "--no-build-isolation",
        "pocketsphinx==5.1.1",
    ],
    backend: Some("scikit-build-core==1.1.2"),
};
/// The folder of the test data inside it.
const DATA: &str = "pocketsphinx-5.1.1/test/data";
/// f5-tts's wheel (pure Python: nothing is built).
const F5_TTS: Package = Package {
    file: "f5_tts-1.1.22-py3-none-any.whl",
    sha256: "f0505dfb5463645caa526bace346ed1c89bcc9acb9ef42fdffd56c2c4c0a09d1",
    pip: &["--only-binary", ":all:", "f5-tts==1.1.22"],
    backend: None,
};
/// The folder of its example voices.
const F5_EXAMPLES: &str = "f5_tts/infer/examples/basic";

/// The row of the read LibriVox sentences.
pub const READ: &str = "en real: read sentences (LibriVox)";
/// The row of the card names.
pub const CARDS: &str = "en real: card names";
/// The row of the read sentences again, brought down to 8 kHz as a narrow-band microphone
/// or a phone line gives them: the core resamples them back up.
pub const READ_8K: &str = "en real: read sentences at 8 kHz";
/// The row of the three other short sentences.
pub const SHORT: &str = "en real: other short lines";
/// The row of the Mandarin line.
pub const MANDARIN: &str = "zh real: a film line (f5-tts)";
/// The row of all of them joined into one file of about 40 s: long-form audio, past
/// Whisper's 30-s window, which each recogniser has to cut.
pub const JOINED: &str = "en real: all joined, one 40-s file";

/// One recording: its WAV file in the scratch folder, its row and what was said.
pub struct Recording {
    /// A 16-bit WAV file.
    pub path: PathBuf,
    /// The bench row it counts in.
    pub kind: &'static str,
    /// The package's transcript.
    pub truth: String,
    /// Spoken in Mandarin (scored by character).
    pub chinese: bool,
}

/// The recordings, unpacked into `scratch`; the packages are fetched into `cache` with the
/// pip of `python` on first use.
pub fn recordings(python: &Path, cache: &Path, scratch: &Path) -> Result<Vec<Recording>, String> {
    let mut out = pocketsphinx(python, cache, scratch)?;
    let wheel = fetch(python, cache, &F5_TTS)?;
    let unpacked = scratch.join("f5-tts");
    run(Command::new(python)
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&unpacked))?;
    let examples = unpacked.join(F5_EXAMPLES);
    for (file, kind, truth, chinese) in [
        (
            "basic_ref_zh.wav",
            MANDARIN,
            "对，这就是我，万人敬仰的太乙真人。",
            true,
        ),
        (
            "basic_ref_en.wav",
            SHORT,
            "Some call me nature, others call me mother nature.",
            false,
        ),
    ] {
        out.push(Recording {
            path: copy(&examples.join(file), scratch, &format!("real-f5-{file}"))?,
            kind,
            truth: truth.into(),
            chinese,
        });
    }
    Ok(out)
}

/// `from` copied into `scratch` as `name`.
fn copy(from: &Path, scratch: &Path, name: &str) -> Result<PathBuf, String> {
    let path = scratch.join(name);
    std::fs::copy(from, &path).map_err(|e| format!("{}: {e}", from.display()))?;
    Ok(path)
}

/// pocketsphinx's recordings, all of them joined, and the read ones at 8 kHz.
fn pocketsphinx(python: &Path, cache: &Path, scratch: &Path) -> Result<Vec<Recording>, String> {
    let sdist = fetch(python, cache, &POCKETSPHINX)?;
    let unpacked = scratch.join("pocketsphinx");
    std::fs::create_dir_all(&unpacked).map_err(|e| e.to_string())?;
    run(Command::new("tar")
        .arg("-xzf")
        .arg(&sdist)
        .arg("-C")
        .arg(&unpacked)
        .arg(format!("{DATA}/librivox"))
        .arg(format!("{DATA}/cards"))
        .arg(format!("{DATA}/goforward.raw"))
        .arg(format!("{DATA}/forever/input_2_16k.wav")))?;
    let data = unpacked.join(DATA);
    let read = |path: PathBuf| {
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut out = Vec::new();
    let mut add = |from: PathBuf, name: String, kind, truth: &str| -> Result<(), String> {
        out.push(Recording {
            path: copy(&from, scratch, &name)?,
            kind,
            truth: truth.trim().to_string(),
            chinese: false,
        });
        Ok(())
    };
    for id in read(data.join("librivox/fileids"))?.split_whitespace() {
        let truth = read(data.join(format!("librivox/{id}.txt")))?;
        let number = id.rsplit('-').next().unwrap_or(id);
        add(
            data.join(format!("librivox/{id}.wav")),
            format!("real-read-{number}.wav"),
            READ,
            &truth,
        )?;
    }
    for line in read(data.join("cards/cards.transcription"))?.lines() {
        let (words, id) = transcription_line(line)
            .ok_or_else(|| format!("cards.transcription: unexpected line {line:?}"))?;
        add(
            data.join(format!("cards/{id}.wav")),
            format!("real-cards-{id}.wav"),
            CARDS,
            words,
        )?;
    }
    let go_forward = scratch.join("goforward.wav");
    run(Command::new("sox")
        .args([
            "-t",
            "raw",
            "-r",
            "16000",
            "-e",
            "signed-integer",
            "-b",
            "16",
            "-c",
            "1",
        ])
        .arg(data.join("goforward.raw"))
        .arg(&go_forward))?;
    add(
        go_forward,
        "real-goforward.wav".into(),
        SHORT,
        "go forward ten meters",
    )?;
    add(
        data.join("forever/input_2_16k.wav"),
        "real-forever.wav".into(),
        SHORT,
        "feels like these days go on forever",
    )?;
    let narrow: Vec<(PathBuf, String)> = out
        .iter()
        .filter(|r| r.kind == READ)
        .map(|r| (r.path.clone(), r.truth.clone()))
        .collect();
    let joined = scratch.join("real-joined.wav");
    run(Command::new("sox")
        .args(out.iter().map(|r| &r.path))
        .arg(&joined))?;
    let truth = out
        .iter()
        .map(|r| r.truth.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    out.push(Recording {
        path: joined,
        kind: JOINED,
        truth,
        chinese: false,
    });
    for (wide, truth) in narrow {
        let path = wide.with_extension("8k.wav");
        run(Command::new("sox")
            .arg("-R")
            .arg(&wide)
            .arg(&path)
            .args(["rate", "8000"]))?;
        out.push(Recording {
            path,
            kind: READ_8K,
            truth,
            chinese: false,
        });
    }
    Ok(out)
}

/// `<s> ten of clubs </s> (001)` → ("ten of clubs", "001").
fn transcription_line(line: &str) -> Option<(&str, &str)> {
    let (words, id) = line.rsplit_once('(')?;
    let words = words
        .trim()
        .strip_prefix("<s>")?
        .trim()
        .strip_suffix("</s>")?;
    Some((words, id.strip_suffix(')')?.trim()))
}

/// The cached package file, fetched by pip on first use and checked by sha256; a file with
/// another digest is removed and the bench stops.
fn fetch(python: &Path, cache: &Path, package: &Package) -> Result<PathBuf, String> {
    let path = cache.join(package.file);
    if !path.exists() {
        let pip = || {
            let mut pip = Command::new(python);
            pip.args(["-m", "pip", "--disable-pip-version-check", "--quiet"]);
            pip
        };
        if let Some(backend) = package.backend {
            run(pip().args(["install", backend]))?;
        }
        run(pip()
            .args(["download", "--no-deps", "--dest"])
            .arg(cache)
            .args(package.pip)
            .env("SKBUILD_WHEEL_CMAKE", "false"))?;
    }
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let digest = hex::encode(Sha256::digest(&bytes));
    if digest != package.sha256 {
        let _ = std::fs::remove_file(&path);
        return Err(format!(
            "{}: sha256 {digest}, expected {} (removed)",
            package.file, package.sha256
        ));
    }
    Ok(path)
}

/// Runs `command` to its end: an error names it when it cannot start or does not succeed.
pub fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("{command:?} failed"))
}
