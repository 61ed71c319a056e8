//! Unconfirmed pairing codes per device id: the phone's pairing back-off (`link::keys`) reads
//! and counts them here, so it survives a restart of the app. A security counter, not
//! history: it names only a device id and is deleted when that device pairs.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::StoreResult;

/// The unconfirmed codes shown for one device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    /// Codes shown and not confirmed since the last successful pairing.
    pub failures: u32,
    /// When the last of them was shown (ms since epoch).
    pub last_failure_at: i64,
}

/// The attempts recorded for `device_id`, if any.
pub fn get(conn: &Connection, device_id: &str) -> StoreResult<Option<Attempts>> {
    Ok(conn
        .query_row(
            "SELECT failures, last_failure_at FROM pairing_attempts WHERE device_id = ?1",
            params![device_id],
            |r| {
                Ok(Attempts {
                    failures: r.get(0)?,
                    last_failure_at: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Counts one more code shown for `device_id` at `at_ms`.
pub fn shown(tx: &Transaction<'_>, device_id: &str, at_ms: i64) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO pairing_attempts(device_id, failures, last_failure_at) VALUES (?1, 1, ?2)
         ON CONFLICT(device_id) DO UPDATE
         SET failures = MIN(failures + 1, 1000000), last_failure_at = excluded.last_failure_at",
        params![device_id, at_ms],
    )?;
    Ok(())
}

/// Forgets the count of `device_id` (it paired).
pub fn clear(tx: &Transaction<'_>, device_id: &str) -> StoreResult<()> {
    tx.execute(
        "DELETE FROM pairing_attempts WHERE device_id = ?1",
        params![device_id],
    )?;
    Ok(())
}
