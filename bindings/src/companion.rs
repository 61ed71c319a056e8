//! The one object an app holds: `Companion`, a thin wrapper over the core.

use std::sync::Arc;

use sightline_core::Config;
use sightline_core::store::{Store, history, preferences};
use tokio::sync::broadcast;

use crate::cards::Card;
use crate::config::CompanionConfig;
use crate::error::SightlineError;
use crate::events::CompanionEvent;
use crate::subscription::{CompanionListener, Subscription};

/// How many events a slow listener may fall behind before it gets `Lagged`.
const EVENT_BUFFER: usize = 256;

/// One stored preference: a key and its JSON value.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Preference {
    /// The key, e.g. `proactive.quiet` or `shoe_size_eu`.
    pub key: String,
    /// The value as JSON text, e.g. `true`, `42`, `"EU"`.
    pub value_json: String,
}

/// One history entry: what was shown to the wearer, when, and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct HistoryEntry {
    /// Row id.
    pub id: i64,
    /// When it was shown, in milliseconds since the Unix epoch.
    pub at_ms: i64,
    /// The glasses it was shown on, if any.
    pub device_id: Option<String>,
    /// The card kind as stored (`guide`, `plan`…).
    pub kind: String,
    /// The card's title.
    pub title: String,
    /// Why it was shown.
    pub reason: String,
    /// The full card, when the stored body can be read back as one.
    pub card: Option<Card>,
}

impl From<history::Entry> for HistoryEntry {
    fn from(e: history::Entry) -> Self {
        let card = serde_json::from_str::<sightline_core::card::Card>(&e.entry.body)
            .ok()
            .map(Card::from);
        Self {
            id: e.id,
            at_ms: e.entry.at,
            device_id: e.entry.device_id,
            kind: e.entry.kind,
            title: e.entry.title,
            reason: e.entry.reason,
            card,
        }
    }
}

/// Which history `forget` deletes.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum ForgetScope {
    /// Everything.
    All,
    /// Everything shown on one pair of glasses.
    Device {
        /// The glasses' id.
        device_id: String,
    },
    /// Everything shown in `[since_ms, until_ms)` (e.g. one local day).
    Period {
        /// Start, inclusive, ms since the Unix epoch.
        since_ms: i64,
        /// End, exclusive, ms since the Unix epoch.
        until_ms: i64,
    },
}

impl TryFrom<ForgetScope> for history::Filter {
    type Error = SightlineError;

    fn try_from(scope: ForgetScope) -> Result<Self, Self::Error> {
        Ok(match scope {
            ForgetScope::All => history::Filter::default(),
            ForgetScope::Device { device_id } if device_id.trim().is_empty() => {
                return Err(SightlineError::invalid("the device id is empty"));
            }
            ForgetScope::Device { device_id } => history::Filter {
                device_id: Some(device_id),
                ..history::Filter::default()
            },
            ForgetScope::Period { since_ms, until_ms } if since_ms >= until_ms => {
                return Err(SightlineError::invalid(
                    "the period ends before it starts (since_ms >= until_ms)",
                ));
            }
            ForgetScope::Period { since_ms, until_ms } => history::Filter {
                since: Some(since_ms),
                until: Some(until_ms),
                device_id: None,
            },
        })
    }
}

/// The Sightline companion: pairs with glasses, turns what they see and hear into cards, and
/// keeps the user's history and preferences. Create one per app; it is safe to call from any
/// thread.
#[derive(uniffi::Object)]
pub struct Companion {
    store: Store,
    events: broadcast::Sender<CompanionEvent>,
}

#[uniffi::export]
impl Companion {
    /// Opens (creating if needed) the database in `config.data_dir` and starts the companion.
    #[uniffi::constructor]
    pub fn new(config: CompanionConfig) -> Result<Arc<Self>, SightlineError> {
        let config = Config::try_from(config)?;
        let store = Store::open(&config.database_path())?;
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        Ok(Arc::new(Self { store, events }))
    }

    /// Starts delivering events to `listener` until the returned handle is cancelled or
    /// dropped.
    pub fn subscribe(
        &self,
        listener: Arc<dyn CompanionListener>,
    ) -> Result<Arc<Subscription>, SightlineError> {
        Subscription::spawn(self.events.subscribe(), listener)
    }

    /// Every preference, sorted by key.
    pub fn preferences(&self) -> Result<Vec<Preference>, SightlineError> {
        let all = self.store.read(preferences::list)?;
        Ok(all
            .into_iter()
            .map(|(key, value)| Preference {
                key,
                value_json: value.to_string(),
            })
            .collect())
    }

    /// Sets `key` to the JSON value `value_json` (e.g. `true`, `42`, `"EU"`). A blank key or
    /// text that is not JSON is `InvalidInput` and changes nothing.
    pub fn set_preference(&self, key: String, value_json: String) -> Result<(), SightlineError> {
        let key = checked_key(key)?;
        let value: serde_json::Value = serde_json::from_str(&value_json)
            .map_err(|e| SightlineError::invalid(format!("the value is not JSON: {e}")))?;
        self.store.write(|tx| preferences::set(tx, &key, &value))?;
        self.emit(CompanionEvent::PreferenceChanged { key });
        Ok(())
    }

    /// Removes `key`; returns whether it was set.
    pub fn remove_preference(&self, key: String) -> Result<bool, SightlineError> {
        let key = checked_key(key)?;
        let existed = self.store.write(|tx| preferences::delete(tx, &key))?;
        if existed {
            self.emit(CompanionEvent::PreferenceChanged { key });
        }
        Ok(existed)
    }

    /// What was shown to the wearer and why, newest first, at most `limit` entries.
    pub fn history(&self, limit: u32) -> Result<Vec<HistoryEntry>, SightlineError> {
        let entries = self
            .store
            .read(|c| history::list(c, &history::Filter::default(), limit as usize))?;
        Ok(entries.into_iter().map(HistoryEntry::from).collect())
    }

    /// Deletes the history in `scope` so that it is gone from the database file too; returns
    /// how many entries were deleted.
    pub fn forget(&self, scope: ForgetScope) -> Result<u64, SightlineError> {
        let filter = history::Filter::try_from(scope)?;
        let count = self.store.write(|tx| history::delete(tx, &filter))? as u64;
        self.store
            .read(|c| Ok(c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")?))?;
        self.emit(CompanionEvent::HistoryForgotten { count });
        Ok(count)
    }
}

impl Companion {
    fn emit(&self, event: CompanionEvent) {
        // No subscriber is not an error: the event simply has no audience.
        let _ = self.events.send(event);
    }
}

fn checked_key(key: String) -> Result<String, SightlineError> {
    if key.trim().is_empty() {
        Err(SightlineError::invalid("the preference key is empty"))
    } else {
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{default_privacy_settings, default_provider_settings};

    fn companion(dir: &std::path::Path) -> Arc<Companion> {
        Companion::new(CompanionConfig {
            data_dir: dir.display().to_string(),
            models_dir: "models".into(),
            privacy: default_privacy_settings(),
            providers: default_provider_settings(),
        })
        .unwrap()
    }

    #[test]
    fn bad_preference_input_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let c = companion(dir.path());
        c.set_preference("shoe_size_eu".into(), "42".into())
            .unwrap();
        let err = c
            .set_preference("shoe_size_eu".into(), "{not json".into())
            .unwrap_err();
        assert!(matches!(err, SightlineError::InvalidInput { .. }));
        assert!(c.set_preference(" ".into(), "1".into()).is_err());
        assert_eq!(
            c.preferences().unwrap(),
            vec![Preference {
                key: "shoe_size_eu".into(),
                value_json: "42".into()
            }]
        );
    }

    #[test]
    fn forget_scope_is_validated() {
        let dir = tempfile::tempdir().unwrap();
        let c = companion(dir.path());
        assert!(matches!(
            c.forget(ForgetScope::Period {
                since_ms: 10,
                until_ms: 10
            }),
            Err(SightlineError::InvalidInput { .. })
        ));
        assert_eq!(c.forget(ForgetScope::All).unwrap(), 0);
    }
}
