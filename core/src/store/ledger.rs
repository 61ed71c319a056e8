//! The take-rate ledger: for every completed order, the GMV, the platform's commission and
//! the compute spent to get there, so the business can see commission per unit of compute.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::{StoreResult, now_ms};
use crate::money::Cny;

/// One ledger line, written when an order completes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    /// The order it accounts for (one entry per order).
    pub order_id: i64,
    /// Gross merchandise value.
    pub gmv: Cny,
    /// Take rate in basis points (1/100 of a percent).
    pub take_rate_bp: i64,
    /// Commission earned.
    pub commission: Cny,
    /// On-device inference time spent for this order, ms.
    pub inference_ms: i64,
    /// LLM tokens spent for this order.
    pub llm_tokens: i64,
}

/// Sums over the whole ledger.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LedgerTotals {
    /// Number of orders accounted.
    pub orders: i64,
    /// Total GMV.
    pub gmv: Cny,
    /// Total commission.
    pub commission: Cny,
    /// Total on-device inference ms.
    pub inference_ms: i64,
    /// Total LLM tokens.
    pub llm_tokens: i64,
}

impl LedgerTotals {
    /// Commission earned per 1,000 LLM tokens spent (`None` when no tokens were spent).
    pub fn commission_per_1k_tokens(&self) -> Option<Cny> {
        (self.llm_tokens > 0)
            .then(|| Cny::fen((self.commission.0 as i128 * 1000 / self.llm_tokens as i128) as i64))
    }
}

/// Records an entry; a second entry for the same order is ignored (returns false).
pub fn record(tx: &Transaction<'_>, entry: &LedgerEntry) -> StoreResult<bool> {
    let n = tx.execute(
        "INSERT INTO ledger(order_id, at, gmv_fen, take_rate_bp, commission_fen, inference_ms, llm_tokens)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(order_id) DO NOTHING",
        params![
            entry.order_id,
            now_ms(),
            entry.gmv.0,
            entry.take_rate_bp,
            entry.commission.0,
            entry.inference_ms,
            entry.llm_tokens
        ],
    )?;
    Ok(n > 0)
}

/// Notes the compute spent for an order that is not completed yet, so its ledger entry can
/// carry it even when the order completes after a restart.
pub fn note_compute(
    tx: &Transaction<'_>,
    order_id: i64,
    inference_ms: i64,
    llm_tokens: i64,
) -> StoreResult<()> {
    tx.execute(
        "INSERT OR REPLACE INTO order_compute(order_id, inference_ms, llm_tokens) VALUES (?1, ?2, ?3)",
        params![order_id, inference_ms, llm_tokens],
    )?;
    Ok(())
}

/// The compute noted for an order as `(inference_ms, llm_tokens)`, `(0, 0)` when none was;
/// the note is removed.
pub fn take_compute(tx: &Transaction<'_>, order_id: i64) -> StoreResult<(i64, i64)> {
    let noted = tx
        .query_row(
            "SELECT inference_ms, llm_tokens FROM order_compute WHERE order_id = ?1",
            [order_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    tx.execute("DELETE FROM order_compute WHERE order_id = ?1", [order_id])?;
    Ok(noted.unwrap_or((0, 0)))
}

/// Totals over all entries.
pub fn totals(conn: &Connection) -> StoreResult<LedgerTotals> {
    Ok(conn.query_row(
        "SELECT COUNT(*), COALESCE(SUM(gmv_fen),0), COALESCE(SUM(commission_fen),0),
                COALESCE(SUM(inference_ms),0), COALESCE(SUM(llm_tokens),0) FROM ledger",
        [],
        |r| {
            Ok(LedgerTotals {
                orders: r.get(0)?,
                gmv: Cny::fen(r.get(1)?),
                commission: Cny::fen(r.get(2)?),
                inference_ms: r.get(3)?,
                llm_tokens: r.get(4)?,
            })
        },
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Store, orders};

    #[test]
    fn one_entry_per_order_and_totals() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        let (order, _) = store
            .write(|tx| {
                orders::place(
                    tx,
                    &orders::NewOrder {
                        idempotency_key: "k".into(),
                        merchant: "12306".into(),
                        category: "rail".into(),
                        description: "G1234".into(),
                        amount: Cny::yuan(1000),
                    },
                )
            })
            .unwrap();
        let entry = LedgerEntry {
            order_id: order.id,
            gmv: Cny::yuan(1000),
            take_rate_bp: 300,
            commission: Cny::yuan(1000).basis_points(300),
            inference_ms: 120,
            llm_tokens: 2000,
        };
        assert!(store.write(|tx| record(tx, &entry)).unwrap());
        assert!(!store.write(|tx| record(tx, &entry)).unwrap());
        let t = store.read(totals).unwrap();
        assert_eq!(
            (t.orders, t.gmv, t.commission),
            (1, Cny::yuan(1000), Cny::yuan(30))
        );
        assert_eq!(t.commission_per_1k_tokens(), Some(Cny::yuan(15)));
        let bad = LedgerEntry {
            order_id: 999,
            ..entry
        };
        assert!(
            store.write(|tx| record(tx, &bad)).is_err(),
            "foreign key enforced"
        );
    }
}
