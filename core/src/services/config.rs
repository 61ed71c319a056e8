//! The `[providers]` config section: per limb, the embedded demo city or a remote HTTP
//! provider, and the take rates the ledger charges per merchant category.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::config::ConfigError;
use crate::config::Secret;

/// Where one limb's answers come from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ProviderChoice {
    /// The embedded demo city (no network).
    #[default]
    Embedded,
    /// A remote provider over HTTP: the Amap POI API for places, the REST contract of
    /// `docs/providers.md` for the other limbs.
    Http(HttpProviderConfig),
}

/// How to reach a remote provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpProviderConfig {
    /// Base URL, e.g. `https://restapi.example.com` (paths are appended).
    pub base_url: String,
    /// Time limit for one whole request, headers and body, in ms.
    #[serde(default = "default_timeout_ms")]
    pub timeout_ms: u64,
    /// API key (Amap: the `key` parameter; REST: a bearer token). Never logged.
    #[serde(default)]
    pub api_key: Secret,
    /// Extra attempts for idempotent requests after a timeout, 429 or 5xx.
    #[serde(default = "default_retries")]
    pub retries: u32,
    /// Largest answer accepted, in bytes.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: usize,
}

fn default_timeout_ms() -> u64 {
    5_000
}
fn default_retries() -> u32 {
    2
}
fn default_max_body_bytes() -> usize {
    2 * 1024 * 1024
}

impl HttpProviderConfig {
    /// A config with the defaults for everything but the base URL.
    pub fn new(base_url: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            timeout_ms: default_timeout_ms(),
            api_key: Secret::default(),
            retries: default_retries(),
            max_body_bytes: default_max_body_bytes(),
        }
    }
}

/// The `[providers]` section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProvidersConfig {
    /// Points of interest.
    pub places: ProviderChoice,
    /// Products, offers, stock.
    pub catalog: ProviderChoice,
    /// Trains, flights, hotels.
    pub travel: ProviderChoice,
    /// Shared bikes.
    pub mobility: ProviderChoice,
    /// Landmark narratives.
    pub guides: ProviderChoice,
    /// Payments.
    pub payments: ProviderChoice,
    /// Platform commission per merchant category, in basis points (500 = 5 %).
    pub take_rate_bp: BTreeMap<String, i64>,
    /// Commission for categories not listed in `take_rate_bp`.
    pub default_take_rate_bp: i64,
}

impl Default for ProvidersConfig {
    fn default() -> Self {
        let rates = [
            ("retail", 500),
            ("food", 800),
            ("rail", 100),
            ("air", 200),
            ("hotel", 1000),
            ("mobility", 300),
            ("merchant_code", 60),
        ];
        Self {
            places: ProviderChoice::Embedded,
            catalog: ProviderChoice::Embedded,
            travel: ProviderChoice::Embedded,
            mobility: ProviderChoice::Embedded,
            guides: ProviderChoice::Embedded,
            payments: ProviderChoice::Embedded,
            take_rate_bp: rates.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            default_take_rate_bp: 500,
        }
    }
}

impl ProvidersConfig {
    /// The take rate for a merchant category, in basis points.
    pub fn take_rate_bp(&self, category: &str) -> i64 {
        self.take_rate_bp
            .get(category)
            .copied()
            .unwrap_or(self.default_take_rate_bp)
    }

    /// Checks values that parse but cannot work.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let limbs = [
            ("places", &self.places),
            ("catalog", &self.catalog),
            ("travel", &self.travel),
            ("mobility", &self.mobility),
            ("guides", &self.guides),
            ("payments", &self.payments),
        ];
        for (name, choice) in limbs {
            if let ProviderChoice::Http(http) = choice {
                validate_http(name, http)?;
            }
        }
        let rates = self
            .take_rate_bp
            .iter()
            .map(|(k, v)| (format!("providers.take_rate_bp.{k}"), *v))
            .chain([(
                "providers.default_take_rate_bp".to_string(),
                self.default_take_rate_bp,
            )]);
        for (field, bp) in rates {
            if !(0..=10_000).contains(&bp) {
                return Err(ConfigError::Invalid {
                    field,
                    reason: format!("{bp} basis points is not within 0..=10000"),
                });
            }
        }
        Ok(())
    }
}

fn validate_http(limb: &str, http: &HttpProviderConfig) -> Result<(), ConfigError> {
    let invalid = |key: &str, reason: String| ConfigError::Invalid {
        field: format!("providers.{limb}.{key}"),
        reason,
    };
    let url = reqwest::Url::parse(&http.base_url)
        .map_err(|e| invalid("base_url", format!("`{}` is not a URL: {e}", http.base_url)))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(invalid(
            "base_url",
            format!("`{}` must be an http(s) URL with a host", http.base_url),
        ));
    }
    if !(1..=120_000).contains(&http.timeout_ms) {
        return Err(invalid("timeout_ms", "must be 1..=120000".into()));
    }
    if http.retries > 5 {
        return Err(invalid("retries", "at most 5".into()));
    }
    if http.max_body_bytes < 1024 {
        return Err(invalid("max_body_bytes", "at least 1024".into()));
    }
    Ok(())
}
