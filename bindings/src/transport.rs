//! The phone's own Bluetooth LE stack as a foreign trait: Android brings `BluetoothGatt`, iOS
//! CoreBluetooth, and the core drives the glasses protocol over whichever it is given.
//!
//! Mobile BLE APIs are callback-based, so the trait is too: `connect` only starts connecting
//! and returns at once; the platform then reports through the [`GlassesSink`] it was handed:
//! `connected(mtu)` once services are discovered, the MTU negotiated and notifications
//! enabled, then every notification packet, and finally `disconnected(reason)`. Nothing here
//! needs the foreign side to return a future or a stream.
//!
//! Sightline glasses use one write and one notify characteristic and their packets pass as
//! they are. The other families use several characteristics (and a G1 two peripherals, its
//! arms): their packets carry a leading channel byte naming the characteristic (or arm), as
//! `sightline_core::link::gatt` defines — a notification is handed to the sink with its
//! channel byte first, and a written packet's first byte says where its value goes.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use std::time::Duration;

use futures::future::BoxFuture;
use sightline_core::link::transport::{Connector, Transport, TransportError, TransportSink};
use tokio::sync::{mpsc, oneshot};

use crate::callbacks::CallbackThread;
use crate::error::{SightlineError, TransportFailure};

/// The smallest ATT MTU BLE allows; every packet fits in `mtu - 3` bytes.
pub const MIN_MTU: u32 = 23;
/// The largest ATT MTU BLE allows.
pub const MAX_MTU: u32 = 517;

/// A platform BLE stack connected to one pair of glasses at a time. Implemented in Kotlin
/// (`BluetoothGatt`) or Swift (CoreBluetooth). Methods are called, in order, from one
/// background thread of the connector's own (never the main thread, never a worker of the
/// core's runtime) and must not block for long.
#[uniffi::export(foreign)]
pub trait GlassesTransport: Send + Sync {
    /// Starts connecting to `device_id` (a MAC address on Android, a peripheral UUID on iOS;
    /// a G1's two arms as `LEFT+RIGHT`): connect, discover the family's service, request the
    /// largest MTU, enable notifications, then call `sink.connected(mtu)`; on failure call
    /// `sink.disconnected(reason)`. Returns at once.
    fn connect(&self, device_id: String, sink: Arc<GlassesSink>) -> Result<(), TransportFailure>;

    /// Queues one packet (at most MTU − 3 bytes, plus the channel byte for the families that
    /// use one) as a write; never blocks.
    fn write(&self, packet: Vec<u8>) -> Result<(), TransportFailure>;

    /// Closes the connection; the platform then calls `sink.disconnected`.
    fn disconnect(&self) -> Result<(), TransportFailure>;

    /// Whether the connection is encrypted with a bonded key (Android: the device's bond
    /// state is `BOND_BONDED`). Return false when the platform cannot tell (CoreBluetooth does
    /// not say): for families other than Sightline, only `true` lets a tap on the glasses pay.
    fn is_encrypted(&self) -> bool;
}

/// Where a [`GlassesTransport`] reports what happens on its connection. One sink per
/// connection attempt; calls after the core stopped listening are ignored.
#[derive(uniffi::Object)]
pub struct GlassesSink {
    mtu: AtomicU32,
    ready: Mutex<Option<oneshot::Sender<Result<(), String>>>>,
    events: mpsc::UnboundedSender<SinkEvent>,
}

/// What a sink passes on to the link after the connection is up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SinkEvent {
    /// One notification packet from the glasses.
    Notification(Vec<u8>),
    /// The connection dropped, with the platform's reason.
    Disconnected(String),
}

#[uniffi::export]
impl GlassesSink {
    /// The connection is ready: services found, notifications on, `mtu` negotiated (clamped
    /// to 23..=517).
    pub fn connected(&self, mtu: u32) {
        self.mtu_changed(mtu);
        self.resolve(Ok(()));
    }

    /// The platform renegotiated the MTU.
    pub fn mtu_changed(&self, mtu: u32) {
        self.mtu
            .store(mtu.clamp(MIN_MTU, MAX_MTU), Ordering::SeqCst);
    }

    /// One notification packet from the glasses' notify characteristic.
    pub fn notification(&self, packet: Vec<u8>) {
        // After the link stopped listening there is nobody to tell; dropping is correct.
        let _ = self.events.send(SinkEvent::Notification(packet));
    }

    /// The connection failed or dropped, with the platform's reason (a status code name).
    pub fn disconnected(&self, reason: String) {
        if !self.resolve(Err(reason.clone())) {
            let _ = self.events.send(SinkEvent::Disconnected(reason));
        }
    }
}

impl GlassesSink {
    /// A sink forwarding to `events`, and the receiver that resolves when the platform reports
    /// `connected` (Ok) or fails before that (Err with the reason).
    pub(crate) fn new(
        events: mpsc::UnboundedSender<SinkEvent>,
    ) -> (Arc<GlassesSink>, oneshot::Receiver<Result<(), String>>) {
        let (tx, rx) = oneshot::channel();
        let sink = GlassesSink {
            mtu: AtomicU32::new(MIN_MTU),
            ready: Mutex::new(Some(tx)),
            events,
        };
        (Arc::new(sink), rx)
    }

    /// The negotiated MTU.
    pub(crate) fn mtu(&self) -> u32 {
        self.mtu.load(Ordering::SeqCst)
    }

    /// Resolves the connect wait once; returns whether this call resolved it.
    fn resolve(&self, outcome: Result<(), String>) -> bool {
        let waiter = self.ready.lock().ok().and_then(|mut r| r.take());
        match waiter {
            Some(tx) => {
                let _ = tx.send(outcome);
                true
            }
            None => false,
        }
    }
}

/// How long a platform may take to connect, discover and enable notifications.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// The core's [`Connector`] over a foreign [`GlassesTransport`]: the link session drives the
/// Sightline protocol over the phone's own BLE stack through it. Every call into the platform
/// runs on the connector's own thread (`sightline-ble`), never on a worker of the runtime.
pub(crate) struct ForeignConnector {
    transport: Arc<dyn GlassesTransport>,
    thread: CallbackThread,
}

/// The platform's thread is gone (the library is shutting down).
fn thread_gone() -> TransportError {
    TransportError::Other("the Bluetooth call thread has stopped".into())
}

impl ForeignConnector {
    /// A connector over `transport`, with its call thread.
    pub(crate) fn new(transport: Arc<dyn GlassesTransport>) -> Result<Self, SightlineError> {
        Ok(Self {
            transport,
            thread: CallbackThread::spawn("sightline-ble")?,
        })
    }

    async fn open(
        &self,
        device_id: &str,
        sink: TransportSink,
    ) -> Result<Arc<dyn Transport>, TransportError> {
        let (events_tx, mut events) = mpsc::unbounded_channel();
        let (glasses_sink, ready) = GlassesSink::new(events_tx);
        let (transport, id, sink_for_platform) = (
            self.transport.clone(),
            device_id.to_string(),
            glasses_sink.clone(),
        );
        self.thread
            .call(move || transport.connect(id, sink_for_platform))
            .await
            .ok_or_else(thread_gone)?
            .map_err(|e| TransportError::Connect(e.to_string()))?;
        match tokio::time::timeout(CONNECT_TIMEOUT, ready).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(reason))) => return Err(TransportError::Connect(reason)),
            Ok(Err(_)) => return Err(TransportError::Disconnected),
            Err(_) => {
                let transport = self.transport.clone();
                self.thread.run(move || {
                    let _ = transport.disconnect();
                });
                return Err(TransportError::Connect(format!(
                    "no connection within {} s",
                    CONNECT_TIMEOUT.as_secs()
                )));
            }
        }
        // Forward what the platform reports until the session stops listening.
        tokio::spawn(async move {
            while let Some(event) = events.recv().await {
                match event {
                    SinkEvent::Notification(packet) => sink.notification(packet),
                    SinkEvent::Disconnected(reason) => {
                        sink.disconnected(reason);
                        break;
                    }
                }
                if sink.is_closed() {
                    break;
                }
            }
        });
        // The bond state, asked once the connection is up (a bonded link is encrypted now).
        let transport = self.transport.clone();
        let encrypted = self
            .thread
            .call(move || transport.is_encrypted())
            .await
            .unwrap_or(false);
        Ok(Arc::new(ForeignLink {
            transport: self.transport.clone(),
            sink: glasses_sink,
            thread: self.thread.clone(),
            encrypted,
        }))
    }
}

impl Connector for ForeignConnector {
    fn connect<'a>(
        &'a self,
        device_id: &'a str,
        sink: TransportSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Transport>, TransportError>> {
        Box::pin(self.open(device_id, sink))
    }
}

/// One open connection through a foreign transport.
struct ForeignLink {
    transport: Arc<dyn GlassesTransport>,
    sink: Arc<GlassesSink>,
    thread: CallbackThread,
    /// The platform's bond state when the connection came up.
    encrypted: bool,
}

impl Transport for ForeignLink {
    fn mtu(&self) -> usize {
        self.sink.mtu() as usize
    }

    /// Queues the write on the call thread (in order); a write the platform refuses is
    /// logged and lost, as a lost radio packet would be (the drivers retransmit).
    fn write(&self, packet: &[u8]) -> Result<(), TransportError> {
        let (transport, packet) = (self.transport.clone(), packet.to_vec());
        let queued = self.thread.run(move || {
            if let Err(e) = transport.write(packet) {
                tracing::warn!("the platform refused a write: {e}");
            }
        });
        if queued { Ok(()) } else { Err(thread_gone()) }
    }

    fn disconnect(&self) {
        let transport = self.transport.clone();
        self.thread.run(move || {
            let _ = transport.disconnect();
        });
    }

    fn encrypted(&self) -> bool {
        self.encrypted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connected_resolves_the_wait_then_packets_flow() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (sink, mut ready) = GlassesSink::new(tx);
        sink.connected(1000);
        assert_eq!(ready.try_recv().unwrap(), Ok(()));
        assert_eq!(sink.mtu(), MAX_MTU);
        sink.mtu_changed(5);
        assert_eq!(sink.mtu(), MIN_MTU);
        sink.notification(vec![1, 2, 3]);
        sink.disconnected("link lost".into());
        assert_eq!(
            rx.try_recv().unwrap(),
            SinkEvent::Notification(vec![1, 2, 3])
        );
        assert_eq!(
            rx.try_recv().unwrap(),
            SinkEvent::Disconnected("link lost".into())
        );
    }

    /// A platform stack that connects at once and records, per call, whether it ran on a
    /// thread of a tokio runtime.
    struct Recording {
        calls: Mutex<Vec<(&'static str, bool)>>,
        bonded: bool,
    }

    impl Recording {
        fn note(&self, call: &'static str) {
            let in_runtime = tokio::runtime::Handle::try_current().is_ok();
            self.calls.lock().unwrap().push((call, in_runtime));
        }
    }

    impl GlassesTransport for Recording {
        fn connect(&self, _: String, sink: Arc<GlassesSink>) -> Result<(), TransportFailure> {
            self.note("connect");
            sink.connected(247);
            Ok(())
        }
        fn write(&self, _: Vec<u8>) -> Result<(), TransportFailure> {
            self.note("write");
            Ok(())
        }
        fn disconnect(&self) -> Result<(), TransportFailure> {
            self.note("disconnect");
            Ok(())
        }
        fn is_encrypted(&self) -> bool {
            self.note("is_encrypted");
            self.bonded
        }
    }

    #[test]
    fn security_platform_calls_run_off_the_runtime_and_report_the_bond() {
        for bonded in [false, true] {
            let platform = Arc::new(Recording {
                calls: Mutex::new(Vec::new()),
                bonded,
            });
            let connector = ForeignConnector::new(platform.clone()).unwrap();
            let runtime = sightline_core::runtime::runtime().unwrap();
            let link = runtime
                .block_on(async {
                    let (sink, _events) = TransportSink::channel();
                    connector.connect("AA:BB", sink).await
                })
                .unwrap();
            assert_eq!(link.encrypted(), bonded);
            assert_eq!(link.mtu(), 247);
            runtime.block_on(async {
                link.write(&[1, 2, 3]).unwrap();
                link.disconnect();
            });
            let until = std::time::Instant::now() + Duration::from_secs(5);
            while platform.calls.lock().unwrap().len() < 4 && std::time::Instant::now() < until {
                std::thread::sleep(Duration::from_millis(5));
            }
            let calls = platform.calls.lock().unwrap().clone();
            assert_eq!(
                calls,
                [
                    ("connect", false),
                    ("is_encrypted", false),
                    ("write", false),
                    ("disconnect", false)
                ]
            );
        }
    }

    #[test]
    fn a_failure_before_connected_fails_the_wait_only() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let (sink, mut ready) = GlassesSink::new(tx);
        sink.disconnected("GATT status 133".into());
        assert_eq!(ready.try_recv().unwrap(), Err("GATT status 133".into()));
        assert!(rx.try_recv().is_err());
    }
}
