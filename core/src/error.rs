//! The one error type of the core. Each module has its own `thiserror` enum; this type wraps
//! them so callers (the CLI, the FFI crate) can match on the area that failed.

use thiserror::Error;

/// Any failure of the Sightline core.
#[derive(Debug, Error)]
pub enum Error {
    /// The configuration file or a value in it is wrong.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The local database failed or refused to open.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// A service provider (places, catalog, travel, mobility, guides, payments) failed.
    #[error(transparent)]
    Service(#[from] crate::services::ServiceError),
    /// The companion refused a request (unknown action, nothing in view…).
    #[error(transparent)]
    Companion(#[from] crate::companion::CompanionError),
    /// The glasses link failed.
    #[error(transparent)]
    Link(#[from] crate::link::LinkError),
    /// Perception (models, frames) failed.
    #[error(transparent)]
    Perception(#[from] crate::perception::PerceptionError),
    /// Speech recognition (models, audio) failed.
    #[error(transparent)]
    Voice(#[from] crate::voice::VoiceError),
    /// The LLM planner could not be set up (bad endpoint settings).
    #[error(transparent)]
    Llm(#[from] crate::intent::llm::LlmError),
    /// The shared async runtime could not be started.
    #[error("could not start the async runtime: {0}")]
    Runtime(String),
}

/// Result with the core's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
