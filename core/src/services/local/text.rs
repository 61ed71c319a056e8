//! Text matching for the demo city: the terms indexed in FTS5, the FTS5 query built from
//! what the user typed or the camera read, and a similarity score for fuzzy name matching.
//!
//! Chinese has no spaces, so each run of CJK characters is indexed as its single characters
//! and its overlapping character pairs (the classic CJK bigram scheme); Latin text is indexed
//! as lower-case words. A query is turned into the same terms, so `星巴克` matches
//! `星巴克咖啡（湖滨店）` and `snow boot` matches `Snow Boots`.

use std::collections::BTreeSet;

use crate::services::error::{ServiceError, ServiceResult};

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Splits text into CJK runs and lower-case alphanumeric Latin words.
fn segments(text: &str) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for c in text.chars() {
        let kind = if is_cjk(c) {
            Some(true)
        } else if c.is_alphanumeric() {
            Some(false)
        } else {
            None
        };
        match (kind, current.as_mut()) {
            (Some(k), Some((ck, s))) if *ck == k => s.extend(c.to_lowercase()),
            (Some(k), _) => {
                out.extend(current.take());
                current = Some((k, c.to_lowercase().collect()));
            }
            (None, _) => out.extend(current.take()),
        }
    }
    out.extend(current);
    out
}

fn bigrams(run: &str) -> Vec<String> {
    let chars: Vec<char> = run.chars().collect();
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// The terms to index for `texts` (space-separated, for an FTS5 `unicode61` column). Two
/// Latin words in a row are also indexed as one (`Hot Pot` as `hotpot`), since people write
/// compounds both ways: a search for `hotpot` finds `Haidilao Hot Pot`.
pub fn index_terms(texts: &[&str]) -> String {
    let mut terms: BTreeSet<String> = BTreeSet::new();
    for text in texts {
        let mut previous_word: Option<String> = None;
        for (cjk, seg) in segments(text) {
            if cjk {
                terms.extend(seg.chars().map(String::from));
                terms.extend(bigrams(&seg));
                previous_word = None;
            } else {
                if let Some(previous) = previous_word.take() {
                    terms.insert(format!("{previous}{seg}"));
                }
                previous_word = Some(seg.clone());
                terms.insert(seg);
            }
        }
    }
    terms.into_iter().collect::<Vec<_>>().join(" ")
}

/// How the terms of a query combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    /// Every term must match (product search).
    All,
    /// Any term may match; ranking sorts it out (fuzzy name matching).
    Any,
}

/// An FTS5 MATCH expression for `query`, or `None` when it has no searchable characters.
/// Latin words match as prefixes (`boot` finds `boots`); terms are quoted so no user text is
/// read as FTS5 syntax.
pub fn match_expression(query: &str, combine: Combine) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    for (cjk, seg) in segments(query) {
        if cjk {
            let pairs = bigrams(&seg);
            if pairs.is_empty() {
                terms.push(format!("\"{seg}\""));
            } else {
                terms.extend(pairs.into_iter().map(|p| format!("\"{p}\"")));
            }
        } else {
            terms.push(format!("\"{seg}\"*"));
        }
    }
    terms.dedup();
    if terms.is_empty() {
        return None;
    }
    let joiner = match combine {
        Combine::All => " AND ",
        Combine::Any => " OR ",
    };
    Some(terms.join(joiner))
}

/// The all-words MATCH expression of an optional search keyword: `None` when no keyword
/// was given, an error when one was given but holds nothing searchable.
pub fn keyword_expression(keyword: Option<&str>) -> ServiceResult<Option<String>> {
    match keyword.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => match_expression(k, Combine::All).map(Some).ok_or_else(|| {
            ServiceError::InvalidRequest(format!("keyword `{k}` has no letters or digits"))
        }),
        None => Ok(None),
    }
}

/// Character pairs of the letters and digits of `text`, lower-cased, spaces ignored.
fn letter_pairs(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if chars.len() == 1 {
        return vec![(chars[0], chars[0])];
    }
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// How well `query` (e.g. OCR'd sign text) matches `name`, 0–1: mostly how much of the
/// query is found in the name (a sign often shows only the brand), partly how much of the
/// name the query covers (so the closest name wins among branches).
pub fn name_similarity(query: &str, name: &str) -> f32 {
    let q = letter_pairs(query);
    let n = letter_pairs(name);
    if q.is_empty() || n.is_empty() {
        return 0.0;
    }
    let mut remaining = n.clone();
    let mut common = 0usize;
    for pair in &q {
        if let Some(i) = remaining.iter().position(|p| p == pair) {
            remaining.swap_remove(i);
            common += 1;
        }
    }
    let coverage = common as f32 / q.len() as f32;
    let dice = 2.0 * common as f32 / (q.len() + n.len()) as f32;
    0.7 * coverage + 0.3 * dice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_terms() {
        let terms = index_terms(&["星巴克（湖滨店）", "Starbucks (Hubin)"]);
        for t in ["星", "星巴", "巴克", "湖滨", "starbucks", "hubin"] {
            assert!(terms.split(' ').any(|x| x == t), "{t} in {terms}");
        }
        assert_eq!(
            match_expression("星巴克 Snow", Combine::All).unwrap(),
            "\"星巴\" AND \"巴克\" AND \"snow\"*"
        );
        assert_eq!(match_expression("湖", Combine::Any).unwrap(), "\"湖\"");
        assert_eq!(match_expression(" ?! （）", Combine::Any), None);
        // Quotes in user text never reach FTS5 syntax.
        assert_eq!(
            match_expression("a\"b", Combine::All).unwrap(),
            "\"a\"* AND \"b\"*"
        );
    }

    #[test]
    fn similarity_prefers_the_closest_name() {
        let exact = name_similarity("星巴克", "星巴克");
        let branch = name_similarity("星巴克", "星巴克（湖滨店）");
        let other = name_similarity("星巴克", "瑞幸咖啡");
        assert!(
            exact > branch && branch > 0.7 && other < 0.1,
            "{exact} {branch} {other}"
        );
        let ocr_error = name_similarity("Starbucks Hubln", "Starbucks (Hubin)");
        assert!(ocr_error > 0.8, "{ocr_error}");
        assert_eq!(name_similarity("", "x"), 0.0);
    }
}
