//! Slot extractors that read a number together with its unit or cue: shoe sizes (to EU),
//! quantities, nights, travelers, money (to CNY) and distances (to metres). Each returns the
//! value and the byte span it used, so the parser can take the rest of the text as the item.

use super::company::companions;
use super::dates::SPENDING_DAYS;
use super::lexicon::starts_with_word;
use super::numbers::{NumberMatch, count_and_measure};
use super::words::{Words, words};
use crate::money::Cny;

/// A byte range of the clause an extractor consumed.
pub type Span = (usize, usize);

/// True for EU shoe sizes the product handles (kids' 30 to men's 50, whole or half).
pub fn is_eu_shoe_size(n: f64) -> bool {
    (30.0..=50.0).contains(&n) && (n * 2.0).fract() == 0.0
}

/// The text after `end`, with leading spaces skipped, and how many bytes were skipped.
fn after(text: &str, end: usize) -> (&str, usize) {
    let rest = &text[end..];
    let trimmed = rest.trim_start_matches(' ');
    (trimmed, rest.len() - trimmed.len())
}

/// The text before `start`, with trailing spaces dropped.
fn before(text: &str, start: usize) -> &str {
    text[..start].trim_end_matches(' ')
}

/// The first of `words` that `head` ends with (English words must start there).
pub fn ends_with_word(head: &str, words: Words) -> Option<&'static str> {
    words.iter().find(|w| {
        head.ends_with(w)
            && (!w.starts_with(|c: char| c.is_ascii_alphabetic())
                || head[..head.len() - w.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphabetic()))
    })
}

/// A shoe size: `42码`, `四十二码`, `size 42`, `EU 42`, `US 9` (→ 42), `UK 8` (→ 42), `穿42的`.
pub fn shoe_size(text: &str, numbers: &[NumberMatch]) -> Option<(f32, Span)> {
    for n in numbers {
        let (rest, gap) = after(text, n.end);
        let head = before(text, n.start);
        // US and UK sizes first (`us size 9` also ends with `size`), then EU as said.
        let converted = if let Some(cue) = ends_with_word(head, words!["us size", "size us", "us"])
        {
            Some((n.value + 33.0, (head.len() - cue.len(), n.end)))
        } else if let Some(cue) = ends_with_word(head, words!["uk size", "size uk", "uk"]) {
            Some((n.value + 34.0, (head.len() - cue.len(), n.end)))
        } else if let Some(unit) =
            starts_with_word(rest, words!["码", "号鞋", "号的鞋", "号", "eu"])
        {
            Some((n.value, (n.start, n.end + gap + unit.len())))
        } else {
            ends_with_word(
                head,
                words![
                    "eu size", "size eu", "eu", "size", "尺码", "码数", "穿", "尺寸",
                ],
            )
            .map(|cue| (n.value, (head.len() - cue.len(), n.end)))
        };
        if let Some((size, span)) = converted.filter(|(s, _)| is_eu_shoe_size(*s)) {
            return Some((size as f32, span));
        }
    }
    None
}

const CLASSIFIERS: Words = words![
    "双", "件", "瓶", "盒", "份", "包", "台", "副", "条", "罐", "杯", "张", "只", "支", "顶", "套",
    "箱", "把", "袋", "卷", "节", "碗", "个", "斤", "公斤",
];

const EN_COUNT_NOUNS: Words = words![
    "pairs of",
    "pair of",
    "pairs",
    "pair",
    "bottles of",
    "bottles",
    "bottle of",
    "bottle",
    "cans of",
    "cans",
    "can of",
    "boxes of",
    "boxes",
    "box of",
    "packs of",
    "packs",
    "pack of",
    "pieces",
    "units",
    "cups of",
    "cups",
    "cup of",
    "bags of",
    "bags",
    "bag of",
    "sets of",
    "sets",
    "set of",
];

/// A quantity: `两双`, `三瓶`, `2 pairs of`, `two bottles`, `x2`, `3 cokes` (a number right
/// before a product word).
pub fn quantity(text: &str, numbers: &[NumberMatch], item_starts: &[usize]) -> Option<(u32, Span)> {
    for n in numbers {
        let (rest, gap) = after(text, n.end);
        if n.value < 1.0 || n.value > 999.0 || n.value.fract() != 0.0 {
            continue;
        }
        // `两个人` is travelers, not a quantity.
        if rest.starts_with("个人") || rest.starts_with("位") || rest.starts_with("人") {
            continue;
        }
        let unit = starts_with_word(rest, CLASSIFIERS)
            .or_else(|| starts_with_word(rest, EN_COUNT_NOUNS))
            .map(|u| u.len() + gap)
            .or_else(|| item_starts.contains(&(n.end + gap)).then_some(gap))
            // `买俩充电宝`: `俩`, `仨` hold their measure word; after a pronoun (`咱俩`) they
            // count people.
            .or_else(|| {
                let own_measure = text[n.start..n.end]
                    .chars()
                    .all(|c| count_and_measure(c).is_some());
                let people = text[..n.start].ends_with(['咱', '我', '们', '他', '她', '你']);
                (own_measure && !people).then_some(gap)
            })
            .or_else(|| qualified_item(rest, item_starts, n.end + gap).then_some(gap))
            // `a couple of phone cases`
            .or_else(|| {
                (rest.starts_with("of ") && item_starts.contains(&(n.end + gap + 3)))
                    .then_some(gap + 3)
            });
        // `x2` / `×2`: the sign right before the digits, not the end of a word like `max`.
        let sign = text[..n.start].chars().next_back();
        let glued = text[..n.start]
            .chars()
            .rev()
            .nth(1)
            .is_some_and(|c| c.is_ascii_alphabetic());
        let times = matches!(sign, Some('x' | '×' | '*')) && !glued;
        if let Some(len) = unit {
            return Some((n.value as u32, (n.start, n.end + len)));
        }
        if let (true, Some(sign)) = (times, sign) {
            return Some((n.value as u32, (n.start - sign.len_utf8(), n.end)));
        }
    }
    None
}

/// `two phone chargers`: one plain word between the number and the listed item it counts.
fn qualified_item(rest: &str, item_starts: &[usize], at: usize) -> bool {
    let Some(space) = rest.find(' ') else {
        return false;
    };
    let word = &rest[..space];
    !word.is_empty()
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && item_starts.contains(&(at + space + 1))
}

/// Nights of a stay: `3晚`, `三个晚上`, `3 nights`; `玩三天` / `3 days` count the nights in
/// between (2); `住三天` counts 3 nights; `一周` / `a week` is 7.
pub fn nights(text: &str, numbers: &[NumberMatch]) -> Option<(u32, Span)> {
    let count = |v: f64| ((1.0..=90.0).contains(&v) && v.fract() == 0.0).then_some(v as u32);
    for n in numbers {
        let (rest, gap) = after(text, n.end);
        // `住两宿`: the northern night of a stay (not `宿舍`, a dorm).
        if let Some(unit) =
            starts_with_word(rest, words!["个晚上", "晚", "夜", "宿", "nights", "night"])
            && !rest.starts_with("宿舍")
            && let Some(v) = count(n.value)
        {
            return Some((v, (n.start, n.end + gap + unit.len())));
        }
    }
    for n in numbers {
        let (rest, gap) = after(text, n.end);
        // `玩三日`, `住两日`: `日` is a day of a stay only after a verb of spending it (else
        // `三日` is the third of the month).
        let spent = before(text, n.start).ends_with(SPENDING_DAYS);
        let Some(unit) = starts_with_word(rest, words!["天", "days", "day"])
            .or_else(|| (spent && rest.starts_with('日')).then_some("日"))
        else {
            continue;
        };
        let Some(days) = count(n.value) else { continue };
        let stay = before(text, n.start).ends_with('住');
        let v = if stay {
            days
        } else {
            days.saturating_sub(1).max(1)
        };
        return Some((v, (n.start, n.end + gap + unit.len())));
    }
    for (word, v) in [
        ("一周", 7),
        ("一个星期", 7),
        ("一个礼拜", 7),
        ("一礼拜", 7),
        ("a week", 7),
        ("one week", 7),
        ("两周", 14),
        ("two weeks", 14),
    ] {
        if let Some(start) = text.find(word) {
            return Some((v, (start, start + word.len())));
        }
    }
    None
}

const TRAVELER_PHRASES: &[(&str, u32)] = &[
    ("一家三口", 3),
    ("一家四口", 4),
    ("我们俩", 2),
    ("我们仨", 3),
    ("咱俩", 2),
    ("咱仨", 3),
    ("我俩", 2),
    ("两口子", 2),
    ("a couple", 2),
    ("just me", 1),
    ("by myself", 1),
    ("solo", 1),
    ("一个人", 1),
    ("自己去", 1),
    ("就我自己", 1),
    ("就我一个", 1),
    ("我自己", 1),
    ("just myself", 1),
    ("on my own", 1),
    ("only me", 1),
    // `就我自个儿`: the wearer alone, in northern speech.
    ("自个儿", 1),
];

/// Units that count adults after a number (`两个人`, `3位`, `2 adults`, `4 tickets`).
const PEOPLE_UNITS: Words = words![
    "个人",
    "个成人",
    "个大人",
    "口人",
    "人",
    "位",
    "people",
    "persons",
    "person",
    "adults",
    "adult",
    "大人",
    "成人",
    "travelers",
    "travellers",
    "guests",
    // `One traveler.`: a party of one said in a form's words.
    "traveler",
    "traveller",
    "of us",
    "tickets",
    "train tickets",
    "plane tickets",
    "flight tickets",
    "张",
];

/// Units that count children after a number, with or without the measure word `个`; they add
/// to the adults said with them (`两个大人一个小孩` = 3).
const CHILD_UNITS: Words = words![
    "小孩",
    "孩子",
    "儿童",
    // `两个大人一个娃`, `一个小囡`, `带两个宝宝`: a child said fondly or in a dialect counts as one.
    "娃娃",
    "娃儿",
    "娃",
    "宝宝",
    "小朋友",
    "伢子",
    "伢",
    "小囡",
    "囡囡",
    "崽",
    "children",
    "child",
    "kids",
    "kid",
    "babies",
    "baby",
    "toddlers",
    "toddler",
];

/// Travelers: `两个人`, `3位`, `2 people`, `for 4 adults`, `我们三个`, `一家三口`, adults and
/// children said together (`两个大人一个小孩`, `2 adults 1 child`), and the wearer with the
/// company named (`with my parents`, `我跟我妈`, see [`companions`]).
pub fn travelers(text: &str, numbers: &[NumberMatch]) -> Option<(u32, Span)> {
    let (mut adults, mut children) = (0, 0);
    // `俺媳妇还有俩孩子，四个人`: a count of people said whole (not of grown-ups) after the
    // children, summing up the party.
    let mut whole = false;
    let mut span: Option<Span> = None;
    for n in numbers {
        let (rest, gap) = after(text, n.end);
        let we = before(text, n.start).ends_with("我们") && rest.starts_with('个');
        // `next Friday for two`, `on Dec 11 for three, and …`: a party counted after `for`.
        let party = ends_with_word(before(text, n.start), words!["for"]).is_some()
            && (rest.is_empty()
                || rest.starts_with([',', '.', '!', '?'])
                || rest.starts_with("and "));
        // Up to twenty, however counted; a group counted in a word of people may be larger
        // (`一共四十五个人`, a class on a school trip), up to 99.
        let people = starts_with_word(rest, PEOPLE_UNITS);
        let valid = n.value >= 1.0
            && n.value.fract() == 0.0
            && (n.value <= 20.0 || (people.is_some() && n.value <= 99.0));
        if !valid {
            continue;
        }
        let (unit, is_child) = match people {
            Some(u) => {
                whole |= children > 0
                    && !words!["个成人", "个大人", "adults", "adult", "大人", "成人"].contains(u);
                (u.len(), false)
            }
            None if we => (1, false),
            None if party => (0, false),
            None => {
                let measure = if rest.starts_with('个') {
                    '个'.len_utf8()
                } else {
                    0
                };
                match starts_with_word(&rest[measure..], CHILD_UNITS) {
                    Some(u) => (measure + u.len(), true),
                    None => continue,
                }
            }
        };
        let end = if we {
            n.end + 3
        } else if party {
            n.end
        } else {
            n.end + gap + unit
        };
        if is_child {
            children += n.value as u32;
        } else {
            adults += n.value as u32;
        }
        span = Some(span.map_or((n.start, end), |(s, _)| (s, end)));
    }
    if adults > 0 {
        // `two adults and a kid`: one child said with an article.
        let one_child = words![" a kid", " a child", " a baby", " a toddler", " one kid"]
            .iter()
            .any(|w| text.contains(w));
        let all = if whole && adults > children {
            adults
        } else {
            adults + children + u32::from(children == 0 && one_child)
        };
        return span.map(|s| (all, s));
    }
    // A party said whole (`我们一家四口`) counts over the company named (`带孩子`), unless the
    // company goes on from it (`just me and the missus`: `me and` joins the wife to the wearer).
    let phrase = TRAVELER_PHRASES
        .iter()
        .find_map(|(phrase, v)| text.find(phrase).map(|s| (*v, (s, s + phrase.len()))));
    let company = companions(text, numbers);
    match (phrase, company) {
        (Some((_, (_, end))), Some((n, (s, e)))) if s < end && e > end => Some((n, (s, e))),
        (Some(p), _) => Some(p),
        (None, c) => c,
    }
}

/// Whether an amount is a whole budget or a per-item price limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyRole {
    /// `预算5000`, `budget of 5000`, `in total`.
    Budget,
    /// `不超过300`, `under ¥300`, `300以内`, or a plain price.
    Limit,
}

const BUDGET_CUES: Words = words![
    "预算",
    "总预算",
    "一共",
    "总共",
    "budget of",
    "budget is",
    "budget",
    "total of",
    "in total",
    "all in",
];
const LIMIT_CUES: Words = words![
    "不超过",
    "不要超过",
    "别超过",
    "不高于",
    "低于",
    "最多",
    "至多",
    "少于",
    "控制在",
    "under",
    "below",
    "less than",
    "max",
    "maximum",
    "up to",
    "within",
    "at most",
    "no more than",
    "nothing above",
    "nothing over",
    "not over",
    "cheaper than",
    "max price",
    "for",
];
const CURRENCY_PREFIXES: Words = words!["¥", "rmb", "cny", "rmb ", "cny "];
const CURRENCY_SUFFIXES: Words = words!["块钱", "元", "块", "rmb", "yuan", "cny", "kuai", "bucks"];
const LIMIT_SUFFIXES: Words = words!["以内", "以下", "之内", "内", "左右"];

/// Every amount of money: a number with a currency (`¥300`, `300元`, `5k rmb`) or with a
/// money cue (`预算5000`, `under 300`, `300以内`). Distances and sizes must already be masked.
pub fn money(text: &str, numbers: &[NumberMatch]) -> Vec<(Cny, MoneyRole, Span)> {
    let mut found = Vec::new();
    for n in numbers {
        let (rest, gap) = after(text, n.end);
        let head = before(text, n.start);
        let mut start = n.start;
        let mut end = n.end;
        let mut currency = false;
        if let Some(p) = ends_with_word(head, CURRENCY_PREFIXES) {
            currency = true;
            start = head.len() - p.len();
        }
        if let Some(s) = starts_with_word(rest, CURRENCY_SUFFIXES) {
            currency = true;
            end = n.end + gap + s.len();
        }
        let head = before(text, start);
        let budget = ends_with_word(head, BUDGET_CUES).or_else(|| {
            // `预算大概5000`, `budget around 5000`, `budget's about 8000`, `budget is like 6k`:
            // hedges between the cue and the amount, in any order.
            const HEDGES: Words = words![
                "大概", "大约", " around", " about", " like", " roughly", " is", "是", ":", " ",
                "'s",
            ];
            let mut h = head;
            while let Some(w) = HEDGES.iter().find(|w| h.ends_with(*w)) {
                h = &h[..h.len() - w.len()];
            }
            ends_with_word(h, BUDGET_CUES)
        });
        let limit = ends_with_word(head, LIMIT_CUES)
            .filter(|cue| *cue != "for" || currency)
            .or_else(|| {
                let (tail, _) = after(text, end);
                starts_with_word(tail, LIMIT_SUFFIXES)
            });
        let role = match (budget, limit, currency) {
            (Some(cue), _, _) => {
                start = head.len() - cue.len();
                MoneyRole::Budget
            }
            (None, Some(_), _) | (None, None, true) => MoneyRole::Limit,
            (None, None, false) => continue,
        };
        if let Some(amount) = Cny::from_yuan_f64(n.value).filter(|a| a.0 > 0) {
            found.push((amount, role, (start, end)));
        }
    }
    found
}

/// A distance limit: `500米内`, `1公里`, `2 km`, `within 800 m`, `within one kilometre` (the
/// unit said once, either spelling), `步行10分钟` / `10 minutes
/// walk` (80 m a minute), `walking distance` (1 km).
pub fn distance(text: &str, numbers: &[NumberMatch]) -> Option<(u32, Span)> {
    for n in numbers {
        let (rest, gap) = after(text, n.end);
        let metres = if let Some(u) = starts_with_word(
            rest,
            words![
                "公里",
                "千米",
                "kilometers",
                "kilometres",
                "kilometer",
                "kilometre",
                "km",
            ],
        ) {
            Some((n.value * 1000.0, u))
        } else if let Some(u) = starts_with_word(
            rest,
            words!["米", "meters", "metres", "meter", "metre", "m"],
        ) {
            Some((n.value, u))
        } else if let Some(u) =
            starts_with_word(rest, words!["分钟", "minutes", "minute", "min", "mins"])
        {
            let walking = words!["步行", "走路", "walk", "walking"]
                .iter()
                .any(|w| text.contains(w));
            walking.then_some((n.value * 80.0, u))
        } else {
            None
        };
        if let Some((m, unit)) = metres.filter(|(m, _)| *m > 0.0 && *m <= 100_000.0) {
            return Some((m.round() as u32, (n.start, n.end + gap + unit.len())));
        }
    }
    unit_in_words(text).or_else(|| {
        words!["walking distance", "步行可达", "走路能到"]
            .iter()
            .find_map(|w| text.find(w).map(|s| (1000, (s, s + w.len()))))
    })
}

/// `within a kilometre`, `half a mile`, `半公里`: a distance said as a part of one unit, with no
/// number.
fn unit_in_words(text: &str) -> Option<(u32, Span)> {
    const PARTS: &[(&str, f64)] = &[("half a ", 0.5), ("a ", 1.0), ("an ", 1.0), ("半", 0.5)];
    const UNITS: &[(&str, f64)] = &[
        ("kilometres", 1000.0),
        ("kilometre", 1000.0),
        ("kilometers", 1000.0),
        ("kilometer", 1000.0),
        ("km", 1000.0),
        ("mile", 1609.0),
        ("公里", 1000.0),
        ("千米", 1000.0),
    ];
    PARTS.iter().find_map(|(part, share)| {
        text.match_indices(part).find_map(|(s, _)| {
            let word_start = part.starts_with(|c: char| !c.is_ascii())
                || text[..s]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphabetic());
            let rest = &text[s + part.len()..];
            let (unit, metres) = UNITS
                .iter()
                .find(|(u, _)| starts_with_word(rest, [*u]).is_some())?;
            word_start.then(|| {
                (
                    (share * metres).round() as u32,
                    (s, s + part.len() + unit.len()),
                )
            })
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::numbers::find_numbers;

    fn run<T>(text: &str, f: impl Fn(&str, &[NumberMatch]) -> Option<(T, Span)>) -> Option<T> {
        f(text, &find_numbers(text)).map(|(v, _)| v)
    }

    #[test]
    fn sizes_become_eu() {
        assert_eq!(run("买双42码的雪地靴", shoe_size), Some(42.0));
        assert_eq!(run("四十二码", shoe_size), Some(42.0));
        assert_eq!(run("size 42.5 boots", shoe_size), Some(42.5));
        assert_eq!(run("us 9", shoe_size), Some(42.0));
        assert_eq!(run("uk size 8", shoe_size), Some(42.0));
        assert_eq!(run("2 pairs", shoe_size), None);
        assert_eq!(run("size 420", shoe_size), None);
    }

    #[test]
    fn quantities_nights_travelers() {
        let q = |t: &str| quantity(t, &find_numbers(t), &[]).map(|(v, _)| v);
        assert_eq!(q("两双雪地靴"), Some(2));
        assert_eq!(q("2 pairs of boots"), Some(2));
        assert_eq!(q("两个人"), None);
        assert_eq!(run("住3晚", nights), Some(3));
        assert_eq!(run("三天两晚", nights), Some(2));
        assert_eq!(run("玩三天", nights), Some(2));
        assert_eq!(run("for a week", nights), Some(7));
        assert_eq!(run("我们三个人", travelers), Some(3));
        assert_eq!(run("for 2 people", travelers), Some(2));
        assert_eq!(run("with my wife", travelers), Some(2));
        // A large group is counted only in a word of people.
        assert_eq!(run("一共45个人", travelers), Some(45));
        assert_eq!(run("买45个", travelers), None);
    }

    #[test]
    fn money_and_distance() {
        let m = |t: &str| money(t, &find_numbers(t)).first().map(|(c, r, _)| (*c, *r));
        assert_eq!(m("预算5000"), Some((Cny::yuan(5000), MoneyRole::Budget)));
        assert_eq!(
            m("budget of ¥5,000"),
            Some((Cny::yuan(5000), MoneyRole::Budget))
        );
        assert_eq!(m("不超过300块"), Some((Cny::yuan(300), MoneyRole::Limit)));
        assert_eq!(m("under 300"), Some((Cny::yuan(300), MoneyRole::Limit)));
        assert_eq!(m("三百以内"), Some((Cny::yuan(300), MoneyRole::Limit)));
        assert_eq!(m("42码"), None);
        assert_eq!(run("500米内", distance), Some(500));
        assert_eq!(run("within 1.5 km", distance), Some(1500));
        assert_eq!(run("步行10分钟", distance), Some(800));
        assert_eq!(run("within a kilometre if possible", distance), Some(1000));
        assert_eq!(run("within half a km", distance), Some(500));
        assert_eq!(run("半公里内", distance), Some(500));
        assert_eq!(run("within one kilometre of here", distance), Some(1000));
        assert_eq!(run("within 300 metre", distance), Some(300));
    }
}
