//! One card from the sections: their lines in order, the follow-up questions, and one `Pay`
//! action covering every order; and the card for a request that was not understood.

use super::section::Section;
use super::{Interactions, Plan};
use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::intent::taxonomy::{Intent, IntentKind};
use crate::locale::{Language, spoken_price};
use crate::money::Cny;

/// The card's kind: the one intent's own kind, a plan for several.
fn card_kind(intents: &[Intent]) -> CardKind {
    match intents {
        [one] => match one.kind {
            IntentKind::ProductCompare => CardKind::PriceComparison,
            IntentKind::PlaceInfo => CardKind::PlaceInfo,
            IntentKind::BikeUnlock => CardKind::BikeUnlock,
            IntentKind::ProductStock => CardKind::StockAnswer,
            IntentKind::LandmarkGuide => CardKind::Guide,
            _ => CardKind::Plan,
        },
        _ => CardKind::Plan,
    }
}

/// One card from the sections, in `language`: lines in order, one Pay action for every
/// order.
pub(super) fn assemble(
    intents: &[Intent],
    sections: Vec<Section>,
    plan_id: &str,
    language: Language,
) -> Plan {
    let title = sections
        .iter()
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    let asked = intents
        .iter()
        .map(|i| super::section_title(i.kind, language))
        .collect::<Vec<_>>()
        .join(&language.msg("list-separator", &[]));
    let reason = language.msg("plan-reason", &[("asked", asked.into())]);
    let mut card = Card::new(card_kind(intents), title, reason).in_language(language);
    let mut orders = Vec::new();
    let mut speech = Vec::new();
    let mut follow_ups = 0;
    for s in sections {
        card.lines.extend(s.lines);
        for q in &s.follow_ups {
            card.lines.push(format!("? {q}"));
        }
        follow_ups += s.follow_ups.len() as u32;
        if !s.speech.is_empty() {
            speech.push(s.speech);
        }
        orders.extend(s.orders);
        for action in s.actions {
            if !card.actions.iter().any(|a| a.id == action.id) {
                card.actions.push(action);
            }
        }
    }
    let mut confirmations = u32::from(card.actions.iter().any(CardAction::requires_confirmation));
    if !orders.is_empty() {
        let total: Cny = orders.iter().map(|o| o.amount).sum();
        let summary = orders
            .iter()
            .map(|o| o.description.as_str())
            .collect::<Vec<_>>()
            .join(" + ");
        let shown = total.to_string();
        card.lines
            .push(language.msg("plan-total", &[("total", (&shown).into())]));
        speech.push(language.msg(
            "plan-confirm-speech",
            &[
                ("summary", (&summary).into()),
                ("total", spoken_price(language, total).into()),
            ],
        ));
        card.actions.insert(
            0,
            CardAction {
                id: format!("{plan_id}/pay"),
                label: language.msg("action-confirm", &[("total", shown.into())]),
                kind: ActionKind::Pay { total, summary },
            },
        );
        confirmations = card
            .actions
            .iter()
            .filter(|a| a.requires_confirmation())
            .count() as u32;
    }
    card.speech = speech.join(&language.msg("sentence-separator", &[]));
    card.actions.push(CardAction {
        id: "dismiss".into(),
        label: language.msg("action-dismiss", &[]),
        kind: ActionKind::Dismiss,
    });
    Plan {
        card,
        orders,
        interactions: Interactions {
            utterances: 1,
            confirmations,
            follow_ups,
        },
    }
}

/// The card for a request that was not understood, in `language`: the closest things to
/// say instead.
pub fn not_understood(suggestions: &[String], language: Language) -> Plan {
    let mut card = Card::new(
        CardKind::NotUnderstood,
        language.msg("not-understood-title", &[]),
        language.msg("not-understood-reason", &[]),
    )
    .in_language(language);
    for s in suggestions {
        card.lines
            .push(language.msg("not-understood-try", &[("suggestion", s.into())]));
    }
    card.speech = match suggestions.first() {
        Some(s) => language.msg("not-understood-speech-try", &[("suggestion", s.into())]),
        None => language.msg("not-understood-speech", &[]),
    };
    Plan {
        card,
        orders: Vec::new(),
        interactions: Interactions {
            utterances: 1,
            confirmations: 0,
            follow_ups: 0,
        },
    }
}
