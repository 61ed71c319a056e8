//! Sessions: one long-lived task per pair of glasses that connects, secures, keeps the link
//! alive and reconnects, while its user talks to it through a [`LinkHandle`].
//!
//! ```text
//!   Scanning ─▶ Connecting ─▶ Pairing ─▶ Ready
//!                   ▲             │        │ drop / heartbeat timeout
//!                   │             ▼        ▼
//!                   └──────── Reconnecting (backoff: min(base·2ⁿ, cap), equal jitter)
//!   Fatal (wrong key, refused pairing) / Forget / shutdown ─▶ Stopped
//! ```
//!
//! The session is generic over a [`Driver`] (the bytes of one glasses family, from
//! `link::drivers`) and a [`Connector`] (the BLE stack); it knows no family. Timing uses
//! tokio's clock, so tests run it on a paused clock.
//!
//! Using it (the Companion loop; `drivers::start` picks the family's driver):
//! ```no_run
//! # async fn demo(store: std::sync::Arc<sightline_core::store::Store>,
//! #               connector: std::sync::Arc<dyn sightline_core::link::transport::Connector>)
//! # -> Result<(), sightline_core::link::LinkError> {
//! use sightline_core::link::device::Family;
//! use sightline_core::link::drivers;
//! use sightline_core::link::session::{LinkEvent, Target};
//! let target = Target { id: "AA:BB".into(), name: "My glasses".into() };
//! let link = drivers::start(Family::Sightline, target, connector, &store, None)?;
//! let mut events = link.subscribe();
//! let request = link.request_frame(0, None).await?;
//! while let Some(event) = events.next().await {
//!     match event {
//!         LinkEvent::PairingCode(code) => { println!("code {code}"); link.confirm_pairing(true).await?; }
//!         LinkEvent::Frame(frame) if frame.request_id == request => break,
//!         _ => {}
//!     }
//! }
//! # Ok(()) }
//! ```

mod backoff;
mod driver;
mod events;

pub use backoff::Backoff;
pub use driver::{Driver, DriverIo, Signal};
pub use events::{CameraFrame, Command, LinkEvent, LinkState, LinkStats, Notice};

use rand::SeedableRng;
use rand::rngs::StdRng;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::Instant;
use tracing::{info, warn};

use super::protocol::message::{DisplayCard, Roi};
use super::transport::{Connector, Transport, TransportEvent, TransportSink};
use super::{LinkError, keys};
use crate::store::{Store, devices};
use crate::subscription::Subscription;

/// Timing of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionConfig {
    /// Reconnection backoff.
    pub backoff: Backoff,
    /// A connection silent for this long is considered dead.
    pub heartbeat_timeout: Duration,
    /// How often driver timers run.
    pub tick: Duration,
    /// Longest a single connection attempt may take.
    pub connect_timeout: Duration,
    /// Events buffered per subscriber before a slow one starts missing some.
    pub event_capacity: usize,
}

impl Default for SessionConfig {
    fn default() -> Self {
        Self {
            backoff: Backoff::default(),
            heartbeat_timeout: Duration::from_secs(5),
            tick: Duration::from_millis(50),
            connect_timeout: Duration::from_secs(10),
            event_capacity: 1024,
        }
    }
}

enum Control {
    Driver(Command),
    Shutdown,
}

/// The user's side of a running session. Cheap to clone.
#[derive(Debug, Clone)]
pub struct LinkHandle {
    control: mpsc::UnboundedSender<Control>,
    events: broadcast::Sender<LinkEvent>,
    state: watch::Receiver<LinkState>,
    stats: watch::Receiver<LinkStats>,
    next_request: Arc<AtomicU32>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Control::Driver(c) => write!(f, "Driver({c:?})"),
            Control::Shutdown => f.write_str("Shutdown"),
        }
    }
}

impl LinkHandle {
    /// Every event from now on (a slow subscriber gets [`LinkEvent::Lagged`]).
    pub fn subscribe(&self) -> Subscription<LinkEvent> {
        Subscription::new(self.events.subscribe())
    }

    /// The current state.
    pub fn state(&self) -> LinkState {
        self.state.borrow().clone()
    }

    /// Waits until the state satisfies `pred` (or the session ended).
    pub async fn wait_for_state(&self, pred: impl Fn(&LinkState) -> bool) -> LinkState {
        let mut rx = self.state.clone();
        match rx.wait_for(|s| pred(s) || *s == LinkState::Stopped).await {
            Ok(s) => s.clone(),
            Err(_) => LinkState::Stopped,
        }
    }

    /// Health counters.
    pub fn stats(&self) -> LinkStats {
        *self.stats.borrow()
    }

    fn command(&self, c: Command) -> Result<(), LinkError> {
        self.control
            .send(Control::Driver(c))
            .map_err(|_| LinkError::Closed)
    }

    /// Asks for a frame at `quality` (1..=100, 0 = default) of `roi` (`None` = whole scene).
    /// Returns the request id that the [`LinkEvent::Frame`] or [`LinkEvent::FrameLost`]
    /// answering it carries. Requests made while disconnected are sent on reconnection.
    pub async fn request_frame(&self, quality: u8, roi: Option<Roi>) -> Result<u32, LinkError> {
        let request_id = self.next_request.fetch_add(1, Ordering::Relaxed);
        self.command(Command::RequestFrame {
            request_id,
            quality,
            roi,
        })?;
        Ok(request_id)
    }

    /// Shows a card (render commands) on the glasses' display.
    pub async fn show_card(&self, card: DisplayCard) -> Result<(), LinkError> {
        self.command(Command::ShowCard(card))
    }

    /// Speaks `text` on the glasses.
    pub async fn speak(&self, text: impl Into<String>) -> Result<(), LinkError> {
        self.command(Command::Speak(text.into()))
    }

    /// Shows a phone notification with the family's own notification command.
    pub async fn notify(&self, notice: Notice) -> Result<(), LinkError> {
        self.command(Command::Notify(notice))
    }

    /// Answers a [`LinkEvent::PairingCode`]: `true` when both screens show the same code.
    pub async fn confirm_pairing(&self, matches: bool) -> Result<(), LinkError> {
        self.command(Command::ConfirmPairing(matches))
    }

    /// Forgets the pairing on both sides and stops the session.
    pub async fn forget(&self) -> Result<(), LinkError> {
        self.command(Command::Forget)
    }

    /// Stops the session (the pairing is kept).
    pub async fn shutdown(&self) {
        let _ = self.control.send(Control::Shutdown);
        self.wait_for_state(|s| *s == LinkState::Stopped).await;
    }
}

/// The glasses a session talks to.
#[derive(Debug, Clone)]
pub struct Target {
    /// Device id for the connector and the store.
    pub id: String,
    /// Name stored at pairing.
    pub name: String,
}

/// A running session (see the module docs).
pub struct Session {
    target: Target,
    connector: Arc<dyn Connector>,
    driver: Box<dyn Driver>,
    store: Arc<Store>,
    config: SessionConfig,
    control: mpsc::UnboundedReceiver<Control>,
    events: broadcast::Sender<LinkEvent>,
    state: watch::Sender<LinkState>,
    stats: watch::Sender<LinkStats>,
    rng: StdRng,
}

enum Ended {
    Dropped(String),
    Stop,
}

impl Session {
    /// Starts a session with `driver` on the current tokio runtime.
    pub fn start(
        target: Target,
        connector: Arc<dyn Connector>,
        driver: Box<dyn Driver>,
        store: Arc<Store>,
        config: SessionConfig,
    ) -> LinkHandle {
        let (control_tx, control) = mpsc::unbounded_channel();
        let (events, _) = broadcast::channel(config.event_capacity.max(16));
        let (state, state_rx) = watch::channel(LinkState::Scanning);
        let (stats, stats_rx) = watch::channel(LinkStats::default());
        let handle = LinkHandle {
            control: control_tx,
            events: events.clone(),
            state: state_rx,
            stats: stats_rx,
            next_request: Arc::new(AtomicU32::new(1)),
        };
        let session = Session {
            target,
            connector,
            driver,
            store,
            config,
            control,
            events,
            state,
            stats,
            rng: StdRng::from_os_rng(),
        };
        tokio::spawn(session.run());
        handle
    }

    fn set_state(&self, state: LinkState) {
        if *self.state.borrow() != state {
            info!("link {}: {state:?}", self.target.id);
            self.state.send_replace(state.clone());
            let _ = self.events.send(LinkEvent::State(state));
        }
    }

    async fn run(mut self) {
        let mut attempt: u32 = 0;
        loop {
            if attempt > 0 {
                let delay = self.config.backoff.delay(attempt - 1, &mut self.rng);
                self.set_state(LinkState::Reconnecting { attempt, delay });
                if !self.idle(delay).await {
                    break;
                }
            }
            self.set_state(LinkState::Connecting);
            let (sink, rx) = TransportSink::channel();
            let connected = tokio::time::timeout(
                self.config.connect_timeout,
                self.connector.connect(&self.target.id, sink),
            )
            .await;
            let transport = match connected {
                Ok(Ok(t)) => t,
                Ok(Err(e)) => {
                    self.publish_error(e.into());
                    attempt = attempt.saturating_add(1);
                    continue;
                }
                Err(_) => {
                    self.publish_error(LinkError::Timeout("connecting".into()));
                    attempt = attempt.saturating_add(1);
                    continue;
                }
            };
            self.set_state(LinkState::Pairing);
            let (ended, was_ready) = self.serve(transport.as_ref(), rx).await;
            match ended {
                Ended::Stop => break,
                Ended::Dropped(reason) => {
                    warn!("link {}: connection lost: {reason}", self.target.id);
                    attempt = if was_ready {
                        1
                    } else {
                        attempt.saturating_add(1)
                    };
                }
            }
        }
        self.set_state(LinkState::Stopped);
    }

    /// Waits `delay` while still taking commands; false when told to stop.
    async fn idle(&mut self, delay: Duration) -> bool {
        let until = Instant::now() + delay;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(until) => return true,
                c = self.control.recv() => match c {
                    Some(Control::Driver(cmd)) => {
                        let mut io = DriverIo::new(Instant::now());
                        self.driver.on_command(cmd, &mut io);
                        if self.apply(None, io).await { return false; }
                    }
                    Some(Control::Shutdown) | None => return false,
                },
            }
        }
    }

    /// Runs one connection until it drops or the session must stop.
    async fn serve(
        &mut self,
        transport: &dyn Transport,
        mut rx: mpsc::UnboundedReceiver<TransportEvent>,
    ) -> (Ended, bool) {
        let mut io = DriverIo::new(Instant::now());
        self.driver.on_link_encryption(transport.encrypted());
        self.driver.on_connected(transport.mtu(), &mut io);
        let mut was_ready = false;
        if self.apply(Some(transport), io).await {
            return (Ended::Stop, false);
        }
        let mut last_rx = Instant::now();
        let mut tick = tokio::time::interval(self.config.tick);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            let mut io = DriverIo::new(Instant::now());
            let dropped = tokio::select! {
                ev = rx.recv() => match ev {
                    Some(TransportEvent::Notification(p)) => {
                        last_rx = io.now;
                        self.driver.on_packet(&p, &mut io);
                        None
                    }
                    Some(TransportEvent::Disconnected(reason)) => Some(reason),
                    None => Some("transport closed".to_string()),
                },
                c = self.control.recv() => match c {
                    Some(Control::Driver(cmd)) => { self.driver.on_command(cmd, &mut io); None }
                    Some(Control::Shutdown) | None => {
                        transport.disconnect();
                        self.driver.on_disconnected(&mut io);
                        return (Ended::Stop, was_ready);
                    }
                },
                _ = tick.tick() => {
                    if io.now.duration_since(last_rx) > self.config.heartbeat_timeout {
                        Some("heartbeat timeout".to_string())
                    } else {
                        self.driver.on_tick(&mut io);
                        None
                    }
                }
            };
            if let Some(reason) = dropped {
                transport.disconnect();
                self.driver.on_disconnected(&mut io);
                self.apply(None, io).await;
                return (Ended::Dropped(reason), was_ready);
            }
            let reconnect = io.signals.iter().find_map(|s| match s {
                Signal::Reconnect(r) => Some(r.clone()),
                _ => None,
            });
            was_ready |= io.signals.contains(&Signal::Ready);
            if self.apply(Some(transport), io).await {
                transport.disconnect();
                return (Ended::Stop, was_ready);
            }
            if let Some(reason) = reconnect {
                transport.disconnect();
                let mut io = DriverIo::new(Instant::now());
                self.driver.on_disconnected(&mut io);
                self.apply(None, io).await;
                return (Ended::Dropped(reason), was_ready);
            }
        }
    }

    /// Carries out one driver step; true when the session must stop. Its store writes (a
    /// pairing, a code shown, glasses forgotten) run on the blocking pool, never on this worker.
    async fn apply(&mut self, transport: Option<&dyn Transport>, io: DriverIo) -> bool {
        if let Some(t) = transport {
            for p in &io.packets {
                if let Err(e) = t.write(p) {
                    warn!("link {}: write failed: {e}", self.target.id);
                    break;
                }
            }
        }
        let mut stop = false;
        for signal in io.signals {
            match signal {
                Signal::Ready => self.set_state(LinkState::Ready),
                Signal::Paired { peer_static } => {
                    let (id, name) = (self.target.id.clone(), self.target.name.clone());
                    let family = self.driver.family();
                    let stored = on_store(
                        &self.store,
                        Box::new(move |store| {
                            keys::pairing_confirmed(store, &id)?;
                            keys::remember_pairing(store, &id, family, &name, &peer_static)
                        }),
                    )
                    .await;
                    if let Err(e) = stored {
                        self.publish_error(e);
                    }
                }
                Signal::Forgotten => {
                    let id = self.target.id.clone();
                    let deleted = on_store(
                        &self.store,
                        Box::new(move |store| {
                            store
                                .write(|tx| devices::delete(tx, &id).map(|_| ()))
                                .map_err(|e| LinkError::Store(e.to_string()))
                        }),
                    )
                    .await;
                    if let Err(e) = deleted {
                        self.publish_error(e);
                    }
                    stop = true;
                }
                Signal::Fatal(e) => {
                    self.publish_error(e);
                    stop = true;
                }
                Signal::Reconnect(_) => {}
            }
        }
        for e in io.events {
            if matches!(e, LinkEvent::PairingCode(_)) {
                // Counted before the code is published, so a crash cannot skip the count.
                let id = self.target.id.clone();
                let counted = on_store(
                    &self.store,
                    Box::new(move |store| keys::pairing_code_shown(store, &id)),
                )
                .await;
                if let Err(e) = counted {
                    self.publish_error(e);
                }
            }
            let _ = self.events.send(e);
        }
        self.stats.send_replace(self.driver.stats());
        stop
    }

    fn publish_error(&self, e: LinkError) {
        warn!("link {}: {e}", self.target.id);
        let _ = self.events.send(LinkEvent::Error(e));
    }
}

/// Work the session does against its store.
type StoreWork = Box<dyn FnOnce(&Store) -> Result<(), LinkError> + Send>;

/// Runs `work` against `store` on tokio's blocking pool and waits for it: the session's
/// store writes never hold a runtime worker. Boxed, so the library carries one blocking task
/// type for all of them.
async fn on_store(store: &Arc<Store>, work: StoreWork) -> Result<(), LinkError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || work(&store))
        .await
        .map_err(|e| LinkError::Store(format!("the database task failed: {e}")))?
}
