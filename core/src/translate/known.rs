//! Offline renderings: a sign line matched (normalised: width, punctuation, spaces, case)
//! against the names the core knows in both languages — the parser's word lists (cities,
//! landmarks, products, dishes, place kinds, cuisines), then the places and products of the
//! services.

use crate::context::in_front::{normalize, text_similarity};
use crate::geo::GeoPoint;
use crate::intent::lexicon;
use crate::services::{Language, ProductQuery, Services};

use super::{Rendering, line_language};

/// A place name matches a sign line at least this well (containment or edit similarity)
/// to be its translation.
const MIN_PLACE_SIMILARITY: f32 = 0.85;

/// The word lists that hold an English name and its surface forms (Chinese among them).
const WORD_LISTS: [lexicon::Lexicon; 6] = [
    lexicon::LANDMARKS,
    lexicon::CITIES,
    lexicon::CATEGORIES,
    lexicon::PRODUCTS,
    lexicon::FOODS,
    lexicon::CUISINES,
];

/// The rendering of one line in `to`, from what the core knows offline.
pub(super) async fn render(
    line: &str,
    to: Language,
    services: &Services,
    near: Option<GeoPoint>,
) -> Rendering {
    if line_language(line) == to {
        return Rendering::Same;
    }
    if let Some(word) = from_word_lists(line, to) {
        return Rendering::Known(word);
    }
    if let Some(name) = place_name(line, to, services, near).await {
        return Rendering::Known(name);
    }
    if let Some(name) = product_name(line, to, services).await {
        return Rendering::Known(name);
    }
    Rendering::Unknown
}

fn has_ideograph(s: &str) -> bool {
    line_language(s) == Language::Zh
}

/// The line as a whole entry of a word list, put into `to`: the English name, or the first
/// Chinese surface form.
fn from_word_lists(line: &str, to: Language) -> Option<String> {
    let said = normalize(line);
    WORD_LISTS
        .iter()
        .flat_map(|list| list.iter())
        .find_map(|(english, surfaces)| {
            let named = normalize(english) == said || surfaces.iter().any(|s| normalize(s) == said);
            if !named {
                return None;
            }
            match to {
                Language::En => Some((*english).to_string()),
                Language::Zh => surfaces
                    .iter()
                    .find(|s| has_ideograph(s))
                    .map(|s| (*s).to_string()),
            }
        })
}

/// The other-language name of the place whose name the line is.
async fn place_name(
    line: &str,
    to: Language,
    services: &Services,
    near: Option<GeoPoint>,
) -> Option<String> {
    let found = services.places.search_by_name(line, near, 1).await.ok()?;
    let best = found.into_iter().next()?;
    let poi = best.poi;
    let (from_name, to_name) = match to {
        Language::En => (Some(poi.name_zh.as_str()), poi.name_en.as_deref()),
        Language::Zh => (poi.name_en.as_deref(), Some(poi.name_zh.as_str())),
    };
    let from_name = from_name?;
    (text_similarity(line, from_name) >= MIN_PLACE_SIMILARITY)
        .then(|| to_name.map(str::to_string))
        .flatten()
}

/// The other-language name of the product whose name the line is (exactly, normalised).
async fn product_name(line: &str, to: Language, services: &Services) -> Option<String> {
    let query = ProductQuery {
        keyword: Some(line.to_string()),
        limit: 5,
        ..ProductQuery::default()
    };
    let said = normalize(line);
    let products = services.catalog.search(&query).await.ok()?;
    products.into_iter().find_map(|p| {
        let (from_name, to_name) = match to {
            Language::En => (p.name_zh, p.name_en),
            Language::Zh => (p.name_en, p.name_zh),
        };
        (normalize(&from_name) == said && !to_name.trim().is_empty()).then_some(to_name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_translate_both_ways() {
        assert_eq!(
            from_word_lists("雷峰塔", Language::En).as_deref(),
            Some("Leifeng Pagoda")
        );
        assert_eq!(
            from_word_lists("ＰＨＡＲＭＡＣＹ!", Language::Zh).as_deref(),
            Some("药店")
        );
        assert_eq!(from_word_lists("不知道的字", Language::En), None);
    }
}
