//! What can go wrong while perceiving a frame, each with what to do about it.

use std::path::PathBuf;
use thiserror::Error;

/// A perception failure. Bad input and bad model files are typed errors, never panics.
#[derive(Debug, Error)]
pub enum PerceptionError {
    /// A model file is not where it should be.
    #[error(
        "model file {path} is missing; run `cargo xtask models` to fetch it, or point `--models-dir` (the config's `models_dir`) at the folder that has it"
    )]
    ModelMissing {
        /// The file that was looked for.
        path: PathBuf,
    },
    /// A model file is there but is not the verified file (truncated, corrupt, replaced).
    #[error("model file {path} is damaged ({reason}); delete it and run `cargo xtask models`")]
    ModelDamaged {
        /// The file that failed the check.
        path: PathBuf,
        /// What did not match.
        reason: String,
    },
    /// tract could not load or optimise a verified model.
    #[error("cannot load model {file}: {reason}")]
    ModelLoad {
        /// The model's file name.
        file: String,
        /// tract's explanation.
        reason: String,
    },
    /// Running a model failed.
    #[error("{stage} failed: {reason}")]
    Inference {
        /// The stage that failed (detection, recognition, …).
        stage: &'static str,
        /// The underlying reason.
        reason: String,
    },
    /// The input had no bytes.
    #[error("empty image: no bytes were given")]
    EmptyInput,
    /// The bytes are not a JPEG or PNG.
    #[error("unsupported image format: only JPEG and PNG are read")]
    UnsupportedFormat,
    /// The image is corrupt or truncated.
    #[error("cannot decode the image: {0}")]
    Decode(String),
    /// The image has no pixels.
    #[error("the image has zero width or height ({width}×{height})")]
    ZeroSize {
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
    },
    /// The image is larger than the configured limit (refused before decoding).
    #[error(
        "the image is {width}×{height}, above the limit of {max_pixels} pixels (the config's `perception.max_pixels`)"
    )]
    TooLarge {
        /// Declared width.
        width: u32,
        /// Declared height.
        height: u32,
        /// The configured limit.
        max_pixels: u64,
    },
    /// A region-of-interest request made no sense.
    #[error("bad region: {0}")]
    BadRegion(String),
    /// A perception setting cannot work.
    #[error("invalid perception config: {0}")]
    BadConfig(String),
}
