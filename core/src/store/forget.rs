//! Forgetting: deletes what the user asks to forget — history, and (unless only one device's
//! history is asked for) the orders and their ledger entries in the same period — in one
//! transaction, then rewrites the file so nothing deleted can be read back from free pages,
//! the WAL or the journal. `secure_delete` is on for every connection ([`super::Store::open`]),
//! so deleted rows are zeroed as they go; VACUUM compacts, and a truncating checkpoint,
//! whose result is checked, copies the pages over the old ones and empties the WAL.
//!
//! Orders not settled (`quoted` — a crash may have left an authorization the store never
//! noted —, `confirmed`, `paid`) are kept until the resume at start settles them, so
//! forgetting never strands a payment on hold. The merchant's legal
//! copy of a purchase is the payment provider's, not ours (docs/security.md).

use rusqlite::{Transaction, types::Value as SqlValue};

use super::history::{self, Filter};
use super::{Store, StoreError, StoreResult};

/// How much was forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Forgotten {
    /// History entries deleted.
    pub history: usize,
    /// Orders deleted (with their ledger entries and pending compute notes), and settled
    /// bike unlocks.
    pub orders: usize,
}

/// Order states that are settled: nothing is on hold for them at the provider.
const SETTLED: &str = "('fulfilled', 'cancelled', 'refunded')";

/// Deletes what `filter` names (see the module doc) and rewrites the file.
pub fn purge(store: &Store, filter: &Filter) -> StoreResult<Forgotten> {
    let forgotten = store.write(|tx| {
        Ok(Forgotten {
            history: history::delete(tx, filter)?,
            orders: delete_orders(tx, filter)? + delete_unlocks(tx, filter)?,
        })
    })?;
    if forgotten != Forgotten::default() {
        rewrite(store)?;
    }
    Ok(forgotten)
}

/// Deletes history recorded before `before_ms` (the retention), and rewrites the file if
/// anything went. Returns how many entries.
pub fn expire_history(store: &Store, before_ms: i64) -> StoreResult<usize> {
    let filter = Filter {
        until: Some(before_ms),
        ..Filter::default()
    };
    let n = store.write(|tx| history::delete(tx, &filter))?;
    if n > 0 {
        rewrite(store)?;
    }
    Ok(n)
}

/// Settled orders created in the filter's period, with their ledger entries (orders are not
/// per device: a device filter deletes none).
fn delete_orders(tx: &Transaction<'_>, filter: &Filter) -> StoreResult<usize> {
    if filter.device_id.is_some() {
        return Ok(0);
    }
    let mut clause = format!("state IN {SETTLED}");
    let mut values = Vec::new();
    if let Some(since) = filter.since {
        clause.push_str(" AND created_at >= ?");
        values.push(SqlValue::Integer(since));
    }
    if let Some(until) = filter.until {
        clause.push_str(" AND created_at < ?");
        values.push(SqlValue::Integer(until));
    }
    tx.execute(
        &format!("DELETE FROM ledger WHERE order_id IN (SELECT id FROM orders WHERE {clause})"),
        rusqlite::params_from_iter(values.iter()),
    )?;
    Ok(tx.execute(
        &format!("DELETE FROM orders WHERE {clause}"),
        rusqlite::params_from_iter(values.iter()),
    )?)
}

/// Settled bike unlocks noted in the filter's period (a pending one is kept until the start
/// settles it; unlocks are not per device: a device filter deletes none).
fn delete_unlocks(tx: &Transaction<'_>, filter: &Filter) -> StoreResult<usize> {
    if filter.device_id.is_some() {
        return Ok(0);
    }
    Ok(tx.execute(
        "DELETE FROM unlocks WHERE state != 'pending'
         AND created_at >= coalesce(?1, created_at) AND created_at < coalesce(?2, created_at + 1)",
        rusqlite::params![filter.since, filter.until],
    )?)
}

/// VACUUM, then a truncating checkpoint that must complete: otherwise the old pages may
/// still be in the WAL, and forgetting is reported as failed rather than done.
pub(super) fn rewrite(store: &Store) -> StoreResult<()> {
    store.read(|c| {
        c.execute_batch("VACUUM;")?;
        let (busy, log, moved): (i64, i64, i64) =
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        if busy != 0 || log != moved {
            return Err(StoreError::Refused(format!(
                "the WAL could not be emptied ({moved} of {log} pages copied): try again"
            )));
        }
        Ok(())
    })
}
