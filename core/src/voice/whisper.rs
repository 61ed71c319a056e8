//! Whisper base run in tract: the encoder at Whisper's 30-s window for a final transcript
//! (the smallest that holds the audio for a partial), then greedy decoding with a key/value cache, the language chosen among the configured
//! ones only, a prompt that asks for simplified Mandarin, a token cap and a repetition stop
//! (noise can loop the decoder), and a no-speech check.
//!
//! The token table is held once, as f16: the decoder's input embeddings are rows of it, and
//! the logits are the last hidden state times it (done here, in blocks, instead of a second
//! f32 copy inside the graph).

use half::f16;
use half::slice::HalfFloatSliceExt;
use serde::Deserialize;
use std::path::Path;
use tract_nnef::prelude::*;

use crate::voice::chinese::to_simplified;
use crate::voice::mel::MelSpectrogram;
use crate::voice::models::{self, ENCODER_WINDOWS as WINDOWS, Plan, WIDTH};
use crate::voice::resample::TARGET_RATE;
use crate::voice::tokenizer::{TokenDecoder, Tokenizer};
use crate::voice::{Language, VoiceError};

/// Decoder layers and heads (Whisper base).
const LAYERS: usize = 6;
const HEADS: usize = 8;
const HEAD_WIDTH: usize = 64;
/// The encoder's outputs and the decoder's last inputs: each layer's cross-attention keys
/// and values.
const CROSS_INPUTS: usize = 2 * LAYERS;
/// Positions the decoder has embeddings for.
const MAX_POSITIONS: usize = 448;
/// The prompt that makes Whisper write Mandarin in simplified characters.
const ZH_PROMPT: &str = "以下是普通话的句子。";
/// Token cap: a base plus this many per second of audio (English, Chinese — Chinese
/// characters often take two or three byte-level tokens).
const CAP_BASE: usize = 10;
const CAP_PER_SECOND: [(Language, f32); 2] = [(Language::En, 6.0), (Language::Zh, 10.0)];
/// Above this no-speech probability, with an average log-probability below
/// [`LOW_CONFIDENCE`], the utterance is taken as silence (Whisper's own rule).
const NO_SPEECH: f32 = 0.6;
const LOW_CONFIDENCE: f32 = -1.0;
/// Logit rows projected per block.
const BLOCK: usize = 256;

/// Which encoder window an utterance is heard at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// Whisper's 30-s window, as it was trained and as faster-whisper runs it: for final
    /// transcripts. Shorter windows append a quieter background voice's words to the
    /// command (bench: second-speaker WER 22–27 % at 10 and 15 s against 14 % at 30 s,
    /// where the words equal faster-whisper's).
    Full,
    /// The smallest window that holds the audio: for partial transcripts, which are
    /// previews and must keep up with the speaker.
    Smallest,
}

/// What decoding one utterance gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The transcript (simplified characters for Chinese), trimmed.
    pub text: String,
    /// The language it was heard in.
    pub language: Language,
    /// Tokens decoded.
    pub tokens: usize,
    /// Whether decoding stopped at the cap or on a repetition rather than at the end token.
    pub cut: bool,
    /// Encoder time, ms.
    pub encode_ms: u64,
    /// Decoder time, ms.
    pub decode_ms: u64,
}

#[derive(Deserialize)]
struct ModelConfig {
    lang_ids: Vec<u32>,
    suppress_ids: Vec<u32>,
    suppress_ids_begin: Vec<u32>,
}

/// The special tokens decoding uses.
#[derive(Debug)]
struct Special {
    eot: u32,
    sot: u32,
    transcribe: u32,
    no_timestamps: u32,
    previous: u32,
    no_speech: u32,
    timestamp_begin: u32,
}

/// The loaded recogniser: plans, token table, tokenizer.
pub struct Whisper {
    encoder: Plan,
    decoder: Plan,
    table: Vec<f16>,
    rows: usize,
    tokenizer: TokenDecoder,
    mel: MelSpectrogram,
    special: Special,
    language_ids: Vec<(Language, u32)>,
    suppress: Vec<u32>,
    suppress_begin: Vec<u32>,
    zh_prompt: Vec<u32>,
}

impl std::fmt::Debug for Whisper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Whisper").field("rows", &self.rows).finish()
    }
}

/// What the encoder made of one utterance: every decoder layer's cross-attention keys and
/// values, with the audio's length (for the token cap) and the encoder's time.
struct Encoded {
    /// Keys and values of layer 0, then layer 1, …: [`CROSS_INPUTS`] tensors of [8, T, 64].
    cross: Vec<TValue>,
    seconds: f32,
    encode_ms: u64,
}

/// The key/value cache and the encoder's cross-attention keys and values.
struct State {
    past_k: Tensor,
    past_v: Tensor,
    cross: Vec<TValue>,
}

impl State {
    fn cached(&self) -> usize {
        self.past_k.shape()[2]
    }
}

impl Whisper {
    /// Loads and checks every Whisper file in `dir`.
    pub fn load(dir: &Path) -> Result<Self, VoiceError> {
        let encoder = models::load_plans(dir, &models::ENCODER)?
            .into_iter()
            .next()
            .ok_or_else(|| VoiceError::Model {
                reason: "the encoder bundle has no graph".into(),
            })?;
        let decoder = models::load_plans(dir, &models::DECODER)?
            .into_iter()
            .next()
            .ok_or_else(|| VoiceError::Model {
                reason: "the decoder bundle has no graph".into(),
            })?;
        let tokenizer = Tokenizer::from_json(&models::load_checked_text(
            dir,
            models::TOKENIZER,
            models::TOKENIZER_SHA256,
        )?)?;
        let config: ModelConfig = serde_json::from_str(&models::load_checked_text(
            dir,
            models::MODEL_CONFIG,
            models::MODEL_CONFIG_SHA256,
        )?)
        .map_err(|e| VoiceError::Model {
            reason: format!("{}: {e}", models::MODEL_CONFIG),
        })?;
        let table = models::load_tokens(dir)?;
        let rows = table.len() / WIDTH;
        let special = Special {
            eot: tokenizer.special("<|endoftext|>")?,
            sot: tokenizer.special("<|startoftranscript|>")?,
            transcribe: tokenizer.special("<|transcribe|>")?,
            no_timestamps: tokenizer.special("<|notimestamps|>")?,
            previous: tokenizer.special("<|startofprev|>")?,
            no_speech: tokenizer.special("<|nospeech|>")?,
            timestamp_begin: tokenizer.special("<|0.00|>")?,
        };
        let mut language_ids = Vec::new();
        for language in [Language::Zh, Language::En] {
            let id = tokenizer.special(&format!("<|{}|>", language.code()))?;
            if !config.lang_ids.contains(&id) {
                return Err(VoiceError::Model {
                    reason: format!("{} is not a language token of the model", language.code()),
                });
            }
            language_ids.push((language, id));
        }
        if special.timestamp_begin as usize > rows {
            return Err(VoiceError::Model {
                reason: format!("the token table has {rows} rows, too few for the vocabulary"),
            });
        }
        let zh_prompt = tokenizer.encode(ZH_PROMPT);
        Ok(Self {
            encoder,
            decoder,
            table,
            rows,
            tokenizer: tokenizer.into_decoder(),
            mel: MelSpectrogram::new(),
            special,
            language_ids,
            suppress: config.suppress_ids,
            suppress_begin: config.suppress_ids_begin,
            zh_prompt,
        })
    }

    /// The longest utterance one call hears, in samples (the largest encoder window).
    pub fn max_samples(&self) -> usize {
        WINDOWS[WINDOWS.len() - 1] * crate::voice::mel::HOP
    }

    /// Transcribes one utterance of 16-kHz audio (at most [`Self::max_samples`]; more is
    /// cut), in the most likely of `languages`, at the encoder window `width` asks for.
    /// `None` when the model hears no speech.
    pub fn transcribe(
        &self,
        audio: &[f32],
        languages: &[Language],
        width: Width,
    ) -> Result<Option<Decoded>, VoiceError> {
        let encoded = self.encode(audio, width)?;
        self.decode(encoded, languages)
    }

    /// The encoder's half of [`Self::transcribe`]: the spectrogram of `audio` at the window
    /// `width` asks for, through the encoder.
    fn encode(&self, audio: &[f32], width: Width) -> Result<Encoded, VoiceError> {
        let started = std::time::Instant::now();
        let frames = audio.len() / crate::voice::mel::HOP + 1;
        let widest = WINDOWS[WINDOWS.len() - 1];
        let window = match width {
            Width::Full => widest,
            Width::Smallest => WINDOWS
                .iter()
                .copied()
                .find(|&w| w >= frames)
                .unwrap_or(widest),
        };
        let mel = self.mel.compute(audio, window);
        let input =
            Tensor::from_shape(&[1, 80, window], &mel).map_err(|e| inference("encoder", e))?;
        let cross = self
            .encoder
            .run(tvec!(input.into()))
            .map_err(|e| inference("encoder", e))?;
        if cross.len() != CROSS_INPUTS {
            return Err(inference(
                "encoder",
                "expected one output per layer and kind",
            ));
        }
        Ok(Encoded {
            cross: cross.into_vec(),
            seconds: audio.len() as f32 / TARGET_RATE as f32,
            encode_ms: started.elapsed().as_millis() as u64,
        })
    }

    /// The decoder's half of [`Self::transcribe`]: greedy decoding against what
    /// [`Self::encode`] made of the audio.
    fn decode(
        &self,
        encoded: Encoded,
        languages: &[Language],
    ) -> Result<Option<Decoded>, VoiceError> {
        let started = std::time::Instant::now();
        let Encoded {
            cross,
            seconds,
            encode_ms,
        } = encoded;
        let empty = || {
            Tensor::zero::<f32>(&[LAYERS, HEADS, 0, HEAD_WIDTH])
                .map_err(|e| inference("decoder", e))
        };
        let mut state = State {
            past_k: empty()?,
            past_v: empty()?,
            cross,
        };
        let (language, mut logits, no_speech) = match languages {
            [only] => {
                let prefix = self.prefix(*only);
                let hidden = self.step(&mut state, &prefix)?;
                let sot = prefix
                    .iter()
                    .position(|&t| t == self.special.sot)
                    .unwrap_or(0);
                let no_speech = self.no_speech(&hidden[sot * WIDTH..(sot + 1) * WIDTH]);
                (*only, self.logits(last_row(&hidden)), no_speech)
            }
            _ => {
                let hidden = self.step(&mut state, &[self.special.sot])?;
                let logits = self.logits(&hidden);
                let no_speech = softmax_at(&logits, self.special.no_speech as usize);
                let language = self.pick_language(&logits, languages);
                let hidden = if language == Language::Zh {
                    state.past_k = empty()?;
                    state.past_v = empty()?;
                    self.step(&mut state, &self.prefix(language))?
                } else {
                    let id = self.language_id(language);
                    self.step(
                        &mut state,
                        &[id, self.special.transcribe, self.special.no_timestamps],
                    )?
                };
                (language, self.logits(last_row(&hidden)), no_speech)
            }
        };
        let per_second = CAP_PER_SECOND
            .iter()
            .find(|(l, _)| *l == language)
            .map_or(6.0, |(_, n)| *n);
        let cap = (CAP_BASE + (per_second * seconds) as usize)
            .min(MAX_POSITIONS.saturating_sub(state.cached() + 1));
        let mut tokens: Vec<u32> = Vec::new();
        let mut log_probability = 0f32;
        let mut cut = true;
        while tokens.len() < cap {
            self.suppress(&mut logits, tokens.is_empty());
            let (best, value) = argmax(&logits);
            log_probability += value - log_sum_exp(&logits);
            if best == self.special.eot {
                cut = false;
                break;
            }
            tokens.push(best);
            if let Some(keep) = repetition(&tokens) {
                tokens.truncate(keep);
                break;
            }
            if tokens.len() >= cap {
                break;
            }
            let hidden = self.step(&mut state, &[best])?;
            logits = self.logits(&hidden);
        }
        let average = log_probability / (tokens.len() + 1) as f32;
        if no_speech > NO_SPEECH && average < LOW_CONFIDENCE {
            return Ok(None);
        }
        let mut text = self.tokenizer.decode(&tokens).trim().to_string();
        if language == Language::Zh {
            text = to_simplified(&text);
        }
        Ok((!text.is_empty()).then(|| Decoded {
            text,
            language,
            tokens: tokens.len(),
            cut,
            encode_ms,
            decode_ms: started.elapsed().as_millis() as u64,
        }))
    }

    fn language_id(&self, language: Language) -> u32 {
        self.language_ids
            .iter()
            .find(|(l, _)| *l == language)
            .map_or(self.special.sot, |(_, id)| *id)
    }

    /// The most likely language among `languages` at the start-of-transcript position.
    fn pick_language(&self, logits: &[f32], languages: &[Language]) -> Language {
        languages
            .iter()
            .copied()
            .max_by(|a, b| {
                let score = |l: Language| {
                    logits
                        .get(self.language_id(l) as usize)
                        .copied()
                        .unwrap_or(f32::MIN)
                };
                score(*a).total_cmp(&score(*b))
            })
            .unwrap_or(Language::En)
    }

    /// The tokens before the transcript: for Chinese, the simplified-Mandarin prompt first.
    fn prefix(&self, language: Language) -> Vec<u32> {
        let mut prefix = Vec::new();
        if language == Language::Zh && !self.zh_prompt.is_empty() {
            prefix.push(self.special.previous);
            prefix.extend(&self.zh_prompt);
        }
        prefix.extend([
            self.special.sot,
            self.language_id(language),
            self.special.transcribe,
            self.special.no_timestamps,
        ]);
        prefix
    }

    /// The probability of "no speech" from the hidden state at the start-of-transcript token.
    fn no_speech(&self, hidden: &[f32]) -> f32 {
        softmax_at(&self.logits(hidden), self.special.no_speech as usize)
    }

    /// Masks the tokens that may not come next: the model's suppressed list, timestamps and
    /// special tokens (all but the end token), and at the start a blank or the end token.
    fn suppress(&self, logits: &mut [f32], first: bool) {
        let mut mask = |id: u32| {
            if let Some(v) = logits.get_mut(id as usize) {
                *v = f32::NEG_INFINITY;
            }
        };
        self.suppress.iter().copied().for_each(&mut mask);
        (self.special.eot + 1..self.rows as u32).for_each(&mut mask);
        if first {
            self.suppress_begin.iter().copied().for_each(&mut mask);
        }
    }

    /// Runs the decoder over `tokens` after the cached ones; returns the hidden states,
    /// `tokens.len()` rows of `WIDTH`.
    fn step(&self, state: &mut State, tokens: &[u32]) -> Result<Vec<f32>, VoiceError> {
        let n = tokens.len();
        let p = state.cached();
        let mut embeddings = vec![0f32; n * WIDTH];
        for (row, &t) in embeddings.chunks_exact_mut(WIDTH).zip(tokens) {
            let start = t as usize * WIDTH;
            let source = self
                .table
                .get(start..start + WIDTH)
                .ok_or_else(|| inference("decoder", format!("token {t} is outside the table")))?;
            source.convert_to_f32_slice(row);
        }
        let positions: Vec<i64> = (p..p + n).map(|i| i as i64).collect();
        let mask: Vec<f32> = (0..n)
            .flat_map(|i| (0..p + n).map(move |j| if j > p + i { f32::NEG_INFINITY } else { 0.0 }))
            .collect();
        let fail = |e: TractError| inference("decoder", e);
        let mut inputs = tvec!(
            Tensor::from_shape(&[1, n, WIDTH], &embeddings)
                .map_err(fail)?
                .into(),
            Tensor::from_shape(&[n], &positions).map_err(fail)?.into(),
            Tensor::from_shape(&[n, p + n], &mask).map_err(fail)?.into(),
            state.past_k.clone().into(),
            state.past_v.clone().into(),
        );
        inputs.extend(state.cross.iter().cloned());
        let mut outputs = self.decoder.run(inputs).map_err(fail)?;
        if outputs.len() != 3 {
            return Err(inference("decoder", "expected three outputs"));
        }
        state.past_v = outputs.remove(2).into_tensor();
        state.past_k = outputs.remove(1).into_tensor();
        let hidden = outputs.remove(0);
        Ok(hidden
            .to_plain_array_view::<f32>()
            .map_err(fail)?
            .iter()
            .copied()
            .collect())
    }

    /// Logits of the text and special tokens before the timestamps: `hidden` (one row)
    /// times the token table, a block of rows at a time converted to f32 and multiplied
    /// by ndarray (optimised even in debug builds, where this crate's own loops are not).
    fn logits(&self, hidden: &[f32]) -> Vec<f32> {
        let rows = self.special.timestamp_begin as usize;
        let h = tract_ndarray::ArrayView1::from(&hidden[..WIDTH.min(hidden.len())]);
        let mut logits = Vec::with_capacity(rows);
        let mut block = vec![0f32; BLOCK * WIDTH];
        for start in (0..rows).step_by(BLOCK) {
            let count = BLOCK.min(rows - start);
            let source = &self.table[start * WIDTH..(start + count) * WIDTH];
            let target = &mut block[..count * WIDTH];
            source.convert_to_f32_slice(target);
            match tract_ndarray::ArrayView2::from_shape((count, WIDTH), &*target) {
                Ok(matrix) if h.len() == WIDTH => logits.extend(matrix.dot(&h)),
                _ => logits.extend(std::iter::repeat_n(f32::NEG_INFINITY, count)),
            }
        }
        logits
    }
}

fn inference(stage: &'static str, e: impl std::fmt::Display) -> VoiceError {
    VoiceError::Inference {
        stage,
        reason: e.to_string(),
    }
}

fn last_row(hidden: &[f32]) -> &[f32] {
    &hidden[hidden.len().saturating_sub(WIDTH)..]
}

fn argmax(values: &[f32]) -> (u32, f32) {
    values
        .iter()
        .enumerate()
        .fold((0, f32::NEG_INFINITY), |(bi, bv), (i, &v)| {
            if v > bv { (i as u32, v) } else { (bi, bv) }
        })
}

fn log_sum_exp(values: &[f32]) -> f32 {
    let max = values.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    if !max.is_finite() {
        return max;
    }
    max + values.iter().map(|v| (v - max).exp()).sum::<f32>().ln()
}

fn softmax_at(values: &[f32], index: usize) -> f32 {
    values
        .get(index)
        .map_or(0.0, |v| (v - log_sum_exp(values)).exp())
}

/// Where to cut `tokens` when they end in a loop: a run of one token 5 times, or of a
/// 2–12-token phrase 3 times; the cut keeps the first occurrence.
fn repetition(tokens: &[u32]) -> Option<usize> {
    for width in 1..=12 {
        let times = if width == 1 { 5 } else { 3 };
        let span = width * times;
        if tokens.len() < span {
            break;
        }
        let tail = &tokens[tokens.len() - span..];
        let first = &tail[..width];
        if tail.chunks_exact(width).all(|c| c == first) {
            return Some(tokens.len() - span + width);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_repetition_is_cut_after_the_first_occurrence() {
        assert_eq!(repetition(&[1, 2, 3]), None);
        assert_eq!(repetition(&[9, 7, 7, 7, 7, 7]), Some(2));
        assert_eq!(repetition(&[9, 7, 7, 7, 7]), None);
        assert_eq!(repetition(&[9, 1, 2, 1, 2, 1, 2]), Some(3));
        assert_eq!(repetition(&[5, 1, 2, 3, 1, 2, 3, 1, 2, 3]), Some(4));
    }

    #[test]
    fn voice_softmax_helpers_are_stable() {
        let v = [1000.0, 1000.0, f32::NEG_INFINITY];
        assert!((softmax_at(&v, 0) - 0.5).abs() < 1e-4);
        assert_eq!(softmax_at(&v, 2), 0.0);
        assert_eq!(argmax(&v).0, 0);
    }
}
