//! The btleplug connector for OpenGlass, Frame and G1 glasses: it maps the drivers' channel
//! bytes ([`super::gatt`]) to the family's characteristics. It subscribes to every notify
//! characteristic and tags each notification with its channel; a tagged write goes to its
//! channel's characteristic. A G1 is two peripherals: its device id is `LEFT_ID+RIGHT_ID`
//! (the two arms `sightline scan` lists), and the channel byte is the arm.

use btleplug::api::{Central as _, CentralEvent, Characteristic, Peripheral as _, WriteType};
use btleplug::platform::Peripheral;
use futures::StreamExt;
use futures::future::BoxFuture;
use futures::stream::{BoxStream, SelectAll};
use std::collections::HashMap;
use std::sync::Arc;
use tracing::{debug, warn};
use uuid::Uuid;

use super::Family;
use super::gatt::{self, Direction, frame as fg, g1 as g1g, openglass as og};
use crate::link::ble::{BleConnector, BleTransport, Outgoing, other, uuid};
use crate::link::transport::{Connector, Transport, TransportError, TransportSink};

/// (channel, characteristic, direction) of one peripheral of `family`; `arm` is the G1 arm.
fn routes(family: Family, arm: u8) -> Vec<(u8, &'static str, Direction)> {
    match family {
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
        Family::Sightline => Vec::new(),
    }
}

/// Connects to glasses of one family other than Sightline (for those, use [`BleConnector`]).
pub struct FamilyBleConnector {
    ble: Arc<BleConnector>,
    family: Family,
}

impl FamilyBleConnector {
    /// A connector for `family` on `ble`'s adapter.
    pub fn new(ble: Arc<BleConnector>, family: Family) -> Result<Self, TransportError> {
        if family == Family::Sightline {
            return Err(TransportError::Other(
                "Sightline glasses connect through BleConnector".into(),
            ));
        }
        Ok(Self { ble, family })
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
                        TransportError::Connect(format!(
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
        let mut events = self.ble.adapter().events().await.map_err(other)?;
        // The Frame SDKs write with response; the others take writes without.
        let write_type = match self.family {
            Family::Frame => WriteType::WithResponse,
            _ => WriteType::WithoutResponse,
        };
        let (transport, mut rx) = BleTransport::new(mtu);
        tokio::spawn(async move {
            let reason = loop {
                tokio::select! {
                    n = streams.next() => match n {
                        Some((index, n)) => {
                            if let Some(tag) = notify.get(&(index, n.uuid)) {
                                sink.notification(gatt::tagged(*tag, &n.value));
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
                            let target = gatt::untag(&packet)
                                .and_then(|(tag, value)| Some((writes.get(&tag)?, value)));
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

impl Connector for FamilyBleConnector {
    fn connect<'a>(
        &'a self,
        device_id: &'a str,
        sink: TransportSink,
    ) -> BoxFuture<'a, Result<Arc<dyn Transport>, TransportError>> {
        Box::pin(self.open(device_id, sink))
    }
}
