//! The preferences the companion reads, and what each may hold: one list, used by
//! `Companion::set_preference` (so the FFI refuses what nothing would read) and by the CLI's
//! `sightline preferences`. A typo is an error, never a setting nothing reads.

use serde_json::{Value, json};

use super::error::CompanionError;
use crate::intent::slots::is_eu_shoe_size;
use crate::notifications::APPS_KEY;
use crate::proactive::{QUIET_KEY, RuleId};
use crate::store::preferences::SHOE_SIZE;

/// Most app ids in the notification allowlist.
const MAX_APPS: usize = 64;
/// Longest app id (an Android package name or an iOS bundle id).
const MAX_APP_ID: usize = 128;

/// What a known preference holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreferenceKind {
    /// An EU shoe size, 30 to 50, whole or half (`shoe_size`).
    ShoeSize,
    /// A switch: `proactive.quiet`, `proactive.<rule>`.
    Switch,
    /// The apps whose notifications reach the glasses (`notifications.apps`): app ids.
    Apps,
}

/// Every key the companion reads.
pub fn known_keys() -> Vec<String> {
    let mut keys = vec![SHOE_SIZE.to_string(), QUIET_KEY.to_string()];
    keys.extend(RuleId::ALL.iter().map(|r| r.preference_key()));
    keys.push(APPS_KEY.to_string());
    keys
}

/// The kind of `key`, or an error naming the keys there are.
pub fn kind_of(key: &str) -> Result<PreferenceKind, CompanionError> {
    if key == SHOE_SIZE {
        Ok(PreferenceKind::ShoeSize)
    } else if key == APPS_KEY {
        Ok(PreferenceKind::Apps)
    } else if key == QUIET_KEY || RuleId::ALL.iter().any(|r| r.preference_key() == key) {
        Ok(PreferenceKind::Switch)
    } else {
        Err(CompanionError::Preference(format!(
            "unknown preference `{}`: the keys are {}",
            key.chars().take(64).collect::<String>(),
            known_keys().join(", ")
        )))
    }
}

/// `value` as `key` stores it (whole shoe sizes as integers), or why it cannot be.
pub fn check_value(key: &str, value: Value) -> Result<Value, CompanionError> {
    let bad = |what: &str| CompanionError::Preference(format!("{key} is {what}"));
    match kind_of(key)? {
        PreferenceKind::ShoeSize => {
            let size = value
                .as_f64()
                .filter(|n| is_eu_shoe_size(*n))
                .ok_or_else(|| bad("an EU shoe size from 30 to 50 (whole or half)"))?;
            Ok(if size.fract() == 0.0 {
                json!(size as i64)
            } else {
                json!(size)
            })
        }
        PreferenceKind::Switch => match value {
            Value::Bool(_) => Ok(value),
            _ => Err(bad("true or false")),
        },
        PreferenceKind::Apps => {
            let apps = value
                .as_array()
                .filter(|apps| apps.len() <= MAX_APPS)
                .ok_or_else(|| bad("a list of at most 64 app ids"))?;
            let valid = apps.iter().all(|a| a.as_str().is_some_and(is_app_id));
            if valid {
                Ok(value)
            } else {
                Err(bad(
                    "a list of app ids (letters, digits, `.`, `_`, `-`; e.g. com.tencent.mm)",
                ))
            }
        }
    }
}

/// `text` (as typed on a command line) as the value `key` holds: a number, `true`/`on` or
/// `false`/`off`, app ids separated by commas (or a JSON list); checked by [`check_value`].
pub fn value_from_text(key: &str, text: &str) -> Result<Value, CompanionError> {
    let text = text.trim();
    let value = match kind_of(key)? {
        PreferenceKind::ShoeSize => text.parse::<f64>().map(|n| json!(n)).unwrap_or(Value::Null),
        PreferenceKind::Switch => match text {
            "true" | "on" => json!(true),
            "false" | "off" => json!(false),
            _ => Value::Null,
        },
        PreferenceKind::Apps if text.starts_with('[') => {
            serde_json::from_str(text).unwrap_or(Value::Null)
        }
        PreferenceKind::Apps => json!(
            text.split(',')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .collect::<Vec<_>>()
        ),
    };
    check_value(key, value)
}

/// An app id: `[A-Za-z0-9._-]`, 1 to 128 characters.
fn is_app_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_APP_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_only_known_preference_keys_with_values_of_their_kind_are_accepted() {
        assert_eq!(value_from_text("shoe_size", "42").unwrap(), json!(42));
        assert_eq!(value_from_text("shoe_size", " 42.5 ").unwrap(), json!(42.5));
        assert_eq!(check_value("shoe_size", json!(42.0)).unwrap(), json!(42));
        assert!(value_from_text("shoe_size", "420").is_err());
        assert!(check_value("shoe_size", json!("42")).is_err());
        assert_eq!(
            value_from_text("proactive.quiet", "on").unwrap(),
            json!(true)
        );
        assert_eq!(
            check_value("proactive.place_front", json!(false)).unwrap(),
            json!(false)
        );
        assert!(check_value("proactive.place_front", json!(1)).is_err());
        assert_eq!(
            value_from_text("notifications.apps", "com.tencent.mm, com.android.mms").unwrap(),
            json!(["com.tencent.mm", "com.android.mms"])
        );
        assert!(check_value("notifications.apps", json!(["ok.app", "bad app\u{202e}"])).is_err());
        assert!(check_value("notifications.apps", json!("com.tencent.mm")).is_err());
        let many: Vec<String> = (0..65).map(|i| format!("app.{i}")).collect();
        assert!(check_value("notifications.apps", json!(many)).is_err());
        for typo in ["shoe-size", "a", "k", "proactive.nothing", ""] {
            let e = check_value(typo, json!(true)).unwrap_err().to_string();
            assert!(
                e.contains("shoe_size") && e.contains("notifications.apps"),
                "{e}"
            );
        }
    }
}
