//! What can go wrong while hearing, each a typed error with what to do about it. Bad audio
//! never panics: it is refused here, or heard on a best-effort basis with a
//! [`Warning`](crate::voice::Warning).

use thiserror::Error;

/// A voice failure.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum VoiceError {
    /// A voice model file is missing, damaged or unreadable.
    #[error("voice model: {reason}")]
    Model {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// Running a model failed.
    #[error("{stage} failed: {reason}")]
    Inference {
        /// The stage (voice activity, encoder, decoder).
        stage: &'static str,
        /// The underlying reason.
        reason: String,
    },
    /// No audio at all: no bytes, or a file with no samples.
    #[error("empty audio: there is nothing to hear")]
    Empty,
    /// The audio holds no speech (silence, or noise below the voice detector's threshold).
    #[error("no speech was heard in {duration_ms} ms of audio")]
    NoSpeech {
        /// How long the audio was.
        duration_ms: u64,
    },
    /// The bytes are not a WAV or FLAC file.
    #[error("unsupported audio format: only WAV (PCM or float) and FLAC are read")]
    UnsupportedFormat,
    /// The file is a WAV or FLAC but cannot be decoded (corrupt header, bad encoding).
    #[error("cannot decode the audio: {0}")]
    Corrupt(String),
    /// The sample rate or channel count cannot be heard.
    #[error("unsupported audio layout: {0}")]
    BadLayout(String),
    /// A configuration value makes no sense.
    #[error("invalid voice setting `{field}`: {reason}")]
    Config {
        /// The setting.
        field: &'static str,
        /// Why it is refused.
        reason: String,
    },
}
