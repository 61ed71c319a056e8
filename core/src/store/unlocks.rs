//! Bike unlocks the wearer confirmed: noted `pending` before the provider is asked, then
//! `unlocked` (with the ride) or `not_unlocked`. A row still pending at start is an unlock
//! whose reply was lost (a crash, a dropped connection): `services::unlocks` asks the
//! provider what became of it.

use rusqlite::{Connection, Transaction, params};

use super::{StoreResult, now_ms};

/// An unlock whose outcome is not known yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The confirmation's id: the unlock's idempotency key at the provider.
    pub confirmation_id: String,
    /// The bike.
    pub bike_id: String,
}

/// Notes that the unlock of `bike_id` under `confirmation_id` is about to be asked for (a
/// retry of the same confirmation keeps the row).
pub fn begin(tx: &Transaction<'_>, confirmation_id: &str, bike_id: &str) -> StoreResult<()> {
    let now = now_ms();
    tx.execute(
        "INSERT INTO unlocks(confirmation_id, bike_id, state, created_at, updated_at)
         VALUES (?1, ?2, 'pending', ?3, ?3)
         ON CONFLICT(confirmation_id) DO NOTHING",
        params![confirmation_id, bike_id, now],
    )?;
    Ok(())
}

/// Notes the outcome: the ride `ride_id` started, or (`None`) the bike was not unlocked.
pub fn finish(
    tx: &Transaction<'_>,
    confirmation_id: &str,
    ride_id: Option<&str>,
) -> StoreResult<()> {
    let state = if ride_id.is_some() {
        "unlocked"
    } else {
        "not_unlocked"
    };
    tx.execute(
        "UPDATE unlocks SET state = ?2, ride_id = ?3, updated_at = ?4 WHERE confirmation_id = ?1",
        params![confirmation_id, state, ride_id, now_ms()],
    )?;
    Ok(())
}

/// The unlocks still pending, oldest first.
pub fn pending(conn: &Connection) -> StoreResult<Vec<Pending>> {
    let mut stmt = conn.prepare(
        "SELECT confirmation_id, bike_id FROM unlocks WHERE state = 'pending'
         ORDER BY created_at, confirmation_id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(Pending {
                confirmation_id: r.get(0)?,
                bike_id: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The ride noted for `confirmation_id`, once unlocked.
pub fn ride_of(conn: &Connection, confirmation_id: &str) -> StoreResult<Option<String>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT ride_id FROM unlocks WHERE confirmation_id = ?1 AND state = 'unlocked'",
            [confirmation_id],
            |r| r.get(0),
        )
        .optional()?)
}
