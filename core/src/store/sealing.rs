//! Secrets in the database are sealed with the *store key*, a random 256-bit key kept in the
//! [`KeyVault`] and never in the database: the phone's static private key and each paired
//! glasses' key. A copied database file alone therefore yields no key, and a pairing key
//! edited into the file is refused (the seal authenticates it, bound to its row).
//!
//! A sealed value is `SLK1 ‖ nonce (12) ‖ ChaCha20-Poly1305(value)` with the row's label as
//! associated data. A 32-byte value is a key stored before sealing existed: [`seal_legacy`]
//! seals those at open and rewrites the file so the plaintext is gone from it and its WAL.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError, StoreResult, forget};
use crate::vault::KeyVault;

/// The store key's name in the vault.
pub const STORE_KEY: &str = "sightline.store-key.v1";
/// What a sealed value starts with.
const MAGIC: &[u8; 4] = b"SLK1";
const NONCE_LEN: usize = 12;
/// Length of a key stored before sealing (X25519 keys are 32 bytes).
const LEGACY_LEN: i64 = 32;

/// The store key, read from the vault (or created there).
#[derive(Clone)]
pub struct StoreKey(ChaCha20Poly1305);

impl std::fmt::Debug for StoreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StoreKey(<redacted>)")
    }
}

/// The associated data of the phone's identity.
pub const IDENTITY: &str = "identity";

/// The associated data of the key of paired glasses `device_id`.
pub fn device_label(device_id: &str) -> String {
    format!("device/{device_id}")
}

impl StoreKey {
    /// The vault's store key; `None` when it holds none.
    pub fn load(vault: &dyn KeyVault) -> StoreResult<Option<StoreKey>> {
        let Some(bytes) = vault.load(STORE_KEY)? else {
            return Ok(None);
        };
        if bytes.len() != 32 {
            return Err(StoreError::KeyVault(format!(
                "the store key has {} bytes, not 32",
                bytes.len()
            )));
        }
        Ok(Some(StoreKey(ChaCha20Poly1305::new(Key::from_slice(
            &bytes,
        )))))
    }

    /// The vault's store key, created (random) if it holds none.
    pub fn load_or_create(vault: &dyn KeyVault) -> StoreResult<StoreKey> {
        if let Some(key) = Self::load(vault)? {
            return Ok(key);
        }
        let bytes: [u8; 32] = rand::random();
        vault.save(STORE_KEY, &bytes)?;
        // Read back: another process may have created one first, and its key wins.
        Self::load(vault)?.ok_or_else(|| {
            StoreError::KeyVault("the vault did not keep the store key just saved".into())
        })
    }

    /// Seals `value` bound to `label`.
    pub fn seal(&self, label: &str, value: &[u8]) -> StoreResult<Vec<u8>> {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let sealed = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: value,
                    aad: label.as_bytes(),
                },
            )
            .map_err(|_| StoreError::KeyVault("sealing failed".into()))?;
        let mut out = Vec::with_capacity(MAGIC.len() + NONCE_LEN + sealed.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a value sealed bound to `label`; `None` when it was not sealed with this key
    /// for this label (another vault's key, an edited file, a row moved to another label).
    pub fn open(&self, label: &str, sealed: &[u8]) -> Option<Vec<u8>> {
        let body = sealed.strip_prefix(MAGIC)?;
        if body.len() < NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = body.split_at(NONCE_LEN);
        self.0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: label.as_bytes(),
                },
            )
            .ok()
    }
}

/// True for a key stored in the clear before sealing existed.
pub fn is_legacy(value: &[u8]) -> bool {
    value.len() as i64 == LEGACY_LEN
}

/// Seals the keys an older version stored in the clear (the identity's private key, paired
/// glasses' keys), in one transaction, then rewrites the file so the plaintext is gone from
/// free pages and the WAL. Returns how many values were sealed.
pub(super) fn seal_legacy(store: &Store) -> StoreResult<usize> {
    let legacy = store.read(|c| {
        let identity: Option<Vec<u8>> = c
            .query_row(
                "SELECT static_secret FROM identity WHERE id = 1 AND length(static_secret) = ?1",
                [LEGACY_LEN],
                |r| r.get(0),
            )
            .optional()?;
        let mut stmt = c.prepare(
            "SELECT id, peer_static FROM devices WHERE length(peer_static) = ?1 ORDER BY id",
        )?;
        let devices = stmt
            .query_map([LEGACY_LEN], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok((identity, devices))
    })?;
    let (identity, devices) = legacy;
    if identity.is_none() && devices.is_empty() {
        return Ok(0);
    }
    let key = store.store_key()?;
    let sealed_identity = identity.map(|s| key.seal(IDENTITY, &s)).transpose()?;
    let sealed_devices = devices
        .iter()
        .map(|(id, k)| Ok((id.clone(), key.seal(&device_label(id), k)?)))
        .collect::<StoreResult<Vec<_>>>()?;
    let n = store.write(|tx| {
        let mut n = 0;
        if let Some(sealed) = &sealed_identity {
            n += tx.execute(
                "UPDATE identity SET static_secret = ?1 WHERE id = 1",
                params![sealed],
            )?;
        }
        for (id, sealed) in &sealed_devices {
            n += tx.execute(
                "UPDATE devices SET peer_static = ?1 WHERE id = ?2",
                params![sealed, id],
            )?;
        }
        Ok(n)
    })?;
    forget::rewrite(store)?;
    tracing::info!(
        values = n,
        "keys stored in the clear were sealed with the vault's key"
    );
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::FileVault;

    #[test]
    fn security_sealed_values_open_only_with_their_key_and_label() {
        let dir = tempfile::tempdir().unwrap();
        let vault = FileVault::new(dir.path().join("v.keys"));
        assert!(StoreKey::load(&vault).unwrap().is_none());
        let key = StoreKey::load_or_create(&vault).unwrap();
        let sealed = key.seal(IDENTITY, &[5; 32]).unwrap();
        assert!(!is_legacy(&sealed));
        assert!(!sealed.windows(32).any(|w| w == [5; 32]));
        assert_eq!(key.open(IDENTITY, &sealed), Some(vec![5; 32]));
        assert_eq!(key.open(&device_label("a"), &sealed), None);
        let mut flipped = sealed.clone();
        flipped[20] ^= 1;
        assert_eq!(key.open(IDENTITY, &flipped), None);
        let other = StoreKey::load_or_create(&FileVault::new(dir.path().join("w.keys"))).unwrap();
        assert_eq!(other.open(IDENTITY, &sealed), None);
        // The same vault gives the same key back.
        let again = StoreKey::load_or_create(&vault).unwrap();
        assert_eq!(again.open(IDENTITY, &sealed), Some(vec![5; 32]));
    }
}
