//! On-device perception: one camera frame in, one [`Observation`] out — the text in view
//! (PP-OCRv4 detection + recognition), the QR codes and barcodes, and what kind of place or
//! thing is in view (EfficientNet-Lite0 mapped to coarse categories). Everything runs on the
//! phone with `tract`; frames never leave memory.
//!
//! The [`Perception`] engine is loaded once and shared (`Arc`) across threads: the Companion
//! loop calls [`Perception::glance`] on every camera frame from a blocking task, and an
//! unchanged frame is answered from the last result without running any model.

pub mod bundle;
mod cache;
pub mod codes;
mod config;
mod error;
pub mod frame;
mod geometry;
pub mod models;
mod observation;
pub mod ocr;
pub mod scene;
mod tract_ops;

pub use config::{LoadMode, PerceptionConfig};
pub use error::PerceptionError;
pub use geometry::{Quad, Region};
pub use observation::{Observation, Timings};

use image::RgbImage;
use std::path::Path;
use std::time::Instant;

use crate::perception::cache::LastFrame;
use crate::perception::codes::Code;
use crate::perception::frame::Fingerprint;
use crate::perception::models::{ModelFile, ModelStore};
use crate::perception::ocr::Ocr;
use crate::perception::scene::{SceneClassifier, SceneScore};

/// Every model the perception engine uses, each declared by the stage that runs it (the
/// setup step compiles and verifies these bundles).
pub const MODELS: [ModelFile; 4] = [
    ocr::DETECTOR,
    ocr::RECOGNIZER,
    ocr::ORIENTATION,
    scene::SCENE,
];

/// The perception engine: models loaded once, shared by every caller.
///
/// `Send + Sync`: wrap it in an `Arc` and call it from any thread.
pub struct Perception {
    config: PerceptionConfig,
    ocr: Ocr,
    scene: SceneClassifier,
    last: LastFrame,
}

impl Perception {
    /// Opens the models in `models_dir` (see `docs/perception.md`). With
    /// [`LoadMode::Eager`] every model is checked, optimised for every size bucket and warmed
    /// up now; with [`LoadMode::Lazy`] each is loaded on first use.
    pub fn new(models_dir: &Path, config: PerceptionConfig) -> Result<Self, PerceptionError> {
        config.validate()?;
        let store = ModelStore::new(models_dir);
        let ocr = Ocr::new(&store, config.classify_orientation, config.reuse_unchanged)?;
        let scene = SceneClassifier::new(&store)?;
        if config.load == LoadMode::Eager {
            ocr.warm_up()?;
            if config.scene {
                scene.warm_up()?;
            }
        }
        Ok(Self {
            config,
            ocr,
            scene,
            last: LastFrame::default(),
        })
    }

    /// The configuration the engine runs with.
    pub fn config(&self) -> &PerceptionConfig {
        &self.config
    }

    /// Reads one encoded frame (JPEG or PNG). A frame that is the same as the previous one
    /// (byte-identical, or the same picture within camera noise) is answered from the last
    /// result, marked [`Observation::from_cache`].
    pub fn glance(&self, encoded: &[u8]) -> Result<Observation, PerceptionError> {
        let start = Instant::now();
        let bytes_hash = frame::bytes_hash(encoded);
        if let Some(hit) = self.last.by_bytes(bytes_hash) {
            return Ok(hit.answered_again(start));
        }
        let image = frame::decode(encoded, self.config.max_pixels)?;
        let decode_ms = ms_since(start);
        let mut observation = self.glance_decoded(&image, bytes_hash, start)?;
        observation.timings.decode_ms = decode_ms;
        Ok(observation)
    }

    /// Reads a frame that is already decoded (the simulated camera hands over pixels).
    pub fn glance_image(&self, image: &RgbImage) -> Result<Observation, PerceptionError> {
        frame::check_dimensions(image.width(), image.height(), self.config.max_pixels)?;
        let start = Instant::now();
        self.glance_decoded(image, frame::bytes_hash(image.as_raw()), start)
    }

    fn glance_decoded(
        &self,
        image: &RgbImage,
        bytes_hash: u64,
        start: Instant,
    ) -> Result<Observation, PerceptionError> {
        let fingerprint = Fingerprint::of(image);
        if let Some(hit) = self.last.by_fingerprint(&fingerprint, bytes_hash) {
            return Ok(hit.answered_again(start));
        }
        let scene = match self.config.reuse_unchanged {
            true => self
                .last
                .scene_if_barely_changed(&fingerprint)
                .map_or(SceneSource::Classify, SceneSource::Keep),
            false => SceneSource::Classify,
        };
        let mut observation = self.read_all(image, scene)?;
        observation.frame_hash = fingerprint.hash();
        observation.timings.total_ms = ms_since(start);
        self.last.remember(bytes_hash, fingerprint, &observation);
        Ok(observation)
    }

    /// Re-reads one region of the view from a sharper crop the glasses sent (a
    /// region-of-interest request). `crop` is the encoded crop; `region` is where it lies in
    /// the full frame's pixel coordinates. Text and codes come back in full-frame
    /// coordinates; the scene is not re-classified.
    pub fn read_region(&self, crop: &[u8], region: Region) -> Result<Observation, PerceptionError> {
        let start = Instant::now();
        region.validate()?;
        let image = frame::decode(crop, self.config.max_pixels)?;
        let decode_ms = ms_since(start);
        let mut observation = self.read_all(&image, SceneSource::Skip)?;
        observation.map_into(&region, image.width(), image.height());
        observation.frame_hash = Fingerprint::of(&image).hash();
        observation.timings.decode_ms = decode_ms;
        observation.timings.total_ms = ms_since(start);
        Ok(observation)
    }

    /// Runs OCR, codes and the scene on one image. OCR runs on this thread while codes and
    /// scene run on a second one when `parallel_stages` is set.
    fn read_all(
        &self,
        image: &RgbImage,
        scene: SceneSource,
    ) -> Result<Observation, PerceptionError> {
        let scene_reused = matches!(scene, SceneSource::Keep(_));
        let run_side = || -> Result<(Vec<Code>, f64, Vec<SceneScore>, f64), PerceptionError> {
            let t = Instant::now();
            let found = if self.config.codes {
                codes::find(image)
            } else {
                Vec::new()
            };
            let codes_ms = ms_since(t);
            let t = Instant::now();
            let scene = match scene {
                SceneSource::Classify if self.config.scene => self.scene.classify(image)?,
                SceneSource::Keep(kept) => kept,
                SceneSource::Classify | SceneSource::Skip => Vec::new(),
            };
            Ok((found, codes_ms, scene, ms_since(t)))
        };
        let (ocr_result, side_result) = if self.config.parallel_stages {
            std::thread::scope(|s| {
                let side = s.spawn(run_side);
                let ocr = self.ocr.read(image);
                let side = side.join().unwrap_or_else(|_| {
                    Err(PerceptionError::Inference {
                        stage: "codes/scene",
                        reason: "worker thread panicked".into(),
                    })
                });
                (ocr, side)
            })
        } else {
            (self.ocr.read(image), run_side())
        };
        let (texts, ocr_timings) = ocr_result?;
        let (codes, codes_ms, scene, scene_ms) = side_result?;
        Ok(Observation {
            frame_hash: 0,
            width: image.width(),
            height: image.height(),
            texts,
            codes,
            scene,
            timings: Timings {
                detect_ms: ocr_timings.detect_ms,
                recognize_ms: ocr_timings.recognize_ms,
                codes_ms,
                scene_ms,
                lines_reused: ocr_timings.lines_reused,
                scene_reused,
                ..Timings::default()
            },
            from_cache: false,
        })
    }
}

/// Where a frame's scene comes from.
enum SceneSource {
    /// Classify it now (if the scene stage is on).
    Classify,
    /// The view barely changed: keep the last frame's.
    Keep(Vec<SceneScore>),
    /// Not wanted (a region re-read).
    Skip,
}

/// Milliseconds since `start`, as a float.
pub(crate) fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}
