//! Voice activity: Silero VAD v6 gives each 32-ms chunk of 16-kHz audio a speech
//! probability, and the [`Endpointer`] turns those into utterances: speech starts at the first
//! chunk above the threshold, and ends once the probability has stayed below a lower one
//! (threshold − 0.15, as Silero's own segmenter does) for the configured silence (600 ms by
//! default). Bursts shorter than 250 ms (a click, a cough) are dropped.

use tract_nnef::prelude::*;

use crate::voice::VoiceError;
use crate::voice::models::Plan;

/// New samples per chunk (32 ms at 16 kHz).
pub const CHUNK: usize = 512;
/// Samples of the previous chunk the model also sees.
const CONTEXT: usize = 64;
/// The LSTM state size.
const STATE: usize = 128;
/// Shortest burst kept as speech, in samples (250 ms).
const MIN_SPEECH: u64 = 4_000;

/// The Silero model with its running state: feed 512-sample chunks in order.
pub struct Vad {
    plan: Plan,
    h: Tensor,
    c: Tensor,
    context: [f32; CONTEXT],
}

impl Vad {
    /// A detector on a loaded VAD plan, with fresh state.
    pub fn new(plan: Plan) -> Result<Self, VoiceError> {
        let zero = || Tensor::zero::<f32>(&[1, 1, STATE]).map_err(inference);
        Ok(Self {
            plan,
            h: zero()?,
            c: zero()?,
            context: [0.0; CONTEXT],
        })
    }

    /// The speech probability of the next chunk (`CHUNK` samples; a shorter one is padded).
    pub fn probability(&mut self, chunk: &[f32]) -> Result<f32, VoiceError> {
        let mut input = Vec::with_capacity(CONTEXT + CHUNK);
        input.extend_from_slice(&self.context);
        input.extend(chunk.iter().take(CHUNK));
        input.resize(CONTEXT + CHUNK, 0.0);
        self.context.copy_from_slice(&input[CHUNK..]);
        let input = Tensor::from_shape(&[1, CONTEXT + CHUNK], &input).map_err(inference)?;
        let mut outputs = self
            .plan
            .run(tvec!(
                input.into(),
                self.h.clone().into(),
                self.c.clone().into()
            ))
            .map_err(inference)?;
        if outputs.len() != 3 {
            return Err(inference(format!("{} outputs, expected 3", outputs.len())));
        }
        self.c = outputs.remove(2).into_tensor();
        self.h = outputs.remove(1).into_tensor();
        let probability = outputs[0]
            .to_plain_array_view::<f32>()
            .map_err(inference)?
            .iter()
            .next()
            .copied()
            .unwrap_or(0.0);
        Ok(probability)
    }
}

fn inference(e: impl std::fmt::Display) -> VoiceError {
    VoiceError::Inference {
        stage: "voice activity",
        reason: e.to_string(),
    }
}

/// What the endpointer saw in one chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundary {
    /// Speech began at this sample (16 kHz, from the stream's start).
    Start(u64),
    /// The utterance that began at `start` ended at `end` (its last speech sample).
    End {
        /// First speech sample.
        start: u64,
        /// One past the last speech sample.
        end: u64,
    },
}

/// Speech start and end from chunk probabilities.
#[derive(Debug, Clone)]
pub struct Endpointer {
    threshold: f32,
    release: f32,
    silence: u64,
    /// Start of the current utterance, if one is open.
    start: Option<u64>,
    /// Where the current run of silence inside an utterance began.
    quiet_since: Option<u64>,
    /// Samples seen so far.
    position: u64,
}

impl Endpointer {
    /// An endpointer with a speech `threshold` and `silence_ms` of quiet ending an utterance.
    pub fn new(threshold: f32, silence_ms: u32) -> Self {
        Self {
            threshold,
            release: (threshold - 0.15).max(0.01),
            silence: u64::from(silence_ms) * 16,
            start: None,
            quiet_since: None,
            position: 0,
        }
    }

    /// Whether an utterance is open (speech started and has not ended).
    pub fn in_speech(&self) -> bool {
        self.start.is_some()
    }

    /// The end the open utterance will have if the quiet that has begun lasts: `(start,
    /// end)`, as [`Boundary::End`] would give them; `None` while speech goes on (or when
    /// the utterance is too short to be kept).
    pub fn pending_end(&self) -> Option<(u64, u64)> {
        let (start, end) = (self.start?, self.quiet_since?);
        (end - start >= MIN_SPEECH).then_some((start, end))
    }

    /// Takes the probability of the next chunk of `len` samples.
    pub fn push(&mut self, probability: f32, len: usize) -> Option<Boundary> {
        let chunk_start = self.position;
        self.position += len as u64;
        match self.start {
            None if probability >= self.threshold => {
                self.start = Some(chunk_start);
                self.quiet_since = None;
                Some(Boundary::Start(chunk_start))
            }
            None => None,
            Some(start) => {
                if probability >= self.threshold {
                    self.quiet_since = None;
                } else if probability < self.release && self.quiet_since.is_none() {
                    self.quiet_since = Some(chunk_start);
                }
                match self.quiet_since {
                    Some(quiet) if self.position - quiet >= self.silence => {
                        self.close(start, quiet)
                    }
                    _ => None,
                }
            }
        }
    }

    /// Ends the open utterance at the end of the stream, if there is one.
    pub fn finish(&mut self) -> Option<Boundary> {
        let start = self.start?;
        let end = self.quiet_since.unwrap_or(self.position);
        self.close(start, end)
    }

    /// Ends the open utterance here (the recogniser cuts utterances at 30 s) and opens the
    /// next one at once, since speech goes on.
    pub fn split(&mut self) -> Option<Boundary> {
        let start = self.start?;
        let end = self.position;
        self.start = Some(end);
        self.quiet_since = None;
        Some(Boundary::End { start, end })
    }

    fn close(&mut self, start: u64, end: u64) -> Option<Boundary> {
        self.start = None;
        self.quiet_since = None;
        (end - start >= MIN_SPEECH).then_some(Boundary::End { start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(endpointer: &mut Endpointer, probabilities: &[f32]) -> Vec<Boundary> {
        probabilities
            .iter()
            .filter_map(|&p| endpointer.push(p, CHUNK))
            .collect()
    }

    #[test]
    fn voice_endpointing_waits_for_the_configured_silence() {
        // 20 chunks of speech (640 ms), then quiet: 600 ms = 18.75 chunks, so the end comes
        // on the 19th quiet chunk and is placed where the quiet began.
        let mut e = Endpointer::new(0.5, 600);
        let mut p = vec![0.0; 5];
        p.extend([0.9; 20]);
        p.extend([0.05; 30]);
        let got = run(&mut e, &p);
        assert_eq!(
            got,
            [
                Boundary::Start(5 * 512),
                Boundary::End {
                    start: 5 * 512,
                    end: 25 * 512
                }
            ]
        );
        // A pause shorter than the silence does not end the utterance; while it lasts, the
        // end it would have is known (the final's encoder starts on it), and speech resuming
        // takes it back.
        let mut e = Endpointer::new(0.5, 600);
        let mut p = vec![0.9; 20];
        p.extend([0.05; 10]);
        assert_eq!(run(&mut e, &p), [Boundary::Start(0)]);
        assert_eq!(e.pending_end(), Some((0, 20 * 512)));
        assert!(run(&mut e, &[0.9; 20]).is_empty());
        assert_eq!(e.pending_end(), None);
        assert!(e.in_speech());
        assert_eq!(
            e.finish(),
            Some(Boundary::End {
                start: 0,
                end: 50 * 512
            })
        );
        // Probabilities between the two thresholds keep speech going.
        let mut e = Endpointer::new(0.5, 600);
        let mut p = vec![0.9; 10];
        p.extend([0.4; 40]);
        assert_eq!(run(&mut e, &p), [Boundary::Start(0)]);
    }

    #[test]
    fn voice_endpointing_drops_clicks_and_splits_long_speech() {
        let mut e = Endpointer::new(0.5, 600);
        let mut p = vec![0.9; 3];
        p.extend([0.0; 30]);
        assert_eq!(run(&mut e, &p), [Boundary::Start(0)]);
        assert!(!e.in_speech());
        let mut e = Endpointer::new(0.5, 600);
        run(&mut e, &[0.9; 10]);
        assert_eq!(
            e.split(),
            Some(Boundary::End {
                start: 0,
                end: 5120
            })
        );
        assert!(e.in_speech());
        assert_eq!(Endpointer::new(0.5, 600).finish(), None);
    }
}
