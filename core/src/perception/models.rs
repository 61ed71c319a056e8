//! The model store: finds each model bundle, checks it is the file the setup step wrote,
//! and turns it into one optimised tract plan per input shape, built once and shared.
//!
//! The models ship in the registry packages as ONNX; `cargo xtask models` compiles each into
//! a [bundle](crate::perception::bundle) of decluttered NNEF graphs, one per input shape
//! the perception code uses (tract needs fixed shapes for the PP-OCR models), and the library
//! reads only those: it carries no ONNX parser (see `docs/perception.md`).

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tract_nnef::prelude::*;

use crate::perception::PerceptionError;
use crate::perception::bundle::Bundle;

/// One model: its bundle, where the bundle is compiled from, and the shapes it runs at.
/// Each stage declares its own (`ocr::DETECTOR`, `scene::SCENE` …); [`crate::perception::MODELS`]
/// lists them all.
#[derive(Debug, Clone, Copy)]
pub struct ModelFile {
    /// The bundle's file name inside the models folder.
    pub name: &'static str,
    /// The ONNX file (fetched and verified by `cargo xtask models`) it is compiled from.
    pub source: &'static str,
    /// Every input shape (NCHW) the perception code runs the model at: one graph each.
    pub shapes: &'static [[usize; 4]],
}

/// NCHW input shapes of one RGB image each, for `(height, width)` sizes.
pub const fn image_shapes<const N: usize>(sizes: [(usize, usize); N]) -> [[usize; 4]; N] {
    let mut shapes = [[0; 4]; N];
    let mut i = 0;
    while i < N {
        shapes[i] = [1, 3, sizes[i].0, sizes[i].1];
        i += 1;
    }
    shapes
}

/// The file next to a bundle holding its sha256, written by the setup step.
pub fn checksum_path(bundle: &Path) -> PathBuf {
    PathBuf::from(format!("{}.sha256", bundle.display()))
}

/// Where the model bundles are.
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
    pub fn model(&self, file: ModelFile) -> BundledModel {
        BundledModel {
            file,
            path: self.dir.join(file.name),
            bundle: Mutex::new(None),
            plans: Mutex::new(HashMap::new()),
        }
    }
}

/// An optimised, runnable tract plan for one input shape.
pub type Plan = Arc<TypedRunnableModel>;

/// One model: its bundle verified and read on first use, then one plan per input shape.
/// The bundle (as large as the file) is kept only while plans are still to be built:
/// [`BundledModel::warm_up`] drops it once every shape has its plan.
#[derive(Debug)]
pub struct BundledModel {
    file: ModelFile,
    path: PathBuf,
    bundle: Mutex<Option<Arc<Bundle>>>,
    plans: Mutex<HashMap<Vec<usize>, Plan>>,
}

impl BundledModel {
    /// The model's bundle file name.
    pub fn name(&self) -> &'static str {
        self.file.name
    }

    /// The bundle, reading and verifying the file when it is not held.
    fn bundle(&self) -> Result<Arc<Bundle>, PerceptionError> {
        let mut held = self
            .bundle
            .lock()
            .map_err(|_| self.load_error("lock poisoned"))?;
        if let Some(bundle) = held.as_ref() {
            return Ok(bundle.clone());
        }
        let bundle = Arc::new(read_bundle(&self.path)?);
        *held = Some(bundle.clone());
        Ok(bundle)
    }

    /// Builds the plan of every shape the model runs at now, then drops the bundle: the
    /// plans hold what they run on.
    pub fn warm_up(&self) -> Result<(), PerceptionError> {
        for shape in self.file.shapes {
            self.plan(shape)?;
        }
        if let Ok(mut held) = self.bundle.lock() {
            *held = None;
        }
        Ok(())
    }

    /// A metadata value of the model, as written from the ONNX file.
    pub fn metadata(&self, key: &str) -> Result<Option<String>, PerceptionError> {
        Ok(self.bundle()?.metadata(key).map(str::to_string))
    }

    /// The shape of the model's first output for input `shape`, read from the graph
    /// without optimising it.
    pub fn output_shape(&self, shape: &[usize]) -> Result<Vec<usize>, PerceptionError> {
        let model = self
            .bundle()?
            .model(shape)
            .map_err(|e| self.load_error(e))?;
        let fact = model.output_fact(0).map_err(|e| self.load_error(e))?;
        fact.shape
            .as_concrete()
            .map(<[usize]>::to_vec)
            .ok_or_else(|| self.load_error(format!("output shape {:?} is not fixed", fact.shape)))
    }

    /// The plan for input `shape` (NCHW), optimised and warmed up on first request.
    pub fn plan(&self, shape: &[usize]) -> Result<Plan, PerceptionError> {
        if let Some(plan) = self.plans.lock().ok().and_then(|p| p.get(shape).cloned()) {
            return Ok(plan);
        }
        let plan = self
            .bundle()?
            .model(shape)
            .and_then(|m| {
                m.into_optimized()
                    .and_then(|m| m.into_runnable())
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| self.load_error(e))?;
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

/// How much of a model file is read at a time by [`read_verified_in_pieces`].
const PIECE: usize = 1 << 20;

/// Reads a model bundle whose file is checked against the sha256 the setup step wrote next to
/// it (also used for the voice bundles). The file is never held whole: a first reading in
/// pieces checks it, a second one parses it, so a damaged file is refused before any of it is
/// parsed and the largest (Whisper's 95-MB encoder) is in memory once, as its weights, not
/// twice. The second reading is checked as well: a file changed between the two is refused.
pub fn read_bundle(path: &Path) -> Result<Bundle, PerceptionError> {
    read_verified_in_pieces(path, |_| {})?;
    let file = std::fs::File::open(path).map_err(|e| damaged(path, format!("cannot open: {e}")))?;
    let mut reader = HashingReader::new(std::io::BufReader::with_capacity(PIECE, file));
    let bundle = Bundle::read(&mut reader)
        .map_err(|reason| damaged(path, format!("not a readable model bundle: {reason}")))?;
    std::io::copy(&mut reader, &mut std::io::sink())
        .map_err(|e| damaged(path, format!("unreadable: {e}")))?;
    if reader.digest() != expected_sha256(path)? {
        return Err(damaged(path, "it changed while it was read".into()));
    }
    Ok(bundle)
}

/// A model file refused as damaged, with the reason.
fn damaged(path: &Path, reason: String) -> PerceptionError {
    PerceptionError::ModelDamaged {
        path: path.to_path_buf(),
        reason,
    }
}

/// A reader that hashes every byte it hands out: both readings of a model file are checked
/// through it.
struct HashingReader<R> {
    inner: R,
    hasher: Sha256,
}

impl<R> HashingReader<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The sha256 of everything read, in hex.
    fn digest(self) -> String {
        hex::encode(self.hasher.finalize())
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buffer)?;
        self.hasher.update(&buffer[..n]);
        Ok(n)
    }
}

/// The sha256 the setup step wrote next to a model file, trimmed.
fn expected_sha256(path: &Path) -> Result<String, PerceptionError> {
    let sidecar = checksum_path(path);
    std::fs::read_to_string(&sidecar)
        .map(|text| text.trim().to_string())
        .map_err(|_| {
            damaged(
                path,
                format!("its checksum file {} is missing", sidecar.display()),
            )
        })
}

/// Reads a model file in pieces of [`PIECE`] bytes (the last may be shorter), handing each to
/// `take` as it is read, and checks the whole against the sha256 the setup step wrote next to
/// it. A caller that turns the bytes into something else (Whisper's 53-MB token table into f16
/// values) then never holds the file twice. What `take` built is only to be used when this
/// returns `Ok`: the check comes after the last piece.
pub fn read_verified_in_pieces(
    path: &Path,
    mut take: impl FnMut(&[u8]),
) -> Result<(), PerceptionError> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(PerceptionError::ModelMissing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(damaged(path, format!("cannot open: {e}"))),
    };
    let mut reader = HashingReader::new(file);
    let mut piece = vec![0; PIECE];
    loop {
        let filled =
            fill(&mut reader, &mut piece).map_err(|e| damaged(path, format!("unreadable: {e}")))?;
        if filled == 0 {
            break;
        }
        take(&piece[..filled]);
    }
    let expected = expected_sha256(path)?;
    let actual = reader.digest();
    if actual != expected {
        return Err(damaged(
            path,
            format!("sha256 {actual}, expected {expected}"),
        ));
    }
    Ok(())
}

/// Reads into the whole of `buffer` unless the file ends first; the number of bytes read.
fn fill(file: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perception::MODELS as ALL;
    use crate::perception::ocr::DETECTOR;

    #[test]
    fn security_missing_damaged_and_unchecked_bundles_are_refused_before_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let store = ModelStore::new(dir.path());
        let err = store.model(DETECTOR).warm_up().unwrap_err();
        assert!(matches!(err, PerceptionError::ModelMissing { .. }));
        assert!(err.to_string().contains(DETECTOR.name));
        assert!(err.to_string().contains("cargo xtask models"));

        let bundle = dir.path().join(DETECTOR.name);
        std::fs::write(&bundle, b"no sidecar").unwrap();
        let err = store.model(DETECTOR).warm_up().unwrap_err();
        assert!(err.to_string().contains("checksum file"), "{err}");

        std::fs::write(checksum_path(&bundle), "0".repeat(64)).unwrap();
        let err = store.model(DETECTOR).warm_up().unwrap_err();
        assert!(err.to_string().contains("sha256"), "{err}");

        let digest = hex::encode(Sha256::digest(b"no sidecar"));
        std::fs::write(checksum_path(&bundle), digest).unwrap();
        let err = store.model(DETECTOR).warm_up().unwrap_err();
        assert!(matches!(err, PerceptionError::ModelDamaged { .. }), "{err}");
        assert!(
            err.to_string().contains("not a readable model bundle"),
            "{err}"
        );
    }

    #[test]
    fn every_model_has_its_own_bundle_and_shapes() {
        let names: std::collections::HashSet<_> = ALL.iter().map(|m| m.name).collect();
        assert_eq!(names.len(), ALL.len());
        assert!(ALL.iter().all(|m| !m.shapes.is_empty()));
    }
}
