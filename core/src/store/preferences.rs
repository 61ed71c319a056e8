//! User preferences as JSON values under string keys (shoe size, proactive rule switches…).

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::Value;

use super::{StoreError, StoreResult, now_ms};

/// Sets `key` to `value`, replacing any earlier value.
pub fn set(tx: &Transaction<'_>, key: &str, value: &Value) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO preferences(key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        params![key, value.to_string(), now_ms()],
    )?;
    Ok(())
}

/// The value of `key`, if set.
pub fn get(conn: &Connection, key: &str) -> StoreResult<Option<Value>> {
    let text: Option<String> = conn
        .query_row("SELECT value FROM preferences WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?;
    text.map(|t| parse(&t)).transpose()
}

/// The key of the wearer's shoe size (EU), which the planner fills size slots from.
pub const SHOE_SIZE: &str = "shoe_size";

/// The wearer's shoe size (EU), if set to a number.
pub fn shoe_size(conn: &Connection) -> StoreResult<Option<f32>> {
    Ok(shoe_size_of(get(conn, SHOE_SIZE)?.as_ref()))
}

/// The shoe size a stored [`SHOE_SIZE`] value holds, if it is a number.
pub fn shoe_size_of(value: Option<&Value>) -> Option<f32> {
    value.and_then(Value::as_f64).map(|v| v as f32)
}

/// Every preference, sorted by key.
pub fn list(conn: &Connection) -> StoreResult<Vec<(String, Value)>> {
    let mut stmt = conn.prepare("SELECT key, value FROM preferences ORDER BY key")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    rows.map(|row| {
        let (k, v) = row?;
        Ok((k, parse(&v)?))
    })
    .collect()
}

/// Removes `key`; returns whether it existed.
pub fn delete(tx: &Transaction<'_>, key: &str) -> StoreResult<bool> {
    Ok(tx.execute("DELETE FROM preferences WHERE key = ?1", [key])? > 0)
}

fn parse(text: &str) -> StoreResult<Value> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt {
        table: "preferences",
        column: "value",
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use serde_json::json;

    #[test]
    fn set_get_list_delete() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        store.write(|tx| set(tx, "shoe_size", &json!(42))).unwrap();
        store.write(|tx| set(tx, "shoe_size", &json!(43))).unwrap();
        store.write(|tx| set(tx, "quiet", &json!(true))).unwrap();
        assert_eq!(
            store.read(|c| get(c, "shoe_size")).unwrap(),
            Some(json!(43))
        );
        let all = store.read(list).unwrap();
        assert_eq!(all.len(), 2);
        assert!(store.write(|tx| delete(tx, "quiet")).unwrap());
        assert!(!store.write(|tx| delete(tx, "quiet")).unwrap());
    }
}
