//! The 0°/180° text-line check (PP-OCR mobile v2 classifier): a line read upside down is
//! turned before recognition.

use crate::perception::PerceptionError;
use crate::perception::models::{BundledModel, ModelFile, ModelStore, image_shapes};
use crate::perception::ocr::crop::{LINE_HEIGHT, LineCrop};

/// The classifier's input width.
const WIDTH: usize = 192;
/// The classifier's one input shape.
const INPUT_SHAPES: [[usize; 4]; 1] = image_shapes([(LINE_HEIGHT, WIDTH)]);
/// PP-OCR 0°/180° text-line classifier.
pub const ORIENTATION: ModelFile = ModelFile {
    name: "ocr-orientation.nnef.tar",
    source: "ch_ppocr_mobile_v2.0_cls_infer.onnx",
    shapes: &INPUT_SHAPES,
};
/// A line is turned only when the classifier is at least this sure it is upside down.
const MIN_CONFIDENCE: f32 = 0.9;

/// The orientation classifier.
#[derive(Debug)]
pub struct OrientationCheck {
    model: BundledModel,
}

impl OrientationCheck {
    /// The classifier in `store` (loaded on first use).
    pub fn new(store: &ModelStore) -> Self {
        Self {
            model: store.model(ORIENTATION),
        }
    }

    /// Optimises the classifier now.
    pub fn warm_up(&self) -> Result<(), PerceptionError> {
        self.model.warm_up()
    }

    /// True when `crop` is upside down.
    pub fn is_upside_down(&self, crop: &LineCrop) -> Result<bool, PerceptionError> {
        let mut data = vec![0f32; 3 * LINE_HEIGHT * WIDTH];
        crop.write_padded(&mut data, WIDTH);
        let p = self
            .model
            .run("orientation check", [1, 3, LINE_HEIGHT, WIDTH], data)?;
        Ok(p.len() == 2 && p[1] > p[0] && p[1] >= MIN_CONFIDENCE)
    }
}
