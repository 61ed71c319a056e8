//! The place a search is near, named by the wearer but not listed: `龙翔桥附近有没有停车场`,
//! `西湖银泰旁边的停车场`, `find me a cafe near Hubin Yintai`. A listed landmark is read from
//! the lexicon first; this names the rest as said.

use super::lexicon::{self, occurrences};
use super::words::{Words, words};

/// Words after a Chinese place that make it what the search is near.
const NEAR_AFTER: Words = words![
    "附近", "旁边", "周边", "边上", "周围", "那边", "一带", "对面", "后面", "楼下",
];

/// Words before an English place that make it what the search is near.
const NEAR_BEFORE: Words = words![
    "near",
    "close to",
    "next to",
    "around",
    "by",
    "opposite",
    "across from",
    "behind",
    "in front of",
];

/// Words before the place in a Chinese clause that only ask or look (`帮我找一下`).
const LOOKING_ZH: Words = words![
    "帮我",
    "给我",
    "找一下",
    "找找",
    "找个",
    "找家",
    "找",
    "搜一下",
    "搜",
    "查一下",
    "查",
    "看看",
    "想",
    "在",
    "去",
    "到",
    "请问",
    "嗯",
    "呃",
    "我",
];

/// Places that are the wearer's own surroundings, not a named place (`这附近`, `near me`).
const HERE: Words = words![
    "这",
    "这里",
    "这儿",
    "我这",
    "我",
    "me",
    "here",
    "us",
    "there",
    "my location",
    "where i am",
];

/// Words that end an English place's name (`near Hubin Yintai that's open`, `near West Lake
/// still open`).
const NAME_ENDS: Words = words![
    " that", " which", " with", " open", " for", " please", " right", " now", " today", " tonight",
    " within", " under", " and", " or", " is ", " are ", " any", " where", " still",
    // `a pub near Hubin Yintai showing the football`: what the place does, said after it.
    " showing", " serving", " selling", " playing", " doing", " having",
];

/// The place named as what the search is near, as said, with its byte span; `None` when
/// none is named or it is the wearer's own surroundings.
pub fn named_near(text: &str) -> Option<(String, (usize, usize))> {
    near_zh(text)
        .or_else(|| close_to_zh(text))
        .or_else(|| near_en(text))
}

/// `尽量离黄龙近一点`, `离西湖不远的`: the place after `离` that the search is to be close to.
fn close_to_zh(text: &str) -> Option<(String, (usize, usize))> {
    let from = text.find('离')? + '离'.len_utf8();
    let at = words!["不远", "近"]
        .iter()
        .filter_map(|w| text[from..].find(w).map(|at| from + at))
        .min()?;
    let said = text[from..at].trim();
    (a_named_place(said) && !said.contains(','))
        .then(|| (said.to_string(), (from - '离'.len_utf8(), at)))
}

/// `离这儿近一点的`, `离我近点的`, `离西湖不远的`: the whole wish to be close (`离` up to the
/// near-word, its `一点` and `的`), whatever it is close to; no kind of place is in it.
pub fn close_to_span(text: &str) -> Option<(usize, usize)> {
    let start = text.find('离')?;
    let from = start + '离'.len_utf8();
    let (at, word) = words!["不远", "近"]
        .iter()
        .filter_map(|w| text[from..].find(w).map(|at| (from + at, w)))
        .min()?;
    if text[from..at].contains(',') || text[from..at].chars().count() > 8 {
        return None;
    }
    let mut end = at + word.len();
    for tail in words!["一点", "一些", "点", "些", "的"] {
        if text[end..].starts_with(tail) {
            end += tail.len();
        }
    }
    Some((start, end))
}

/// `龙翔桥附近`, `西湖银泰旁边的`: the words before the near-word, less the asking words.
fn near_zh(text: &str) -> Option<(String, (usize, usize))> {
    let (at, word) = NEAR_AFTER
        .iter()
        .filter_map(|w| text.find(w).map(|at| (at, w)))
        .min_by_key(|(at, _)| *at)?;
    let clause_start = text[..at].rfind(',').map_or(0, |c| c + 1);
    let mut from = clause_start;
    loop {
        let rest = text[from..at].trim_start();
        from = at - rest.len();
        match LOOKING_ZH.iter().find(|w| rest.starts_with(*w)) {
            Some(w) => from += w.len(),
            None => break,
        }
    }
    let said = text[from..at].trim();
    // The span takes the near-word too: neither is the kind of place looked for.
    a_named_place(said).then(|| (said.to_string(), (from, at + word.len())))
}

/// `near Hubin Yintai`, `close to the Grand Hotel`: the words after the near-word up to the
/// end of the clause or a word that ends the name.
fn near_en(text: &str) -> Option<(String, (usize, usize))> {
    let (_, end) = NEAR_BEFORE
        .iter()
        .filter_map(|w| occurrences(text, w).next())
        .min_by_key(|(s, _)| *s)?;
    let rest = &text[end..];
    let stop = NAME_ENDS
        .iter()
        .filter_map(|w| rest.find(w))
        .chain(rest.find([',', '?', '!', '.']))
        .min()
        .unwrap_or(rest.len());
    let said = rest[..stop].trim();
    let said = said.strip_prefix("the ").unwrap_or(said);
    let from = end + rest[..stop].find(said).unwrap_or(0);
    (said.split(' ').count() <= 4 && a_named_place(said))
        .then(|| (said.to_string(), (from, from + said.len())))
}

/// `opposite the hotel is there a convenience store`, `酒店对面的便利店`: whether the kind of
/// place at `start..end` is where the search is relative to, not what is looked for.
pub fn relative_to(text: &str, start: usize, end: usize) -> bool {
    let head = text[..start].trim_end();
    let head = words!["the", "my", "our"]
        .iter()
        .find_map(|w| {
            head.strip_suffix(w)
                .filter(|h| h.is_empty() || h.ends_with(' '))
        })
        .unwrap_or(head)
        .trim_end();
    let before = NEAR_BEFORE.iter().any(|w| {
        head.ends_with(w)
            && head[..head.len() - w.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphabetic())
    });
    let rest = text[end..].trim_start();
    before || NEAR_AFTER.iter().any(|w| rest.starts_with(w))
}

/// Whether `said` names a place of its own: not the wearer's surroundings, a kind of place
/// (`酒店附近` is no name) or a time.
fn a_named_place(said: &str) -> bool {
    !said.is_empty()
        && said.chars().count() <= if said.is_ascii() { 40 } else { 16 }
        && !HERE.contains(said)
        && !said.starts_with(['这', '那', '哪'])
        && !said.contains(['有', '哪', '吗'])
        && (lexicon::find_all(said, lexicon::CATEGORIES).is_empty() || named_kind(said))
        && lexicon::find_all(said, lexicon::CUISINES).is_empty()
        && !["a ", "an ", "my ", "our ", "your "]
            .iter()
            .any(|w| said.starts_with(w))
        && said.chars().any(char::is_alphanumeric)
}

/// `邵逸夫医院`, `浙一医院`: a Chinese kind of place at the end of a name of two characters or
/// more is that one place, not the kind (`酒店`, `一家酒店`, `我的酒店` are none).
fn named_kind(said: &str) -> bool {
    let kinds = lexicon::find_all(said, lexicon::CATEGORIES);
    let [kind] = kinds.as_slice() else {
        return false;
    };
    let name = &said[..kind.start];
    kind.end == said.len()
        && name.chars().count() >= 2
        && name.chars().all(|c| !c.is_ascii() && c.is_alphanumeric())
        && !name.contains(['的', '个', '家'])
        && !name.starts_with(['一', '我', '你', '他', '她', '附', '最'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(text: &str) -> Option<String> {
        named_near(text).map(|(n, _)| n)
    }

    #[test]
    fn a_place_named_as_what_a_search_is_near() {
        assert_eq!(near("龙翔桥附近有没有停车场").as_deref(), Some("龙翔桥"));
        assert_eq!(
            near("邵逸夫医院对面有便利店吗").as_deref(),
            Some("邵逸夫医院")
        );
        assert_eq!(
            near("帮我找一下西湖银泰旁边的停车场").as_deref(),
            Some("西湖银泰")
        );
        assert_eq!(
            near("find me a cafe near hubin yintai").as_deref(),
            Some("hubin yintai")
        );
        assert_eq!(
            near("any gyms near huanglong stadium that are open").as_deref(),
            Some("huanglong stadium")
        );
    }

    #[test]
    fn a_place_to_be_close_to_is_what_a_search_is_near() {
        assert_eq!(
            near("帮我找个理发店，尽量离黄龙近一点").as_deref(),
            Some("黄龙")
        );
        assert_eq!(near("离西湖不远的酒店").as_deref(), Some("西湖"));
        assert_eq!(near("离我近的药店"), None);
    }

    #[test]
    fn the_wearers_surroundings_are_no_place_named() {
        for text in [
            "附近有没有药店",
            "这附近有什么好吃的",
            "is there a pharmacy near me",
            "any cafes around here",
            "酒店附近有吃的吗",
            "find a hotel near a subway station",
        ] {
            assert_eq!(near(text), None, "{text}");
        }
    }
}
