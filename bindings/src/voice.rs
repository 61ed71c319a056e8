//! Hearing from the phone's microphone: [`VoiceRecognizer`] takes 16-bit PCM at the rate the
//! microphone gives and returns the transcript, recognised on the device (the core resamples
//! to 16 kHz; the audio never leaves memory). The models load on the first call and stay
//! loaded while the object lives.

use sightline_core::voice::audio::pcm16_to_f32;
use sightline_core::voice::{Language, Transcript, VoiceConfig, VoiceEngine, VoiceError};
use std::path::Path;
use std::sync::Arc;

use crate::error::SightlineError;

impl From<VoiceError> for SightlineError {
    fn from(e: VoiceError) -> Self {
        // Voice errors name model files and audio layouts, never what was said.
        let reason = e.to_string();
        match e {
            VoiceError::Empty
            | VoiceError::NoSpeech { .. }
            | VoiceError::UnsupportedFormat
            | VoiceError::Corrupt(_)
            | VoiceError::BadLayout(_) => Self::InvalidInput { reason },
            VoiceError::Model { .. } | VoiceError::Config { .. } => Self::Configuration { reason },
            VoiceError::Inference { .. } => Self::Internal { reason },
        }
    }
}

/// One utterance of a [`Heard`] transcript.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct HeardSegment {
    /// Start of speech, ms from the start of the audio.
    pub start_ms: u64,
    /// End of speech, ms from the start of the audio.
    pub end_ms: u64,
    /// What was said.
    pub text: String,
    /// `zh` or `en`.
    pub language: String,
}

/// What was heard.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Heard {
    /// Every utterance's text, joined.
    pub text: String,
    /// `zh` or `en`: the language most of the speech was in.
    pub language: String,
    /// Each utterance.
    pub segments: Vec<HeardSegment>,
    /// Problems with the audio that were worked around (`clipped`, `narrow_band`, …).
    pub warnings: Vec<String>,
    /// Time from the call to the transcript, ms.
    pub total_ms: u64,
}

impl From<Transcript> for Heard {
    fn from(t: Transcript) -> Self {
        Self {
            text: t.text,
            language: t.language.code().to_string(),
            segments: t
                .segments
                .into_iter()
                .map(|s| HeardSegment {
                    start_ms: s.start_ms,
                    end_ms: s.end_ms,
                    text: s.text,
                    language: s.language.code().to_string(),
                })
                .collect(),
            warnings: t
                .warnings
                .iter()
                .map(|w| {
                    serde_json::to_value(w)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                })
                .collect(),
            total_ms: t.timings_ms.total_ms,
        }
    }
}

/// The on-device speech recogniser, for audio the app records itself.
#[derive(Debug, uniffi::Object)]
pub struct VoiceRecognizer {
    engine: VoiceEngine,
}

#[uniffi::export]
impl VoiceRecognizer {
    /// A recogniser reading the models in `models_dir`, hearing `languages` (`zh`, `en`;
    /// empty means both). Nothing is loaded until the first [`VoiceRecognizer::hear`].
    #[uniffi::constructor]
    pub fn new(models_dir: String, languages: Vec<String>) -> Result<Arc<Self>, SightlineError> {
        let mut config = VoiceConfig::default();
        if !languages.is_empty() {
            config.languages = languages
                .iter()
                .map(|code| {
                    Language::from_code(code).ok_or_else(|| SightlineError::Configuration {
                        reason: format!("language `{code}` is not heard (zh, en)"),
                    })
                })
                .collect::<Result<_, _>>()?;
        }
        Ok(Arc::new(Self {
            engine: VoiceEngine::new(Path::new(&models_dir), config)?,
        }))
    }

    /// Hears mono 16-bit PCM at `sample_rate` Hz (any rate from 4 to 384 kHz). Blocks while
    /// recognising: call it off the main thread.
    pub fn hear(&self, pcm: Vec<i16>, sample_rate: u32) -> Result<Heard, SightlineError> {
        Ok(self
            .engine
            .hear_pcm(&pcm16_to_f32(&pcm), sample_rate)?
            .into())
    }
}
