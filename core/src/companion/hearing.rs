//! The ears of the companion: microphone audio from the glasses (over the link, decoded by
//! the driver) streams into one recogniser — voice-activity endpointing, partials while the
//! wearer speaks, a final transcript at the end — and audio from the phone's microphone is
//! heard whole. Either way the final transcript takes the path every transcript takes
//! ([`Companion::heard`]: an answer to the displayed card, or a request → plan → one card).
//! Audio stays in memory and is dropped as soon as it is heard.

use std::sync::{Arc, Mutex};

use super::answer::VoiceSource;
use super::error::CompanionError;
use super::{Companion, Output};
use crate::error::Result;
use crate::link::audio::AudioChunk;
use crate::voice::audio::pcm16_to_f32;
use crate::voice::{Recognizer, VoiceEngine, VoiceEvent};

/// The voice engine (models loaded on first use, kept while the companion lives) and the
/// open streaming session for the glasses' microphone.
pub(super) struct Hearing {
    engine: Arc<VoiceEngine>,
    /// The session for the glasses' audio and the rate it was opened for.
    session: Mutex<Option<(u32, Recognizer)>>,
}

impl Hearing {
    /// Ears reading their models through `engine`; nothing loads until audio arrives.
    pub(super) fn new(engine: VoiceEngine) -> Self {
        Self {
            engine: Arc::new(engine),
            session: Mutex::new(None),
        }
    }

    /// Feeds one chunk of the glasses' audio (`None`: the utterance is complete) to the
    /// streaming session, opening one at the chunk's rate if needed. Blocking (Whisper runs
    /// here): call it off the async threads.
    fn stream(&self, chunk: Option<AudioChunk>) -> Result<Vec<VoiceEvent>> {
        let mut session = self.session.lock().map_err(|_| CompanionError::Poisoned)?;
        let mut events = Vec::new();
        match chunk {
            // Glasses that stream their microphone all the time send digital silence between
            // words: it opens no session (and loads no model).
            Some(chunk) if session.is_none() && is_silent(&chunk.samples) => {}
            Some(chunk) => {
                if session
                    .as_ref()
                    .is_none_or(|(rate, _)| *rate != chunk.sample_rate)
                {
                    if let Some((_, mut old)) = session.take() {
                        old.finish(&mut events)?;
                    }
                    let mut recognizer = self.engine.recognizer(chunk.sample_rate, true)?;
                    // The silence skipped before the words, given back as a lead-in: the
                    // detector needs some to find where speech starts.
                    let lead_in = vec![0.0; (chunk.sample_rate / 1000 * LEAD_IN_MS) as usize];
                    recognizer.push(&lead_in, &mut events)?;
                    *session = Some((chunk.sample_rate, recognizer));
                }
                if let Some((_, recognizer)) = session.as_mut() {
                    recognizer.push(&pcm16_to_f32(&chunk.samples), &mut events)?;
                }
            }
            None => {
                if let Some((_, mut recognizer)) = session.take() {
                    recognizer.finish(&mut events)?;
                }
            }
        }
        Ok(events)
    }
}

/// Silence given to a new session before the chunk that opened it (ms).
const LEAD_IN_MS: u32 = 500;

/// Below this peak (−54 dBFS) a chunk opens no session.
const SILENCE_PEAK: i16 = 64;

fn is_silent(samples: &[i16]) -> bool {
    samples
        .iter()
        .all(|s| s.unsigned_abs() < SILENCE_PEAK.unsigned_abs())
}

impl Companion {
    /// Audio from the glasses' microphone (`None`: they said the utterance is complete):
    /// partial transcripts are emitted as they come, a final one is [`Companion::heard`].
    pub(super) async fn on_glasses_audio(&self, chunk: Option<AudioChunk>) -> Result<()> {
        let inner = self.inner.clone();
        let events = tokio::task::spawn_blocking(move || inner.hearing.stream(chunk))
            .await
            .map_err(|e| CompanionError::TaskFailed(format!("hearing: {e}")))??;
        for event in events {
            self.on_voice_event(event, VoiceSource::Glasses).await?;
        }
        Ok(())
    }

    /// Hears 16-bit mono PCM from the phone's microphone at `sample_rate` Hz (resampled to
    /// 16 kHz inside): each utterance's final transcript is emitted ([`Output::Heard`]) and
    /// [`Companion::heard_at`] as said when the recording was handed over, however long
    /// recognising it takes — an answer to the displayed card, or a request (what became of
    /// each arrives as outputs). Returns the final transcripts. Loads the voice models on
    /// first use (blocking work runs off the async threads).
    pub async fn hear(&self, pcm: Vec<i16>, sample_rate: u32) -> Result<Vec<String>> {
        // The recording is whole when it is handed over: every word in it ended by now.
        let spoken_at_ms = self.inner.clock.now_ms();
        let engine = self.inner.hearing.engine.clone();
        let transcript =
            tokio::task::spawn_blocking(move || engine.hear_pcm(&pcm16_to_f32(&pcm), sample_rate))
                .await
                .map_err(|e| CompanionError::TaskFailed(format!("hearing: {e}")))??;
        let mut spoken = Vec::new();
        for segment in transcript.segments {
            let latency_ms = transcript.timings_ms.final_ms;
            self.emit(Output::Heard {
                text: segment.text.clone(),
                language: segment.language.code().to_string(),
                is_final: true,
                latency_ms,
            });
            self.heard_at(&segment.text, VoiceSource::Phone, spoken_at_ms)
                .await?;
            spoken.push(segment.text);
        }
        Ok(spoken)
    }

    async fn on_voice_event(&self, event: VoiceEvent, source: VoiceSource) -> Result<()> {
        match event {
            VoiceEvent::SpeechStarted { .. } => {}
            VoiceEvent::Partial { text, language } => self.emit(Output::Heard {
                text,
                language: language.code().to_string(),
                is_final: false,
                latency_ms: 0,
            }),
            VoiceEvent::Final {
                segment,
                latency_ms,
            } => {
                // The words ended `latency_ms` before their final transcript.
                let spoken_at_ms = self.inner.clock.real_time_ago(latency_ms);
                self.emit(Output::Heard {
                    text: segment.text.clone(),
                    language: segment.language.code().to_string(),
                    is_final: true,
                    latency_ms,
                });
                self.heard_at(&segment.text, source, spoken_at_ms).await?;
            }
        }
        Ok(())
    }
}
