//! The public `Companion`: owns the store, the providers, the context and the proactive rules;
//! takes inputs (what is in view, location, head motion, utterances, confirmations) and emits
//! [`Output`]s to every subscriber. Every card shown is recorded in history with its reason.
//! The API is described for the bindings in `docs/companion.md`.

mod clock;
mod glasses;
mod output;
mod vision;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use thiserror::Error;
use tokio::sync::broadcast;

pub use clock::Clock;
pub use output::{Output, Trigger};

use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::config::Config;
use crate::context::{
    DwellDetector, ImuSample, LocationFix, MotionTracker, RecentMemory, Subject, SubjectKind,
    in_front::normalize,
};
use crate::error::Result;
use crate::geo::GeoPoint;
use crate::hud::{self, Display};
use crate::intent::llm::LlmPlanner;
use crate::intent::{self, AskContext, InView, IntentKind, Planner, ViewedPlace, ViewedProduct};
use crate::link::protocol::message::Roi;
use crate::perception::{LoadMode, Observation};
use crate::proactive::{Gate, Pending, RuleId, Rules, Sighting, Switches};
use crate::services::orders::{ComputeSpent, OrderFlow};
use crate::services::{ConfirmationToken, Language, Poi, PoiCategory, Services};
use crate::store::{Store, history, preferences};

/// A place named from a frame stays "this place" for this long (ms).
const PLACE_IN_VIEW_MS: i64 = 120_000;
/// Without a recent frame, "this shop" is the nearest place straight ahead within this
/// distance (m) of the phone's position.
const IN_FRONT_BY_POSITION_M: f64 = 30.0;
/// JPEG quality asked of the glasses for a sharper crop of unsure text.
const CLOSER_LOOK_QUALITY: u8 = 95;
/// How many outputs a subscriber may fall behind before it gets [`Output::Lagged`].
const OUTPUT_BUFFER: usize = 256;
/// Sign texts shorter than this many characters (after normalising) are not subjects.
const MIN_SUBJECT_CHARS: usize = 2;

/// A request the Companion refused, with what to do about it.
#[derive(Debug, Error)]
pub enum CompanionError {
    /// `confirm` got an id that no shown card carries (or it was already used).
    #[error("no card carries the action `{0}` (it may have been used already)")]
    UnknownAction(String),
    /// The utterance was empty.
    #[error("nothing was said")]
    EmptyUtterance,
    /// The question is about "this shop"/"this place" but nothing is in view.
    #[error("nothing is in view to answer “{0}” about; look at the shop and ask again")]
    NothingInView(String),
    /// The rule that answers this is switched off in preferences.
    #[error("the `{0}` rule is switched off (preference proactive.{0})")]
    SwitchedOff(&'static str),
    /// The request needs glasses and none are attached.
    #[error("no glasses are connected; pair or connect them first")]
    NoGlasses,
    /// A worker task ended without an answer (it panicked or was cancelled).
    #[error("a background task failed: {0}")]
    TaskFailed(String),
    /// A lock was poisoned by a panic in another thread.
    #[error("companion state lock poisoned")]
    Poisoned,
}

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

/// What is in view in one frame: recognised text lines, barcodes and QR payloads.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct View {
    /// Text lines read (signs, labels).
    pub texts: Vec<String>,
    /// EAN-13/UPC barcodes read.
    pub barcodes: Vec<String>,
    /// QR payloads decoded.
    pub qr_payloads: Vec<String>,
}

impl View {
    /// The subjects a wearer may dwell on: each barcode, each sign text, each QR payload.
    fn subjects(&self) -> Vec<Subject> {
        let codes = self
            .barcodes
            .iter()
            .map(|b| Subject::new(SubjectKind::Product, b.trim()));
        let signs = self
            .texts
            .iter()
            .map(|t| t.trim())
            .filter(|t| normalize(t).chars().count() >= MIN_SUBJECT_CHARS)
            .map(|t| Subject::new(SubjectKind::Sign, t));
        let qrs = self
            .qr_payloads
            .iter()
            .map(|q| Subject::new(SubjectKind::Code, q.trim()));
        codes.chain(signs).chain(qrs).collect()
    }
}

/// An action on a shown card, waiting to be pressed.
#[derive(Debug, Clone)]
struct Armed {
    action: CardAction,
    pending: Pending,
}

/// Everything that changes as the wearer moves and looks.
struct State {
    dwell: DwellDetector,
    motion: MotionTracker,
    memory: RecentMemory<View>,
    gate: Gate,
    switches: Switches,
    armed: HashMap<String, Armed>,
    /// The confirmation (or "More") of the newest card: what a double tap presses.
    last_armed: Option<String>,
    /// The place last named in front of the wearer, and when.
    place_in_view: Option<(Poi, i64)>,
    device_id: Option<String>,
    display: Display,
    glasses: Option<glasses::Attached>,
    /// A sharper crop was asked of the glasses, of a frame this wide and high.
    closer_look: Option<(u32, u32)>,
}

struct Inner {
    store: Arc<Store>,
    services: Services,
    rules: Rules,
    planner: Planner,
    llm: Option<LlmPlanner>,
    orders: OrderFlow,
    vision: Arc<vision::Vision>,
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

    /// As [`Companion::start`], with an explicit clock (the demo walk and the tests replay
    /// time with [`Clock::manual`]).
    pub fn start_with_clock(config: Config, clock: Clock) -> Result<Companion> {
        config.validate()?;
        let store = Arc::new(Store::open(&config.database_path())?);
        let services = Services::embedded(&config.data_dir)?;
        let rules = Rules::new(services.clone(), config.context.clone(), Language::En);
        let orders = OrderFlow::new(store.clone(), services.payments.clone(), &config.providers);
        let llm = if config.llm.enabled {
            Some(LlmPlanner::new(config.llm.clone())?)
        } else {
            None
        };
        let vision = Arc::new(vision::Vision::new(
            config.models_dir.clone(),
            config.perception.clone(),
        ));
        if config.perception.load == LoadMode::Eager {
            vision.engine()?;
        }
        let state = State {
            dwell: DwellDetector::new(&config.context),
            motion: MotionTracker::new(&config.context),
            memory: RecentMemory::new(&config.context),
            gate: Gate::new(&config.proactive),
            switches: Switches::load(&store)?,
            armed: HashMap::new(),
            last_armed: None,
            place_in_view: None,
            device_id: None,
            display: Display::REFERENCE,
            glasses: None,
            closer_look: None,
        };
        let (outputs, _) = broadcast::channel(OUTPUT_BUFFER);
        Ok(Companion {
            inner: Arc::new(Inner {
                store,
                planner: Planner::new(services.clone()),
                services,
                rules,
                llm,
                orders,
                vision,
                clock,
                state: Mutex::new(state),
                outputs,
                next_card_id: AtomicU32::new(1),
            }),
        })
    }

    /// A stream of every [`Output`] from now on.
    pub fn subscribe(&self) -> Subscription {
        Subscription {
            receiver: self.inner.outputs.subscribe(),
        }
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

    /// The glasses display cards are laid out for, and the device id history records.
    pub fn set_glasses(&self, display: Display, device_id: Option<String>) -> Result<()> {
        let mut state = self.state()?;
        state.display = display;
        state.device_id = device_id;
        Ok(())
    }

    /// A location fix from the phone.
    pub fn update_location(
        &self,
        point: GeoPoint,
        heading_deg: Option<f64>,
        speed_mps: Option<f64>,
    ) -> Result<()> {
        let at_ms = self.inner.clock.now_ms();
        self.state()?.motion.update(LocationFix {
            at_ms,
            point,
            heading_deg,
            speed_mps,
        });
        Ok(())
    }

    /// Head rotation from the glasses' IMU (degrees per second around x, y, z).
    pub fn imu(&self, gyro_deg_per_s: [f32; 3]) -> Result<()> {
        let at_ms = self.inner.clock.now_ms();
        self.state()?.dwell.imu(ImuSample {
            at_ms,
            gyro_deg_per_s,
        });
        Ok(())
    }

    /// Reads a camera frame (JPEG or PNG: from the phone's camera, or a saved picture) and
    /// acts on what it shows exactly as for a frame from the glasses. Returns the cards shown;
    /// an [`Output::Seen`] says what was recognised.
    pub async fn see(&self, frame: Vec<u8>) -> Result<Vec<Card>> {
        self.see_arrived(frame.into(), Instant::now()).await
    }

    /// [`Companion::see`] for a frame whose last byte arrived at `arrived` (the
    /// glance-to-card clock starts there).
    async fn see_arrived(&self, frame: Arc<[u8]>, arrived: Instant) -> Result<Vec<Card>> {
        let observation = self.inner.vision.glance(frame).await?;
        if !observation.from_cache {
            self.look_closer(&observation).await?;
        }
        self.act_on(observation, arrived, false).await
    }

    /// A sharper crop the glasses sent of part of the last frame (asked for by
    /// [`Companion::look_closer`]): read in full-frame coordinates and acted on.
    async fn reread_arrived(
        &self,
        crop: Arc<[u8]>,
        roi: Roi,
        arrived: Instant,
    ) -> Result<Vec<Card>> {
        let Some((width, height)) = self.state()?.closer_look.take() else {
            return Ok(Vec::new());
        };
        let region = vision::region_of(&roi, width, height);
        let observation = self.inner.vision.reread(crop, region).await?;
        self.act_on(observation, arrived, true).await
    }

    /// When some text in `observation` was too unsure to use and glasses are attached, asks
    /// them for a sharper crop of it (one request at a time).
    async fn look_closer(&self, observation: &Observation) -> Result<()> {
        let Some(roi) = vision::unsure_region(observation) else {
            return Ok(());
        };
        let link = {
            let mut state = self.state()?;
            let link = match (&state.glasses, state.closer_look) {
                (Some(glasses), None) => glasses.link.clone(),
                _ => return Ok(()),
            };
            state.closer_look = Some((observation.width, observation.height));
            link
        };
        if let Err(e) = link.request_frame(CLOSER_LOOK_QUALITY, Some(roi)).await {
            self.state()?.closer_look = None;
            return Err(e.into());
        }
        Ok(())
    }

    /// Runs what an observation shows through the context and rules, and reports it.
    async fn act_on(
        &self,
        observation: Observation,
        arrived: Instant,
        closer_look: bool,
    ) -> Result<Vec<Card>> {
        let view = View::from_observation(&observation);
        let cards = self.observe(view.clone()).await?;
        let scene = observation.scene.first().map(|s| {
            let label = serde_json::to_value(s.label)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            (label, s.score)
        });
        self.emit(Output::Seen {
            view,
            scene,
            unchanged: observation.from_cache,
            closer_look,
            perception_ms: observation.timings.total_ms,
            glance_to_card_ms: glasses::ms_since(arrived),
            cards: cards.len(),
        });
        Ok(cards)
    }

    /// What one frame showed: runs the context and the proactive rules, shows the cards the
    /// gate lets through (and reports the others as [`Output::Suppressed`]). Returns the cards
    /// shown.
    pub async fn observe(&self, view: View) -> Result<Vec<Card>> {
        let now_ms = self.inner.clock.now_ms();
        let sighting = {
            let mut state = self.state()?;
            let dwells = state.dwell.observe(&view.subjects(), now_ms);
            let sighting = Sighting {
                texts: view.texts.clone(),
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
        let mut shown = Vec::new();
        for proposal in proposals {
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
                    self.arm(&proposal.card, proposal.pending)?;
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

    /// Answers an utterance (zh/en) with one card: "does this shop have X" from the shop in
    /// view, a landmark's guide, and everything else (a trip, a purchase, a comparison, a
    /// place, a bike) planned by the intent planner into one card whose one confirmation
    /// covers all the spending; suggestions when nothing was understood.
    pub async fn ask(&self, utterance: &str) -> Result<Card> {
        if utterance.trim().is_empty() {
            return Err(CompanionError::EmptyUtterance.into());
        }
        let switches = self.state()?.switches.clone();
        let place = self.place_in_front().await?;
        let context = self.ask_context(place.as_ref())?;
        let answer = intent::ask(
            utterance,
            &context,
            &self.inner.planner,
            self.inner.llm.as_ref(),
        )
        .await;
        let first = answer
            .intents
            .first()
            .map(|i| (i.kind, i.text("item").map(str::to_string)));
        let card = match first {
            Some((IntentKind::ProductStock, item)) => {
                if !switches.is_on(RuleId::ShopQuestion) {
                    return Err(CompanionError::SwitchedOff(RuleId::ShopQuestion.as_str()).into());
                }
                let shop = place.ok_or_else(|| CompanionError::NothingInView(utterance.into()))?;
                let item = item.as_deref().unwrap_or(utterance);
                self.inner
                    .rules
                    .answer_shop_question(item, &shop)
                    .await?
                    .card
            }
            Some((IntentKind::LandmarkGuide, _)) => match place {
                Some(p) if p.category == PoiCategory::Landmark => {
                    let reason = format!("asked about {}", p.display_name());
                    self.inner.rules.guide_more(&p.id, &reason).await?
                }
                _ => return Err(CompanionError::NothingInView(utterance.into()).into()),
            },
            _ => {
                let plan = answer.plan;
                if !plan.orders.is_empty() {
                    self.arm(&plan.card, Some(Pending::Orders(plan.orders)))?;
                }
                plan.card
            }
        };
        self.show(&card, Trigger::Asked).await?;
        Ok(card)
    }

    /// The place in front of the wearer for "this shop"/"this place": the one named from a
    /// recent frame (sign and position), else — glasses without a camera, or nothing seen
    /// lately — the nearest place straight ahead by the phone's position and heading.
    async fn place_in_front(&self) -> Result<Option<Poi>> {
        let now_ms = self.inner.clock.now_ms();
        let (seen, here) = {
            let state = self.state()?;
            let seen = state
                .place_in_view
                .as_ref()
                .filter(|(_, at)| now_ms - at <= PLACE_IN_VIEW_MS)
                .map(|(poi, _)| poi.clone());
            (seen, state.motion.position().zip(state.motion.heading()))
        };
        if seen.is_some() {
            return Ok(seen);
        }
        let Some((at, heading)) = here else {
            return Ok(None);
        };
        let hit = self
            .inner
            .services
            .places
            .in_front_of(at, heading, IN_FRONT_BY_POSITION_M)
            .await?;
        Ok(hit.map(|h| h.poi))
    }

    /// What a request is understood against: the time, the position, the preferences, and
    /// what is in view (`place`, the last product and bike code seen).
    fn ask_context(&self, place: Option<&Poi>) -> Result<AskContext> {
        let now_ms = self.inner.clock.now_ms();
        let mut context = AskContext::at(self.inner.clock.now());
        context.preferences.shoe_size = self.inner.store.read(preferences::shoe_size)?;
        let state = self.state()?;
        context.location = state.motion.position();
        context.in_view = InView {
            place: place.map(|p| ViewedPlace {
                id: Some(p.id.clone()),
                name: p.display_name().to_string(),
            }),
            product: state
                .memory
                .last_matching(now_ms, |v| !v.barcodes.is_empty())
                .and_then(|v| v.barcodes.first())
                .map(|barcode| ViewedProduct {
                    barcode: Some(barcode.clone()),
                    name: None,
                }),
            bike_qr: state
                .memory
                .last_matching(now_ms, |v| !v.qr_payloads.is_empty())
                .and_then(|v| v.qr_payloads.first().cloned()),
            landmark: place
                .filter(|p| p.category == PoiCategory::Landmark)
                .map(|p| p.display_name().to_string()),
        };
        Ok(context)
    }

    /// Presses the action `action_id` of a shown card: "More" shows the long version; a payment
    /// places the orders and takes the payment; an unlock unlocks the bike. Returns the card
    /// that results. A failed action stays pressable, and retrying never charges twice.
    pub async fn confirm(&self, action_id: &str) -> Result<Card> {
        let armed = self
            .state()?
            .armed
            .remove(action_id)
            .ok_or_else(|| CompanionError::UnknownAction(action_id.into()))?;
        let result = self.run_action(&armed).await;
        match result {
            Ok(card) => {
                {
                    let mut state = self.state()?;
                    if state.last_armed.as_deref() == Some(action_id) {
                        state.last_armed = None;
                    }
                }
                self.show(&card, Trigger::Confirmed).await?;
                Ok(card)
            }
            Err(e) => {
                self.state()?.armed.insert(action_id.into(), armed);
                Err(e)
            }
        }
    }

    async fn run_action(&self, armed: &Armed) -> Result<Card> {
        let reason = format!("confirmed “{}”", armed.action.label);
        match &armed.pending {
            Pending::GuideMore { poi_id } => {
                Ok(self.inner.rules.guide_more(poi_id, &reason).await?)
            }
            Pending::Orders(requests) => {
                let covered: Vec<_> = requests
                    .iter()
                    .map(|r| (r.idempotency_key.clone(), r.amount))
                    .collect();
                let token = ConfirmationToken::for_payment(&armed.action, &covered)?;
                let placed = self
                    .inner
                    .orders
                    .place(requests, &token, ComputeSpent::default())
                    .await?;
                let total = placed
                    .iter()
                    .map(|o| o.order.amount)
                    .sum::<crate::money::Cny>();
                let mut card = Card::new(CardKind::Receipt, format!("Paid {total}"), reason)
                    .speech(format!("Done. Paid {total}."));
                for order in &placed {
                    card = card.line(format!("{} · {}", order.order.description, order.state));
                }
                Ok(card)
            }
            Pending::Unlock { bike_id } => {
                let token = ConfirmationToken::for_unlock(&armed.action)?;
                let ride = self.inner.services.mobility.unlock(bike_id, &token).await?;
                Ok(Card::new(
                    CardKind::Receipt,
                    format!("Bike {bike_id} unlocked"),
                    reason,
                )
                .line(format!("{} per 30 min from now", ride.price_per_30_min))
                .line(format!("Ride {}", ride.id))
                .speech("Unlocked. Enjoy the ride."))
            }
        }
    }

    /// Every preference, sorted by key.
    pub fn preferences(&self) -> Result<Vec<(String, serde_json::Value)>> {
        Ok(self.inner.store.read(preferences::list)?)
    }

    /// Sets one preference; `proactive.*` switches apply at once.
    pub fn set_preference(&self, key: &str, value: serde_json::Value) -> Result<()> {
        self.inner
            .store
            .write(|tx| preferences::set(tx, key, &value))?;
        if key.starts_with("proactive.") {
            let switches = Switches::load(&self.inner.store)?;
            self.state()?.switches = switches;
        }
        Ok(())
    }

    /// Removes one preference (back to its default); returns whether it was set.
    pub fn remove_preference(&self, key: &str) -> Result<bool> {
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

    /// Deletes history in `scope` so it is gone from the database file; returns how many
    /// entries.
    pub fn forget(&self, scope: ForgetScope) -> Result<usize> {
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
        Ok(history::purge(&self.inner.store, &filter)?)
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

    /// Remembers a card's action so `confirm` can run it.
    fn arm(&self, card: &Card, pending: Option<Pending>) -> Result<()> {
        let Some(pending) = pending else {
            return Ok(());
        };
        let action = match &pending {
            Pending::GuideMore { .. } => card.actions.iter().find(|a| a.kind == ActionKind::More),
            Pending::Orders(_) | Pending::Unlock { .. } => card.confirmation(),
        };
        if let Some(action) = action {
            let mut state = self.state()?;
            state.last_armed = Some(action.id.clone());
            state.armed.insert(
                action.id.clone(),
                Armed {
                    action: action.clone(),
                    pending,
                },
            );
        }
        Ok(())
    }

    /// Records `card` in history, emits it (and its confirmation request) and sends it to
    /// the glasses.
    async fn show(&self, card: &Card, trigger: Trigger) -> Result<()> {
        let (display, device_id) = {
            let state = self.state()?;
            (state.display, state.device_id.clone())
        };
        let entry = history::NewEntry::shown(card, self.inner.clock.now_ms(), device_id);
        self.inner.store.write(|tx| history::record(tx, &entry))?;
        let rendered = hud::render(card, &display);
        self.emit(Output::Card {
            card: card.clone(),
            hud: rendered.pages.iter().map(|p| p.rows.clone()).collect(),
            trigger,
        });
        if let Some(action) = card.confirmation() {
            let (summary, total) = match &action.kind {
                ActionKind::Pay { total, summary } => (summary.clone(), Some(*total)),
                ActionKind::Unlock { target } => (format!("unlock {target}"), None),
                _ => (action.label.clone(), None),
            };
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

/// A subscriber's stream of outputs.
#[derive(Debug)]
pub struct Subscription {
    receiver: broadcast::Receiver<Output>,
}

impl Subscription {
    /// The next output; `None` once the Companion is gone.
    pub async fn next(&mut self) -> Option<Output> {
        match self.receiver.recv().await {
            Ok(output) => Some(output),
            Err(broadcast::error::RecvError::Lagged(missed)) => Some(Output::Lagged { missed }),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }

    /// The next output if one is waiting, without blocking.
    pub fn try_next(&mut self) -> Option<Output> {
        match self.receiver.try_recv() {
            Ok(output) => Some(output),
            Err(broadcast::error::TryRecvError::Lagged(missed)) => Some(Output::Lagged { missed }),
            Err(_) => None,
        }
    }
}
