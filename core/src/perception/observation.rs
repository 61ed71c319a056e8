//! What one frame showed: the result type of the engine.

use serde::Serialize;
use std::time::Instant;

use crate::perception::codes::Code;
use crate::perception::geometry::{Quad, Region};
use crate::perception::ms_since;
use crate::perception::ocr::TextLine;
use crate::perception::scene::SceneScore;

/// How long each stage took, in milliseconds, and which work was skipped because it had not
/// changed. Stages that ran concurrently overlap, so the parts may add up to more than
/// `total_ms`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Timings {
    /// Decoding the JPEG/PNG.
    pub decode_ms: f64,
    /// Text detection (DB).
    pub detect_ms: f64,
    /// Orientation check + recognition of every line.
    pub recognize_ms: f64,
    /// QR and barcode search.
    pub codes_ms: f64,
    /// Scene classification.
    pub scene_ms: f64,
    /// The whole call, from bytes to observation.
    pub total_ms: f64,
    /// Text lines whose strip was the same as one read recently, which kept that reading.
    pub lines_reused: usize,
    /// True when the view barely changed and the last frame's scene was kept.
    pub scene_reused: bool,
}

/// Everything perceived in one frame.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    /// Perceptual hash of the frame (equal for frames that look the same).
    pub frame_hash: u64,
    /// Frame width in pixels.
    pub width: u32,
    /// Frame height in pixels.
    pub height: u32,
    /// Text lines, top to bottom then left to right.
    pub texts: Vec<TextLine>,
    /// QR codes and barcodes.
    pub codes: Vec<Code>,
    /// Coarse scene categories, most likely first; scores sum to 1.
    pub scene: Vec<SceneScore>,
    /// Stage timings.
    pub timings: Timings,
    /// True when this frame was unchanged and the answer is the previous frame's.
    pub from_cache: bool,
}

impl Observation {
    /// This observation given again for an unchanged frame: same content, fresh timings.
    pub(crate) fn answered_again(&self, start: Instant) -> Self {
        Self {
            timings: Timings {
                total_ms: ms_since(start),
                ..Timings::default()
            },
            from_cache: true,
            ..self.clone()
        }
    }

    /// Moves boxes from a crop's pixel coordinates (`crop_w`×`crop_h`) into the frame
    /// coordinates of `region`, where the crop was taken.
    pub(crate) fn map_into(&mut self, region: &Region, crop_w: u32, crop_h: u32) {
        let sx = region.width / crop_w.max(1) as f32;
        let sy = region.height / crop_h.max(1) as f32;
        let map = |q: &mut Quad| {
            for p in q.iter_mut() {
                p[0] = region.x + p[0] * sx;
                p[1] = region.y + p[1] * sy;
            }
        };
        self.texts.iter_mut().for_each(|t| map(&mut t.quad));
        self.codes.iter_mut().for_each(|c| map(&mut c.quad));
    }
}
