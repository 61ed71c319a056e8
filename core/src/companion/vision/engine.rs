//! The perception engine, opened on first use (or at start when the config says
//! `load = "eager"`): it reads a frame on a blocking thread so the async runtime keeps
//! serving the link.

use std::path::PathBuf;
use std::sync::Arc;

use once_cell::sync::OnceCell;

use crate::companion::error::CompanionError;
use crate::error::Result;
use crate::perception::{Observation, Perception, PerceptionConfig, PerceptionError, Region};

/// The perception engine, shared and opened once.
pub(super) struct Engine {
    models_dir: PathBuf,
    config: PerceptionConfig,
    engine: OnceCell<Arc<Perception>>,
}

impl Engine {
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
        self.read(move |engine| engine.glance(&frame)).await
    }

    /// Reads a sharper crop the glasses sent of `region` of the last full frame (text and codes
    /// come back in full-frame coordinates), on a blocking thread.
    pub(super) async fn reread(
        self: &Arc<Self>,
        crop: Arc<[u8]>,
        region: Region,
    ) -> Result<Observation> {
        self.read(move |engine| engine.read_region(&crop, region))
            .await
    }

    /// Runs `work` with the engine (opening it first if needed) on a blocking thread.
    async fn read(
        self: &Arc<Self>,
        work: impl FnOnce(&Perception) -> Result<Observation, PerceptionError> + Send + 'static,
    ) -> Result<Observation> {
        let engine = self.clone();
        let read = tokio::task::spawn_blocking(move || work(engine.engine()?.as_ref()))
            .await
            .map_err(|e| CompanionError::TaskFailed(format!("perception: {e}")))?;
        Ok(read?)
    }
}
