//! The demo's spoken steps: each English `say` line is synthesised with espeak-ng (installed
//! by setup) and resampled to 16 kHz mono by sox, in memory (a pipe, no file), for the
//! simulated glasses to stream over the link — for an Even G1, encoded as it sends it (LC3,
//! by liblc3's reference encoder `elc3`, also through pipes), for an omiGlass as its firmware
//! encodes it (Opus, by `opus-pure`'s encoder). A line with Chinese stays text: espeak-ng's
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
    // `-R`: sox's dither is seeded the same way every run, so a line is the same samples
    // each time it is said (its random dither made Whisper hear a line differently now
    // and then, and a walk's card change with it).
    let raw = Command::new("sox")
        .args(["-R", "-t", "wav", "-", "-t", "raw", "-r", "16000"])
        .args(["-c", "1", "-b", "16", "-e", "signed-integer", "-"])
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

/// The Even G1's microphone codec as its encoder makes it: LC3 at 32 kbit/s, 10-ms frames.
const LC3_ARGS: [&str; 4] = ["-b", "32000", "-m", "10"];
/// Bytes in one such frame.
const LC3_FRAME_BYTES: usize = 40;

/// `pcm` (16-bit mono at 16 kHz) as an Even G1 sends it: LC3 frames of 40 bytes, one after
/// another, by liblc3's reference encoder (`elc3`, Debian liblc3-tools, installed by setup),
/// without its bitstream file's header and frame lengths.
pub fn lc3_frames(pcm: &[i16]) -> Result<Vec<u8>, String> {
    let mut encoder = Command::new("elc3")
        .args(LC3_ARGS)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("elc3 (liblc3-tools, installed by `cargo xtask setup`): {e}"))?;
    let mut input = encoder.stdin.take().ok_or("elc3: no input")?;
    let wav = wav_16k(pcm);
    // Written from a thread while the output is read here: neither side waits on a full pipe.
    let writer = std::thread::spawn(move || input.write_all(&wav));
    let encoded = encoder
        .wait_with_output()
        .map_err(|e| format!("elc3: {e}"))?;
    writer
        .join()
        .map_err(|_| "elc3: the writer failed")?
        .map_err(|e| format!("elc3: {e}"))?;
    if !encoded.status.success() {
        return Err(format!("elc3 failed ({})", encoded.status));
    }
    frames_of_bitstream(&encoded.stdout)
}

/// `pcm` (16 kHz) as omiGlass's firmware encodes it (BasedHardware/omi `omiGlass/firmware`,
/// docs/drivers.md): Opus, VOIP application, 20-ms frames, 32 kbit/s unconstrained VBR,
/// complexity 3, signal voice, 16-bit depth, no DTX, no in-band FEC, at most 160 bytes a
/// packet; a tail shorter than a frame stays unsent, as in the firmware's ring.
pub fn omiglass_opus(pcm: &[i16]) -> Result<Vec<Vec<u8>>, String> {
    use opus_pure::{Application, OpusEncoder, RateControl, Signal};
    const FRAME: usize = 320;
    const MAX_PACKET: usize = 160;
    let mut encoder =
        OpusEncoder::new(16_000, 1, Application::Voip).map_err(|e| format!("opus: {e}"))?;
    encoder.bitrate_bps = 32_000;
    encoder.complexity = 3;
    encoder.rate_control = RateControl::Vbr;
    encoder.signal_type = Some(Signal::Voice);
    encoder.lsb_depth = 16;
    encoder.use_dtx = false;
    encoder.use_inband_fec = false;
    encoder.packet_loss_perc = 0;
    let mut packet = [0u8; MAX_PACKET];
    pcm.chunks_exact(FRAME)
        .map(|frame| {
            let n = encoder
                .encode_s16(frame, FRAME, &mut packet)
                .map_err(|e| format!("opus: {e}"))?;
            Ok(packet[..n].to_vec())
        })
        .collect()
}

/// 16-bit mono PCM at 16 kHz as a WAV file's bytes.
fn wav_16k(pcm: &[i16]) -> Vec<u8> {
    const RATE: u32 = 16_000;
    let data = (pcm.len() * 2) as u32;
    let mut wav = Vec::with_capacity(44 + pcm.len() * 2);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&RATE.to_le_bytes());
    wav.extend_from_slice(&(RATE * 2).to_le_bytes());
    wav.extend_from_slice(&2u16.to_le_bytes());
    wav.extend_from_slice(&16u16.to_le_bytes());
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data.to_le_bytes());
    wav.extend(pcm.iter().flat_map(|s| s.to_le_bytes()));
    wav
}

/// The frames of liblc3's bitstream file: a header whose bytes 2–3 give its length, then
/// each frame after its 16-bit length (every one 40 bytes at this rate).
fn frames_of_bitstream(file: &[u8]) -> Result<Vec<u8>, String> {
    let header = file
        .get(2..4)
        .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        .ok_or("elc3: no header")?;
    let mut rest = file.get(header..).ok_or("elc3: a short header")?;
    let mut frames = Vec::with_capacity(rest.len());
    while let [lo, hi, after @ ..] = rest {
        let length = usize::from(u16::from_le_bytes([*lo, *hi]));
        let frame = after
            .get(..length)
            .filter(|_| length == LC3_FRAME_BYTES)
            .ok_or_else(|| format!("elc3: a frame of {length} bytes, not {LC3_FRAME_BYTES}"))?;
        frames.extend_from_slice(frame);
        rest = &after[length..];
    }
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_demo_speech_is_encoded_as_a_g1_sends_it() {
        let tone: Vec<i16> = (0..16_000)
            .map(|i| ((i as f32 * 0.2).sin() * 8_000.0) as i16)
            .collect();
        let frames = lc3_frames(&tone).unwrap();
        assert_eq!(frames.len() % LC3_FRAME_BYTES, 0);
        // One second is 100 frames of 10 ms (the encoder may add one for its delay).
        let count = frames.len() / LC3_FRAME_BYTES;
        assert!((100..=101).contains(&count), "{count} frames");
    }

    #[test]
    fn a_bitstream_with_a_frame_of_another_size_is_refused() {
        let mut file = vec![0x1c, 0xcc, 4, 0];
        file.extend_from_slice(&[20, 0]);
        file.extend_from_slice(&[0; 20]);
        assert!(frames_of_bitstream(&file).is_err());
        assert!(frames_of_bitstream(&[0x1c]).is_err());
    }
}
