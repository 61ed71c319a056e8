//! Cards as the app sees them: plain records mirroring `sightline_core::card`.

use sightline_core::card as core;
use sightline_core::money::Cny;

/// What a card is about; drives its icon and layout in the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
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
    /// The request was not understood; the lines carry suggestions.
    NotUnderstood,
    /// Anything else worth a line on the display.
    Info,
}

impl From<core::CardKind> for CardKind {
    fn from(k: core::CardKind) -> Self {
        use core::CardKind as K;
        match k {
            K::Guide => Self::Guide,
            K::PriceComparison => Self::PriceComparison,
            K::PlaceInfo => Self::PlaceInfo,
            K::BikeUnlock => Self::BikeUnlock,
            K::StockAnswer => Self::StockAnswer,
            K::Plan => Self::Plan,
            K::Receipt => Self::Receipt,
            K::MerchantPay => Self::MerchantPay,
            K::Translation => Self::Translation,
            K::NotUnderstood => Self::NotUnderstood,
            K::Info => Self::Info,
        }
    }
}

/// An exact amount of Chinese yuan.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Money {
    /// The amount in fen (1/100 yuan), exact.
    pub fen: i64,
    /// The amount formatted for display, e.g. `¥2,186`.
    pub display: String,
}

impl From<Cny> for Money {
    fn from(c: Cny) -> Self {
        Self {
            fen: c.0,
            display: c.to_string(),
        }
    }
}

/// What pressing a card's button does.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum CardActionKind {
    /// Spends money; runs only after `Companion.confirm`.
    Pay {
        /// The full amount that will be charged.
        total: Money,
        /// One line naming everything that is bought.
        summary: String,
    },
    /// Unlocks a physical thing (a shared bike); runs only after `Companion.confirm`.
    Unlock {
        /// What is unlocked, e.g. the bike id.
        target: String,
    },
    /// Shows the longer version of the card.
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
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CardAction {
    /// The id to pass to `Companion.confirm` when the user presses it.
    pub id: String,
    /// Short label for the button.
    pub label: String,
    /// What it does.
    pub kind: CardActionKind,
    /// True when the app must show a confirmation sheet before calling `confirm`
    /// (payments and unlocks).
    pub requires_confirmation: bool,
}

impl From<core::CardAction> for CardAction {
    fn from(a: core::CardAction) -> Self {
        let requires_confirmation = a.requires_confirmation();
        let kind = match a.kind {
            core::ActionKind::Pay { total, summary } => CardActionKind::Pay {
                total: total.into(),
                summary,
            },
            core::ActionKind::Unlock { target } => CardActionKind::Unlock { target },
            core::ActionKind::More => CardActionKind::More,
            core::ActionKind::Navigate { destination } => CardActionKind::Navigate { destination },
            core::ActionKind::Dismiss => CardActionKind::Dismiss,
        };
        Self {
            id: a.id,
            label: a.label,
            kind,
            requires_confirmation,
        }
    }
}

/// One answer for the wearer: what the app shows and the glasses draw and say.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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
    /// Why this card was shown.
    pub reason: String,
    /// The line an app shows under the card: its reason introduced in the card's language
    /// (`Why: …` / `原因：…`, from the catalogue), so the app adds no words of its own.
    pub why: String,
    /// The language its words are in: `zh` or `en`, as `Companion.set_language` returns
    /// (an answer is in the language it was asked in, so not always the phone's).
    pub language: String,
}

impl From<core::Card> for Card {
    fn from(c: core::Card) -> Self {
        Self {
            kind: c.kind.into(),
            title: c.title,
            lines: c.lines,
            speech: c.speech,
            actions: c.actions.into_iter().map(Into::into).collect(),
            why: c
                .language
                .msg("card-why", &[("reason", (&c.reason).into())]),
            reason: c.reason,
            language: c.language.code().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pay_action_keeps_exact_amount_and_needs_confirmation() {
        let card =
            core::Card::new(core::CardKind::Plan, "Harbin", "asked").action(core::CardAction {
                id: "pay-1".into(),
                label: "Confirm".into(),
                kind: core::ActionKind::Pay {
                    total: Cny::fen(218_650),
                    summary: "train + boots".into(),
                },
            });
        let card = Card::from(card);
        let action = &card.actions[0];
        assert!(action.requires_confirmation);
        match &action.kind {
            CardActionKind::Pay { total, .. } => {
                assert_eq!(total.fen, 218_650);
                assert_eq!(total.display, Cny::fen(218_650).to_string());
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
