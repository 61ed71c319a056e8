//! The simulated radio every simulated family shares: a [`Peripheral`] (the device's side of
//! its protocol) behind an in-memory transport shaped by a [`LinkModel`] (MTU, connection
//! interval, notifications per connection event, loss, forced disconnects). Used by the
//! tests, the benchmarks and the demo.
//!
//! ```text
//! phone session ──write──▶ SimTransport queue ─┐   every connection interval:
//!                                              ├─▶ up to N writes → GlassesEngine::on_packet
//! phone sink ◀── notifications (minus loss) ◀──┘   up to N GlassesEngine::poll_transmit → sink
//! ```

use futures::future::BoxFuture;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::time::Instant;

use super::peripheral::Peripheral;
use super::sightline::{GlassesEngine, GlassesProfile};
use crate::link::protocol::message::Message;
use crate::link::protocol::packet_payload;
use crate::link::secure::{SecureError, StaticKeypair};
use crate::link::transport::{Connector, Transport, TransportError, TransportSink};

/// The radio as the simulation sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkModel {
    /// Negotiated ATT MTU (23..=517).
    pub mtu: usize,
    /// BLE connection interval.
    pub interval: Duration,
    /// Packets each side may send per connection event.
    pub packets_per_event: usize,
    /// Probability that a packet is lost (both directions).
    pub loss: f64,
    /// Seed of the loss pattern (runs are reproducible).
    pub seed: u64,
}

impl Default for LinkModel {
    /// A phone on 2M PHY: MTU 247, 15 ms interval, 6 notifications per event, no loss.
    fn default() -> Self {
        Self {
            mtu: 247,
            interval: Duration::from_millis(15),
            packets_per_event: 6,
            loss: 0.0,
            seed: 1,
        }
    }
}

impl LinkModel {
    /// Raw capacity glasses → phone in bytes per second: packets per event × (MTU − 3) ÷
    /// interval. Goodput is measured against this.
    pub fn raw_capacity(&self) -> f64 {
        (self.packets_per_event * packet_payload(self.mtu)) as f64 / self.interval.as_secs_f64()
    }
}

/// Locks a mutex, recovering the data if a panicking thread poisoned it (the engine holds no
/// invariant a half-finished call could break badly enough to matter in a simulation).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

#[derive(Debug)]
struct Shared<E> {
    engine: Mutex<E>,
    model: Mutex<LinkModel>,
    reachable: AtomicBool,
    /// The phone's stack reports connections encrypted (the device is bonded).
    bonded: AtomicBool,
    drop_epoch: AtomicU64,
    connections: AtomicU64,
}

/// A pair of simulated glasses. Cheap to clone; every clone is the same device. `E` is the
/// device's side of the protocol: the Sightline [`GlassesEngine`] by default, or another
/// family's [`Peripheral`] (see the sibling modules).
#[derive(Debug)]
pub struct SimGlasses<E = GlassesEngine> {
    shared: Arc<Shared<E>>,
}

impl<E> Clone for SimGlasses<E> {
    fn clone(&self) -> Self {
        Self {
            shared: self.shared.clone(),
        }
    }
}

impl SimGlasses {
    /// Glasses with a fresh key pair, serving `images` (JPEG bytes) as camera frames.
    pub fn new(
        profile: GlassesProfile,
        images: Vec<Vec<u8>>,
        model: LinkModel,
    ) -> Result<Self, SecureError> {
        let engine = GlassesEngine::new(profile, StaticKeypair::generate()?, images);
        Ok(Self::with_peripheral(engine, model))
    }

    /// Queues a scripted gesture, IMU sample, transcript or battery change.
    pub fn play(&self, message: Message) {
        self.with_engine(|e| e.script(message));
    }
}

impl<E: Peripheral> SimGlasses<E> {
    /// A simulated device whose side of the protocol is `engine`.
    pub fn with_peripheral(engine: E, model: LinkModel) -> Self {
        Self {
            shared: Arc::new(Shared {
                engine: Mutex::new(engine),
                model: Mutex::new(model),
                reachable: AtomicBool::new(true),
                bonded: AtomicBool::new(false),
                drop_epoch: AtomicU64::new(0),
                connections: AtomicU64::new(0),
            }),
        }
    }

    /// Runs `f` on the glasses' engine (inspect the display log, script a tap, …).
    pub fn with_engine<T>(&self, f: impl FnOnce(&mut E) -> T) -> T {
        f(&mut lock(&self.shared.engine))
    }

    /// Drops the current connection now (as walking out of range would).
    pub fn force_disconnect(&self) {
        self.shared.drop_epoch.fetch_add(1, Ordering::SeqCst);
    }

    /// Makes connection attempts fail (out of range) or succeed again.
    pub fn set_reachable(&self, reachable: bool) {
        self.shared.reachable.store(reachable, Ordering::SeqCst);
    }

    /// Whether the phone's stack reports the next connections encrypted with a bonded key
    /// (as Android does for a bonded device); off by default, as for a device never bonded.
    pub fn set_bonded(&self, bonded: bool) {
        self.shared.bonded.store(bonded, Ordering::SeqCst);
    }

    /// Changes the link model for the next connection.
    pub fn set_model(&self, model: LinkModel) {
        *lock(&self.shared.model) = model;
    }

    /// How many connections were opened so far.
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// A connector that reaches these glasses under any device id.
    pub fn connector(&self) -> Arc<dyn Connector> {
        Arc::new(SimConnector {
            glasses: self.clone(),
        })
    }
}

struct SimConnector<E> {
    glasses: SimGlasses<E>,
}

impl<E: Peripheral> Connector for SimConnector<E> {
    fn connect<'a>(
        &'a self,
        _device_id: &'a str,
        sink: TransportSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Transport>, TransportError>> {
        Box::pin(async move {
            let shared = &self.glasses.shared;
            let model = lock(&shared.model).clone();
            tokio::time::sleep(model.interval * 2).await;
            if !shared.reachable.load(Ordering::SeqCst) {
                return Err(TransportError::Connect("glasses out of range".into()));
            }
            let n = shared.connections.fetch_add(1, Ordering::SeqCst);
            let max_write = lock(&shared.engine).max_write(model.mtu);
            let transport = Arc::new(SimTransport {
                mtu: model.mtu,
                max_write,
                writes: Mutex::new(VecDeque::new()),
                closed: AtomicBool::new(false),
                encrypted: shared.bonded.load(Ordering::SeqCst),
            });
            let generation =
                lock(&shared.engine).on_connect(model.mtu, model.interval, Instant::now());
            let epoch = shared.drop_epoch.load(Ordering::SeqCst);
            tokio::spawn(run_link(
                shared.clone(),
                transport.clone(),
                sink,
                model.clone(),
                StdRng::seed_from_u64(model.seed.wrapping_add(n)),
                (epoch, generation),
            ));
            let transport: Arc<dyn Transport> = transport;
            Ok(transport)
        })
    }
}

/// The phone's end of a simulated connection.
#[derive(Debug)]
struct SimTransport {
    mtu: usize,
    /// Longest write the peripheral accepts (ATT MTU − 3 for one characteristic).
    max_write: usize,
    writes: Mutex<VecDeque<Vec<u8>>>,
    closed: AtomicBool,
    /// The stack reports this connection encrypted.
    encrypted: bool,
}

impl Transport for SimTransport {
    fn mtu(&self) -> usize {
        self.mtu
    }

    fn write(&self, packet: &[u8]) -> Result<(), TransportError> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(TransportError::Disconnected);
        }
        if packet.len() > self.max_write {
            return Err(TransportError::Other(format!(
                "packet of {} bytes exceeds MTU {}",
                packet.len(),
                self.mtu
            )));
        }
        lock(&self.writes).push_back(packet.to_vec());
        Ok(())
    }

    fn disconnect(&self) {
        self.closed.store(true, Ordering::SeqCst);
    }

    fn encrypted(&self) -> bool {
        self.encrypted
    }
}

/// One connection's radio: a connection event every interval until either side drops it.
async fn run_link<E: Peripheral>(
    shared: Arc<Shared<E>>,
    transport: Arc<SimTransport>,
    sink: TransportSink,
    model: LinkModel,
    mut rng: StdRng,
    (epoch, generation): (u64, u64),
) {
    let mut next = Instant::now() + model.interval;
    let reason = loop {
        tokio::time::sleep_until(next).await;
        next += model.interval;
        if transport.closed.load(Ordering::SeqCst) {
            // A graceful close: what the phone queued before closing still goes out.
            let mut engine = lock(&shared.engine);
            while let Some(packet) = lock(&transport.writes).pop_front() {
                engine.on_packet(&packet, Instant::now());
            }
            break "closed by the phone".to_string();
        }
        if shared.drop_epoch.load(Ordering::SeqCst) != epoch {
            break "link lost".to_string();
        }
        if let Some(reason) = lock(&shared.engine).wants_disconnect(Instant::now()) {
            break reason;
        }
        if sink.is_closed() {
            break "phone stopped listening".to_string();
        }
        let now = Instant::now();
        let mut engine = lock(&shared.engine);
        for _ in 0..model.packets_per_event {
            let Some(packet) = engine.poll_transmit(now) else {
                break;
            };
            if !rng.random_bool(model.loss.clamp(0.0, 1.0)) {
                sink.notification(packet);
            }
        }
        for _ in 0..model.packets_per_event {
            let Some(packet) = lock(&transport.writes).pop_front() else {
                break;
            };
            if !rng.random_bool(model.loss.clamp(0.0, 1.0)) {
                engine.on_packet(&packet, now);
            }
        }
    };
    transport.closed.store(true, Ordering::SeqCst);
    lock(&shared.engine).on_disconnect(generation);
    sink.disconnected(reason);
}
