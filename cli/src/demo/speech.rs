//! The demo's spoken steps: each English `say` line is synthesised with espeak-ng (installed
//! by setup) and resampled to 16 kHz mono by sox, in memory (pipes, no file), for the
//! simulated glasses to stream over the link. A line with Chinese stays text: espeak-ng's
//! Mandarin is robotic enough that Whisper base hears it as noise, and the Mandarin voice the
//! voice bench uses needs TensorFlow (docs/voice.md).

use std::io::Write;
use std::process::{Command, Stdio};

/// Silence before and after the words (ms), as a wearer pauses around a command.
const LEAD_MS: usize = 300;
const TAIL_MS: usize = 900;
/// espeak-ng's voice, words a minute and gap between words (10-ms units). Of the voices and
/// rates tried, the Klatt variant at 130 wpm with a 60-ms word gap was the one faster-whisper
/// (Whisper base) heard word for word on both English lines of the built-in walk: with the
/// default voice at 150 wpm "does this shop have snow boots" became "does this chop hands no
/// mood" and "size 42" "size for the two".
const VOICE: [&str; 6] = ["-v", "en-us+klatt", "-s", "130", "-g", "6"];

/// How one `say` line reaches the glasses.
pub enum Spoken {
    /// 16-bit mono PCM at 16 kHz.
    Audio(Vec<i16>),
    /// Sent as a text transcript, and why.
    Text(&'static str),
}

/// `text` as speech, or why it stays text.
pub fn synthesise(text: &str) -> Result<Spoken, String> {
    if text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        return Ok(Spoken::Text(
            "Chinese: espeak-ng's Mandarin is not intelligible enough to recognise (docs/voice.md)",
        ));
    }
    let wav = run(
        Command::new("espeak-ng")
            .args(VOICE)
            .args(["--stdout", text]),
        &[],
    )?;
    let raw = run(
        Command::new("sox").args([
            "-t",
            "wav",
            "-",
            "-t",
            "raw",
            "-r",
            "16000",
            "-c",
            "1",
            "-b",
            "16",
            "-e",
            "signed-integer",
            "-",
        ]),
        &wav,
    )?;
    let mut pcm = vec![0i16; LEAD_MS * 16];
    pcm.extend(
        raw.chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]])),
    );
    pcm.extend(std::iter::repeat_n(0, TAIL_MS * 16));
    Ok(Spoken::Audio(pcm))
}

/// Runs `command` with `input` on its stdin; its stdout.
fn run(command: &mut Command, input: &[u8]) -> Result<Vec<u8>, String> {
    let name = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{name} (installed by `cargo xtask setup`): {e}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input).map_err(|e| format!("{name}: {e}"))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("{name}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{name} failed ({})", out.status));
    }
    Ok(out.stdout)
}
