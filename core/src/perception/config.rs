//! The `[perception]` section of the config file.

use serde::{Deserialize, Serialize};

use crate::perception::PerceptionError;

/// When the models are loaded and optimised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadMode {
    /// Everything at start: the first frame is as fast as the rest (the app's choice).
    Eager,
    /// Each model and size bucket on first use: quick start (the CLI's choice).
    Lazy,
}

/// Perception settings. The defaults suit a phone reading a 640×480 glasses camera.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PerceptionConfig {
    /// Largest decoded image accepted, in pixels; bigger images are refused before any
    /// pixel memory is allocated.
    pub max_pixels: u64,
    /// When models are loaded.
    pub load: LoadMode,
    /// Check each text line for being upside down (the 0°/180° classifier).
    pub classify_orientation: bool,
    /// Look for QR codes and barcodes.
    pub codes: bool,
    /// Classify what is in view.
    pub scene: bool,
    /// Run codes and scene on a second thread while OCR runs.
    pub parallel_stages: bool,
    /// Skip work on what did not change: a text line whose strip is the same as one read
    /// recently keeps that reading, and a view that barely changed keeps its scene.
    pub reuse_unchanged: bool,
}

impl Default for PerceptionConfig {
    fn default() -> Self {
        Self {
            max_pixels: 16_000_000,
            load: LoadMode::Lazy,
            classify_orientation: true,
            codes: true,
            scene: true,
            parallel_stages: true,
            reuse_unchanged: true,
        }
    }
}

impl PerceptionConfig {
    /// Refuses settings that cannot work.
    pub fn validate(&self) -> Result<(), PerceptionError> {
        if self.max_pixels == 0 {
            return Err(PerceptionError::BadConfig(
                "perception.max_pixels must be above 0".into(),
            ));
        }
        Ok(())
    }
}
