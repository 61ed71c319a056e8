//! Text recognition: PP-OCRv4's CRNN-style model on a 48-pixel strip, optimised for a few
//! fixed widths (tract needs fixed shapes); each line goes to the narrowest width that holds
//! it, padded with mid grey as PaddleOCR does.

use tract_onnx::prelude::*;

use crate::perception::PerceptionError;
use crate::perception::models::{ModelStore, OnnxModel, RECOGNIZER};
use crate::perception::ocr::crop::{LINE_HEIGHT, LineCrop, MAX_LINE_WIDTH};
use crate::perception::ocr::ctc::Dictionary;

/// Strip widths the recognizer is optimised for (the last is `MAX_LINE_WIDTH`).
const WIDTHS: [usize; 5] = [160, 320, 480, 640, MAX_LINE_WIDTH];
/// The model's output has one time step per this many input columns.
const COLUMNS_PER_STEP: usize = 8;

/// The recognizer and its dictionary.
#[derive(Debug)]
pub struct Recognizer {
    model: OnnxModel,
    dictionary: Dictionary,
}

impl Recognizer {
    /// Opens the recognizer in `store` and reads its dictionary (this parses the model).
    pub fn new(store: &ModelStore) -> Result<Self, PerceptionError> {
        let model = store.model(RECOGNIZER);
        let character = model.metadata("character")?.ok_or_else(|| {
            PerceptionError::ModelLoad {
                file: RECOGNIZER.name.into(),
                reason: "no `character` dictionary in the model metadata".into(),
            }
        })?;
        let num_classes = output_classes(&model)?;
        let dictionary = Dictionary::from_metadata(&character, num_classes)?;
        Ok(Self { model, dictionary })
    }

    /// Optimises every width bucket now.
    pub fn warm_up(&self) -> Result<(), PerceptionError> {
        for w in WIDTHS {
            self.model.plan(&[1, 3, LINE_HEIGHT, w])?;
        }
        Ok(())
    }

    /// The dictionary the output is decoded with.
    pub fn dictionary(&self) -> &Dictionary {
        &self.dictionary
    }

    /// Reads one line: its text and mean character confidence.
    pub fn recognize(&self, crop: &LineCrop) -> Result<(String, f32), PerceptionError> {
        let width = WIDTHS
            .iter()
            .copied()
            .find(|&w| w >= crop.width)
            .unwrap_or(MAX_LINE_WIDTH);
        let mut data = vec![0f32; 3 * LINE_HEIGHT * width];
        crop.write_padded(&mut data, width);
        let input = tract_ndarray::Array4::from_shape_vec((1, 3, LINE_HEIGHT, width), data)
            .map_err(|e| inference(e.to_string()))?;
        let output = self.model.run("text recognition", input.into())?;
        let probs = output
            .to_plain_array_view::<f32>()
            .map_err(|e| inference(e.to_string()))?;
        let flat: Vec<f32> = probs.iter().copied().collect();
        // Steps past the content (plus one for the receptive field) see only padding.
        let steps = (crop.width.min(width)).div_ceil(COLUMNS_PER_STEP) + 1;
        Ok(self.dictionary.decode(&flat, steps))
    }
}

fn inference(reason: String) -> PerceptionError {
    PerceptionError::Inference {
        stage: "text recognition",
        reason,
    }
}

/// The number of classes in the recognizer's output (last dimension of its output).
fn output_classes(model: &OnnxModel) -> Result<usize, PerceptionError> {
    let proto = model.proto()?;
    proto
        .graph
        .as_ref()
        .and_then(|g| g.output.first())
        .and_then(|o| o.r#type.as_ref())
        .and_then(|t| match &t.value {
            Some(tract_onnx::pb::type_proto::Value::TensorType(tt)) => tt.shape.as_ref(),
            _ => None,
        })
        .and_then(|s| s.dim.last())
        .and_then(|d| match d.value {
            Some(tract_onnx::pb::tensor_shape_proto::dimension::Value::DimValue(v)) => {
                usize::try_from(v).ok()
            }
            _ => None,
        })
        .ok_or_else(|| PerceptionError::ModelLoad {
            file: RECOGNIZER.name.into(),
            reason: "the output's class count is not declared".into(),
        })
}
