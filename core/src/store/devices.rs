//! Paired glasses: which driver speaks to them and the peer's long-term public key.

use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};

use super::{StoreResult, now_ms};

/// A paired pair of glasses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    /// Stable id (the BLE address or the peripheral's own id).
    pub id: String,
    /// Driver family (`sightline`, `openglass`, `frame`, `g1`).
    pub driver: String,
    /// Human-readable name.
    pub name: String,
    /// The glasses' static public key from pairing, sealed with the store key
    /// (`link::keys` seals and opens it; `None` for unauthenticated drivers).
    pub peer_static: Option<Vec<u8>>,
    /// When it was paired (ms since epoch).
    pub paired_at: i64,
    /// When it was last connected (ms since epoch).
    pub last_seen: Option<i64>,
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<Device> {
    Ok(Device {
        id: r.get(0)?,
        driver: r.get(1)?,
        name: r.get(2)?,
        peer_static: r.get(3)?,
        paired_at: r.get(4)?,
        last_seen: r.get(5)?,
    })
}

const COLUMNS: &str = "id, driver, name, peer_static, paired_at, last_seen";

/// Inserts or replaces a paired device (re-pairing replaces the key).
pub fn upsert(tx: &Transaction<'_>, device: &Device) -> StoreResult<()> {
    tx.execute(
        "INSERT OR REPLACE INTO devices(id, driver, name, peer_static, paired_at, last_seen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            device.id,
            device.driver,
            device.name,
            device.peer_static,
            device.paired_at,
            device.last_seen
        ],
    )?;
    Ok(())
}

/// Forgets every device's pairing key (they were made with an identity that is gone): each
/// must be paired again. Returns how many keys were forgotten.
pub fn forget_keys(tx: &Transaction<'_>) -> StoreResult<usize> {
    Ok(tx.execute(
        "UPDATE devices SET peer_static = NULL WHERE peer_static IS NOT NULL",
        [],
    )?)
}

/// One device by id.
pub fn get(conn: &Connection, id: &str) -> StoreResult<Option<Device>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM devices WHERE id = ?1"),
            [id],
            from_row,
        )
        .optional()?)
}

/// All paired devices, most recently paired first.
pub fn list(conn: &Connection) -> StoreResult<Vec<Device>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM devices ORDER BY paired_at DESC, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Records that the device was just seen.
pub fn touch(tx: &Transaction<'_>, id: &str) -> StoreResult<()> {
    tx.execute(
        "UPDATE devices SET last_seen = ?2 WHERE id = ?1",
        params![id, now_ms()],
    )?;
    Ok(())
}

/// Forgets a device and its key; returns whether it existed.
pub fn delete(tx: &Transaction<'_>, id: &str) -> StoreResult<bool> {
    Ok(tx.execute("DELETE FROM devices WHERE id = ?1", [id])? > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn pair_touch_list_forget() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        let d = Device {
            id: "AA:BB".into(),
            driver: "sightline".into(),
            name: "Sim Glasses".into(),
            peer_static: Some(vec![1; 32]),
            paired_at: 5,
            last_seen: None,
        };
        store.write(|tx| upsert(tx, &d)).unwrap();
        store.write(|tx| touch(tx, "AA:BB")).unwrap();
        let got = store.read(|c| get(c, "AA:BB")).unwrap().unwrap();
        assert!(got.last_seen.is_some());
        assert_eq!(store.read(list).unwrap().len(), 1);
        assert!(store.write(|tx| delete(tx, "AA:BB")).unwrap());
        assert_eq!(store.read(|c| get(c, "AA:BB")).unwrap(), None);
    }
}
