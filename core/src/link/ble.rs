//! The desktop BLE stack: a [`Connector`] over btleplug (BlueZ on Linux, CoreBluetooth on
//! macOS, WinRT on Windows). It scans for glasses of every known family (saying which family
//! each is); to Sightline glasses it connects, reads the negotiated MTU, subscribes to the
//! notify characteristic, writes without response, and reports disconnects into the
//! session's [`TransportSink`].
//!
//! A machine without a usable adapter — no system D-Bus, no `bluetoothd`, no radio — gets one
//! clear [`TransportError::NoAdapter`] instead of a D-Bus message.

use btleplug::api::{
    Central, CentralEvent, Characteristic, Manager as _, Peripheral as _, ScanFilter, WriteType,
};
use btleplug::platform::{Adapter, Manager, Peripheral};
use futures::StreamExt;
use futures::future::BoxFuture;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::{debug, warn};
use uuid::Uuid;

use super::drivers::{Family, classify};
use super::protocol::{NOTIFY_CHAR_UUID, WRITE_CHAR_UUID};
use super::transport::{Connector, Discovered, Transport, TransportError, TransportSink};

/// How long `connect` scans for a device it has not seen yet.
const CONNECT_SCAN: Duration = Duration::from_secs(8);

/// Parses a UUID constant.
pub(crate) fn uuid(s: &str) -> Result<Uuid, TransportError> {
    Uuid::parse_str(s).map_err(|e| TransportError::Other(e.to_string()))
}

/// The advertised services of every glasses family, the scan filter.
fn every_family_service() -> Result<Vec<Uuid>, TransportError> {
    Family::ALL.iter().map(|f| uuid(f.service_uuid())).collect()
}

/// Maps an error met while reaching the adapter to [`TransportError::NoAdapter`], with the
/// stack's reason (e.g. no system bus socket, `org.freedesktop.DBus.Error.ServiceUnknown`).
pub fn no_adapter(e: btleplug::Error) -> TransportError {
    TransportError::NoAdapter(match e {
        btleplug::Error::NoAdapterAvailable => "no adapter present".into(),
        btleplug::Error::PermissionDenied => "permission denied".into(),
        other => other.to_string(),
    })
}

/// Any other btleplug error.
pub(crate) fn other(e: btleplug::Error) -> TransportError {
    TransportError::Other(e.to_string())
}

/// The first Bluetooth adapter of this machine.
pub struct BleConnector {
    adapter: Adapter,
}

impl BleConnector {
    /// Opens the first adapter; [`TransportError::NoAdapter`] when there is none usable.
    pub async fn new() -> Result<Self, TransportError> {
        let manager = Manager::new().await.map_err(no_adapter)?;
        let adapter = manager
            .adapters()
            .await
            .map_err(no_adapter)?
            .into_iter()
            .next()
            .ok_or_else(|| no_adapter(btleplug::Error::NoAdapterAvailable))?;
        Ok(Self { adapter })
    }

    /// Scans for `duration` and lists the glasses found: peripherals advertising the service
    /// of a known family (Sightline, OpenGlass, Frame, or a G1 arm), each with its family.
    pub async fn scan(&self, duration: Duration) -> Result<Vec<Discovered>, TransportError> {
        self.adapter
            .start_scan(ScanFilter {
                services: every_family_service()?,
            })
            .await
            .map_err(other)?;
        tokio::time::sleep(duration).await;
        let _ = self.adapter.stop_scan().await;
        let mut found = Vec::new();
        for p in self.adapter.peripherals().await.map_err(other)? {
            let Some(props) = p.properties().await.map_err(other)? else {
                continue;
            };
            let Some(family) = classify(props.local_name.as_deref(), &props.services) else {
                continue;
            };
            found.push(Discovered {
                id: p.id().to_string(),
                name: props.local_name,
                rssi: props.rssi,
                family: Some(family),
            });
        }
        Ok(found)
    }

    /// The adapter, for connectors of the other glasses families (`link::drivers::ble`).
    pub(crate) fn adapter(&self) -> &Adapter {
        &self.adapter
    }

    /// The peripheral `device_id` (BLE address or platform id), scanning for glasses of any
    /// family if it has not been seen yet.
    pub(crate) async fn find(&self, device_id: &str) -> Result<Peripheral, TransportError> {
        let matches = |p: &Peripheral| {
            p.id().to_string().eq_ignore_ascii_case(device_id)
                || p.address().to_string().eq_ignore_ascii_case(device_id)
        };
        if let Some(p) = self
            .adapter
            .peripherals()
            .await
            .map_err(other)?
            .into_iter()
            .find(matches)
        {
            return Ok(p);
        }
        let filter = ScanFilter {
            services: every_family_service()?,
        };
        self.adapter.start_scan(filter).await.map_err(other)?;
        let deadline = tokio::time::Instant::now() + CONNECT_SCAN;
        let found = loop {
            let peripherals = self.adapter.peripherals().await.map_err(other)?;
            if let Some(p) = peripherals.into_iter().find(matches) {
                break Some(p);
            }
            if tokio::time::Instant::now() >= deadline {
                break None;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        };
        let _ = self.adapter.stop_scan().await;
        found.ok_or_else(|| TransportError::NotFound(device_id.to_string()))
    }

    async fn open(
        &self,
        device_id: &str,
        sink: TransportSink,
    ) -> Result<Arc<dyn Transport>, TransportError> {
        let peripheral = self.find(device_id).await?;
        peripheral
            .connect()
            .await
            .map_err(|e| TransportError::Connect(e.to_string()))?;
        peripheral.discover_services().await.map_err(other)?;
        let chars = peripheral.characteristics();
        let pick = |id: &str| -> Result<Characteristic, TransportError> {
            let id = uuid(id)?;
            chars
                .iter()
                .find(|c| c.uuid == id)
                .cloned()
                .ok_or_else(|| TransportError::NotSightline(format!("no characteristic {id}")))
        };
        let write_char = pick(WRITE_CHAR_UUID)?;
        let notify_char = pick(NOTIFY_CHAR_UUID)?;
        peripheral.subscribe(&notify_char).await.map_err(other)?;
        let mut notifications = peripheral.notifications().await.map_err(other)?;
        let mut events = self.adapter.events().await.map_err(other)?;
        let id = peripheral.id();
        let notify_uuid = notify_char.uuid;
        let (transport, mut write_rx) = BleTransport::new(usize::from(peripheral.mtu()));
        let transport = Arc::new(transport);
        tokio::spawn(async move {
            let reason = loop {
                tokio::select! {
                    n = notifications.next() => match n {
                        Some(n) if n.uuid == notify_uuid => sink.notification(n.value),
                        Some(_) => {}
                        None => break "notification stream ended".to_string(),
                    },
                    e = events.next() => match e {
                        Some(CentralEvent::DeviceDisconnected(d)) if d == id => {
                            break "disconnected by the device".to_string();
                        }
                        Some(_) => {}
                        None => break "adapter event stream ended".to_string(),
                    },
                    w = write_rx.recv() => match w {
                        Some(Outgoing::Packet(packet)) => {
                            if let Err(e) = peripheral
                                .write(&write_char, &packet, WriteType::WithoutResponse)
                                .await
                            {
                                warn!("ble: write failed: {e}");
                            }
                        }
                        Some(Outgoing::Close) | None => {
                            let _ = peripheral.disconnect().await;
                            break "closed by the phone".to_string();
                        }
                    },
                }
            };
            debug!("ble: connection ended: {reason}");
            sink.disconnected(reason);
        });
        Ok(transport)
    }
}

impl Connector for BleConnector {
    fn connect<'a>(
        &'a self,
        device_id: &'a str,
        sink: TransportSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Transport>, TransportError>> {
        Box::pin(self.open(device_id, sink))
    }
}

/// What the connection task is asked to do, in order.
pub(crate) enum Outgoing {
    /// Write one packet without response.
    Packet(Vec<u8>),
    /// Disconnect after the packets queued before.
    Close,
}

/// One btleplug connection. Writes go through a queue to the connection's task, so
/// [`Transport::write`] never blocks and a close follows the writes queued before it.
pub(crate) struct BleTransport {
    mtu: usize,
    writes: mpsc::UnboundedSender<Outgoing>,
}

impl BleTransport {
    /// A transport at `mtu` and the queue its connection task reads.
    pub(crate) fn new(mtu: usize) -> (Self, mpsc::UnboundedReceiver<Outgoing>) {
        let (writes, rx) = mpsc::unbounded_channel();
        (Self { mtu, writes }, rx)
    }
}

impl Transport for BleTransport {
    fn mtu(&self) -> usize {
        self.mtu
    }

    fn write(&self, packet: &[u8]) -> Result<(), TransportError> {
        self.writes
            .send(Outgoing::Packet(packet.to_vec()))
            .map_err(|_| TransportError::Disconnected)
    }

    fn disconnect(&self) {
        let _ = self.writes.send(Outgoing::Close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_bus_or_bluetoothd_maps_to_no_adapter() {
        let bus = btleplug::Error::Other(
            "Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory"
                .into(),
        );
        let daemon = btleplug::Error::Other(
            "D-Bus error: The name org.bluez was not provided by any .service files (org.freedesktop.DBus.Error.ServiceUnknown)"
                .into(),
        );
        for e in [bus, daemon, btleplug::Error::NoAdapterAvailable] {
            assert!(matches!(no_adapter(e), TransportError::NoAdapter(r) if !r.is_empty()));
        }
    }

    /// On this kind of machine (no system bus, no BlueZ, no radio) opening the stack must give
    /// `NoAdapter` quickly; on a machine with a working adapter it succeeds.
    #[tokio::test]
    async fn opening_without_bluetooth_is_a_clear_no_adapter_error() {
        let has_bus = std::path::Path::new("/run/dbus/system_bus_socket").exists();
        let result = tokio::time::timeout(Duration::from_secs(20), BleConnector::new())
            .await
            .unwrap();
        match result {
            Err(TransportError::NoAdapter(reason)) => assert!(!reason.is_empty()),
            Ok(_) => assert!(has_bus, "an adapter without a system bus?"),
            Err(other) => panic!("expected NoAdapter, got {other:?}"),
        }
    }
}
