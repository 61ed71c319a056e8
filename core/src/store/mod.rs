//! The local database: one SQLite file in the data dir, opened through one writer connection
//! in WAL mode with foreign keys on. The schema evolves through numbered migrations keyed on
//! `PRAGMA user_version`; each runs in its own transaction, and a database written by a newer
//! Sightline is refused rather than silently downgraded.
//!
//! Repositories are free functions per table: reads take a `&Connection`, writes take a
//! `&Transaction`, so a multi-table change (an order and its ledger entry) is one atomic write
//! through [`Store::write`].

mod migrations;

pub mod devices;
pub mod forget;
pub mod history;
pub mod identity;
pub mod ledger;
pub mod orders;
pub mod pairing_attempts;
pub mod preferences;
pub mod sealing;
pub mod unlocks;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use thiserror::Error;

pub use migrations::SCHEMA_VERSION;

use crate::vault::{FileVault, KeyVault, VaultError};
use sealing::StoreKey;

/// A database failure.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The file was written by a newer version of Sightline.
    #[error(
        "database {path} has schema version {found}, newer than this build supports ({supported}); update Sightline or use another data dir"
    )]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// The data dir could not be created.
    #[error("cannot create data dir {path}: {reason}")]
    DataDir {
        /// The folder.
        path: PathBuf,
        /// What the operating system said.
        reason: String,
    },
    /// A stored value could not be read back (a bug or a hand-edited file).
    #[error("corrupt value in {table}.{column}: {reason}")]
    Corrupt {
        /// Table name.
        table: &'static str,
        /// Column name.
        column: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A change that the data model forbids (e.g. an illegal order state transition).
    #[error("refused: {0}")]
    Refused(String),
    /// The writer lock was poisoned by a panic in another thread.
    #[error("database lock poisoned")]
    Poisoned,
    /// The key vault failed (the message never holds a secret).
    #[error("key vault: {0}")]
    KeyVault(String),
}

impl From<VaultError> for StoreError {
    fn from(e: VaultError) -> Self {
        StoreError::KeyVault(e.to_string())
    }
}

/// Result of store operations.
pub type StoreResult<T> = Result<T, StoreError>;

/// The open database. Cheap to share behind an `Arc`; all access is serialised through the
/// single connection (SQLite allows one writer at a time anyway). Secrets in it are sealed
/// with a key kept in its [`KeyVault`] (see [`sealing`]).
pub struct Store {
    path: PathBuf,
    conn: Mutex<Connection>,
    vault: Arc<dyn KeyVault>,
    /// The store key once read from (or created in) the vault.
    key: Mutex<Option<StoreKey>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date,
    /// with the desktop key vault: a 0600 file beside the data folder
    /// ([`FileVault::beside`]).
    pub fn open(path: &Path) -> StoreResult<Store> {
        Self::open_with_vault(path, Arc::new(FileVault::beside(path)))
    }

    /// As [`Store::open`], with the secrets sealed by a key kept in `vault` (the phone apps
    /// pass the platform's keystore). Keys an older version stored in the clear are sealed
    /// now, and the file rewritten without them.
    pub fn open_with_vault(path: &Path, vault: Arc<dyn KeyVault>) -> StoreResult<Store> {
        let store = Self::open_to_version(path, SCHEMA_VERSION, vault)?;
        sealing::seal_legacy(&store)?;
        Ok(store)
    }

    /// Opens and migrates only up to `target` (used by tests that re-open after each step).
    pub fn open_to_version(
        path: &Path,
        target: i64,
        vault: Arc<dyn KeyVault>,
    ) -> StoreResult<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::DataDir {
                path: dir.to_path_buf(),
                reason: e.to_string(),
            })?;
        }
        private_file(path)?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // Deleted rows are overwritten with zeros, not left in free pages (`forget`).
        conn.pragma_update(None, "secure_delete", true)?;
        migrations::migrate(&mut conn, path, target)?;
        Ok(Store {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            vault,
            key: Mutex::new(None),
        })
    }

    /// The store key from the vault, created there on first use; read once per open store.
    pub fn store_key(&self) -> StoreResult<StoreKey> {
        let mut cached = self.key.lock().map_err(|_| StoreError::Poisoned)?;
        if let Some(key) = cached.as_ref() {
            return Ok(key.clone());
        }
        let key = StoreKey::load_or_create(self.vault.as_ref())?;
        *cached = Some(key.clone());
        Ok(key)
    }

    /// The key vault the store key is kept in (the API keys are kept there too:
    /// `Config::keep_api_keys_in`).
    pub fn vault(&self) -> &dyn KeyVault {
        self.vault.as_ref()
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> StoreResult<i64> {
        self.read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
    }

    /// Runs `f` inside one IMMEDIATE transaction and commits it; any error rolls back.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> StoreResult<T>) -> StoreResult<T> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// [`Store::write`] from async code: the transaction runs on tokio's blocking pool, so
    /// no async worker waits on SQLite (a busy file, an fsync, a VACUUM).
    pub async fn write_blocking<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Transaction<'_>) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let store = Arc::clone(self);
        blocking(move || store.write(f)).await
    }

    /// [`Store::read`] from async code, on tokio's blocking pool.
    pub async fn read_blocking<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    ) -> StoreResult<T> {
        let store = Arc::clone(self);
        blocking(move || store.read(f)).await
    }

    /// Runs a read-only closure against the connection.
    pub fn read<T>(&self, f: impl FnOnce(&Connection) -> StoreResult<T>) -> StoreResult<T> {
        let conn = self.lock()?;
        f(&conn)
    }

    /// `PRAGMA integrity_check` result: `"ok"` for a healthy file.
    pub fn integrity_check(&self) -> StoreResult<String> {
        self.read(|c| Ok(c.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
    }

    fn lock(&self) -> StoreResult<MutexGuard<'_, Connection>> {
        self.conn.lock().map_err(|_| StoreError::Poisoned)
    }
}

/// Runs `f` on tokio's blocking pool and waits for it.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> StoreResult<T> + Send + 'static,
) -> StoreResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Refused(format!("the database task failed: {e}")))?
}

/// Milliseconds since the Unix epoch, the one timestamp format of the database.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Creates the database file readable by its owner only (0600; SQLite gives the WAL and
/// journal the same mode), and takes group and other access away from an existing one.
fn private_file(path: &Path) -> StoreResult<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let refused = |e: std::io::Error| StoreError::DataDir {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .mode(0o600)
            .open(path)
            .map_err(refused)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(refused)?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn security_the_database_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        std::fs::write(&path, b"").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let store = Store::open(&path).unwrap();
        store
            .write(|tx| Ok(tx.execute_batch("CREATE TABLE t(x)")?))
            .unwrap();
        for file in [path.clone(), path.with_extension("db-wal")] {
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{file:?}");
        }
    }

    #[test]
    fn opens_with_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("a/b/s.db")).unwrap();
        store
            .read(|c| {
                let mode: String = c.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
                let fk: i64 = c.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
                assert_eq!(mode, "wal");
                assert_eq!(fk, 1);
                Ok(())
            })
            .unwrap();
        assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }

    #[test]
    fn failed_write_rolls_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        let result: StoreResult<()> = store.write(|tx| {
            preferences::set(tx, "a", &serde_json::json!(1))?;
            Err(StoreError::Refused("stop".into()))
        });
        assert!(result.is_err());
        assert_eq!(store.read(|c| preferences::get(c, "a")).unwrap(), None);
    }
}
