//! Crash safety of the store: a child process is killed with SIGKILL in the middle of a
//! multi-row write; on re-open the database is intact and the write is wholly absent.
//! Also: re-opening after every migration, and refusing a database from a newer version.

use sightline_core::store::{self, SCHEMA_VERSION, Store, StoreError, history};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const CHILD_ENV: &str = "SIGHTLINE_CRASH_CHILD_DB";
const BATCH: usize = 500;

fn entry(i: usize) -> history::NewEntry {
    history::NewEntry {
        at: i as i64,
        device_id: Some("sim".into()),
        kind: "info".into(),
        title: format!("row {i}"),
        body: "x".repeat(200),
        reason: "crash test".into(),
    }
}

/// Run as a child: commits one full batch, then starts a second batch and announces it is
/// half-way through, writing slowly until it is killed.
#[test]
fn crash_child() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return; // only meaningful when spawned by `sigkill_mid_write_loses_nothing`
    };
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    store
        .write(|tx| {
            for i in 0..BATCH {
                history::record(tx, &entry(i))?;
            }
            Ok(())
        })
        .unwrap();
    let _: store::StoreResult<()> = store.write(|tx| {
        for i in BATCH..2 * BATCH {
            history::record(tx, &entry(i))?;
            if i == BATCH + BATCH / 2 {
                println!("HALFWAY");
            }
            if i > BATCH + BATCH / 2 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
        Ok(())
    });
    println!("FINISHED");
}

#[test]
fn sigkill_mid_write_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "crash_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &db)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut saw_halfway = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        assert!(
            !line.contains("FINISHED"),
            "child finished before it was killed"
        );
        if line.contains("HALFWAY") {
            saw_halfway = true;
            break;
        }
    }
    assert!(saw_halfway, "child never reached the middle of its write");
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert!(!status.success());

    let store = Store::open(&db).unwrap();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let rows = store
        .read(|c| history::list(c, &history::Filter::default(), 10 * BATCH))
        .unwrap();
    assert_eq!(
        rows.len(),
        BATCH,
        "first batch wholly there, second wholly absent"
    );
    assert!(rows.iter().all(|r| r.entry.at < BATCH as i64));
}

#[test]
fn reopens_after_every_migration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("m.db");
    for version in 0..=SCHEMA_VERSION {
        let store = Store::open_to_version(
            &db,
            version,
            std::sync::Arc::new(sightline_core::vault::FileVault::beside(&db)),
        )
        .unwrap();
        assert_eq!(store.schema_version().unwrap(), version);
        drop(store);
        let reopened = Store::open_to_version(
            &db,
            version,
            std::sync::Arc::new(sightline_core::vault::FileVault::beside(&db)),
        )
        .unwrap();
        assert_eq!(reopened.schema_version().unwrap(), version);
        assert_eq!(reopened.integrity_check().unwrap(), "ok");
    }
    let full = Store::open(&db).unwrap();
    assert_eq!(full.schema_version().unwrap(), SCHEMA_VERSION);
}

#[test]
fn newer_database_is_refused_not_downgraded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    drop(Store::open(&db).unwrap());
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
            .unwrap();
    }
    match Store::open(&db) {
        Err(StoreError::TooNew {
            found, supported, ..
        }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 5, SCHEMA_VERSION));
        }
        other => panic!("expected TooNew, got {other:?}"),
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let v: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION + 5, "version untouched");
}
