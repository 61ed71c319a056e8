//! What the page is fed: the companion's own outputs (the same `Output` stream the FFI
//! listener gets), each card with its HUD pages drawn for the attached display; the camera
//! frames as they arrived over the link; the link's state, battery and counters; and the
//! ledger's totals after every receipt.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use sightline_core::Config;
use sightline_core::companion::{Companion, Output, Subscription, Trigger};
use sightline_core::hud::{self, Display};
use sightline_core::link::session::{LinkEvent, LinkHandle};
use sightline_core::store::ledger;
use sightline_core::subscription::Subscription as Stream;
use tokio::task::JoinHandle;

use super::hub::{Hub, now_us};
use super::hud_png::HudPainter;
use super::marks::Marker;
use super::progress::Progress;

/// The link's events, as one subscriber reads them.
type LinkEvents = Stream<LinkEvent>;

/// What the caller knows about the radio that the link does not report.
#[derive(Debug, Clone, Copy, Default)]
pub struct LinkFacts {
    /// The negotiated ATT MTU, if known.
    pub mtu: Option<usize>,
    /// The simulated radio's packet loss, if simulated.
    pub loss: Option<f64>,
}

/// The tasks feeding one companion and its link to the page; they stop when dropped.
#[derive(Debug)]
pub struct Feed {
    hub: Hub,
    tasks: Vec<JoinHandle<()>>,
    /// Outputs published so far, and a signal each time one is.
    published: Arc<Progress>,
}

/// How long [`Feed::caught_up`] waits at most (a lagging stream may never catch up).
const CATCH_UP_LIMIT: Duration = Duration::from_secs(2);

impl Drop for Feed {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

impl Feed {
    /// Starts feeding `companion`'s outputs and `link`'s events to `hub`.
    pub fn start(
        hub: &Hub,
        companion: &Companion,
        link: &LinkHandle,
        facts: LinkFacts,
        config: &Config,
    ) -> Result<Self, String> {
        let painter = Arc::new(HudPainter::new()?);
        // The display the cards are laid out for: the glasses say which after connecting.
        let display = Arc::new(Mutex::new(Display::REFERENCE));
        // Subscribed before returning, so nothing the glasses do next is missed.
        let stream = companion.subscribe();
        let events = link.subscribe();
        let published = Arc::new(Progress::default());
        let reads = Arc::new(Progress::default());
        let outputs = tokio::spawn(outputs(
            hub.clone(),
            companion.clone(),
            stream,
            painter,
            display,
            [published.clone(), reads.clone()],
        ));
        let marker = Marker::start(hub, config, reads);
        let link_events = tokio::spawn(link_events(
            hub.clone(),
            link.clone(),
            events,
            facts,
            marker,
        ));
        Ok(Self {
            hub: hub.clone(),
            tasks: vec![outputs, link_events],
            published,
        })
    }

    /// Waits until the first `count` outputs of the companion are on their way to the page,
    /// so that what the caller publishes next comes after them.
    pub async fn caught_up(&self, count: u64) {
        self.published.reached(count, CATCH_UP_LIMIT).await;
    }

    /// Reports how long a frame of `bytes` took over the link (request to last byte).
    pub fn frame_timing(&self, bytes: usize, link_ms: f64) {
        if link_ms > 0.0 {
            let goodput = bytes as f64 / (link_ms / 1000.0);
            self.hub.publish(
                "link",
                json!({"goodput_bytes_per_s": goodput, "frame_ms": link_ms, "frame_bytes": bytes}),
            );
        }
    }
}

/// The display in use, read or set under its lock.
fn display_of(display: &Mutex<Display>) -> Display {
    *display.lock().unwrap_or_else(|p| p.into_inner())
}

async fn outputs(
    hub: Hub,
    companion: Companion,
    mut outputs: Subscription,
    painter: Arc<HudPainter>,
    display: Arc<Mutex<Display>>,
    [published, reads]: [Arc<Progress>; 2],
) {
    while let Some(output) = outputs.next().await {
        // When the output left the core's stream: the page's latency is measured from here.
        let at_us = now_us();
        if let Output::Capabilities { display: size, .. } = &output
            && let Some(fitting) = size.and_then(|(w, h)| Display::fitting(w, h))
        {
            *display.lock().unwrap_or_else(|p| p.into_inner()) = fitting;
        }
        let mut fields = json!({"output": output});
        if let Output::Card {
            card,
            hud: pages,
            trigger,
        } = &output
        {
            let shown = display_of(&display);
            fields["hud"] = hud_pages(&hub, &painter, pages, &shown);
            fields["display"] = json!({
                "name": shown.name, "width": shown.width_px, "height": shown.height_px,
                "monochrome": shown.monochrome,
            });
            fields["spoken"] = json!(hud::speech_text(card));
            hub.publish_at("output", fields, at_us);
            if *trigger == Trigger::Confirmed {
                publish_ledger(&hub, &companion);
            }
        } else {
            hub.publish_at("output", fields, at_us);
        }
        published.add();
        if matches!(output, Output::Seen { .. } | Output::Problem { .. }) {
            reads.add();
        }
    }
}

/// Each page drawn to PNG and kept for the page, with its rows.
fn hud_pages(hub: &Hub, painter: &HudPainter, pages: &[Vec<String>], display: &Display) -> Value {
    let drawn: Vec<Value> = pages
        .iter()
        .map(|rows| match painter.page_png(rows, display) {
            Ok(png) => json!({"url": hub.keep_picture("image/png", png), "rows": rows}),
            Err(e) => json!({"error": e, "rows": rows}),
        })
        .collect();
    Value::Array(drawn)
}

fn publish_ledger(hub: &Hub, companion: &Companion) {
    match companion.store().read(ledger::totals) {
        Ok(totals) => hub.publish(
            "ledger",
            json!({
                "orders": totals.orders, "gmv": totals.gmv.to_string(),
                "commission": totals.commission.to_string(),
            }),
        ),
        Err(e) => hub.publish("problem", json!({"message": e.to_string()})),
    }
}

async fn link_events(
    hub: Hub,
    link: LinkHandle,
    mut events: LinkEvents,
    facts: LinkFacts,
    marker: Marker,
) {
    hub.publish("link", json!({"mtu": facts.mtu, "loss": facts.loss}));
    while let Some(event) = events.next().await {
        let at_us = now_us();
        match event {
            LinkEvent::State(state) => hub.publish_at("link", json!({"state": state}), at_us),
            LinkEvent::Capabilities(caps) => hub.publish_at(
                "link",
                json!({"family": caps.family.as_str(), "secure_link": caps.secure_link}),
                at_us,
            ),
            LinkEvent::Battery(battery) => hub.publish_at(
                "link",
                json!({"battery": battery.percent, "charging": battery.charging}),
                at_us,
            ),
            LinkEvent::Hello(hello) => hub.publish_at(
                "link",
                json!({"battery": hello.battery.percent, "name": hello.name}),
                at_us,
            ),
            LinkEvent::Frame(frame) => {
                let bytes = frame.jpeg.len();
                let url = hub.keep_picture("image/jpeg", frame.jpeg.clone());
                marker.mark(url.clone(), frame.jpeg.clone());
                let roi = frame
                    .roi
                    .map(|r| json!({"x": r.x, "y": r.y, "w": r.w, "h": r.h}));
                hub.publish_at(
                    "frame",
                    json!({"url": url, "bytes": bytes, "quality": frame.quality, "roi": roi}),
                    at_us,
                );
                let stats = link.stats();
                hub.publish(
                    "link",
                    json!({
                        "frames": stats.frames, "frames_lost": stats.frames_lost,
                        "resends": stats.chunks_requested, "refused": stats.forged + stats.replayed + stats.malformed,
                    }),
                );
            }
            LinkEvent::FrameLost { reason, .. } => {
                hub.publish_at("link", json!({"frame_lost": reason}), at_us)
            }
            _ => {}
        }
    }
}
