//! The user's switches for proactive help: one per rule and a quiet mode, kept in the
//! preferences table so they survive restarts and the app can show them.

use std::collections::HashMap;

use super::RuleId;
use crate::store::{Store, StoreResult, preferences};

/// Preference key of quiet mode (a JSON bool): no proactive card at all while on.
pub const QUIET_KEY: &str = "proactive.quiet";

/// Which rules are on, and whether quiet mode is on. Every rule is on by default.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Switches {
    off: HashMap<RuleId, bool>,
    /// Quiet mode: proactive cards are held back; answers to questions still come.
    pub quiet: bool,
}

impl Switches {
    /// True when `rule` is switched on.
    pub fn is_on(&self, rule: RuleId) -> bool {
        !self.off.get(&rule).copied().unwrap_or(false)
    }

    /// Switches `rule` on or off (in memory; [`Switches::save`] persists).
    pub fn set(&mut self, rule: RuleId, on: bool) {
        self.off.insert(rule, !on);
    }

    /// Reads the switches from the preferences; a missing or non-bool value means "on"
    /// (and "not quiet").
    pub fn load(store: &Store) -> StoreResult<Switches> {
        store.read(|conn| {
            let mut switches = Switches::default();
            for rule in RuleId::ALL {
                let value = preferences::get(conn, &rule.preference_key())?;
                if let Some(on) = value.and_then(|v| v.as_bool()) {
                    switches.set(rule, on);
                }
            }
            switches.quiet = preferences::get(conn, QUIET_KEY)?
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            Ok(switches)
        })
    }

    /// Writes every switch to the preferences in one transaction.
    pub fn save(&self, store: &Store) -> StoreResult<()> {
        store.write(|tx| {
            for rule in RuleId::ALL {
                preferences::set(tx, &rule.preference_key(), &self.is_on(rule).into())?;
            }
            preferences::set(tx, QUIET_KEY, &self.quiet.into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switches_round_trip_through_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("data").join("s.db")).unwrap();
        let fresh = Switches::load(&store).unwrap();
        assert!(RuleId::ALL.iter().all(|r| fresh.is_on(*r)) && !fresh.quiet);
        let mut s = fresh;
        s.set(RuleId::BikeUnlock, false);
        s.quiet = true;
        s.save(&store).unwrap();
        let back = Switches::load(&Store::open(store.path()).unwrap()).unwrap();
        assert!(!back.is_on(RuleId::BikeUnlock) && back.is_on(RuleId::PlaceFront));
        assert!(back.quiet);
        assert_eq!(RuleId::parse("place_front"), Some(RuleId::PlaceFront));
    }
}
