//! Speech recognition on the real models (Silero VAD v6 + Whisper base, as `cargo xtask
//! models` compiles them): a synthesised English command at the rates and layouts phones and
//! files come in, endpointing between two commands, streaming partials, and bad audio — each
//! a typed error or a best-effort transcript with a warning, never a panic, and a ten-minute
//! stream heard in bounded memory.
//!
//! The speech is made at test time with espeak-ng and converted with sox (both installed by
//! the setup step), so the test needs no audio in the repository.

// Test code: a missing tool, clip or model is a failed test, loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sightline_core::voice::{Language, VoiceConfig, VoiceEngine, VoiceError, VoiceEvent, Warning};
use sightline_tests::repo_root;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const COMMAND: &str = "Plan my trip to Harbin next week and get me snow boots.";

fn engine() -> &'static VoiceEngine {
    static ENGINE: OnceLock<VoiceEngine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let engine = VoiceEngine::new(&repo_root().join("models"), VoiceConfig::default())
            .expect("default voice config");
        engine
            .warm_up()
            .expect("voice models: run `cargo xtask models`");
        engine
    })
}

fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("temp dir"))
        .path()
}

/// `text` spoken by espeak-ng (22.05 kHz mono WAV) at `words_per_minute`.
fn speak(name: &str, text: &str, words_per_minute: u32) -> PathBuf {
    let path = scratch().join(format!("{name}.wav"));
    let status = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", &words_per_minute.to_string(), "-w"])
        .arg(&path)
        .arg(text)
        .status()
        .expect("espeak-ng is installed by `cargo xtask test`'s setup");
    assert!(status.success());
    path
}

/// `input` converted by sox with `effects` (e.g. `rate 48000 channels 2`) into `name`, the
/// same samples every run (`-R` seeds its dither alike).
fn sox(input: &Path, name: &str, effects: &[&str]) -> PathBuf {
    let path = scratch().join(name);
    let status = Command::new("sox")
        .arg("-R")
        .arg(input)
        .arg(&path)
        .args(effects)
        .status()
        .expect("sox is installed by `cargo xtask test`'s setup");
    assert!(status.success(), "sox {effects:?}");
    path
}

fn hear(path: &Path) -> Result<sightline_core::voice::Transcript, VoiceError> {
    engine().hear_file(std::fs::File::open(path).expect("clip"))
}

fn words(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// 16-bit PCM mono WAV bytes of `samples` at `rate`.
fn wav(samples: &[f32], rate: u32) -> Vec<u8> {
    let data = samples.len() as u32 * 2;
    let mut out = Vec::with_capacity(44 + data as usize);
    out.extend(b"RIFF");
    out.extend((36 + data).to_le_bytes());
    out.extend(b"WAVEfmt ");
    out.extend(16u32.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(1u16.to_le_bytes());
    out.extend(rate.to_le_bytes());
    out.extend((rate * 2).to_le_bytes());
    out.extend(2u16.to_le_bytes());
    out.extend(16u16.to_le_bytes());
    out.extend(b"data");
    out.extend(data.to_le_bytes());
    for s in samples {
        out.extend(((s.clamp(-1.0, 1.0) * 32767.0) as i16).to_le_bytes());
    }
    out
}

/// The mono samples of a 16-bit WAV file.
fn samples_of(path: &Path) -> (Vec<f32>, u32) {
    let bytes = std::fs::read(path).expect("clip");
    let rate = u32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]);
    let data = bytes
        .windows(4)
        .position(|w| w == b"data")
        .expect("data chunk")
        + 8;
    let samples = bytes[data..]
        .chunks_exact(2)
        .map(|b| f32::from(i16::from_le_bytes([b[0], b[1]])) / 32768.0)
        .collect();
    (samples, rate)
}

/// Peak resident memory of this process, in MiB.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

#[test]
fn voice_recognises_a_synthesised_english_command_in_every_layout() {
    let clip = speak("command", COMMAND, 160);
    let want = words(COMMAND);
    let heard = hear(&clip).expect("heard");
    assert_eq!(words(&heard.text), want, "{heard:#?}");
    assert_eq!(heard.language, Language::En);
    assert_eq!(heard.segments.len(), 1, "{heard:#?}");
    assert!(heard.segments[0].start_ms < 400, "{heard:#?}");
    assert!(heard.warnings.is_empty(), "{heard:#?}");

    // 48 kHz stereo, 44.1 kHz FLAC and a faster speaker come out the same.
    for (name, effects) in [
        ("stereo48.wav", &["rate", "48000", "channels", "2"][..]),
        ("cd.flac", &["rate", "44100"][..]),
    ] {
        let heard = hear(&sox(&clip, name, effects)).expect(name);
        assert_eq!(words(&heard.text), want, "{name}: {heard:#?}");
    }
    let fast = hear(&speak("fast", COMMAND, 220)).expect("fast");
    assert!(words(&fast.text).contains("harbin"), "{fast:#?}");

    // Telephone-band audio is heard, with a warning.
    let narrow = hear(&sox(&clip, "narrow.wav", &["rate", "8000"])).expect("8 kHz");
    assert!(
        narrow.warnings.contains(&Warning::NarrowBand),
        "{narrow:#?}"
    );
    assert!(words(&narrow.text).contains("trip"), "{narrow:#?}");

    // PCM from the phone's microphone, straight in.
    let (samples, rate) = samples_of(&clip);
    let pcm = engine().hear_pcm(&samples, rate).expect("pcm");
    assert_eq!(words(&pcm.text), want);
}

#[test]
fn voice_endpointing_splits_commands_at_the_configured_silence() {
    let first = samples_of(&speak("first", "Take a photo.", 160));
    let second = samples_of(&speak("second", "Where is the station?", 160));
    let rate = first.1;
    let mut audio = first.0.clone();
    audio.extend(vec![0.0; rate as usize * 3 / 2]);
    audio.extend(&second.0);
    let heard = engine().hear_pcm(&audio, rate).expect("two commands");
    assert_eq!(heard.segments.len(), 2, "{heard:#?}");
    assert!(
        words(&heard.segments[0].text).contains("photo"),
        "{heard:#?}"
    );
    assert!(
        words(&heard.segments[1].text).contains("station"),
        "{heard:#?}"
    );
    assert!(heard.segments[1].start_ms >= heard.segments[0].end_ms + 1000);

    // With a longer endpoint silence the pause no longer ends the utterance.
    let patient = VoiceEngine::new(
        &repo_root().join("models"),
        VoiceConfig {
            endpoint_silence_ms: 2500,
            ..VoiceConfig::default()
        },
    )
    .expect("config");
    let heard = patient.hear_pcm(&audio, rate).expect("one utterance");
    assert_eq!(heard.segments.len(), 1, "{heard:#?}");
}

/// The events of a streaming session fed `samples` in pieces of `piece` samples, then a
/// second of silence.
fn stream(samples: &[f32], rate: u32, piece: usize, partials: bool) -> Vec<VoiceEvent> {
    let mut session = engine().recognizer(rate, partials).expect("session");
    let mut events = Vec::new();
    for piece in samples.chunks(piece) {
        session.push(piece, &mut events).expect("push");
    }
    session
        .push(&vec![0.0; rate as usize], &mut events)
        .expect("silence");
    events
}

/// The final transcripts among `events`.
fn finals(events: &[VoiceEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            VoiceEvent::Final { segment, .. } => Some(segment.text.clone()),
            _ => None,
        })
        .collect()
}

/// A pause longer than the 200-ms post-roll but shorter than the endpoint silence: the
/// final's encoder runs early on the first half, then speech resumes — that result must be
/// dropped, and the one final hears both halves.
#[test]
fn voice_a_pause_that_does_not_end_the_utterance_drops_the_early_encoder_run() {
    let first = samples_of(&speak("early-first", "Take a photo", 160));
    let second = samples_of(&speak("early-second", "of this menu.", 160));
    let rate = first.1;
    // espeak-ng's own silence after the first half and before the second: about 300 ms.
    let mut audio = first.0.clone();
    audio.extend(&second.0);
    let events = stream(&audio, rate, rate as usize * 32 / 1000, false);
    let finals = finals(&events);
    assert_eq!(finals.len(), 1, "{events:#?}");
    assert_eq!(
        words(&finals[0]),
        "take a photo of this menu",
        "{events:#?}"
    );
}

/// The final made ahead of the endpointer (once the quiet has lasted the post-roll) and
/// the final made after its decision hear the same audio: the same events — partials,
/// words, span — either way. Made ahead, the push that ends the utterance runs no Whisper
/// at all; made after, it runs the 30-s encoder and the decoder.
#[test]
fn voice_the_speculative_final_equals_the_final_made_after_the_decision() {
    let (mut audio, rate) = samples_of(&speak("speculated", COMMAND, 150));
    audio.extend(vec![0.0; rate as usize]);
    let piece = rate as usize * 32 / 1000;
    let run = |speculative: bool| {
        let mut session = engine().recognizer(rate, true).expect("session");
        session.set_speculative(speculative);
        let mut events = Vec::new();
        let mut whisper_ms_at_the_final = None;
        for piece in audio.chunks(piece) {
            let (count, (_, encode, decode)) = (events.len(), session.time_ms());
            session.push(piece, &mut events).expect("push");
            if events[count..]
                .iter()
                .any(|e| matches!(e, VoiceEvent::Final { .. }))
            {
                let (_, encode_after, decode_after) = session.time_ms();
                whisper_ms_at_the_final = Some(encode_after - encode + decode_after - decode);
            }
        }
        // The latency is the one thing that may differ.
        let mut latency = 0;
        for event in &mut events {
            if let VoiceEvent::Final { latency_ms, .. } = event {
                latency = std::mem::take(latency_ms);
            }
        }
        let whisper_ms = session.time_ms().1 + session.time_ms().2;
        (events, whisper_ms_at_the_final, latency, whisper_ms)
    };
    let (ahead, ahead_ms, ahead_latency, ahead_whisper) = run(true);
    let (after, after_ms, _, _) = run(false);
    // Made ahead, the final still counts from the last sample of speech: the encoder and the
    // decoder ran after it arrived (the pieces here come as fast as they are pushed), so the
    // wait is never reported as nothing.
    assert!(
        ahead_latency > 0 && ahead_latency + 50 >= ahead_whisper.min(500),
        "latency {ahead_latency} ms, Whisper {ahead_whisper} ms"
    );
    assert_eq!(ahead, after);
    assert_eq!(finals(&ahead).len(), 1, "{ahead:#?}");
    assert_eq!(words(&finals(&ahead)[0]), words(COMMAND));
    assert_eq!(ahead_ms, Some(0), "the final was not made ahead");
    assert!(after_ms.is_some_and(|ms| ms > 0), "{after_ms:?}");
}

#[test]
fn voice_streaming_gives_partials_then_one_final() {
    let (samples, rate) = samples_of(&speak("stream", COMMAND, 130));
    let events = stream(&samples, rate, rate as usize / 10, true);
    let partials = events
        .iter()
        .filter(|e| matches!(e, VoiceEvent::Partial { .. }))
        .count();
    assert!(
        matches!(events.first(), Some(VoiceEvent::SpeechStarted { .. })),
        "{events:#?}"
    );
    assert!(partials >= 2, "{events:#?}");
    let finals = finals(&events);
    assert_eq!(finals.len(), 1, "{events:#?}");
    assert_eq!(words(&finals[0]), words(COMMAND));
}

/// A quieter second voice (−15 dB, another espeak-ng voice) talks over the whole command, as
/// in a street or a café, and alone for the last few hundred milliseconds. Its words must not
/// be appended to the command's final transcript. At a 6- or 10-s encoder window with the
/// spectrogram of silence as padding, Whisper appended them ("…pay with my card, ring a
/// card", "…in the other store? I'll bring a…"); at 30 s with faster-whisper's padding it
/// hears the command alone, as faster-whisper does.
#[test]
fn voice_a_quieter_second_speaker_is_not_appended_to_the_command() {
    let other = scratch().join("other-voice.wav");
    let status = Command::new("espeak-ng")
        .args(["-v", "en-gb+f3", "-s", "170", "-w"])
        .arg(&other)
        .arg("I think the weather will be cold all week, so bring a coat.")
        .status()
        .expect("espeak-ng");
    assert!(status.success());
    for (i, command) in [
        "Order two coffees and pay with my card.",
        "How much is this jacket in the other store?",
    ]
    .into_iter()
    .enumerate()
    {
        let clean = speak(&format!("overlap-command{i}"), command, 150);
        let (samples, rate) = samples_of(&clean);
        let seconds = format!("{:.6}", samples.len() as f64 / f64::from(rate));
        let mixed = scratch().join(format!("overlap{i}.wav"));
        let status = Command::new("sox")
            .args(["-m", "-v", "1"])
            .arg(&clean)
            .args(["-v", "0.18"])
            .arg(&other)
            .arg(&mixed)
            .args(["trim", "0", &seconds])
            .status()
            .expect("sox");
        assert!(status.success());
        let heard = hear(&mixed).expect("heard");
        assert_eq!(words(&heard.text), words(command), "{heard:#?}");
    }
}

/// A reader producing a long WAV on the fly: `minutes` of quiet noise with the command
/// every minute, so the test itself never holds the whole file either.
struct LongWav {
    header: Vec<u8>,
    command: Vec<f32>,
    rate: u32,
    total: u64,
    position: u64,
    noise: u32,
}

impl LongWav {
    fn new(minutes: u64, command: Vec<f32>, rate: u32) -> Self {
        let total = minutes * 60 * u64::from(rate);
        let mut header = wav(&[], rate);
        let data = (total * 2) as u32;
        header[4..8].copy_from_slice(&(36 + data).to_le_bytes());
        header[40..44].copy_from_slice(&data.to_le_bytes());
        Self {
            header,
            command,
            rate,
            total,
            position: 0,
            noise: 1,
        }
    }

    fn sample(&mut self) -> f32 {
        self.noise = self
            .noise
            .wrapping_mul(1_664_525)
            .wrapping_add(1_013_904_223);
        let hiss = ((self.noise >> 9) as f32 / (1u32 << 23) as f32 - 0.5) * 0.002;
        let into_minute = (self.position % (60 * u64::from(self.rate))) as usize;
        let offset = 20 * self.rate as usize;
        hiss + into_minute
            .checked_sub(offset)
            .and_then(|i| self.command.get(i))
            .copied()
            .unwrap_or(0.0)
    }
}

impl Read for LongWav {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if !self.header.is_empty() {
            let n = buf.len().min(self.header.len());
            buf[..n].copy_from_slice(&self.header[..n]);
            self.header.drain(..n);
            return Ok(n);
        }
        let mut n = 0;
        while n + 2 <= buf.len() && self.position < self.total {
            let s = (self.sample() * 32767.0) as i16;
            buf[n..n + 2].copy_from_slice(&s.to_le_bytes());
            n += 2;
            self.position += 1;
        }
        Ok(n)
    }
}

#[test]
fn voice_bad_audio_is_a_typed_error_or_a_flagged_best_effort() {
    let engine = engine();
    let refuse = |bytes: &[u8]| engine.hear_file(bytes).expect_err("refused");
    assert_eq!(refuse(b""), VoiceError::Empty);
    assert_eq!(refuse(b"ID3\x04 an mp3"), VoiceError::UnsupportedFormat);
    assert!(matches!(
        refuse(b"RIFF\x10\0\0\0WAVEfmt "),
        VoiceError::Corrupt(_)
    ));
    assert!(matches!(
        refuse(b"fLaC\0\0\0\x22garbage"),
        VoiceError::Corrupt(_)
    ));
    assert_eq!(refuse(&wav(&[], 16_000)), VoiceError::Empty);
    let mut odd_rate = wav(&[0.0; 100], 16_000);
    odd_rate[24..28].copy_from_slice(&1_000u32.to_le_bytes());
    odd_rate[28..32].copy_from_slice(&2_000u32.to_le_bytes());
    assert!(matches!(refuse(&odd_rate), VoiceError::BadLayout(_)));
    assert!(matches!(
        refuse(&wav(&vec![0.0; 48_000], 16_000)),
        VoiceError::NoSpeech { duration_ms: 3000 }
    ));
    assert!(matches!(
        engine.hear_pcm(&[], 16_000),
        Err(VoiceError::Empty)
    ));
    assert!(matches!(
        engine.hear_pcm(&[0.1; 100], 0),
        Err(VoiceError::BadLayout(_))
    ));
    // NaN and infinities from a broken microphone driver are treated as silence.
    assert!(matches!(
        engine.hear_pcm(&[f32::NAN; 16_000], 16_000),
        Err(VoiceError::NoSpeech { .. })
    ));

    let clip = speak("bad", COMMAND, 160);
    let bytes = std::fs::read(&clip).expect("clip");
    // Cut mid-file: what is there is heard, flagged as truncated.
    let cut = &bytes[..bytes.len() * 2 / 3];
    let heard = engine.hear_file(cut).expect("best effort");
    assert!(heard.warnings.contains(&Warning::Truncated), "{heard:#?}");
    assert!(words(&heard.text).starts_with("plan my trip"), "{heard:#?}");
    // Corrupt bytes in the middle of the samples: noise, never a panic.
    let mut corrupt = bytes.clone();
    for b in corrupt.iter_mut().skip(bytes.len() / 2).take(2000) {
        *b ^= 0x5A;
    }
    let _ = engine.hear_file(corrupt.as_slice());
    // Clipped speech (+30 dB) is heard and flagged.
    let loud = sox(&clip, "clipped.wav", &["gain", "30"]);
    let heard = hear(&loud).expect("clipped");
    assert!(heard.warnings.contains(&Warning::Clipped), "{heard:#?}");
}

#[test]
fn voice_ten_minutes_stream_in_bounded_memory() {
    let engine = engine();
    // At 16 kHz, so the test spends its time hearing rather than resampling.
    let spoken = speak("long", "Where is the station?", 160);
    let (command, rate) = samples_of(&sox(&spoken, "long16k.wav", &["rate", "16000"]));
    let before = peak_rss_mib();
    let heard = engine
        .hear_file(LongWav::new(10, command, rate))
        .expect("ten minutes");
    let grown = peak_rss_mib().saturating_sub(before);
    assert_eq!(heard.duration_ms, 600_000);
    assert_eq!(heard.segments.len(), 10, "{heard:#?}");
    assert!(
        heard
            .segments
            .iter()
            .all(|s| words(&s.text).contains("station")),
        "{heard:#?}"
    );
    assert!(
        grown < 60,
        "peak RSS grew {grown} MiB over ten minutes of audio"
    );
}
