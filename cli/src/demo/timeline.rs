//! The demo's live timeline: each event stamped with the walk's scripted time, as text for
//! people (HUD cards drawn in boxes) or as JSON lines; and the counters for the summary.

use std::cell::Cell;

use serde_json::{Value, json};
use sightline_core::companion::{Clock, Output};
use sightline_core::hud::{self, Display};
use sightline_core::measure::quantile;

use crate::out::{say, wire_name};

/// Prints timeline events as text or JSON lines.
pub struct Timeline {
    /// JSON lines instead of text.
    pub json: bool,
    /// The walk's start on the scripted clock.
    pub start_ms: i64,
    /// The glasses display the HUD boxes are drawn for.
    pub display: Display,
    /// Whether the paired glasses have a display at all (their capabilities say; OpenGlass
    /// has none, and no HUD is drawn for it).
    pub has_display: Cell<bool>,
    /// How long the frame being reported took to cross the link (request to arrival, wall
    /// clock), set by the walk before it prints what was seen.
    pub frame_link_ms: Cell<Option<f64>>,
}

/// Counters for the summary.
#[derive(Debug, Default)]
pub struct Tally {
    /// Cards shown.
    pub cards: u32,
    /// Proactive cards held back.
    pub held_back: u32,
    /// Utterances and confirmations the wearer made.
    pub interactions: u32,
    /// Clicks the same results take in separate apps.
    pub baseline_clicks: u32,
    /// Glance-to-card times of frames that were read and produced a card (frames answered
    /// from the unchanged-frame cache are not reads: they are counted apart).
    pub glance_to_card_ms: Vec<f64>,
    /// Times of frames answered as unchanged.
    pub unchanged_ms: Vec<f64>,
}

impl Timeline {
    /// Prints one event.
    pub fn event(&self, clock: &Clock, kind: &str, text: &str, data: Value) {
        let t = clock.now_ms() - self.start_ms;
        if self.json {
            say!(
                "{}",
                json!({"t_ms": t, "event": kind, "text": text, "data": data})
            );
            return;
        }
        let stamp = format!("[{:>3}:{:04.1}]", t / 60_000, (t % 60_000) as f64 / 1000.0);
        for (i, line) in text.lines().enumerate() {
            let lead = if i == 0 { stamp.as_str() } else { "          " };
            say!("{lead} {kind:<10} {line}");
        }
    }

    /// Prints one output of the companion and counts it.
    pub fn output(&self, clock: &Clock, output: &Output, tally: &mut Tally) {
        match output {
            Output::Card { card, trigger, .. } => {
                tally.cards += 1;
                self.event(
                    clock,
                    "card",
                    &format!("{} — {}", wire_name(&card.kind), card.reason),
                    json!({"card": card, "trigger": trigger}),
                );
                let rendered = hud::render(card, &self.display);
                if !self.json && !self.has_display.get() {
                    self.event(
                        clock,
                        "hud",
                        "(these glasses have no display: the card is spoken and shown in the phone app)",
                        json!({}),
                    );
                } else if !self.json {
                    // What the glasses show: the first page; the rest is in the phone app.
                    let drawn = rendered.on_glasses_terminal();
                    self.event(clock, "hud", drawn.trim_end(), json!({}));
                }
                if !rendered.speech.is_empty() {
                    self.event(clock, "spoken", &rendered.speech, json!({}));
                }
            }
            Output::ConfirmationNeeded {
                action_id, summary, ..
            } => self.event(
                clock,
                "confirm?",
                &format!("needs confirmation: {summary}"),
                json!({"action_id": action_id}),
            ),
            Output::ConfirmOnPhone {
                action_id,
                summary,
                reason,
                ..
            } => self.event(
                clock,
                "confirm?",
                &format!("the tap is not enough ({reason:?}): confirm on the phone: {summary}"),
                json!({"action_id": action_id, "reason": reason}),
            ),
            Output::Heard {
                text,
                language,
                is_final: true,
                latency_ms,
            } => self.event(
                clock,
                "heard",
                &format!("“{text}” ({language}, final {latency_ms} ms after the end of speech)"),
                json!({"text": text, "language": language, "latency_ms": latency_ms}),
            ),
            Output::Heard { text, .. } => self.event(clock, "hearing", &format!("“{text}”…"), json!({})),
            Output::Answered {
                heard,
                answer,
                outcome,
                action_id,
            } => self.event(
                clock,
                "answer",
                &format!("“{heard}” = {}: {}", answer.as_str(), outcome.as_str()),
                json!({"answer": answer, "outcome": outcome, "action_id": action_id}),
            ),
            Output::Suppressed { rule, subject, why } => {
                tally.held_back += 1;
                self.event(
                    clock,
                    "held back",
                    &format!("{} about {subject}: {}", rule.as_str(), wire_name(why)),
                    json!({"rule": rule, "subject": subject, "why": why}),
                );
            }
            Output::Seen {
                view,
                scene,
                unchanged,
                closer_look,
                perception_ms,
                glance_to_card_ms,
                cards,
            } => {
                if *unchanged {
                    tally.unchanged_ms.push(*glance_to_card_ms);
                }
                if *cards > 0 && !*unchanged {
                    tally.glance_to_card_ms.push(*glance_to_card_ms);
                }
                let mut read: Vec<String> = view.texts.iter().map(|t| format!("“{t}”")).collect();
                read.extend(view.barcodes.iter().map(|b| format!("EAN-13 {b}")));
                read.extend(view.qr_payloads.iter().map(|q| format!("QR {q}")));
                if let Some((label, score)) = scene {
                    read.push(format!("scene {label} {:.0}%", score * 100.0));
                }
                let link_ms = self.frame_link_ms.take();
                let link = link_ms
                    .map(|ms| format!(", link {ms:.0} ms"))
                    .unwrap_or_default();
                let how = match (unchanged, closer_look) {
                    (true, _) => " (unchanged frame)",
                    (_, true) => " (sharper crop of unsure text)",
                    _ => "",
                };
                self.event(
                    clock,
                    "recognised",
                    &format!(
                        "{}{how} — perception {perception_ms:.0} ms, glance-to-card {glance_to_card_ms:.0} ms{link}",
                        if read.is_empty() { "nothing".to_string() } else { read.join(", ") }
                    ),
                    json!({"view": view, "scene": scene, "unchanged": unchanged, "closer_look": closer_look,
                           "perception_ms": perception_ms, "glance_to_card_ms": glance_to_card_ms,
                           "link_ms": link_ms}),
                );
            }
            Output::Link { status } => {
                self.event(clock, "link", &format!("{status:?}"), json!(status))
            }
            Output::PairingCode { code } => self.event(
                clock,
                "pairing",
                &format!(
                    "code {code} shown on the phone and on the glasses; accepted automatically in the demo"
                ),
                json!({"code": code}),
            ),
            Output::Glasses {
                name,
                display,
                camera,
                battery_percent,
                ..
            } => self.event(
                clock,
                "glasses",
                &format!(
                    "{name}: display {}x{}, camera {}x{}, battery {battery_percent}%",
                    display.0, display.1, camera.0, camera.1
                ),
                json!({"name": name, "display": display, "camera": camera}),
            ),
            Output::Capabilities {
                family,
                secure_link,
                warning,
                display,
                ..
            } => {
                self.has_display.set(display.is_some());
                let link = if *secure_link { "encrypted link" } else { "UNENCRYPTED link" };
                self.event(
                    clock,
                    "glasses",
                    &format!("{family} glasses, {link}"),
                    json!({"family": family, "secure_link": secure_link}),
                );
                if let Some(warning) = warning {
                    self.event(clock, "warning", warning, json!({}));
                }
            }
            Output::Problem { message } => self.event(clock, "problem", message, json!({})),
            Output::Lagged { missed } => {
                self.event(clock, "lagged", &format!("missed {missed}"), json!({}))
            }
        }
    }
}

/// Median and 95th percentile of `values`.
pub fn median_p95(values: &[f64]) -> (Option<f64>, Option<f64>) {
    (quantile(values, 0.5), quantile(values, 0.95))
}
