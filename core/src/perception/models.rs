//! The model store: finds each model file, checks it is the verified file, and turns it into
//! one optimised tract plan per input shape ("size bucket"), built once and shared.
//!
//! tract needs fixed input shapes for the PP-OCR models (a symbolic width fails to load), so
//! a model is parsed once and optimised separately for every bucket it is used at.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tract_onnx::pb::ModelProto;
use tract_onnx::prelude::*;

use crate::perception::PerceptionError;

/// A model file and how it is verified.
#[derive(Debug, Clone, Copy)]
pub struct ModelFile {
    /// File name inside the models folder.
    pub name: &'static str,
    /// How to tell the file is the right one.
    pub check: Check,
}

/// How a model file is verified before first use.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// Exact size and sha256 (files shipped as-is by a package).
    Sha256 {
        /// Size in bytes.
        size: u64,
        /// Hex sha256.
        sha256: &'static str,
    },
    /// The sha256 written next to the file (`FILE.sha256`) by the setup step that produced
    /// it (the converted scene model, whose hash depends on the converter).
    Sidecar,
}

/// PP-OCRv4 text detection.
pub const DETECTOR: ModelFile = ModelFile {
    name: "ch_PP-OCRv4_det_infer.onnx",
    check: Check::Sha256 {
        size: 4_745_517,
        sha256: "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
    },
};
/// PP-OCRv4 text recognition (CTC, dictionary in the metadata).
pub const RECOGNIZER: ModelFile = ModelFile {
    name: "ch_PP-OCRv4_rec_infer.onnx",
    check: Check::Sha256 {
        size: 10_857_958,
        sha256: "48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
    },
};
/// PP-OCR 0°/180° text-line classifier.
pub const ORIENTATION: ModelFile = ModelFile {
    name: "ch_ppocr_mobile_v2.0_cls_infer.onnx",
    check: Check::Sha256 {
        size: 585_532,
        sha256: "e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c",
    },
};
/// EfficientNet-Lite0 (ImageNet), converted to ONNX by `cargo xtask models`.
pub const SCENE: ModelFile = ModelFile {
    name: "efficientnet-lite0.onnx",
    check: Check::Sidecar,
};

/// Where the model files are.
#[derive(Debug, Clone)]
pub struct ModelStore {
    dir: PathBuf,
}

impl ModelStore {
    /// A store reading from `dir`.
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    /// A handle on one model. Nothing is read until the model is first used.
    pub fn model(&self, file: ModelFile) -> OnnxModel {
        OnnxModel {
            file,
            path: self.dir.join(file.name),
            proto: Mutex::new(None),
            plans: Mutex::new(HashMap::new()),
        }
    }
}

/// An optimised, runnable tract plan for one input shape.
pub type Plan = Arc<TypedRunnableModel>;

/// One ONNX model: verified and parsed on first use, then optimised once per input shape.
/// The parsed file (as large as the file) is kept only while plans are still to be built:
/// [`OnnxModel::warm_up`] drops it once every bucket has its plan.
#[derive(Debug)]
pub struct OnnxModel {
    file: ModelFile,
    path: PathBuf,
    proto: Mutex<Option<Arc<ModelProto>>>,
    plans: Mutex<HashMap<Vec<usize>, Plan>>,
}

impl OnnxModel {
    /// The model file's name.
    pub fn name(&self) -> &'static str {
        self.file.name
    }

    /// The parsed model, reading and verifying the file when it is not held.
    pub fn proto(&self) -> Result<Arc<ModelProto>, PerceptionError> {
        let mut held = self
            .proto
            .lock()
            .map_err(|_| self.load_error("lock poisoned"))?;
        if let Some(proto) = held.as_ref() {
            return Ok(proto.clone());
        }
        let bytes = read_verified(&self.path, self.file.check)?;
        let proto = Arc::new(
            tract_onnx::onnx()
                .proto_model_for_read(&mut bytes.as_slice())
                .map_err(|e| PerceptionError::ModelDamaged {
                    path: self.path.clone(),
                    reason: format!("not a readable ONNX model: {e}"),
                })?,
        );
        *held = Some(proto.clone());
        Ok(proto)
    }

    /// Builds the plan of every shape in `shapes` now, then drops the parsed file: the
    /// plans hold what they run on. A plan for another shape later reads and verifies the
    /// file again.
    pub fn warm_up(&self, shapes: &[[usize; 4]]) -> Result<(), PerceptionError> {
        for shape in shapes {
            self.plan(shape)?;
        }
        if let Ok(mut held) = self.proto.lock() {
            *held = None;
        }
        Ok(())
    }

    /// A metadata value of the model (`metadata_props`).
    pub fn metadata(&self, key: &str) -> Result<Option<String>, PerceptionError> {
        Ok(self
            .proto()?
            .metadata_props
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.value.clone()))
    }

    /// The plan for input `shape` (NCHW), optimised and warmed up on first request.
    pub fn plan(&self, shape: &[usize]) -> Result<Plan, PerceptionError> {
        if let Some(plan) = self.plans.lock().ok().and_then(|p| p.get(shape).cloned()) {
            return Ok(plan);
        }
        let plan = self.optimise(shape)?;
        // Warm-up: the first run allocates the plan's buffers.
        plan.run(tvec!(
            Tensor::zero::<f32>(shape)
                .map_err(|e| self.load_error(e))?
                .into()
        ))
        .map_err(|e| self.load_error(e))?;
        if let Ok(mut plans) = self.plans.lock() {
            plans.insert(shape.to_vec(), plan.clone());
        }
        Ok(plan)
    }

    fn optimise(&self, shape: &[usize]) -> Result<Plan, PerceptionError> {
        let proto = self.proto()?;
        tract_onnx::onnx()
            .model_for_proto_model(&proto)
            .and_then(|m| m.with_input_fact(0, f32::fact(shape).into()))
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| self.load_error(e))
    }

    fn load_error(&self, e: impl std::fmt::Display) -> PerceptionError {
        PerceptionError::ModelLoad {
            file: self.file.name.to_string(),
            reason: e.to_string(),
        }
    }

    /// Runs the model on one NCHW float input of `shape` holding `data` (row-major) and
    /// returns the values of its first output, flat in row-major order.
    pub fn run(
        &self,
        stage: &'static str,
        shape: [usize; 4],
        data: Vec<f32>,
    ) -> Result<Vec<f32>, PerceptionError> {
        let failed = |reason: String| PerceptionError::Inference { stage, reason };
        let input = tract_ndarray::Array4::from_shape_vec(shape, data)
            .map_err(|e| failed(e.to_string()))?;
        let plan = self.plan(&shape)?;
        let outputs = plan
            .run(tvec!(Tensor::from(input).into()))
            .map_err(|e| failed(e.to_string()))?;
        let first = outputs
            .first()
            .ok_or_else(|| failed(format!("{} produced no output", self.file.name)))?;
        let values = first
            .to_plain_array_view::<f32>()
            .map_err(|e| failed(e.to_string()))?;
        Ok(values.iter().copied().collect())
    }
}

/// Reads a model file whole and checks it against `check`.
fn read_verified(path: &Path, check: Check) -> Result<Vec<u8>, PerceptionError> {
    let damaged = |reason: String| PerceptionError::ModelDamaged {
        path: path.to_path_buf(),
        reason,
    };
    let mut bytes = Vec::new();
    match std::fs::File::open(path) {
        Ok(mut f) => f
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(format!("unreadable: {e}")))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PerceptionError::ModelMissing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(damaged(format!("cannot open: {e}"))),
    };
    let (size, expected) = match check {
        Check::Sha256 { size, sha256 } => (Some(size), sha256.to_string()),
        Check::Sidecar => {
            let sidecar = PathBuf::from(format!("{}.sha256", path.display()));
            let text = std::fs::read_to_string(&sidecar).map_err(|_| {
                damaged(format!(
                    "its checksum file {} is missing",
                    sidecar.display()
                ))
            })?;
            (None, text.trim().to_string())
        }
    };
    if let Some(size) = size.filter(|&s| s != bytes.len() as u64) {
        return Err(damaged(format!("{} bytes, expected {size}", bytes.len())));
    }
    let actual = hex::encode(Sha256::digest(&bytes));
    if actual != expected {
        return Err(damaged(format!("sha256 {actual}, expected {expected}")));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_and_truncated_files_are_named_with_the_fix() {
        let dir = tempfile::tempdir().unwrap();
        let store = ModelStore::new(dir.path());
        let err = store.model(DETECTOR).proto().unwrap_err();
        assert!(matches!(err, PerceptionError::ModelMissing { .. }));
        assert!(err.to_string().contains("ch_PP-OCRv4_det_infer.onnx"));
        assert!(err.to_string().contains("cargo xtask models"));

        std::fs::write(dir.path().join(DETECTOR.name), b"truncated").unwrap();
        let err = store.model(DETECTOR).proto().unwrap_err();
        assert!(matches!(err, PerceptionError::ModelDamaged { .. }), "{err}");

        std::fs::write(dir.path().join(SCENE.name), b"no sidecar").unwrap();
        let err = store.model(SCENE).proto().unwrap_err();
        assert!(err.to_string().contains("checksum file"), "{err}");
    }
}
