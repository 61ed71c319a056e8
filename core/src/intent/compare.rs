//! The frame of a price comparison, and the thing it binds. A comparison asks where (`哪家`,
//! `哪里`, `which store`) a thing is cheapest (`便宜`, `cheapest`, `best price on`); the thing is
//! the words the frame's own words bound, never the frame: in Chinese what stands before the
//! question of where (`小米手环哪家卖得便宜`, `华为手表在哪儿买比较便宜`), or, when nothing stands
//! there, between the question (and its `的` or verb of buying) and the word of price
//! (`哪家的飞利浦电动牙刷便宜`, `哪里买戴森吹风机便宜`); in English what follows the word of price
//! (`which store has the cheapest Kindle Paperwhite`, `the best price on Nespresso capsules`).
//! Whatever the frame holds besides (`卖得`, `比较`, `which store has`) is no part of it, so no
//! list of such words is needed. A clause of its own after the thing that asks which one (`哪款`,
//! `哪个`, `哪种`), or asks with no word of price (`帮我比比这几款助听器，哪款儿好使`,
//! `…电动牙刷嘛，哪个巴适`, `…空气炸锅，哪款更划算`), is a judgement asked of it: that whole clause
//! is frame.

use super::clean::leftover;
use super::lexicon::occurrences;
use super::slots::Span;
use super::words::{Words, words};

/// Words of price that close a Chinese comparison (`…便宜`, `…划算`).
const PRICE_ZH: Words = words!["便宜", "划算", "实惠", "价格", "价钱", "贵"];
/// English words of price after which the thing compared is named (the longest first).
const PRICE_EN: Words = words![
    "cheapest price on",
    "cheapest price for",
    "best price on",
    "best price for",
    "lowest price on",
    "lowest price for",
    "best deal on",
    "best deal for",
    "cheapest",
];

/// The spans of `text` (normalised) that are the comparison's frame rather than the thing
/// compared: all but the span the frame binds. Empty when no frame is found.
pub(super) fn frame_spans(text: &str) -> Vec<Span> {
    if let Some(at) = text.find('哪') {
        // `…助听器，哪款儿好使`: a clause of its own asking which is good, after the thing.
        let asked = text[..at].rfind(',').map_or(0, |c| c + 1);
        let judged = !PRICE_ZH.iter().any(|w| text[asked..].contains(w))
            || words!["哪款", "哪个", "哪种", "哪一"]
                .iter()
                .any(|w| text[at..].starts_with(w));
        if asked > 0 && judged && leftover(&text[..asked - 1]).is_some() {
            return vec![(asked - 1, text.len())];
        }
        // `哪家的飞利浦电动牙刷便宜`: the thing follows the question and its `的`.
        let after_question = text[at..]
            .char_indices()
            .nth(2)
            .map_or(text.len(), |(i, _)| at + i);
        // `华为手表在哪儿买比较便宜`: the thing stands before the question of where, in its
        // clause, when it names something there (two characters or more).
        let start = text[..at].strip_suffix('在').map_or(at, str::len);
        let clause = text[..start].rfind(',').map_or(0, |c| c + 1);
        let before = leftover(&text[clause..start]).is_some_and(|v| v.chars().count() >= 2);
        if before && !text[after_question..].starts_with('的') {
            return vec![(0, clause), (start, text.len())];
        }
        // `哪家的飞利浦电动牙刷便宜`, `看哪里买戴森吹风机便宜`: the thing follows the question,
        // its `的` or its verb of buying, up to the word of price.
        let from = words!["的", "买", "卖", "有"]
            .iter()
            .find_map(|w| text[after_question..].strip_prefix(w))
            .map_or(after_question, |r| text.len() - r.len());
        let to = PRICE_ZH
            .iter()
            .filter_map(|w| text[from..].find(w).map(|i| from + i))
            .min()
            .unwrap_or(text.len());
        return vec![(0, from), (to, text.len())];
    }
    PRICE_EN
        .iter()
        .find_map(|w| occurrences(text, w).next())
        .map(|(_, end)| vec![(0, end)])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound(text: &str) -> String {
        let mut out = text.to_string();
        for (s, e) in frame_spans(text).into_iter().rev() {
            out.replace_range(s..e, "");
        }
        out.trim().to_string()
    }

    #[test]
    fn the_thing_compared_is_what_the_frame_binds() {
        assert_eq!(
            bound("帮我比比这几款助听器,哪款儿好使"),
            "帮我比比这几款助听器"
        );
        assert_eq!(
            bound("比比这几款空气炸锅,哪款儿更划算"),
            "比比这几款空气炸锅"
        );
        assert_eq!(bound("看看小米手环哪家卖得便宜"), "看看小米手环");
        assert_eq!(bound("华为手表在哪儿买比较便宜"), "华为手表");
        assert_eq!(bound("帮我比比哪家的飞利浦电动牙刷便宜"), "飞利浦电动牙刷");
        assert_eq!(bound("帮我比比价,看哪里买戴森吹风机便宜"), "戴森吹风机");
        assert_eq!(
            bound("which store has the cheapest kindle paperwhite right now"),
            "kindle paperwhite right now"
        );
        assert_eq!(
            bound("which store has the best price on nespresso capsules"),
            "nespresso capsules"
        );
    }

    #[test]
    fn no_frame_binds_nothing() {
        assert!(frame_spans("compare prices for sneakers").is_empty());
    }
}
