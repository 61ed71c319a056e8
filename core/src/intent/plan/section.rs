//! What one intent contributes to the card ([`Section`]), the one way a handler leaves early
//! ([`Exit`]: a follow-up question for a missing slot, or a failed service call), and the
//! slot readers the handlers share.

use chrono::NaiveDate;

use crate::card::{ActionKind, CardAction};
use crate::intent::taxonomy::{Intent, SlotValue};
use crate::locale::Language;
use crate::money::Cny;
use crate::services::ServiceError;
use crate::services::orders::OrderRequest;

/// What one intent contributed to the card.
#[derive(Debug, Default)]
pub(super) struct Section {
    pub(super) title: String,
    pub(super) lines: Vec<String>,
    pub(super) speech: String,
    pub(super) orders: Vec<OrderRequest>,
    pub(super) follow_ups: Vec<String>,
    pub(super) actions: Vec<CardAction>,
    /// For the budget check: what this section spends.
    pub(super) spend: Cny,
}

impl Section {
    /// An empty section under `title`.
    pub(super) fn titled(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }
}

/// How a handler leaves before its section is complete.
#[derive(Debug)]
pub(super) enum Exit {
    /// Something needed was not said: the section asks for it.
    FollowUp(Box<Section>),
    /// A service call failed.
    Failed(ServiceError),
}

impl Exit {
    /// The section titled `title` that asks `question`.
    pub(super) fn follow_up(title: &str, question: impl Into<String>) -> Self {
        let mut section = Section::titled(title);
        section.follow_ups.push(question.into());
        Exit::FollowUp(Box::new(section))
    }
}

impl From<ServiceError> for Exit {
    fn from(e: ServiceError) -> Self {
        Exit::Failed(e)
    }
}

/// The text of slot `name`, or the follow-up (a section titled `title` asking `question`)
/// when it was not said.
pub(super) fn required<'a>(
    intent: &'a Intent,
    name: &str,
    title: &str,
    question: &str,
) -> Result<&'a str, Exit> {
    intent
        .text(name)
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| Exit::follow_up(title, question))
}

pub(super) fn slot_date(intent: &Intent, name: &str) -> Option<NaiveDate> {
    match intent.get(name) {
        Some(SlotValue::Date(d)) => Some(*d),
        _ => None,
    }
}

pub(super) fn slot_count(intent: &Intent, name: &str) -> Option<u32> {
    match intent.get(name) {
        Some(SlotValue::Count(n)) => Some(*n),
        _ => None,
    }
}

pub(super) fn slot_money(intent: &Intent, name: &str) -> Option<Cny> {
    match intent.get(name) {
        Some(SlotValue::Money(m)) => Some(*m),
        _ => None,
    }
}

/// A word the parser normalised to English (a city, a product, a dish, a category, a
/// cuisine) in `language`: its Chinese form from the lexicon, or the word itself when
/// the lexicon has none or `language` is English.
pub(super) fn word_in(language: Language, word: &str) -> String {
    use crate::intent::lexicon::{CATEGORIES, CITIES, CUISINES, FOODS, PRODUCTS};
    if language == Language::En || Language::of_text(word) == Language::Zh {
        return word.to_string();
    }
    // A narrower kind no list names in Chinese (`hostel`) is said by its listed kind.
    let listed = crate::intent::lexicon::broader_kind(word).unwrap_or(word);
    [CITIES, PRODUCTS, FOODS, CATEGORIES, CUISINES]
        .iter()
        .flat_map(|list| list.iter())
        .find(|(canonical, _)| canonical.eq_ignore_ascii_case(listed))
        .and_then(|(_, forms)| forms.iter().find(|f| Language::of_text(f) == Language::Zh))
        .map_or_else(|| word.to_string(), |f| (*f).to_string())
}

/// The action that starts navigation to `destination`, labelled in `language`.
pub(super) fn navigate_action(destination: &str, language: Language) -> CardAction {
    CardAction {
        id: "navigate".into(),
        label: language.msg("action-go", &[]),
        kind: ActionKind::Navigate {
            destination: destination.to_string(),
        },
    }
}
