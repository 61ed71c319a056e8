//! Where the link's keys live: the phone's static key pair in `store::identity` (created on
//! first use) and each paired glasses' static public key in `store::devices`, both sealed
//! with the store key the key vault keeps (`store::sealing`). A database copied without its
//! vault yields no key: the phone starts a new identity and every pair of glasses must be
//! paired again.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use tokio::time::Instant;
use tracing::warn;

use super::LinkError;
use super::secure::{PairingThrottle, StaticKeypair};
use crate::store::sealing::{self, IDENTITY};
use crate::store::{Store, devices, identity, now_ms};

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

/// The phone's pairing throttles, one per device id, for the life of the process: every code
/// shown counts as a failure until confirmed; after three, each new pairing waits 1 s, 2 s,
/// 4 s … (the glasses throttle too, but the phone must not rely on glasses it has not
/// authenticated yet).
fn throttles() -> &'static Mutex<HashMap<String, PairingThrottle>> {
    static THROTTLES: OnceLock<Mutex<HashMap<String, PairingThrottle>>> = OnceLock::new();
    THROTTLES.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Refuses to start pairing with `device_id` while its throttle says wait.
pub fn may_pair(device_id: &str) -> Result<(), LinkError> {
    let throttles = throttles().lock().map_err(|_| LinkError::Closed)?;
    let wait = throttles
        .get(device_id)
        .map_or(std::time::Duration::ZERO, |t| t.wait(Instant::now()));
    if wait.is_zero() {
        Ok(())
    } else {
        // Rounded up: "try again in 0 s" would be a lie.
        Err(LinkError::PairingThrottled {
            wait_s: u64::try_from(wait.as_millis().div_ceil(1000)).unwrap_or(u64::MAX),
        })
    }
}

/// A pairing code with `device_id` was shown: a failure until [`pairing_confirmed`].
pub fn pairing_code_shown(device_id: &str) {
    if let Ok(mut throttles) = throttles().lock() {
        throttles
            .entry(device_id.to_string())
            .or_default()
            .shown(Instant::now());
    }
}

/// Pairing with `device_id` was confirmed on both sides: its throttle starts over.
pub fn pairing_confirmed(device_id: &str) {
    if let Ok(mut throttles) = throttles().lock() {
        throttles.remove(device_id);
    }
}

fn store_err(e: crate::store::StoreError) -> LinkError {
    LinkError::Store(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_the_phone_backs_off_pairing_once_three_codes_went_unconfirmed() {
        let id = "throttle-test-glasses";
        assert_eq!(may_pair(id), Ok(()));
        for _ in 1..super::super::secure::FREE_PAIRING_ATTEMPTS {
            pairing_code_shown(id);
        }
        assert_eq!(
            may_pair(id),
            Ok(()),
            "unconfirmed codes before the third are free"
        );
        pairing_code_shown(id);
        assert!(matches!(
            may_pair(id),
            Err(LinkError::PairingThrottled { wait_s: 1 })
        ));
        pairing_code_shown(id);
        assert!(matches!(
            may_pair(id),
            Err(LinkError::PairingThrottled { wait_s: 2 })
        ));
        assert_eq!(may_pair("other-glasses"), Ok(()), "per device");
        pairing_confirmed(id);
        assert_eq!(may_pair(id), Ok(()));
    }
}
