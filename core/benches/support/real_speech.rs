//! Recordings of real people for the voice bench, with their known transcripts: the test
//! data of `pocketsphinx` 5.1.1's source distribution on PyPI (BSD licence, Carnegie Mellon
//! University: `LICENSE` in the sdist), fetched once by pip into `build/voice-real/`, checked by sha256 and unpacked
//! into the bench's scratch folder (never committed, never shipped).
//!
//! What is taken, all 16 kHz 16-bit mono:
//! - `test/data/librivox/`: five sentences of *Sense and Sensibility* read by a LibriVox
//!   volunteer (public domain), 3–7 s each, transcripts in `<id>.txt` — read speech, longer
//!   than a command;
//! - `test/data/cards/`: five short card names ("ten of clubs") spoken by one person,
//!   transcripts in `cards.transcription` (`<s> words </s> (id)` lines);
//! - `test/data/goforward.raw`: "go forward ten meters" (headerless; made a WAV here), the
//!   sentence pocketsphinx's own tests expect;
//! - `test/data/forever/input_2_16k.wav`: "feels like these days go on forever", the text
//!   `cython/test/alignment_test.py` aligns it to.
//!
//! Left out: `numbers.raw`, `something.raw`, `input_4_16k.wav` and `chan3` (no transcript in
//! the package), `tidigits/` (features, and one clip of the TIDIGITS corpus, which is LDC's).

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The source distribution, as pip names it, and its sha256.
const SDIST: &str = "pocketsphinx-5.1.1.tar.gz";
const SDIST_SHA256: &str = "675778b309a22dfc9b7d37f7621976bba491d2a5f8c59696bd77fd6d07271355";
/// The folder of the test data inside it.
const DATA: &str = "pocketsphinx-5.1.1/test/data";
/// The build backend pip asks to prepare the sdist's metadata; installed into the bench's
/// environment and told not to look for CMake, so fetching builds nothing.
const BACKEND: &str = "scikit-build-core==1.1.2";

/// The row of the read LibriVox sentences.
pub const READ: &str = "en real: read sentences (LibriVox)";
/// The row of the card names.
pub const CARDS: &str = "en real: card names";
/// The row of the two other short sentences.
pub const SHORT: &str = "en real: go forward, forever";

/// One recording: its WAV file in the scratch folder, its row and what was said.
pub struct Recording {
    /// A 16-bit WAV file.
    pub path: PathBuf,
    /// The bench row it counts in.
    pub kind: &'static str,
    /// The package's transcript.
    pub truth: String,
}

/// The recordings, unpacked into `scratch`; the sdist is fetched into `cache` with the pip of
/// `python` on first use.
pub fn recordings(python: &Path, cache: &Path, scratch: &Path) -> Result<Vec<Recording>, String> {
    let sdist = fetch(python, cache)?;
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
        let path = scratch.join(name);
        std::fs::copy(&from, &path).map_err(|e| format!("{}: {e}", from.display()))?;
        out.push(Recording {
            path,
            kind,
            truth: truth.trim().to_string(),
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

/// The cached sdist, fetched by pip (no build: the backend prepares metadata only) and
/// checked by sha256; a file with another digest is removed and the bench stops.
fn fetch(python: &Path, cache: &Path) -> Result<PathBuf, String> {
    let sdist = cache.join(SDIST);
    if !sdist.exists() {
        let pip = || {
            let mut pip = Command::new(python);
            pip.args(["-m", "pip", "--disable-pip-version-check", "--quiet"]);
            pip
        };
        run(pip().args(["install", BACKEND]))?;
        run(pip()
            .args([
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--no-build-isolation",
            ])
            .arg("--dest")
            .arg(cache)
            .arg("pocketsphinx==5.1.1")
            .env("SKBUILD_WHEEL_CMAKE", "false"))?;
    }
    let bytes = std::fs::read(&sdist).map_err(|e| format!("{}: {e}", sdist.display()))?;
    let digest = hex::encode(Sha256::digest(&bytes));
    if digest != SDIST_SHA256 {
        let _ = std::fs::remove_file(&sdist);
        return Err(format!(
            "{SDIST}: sha256 {digest}, expected {SDIST_SHA256} (removed)"
        ));
    }
    Ok(sdist)
}

fn run(command: &mut Command) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    status
        .success()
        .then_some(())
        .ok_or_else(|| format!("{command:?} failed"))
}
