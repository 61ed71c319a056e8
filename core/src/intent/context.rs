//! What the parser and planner know besides the words: the time and time zone, where the
//! wearer is, their preferences, and what is in view. The companion fills it from the link,
//! perception and the store; this module depends on none of them.

use chrono::{DateTime, FixedOffset, NaiveDate, Offset, Utc};
use serde::{Deserialize, Serialize};

use crate::geo::GeoPoint;
use crate::services::Language;

/// UTC offset of Asia/Shanghai (no daylight saving), the default time zone.
pub const SHANGHAI_OFFSET_SECS: i32 = 8 * 3600;

/// A place the wearer is looking at (a shop sign, a restaurant).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ViewedPlace {
    /// Provider id, when the place was matched to one.
    pub id: Option<String>,
    /// Its name as shown.
    pub name: String,
}

/// A product the wearer is looking at (a label, a barcode).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ViewedProduct {
    /// EAN-13 / UPC, when a barcode was read.
    pub barcode: Option<String>,
    /// Its name, when read from the label or looked up.
    pub name: Option<String>,
}

/// What is in view right now: "this", "here", "the one I'm looking at" refer to these.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InView {
    /// The shop or restaurant in front of the wearer.
    pub place: Option<ViewedPlace>,
    /// The product in view.
    pub product: Option<ViewedProduct>,
    /// A shared bike's QR payload in view.
    pub bike_qr: Option<String>,
    /// The landmark in view (English or Chinese name).
    pub landmark: Option<String>,
    /// The text lines of the sign (menu, label) in view, as read.
    #[serde(default)]
    pub texts: Vec<String>,
}

/// Preferences the planner fills slots from when they are not said.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Preferences {
    /// Shoe size, EU.
    pub shoe_size: Option<f32>,
}

/// Everything besides the utterance that a request is understood against.
#[derive(Debug, Clone, PartialEq)]
pub struct AskContext {
    /// The current instant.
    pub now: DateTime<Utc>,
    /// The wearer's UTC offset; relative dates are resolved in it. A fixed offset is exact
    /// for China (no daylight saving); elsewhere the companion passes the offset valid now.
    pub utc_offset: FixedOffset,
    /// The current city, English name (the default trip origin).
    pub city: Option<String>,
    /// The current position.
    pub location: Option<GeoPoint>,
    /// Preferences (shoe size…).
    pub preferences: Preferences,
    /// What is in view.
    pub in_view: InView,
    /// The language of the request, in which the card asks what was not said (English
    /// until a request is understood: see [`language_of`]).
    pub language: Language,
}

/// The language an utterance is in: Simplified Chinese when it has any CJK ideograph, else
/// English (see [`Language::of_text`]).
pub fn language_of(utterance: &str) -> Language {
    Language::of_text(utterance)
}

impl AskContext {
    /// A context at `now` in Asia/Shanghai, in Hangzhou, with nothing in view.
    pub fn at(now: DateTime<Utc>) -> Self {
        let offset = FixedOffset::east_opt(SHANGHAI_OFFSET_SECS).unwrap_or_else(|| Utc.fix());
        Self {
            now,
            utc_offset: offset,
            city: Some("Hangzhou".to_string()),
            location: None,
            preferences: Preferences::default(),
            in_view: InView::default(),
            language: Language::En,
        }
    }

    /// The local calendar date, which relative dates count from.
    pub fn today(&self) -> NaiveDate {
        self.now.with_timezone(&self.utc_offset).date_naive()
    }
}

impl Default for AskContext {
    /// Now, in Asia/Shanghai, in Hangzhou.
    fn default() -> Self {
        Self::at(Utc::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_is_the_local_date() {
        // 20:00 UTC on the 26th is already the 27th in Shanghai.
        let now = DateTime::parse_from_rfc3339("2026-11-26T20:00:00Z").unwrap();
        let ctx = AskContext::at(now.with_timezone(&Utc));
        assert_eq!(ctx.today(), NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    }
}
