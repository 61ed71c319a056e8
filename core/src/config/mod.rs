//! The companion's configuration: where data and models live, and the privacy switches.
//! Loadable from TOML; every field has a sensible default, unknown keys are refused so a
//! typo is reported instead of silently ignored.

mod api_keys;
mod confirmation;
mod error;
mod secret;

pub use confirmation::ConfirmationConfig;
pub use error::ConfigError;
pub use secret::Secret;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use crate::services::ProvidersConfig;

/// Privacy switches. The defaults keep the least.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Camera frames stay in memory: the companion never writes one to disk. Must be `true`
    /// (`false` is refused by validation, so the promise cannot be silently switched off).
    pub frames_in_memory_only: bool,
    /// Delete history entries older than this many days, at start and daily (0 keeps them until
    /// forgotten).
    pub history_retention_days: u32,
}

impl Default for PrivacyConfig {
    fn default() -> Self {
        Self {
            frames_in_memory_only: true,
            history_retention_days: 30,
        }
    }
}

/// Everything the core needs to start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Folder for the database and the embedded demo-city data.
    pub data_dir: PathBuf,
    /// Folder with the on-device model files (`cargo xtask models` fills it).
    pub models_dir: PathBuf,
    /// Privacy switches.
    pub privacy: PrivacyConfig,
    /// How long a card's action can be confirmed, and how much a tap may pay.
    pub confirmation: ConfirmationConfig,
    /// Which provider serves each limb, and the take rates (see docs/config.md).
    pub providers: ProvidersConfig,
    /// The optional LLM path for understanding requests (off by default; docs/intents.md).
    pub llm: crate::intent::llm::LlmConfig,
    /// Dwell, speed and "what is in front" thresholds.
    pub context: crate::context::ContextConfig,
    /// Throttling of proactive cards.
    pub proactive: crate::proactive::ProactiveConfig,
    /// On-device perception settings.
    pub perception: crate::perception::PerceptionConfig,
    /// Speech recognition: languages, endpointing (docs/voice.md).
    pub voice: crate::voice::VoiceConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("sightline-data"),
            models_dir: PathBuf::from("models"),
            privacy: PrivacyConfig::default(),
            confirmation: ConfirmationConfig::default(),
            providers: ProvidersConfig::default(),
            llm: crate::intent::llm::LlmConfig::default(),
            context: crate::context::ContextConfig::default(),
            proactive: crate::proactive::ProactiveConfig::default(),
            perception: crate::perception::PerceptionConfig::default(),
            voice: crate::voice::VoiceConfig::default(),
        }
    }
}

impl Config {
    /// A default configuration rooted at `data_dir`.
    pub fn with_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            data_dir: data_dir.into(),
            ..Self::default()
        }
    }

    /// Parses TOML text; `origin` names the source in error messages.
    pub fn from_toml_str(text: &str, origin: &Path) -> Result<Self, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: origin.to_path_buf(),
            reason: e.to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Reads and parses a TOML file.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        Self::from_toml_str(&text, path)
    }

    /// Checks values that parse but cannot work.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.data_dir.as_os_str().is_empty() {
            return Err(ConfigError::Invalid {
                field: "data_dir".into(),
                reason: "must not be empty".into(),
            });
        }
        if self.models_dir.as_os_str().is_empty() {
            return Err(ConfigError::Invalid {
                field: "models_dir".into(),
                reason: "must not be empty".into(),
            });
        }
        if !self.privacy.frames_in_memory_only {
            return Err(ConfigError::Invalid {
                field: "privacy.frames_in_memory_only".into(),
                reason: "the companion keeps camera frames only in memory; writing them to disk \
                         is not supported"
                    .into(),
            });
        }
        self.confirmation.validate()?;
        self.context.validate()?;
        self.proactive.validate()?;
        self.providers.validate()?;
        self.perception
            .validate()
            .map_err(|e| ConfigError::Invalid {
                field: "perception".into(),
                reason: e.to_string(),
            })?;
        self.voice.validate().map_err(|e| match e {
            crate::voice::VoiceError::Config { field, reason } => ConfigError::Invalid {
                field: field.into(),
                reason,
            },
            other => ConfigError::Invalid {
                field: "voice".into(),
                reason: other.to_string(),
            },
        })
    }

    /// Path of the SQLite database inside the data dir.
    pub fn database_path(&self) -> PathBuf {
        self.data_dir.join("sightline.db")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_defaults() {
        let c = Config::from_toml_str(
            "data_dir = \"/tmp/x\"\n[privacy]\nhistory_retention_days = 7\n",
            Path::new("t.toml"),
        )
        .unwrap();
        assert_eq!(c.data_dir, PathBuf::from("/tmp/x"));
        assert_eq!(c.privacy.history_retention_days, 7);
        assert!(c.privacy.frames_in_memory_only);
        assert_eq!(c.models_dir, PathBuf::from("models"));
    }

    #[test]
    fn unknown_key_is_an_error_naming_the_file() {
        let err = Config::from_toml_str("data_dri = \"x\"", Path::new("bad.toml")).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("bad.toml") && msg.contains("data_dri"),
            "{msg}"
        );
    }

    #[test]
    fn wrong_type_and_empty_values_are_errors() {
        assert!(Config::from_toml_str("data_dir = 3", Path::new("a")).is_err());
        let err = Config::from_toml_str("data_dir = \"\"", Path::new("a")).unwrap_err();
        assert!(matches!(err, ConfigError::Invalid { .. }));
        assert!(matches!(
            Config::load(Path::new("/nonexistent/sightline.toml")),
            Err(ConfigError::Read { .. })
        ));
    }

    #[test]
    fn providers_are_chosen_per_limb() {
        let c = Config::from_toml_str(
            "[providers]\nplaces = { kind = \"http\", base_url = \"http://127.0.0.1:9\", api_key = \"k-123\" }\n[providers.take_rate_bp]\nretail = 450\n",
            Path::new("p.toml"),
        )
        .unwrap();
        let crate::services::ProviderChoice::Http(http) = &c.providers.places else {
            panic!("places should be http: {:?}", c.providers.places);
        };
        assert_eq!((http.timeout_ms, http.api_key.expose()), (5_000, "k-123"));
        assert!(!format!("{c:?}").contains("k-123"));
        assert_eq!(
            c.providers.catalog,
            crate::services::ProviderChoice::Embedded
        );
        assert_eq!(c.providers.take_rate_bp("retail"), 450);
        assert_eq!(c.providers.take_rate_bp("unknown"), 500);
        for bad in [
            "[providers]\nplaces = { kind = \"http\", base_url = \"ftp://x\" }",
            "[providers]\nplaces = { kind = \"http\", base_url = \"not a url\" }",
            "[providers]\nplaces = { kind = \"http\", base_url = \"http://x\", timeout_ms = 0 }",
            "[providers]\nplaces = { kind = \"http\", base_url = \"http://x\", colour = 1 }",
            "[providers]\nplaces = { kind = \"carrier-pigeon\" }",
            "[providers]\ndefault_take_rate_bp = 20000",
        ] {
            assert!(Config::from_toml_str(bad, Path::new("p")).is_err(), "{bad}");
        }
    }

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("sk-very-secret");
        assert!(!format!("{s:?} {s}").contains("very-secret"));
        assert_eq!(s.expose(), "sk-very-secret");
    }
}
