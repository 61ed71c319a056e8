//! `ConfigError`: what is wrong with a configuration, named by file or field. A leaf, so every
//! module that validates its own settings can return it without reaching back into `config`.

use std::path::PathBuf;
use thiserror::Error;

/// A configuration problem, with the file and the reason.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}: {reason}")]
    Read {
        /// The file that was asked for.
        path: PathBuf,
        /// What the operating system said.
        reason: String,
    },
    /// The file is not valid TOML or has a wrong key or value.
    #[error("bad config file {path}: {reason}")]
    Parse {
        /// The file that was read.
        path: PathBuf,
        /// What is wrong, with line and column where TOML gives them.
        reason: String,
    },
    /// A value parsed but makes no sense.
    #[error("invalid config value `{field}`: {reason}")]
    Invalid {
        /// The dotted name of the field.
        field: String,
        /// Why it is refused.
        reason: String,
    },
}
