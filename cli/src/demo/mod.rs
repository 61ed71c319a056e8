//! `sightline demo`: the main job, offline on the embedded demo city. Simulated glasses are
//! paired over the simulated BLE link (the comparison code is accepted automatically, and
//! the timeline says so); then a scripted walk renders what the glasses' camera sees (shop
//! signs, shelf labels with EAN-13 barcodes, a bike's QR code, a landmark plaque), sends it
//! as camera frames over the link, and prints a live timeline: what was seen, what was
//! recognised on the device, the HUD card as the wearer sees it, what was spoken. Speech and
//! double taps come from the glasses too. A summary ends it. `--scenario FILE` runs another
//! walk (format: docs/scenarios.md); `--json` prints JSON lines instead; `--glasses FAMILY`
//! walks with simulated OpenGlass, Frame or G1 glasses instead (docs/drivers.md);
//! `--serve [ADDR]` also shows the walk live in a browser (docs/live-view.md).

mod city;
mod live_walk;
mod scenario;
mod scenes;
mod speech;
mod timeline;

use std::cell::Cell;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Args;
use serde_json::json;
use sightline_core::Config;
use sightline_core::card::ActionKind;
use sightline_core::companion::{Clock, Companion, Output, Subscription, Trigger};
use sightline_core::geo::GeoPoint;
use sightline_core::hud::Display;
use sightline_core::link::device::Family;
use sightline_core::link::drivers::sim::{GlassesProfile, SimDevice, simulated};
use sightline_core::link::session::LinkHandle;
use sightline_core::locale::Language;
use sightline_core::measure::peak_rss_mb;
use sightline_core::notifications::PhoneNotification;
use sightline_core::perception::LoadMode;
use sightline_core::proactive::Suppressed;
use sightline_core::render::Fonts;
use sightline_core::services::local::merchant_code_payload;
use sightline_core::services::{PayNetwork, Poi};
use sightline_core::store::ledger;

use live_walk::{Flow, LiveWalk};
use scenario::{Scenario, Step, StepNotification};
use scenes::Sight;
use timeline::{Tally, Timeline, median_p95};

/// Frames of one step are this far apart on the scripted clock (ms).
const FRAME_INTERVAL_MS: i64 = 500;
/// Seconds a wearer of camera-less glasses lingers at a step (more than the 4 s of standing
/// still that name the place faced).
const LINGER_S: u32 = 5;
/// How long the demo waits for the card of the place lingered before.
const LINGER_ANSWER: Duration = Duration::from_secs(3);
/// 2026-11-26 10:00 in Hangzhou: the walk's start on the scripted clock.
const DEFAULT_START_MS: i64 = 1_795_658_400_000;
/// The simulated glasses' device id (history records it).
const DEVICE_ID: &str = "demo-glasses";
/// How long to wait for the glasses or the companion to answer before giving up.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(60);
/// … and for the card of a spoken line: a debug build on a busy machine takes tens of seconds
/// to recognise one (a release build about one).
const HEARING_TIMEOUT: Duration = Duration::from_secs(240);

/// Options of `sightline demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Print JSON lines instead of the timeline.
    #[arg(long)]
    json: bool,
    /// Run this walk instead of the built-in one (see docs/scenarios.md).
    #[arg(long)]
    scenario: Option<PathBuf>,
    /// Which simulated glasses walk: sightline, openglass, frame or g1 (docs/drivers.md).
    #[arg(long, default_value = "sightline")]
    glasses: Family,
    /// Also show the walk live in a browser, served on ADDR (default loopback, a free port;
    /// the URL with its token is printed). Confirmations then wait for the page's double tap.
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = crate::live::DEFAULT_ADDR)]
    serve: Option<std::net::SocketAddr>,
    /// Type the `say` steps instead of speaking them: each line reaches the companion as a
    /// text transcript. By default English lines are synthesised with espeak-ng, streamed from
    /// the simulated Sightline glasses' microphone and recognised on the device
    /// (docs/scenarios.md).
    #[arg(long)]
    typed: bool,
    /// The wearer's language, `zh` or `en` (default: the environment's locale, else
    /// English): every card, HUD page and spoken line of the walk is in it, and the built-in
    /// walk says its lines in it.
    #[arg(long, value_parser = crate::lang::parse)]
    lang: Option<Language>,
}

impl DemoArgs {
    /// The wearer's language for the walk.
    fn language(&self) -> Language {
        crate::lang::preferred(self.lang)
    }
}

/// Runs the walk.
pub fn run(config: &Config, args: &DemoArgs) -> Result<(), String> {
    let scenario = scenario::load(args.scenario.as_deref(), args.language())?;
    let mut config = config.clone();
    // Every model is loaded and warmed before the walk, so the first glance is timed fairly.
    config.perception.load = LoadMode::Eager;
    if let Some(addr) = args.serve {
        return sightline_core::runtime::block_on(live_walk::serve(config, scenario, args, addr))
            .map_err(|e| e.to_string())?;
    }
    sightline_core::runtime::block_on(walk(
        config,
        scenario,
        args.json,
        args.glasses,
        !args.typed,
        args.language(),
        None,
    ))
    .map_err(|e| e.to_string())?
    .map(|_| ())
}

/// Runs one walk in a scratch folder; with a live view, feeds it and takes its controls,
/// and hands them back at the end with how the walk ended.
async fn walk(
    config: Config,
    scenario: Scenario,
    json: bool,
    family: Family,
    spoken: bool,
    language: Language,
    live: Option<LiveWalk>,
) -> Result<(Flow, Option<LiveWalk>), String> {
    let fonts = Fonts::system().map_err(|e| format!("cannot draw the camera's view: {e}"))?;
    // The walk orders, pays and unlocks: it runs on a fresh copy of the demo city in a
    // scratch folder (removed afterwards), never on the user's own data.
    let scratch = tempfile::tempdir().map_err(|e| format!("cannot make a scratch folder: {e}"))?;
    let mut config = config;
    config.data_dir = scratch.path().to_path_buf();
    let clock = Clock::manual(DEFAULT_START_MS);
    let companion = Companion::start_with_clock(config.clone(), clock.clone())
        .map_err(|e| format!("cannot start the companion: {e}"))?;
    companion.set_language(language);
    // Every place and product the walk names must be in the city before anything is paired.
    city::check(&scenario, companion.services()).await?;
    let (display, display_px) = if scenario.display == "g1" {
        (Display::EVEN_G1, (488, 136))
    } else {
        (Display::REFERENCE, (640, 400))
    };
    let timeline = Timeline {
        json,
        start_ms: DEFAULT_START_MS,
        // HUD boxes are drawn as the glasses lay cards out: the G1 has its own 5-line layout.
        display: if family == Family::G1 {
            Display::EVEN_G1
        } else {
            display
        },
        has_display: Cell::new(true),
        frame_link_ms: Cell::new(None),
    };
    timeline.event(
        &clock,
        "walk",
        &scenario.name,
        json!({"display": display.name, "glasses": family.as_str()}),
    );
    let outputs = companion.subscribe();
    let (link, glasses) = connect(&companion, family, display_px)?;
    let live = live
        .map(|live| live.feeding(&companion, &link, &config))
        .transpose()?;
    companion
        .attach_glasses(link, DEVICE_ID)
        .map_err(|e| e.to_string())?;
    let mut walker = Walker {
        companion: companion.clone(),
        glasses,
        armed: None,
        spend_held_back: false,
        outputs,
        timeline,
        fonts,
        tally: Tally::default(),
        position: None,
        live,
        received: 0,
        spoken,
    };
    walker.pair().await?;
    let mut flow = Flow::Done;
    for (index, step) in scenario.steps.iter().enumerate() {
        // Nobody reads the timeline any more (`demo | head`): the walk stops here.
        if crate::out::reader_gone() {
            break;
        }
        if let Some(restart) = walker.hold(step, index, scenario.steps.len()).await? {
            flow = restart;
            break;
        }
        if let Some(restart) = walker.step(step).await? {
            flow = restart;
            break;
        }
    }
    if flow == Flow::Done {
        walker.summary().await?;
    }
    let live = walker.finish();
    companion
        .detach_glasses()
        .await
        .map_err(|e| e.to_string())?;
    Ok((flow, live))
}

/// Starts the link to simulated glasses of `family`. Sightline glasses get the scenario's
/// display size; the other families have their own fixed display (or none).
fn connect(
    companion: &Companion,
    family: Family,
    display_px: (u16, u16),
) -> Result<(LinkHandle, SimDevice), String> {
    let profile = GlassesProfile {
        display: display_px,
        ..GlassesProfile::default()
    };
    let mut sim = simulated(family, profile, Vec::new()).map_err(|e| e.to_string())?;
    sim.target.id = DEVICE_ID.to_string();
    sim.start(companion.store()).map_err(|e| e.to_string())
}

/// The walk in progress.
struct Walker {
    companion: Companion,
    glasses: SimDevice,
    /// The action a double tap would confirm now (for glasses without touch input).
    armed: Option<String>,
    /// A frame since the last card or confirmation would have offered a purchase or an
    /// unlock, and the companion held it back: the glasses' link is not authenticated
    /// (docs/security.md), so a forged frame could offer what a forged tap confirms.
    spend_held_back: bool,
    outputs: Subscription,
    timeline: Timeline,
    fonts: Fonts,
    tally: Tally,
    position: Option<GeoPoint>,
    /// The live view fed by the walk and its controls (`--serve`).
    live: Option<LiveWalk>,
    /// Outputs taken from `outputs` so far.
    received: u64,
    /// `say` steps are synthesised speech streamed from the glasses (else text).
    spoken: bool,
}

impl Walker {
    fn clock(&self) -> &Clock {
        self.companion.clock()
    }

    fn print(&mut self, outputs: &[Output]) {
        for output in outputs {
            // What a double tap would confirm: the card's paying/unlocking action, or its
            // "more" action (what the companion arms for a double tap).
            if let Output::Card { card, .. } = output
                && let Some(action) = card
                    .confirmation()
                    .or_else(|| card.actions.iter().find(|a| a.kind == ActionKind::More))
            {
                self.armed = Some(action.id.clone());
                self.spend_held_back = false;
            }
            if let Output::Suppressed {
                why: Suppressed::LinkNotAuthenticated,
                ..
            } = output
            {
                self.spend_held_back = true;
            }
            self.timeline
                .output(self.companion.clock(), output, &mut self.tally);
        }
    }

    /// Collects outputs until one satisfies `done` (a problem also ends the wait).
    async fn until(&mut self, done: impl Fn(&Output) -> bool) -> Result<Vec<Output>, String> {
        self.until_within(ANSWER_TIMEOUT, done).await
    }

    /// [`Walker::until`], waiting up to `within`.
    async fn until_within(
        &mut self,
        within: Duration,
        done: impl Fn(&Output) -> bool,
    ) -> Result<Vec<Output>, String> {
        let mut seen = Vec::new();
        let waited = tokio::time::timeout(within, async {
            while let Some(output) = self.outputs.next().await {
                let finished = done(&output) || matches!(output, Output::Problem { .. });
                seen.push(output);
                self.received += 1;
                if finished {
                    return true;
                }
            }
            false
        })
        .await;
        match waited {
            Ok(true) => {
                // What was emitted together with it (a card's confirmation request).
                while let Some(output) = self.outputs.try_next() {
                    seen.push(output);
                    self.received += 1;
                }
                Ok(seen)
            }
            Ok(false) => Err("the companion stopped".into()),
            Err(_) => {
                self.print(&seen);
                Err(format!("no answer within {} s", within.as_secs()))
            }
        }
    }

    /// Waits for the pairing code, accepts it, and waits for the glasses to say hello.
    async fn pair(&mut self) -> Result<(), String> {
        let outputs = self
            .until(|o| matches!(o, Output::PairingCode { .. } | Output::Glasses { .. }))
            .await?;
        let asked = outputs
            .iter()
            .any(|o| matches!(o, Output::PairingCode { .. }));
        self.print(&outputs);
        if asked {
            self.companion
                .confirm_pairing(true)
                .await
                .map_err(|e| e.to_string())?;
            let outputs = self.until(|o| matches!(o, Output::Glasses { .. })).await?;
            self.print(&outputs);
        }
        Ok(())
    }

    /// Runs one step; a live view's restart ends it early.
    async fn step(&mut self, step: &Step) -> Result<Option<Flow>, String> {
        self.clock().advance((step.wait_s * 1000.0) as i64);
        if !step.note.is_empty() {
            self.timeline
                .event(self.clock(), "note", &step.note, json!({}));
        }
        self.tally.baseline_clicks += step.baseline_clicks;
        let place = self.place(step).await?;
        self.stand(step, place.as_ref())?;
        if let Some(sight) = self.sight(step, place).await? {
            if self.glasses.has_camera() {
                self.look(&sight, step.frames.unwrap_or(1)).await?;
            } else {
                self.linger(step, &sight).await?;
            }
        }
        if let Some(notification) = &step.notification {
            self.notification(notification).await?;
        }
        if let Some(utterance) = &step.say {
            self.say(utterance).await?;
        }
        if step.confirm && self.armed.is_none() && self.spend_held_back {
            // What the step would confirm was never offered: the walk goes on without it.
            self.timeline.event(
                self.clock(),
                "confirm",
                "(nothing to confirm: over a link that is not authenticated the frame offers no purchase or unlock)",
                json!({"skipped": "link_not_authenticated"}),
            );
            self.spend_held_back = false;
        } else if step.confirm {
            if let Some(restart) = self.wait_for_tap().await? {
                return Ok(Some(restart));
            }
            self.confirm_and_wait().await?;
        }
        Ok(None)
    }

    /// The phone posts `posted`; the timeline says what became of it (shown with the
    /// glasses' own notification command, a small card, spoken, or held back and why).
    async fn notification(&mut self, posted: &StepNotification) -> Result<(), String> {
        let delivery = self
            .companion
            .notify(PhoneNotification {
                app_id: posted.app_id.clone(),
                app_name: posted.app_name.clone(),
                title: posted.title.clone(),
                body: posted.body.clone(),
                posted_at_ms: self.clock().now_ms(),
            })
            .await
            .map_err(|e| e.to_string())?;
        let outcome = json!(delivery);
        let said = outcome
            .as_str()
            .map_or_else(|| outcome.to_string(), str::to_string);
        self.timeline.event(
            self.clock(),
            "notification",
            &format!(
                "{} · {}: {} ({said})",
                posted.app_name, posted.title, posted.body
            ),
            json!({"app": posted.app_id, "delivery": delivery}),
        );
        Ok(())
    }

    /// The wearer says `utterance` to the glasses; waits for the card that answers it.
    async fn say(&mut self, utterance: &str) -> Result<(), String> {
        self.tally.interactions += 1;
        self.timeline
            .event(self.clock(), "said", utterance, json!({}));
        self.publish("said", json!({"text": utterance})).await;
        let within = if self.speak(utterance)? {
            HEARING_TIMEOUT
        } else {
            ANSWER_TIMEOUT
        };
        let outputs = self
            .until_within(within, |o| {
                matches!(
                    o,
                    Output::Card {
                        trigger: Trigger::Asked,
                        ..
                    }
                )
            })
            .await?;
        self.print(&outputs);
        Ok(())
    }

    /// The wearer spoke into the live view's microphone (the page stands in for the phone):
    /// heard whole on the device as the phone app's microphone is (`Companion::hear`), each
    /// utterance answered like any request; nothing heard is a problem the page shows.
    async fn hear_from_page(&mut self, pcm: Vec<i16>, sample_rate: u32) -> Result<(), String> {
        self.tally.interactions += 1;
        let ms = pcm.len() as u64 * 1000 / u64::from(sample_rate.max(1));
        self.timeline.event(
            self.clock(),
            "audio",
            &format!(
                "{:.1} s from the page's microphone ({sample_rate} Hz)",
                ms as f64 / 1000.0
            ),
            json!({"audio_ms": ms, "source": "phone"}),
        );
        let heard = self
            .companion
            .hear(pcm, sample_rate)
            .await
            .map_err(|e| e.to_string())?;
        if heard.is_empty() {
            return Err("no speech was heard in that recording".into());
        }
        let outputs = self
            .until_within(ANSWER_TIMEOUT, |o| {
                matches!(
                    o,
                    Output::Card {
                        trigger: Trigger::Asked | Trigger::Confirmed,
                        ..
                    }
                )
            })
            .await?;
        self.print(&outputs);
        Ok(())
    }

    /// The wearer confirms the card displayed; waits for what confirming it shows.
    async fn confirm_and_wait(&mut self) -> Result<(), String> {
        self.tally.interactions += 1;
        self.confirm().await?;
        self.until_card(Trigger::Confirmed).await
    }

    /// Prints the outputs up to the next card shown for `trigger`.
    async fn until_card(&mut self, trigger: Trigger) -> Result<(), String> {
        let outputs = self
            .until(|o| matches!(o, Output::Card { trigger: t, .. } if *t == trigger))
            .await?;
        self.print(&outputs);
        Ok(())
    }

    /// The wearer says `utterance`: synthesised speech streamed from the glasses' microphone
    /// and recognised on the device (true), or — typed speech, Chinese lines, glasses whose
    /// simulator has no speech — a text transcript (false); the timeline says which.
    fn speak(&mut self, utterance: &str) -> Result<bool, String> {
        let why_text = if !self.spoken {
            "typed (--typed)"
        } else {
            match speech::synthesise(utterance)? {
                speech::Spoken::Audio(pcm) => {
                    let codec = if self.glasses.say_audio(&pcm) {
                        Some(("µ-law", "mu-law"))
                    } else if matches!(self.glasses, SimDevice::G1(..)) {
                        self.glasses.say_lc3(&speech::lc3_frames(&pcm)?);
                        Some(("LC3", "lc3"))
                    } else if matches!(self.glasses, SimDevice::OpenGlass(..)) {
                        self.glasses.say_opus(&speech::omiglass_opus(&pcm)?, 21);
                        Some(("Opus", "opus"))
                    } else {
                        None
                    };
                    if let Some((codec, codec_id)) = codec {
                        let ms = pcm.len() / 16;
                        self.timeline.event(
                            self.clock(),
                            "audio",
                            &format!(
                                "{:.1} s of espeak-ng speech streamed from the glasses' microphone ({codec}, 16 kHz)",
                                ms as f64 / 1000.0
                            ),
                            json!({"audio_ms": ms, "codec": codec_id}),
                        );
                        return Ok(true);
                    }
                    "these simulated glasses stream no speech: sent as a transcript"
                }
                speech::Spoken::Text(why) => why,
            }
        };
        self.timeline
            .event(self.clock(), "as text", why_text, json!({"spoken": false}));
        self.glasses.say(utterance);
        Ok(false)
    }

    /// The wearer confirms the armed action: a double tap on the glasses, or in the phone app
    /// on glasses without touch input (OpenGlass).
    async fn confirm(&mut self) -> Result<(), String> {
        let how = "the wearer double-taps the glasses";
        self.timeline.event(self.clock(), "confirm", how, json!({}));
        if self.glasses.double_tap() {
            return Ok(());
        }
        let action_id = self
            .armed
            .take()
            .ok_or("nothing is waiting for a confirmation")?;
        self.timeline.event(
            self.clock(),
            "confirm",
            "(these glasses have no touch input: confirmed in the phone app)",
            json!({}),
        );
        self.companion
            .confirm(&action_id)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// The place the step stands before, looked up in the demo city.
    async fn place(&self, step: &Step) -> Result<Option<Poi>, String> {
        city::place(self.companion.services(), step, self.position).await
    }

    /// Sends the phone's location fix for the step (facing the place, at its distance).
    fn stand(&mut self, step: &Step, place: Option<&Poi>) -> Result<(), String> {
        let heading = step.heading.unwrap_or(0.0);
        let here = match (place, step.lat.zip(step.lon)) {
            (Some(poi), _) => Some(
                poi.location
                    .offset((heading + 180.0) % 360.0, step.distance_m.unwrap_or(20.0)),
            ),
            (None, Some((lat, lon))) => Some(GeoPoint::new(lat, lon)),
            (None, None) => None,
        };
        let Some(point) = here else {
            return Ok(());
        };
        self.companion
            .update_location(point, Some(heading), step.speed_mps)
            .map_err(|e| e.to_string())?;
        self.position = Some(point);
        let near = place
            .map(|p| format!(" near {}", p.display_name()))
            .unwrap_or_default();
        self.timeline.event(
            self.clock(),
            "location",
            &format!(
                "{:.5},{:.5} heading {heading:.0}° speed {:.1} m/s{near}",
                point.lat,
                point.lon,
                step.speed_mps.unwrap_or(0.0)
            ),
            json!({"lat": point.lat, "lon": point.lon, "heading": heading, "speed_mps": step.speed_mps}),
        );
        Ok(())
    }

    /// What the camera sees in the step, if anything.
    async fn sight(&self, step: &Step, place: Option<Poi>) -> Result<Option<Sight>, String> {
        let services = self.companion.services();
        if step.sign {
            return Ok(place.map(Sight::Sign));
        }
        if step.pay_code {
            return Ok(place.map(|shop| Sight::PayCode {
                payload: merchant_code_payload(PayNetwork::Alipay, &shop.id),
                shop,
            }));
        }
        if !step.texts.is_empty() {
            return Ok(Some(Sight::Texts(step.texts.clone())));
        }
        if let Some(keyword) = &step.product {
            return Ok(Some(Sight::Label(city::product(services, keyword).await?)));
        }
        if let Some(code) = &step.barcode {
            return Ok(Some(Sight::Barcode(code.clone())));
        }
        if let Some(payload) = &step.qr {
            let bike_id = services
                .mobility
                .bike_by_qr(payload)
                .await
                .map(|b| b.id)
                .unwrap_or_default();
            return Ok(Some(Sight::Bike {
                payload: payload.clone(),
                bike_id,
            }));
        }
        Ok(None)
    }

    /// Glasses without a camera (G1): the wearer lingers where the step stands, the phone
    /// sending a fix a second; standing still facing the place lets the companion name it
    /// from position and heading alone (its card says how sure it is).
    async fn linger(&mut self, step: &Step, sight: &Sight) -> Result<(), String> {
        self.timeline.event(
            self.clock(),
            "camera",
            &format!(
                "{} (these glasses have no camera: the wearer lingers, position and heading stand in)",
                sight.describe()
            ),
            json!({"sight": sight.describe(), "camera": false}),
        );
        let Some(point) = self.position else {
            return Ok(());
        };
        if step.speed_mps.is_some_and(|s| s > 0.6) {
            return Ok(());
        }
        let heading = step.heading.unwrap_or(0.0);
        for _ in 0..LINGER_S {
            self.clock().advance(1_000);
            self.companion
                .update_location(point, Some(heading), Some(0.0))
                .map_err(|e| e.to_string())?;
        }
        // The card (or why it was held back) comes from the companion's background task;
        // lingering before nothing it knows brings nothing.
        let proactive = |o: &Output| {
            matches!(
                o,
                Output::Card {
                    trigger: Trigger::Proactive(_),
                    ..
                } | Output::Suppressed { .. }
            )
        };
        if let Ok(outputs) = tokio::time::timeout(LINGER_ANSWER, self.until(proactive)).await {
            self.print(&outputs?);
        }
        Ok(())
    }

    /// Puts `sight` before the glasses' camera and asks for `frames` frames of it.
    async fn look(&mut self, sight: &Sight, frames: u32) -> Result<(), String> {
        let jpeg = sight.frame(&self.fonts)?;
        let size = jpeg.len();
        self.glasses.set_images(vec![jpeg]);
        for frame in 0..frames {
            if frame > 0 {
                self.clock().advance(FRAME_INTERVAL_MS);
            }
            self.timeline.event(
                self.clock(),
                "camera",
                &format!(
                    "frame {}/{frames}: {} ({} KB JPEG over the link)",
                    frame + 1,
                    sight.describe(),
                    size / 1024
                ),
                json!({"sight": sight.describe(), "jpeg_bytes": size}),
            );
            let asked = Instant::now();
            self.companion.look().await.map_err(|e| e.to_string())?;
            let mut outputs = self.until(|o| matches!(o, Output::Seen { .. })).await?;
            // The frame's time on the link: from the request to its cards, less the glance.
            let glance = outputs.iter().find_map(|o| match o {
                Output::Seen {
                    glance_to_card_ms, ..
                } => Some(*glance_to_card_ms),
                _ => None,
            });
            let link_ms = glance.map(|g| (asked.elapsed().as_secs_f64() * 1000.0 - g).max(0.0));
            self.timeline.frame_link_ms.set(link_ms);
            self.frame_timing(size, link_ms);
            // What was recognised first, then the cards it led to.
            if let Some(seen) = outputs
                .iter()
                .position(|o| matches!(o, Output::Seen { .. }))
            {
                let recognised = outputs.remove(seen);
                outputs.insert(0, recognised);
            }
            self.print(&outputs);
        }
        Ok(())
    }

    async fn summary(&self) -> Result<(), String> {
        let totals = self
            .companion
            .store()
            .read(ledger::totals)
            .map_err(|e| e.to_string())?;
        let tally = &self.tally;
        let (median, p95) = median_p95(&tally.glance_to_card_ms);
        let (unchanged, _) = median_p95(&tally.unchanged_ms);
        let peak_rss_mb = peak_rss_mb();
        let ms = |v: Option<f64>| v.map_or("n/a".to_string(), |v| format!("{v:.0} ms"));
        // The comparison only when the walk says what the separate apps would take.
        let baseline = match tally.baseline_clicks {
            0 => String::new(),
            clicks => format!(" vs {clicks} clicks in separate apps"),
        };
        let text = format!(
            "cards shown {} (held back {})\n\
             interactions {} (utterances + double taps){baseline}\n\
             glance-to-card median {} p95 {} over {} frames read with cards; {} unchanged frames answered from the cache in {}\n\
             orders {}, GMV {}, commission earned {}\n\
             peak memory {}",
            tally.cards,
            tally.held_back,
            tally.interactions,
            ms(median),
            ms(p95),
            tally.glance_to_card_ms.len(),
            tally.unchanged_ms.len(),
            ms(unchanged),
            totals.orders,
            totals.gmv,
            totals.commission,
            peak_rss_mb.map_or("n/a".to_string(), |mb| format!("{mb:.0} MB RSS")),
        );
        self.timeline.event(
            self.clock(),
            "summary",
            &text,
            json!({
                "cards": tally.cards, "held_back": tally.held_back,
                "interactions": tally.interactions, "baseline_clicks": tally.baseline_clicks,
                "glance_to_card_median_ms": median, "glance_to_card_p95_ms": p95,
                "unchanged_frame_median_ms": unchanged, "unchanged_frames": tally.unchanged_ms.len(),
                "orders": totals.orders, "gmv_fen": totals.gmv.0,
                "commission_fen": totals.commission.0, "peak_rss_mb": peak_rss_mb,
            }),
        );
        self.publish("walk", json!({"state": "done", "note": text}))
            .await;
        Ok(())
    }
}
