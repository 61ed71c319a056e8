//! Where the link's keys live: the phone's static key pair in `store::identity` (created on
//! first use) and each paired glasses' static public key in `store::devices`, both sealed
//! with the store key the key vault keeps (`store::sealing`). A database copied without its
//! vault yields no key: the phone starts a new identity and every pair of glasses must be
//! paired again.

use std::time::Duration;

use tracing::warn;

use super::LinkError;
use super::secure::{StaticKeypair, pairing_backoff};
use crate::store::sealing::{self, IDENTITY};
use crate::store::{Store, devices, identity, now_ms, pairing_attempts};

/// The phone's static key pair, created and stored on first use, in one transaction (two
/// sessions starting at once get the same key). A stored key the vault's store key cannot
/// open (the database came without its vault, or was edited) is replaced by a new one, and
/// the pairings made with it are forgotten: the glasses must be paired again.
pub fn phone_identity(store: &Store) -> Result<StaticKeypair, LinkError> {
    let key = store.store_key().map_err(store_err)?;
    let fresh = StaticKeypair::generate()?;
    let sealed_fresh = key.seal(IDENTITY, fresh.secret()).map_err(store_err)?;
    let stored = store
        .write(|tx| {
            if let Some(id) = identity::get(tx)? {
                if let Some(secret) = key.open(IDENTITY, &id.static_secret) {
                    return Ok(Some((secret, id.static_public)));
                }
                let forgotten = devices::forget_keys(tx)?;
                warn!(
                    pairings = forgotten,
                    "the phone's stored key cannot be opened with this key vault: a new identity \
                     is created and the glasses must be paired again"
                );
            }
            let id = identity::Identity {
                static_secret: sealed_fresh,
                static_public: fresh.public().to_vec(),
            };
            identity::put(tx, &id)?;
            Ok(None)
        })
        .map_err(store_err)?;
    match stored {
        Some((secret, public)) => Ok(StaticKeypair::from_bytes(&secret, &public)?),
        None => Ok(fresh),
    }
}

/// The stored static key of paired glasses `device_id`, if paired and the vault's key opens
/// it (otherwise the glasses must be paired again, and are).
pub fn paired_key(store: &Store, device_id: &str) -> Result<Option<[u8; 32]>, LinkError> {
    let device = store
        .read(|c| devices::get(c, device_id))
        .map_err(store_err)?;
    let Some(sealed) = device.and_then(|d| d.peer_static) else {
        return Ok(None);
    };
    let key = store.store_key().map_err(store_err)?;
    let opened = key
        .open(&sealing::device_label(device_id), &sealed)
        .and_then(|k| <[u8; 32]>::try_from(k.as_slice()).ok());
    if opened.is_none() {
        warn!(
            device = device_id,
            "the stored pairing cannot be opened with this key vault: pairing again"
        );
    }
    Ok(opened)
}

/// Remembers that glasses `device_id` (of driver family `driver`, named `name`) paired with
/// static key `peer_static`, sealed with the store key.
pub fn remember_pairing(
    store: &Store,
    device_id: &str,
    driver: &str,
    name: &str,
    peer_static: &[u8],
) -> Result<(), LinkError> {
    let key = store.store_key().map_err(store_err)?;
    let sealed = key
        .seal(&sealing::device_label(device_id), peer_static)
        .map_err(store_err)?;
    let device = devices::Device {
        id: device_id.to_string(),
        driver: driver.to_string(),
        name: name.to_string(),
        peer_static: Some(sealed),
        paired_at: now_ms(),
        last_seen: Some(now_ms()),
    };
    store
        .write(|tx| devices::upsert(tx, &device))
        .map_err(store_err)
}

/// Refuses to start pairing with `device_id` while the phone's back-off says wait: every code
/// shown counts as a failure until confirmed; after three, each new pairing waits 1 s, 2 s,
/// 4 s … ([`pairing_backoff`]; the glasses throttle too, but the phone must not rely on glasses
/// it has not authenticated yet). The count lives in the store (`store::pairing_attempts`),
/// so restarting the app — or making it crash — does not reset it. Reads SQLite: call it off
/// the async workers.
pub fn may_pair(store: &Store, device_id: &str) -> Result<(), LinkError> {
    let attempts = store
        .read(|c| pairing_attempts::get(c, device_id))
        .map_err(store_err)?;
    let wait = attempts.map_or(Duration::ZERO, |a| wait_after(a, now_ms()));
    if wait.is_zero() {
        Ok(())
    } else {
        // Rounded up: "try again in 0 s" would be a lie.
        Err(LinkError::PairingThrottled {
            wait_s: u64::try_from(wait.as_millis().div_ceil(1000)).unwrap_or(u64::MAX),
        })
    }
}

/// The wait left at `now_ms` after `attempts`. A last failure in the future (the wall clock
/// went back) counts as just now, so moving the clock never shortens the wait.
fn wait_after(attempts: pairing_attempts::Attempts, now_ms: i64) -> Duration {
    let elapsed = u64::try_from(now_ms.saturating_sub(attempts.last_failure_at)).unwrap_or(0);
    pairing_backoff(attempts.failures).saturating_sub(Duration::from_millis(elapsed))
}

/// A pairing code with `device_id` was shown: a failure until [`pairing_confirmed`]. Writes
/// SQLite: call it off the async workers.
pub fn pairing_code_shown(store: &Store, device_id: &str) -> Result<(), LinkError> {
    store
        .write(|tx| pairing_attempts::shown(tx, device_id, now_ms()))
        .map_err(store_err)
}

/// Pairing with `device_id` was confirmed on both sides: its count starts over. Writes
/// SQLite: call it off the async workers.
pub fn pairing_confirmed(store: &Store, device_id: &str) -> Result<(), LinkError> {
    store
        .write(|tx| pairing_attempts::clear(tx, device_id))
        .map_err(store_err)
}

fn store_err(e: crate::store::StoreError) -> LinkError {
    LinkError::Store(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_the_phone_pairing_back_off_survives_a_restart_of_the_app() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data").join("sightline.db");
        let id = "throttle-test-glasses";
        {
            let store = Store::open(&path).unwrap();
            assert_eq!(may_pair(&store, id), Ok(()));
            for _ in 1..super::super::secure::FREE_PAIRING_ATTEMPTS {
                pairing_code_shown(&store, id).unwrap();
            }
            assert_eq!(
                may_pair(&store, id),
                Ok(()),
                "unconfirmed codes before the third are free"
            );
            pairing_code_shown(&store, id).unwrap();
            assert!(matches!(
                may_pair(&store, id),
                Err(LinkError::PairingThrottled { wait_s: 1 })
            ));
            pairing_code_shown(&store, id).unwrap();
        }
        // The app restarts (or was made to crash): the count is still there.
        let store = Store::open(&path).unwrap();
        assert!(matches!(
            may_pair(&store, id),
            Err(LinkError::PairingThrottled { wait_s: 2 })
        ));
        assert_eq!(may_pair(&store, "other-glasses"), Ok(()), "per device");
        pairing_confirmed(&store, id).unwrap();
        assert_eq!(may_pair(&store, id), Ok(()));
    }

    #[test]
    fn security_a_clock_set_back_does_not_shorten_the_pairing_back_off() {
        let attempts = pairing_attempts::Attempts {
            failures: 5,
            last_failure_at: 10_000,
        };
        assert_eq!(wait_after(attempts, 10_000), Duration::from_secs(4));
        assert_eq!(wait_after(attempts, 11_500), Duration::from_millis(2_500));
        assert_eq!(wait_after(attempts, 0), Duration::from_secs(4));
        assert_eq!(wait_after(attempts, 20_000), Duration::ZERO);
    }
}
