//! `ConfirmationConfig`: how long a shown card's action can be confirmed, and the largest
//! amount a double tap on the glasses may pay (above it the phone asks, with its biometric
//! prompt), and how long after a card is shown a spoken "yes"/"no" answers it. See
//! docs/security.md.

use serde::{Deserialize, Serialize};

use super::ConfigError;
use crate::money::Cny;

/// Longest expiry accepted (s): a confirmation must name a card the wearer just saw.
const MAX_EXPIRY_S: u32 = 600;

/// Longest answer window accepted (s): a spoken "yes" must follow the card it answers.
const MAX_ANSWER_WINDOW_S: u32 = 60;

/// Limits on confirming what a card offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConfirmationConfig {
    /// An armed action expires this many seconds after its card was last shown; confirming
    /// it later re-quotes it (a fresh card) instead of paying (1–600).
    pub expiry_s: u32,
    /// A double tap pays at most this many yuan per confirmation; above it the confirmation
    /// moves to the phone (at least 1).
    pub tap_limit_yuan: u32,
    /// A short spoken answer ("yes", "确认", "cancel", "不要了") confirms or cancels the
    /// displayed card only within this many seconds of it being shown (0: voice never
    /// answers a card; at most 60 and at most `expiry_s`). Voice spends under the same rules
    /// as a tap: the tap limit, and an authenticated link for the glasses' microphone.
    pub answer_window_s: u32,
}

impl Default for ConfirmationConfig {
    fn default() -> Self {
        Self {
            expiry_s: 30,
            tap_limit_yuan: 2_000,
            answer_window_s: 10,
        }
    }
}

impl ConfirmationConfig {
    /// The expiry in milliseconds.
    pub fn expiry_ms(&self) -> i64 {
        i64::from(self.expiry_s) * 1000
    }

    /// The largest amount a tap may pay.
    pub fn tap_limit(&self) -> Cny {
        Cny::yuan(i64::from(self.tap_limit_yuan))
    }

    /// The answer window in milliseconds (0: closed).
    pub fn answer_window_ms(&self) -> i64 {
        i64::from(self.answer_window_s) * 1000
    }

    /// Refuses an expiry of 0 or above 600 s, a tap limit of 0, and an answer window above
    /// 60 s or longer than the expiry.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.expiry_s == 0 || self.expiry_s > MAX_EXPIRY_S {
            return Err(ConfigError::Invalid {
                field: "confirmation.expiry_s".into(),
                reason: format!("must be 1–{MAX_EXPIRY_S} seconds"),
            });
        }
        if self.tap_limit_yuan == 0 {
            return Err(ConfigError::Invalid {
                field: "confirmation.tap_limit_yuan".into(),
                reason: "must be at least 1 (use the phone for every payment with 1)".into(),
            });
        }
        if self.answer_window_s > MAX_ANSWER_WINDOW_S.min(self.expiry_s) {
            return Err(ConfigError::Invalid {
                field: "confirmation.answer_window_s".into(),
                reason: format!(
                    "must be 0–{MAX_ANSWER_WINDOW_S} seconds and no longer than expiry_s"
                ),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_confirmation_limits_are_validated() {
        assert!(ConfirmationConfig::default().validate().is_ok());
        for bad in [
            ConfirmationConfig {
                expiry_s: 0,
                ..Default::default()
            },
            ConfirmationConfig {
                expiry_s: 601,
                ..Default::default()
            },
            ConfirmationConfig {
                tap_limit_yuan: 0,
                ..Default::default()
            },
            ConfirmationConfig {
                answer_window_s: 61,
                expiry_s: 600,
                ..Default::default()
            },
            ConfirmationConfig {
                answer_window_s: 20,
                expiry_s: 15,
                ..Default::default()
            },
        ] {
            assert!(bad.validate().is_err(), "{bad:?}");
        }
        assert_eq!(ConfirmationConfig::default().tap_limit(), Cny::yuan(2_000));
    }
}
