//! `sightline history` and `sightline forget`: the user's view of what was recorded, and the
//! way to delete it.

use chrono::{Local, NaiveDate, TimeZone};
use clap::Args;
use sightline_core::Config;
use sightline_core::store::{Store, forget, history};

use crate::out::say;

/// Options of `sightline history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Show at most this many entries.
    #[arg(long, default_value_t = 50)]
    limit: usize,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    json: bool,
}

/// Options of `sightline forget`: exactly one scope.
#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct ForgetArgs {
    /// Delete all history.
    #[arg(long)]
    all: bool,
    /// Delete the history of one device.
    #[arg(long)]
    device: Option<String>,
    /// Delete one local day's history (YYYY-MM-DD).
    #[arg(long)]
    day: Option<NaiveDate>,
}

fn open(config: &Config) -> Result<Store, String> {
    Store::open(&config.database_path()).map_err(|e| e.to_string())
}

/// Prints history entries, newest first.
pub fn list(config: &Config, args: &HistoryArgs) -> Result<(), String> {
    let store = open(config)?;
    let entries = store
        .read(|c| history::list(c, &history::Filter::default(), args.limit))
        .map_err(|e| e.to_string())?;
    for e in &entries {
        let at = Local
            .timestamp_millis_opt(e.entry.at)
            .single()
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_else(|| e.entry.at.to_string());
        if args.json {
            say!(
                "{}",
                serde_json::json!({
                    "id": e.id, "at": at, "device": e.entry.device_id, "kind": e.entry.kind,
                    "title": e.entry.title, "reason": e.entry.reason,
                })
            );
        } else {
            say!(
                "{at}  {:<16} {}  — {}",
                e.entry.kind,
                e.entry.title,
                e.entry.reason
            );
        }
    }
    if !args.json {
        say!("{} entries", entries.len());
    }
    Ok(())
}

/// Deletes history in the chosen scope and says how much.
pub fn forget(config: &Config, args: &ForgetArgs) -> Result<(), String> {
    let filter = if args.all {
        history::Filter::default()
    } else if let Some(device) = &args.device {
        history::Filter {
            device_id: Some(device.clone()),
            ..history::Filter::default()
        }
    } else if let Some(day) = args.day {
        let start = day
            .and_hms_opt(0, 0, 0)
            .and_then(|t| Local.from_local_datetime(&t).earliest())
            .ok_or("that day does not exist in the local time zone")?;
        let end = start + chrono::Duration::days(1);
        history::Filter {
            since: Some(start.timestamp_millis()),
            until: Some(end.timestamp_millis()),
            device_id: None,
        }
    } else {
        return Err("say what to forget: --all, --device ID or --day YYYY-MM-DD".into());
    };
    let store = open(config)?;
    let forgotten = forget::purge(&store, &filter).map_err(|e| e.to_string())?;
    say!(
        "forgot {} history entries and {} settled orders with their ledger entries",
        forgotten.history,
        forgotten.orders
    );
    Ok(())
}
