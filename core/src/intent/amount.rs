//! An amount of money said aloud, in either language — "thirty-five yuan", "¥35.50",
//! "三十五块", "三十五块五", "五毛" — for paying a merchant's code. An utterance that holds
//! no amount, or more than one, is a typed error: an amount to pay is never guessed.

use thiserror::Error;

use super::numbers::find_numbers;
use super::parse::normalize;
use super::words::{Words, words};
use crate::money::Cny;

/// Units that make a number an amount of yuan (longest first, so `块钱` wins over `块`).
const YUAN_UNITS: Words = words![
    "块钱", "块", "元", "圆", "yuan", "rmb", "cny", "kuai", "bucks",
];
/// Units of a tenth of a yuan.
const JIAO_UNITS: Words = words!["毛钱", "毛", "角"];
/// Most that one payment to a code may be (a merchant code is for the counter, not a car).
pub const MAX_CODE_PAYMENT: Cny = Cny::yuan(50_000);

/// Why an utterance gives no amount to pay.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    /// No amount in it.
    #[error("no amount was said")]
    None,
    /// More than one amount, or one that does not read one way only ("35 yuan 50").
    #[error("the amount is ambiguous: say it once, e.g. “35 yuan” or “三十五块”")]
    Ambiguous,
    /// Zero.
    #[error("the amount must be more than zero")]
    NotPositive,
    /// Above [`MAX_CODE_PAYMENT`].
    #[error("{0} is more than a merchant code can be paid")]
    TooLarge(Cny),
}

/// Words said around an amount that say nothing else ("pay", "付", "一共"), longest first.
const FILLERS: Words = words![
    "i'll pay",
    "i will pay",
    "that's",
    "it's",
    "please",
    "total",
    "okay",
    "pay",
    "it",
    "is",
    "ok",
    "我要付",
    "一共",
    "总共",
    "给你",
    "付款",
    "支付",
    "我付",
    "付",
    "是",
    "吧",
];

/// True when `utterance` says an amount and nothing else — "35", "thirty-five yuan",
/// "付三十五块" — so while a merchant code waits for its amount, a question that merely
/// holds a number ("do they have 2 litre cola") is not taken for one.
pub fn is_only_an_amount(utterance: &str) -> bool {
    // Fillers first (whole words in English), so `一共`'s `一` is not read as a number.
    let mut text: String = normalize(utterance)
        .split(' ')
        .filter(|w| !FILLERS.contains(w.trim_matches(|c: char| c.is_ascii_punctuation())))
        .collect::<Vec<_>>()
        .join(" ");
    for filler in FILLERS.iter().filter(|f| !f.is_ascii()) {
        text = text.replace(filler, " ");
    }
    let numbers = find_numbers(&text);
    if numbers.is_empty() {
        return false;
    }
    let mut rest = String::with_capacity(text.len());
    let mut at = 0;
    for n in &numbers {
        rest.push_str(&text[at..n.start]);
        rest.push(' ');
        at = n.end;
    }
    rest.push_str(&text[at..]);
    for unit in YUAN_UNITS.iter().chain(JIAO_UNITS) {
        rest = rest.replace(unit, " ");
    }
    rest.chars()
        .all(|c| c.is_whitespace() || c.is_ascii_punctuation() || "¥,!?".contains(c))
}

/// The text right after byte `at`, without leading spaces.
fn after(text: &str, at: usize) -> &str {
    text[at..].trim_start()
}

/// The unit of `units` that `text` starts with, and its length in bytes.
fn unit_at(text: &str, units: Words) -> Option<usize> {
    units.iter().find(|u| text.starts_with(*u)).map(|u| u.len())
}

/// The amount said in `utterance`.
pub fn spoken_amount(utterance: &str) -> Result<Cny, AmountError> {
    let text = normalize(utterance);
    let numbers = find_numbers(&text);
    let mut with_unit: Vec<f64> = Vec::new();
    let mut bare: Vec<f64> = Vec::new();
    let mut skip_next = false;
    for (i, n) in numbers.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let rest = after(&text, n.end);
        let before = text[..n.start].trim_end();
        if let Some(unit_len) = unit_at(rest, YUAN_UNITS) {
            let mut yuan = n.value;
            // `三十五块五`, `35元5角`: a digit right after the unit is tenths; any other
            // number right after it does not read one way only.
            if let Some(next) = numbers.get(i + 1) {
                let unit_end = text.len() - rest.len() + unit_len;
                if text[unit_end..next.start].trim().is_empty() {
                    let tail = after(&text, next.end);
                    let is_jiao = next.value.fract() == 0.0
                        && (1.0..=9.0).contains(&next.value)
                        && (tail.is_empty() || unit_at(tail, JIAO_UNITS).is_some());
                    if !is_jiao {
                        return Err(AmountError::Ambiguous);
                    }
                    yuan += next.value / 10.0;
                    skip_next = true;
                }
            }
            with_unit.push(yuan);
        } else if before.ends_with('¥') {
            with_unit.push(n.value);
        } else if unit_at(rest, JIAO_UNITS).is_some() {
            with_unit.push(n.value / 10.0);
        } else {
            bare.push(n.value);
        }
    }
    let yuan = match (with_unit.as_slice(), bare.as_slice()) {
        ([one], _) => *one,
        ([], [one]) => *one,
        ([], []) => return Err(AmountError::None),
        _ => return Err(AmountError::Ambiguous),
    };
    let amount = Cny::from_yuan_f64(yuan).ok_or(AmountError::Ambiguous)?;
    if amount <= Cny::fen(0) {
        return Err(AmountError::NotPositive);
    }
    if amount > MAX_CODE_PAYMENT {
        return Err(AmountError::TooLarge(amount));
    }
    Ok(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_amounts_said_as_words_in_english_and_chinese() {
        for (said, fen) in [
            ("thirty-five yuan", 3500),
            ("Thirty five yuan", 3500),
            ("pay one hundred and twenty yuan", 12_000),
            ("35 yuan", 3500),
            ("¥35.50", 3550),
            ("￥12", 1200),
            ("35", 3500),
            ("forty-two", 4200),
            ("twelve bucks", 1200),
            ("三十五块", 3500),
            ("三十五块钱", 3500),
            ("三十五块五", 3550),
            ("35元5角", 3550),
            ("付二十八元", 2800),
            ("两块", 200),
            ("五毛", 50),
            ("一百二十块", 12_000),
            ("两千五百元", 250_000),
        ] {
            assert_eq!(spoken_amount(said), Ok(Cny::fen(fen)), "{said}");
        }
    }

    #[test]
    fn browser_only_an_amount_is_taken_for_one() {
        for said in [
            "35",
            "thirty-five yuan",
            "付三十五块",
            "¥35.50, please",
            "一共二十八元",
        ] {
            assert!(is_only_an_amount(said), "{said}");
        }
        for said in [
            "do they have 2 litre cola",
            "这家店有没有两升的可乐",
            "pay the shop",
            "navigate to 3 west lake road",
        ] {
            assert!(!is_only_an_amount(said), "{said}");
        }
    }

    #[test]
    fn browser_amounts_that_do_not_read_one_way_are_refused() {
        assert_eq!(spoken_amount("pay the shop"), Err(AmountError::None));
        assert_eq!(spoken_amount("付钱"), Err(AmountError::None));
        assert_eq!(spoken_amount("35 yuan 50"), Err(AmountError::Ambiguous));
        assert_eq!(spoken_amount("3 coffees 35"), Err(AmountError::Ambiguous));
        assert_eq!(
            spoken_amount("35 yuan or 40 yuan"),
            Err(AmountError::Ambiguous)
        );
        assert_eq!(spoken_amount("zero yuan"), Err(AmountError::NotPositive));
        assert_eq!(spoken_amount("零元"), Err(AmountError::NotPositive));
        assert!(matches!(
            spoken_amount("一百万元"),
            Err(AmountError::TooLarge(_))
        ));
    }
}
