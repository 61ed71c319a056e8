//! The demo's spoken steps: each English `say` line is synthesised with espeak-ng (installed
//! by setup) and resampled to 16 kHz mono by sox, in memory (a pipe, no file), for the
//! simulated glasses to stream over the link. A line with Chinese stays text: espeak-ng's
//! Mandarin is robotic enough that Whisper base hears it as noise, and the Mandarin voice the
//! voice bench uses needs TensorFlow (docs/voice.md).

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
    // espeak-ng's WAV goes straight into sox (a pipe between the two, never through this
    // process: writing a long line's WAV to sox while its output waited unread deadlocked).
    let mut speaker = Command::new("espeak-ng")
        .args(VOICE)
        .args(["--stdout", text])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("espeak-ng (installed by `cargo xtask setup`): {e}"))?;
    let wav = speaker.stdout.take().ok_or("espeak-ng: no output")?;
    let raw = Command::new("sox")
        .args(["-t", "wav", "-", "-t", "raw", "-r", "16000", "-c", "1"])
        .args(["-b", "16", "-e", "signed-integer", "-"])
        .stdin(Stdio::from(wav))
        .stderr(Stdio::null())
        .output()
        .map_err(|e| {
            let _ = speaker.kill();
            let _ = speaker.wait();
            format!("sox (installed by `cargo xtask setup`): {e}")
        })?;
    let spoke = speaker.wait().map_err(|e| format!("espeak-ng: {e}"))?;
    if !spoke.success() || !raw.status.success() {
        return Err(format!(
            "speech synthesis failed (espeak-ng {spoke}, sox {})",
            raw.status
        ));
    }
    let raw = raw.stdout;
    let mut pcm = vec![0i16; LEAD_MS * 16];
    pcm.extend(
        raw.chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]])),
    );
    pcm.extend(std::iter::repeat_n(0, TAIL_MS * 16));
    Ok(Spoken::Audio(pcm))
}
