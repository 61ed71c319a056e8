//! The candidates the value chooser ranks for one slot of one clause, and what it looks at in
//! each: every span of up to [`MAX_TOKENS`] tokens (an English word or a Chinese character)
//! that crosses no punctuation, with its tokens, its first and last, the two tokens either
//! side, its length, and whether a lexicon names it (not which span the rules chose: the
//! chooser compares its best with the rules' own); beside them the rules' value itself where no
//! span names it (or that they found none). Features are keys without a label ([`super::features::key`]); the slot's
//! label is added when they are scored.

use super::super::context::InView;
use super::features::{in_view_marks, key, key_of};
use super::value_slots::{ValueSlot, value_of};
use crate::intent::words::{Words, words};

/// The longest span a value can be, in tokens (`硝苯地平缓释片`, `Three Pools Mirroring the
/// Moon`).
const MAX_TOKENS: usize = 8;

/// The most tokens of a clause read (a clause is a phrase or two; a pasted page is read only
/// this far).
const MAX_CLAUSE_TOKENS: usize = 120;

/// One value the chooser can give a slot.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The value (none: the slot stays empty).
    pub value: Option<String>,
    /// Whether it is the rules' value (or their finding none).
    pub rules: bool,
    /// What the chooser looks at in it.
    pub features: Vec<u64>,
}

/// A token of a clause: its bytes, its text as features read it (lower case, a run of digits
/// one `0`), and whether it is punctuation (which no value crosses).
struct Token {
    start: usize,
    end: usize,
    text: String,
    breaks: bool,
}

/// Whether `c` goes on an English word or number (`Shangri-La`, `McDonald's`, `5W-30`).
fn in_a_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '\'' | '-' | '&')
}

/// The tokens of `clause`: runs of [`in_a_word`] characters, and every other character that is
/// not a space on its own.
fn tokens(clause: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut word: Option<usize> = None;
    for (at, c) in clause.char_indices().chain([(clause.len(), ' ')]) {
        if in_a_word(c) {
            word.get_or_insert(at);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(Token {
                start,
                end: at,
                text: folded(&clause[start..at]),
                breaks: false,
            });
        }
        if !c.is_whitespace() {
            out.push(Token {
                start: at,
                end: at + c.len_utf8(),
                text: c.to_lowercase().collect(),
                breaks: !c.is_alphanumeric(),
            });
        }
    }
    out.truncate(MAX_CLAUSE_TOKENS);
    out
}

/// `word` as features read it: lower case, each run of digits one `0`.
fn folded(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        if !(c.is_ascii_digit() && out.ends_with('0')) {
            out.push(if c.is_ascii_digit() { '0' } else { c });
        }
    }
    out
}

/// The features of the span of tokens `from..to` of `all` (`named`: a lexicon names it).
fn span_features(all: &[Token], from: usize, to: usize, named: bool) -> Vec<u64> {
    let text = |i: Option<usize>, edge: &'static str| {
        i.and_then(|i| all.get(i)).map_or(edge, |t| t.text.as_str())
    };
    let (first, last) = (text(Some(from), "^"), text(Some(to - 1), "$"));
    let before = text(from.checked_sub(1), "^");
    let before2 = text(from.checked_sub(2), "^");
    let (after, after2) = (text(Some(to), "$"), text(Some(to + 1), "$"));
    let inner: Vec<&str> = all[from..to].iter().map(|t| t.text.as_str()).collect();
    let language: &[u8] = if inner.iter().all(|t| t.is_ascii()) {
        b"en"
    } else {
        b"zh"
    };
    // The key of `prefix` and `words` joined by spaces (as `key` of that text, unmade).
    let joined = |prefix: &'static str, words: &[&str]| {
        let spaced = words
            .iter()
            .enumerate()
            .flat_map(|(i, w)| [if i == 0 { &b""[..] } else { b" " }, w.as_bytes()]);
        key_of(std::iter::once(prefix.as_bytes()).chain(spaced))
    };
    let mut features: Vec<u64> = inner.iter().map(|t| joined("i:", &[t])).collect();
    features.extend([
        joined("s:", &inner),
        joined("f:", &[first]),
        joined("l:", &[last]),
        joined("p:", &[before]),
        joined("pp:", &[before2, before]),
        joined("n:", &[after]),
        joined("nn:", &[after, after2]),
        joined("pf:", &[before, first]),
        joined("ln:", &[last, after]),
        key_of([&b"len:"[..], &[b'0' + (to - from) as u8], language]),
    ]);
    if named {
        features.push(key("named"));
    }
    features
}

/// Words that point at what is in view and name nothing (`I'll take three of these`, `这个多少钱`):
/// never a value of their own, the slot is left to what is in view.
const POINTERS: Words = words![
    "this", "that", "these", "those", "it", "here", "there", "one", "这", "那", "这个", "那个",
    "这些", "那些", "它", "这儿", "那儿", "这里", "那里",
];

/// The candidates for `slot` in `clause`, given the rules' value: every span but a word that
/// only points (those named as the rules' value marked theirs), and the rules' value itself
/// where no span names it (a value normalised, or read from what is in view) or no value where
/// they found none (with a mark for each kind of thing in view: a shop's name left empty is
/// the shop's in view).
pub fn candidates(
    clause: &str,
    slot: &ValueSlot,
    rules: Option<&str>,
    in_view: &InView,
) -> Vec<Candidate> {
    let all = tokens(clause);
    let mut out: Vec<Candidate> = Vec::new();
    for from in 0..all.len() {
        for to in from + 1..=(from + MAX_TOKENS).min(all.len()) {
            if all[to - 1].breaks {
                break;
            }
            let said = &clause[all[from].start..all[to - 1].end];
            if POINTERS.iter().any(|p| p.eq_ignore_ascii_case(said)) {
                continue;
            }
            let value = value_of(said, slot);
            let features = span_features(&all, from, to, value != said);
            out.push(Candidate {
                rules: rules.is_some_and(|r| r.eq_ignore_ascii_case(&value)),
                value: Some(value),
                features,
            });
        }
    }
    if !out.iter().any(|c| c.rules) {
        let own = if rules.is_some() {
            "r:unsaid"
        } else {
            "r:none"
        };
        let features = [own.to_string()]
            .into_iter()
            .chain(in_view_marks(in_view).map(|mark| format!("{own}{mark}")))
            .map(|f| key(&f))
            .collect();
        out.push(Candidate {
            value: rules.map(str::to_string),
            rules: true,
            features,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::value_slots::VALUE_SLOTS;
    use super::*;

    fn slot(label: &str) -> &'static ValueSlot {
        VALUE_SLOTS.iter().find(|s| s.label == label).unwrap()
    }

    #[test]
    fn spans_stop_at_punctuation_and_name_words_whole() {
        let found = candidates(
            "去灵隐寺烧个香，坐公交",
            slot("value:navigate.destination"),
            Some("灵隐寺烧个香"),
            &InView::default(),
        );
        let values: Vec<&str> = found.iter().filter_map(|c| c.value.as_deref()).collect();
        assert!(values.contains(&"Lingyin Temple"));
        assert!(!values.iter().any(|v| v.contains('，')));
        assert_eq!(found.iter().filter(|c| c.rules).count(), 1);
        let english = candidates(
            "buy mi sunscreen",
            slot("value:product.buy.item"),
            None,
            &InView::default(),
        );
        let values: Vec<&str> = english.iter().filter_map(|c| c.value.as_deref()).collect();
        assert!(values.contains(&"mi sunscreen") && !values.contains(&"i sun"));
        let mi_sunscreen = english
            .iter()
            .find(|c| c.value.as_deref() == Some("mi sunscreen"))
            .unwrap();
        for feature in ["s:mi sunscreen", "pp:^ buy", "ln:sunscreen $", "len:2en"] {
            assert!(mi_sunscreen.features.contains(&key(feature)), "{feature}");
        }
        assert_eq!(
            english.last().map(|c| (c.value.is_none(), c.rules)),
            Some((true, true))
        );
    }

    #[test]
    fn a_value_the_clause_does_not_say_is_the_rules_own_candidate() {
        let found = candidates(
            "这个多少钱",
            slot("value:product.stock.item"),
            Some("Sony WH-1000XM5"),
            &InView::default(),
        );
        assert_eq!(found.iter().filter(|c| c.rules).count(), 1);
        assert_eq!(
            found.last().and_then(|c| c.value.as_deref()),
            Some("Sony WH-1000XM5")
        );
    }

    #[test]
    fn a_word_that_only_points_is_no_candidate() {
        let found = candidates(
            "I'll take three of these",
            slot("value:product.buy.item"),
            None,
            &InView::default(),
        );
        let values: Vec<&str> = found.iter().filter_map(|c| c.value.as_deref()).collect();
        assert!(!values.contains(&"these") && values.contains(&"of these"));
    }

    #[test]
    fn digits_fold_and_a_huge_clause_is_read_only_so_far() {
        assert_eq!(folded("5W-30"), "0w-0");
        let long = "买".repeat(10_000);
        let found = candidates(
            &long,
            slot("value:product.buy.item"),
            None,
            &InView::default(),
        );
        assert!(found.len() <= MAX_CLAUSE_TOKENS * MAX_TOKENS + 1);
    }
}
