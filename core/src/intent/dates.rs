//! Dates as people say them, resolved against "today" in the wearer's time zone: `明天`,
//! `下周五`, `12月4号`, `3天后`, `tomorrow`, `next Friday`, `in 3 days`, `Dec 4th`, `2026-12-04`.
//!
//! Weeks start on Monday. `下周五` / `next Friday` is the Friday of next week; a bare weekday
//! (`周五`, `on Friday`) is the next one strictly after today; a day of the month without a
//! month (`4号`, `the 4th`) is the next such day; a month and day already past this year is
//! next year's.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::numbers::find_numbers;
use super::words::words;

/// A date found in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// The resolved date.
    pub date: NaiveDate,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Chinese words of a day counted from today; the Beijing `儿` forms (`明儿`, `今儿个`,
/// `后儿`) are the same days.
const ZH_RELATIVE: &[(&str, u64)] = &[
    ("大后天", 3),
    ("大后儿", 3),
    ("后天", 2),
    ("后儿个", 2),
    ("后儿", 2),
    ("明天", 1),
    ("明儿个", 1),
    ("明儿", 1),
    ("明日", 1),
    ("明早", 1),
    ("明晚", 1),
    ("今天", 0),
    ("今儿个", 0),
    ("今儿", 0),
    ("今日", 0),
    ("今晚", 0),
];

const EN_RELATIVE: &[(&str, u64)] = &[
    ("the day after tomorrow", 2),
    ("day after tomorrow", 2),
    ("tomorrow", 1),
    ("tmr", 1),
    ("today", 0),
    ("tonight", 0),
];

const EN_WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
    ("tues", Weekday::Tue),
    ("tue", Weekday::Tue),
    ("wed", Weekday::Wed),
    ("thurs", Weekday::Thu),
    ("thu", Weekday::Thu),
    ("fri", Weekday::Fri),
];

const EN_MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sept", 9),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Holidays on a fixed day of the year (month, day), in both languages: the next one from
/// today. Longer names first, so `christmas eve` is not `christmas`.
const HOLIDAYS: &[(&str, u32, u32)] = &[
    ("new year's eve", 12, 31),
    ("new year's day", 1, 1),
    ("new year", 1, 1),
    ("christmas eve", 12, 24),
    ("christmas day", 12, 25),
    ("christmas", 12, 25),
    ("xmas", 12, 25),
    ("valentine's day", 2, 14),
    ("national day", 10, 1),
    ("may day", 5, 1),
    ("跨年", 12, 31),
    ("元旦", 1, 1),
    ("平安夜", 12, 24),
    ("圣诞节", 12, 25),
    ("圣诞", 12, 25),
    ("情人节", 2, 14),
    ("国庆节", 10, 1),
    ("国庆", 10, 1),
    ("劳动节", 5, 1),
    ("五一", 5, 1),
];

/// The end or the start of this or next month (`月底`, `下个月初`, `end of the month`,
/// `next month`), as (words, months ahead, whether the last day).
const MONTH_PARTS: &[(&str, u32, bool)] = &[
    ("下个月底", 1, true),
    ("下个月末", 1, true),
    ("下月底", 1, true),
    ("下个月初", 1, false),
    ("下月初", 1, false),
    ("月底", 0, true),
    ("月末", 0, true),
    ("end of next month", 1, true),
    ("end of the month", 0, true),
    ("end of this month", 0, true),
    ("the end of the month", 0, true),
    ("early next month", 1, false),
    ("beginning of next month", 1, false),
    ("start of next month", 1, false),
    ("next month", 1, false),
];

/// A holiday or a part of a month at the start of `rest` (English names only at a word
/// start, which the caller checks).
fn named_day_at(rest: &str, today: NaiveDate, word_start: bool) -> Option<(NaiveDate, usize)> {
    let fits = |word: &str| {
        rest.starts_with(word)
            && (!word.is_ascii() || (word_start && word_end_ok(rest, word.len())))
    };
    if let Some((word, month, day)) = HOLIDAYS.iter().find(|(w, _, _)| fits(w)) {
        return Some((upcoming_month_day(today, *month, *day)?, word.len()));
    }
    let (word, ahead, last) = MONTH_PARTS.iter().find(|(w, _, _)| fits(w))?;
    let first = today.with_day(1)?.checked_add_months(Months::new(*ahead))?;
    let date = if *last {
        first.checked_add_months(Months::new(1))?.pred_opt()?
    } else {
        first
    };
    Some((date, word.len()))
}

/// `下个月想去重庆`: next month said alone (no day after it, which `zh_at` reads) is its 1st.
fn next_month_alone(rest: &str, today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let word = words!["下个月", "下月"]
        .into_iter()
        .find(|w| rest.starts_with(w))?;
    let first = today.with_day(1)?.checked_add_months(Months::new(1))?;
    Some((first, word.len()))
}

const ZH_WEEK_PREFIXES: &[(&str, u64)] = &[
    ("下下周", 2),
    ("下下个星期", 2),
    ("下个星期", 1),
    ("下星期", 1),
    ("下下个礼拜", 2),
    ("下下礼拜", 2),
    ("下个礼拜", 1),
    ("下礼拜", 1),
    ("下周", 1),
    ("这个星期", 0),
    ("这星期", 0),
    ("这周", 0),
    ("本周", 0),
    ("这个礼拜", 0),
    ("这礼拜", 0),
    ("本星期", 0),
];

/// Verbs of spending days somewhere: a number of `日` after one counts days (`玩三日`).
pub(super) const SPENDING_DAYS: &[char] = &['玩', '住', '待', '呆', '逛', '耍'];

/// Every date expression in `text` (normalised), resolved against `today`, left to right.
pub fn find_dates(text: &str, today: NaiveDate) -> Vec<DateMatch> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let word_start = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_ascii_alphanumeric());
        // `订一下下周三的票`, `check下下周五`: the first `下` closes the verb before it (`一下`,
        // an English verb said with `下`), so the date is next week's, not the week after's.
        if rest.starts_with("下下")
            && text[..i].ends_with(|c: char| c == '一' || c.is_ascii_alphabetic())
        {
            i += '下'.len_utf8();
            continue;
        }
        // `玩三日`, `住两日`: days spent, not the third of the month.
        let spent = text[..i].ends_with(SPENDING_DAYS);
        let matched = named_day_at(rest, today, word_start)
            .or_else(|| {
                zh_at(rest, today).filter(|(_, len)| !(spent && rest[..*len].ends_with('日')))
            })
            .or_else(|| next_month_alone(rest, today))
            .or_else(|| {
                word_start
                    .then(|| en_at(rest, today).or_else(|| numeric_at(rest, today)))
                    .flatten()
            });
        match matched {
            Some((date, len)) if len > 0 => {
                found.push(DateMatch {
                    date,
                    start: i,
                    end: i + len,
                });
                i += len;
            }
            _ => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    close_ranges(text, &mut found);
    explicit_date_wins(text, &mut found);
    found
}

/// `Saturday, December 12th`, `下周四，也就是12月10号`: a day said by its name and then by its
/// calendar date is one day, and the calendar date wins (it cannot be misread by a week).
fn explicit_date_wins(text: &str, found: &mut Vec<DateMatch>) {
    let calendar = |m: &DateMatch| {
        let said = &text[m.start..m.end];
        said.contains(|c: char| c.is_ascii_digit() || c == '月' || c == '号')
            || (0..said.len())
                .filter(|&i| said.is_char_boundary(i))
                .any(|i| en_month(&said[i..]).is_some())
    };
    let mut i = 1;
    while i < found.len() {
        let (named, dated) = (found[i - 1], found[i]);
        let mut between = text[named.end..dated.start].trim();
        while let Some(rest) = words![
            "也就是",
            "就是",
            "即",
            ",",
            "，",
            "、",
            "i.e.",
            "that is",
            "the",
            "on",
        ]
        .iter()
        .find_map(|w| between.strip_prefix(w))
        {
            between = rest.trim_start();
        }
        if between.is_empty() && !calendar(&named) && calendar(&dated) {
            found[i].start = named.start;
            found.remove(i - 1);
        } else {
            i += 1;
        }
    }
}

/// `下周三到周五`, `Monday to Friday`: the end of a range said as a bare weekday is in the
/// start's week (or after it), not the next one from today.
fn close_ranges(text: &str, found: &mut [DateMatch]) {
    for i in 1..found.len() {
        let (start, end) = (found[i - 1], found[i]);
        let between = text[start.end..end.start].trim();
        let a_range = words!["到", "至", "-", "to", "until", "till", "through"].contains(between);
        if a_range && end.date < start.date {
            let days = (start.date - end.date).num_days();
            let weeks = (days + 6) / 7;
            if let Some(date) = end.date.checked_add_days(Days::new((weeks * 7) as u64)) {
                found[i].date = date;
            }
        }
    }
}

fn add_days(today: NaiveDate, days: u64) -> Option<NaiveDate> {
    today.checked_add_days(Days::new(days))
}

/// Monday of the week `weeks_ahead` weeks after this one, then `weekday` in it.
fn weekday_in_week(today: NaiveDate, weeks_ahead: u64, weekday: Weekday) -> Option<NaiveDate> {
    let monday =
        today.checked_sub_days(Days::new(u64::from(today.weekday().num_days_from_monday())))?;
    add_days(
        monday,
        weeks_ahead * 7 + u64::from(weekday.num_days_from_monday()),
    )
}

/// The next `weekday` strictly after today.
fn next_weekday(today: NaiveDate, weekday: Weekday) -> Option<NaiveDate> {
    let ahead = (7 + weekday.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
    add_days(today, if ahead == 0 { 7 } else { u64::from(ahead) })
}

/// `month`/`day` this year, or next year when already past.
fn upcoming_month_day(today: NaiveDate, month: u32, day: u32) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(today.year(), month, day)?;
    if this_year >= today {
        Some(this_year)
    } else {
        NaiveDate::from_ymd_opt(today.year() + 1, month, day)
    }
}

/// `day` of this month, or of next month when already past.
fn upcoming_day(today: NaiveDate, day: u32) -> Option<NaiveDate> {
    let this_month = today.with_day(day);
    match this_month {
        Some(d) if d >= today => Some(d),
        _ => today
            .with_day(1)?
            .checked_add_months(Months::new(1))?
            .with_day(day),
    }
}

fn zh_weekday(c: char) -> Option<Weekday> {
    Some(match c {
        '一' | '1' => Weekday::Mon,
        '二' | '2' => Weekday::Tue,
        '三' | '3' => Weekday::Wed,
        '四' | '4' => Weekday::Thu,
        '五' | '5' => Weekday::Fri,
        '六' | '6' => Weekday::Sat,
        '日' | '天' | '7' => Weekday::Sun,
        _ => return None,
    })
}

/// `周五` / `星期五` / `礼拜五` / `周末` after an optional week prefix; returns the weekday
/// (Saturday for the weekend) and the length.
fn zh_weekday_word(rest: &str) -> Option<(Weekday, usize)> {
    if rest.starts_with("周末") {
        return Some((Weekday::Sat, "周末".len()));
    }
    for stem in words!["星期", "礼拜", "周"] {
        if let Some(after) = rest.strip_prefix(stem) {
            let c = after.chars().next()?;
            return zh_weekday(c).map(|w| (w, stem.len() + c.len_utf8()));
        }
    }
    None
}

fn zh_at(rest: &str, today: NaiveDate) -> Option<(NaiveDate, usize)> {
    for (word, days) in ZH_RELATIVE {
        if rest.starts_with(word) {
            return Some((add_days(today, *days)?, word.len()));
        }
    }
    for (prefix, weeks) in ZH_WEEK_PREFIXES {
        if let Some(after) = rest.strip_prefix(prefix) {
            // `下周五`, `下周末`, `下星期五`; `下周` alone is next week's Monday.
            let named = match after.chars().next() {
                Some('末') => Some(Weekday::Sat),
                Some(c) => zh_weekday(c).filter(|_| c.len_utf8() > 1),
                None => None,
            };
            let (weekday, len) = match named {
                Some(w) => (w, prefix.len() + 3),
                None if *weeks > 0 => (Weekday::Mon, prefix.len()),
                None => return None,
            };
            return Some((weekday_in_week(today, *weeks, weekday)?, len));
        }
    }
    if let Some((weekday, len)) = zh_weekday_word(rest) {
        let date = if weekday == Weekday::Sat && rest.starts_with("周末") {
            weekday_in_week(today, 0, Weekday::Sat).filter(|d| *d >= today)
        } else {
            None
        };
        return Some((date.or_else(|| next_weekday(today, weekday))?, len));
    }
    if let Some(after) = rest.strip_prefix("下个月") {
        let n = find_numbers(after)
            .into_iter()
            .next()
            .filter(|n| n.start == 0)?;
        let unit = after[n.end..]
            .chars()
            .next()
            .filter(|c| *c == '号' || *c == '日')?;
        let first_next = today.with_day(1)?.checked_add_months(Months::new(1))?;
        let date = first_next.with_day(n.value as u32)?;
        return Some((date, "下个月".len() + n.end + unit.len_utf8()));
    }
    zh_numeric_at(rest, today)
}

/// `12月4日` / `12月4号` / `4号` / `3天后` / `一周后` / `2026年12月4日`.
fn zh_numeric_at(rest: &str, today: NaiveDate) -> Option<(NaiveDate, usize)> {
    let numbers = find_numbers(rest);
    let first = numbers.first().filter(|n| n.start == 0)?;
    let after = &rest[first.end..];
    let value = first.value as u32;
    if let Some(tail) = after.strip_prefix('年') {
        let month = numbers
            .get(1)
            .filter(|n| n.start == first.end + '年'.len_utf8())?;
        let tail2 = tail.get(month.end - month.start..)?.strip_prefix('月')?;
        let day = numbers
            .get(2)
            .filter(|n| n.start == month.end + '月'.len_utf8())?;
        let unit = tail2
            .get(day.end - day.start..)?
            .chars()
            .next()
            .filter(|c| *c == '日' || *c == '号')?;
        let date = NaiveDate::from_ymd_opt(value as i32, month.value as u32, day.value as u32)?;
        return Some((date, day.end + unit.len_utf8()));
    }
    if after.starts_with('月') {
        let day = numbers
            .get(1)
            .filter(|n| n.start == first.end + '月'.len_utf8())?;
        let unit = rest[day.end..]
            .chars()
            .next()
            .filter(|c| *c == '日' || *c == '号')?;
        return Some((
            upcoming_month_day(today, value, day.value as u32)?,
            day.end + unit.len_utf8(),
        ));
    }
    // Things numbered with 号 (`5号线`, `五号电池`, `3号床`) are no day of the month.
    let not_a_date = [
        '线', '楼', '门', '口', '店', '馆', '码', '鞋', '位', '车', '电', '床', '房', '台', '窗',
        '柜', '球',
    ];
    if let Some(c) = after.chars().next().filter(|c| *c == '号' || *c == '日') {
        if after[c.len_utf8()..].starts_with(not_a_date) {
            return None;
        }
        return Some((upcoming_day(today, value)?, first.end + c.len_utf8()));
    }
    for (unit, days_per) in [("天", 1u64), ("个星期", 7), ("星期", 7), ("周", 7)] {
        if let Some(tail) = after.strip_prefix(unit) {
            for suffix in words!["之后", "以后", "后", "之内", "以内", "内"] {
                if tail.starts_with(suffix) {
                    let date = add_days(today, u64::from(value) * days_per)?;
                    return Some((date, first.end + unit.len() + suffix.len()));
                }
            }
        }
    }
    None
}

fn word_end_ok(rest: &str, len: usize) -> bool {
    rest[len..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_ascii_alphanumeric())
}

fn en_weekday(rest: &str) -> Option<(Weekday, usize)> {
    EN_WEEKDAYS
        .iter()
        .find(|(w, _)| rest.starts_with(w) && word_end_ok(rest, w.len()))
        .map(|(w, d)| (*d, w.len()))
}

fn en_month(rest: &str) -> Option<(u32, usize)> {
    EN_MONTHS
        .iter()
        .find(|(w, _)| rest.starts_with(w) && word_end_ok(rest, w.len()))
        .map(|(w, m)| (*m, w.len()))
        .map(|(m, len)| (m, len + usize::from(rest[len..].starts_with('.'))))
}

/// A day of the month: `4`, `4th`, `21st`; returns day and length.
fn en_day(rest: &str) -> Option<(u32, usize)> {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 2 {
        return None;
    }
    let day: u32 = rest[..digits].parse().ok()?;
    let suffix = words!["st", "nd", "rd", "th"]
        .iter()
        .find(|s| rest[digits..].starts_with(*s))
        .map_or(0, |s| s.len());
    ((1..=31).contains(&day) && word_end_ok(rest, digits + suffix))
        .then_some((day, digits + suffix))
}

fn en_at(rest: &str, today: NaiveDate) -> Option<(NaiveDate, usize)> {
    for (word, days) in EN_RELATIVE {
        if rest.starts_with(word) && word_end_ok(rest, word.len()) {
            return Some((add_days(today, *days)?, word.len()));
        }
    }
    for (prefix, weeks) in [
        ("next ", 1u64),
        ("this ", 0),
        ("this coming ", 0),
        ("coming ", 0),
    ] {
        let Some(after) = rest.strip_prefix(prefix) else {
            continue;
        };
        if let Some((weekday, len)) = en_weekday(after) {
            let date = if prefix == "next " {
                weekday_in_week(today, weeks, weekday)
            } else {
                weekday_in_week(today, 0, weekday)
                    .filter(|d| *d > today)
                    .or_else(|| next_weekday(today, weekday))
            };
            return Some((date?, prefix.len() + len));
        }
        if after.starts_with("weekend") {
            return Some((
                weekday_in_week(today, weeks, Weekday::Sat)?,
                prefix.len() + 7,
            ));
        }
        if after.starts_with("week") && word_end_ok(after, 4) && weeks == 1 {
            return Some((weekday_in_week(today, 1, Weekday::Mon)?, prefix.len() + 4));
        }
    }
    if let Some((weekday, len)) = en_weekday(rest) {
        return Some((next_weekday(today, weekday)?, len));
    }
    // `a weekend in Suzhou`: the coming one.
    if rest.starts_with("weekend") && word_end_ok(rest, 7) {
        let saturday = weekday_in_week(today, 0, Weekday::Sat).filter(|d| *d >= today);
        return Some((saturday.or_else(|| next_weekday(today, Weekday::Sat))?, 7));
    }
    if let Some(after) = rest
        .strip_prefix("in ")
        .or_else(|| rest.strip_prefix("within "))
    {
        let n = find_numbers(after)
            .into_iter()
            .next()
            .filter(|n| n.start == 0);
        let (count, body) = match n {
            Some(n) => (n.value as u64, after[n.end..].trim_start()),
            None => (
                1,
                after
                    .strip_prefix("a ")
                    .or_else(|| after.strip_prefix("one "))?,
            ),
        };
        for (unit, per) in [("days", 1u64), ("day", 1), ("weeks", 7), ("week", 7)] {
            if body.starts_with(unit) && word_end_ok(body, unit.len()) {
                let len = rest.len() - body.len() + unit.len();
                return Some((add_days(today, count * per)?, len));
            }
        }
        return None;
    }
    // `december 4th`, `dec 4`, `4 dec`, `4th of december`, `the 4th`.
    let body = rest.strip_prefix("the ").unwrap_or(rest);
    let lead = rest.len() - body.len();
    if let Some((month, mlen)) = en_month(body) {
        let after = body[mlen..].trim_start();
        let (day, dlen) = en_day(after)?;
        let len = lead + body.len() - after.len() + dlen;
        return Some((upcoming_month_day(today, month, day)?, len));
    }
    let (day, dlen) = en_day(body)?;
    let after = &body[dlen..];
    let after_of = after
        .strip_prefix(" of ")
        .or_else(|| after.strip_prefix(' '))
        .unwrap_or("");
    if let Some((month, mlen)) = en_month(after_of) {
        let len = lead + body.len() - after_of.len() + mlen;
        return Some((upcoming_month_day(today, month, day)?, len));
    }
    let has_ordinal = dlen > body.bytes().take_while(u8::is_ascii_digit).count();
    (lead > 0 && has_ordinal).then(|| upcoming_day(today, day).map(|d| (d, lead + dlen)))?
}

/// `2026-12-04`, `12/4`.
fn numeric_at(rest: &str, today: NaiveDate) -> Option<(NaiveDate, usize)> {
    if rest.len() >= 10
        && let Some(head) = rest.get(..10)
        && let Ok(date) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
    {
        return Some((date, 10));
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let month: u32 = rest.get(..digits)?.parse().ok()?;
    let after = rest[digits..].strip_prefix('/')?;
    let day_digits = after.bytes().take_while(u8::is_ascii_digit).count();
    let day: u32 = after.get(..day_digits)?.parse().ok()?;
    if !word_end_ok(after, day_digits) {
        return None;
    }
    Some((
        upcoming_month_day(today, month, day)?,
        digits + 1 + day_digits,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thursday, 26 November 2026.
    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn first(text: &str) -> Option<String> {
        find_dates(text, today())
            .first()
            .map(|m| m.date.format("%Y-%m-%d").to_string())
    }

    #[test]
    fn chinese_relative_dates() {
        assert_eq!(first("下周五去哈尔滨").as_deref(), Some("2026-12-04"));
        assert_eq!(first("明天").as_deref(), Some("2026-11-27"));
        assert_eq!(first("大后天").as_deref(), Some("2026-11-29"));
        assert_eq!(first("明儿早上送过来").as_deref(), Some("2026-11-27"));
        assert_eq!(first("今儿个去").as_deref(), Some("2026-11-26"));
        assert_eq!(first("后儿").as_deref(), Some("2026-11-28"));
        assert_eq!(first("周五").as_deref(), Some("2026-11-27"));
        assert_eq!(first("周四").as_deref(), Some("2026-12-03"));
        assert_eq!(first("这周六").as_deref(), Some("2026-11-28"));
        assert_eq!(first("下星期一").as_deref(), Some("2026-11-30"));
        assert_eq!(first("下周末").as_deref(), Some("2026-12-05"));
        assert_eq!(first("三天后").as_deref(), Some("2026-11-29"));
        assert_eq!(first("3天内送到").as_deref(), Some("2026-11-29"));
        assert_eq!(first("12月4号").as_deref(), Some("2026-12-04"));
        assert_eq!(first("1月2日").as_deref(), Some("2027-01-02"));
        assert_eq!(first("下个月3号").as_deref(), Some("2026-12-03"));
        assert_eq!(first("5号").as_deref(), Some("2026-12-05"));
        assert_eq!(first("2027年1月20日").as_deref(), Some("2027-01-20"));
    }

    #[test]
    fn holidays_and_parts_of_a_month() {
        assert_eq!(first("圣诞节去哈尔滨").as_deref(), Some("2026-12-25"));
        assert_eq!(first("元旦").as_deref(), Some("2027-01-01"));
        assert_eq!(first("on christmas eve").as_deref(), Some("2026-12-24"));
        assert_eq!(first("月底回西安").as_deref(), Some("2026-11-30"));
        assert_eq!(first("下个月底").as_deref(), Some("2026-12-31"));
        assert_eq!(first("end of next month").as_deref(), Some("2026-12-31"));
        assert_eq!(first("next month").as_deref(), Some("2026-12-01"));
        assert_eq!(first("下个月想去重庆").as_deref(), Some("2026-12-01"));
        assert_eq!(first("a weekend in suzhou").as_deref(), Some("2026-11-28"));
        assert_eq!(first("open on weekends"), None);
    }

    #[test]
    fn a_calendar_date_after_a_weekday_wins() {
        assert_eq!(
            first("departing saturday, december 12th").as_deref(),
            Some("2026-12-12")
        );
        assert_eq!(
            first("下周四，也就是12月10号").as_deref(),
            Some("2026-12-10")
        );
        assert_eq!(first("周五到12月10号").as_deref(), Some("2026-11-27"));
    }

    #[test]
    fn a_down_closing_a_verb_is_not_the_week_after_next() {
        assert_eq!(first("帮我订一下下周三的票").as_deref(), Some("2026-12-02"));
        assert_eq!(first("帮我check下下周五").as_deref(), Some("2026-12-04"));
        assert_eq!(first("下下周三去青岛").as_deref(), Some("2026-12-09"));
    }

    #[test]
    fn a_range_ends_in_its_own_week() {
        let dates: Vec<String> = find_dates("下周三到周五在广州", today())
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(dates, ["2026-12-02", "2026-12-04"]);
        let dates: Vec<String> = find_dates("next wednesday to friday", today())
            .iter()
            .map(|d| d.date.to_string())
            .collect();
        assert_eq!(dates, ["2026-12-02", "2026-12-04"]);
    }

    #[test]
    fn english_relative_dates() {
        assert_eq!(first("next friday").as_deref(), Some("2026-12-04"));
        assert_eq!(first("this saturday").as_deref(), Some("2026-11-28"));
        assert_eq!(first("on friday").as_deref(), Some("2026-11-27"));
        assert_eq!(first("in 3 days").as_deref(), Some("2026-11-29"));
        assert_eq!(first("in three days").as_deref(), Some("2026-11-29"));
        assert_eq!(first("in a week").as_deref(), Some("2026-12-03"));
        assert_eq!(first("day after tomorrow").as_deref(), Some("2026-11-28"));
        assert_eq!(first("dec 4th").as_deref(), Some("2026-12-04"));
        assert_eq!(first("4 december").as_deref(), Some("2026-12-04"));
        assert_eq!(first("the 8th of january").as_deref(), Some("2027-01-08"));
        assert_eq!(first("by the 5th").as_deref(), Some("2026-12-05"));
        assert_eq!(first("2026-12-24").as_deref(), Some("2026-12-24"));
        assert_eq!(first("12/24").as_deref(), Some("2026-12-24"));
        assert_eq!(first("next week").as_deref(), Some("2026-11-30"));
        assert_eq!(first("size 42 sunglasses"), None);
        assert_eq!(first("monday").as_deref(), Some("2026-11-30"));
    }
}
