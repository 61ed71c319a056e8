//! What the Companion emits: cards for the HUD and the app, confirmation requests, and the
//! proactive cards it held back (with why).

use serde::{Deserialize, Serialize};

use crate::card::Card;
use crate::money::Cny;
use crate::proactive::{RuleId, Suppressed};

/// What made a card appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A proactive rule, from what was in view.
    Proactive(RuleId),
    /// The wearer asked.
    Asked,
    /// The wearer confirmed an action.
    Confirmed,
}

/// One event out of the Companion, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Output {
    /// A card to show: `hud` holds each page's rows as drawn for the glasses' display.
    Card {
        /// The card (its `reason` is also in history).
        card: Card,
        /// Rows of each page for the glasses display.
        hud: Vec<Vec<String>>,
        /// What made it appear.
        trigger: Trigger,
    },
    /// The card just shown carries an action that spends money or unlocks something: nothing
    /// happens until the wearer confirms it with `confirm(action_id)`.
    ConfirmationNeeded {
        /// The action to confirm.
        action_id: String,
        /// One line saying what will happen.
        summary: String,
        /// The amount that will be charged, for payments.
        total: Option<Cny>,
    },
    /// A proactive card was held back.
    Suppressed {
        /// The rule that wanted to show it.
        rule: RuleId,
        /// What it was about.
        subject: String,
        /// Why it was not shown.
        why: Suppressed,
    },
    /// This subscriber fell behind and missed this many outputs.
    Lagged {
        /// How many were dropped.
        missed: u64,
    },
}
