//! Benchmark of the embedded provider over a generated city 100× the demo city (≈30,000
//! POIs, ≈50,000 products): POI search near a point, product text search, offers for a
//! barcode. One core (a current-thread runtime), warm (each query set runs once before it
//! is timed). Each figure is the median of 5 runs' medians; each is compared with an anchor
//! measured in the same run: the same question answered by a plain table scan, which is what
//! SQLite does without the R*Tree/FTS5/unique indexes.
//!
//! `cargo bench -p sightline-core --bench services`

use chrono::{TimeZone, Utc};
use rusqlite::Connection;
use sightline_core::geo::GeoPoint;
use sightline_core::services::local::{DemoCity, demo_ean13};
use sightline_core::services::{Catalog, DeliveryTo, NearbyQuery, Places, ProductQuery};
use std::time::Instant;

const SCALE: u32 = 100;
const RUNS: usize = 5;
const QUERIES: usize = 200;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Median over `RUNS` runs of the per-run median time (ms) of `f` over `inputs`.
fn measure<T>(inputs: &[T], mut f: impl FnMut(&T)) -> f64 {
    for input in inputs {
        f(input); // warm
    }
    let runs: Vec<f64> = (0..RUNS)
        .map(|_| {
            median(
                inputs
                    .iter()
                    .map(|input| {
                        let t = Instant::now();
                        f(input);
                        t.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect(),
            )
        })
        .collect();
    median(runs)
}

fn report(name: &str, ours: f64, anchor: f64, target_ms: f64) {
    println!(
        "{name:<28} median {ours:>8.3} ms   anchor (table scan) {anchor:>8.3} ms   speed-up {:>6.1}×   target ≤ {target_ms} ms: {}",
        anchor / ours,
        if ours <= target_ms { "met" } else { "MISSED" }
    );
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::temp_dir().join(format!("sightline-bench-city-x{SCALE}.db"));
    let started = Instant::now();
    let city = DemoCity::open_scaled(&path, SCALE)?;
    let counts = city.counts();
    println!(
        "city ×{SCALE}: {} POIs, {} products, {} offers ({:.1} s to open/build, {})",
        counts.pois,
        counts.products,
        counts.offers,
        started.elapsed().as_secs_f64(),
        path.display()
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let raw = Connection::open(&path)?;

    // Points spread over the populated grid (the areas of every copy).
    let centers: Vec<GeoPoint> = {
        let mut stmt = raw.prepare("SELECT lat, lon FROM poi WHERE id % ?1 = 0")?;
        let step = (counts.pois / QUERIES).max(1) as i64;
        stmt.query_map([step], |r| Ok(GeoPoint::new(r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?
    };
    let mut hits = 0usize;
    let ours = measure(&centers, |c| {
        let q = NearbyQuery::around(*c, 500.0);
        hits += rt
            .block_on(city.search_nearby(&q))
            .map(|h| h.len())
            .unwrap_or(0);
    });
    let mut scan = raw.prepare(
        "SELECT key, lat, lon FROM poi WHERE lat BETWEEN ?1 AND ?2 AND lon BETWEEN ?3 AND ?4",
    )?;
    let anchor = measure(&centers, |c| {
        let d = 500.0 / 111_320.0;
        let e = d / c.lat.to_radians().cos();
        let rows: Vec<(String, f64, f64)> = scan
            .query_map([c.lat - d, c.lat + d, c.lon - e, c.lon + e], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map(|rows| rows.filter_map(Result::ok).collect())
            .unwrap_or_default();
        std::hint::black_box(rows);
    });
    report("POI search near a point", ours, anchor, 5.0);
    println!(
        "  ({} queries, 500 m radius, limit 20: {:.1} POIs returned per query)",
        centers.len(),
        hits as f64 / ((RUNS + 1) * centers.len()) as f64
    );

    let words = [
        "snow boots",
        "雪地靴",
        "running shoes",
        "power bank",
        "soda",
        "green tea",
        "李宁",
        "potato chips",
        "silk scarf",
        "bluetooth speaker",
        "Anta hiking",
        "矿泉水",
    ];
    let keywords: Vec<String> = (0..QUERIES)
        .map(|i| words[i % words.len()].to_string())
        .collect();
    let ours = measure(&keywords, |k| {
        let q = ProductQuery {
            keyword: Some(k.clone()),
            ..ProductQuery::default()
        };
        std::hint::black_box(rt.block_on(city.search(&q)).map(|p| p.len()).unwrap_or(0));
    });
    let mut like = raw.prepare(
        "SELECT key FROM product WHERE name_en LIKE ?1 OR name_zh LIKE ?1 ORDER BY best_price_fen LIMIT 20",
    )?;
    let anchor = measure(&keywords, |k| {
        let pattern = format!("%{}%", k.split(' ').next().unwrap_or(k));
        let rows: Vec<String> = like
            .query_map([pattern], |r| r.get(0))
            .map(|rows| rows.filter_map(Result::ok).collect())
            .unwrap_or_default();
        std::hint::black_box(rows);
    });
    report("product text search", ours, anchor, 5.0);

    // Real barcodes spread over the whole catalog, plus one in ten that is unknown.
    let codes: Vec<String> = {
        let step = (counts.products / QUERIES).max(1) as i64;
        let mut stmt = raw.prepare("SELECT ean13 FROM product WHERE id % ?1 = 0")?;
        let known: Vec<String> = stmt
            .query_map([step], |r| r.get(0))?
            .collect::<Result<Vec<_>, _>>()?;
        known
            .into_iter()
            .enumerate()
            .map(|(i, code)| {
                if i % 10 == 9 {
                    demo_ean13(99_999, i)
                } else {
                    code
                }
            })
            .collect()
    };
    let to = DeliveryTo {
        location: GeoPoint::new(30.2588, 120.1640),
        ordered_at: Utc
            .with_ymd_and_hms(2026, 11, 26, 8, 0, 0)
            .single()
            .ok_or("date")?,
    };
    let mut found = 0usize;
    let ours = measure(&codes, |code| {
        let offers = rt.block_on(async {
            let product = city.by_barcode(code).await?;
            city.offers(&product.id, &to).await
        });
        found += offers.map(|o| usize::from(!o.is_empty())).unwrap_or(0);
    });
    let mut unindexed = raw.prepare(
        "SELECT o.price_fen, o.stock FROM product p JOIN offer o ON o.product_id = p.id
         WHERE p.ean13 || '' = ?1",
    )?;
    let anchor = measure(&codes, |code| {
        let rows: Vec<(i64, i64)> = unindexed
            .query_map([code], |r| Ok((r.get(0)?, r.get(1)?)))
            .map(|rows| rows.filter_map(Result::ok).collect())
            .unwrap_or_default();
        std::hint::black_box(rows);
    });
    report("offers for a barcode", ours, anchor, 2.0);
    println!(
        "  ({} of {} barcodes found with offers)",
        found / (RUNS + 1),
        codes.len()
    );
    Ok(())
}
