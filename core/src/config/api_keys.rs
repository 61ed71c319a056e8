//! API keys at rest: kept in the [`KeyVault`], never in the database or a file we write.
//! A key given in the configuration (the app's settings screen, a TOML file the user wrote)
//! is saved to the vault; a key left out is read back from it. Each stored key is bound to
//! the origin (`scheme://host:port`) of the endpoint it was given for, so a configuration
//! that later points the same provider somewhere else does not send it the stored key.
//!
//! Vault names: `api-key.llm`, `api-key.places`, `api-key.catalog`, `api-key.travel`,
//! `api-key.mobility`, `api-key.guides`, `api-key.payments`.

use tracing::warn;

use super::{Config, Secret};
use crate::services::config::ProviderChoice;
use crate::vault::{KeyVault, VaultError};

/// Prefix of the vault names of API keys.
pub const VAULT_PREFIX: &str = "api-key.";

impl Config {
    /// Saves every API key given in this configuration to `vault`, and fills every key left
    /// out from it (only when it was stored for the same origin). Nothing is written when the
    /// vault already holds the same key. Call it where blocking is allowed (the vault may be
    /// the platform's key store).
    pub fn keep_api_keys_in(&mut self, vault: &dyn KeyVault) -> Result<(), VaultError> {
        let llm = &mut self.llm;
        let p = &mut self.providers;
        let mut slots: Vec<(&str, &str, &mut Secret)> =
            vec![("llm", &llm.base_url, &mut llm.api_key)];
        for (limb, choice) in [
            ("places", &mut p.places),
            ("catalog", &mut p.catalog),
            ("travel", &mut p.travel),
            ("mobility", &mut p.mobility),
            ("guides", &mut p.guides),
            ("payments", &mut p.payments),
        ] {
            if let ProviderChoice::Http(http) = choice {
                slots.push((limb, &http.base_url, &mut http.api_key));
            }
        }
        for (slot, base_url, secret) in slots {
            keep(vault, slot, base_url, secret)?;
        }
        Ok(())
    }
}

/// Keeps one slot's key: see [`Config::keep_api_keys_in`].
fn keep(
    vault: &dyn KeyVault,
    slot: &str,
    base_url: &str,
    secret: &mut Secret,
) -> Result<(), VaultError> {
    let Some(origin) = origin(base_url) else {
        // No endpoint (the LLM off) or not a URL (validation says so): nothing to bind to.
        return Ok(());
    };
    let name = format!("{VAULT_PREFIX}{slot}");
    let stored = vault.load(&name)?;
    let stored = stored.as_deref().and_then(split);
    if !secret.is_empty() {
        if stored != Some((origin.as_str(), secret.expose())) {
            let value = format!("{origin}\n{}", secret.expose());
            vault.save(&name, value.as_bytes())?;
        }
        return Ok(());
    }
    match stored {
        Some((for_origin, key)) if for_origin == origin => *secret = Secret::new(key),
        Some(_) => warn!(
            slot,
            "the stored API key was given for another endpoint: not sent to this one"
        ),
        None => {}
    }
    Ok(())
}

/// `scheme://host[:port]` of `base_url`, or none when it is not a URL with a host.
fn origin(base_url: &str) -> Option<String> {
    let url = reqwest::Url::parse(base_url.trim()).ok()?;
    url.host_str()?;
    Some(url.origin().ascii_serialization())
}

/// `(origin, key)` from a stored value `origin \n key`.
fn split(value: &[u8]) -> Option<(&str, &str)> {
    std::str::from_utf8(value).ok()?.split_once('\n')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::config::HttpProviderConfig;
    use crate::vault::FileVault;

    fn with_keys(llm_key: &str, places_key: &str, places_url: &str) -> Config {
        let mut config = Config::default();
        config.llm.base_url = "https://llm.example.com/v1".into();
        config.llm.api_key = Secret::new(llm_key);
        let mut places = HttpProviderConfig::new(places_url);
        places.api_key = Secret::new(places_key);
        config.providers.places = ProviderChoice::Http(places);
        config
    }

    /// A configuration with these keys after `keep_api_keys_in(vault)`.
    fn kept(vault: &FileVault, llm_key: &str, places_key: &str, places_url: &str) -> Config {
        let mut config = with_keys(llm_key, places_key, places_url);
        config.keep_api_keys_in(vault).unwrap();
        config
    }

    fn places_key(config: &Config) -> &str {
        match &config.providers.places {
            ProviderChoice::Http(http) => http.api_key.expose(),
            ProviderChoice::Embedded => "",
        }
    }

    #[test]
    fn security_api_keys_are_kept_in_the_vault_and_only_for_their_endpoint() {
        let dir = tempfile::tempdir().unwrap();
        let vault = FileVault::new(dir.path().join("keys"));
        let given = kept(
            &vault,
            "sk-llm-123",
            "amap-456",
            "https://restapi.example.com",
        );
        assert_eq!(
            places_key(&given),
            "amap-456",
            "a given key is used as given"
        );

        // The next start names no key: both come back from the vault.
        let next = kept(&vault, "", "", "https://restapi.example.com/v3");
        assert_eq!(next.llm.api_key.expose(), "sk-llm-123");
        assert_eq!(places_key(&next), "amap-456");

        // Pointed elsewhere, the provider does not get the stored key.
        let moved = kept(&vault, "", "", "https://collector.example.net");
        assert_eq!(places_key(&moved), "");
        let downgraded = kept(&vault, "", "", "http://restapi.example.com");
        assert_eq!(
            places_key(&downgraded),
            "",
            "another scheme is another origin"
        );

        // A new key replaces the stored one.
        kept(&vault, "sk-llm-789", "", "https://restapi.example.com");
        let after = kept(&vault, "", "", "https://restapi.example.com");
        assert_eq!(after.llm.api_key.expose(), "sk-llm-789");

        // The keys are in the vault file, under their names, and nowhere in the data folder.
        assert!(
            vault
                .load("api-key.places")
                .unwrap()
                .is_some_and(|v| v.ends_with(b"\namap-456"))
        );
        assert!(
            !format!("{after:?}").contains("sk-llm-789"),
            "Debug never shows it"
        );
    }
}
