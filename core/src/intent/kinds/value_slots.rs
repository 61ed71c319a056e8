//! The text slots the learned value chooser ranks spans for ([`VALUE_SLOTS`]), each with its
//! label in the model's file and the lexicons that name a span canonically, as the rules name
//! it (`灵隐寺` is `Lingyin Temple`).

use super::super::lexicon::{self, CITIES, CUISINES, FOODS, LANDMARKS, Lexicon, PRODUCTS};
use super::super::taxonomy::IntentKind;

/// A text slot the value chooser ranks spans for.
#[derive(Debug)]
pub struct ValueSlot {
    /// The kind of request it belongs to.
    pub kind: IntentKind,
    /// The slot's name.
    pub slot: &'static str,
    /// Its label in the model's file.
    pub label: &'static str,
    /// The lexicons whose surface forms a span is named by canonically (`灵隐寺` is `Lingyin
    /// Temple`, `围巾` a `scarf`), as the rules name them.
    pub lexicons: &'static [Lexicon],
}

const fn value_slot(
    kind: IntentKind,
    slot: &'static str,
    label: &'static str,
    lexicons: &'static [Lexicon],
) -> ValueSlot {
    ValueSlot {
        kind,
        slot,
        label,
        lexicons,
    }
}

/// Every slot the chooser ranks spans for, in label order (their labels sort as listed).
pub const VALUE_SLOTS: [ValueSlot; 13] = [
    value_slot(
        IntentKind::FoodOrder,
        "deliver_to",
        "value:food.order.deliver_to",
        &[],
    ),
    value_slot(IntentKind::FoodOrder, "from", "value:food.order.from", &[]),
    value_slot(
        IntentKind::FoodOrder,
        "item",
        "value:food.order.item",
        &[FOODS],
    ),
    value_slot(
        IntentKind::LandmarkGuide,
        "name",
        "value:landmark.guide.name",
        &[LANDMARKS],
    ),
    value_slot(
        IntentKind::Navigate,
        "destination",
        "value:navigate.destination",
        &[LANDMARKS, CITIES],
    ),
    value_slot(
        IntentKind::PlaceFind,
        "cuisine",
        "value:place.find.cuisine",
        &[CUISINES],
    ),
    value_slot(
        IntentKind::PlaceFind,
        "near",
        "value:place.find.near",
        &[LANDMARKS],
    ),
    value_slot(IntentKind::PlaceInfo, "name", "value:place.info.name", &[]),
    value_slot(
        IntentKind::ProductBuy,
        "item",
        "value:product.buy.item",
        &[PRODUCTS],
    ),
    value_slot(
        IntentKind::ProductCompare,
        "item",
        "value:product.compare.item",
        &[PRODUCTS],
    ),
    value_slot(
        IntentKind::ProductStock,
        "item",
        "value:product.stock.item",
        &[PRODUCTS],
    ),
    value_slot(
        IntentKind::ProductStock,
        "store",
        "value:product.stock.store",
        &[],
    ),
    value_slot(
        IntentKind::TripPlan,
        "destination",
        "value:trip.plan.destination",
        &[CITIES],
    ),
];

/// The value a span of a clause gives `slot`: the canonical name of a lexicon entry it is
/// exactly a surface form of, else the span as said.
pub fn value_of(span: &str, slot: &ValueSlot) -> String {
    slot.lexicons
        .iter()
        .find_map(|lex| {
            lexicon::find_first(span, lex)
                .filter(|m| m.start == 0 && m.end == span.len())
                .map(|m| m.canonical.to_string())
        })
        .unwrap_or_else(|| span.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_labels_are_in_name_order_and_name_slots_of_their_kind() {
        assert!(VALUE_SLOTS.windows(2).all(|w| w[0].label < w[1].label));
        for s in &VALUE_SLOTS {
            assert_eq!(s.label, format!("value:{}.{}", s.kind.as_str(), s.slot));
            assert!(s.kind.slot(s.slot).is_some(), "{}", s.label);
        }
    }

    #[test]
    fn a_span_is_named_as_its_lexicon_names_it() {
        let find = |label: &str| VALUE_SLOTS.iter().find(|s| s.label == label).unwrap();
        let navigate = find("value:navigate.destination");
        assert_eq!(value_of("灵隐寺", navigate), "Lingyin Temple");
        assert_eq!(value_of("灵隐寺烧个香", navigate), "灵隐寺烧个香");
        assert_eq!(value_of("邵逸夫医院", navigate), "邵逸夫医院");
        assert_eq!(
            value_of("jerk chicken", find("value:place.find.cuisine")),
            "jerk chicken"
        );
    }
}
