//! The public `Companion`: owns the store, the providers, the context and the proactive rules;
//! takes inputs (what is in view, location, head motion, utterances, confirmations) and emits
//! [`Output`]s to every subscriber. Every card shown is recorded in history with its reason.
//! The API is described for the bindings in `docs/companion.md`.
//!
//! Its rooms: `vision` (frames → [`View`]), `ask` (utterances → one card, each intent
//! routed in one place), `answer` (a spoken "yes"/"no" to the displayed card, else a
//! request), `hearing` (microphone audio → transcripts), `actions` (pressing a card's action),
//! `merchant_pay` (the amount for a merchant's payment code in view), `notifications` (the
//! phone's notifications on the glasses), `link_trust` (what a link that is not
//! authenticated may not do), `records` (preferences and
//! history), `glasses` (the attached link), `output` (what subscribers get). This file holds
//! the state they share, [`Companion::observe`] and [`Companion::show`].

mod actions;
mod answer;
mod ask;
mod clock;
mod error;
mod faced;
mod glasses;
mod hearing;
mod link_trust;
mod merchant_pay;
mod notifications;
mod output;
pub mod preference_keys;
mod records;
mod retention;
mod vision;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::broadcast;

pub use answer::{Spoken, VoiceSource, answer_in};
pub use clock::Clock;
pub use error::CompanionError;
pub use output::{Answer, AnswerOutcome, Output, PhoneReason, Subscription, Trigger};
pub use records::ForgetScope;
pub use vision::View;

use actions::Armed;

use crate::card::Card;
use crate::config::{Config, ConfirmationConfig};
use crate::context::{
    DwellDetector, ImuSample, LocationFix, MotionTracker, RecentMemory, StandingDetector,
};
use crate::error::Result;
use crate::geo::GeoPoint;
use crate::hud::{self, Display};
use crate::intent::Planner;
use crate::intent::kinds::KindModel;
use crate::intent::llm::LlmPlanner;
use crate::locale::{Language, Preferred};
use crate::notifications::RateLimit;
use crate::perception::LoadMode;
use crate::proactive::merchant::CodeToPay;
use crate::proactive::{Gate, Rules, Sighting, Suppressed, Switches};
use crate::services::orders::OrderFlow;
use crate::services::unlocks::UnlockFlow;
use crate::services::{Poi, Services};
use crate::store::{Store, history};
use crate::vault::KeyVault;

/// A place named from a frame stays "this place" for this long (ms).
pub(super) const PLACE_IN_VIEW_MS: i64 = 120_000;
/// Without a recent frame, "this shop" is the nearest place straight ahead within this
/// distance (m) of the phone's position.
pub(super) const IN_FRONT_BY_POSITION_M: f64 = 30.0;
/// How many outputs a subscriber may fall behind before it gets [`Output::Lagged`].
const OUTPUT_BUFFER: usize = 256;

/// Everything that changes as the wearer moves and looks.
struct State {
    dwell: DwellDetector,
    /// Standing still facing one way (what camera-less glasses' proactive help starts from).
    standing: StandingDetector,
    motion: MotionTracker,
    memory: RecentMemory<View>,
    gate: Gate,
    switches: Switches,
    armed: HashMap<String, Armed>,
    /// The armed action of the card shown last (none if that card has none): the only
    /// thing a double tap presses.
    displayed: Option<String>,
    /// The armed action of the card shown last when the glasses offer no button for it (it
    /// does not fit their display): a double tap or a "yes" sends the wearer to the phone.
    displayed_for_phone: Option<String>,
    /// The place last named in front of the wearer, and when.
    place_in_view: Option<(Poi, i64)>,
    /// The merchant payment code whose card was shown last, and when: an amount said or
    /// typed pays it.
    code_in_view: Option<(CodeToPay, i64)>,
    /// Phone notifications sent to the glasses lately (their rate limit).
    notify_rate: RateLimit,
    device_id: Option<String>,
    display: Display,
    glasses: Option<glasses::Attached>,
}

struct Inner {
    store: Arc<Store>,
    services: Services,
    rules: Rules,
    planner: Planner,
    llm: Option<LlmPlanner>,
    /// The learned intent kind classifier beside the rules (none when its file is missing).
    kinds: Option<KindModel>,
    orders: OrderFlow,
    unlocks: UnlockFlow,
    /// Expiry of armed actions and the tap limit.
    confirmation: ConfirmationConfig,
    /// The wearer's preferred language: of the cards the companion writes itself and of the
    /// proactive rules (an answer to an utterance is in the utterance's language).
    language: Preferred,
    vision: vision::Vision,
    /// The voice engine and the glasses' streaming recogniser.
    hearing: hearing::Hearing,
    clock: Clock,
    state: Mutex<State>,
    outputs: broadcast::Sender<Output>,
    /// Ids for cards drawn on the glasses (a later card with the same id replaces one).
    next_card_id: AtomicU32,
}

/// The companion: one per app. Cheap to clone (clones share everything).
#[derive(Clone)]
pub struct Companion {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Companion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Companion")
            .field("store", &self.inner.store)
            .finish_non_exhaustive()
    }
}

impl Companion {
    /// Opens the database and the embedded providers in `config.data_dir`, on the wall clock.
    pub fn start(config: Config) -> Result<Companion> {
        Self::start_with_clock(config, Clock::System)
    }

    /// As [`Companion::start`], with the database's secrets sealed by a key kept in `vault`
    /// (the phone apps pass the platform's keystore; see `docs/security.md`).
    pub fn start_with_vault(config: Config, vault: Arc<dyn KeyVault>) -> Result<Companion> {
        config.validate()?;
        let store = Store::open_with_vault(&config.database_path(), vault)?;
        Self::start_on(config, Clock::System, store)
    }

    /// As [`Companion::start`], with an explicit clock (the demo walk and the tests replay
    /// time with [`Clock::manual`]).
    pub fn start_with_clock(config: Config, clock: Clock) -> Result<Companion> {
        config.validate()?;
        let store = Store::open(&config.database_path())?;
        Self::start_on(config, clock, store)
    }

    /// Starts on an open database (`config` already validated). API keys given in `config`
    /// are kept in the store's key vault, and keys left out are read from it.
    fn start_on(mut config: Config, clock: Clock, store: Store) -> Result<Companion> {
        config
            .keep_api_keys_in(store.vault())
            .map_err(crate::store::StoreError::from)?;
        let store = Arc::new(store);
        let retention_days = i64::from(config.privacy.history_retention_days);
        if retention_days > 0 {
            retention::expire(&store, &clock, retention_days)?;
        }
        let services = Services::from_config(&config)?;
        let language = Preferred::new(Language::En);
        let rules = Rules::new(services.clone(), config.context.clone(), language.clone());
        let orders = OrderFlow::new(store.clone(), services.payments.clone(), &config.providers);
        let unlocks = UnlockFlow::new(store.clone(), services.mobility.clone());
        let llm = if config.llm.enabled {
            Some(LlmPlanner::new(config.llm.clone())?)
        } else {
            None
        };
        let kinds = KindModel::load_or_warn(&config.models_dir);
        let vision = vision::Vision::new(config.models_dir.clone(), config.perception.clone());
        if config.perception.load == LoadMode::Eager {
            vision.open()?;
        }
        let hearing = hearing::Hearing::new(crate::voice::VoiceEngine::new(
            &config.models_dir,
            config.voice.clone(),
        )?);
        let state = State {
            dwell: DwellDetector::new(&config.context),
            standing: StandingDetector::new(&config.context),
            motion: MotionTracker::new(&config.context),
            memory: RecentMemory::new(&config.context),
            gate: Gate::new(&config.proactive),
            switches: Switches::load(&store)?,
            armed: HashMap::new(),
            displayed: None,
            displayed_for_phone: None,
            place_in_view: None,
            code_in_view: None,
            notify_rate: RateLimit::default(),
            device_id: None,
            display: Display::REFERENCE,
            glasses: None,
        };
        let (outputs, _) = broadcast::channel(OUTPUT_BUFFER);
        let companion = Companion {
            inner: Arc::new(Inner {
                store,
                planner: Planner::new(services.clone()),
                services,
                rules,
                llm,
                kinds,
                orders,
                unlocks,
                confirmation: config.confirmation.clone(),
                language,
                vision,
                hearing,
                clock,
                state: Mutex::new(state),
                outputs,
                next_card_id: AtomicU32::new(1),
            }),
        };
        companion.resume_at_start()?;
        if retention_days > 0 {
            companion.expire_history_daily(retention_days)?;
        }
        Ok(companion)
    }

    /// Finishes, in the background, the orders a crash or a lost reply left between steps
    /// (an authorization the wearer confirmed is captured; see [`OrderFlow::resume`]), so
    /// nothing stays on hold and nothing is charged twice; and learns the outcome of unlocks
    /// whose reply was lost ([`UnlockFlow::resume`]), showing a ride found running.
    fn resume_at_start(&self) -> Result<()> {
        let inner = Arc::downgrade(&self.inner);
        let task = async move {
            let Some(inner) = inner.upgrade() else {
                return;
            };
            match inner.orders.resume().await {
                Ok(moved) if !moved.is_empty() => {
                    tracing::info!(orders = moved.len(), "interrupted orders finished at start");
                }
                Ok(_) => {}
                Err(e) => tracing::warn!("interrupted orders not finished at start: {e}"),
            }
            match inner.unlocks.resume().await {
                Ok(rides) => {
                    let companion = Companion { inner };
                    for ride in rides {
                        if let Err(e) = companion
                            .show(
                                &actions::ride_found(&ride, companion.language()),
                                Trigger::Notice,
                            )
                            .await
                        {
                            tracing::warn!("a ride found at start was not shown: {e}");
                        }
                    }
                }
                Err(e) => tracing::warn!("interrupted unlocks not settled at start: {e}"),
            }
        };
        self.spawn(task)
    }

    /// Runs `task` in the background: on the caller's runtime when there is one (a test's,
    /// the CLI's), else on the core's.
    pub(super) fn spawn(
        &self,
        task: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<()> {
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => runtime.spawn(task),
            Err(_) => crate::runtime::runtime()?.spawn(task),
        };
        Ok(())
    }

    /// A stream of every [`Output`] from now on.
    pub fn subscribe(&self) -> Subscription {
        Subscription::new(self.inner.outputs.subscribe())
    }

    /// The providers (for the CLI's tools and the demo's scripted lookups).
    pub fn services(&self) -> &Services {
        &self.inner.services
    }

    /// The database.
    pub fn store(&self) -> &Arc<Store> {
        &self.inner.store
    }

    /// The clock the companion reads.
    pub fn clock(&self) -> &Clock {
        &self.inner.clock
    }

    /// The wearer's preferred language (the phone's, passed in by the shells): every card,
    /// spoken text and receipt not answering an utterance is written in it from now on.
    /// English until set.
    pub fn set_language(&self, language: Language) {
        self.inner.language.set(language);
    }

    /// The wearer's preferred language.
    pub fn language(&self) -> Language {
        self.inner.language.get()
    }

    /// The glasses display cards are laid out for, and the device id history records.
    pub fn set_glasses(&self, display: Display, device_id: Option<String>) -> Result<()> {
        let mut state = self.state()?;
        state.display = display;
        state.device_id = device_id;
        Ok(())
    }

    /// A location fix from the phone. Standing still facing one way for a few seconds, with
    /// glasses that have no camera, offers the card of the place faced (in the background).
    pub fn update_location(
        &self,
        point: GeoPoint,
        heading_deg: Option<f64>,
        speed_mps: Option<f64>,
    ) -> Result<()> {
        let at_ms = self.inner.clock.now_ms();
        let fix = LocationFix {
            at_ms,
            point,
            heading_deg,
            speed_mps,
        };
        let stood = {
            let mut state = self.state()?;
            state.motion.update(fix);
            let speed = state.motion.speed_mps();
            state.standing.update(&fix, speed)
        };
        match stood {
            Some(standing) => self.stood(standing),
            None => Ok(()),
        }
    }

    /// Head rotation from the glasses' IMU (degrees per second around x, y, z); a fast turn
    /// restarts every dwell and ends a stand.
    pub fn imu(&self, gyro_deg_per_s: [f32; 3]) -> Result<()> {
        let sample = ImuSample {
            at_ms: self.inner.clock.now_ms(),
            gyro_deg_per_s,
        };
        let mut state = self.state()?;
        state.standing.imu(&sample);
        state.dwell.imu(sample);
        Ok(())
    }

    /// What one frame showed: runs the context and the proactive rules, shows the cards the
    /// gate lets through (and reports the others as [`Output::Suppressed`]). Returns the cards
    /// shown.
    pub async fn observe(&self, view: View) -> Result<Vec<Card>> {
        let now_ms = self.inner.clock.now_ms();
        let sighting = {
            let mut state = self.state()?;
            let dwells = state.dwell.observe(&view.subjects(), now_ms);
            // The barcodes in view while the completed dwells lasted: a label's text names
            // the product only when none of them is a catalogue product.
            let window_ms = dwells.iter().map(|d| d.duration_ms).max().unwrap_or(0);
            let mut barcodes = view.barcodes.clone();
            for seen in state.memory.since(now_ms - window_ms) {
                barcodes.extend(seen.barcodes.iter().cloned());
            }
            barcodes.sort();
            barcodes.dedup();
            let sighting = Sighting {
                texts: view.texts.clone(),
                barcodes,
                qr_payloads: view.qr_payloads.clone(),
                dwells,
                position: state.motion.position(),
                heading_deg: state.motion.heading(),
            };
            state.memory.remember(now_ms, view);
            sighting
        };
        let proposals = self
            .inner
            .rules
            .propose(&sighting, self.inner.clock.now())
            .await?;
        self.offer(proposals).await
    }

    /// Passes each proposal through the gate (switch, quiet mode, moving fast, repeat
    /// window, rate limit): shows the ones it lets through, reports the others as
    /// [`Output::Suppressed`]. Returns the cards shown.
    async fn offer(&self, proposals: Vec<crate::proactive::Proposal>) -> Result<Vec<Card>> {
        let now_ms = self.inner.clock.now_ms();
        let mut shown = Vec::new();
        let unauthenticated = self.link_unauthenticated()?;
        for proposal in proposals {
            if unauthenticated && link_trust::spends(proposal.pending.as_ref()) {
                // A forged frame must not offer a spend a forged tap could confirm.
                self.emit(Output::Suppressed {
                    rule: proposal.rule,
                    subject: proposal.subject,
                    why: Suppressed::LinkNotAuthenticated,
                });
                self.tell_link_unauthenticated(link_trust::Refused::Offer, proposal.card.language)
                    .await?;
                continue;
            }
            let verdict = {
                let mut state = self.state()?;
                if let Some((poi, _)) = &proposal.place {
                    state.place_in_view = Some((poi.clone(), now_ms));
                }
                let moving_fast = state.motion.moving_fast();
                let State { gate, switches, .. } = &mut *state;
                gate.admit(
                    proposal.rule,
                    &proposal.subject,
                    now_ms,
                    switches,
                    moving_fast,
                )
            };
            match verdict {
                Ok(()) => {
                    self.arm(&proposal.card, proposal.pending, self.language())?;
                    if let Some(code) = proposal.code {
                        self.code_seen(code)?;
                    }
                    self.show(&proposal.card, Trigger::Proactive(proposal.rule))
                        .await?;
                    shown.push(proposal.card);
                }
                Err(why) => self.emit(Output::Suppressed {
                    rule: proposal.rule,
                    subject: proposal.subject,
                    why,
                }),
            }
        }
        Ok(shown)
    }

    fn state(&self) -> Result<MutexGuard<'_, State>> {
        Ok(self
            .inner
            .state
            .lock()
            .map_err(|_| CompanionError::Poisoned)?)
    }

    fn emit(&self, output: Output) {
        // No subscriber is not an error: the outputs are also in history.
        let _ = self.inner.outputs.send(output);
    }

    /// Records `card` in history, emits it (and its confirmation request) and sends it to
    /// the glasses.
    pub(super) async fn show(&self, card: &Card, trigger: Trigger) -> Result<()> {
        let (display, device_id) = {
            let state = self.state()?;
            (state.display, state.device_id.clone())
        };
        let entry = history::NewEntry::shown(card, self.inner.clock.now_ms(), device_id);
        self.inner
            .store
            .write_blocking(move |tx| history::record(tx, &entry))
            .await?;
        let rendered = hud::render(card, &display);
        let tap_confirms = rendered.confirm_on_glasses || card.confirmation().is_none();
        self.mark_displayed(card, tap_confirms)?;
        self.emit(Output::Card {
            card: card.clone(),
            hud: rendered.pages.iter().map(|p| p.rows.clone()).collect(),
            trigger,
        });
        if let Some(action) = card.confirmation() {
            let (summary, total) = actions::summary_of(action, self.language());
            self.emit(Output::ConfirmationNeeded {
                action_id: action.id.clone(),
                summary,
                total,
            });
        }
        let card_id = self.inner.next_card_id.fetch_add(1, Ordering::Relaxed);
        self.push_to_glasses(&rendered, card_id).await;
        Ok(())
    }
}
