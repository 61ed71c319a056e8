//! The phone's own long-term key pair for the glasses link (created once, kept until reset).
//! The private key is stored sealed with the store key (`link::keys` seals and opens it).

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{StoreResult, now_ms};

/// The phone's static key pair.
#[derive(Clone, PartialEq, Eq)]
pub struct Identity {
    /// Private key bytes as stored: sealed with the store key (never logged: `Debug` hides
    /// them).
    pub static_secret: Vec<u8>,
    /// Public key bytes.
    pub static_public: Vec<u8>,
}

impl std::fmt::Debug for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Identity")
            .field("static_secret", &"<redacted>")
            .field("static_public", &hex::encode(&self.static_public))
            .finish()
    }
}

/// The stored identity, if one was created.
pub fn get(conn: &Connection) -> StoreResult<Option<Identity>> {
    Ok(conn
        .query_row(
            "SELECT static_secret, static_public FROM identity WHERE id = 1",
            [],
            |r| {
                Ok(Identity {
                    static_secret: r.get(0)?,
                    static_public: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Stores `identity`, replacing any earlier one.
pub fn put(tx: &Transaction<'_>, identity: &Identity) -> StoreResult<()> {
    tx.execute(
        "INSERT OR REPLACE INTO identity(id, static_secret, static_public, created_at)
         VALUES (1, ?1, ?2, ?3)",
        params![identity.static_secret, identity.static_public, now_ms()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn stores_and_hides_secret() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        assert_eq!(store.read(get).unwrap(), None);
        let id = Identity {
            static_secret: vec![7; 32],
            static_public: vec![9; 32],
        };
        store.write(|tx| put(tx, &id)).unwrap();
        assert_eq!(store.read(get).unwrap(), Some(id.clone()));
        assert!(!format!("{id:?}").contains("7, 7"));
    }
}
