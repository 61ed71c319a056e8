//! `sightline preferences`: the companion's preferences (the shoe size the planner buys in,
//! the proactive rules' switches) — list them, set one, remove one. Only keys the companion
//! reads are accepted, each with a value of its kind, so a typo is an error and not a
//! setting nothing reads.

use clap::{Args, Subcommand};
use serde_json::{Value, json};
use sightline_core::Config;
use sightline_core::intent::slots::is_eu_shoe_size;
use sightline_core::proactive::{QUIET_KEY, RuleId};
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
    /// shop_question).
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

/// What a known key holds.
enum Kind {
    /// An EU shoe size (30 to 50, whole or half).
    ShoeSize,
    /// A switch.
    Switch,
}

/// The kind of `key`, or an error naming the keys there are.
fn kind_of(key: &str) -> Result<Kind, String> {
    if key == preferences::SHOE_SIZE {
        return Ok(Kind::ShoeSize);
    }
    if key == QUIET_KEY || RuleId::ALL.iter().any(|r| r.preference_key() == key) {
        return Ok(Kind::Switch);
    }
    let switches: Vec<String> = RuleId::ALL.iter().map(|r| r.preference_key()).collect();
    Err(format!(
        "unknown preference `{key}`: the keys are {}, {QUIET_KEY} and {}",
        preferences::SHOE_SIZE,
        switches.join(", ")
    ))
}

/// `text` as the value `key` holds, or why it cannot be.
fn value_for(key: &str, text: &str) -> Result<Value, String> {
    let text = text.trim();
    match kind_of(key)? {
        Kind::ShoeSize => {
            let size: f64 = text
                .parse()
                .ok()
                .filter(|n| is_eu_shoe_size(*n))
                .ok_or_else(|| {
                    format!("{key} is an EU shoe size from 30 to 50 (whole or half), not `{text}`")
                })?;
            // Whole sizes are stored as integers (`42`, not `42.0`).
            Ok(if size.fract() == 0.0 {
                json!(size as i64)
            } else {
                json!(size)
            })
        }
        Kind::Switch => match text {
            "true" | "on" => Ok(json!(true)),
            "false" | "off" => Ok(json!(false)),
            _ => Err(format!("{key} is true or false, not `{text}`")),
        },
    }
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
            kind_of(key)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked_against_their_key() {
        assert_eq!(value_for("shoe_size", "42").unwrap(), json!(42));
        assert_eq!(value_for("shoe_size", " 42.5 ").unwrap(), json!(42.5));
        assert!(value_for("shoe_size", "420").is_err());
        assert!(value_for("shoe_size", "big").is_err());
        assert_eq!(value_for("proactive.quiet", "on").unwrap(), json!(true));
        assert_eq!(
            value_for("proactive.place_front", "false").unwrap(),
            json!(false)
        );
        assert!(value_for("proactive.place_front", "1").is_err());
        let typo = value_for("shoe-size", "42").unwrap_err();
        assert!(typo.contains("shoe_size"), "{typo}");
    }
}
