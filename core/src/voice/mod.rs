//! On-device speech recognition: what the wearer says, in Mandarin or English, heard on the
//! phone and never sent anywhere. Audio (a file, the phone's microphone, later the glasses'
//! microphones) is resampled to 16 kHz, Silero VAD finds where speech starts and ends, and
//! Whisper base (multilingual, converted at setup and run in tract) transcribes each
//! utterance — partials while speaking, a final transcript at the end. See `docs/voice.md`.
//!
//! Audio stays in memory; nothing here writes it to disk.

pub mod audio;
pub mod chinese;
mod config;
mod engine;
mod error;
mod heap;
pub mod mel;
pub mod models;
mod recognizer;
pub mod resample;
pub mod tokenizer;
mod transcript;
pub mod vad;
pub mod whisper;

pub use config::{Language, VoiceConfig};
pub use engine::VoiceEngine;
pub use error::VoiceError;
pub use recognizer::Recognizer;
pub use transcript::{Segment, Timings, Transcript, VoiceEvent, Warning};
