//! The one object an app holds: `Companion`, a thin wrapper over the core.

use std::sync::Arc;
#[cfg(feature = "sim")]
use std::sync::Mutex;

use sightline_core::Config;
use sightline_core::companion::{Companion as CoreCompanion, ForgetScope as CoreForgetScope};
use sightline_core::geo::GeoPoint;
use sightline_core::link::LinkError;
use sightline_core::link::drivers;
#[cfg(feature = "sim")]
use sightline_core::link::drivers::sim::SimDevice;
use sightline_core::link::session::Target;
use sightline_core::link::transport::Connector;
use sightline_core::store::history;
use tokio::sync::broadcast;

use crate::cards::Card;
use crate::config::CompanionConfig;
use crate::error::SightlineError;
use crate::events::CompanionEvent;
use crate::families::GlassesFamily;
use crate::subscription::{CompanionListener, Subscription};
use crate::transport::{ForeignConnector, GlassesTransport};

/// How many events a slow listener may fall behind before it gets `Lagged`.
const EVENT_BUFFER: usize = 256;

/// One stored preference: a key and its JSON value.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Preference {
    /// The key, e.g. `proactive.quiet` or `shoe_size`.
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

impl TryFrom<ForgetScope> for CoreForgetScope {
    type Error = SightlineError;

    fn try_from(scope: ForgetScope) -> Result<Self, Self::Error> {
        Ok(match scope {
            ForgetScope::All => CoreForgetScope::All,
            ForgetScope::Device { device_id } if device_id.trim().is_empty() => {
                return Err(SightlineError::invalid("the device id is empty"));
            }
            ForgetScope::Device { device_id } => CoreForgetScope::Device(device_id),
            ForgetScope::Period { since_ms, until_ms } if since_ms >= until_ms => {
                return Err(SightlineError::invalid(
                    "the period ends before it starts (since_ms >= until_ms)",
                ));
            }
            ForgetScope::Period { since_ms, until_ms } => {
                CoreForgetScope::Between { since_ms, until_ms }
            }
        })
    }
}

/// The Sightline companion: pairs with glasses, turns what they see and hear into cards, and
/// keeps the user's history and preferences. Create one per app; it is safe to call from any
/// thread.
#[derive(uniffi::Object)]
pub struct Companion {
    core: CoreCompanion,
    events: broadcast::Sender<CompanionEvent>,
    /// Simulated glasses paired with `pair_simulated`, kept alive while paired.
    #[cfg(feature = "sim")]
    simulated: Mutex<Option<SimDevice>>,
}

#[uniffi::export]
impl Companion {
    /// Opens (creating if needed) the database in `config.data_dir` and starts the companion.
    /// The models in `config.models_dir` are opened on the first camera frame.
    #[uniffi::constructor]
    pub fn new(config: CompanionConfig) -> Result<Arc<Self>, SightlineError> {
        let config = Config::try_from(config)?;
        Self::wrap(CoreCompanion::start(config)?)
    }

    /// Starts delivering events to `listener` until the returned handle is cancelled or
    /// dropped.
    pub fn subscribe(
        &self,
        listener: Arc<dyn CompanionListener>,
    ) -> Result<Arc<Subscription>, SightlineError> {
        Subscription::spawn(self.events.subscribe(), listener)
    }

    /// Answers what the wearer said or typed (Chinese or English) with one card: a trip and a
    /// purchase planned together, a price comparison, "does this shop have X" about the shop
    /// in view… A card that spends money carries one action to pass to `confirm`.
    pub async fn ask(&self, utterance: String) -> Result<Card, SightlineError> {
        if utterance.trim().is_empty() {
            return Err(SightlineError::invalid("nothing was said"));
        }
        let core = self.core.clone();
        on_core(async move { core.ask(&utterance).await })
            .await
            .map(Card::from)
    }

    /// Hears the phone's microphone: 16-bit mono PCM at `sample_rate` Hz (resampled inside;
    /// the audio stays in memory). Each utterance is recognised on the device, emitted as a
    /// `Transcript` event and then handled as what the wearer said — a short "yes"/"确认" or
    /// "no"/"取消" answers the card displayed last within the answer window
    /// (`VoiceAnswered`), anything else is asked (`CardShown`). Returns the final
    /// transcripts. Silence or empty audio is `InvalidInput`; the models load on first use.
    pub async fn hear(
        &self,
        pcm: Vec<i16>,
        sample_rate: u32,
    ) -> Result<Vec<String>, SightlineError> {
        let core = self.core.clone();
        on_core(async move { core.hear(pcm, sample_rate).await }).await
    }

    /// Presses the action `action_id` of a shown card (the user confirmed it): places the
    /// orders and takes the payment, unlocks the bike, or shows more. Returns the resulting
    /// card (a receipt). Retrying after a failure never charges twice.
    pub async fn confirm(&self, action_id: String) -> Result<Card, SightlineError> {
        let core = self.core.clone();
        on_core(async move { core.confirm(&action_id).await })
            .await
            .map(Card::from)
    }

    /// Reads a picture from the phone's camera (JPEG or PNG bytes) on the device and acts on
    /// what it shows, as for a frame from the glasses. Returns the cards shown. The picture is
    /// never stored. An undecodable or oversized picture is `InvalidInput`.
    pub async fn see(&self, image: Vec<u8>) -> Result<Vec<Card>, SightlineError> {
        let core = self.core.clone();
        let cards = on_core(async move { core.see(image).await }).await?;
        Ok(cards.into_iter().map(Card::from).collect())
    }

    /// A location fix from the phone: latitude and longitude in degrees, heading in degrees
    /// from north, speed in metres per second (both when known).
    pub fn update_location(
        &self,
        latitude: f64,
        longitude: f64,
        heading_deg: Option<f64>,
        speed_mps: Option<f64>,
    ) -> Result<(), SightlineError> {
        let point = GeoPoint::new(latitude, longitude);
        if !point.is_valid() {
            return Err(SightlineError::invalid("the position is not on Earth"));
        }
        if speed_mps.is_some_and(|s| !(s.is_finite() && s >= 0.0)) {
            return Err(SightlineError::invalid("the speed must be a number ≥ 0"));
        }
        Ok(self.core.update_location(point, heading_deg, speed_mps)?)
    }

    /// Connects to glasses `device_id` of `family` through the phone's own Bluetooth stack
    /// and starts the link with the family's driver. Sightline glasses pair the first time (a
    /// `PairingCode` event asks the user to compare codes; answer with `confirm_pairing`) and
    /// later reconnect securely on their own; the other families connect as they are.
    /// Progress arrives as `LinkChanged` events; cards then go to the glasses.
    pub async fn pair(
        &self,
        device_id: String,
        family: GlassesFamily,
        transport: Arc<dyn GlassesTransport>,
    ) -> Result<(), SightlineError> {
        let connector: Arc<dyn Connector> = Arc::new(ForeignConnector::new(transport)?);
        self.start_link(device_id, family, connector).await
    }

    /// The user's answer to a `PairingCode` event: `true` when both screens show the same
    /// code. `false` refuses the pairing.
    pub async fn confirm_pairing(&self, matches: bool) -> Result<(), SightlineError> {
        let core = self.core.clone();
        on_core(async move { core.confirm_pairing(matches).await }).await
    }

    /// Asks the connected glasses for a camera frame now; what it shows arrives as a
    /// `FrameSeen` event and the cards it leads to. Returns the request id.
    pub async fn look(&self) -> Result<u32, SightlineError> {
        let core = self.core.clone();
        on_core(async move { core.look().await }).await
    }

    /// Disconnects the glasses (the pairing is kept for the next `pair`).
    pub async fn disconnect(&self) -> Result<(), SightlineError> {
        let core = self.core.clone();
        on_core(async move { core.detach_glasses().await }).await?;
        #[cfg(feature = "sim")]
        if let Ok(mut simulated) = self.simulated.lock() {
            simulated.take();
        }
        Ok(())
    }

    /// The wearer's language: the phone's locale as a BCP 47 tag or POSIX name (`zh-Hans-CN`,
    /// `zh_CN`, `en-US`). A Chinese locale chooses Simplified Chinese, any other English.
    /// Cards, spoken text and receipts not answering an utterance are written in it from now
    /// on (an answer to an utterance is in the language it was said in). Returns the language
    /// chosen: `zh` or `en`.
    pub fn set_language(&self, locale_tag: String) -> String {
        let language = crate::shell_text::language_of_tag(&locale_tag);
        self.core.set_language(language);
        language.code().to_string()
    }

    /// Every preference, sorted by key.
    pub fn preferences(&self) -> Result<Vec<Preference>, SightlineError> {
        let all = self.core.preferences()?;
        Ok(all
            .into_iter()
            .map(|(key, value)| Preference {
                key,
                value_json: value.to_string(),
            })
            .collect())
    }

    /// Sets `key` to the JSON value `value_json` (e.g. `true`, `42`). Only keys the companion
    /// reads are accepted, each with a value of its kind (`shoe_size` a number, switches
    /// `true`/`false`, `notifications.apps` a list of app ids); anything else, a blank key or
    /// text that is not JSON is `InvalidInput` and changes nothing. `proactive.<rule>` and
    /// `proactive.quiet` switches apply at once.
    pub fn set_preference(&self, key: String, value_json: String) -> Result<(), SightlineError> {
        let key = checked_key(key)?;
        let value: serde_json::Value = serde_json::from_str(&value_json)
            .map_err(|e| SightlineError::invalid(format!("the value is not JSON: {e}")))?;
        self.core.set_preference(&key, value)?;
        self.emit(CompanionEvent::PreferenceChanged { key });
        Ok(())
    }

    /// Removes `key`; returns whether it was set.
    pub fn remove_preference(&self, key: String) -> Result<bool, SightlineError> {
        let key = checked_key(key)?;
        let existed = self.core.remove_preference(&key)?;
        if existed {
            self.emit(CompanionEvent::PreferenceChanged { key });
        }
        Ok(existed)
    }

    /// What was shown to the wearer and why, newest first, at most `limit` entries.
    pub fn history(&self, limit: u32) -> Result<Vec<HistoryEntry>, SightlineError> {
        let entries = self.core.history(limit as usize)?;
        Ok(entries.into_iter().map(HistoryEntry::from).collect())
    }

    /// Deletes the history in `scope`, and the settled orders and ledger entries of that
    /// period (none for one device), so that they are gone from the database file, its WAL
    /// and journal too; returns how many history entries were deleted.
    pub fn forget(&self, scope: ForgetScope) -> Result<u64, SightlineError> {
        let scope = CoreForgetScope::try_from(scope)?;
        let count = self.core.forget(scope)?.history as u64;
        self.emit(CompanionEvent::HistoryForgotten { count });
        Ok(count)
    }
}

impl Companion {
    /// The core companion, for the FFI methods kept in their own files.
    pub(crate) fn core_handle(&self) -> CoreCompanion {
        self.core.clone()
    }

    fn emit(&self, event: CompanionEvent) {
        // No subscriber is not an error: the event simply has no audience.
        let _ = self.events.send(event);
    }

    /// Keeps simulated glasses alive while they are paired.
    #[cfg(feature = "sim")]
    pub(crate) fn keep_simulated(&self, device: SimDevice) {
        if let Ok(mut simulated) = self.simulated.lock() {
            *simulated = Some(device);
        }
    }

    /// Replaces any attached glasses by a session with `device_id` of `family`.
    pub(crate) async fn start_link(
        &self,
        device_id: String,
        family: GlassesFamily,
        connector: Arc<dyn Connector>,
    ) -> Result<(), SightlineError> {
        if device_id.trim().is_empty() {
            return Err(SightlineError::invalid("the device id is empty"));
        }
        let core = self.core.clone();
        on_core(async move {
            core.detach_glasses().await?;
            let target = Target {
                id: device_id.clone(),
                name: device_id.clone(),
            };
            // The phone's keys and the pairing back-off are read from SQLite: on the blocking
            // pool (the runtime stays current there for the session it starts), not a worker.
            let store = core.store().clone();
            let link = tokio::task::spawn_blocking(move || {
                drivers::start(family.into(), target, connector, &store, None)
            })
            .await
            .map_err(|e| LinkError::Store(format!("the database task failed: {e}")))??;
            core.attach_glasses(link, &device_id)
        })
        .await
    }
}

/// Runs `work` on the core's runtime (where the link sessions and perception live) and waits
/// for it from whatever executor the foreign async call uses.
pub(crate) async fn on_core<T, E>(
    work: impl Future<Output = Result<T, E>> + Send + 'static,
) -> Result<T, SightlineError>
where
    T: Send + 'static,
    E: Into<SightlineError> + Send + 'static,
{
    runtime()?
        .spawn(work)
        .await
        .map_err(|e| SightlineError::Internal {
            reason: format!("the task failed: {e}"),
        })?
        .map_err(Into::into)
}

fn runtime() -> Result<&'static tokio::runtime::Runtime, SightlineError> {
    Ok(sightline_core::runtime::runtime()?)
}

/// Copies the core's outputs to the app's event stream until the core companion is gone.
async fn forward_outputs(
    mut outputs: sightline_core::companion::Subscription,
    events: broadcast::Sender<CompanionEvent>,
) {
    while let Some(output) = outputs.next().await {
        let _ = events.send(output.into());
    }
}

fn checked_key(key: String) -> Result<String, SightlineError> {
    if key.trim().is_empty() {
        Err(SightlineError::invalid("the preference key is empty"))
    } else {
        Ok(key)
    }
}

impl Companion {
    /// The FFI object over a started core companion, forwarding its outputs as events.
    pub(crate) fn wrap(core: CoreCompanion) -> Result<Arc<Self>, SightlineError> {
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        runtime()?.spawn(forward_outputs(core.subscribe(), events.clone()));
        Ok(Arc::new(Self {
            core,
            events,
            #[cfg(feature = "sim")]
            simulated: Mutex::new(None),
        }))
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
        c.set_preference("shoe_size".into(), "42".into()).unwrap();
        let err = c
            .set_preference("shoe_size".into(), "{not json".into())
            .unwrap_err();
        assert!(matches!(err, SightlineError::InvalidInput { .. }));
        assert!(c.set_preference(" ".into(), "1".into()).is_err());
        assert_eq!(
            c.preferences().unwrap(),
            vec![Preference {
                key: "shoe_size".into(),
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
