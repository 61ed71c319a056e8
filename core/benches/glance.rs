//! Glance-to-card benchmark: `cargo bench --workspace --features sightline-ffi/bindgen --bench
//! glance`.
//!
//! On one core (the process re-runs itself under `taskset -c 0`), with the real models and the
//! embedded demo-city providers, simulated glasses send camera frames over the simulated BLE
//! link: shop and restaurant signs seen from in front of them, landmark plaques, shelf labels
//! (several frames each, so hesitation fires) and shared bikes' QR codes, all rendered from the
//! demo data. For every frame the companion reports glance-to-card time: from the frame's last
//! chunk arriving to its cards being ready for the HUD. Printed: the median and p95 over the
//! frames that produced a card and over all read frames, an unchanged frame, perception alone
//! in the same run (the anchor: glance-to-card ÷ perception shows what the loop adds), and the
//! peak RSS of the process.

#[path = "support/one_core.rs"]
mod one_core;

use std::process::ExitCode;
use std::time::Duration;

use sightline_core::Config;
use sightline_core::companion::{Clock, Companion, Output, Subscription};
use sightline_core::link::device::Family;
use sightline_core::link::drivers;
use sightline_core::link::drivers::sim::{GlassesProfile, LinkModel, SimGlasses};
use sightline_core::link::session::Target;
use sightline_core::perception::LoadMode;
use sightline_core::render::{Fonts, Scene, jpeg, layouts};
use sightline_core::services::{NearbyQuery, PoiCategory, ProductQuery};

use one_core::{pin_to_one_core, quantile};
use sightline_core::measure::peak_rss_mb;

/// 2026-11-26 10:00 in Hangzhou, when the demo city's shops are open.
const START_MS: i64 = 1_795_658_400_000;
/// Frames of a shelf label: hesitation needs ≥ 1.5 s at 0.5 s per frame.
const LABEL_FRAMES: usize = 5;
/// Places, products and bikes of each kind in the set.
const PER_KIND: usize = 4;
const UNCHANGED_REPEATS: usize = 20;

fn main() -> ExitCode {
    if let Some(code) = pin_to_one_core("glance") {
        return code;
    }
    let outcome = sightline_core::runtime::block_on(run()).map_err(|e| e.to_string());
    match outcome.and_then(|r| r) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("glance bench: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// One thing put before the camera, and where the wearer stands for it.
struct View {
    scene: Scene,
    stand: Option<(sightline_core::geo::GeoPoint, f64)>,
    frames: usize,
}

/// What the frames measured.
#[derive(Default)]
struct Figures {
    with_card_ms: Vec<f64>,
    all_ms: Vec<f64>,
    perception_ms: Vec<f64>,
    unchanged_ms: Vec<f64>,
}

async fn run() -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut config = Config::with_data_dir(dir.path().join("data"));
    config.models_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
    config.perception.load = LoadMode::Eager;
    let clock = Clock::manual(START_MS);
    let companion =
        Companion::start_with_clock(config, clock.clone()).map_err(|e| e.to_string())?;
    let mut outputs = companion.subscribe();
    let glasses = SimGlasses::new(GlassesProfile::default(), Vec::new(), LinkModel::default())
        .map_err(|e| e.to_string())?;
    let target = Target {
        id: "bench".into(),
        name: "bench".into(),
    };
    let link = drivers::start(
        Family::Sightline,
        target,
        glasses.connector(),
        companion.store(),
        None,
    )
    .map_err(|e| e.to_string())?;
    companion
        .attach_glasses(link, "bench")
        .map_err(|e| e.to_string())?;
    wait(&mut outputs, |o| matches!(o, Output::PairingCode { .. })).await?;
    companion
        .confirm_pairing(true)
        .await
        .map_err(|e| e.to_string())?;
    wait(&mut outputs, |o| matches!(o, Output::Glasses { .. })).await?;

    let views = views(&companion).await?;
    let fonts = Fonts::system().map_err(|e| e.to_string())?;
    let mut figures = Figures::default();
    let mut last = Vec::new();
    for view in &views {
        let (image, _) = view.scene.render(&fonts).map_err(|e| e.to_string())?;
        last = jpeg(&image, 85).map_err(|e| e.to_string())?;
        glasses.with_engine(|e| e.set_images(vec![last.clone()]));
        if let Some((point, heading)) = view.stand {
            companion
                .update_location(point, Some(heading), Some(0.0))
                .map_err(|e| e.to_string())?;
        }
        for _ in 0..view.frames {
            clock.advance(500);
            let (glance, perception, cards, unchanged) = frame(&companion, &mut outputs).await?;
            if unchanged {
                figures.unchanged_ms.push(glance);
                continue;
            }
            figures.all_ms.push(glance);
            figures.perception_ms.push(perception);
            if cards > 0 {
                figures.with_card_ms.push(glance);
            }
        }
        clock.advance(120_000);
    }
    glasses.with_engine(|e| e.set_images(vec![last.clone()]));
    for _ in 0..UNCHANGED_REPEATS {
        let (glance, _, _, _) = frame(&companion, &mut outputs).await?;
        figures.unchanged_ms.push(glance);
    }
    print(&figures);
    companion.detach_glasses().await.map_err(|e| e.to_string())
}

/// Asks for one frame and returns (glance-to-card ms, perception ms, cards, unchanged).
async fn frame(
    companion: &Companion,
    outputs: &mut Subscription,
) -> Result<(f64, f64, usize, bool), String> {
    companion.look().await.map_err(|e| e.to_string())?;
    match wait(outputs, |o| {
        matches!(o, Output::Seen { .. } | Output::Problem { .. })
    })
    .await?
    {
        Output::Seen {
            glance_to_card_ms,
            perception_ms,
            cards,
            unchanged,
            ..
        } => Ok((glance_to_card_ms, perception_ms, cards, unchanged)),
        other => Err(format!("a frame failed: {other:?}")),
    }
}

/// The next output satisfying `done`.
async fn wait(
    outputs: &mut Subscription,
    done: impl Fn(&Output) -> bool,
) -> Result<Output, String> {
    tokio::time::timeout(Duration::from_secs(120), async {
        while let Some(output) = outputs.next().await {
            if done(&output) {
                return Ok(output);
            }
        }
        Err("the companion stopped".to_string())
    })
    .await
    .map_err(|_| "no answer within 120 s".to_string())?
}

/// The frames of the run, from the demo city.
async fn views(companion: &Companion) -> Result<Vec<View>, String> {
    let services = companion.services();
    let mut views = Vec::new();
    for category in [
        PoiCategory::Restaurant,
        PoiCategory::Shop,
        PoiCategory::Landmark,
    ] {
        let query = NearbyQuery {
            category: Some(category),
            limit: PER_KIND,
            ..NearbyQuery::around(sightline_core::intent::plan::DEFAULT_LOCATION, 20_000.0)
        };
        let places = services
            .places
            .search_nearby(&query)
            .await
            .map_err(|e| e.to_string())?;
        for found in places {
            let poi = found.poi;
            let zh = poi
                .name_zh
                .split('（')
                .next()
                .unwrap_or_default()
                .to_string();
            let en = poi.name_en.clone().unwrap_or_default();
            let en = en.split(" (").next().unwrap_or_default().to_string();
            let scene = if category == PoiCategory::Landmark {
                layouts::plaque(&zh, &[&en])
            } else {
                layouts::shop_sign(&zh, &en, [200, 30, 40], [255, 255, 255])
            };
            views.push(View {
                scene,
                stand: Some((poi.location.offset(180.0, 15.0), 0.0)),
                frames: 1,
            });
        }
    }
    let query = ProductQuery {
        limit: PER_KIND,
        ..ProductQuery::default()
    };
    for product in services
        .catalog
        .search(&query)
        .await
        .map_err(|e| e.to_string())?
    {
        views.push(View {
            scene: layouts::product_label(
                &product.name_zh,
                &product.name_en,
                &product.list_price.to_string(),
                &product.ean13,
            ),
            stand: None,
            frames: LABEL_FRAMES,
        });
    }
    for n in 1..=PER_KIND {
        let bike_id = format!("HB{n:06}");
        views.push(View {
            scene: layouts::bike_panel(&format!("SLBIKE:{bike_id}"), &bike_id, "扫码开锁"),
            stand: None,
            frames: 1,
        });
    }
    Ok(views)
}

fn print(f: &Figures) {
    let line = |name: &str, values: &[f64]| {
        println!(
            "{name:<34} median {:>7.1} ms  p95 {:>7.1} ms  (n={})",
            quantile(values, 0.5),
            quantile(values, 0.95),
            values.len()
        );
    };
    println!("glance-to-card on one core (frames over the simulated link, real models)");
    line("frames that produced a card", &f.with_card_ms);
    line("every read frame", &f.all_ms);
    line("perception alone (anchor)", &f.perception_ms);
    line("unchanged frame", &f.unchanged_ms);
    println!(
        "glance-to-card ÷ perception (median): {:.2}",
        quantile(&f.all_ms, 0.5) / quantile(&f.perception_ms, 0.5)
    );
    match peak_rss_mb() {
        Some(mb) => println!("peak RSS {mb:.0} MB"),
        None => println!("peak RSS n/a"),
    }
}
