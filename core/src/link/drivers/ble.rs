//! The desktop BLE stack (btleplug: BlueZ on Linux, CoreBluetooth on macOS, WinRT on
//! Windows): [`BleConnector`] scans for glasses of every family (saying which family each
//! is) and connects to any of them. It maps the drivers' channel bytes ([`crate::link::gatt`])
//! to the family's characteristics: it subscribes to every notify characteristic and tags
//! each notification with its channel; a tagged write goes to its channel's characteristic.
//! Sightline glasses use one write and one notify characteristic, untagged. A G1 is two
//! peripherals: its device id is `LEFT_ID+RIGHT_ID` (the two arms `sightline scan` lists), and
//! the channel byte is the arm. Disconnects are reported into the session's
//! [`TransportSink`].
//!
//! A machine without a usable adapter — no system D-Bus, no `bluetoothd`, no radio — gets one
//! clear [`TransportError::NoAdapter`] instead of a D-Bus message.

use btleplug::api::{
    Central, CentralEvent, Characteristic, Manager as _, Peripheral as _, ScanFilter, WriteType,
};
use btleplug::platform::{Adapter, Manager, Peripheral};
use futures::StreamExt;
use futures::future::BoxFuture;
use futures::stream::{BoxStream, SelectAll};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;
use tracing::{debug, warn};
use uuid::Uuid;

use crate::link::device::{Family, classify};
use crate::link::gatt::{self, Direction, frame as fg, g1 as g1g, openglass as og};
use crate::link::protocol::{NOTIFY_CHAR_UUID, WRITE_CHAR_UUID};
use crate::link::transport::{Connector, Discovered, Transport, TransportError, TransportSink};

/// How long `connect` scans for a device it has not seen yet.
const CONNECT_SCAN: Duration = Duration::from_secs(8);

/// Parses a UUID constant.
fn uuid(s: &str) -> Result<Uuid, TransportError> {
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
fn other(e: btleplug::Error) -> TransportError {
    TransportError::Other(e.to_string())
}

/// The first Bluetooth adapter of this machine: scanning, and finding a peripheral.
pub struct BleAdapter {
    adapter: Adapter,
}

impl BleAdapter {
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

    /// The peripheral `device_id` (BLE address or platform id), scanning for glasses of any
    /// family if it has not been seen yet.
    async fn find(&self, device_id: &str) -> Result<Peripheral, TransportError> {
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
}

/// (channel, characteristic, direction) of one peripheral of `family`; `arm` is the G1 arm.
/// Sightline's one channel pair is untagged (see [`tagged_channels`]).
fn routes(family: Family, arm: u8) -> Vec<(u8, &'static str, Direction)> {
    match family {
        Family::Sightline => vec![
            (0, WRITE_CHAR_UUID, Direction::Write),
            (0, NOTIFY_CHAR_UUID, Direction::Notify),
        ],
        Family::OpenGlass => og::CHANNELS
            .iter()
            .map(|c| (c.tag, c.characteristic, c.direction))
            .collect(),
        Family::Frame => fg::CHANNELS
            .iter()
            .map(|c| (c.tag, c.characteristic, c.direction))
            .collect(),
        Family::G1 => vec![
            (arm, g1g::TX, Direction::Write),
            (arm, g1g::RX, Direction::Notify),
        ],
    }
}

/// Whether `family`'s driver reads and writes channel-tagged packets ([`gatt::tagged`]);
/// Sightline glasses have one channel pair and take the protocol's packets as they are.
fn tagged_channels(family: Family) -> bool {
    family != Family::Sightline
}

/// Connects to glasses of one family on this machine's adapter.
pub struct BleConnector {
    ble: Arc<BleAdapter>,
    family: Family,
}

impl BleConnector {
    /// A connector for `family` on `ble`'s adapter.
    pub fn new(ble: Arc<BleAdapter>, family: Family) -> Self {
        Self { ble, family }
    }

    async fn open(
        &self,
        device_id: &str,
        sink: TransportSink,
    ) -> Result<Arc<dyn Transport>, TransportError> {
        let ids: Vec<&str> = match self.family {
            Family::G1 => device_id.split('+').collect(),
            _ => vec![device_id],
        };
        if self.family == Family::G1 && ids.len() != 2 {
            return Err(TransportError::NotFound(format!(
                "{device_id}: a G1 is LEFT_ID+RIGHT_ID"
            )));
        }
        let mut peripherals: Vec<Peripheral> = Vec::new();
        let mut writes: HashMap<u8, (usize, Characteristic)> = HashMap::new();
        let mut notify: HashMap<(usize, Uuid), u8> = HashMap::new();
        let mut streams: SelectAll<BoxStream<'static, (usize, btleplug::api::ValueNotification)>> =
            SelectAll::new();
        let mut mtu = usize::MAX;
        for (index, id) in ids.iter().enumerate() {
            let p = self.ble.find(id).await?;
            p.connect()
                .await
                .map_err(|e| TransportError::Connect(e.to_string()))?;
            p.discover_services().await.map_err(other)?;
            let chars = p.characteristics();
            for (tag, characteristic, direction) in routes(self.family, index as u8) {
                let wanted = uuid(characteristic)?;
                let c = chars
                    .iter()
                    .find(|c| c.uuid == wanted)
                    .cloned()
                    .ok_or_else(|| {
                        TransportError::NotGlasses(format!(
                            "{id} is not a {} (no characteristic {wanted})",
                            self.family
                        ))
                    })?;
                match direction {
                    Direction::Write => {
                        writes.insert(tag, (index, c));
                    }
                    Direction::Notify => {
                        p.subscribe(&c).await.map_err(other)?;
                        notify.insert((index, wanted), tag);
                    }
                }
            }
            streams.push(
                p.notifications()
                    .await
                    .map_err(other)?
                    .map(move |n| (index, n))
                    .boxed(),
            );
            mtu = mtu.min(usize::from(p.mtu()));
            peripherals.push(p);
        }
        let peripheral_ids: Vec<_> = peripherals.iter().map(|p| p.id()).collect();
        let mut events = self.ble.adapter.events().await.map_err(other)?;
        // The Frame SDKs write with response; the others take writes without.
        let write_type = match self.family {
            Family::Frame => WriteType::WithResponse,
            _ => WriteType::WithoutResponse,
        };
        let tagged = tagged_channels(self.family);
        let (transport, mut rx) = BleTransport::new(mtu);
        tokio::spawn(async move {
            let reason = loop {
                tokio::select! {
                    n = streams.next() => match n {
                        Some((index, n)) => {
                            match notify.get(&(index, n.uuid)) {
                                Some(tag) if tagged => sink.notification(gatt::tagged(*tag, &n.value)),
                                Some(_) => sink.notification(n.value),
                                None => {}
                            }
                        }
                        None => break "notification streams ended",
                    },
                    e = events.next() => match e {
                        Some(CentralEvent::DeviceDisconnected(d)) if peripheral_ids.contains(&d) => {
                            break "disconnected by the glasses";
                        }
                        Some(_) => {}
                        None => break "adapter event stream ended",
                    },
                    w = rx.recv() => match w {
                        Some(Outgoing::Packet(packet)) => {
                            let target = if tagged {
                                gatt::untag(&packet)
                                    .and_then(|(tag, value)| Some((writes.get(&tag)?, value)))
                            } else {
                                writes.get(&0).map(|w| (w, packet.as_slice()))
                            };
                            match target {
                                Some(((index, c), value)) => {
                                    if let Err(e) = peripherals[*index].write(c, value, write_type).await {
                                        warn!("ble: write failed: {e}");
                                    }
                                }
                                None => warn!("ble: a packet on no known channel was dropped"),
                            }
                        }
                        Some(Outgoing::Close) | None => {
                            for p in &peripherals {
                                let _ = p.disconnect().await;
                            }
                            break "closed by the phone";
                        }
                    },
                }
            };
            debug!("ble: connection ended: {reason}");
            sink.disconnected(reason);
        });
        Ok(Arc::new(transport))
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

    /// btleplug does not report a connection's bond or encryption state: unknown, so false.
    fn encrypted(&self) -> bool {
        false
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
        let result = tokio::time::timeout(Duration::from_secs(20), BleAdapter::new())
            .await
            .unwrap();
        match result {
            Err(TransportError::NoAdapter(reason)) => assert!(!reason.is_empty()),
            Ok(_) => assert!(has_bus, "an adapter without a system bus?"),
            Err(other) => panic!("expected NoAdapter, got {other:?}"),
        }
    }
}
