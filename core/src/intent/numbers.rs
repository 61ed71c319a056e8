//! Numbers in an utterance, whichever way they are said: digits (`42`, `5,000`, `3.5`, `5k`),
//! Chinese numerals (`四十二`, `两`, `三千五`, `1万`) and English words (`forty-two`,
//! `two thousand five hundred`, `a dozen`). The slot extractors look around each number for
//! its unit, so finding them all once is the common first step.

use super::words::{WordPairs, pairs};

/// A number found in a text: its value and where it is (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberMatch {
    /// The value.
    pub value: f64,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Every number in `text` (already normalised: lower case, half-width), left to right.
pub fn find_numbers(text: &str) -> Vec<NumberMatch> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let at_word_start = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        let parsed = digits_at(rest)
            .or_else(|| chinese_at(rest))
            .or_else(|| at_word_start.then(|| english_at(rest)).flatten());
        match parsed {
            Some((value, len)) => {
                found.push(NumberMatch {
                    value,
                    start: i,
                    end: i + len,
                });
                i += len;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// A multiplier written right after a number: `5k`, `5千`, `1.5万`, `3百`.
fn multiplier_at(rest: &str) -> Option<(f64, usize)> {
    let c = rest.chars().next()?;
    let after_is_letter = rest[c.len_utf8()..]
        .chars()
        .next()
        .is_some_and(|n| n.is_ascii_alphabetic());
    match c {
        'k' if !after_is_letter => Some((1_000.0, 1)),
        '千' => Some((1_000.0, c.len_utf8())),
        '万' => Some((10_000.0, c.len_utf8())),
        '百' => Some((100.0, c.len_utf8())),
        _ => None,
    }
}

/// `42`, `5,000`, `299.5`, `5k`, `3千`, `1.5万` at the start of `rest`.
fn digits_at(rest: &str) -> Option<(f64, usize)> {
    let bytes = rest.as_bytes();
    if !bytes.first()?.is_ascii_digit() {
        return None;
    }
    let mut end = 0;
    let mut digits = String::new();
    let mut seen_dot = false;
    while end < bytes.len() {
        let b = bytes[end];
        if b.is_ascii_digit() {
            digits.push(b as char);
        } else if b == b',' && grouped_thousands(&bytes[end + 1..]) {
            // `5,000`: a comma followed by exactly three digits groups thousands.
        } else if b == b'.' && !seen_dot && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            seen_dot = true;
            digits.push('.');
        } else {
            break;
        }
        end += 1;
    }
    let mut value: f64 = digits.parse().ok()?;
    if let Some((factor, len)) = multiplier_at(&rest[end..]) {
        value *= factor;
        end += len;
    }
    Some((value, end))
}

fn grouped_thousands(after: &[u8]) -> bool {
    after.len() >= 3
        && after[..3].iter().all(u8::is_ascii_digit)
        && after.get(3).is_none_or(|b| !b.is_ascii_digit())
}

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' => 10_000,
        _ => return None,
    })
}

/// Characters that make a word of a `一` before them (`一共`, `一起`, `一下`, `一点`, `一些`,
/// `一定`, `一直`, `一般`, `一样`, `一边`, `一切`, `一向`, `一旦`, `一再`, `一会`): an adverb, not
/// the number one.
const ONE_AS_A_WORD: &str = "共起下点些定直般样边切向旦再会";

/// `俩` (two of them) and `仨` (three): a count and its measure word in one character.
pub(super) fn count_and_measure(c: char) -> Option<u64> {
    match c {
        '俩' => Some(2),
        '仨' => Some(3),
        _ => None,
    }
}

/// `四十二`, `两`, `十五`, `三千五` (colloquial 3,500), `一万二`, `俩` at the start of `rest`.
/// Not a word that only starts with a numeral's character: `一共`, `一起` (see
/// [`ONE_AS_A_WORD`]), or a bare `百`, `千`, `万` (`百货`, `千万别`, `万一`), which are said
/// with a digit before them when they count.
fn chinese_at(rest: &str) -> Option<(f64, usize)> {
    let mut chars = rest.chars();
    let first = chars.next()?;
    if let Some(n) = count_and_measure(first) {
        return Some((n as f64, first.len_utf8()));
    }
    let second = chars.next();
    if matches!(first, '百' | '千' | '万')
        || (first == '一' && second.is_some_and(|c| ONE_AS_A_WORD.contains(c)))
    {
        return None;
    }
    let mut total: u64 = 0; // completed 万 sections
    let mut section: u64 = 0; // below 万
    let mut digit: Option<u64> = None;
    let mut last_unit: u64 = 0;
    let mut zero = false;
    let mut len = 0;
    for c in rest.chars() {
        if matches!(c, '零' | '〇') && len > 0 {
            // `两千零五`: a zero only says the next digit is in the ones.
            zero = true;
        } else if let Some(d) = chinese_digit(c) {
            if digit.is_some() {
                break; // two digits in a row (`一二`) is not a number we read
            }
            digit = Some(d);
        } else if let Some(unit) = chinese_unit(c) {
            if unit == 10_000 {
                section += digit.take().unwrap_or(0);
                total = (total + section.max(1)) * 10_000;
                section = 0;
            } else {
                section += digit.take().unwrap_or(1) * unit;
            }
            last_unit = unit;
        } else {
            break;
        }
        len += c.len_utf8();
    }
    if len == 0 {
        return None;
    }
    let tail = match digit {
        // `三千五` = 3,500, `一百五` = 150, `一万二` = 12,000: a lone digit after a unit
        // counts in the next unit down.
        Some(d) if last_unit >= 100 && !zero => d * (last_unit / 10),
        Some(d) => d,
        None => 0,
    };
    // A bare `十` / `百` / `千` with nothing else is still a number (ten, a hundred…).
    Some(((total + section + tail) as f64, len))
}

/// English words for small numbers, each with its value.
const ENGLISH_SMALL: WordPairs = pairs![
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("thirteen", "13"),
    ("fourteen", "14"),
    ("fifteen", "15"),
    ("sixteen", "16"),
    ("seventeen", "17"),
    ("eighteen", "18"),
    ("nineteen", "19"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("sixty", "60"),
    ("seventy", "70"),
    ("eighty", "80"),
    ("ninety", "90"),
    ("dozen", "12"),
    ("couple", "2"),
];

/// The small number an English word names (`two` → 2, `dozen` → 12), if it names one.
pub(super) fn english_count(word: &str) -> Option<u64> {
    ENGLISH_SMALL
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .and_then(|(_, n)| n.parse().ok())
}

/// The next English word of `rest` (letters only) and the length including one trailing
/// joiner (space or hyphen) when another word follows.
fn next_word(rest: &str) -> Option<(&str, usize)> {
    let end = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    (end > 0).then(|| (&rest[..end], end))
}

/// `forty-two`, `two thousand five hundred`, `a dozen`, `a couple` at the start of `rest`.
fn english_at(rest: &str) -> Option<(f64, usize)> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut consumed = 0; // bytes up to the end of the last number word
    let mut pos = 0;
    let mut any = false;
    while let Some((word, len)) = next_word(&rest[pos..]) {
        let small = english_count(word);
        match (small, word) {
            // `three dozen`: dozens counted.
            (_, "dozen") if any => current *= 12,
            (Some(n), _) => current += n,
            // `a hundred`, `a thousand`: `a` counts one of them.
            (None, "a")
                if !any
                    && next_word(rest[pos + len..].trim_start_matches(' '))
                        .is_some_and(|(w, _)| w == "hundred" || w == "thousand") => {}
            (None, "hundred") if any => current = current.max(1) * 100,
            // `eight grand`, `twenty k`: thousands, said loosely.
            (None, "thousand" | "grand" | "k") if any => {
                total += current.max(1) * 1_000;
                current = 0;
            }
            (None, "and") if any => {
                // `two hundred and fifty`: only when a number word follows.
                let after = rest[pos + len..].trim_start_matches(' ');
                let follows = next_word(after).is_some_and(|(w, _)| english_count(w).is_some());
                if !follows {
                    break;
                }
                pos += len;
                pos += rest[pos..].len() - rest[pos..].trim_start_matches(' ').len();
                continue;
            }
            _ => break,
        }
        any = true;
        pos += len;
        consumed = pos;
        match rest[pos..].chars().next() {
            Some(' ') | Some('-') => pos += 1,
            _ => break,
        }
    }
    any.then(|| ((total + current) as f64, consumed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<f64> {
        find_numbers(text).iter().map(|m| m.value).collect()
    }

    #[test]
    fn digits_with_grouping_decimals_and_multipliers() {
        assert_eq!(values("budget 5,000 or 5k"), vec![5000.0, 5000.0]);
        assert_eq!(values("¥299.5"), vec![299.5]);
        assert_eq!(values("预算1.5万"), vec![15000.0]);
        assert_eq!(values("3千块"), vec![3000.0]);
        assert_eq!(values("1,2"), vec![1.0, 2.0]);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(values("四十二码"), vec![42.0]);
        assert_eq!(values("两双"), vec![2.0]);
        assert_eq!(values("十五"), vec![15.0]);
        assert_eq!(values("三千五"), vec![3500.0]);
        assert_eq!(values("一万二"), vec![12000.0]);
        assert_eq!(values("买俩充电宝"), vec![2.0]);
        // Words that start with a numeral's character count nothing.
        assert_eq!(values("预算一共两万"), vec![20000.0]);
        assert!(values("咱一起去百货大楼，万一下雨呢").is_empty());
        assert_eq!(values("两千零五十"), vec![2050.0]);
        assert_eq!(values("两千零五"), vec![2005.0]);
        assert_eq!(values("十"), vec![10.0]);
    }

    #[test]
    fn english_words() {
        assert_eq!(values("size forty-two please"), vec![42.0]);
        assert_eq!(values("two thousand five hundred yuan"), vec![2500.0]);
        assert_eq!(values("three hundred and fifty"), vec![350.0]);
        assert_eq!(values("under a hundred bucks"), vec![100.0]);
        assert_eq!(values("a thousand yuan"), vec![1000.0]);
        assert_eq!(values("a cup"), Vec::<f64>::new());
        assert_eq!(values("a dozen eggs"), vec![12.0]);
        assert_eq!(values("three dozen bottles"), vec![36.0]);
        assert_eq!(values("someone tonight"), Vec::<f64>::new());
        assert_eq!(values("stone"), Vec::<f64>::new());
    }
}
