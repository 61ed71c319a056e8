//! What the companion keeps for the user, all listable and deletable: the preferences, and the
//! history of what was shown and why.

use super::{Companion, preference_keys};
use crate::error::Result;
use crate::proactive::Switches;
use crate::store::forget::{self, Forgotten};
use crate::store::{history, preferences};

/// What to forget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForgetScope {
    /// All history.
    All,
    /// The history of one glasses device.
    Device(String),
    /// History recorded in `[since_ms, until_ms)`.
    Between {
        /// Start, ms since the epoch.
        since_ms: i64,
        /// End (exclusive), ms since the epoch.
        until_ms: i64,
    },
}

impl Companion {
    /// Every preference, sorted by key.
    pub fn preferences(&self) -> Result<Vec<(String, serde_json::Value)>> {
        Ok(self.inner.store.read(preferences::list)?)
    }

    /// The stored value of preference `key`, read on the blocking pool (for async paths: a
    /// request, a notification). One helper for every such read, so the FFI library carries
    /// one instantiation of the blocking task.
    pub(super) async fn preference(&self, key: &'static str) -> Result<Option<serde_json::Value>> {
        Ok(self
            .inner
            .store
            .read_blocking(move |c| preferences::get(c, key))
            .await?)
    }

    /// Sets one preference; `proactive.*` switches apply at once. Only keys the companion
    /// reads are accepted, each with a value of its kind ([`preference_keys`]); anything else
    /// is `CompanionError::Preference` and changes nothing.
    pub fn set_preference(&self, key: &str, value: serde_json::Value) -> Result<()> {
        let value = preference_keys::check_value(key, value)?;
        self.inner
            .store
            .write(|tx| preferences::set(tx, key, &value))?;
        if key.starts_with("proactive.") {
            let switches = Switches::load(&self.inner.store)?;
            self.state()?.switches = switches;
        }
        Ok(())
    }

    /// Removes one preference (back to its default); returns whether it was set. An unknown
    /// key is `CompanionError::Preference`, as for [`Companion::set_preference`].
    pub fn remove_preference(&self, key: &str) -> Result<bool> {
        preference_keys::kind_of(key)?;
        let existed = self.inner.store.write(|tx| preferences::delete(tx, key))?;
        if key.starts_with("proactive.") {
            let switches = Switches::load(&self.inner.store)?;
            self.state()?.switches = switches;
        }
        Ok(existed)
    }

    /// What was shown and why, newest first.
    pub fn history(&self, limit: usize) -> Result<Vec<history::Entry>> {
        Ok(self
            .inner
            .store
            .read(|c| history::list(c, &history::Filter::default(), limit))?)
    }

    /// Deletes history in `scope`, and the settled orders and ledger entries of that period
    /// (all of them for [`ForgetScope::All`]; none for one device), in one transaction, so
    /// they are gone from the database file, its WAL and journal (`store::forget`). Returns
    /// how much.
    pub fn forget(&self, scope: ForgetScope) -> Result<Forgotten> {
        let filter = match scope {
            ForgetScope::All => history::Filter::default(),
            ForgetScope::Device(id) => history::Filter {
                device_id: Some(id),
                ..history::Filter::default()
            },
            ForgetScope::Between { since_ms, until_ms } => history::Filter {
                since: Some(since_ms),
                until: Some(until_ms),
                device_id: None,
            },
        };
        Ok(forget::purge(&self.inner.store, &filter)?)
    }
}
