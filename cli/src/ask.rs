//! `sightline ask "<utterance>"`: one request through the parser (or the configured LLM,
//! falling back to the parser) and the planner on the configured providers (`[providers]`),
//! printed as a card for people or as one JSON object, and recorded in history like a card
//! shown on the glasses.

use chrono::{DateTime, Utc};
use clap::Args;
use sightline_core::Config;
use sightline_core::geo::GeoPoint;
use sightline_core::intent::kinds::KindModel;
use sightline_core::intent::llm::{LlmPlanner, Source};
use sightline_core::intent::{AskContext, Planner, understand};
use sightline_core::locale::Language;
use sightline_core::services::Services;
use sightline_core::store::history::{self, NewEntry};
use sightline_core::store::{Store, preferences};

use crate::out::say;

/// Options of `sightline ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// What the wearer said, Chinese or English.
    #[arg(required_unless_present = "audio")]
    utterance: Option<String>,
    /// Hear what the wearer said from a WAV or FLAC file instead (see `sightline hear`).
    #[arg(long, conflicts_with = "utterance")]
    audio: Option<std::path::PathBuf>,
    /// Print one JSON object instead of the card.
    #[arg(long)]
    json: bool,
    /// Where the wearer is, `LAT,LON` in degrees.
    #[arg(long, value_parser = parse_point)]
    at: Option<GeoPoint>,
    /// The current time, RFC 3339 (default: now); dates are resolved in Asia/Shanghai.
    #[arg(long, value_parser = parse_now)]
    now: Option<DateTime<Utc>>,
    /// Answer in this language, `zh` or `en` (default: the language asked in).
    #[arg(long, value_parser = crate::lang::parse)]
    lang: Option<Language>,
}

fn parse_point(text: &str) -> Result<GeoPoint, String> {
    let (lat, lon) = text
        .split_once(',')
        .ok_or_else(|| "expected LAT,LON".to_string())?;
    let point = GeoPoint::new(
        lat.trim()
            .parse()
            .map_err(|_| format!("bad latitude `{lat}`"))?,
        lon.trim()
            .parse()
            .map_err(|_| format!("bad longitude `{lon}`"))?,
    );
    point
        .is_valid()
        .then_some(point)
        .ok_or_else(|| format!("`{text}` is not a position on Earth"))
}

fn parse_now(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("expected an RFC 3339 time like 2026-11-26T10:00:00+08:00: {e}"))
}

/// Runs one request, records its card in history and prints the answer.
pub fn run(config: &Config, args: &AskArgs) -> Result<(), String> {
    let utterance = match (&args.utterance, &args.audio) {
        (Some(text), _) => text.clone(),
        (None, Some(path)) => {
            let heard = crate::hear::transcribe(config, path)?;
            eprintln!("heard: {}", heard.text);
            heard.text
        }
        (None, None) => return Err("say what to ask, or give --audio FILE".into()),
    };
    if utterance.trim().is_empty() {
        return Err("say what you want: the request is empty".into());
    }
    let now = args.now.unwrap_or_else(Utc::now);
    let mut ctx = AskContext::at(now);
    ctx.location = args.at;
    let store = Store::open(&config.database_path()).map_err(|e| e.to_string())?;
    ctx.preferences.shoe_size = store
        .read(preferences::shoe_size)
        .map_err(|e| e.to_string())?;
    let services = Services::from_config(config).map_err(|e| e.to_string())?;
    let planner = Planner::new(services);
    let llm = if config.llm.enabled {
        Some(LlmPlanner::new(config.llm.clone()).map_err(|e| e.to_string())?)
    } else {
        None
    };
    let kinds = KindModel::load_or_warn(&config.models_dir);
    let answer = sightline_core::runtime::block_on(async {
        let understood = understand(&utterance, &ctx, llm.as_ref(), kinds.as_ref()).await;
        let understood = match args.lang {
            Some(language) => understood.in_language(language),
            None => understood,
        };
        understood.plan(&ctx, &planner).await
    })
    .map_err(|e| e.to_string())?;
    // What was shown, and why: a card answered here belongs in history like one on the glasses.
    let entry = NewEntry::shown(&answer.plan.card, now.timestamp_millis(), None);
    store
        .write(|tx| history::record(tx, &entry))
        .map_err(|e| e.to_string())?;
    if args.json {
        say!("{}", answer.to_json());
        return Ok(());
    }
    let card = &answer.plan.card;
    say!("{}", card.title);
    for line in &card.lines {
        say!("  {line}");
    }
    for action in &card.actions {
        say!("  [{}]", action.label);
    }
    if let Source::Fallback(reason) = &answer.source {
        say!("  (the LLM did not answer: {reason}; understood on this device instead)");
    }
    let interactions = answer.plan.interactions.total();
    say!(
        "({interactions} interaction{}, {:.1} ms)",
        if interactions == 1 { "" } else { "s" },
        answer.timings.total_ms
    );
    Ok(())
}
