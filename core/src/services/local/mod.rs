//! The embedded default: a "demo city" in its own SQLite file (`city.db` in the data dir),
//! built deterministically from the seed spec `core/data/demo-city.toml` on first run and
//! rebuilt only when the spec or the generator changes. It answers all six limbs without
//! any network: [`DemoCity`] implements every provider trait.
//!
//! Queries are short indexed lookups (R*Tree, FTS5, primary keys), so they run directly on
//! the calling task under one connection lock rather than hopping to a blocking pool.

mod catalog;
mod generate;
mod guides;
mod mobility;
mod paycodes;
mod payments;
mod places;
mod rng;
mod schema;
mod spec;
mod text;
mod travel;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

pub use generate::{CityCounts, bike_qr_payload, demo_ean13};
pub use paycodes::{merchant_code_payload, personal_account};
pub use text::name_similarity;

use super::Services;
use super::error::{ServiceError, ServiceResult};
use spec::{CitySpec, DEMO_CITY_SPEC};

/// File name of the demo city inside the data dir.
pub const CITY_FILE: &str = "city.db";

/// The demo city: one SQLite file, opened once and shared.
pub struct DemoCity {
    path: PathBuf,
    conn: Mutex<Connection>,
    counts: CityCounts,
}

impl std::fmt::Debug for DemoCity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoCity")
            .field("path", &self.path)
            .field("counts", &self.counts)
            .finish()
    }
}

impl DemoCity {
    /// Opens `city.db` in `data_dir`, building it first when it is missing or was built from
    /// another spec or generator version.
    pub fn open(data_dir: &Path) -> ServiceResult<Arc<DemoCity>> {
        Ok(Arc::new(Self::open_scaled(&data_dir.join(CITY_FILE), 1)?))
    }

    /// Opens (building if needed) a city at `path` with the shopping areas and product
    /// families repeated `scale` times (1 = the demo city; the benchmark uses 100).
    pub fn open_scaled(path: &Path, scale: u32) -> ServiceResult<DemoCity> {
        let fingerprint = fingerprint(scale);
        if let Some(city) = Self::open_existing(path, &fingerprint)? {
            return Ok(city);
        }
        build(path, scale, &fingerprint)?;
        Self::open_existing(path, &fingerprint)?.ok_or_else(|| {
            ServiceError::Seed(format!("{} was built but does not open", path.display()))
        })
    }

    fn open_existing(path: &Path, fingerprint: &str) -> ServiceResult<Option<DemoCity>> {
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let stored: Option<String> = conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'fingerprint'",
                [],
                |r| r.get(0),
            )
            .ok();
        if stored.as_deref() != Some(fingerprint) {
            tracing::info!(path = %path.display(), "demo city is outdated; rebuilding");
            return Ok(None);
        }
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let counts = conn.query_row(
            "SELECT (SELECT COUNT(*) FROM poi), (SELECT COUNT(*) FROM product),
                    (SELECT COUNT(*) FROM offer), (SELECT COUNT(*) FROM bike),
                    (SELECT COUNT(*) FROM service), (SELECT COUNT(*) FROM hotel),
                    (SELECT COUNT(*) FROM merchant_code)",
            [],
            |r| {
                Ok(CityCounts {
                    pois: r.get::<_, i64>(0)? as usize,
                    products: r.get::<_, i64>(1)? as usize,
                    offers: r.get::<_, i64>(2)? as usize,
                    bikes: r.get::<_, i64>(3)? as usize,
                    services: r.get::<_, i64>(4)? as usize,
                    hotels: r.get::<_, i64>(5)? as usize,
                    merchant_codes: r.get::<_, i64>(6)? as usize,
                })
            },
        )?;
        Ok(Some(DemoCity {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            counts,
        }))
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// How many POIs, products, offers… the city holds.
    pub fn counts(&self) -> CityCounts {
        self.counts
    }

    /// Every limb served by this city.
    pub fn services(self: &Arc<Self>) -> Services {
        Services {
            places: self.clone(),
            catalog: self.clone(),
            travel: self.clone(),
            mobility: self.clone(),
            guides: self.clone(),
            payments: self.clone(),
        }
    }

    fn lock(&self) -> ServiceResult<MutexGuard<'_, Connection>> {
        self.conn
            .lock()
            .map_err(|_| ServiceError::Seed("demo city lock poisoned by a panic".into()))
    }

    /// Runs a read against the city.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> ServiceResult<T>) -> ServiceResult<T> {
        f(&*self.lock()?)
    }

    /// Runs a change (payments, rides) in one IMMEDIATE transaction.
    fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> ServiceResult<T>) -> ServiceResult<T> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// Identifies what a city file was built from: generator version, spec text, scale.
fn fingerprint(scale: u32) -> String {
    let mut h = Sha256::new();
    h.update(schema::CITY_FORMAT_VERSION.to_le_bytes());
    h.update(scale.to_le_bytes());
    h.update(DEMO_CITY_SPEC.as_bytes());
    hex::encode(h.finalize())
}

/// Builds the city into a temporary file next to `path`, then renames it into place, so a
/// crash mid-build never leaves a half-built city behind.
fn build(path: &Path, scale: u32, fingerprint: &str) -> ServiceResult<()> {
    let spec = CitySpec::parse(DEMO_CITY_SPEC)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| ServiceError::Seed(format!("cannot create {}: {e}", dir.display())))?;
    }
    let tmp = path.with_extension(format!("building-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    let started = std::time::Instant::now();
    let counts = {
        let mut conn = Connection::open(&tmp)?;
        conn.pragma_update(None, "journal_mode", "OFF")?;
        conn.pragma_update(None, "synchronous", "OFF")?;
        let tx = conn.transaction()?;
        tx.execute_batch(schema::SCHEMA)?;
        let counts = generate::generate(&tx, &spec, scale)?;
        tx.execute("INSERT INTO meta VALUES ('fingerprint', ?1)", [fingerprint])?;
        tx.commit()?;
        conn.execute_batch("PRAGMA optimize; VACUUM;")?;
        counts
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        ServiceError::Seed(format!(
            "cannot move the built city to {}: {e}",
            path.display()
        ))
    })?;
    tracing::info!(
        path = %path.display(),
        pois = counts.pois,
        products = counts.products,
        ms = started.elapsed().as_millis() as u64,
        "demo city built"
    );
    Ok(())
}
