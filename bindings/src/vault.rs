//! The platform's key store as a foreign trait: Android Keystore, iOS Keychain. The core keeps
//! one random key there (the *store key*) and seals with it the secrets the database holds —
//! the phone's private key for the glasses link and the paired glasses' keys — so a copied
//! database file (a backup, a lost laptop) yields no key.
//!
//! The vault is read once, when [`companion_with_key_vault`] runs on the caller's thread:
//! never from an async worker of the core.

use std::sync::Arc;

use sightline_core::Config;
use sightline_core::companion::Companion as CoreCompanion;
use sightline_core::vault::{self, VaultError};
use uniffi::UnexpectedUniFFICallbackError;

use crate::companion::Companion;
use crate::config::CompanionConfig;
use crate::error::SightlineError;

/// A failure reported by a foreign [`KeyVault`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum VaultFailure {
    /// The key store cannot be used now (device locked, key invalidated, storage error).
    #[error("key store unavailable: {reason}")]
    Unavailable {
        /// What the platform said (never a secret).
        reason: String,
    },
}

impl From<UnexpectedUniFFICallbackError> for VaultFailure {
    fn from(e: UnexpectedUniFFICallbackError) -> Self {
        Self::Unavailable { reason: e.reason }
    }
}

/// Named secrets in the platform's key store, implemented in Kotlin (Android Keystore) or
/// Swift (iOS Keychain). Must keep them out of backups and device transfers, readable by this
/// app only. Names are `[a-z0-9._-]{1,64}`.
#[uniffi::export(foreign)]
pub trait KeyVault: Send + Sync {
    /// The secret stored under `name`, or none.
    fn load(&self, name: String) -> Result<Option<Vec<u8>>, VaultFailure>;
    /// Stores `secret` under `name`, replacing any earlier one.
    fn save(&self, name: String, secret: Vec<u8>) -> Result<(), VaultFailure>;
    /// Deletes the secret under `name`; nothing stored is not an error.
    fn delete(&self, name: String) -> Result<(), VaultFailure>;
}

/// The core's vault over a foreign one.
struct ForeignVault(Arc<dyn KeyVault>);

fn unavailable(e: VaultFailure) -> VaultError {
    let VaultFailure::Unavailable { reason } = e;
    VaultError::Unavailable(reason)
}

impl vault::KeyVault for ForeignVault {
    fn load(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError> {
        vault::check_name(name)?;
        self.0.load(name.to_string()).map_err(unavailable)
    }

    fn save(&self, name: &str, secret: &[u8]) -> Result<(), VaultError> {
        vault::check_name(name)?;
        self.0
            .save(name.to_string(), secret.to_vec())
            .map_err(unavailable)
    }

    fn delete(&self, name: &str) -> Result<(), VaultError> {
        vault::check_name(name)?;
        self.0.delete(name.to_string()).map_err(unavailable)
    }
}

/// Opens the companion as `Companion`'s constructor does, with the secrets in the database
/// sealed by a key kept in `vault` (the phone apps pass the Android Keystore or iOS Keychain):
/// what the apps use. The vault is read (and on first start written) now, on this thread. A
/// vault that has lost its key (a database restored without it) means the glasses must be
/// paired again. (A free function: Kotlin cannot take a named constructor on a class called
/// `Companion`.)
#[uniffi::export]
pub fn companion_with_key_vault(
    config: CompanionConfig,
    vault: Arc<dyn KeyVault>,
) -> Result<Arc<Companion>, SightlineError> {
    let config = Config::try_from(config)?;
    let core = CoreCompanion::start_with_vault(config, Arc::new(ForeignVault(vault)))?;
    core.store().store_key()?;
    Companion::wrap(core)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;

    /// A vault in memory that counts its calls.
    #[derive(Default)]
    struct Memory {
        secrets: Mutex<HashMap<String, Vec<u8>>>,
    }

    impl KeyVault for Memory {
        fn load(&self, name: String) -> Result<Option<Vec<u8>>, VaultFailure> {
            Ok(self.secrets.lock().unwrap().get(&name).cloned())
        }
        fn save(&self, name: String, secret: Vec<u8>) -> Result<(), VaultFailure> {
            self.secrets.lock().unwrap().insert(name, secret);
            Ok(())
        }
        fn delete(&self, name: String) -> Result<(), VaultFailure> {
            self.secrets.lock().unwrap().remove(&name);
            Ok(())
        }
    }

    #[test]
    fn security_the_apps_vault_holds_the_store_key_and_the_data_folder_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let memory = Arc::new(Memory::default());
        let config = CompanionConfig {
            data_dir: data.to_string_lossy().into_owned(),
            models_dir: dir.path().join("models").to_string_lossy().into_owned(),
            privacy: crate::config::default_privacy_settings(),
            providers: crate::config::default_provider_settings(),
        };
        let companion = companion_with_key_vault(config, memory.clone()).unwrap();
        let key = memory
            .secrets
            .lock()
            .unwrap()
            .get(sightline_core::store::sealing::STORE_KEY)
            .cloned()
            .expect("the store key is in the app's vault");
        assert_eq!(key.len(), 32);
        drop(companion);
        // No desktop vault file was made beside the data folder.
        assert!(!dir.path().join("data.keys").exists());
    }

    #[test]
    fn a_vault_that_throws_is_a_typed_error() {
        let unexpected = UnexpectedUniFFICallbackError::new("KeyPermanentlyInvalidatedException");
        assert!(matches!(
            VaultFailure::from(unexpected),
            VaultFailure::Unavailable { .. }
        ));
    }
}
