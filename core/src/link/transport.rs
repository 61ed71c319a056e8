//! The seam between the link core and a BLE stack: btleplug on the desktop, the simulated
//! glasses in tests and the demo, and (through the FFI crate) Android `BluetoothGatt` or iOS
//! CoreBluetooth implemented in Kotlin/Swift.
//!
//! Both traits are object-safe and small. A stack pushes what it receives into a
//! [`TransportSink`] (a channel handed to it at connect time) instead of returning a Rust
//! stream, so a foreign implementation only calls plain methods.

use futures::future::BoxFuture;
use std::sync::Arc;
use thiserror::Error;
use tokio::sync::mpsc;

/// A failure of the BLE stack or of a connection.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransportError {
    /// No Bluetooth adapter is usable (none present, BlueZ or the system bus missing).
    #[error("no Bluetooth adapter available: {0}")]
    NoAdapter(String),
    /// The device was not found while scanning.
    #[error("device {0} not found")]
    NotFound(String),
    /// The device does not offer the service and characteristics of its family.
    #[error("the device is not the glasses expected: {0}")]
    NotGlasses(String),
    /// Connecting failed.
    #[error("connection failed: {0}")]
    Connect(String),
    /// The connection is gone; writes fail until reconnected.
    #[error("disconnected")]
    Disconnected,
    /// Any other stack error.
    #[error("Bluetooth error: {0}")]
    Other(String),
}

/// Something the stack reports about a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportEvent {
    /// A notification from the glasses (one packet).
    Notification(Vec<u8>),
    /// The connection dropped, with the stack's reason.
    Disconnected(String),
}

/// Where a stack delivers notifications and disconnects for one connection. Cheap to clone;
/// pushing after the core stopped listening is silently ignored.
#[derive(Debug, Clone)]
pub struct TransportSink {
    tx: mpsc::UnboundedSender<TransportEvent>,
}

impl TransportSink {
    /// A sink and the receiver the core reads from.
    pub fn channel() -> (Self, mpsc::UnboundedReceiver<TransportEvent>) {
        let (tx, rx) = mpsc::unbounded_channel();
        (Self { tx }, rx)
    }

    /// Delivers one notification packet.
    pub fn notification(&self, packet: Vec<u8>) {
        let _ = self.tx.send(TransportEvent::Notification(packet));
    }

    /// True once the core stopped listening (the connection's session ended).
    pub fn is_closed(&self) -> bool {
        self.tx.is_closed()
    }

    /// Reports that the connection dropped.
    pub fn disconnected(&self, reason: impl Into<String>) {
        let _ = self.tx.send(TransportEvent::Disconnected(reason.into()));
    }
}

/// One open connection to a pair of glasses.
pub trait Transport: Send + Sync {
    /// The negotiated ATT MTU (23..=517); a packet may be at most MTU − 3 bytes.
    fn mtu(&self) -> usize;
    /// Queues one packet as a write without response to the glasses (never blocks).
    fn write(&self, packet: &[u8]) -> Result<(), TransportError>;
    /// Closes the connection; the sink then reports `Disconnected`.
    fn disconnect(&self);
    /// The platform reports this connection encrypted with a bonded key (BLE pairing).
    /// `false` when it is not, and when the stack cannot tell: only a positive report lets
    /// a family without an authenticated link of its own claim `secure_link`.
    fn encrypted(&self) -> bool;
}

/// A peripheral found while scanning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The id to connect to (BLE address or platform id).
    pub id: String,
    /// Advertised name, if any.
    pub name: Option<String>,
    /// Signal strength in dBm, if known.
    pub rssi: Option<i16>,
    /// Which family of glasses it is (from its advertised services and name), if known.
    pub family: Option<super::device::Family>,
}

/// Finds and connects to glasses.
pub trait Connector: Send + Sync {
    /// Connects to `device_id`, subscribes to notifications (delivered into `sink`) and returns
    /// the open transport.
    fn connect<'a>(
        &'a self,
        device_id: &'a str,
        sink: TransportSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Transport>, TransportError>>;
}
