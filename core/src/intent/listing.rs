//! Two things named in one breath: whether `and`, `和` or `还有` joins two things bought, each
//! its own purchase (`a power bank and a USB-C cable`, `一把雨伞和两包纸巾`), or is part of one
//! thing's name (`fish and chips`, `salt and pepper`). The general rule: a thing that comes
//! after the joining word with its own count or article (`a`, `some`, `两包`) is another
//! thing; a bare word after it, ending the clause, goes on with the first thing's name.

use super::lexicon::{self, starts_with_word};
use super::words::{Words, words};

/// Words that open a thing of its own after `and`: an article or a count.
const COUNTED: Words = words![
    "a ",
    "an ",
    "some ",
    "another ",
    "one ",
    "two ",
    "three ",
    "four ",
    "five ",
    "six ",
    "a few ",
    "a couple ",
    "a pair ",
    "a pack ",
    "a box ",
    "a bottle ",
];

/// Chinese measure words that count a thing after a numeral (`两包纸巾`, `一盒牙线`).
const MEASURES: &str = "个件双副条把包盒瓶袋箱支只台本张块斤套顶罐桶杯份";

/// `a water bottle`, `two notebooks`, `一盒牙线`, `2 cables`: the clause opens with its own
/// count or article.
pub fn counted_thing(clause: &str) -> bool {
    let text = clause.trim_start();
    if text.starts_with(|c: char| c.is_ascii_digit()) || starts_with_word(text, COUNTED).is_some() {
        return true;
    }
    let mut chars = text.chars();
    let (numeral, measure) = (chars.next(), chars.next());
    numeral.is_some_and(|c| "一两二三四五六七八九十几".contains(c))
        && measure.is_some_and(|m| MEASURES.contains(m))
}

/// Words that, after a bare word, still end the thing's name (`salt and pepper for the flat`).
const NAME_ENDS: Words = words![
    "for",
    "from",
    "to",
    "please",
    "at",
    "with",
    "delivered",
    "today",
    "tonight",
    "tomorrow",
];

/// Words after which the first thing was bought or ordered bare (`buy salt and …`, `some fish
/// and …`).
const BARE_AFTER: Words = words!["buy", "get", "order", "grab", "some", "need", "want", "me"];

/// Words that are no part of a thing's name after `and`: a request or a person goes on.
const NOT_A_NAME: Words = words![
    "i", "we", "you", "me", "it", "then", "also", "the", "go", "come", "pay", "book", "find",
    "take", "call", "order", "buy", "get", "show", "tell", "navigate", "plan", "check", "see",
];

/// `some fish and chips`, `buy salt and pepper for the flat`: the ` and ` at `start..end` of
/// `text` sits inside one thing's name — a listed dish's, or a bare word, bought bare, before
/// it, and one bare word after it that ends the clause or comes before a word that ends a name.
pub fn within_a_name(text: &str, start: usize, end: usize) -> bool {
    // `fish and chips`: a listed dish's name says `and`.
    if lexicon::find_all(text, lexicon::FOODS)
        .iter()
        .any(|m| m.start < start && end < m.end)
    {
        return true;
    }
    let mut before = text[..start].rsplit(' ');
    let (first, verb) = (before.next().unwrap_or(""), before.next().unwrap_or(""));
    let mut after = text[end..].split([' ', ',', '?', '!', '.']);
    let (second, next) = (after.next().unwrap_or(""), after.next());
    let word = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic());
    word(first)
        && word(second)
        && BARE_AFTER.contains(verb)
        && !NOT_A_NAME.contains(second)
        && !COUNTED.iter().any(|c| c.trim_end() == second)
        && next.is_none_or(|n| n.is_empty() || NAME_ENDS.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_and(text: &str) -> bool {
        let start = text.find(" and ").unwrap();
        within_a_name(text, start, start + 5)
    }

    #[test]
    fn intent_listing_keeps_one_thing_whole() {
        assert!(at_and("order me some fish and chips"));
        assert!(at_and("buy salt and pepper for the new flat"));
        assert!(!at_and("buy me a yoga mat and a water bottle"));
        assert!(!at_and("buy salt and then go home"));
        assert!(!at_and("get some milk and book a hotel"));
    }

    #[test]
    fn intent_listing_sees_a_thing_counted() {
        assert!(counted_thing(" a water bottle"));
        assert!(counted_thing("two notebooks"));
        assert!(counted_thing("一盒牙线"));
        assert!(counted_thing("两包纸巾"));
        assert!(!counted_thing("pepper"));
        assert!(!counted_thing("一下"));
    }
}
