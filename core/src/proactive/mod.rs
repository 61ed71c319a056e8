//! Help before it is asked: rules that turn what is in view plus the context into a card, and
//! the gate every proactive card passes — the rule's own switch, quiet mode, not while moving
//! fast, never the same card twice within a window, at most N cards per window.

pub mod cards;
pub mod gate;
pub mod merchant;
pub mod qr;
pub mod rules;
pub mod switches;

use serde::{Deserialize, Serialize};

pub use gate::{Gate, Suppressed};
pub use rules::{Pending, Proposal, Rules, Sighting};
pub use switches::{QUIET_KEY, Switches};

/// The proactive rules, each with its own user switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    /// Standing before a landmark → a short guide card ("more" gives the long one).
    LandmarkGuide,
    /// Hesitating over a product → prices across merchants, nearby stock, cheapest delivery.
    ProductCompare,
    /// Looking at a restaurant or shop front → rating, price level, hours, top review.
    PlaceFront,
    /// A shared bike's QR code in view → unlock offer with the price.
    BikeUnlock,
    /// "Does this shop have X" → answered from the shop in view.
    ShopQuestion,
    /// A merchant's payment code in view → "Pay <payee>", the amount said or typed.
    MerchantPay,
}

impl RuleId {
    /// Every rule, in a stable order.
    pub const ALL: [RuleId; 6] = [
        RuleId::LandmarkGuide,
        RuleId::ProductCompare,
        RuleId::PlaceFront,
        RuleId::BikeUnlock,
        RuleId::ShopQuestion,
        RuleId::MerchantPay,
    ];

    /// The snake_case name, as in preferences and history reasons.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::LandmarkGuide => "landmark_guide",
            RuleId::ProductCompare => "product_compare",
            RuleId::PlaceFront => "place_front",
            RuleId::BikeUnlock => "bike_unlock",
            RuleId::ShopQuestion => "shop_question",
            RuleId::MerchantPay => "merchant_pay",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(name: &str) -> Option<RuleId> {
        Self::ALL.into_iter().find(|r| r.as_str() == name)
    }

    /// The preference key of this rule's switch: `proactive.<name>` (a JSON bool).
    pub fn preference_key(self) -> String {
        format!("proactive.{}", self.as_str())
    }
}

/// Throttling limits; the `[proactive]` section of the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProactiveConfig {
    /// The same card (rule + subject) is not shown again within this many seconds.
    pub repeat_window_s: u64,
    /// At most this many proactive cards per [`ProactiveConfig::rate_window_s`].
    pub max_cards: usize,
    /// The window of the rate limit, seconds (10 minutes by default).
    pub rate_window_s: u64,
}

impl Default for ProactiveConfig {
    fn default() -> Self {
        Self {
            repeat_window_s: 15 * 60,
            max_cards: 6,
            rate_window_s: 10 * 60,
        }
    }
}

impl ProactiveConfig {
    /// Refuses limits that would silence or flood everything by mistake.
    pub fn validate(&self) -> Result<(), crate::config::ConfigError> {
        if self.rate_window_s == 0 {
            return Err(crate::config::ConfigError::Invalid {
                field: "proactive.rate_window_s".into(),
                reason: "must be at least 1 second".into(),
            });
        }
        Ok(())
    }
}
