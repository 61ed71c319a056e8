//! `sightline demo`: a scripted walk through the embedded demo city, driving the `Companion`
//! step by step on a scripted clock, and printing a live timeline (what the glasses saw, what
//! was recognised, the HUD card as drawn, what was spoken) and a summary. `--scenario FILE`
//! runs another walk (format: docs/scenarios.md); `--json` prints JSON lines instead.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Args;
use serde::Deserialize;
use serde_json::json;
use sightline_core::Config;
use sightline_core::companion::{Clock, Companion, Output, Subscription, View};
use sightline_core::geo::GeoPoint;
use sightline_core::hud::{self, Display};
use sightline_core::services::ProductQuery;
use sightline_core::store::ledger;

/// The built-in walk: West Lake, a convenience store, a shared bike.
const DEFAULT_SCENARIO: &str = include_str!("../scenarios/west-lake.toml");
/// Frames of one step are this far apart (ms).
const FRAME_INTERVAL_MS: i64 = 500;
/// 2026-11-26 10:00 in Hangzhou: the walk's start on the scripted clock.
const DEFAULT_START_MS: i64 = 1_795_658_400_000;

/// Options of `sightline demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Print JSON lines instead of the timeline.
    #[arg(long)]
    json: bool,
    /// Run this walk instead of the built-in one (see docs/scenarios.md).
    #[arg(long)]
    scenario: Option<PathBuf>,
}

/// A walk: where to stand, what the glasses see, what is said and confirmed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    /// `reference` (640×400) or `g1` (488 px, 5 lines).
    #[serde(default = "default_display")]
    display: String,
    #[serde(rename = "step")]
    steps: Vec<Step>,
}

fn default_display() -> String {
    "reference".into()
}

/// One step of the walk.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Step {
    note: String,
    wait_s: f64,
    at: Option<String>,
    at_name: Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    distance_m: Option<f64>,
    heading: Option<f64>,
    speed_mps: Option<f64>,
    sign: bool,
    texts: Vec<String>,
    product: Option<String>,
    barcodes: Vec<String>,
    qr: Vec<String>,
    frames: Option<u32>,
    say: Option<String>,
    confirm: bool,
}

/// Reads and checks a scenario; every error names the file and what is wrong.
fn load(path: Option<&Path>) -> Result<Scenario, String> {
    let (text, origin) = match path {
        Some(p) => (
            std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read scenario {}: {e}", p.display()))?,
            p.display().to_string(),
        ),
        None => (
            DEFAULT_SCENARIO.to_string(),
            "built-in west-lake".to_string(),
        ),
    };
    let scenario: Scenario =
        toml::from_str(&text).map_err(|e| format!("bad scenario {origin}: {e}"))?;
    if scenario.steps.is_empty() {
        return Err(format!("bad scenario {origin}: it has no [[step]]"));
    }
    if !matches!(scenario.display.as_str(), "reference" | "g1") {
        return Err(format!(
            "bad scenario {origin}: display `{}` is not `reference` or `g1`",
            scenario.display
        ));
    }
    for (i, step) in scenario.steps.iter().enumerate() {
        let bad = |why: &str| Err(format!("bad scenario {origin}: step {}: {why}", i + 1));
        if !(step.wait_s.is_finite() && step.wait_s >= 0.0) {
            return bad("wait_s must be a number ≥ 0");
        }
        let places = [
            step.at.is_some(),
            step.at_name.is_some(),
            step.lat.is_some(),
        ];
        if places.iter().filter(|p| **p).count() > 1 {
            return bad("give only one of at, at_name, lat/lon");
        }
        if step.lat.is_some() != step.lon.is_some() {
            return bad("lat and lon go together");
        }
        if step.sign && step.at.is_none() && step.at_name.is_none() {
            return bad("sign = true needs at or at_name (the place whose sign is seen)");
        }
    }
    Ok(scenario)
}

/// Prints timeline events as text or JSON lines.
struct Timeline {
    json: bool,
    start_ms: i64,
    /// The glasses display the HUD boxes are drawn for.
    display: Display,
}

impl Timeline {
    fn event(&self, clock: &Clock, kind: &str, text: &str, data: serde_json::Value) {
        let t = clock.now_ms() - self.start_ms;
        if self.json {
            println!(
                "{}",
                json!({"t_ms": t, "event": kind, "text": text, "data": data})
            );
        } else {
            let stamp = format!("[{:>3}:{:04.1}]", t / 60_000, (t % 60_000) as f64 / 1000.0);
            for (i, line) in text.lines().enumerate() {
                let lead = if i == 0 { stamp.as_str() } else { "         " };
                println!("{lead} {kind:<10} {line}");
            }
        }
    }
}

/// Counters for the summary.
#[derive(Default)]
struct Tally {
    cards: u32,
    suppressed: u32,
    interactions: u32,
    latencies_ms: Vec<f64>,
}

/// Runs the walk.
pub fn run(config: &Config, args: &DemoArgs) -> Result<(), String> {
    let scenario = load(args.scenario.as_deref())?;
    let clock = Clock::manual(DEFAULT_START_MS);
    let companion =
        Companion::start_with_clock(config.clone(), clock.clone()).map_err(|e| e.to_string())?;
    let display = if scenario.display == "g1" {
        Display::EVEN_G1
    } else {
        Display::REFERENCE
    };
    companion
        .set_glasses(display, Some("demo-glasses".into()))
        .map_err(|e| e.to_string())?;
    let timeline = Timeline {
        json: args.json,
        start_ms: DEFAULT_START_MS,
        display,
    };
    timeline.event(
        &clock,
        "walk",
        &scenario.name,
        json!({"display": display.name}),
    );
    let mut outputs = companion.subscribe();
    let mut tally = Tally::default();
    let mut position: Option<GeoPoint> = None;
    for step in &scenario.steps {
        sightline_core::runtime::block_on(run_step(
            &companion,
            step,
            &timeline,
            &mut outputs,
            &mut tally,
            &mut position,
        ))
        .map_err(|e| e.to_string())??;
    }
    summary(&companion, &timeline, &tally)
}

async fn run_step(
    companion: &Companion,
    step: &Step,
    timeline: &Timeline,
    outputs: &mut Subscription,
    tally: &mut Tally,
    position: &mut Option<GeoPoint>,
) -> Result<(), String> {
    let clock = companion.clock();
    clock.advance((step.wait_s * 1000.0) as i64);
    if !step.note.is_empty() {
        timeline.event(clock, "note", &step.note, json!({}));
    }
    let services = companion.services();
    let mut seen_names = Vec::new();
    let place = if let Some(key) = &step.at {
        let details = services
            .places
            .details(key)
            .await
            .map_err(|e| format!("step place `{key}`: {e}"))?;
        Some(details.poi)
    } else if let Some(name) = &step.at_name {
        let found = services
            .places
            .search_by_name(name, *position, 1)
            .await
            .map_err(|e| format!("step place `{name}`: {e}"))?;
        Some(
            found
                .into_iter()
                .next()
                .ok_or_else(|| format!("no place named like `{name}` in the city"))?
                .poi,
        )
    } else {
        None
    };
    let heading = step.heading.unwrap_or(0.0);
    let here = match (&place, step.lat.zip(step.lon)) {
        (Some(poi), _) => {
            if step.sign {
                seen_names.push(poi.name_zh.split('（').next().unwrap_or("").to_string());
                seen_names.extend(
                    poi.name_en
                        .as_ref()
                        .map(|n| n.split(" (").next().unwrap_or("").to_string()),
                );
            }
            Some(
                poi.location
                    .offset((heading + 180.0) % 360.0, step.distance_m.unwrap_or(20.0)),
            )
        }
        (None, Some((lat, lon))) => Some(GeoPoint::new(lat, lon)),
        (None, None) => None,
    };
    if let Some(point) = here {
        companion
            .update_location(point, Some(heading), step.speed_mps)
            .map_err(|e| e.to_string())?;
        *position = Some(point);
        let what = place
            .as_ref()
            .map(|p| format!(" near {}", p.display_name()))
            .unwrap_or_default();
        timeline.event(
            clock,
            "location",
            &format!(
                "{:.5},{:.5} heading {heading:.0}° speed {:.1} m/s{what}",
                point.lat,
                point.lon,
                step.speed_mps.unwrap_or(0.0)
            ),
            json!({"lat": point.lat, "lon": point.lon, "heading": heading, "speed_mps": step.speed_mps}),
        );
    }

    let mut barcodes = step.barcodes.clone();
    if let Some(keyword) = &step.product {
        let query = ProductQuery {
            keyword: Some(keyword.clone()),
            limit: 1,
            ..ProductQuery::default()
        };
        let product = services
            .catalog
            .search(&query)
            .await
            .map_err(|e| format!("step product `{keyword}`: {e}"))?
            .into_iter()
            .next()
            .ok_or_else(|| format!("no product like `{keyword}` in the city"))?;
        barcodes.push(product.ean13);
    }
    let view = View {
        texts: seen_names
            .into_iter()
            .chain(step.texts.iter().cloned())
            .collect(),
        barcodes,
        qr_payloads: step.qr.clone(),
    };
    let frames = step.frames.unwrap_or(u32::from(view != View::default()));
    for frame in 0..frames {
        if frame > 0 {
            clock.advance(FRAME_INTERVAL_MS);
        }
        let mut seen = Vec::new();
        seen.extend(view.texts.iter().map(|t| format!("text “{t}”")));
        seen.extend(view.barcodes.iter().map(|b| format!("EAN-13 {b}")));
        seen.extend(view.qr_payloads.iter().map(|q| format!("QR {q}")));
        timeline.event(
            clock,
            "glasses",
            &format!("frame {}/{frames}: {}", frame + 1, seen.join(", ")),
            json!({"texts": view.texts, "barcodes": view.barcodes, "qr": view.qr_payloads}),
        );
        let started = Instant::now();
        let result = companion.observe(view.clone()).await;
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        match result {
            Ok(cards) if !cards.is_empty() => tally.latencies_ms.push(elapsed),
            Ok(_) => {}
            Err(e) => timeline.event(clock, "error", &e.to_string(), json!({})),
        }
        drain(companion, outputs, timeline, tally);
    }
    if let Some(utterance) = &step.say {
        tally.interactions += 1;
        timeline.event(clock, "said", utterance, json!({}));
        if let Err(e) = companion.ask(utterance).await {
            timeline.event(clock, "error", &e.to_string(), json!({}));
        }
        drain(companion, outputs, timeline, tally);
    }
    if step.confirm {
        let last = companion
            .history(1)
            .map_err(|e| e.to_string())?
            .into_iter()
            .next()
            .and_then(|e| serde_json::from_str::<sightline_core::card::Card>(&e.entry.body).ok());
        match last
            .as_ref()
            .and_then(|c| c.confirmation().or(c.actions.first()))
        {
            Some(action) => {
                tally.interactions += 1;
                timeline.event(
                    clock,
                    "confirm",
                    &format!("wearer confirms “{}” (double tap)", action.label),
                    json!({"action_id": action.id}),
                );
                if let Err(e) = companion.confirm(&action.id).await {
                    timeline.event(clock, "error", &e.to_string(), json!({}));
                }
            }
            None => timeline.event(clock, "error", "nothing to confirm", json!({})),
        }
        drain(companion, outputs, timeline, tally);
    }
    Ok(())
}

/// Prints every output waiting for this subscriber.
fn drain(
    companion: &Companion,
    outputs: &mut Subscription,
    timeline: &Timeline,
    tally: &mut Tally,
) {
    let clock = companion.clock();
    while let Some(output) = outputs.try_next() {
        match &output {
            Output::Card { card, trigger, .. } => {
                tally.cards += 1;
                timeline.event(
                    clock,
                    "card",
                    &format!("{:?} — {}", card.kind, card.reason),
                    json!({"card": card, "trigger": trigger}),
                );
                let rendered = hud::render(card, &timeline.display);
                if !timeline.json {
                    let drawn = rendered.to_terminal();
                    let body: String = drawn
                        .lines()
                        .filter(|l| !l.starts_with("speech:"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    timeline.event(clock, "hud", &body, json!({}));
                }
                if !rendered.speech.is_empty() {
                    timeline.event(clock, "spoken", &rendered.speech, json!({}));
                }
            }
            Output::ConfirmationNeeded {
                action_id, summary, ..
            } => timeline.event(
                clock,
                "confirm?",
                &format!("needs confirmation: {summary}"),
                json!({"action_id": action_id}),
            ),
            Output::Suppressed { rule, subject, why } => {
                tally.suppressed += 1;
                timeline.event(
                    clock,
                    "held back",
                    &format!("{} about {subject}: {why:?}", rule.as_str()),
                    json!({"rule": rule, "subject": subject, "why": why}),
                );
            }
            Output::Lagged { missed } => {
                timeline.event(clock, "lagged", &format!("missed {missed}"), json!({}))
            }
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

fn summary(companion: &Companion, timeline: &Timeline, tally: &Tally) -> Result<(), String> {
    let totals = companion
        .store()
        .read(ledger::totals)
        .map_err(|e| e.to_string())?;
    let mut latencies = tally.latencies_ms.clone();
    latencies.sort_by(f64::total_cmp);
    let median = percentile(&latencies, 0.5);
    let p95 = percentile(&latencies, 0.95);
    let fmt = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.1} ms"));
    let text = format!(
        "cards shown {} (held back {}), interactions {}, view-to-card median {} p95 {} over {} cards, orders {}, GMV {}, commission earned {}",
        tally.cards,
        tally.suppressed,
        tally.interactions,
        fmt(median),
        fmt(p95),
        latencies.len(),
        totals.orders,
        totals.gmv,
        totals.commission
    );
    timeline.event(
        companion.clock(),
        "summary",
        &text,
        json!({
            "cards": tally.cards, "held_back": tally.suppressed, "interactions": tally.interactions,
            "view_to_card_median_ms": median, "view_to_card_p95_ms": p95,
            "orders": totals.orders, "gmv_fen": totals.gmv.0, "commission_fen": totals.commission.0,
        }),
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_walk_parses() {
        let s = load(None).unwrap();
        assert!(s.steps.len() >= 4);
    }

    #[test]
    fn bad_scenarios_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| {
            let p = dir.path().join("walk.toml");
            std::fs::write(&p, text).unwrap();
            p
        };
        let cases = [
            ("name = \"x\"\n", "step"),
            ("name = \"x\"\n[[step]]\nwait_s = -1\n", "wait_s"),
            ("name = \"x\"\n[[step]]\nwlak = 1\n", "wlak"),
            ("name = \"x\"\ndisplay = \"tv\"\n[[step]]\n", "display"),
            ("name = \"x\"\n[[step]]\nsign = true\n", "sign"),
            ("name = \"x\"\n[[step]]\nlat = 30.0\n", "lat and lon"),
        ];
        for (text, needle) in cases {
            let err = load(Some(&write(text))).unwrap_err();
            assert!(err.contains("walk.toml") && err.contains(needle), "{err}");
        }
        let missing = load(Some(Path::new("/nonexistent/walk.toml"))).unwrap_err();
        assert!(missing.contains("cannot read"), "{missing}");
    }
}
