//! The fixed taxonomy of intents: which kinds exist, which slots each one takes, and what type
//! every slot value has. The on-device parser fills it, the LLM path is validated against it,
//! the planner consumes it; `docs/intents.md` documents the same table.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

use crate::money::Cny;

/// What the wearer wants done. The string form (`trip.plan`) is the stable name used in JSON,
/// in LLM tool names (with `_` for `.`) and in the docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IntentKind {
    /// Plan a trip: transport + hotel for dates.
    TripPlan,
    /// Buy a product, delivered.
    ProductBuy,
    /// Compare a product's prices across merchants.
    ProductCompare,
    /// Ask whether a shop has a product.
    ProductStock,
    /// Find a place by category near somewhere.
    PlaceFind,
    /// Facts about one place (rating, hours, reviews).
    PlaceInfo,
    /// Unlock a shared bike.
    BikeUnlock,
    /// Hear about a landmark.
    LandmarkGuide,
    /// Order food for delivery.
    FoodOrder,
    /// Get directions somewhere.
    Navigate,
    /// Say what the sign (menu, label) in view says, in the wearer's language.
    SignTranslate,
}

/// The type of a slot's value, which decides how it is normalised and validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotType {
    /// Free text (an item, a name).
    Text,
    /// A city, normalised to its English name.
    City,
    /// A calendar date, ISO `YYYY-MM-DD`.
    Date,
    /// A positive whole number (travelers, nights, quantity).
    Count,
    /// An amount of money in CNY.
    Money,
    /// A shoe size in EU numbers (36–50, halves allowed).
    ShoeSize,
    /// A distance in metres.
    Meters,
    /// Yes or no.
    Flag,
    /// One of a closed set of words.
    Choice(&'static [&'static str]),
}

/// One slot of an intent kind.
#[derive(Debug, Clone, Copy)]
pub struct SlotSpec {
    /// Slot name as used in JSON.
    pub name: &'static str,
    /// Its value type.
    pub ty: SlotType,
    /// What it means (docs and LLM tool descriptions).
    pub description: &'static str,
}

/// An intent kind with its slots.
#[derive(Debug, Clone, Copy)]
pub struct KindSpec {
    /// The kind.
    pub kind: IntentKind,
    /// What it is for (docs and LLM tool descriptions).
    pub description: &'static str,
    /// The slots it takes; none is mandatory at parse time (defaults come from context).
    pub slots: &'static [SlotSpec],
}

const fn slot(name: &'static str, ty: SlotType, description: &'static str) -> SlotSpec {
    SlotSpec {
        name,
        ty,
        description,
    }
}

/// Modes of travel for `navigate.mode`.
pub const TRAVEL_MODES: &[&str] = &["walk", "bike", "drive", "transit", "taxi"];
/// Languages a sign is put into for `sign.translate.language`.
pub const TRANSLATE_LANGUAGES: &[&str] = &["zh", "en"];
/// Lengths of a guide for `landmark.guide.length`.
pub const GUIDE_LENGTHS: &[&str] = &["short", "long"];

/// The whole taxonomy, one entry per kind, in [`IntentKind::ALL`] order.
pub const TAXONOMY: &[KindSpec] = &[
    KindSpec {
        kind: IntentKind::TripPlan,
        description: "Plan a trip to another city: train or flight plus hotel for the dates.",
        slots: &[
            slot("destination", SlotType::City, "city to travel to"),
            slot(
                "origin",
                SlotType::City,
                "city to leave from (default: current city)",
            ),
            slot("depart_date", SlotType::Date, "day of departure"),
            slot("return_date", SlotType::Date, "day of return"),
            slot("nights", SlotType::Count, "nights to stay"),
            slot("travelers", SlotType::Count, "number of people"),
            slot(
                "budget",
                SlotType::Money,
                "most to spend on the whole trip, CNY",
            ),
        ],
    },
    KindSpec {
        kind: IntentKind::ProductBuy,
        description: "Buy a product and have it delivered.",
        slots: &[
            slot("item", SlotType::Text, "what to buy"),
            slot(
                "size",
                SlotType::ShoeSize,
                "shoe size, EU (default: from preferences)",
            ),
            slot("quantity", SlotType::Count, "how many"),
            slot("max_price", SlotType::Money, "most to pay per item, CNY"),
            slot("deliver_by", SlotType::Date, "latest delivery day"),
        ],
    },
    KindSpec {
        kind: IntentKind::ProductCompare,
        description: "Compare a product's prices across merchants.",
        slots: &[
            slot("item", SlotType::Text, "product name"),
            slot(
                "barcode",
                SlotType::Text,
                "EAN-13/UPC (default: the product in view)",
            ),
        ],
    },
    KindSpec {
        kind: IntentKind::ProductStock,
        description: "Ask whether a shop has a product in stock.",
        slots: &[
            slot("item", SlotType::Text, "product name"),
            slot(
                "store",
                SlotType::Text,
                "shop (default: the shop in view or nearest)",
            ),
        ],
    },
    KindSpec {
        kind: IntentKind::PlaceFind,
        description: "Find places of a category near somewhere.",
        slots: &[
            slot(
                "category",
                SlotType::Text,
                "kind of place, English (restaurant, cafe…)",
            ),
            slot("cuisine", SlotType::Text, "kind of food, English"),
            slot("near", SlotType::Text, "landmark or area (default: here)"),
            slot("open_now", SlotType::Flag, "only places open now"),
            slot(
                "max_distance_m",
                SlotType::Meters,
                "farthest distance, metres",
            ),
        ],
    },
    KindSpec {
        kind: IntentKind::PlaceInfo,
        description: "Rating, hours, reviews of one place.",
        slots: &[slot(
            "name",
            SlotType::Text,
            "the place (default: the place in view)",
        )],
    },
    KindSpec {
        kind: IntentKind::BikeUnlock,
        description: "Unlock a shared bike.",
        slots: &[slot(
            "bike_id",
            SlotType::Text,
            "bike QR payload or id (default: the QR in view)",
        )],
    },
    KindSpec {
        kind: IntentKind::LandmarkGuide,
        description: "Tell the story of a landmark.",
        slots: &[
            slot(
                "name",
                SlotType::Text,
                "the landmark (default: the one in view)",
            ),
            slot("length", SlotType::Choice(GUIDE_LENGTHS), "short or long"),
        ],
    },
    KindSpec {
        kind: IntentKind::FoodOrder,
        description: "Order food for delivery.",
        slots: &[
            slot("item", SlotType::Text, "dish or food"),
            slot(
                "from",
                SlotType::Text,
                "restaurant (default: the one in view)",
            ),
            slot(
                "deliver_to",
                SlotType::Text,
                "address or place (default: here)",
            ),
        ],
    },
    KindSpec {
        kind: IntentKind::Navigate,
        description: "Directions to a place.",
        slots: &[
            slot("destination", SlotType::Text, "where to"),
            slot(
                "mode",
                SlotType::Choice(TRAVEL_MODES),
                "walk, bike, drive, transit or taxi",
            ),
        ],
    },
    KindSpec {
        kind: IntentKind::SignTranslate,
        description: "Say what the sign, menu or label in view says, in another language.",
        slots: &[slot(
            "language",
            SlotType::Choice(TRANSLATE_LANGUAGES),
            "language to put it in, zh or en (default: the language asked in)",
        )],
    },
];

impl IntentKind {
    /// Every kind, in taxonomy order.
    pub const ALL: [IntentKind; 11] = [
        IntentKind::TripPlan,
        IntentKind::ProductBuy,
        IntentKind::ProductCompare,
        IntentKind::ProductStock,
        IntentKind::PlaceFind,
        IntentKind::PlaceInfo,
        IntentKind::BikeUnlock,
        IntentKind::LandmarkGuide,
        IntentKind::FoodOrder,
        IntentKind::Navigate,
        IntentKind::SignTranslate,
    ];

    /// The stable dotted name, e.g. `trip.plan`.
    pub fn as_str(self) -> &'static str {
        match self {
            IntentKind::TripPlan => "trip.plan",
            IntentKind::ProductBuy => "product.buy",
            IntentKind::ProductCompare => "product.compare",
            IntentKind::ProductStock => "product.stock",
            IntentKind::PlaceFind => "place.find",
            IntentKind::PlaceInfo => "place.info",
            IntentKind::BikeUnlock => "bike.unlock",
            IntentKind::LandmarkGuide => "landmark.guide",
            IntentKind::FoodOrder => "food.order",
            IntentKind::Navigate => "navigate",
            IntentKind::SignTranslate => "sign.translate",
        }
    }

    /// The kind named `name` (dotted, or with `_` as LLM tool names use).
    pub fn from_name(name: &str) -> Option<IntentKind> {
        let dotted = name.trim().replace('_', ".");
        Self::ALL.into_iter().find(|k| k.as_str() == dotted)
    }

    /// Its entry in [`TAXONOMY`].
    pub fn spec(self) -> &'static KindSpec {
        // TAXONOMY lists the kinds in ALL order; the index is the position in ALL.
        let index = Self::ALL.iter().position(|k| *k == self).unwrap_or(0);
        &TAXONOMY[index]
    }

    /// The slot called `name`, if this kind has one.
    pub fn slot(self, name: &str) -> Option<&'static SlotSpec> {
        self.spec().slots.iter().find(|s| s.name == name)
    }
}

impl fmt::Display for IntentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for IntentKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A normalised slot value.
#[derive(Debug, Clone, PartialEq)]
pub enum SlotValue {
    /// Text (items, names, cities in English, choices).
    Text(String),
    /// A calendar date.
    Date(NaiveDate),
    /// A whole number.
    Count(u32),
    /// Money in CNY.
    Money(Cny),
    /// A shoe size, EU.
    Size(f32),
    /// A distance in metres.
    Meters(u32),
    /// Yes/no.
    Flag(bool),
}

impl SlotValue {
    /// The value as JSON: text and dates as strings, money as a number of yuan.
    pub fn to_json(&self) -> Value {
        match self {
            SlotValue::Text(t) => Value::String(t.clone()),
            SlotValue::Date(d) => Value::String(d.format("%Y-%m-%d").to_string()),
            SlotValue::Count(n) | SlotValue::Meters(n) => Value::from(*n),
            SlotValue::Money(m) if m.0 % 100 == 0 => Value::from(m.0 / 100),
            SlotValue::Money(m) => Value::from(m.as_yuan_f64()),
            SlotValue::Size(s) if s.fract() == 0.0 => Value::from(*s as i64),
            SlotValue::Size(s) => Value::from(f64::from(*s)),
            SlotValue::Flag(b) => Value::Bool(*b),
        }
    }

    /// The text, for text-like values.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            SlotValue::Text(t) => Some(t),
            _ => None,
        }
    }
}

impl Serialize for SlotValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(s)
    }
}

/// Why a proposed slot value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SlotError {
    /// The intent kind does not exist.
    #[error("unknown intent kind `{0}`")]
    UnknownKind(String),
    /// The kind has no such slot.
    #[error("intent `{kind}` has no slot `{slot}`")]
    UnknownSlot {
        /// The intent kind.
        kind: &'static str,
        /// The slot that was given.
        slot: String,
    },
    /// The value has the wrong type or is out of range.
    #[error("slot `{slot}`: {reason}")]
    BadValue {
        /// The slot.
        slot: &'static str,
        /// What is wrong with it.
        reason: String,
    },
}

impl SlotSpec {
    /// Validates and normalises a JSON value for this slot (used on LLM tool arguments and
    /// on corpus expectations).
    pub fn value_from_json(&self, value: &Value) -> Result<SlotValue, SlotError> {
        let bad = |reason: String| SlotError::BadValue {
            slot: self.name,
            reason,
        };
        let text = value.as_str().map(str::trim);
        let number = value
            .as_f64()
            .or_else(|| text.and_then(|t| t.parse::<f64>().ok()));
        match self.ty {
            SlotType::Text => match text {
                Some(t) if !t.is_empty() && t.chars().count() <= 120 => {
                    Ok(SlotValue::Text(t.to_string()))
                }
                _ => Err(bad(
                    "expected a non-empty text of at most 120 characters".into()
                )),
            },
            SlotType::City => text
                .and_then(super::lexicon::city_english)
                .map(|c| SlotValue::Text(c.to_string()))
                .ok_or_else(|| bad(format!("unknown city {value}"))),
            SlotType::Date => text
                .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
                .map(SlotValue::Date)
                .ok_or_else(|| bad(format!("expected a YYYY-MM-DD date, got {value}"))),
            SlotType::Count => match number {
                Some(n) if n.fract() == 0.0 && (1.0..=999.0).contains(&n) => {
                    Ok(SlotValue::Count(n as u32))
                }
                _ => Err(bad(format!("expected a whole number 1–999, got {value}"))),
            },
            SlotType::Money => number
                .filter(|n| *n > 0.0)
                .and_then(Cny::from_yuan_f64)
                .map(SlotValue::Money)
                .ok_or_else(|| bad(format!("expected a positive amount of CNY, got {value}"))),
            SlotType::ShoeSize => match number {
                Some(n) if super::slots::is_eu_shoe_size(n) => Ok(SlotValue::Size(n as f32)),
                _ => Err(bad(format!("expected an EU shoe size 30–50, got {value}"))),
            },
            SlotType::Meters => match number {
                Some(n) if n > 0.0 && n <= 100_000.0 => Ok(SlotValue::Meters(n.round() as u32)),
                _ => Err(bad(format!("expected metres 1–100000, got {value}"))),
            },
            SlotType::Flag => value
                .as_bool()
                .map(SlotValue::Flag)
                .ok_or_else(|| bad(format!("expected true or false, got {value}"))),
            SlotType::Choice(options) => text
                .map(str::to_lowercase)
                .filter(|t| options.contains(&t.as_str()))
                .map(SlotValue::Text)
                .ok_or_else(|| bad(format!("expected one of {options:?}, got {value}"))),
        }
    }
}

/// One understood intent: a kind and its normalised slots.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Intent {
    /// What is wanted.
    pub kind: IntentKind,
    /// Slot name → value; only slots that were said or resolved from context.
    pub slots: BTreeMap<&'static str, SlotValue>,
}

impl Intent {
    /// An intent with no slots yet.
    pub fn new(kind: IntentKind) -> Self {
        Self {
            kind,
            slots: BTreeMap::new(),
        }
    }

    /// The value of slot `name`.
    pub fn get(&self, name: &str) -> Option<&SlotValue> {
        self.slots.get(name)
    }

    /// The text of slot `name`, for text-like slots.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(SlotValue::as_text)
    }

    /// Sets slot `name` if the kind has it and it is still empty (the first mention wins).
    pub fn fill(&mut self, name: &str, value: SlotValue) {
        if let Some(spec) = self.kind.slot(name) {
            self.slots.entry(spec.name).or_insert(value);
        }
    }

    /// Builds an intent from a kind name and a JSON object of slots, validating every
    /// argument against the taxonomy (the LLM path's gate).
    pub fn from_json(kind: &str, slots: &Value) -> Result<Intent, SlotError> {
        let kind =
            IntentKind::from_name(kind).ok_or_else(|| SlotError::UnknownKind(kind.to_string()))?;
        let mut intent = Intent::new(kind);
        let empty = serde_json::Map::new();
        let object = match slots {
            Value::Object(map) => map,
            Value::Null => &empty,
            other => {
                return Err(SlotError::BadValue {
                    slot: "arguments",
                    reason: format!("expected a JSON object, got {other}"),
                });
            }
        };
        for (name, value) in object {
            if value.is_null() {
                continue;
            }
            let spec = kind.slot(name).ok_or_else(|| SlotError::UnknownSlot {
                kind: kind.as_str(),
                slot: name.clone(),
            })?;
            intent.slots.insert(spec.name, spec.value_from_json(value)?);
        }
        Ok(intent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn taxonomy_is_in_kind_order_and_names_round_trip() {
        for (kind, spec) in IntentKind::ALL.iter().zip(TAXONOMY) {
            assert_eq!(*kind, spec.kind);
            assert_eq!(IntentKind::from_name(kind.as_str()), Some(*kind));
            assert_eq!(
                IntentKind::from_name(&kind.as_str().replace('.', "_")),
                Some(*kind)
            );
        }
        assert_eq!(IntentKind::from_name("trip.cancel"), None);
    }

    #[test]
    fn json_slots_are_validated_and_normalised() {
        let intent = Intent::from_json(
            "trip_plan",
            &json!({"destination": "哈尔滨", "depart_date": "2026-12-04", "budget": "5000"}),
        )
        .unwrap();
        assert_eq!(intent.text("destination"), Some("Harbin"));
        assert_eq!(
            intent.get("budget"),
            Some(&SlotValue::Money(Cny::yuan(5000)))
        );
        let err = Intent::from_json("trip.plan", &json!({"depart_date": "next friday"}));
        assert!(matches!(
            err,
            Err(SlotError::BadValue {
                slot: "depart_date",
                ..
            })
        ));
        let err = Intent::from_json("product.buy", &json!({"colour": "red"}));
        assert!(matches!(err, Err(SlotError::UnknownSlot { .. })));
        let err = Intent::from_json("product.buy", &json!({"size": 420}));
        assert!(err.is_err());
        assert!(Intent::from_json("navigate", &json!({"mode": "teleport"})).is_err());
        assert!(Intent::from_json("navigate", &json!([1])).is_err());
    }

    #[test]
    fn values_serialise_like_the_issue_says() {
        assert_eq!(SlotValue::Money(Cny::yuan(300)).to_json(), json!(300));
        assert_eq!(SlotValue::Money(Cny::fen(29950)).to_json(), json!(299.5));
        assert_eq!(SlotValue::Size(42.0).to_json(), json!(42));
        assert_eq!(SlotValue::Size(42.5).to_json(), json!(42.5));
        let d = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        assert_eq!(SlotValue::Date(d).to_json(), json!("2026-12-04"));
    }
}
