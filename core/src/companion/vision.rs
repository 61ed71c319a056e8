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
use crate::link::protocol::message::Roi;
use crate::perception::codes::CodeKind;
use crate::perception::{Observation, Perception, PerceptionConfig, PerceptionError, Region};

/// Text lines read with a lower mean confidence are not used (they are mostly texture read
/// as characters).
const MIN_TEXT_SCORE: f32 = 0.5;
/// Lines read with a confidence from this up to [`MIN_TEXT_SCORE`] are unsure: text is there
/// but too small or blurred to trust, so the glasses are asked for a sharper crop of it.
const UNSURE_TEXT_SCORE: f32 = 0.25;
/// Lines lower than this, in pixels of a 480-pixel-high frame, are too small to read well at
/// the streamed resolution; a crop of them is read magnified.
const SMALL_TEXT_PX: f32 = 20.0;
/// Margin added around unsure lines, as a fraction of their box's size.
const REREAD_MARGIN: f32 = 0.2;

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
        let vision = self.clone();
        let read = tokio::task::spawn_blocking(move || work(vision.engine()?.as_ref()))
            .await
            .map_err(|e| CompanionError::TaskFailed(format!("perception: {e}")))?;
        Ok(read?)
    }
}

/// The part of a frame worth a sharper look: the box around the text lines read with too
/// little confidence to use or too small to read well, with a margin, in the link's
/// ten-thousandths of the frame. `None` when every line was clear (lines below
/// [`UNSURE_TEXT_SCORE`] are not taken for text at all).
pub(super) fn unsure_region(observation: &Observation) -> Option<Roi> {
    let (w, h) = (observation.width as f32, observation.height as f32);
    if w < 1.0 || h < 1.0 {
        return None;
    }
    let small = SMALL_TEXT_PX * h / 480.0;
    let unsure = observation
        .texts
        .iter()
        .filter(|l| l.score >= UNSURE_TEXT_SCORE)
        .map(|l| (l.score, Region::around(&l.quad)))
        .filter(|(score, r)| *score < MIN_TEXT_SCORE || r.height < small)
        .map(|(_, r)| r);
    let (x0, y0, x1, y1) = unsure.fold(None, |acc: Option<(f32, f32, f32, f32)>, r| {
        let (x0, y0, x1, y1) = acc.unwrap_or((r.x, r.y, r.x + r.width, r.y + r.height));
        Some((
            x0.min(r.x),
            y0.min(r.y),
            x1.max(r.x + r.width),
            y1.max(r.y + r.height),
        ))
    })?;
    let (mx, my) = ((x1 - x0) * REREAD_MARGIN, (y1 - y0) * REREAD_MARGIN);
    let scale = f32::from(Roi::SCALE);
    let to_scale = |v: f32, full: f32| ((v / full).clamp(0.0, 1.0) * scale).round() as u16;
    let (left, top) = (to_scale(x0 - mx, w), to_scale(y0 - my, h));
    let (right, bottom) = (to_scale(x1 + mx, w), to_scale(y1 + my, h));
    (right > left && bottom > top).then_some(Roi {
        x: left,
        y: top,
        w: right - left,
        h: bottom - top,
    })
}

/// Where `roi` lies in a `width` × `height` frame, in pixels.
pub(super) fn region_of(roi: &Roi, width: u32, height: u32) -> Region {
    let scale = f32::from(Roi::SCALE);
    let (w, h) = (width as f32, height as f32);
    Region {
        x: f32::from(roi.x) / scale * w,
        y: f32::from(roi.y) / scale * h,
        width: f32::from(roi.w) / scale * w,
        height: f32::from(roi.h) / scale * h,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perception::ocr::TextLine;

    fn line(score: f32, x: f32, y: f32) -> TextLine {
        TextLine {
            text: "x".into(),
            score,
            quad: [[x, y], [x + 100.0, y], [x + 100.0, y + 30.0], [x, y + 30.0]],
        }
    }

    fn observation(texts: Vec<TextLine>) -> Observation {
        Observation {
            frame_hash: 0,
            width: 640,
            height: 480,
            texts,
            codes: Vec::new(),
            scene: Vec::new(),
            timings: Default::default(),
            from_cache: false,
        }
    }

    #[test]
    fn small_lines_ask_for_a_sharper_look() {
        let mut small = line(0.95, 50.0, 50.0);
        small.quad = [[50.0, 50.0], [150.0, 50.0], [150.0, 60.0], [50.0, 60.0]];
        let roi = unsure_region(&observation(vec![small, line(0.95, 10.0, 300.0)])).unwrap();
        let region = region_of(&roi, 640, 480);
        assert!(
            region.y < 50.0 && region.y + region.height < 100.0,
            "{region:?}"
        );
    }

    #[test]
    fn only_unsure_lines_ask_for_a_sharper_look() {
        assert_eq!(
            unsure_region(&observation(vec![line(0.9, 10.0, 10.0)])),
            None
        );
        assert_eq!(
            unsure_region(&observation(vec![line(0.1, 10.0, 10.0)])),
            None
        );
        let roi = unsure_region(&observation(vec![
            line(0.9, 0.0, 0.0),
            line(0.4, 100.0, 200.0),
            line(0.3, 300.0, 300.0),
        ]))
        .unwrap();
        let region = region_of(&roi, 640, 480);
        // Both unsure lines (100..400 × 200..330) inside, with a margin; the sure one outside.
        assert!(
            region.x < 100.0 && region.x + region.width > 400.0,
            "{region:?}"
        );
        assert!(
            region.y < 200.0 && region.y + region.height > 330.0,
            "{region:?}"
        );
        assert!(region.x > 0.0 && region.y > 100.0, "{region:?}");
    }

    #[test]
    fn the_region_stays_inside_the_frame() {
        let roi = unsure_region(&observation(vec![line(0.4, 590.0, 470.0)])).unwrap();
        assert!(u32::from(roi.x) + u32::from(roi.w) <= u32::from(Roi::SCALE));
        assert!(u32::from(roi.y) + u32::from(roi.h) <= u32::from(Roi::SCALE));
    }
}
