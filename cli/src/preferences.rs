//! `sightline preferences`: the companion's preferences (the shoe size the planner buys in,
//! the proactive rules' switches, the notification allowlist) — list them, set one, remove
//! one. Only keys the companion reads are accepted, each with a value of its kind (the core's
//! `companion::preference_keys`, which the FFI uses too), so a typo is an error and not a
//! setting nothing reads.

use clap::{Args, Subcommand};
use serde_json::{Value, json};
use sightline_core::Config;
use sightline_core::companion::preference_keys;
use sightline_core::store::{Store, preferences};

use crate::out::say;

/// Options of `sightline preferences`.
#[derive(Debug, Args)]
pub struct PreferencesArgs {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Every preference that is set, sorted by key.
    List {
        /// Print one JSON object instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Set KEY to VALUE: `shoe_size 42` (EU), `proactive.quiet true`,
    /// `proactive.<rule> false` (landmark_guide, product_compare, place_front, bike_unlock,
    /// shop_question), `notifications.apps com.tencent.mm,com.android.mms`.
    Set {
        /// The preference.
        key: String,
        /// Its value (a number or true/false, as the key needs).
        value: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Remove KEY (back to its default: no shoe size, a rule on, quiet off).
    Remove {
        /// The preference.
        key: String,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// `text` as the value `key` holds, or why it cannot be (the core's one list of keys).
fn value_for(key: &str, text: &str) -> Result<Value, String> {
    preference_keys::value_from_text(key, text).map_err(|e| e.to_string())
}

/// Runs one `sightline preferences` action on the configured database.
pub fn run(config: &Config, args: &PreferencesArgs) -> Result<(), String> {
    let store = Store::open(&config.database_path()).map_err(|e| e.to_string())?;
    match &args.action {
        Action::List { json } => {
            let all = store.read(preferences::list).map_err(|e| e.to_string())?;
            if *json {
                let map: serde_json::Map<String, Value> = all.into_iter().collect();
                say!("{}", Value::Object(map));
            } else {
                for (key, value) in &all {
                    say!("{key} = {value}");
                }
                if all.is_empty() {
                    say!("no preferences set");
                }
            }
        }
        Action::Set { key, value, json } => {
            let value = value_for(key, value)?;
            store
                .write(|tx| preferences::set(tx, key, &value))
                .map_err(|e| e.to_string())?;
            if *json {
                say!("{}", json!({"key": key, "value": value}));
            } else {
                say!("{key} = {value}");
            }
        }
        Action::Remove { key, json } => {
            preference_keys::kind_of(key).map_err(|e| e.to_string())?;
            let removed = store
                .write(|tx| preferences::delete(tx, key))
                .map_err(|e| e.to_string())?;
            if *json {
                say!("{}", json!({"key": key, "removed": removed}));
            } else if removed {
                say!("{key} removed");
            } else {
                say!("{key} was not set");
            }
        }
    }
    Ok(())
}
