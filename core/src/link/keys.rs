//! Where the link's keys live: the phone's static key pair in `store::identity` (created on
//! first use) and each paired glasses' static public key in `store::devices`.

use super::LinkError;
use super::secure::StaticKeypair;
use crate::store::{Store, devices, identity};

/// The phone's static key pair, created and stored on first use.
pub fn phone_identity(store: &Store) -> Result<StaticKeypair, LinkError> {
    let stored = store.read(identity::get).map_err(store_err)?;
    if let Some(id) = stored {
        return Ok(StaticKeypair::from_bytes(
            &id.static_secret,
            &id.static_public,
        )?);
    }
    let kp = StaticKeypair::generate()?;
    let id = identity::Identity {
        static_secret: kp.secret().to_vec(),
        static_public: kp.public().to_vec(),
    };
    store
        .write(|tx| identity::put(tx, &id))
        .map_err(store_err)?;
    Ok(kp)
}

/// The stored static key of paired glasses `device_id`, if paired.
pub fn paired_key(store: &Store, device_id: &str) -> Result<Option<[u8; 32]>, LinkError> {
    let device = store
        .read(|c| devices::get(c, device_id))
        .map_err(store_err)?;
    match device.and_then(|d| d.peer_static) {
        Some(k) => Ok(Some(k.as_slice().try_into().map_err(|_| {
            LinkError::Store(format!("stored key of {device_id} has {} bytes", k.len()))
        })?)),
        None => Ok(None),
    }
}

fn store_err(e: crate::store::StoreError) -> LinkError {
    LinkError::Store(e.to_string())
}
