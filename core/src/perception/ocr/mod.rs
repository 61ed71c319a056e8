//! Text in view: PP-OCRv4 detection (DB) → optional 0°/180° check → recognition with CTC
//! decoding against the dictionary stored in the recognizer's metadata.

mod crop;
mod ctc;
mod detect;
mod orientation;
mod recognize;

pub use detect::{Detector, TextBox};

use serde::Serialize;
use std::time::Instant;

use image::RgbImage;

use crate::perception::models::ModelStore;
use crate::perception::{PerceptionError, Quad, ms_since};
use orientation::OrientationCheck;
use recognize::Recognizer;

/// One line of recognized text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextLine {
    /// The text, as read.
    pub text: String,
    /// Mean confidence of the recognized characters, 0–1.
    pub score: f32,
    /// Where the line is, in frame pixels (top-left, top-right, bottom-right, bottom-left).
    #[serde(rename = "box")]
    pub quad: Quad,
}

/// Time spent in each OCR stage, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct OcrTimings {
    /// Detection, including its pre- and post-processing.
    pub detect_ms: f64,
    /// Cropping, orientation check and recognition of every line.
    pub recognize_ms: f64,
}

/// Lines whose recognition confidence is below this are dropped as noise.
const MIN_LINE_SCORE: f32 = 0.5;

/// The OCR pipeline, its models loaded once.
pub struct Ocr {
    detector: Detector,
    orientation: Option<OrientationCheck>,
    recognizer: Recognizer,
}

impl Ocr {
    /// Opens the OCR models in `store` (lazily: nothing is optimised before first use,
    /// except the recognizer's dictionary, which is read now so a bad file fails early).
    pub fn new(store: &ModelStore, classify_orientation: bool) -> Result<Self, PerceptionError> {
        Ok(Self {
            detector: Detector::new(store),
            orientation: classify_orientation.then(|| OrientationCheck::new(store)),
            recognizer: Recognizer::new(store)?,
        })
    }

    /// Optimises every size bucket of every OCR model now.
    pub fn warm_up(&self) -> Result<(), PerceptionError> {
        self.detector.warm_up()?;
        if let Some(check) = &self.orientation {
            check.warm_up()?;
        }
        self.recognizer.warm_up()
    }

    /// Finds and reads every text line in `image`.
    pub fn read(&self, image: &RgbImage) -> Result<(Vec<TextLine>, OcrTimings), PerceptionError> {
        let start = Instant::now();
        let boxes = self.detector.detect(image)?;
        let detect_ms = ms_since(start);
        let start = Instant::now();
        let mut crops = boxes
            .iter()
            .map(|b| crop::line_crop(image, &b.quad))
            .collect::<Vec<_>>();
        if let Some(check) = &self.orientation {
            for c in crops.iter_mut() {
                if check.is_upside_down(c)? {
                    c.rotate_180();
                }
            }
        }
        let mut lines = Vec::with_capacity(boxes.len());
        for (b, c) in boxes.iter().zip(&crops) {
            let (text, score) = self.recognizer.recognize(c)?;
            if score >= MIN_LINE_SCORE && !text.trim().is_empty() {
                lines.push(TextLine {
                    text,
                    score,
                    quad: b.quad,
                });
            }
        }
        Ok((
            lines,
            OcrTimings {
                detect_ms,
                recognize_ms: ms_since(start),
            },
        ))
    }
}
