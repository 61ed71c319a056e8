//! Orders and their life cycle: quoted → confirmed → paid → fulfilled, or cancelled/refunded.
//!
//! Every order carries an idempotency key that is unique in the table, so placing the same
//! order again (a retry after a timeout, a restart after a crash) returns the existing row
//! instead of creating, and charging, a second one.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use std::fmt;
use std::str::FromStr;

use super::{StoreError, StoreResult, now_ms};
use crate::money::Cny;

/// Where an order is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderState {
    /// Priced, nothing authorised.
    Quoted,
    /// The user confirmed; payment is being authorised.
    Confirmed,
    /// Payment captured.
    Paid,
    /// Delivered / ticket issued / bike unlocked.
    Fulfilled,
    /// Stopped before payment was captured.
    Cancelled,
    /// Money returned after payment.
    Refunded,
}

impl OrderState {
    /// The states this one may move to.
    pub fn next_states(self) -> &'static [OrderState] {
        use OrderState::*;
        match self {
            Quoted => &[Confirmed, Cancelled],
            Confirmed => &[Paid, Cancelled],
            Paid => &[Fulfilled, Refunded],
            Fulfilled => &[Refunded],
            Cancelled | Refunded => &[],
        }
    }

    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::Quoted => "quoted",
            OrderState::Confirmed => "confirmed",
            OrderState::Paid => "paid",
            OrderState::Fulfilled => "fulfilled",
            OrderState::Cancelled => "cancelled",
            OrderState::Refunded => "refunded",
        }
    }
}

impl fmt::Display for OrderState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrderState {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        use OrderState::*;
        [Quoted, Confirmed, Paid, Fulfilled, Cancelled, Refunded]
            .into_iter()
            .find(|state| state.as_str() == s)
            .ok_or_else(|| StoreError::Corrupt {
                table: "orders",
                column: "state",
                reason: format!("unknown state `{s}`"),
            })
    }
}

/// An order to place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    /// Unique per intended purchase; retries reuse it.
    pub idempotency_key: String,
    /// Merchant id or name.
    pub merchant: String,
    /// Merchant category (drives the take rate): `rail`, `hotel`, `retail`, `mobility`…
    pub category: String,
    /// What is bought, one line.
    pub description: String,
    /// Amount charged.
    pub amount: Cny,
}

/// A stored order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// Row id.
    pub id: i64,
    /// The placement fields.
    pub order: NewOrder,
    /// Current state.
    pub state: OrderState,
    /// The payment provider's reference once authorised.
    pub payment_ref: Option<String>,
    /// Created (ms since epoch).
    pub created_at: i64,
    /// Last changed (ms since epoch).
    pub updated_at: i64,
}

const COLUMNS: &str = "id, idempotency_key, merchant, category, description, amount_fen, state, payment_ref, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<(Order, String)> {
    Ok((
        Order {
            id: r.get(0)?,
            order: NewOrder {
                idempotency_key: r.get(1)?,
                merchant: r.get(2)?,
                category: r.get(3)?,
                description: r.get(4)?,
                amount: Cny::fen(r.get(5)?),
            },
            state: OrderState::Quoted,
            payment_ref: r.get(7)?,
            created_at: r.get(8)?,
            updated_at: r.get(9)?,
        },
        r.get(6)?,
    ))
}

fn with_state((mut order, state): (Order, String)) -> StoreResult<Order> {
    order.state = state.parse()?;
    Ok(order)
}

/// Places `new` in state `quoted`, or returns the order already placed with the same
/// idempotency key. The flag is true when a new row was created.
pub fn place(tx: &Transaction<'_>, new: &NewOrder) -> StoreResult<(Order, bool)> {
    let now = now_ms();
    let inserted = tx.execute(
        "INSERT INTO orders(idempotency_key, state, merchant, category, description, amount_fen, created_at, updated_at)
         VALUES (?1, 'quoted', ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT(idempotency_key) DO NOTHING",
        params![new.idempotency_key, new.merchant, new.category, new.description, new.amount.0, now],
    )?;
    let order = by_key(tx, &new.idempotency_key)?
        .ok_or_else(|| StoreError::Refused(format!("order {} vanished", new.idempotency_key)))?;
    if inserted == 0 && order.order != *new {
        return Err(StoreError::Refused(format!(
            "idempotency key {} was already used for a different order",
            new.idempotency_key
        )));
    }
    Ok((order, inserted > 0))
}

/// The order with this idempotency key.
pub fn by_key(conn: &Connection, key: &str) -> StoreResult<Option<Order>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM orders WHERE idempotency_key = ?1"),
        [key],
        from_row,
    )
    .optional()?
    .map(with_state)
    .transpose()
}

/// The order with this id.
pub fn get(conn: &Connection, id: i64) -> StoreResult<Option<Order>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM orders WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .map(with_state)
    .transpose()
}

/// All orders, newest first.
pub fn list(conn: &Connection) -> StoreResult<Vec<Order>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM orders ORDER BY created_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.map(|r| with_state(r?)).collect()
}

/// Moves order `id` to `to`, refusing transitions the life cycle forbids. Moving to the
/// state it is already in is a no-op, so a retried step is harmless. `payment_ref`, when
/// given, is stored with the change.
pub fn transition(
    tx: &Transaction<'_>,
    id: i64,
    to: OrderState,
    payment_ref: Option<&str>,
) -> StoreResult<Order> {
    let order = get(tx, id)?.ok_or_else(|| StoreError::Refused(format!("no order {id}")))?;
    if order.state == to {
        return Ok(order);
    }
    if !order.state.next_states().contains(&to) {
        return Err(StoreError::Refused(format!(
            "order {id} cannot go from {} to {to}",
            order.state
        )));
    }
    tx.execute(
        "UPDATE orders SET state = ?2, payment_ref = COALESCE(?3, payment_ref), updated_at = ?4 WHERE id = ?1",
        params![id, to.as_str(), payment_ref, now_ms()],
    )?;
    get(tx, id)?.ok_or_else(|| StoreError::Refused(format!("order {id} vanished")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn boots() -> NewOrder {
        NewOrder {
            idempotency_key: "plan-1/boots".into(),
            merchant: "Tmall".into(),
            category: "retail".into(),
            description: "Snow boots EU 42".into(),
            amount: Cny::yuan(299),
        }
    }

    #[test]
    fn placing_twice_returns_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        let (a, created_a) = store.write(|tx| place(tx, &boots())).unwrap();
        let (b, created_b) = store.write(|tx| place(tx, &boots())).unwrap();
        assert!(created_a && !created_b);
        assert_eq!(a.id, b.id);
        assert_eq!(store.read(list).unwrap().len(), 1);
        let mut other = boots();
        other.amount = Cny::yuan(1);
        assert!(matches!(
            store.write(|tx| place(tx, &other)),
            Err(StoreError::Refused(_))
        ));
    }

    #[test]
    fn life_cycle_is_enforced() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        let (o, _) = store.write(|tx| place(tx, &boots())).unwrap();
        assert!(
            store
                .write(|tx| transition(tx, o.id, OrderState::Paid, None))
                .is_err()
        );
        store
            .write(|tx| transition(tx, o.id, OrderState::Confirmed, Some("auth-1")))
            .unwrap();
        let paid = store
            .write(|tx| transition(tx, o.id, OrderState::Paid, None))
            .unwrap();
        assert_eq!(paid.payment_ref.as_deref(), Some("auth-1"));
        let again = store
            .write(|tx| transition(tx, o.id, OrderState::Paid, None))
            .unwrap();
        assert_eq!(again.state, OrderState::Paid);
        assert!(
            store
                .write(|tx| transition(tx, o.id, OrderState::Cancelled, None))
                .is_err()
        );
    }
}
