//! Frames into views, in one place: a camera frame (from the glasses or the phone's camera)
//! is read by the perception engine — a whole-frame glance, or, when the frame answers the
//! closer look asked for (by its request id), a re-read of that crop in full-frame
//! coordinates — and what it shows becomes the [`View`] the companion observes
//! ([`Companion::observe`]). Text too unsure to use asks the glasses for a closer look.

mod closer_look;
mod engine;
mod view;

pub use view::View;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use closer_look::{CloserLooks, region_of, unsure_region};
use engine::Engine;

use super::{Companion, Output};
use crate::card::Card;
use crate::error::Result;
use crate::link::session::CameraFrame;
use crate::perception::{Observation, PerceptionConfig, PerceptionError};

/// JPEG quality asked of the glasses for a sharper crop of unsure text.
const CLOSER_LOOK_QUALITY: u8 = 95;

/// The perception engine and the closer look in flight.
pub(super) struct Vision {
    engine: Arc<Engine>,
    closer_looks: CloserLooks,
}

impl Vision {
    /// Remembers where the models are; nothing is read yet.
    pub(super) fn new(models_dir: PathBuf, config: PerceptionConfig) -> Self {
        Self {
            engine: Arc::new(Engine::new(models_dir, config)),
            closer_looks: CloserLooks::default(),
        }
    }

    /// Opens the engine now (the config's eager load) instead of on the first frame.
    pub(super) fn open(&self) -> Result<(), PerceptionError> {
        self.engine.engine().map(|_| ())
    }
}

impl Companion {
    /// Reads a camera frame (JPEG or PNG: from the phone's camera, or a saved picture) and
    /// acts on what it shows exactly as for a frame from the glasses. Returns the cards shown;
    /// an [`Output::Seen`] says what was recognised.
    pub async fn see(&self, frame: Vec<u8>) -> Result<Vec<Card>> {
        self.glance(frame.into(), Instant::now()).await
    }

    /// A frame from the glasses: the crop answering the closer look in flight is re-read in
    /// full-frame coordinates; any other frame is glanced at.
    pub(super) async fn on_frame(&self, frame: CameraFrame) -> Result<Vec<Card>> {
        let vision = &self.inner.vision;
        let answered = vision.closer_looks.answered_by(frame.request_id);
        match (answered, frame.roi) {
            (Some((width, height)), Some(roi)) => {
                let region = region_of(&roi, width, height);
                let observation = vision.engine.reread(frame.jpeg, region).await?;
                self.report(observation, frame.received_at, true).await
            }
            _ => self.glance(frame.jpeg, frame.received_at).await,
        }
    }

    /// A frame request was lost on the link: a closer look it carried is over.
    pub(super) fn on_frame_lost(&self, request_id: u32) {
        self.inner.vision.closer_looks.cancel(Some(request_id));
    }

    /// Reads a whole frame whose last byte arrived at `arrived` (the glance-to-card clock
    /// starts there), asks for a closer look at unsure text, and acts on what it shows.
    async fn glance(&self, frame: Arc<[u8]>, arrived: Instant) -> Result<Vec<Card>> {
        let observation = self.inner.vision.engine.glance(frame).await?;
        if !observation.from_cache {
            self.look_closer(&observation).await?;
        }
        self.report(observation, arrived, false).await
    }

    /// When some text in `observation` was too unsure to use and glasses are attached, asks
    /// them for a sharper crop of it (one request at a time).
    async fn look_closer(&self, observation: &Observation) -> Result<()> {
        let Some(roi) = unsure_region(observation) else {
            return Ok(());
        };
        let Some(link) = self.glasses_link()? else {
            return Ok(());
        };
        let looks = &self.inner.vision.closer_looks;
        if !looks.reserve(observation.width, observation.height) {
            return Ok(());
        }
        match link.request_frame(CLOSER_LOOK_QUALITY, Some(roi)).await {
            Ok(request_id) => {
                looks.sent(request_id);
                Ok(())
            }
            Err(e) => {
                looks.cancel(None);
                Err(e.into())
            }
        }
    }

    /// Observes what `observation` shows and reports it as an [`Output::Seen`].
    async fn report(
        &self,
        observation: Observation,
        arrived: Instant,
        closer_look: bool,
    ) -> Result<Vec<Card>> {
        let view = View::from_observation(&observation);
        let cards = self.observe(view.clone()).await?;
        let scene = observation.scene.first().map(|s| {
            let label = serde_json::to_value(s.label)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (label, s.score)
        });
        self.emit(Output::Seen {
            view,
            scene,
            unchanged: observation.from_cache,
            closer_look,
            perception_ms: observation.timings.total_ms,
            glance_to_card_ms: super::glasses::ms_since(arrived),
            cards: cards.len(),
        });
        Ok(cards)
    }
}
