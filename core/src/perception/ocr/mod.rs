//! Text in view: PP-OCRv4 detection (DB) → optional 0°/180° check → recognition with CTC
//! decoding against the dictionary stored in the recognizer's metadata.

mod case;
mod crop;
mod ctc;
mod detect;
mod fine;
mod memory;
mod orientation;
mod recognize;

pub use detect::{DETECTOR, Detector, TextBox};
pub use orientation::ORIENTATION;
pub use recognize::RECOGNIZER;

use serde::Serialize;
use std::time::Instant;

use image::RgbImage;

use crate::perception::geometry::Quad;
use crate::perception::models::ModelStore;
use crate::perception::{PerceptionError, ms_since};
use crop::LineCrop;
use memory::{LineMemory, LineSignature, Reading};
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
    /// Lines whose strip was the same as one read recently and took that reading.
    pub lines_reused: usize,
}

/// Lines whose recognition confidence is below this are dropped as noise.
const MIN_LINE_SCORE: f32 = 0.5;
/// A reading at least this confident is not checked for being upside down.
const SURE_READING: f32 = 0.9;

/// The OCR pipeline, its models loaded once.
pub struct Ocr {
    detector: Detector,
    orientation: Option<OrientationCheck>,
    recognizer: Recognizer,
    memory: Option<LineMemory>,
}

impl Ocr {
    /// Opens the OCR models in `store` (lazily: nothing is optimised before first use,
    /// except the recognizer's dictionary, which is read now so a bad file fails early).
    /// With `reuse_lines`, a line whose strip is the same as one read recently keeps that
    /// reading.
    pub fn new(
        store: &ModelStore,
        classify_orientation: bool,
        reuse_lines: bool,
    ) -> Result<Self, PerceptionError> {
        Ok(Self {
            detector: Detector::new(store),
            orientation: classify_orientation.then(|| OrientationCheck::new(store)),
            recognizer: Recognizer::new(store)?,
            memory: reuse_lines.then(LineMemory::default),
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
        let mut lines = Vec::with_capacity(boxes.len());
        let mut lines_reused = 0;
        for b in &boxes {
            let ((text, score), reused) = self.read_or_recall(image, &b.quad)?;
            lines_reused += usize::from(reused);
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
                lines_reused,
            },
        ))
    }

    /// The reading of the line at `quad`: remembered from an earlier identical strip (then
    /// `true`), or read now and remembered.
    fn read_or_recall(
        &self,
        image: &RgbImage,
        quad: &Quad,
    ) -> Result<(Reading, bool), PerceptionError> {
        let crop = crop::line_crop(image, quad);
        let Some(memory) = &self.memory else {
            return Ok((self.read_box(image, quad, crop)?, false));
        };
        let signature = LineSignature::of(&crop);
        if let Some(reading) = memory.recall(image, quad, &signature) {
            return Ok((reading, true));
        }
        let reading = self.read_box(image, quad, crop)?;
        memory.remember(*quad, signature, reading.clone());
        Ok((reading, false))
    }

    /// Reads the box at `quad`, cut out as `crop`. A tall box is also read as a column of
    /// Chinese characters top to bottom (see [`crop::column_crop`]); the surer reading wins
    /// if it has two characters or more (a lone tall digit is a line, not a column).
    fn read_box(
        &self,
        image: &RgbImage,
        quad: &Quad,
        crop: LineCrop,
    ) -> Result<Reading, PerceptionError> {
        let as_line = self.read_line(crop)?;
        match crop::column_crop(image, quad) {
            Some(column) => {
                // The cells of a column are cut at equal steps: a gap between two of them
                // is not a word space.
                let (text, score) = self.recognizer.recognize(&column)?;
                let as_column = (text.split_whitespace().collect::<String>(), score);
                let column_like = as_column.0.chars().count() >= 2;
                // Both read the same characters: the box is a column, read without the
                // gaps of its cells.
                let same = as_line.0.split_whitespace().collect::<String>() == as_column.0;
                Ok(match column_like && (same || as_column.1 > as_line.1) {
                    true => as_column,
                    false => as_line,
                })
            }
            None => Ok(as_line),
        }
    }

    /// Reads one strip. A reading the recognizer is unsure of may be of an upside-down
    /// line: then the orientation check runs, and a line it finds upside down is turned
    /// and read again. Sure readings skip the check (upside-down text reads as unsure
    /// garbage), which saves one classifier run on nearly every line.
    fn read_line(&self, mut crop: LineCrop) -> Result<Reading, PerceptionError> {
        let reading = self.recognizer.recognize(&crop)?;
        match &self.orientation {
            Some(check) if reading.1 < SURE_READING && check.is_upside_down(&crop)? => {
                crop.rotate_180();
                self.recognizer.recognize(&crop)
            }
            _ => Ok(reading),
        }
    }
}
