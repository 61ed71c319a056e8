//! The streaming recogniser: audio at any rate in, [`VoiceEvent`]s out. Samples are resampled
//! to 16 kHz, cut into 32-ms chunks for the voice detector, and only the open utterance (plus
//! a short pre-roll) is kept, so memory stays bounded however long the stream runs. While
//! someone speaks, a partial transcript is made every `partial_interval_ms`; when the
//! endpointer sees the configured silence, the utterance gets its final transcript — made
//! ahead of the endpointer's decision once all of its audio is in (Speculative final,
//! docs/voice.md). An utterance reaching Whisper's 30-s window is finalised there and the
//! next one begins.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

use crate::voice::heap;
use crate::voice::models::Plan;
use crate::voice::resample::{Resampler, TARGET_RATE};
use crate::voice::vad::{Boundary, CHUNK, Endpointer, Vad};
use crate::voice::whisper::{Decoded, Whisper, Width};
use crate::voice::{Segment, VoiceConfig, VoiceError, VoiceEvent, Warning};

/// Audio kept before the detected start of speech (the detector reacts a chunk or two late).
const PRE_ROLL: u64 = 4_800;
/// Audio kept after the detected end (trailing consonants).
const POST_ROLL: u64 = 3_200;
/// A sample at or above this magnitude counts as clipped.
const CLIP_LEVEL: f32 = 0.99;
/// More than this share of clipped samples earns [`Warning::Clipped`].
const CLIP_SHARE: f64 = 0.001;

/// The loaded models, shared by every session.
pub struct Loaded {
    /// The recogniser.
    pub(crate) whisper: Whisper,
    /// The voice detector's plan (each session keeps its own state).
    pub(crate) vad: Plan,
}

/// Running counts over the input.
#[derive(Debug, Default, Clone)]
struct Stats {
    input_samples: u64,
    clipped: u64,
    cut: bool,
}

/// A final transcript made ahead of the endpointer: the audio it heard (absolute samples
/// `from..to`) and what Whisper made of it (`None`: no speech).
#[derive(Debug)]
struct Speculation {
    from: u64,
    to: u64,
    decoded: Option<Decoded>,
}

/// One streaming session over loaded models.
pub struct Recognizer {
    models: Arc<Loaded>,
    config: VoiceConfig,
    partials: bool,
    input_rate: u32,
    resampler: Resampler,
    vad: Vad,
    endpointer: Endpointer,
    /// 16-kHz samples not yet given to the detector (less than a chunk).
    pending: Vec<f32>,
    /// 16-kHz audio kept, starting at absolute sample `kept_from`.
    audio: Vec<f32>,
    kept_from: u64,
    /// Samples given to the detector so far.
    position: u64,
    /// Where the open utterance began.
    open: Option<u64>,
    last_partial: u64,
    /// Whether finals are made ahead of the endpointer (on unless switched off).
    speculative: bool,
    /// The final, made once the quiet after speech has lasted the post-roll.
    speculation: Option<Speculation>,
    stats: Stats,
    /// Time spent in the recogniser outside Whisper, ms.
    audio_ms: u64,
    encode_ms: u64,
    decode_ms: u64,
    /// When the 16-kHz samples arrived: (samples received once that push was in, its time),
    /// oldest first, for as far back as audio is kept — so a final can say how long after the
    /// last sample of speech it came.
    arrivals: VecDeque<(u64, Instant)>,
}

impl Recognizer {
    /// A session hearing `input_rate` Hz audio; `partials` asks for partial transcripts.
    pub fn new(
        models: Arc<Loaded>,
        config: VoiceConfig,
        input_rate: u32,
        partials: bool,
    ) -> Result<Self, VoiceError> {
        config.validate()?;
        if !(4_000..=384_000).contains(&input_rate) {
            return Err(VoiceError::BadLayout(format!(
                "sample rate {input_rate} Hz (4000–384000 Hz are heard)"
            )));
        }
        let vad = Vad::new(models.vad.clone())?;
        let endpointer = Endpointer::new(config.speech_threshold, config.endpoint_silence_ms);
        Ok(Self {
            models,
            config,
            partials,
            input_rate,
            resampler: Resampler::new(input_rate),
            vad,
            endpointer,
            pending: Vec::new(),
            audio: Vec::new(),
            kept_from: 0,
            position: 0,
            open: None,
            last_partial: 0,
            speculative: true,
            speculation: None,
            stats: Stats::default(),
            audio_ms: 0,
            encode_ms: 0,
            decode_ms: 0,
            arrivals: VecDeque::new(),
        })
    }

    /// Adds mono samples in [-1, 1] at the input rate; events they complete go to `out`.
    pub fn push(&mut self, samples: &[f32], out: &mut Vec<VoiceEvent>) -> Result<(), VoiceError> {
        let started = Instant::now();
        self.stats.input_samples += samples.len() as u64;
        self.stats.clipped += samples.iter().filter(|s| s.abs() >= CLIP_LEVEL).count() as u64;
        let mut resampled = Vec::with_capacity(samples.len() * 2);
        let clean: Vec<f32> = samples
            .iter()
            .map(|s| {
                if s.is_finite() {
                    s.clamp(-1.0, 1.0)
                } else {
                    0.0
                }
            })
            .collect();
        self.resampler.push(&clean, &mut resampled);
        self.audio_ms += started.elapsed().as_millis() as u64;
        self.arrived(resampled.len(), started);
        self.feed(&resampled, out)
    }

    /// Switches the speculative final (on by default) on or off. Off, a final transcript's
    /// whole work runs after the endpointer's decision: the same words, later — for
    /// comparing the two.
    pub fn set_speculative(&mut self, on: bool) {
        self.speculative = on;
        if !on {
            self.speculation = None;
        }
    }

    /// Ends the stream: the open utterance, if any, gets its final transcript.
    pub fn finish(&mut self, out: &mut Vec<VoiceEvent>) -> Result<(), VoiceError> {
        let mut tail = Vec::new();
        self.resampler.finish(&mut tail);
        self.arrived(tail.len(), Instant::now());
        self.feed(&tail, out)?;
        if !self.pending.is_empty() {
            let chunk = std::mem::take(&mut self.pending);
            self.chunk(&chunk, out)?;
        }
        if let Some(Boundary::End { start, end }) = self.endpointer.finish() {
            self.open = None;
            self.finalise(start, end, out)?;
        }
        Ok(())
    }

    /// Warnings about the input so far.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut warnings = Vec::new();
        if self.input_rate < TARGET_RATE {
            warnings.push(Warning::NarrowBand);
        }
        if self.stats.clipped as f64 > CLIP_SHARE * self.stats.input_samples as f64 {
            warnings.push(Warning::Clipped);
        }
        if self.stats.cut {
            warnings.push(Warning::Cut);
        }
        warnings
    }

    /// Input heard so far, ms.
    pub fn duration_ms(&self) -> u64 {
        self.stats.input_samples * 1000 / u64::from(self.input_rate)
    }

    /// Time spent on audio, encoder and decoder so far, ms.
    pub fn time_ms(&self) -> (u64, u64, u64) {
        (self.audio_ms, self.encode_ms, self.decode_ms)
    }

    fn feed(&mut self, samples: &[f32], out: &mut Vec<VoiceEvent>) -> Result<(), VoiceError> {
        self.pending.extend_from_slice(samples);
        let whole = self.pending.len() / CHUNK * CHUNK;
        let ready: Vec<f32> = self.pending.drain(..whole).collect();
        for chunk in ready.chunks_exact(CHUNK) {
            self.chunk(chunk, out)?;
        }
        Ok(())
    }

    fn chunk(&mut self, chunk: &[f32], out: &mut Vec<VoiceEvent>) -> Result<(), VoiceError> {
        let started = Instant::now();
        self.audio.extend_from_slice(chunk);
        let probability = self.vad.probability(chunk)?;
        self.position += chunk.len() as u64;
        let boundary = self.endpointer.push(probability, chunk.len());
        self.audio_ms += started.elapsed().as_millis() as u64;
        match boundary {
            Some(Boundary::Start(at)) => {
                self.last_partial = at;
                self.open = Some(at);
                out.push(VoiceEvent::SpeechStarted {
                    at_ms: at * 1000 / u64::from(TARGET_RATE),
                });
            }
            Some(Boundary::End { start, end }) => {
                self.open = None;
                self.finalise(start, end, out)?;
            }
            None => {}
        }
        if !self.endpointer.in_speech() {
            self.open = None;
        }
        let pending = self
            .endpointer
            .pending_end()
            .filter(|_| self.open.is_some());
        if let Some((start, end)) = pending.filter(|_| self.speculative) {
            self.speculate(start, end)?;
        } else {
            self.speculation = None;
        }
        if let Some(open) = self.open {
            let limit = self.models.whisper.max_samples() as u64;
            if self.position - open + PRE_ROLL + CHUNK as u64 >= limit {
                if let Some(Boundary::End { start, end }) = self.endpointer.split() {
                    self.open = Some(end);
                    self.last_partial = end;
                    self.finalise(start, end, out)?;
                }
            } else if self.partials
                && pending.is_none()
                && self.position - self.last_partial
                    >= u64::from(self.config.partial_interval_ms) * 16
            {
                self.last_partial = self.position;
                let audio = self
                    .slice(open.saturating_sub(PRE_ROLL), self.position)
                    .to_vec();
                if let Some(decoded) = self.decode(&audio, Width::Smallest)? {
                    out.push(VoiceEvent::Partial {
                        text: decoded.text,
                        language: decoded.language,
                    });
                }
            }
        } else {
            self.trim(self.position.saturating_sub(PRE_ROLL + CHUNK as u64));
        }
        Ok(())
    }

    fn slice(&self, from: u64, to: u64) -> &[f32] {
        let a = from.saturating_sub(self.kept_from) as usize;
        let b = (to.saturating_sub(self.kept_from) as usize).min(self.audio.len());
        &self.audio[a.min(b)..b]
    }

    /// Drops kept audio before absolute sample `from`.
    fn trim(&mut self, from: u64) {
        if from > self.kept_from {
            let drop = ((from - self.kept_from) as usize).min(self.audio.len());
            self.audio.drain(..drop);
            self.kept_from += drop as u64;
        }
        while self
            .arrivals
            .front()
            .is_some_and(|(received, _)| *received < self.kept_from)
        {
            self.arrivals.pop_front();
        }
    }

    /// `samples` 16-kHz samples arrived at `at`.
    fn arrived(&mut self, samples: usize, at: Instant) {
        let received = self.position + self.pending.len() as u64 + samples as u64;
        self.arrivals.push_back((received, at));
    }

    /// When absolute sample `sample` arrived (now, if it is not known).
    fn arrival_of(&self, sample: u64) -> Instant {
        self.arrivals
            .iter()
            .find(|(received, _)| *received > sample)
            .map_or_else(Instant::now, |(_, at)| *at)
    }

    /// The audio a final transcript of speech `start..end` hears: from the pre-roll before
    /// it to the post-roll after it (as far as heard). As it was, with no silence added
    /// before speech that starts at the first sample: faster-whisper adds none, and 300 ms
    /// of added silence made Whisper append a quieter second voice's words even at the 30-s
    /// window ("…my card ring a cup").
    fn final_span(&self, start: u64, end: u64) -> (u64, u64) {
        (
            start.saturating_sub(PRE_ROLL),
            (end + POST_ROLL).min(self.position),
        )
    }

    /// Makes the final transcript ahead of the endpointer once the quiet after speech
    /// `start..end` has lasted the post-roll, so the final has all of its audio: if the
    /// quiet lasts, the endpointer ends the utterance at the same `end` and the final takes
    /// this transcript as it is (the wait for the endpointer hides the encoder and the
    /// decoder); if speech resumes, it is dropped. Same audio either way, so the same words.
    fn speculate(&mut self, start: u64, end: u64) -> Result<(), VoiceError> {
        let (from, to) = self.final_span(start, end);
        let heard_all = self.position >= end + POST_ROLL;
        let done = self
            .speculation
            .as_ref()
            .is_some_and(|s| (s.from, s.to) == (from, to));
        if heard_all && !done {
            self.speculation = None;
            let decoded = self.hear_final(from, to)?;
            self.speculation = Some(Speculation { from, to, decoded });
        }
        Ok(())
    }

    fn finalise(
        &mut self,
        start: u64,
        end: u64,
        out: &mut Vec<VoiceEvent>,
    ) -> Result<(), VoiceError> {
        let speech_ended = self.arrival_of(end.saturating_sub(1));
        let (from, to) = self.final_span(start, end);
        let ready = self
            .speculation
            .take()
            .filter(|s| (s.from, s.to) == (from, to));
        let decoded = match ready {
            Some(speculation) => speculation.decoded,
            None => self.hear_final(from, to)?,
        };
        // Keep the pre-roll of whatever comes next.
        self.trim(end.saturating_sub(PRE_ROLL).max(from));
        if let Some(decoded) = decoded {
            self.stats.cut |= decoded.cut;
            let ms = |s: u64| s * 1000 / u64::from(TARGET_RATE);
            out.push(VoiceEvent::Final {
                segment: Segment {
                    start_ms: ms(start),
                    end_ms: ms(end),
                    text: decoded.text,
                    language: decoded.language,
                },
                latency_ms: speech_ended.elapsed().as_millis() as u64,
            });
        }
        Ok(())
    }

    /// A final transcript of the audio `from..to`: the 30-s encoder, then decoding.
    fn hear_final(&mut self, from: u64, to: u64) -> Result<Option<Decoded>, VoiceError> {
        let audio = self.slice(from, to).to_vec();
        let decoded = self.decode(&audio, Width::Full)?;
        // The 30-s window's working memory is free again: give it back between utterances.
        heap::release_free_memory();
        Ok(decoded)
    }

    fn decode(&mut self, audio: &[f32], width: Width) -> Result<Option<Decoded>, VoiceError> {
        let decoded = self
            .models
            .whisper
            .transcribe(audio, &self.config.languages, width)?;
        Ok(self.record(decoded))
    }

    /// Adds a transcript's encoder and decoder times to the session's.
    fn record(&mut self, decoded: Option<Decoded>) -> Option<Decoded> {
        if let Some(d) = &decoded {
            self.encode_ms += d.encode_ms;
            self.decode_ms += d.decode_ms;
        }
        decoded
    }
}
