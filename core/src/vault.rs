//! Where key material lives outside the database: a [`KeyVault`]. The phone apps implement it
//! with the platform's own store (Android Keystore, iOS Keychain: through the FFI's foreign
//! `KeyVault`); the desktop default is [`FileVault`], a file readable by its owner only that
//! sits beside the data folder, not in it, so a copy of the data folder (or of the database
//! file alone) holds no key.
//!
//! The store keeps one key here, the *store key*, and seals with it the secrets it must keep
//! (the phone's static private key, the paired glasses' keys): see `store::sealing`.
//! A leaf: it names nothing else in the crate.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A failure of the vault. Its messages say what failed, never a secret or a path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VaultError {
    /// The vault cannot be used now (locked device, no permission, unreadable file).
    #[error("the key vault is unavailable: {0}")]
    Unavailable(String),
    /// A name the vault does not accept (only `a-z`, `0-9`, `.`, `-`, `_`; at most 64).
    #[error("invalid key name {0:?}")]
    InvalidName(String),
    /// The vault's contents cannot be read back.
    #[error("the key vault is corrupt: {0}")]
    Corrupt(String),
}

/// Named secrets kept outside the database. Implementations must keep them from backups and
/// from other apps, and must be safe to call from any thread; calls may block (a platform
/// keystore), so the core never makes them on an async worker.
pub trait KeyVault: Send + Sync {
    /// The secret stored under `name`, if any.
    fn load(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError>;
    /// Stores `secret` under `name`, replacing any earlier one.
    fn save(&self, name: &str, secret: &[u8]) -> Result<(), VaultError>;
    /// Deletes the secret under `name` (nothing to delete is not an error).
    fn delete(&self, name: &str) -> Result<(), VaultError>;
}

/// Refuses names outside `[a-z0-9._-]{1,64}` (they become file lines or keychain labels).
pub fn check_name(name: &str) -> Result<(), VaultError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(VaultError::InvalidName(name.chars().take(64).collect()))
    }
}

/// The desktop vault: one file of `name hex` lines, created readable by its owner only
/// (0600) and replaced atomically on every change. Nothing is written until a secret is saved.
#[derive(Debug)]
pub struct FileVault {
    path: PathBuf,
    /// Serialises read-modify-write cycles within this process.
    lock: Mutex<()>,
}

impl FileVault {
    /// A vault in the file at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            lock: Mutex::new(()),
        }
    }

    /// The vault of the database at `database`: the file `<data folder>.keys` beside the data
    /// folder (e.g. `sightline-data.keys` for `sightline-data/sightline.db`).
    pub fn beside(database: &Path) -> Self {
        let folder = database
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
        let name = absolute
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "sightline-data".into());
        let parent = absolute.parent().unwrap_or(Path::new("/"));
        Self::new(parent.join(format!("{name}.keys")))
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read_all(&self) -> Result<BTreeMap<String, Vec<u8>>, VaultError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
            Err(e) => return Err(self.unavailable(&e)),
        };
        let mut entries = BTreeMap::new();
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let corrupt = || VaultError::Corrupt(format!("line {} of the vault file", n + 1));
            let (name, value) = line.split_once(' ').ok_or_else(corrupt)?;
            check_name(name).map_err(|_| corrupt())?;
            entries.insert(name.to_string(), hex::decode(value).map_err(|_| corrupt())?);
        }
        Ok(entries)
    }

    fn write_all(&self, entries: &BTreeMap<String, Vec<u8>>) -> Result<(), VaultError> {
        let text: String = entries
            .iter()
            .map(|(name, value)| format!("{name} {}\n", hex::encode(value)))
            .collect();
        let temp = self.path.with_extension("keys.tmp");
        write_private(&temp, text.as_bytes()).map_err(|e| self.unavailable(&e))?;
        std::fs::rename(&temp, &self.path).map_err(|e| self.unavailable(&e))
    }

    /// The error for a failed file operation; without the path (it can name the user).
    fn unavailable(&self, e: &std::io::Error) -> VaultError {
        VaultError::Unavailable(format!("the vault file: {e}"))
    }

    fn change(
        &self,
        f: impl FnOnce(&mut BTreeMap<String, Vec<u8>>) -> bool,
    ) -> Result<(), VaultError> {
        let _guard = self
            .lock
            .lock()
            .map_err(|_| VaultError::Unavailable("lock poisoned".into()))?;
        let mut entries = self.read_all()?;
        if f(&mut entries) {
            self.write_all(&entries)?;
        }
        Ok(())
    }
}

impl KeyVault for FileVault {
    fn load(&self, name: &str) -> Result<Option<Vec<u8>>, VaultError> {
        check_name(name)?;
        Ok(self.read_all()?.remove(name))
    }

    fn save(&self, name: &str, secret: &[u8]) -> Result<(), VaultError> {
        check_name(name)?;
        self.change(|entries| {
            entries.insert(name.to_string(), secret.to_vec());
            true
        })
    }

    fn delete(&self, name: &str) -> Result<(), VaultError> {
        check_name(name)?;
        self.change(|entries| entries.remove(name).is_some())
    }
}

/// Writes `bytes` to a new file at `path` readable by its owner only (0600), synced.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let _ = std::fs::remove_file(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_the_file_vault_is_private_and_beside_the_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("sightline-data");
        let vault = FileVault::beside(&data.join("sightline.db"));
        assert_eq!(vault.path(), dir.path().join("sightline-data.keys"));
        assert!(!vault.path().starts_with(&data));
        assert_eq!(vault.load("store-key").unwrap(), None);
        assert!(!vault.path().exists(), "nothing is written before a save");
        vault.save("store-key", &[7; 32]).unwrap();
        vault.save("other", b"x").unwrap();
        assert_eq!(vault.load("store-key").unwrap(), Some(vec![7; 32]));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(vault.path())
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        vault.delete("store-key").unwrap();
        assert_eq!(vault.load("store-key").unwrap(), None);
        assert_eq!(vault.load("other").unwrap(), Some(b"x".to_vec()));
        assert!(matches!(
            vault.save("../escape", b"x"),
            Err(VaultError::InvalidName(_))
        ));
        std::fs::write(vault.path(), "store-key zz\n").unwrap();
        assert!(matches!(
            vault.load("store-key"),
            Err(VaultError::Corrupt(_))
        ));
    }
}
