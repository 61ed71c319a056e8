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

use super::super::clean::MEASURE_WORDS;
use super::super::context::InView;
use super::super::extract::EN_QUALIFIERS;
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

/// Characters that count, measure or point before a Chinese value, or say how it is asked
/// for after it (`点湘菜`, `口把子肉`, `二锅头没`): never a part of the value on their own.
const ASIDE_ZH: &str = "个点些口一两几半这那每的来吗没不呢啊呀吧嘛么伐";

/// English words that count or point before a value (`an umbrella`, `them peach candies`), or
/// say that a shop has it (`stocks biltong`).
const ASIDE_EN: &[&str] = &[
    "a", "an", "the", "them", "some", "any", "one", "us", "me", "stocks", "carries", "sells",
    "has", "have",
];

/// Whether `piece`, said at the edge of a value, is only an aside ([`ASIDE_ZH`], [`ASIDE_EN`])
/// or a word that only qualifies the thing the rules read (`black down jacket`: [`EN_QUALIFIERS`]).
/// Not a measure word's character: many start a name (`节能灯`, `卷发棒`), which the chooser may
/// give back where the rules took it for a measure.
fn only_an_aside(piece: &str) -> bool {
    let piece = piece.trim();
    let mut chars = piece.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_ascii() => ASIDE_ZH.contains(c),
        _ => {
            let piece = piece.to_lowercase();
            ASIDE_EN.contains(&piece.as_str()) || EN_QUALIFIERS.contains(&piece)
        }
    }
}

/// Whether the chooser's `chosen` keeps what the rules read whole in `rules`: refused where it
/// only adds an aside to the rules' value (`口把子肉` for `把子肉`, `an umbrella` for
/// `umbrella`), or cuts off the first character of a Chinese value where that character is no
/// aside nor a measure word the rules left (`山广场` for `吴山广场`; `围巾` for `条围巾` stays). The rules' frame sets those edges from cue words the chooser's
/// features see only as tokens; a cut tail or a value the rules never read stays the chooser's.
fn keeps_the_rules_edges(rules: &str, chosen: &str) -> bool {
    let (rules_lower, chosen_lower) = (rules.to_lowercase(), chosen.to_lowercase());
    if let Some(at) = chosen_lower
        .find(&rules_lower)
        .filter(|_| chosen_lower != rules_lower)
    {
        let (before, after) = (&chosen_lower[..at], &chosen_lower[at + rules_lower.len()..]);
        let mut added = [before, after].into_iter().filter(|p| !p.trim().is_empty());
        return !added.all(only_an_aside);
    }
    match rules_lower.strip_suffix(chosen_lower.as_str()) {
        Some(cut) if cut.chars().count() == 1 && !cut.is_ascii() => {
            only_an_aside(cut) || MEASURE_WORDS.contains(cut)
        }
        _ => true,
    }
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
            && rules
                .as_deref()
                .is_none_or(|r| keeps_the_rules_edges(r, &value))
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
    fn an_aside_is_never_added_to_the_rules_value_nor_a_named_start_cut() {
        for (rules, chosen) in [
            ("把子肉", "口把子肉"),
            ("湘菜", "点湘菜"),
            ("二锅头", "二锅头没"),
            ("umbrella", "an umbrella"),
            ("biltong", "stocks biltong"),
            ("down jacket", "black down jacket"),
            ("peach candies", "them peach candies"),
            ("吴山广场", "山广场"),
        ] {
            assert!(!keeps_the_rules_edges(rules, chosen), "{chosen}");
        }
        for (rules, chosen) in [
            ("条围巾", "围巾"),
            ("灵隐寺烧个香", "灵隐寺"),
            ("noodles", "crossing-the-bridge noodles"),
            ("优衣库", "湖滨优衣库"),
            ("口罩", "口罩"),
            ("us some", "togs"),
        ] {
            assert!(keeps_the_rules_edges(rules, chosen), "{chosen}");
        }
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
