//! A Card is what the wearer sees and hears: one answer, short enough for a glance.
//!
//! Cards are plain data: the planner and the proactive rules make them, the HUD renderer draws
//! them, the store records them in history. An action that spends money or unlocks something
//! always needs the user's explicit confirmation before anything happens.

use serde::{Deserialize, Serialize};

use crate::locale::Language;
use crate::money::Cny;

/// What a card is about; drives its icon/layout in the app and its throttling key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// Narrative about a landmark in view.
    Guide,
    /// Prices across merchants for a product.
    PriceComparison,
    /// Rating, hours, price level of a place.
    PlaceInfo,
    /// A shared bike that can be unlocked.
    BikeUnlock,
    /// Whether a shop has an item.
    StockAnswer,
    /// A plan answering a stated intent (trip, purchase, search).
    Plan,
    /// Result of a confirmed action (order placed, bike unlocked).
    Receipt,
    /// Paying a merchant's payment code in view.
    MerchantPay,
    /// What a sign in view says, in the wearer's language.
    Translation,
    /// The request was not understood; carries suggestions.
    NotUnderstood,
    /// Anything else worth a line on the display.
    Info,
}

/// What pressing an action does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ActionKind {
    /// Spends money: places the orders summarised in `summary` for `total`.
    Pay {
        /// The full amount that will be charged.
        total: Cny,
        /// One line naming everything that is bought.
        summary: String,
    },
    /// Unlocks a physical thing (a shared bike) and may start billing.
    Unlock {
        /// What is unlocked, e.g. the bike id.
        target: String,
    },
    /// Shows the longer version of this card.
    More,
    /// Starts navigation to a place.
    Navigate {
        /// Where to.
        destination: String,
    },
    /// Hides the card.
    Dismiss,
}

/// A button on a card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CardAction {
    /// Stable id the app sends back when the user presses it.
    pub id: String,
    /// Short label for the button.
    pub label: String,
    /// What it does.
    pub kind: ActionKind,
}

impl CardAction {
    /// True for every action that spends money or unlocks something: these run only after
    /// an explicit user confirmation.
    pub fn requires_confirmation(&self) -> bool {
        matches!(
            self.kind,
            ActionKind::Pay { .. } | ActionKind::Unlock { .. }
        )
    }
}

/// One answer for the wearer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// What the card is about.
    pub kind: CardKind,
    /// Headline, a few words.
    pub title: String,
    /// Body lines, most important first.
    pub lines: Vec<String>,
    /// What the glasses say aloud (may be empty).
    pub speech: String,
    /// Buttons; at most one of them spends money.
    pub actions: Vec<CardAction>,
    /// Why this card was shown (kept in history so the user can see why).
    pub reason: String,
    /// The language it is written in: its speech is read, and the HUD's own words (the
    /// pointer to the phone app) are written, in it.
    #[serde(default)]
    pub language: Language,
}

impl Card {
    /// A card with a title and no body yet.
    pub fn new(kind: CardKind, title: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            kind,
            title: title.into(),
            lines: Vec::new(),
            speech: String::new(),
            actions: Vec::new(),
            reason: reason.into(),
            language: Language::En,
        }
    }

    /// Marks the card as written in `language` (every card builder says which).
    pub fn in_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Adds a body line.
    pub fn line(mut self, line: impl Into<String>) -> Self {
        self.lines.push(line.into());
        self
    }

    /// Sets the spoken text.
    pub fn speech(mut self, speech: impl Into<String>) -> Self {
        self.speech = speech.into();
        self
    }

    /// Adds an action.
    pub fn action(mut self, action: CardAction) -> Self {
        self.actions.push(action);
        self
    }

    /// The one action that needs confirmation, if any.
    pub fn confirmation(&self) -> Option<&CardAction> {
        self.actions.iter().find(|a| a.requires_confirmation())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spending_and_unlocking_need_confirmation() {
        let card = Card::new(CardKind::Plan, "Harbin trip", "asked")
            .line("Train G1234")
            .action(CardAction {
                id: "more".into(),
                label: "More".into(),
                kind: ActionKind::More,
            })
            .action(CardAction {
                id: "pay".into(),
                label: "Confirm".into(),
                kind: ActionKind::Pay {
                    total: Cny::yuan(2186),
                    summary: "train + hotel".into(),
                },
            });
        assert_eq!(card.confirmation().map(|a| a.id.as_str()), Some("pay"));
        let unlock = CardAction {
            id: "u".into(),
            label: "Unlock".into(),
            kind: ActionKind::Unlock {
                target: "HZ-1".into(),
            },
        };
        assert!(unlock.requires_confirmation());
        let json = serde_json::to_string(&card).unwrap();
        let back: Card = serde_json::from_str(&json).unwrap();
        assert_eq!(back, card);
    }
}
