//! Benchmark: parse + plan + card on the embedded providers, one core (a current-thread
//! runtime), with the learned kind classifier and value chooser as shipped
//! (`models/intent-kinds.bin`, made by `cargo xtask models`). Target: ≤ 20 ms median, ≤ 50 ms
//! p99. Prints medians of several rounds — the rules alone, the rules with the learned model,
//! the whole request — the model's load time, and the ratio against an anchor (SHA-256 of 1 MiB) timed in the same
//! run, so figures from different machines can be compared.
//!
//! `cargo bench -p sightline-core --bench intent`

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sightline_core::intent::kinds::KindModel;
use sightline_core::intent::{AskContext, Planner, ask, parse, parse_with};
use sightline_core::services::Services;
use std::hint::black_box;
use std::time::Instant;

const UTTERANCES: &[&str] = &[
    "帮我规划下周五去哈尔滨的行程，顺便买双42码的雪地靴",
    "plan my trip to Harbin next week and get me snow boots before I leave",
    "附近有什么好吃的",
    "find a cafe nearby that is open now",
    "买两双四十二码的雪地靴，不超过500块",
    "介绍一下雷峰塔",
    "去断桥怎么走",
    "compare prices for snow boots",
    "book a train to Shanghai tomorrow for 2 people",
    "今天天气怎么样",
];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn anchor_ms() -> f64 {
    let data = vec![7u8; 1 << 20];
    let start = Instant::now();
    black_box(Sha256::digest(black_box(&data)));
    start.elapsed().as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let services = Services::embedded(dir.path())?;
    let planner = Planner::new(services);
    let now = DateTime::parse_from_rfc3339("2026-11-26T10:00:00+08:00")?.with_timezone(&Utc);
    let ctx = AskContext::at(now);
    let models = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../models");
    let loading = Instant::now();
    let kinds = KindModel::load(&models)?;
    let load_ms = loading.elapsed().as_secs_f64() * 1e3;
    let kinds = Some(&kinds);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Warm up: SQLite page cache, prepared statements.
    for u in UTTERANCES {
        runtime.block_on(ask(u, &ctx, &planner, None, kinds));
    }
    let rounds = 5;
    let per_round = 20;
    let (mut medians, mut p99s, mut parse_medians, mut learned_medians, mut anchors) =
        (vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        let (mut all, mut parse_only, mut learned) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..per_round {
            for u in UTTERANCES {
                let start = Instant::now();
                black_box(parse(u, &ctx));
                parse_only.push(start.elapsed().as_secs_f64() * 1e3);
                let start = Instant::now();
                black_box(parse_with(u, &ctx, kinds));
                learned.push(start.elapsed().as_secs_f64() * 1e3);
                let start = Instant::now();
                black_box(runtime.block_on(ask(u, &ctx, &planner, None, kinds)));
                all.push(start.elapsed().as_secs_f64() * 1e3);
            }
        }
        for v in [&mut all, &mut parse_only, &mut learned] {
            v.sort_by(f64::total_cmp);
        }
        medians.push(percentile(&all, 0.5));
        p99s.push(percentile(&all, 0.99));
        parse_medians.push(percentile(&parse_only, 0.5));
        learned_medians.push(percentile(&learned, 0.5));
        let mut a: Vec<f64> = (0..5).map(|_| anchor_ms()).collect();
        a.sort_by(f64::total_cmp);
        anchors.push(a[2]);
    }
    for v in [
        &mut medians,
        &mut p99s,
        &mut parse_medians,
        &mut learned_medians,
        &mut anchors,
    ] {
        v.sort_by(f64::total_cmp);
    }
    let mid = rounds / 2;
    let (median, p99, parse_median, learned_median, anchor) = (
        medians[mid],
        p99s[mid],
        parse_medians[mid],
        learned_medians[mid],
        anchors[mid],
    );
    println!(
        "intent bench: {} requests per round, {rounds} rounds, one core",
        per_round * UTTERANCES.len()
    );
    println!("  learned model load    {load_ms:.1} ms (once, at start)");
    println!("  parse, rules alone    median {parse_median:.3} ms");
    println!("  parse + learned model median {learned_median:.3} ms (kinds and values)");
    println!(
        "  parse + plan + card   median {median:.3} ms (target ≤ 20), p99 {p99:.3} ms (target ≤ 50)"
    );
    println!(
        "  anchor sha256(1 MiB)  median {anchor:.3} ms; ask/anchor = {:.2}",
        median / anchor
    );
    println!(
        "  verdict: {}",
        if median <= 20.0 && p99 <= 50.0 {
            "within target"
        } else {
            "OVER target"
        }
    );
    Ok(())
}
