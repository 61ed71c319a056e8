//! Schema migrations, applied in order; `PRAGMA user_version` records the last one applied.

use rusqlite::Connection;
use std::path::Path;

use super::{StoreError, StoreResult};

/// Each entry moves the schema from version `index` to `index + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: devices, identity, history, orders, ledger, preferences.
    r#"
    CREATE TABLE identity (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        static_secret BLOB NOT NULL,
        static_public BLOB NOT NULL,
        created_at    INTEGER NOT NULL
    );
    CREATE TABLE devices (
        id          TEXT PRIMARY KEY,
        driver      TEXT NOT NULL,
        name        TEXT NOT NULL,
        peer_static BLOB,
        paired_at   INTEGER NOT NULL,
        last_seen   INTEGER
    );
    CREATE TABLE history (
        id        INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        device_id TEXT,
        kind      TEXT NOT NULL,
        title     TEXT NOT NULL,
        body      TEXT NOT NULL,
        reason    TEXT NOT NULL
    );
    CREATE INDEX history_at ON history(at);
    CREATE TABLE orders (
        id              INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        state           TEXT NOT NULL,
        merchant        TEXT NOT NULL,
        category        TEXT NOT NULL,
        description     TEXT NOT NULL,
        amount_fen      INTEGER NOT NULL CHECK (amount_fen >= 0),
        payment_ref     TEXT,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
    );
    CREATE TABLE ledger (
        id             INTEGER PRIMARY KEY,
        order_id       INTEGER NOT NULL UNIQUE REFERENCES orders(id) ON DELETE RESTRICT,
        at             INTEGER NOT NULL,
        gmv_fen        INTEGER NOT NULL,
        take_rate_bp   INTEGER NOT NULL,
        commission_fen INTEGER NOT NULL,
        inference_ms   INTEGER NOT NULL DEFAULT 0,
        llm_tokens     INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE preferences (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    );
    "#,
    // 2: compute spent for orders not completed yet (moved into the ledger on completion).
    r#"
    CREATE TABLE order_compute (
        order_id     INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
        inference_ms INTEGER NOT NULL,
        llm_tokens   INTEGER NOT NULL
    );
    "#,
    // 3: bike unlocks the wearer confirmed, noted before the provider is asked, so a restart
    // learns the outcome of one whose reply was lost.
    r#"
    CREATE TABLE unlocks (
        confirmation_id TEXT PRIMARY KEY,
        bike_id         TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('pending', 'unlocked', 'not_unlocked')),
        ride_id         TEXT,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
    );
    "#,
    // 4: unconfirmed pairing codes per device id, so the phone's pairing back-off survives a
    // restart of the app (an attacker cannot reset it by making the app crash).
    r#"
    CREATE TABLE pairing_attempts (
        device_id       TEXT PRIMARY KEY,
        failures        INTEGER NOT NULL CHECK (failures >= 0),
        last_failure_at INTEGER NOT NULL
    );
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the missing migrations up to `target`, each in its own transaction.
pub(super) fn migrate(conn: &mut Connection, path: &Path, target: i64) -> StoreResult<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(current as usize)
        .take(target.saturating_sub(current).max(0) as usize)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
        tracing::info!(version = index + 1, "database migrated");
    }
    Ok(())
}
