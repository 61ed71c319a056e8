//! The gate every proactive card passes before it is shown, and the reason when it is not.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};

use super::{ProactiveConfig, RuleId, Switches};

/// Why a proactive card was held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Suppressed {
    /// The user switched this rule off.
    SwitchedOff,
    /// Quiet mode is on.
    Quiet,
    /// The wearer is moving fast (cycling, driving).
    MovingFast,
    /// The same card was shown within the repeat window.
    Repeat,
    /// The rate limit for the window is used up.
    RateLimited,
    /// The card offers a spend and the glasses' link is not authenticated: what is in view
    /// may be forged, and so may the tap that would confirm it.
    LinkNotAuthenticated,
}

/// Remembers what was shown when, and decides whether the next proactive card may go out.
#[derive(Debug, Clone)]
pub struct Gate {
    repeat_window_ms: i64,
    max_cards: usize,
    rate_window_ms: i64,
    last_shown: HashMap<(RuleId, String), i64>,
    shown_at: VecDeque<i64>,
}

impl Gate {
    /// A gate with the limits of `config`.
    pub fn new(config: &ProactiveConfig) -> Self {
        let ms = |s: u64| i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX);
        Self {
            repeat_window_ms: ms(config.repeat_window_s),
            max_cards: config.max_cards,
            rate_window_ms: ms(config.rate_window_s),
            last_shown: HashMap::new(),
            shown_at: VecDeque::new(),
        }
    }

    /// Decides about a card from `rule` about `subject` at `now_ms`; when it may be shown it is
    /// counted as shown. Checks, in order: switch, quiet, moving fast, repeat, rate.
    pub fn admit(
        &mut self,
        rule: RuleId,
        subject: &str,
        now_ms: i64,
        switches: &Switches,
        moving_fast: bool,
    ) -> Result<(), Suppressed> {
        if !switches.is_on(rule) {
            return Err(Suppressed::SwitchedOff);
        }
        if switches.quiet {
            return Err(Suppressed::Quiet);
        }
        if moving_fast {
            return Err(Suppressed::MovingFast);
        }
        let key = (rule, subject.to_string());
        if let Some(&at) = self.last_shown.get(&key)
            && now_ms - at < self.repeat_window_ms
        {
            return Err(Suppressed::Repeat);
        }
        let oldest = now_ms - self.rate_window_ms;
        while self.shown_at.front().is_some_and(|&t| t <= oldest) {
            self.shown_at.pop_front();
        }
        if self.shown_at.len() >= self.max_cards {
            return Err(Suppressed::RateLimited);
        }
        self.shown_at.push_back(now_ms);
        let repeat_window = self.repeat_window_ms;
        self.last_shown.retain(|_, at| now_ms - *at < repeat_window);
        self.last_shown.insert(key, now_ms);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gate(max_cards: usize) -> Gate {
        Gate::new(&ProactiveConfig {
            repeat_window_s: 60,
            max_cards,
            rate_window_s: 600,
        })
    }

    #[test]
    fn the_same_card_waits_for_the_repeat_window() {
        let mut g = gate(10);
        let s = Switches::default();
        assert_eq!(g.admit(RuleId::PlaceFront, "shop/a", 0, &s, false), Ok(()));
        assert_eq!(
            g.admit(RuleId::PlaceFront, "shop/a", 59_000, &s, false),
            Err(Suppressed::Repeat)
        );
        assert_eq!(
            g.admit(RuleId::PlaceFront, "shop/b", 59_000, &s, false),
            Ok(())
        );
        assert_eq!(
            g.admit(RuleId::PlaceFront, "shop/a", 60_000, &s, false),
            Ok(())
        );
    }

    #[test]
    fn at_most_n_cards_per_window() {
        let mut g = gate(2);
        let s = Switches::default();
        assert!(g.admit(RuleId::LandmarkGuide, "a", 0, &s, false).is_ok());
        assert!(g.admit(RuleId::LandmarkGuide, "b", 1000, &s, false).is_ok());
        assert_eq!(
            g.admit(RuleId::LandmarkGuide, "c", 2000, &s, false),
            Err(Suppressed::RateLimited)
        );
        assert!(
            g.admit(RuleId::LandmarkGuide, "c", 600_001, &s, false)
                .is_ok()
        );
    }

    #[test]
    fn switches_quiet_and_speed_hold_cards_back_without_counting_them() {
        let mut g = gate(1);
        let mut s = Switches::default();
        s.set(RuleId::BikeUnlock, false);
        assert_eq!(
            g.admit(RuleId::BikeUnlock, "x", 0, &s, false),
            Err(Suppressed::SwitchedOff)
        );
        assert_eq!(
            g.admit(RuleId::PlaceFront, "x", 0, &s, true),
            Err(Suppressed::MovingFast)
        );
        s.quiet = true;
        assert_eq!(
            g.admit(RuleId::PlaceFront, "x", 0, &s, false),
            Err(Suppressed::Quiet)
        );
        s.quiet = false;
        assert_eq!(g.admit(RuleId::PlaceFront, "x", 0, &s, false), Ok(()));
    }
}
