//! Frames into views: the perception engine, opened on first use (or at start when the
//! config says `load = "eager"`), reads a frame on a blocking thread so the async runtime
//! keeps serving the link, and what it read becomes the [`View`] the context and the
//! proactive rules work on.

use std::path::PathBuf;
use std::sync::Arc;

use once_cell::sync::OnceCell;

use super::CompanionError;
use super::View;
use crate::error::Result;
use crate::perception::codes::CodeKind;
use crate::perception::{Observation, Perception, PerceptionConfig, PerceptionError};

/// Text lines read with a lower mean confidence are not used (they are mostly texture read
/// as characters).
const MIN_TEXT_SCORE: f32 = 0.5;

/// The perception engine, shared and opened once.
pub(super) struct Vision {
    models_dir: PathBuf,
    config: PerceptionConfig,
    engine: OnceCell<Arc<Perception>>,
}

impl Vision {
    /// Remembers where the models are; nothing is read yet.
    pub(super) fn new(models_dir: PathBuf, config: PerceptionConfig) -> Self {
        Self {
            models_dir,
            config,
            engine: OnceCell::new(),
        }
    }

    /// The engine, opening it on first use. A missing or damaged model is a typed error
    /// naming the file (and stays one: the next call tries again).
    pub(super) fn engine(&self) -> Result<Arc<Perception>, PerceptionError> {
        self.engine
            .get_or_try_init(|| {
                Perception::new(&self.models_dir, self.config.clone()).map(Arc::new)
            })
            .cloned()
    }

    /// Reads one encoded frame (JPEG or PNG) on a blocking thread.
    pub(super) async fn glance(self: &Arc<Self>, frame: Arc<[u8]>) -> Result<Observation> {
        let vision = self.clone();
        let read = tokio::task::spawn_blocking(move || vision.engine()?.glance(&frame))
            .await
            .map_err(|e| CompanionError::TaskFailed(format!("perception: {e}")))?;
        Ok(read?)
    }
}

impl View {
    /// What an observation shows: its confident text lines, its retail barcodes as EAN-13
    /// (a UPC-A is an EAN-13 with a leading 0) and its QR payloads.
    pub fn from_observation(observation: &Observation) -> View {
        let texts = observation
            .texts
            .iter()
            .filter(|line| line.score >= MIN_TEXT_SCORE)
            .map(|line| line.text.trim().to_string())
            .filter(|text| !text.is_empty())
            .collect();
        let mut barcodes = Vec::new();
        let mut qr_payloads = Vec::new();
        for code in &observation.codes {
            match code.kind {
                CodeKind::Qr => qr_payloads.push(code.data.clone()),
                CodeKind::Ean13 | CodeKind::Ean8 => barcodes.push(code.data.clone()),
                CodeKind::Upca => barcodes.push(format!("0{}", code.data)),
                CodeKind::Upce | CodeKind::Code128 => {}
            }
        }
        View {
            texts,
            barcodes,
            qr_payloads,
        }
    }
}
