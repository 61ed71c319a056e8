//! What the recogniser returns: the transcript with its segments and timings, warnings about
//! the audio, and the events of a streaming session.

use serde::Serialize;

use crate::voice::Language;

/// Something about the audio that was heard on a best-effort basis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// The file ended before its header said it would; what was there was heard.
    Truncated,
    /// Many samples sit at full scale: the recording is clipped and words may be misheard.
    Clipped,
    /// The audio was recorded below 16 kHz (telephone band): consonants are harder to tell.
    NarrowBand,
    /// An utterance hit the token cap or looped; its transcript may be incomplete.
    Cut,
}

/// One utterance: where it is in the audio and what was said.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Segment {
    /// Start of speech, ms from the start of the audio.
    pub start_ms: u64,
    /// End of speech, ms from the start of the audio.
    pub end_ms: u64,
    /// What was said (simplified characters for Chinese).
    pub text: String,
    /// The language it was heard in.
    pub language: Language,
}

/// Where the time went, in ms.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Timings {
    /// Loading the models (0 when they were warm).
    pub load_ms: u64,
    /// Reading, resampling and voice activity.
    pub audio_ms: u64,
    /// Whisper's encoder, all utterances.
    pub encode_ms: u64,
    /// Whisper's decoder, all utterances.
    pub decode_ms: u64,
    /// From the arrival of the last utterance's last sample of speech to its final transcript.
    pub final_ms: u64,
    /// Everything.
    pub total_ms: u64,
}

/// The transcript of a stretch of audio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transcript {
    /// All segments' text, joined (by a space between English segments).
    pub text: String,
    /// The language most of the speech was in.
    pub language: Language,
    /// Each utterance.
    pub segments: Vec<Segment>,
    /// Where the time went.
    pub timings_ms: Timings,
    /// What was wrong with the audio, if anything.
    pub warnings: Vec<Warning>,
    /// The audio's length in ms.
    pub duration_ms: u64,
}

/// What a streaming recogniser reports as audio comes in.
#[derive(Debug, Clone, PartialEq)]
pub enum VoiceEvent {
    /// Someone started speaking, `at_ms` from the start of the stream.
    SpeechStarted {
        /// When.
        at_ms: u64,
    },
    /// What has been said so far in the open utterance (replaced by the next partial).
    Partial {
        /// The text so far.
        text: String,
        /// Its language.
        language: Language,
    },
    /// An utterance ended: its final transcript.
    Final {
        /// The utterance.
        segment: Segment,
        /// From the arrival of the utterance's last sample of speech to this transcript, ms:
        /// what a wearer waits after they stop talking (the endpointer's silence included).
        latency_ms: u64,
    },
}
