//! What was shown or said to the wearer, when and why: listable and deletable by the user.

use rusqlite::{Connection, Transaction, params, types::Value as SqlValue};

use super::StoreResult;
use crate::card::Card;

/// A history entry to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// When it was shown (ms since epoch).
    pub at: i64,
    /// The glasses it was shown on, if any.
    pub device_id: Option<String>,
    /// Card kind (`guide`, `plan`…).
    pub kind: String,
    /// Card title.
    pub title: String,
    /// The full card as JSON.
    pub body: String,
    /// Why it was shown.
    pub reason: String,
}

impl NewEntry {
    /// The entry for `card` shown at `at` (on `device_id`'s glasses, or on the phone or the
    /// command line when `None`): its kind, title and reason, and the whole card as JSON.
    pub fn shown(card: &Card, at: i64, device_id: Option<String>) -> NewEntry {
        NewEntry {
            at,
            device_id,
            kind: serde_json::to_value(card.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            title: card.title.clone(),
            body: serde_json::to_string(card).unwrap_or_default(),
            reason: card.reason.clone(),
        }
    }
}

/// A stored history entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Row id.
    pub id: i64,
    /// The recorded fields.
    pub entry: NewEntry,
}

/// Which entries to list or delete. Empty means all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only entries at or after this time (ms).
    pub since: Option<i64>,
    /// Only entries before this time (ms).
    pub until: Option<i64>,
    /// Only entries from this device.
    pub device_id: Option<String>,
}

impl Filter {
    fn where_clause(&self) -> (String, Vec<SqlValue>) {
        let mut clauses = Vec::new();
        let mut values = Vec::new();
        if let Some(since) = self.since {
            clauses.push("at >= ?");
            values.push(SqlValue::Integer(since));
        }
        if let Some(until) = self.until {
            clauses.push("at < ?");
            values.push(SqlValue::Integer(until));
        }
        if let Some(device) = &self.device_id {
            clauses.push("device_id = ?");
            values.push(SqlValue::Text(device.clone()));
        }
        if clauses.is_empty() {
            (String::new(), values)
        } else {
            (format!(" WHERE {}", clauses.join(" AND ")), values)
        }
    }
}

/// Records one entry; returns its id.
pub fn record(tx: &Transaction<'_>, entry: &NewEntry) -> StoreResult<i64> {
    tx.execute(
        "INSERT INTO history(at, device_id, kind, title, body, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![entry.at, entry.device_id, entry.kind, entry.title, entry.body, entry.reason],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Entries matching `filter`, newest first, at most `limit`.
pub fn list(conn: &Connection, filter: &Filter, limit: usize) -> StoreResult<Vec<Entry>> {
    let (clause, mut values) = filter.where_clause();
    values.push(SqlValue::Integer(limit.min(i64::MAX as usize) as i64));
    let sql = format!(
        "SELECT id, at, device_id, kind, title, body, reason FROM history{clause} ORDER BY at DESC, id DESC LIMIT ?"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
        Ok(Entry {
            id: r.get(0)?,
            entry: NewEntry {
                at: r.get(1)?,
                device_id: r.get(2)?,
                kind: r.get(3)?,
                title: r.get(4)?,
                body: r.get(5)?,
                reason: r.get(6)?,
            },
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Deletes entries matching `filter`; returns how many.
pub fn delete(tx: &Transaction<'_>, filter: &Filter) -> StoreResult<usize> {
    let (clause, values) = filter.where_clause();
    Ok(tx.execute(
        &format!("DELETE FROM history{clause}"),
        rusqlite::params_from_iter(values),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn entry(at: i64, device: &str) -> NewEntry {
        NewEntry {
            at,
            device_id: Some(device.into()),
            kind: "guide".into(),
            title: "Leifeng Pagoda".into(),
            body: "{}".into(),
            reason: "landmark in view".into(),
        }
    }

    #[test]
    fn list_and_delete_by_filter() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        store
            .write(|tx| {
                for (at, dev) in [(100, "a"), (200, "b"), (300, "a")] {
                    record(tx, &entry(at, dev))?;
                }
                Ok(())
            })
            .unwrap();
        let all = store.read(|c| list(c, &Filter::default(), 10)).unwrap();
        assert_eq!(
            all.iter().map(|e| e.entry.at).collect::<Vec<_>>(),
            [300, 200, 100]
        );
        let day = Filter {
            since: Some(150),
            until: Some(250),
            device_id: None,
        };
        assert_eq!(store.write(|tx| delete(tx, &day)).unwrap(), 1);
        let dev_a = Filter {
            device_id: Some("a".into()),
            ..Filter::default()
        };
        assert_eq!(store.read(|c| list(c, &dev_a, 10)).unwrap().len(), 2);
        assert_eq!(store.write(|tx| delete(tx, &dev_a)).unwrap(), 2);
        assert!(
            store
                .read(|c| list(c, &Filter::default(), 10))
                .unwrap()
                .is_empty()
        );
    }
}
