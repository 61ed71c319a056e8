//! The configuration record an app builds a [`crate::Companion`] from.

use std::path::PathBuf;

use sightline_core::config::{Config, PrivacyConfig};

use crate::error::SightlineError;

/// Where the companion keeps its data and models, and the privacy switches.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CompanionConfig {
    /// Folder for the database (the app's private files folder on a phone).
    pub data_dir: String,
    /// Folder with the on-device model files.
    pub models_dir: String,
    /// Privacy switches.
    pub privacy: PrivacySettings,
}

/// Privacy switches; [`default_privacy_settings`] keeps the least.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct PrivacySettings {
    /// Keep camera frames only in memory (frames are written to disk only when the user saves
    /// one explicitly).
    pub frames_in_memory_only: bool,
    /// Delete history older than this many days at start (0 keeps it until forgotten).
    pub history_retention_days: u32,
}

/// The privacy defaults of the core: frames in memory only, history kept 30 days.
#[uniffi::export]
pub fn default_privacy_settings() -> PrivacySettings {
    PrivacySettings::from(PrivacyConfig::default())
}

impl From<PrivacyConfig> for PrivacySettings {
    fn from(p: PrivacyConfig) -> Self {
        Self {
            frames_in_memory_only: p.frames_in_memory_only,
            history_retention_days: p.history_retention_days,
        }
    }
}

impl TryFrom<CompanionConfig> for Config {
    type Error = SightlineError;

    fn try_from(c: CompanionConfig) -> Result<Self, Self::Error> {
        let config = Config {
            data_dir: PathBuf::from(c.data_dir),
            models_dir: PathBuf::from(c.models_dir),
            privacy: PrivacyConfig {
                frames_in_memory_only: c.privacy.frames_in_memory_only,
                history_retention_days: c.privacy.history_retention_days,
            },
        };
        config.validate()?;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_data_dir_is_a_configuration_error() {
        let config = CompanionConfig {
            data_dir: String::new(),
            models_dir: "models".into(),
            privacy: default_privacy_settings(),
        };
        assert!(matches!(
            Config::try_from(config),
            Err(SightlineError::Configuration { .. })
        ));
    }
}
