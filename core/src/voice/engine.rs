//! The voice engine: the models, loaded on first use and then kept warm, and the two ways to
//! hear — a whole file or PCM buffer ([`VoiceEngine::hear_file`], [`VoiceEngine::hear_pcm`])
//! or a streaming session ([`VoiceEngine::recognizer`]).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::voice::audio::AudioReader;
use crate::voice::recognizer::{Loaded, Recognizer};
use crate::voice::whisper::Whisper;
use crate::voice::{
    Language, Segment, Timings, Transcript, VoiceConfig, VoiceError, VoiceEvent, Warning,
};
use crate::voice::{heap, models};

/// The voice engine. `Send + Sync`: share it in an `Arc`.
pub struct VoiceEngine {
    dir: PathBuf,
    config: VoiceConfig,
    loaded: Mutex<Option<Arc<Loaded>>>,
}

impl std::fmt::Debug for VoiceEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VoiceEngine")
            .field("dir", &self.dir)
            .field("config", &self.config)
            .finish()
    }
}

impl VoiceEngine {
    /// An engine reading its models from `models_dir`. Nothing is loaded until first use.
    pub fn new(models_dir: &Path, config: VoiceConfig) -> Result<Self, VoiceError> {
        config.validate()?;
        Ok(Self {
            dir: models_dir.to_path_buf(),
            config,
            loaded: Mutex::new(None),
        })
    }

    /// The settings the engine hears with.
    pub fn config(&self) -> &VoiceConfig {
        &self.config
    }

    /// Loads the models now (when the glasses attach), so the first utterance is not slowed
    /// by it. Returns the time taken, ms (0 when already warm).
    pub fn warm_up(&self) -> Result<u64, VoiceError> {
        Ok(self.models()?.1)
    }

    /// Drops the models (when the glasses detach); the next use loads them again.
    pub fn release(&self) {
        if let Ok(mut loaded) = self.loaded.lock() {
            *loaded = None;
        }
    }

    fn models(&self) -> Result<(Arc<Loaded>, u64), VoiceError> {
        let mut loaded = self.loaded.lock().map_err(|_| VoiceError::Model {
            reason: "the voice models' lock was poisoned".into(),
        })?;
        if let Some(models) = loaded.as_ref() {
            return Ok((models.clone(), 0));
        }
        let started = Instant::now();
        let vad = models::load_plans(&self.dir, &models::VAD)?
            .into_iter()
            .next()
            .ok_or_else(|| VoiceError::Model {
                reason: "the VAD bundle has no graph".into(),
            })?;
        let models = Arc::new(Loaded {
            whisper: Whisper::load(&self.dir)?,
            vad,
        });
        heap::release_free_memory();
        *loaded = Some(models.clone());
        Ok((models, started.elapsed().as_millis() as u64))
    }

    /// A streaming session for audio at `input_rate` Hz; `partials` asks for partial
    /// transcripts while someone speaks.
    pub fn recognizer(&self, input_rate: u32, partials: bool) -> Result<Recognizer, VoiceError> {
        Recognizer::new(self.models()?.0, self.config.clone(), input_rate, partials)
    }

    /// Hears a WAV or FLAC file, block by block.
    pub fn hear_file(&self, input: impl Read) -> Result<Transcript, VoiceError> {
        let started = Instant::now();
        let mut reader = AudioReader::open(input)?;
        let (models, load_ms) = self.models()?;
        let mut session =
            Recognizer::new(models, self.config.clone(), reader.sample_rate(), false)?;
        let mut events = Vec::new();
        let mut any = false;
        while let Some(block) = reader.next_block()? {
            any |= !block.is_empty();
            session.push(&block, &mut events)?;
        }
        if !any {
            return Err(VoiceError::Empty);
        }
        session.finish(&mut events)?;
        let mut warnings = reader.warnings();
        warnings.extend(session.warnings());
        assemble(&session, events, warnings, load_ms, started)
    }

    /// Hears mono PCM in [-1, 1] at `sample_rate` Hz (the phone's microphone).
    pub fn hear_pcm(&self, samples: &[f32], sample_rate: u32) -> Result<Transcript, VoiceError> {
        let started = Instant::now();
        if samples.is_empty() {
            return Err(VoiceError::Empty);
        }
        let (models, load_ms) = self.models()?;
        let mut session = Recognizer::new(models, self.config.clone(), sample_rate, false)?;
        let mut events = Vec::new();
        for block in samples.chunks(16_384) {
            session.push(block, &mut events)?;
        }
        session.finish(&mut events)?;
        let warnings = session.warnings();
        assemble(&session, events, warnings, load_ms, started)
    }
}

/// The transcript of a finished session from its final events.
fn assemble(
    session: &Recognizer,
    events: Vec<VoiceEvent>,
    warnings: Vec<Warning>,
    load_ms: u64,
    started: Instant,
) -> Result<Transcript, VoiceError> {
    let mut segments: Vec<Segment> = Vec::new();
    let mut final_ms = 0;
    for event in events {
        if let VoiceEvent::Final {
            segment,
            latency_ms,
        } = event
        {
            final_ms = latency_ms;
            segments.push(segment);
        }
    }
    let duration_ms = session.duration_ms();
    if segments.is_empty() {
        return Err(VoiceError::NoSpeech { duration_ms });
    }
    let spoken = |language: Language| -> u64 {
        segments
            .iter()
            .filter(|s| s.language == language)
            .map(|s| s.end_ms - s.start_ms)
            .sum()
    };
    let language = if spoken(Language::Zh) > spoken(Language::En) {
        Language::Zh
    } else {
        Language::En
    };
    let mut text = String::new();
    for segment in &segments {
        let needs_space = !text.is_empty()
            && (segment.language == Language::En || text.ends_with(|c: char| c.is_ascii()));
        if needs_space {
            text.push(' ');
        }
        text.push_str(&segment.text);
    }
    let (audio_ms, encode_ms, decode_ms) = session.time_ms();
    Ok(Transcript {
        text,
        language,
        segments,
        timings_ms: Timings {
            load_ms,
            audio_ms,
            encode_ms,
            decode_ms,
            final_ms,
            total_ms: started.elapsed().as_millis() as u64,
        },
        warnings,
        duration_ms,
    })
}
