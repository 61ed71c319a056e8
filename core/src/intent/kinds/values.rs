//! The learned value chooser: for the text slots a wearer usually says word for word (what to
//! buy or order, where to go, deliver to or search near, a cuisine, a shop's name), every span
//! of the request's clause is a candidate beside the rules' own value, each scored by the
//! weights of its slot's label ([`super::Label::Value`], [`VALUE_SLOTS`]) in the learned model's file. Where a
//! span beats the rules' value by more than [`SURE_MARGIN`], its value replaces the rules' or
//! fills the slot the rules left empty; a slot the rules filled is never emptied.
//!
//! Why: of the slot values the rules missed on six parts in new voices, seven in ten were said
//! word for word in the utterance and the rules' frame cut them at the wrong edge (`灵隐寺烧个香`
//! for `灵隐寺`, `mi sunscreen`), or found no frame at all (`Mi waan some jerk chicken`): a
//! ranking of the spans trained on every labelled line learns edges no rule was written for.

use super::super::context::InView;
use super::super::taxonomy::{Intent, SlotValue};
use super::spans::{Candidate, candidates};
use super::value_slots::VALUE_SLOTS;
use super::{KindModel, Label};

/// How much a span must beat the rules' value by to replace it (the perceptron's scores
/// count feature votes; a tie decides nothing). Chosen on r30 to r37, each left out of
/// training in turn, before the parts that measured it were read (docs/intents.md, "The
/// learned value chooser").
const SURE_MARGIN: f32 = 0.5;

/// The value the model is sure of among `candidates`, if it is not the rules' (the candidates
/// marked theirs, see [`candidates`]): the best other one, when it beats the best of theirs by
/// more than [`SURE_MARGIN`].
fn sure_choice(model: &KindModel, label: Label, candidates: &[Candidate]) -> Option<String> {
    let scored: Vec<(f32, &Candidate)> = candidates
        .iter()
        .map(|c| (model.score(&c.features, label), c))
        .collect();
    let rules = scored
        .iter()
        .filter(|(_, c)| c.rules)
        .map(|(s, _)| *s)
        .fold(f32::NEG_INFINITY, f32::max);
    let (best, chosen) = scored.iter().filter(|(_, c)| !c.rules).fold(
        None,
        |best: Option<(f32, &Candidate)>, (s, c)| match best {
            Some((top, _)) if top >= *s => best,
            _ => Some((*s, c)),
        },
    )?;
    (best - rules > SURE_MARGIN)
        .then(|| chosen.value.clone())
        .flatten()
}

/// Reads `intent`'s value slots again with the model: each slot's value becomes the span of
/// `clause` (the text the rules read it from) the model is sure of, where it is not the rules'
/// (`in_view`: what the wearer looks at, which fills a slot left empty).
pub fn choose(model: &KindModel, intent: &mut Intent, clause: &str, in_view: &InView) {
    for (i, slot) in VALUE_SLOTS
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == intent.kind)
    {
        let rules = intent.text(slot.slot).map(str::to_string);
        let candidates = candidates(clause, slot, rules.as_deref(), in_view);
        if let Some(value) = sure_choice(model, Label::Value(i), &candidates)
            && let Some(spec) = intent.kind.slot(slot.slot)
        {
            intent.slots.insert(spec.name, SlotValue::Text(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::features::{key, with_label};
    use super::*;
    use crate::intent::taxonomy::IntentKind;

    /// A model whose one weight is `weight` for `feature` under the label named `label`.
    fn favouring(feature: &str, label: &str, weight: f32) -> KindModel {
        let all = Label::all();
        let index = all.iter().position(|l| l.name() == label).unwrap();
        KindModel::from_pairs(all, [(with_label(key(feature), index), weight)])
    }

    /// A purchase whose item the rules read as `item`, chosen again by `model`.
    fn item_after(model: &KindModel, item: Option<&str>) -> Option<String> {
        let mut intent = Intent::new(IntentKind::ProductBuy);
        if let Some(item) = item {
            intent.fill("item", SlotValue::Text(item.into()));
        }
        choose(model, &mut intent, "帮我买条围巾", &InView::default());
        intent.text("item").map(str::to_string)
    }

    #[test]
    fn a_sure_span_replaces_the_rules_value_and_a_near_tie_does_not() {
        let label = "value:product.buy.item";
        let sure = favouring("s:围 巾", label, 3.0);
        assert_eq!(item_after(&sure, Some("条围巾")).as_deref(), Some("scarf"));
        assert_eq!(item_after(&sure, None).as_deref(), Some("scarf"));
        let unsure = favouring("s:围 巾", label, 0.4);
        assert_eq!(
            item_after(&unsure, Some("条围巾")).as_deref(),
            Some("条围巾")
        );
        let other_slot = favouring("s:围 巾", "value:product.compare.item", 3.0);
        assert_eq!(
            item_after(&other_slot, Some("条围巾")).as_deref(),
            Some("条围巾")
        );
    }

    #[test]
    fn a_slot_the_rules_filled_is_never_emptied() {
        let label = "value:product.buy.item";
        let empty_favoured = favouring("r:none", label, 10.0);
        assert_eq!(
            item_after(&empty_favoured, Some("围巾")).as_deref(),
            Some("围巾")
        );
        assert_eq!(item_after(&empty_favoured, None), None);
    }
}
