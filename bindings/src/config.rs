//! The configuration record an app builds a [`crate::Companion`] from.

use std::path::PathBuf;

use sightline_core::config::{Config, PrivacyConfig, Secret};
use sightline_core::services::config::{HttpProviderConfig, ProviderChoice, ProvidersConfig};

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
    /// Where each limb's answers come from; [`default_provider_settings`] is the embedded,
    /// offline demo city for all of them.
    pub providers: ProviderSettings,
}

/// Where one limb's answers come from.
#[derive(Clone, PartialEq, uniffi::Enum)]
pub enum ProviderSetting {
    /// The embedded demo city: offline, no account.
    Embedded,
    /// A remote provider over HTTP (see docs/providers.md for the contract).
    Http {
        /// Base URL, e.g. `https://api.example.com`.
        base_url: String,
        /// API key or bearer token; never logged, never shown in errors. Kept in the key
        /// vault the companion was opened with, bound to this base URL's origin: pass it
        /// once; `None` uses the key kept for the same origin (docs/security.md).
        api_key: Option<String>,
        /// Time limit for one request in ms; the core's default when absent.
        timeout_ms: Option<u64>,
    },
}

impl std::fmt::Debug for ProviderSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Written by hand so the API key never reaches a log.
        match self {
            Self::Embedded => f.write_str("Embedded"),
            Self::Http {
                base_url,
                timeout_ms,
                ..
            } => f
                .debug_struct("Http")
                .field("base_url", base_url)
                .field("timeout_ms", timeout_ms)
                .finish_non_exhaustive(),
        }
    }
}

/// One [`ProviderSetting`] per limb.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ProviderSettings {
    /// Points of interest.
    pub places: ProviderSetting,
    /// Products, offers, stock.
    pub catalog: ProviderSetting,
    /// Trains, flights, hotels.
    pub travel: ProviderSetting,
    /// Shared bikes.
    pub mobility: ProviderSetting,
    /// Landmark narratives.
    pub guides: ProviderSetting,
    /// Payments.
    pub payments: ProviderSetting,
}

/// The embedded, offline demo city for every limb.
#[uniffi::export]
pub fn default_provider_settings() -> ProviderSettings {
    ProviderSettings {
        places: ProviderSetting::Embedded,
        catalog: ProviderSetting::Embedded,
        travel: ProviderSetting::Embedded,
        mobility: ProviderSetting::Embedded,
        guides: ProviderSetting::Embedded,
        payments: ProviderSetting::Embedded,
    }
}

impl From<ProviderSetting> for ProviderChoice {
    fn from(s: ProviderSetting) -> Self {
        match s {
            ProviderSetting::Embedded => ProviderChoice::Embedded,
            ProviderSetting::Http {
                base_url,
                api_key,
                timeout_ms,
            } => {
                let mut http = HttpProviderConfig::new(base_url);
                http.api_key = Secret::new(api_key.unwrap_or_default());
                if let Some(ms) = timeout_ms {
                    http.timeout_ms = ms;
                }
                ProviderChoice::Http(http)
            }
        }
    }
}

impl From<ProviderSettings> for ProvidersConfig {
    fn from(p: ProviderSettings) -> Self {
        Self {
            places: p.places.into(),
            catalog: p.catalog.into(),
            travel: p.travel.into(),
            mobility: p.mobility.into(),
            guides: p.guides.into(),
            payments: p.payments.into(),
            ..ProvidersConfig::default()
        }
    }
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
            providers: c.providers.into(),
            ..Config::default()
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
            providers: default_provider_settings(),
        };
        assert!(matches!(
            Config::try_from(config),
            Err(SightlineError::Configuration { .. })
        ));
    }

    #[test]
    fn http_provider_is_validated_and_its_key_never_prints() {
        let mut providers = default_provider_settings();
        providers.catalog = ProviderSetting::Http {
            base_url: "not a url".into(),
            api_key: Some("sk-live-123".into()),
            timeout_ms: None,
        };
        assert!(!format!("{providers:?}").contains("sk-live"));
        let config = CompanionConfig {
            data_dir: "d".into(),
            models_dir: "m".into(),
            privacy: default_privacy_settings(),
            providers,
        };
        let err = Config::try_from(config).unwrap_err();
        assert!(
            matches!(&err, SightlineError::Configuration { reason } if reason.contains("providers.catalog.base_url")),
            "{err}"
        );
        assert!(!err.to_string().contains("sk-live"));
    }
}
