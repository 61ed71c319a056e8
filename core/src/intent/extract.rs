//! Reads one intent's slots out of its clause text: numbers with units first (so `42码` is
//! not a price), then dates by role, lexicon entries, and finally the free-text slot (item,
//! name, destination) from what is left once every cue, filler and value is taken out.

use super::clean::{
    self, CONTAINERS, EN_FILLERS, LIMIT_WORDS, MEASURE_WORDS, ZH_FILLERS, leftover, measure_led,
    without_measure,
};
use super::company;
use super::compare;
use super::dates::DateMatch;
use super::dishes::{cuisine_of, is_a_dish_word, kinds_named_in};
use super::lexicon::{self, LexMatch, occurrences};
use super::near::{close_to_span, named_near, relative_to};
use super::numbers::{count_and_measure, find_numbers};
use super::slots::{self, MoneyRole, Span};
use super::store::{self, AskedOf, asked_of, clause_end};
use super::taxonomy::{Intent, IntentKind, SlotValue};
use super::triggers::{self, HOURS, PLACE_REFERENCES, SHOP_AS_ITS_PEOPLE, cue_spans, is_cue_of};
use super::words::{Words, words};
use crate::money::Cny;
use chrono::NaiveDate;

/// Words that point at a product in view.
const PRODUCT_REFERENCES: Words = words![
    "the one i'm looking at",
    "the one i am looking at",
    "this one",
    "that one",
    "these",
    "those",
    "this",
    "it",
    "这些",
    "这个",
    "这款",
    "这件",
    "这双",
    "这瓶",
    "眼前的",
    "我看到的",
    "我看的",
    "同样的",
    "一样的",
    "the same",
];

/// Characters that end a name said right after a pointer (`这个在…`, `这个多少钱`, `这双鞋网上…`).
const AFTER_A_NAME: &str = "的是多在有还帮网别卖怎贵便比呢吗吧啊了和跟给要能可也都";

/// `这个电饭煲…`, `这款保温杯…`, `这盒彩铅…`: the span of a pointer (`这`/`那` and any measure
/// word: [`clean::pointer_len`]) that two or more characters of a name follow, if one does;
/// such a pointer names the thing (the one in view, when a product is: `parse` leaves the
/// context to fill it then). Spoken without a measure word (`这鼠标`, `那耳机`), `这`/`那`
/// points at the name said right after it unless that starts a word of place, time or manner
/// ([`NO_THING_AFTER_A_POINTER`]: `这里`, `这么`, `这次`, `这家`).
pub(super) fn pointer_names_a_thing(text: &str) -> Option<Span> {
    text.char_indices().find_map(|(start, _)| {
        let bare = || {
            let rest = text[start..].strip_prefix(['这', '那'])?;
            rest.starts_with(|c: char| !c.is_ascii() && !NO_THING_AFTER_A_POINTER.contains(c))
                .then_some(text.len() - start - rest.len())
        };
        let end = start + clean::pointer_len(&text[start..]).or_else(bare)?;
        let name = text[end..]
            .chars()
            .take_while(|c| !c.is_ascii() && !c.is_whitespace() && !AFTER_A_NAME.contains(*c))
            .count();
        (name >= 2).then_some((start, end))
    })
}

/// First characters after a bare `这`/`那` of words that name no thing: a place (`这里`, `这边`,
/// `这家`, `这爿店`, `这附近`), a time (`这次`, `这会儿`, `这周`), a manner (`这么`, `这样`), a link (`那就`).
const NO_THING_AFTER_A_POINTER: &str =
    "里儿边么样次会时家间爿附周月天年是位就些种般点都也还你我他她";

/// Words after a Chinese thing that end its name: who it is given or sent to, that it is taken
/// along (`买块手表送我爸`, `买把伞带着`), what it is meant as (`买条围巾当生日礼物`).
const ITEM_ENDS: Words = words![
    "送", "给", "寄", "带着", "带过", "带去", "带上", "带走", "带回", "当", "作为",
];

/// `水果` for `水`: a one-character listed word followed by more of a name (not a particle,
/// nor a word that ends the name: `买把伞带着`).
fn one_char_goes_on(masked: &str, m: &LexMatch) -> bool {
    let rest = &masked[m.end..];
    masked[m.start..m.end].chars().count() == 1
        && rest
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii() && !"吗呢吧的了和么啊呀".contains(c))
        && !ITEM_ENDS.iter().any(|w| rest.starts_with(w))
}

/// `同样的耳机`, `the same headphones`: the thing named is what is compared; with a product in
/// view, it is that one (see `parse`).
pub const THE_SAME: Words = words!["同样的", "一样的", "the same "];

/// Shops online whose prices are set against each other (`京东和淘宝哪个便宜`).
const PLATFORMS: Words = words![
    "京东",
    "淘宝",
    "天猫",
    "拼多多",
    "taobao",
    "tmall",
    "jd",
    "pinduoduo",
    "amazon",
];

/// Words that point at what is in view rather than naming it.
const REFERENCES: Words = words![
    "the one i'm looking at",
    "the one i am looking at",
    "what i'm looking at",
    "this one",
    "that one",
    "this place",
    "this shop",
    "this store",
    "this restaurant",
    "this product",
    "this bike",
    "this thing",
    "these",
    "those",
    "this",
    "that",
    "it",
    "here",
    "there",
    "这个地方",
    "这家店",
    "这家",
    // `这间` points at the place in view too (the Cantonese `呢间`, `嗰间`, `呢度` are read as
    // `这家`, `那家`, `这里` by `spoken::plain` before any value is taken).
    "这间店",
    "这间",
    "这些",
    "这个",
    "这款",
    "这件",
    "这双",
    "这瓶",
    "这辆",
    "这座",
    "这条",
    "那条",
    "那座",
    "这里",
    "这儿",
    "那个",
    "眼前的",
    "我看到的",
    "我看的",
    "面前的",
    "这是",
    "那是",
    "它",
    "这地方",
    "那地方",
    // `这塔有啥来历`, `那桥`: a landmark pointed at by its kind alone.
    "这塔",
    "这桥",
    "这寺",
    "这庙",
    "这亭",
    "这阁",
    "这堤",
    "这楼",
    "那塔",
    "那桥",
    "那寺",
    "那庙",
    // `他们今天开到几点`: the people of the place in view (see `SHOP_AS_ITS_PEOPLE`).
    "他们",
    "她们",
    "他家",
    "她家",
];

/// Cues before a date that make it the return day.
const RETURN_BEFORE: Words = words![
    "到",
    "至",
    "回程",
    "返程",
    "return",
    "returning",
    "back",
    "back on",
    "until",
    "till",
    "to",
    "-",
];
/// Cues after a date that make it the return day.
const RETURN_AFTER: Words = words!["回来", "返回", "回", "return", "back"];

/// Replaces the bytes of each span with spaces (byte offsets stay valid).
fn mask(text: &str, spans: &[Span]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for (start, end) in spans {
        for b in bytes.iter_mut().take(*end).skip(*start) {
            *b = b' ';
        }
    }
    // Whole characters were replaced, so the bytes are still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Spans of every whole-word occurrence of any of `words` in `text`.
fn word_spans<W: AsRef<str>>(text: &str, words: impl IntoIterator<Item = W>) -> Vec<Span> {
    words
        .into_iter()
        .flat_map(|w| occurrences(text, w.as_ref()).collect::<Vec<_>>())
        .collect()
}

/// Spans of every reference word (`this`, `这家店`…); `there` in `is there`, `are there` says
/// something exists and points at nothing.
fn reference_spans(text: &str) -> Vec<Span> {
    word_spans(text, REFERENCES)
        .into_iter()
        .chain(word_spans(text, SHOP_AS_ITS_PEOPLE))
        .filter(|(start, end)| {
            let said = &text[*start..*end];
            !a_time(text, *start, *end)
                && (said != "there"
                    || !["is ", "are ", "'s "]
                        .iter()
                        .any(|w| text[..*start].ends_with(w)))
        })
        .collect()
}

/// The measure words a shop is counted by: `家`, `间`, and the Wu `爿` (`这爿店`).
const SHOP_MEASURES: &str = "家间爿";

/// Time words after `this` / `these` (`these days`, `this weekend`).
const TIME_WORDS: Words = words![
    " days", " week", " weekend", " morning", " evening", " year", " month", " time", " hour",
    " late",
];

/// `these days`, `this weekend`: a word at `start..end` that points at a time, not a thing;
/// and the `it` of the weather, the hour or how things seem (`it's getting so cold`, `it's
/// pouring`, `it's late`, `it appears to be raining`), or of a clause that only echoes what was
/// heard (`Is it?`, `isn't it`, `was it`: really?), which points at nothing.
fn a_time(text: &str, start: usize, end: usize) -> bool {
    let word = &text[start..end];
    if echoed(text, start, end).is_some() {
        return true;
    }
    let rest = text[end..]
        .strip_prefix("'s ")
        .or_else(|| text[end..].strip_prefix(" is "))
        .or_else(|| text[end..].strip_prefix(' '))
        .unwrap_or("");
    (words!["this", "these", "that"].contains(word)
        && TIME_WORDS.iter().any(|w| text[end..].starts_with(w)))
        || (word == "it"
            && words![
                "getting",
                "raining",
                "snowing",
                "freezing",
                "appears",
                "seems",
                "so ",
                "too ",
                "pouring",
                "drizzling",
                "windy",
                "cold",
                "hot",
                "late",
                "dark",
                "early",
            ]
            .iter()
            .any(|w| rest.starts_with(w)))
}

/// The clause around the `it` at `start..end` when the clause only echoes what was heard
/// (`Is it?`, `was it`, `isn't it`: really?).
fn echoed(text: &str, start: usize, end: usize) -> Option<Span> {
    let from = text[..start]
        .rfind([',', '?', '!', '.'])
        .map_or(0, |c| c + 1);
    let to = text[end..]
        .find([',', '?', '!', '.'])
        .map_or(text.len(), |c| end + c);
    (&text[start..end] == "it"
        && words!["is", "was", "isn't", "wasn't"].contains(text[from..start].trim())
        && text[end..to].trim().is_empty())
    .then_some((from, to))
}

/// Spans of `these days`, `this weekend` and the like, and of a clause that only echoes
/// (`Is it?`): no part of a thing's name.
fn time_spans(text: &str) -> Vec<Span> {
    word_spans(text, words!["this", "these", "that", "it"])
        .into_iter()
        .filter_map(|(start, end)| {
            TIME_WORDS
                .iter()
                .find(|w| text[end..].starts_with(*w))
                .map(|w| (start, end + w.len()))
                .or_else(|| echoed(text, start, end))
        })
        .collect()
}

/// Verbs of moving a plan said before `到` (`改到周六`, `提前到周五`).
const MOVED_ZH: Words = words!["改到", "提前到", "推迟到", "推到", "挪到", "换到"];

/// The return date: the one with a return cue right before or after it, else the second. A
/// lone date after a bare `to` or a verb of moving (`prepone my Shanghai trip to this
/// Saturday`, `上海的行程改到周六`) is the day the trip is moved to, no return: a return said
/// with `to` follows a departure (`from Friday to Sunday`).
fn return_date(text: &str, dates: &[DateMatch]) -> Option<usize> {
    let cued = dates.iter().position(|d| {
        let head = text[..d.start].trim_end();
        let tail = text[d.end..].trim_start();
        let moved = slots::ends_with_word(head, words!["to"]).is_some()
            || MOVED_ZH.iter().any(|w| head.ends_with(w));
        if dates.len() == 1 && moved {
            return false;
        }
        // `to kyoto next month`: `to` as a word, not the end of `kyoto`.
        slots::ends_with_word(head, RETURN_BEFORE).is_some()
            || RETURN_AFTER
                .iter()
                .any(|c| tail.starts_with(c) && !goes_back_to(tail, c))
    });
    cued.or((dates.len() >= 2).then_some(1))
}

/// `下周五走，周日回`: a return day said as a weekday is the one after the departure, not the
/// first such day from today.
fn after_departure(ret: NaiveDate, depart: Option<NaiveDate>, day_of_month: bool) -> NaiveDate {
    // `Christmas Eve, coming back the 27th`: a day of the month said alone is the first such
    // day after the departure, whole months on.
    if let Some(d) = depart.filter(|d| day_of_month && ret < *d) {
        return (1..=12)
            .filter_map(|m| ret.checked_add_months(chrono::Months::new(m)))
            .find(|r| *r >= d)
            .unwrap_or(ret);
    }
    // `下下周三去青岛，周五回`: whole weeks on until it is after the departure (a return said
    // as a weekday within a few weeks of it; a date said in full is kept as said).
    match depart {
        Some(d) if ret < d && d - ret < chrono::Duration::days(35) => {
            let weeks = ((d - ret).num_days() + 6) / 7;
            ret + chrono::Duration::days(7 * weeks)
        }
        _ => ret,
    }
}

/// `the 27th`, `27号`, `27日`: a day of the month said with no month.
fn day_of_month_only(said: &str) -> bool {
    let said = said
        .trim()
        .trim_start_matches("on ")
        .trim_start_matches("the ");
    let digits = said.trim_start_matches(|c: char| c.is_ascii_digit());
    digits.len() < said.len()
        && words!["st", "nd", "rd", "th", "号", "日", ""]
            .iter()
            .any(|w| digits.trim() == w)
}

/// `回上海` after a date goes (back) to a place: a departure, not the return (`周日回` is).
fn goes_back_to(tail: &str, cue: &str) -> bool {
    cue == "回"
        && tail[cue.len()..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_ascii() && !"来程,".contains(c))
}

/// Fills `intent`'s slots from its clause text: each value read from the span its frame
/// bounds, then cleaned at its edges by the one rule every text slot shares
/// ([`clean::tidy`]).
pub fn fill_slots(intent: &mut Intent, text: &str, dates: &[DateMatch]) {
    fill_bounded(intent, text, dates);
    clean::tidy(intent);
    landmarks_by_their_names(intent);
}

/// `Didi to Hangzhou East first`: a place's value that, once cleaned at its edges, is all a
/// listed landmark's name is that landmark (the words cleaned off hid it from the list).
fn landmarks_by_their_names(intent: &mut Intent) {
    for slot in ["destination", "near", "name"] {
        if let Some(said) = intent.text(slot)
            && let Some(m) = lexicon::find_first(said, lexicon::LANDMARKS)
            && m.start == 0
            && m.end == said.len()
        {
            let canonical = m.canonical.to_string();
            intent.slots.insert(slot, SlotValue::Text(canonical));
        }
    }
}

/// The slots of `intent` as their frames bound them (see [`fill_slots`]).
fn fill_bounded(intent: &mut Intent, text: &str, dates: &[DateMatch]) {
    let date_spans: Vec<Span> = dates.iter().map(|d| (d.start, d.end)).collect();
    let mut used: Vec<Span> = date_spans.clone();
    // What is done before the request (`逛完西湖`, `after the movie`) holds no value of it.
    used.extend(sequencing_spans(text));
    // `Ate, …`, `Kuya Ben, …`, `老板，…`: whom the wearer calls holds no value either.
    used.extend(address_span(text));
    let mut masked = mask(text, &used);
    let numbers = find_numbers(&masked);

    // Units that make a number something other than money come first.
    let distance = slots::distance(&masked, &numbers);
    let size = slots::shoe_size(&masked, &numbers);
    // Only a trip has travelers (`a couple of phone cases` is a count of cases).
    let travelers = (intent.kind == IntentKind::TripPlan)
        .then(|| slots::travelers(&masked, &numbers))
        .flatten();
    let nights = slots::nights(&masked, &numbers);
    used.extend(
        [
            distance.map(|d| d.1),
            size.map(|s| s.1),
            travelers.map(|t| t.1),
            nights.map(|n| n.1),
        ]
        .into_iter()
        .flatten(),
    );
    masked = mask(text, &used);
    let numbers = find_numbers(&masked);
    let money = slots::money(&masked, &numbers);
    used.extend(money.iter().map(|m| m.2));
    masked = mask(text, &used);

    let kind = intent.kind;
    match kind {
        IntentKind::TripPlan => {
            fill_trip(intent, text, &masked, dates, &money);
            if let Some((n, _)) = nights {
                intent.fill("nights", SlotValue::Count(n));
            }
            if let Some((n, _)) = travelers {
                intent.fill("travelers", SlotValue::Count(n));
            }
        }
        IntentKind::ProductBuy => {
            // `put three packs of AA batteries in my cart`, `把两卷保鲜膜加到购物车里`: the
            // placing and the cart are the frame, not the thing.
            used.extend(cart_spans(text));
            // `…, the kind that folds up small`: a wish about the thing is no part of it.
            used.extend(wish_spans(text));
            // `my phone case cracked again, buy me a phone case`, `秋游要带零食，帮我买包薯片`:
            // the story or reason told before a request naming the thing lends it no thing.
            used.extend(story_spans(text));
            // `buy flowers for Lisa`, `a birthday cake for Anna, and …`: whom it is for.
            used.extend(for_one_spans(text));
            let masked = mask(text, &used);
            // `delivered to my hotel`: where it goes is no part of the item.
            let masked = match delivered_to(text) {
                Some((_, span)) => {
                    used.push(span);
                    mask(&masked, &[span])
                }
                None => masked,
            };
            // `水果`, `水杯`: a one-character listed word (`水`) the name goes on past is not it.
            let items: Vec<LexMatch> = lexicon::find_all(&masked, lexicon::PRODUCTS)
                .into_iter()
                .filter(|m| !one_char_goes_on(&masked, m))
                .collect();
            // An unlisted English thing is counted by the number right before its first word
            // (`a dozen eggs`).
            let starts: Vec<usize> = if items.is_empty() {
                english_word_starts(&masked)
            } else {
                items.iter().map(|m| m.start).collect()
            };
            let numbers = find_numbers(&masked);
            let quantity = slots::quantity(&masked, &numbers, &starts);
            if let Some((q, span)) = quantity {
                intent.fill("quantity", SlotValue::Count(q));
                used.push(span);
            }
            if let Some((s, _)) = size {
                intent.fill("size", SlotValue::Size(s));
            }
            let limit = money
                .iter()
                .find(|m| m.1 == MoneyRole::Limit)
                .or(money.first());
            if let Some((amount, _, _)) = limit {
                intent.fill("max_price", SlotValue::Money(*amount));
            }
            if let Some(d) = dates.first() {
                intent.fill("deliver_by", SlotValue::Date(d.date));
            }
            // `速溶咖啡`, `compression socks`: a listed thing named more exactly keeps its words.
            // Said twice, once plainly (`我孙子耳机坏了，给他买副耳机`), it is the listed kind.
            // Read once here for its arm below.
            let narrower = items.first().and_then(|m| {
                let item = narrower_kind(text, &masked, m)?;
                items
                    .iter()
                    .filter(|o| o.canonical == m.canonical && !std::ptr::eq(*o, m))
                    .all(|o| narrower_kind(text, &masked, o).is_some())
                    .then_some(item)
            });
            // `耳机坏了，帮我整副蓝牙耳机`, `my earbuds died, get me wireless earbuds`: a thing
            // told of by its plain name and then asked for by a longer name of its kind keeps
            // the longer name, which sets the one wanted apart.
            let set_apart = items.first().and_then(|m| {
                let said = &text[m.start..m.end];
                lexicon::find_all(&text[..m.start], lexicon::PRODUCTS)
                    .iter()
                    .any(|o| {
                        o.canonical == m.canonical
                            && o.end - o.start < said.len()
                            && said.ends_with(&text[o.start..o.end])
                    })
                    .then(|| said.to_string())
            });
            match items.first() {
                Some(_) if set_apart.is_some() => {
                    if let Some(item) = set_apart {
                        intent.fill("item", SlotValue::Text(item));
                    }
                }
                // `拖鞋`, `柠檬水`: a one-character listed word (`鞋`, `水`) qualified by the
                // characters before it is another thing, kept as said.
                // `coffee beans`, `water bottle`: a listed English word before another noun
                // only qualifies the thing, which is kept as said.
                // (Not before a word its kind is named by: `Longjing tea` is green tea.)
                Some(m)
                    if noun_after(&masked, m.end).is_some_and(|head| {
                        m.canonical.rsplit(' ').next() != Some(head.trim_end_matches('s'))
                    }) =>
                {
                    let said = masked[m.start..m.end].trim_end_matches('s');
                    let head = noun_after(&masked, m.end).unwrap_or_default();
                    intent.fill("item", SlotValue::Text(format!("{said} {head}")));
                }
                // `暖水袋`: a listed word the thing's name goes on past is no longer that thing.
                Some(m) if said_past(&masked, m, after_get_verb(text, &used).as_ref()) => {
                    if let Some((item, _)) = after_get_verb(text, &used) {
                        intent.fill("item", SlotValue::Text(item));
                    }
                }
                // A listed thing named more exactly (read above).
                Some(_) if narrower.is_some() => {
                    if let Some(item) = narrower {
                        intent.fill("item", SlotValue::Text(item));
                    }
                }
                Some(m) if masked[m.start..m.end].chars().count() == 1 => {
                    let said = &masked[m.start..m.end];
                    let item = modifier_before(text, &masked, m.start, 0, 1)
                        .map_or_else(|| m.canonical.to_string(), |q| format!("{q}{said}"));
                    intent.fill("item", SlotValue::Text(item));
                }
                None => match after_get_verb(text, &used).or_else(|| {
                    // `batteries for the remote`: what it is for is no part of it.
                    used.extend(purpose_spans(text));
                    None
                }) {
                    Some((item, count)) => {
                        intent.fill("item", SlotValue::Text(item));
                        if let Some(n) = count.filter(|_| intent.get("quantity").is_none()) {
                            intent.fill("quantity", SlotValue::Count(n));
                        }
                    }
                    None => fill_named(intent, "item", text, &mut used, &items),
                },
                _ => fill_named(intent, "item", text, &mut used, &items),
            }
        }
        IntentKind::ProductCompare | IntentKind::ProductStock => {
            if kind == IntentKind::ProductCompare
                && let Some(code) = barcode_in(text)
            {
                intent.fill("barcode", SlotValue::Text(code));
                return;
            }
            // `this` / `这个` is the product in view: the context fills it in; but `同样的耳机`,
            // `the same headphones` name the thing.
            let same_named = THE_SAME.iter().any(|w| {
                text.find(w).is_some_and(|at| {
                    lexicon::find_first(&text[at + w.len()..], lexicon::PRODUCTS)
                        .is_some_and(|m| m.start == 0)
                })
            });
            // `屈臣氏有没有卸妆水`, `does Watsons have …`: the shop named is where, not what.
            let mut shop_spans = place_reference_spans(text);
            shop_spans.extend(word_spans(text, SHOP_AS_ITS_PEOPLE));
            let mut later = None;
            if kind == IntentKind::ProductStock {
                match asked_of(text) {
                    Some(AskedOf::Named(name, span)) => {
                        intent.fill("store", SlotValue::Text(name));
                        shop_spans.push(span);
                        // The clauses after the question are no part of what it asks after,
                        // and what they point at (`in this wind`) is not the thing.
                        later = Some((clause_end(text, span.1), text.len()));
                        shop_spans.extend(later);
                    }
                    Some(AskedOf::InView) => {
                        shop_spans.extend(word_spans(text, words!["他们", "她们"]))
                    }
                    None => {}
                }
            }
            // `这个电饭煲别的地方卖多少钱`: a pointer before a thing's name names that thing.
            let named = pointer_names_a_thing(&mask(text, &shop_spans));
            // `这家的鲜花饼跟别家比咋个样`: a thing of the place in view, set against other
            // places, is the one in view (the context fills it in).
            let of_this_place = kind == IntentKind::ProductCompare
                && words!["这家的", "这家店的", "这里的", "这儿的", "店里的"]
                    .iter()
                    .any(|w| text.contains(w));
            if of_this_place
                || refers_to_product(&mask(text, &Vec::from_iter(later)))
                    && !same_named
                    && named.is_none()
            {
                return;
            }
            shop_spans.extend(named);
            // `热水袋`: a one-character listed word (`水`) the name goes on past is not it;
            // `卸妆水`: nor one qualified by the characters before it.
            let items: Vec<LexMatch> = lexicon::find_all(&masked, lexicon::PRODUCTS)
                .into_iter()
                .filter(|m| {
                    masked[m.start..m.end].chars().count() > 1
                        || (masked[m.end..]
                            .chars()
                            .next()
                            .is_none_or(|c| c.is_ascii() || "吗呢吧的了和么".contains(c))
                            && masked[..m.start].chars().next_back().is_none_or(|c| {
                                c.is_ascii() || "有卖买要的个瓶杯点些把".contains(c)
                            }))
                })
                .collect();
            // `这里有没有卖创可贴` names the item; `这里` is the shop, which the context fills.
            // The kind of shop (`这家超市`) is where, not what.
            shop_spans.extend(
                lexicon::find_all(text, lexicon::CATEGORIES)
                    .iter()
                    .filter(|c| {
                        // `这超市`, `那药店`: a pointer straight before the kind too.
                        words!["这家", "这个", "这间", "那家", "这", "那", "this ", "that "]
                            .iter()
                            .any(|w| text[..c.start].ends_with(w))
                    })
                    .map(|c| (c.start, c.end)),
            );
            // `电动牙刷京东和淘宝哪个便宜`: the shops set against each other are where, not what.
            let platforms = word_spans(text, PLATFORMS);
            if let (Some(first), Some(last)) = (
                platforms.iter().map(|p| p.0).min(),
                platforms.iter().map(|p| p.1).max(),
            ) {
                shop_spans.push((first, last));
            }
            // `小米手环哪家卖得便宜`: the thing is what the comparison's frame binds, if that
            // leaves anything.
            if kind == IntentKind::ProductCompare {
                let mut bound = shop_spans.clone();
                bound.extend(compare::frame_spans(text));
                if leftover(&mask(text, &bound)).is_some() {
                    shop_spans = bound;
                }
            }
            let shop = mask(text, &shop_spans);
            // `乐事薯片`, `Dove chocolate`, `football boots`: a listed thing named more exactly
            // keeps its words, asked after or compared.
            if let Some(item) = items
                .first()
                .filter(|_| matches!(kind, IntentKind::ProductStock | IntentKind::ProductCompare))
                .and_then(|m| narrower_kind(&shop, &mask(&masked, &shop_spans), m))
            {
                intent.fill("item", SlotValue::Text(item));
            }
            fill_named(intent, "item", &shop, &mut used, &items);
        }
        IntentKind::PlaceFind => fill_place_find(intent, text, &masked, distance.map(|d| d.0)),
        IntentKind::PlaceInfo => {
            // `are they open on weekends`: the place in view, which the context fills in.
            if words!["they", "them", "their"]
                .iter()
                .any(|w| occurrences(text, w).next().is_some())
            {
                return;
            }
            used.extend(reference_spans(text));
            // `楼外楼的西湖醋鱼好吃吗`: a dish of the place, said after its `的`, is no place (a
            // landmark inside the dish's name names none).
            let dish = dish_of_the_place(text);
            let places: Vec<LexMatch> = lexicon::find_all(&masked, lexicon::LANDMARKS)
                .into_iter()
                .filter(|p| dish.is_none_or(|(s, e)| !(s <= p.start && p.end <= e)))
                .collect();
            used.extend(dish);
            // `how late is Zhiweiguan open`: the question's words are no part of the name.
            used.extend(word_spans(
                text,
                words!["how late", "what time", "how long", "until when"],
            ));
            // `What time does Shanghai Museum open`: the word of hours is no part of the name.
            used.extend(word_spans(text, HOURS));
            // `楼外楼评分高吗`: a place named before what is asked of it.
            let named_first = cue_spans(text)
                .into_iter()
                .filter(|(s, e)| is_cue_of(IntentKind::PlaceInfo, &text[*s..*e]))
                .chain(word_spans(text, HOURS))
                .chain(a_not_a_spans(text))
                .map(|(s, _)| s)
                .min()
                .and_then(|at| leftover(&mask(&text[..at], &used)));
            // `a restaurant called Zhiweiguan`, `新白鹿这家店咋样`: a name given as a name, or
            // said right before a word pointing at a place, names the place asked about.
            let given = words![" called ", " named ", "叫做", "名叫"]
                .iter()
                .find_map(|w| text.find(w).map(|at| at + w.len()))
                .map(|at| {
                    &text[at..text[at..]
                        .find([',', '?', '!', '.'])
                        .map_or(text.len(), |e| at + e)]
                })
                .or_else(|| {
                    text.split(',')
                        .find_map(super::triggers::place_asked_what_it_is)
                        .filter(|name| !name.starts_with(['这', '那']))
                })
                .or_else(|| {
                    words!["这家店", "这个店", "那家店"]
                        .iter()
                        .find_map(|w| text.find(w))
                        .map(|at| &text[..at])
                })
                // `check if Grandma's Home has high chairs`, `does Wagas have …`: what the place
                // has, asked after its name, is no part of it.
                .or_else(|| {
                    words![" has ", " have ", " offers ", " serves ", " allows "]
                        .iter()
                        .filter_map(|w| text.find(w))
                        .min()
                        .filter(|_| reference_spans(text).is_empty())
                        .map(|at| &text[..at])
                })
                // `那个，这家店…`: a pointer said before the pointer is a pause, no name.
                .and_then(|said| {
                    let mut spans = cue_spans(said);
                    spans.extend(reference_spans(said));
                    leftover(&mask(said, &spans))
                });
            // `那个老乡鸡几点开门`: `that` before a name points at the place so named (`这个剧院`
            // is the one in view).
            let named_by_pointer =
                pointer_names_a_thing(text).filter(|p| text[p.0..].starts_with('那'));
            let points_elsewhere = reference_spans(text)
                .iter()
                .any(|span| named_by_pointer.is_none_or(|p| p.0 != span.0));
            match given.or(named_first.filter(|_| !points_elsewhere)) {
                Some(name) if places.is_empty() => {
                    intent.fill("name", SlotValue::Text(name));
                }
                _ => fill_named(intent, "name", text, &mut used, &places),
            }
            // `the Lost Heaven restaurant`: a kind of business said after a name with `the` is
            // what the place is, not its name (`the China Tea Museum` is named so).
            if let Some(name) = intent.text("name").map(str::to_string)
                && text.contains(&format!("the {name}"))
                && let Some(bare) = BUSINESSES
                    .iter()
                    .find_map(|k| name.strip_suffix(k)?.strip_suffix(' '))
                    .filter(|b| !b.trim().is_empty())
            {
                intent
                    .slots
                    .insert("name", SlotValue::Text(bare.to_string()));
            }
            if let Some(name) = intent.text("name").map(str::to_string) {
                match the_place_named(&name) {
                    Some(named) => intent.slots.insert("name", SlotValue::Text(named)),
                    None => intent.slots.remove("name"),
                };
            }
        }
        IntentKind::BikeUnlock => {
            if let Some(id) = bike_id_in(text) {
                intent.fill("bike_id", SlotValue::Text(id));
            }
        }
        IntentKind::LandmarkGuide => {
            let long = words![
                "详细",
                "多讲",
                "长一点",
                "长点",
                "多说点",
                "longer",
                "深入",
                "完整",
                "in detail",
                "full story",
                "long version",
                "more about",
                "everything about",
                "full history",
                "whole history",
                "got time",
                "不赶时间",
                "慢慢讲",
                // `仔仔细细讲`, `从头到尾说说`, `tell me at length`: told at length, however said.
                "仔细",
                "细细",
                "细讲",
                "细说",
                "好好讲",
                "好好说",
                "从头到尾",
                "一五一十",
                // `说细点儿`, `展开讲讲`, `讲全一点`, `don't leave anything out`: more detail, however
                // asked for.
                "细点",
                "细一点",
                "说细",
                "讲细",
                "展开讲",
                "展开说",
                "讲全",
                "说全",
                "多讲讲",
                "多说说",
                "tell me more",
                "go into detail",
                "leave nothing out",
                "don't leave anything out",
                "the works",
                "at length",
                "in depth",
                "all about",
                "whole story",
                "the long story",
                "thoroughly",
                // `讲个长的`, `来个短的`, `老长的也行`: the telling asked for by its length alone.
                "个长的",
                "长的也行",
                "长的就行",
                "long explanation",
                "long version",
                "long answer",
                "long one",
                // `往长了说`, `讲长啲` (said `讲长些`), `讲长个`, `can tell long story`: said long
                // (not `讲讲长城`).
                "往长了",
                "往长里",
                "长些",
                "讲长个",
                "讲长的",
                "tell long story",
                "tell a long story",
            ];
            let short = words![
                "简单",
                "简短",
                "一句话",
                "短点",
                "短一点",
                "两句",
                "几句",
                "briefly",
                "brief",
                "quick",
                "short",
                "in brief",
                "summary",
                "minute version",
                "一分钟",
                "a few words",
                "a few sentences",
                "别太长",
                "不要太长",
                "not too long",
                "a sentence or two",
                "nutshell",
                "两分钟",
                "个短的",
                "短的也行",
                "短的就行",
                "短些",
            ];
            let length = if long.iter().any(|w| text.contains(w)) {
                Some("long")
            } else if short.iter().any(|w| text.contains(w)) {
                Some("short")
            } else {
                None
            };
            if let Some(l) = length {
                intent.fill("length", SlotValue::Text(l.to_string()));
            }
            used.extend(reference_spans(text));
            used.extend(
                long.iter()
                    .chain(short.iter())
                    .flat_map(|w| occurrences(text, w).collect::<Vec<_>>()),
            );
            let marks = lexicon::find_all(&masked, lexicon::LANDMARKS);
            // `这啥塔啊`, `那什么桥`: what the thing pointed at is asked; the one in view.
            let asks_what = words!["这", "那"].iter().any(|p| {
                words!["啥", "什么"]
                    .iter()
                    .any(|w| text.contains(&format!("{p}{w}")))
            });
            if marks.is_empty() && (asks_what || points_at_a_landmark(text)) {
                return;
            }
            fill_named(intent, "name", text, &mut used, &marks);
        }
        IntentKind::FoodOrder => fill_food(intent, text, &mut used),
        IntentKind::SignTranslate => {
            if let Some(language) = language_named(text) {
                intent.fill("language", SlotValue::Text(language.to_string()));
            }
        }
        IntentKind::Navigate => {
            // `地铁站`: a means inside a kind of place is the place.
            let kinds = lexicon::find_all(&masked, lexicon::CATEGORIES);
            let modes: Vec<LexMatch> = lexicon::find_all(&masked, lexicon::MODES)
                .into_iter()
                .filter(|m| !kinds.iter().any(|k| k.start <= m.start && m.end < k.end))
                // `南京路步行街`: a means a street's name goes on from is the street.
                .filter(|m| !lexicon::street_goes_on(&masked, m.start, m.end))
                .collect();
            // `下班了，骑车回家`, `I can't be bothered walking, get me a taxi back to …`: a clause
            // before the one that goes somewhere, naming no place (a state, a time), is never
            // where; and a means said in the going clause is the way, over one said before it.
            // A `to` before a means (`too tired to walk`) is the infinitive's, no going.
            let told_before = words!["回", "去", "到", " to "]
                .iter()
                .filter_map(|w| {
                    masked.match_indices(w).map(|(at, _)| at).find(|at| {
                        let after = masked[at + w.len()..].trim_start();
                        lexicon::find_first(after, lexicon::MODES).is_none_or(|m| m.start > 0)
                    })
                })
                .min()
                .and_then(|going| masked[..going].rfind(','))
                .filter(|cut| {
                    [lexicon::LANDMARKS, lexicon::CITIES, lexicon::CATEGORIES]
                        .iter()
                        .all(|lex| lexicon::find_all(&masked[..*cut], lex).is_empty())
                });
            let way = modes
                .iter()
                .find(|m| told_before.is_none_or(|cut| m.start > cut))
                .or(modes.first());
            // `Cheap ride to …, bus is ok`: a means said to be good enough is the way.
            if let Some(mode) = means_allowed(&masked) {
                intent.fill("mode", SlotValue::Text(mode.to_string()));
            }
            if let Some(m) = way {
                intent.fill("mode", SlotValue::Text(m.canonical.to_string()));
            }
            // `想骑个车到植物园`: riding somewhere is by bike, and where is what follows the
            // going; what stands before the riding is never where.
            if let Some((_, end)) = triggers::ride_span(text) {
                intent.fill("mode", SlotValue::Text("bike".to_string()));
                used.push((0, end));
            }
            // `开车过去`: the going after the means is no part of where.
            used.extend(
                words!["过去", "过来"]
                    .iter()
                    .flat_map(|w| occurrences(text, w).collect::<Vec<_>>()),
            );
            // `坐公交`, `搭地铁`: the verb of riding goes with the means; so does one of
            // booking or hailing it (`book me a taxi to …`, `hail a cab to …`), and one of
            // taking the wearer along (`带我走路去`, `领我坐地铁去`); and how cheap or quick the
            // ride should be (`Cheap ride to …`, `get me a quick cab`).
            used.extend(modes.iter().map(|m| {
                let mut start = m.start;
                while let Some(v) = words![
                    "坐",
                    "乘",
                    "搭",
                    "带我",
                    "领我",
                    "陪我",
                    "cheap ",
                    "cheapest ",
                    "quick ",
                    "fast ",
                ]
                .iter()
                .find(|v| masked[..start].ends_with(*v))
                {
                    start -= v.len();
                }
                (hailed_from(&masked[..start]).unwrap_or(start), m.end)
            }));
            // `a taxi with a child seat to …`: what the means should have, said between it and
            // `to`, is a wish about the ride, no part of where.
            used.extend(modes.iter().filter_map(|m| {
                let rest = &masked[m.end..];
                let to = rest.find(" to ")?;
                words![" with ", " that ", " which "]
                    .iter()
                    .any(|w| rest.starts_with(w))
                    .then_some((m.end, m.end + to))
            }));
            if let Some(cut) = told_before {
                used.push((0, cut + 1));
            }
            let places = lexicon::find_all(&masked, lexicon::LANDMARKS);
            // `南京路步行街`: a city a street's name goes on from is the street's.
            let cities: Vec<LexMatch> = lexicon::find_all(&masked, lexicon::CITIES)
                .into_iter()
                .filter(|c| !lexicon::street_goes_on(&masked, c.start, c.end))
                .collect();
            // `杭州站`: a city's station, as said.
            if places.is_empty()
                && let Some(end) = cities
                    .iter()
                    .find_map(|c| lexicon::station_end(&masked, c).map(|end| (c.start, end)))
            {
                intent.fill(
                    "destination",
                    SlotValue::Text(masked[end.0..end.1].to_string()),
                );
                return;
            }
            let named: Vec<LexMatch> = places.into_iter().chain(cities).collect();
            // `打车回家`: going back, at the start or after the means, is going there.
            let mut spans = used.clone();
            spans.extend(cue_spans(text));
            let masked_now = mask(text, &spans);
            used.extend(
                masked_now
                    .match_indices('回')
                    .filter(|(at, _)| {
                        masked_now[..*at].trim().is_empty()
                            || masked_now[..*at].ends_with(' ')
                            || modes.iter().any(|m| m.end == *at)
                    })
                    .map(|(at, c)| (at, at + c.len())),
            );
            // `西湖文化广场`: a landmark's name going on is another place, kept as said.
            let mut bare = used.clone();
            bare.extend(cue_spans(text));
            let longer = named
                .first()
                .and_then(|m| longer_name(text, &mask(text, &bare), m));
            match longer {
                Some(place) => intent.fill("destination", SlotValue::Text(before_errand(place))),
                None => fill_named(intent, "destination", text, &mut used, &named),
            }
        }
    }
}

/// English means said bare, and the mode each is.
const BARE_MEANS: &[(&str, &str)] = &[
    ("bus", "transit"),
    ("metro", "transit"),
    ("subway", "transit"),
    ("train", "transit"),
    ("tram", "transit"),
    ("taxi", "taxi"),
    ("cab", "taxi"),
    ("walking", "walk"),
    ("bike", "bike"),
    ("cycling", "bike"),
    ("driving", "drive"),
];

/// The mode of a means the wearer says is good enough, in a clause of its own (`bus is ok`,
/// `a taxi is fine`, `the metro works too`): that means is the way, over a bare `ride`.
fn means_allowed(text: &str) -> Option<&'static str> {
    const GOOD_ENOUGH: Words = words![
        " is ok",
        " is okay",
        " is fine",
        " is good",
        " is alright",
        " works",
        " will do",
        " is cool",
    ];
    text.split([',', '.', ';']).find_map(|clause| {
        let clause = clause.trim();
        let clause = ["the ", "a "]
            .iter()
            .find_map(|a| clause.strip_prefix(a))
            .unwrap_or(clause);
        let head = GOOD_ENOUGH.iter().find_map(|w| {
            let at = clause.find(w)?;
            let after = clause[at + w.len()..].trim();
            (after.is_empty() || words!["too", "for me", "by me"].contains(after))
                .then_some(&clause[..at])
        })?;
        BARE_MEANS
            .iter()
            .find(|(w, _)| head == *w)
            .map(|(_, mode)| *mode)
    })
}

/// Characters that end the name of a kind of landmark (`塔`, `桥`, `寺`…).
const LANDMARK_KINDS: &str = "塔桥寺庙亭阁堤楼湖岛碑殿园";

/// Whether `text` points at a landmark by its kind, however counted or qualified (`那三个小塔`,
/// `这座古桥`, `这庙`): the one in view, whatever the words around it.
fn points_at_a_landmark(text: &str) -> bool {
    text.match_indices(['这', '那']).any(|(at, p)| {
        let rest = text[at + p.len()..]
            .trim_start_matches(|c: char| "一二两三四五六七八九十几".contains(c));
        let rest = rest
            .strip_prefix(|c: char| MEASURE_WORDS.contains(c) || "个座".contains(c))
            .unwrap_or(rest);
        // Up to two qualifying characters may stand before the kind (`小塔`, `小石塔`).
        rest.chars().take(3).any(|c| LANDMARK_KINDS.contains(c))
    })
}

/// English verbs of getting a ride said before its means (`book me a taxi`).
const HAILING: Words = words![
    "book", "call", "hail", "order", "get", "grab", // `take a taxi to`, `catch a cab to`.
    "take", "catch",
];

/// Where a verb of getting a ride starts in `before` (the text up to a means), when only
/// `me`/`us` and an article stand between them: `book me a ` → 0.
fn hailed_from(before: &str) -> Option<usize> {
    let mut rest = before.trim_end();
    for filler in [words!["a", "an", "the"], words!["me", "us"]] {
        if let Some(r) = filler.iter().find_map(|w| {
            rest.strip_suffix(w)
                .filter(|r| r.is_empty() || r.ends_with(' '))
        }) {
            rest = r.trim_end();
        }
    }
    HAILING
        .iter()
        .find(|v| {
            rest.strip_suffix(*v)
                .is_some_and(|r| r.is_empty() || r.ends_with(' '))
        })
        .map(|v| rest.len() - v.len())
}

/// Kinds of business said after a place's name (`the Lost Heaven restaurant`).
const BUSINESSES: Words = words!["restaurant", "cafe", "bar", "shop", "store"];

/// Spans of the words that point at the place in view (`这里`, `this shop`), with the kind of
/// place said after the pointer (`这家文具店`, `那家药店`: the shop in view, by its kind).
fn place_reference_spans(text: &str) -> Vec<Span> {
    let mut spans = word_spans(text, PLACE_REFERENCES);
    // `这家店`, `那间铺子`, the Wu `这爿店`: whatever the shop's measure word.
    let pointers = words!["这", "那"]
        .iter()
        .flat_map(|p| SHOP_MEASURES.chars().map(move |m| format!("{p}{m}")));
    for pointer in pointers {
        spans.extend(occurrences(text, &pointer).filter_map(|(start, end)| {
            let kind = text[end..]
                .char_indices()
                .take(5)
                .take_while(|(_, c)| !c.is_ascii())
                .find(|(_, c)| "店馆铺".contains(*c))?;
            Some((start, end + kind.0 + kind.1.len_utf8()))
        }));
    }
    spans
}

/// Whether the word at `start..end` is `it`, `them`, `它` or `there` said in a later clause
/// (`buy a yoga mat, I need it by Friday`, `Compare prices on Oatly oat milk, it's dear enough
/// here`): it points back at what was named, not at something in view.
fn points_back(text: &str, start: usize, end: usize) -> bool {
    words!["it", "them", "它", "there"].contains(&text[start..end]) && text[..start].contains(" , ")
}

/// True when the text points at a product in view (`this`, `这个`, `the one I'm looking
/// at`) rather than at the place (`this shop`, `这家店`); an `it` that points at nothing
/// ([`a_time`]), or back at a thing named before it ([`points_back`]: not `120 here, could I
/// get it for less`, where only a price was said), does not.
fn refers_to_product(text: &str) -> bool {
    let rest = mask(text, &place_reference_spans(text));
    let named_before = |at: usize| {
        let before = &rest[..at];
        leftover(&mask(before, &reference_spans(before)))
            .is_some_and(|l| l.chars().any(char::is_alphabetic))
    };
    PRODUCT_REFERENCES.iter().any(|w| {
        occurrences(&rest, w)
            .any(|(s, e)| !(a_time(&rest, s, e) || points_back(&rest, s, e) && named_before(s)))
    })
}

/// Sets a free-text slot: the first lexicon match if any; else, unless the wearer pointed at
/// something in view (the context fills that in), what is left of the text.
fn fill_named(
    intent: &mut Intent,
    slot: &str,
    text: &str,
    used: &mut Vec<Span>,
    matches: &[LexMatch],
) {
    if let Some(m) = matches.first() {
        intent.fill(slot, SlotValue::Text(m.canonical.to_string()));
        return;
    }
    // `after the movie get me a cab to …`, `once I'm done here, …`: what is done first is no
    // part of the value, and points at nothing.
    let mut aside = sequencing_spans(text);
    aside.extend(reason_spans(text));
    let text = &mask(text, &aside);
    // `buy a yoga mat, I need it by Friday`: `it` in a later clause is the thing already
    // named, not one in view; so is `there` the place (`navigate to Hubin Yintai, my friends
    // are waiting there`).
    let (back, pointing): (Vec<Span>, Vec<Span>) = reference_spans(text)
        .into_iter()
        .partition(|(start, end)| points_back(text, *start, *end));
    // `这个洗面奶帮我加入购物车`: a pointer before a thing's name names that thing.
    let named = pointer_names_a_thing(text).filter(|_| slot == "item");
    // A pointer inside a wish about the thing (`…, the kind that folds up`) points at nothing.
    let inside = |p: &Span, s: &Span| s.0 <= p.0 && p.1 <= s.1;
    let wishes = wish_spans(text);
    // `打车去龙井村，那个，快一点`: a pointer said as a clause of its own is a filler of
    // hesitation, pointing at nothing.
    let (hesitations, pointing): (Vec<Span>, Vec<Span>) = pointing
        .into_iter()
        .partition(|(start, end)| said_alone(text, *start, *end));
    used.extend(hesitations);
    // `…, the site's out that way`: a pointer at a direction points at no thing in view.
    let pointing: Vec<Span> = pointing
        .into_iter()
        .filter(|(_, end)| {
            !words![" way", " direction", " side"]
                .iter()
                .any(|w| text[*end..].starts_with(w))
        })
        .filter(|p| named.is_none_or(|n| !inside(p, &n)))
        .filter(|p| !wishes.iter().any(|w| inside(p, w)))
        .collect();
    if !pointing.is_empty() {
        return;
    }
    used.extend(named);
    used.extend(back);
    // A thing bought, compared or asked after may hold trip words (`travel pillow`, `flight
    // bag`, `飞利浦`): they stay.
    let a_thing = matches!(
        intent.kind,
        IntentKind::ProductBuy | IntentKind::ProductCompare | IntentKind::ProductStock
    );
    used.extend(cue_spans(text).into_iter().filter(|span| {
        !a_thing
            || !is_cue_of(IntentKind::TripPlan, &text[span.0..span.1])
                && !goes_on_into_a_name(text, span.0, span.1)
    }));
    used.extend(reference_spans(text));
    used.extend(time_spans(text));
    // `get me a yoga mat, nothing too thin`: the thing is named by the first clause naming
    // anything; the later ones only qualify it.
    if let Some(rest) = mask(text, used).split(" , ").find_map(leftover) {
        let rest = if slot == "destination" {
            before_errand(rest)
        } else {
            rest
        };
        intent.fill(slot, SlotValue::Text(rest));
    }
}

/// Words of asking for a thing to be bought (whole words in English).
const REQUESTING: Words = words![
    "帮我",
    "给我",
    "替我",
    "买",
    "下单",
    "入手",
    "订购",
    "囤",
    "buy",
    "order",
    "get me",
    "get us",
    "grab me",
    "grab us",
    "pick up",
    "pick me up",
];
/// Words that name no thing of their own in a request (`buy me one`, `买一个`).
const NO_THING: Words = words![
    "one", "it", "them", "some", "these", "those", "that", "this",
];

/// Whether a word left in a request names a thing: not a pronoun, nor a count and a measure
/// word alone (`一把`, `一套`).
fn names_a_thing(word: &str) -> bool {
    !NO_THING.contains(word)
        && !word
            .chars()
            .all(|c| "零一二两三四五六七八九十几个".contains(c) || MEASURE_WORDS.contains(c))
}

/// The clauses of `text` that ask for nothing (a story, a reason) told before the first clause
/// asking for a thing it names: `my umbrella broke again, buy me an umbrella`.
fn story_spans(text: &str) -> Vec<Span> {
    let mut clauses = Vec::new();
    let mut at = 0;
    for clause in text.split(" , ") {
        let asks = !word_spans(clause, REQUESTING).is_empty();
        clauses.push((at, at + clause.len(), asks));
        at += clause.len() + " , ".len();
    }
    let first_naming = clauses.iter().position(|(s, e, asks)| {
        let clause = &text[*s..*e];
        let mut spans = cue_spans(clause);
        spans.extend(word_spans(clause, REQUESTING));
        spans.extend(reference_spans(clause));
        *asks
            && leftover(&mask(clause, &spans))
                .is_some_and(|left| left.split(' ').any(names_a_thing))
    });
    let Some(first_naming) = first_naming else {
        return Vec::new();
    };
    clauses
        .into_iter()
        .take(first_naming)
        .filter(|(_, _, asks)| !asks)
        .map(|(s, e, _)| (s, e))
        .collect()
}

/// Whether the words at `start..end` are a whole clause of `text` on their own.
fn said_alone(text: &str, start: usize, end: usize) -> bool {
    let from = text[..start].rfind(',').map_or(0, |c| c + 1);
    let to = text[end..].find(',').map_or(text.len(), |c| end + c);
    text[from..start].trim().is_empty() && text[end..to].trim().is_empty()
}

/// Words that put a thing in a shopping cart, and the cart itself: a frame around the thing
/// bought (`add … to my cart`, `throw … in my basket`, `把…加入购物车`).
const CART: Words = words![
    "to my cart",
    "in my cart",
    "into my cart",
    "to the cart",
    "in the cart",
    "to my basket",
    "in my basket",
    "into my basket",
    "to my shopping cart",
    "购物车里",
    "购物车",
    "加入",
    "加到",
    "放进",
    "放到",
];
/// Verbs that put a thing somewhere, said at the start of a cart frame.
const PLACING: Words = words!["add", "put", "throw", "toss", "pop", "stick"];

/// Spans of a cart frame in `text` (see [`CART`]): the cart words, the placing verb before the
/// thing (`add`, `put`, `把`), nothing when no cart is named.
fn cart_spans(text: &str) -> Vec<Span> {
    let cart = word_spans(text, CART);
    if !cart.iter().any(|(s, e)| {
        text[*s..*e].contains("cart")
            || text[*s..*e].contains("basket")
            || text[*s..*e].contains("购物车")
    }) {
        return Vec::new();
    }
    let mut spans = cart;
    spans.extend(word_spans(text, PLACING));
    spans.extend(word_spans(text, ["把"]));
    spans
}

/// `楼外楼的西湖醋鱼好吃吗`, `他们家的奶茶好喝吗`: the span of a dish or drink named after a
/// `的`, up to what is asked of it, if what follows the `的` is food.
fn dish_of_the_place(text: &str) -> Option<Span> {
    let at = text.find('的')? + '的'.len_utf8();
    let end = text[at..]
        .find(|c: char| c.is_ascii() || "好怎贵吗呢么多".contains(c))
        .map_or(text.len(), |e| at + e);
    let said = &text[at..end];
    (!said.is_empty()
        && (cuisine_of(said).is_some() || !lexicon::find_all(said, lexicon::FOODS).is_empty()))
    .then_some((at - '的'.len_utf8(), end))
}

/// `开不开门`, `营不营业`: the verb said and negated before it is said again (`开不`, `营不`),
/// which asks whether and is no part of a name.
fn a_not_a_spans(text: &str) -> Vec<Span> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    chars
        .windows(3)
        .filter(|w| w[0].1 == w[2].1 && (w[1].1 == '不' || w[1].1 == '没') && w[0].1 != '不')
        .map(|w| (w[0].0, w[2].0))
        .collect()
}

/// Words that open a clause saying what a thing is for or why it is asked (`…, for these
/// knees`, `…，因为这鞋磨脚`).
const REASONS: Words = words!["for ", "because ", "since ", "因为", "为了"];

/// Spans of the later clauses that say what the thing is for or why (see [`REASONS`]): what
/// they name or point at (`these knees`) is no part of the thing and points at nothing in view.
fn reason_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut at = 0;
    for clause in text.split(" , ") {
        if at > 0 && REASONS.iter().any(|w| clause.trim_start().starts_with(w)) {
            spans.push((at, at + clause.len()));
        }
        at += clause.len() + " , ".len();
    }
    spans
}

/// `Ate, does this shop have calamansi`, `Kuya Ben, …`, `师傅，…`: the span of a first clause that
/// only calls someone, by a title ([`company::TITLES`]) alone or before one word of a name.
fn address_span(text: &str) -> Option<Span> {
    let (first, _) = text.split_once(" , ")?;
    let said = first.trim();
    let rest = company::TITLES.iter().find_map(|t| said.strip_prefix(t))?;
    (rest.is_empty() || (rest.starts_with(' ') && !rest.trim().contains(' ')))
        .then_some((0, first.len()))
}

/// Spans of what is done before the request: `after the movie`, `after lunch`, `once I'm
/// done here,` (up to the clause's comma), `逛完西湖`, `下班后` (up to the way of going).
fn sequencing_spans(text: &str) -> Vec<Span> {
    let clause_end = |from: usize| text[from..].find(" , ").map(|e| from + e);
    // `after the movie`, `after lunch`: an event after `after` (never a count or a date:
    // `the day after tomorrow`, `after 3 days`).
    let after = occurrences(text, "after").filter_map(|(start, end)| {
        let rest = text[end..].trim_start();
        let lead = text.len() - end - rest.len();
        let article = words!["the ", "my ", "our ", "this "]
            .iter()
            .find(|a| rest.starts_with(*a))
            .map_or(0, |a| a.len());
        let word = rest[article..].split([' ', ',']).next().unwrap_or_default();
        let event = article > 0
            || words![
                "lunch",
                "dinner",
                "breakfast",
                "work",
                "class",
                "school",
                "shopping",
            ]
            .contains(word);
        event.then(|| (start, end + lead + article + word.len()))
    });
    // `逛完西湖打个车回酒店`, `下班后打车回公司`: from the clause's start to the way of going.
    let done = text.match_indices(['完', '后']).filter_map(|(at, w)| {
        let start = text[..at].rfind(',').map_or(0, |c| c + 1);
        let rest = at + w.len();
        let to = words!["打车", "打个车", "坐", "骑", "去", "回", "到", "走", "开车"]
            .iter()
            .filter_map(|g| text[rest..].find(g).map(|e| rest + e))
            .min()?;
        // `完` after a verb (`吃完`, not `完全`), `后` after an event (`下班后`; not `后天`,
        // `然后`, `以后` of a date).
        let next = text[rest..].chars().next();
        let word = if w == "完" {
            !next.is_some_and(|c| "全成美整".contains(c))
        } else {
            !next.is_some_and(|c| "天年面边来".contains(c))
                && !text[..at].ends_with(['以', '之', '天', '然', '最', '前'])
        };
        (word && at > start).then_some((start, to))
    });
    let first = words!["once ", "when "]
        .iter()
        .filter(|w| text.starts_with(*w))
        .filter_map(|_| clause_end(0).map(|e| (0, e)));
    after.chain(first).chain(done).collect()
}

fn fill_trip(
    intent: &mut Intent,
    text: &str,
    masked: &str,
    dates: &[DateMatch],
    money: &[(Cny, MoneyRole, Span)],
) {
    let cities = lexicon::standalone_cities(text);
    let origin = cities
        .iter()
        .position(|c| {
            let head = text[..c.start].trim_end();
            head.ends_with('从') || head.ends_with("from") || head.ends_with("leaving")
        })
        // `Shanghai to Beijing by train`, `上海到成都`: a city right before `to` and another
        // city, with no verb, is where the journey starts.
        .or_else(|| {
            cities.windows(2).position(|pair| {
                let between = text[pair[0].end..pair[1].start].trim();
                words!["到", "至", "to", "-", "→"].contains(between)
            })
        });
    if let Some(i) = origin {
        intent.fill("origin", SlotValue::Text(cities[i].canonical.to_string()));
    }
    let destination = cities
        .iter()
        .enumerate()
        .find(|(i, _)| Some(*i) != origin)
        .map(|(_, c)| c.canonical);
    // A city not in the lexicon is still the destination the wearer named: the travel
    // provider then says whether it serves it (never "Where to?" for a place that was said).
    let destination = destination
        .map(str::to_string)
        .or_else(|| unlisted_destination(text, masked));
    if let Some(city) = destination {
        intent.fill("destination", SlotValue::Text(city));
    }
    // `leaving Friday`, `周五出发`: the day said with leaving is the departure.
    let leaving = dates.iter().position(|d| {
        let head = text[..d.start].trim_end();
        let tail = text[d.end..].trim_start();
        words!["leaving", "leave", "departing", "depart", "from"]
            .iter()
            .any(|w| head.ends_with(w))
            || words!["出发", "走"].iter().any(|w| tail.starts_with(w))
    });
    let ret = return_date(text, dates).filter(|r| Some(*r) != leaving);
    let depart = leaving
        .map(|i| (i, &dates[i]))
        .or_else(|| dates.iter().enumerate().find(|(i, _)| Some(*i) != ret));
    if let Some(depart) = depart {
        intent.fill("depart_date", SlotValue::Date(depart.1.date));
    }
    if let Some(i) = ret {
        let depart = depart.map(|(_, d)| d.date);
        intent.fill(
            "return_date",
            SlotValue::Date(after_departure(
                dates[i].date,
                depart,
                day_of_month_only(&text[dates[i].start..dates[i].end]),
            )),
        );
    }
    if let Some((amount, _, _)) = money.first() {
        intent.fill("budget", SlotValue::Money(*amount));
    }
}

/// Verbs of an errand, a trade or a sport done at a place (`乌镇开会`, `中国美院看毕业展`,
/// `浙江音乐学院听音乐会`, `莫干山刷坡`, `普洱收茶`, `义乌进货`, `灵隐寺看看`): said right after a
/// destination, they end its name.
const ERRANDS: Words = words![
    "看",
    "听",
    "借",
    "参观",
    "开会",
    "出差",
    "团建",
    "办事",
    "参加",
    "拜访",
    "探亲",
    "刷坡",
    "爬山",
    "徒步",
    "骑行",
    "骑车",
    "露营",
    "滑雪",
    "钓鱼",
    "攀岩", // What is bought or sold there.
    "收",
    "进货",
    "拿货",
    "采购",
    "谈生意",
    "打卡",
    "耍",
    "逛逛",
    "转转",
    "走走",
];

/// A destination said as a name no list has, up to an errand done there: `中国美院看毕业展` →
/// `中国美院` (two characters at least are the name, so `看台` stays whole).
fn before_errand(place: String) -> String {
    let end = ERRANDS
        .iter()
        .filter_map(|w| place.find(w))
        .filter(|at| place[..*at].chars().count() >= 2)
        .min();
    match end {
        Some(at) => place[..at].trim_end().to_string(),
        None => place,
    }
}

/// The words after `to` / `去` / `到` in a trip clause (dates, numbers and cue words already
/// left out), in title case: `plan a trip to paris next week` → `Paris`.
fn unlisted_destination(text: &str, masked: &str) -> Option<String> {
    // `spend five nights in bali`: the place a stay is in, else the one gone to.
    let start = words!["nights in ", "days in ", "week in ", "weekend in "]
        .iter()
        .find_map(|w| text.find(w).map(|i| i + w.len()))
        .or_else(|| {
            // `跑一趟义乌`: a journey made there; `回南宁`: one made back there.
            // `want to make a trip to Lisbon`: a `to` after a verb of wanting or going is the
            // verb's, not where to.
            const INFINITIVE: Words = words!["want", "going", "got", "need", "have", "like"];
            words![" to ", "去", "到", "一趟"]
                .iter()
                .filter_map(|cue| {
                    masked
                        .match_indices(cue)
                        .find(|(i, _)| {
                            cue != " to " || !INFINITIVE.iter().any(|v| masked[..*i].ends_with(v))
                        })
                        .map(|(i, _)| i + cue.len())
                })
                // `下周五回南宁`: a place gone back to is gone to.
                .chain(triggers::going_back(masked).next())
                .min()
        })?;
    let raw = &masked[start..];
    // `清迈玩五天`, `bangkok for four days`, `乌镇开会`: the stay or the purpose said after the
    // place ends its name, even when a cue took part of its words (`骑` of `骑行`).
    let end = words![
        "玩",
        "住",
        "待",
        "旅游",
        "度假",
        "吃",
        "逛",
        " for ",
        " with ",
        " on business",
        // `a trip to Chiang Mai leaving on Christmas Eve`: when one leaves or comes back.
        " leaving",
        " departing",
        " returning",
        " coming back",
    ]
    .iter()
    .chain(ERRANDS.iter())
    .filter_map(|w| raw.find(w).or_else(|| text[start..].find(w)))
    .chain(raw.find([',', '?', '!']))
    .min()
    .unwrap_or(raw.len());
    let rest = mask(raw, &cue_spans(raw));
    let place = leftover(&rest[..end])?;
    Some(
        place
            .split(' ')
            .map(|word| {
                let mut chars = word.chars();
                chars
                    .next()
                    .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" "),
    )
}

fn fill_place_find(intent: &mut Intent, text: &str, masked: &str, distance: Option<u32>) {
    // `opposite the hotel, a convenience store`: the kind of place looked for is not the one
    // the search is relative to, when another is named.
    let mut categories = lexicon::find_all(masked, lexicon::CATEGORIES);
    if categories.len() > 1 {
        categories.retain(|c| !relative_to(masked, c.start, c.end));
    }
    // `能充电的咖啡馆`: a kind said before `的` and another kind says what the other is for.
    if categories.len() > 1 {
        let heads: Vec<usize> = categories.iter().map(|c| c.start).collect();
        categories.retain(|c| {
            !heads
                .iter()
                .any(|h| masked.get(c.end..*h).is_some_and(|s| s.trim() == "的"))
        });
    }
    let in_a_category = |m: &LexMatch| {
        categories
            .iter()
            .any(|c| c.start < m.end && m.start < c.end)
    };
    // A dish the wearer wants to eat (`我想吃小笼包`) is what to look for when no cuisine is
    // named; not a word of a category (`咖啡` in `咖啡馆` is a cafe, not a dish).
    // Nor a one-character food word a longer word goes on from (`面` in `面包店`; `面馆` is
    // still a place of noodles).
    let inside_a_word = |f: &LexMatch| {
        one_char_goes_on(masked, f) && !masked[f.end..].starts_with(['馆', '店', '铺', '摊'])
    };
    let foods = lexicon::find_all(masked, lexicon::FOODS);
    let cuisine = lexicon::find_first(masked, lexicon::CUISINES)
        // `soup dumplings`: a dish whose name goes on around a cuisine's word is that dish.
        .map(|q| {
            foods
                .iter()
                .copied()
                .find(|f| f.start <= q.start && q.end <= f.end && f.end - f.start > q.end - q.start)
                .unwrap_or(q)
        })
        .or_else(|| {
            foods
                .iter()
                .copied()
                .find(|f| !in_a_category(f) && !inside_a_word(f))
        })
        // `好吃的韩餐`, `泰国菜`: a kind of food by another of its Chinese names.
        .or_else(|| {
            kinds_named_in(masked)
                .into_iter()
                .next()
                .map(|(canonical, start, end)| LexMatch {
                    canonical,
                    start,
                    end,
                })
        });
    // `grab breakfast, like a place that does congee`: a meal only says when; a dish named
    // besides it is what to look for.
    let cuisine = cuisine.map(|q| {
        if !MEALS.contains(q.canonical) {
            return q;
        }
        [lexicon::CUISINES, lexicon::FOODS]
            .iter()
            .flat_map(|lex| lexicon::find_all(masked, lex))
            .find(|f| {
                !MEALS.contains(f.canonical)
                    && (f.end <= q.start || f.start >= q.end)
                    && !in_a_category(f)
                    && !inside_a_word(f)
            })
            .unwrap_or(q)
    });
    let category = categories
        .iter()
        .copied()
        .find(|c| cuisine.is_none_or(|q| c.end <= q.start || c.start >= q.end));
    // `好吃的农家乐`: `好吃的` only qualifies the kind of place said right after it.
    let qualified = category
        .filter(|c| masked[c.start..c.end].ends_with('的'))
        .map(|c| {
            masked[c.end..]
                .chars()
                .take_while(|ch| !ch.is_ascii() && !"吗呢吧啊呀".contains(*ch))
                .collect::<String>()
        })
        // Not a food or a kind already listed (`好吃的面馆`, `好吃的川菜` are restaurants).
        .filter(|kind| {
            kind.chars().count() >= 2
                && [lexicon::CUISINES, lexicon::FOODS, lexicon::CATEGORIES]
                    .iter()
                    .all(|lex| lexicon::find_all(kind, lex).is_empty())
                && cuisine_of(kind).is_none()
        });
    let of_an_origin = category.and_then(|c| kind_of_an_origin(text, &c));
    // `海鲜市场`, `水果市场`: a market of a food is a kind of place, said whole (no cuisine),
    // when it is what is sought: no other kind of place is, and it is not where the search is
    // near (`海鲜市场附近有火锅店吗`).
    let a_market = cuisine
        .filter(|q| !masked[q.start..q.end].is_ascii() && masked[q.end..].starts_with("市场"))
        .filter(|q| {
            let after = masked[q.end + "市场".len()..].trim_start();
            category.is_none()
                && !words!["附近", "旁边", "周边", "边上", "对面"]
                    .iter()
                    .any(|w| after.starts_with(w))
        })
        .map(|q| masked[q.start..q.end + "市场".len()].to_string());
    match (category, cuisine) {
        _ if qualified.is_some() || of_an_origin.is_some() || a_market.is_some() => {
            if let Some(kind) = qualified.or(of_an_origin.clone()).or(a_market.clone()) {
                intent.fill("category", SlotValue::Text(kind));
            }
        }
        // `a bubble tea shop`, `a noodle shop`: a shop of a food is where it is had.
        (Some(c), Some(q)) if c.canonical == "shop" && q.end <= c.start => {
            let kind = if matches!(q.canonical, "coffee" | "bubble tea") {
                "cafe"
            } else {
                "restaurant"
            };
            intent.fill("category", SlotValue::Text(kind.to_string()));
        }
        // `flower shop`, `phone repair shop`: a shop of a kind the list does not name.
        (Some(c), _) if c.canonical == "shop" => {
            let said = &masked[c.start..c.end];
            let kind = modifier_before(text, masked, c.start, 2, 2)
                .filter(|_| said.is_ascii())
                .map_or_else(|| c.canonical.to_string(), |m| format!("{m} {said}"));
            intent.fill("category", SlotValue::Text(kind));
        }
        // `宠物医院`, `眼科医院`, `dental clinic`: a hospital or clinic of a speciality is
        // another kind of place (a vet is no hospital), kept as said; elsewhere a qualifier
        // (`快捷酒店`) leaves the kind as it is.
        (Some(c), _) if c.canonical == "hospital" => {
            let said = &masked[c.start..c.end];
            let sep = if said.is_ascii() { " " } else { "" };
            let kind = modifier_before(text, masked, c.start, 1, 2)
                .map_or_else(|| c.canonical.to_string(), |m| format!("{m}{sep}{said}"));
            intent.fill("category", SlotValue::Text(kind));
        }
        // `自行车店`: a listed kind whose word goes on into `店`/`铺` is a shop of it, as said.
        (Some(c), _)
            if !masked[c.start..c.end].is_ascii() && masked[c.end..].starts_with(['店', '铺']) =>
        {
            let end = c.end + '店'.len_utf8();
            intent.fill(
                "category",
                SlotValue::Text(masked[c.start..end].to_string()),
            );
        }
        // `整点吃的，想吃锅包肉`: a restaurant asked for and a dish wished for after it.
        (Some(c), None)
            if c.canonical == "restaurant" && !word_spans(text, EAT_CUES).is_empty() =>
        {
            fill_unlisted_place(intent, masked);
            intent.fill("category", SlotValue::Text(c.canonical.to_string()));
        }
        // `a hostel`: a narrower kind of a listed place is kept as said.
        (Some(c), _) => intent.fill(
            "category",
            SlotValue::Text(lexicon::kind_as_said(masked, &c).to_string()),
        ),
        // Coffee or tea to drink is found at a cafe; other food at a restaurant.
        (None, Some(q)) if matches!(q.canonical, "coffee" | "bubble tea") => {
            intent.fill("category", SlotValue::Text("cafe".to_string()));
        }
        (None, Some(_)) => intent.fill("category", SlotValue::Text("restaurant".to_string())),
        (None, None) => fill_unlisted_place(intent, masked),
    }
    // `湘菜馆子`, `徽菜餐厅`: a region's cooking said right before a restaurant is its cuisine,
    // though no list names it.
    if cuisine.is_none()
        && let Some(c) = category.filter(|c| c.canonical == "restaurant")
        && let Some(cooking) =
            cooking_before(masked, c.start).or_else(|| a_peoples_cooking(masked, c.start))
    {
        intent.fill("cuisine", SlotValue::Text(cooking));
    }
    // `Korean supermarket`: where a shop's goods come from is no cuisine.
    if let Some(q) = cuisine.filter(|_| of_an_origin.is_none() && a_market.is_none()) {
        // `想吃碗热干面`: a one-character food qualified by the characters before it is a dish
        // of its own, kept as said (as a food ordered is: `拌面`).
        // `菌子火锅`, `酸菜饺子`, `crossing-the-bridge noodles`: a dish named more exactly than
        // its listed kind keeps its words, as a thing bought does ([`narrower_kind`]).
        // A verb of eating or drinking (`吃面的地方`) qualifies nothing.
        let said = &masked[q.start..q.end];
        let a_dish = foods.iter().any(|f| f.start == q.start && f.end == q.end);
        let dish = if said.chars().count() == 1 {
            named_dish(text, masked, q.start, q.end)
        } else if a_dish {
            dish_named_more_exactly(text, masked, &q)
        } else {
            None
        };
        let dish = dish
            .filter(|d| !d.starts_with(['吃', '喝']))
            .or_else(|| meat_before(masked, q.start, q.end));
        intent.fill(
            "cuisine",
            SlotValue::Text(dish.unwrap_or_else(|| q.canonical.to_string())),
        );
    }
    // `西溪印象城附近`: a place whose name starts with a landmark's and goes on is a place of its
    // own.
    let named = named_near(masked);
    let landmark = lexicon::find_first(masked, lexicon::LANDMARKS).filter(|l| {
        named
            .as_ref()
            .is_none_or(|(said, (s, _))| !(*s == l.start && said.len() > l.end - l.start))
    });
    if let Some(near) = landmark {
        intent.fill("near", SlotValue::Text(near.canonical.to_string()));
    } else if let Some((near, _)) = named {
        // `龙翔桥附近`, `near Hubin Yintai`: a place not listed, as said.
        intent.fill("near", SlotValue::Text(near));
    }
    if asks_open_now(text) {
        intent.fill("open_now", SlotValue::Flag(true));
    }
    if let Some(m) = distance {
        intent.fill("max_distance_m", SlotValue::Meters(m));
    }
}

/// Words saying the wearer wants to eat something: what follows is a dish.
/// Words of where a shop's goods come from (`Indian`, `Korean`, `imported`; `韩国`, `进口`).
const ORIGINS: Words = words![
    "indian",
    "korean",
    "japanese",
    "thai",
    "russian",
    "african",
    "asian",
    "western",
    "european",
    "american",
    "mexican",
    "italian",
    "french",
    "german",
    "turkish",
    "halal",
    "imported",
    "韩国",
    "日本",
    "泰国",
    "印度",
    "俄罗斯",
    "进口",
    "清真",
];

/// Listed kinds of place that sell goods: said with where the goods come from they are
/// another kind (a place to eat so said has a cuisine instead).
const SELLING: Words = words!["supermarket", "convenience store", "shop", "pharmacy"];

/// `Indian grocery shop`, `Korean supermarket`, `进口超市`: a listed kind of place that sells
/// goods, said right after where its goods come from ([`ORIGINS`]), is a narrower kind, kept as
/// said with a `shop`/`store`/`market` closing it.
fn kind_of_an_origin(text: &str, c: &LexMatch) -> Option<String> {
    if !SELLING.contains(c.canonical) {
        return None;
    }
    let head = &text[..c.start];
    let said = &text[c.start..c.end];
    let from = if said.is_ascii() {
        let word = head.strip_suffix(' ')?.rsplit(' ').next()?;
        ORIGINS
            .contains(word.to_lowercase().as_str())
            .then(|| c.start - word.len() - 1)?
    } else {
        let origin = ORIGINS.iter().find(|o| head.ends_with(*o))?;
        c.start - origin.len()
    };
    let closing = words![" shop", " store", " market"]
        .iter()
        .find(|w| lexicon::starts_with_word(&text[c.end..], [*w]).is_some())
        .map_or(0, |w| w.len());
    Some(text[from..c.end + closing].to_string())
}

const EAT_CUES: Words = words![
    "想喝",
    "喝点",
    "好想吃",
    "想吃",
    "吃点",
    // `找个地儿吃碗片儿川`: eating a measure of a dish names the dish.
    "吃碗",
    "吃份",
    "want to eat",
    "feel like eating",
    "craving",
    "could go for",
    "go for some",
    "in the mood for",
    "hungry for",
];

/// English words for a place that a dish names when it is a place to eat (`a chicken rice
/// place`, `a noodle spot`).
const EATING_PLACES: Words = words!["place", "spot", "joint", "stall"];

/// A search naming neither a listed kind of place nor a listed dish: a dish the wearer wants
/// to eat (`我想吃酸菜鱼`) is a restaurant serving it; any other word left is the kind of place
/// as said (`a bakery that's open`); so is a place named by a dish (`a chicken rice place`).
/// `text` has the values already read masked (`a mosque within one kilometre` → `mosque`).
fn fill_unlisted_place(intent: &mut Intent, text: &str) {
    // `宝宝饿了，附近有没有母婴室`: what is looked for is named in the clause that asks for it
    // (the first with a wish to eat, else the first with a word of searching); a clause that
    // only says how the wearer is names nothing.
    let clauses: Vec<&str> = text.split(" , ").collect();
    let asks_in = |cues: &dyn Fn(&str) -> bool| clauses.iter().copied().find(|c| cues(c));
    let text = asks_in(&|c| !word_spans(c, EAT_CUES).is_empty())
        .or_else(|| {
            asks_in(&|c| {
                cue_spans(c)
                    .iter()
                    .any(|(s, e)| is_cue_of(IntentKind::PlaceFind, &c[*s..*e]))
            })
        })
        .filter(|_| clauses.len() > 1)
        .unwrap_or(text);
    // `顺丰网点`: a one-character cue (`点`) that ends a word the characters before it start is
    // the word's last character, not a cue.
    let cjk = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
    let mut spans: Vec<Span> = cue_spans(text)
        .into_iter()
        .filter(|(s, e)| {
            text[*s..*e].chars().count() > 1
                || !cjk(text[..*s].chars().next_back())
                || cjk(text[*e..].chars().next()) && !text[*e..].starts_with(['吗', '呢', '吧'])
        })
        .collect();
    spans.extend(reference_spans(text));
    let eat = word_spans(text, EAT_CUES);
    spans.extend(eat.iter().copied());
    // `突然好想吃螺蛳粉`, `今天真的特别想吃酸菜鱼`: the dish is what the wish to eat names; what
    // stands before the wish (when, how much, how suddenly) is never part of it.
    if let Some(first) = eat.iter().map(|e| e.0).min() {
        spans.push((0, first));
    }
    spans.extend(open_spans(text));
    spans.extend(named_near(text).map(|(_, span)| span));
    spans.extend(close_to_span(text));
    // `a hair salon that does braids`: a kind of place named before a relative clause is what
    // is sought; the clause only says what it does (`a place that sells lechon` names no kind
    // before it, so its thing is read).
    if let Some(at) = words![" that ", " which ", " who ", " where "]
        .iter()
        .filter_map(|w| text.find(w))
        .min()
        && leftover(&mask(&text[..at], &spans)).is_some_and(|kind| {
            !words!["place", "somewhere", "anywhere", "spot", "shop"].contains(kind.as_str())
        })
    {
        spans.push((at, text[at..].find(" , ").map_or(text.len(), |e| at + e)));
    }
    let Some(rest) = leftover(&mask(text, &spans)) else {
        return;
    };
    // `能剪头发的地方`, `修手机的店`: where one can do it; the doing is the kind.
    let rest = words!["能", "可以"]
        .iter()
        .find_map(|w| rest.strip_prefix(w).filter(|r| r.chars().count() >= 2))
        .unwrap_or(&rest);
    // `想吃口手把肉`, `吃顿烤鸭`: after a verb of eating, `口` and `顿` are measures of the dish
    // (not in `口香糖`, said with no such verb before it).
    let rest = ['口', '顿']
        .iter()
        .find(|m| text.contains(&format!("吃{m}")) || text.contains(&format!("喝{m}")))
        .and_then(|m| rest.strip_prefix(*m))
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(rest);
    let rest = rest
        .strip_suffix(" 店")
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(rest);
    // `有冇得恰拌粉的地方`: a place to eat a dish, said with the bare verb, serves the dish
    // (`吃东西的地方` names none).
    let eaten = rest
        .strip_prefix('吃')
        .filter(|r| r.chars().count() >= 2 && !words!["东西", "点东西", "什么"].contains(r));
    let rest = eaten.unwrap_or(rest).to_string();
    // `a chicken rice place`, `a noodle spot`: a place named by a dish is a place to eat it
    // (`a laundry place` is named by no dish).
    let eaten_at = cuisine_of(&rest).is_some()
        && EATING_PLACES
            .iter()
            .any(|w| text.contains(&format!("{rest} {w}")));
    // `a taco spot`: the place's word said inside what is left goes, the dish stays.
    let rest = EATING_PLACES
        .iter()
        .find_map(|w| rest.strip_suffix(w)?.strip_suffix(' '))
        .filter(|dish| ends_in_a_dish(dish))
        .map_or(rest.clone(), str::to_string);
    // `got chicken rice near here or not`: an English dish sought with no place's word is a
    // place to eat it, when its last word is a dish's (`chicken rice`; not `rice cooker`) and
    // it is not bought (`where can I buy instant noodles`).
    let eaten_at = eaten_at || (ends_in_a_dish(&rest) && !text.contains("buy"));
    // `where can I get a flat white`: a coffee or tea drink named more exactly is had at a
    // cafe, kept as said.
    if matches!(cuisine_of(&rest), Some("coffee" | "bubble tea")) {
        intent.fill("category", SlotValue::Text("cafe".to_string()));
        intent.fill("cuisine", SlotValue::Text(rest));
        return;
    }
    if eat.is_empty() && !eaten_at && eaten.is_none() {
        // `附近的网吧`, `书吧`: a kind of place left as one character, said with a `吧` after it,
        // is the word that `吧` ends, not a closing particle.
        let rest = match rest.chars().count() {
            1 if text.contains(&format!("{rest}吧")) => format!("{rest}吧"),
            _ => rest,
        };
        intent.fill("category", SlotValue::Text(rest));
    } else {
        intent.fill("category", SlotValue::Text("restaurant".to_string()));
        intent.fill("cuisine", SlotValue::Text(rest));
    }
}

/// Whether `said` is English whose last word is a dish's (`chicken rice`, `fish tacos`).
fn ends_in_a_dish(said: &str) -> bool {
    said.is_ascii() && said.rsplit(' ').next().is_some_and(is_a_dish_word)
}

/// `a Brazilian restaurant`, `any Ethiopian restaurants`: the English word of a people right
/// before byte `at` (one ending as such words do, `-ian`, `-ean`, `-ese`, or one of the peoples
/// in `-ish`: not `stylish`, `clean`), the cooking of a country no list names.
fn a_peoples_cooking(masked: &str, at: usize) -> Option<String> {
    const PEOPLES_IN_ISH: Words = words![
        "british", "irish", "turkish", "spanish", "danish", "polish", "swedish", "finnish",
        "scottish", "jewish", "kurdish",
    ];
    let word = masked[..at].trim_end().rsplit(' ').next()?;
    let of_a_people = word.len() > 5
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && words!["ian", "ean", "ese"]
            .iter()
            .any(|e| word.ends_with(e));
    (of_a_people || PEOPLES_IN_ISH.contains(word)).then(|| word.to_string())
}

/// `湘菜` before `馆子` at byte `at` (or `苏帮菜的饭店`, `家常菜饭店`): a Chinese word of one to
/// three characters ending in `菜` (cooking) right before it, none of them a word of asking,
/// wishing, cooking or selling (`做苏帮菜的饭店`) or joining, nor a word of leaving out (`不放香菜的馆子` names no cooking); a `家`
/// opening it is the measure (`有家湘菜馆`) unless it is `家常菜`.
fn cooking_before(masked: &str, at: usize) -> Option<String> {
    let head = masked[..at]
        .trim_end_matches([' ', '的'])
        .strip_suffix('菜')?;
    let mut stem: Vec<char> = head
        .chars()
        .rev()
        .take_while(|c| {
            !c.is_ascii() && c.is_alphabetic() && !"的有吃想要个点和找在去做卖".contains(*c)
        })
        .take(3)
        .collect();
    stem.reverse();
    if stem.first() == Some(&'家') && stem.get(1) != Some(&'常') {
        stem.remove(0);
    }
    let leaves_out = stem.iter().any(|c| "不没别放加少香".contains(*c));
    (!stem.is_empty() && !leaves_out).then(|| stem.iter().chain(['菜'].iter()).collect())
}

/// Characters of the meat or fish a dish is made of (`牛肉`, `羊`, `鱼`).
const MEATS: &str = "牛羊猪鸡鸭鹅鱼虾蟹肉";

/// `牛肉火锅`, `羊肉串`, `鱼火锅`: a Chinese kind of food with the meat or fish it is made of
/// said right before it is that dish, kept as said (one or two characters of [`MEATS`]).
fn meat_before(masked: &str, start: usize, end: usize) -> Option<String> {
    let said = &masked[start..end];
    if said.is_ascii() {
        return None;
    }
    let before: Vec<(usize, char)> = masked[..start].char_indices().rev().take(2).collect();
    let meat = before
        .iter()
        .take_while(|(_, c)| MEATS.contains(*c))
        .last()?;
    Some(format!("{}{said}", &masked[meat.0..start]))
}

/// Phrases asking for places open now.
const OPEN_NOW: Words = words![
    "现在开",
    "还开着",
    "还营业",
    "营业中",
    "在营业",
    "开着的",
    "开门的",
    // `要开着门的`: open, said of its door.
    "开着门",
    "正在营业",
    "24小时",
    "open now",
    "still open",
    "open right now",
    "open late",
    "currently open",
    "that's open",
    "that are open",
    "that is open",
    "open 24 hours",
    "通宵",
    "二十四小时",
    "很晚",
    "24-hour",
    "24 hour",
    "24/7",
    "open",
];

/// Spans of the open-now phrases in `text`.
fn open_spans(text: &str) -> Vec<Span> {
    word_spans(text, OPEN_NOW)
}

/// Whether a search asks for places open now: an open-now phrase, or `open` as a word that
/// is not a question about hours (`when does it open`).
fn asks_open_now(text: &str) -> bool {
    let about_hours = words!["when", "what time", "hours", "几点", "时间", "until"]
        .iter()
        .any(|w| text.contains(w));
    // `open twenty-four hours`, `round the clock`: hours that never close are open now.
    let all_day = words![
        "24",
        "twenty-four",
        "twenty four",
        "round the clock",
        "二十四小时",
        "通宵"
    ]
    .iter()
    .any(|w| text.contains(w));
    !open_spans(text).is_empty() && (!about_hours || all_day)
}

/// Where something is to be brought (`送到酒店`, `delivered to my hotel`, `送一份小龙虾到酒店`),
/// with its span: the words are the destination, never part of what is brought.
fn delivered_to(text: &str) -> Option<(String, Span)> {
    after_cue(
        text,
        words![
            "送到",
            "送去",
            "deliver it to",
            "delivered to",
            "sent up to",
            "send up to",
            "brought up to",
            "deliver to",
            "send it to",
            "send to",
            "sent to",
            "brought to",
            "to my",
            "to our",
        ],
    )
    // `add a cake to our order`: what it is added to is no place.
    .filter(|(value, _)| !words!["order", "cart", "list", "menu", "bill"].contains(value))
    .or_else(|| {
        // `送一份小龙虾到酒店`: what is sent stands between the verb and where it goes.
        let at = text.find('送')?;
        let (value, (start, end)) = after_cue(&text[at..], words!["到"])?;
        Some((value, (start + at, end + at)))
    })
    .or_else(|| {
        // `order a bubble tea from Heytea to the office`: where an order goes, said with `to
        // the` (not what it is added to: `to the order`).
        let at = text.find(" to the ")?;
        let (value, (start, end)) = after_cue(&text[at..], words!["to the"])?;
        let added = words!["order", "cart", "list", "menu", "bill"];
        (!added.iter().any(|w| value.starts_with(w))).then(|| (value, (start + at, end + at)))
    })
    .or_else(|| delivered_home(text))
    .or_else(|| {
        // `to my place`: a word that names no place on its own is kept with its `my`.
        let start = text.find("to my ")?;
        let from = start + "to my ".len();
        let end = text[from..]
            .find([',', ' ', '?', '!', '.'])
            .map_or(text.len(), |e| from + e);
        let word = &text[from..end];
        (!word.is_empty()).then(|| (format!("my {word}"), (start, end)))
    })
}

/// `delivered home`, `have them brought home`, `送家里去`, `送回家`: home, said without `to`.
fn delivered_home(text: &str) -> Option<(String, Span)> {
    let english = words!["delivered", "deliver", "brought", "bring", "sent", "send"]
        .iter()
        .flat_map(|verb| occurrences(text, verb).collect::<Vec<_>>())
        .find_map(|(start, end)| {
            words![" home", " it home", " them home"]
                .iter()
                .find(|w| {
                    text[end..].starts_with(*w)
                        && !text[end + w.len()..].starts_with(|c: char| c.is_ascii_alphabetic())
                })
                .map(|w| ("home".to_string(), (start, end + w.len())))
        });
    // `送家里去`, `送回家`; `送公司`, `送宿舍楼下`: a place said straight after `送`, to the
    // clause's end.
    english
        .or_else(|| {
            let (at, verb) = words!["送回家", "送家"]
                .iter()
                .find_map(|v| text.find(v).map(|at| (at, v)))?;
            let verb_len = verb.len() - "家".len();
            let home = if text[at + verb.len()..].starts_with('里') {
                "家里"
            } else {
                "家"
            };
            Some((home.to_string(), (at, at + verb_len + home.len())))
        })
        .or_else(|| {
            text.match_indices('送').find_map(|(at, verb)| {
                let from = at + verb.len();
                let end = text[from..].find(" , ").map_or(text.len(), |e| from + e);
                let said = text[from..end]
                    .trim()
                    .trim_end_matches(['去', '吧', '来'])
                    .trim_end_matches("过");
                let place = (1..=6).contains(&said.chars().count())
                    && !said.is_ascii()
                    && !said.starts_with(|c: char| {
                        "一两二三四五六七八九十个份杯我他她给到".contains(c)
                    });
                place.then(|| (said.to_string(), (at, end)))
            })
        })
}

/// Words that say how a dish is made or served (taste, size, temperature, sugar, how good):
/// `X的` holding one qualifies the dish rather than naming who makes it.
const QUALIFYING: Words = words![
    "辣", "甜", "咸", "酸", "糖", "冰", "热", "温", "凉", "烫", "大份", "小份", "中份", "大杯",
    "中杯", "小杯", "好吃", "好喝", "新鲜", "招牌", "便宜", "贵", "素", "荤", "不", "无", "少",
    "多", "加", "去", "正宗", "最",
];

/// `帮我点杯杨枝甘露，喜茶的`, `点一份外婆家的茶香鸡`: who makes the dish, said as `X的` — a
/// clause of its own after the order, or right before the dish — with its span.
fn maker_named(text: &str) -> Option<(String, Span)> {
    let maker = |said: &str| {
        let said = said.trim();
        (said.chars().count() >= 2
            && !said.is_ascii()
            && !said.contains(char::is_whitespace)
            && !QUALIFYING.iter().any(|w| said.contains(w))
            // Not itself a food, a good or a kind of place (`奶茶的` is no maker, nor `在酒店`),
            // unless a chain's name (`麦当劳的汉堡`).
            && (store::CHAINS.contains(said)
                || [lexicon::FOODS, lexicon::CUISINES, lexicon::PRODUCTS, lexicon::CATEGORIES]
                    .iter()
                    .all(|lex| {
                        lexicon::find_all(said, lex)
                            .iter()
                            .all(|m| m.end - m.start < said.len())
                    })))
        .then(|| said.to_string())
    };
    // Where the order is placed, before the verb (`在知味观点一份东坡肉`, `在八合里订份…`):
    // not a platform or a room one orders in (`在网上`, `在美团`, `在家里`, `在酒店里`), nor a
    // place pointed at (`在这家`, `在他们家`: the one in view, which the context fills in).
    let room = |said: &str| {
        let inside = said.strip_suffix('里').unwrap_or(said);
        said.ends_with('上')
            || said.starts_with(['这', '那', '他', '她', '你', '我', '哪'])
            || words!["美团", "饿了么"].contains(said)
            || (inside.len() < said.len()
                && (inside.chars().count() == 1
                    || lexicon::find_first(inside, lexicon::CATEGORIES)
                        .is_some_and(|c| c.end == inside.len())))
    };
    let placed = text.match_indices('在').find_map(|(at, _)| {
        let from = at + '在'.len_utf8();
        let (verb, _) = text[from..]
            .char_indices()
            .find(|(_, c)| "点订叫".contains(*c) || c.is_ascii())?;
        let said = &text[from..from + verb];
        let ordering = text[from + verb..].starts_with(['点', '订', '叫'])
            && !text[from + verb..].starts_with("点心");
        (ordering && !room(said)).then_some(())?;
        maker(said).map(|m| (m, (at, from + verb)))
    });
    if placed.is_some() {
        return placed;
    }
    // A clause of its own after the order: `，喜茶的`, `，知味观的，送公司`.
    let mut at = 0;
    while let Some(cut) = text[at..].find(" , ").map(|c| at + c + " , ".len()) {
        let end = text[cut..].find(" , ").map_or(text.len(), |e| cut + e);
        let clause = text[cut..end].trim_end_matches(['吧', '啊', '呀', ' ']);
        if let Some(said) = clause.strip_suffix('的').and_then(maker) {
            return Some((said, (cut, end)));
        }
        at = cut;
    }
    // Right before the dish, after the verb and its count: `点一份外婆家的茶香鸡`.
    text.match_indices('的').find_map(|(at, _)| {
        let from = text[..at]
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_ascii() && "点叫来要份杯碗笼盒个,".contains(*c) || c.is_ascii())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let dish = text[at + '的'.len_utf8()..]
            .chars()
            .take_while(|c| !c.is_ascii())
            .count();
        // In an English sentence a Chinese run is one name whole (`from 阿布都的厨房`).
        let in_english = text[..from].chars().any(|c| c.is_ascii_alphabetic())
            && text[..from].ends_with(|c: char| c.is_ascii());
        let said = maker(&text[from..at]).filter(|_| !in_english)?;
        (dish >= 2).then(|| (said, (from, at + '的'.len_utf8())))
    })
}

/// Whom a delivery is for, said after where it goes (`to the hotel for the boys`).
const FOR_WHOM: Words = words![
    "me",
    "us",
    "him",
    "her",
    "them",
    "my ",
    "our ",
    "his ",
    "the boys",
    "the lads",
    "the girls",
    "the kids",
    "the team",
    "everyone",
    "everybody",
];

/// Words of a dish served as a set, said after it (`a tomato hotpot set`, `东坡肉套餐`): in
/// English a word of its own, in Chinese the characters right after the dish.
const SERVINGS: Words = words![
    " set", " combo", " platter", " meal", "套餐", "拼盘", "便当", "定食",
];

fn fill_food(intent: &mut Intent, text: &str, used: &mut Vec<Span>) {
    let masked = mask(text, used);
    let mut foods = lexicon::find_all(&masked, lexicon::FOODS);
    // `The kids want pizza tonight, order two pepperoni pizza …`: a clause before the one that
    // orders (a reason, a wish) names no dish when the ordering clause names one (a meal said
    // before still says when).
    let ordering = words!["order", "点", "订", "叫", "get me", "grab me"]
        .iter()
        .filter_map(|w| occurrences(&masked, w).next().map(|(at, _)| at))
        .min()
        .and_then(|at| masked[..at].rfind(','));
    if let Some(cut) = ordering.filter(|cut| foods.iter().any(|f| f.start > *cut)) {
        foods.retain(|f| f.start > cut || MEALS.contains(f.canonical));
    }
    // `午饭点一份猪脚饭`, `for dinner, order me a bowl of pho`: a meal named before something
    // else says when; what follows it is what is ordered (the meal, if nothing else is named).
    // Only what follows in the meal's own sentence counts, not where it goes (`order dinner to
    // my room`) nor a clause of the wearer's own after it (`…? I'm rather tired`, `…, I can't
    // leave`). A meal said right after the verb of ordering is what is ordered unless a dish
    // follows (`订一份早饭，明儿早上送过来`, `order lunch to my place, something mild`; but
    // `order dinner for me, some kung pao chicken`).
    let delivery: Vec<Span> = delivered_to(text)
        .map(|(_, span)| span)
        .into_iter()
        .collect();
    let follows = |from: usize| {
        let rest = &masked[from..];
        let end = words![".", "?", "!", ", i", ", we", ",我"]
            .iter()
            .filter_map(|w| rest.find(w))
            .min()
            .map_or(masked.len(), |e| from + e);
        leftover(&mask(&masked[..end], &delivery)[from..])
    };
    let meal = foods
        .first()
        .filter(|f| {
            follows(f.end).is_some_and(|rest| {
                MEALS.contains(f.canonical)
                    && (!ordered_right_before(&text[..f.start]) || cuisine_of(&rest).is_some())
            })
        })
        .copied();
    if let Some(m) = meal {
        used.push((m.start, m.end));
    }
    if let Some(food) = foods
        .into_iter()
        .find(|f| meal.is_none_or(|m| m.start != f.start))
    {
        let dish = named_dish(text, &masked, food.start, food.end);
        // `a tomato hotpot set`, `a burger combo`, `东坡肉套餐`: a listed dish served as a set
        // is the set, as said.
        let served = SERVINGS
            .iter()
            .find(|w| lexicon::starts_with_word(&masked[food.end..], [*w]).is_some());
        let (dish, end) = match served {
            Some(w) => {
                let said = dish.unwrap_or_else(|| text[food.start..food.end].to_string());
                (format!("{said}{w}"), food.end + w.len())
            }
            None => (dish.unwrap_or_else(|| food.canonical.to_string()), food.end),
        };
        intent.fill("item", SlotValue::Text(dish));
        used.push((food.start, end));
    }
    if let Some((value, span)) = delivered_to(text) {
        // `to the hotel for the boys`: whom it is for is no part of where it goes (`the
        // Institute for Advanced Study` is a name).
        let value = text[span.0..span.1]
            .find(" for ")
            .filter(|cut| {
                let whom = &text[span.0 + cut + " for ".len()..];
                FOR_WHOM.iter().any(|w| whom.starts_with(w))
            })
            .and_then(|cut| delivered_to(&text[..span.0 + cut]))
            .map_or(value, |(place, _)| place);
        // `to my hotel` → `hotel`: an English kind of place is its canonical name; a Chinese
        // place is kept as said (`送到酒店` → `酒店`, `酒店前台`), as the wearer will read it.
        let place = lexicon::find_first(&value, lexicon::CATEGORIES)
            .filter(|c| value.is_ascii() && c.start == 0 && c.end == value.len())
            .map(|c| lexicon::kind_as_said(&value, &c).to_string())
            .unwrap_or(value);
        intent.fill("deliver_to", SlotValue::Text(place));
        used.push(span);
    }
    // `from here` / `从这家` is the restaurant in view: the context fills it in.
    // The words naming it are no dish either way.
    let mut text = text.to_string();
    if let Some((maker, span)) = maker_named(&text) {
        intent.fill("from", SlotValue::Text(maker));
        text = mask(&text, &[span]);
    }
    // `from this place`, `从这家`: the words pointing at the place in view are no dish.
    let pointed: Vec<Span> = words!["from ", "从"]
        .iter()
        .flat_map(|cue| {
            text.match_indices(cue)
                .map(move |(at, _)| (at, at + cue.len()))
        })
        .filter_map(|(cue, at)| {
            PLACE_REFERENCES
                .iter()
                .find(|r| text[at..].starts_with(*r))
                .map(|r| (cue, at + r.len()))
        })
        .collect();
    text = mask(&text, &pointed);
    if let Some((value, span)) = after_cue(&text, words!["from ", "从"]) {
        let said = text[span.0..span.1]
            .trim_start_matches("from ")
            .trim_start_matches('从')
            .trim();
        // `from them for delivery`: the shop's people are the place in view, and how the food
        // comes (`for delivery`) is no maker.
        let its_people = words!["them", "their", "他们", "她们", "他家"]
            .iter()
            .any(|r| said.starts_with(r));
        let how_it_comes =
            words!["delivery", "takeout", "takeaway", "外卖"].contains(value.as_str());
        // `a pho from Pho Real`: a name that shares a word with a dish (or holds a filler) is
        // the whole name said, not the dish left after the filler.
        let a_dish = lexicon::find_first(&value, lexicon::FOODS)
            .is_some_and(|f| f.start == 0 && f.end == value.len());
        let value = match clean::edges(said) {
            Some(name) if a_dish && name.len() > value.len() => name,
            _ => value,
        };
        if !REFERENCES.iter().any(|r| said.starts_with(r)) && !its_people && !how_it_comes {
            intent.fill("from", SlotValue::Text(value));
        }
        text = mask(&text, &[span]);
    }
    if intent.get("item").is_none() {
        match after_get_verb(&text, used) {
            Some((dish, _)) => intent.fill("item", SlotValue::Text(dish)),
            None => fill_named(intent, "item", &text, used, &[]),
        }
    }
    if let (None, Some(m)) = (intent.get("item"), meal) {
        intent.fill("item", SlotValue::Text(m.canonical.to_string()));
    }
}

/// The meals of [`lexicon::FOODS`]: said before a dish, they say when it is eaten.
const MEALS: Words = words!["breakfast", "lunch", "dinner"];

/// Whether `before` ends with a verb of ordering and at most a count, a measure word or an
/// article (`帮我订一份`, `点个`, `order me some`): the word said next is the thing ordered.
fn ordered_right_before(before: &str) -> bool {
    let zh = before.trim_end().trim_end_matches(|c: char| {
        "一二两三四五六七八九十几个".contains(c) || MEASURE_WORDS.contains(c)
    });
    let mut en = before.trim_end().to_ascii_lowercase();
    while let Some(rest) = words!["me", "us", "a", "an", "some"].iter().find_map(|w| {
        en.strip_suffix(w)
            .filter(|r| r.is_empty() || r.ends_with(' '))
    }) {
        en = rest.trim_end().to_string();
    }
    GET_VERBS.iter().any(|v| zh.ends_with(v))
        || words!["order", "get", "book", "grab"].iter().any(|v| {
            en.strip_suffix(v)
                .is_some_and(|r| r.is_empty() || r.ends_with(' '))
        })
}

/// The Chinese name of a place that starts with a listed one and goes on (`西湖文化广场`): the
/// listed name and the run of characters right after it (two or more, up to a space, a
/// masked cue or a particle).
fn longer_name(text: &str, masked: &str, m: &LexMatch) -> Option<String> {
    let named = longer_after(text, masked, m)?;
    // `Alibaba Xixi Campus`, `阿里巴巴西溪园区`: a name said before the listed one (a company's,
    // a district's) is the same place's.
    let from = name_start(masked, m.start);
    Some(format!("{}{named}", &text[from..m.start]))
}

/// Where a place's name starts that goes on into a listed name at `start`: the words right
/// before it that are no cue, filler or word of going (`to`, `去`), else `start`.
fn name_start(masked: &str, start: usize) -> usize {
    let head = &masked[..start];
    if masked[start..].starts_with(|c: char| c.is_ascii()) {
        let words: Vec<&str> = head.trim_end().split(' ').collect();
        let kept = words
            .iter()
            .rev()
            .take_while(|w| {
                !w.is_empty()
                    && w.chars().all(|c| c.is_ascii_alphanumeric())
                    && !EN_FILLERS.contains(w)
                    && !["to", "the", "at", "for", "from", "by", "me", "us", "and"].contains(w)
            })
            .count();
        if kept == 0 || !head.ends_with(' ') {
            return start;
        }
        let said = words[words.len() - kept..].join(" ");
        return start - said.len() - 1;
    }
    let run: usize = head
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace() && !c.is_ascii() && !"去到往的在了".contains(*c))
        .map(char::len_utf8)
        .sum();
    if head[start - run..].chars().count() >= 2 {
        start - run
    } else {
        start
    }
}

/// The listed name at `m` and the words going on after it, when some do (see
/// [`longer_name`]).
fn longer_after(text: &str, masked: &str, m: &LexMatch) -> Option<String> {
    if text[m.start..m.end].is_ascii() {
        // `get me to Hangzhou Library on foot`: the words going on after a city or a place
        // name, up to a word of no name, are the place's own name.
        let rest = masked[m.end..].strip_prefix(' ')?;
        let more: Vec<&str> = rest
            .split(' ')
            .take_while(|w| {
                !w.is_empty()
                    && w.chars().all(|c| c.is_ascii_alphanumeric())
                    && !EN_FILLERS.contains(w)
                    && !LIMIT_WORDS.contains(w)
            })
            .collect();
        return (!more.is_empty())
            .then(|| text[m.start..m.end + 1 + more.join(" ").len()].to_string());
    }
    let run = masked[m.end..]
        .char_indices()
        .find(|(_, c)| {
            c.is_whitespace() || c.is_ascii() || "的吗呢吧了要有在边旁怎多哪几什".contains(*c)
        })
        .map_or(masked.len() - m.end, |(i, _)| i);
    let rest = &masked[m.end..m.end + run];
    // `西湖大概要多久`: how long it takes, guessed, is no part of the place.
    // `河坊街远不远`: how far it is, asked, is no part of it either; nor a word pointing at
    // where it is (`断桥那儿`, `西湖这边`).
    let hedged = words![
        "大概",
        "大约",
        "差不多",
        "估计",
        "一般",
        "远",
        "近",
        "那儿",
        "那里",
        "那边",
        "这儿",
        "这里",
        "这边",
    ]
    .iter()
    .chain(ERRANDS.iter())
    .any(|w| rest.starts_with(w));
    (rest.chars().count() >= 2 && !hedged && names_a_place(&before_errand(rest.to_string())))
        .then(|| text[m.start..m.end + run].to_string())
}

/// Characters a Chinese place's name ends in (its kind: `城`, `广场`, `中心`, `湿地`…).
const PLACE_ENDS: &str = "城店站馆路街场园楼厦寺塔桥门口湖山村镇区所院堂宫阁亭苑府湾岛港厂校处部心号坊市井池泉洞峰岭台坝滩渡地景道廊厅庄坞堤溪江河海祠庙观庵居巷弄里头层点室间";

/// Characters that open a deed done at a place, not more of its name (`灵隐寺烧香`,
/// `杭州东站接人`, `西湖溜达溜达`, `灵隐寺拜拜`).
const DEEDS_AT_A_PLACE: &str = "烧拜接送玩逛吃喝买拍找等溜散走跑爬游坐住阿取换划上喂看转";

/// Whether `rest`, said right after a listed place, goes on into a name of its own: it ends in
/// a place's kind ([`PLACE_ENDS`]: `西湖文化广场`, `西溪印象城`), or is a short name that opens
/// with no deed (`西湖银泰`); not a deed done there (`灵隐寺烧香`, `西湖溜达溜达`).
fn names_a_place(rest: &str) -> bool {
    let ends_in_a_kind = rest.chars().last().is_some_and(|c| PLACE_ENDS.contains(c));
    let short_name = rest.chars().count() == 2
        && rest
            .chars()
            .next()
            .is_some_and(|c| !DEEDS_AT_A_PLACE.contains(c));
    ends_in_a_kind || short_name
}

/// Spans of `for the …`, `for my …` up to the clause's end: what a thing is for.
fn purpose_spans(text: &str) -> Vec<Span> {
    words!["for the ", "for my ", "for our ", "for your "]
        .iter()
        .flat_map(|w| text.match_indices(w).map(|(at, _)| at))
        .map(|at| (at, text[at..].find(',').map_or(text.len(), |e| at + e)))
        .collect()
}

/// Spans of `for` and one word closing its clause after a thing (`flowers for Lisa`,
/// `a cake for Anna, and …`): whom or what it is for (as [`purpose_spans`] reads `for my …`),
/// never part of the thing; a `for` that opens the clause (`for dinner, order …`) is not one.
fn for_one_spans(text: &str) -> Vec<Span> {
    occurrences(text, "for")
        .filter(|(start, _)| {
            text[..*start]
                .trim_end()
                .ends_with(|c: char| c.is_alphanumeric())
        })
        .filter_map(|(start, end)| {
            let clause = text[end..].find(',').map_or(text.len(), |e| end + e);
            let word = text[end..clause].trim();
            (!word.is_empty() && !word.contains(' ') && word.chars().all(char::is_alphabetic))
                .then_some((start, clause))
        })
        .collect()
}

/// Byte offsets of the English words of `text` that are no filler.
fn english_word_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut at = 0;
    for word in text.split(' ') {
        if word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && !EN_FILLERS.contains(word)
        {
            starts.push(at);
        }
        at += word.len() + 1;
    }
    starts
}

/// The plain English noun right after byte `end` of `masked` (a plural `s` of the word
/// before skipped), if it is no filler, bounding word, container or cue word.
fn noun_after(masked: &str, end: usize) -> Option<&str> {
    let rest = masked.get(end..)?;
    let rest = rest.strip_prefix('s').unwrap_or(rest).strip_prefix(' ')?;
    let word = rest.split([' ', ',', '?', '!', '.']).next()?;
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic());
    let cue = cue_spans(rest).iter().any(|(start, _)| *start == 0);
    // `water bottle` is a thing; `a bottle of …` only holds one.
    let holds = CONTAINERS.contains(word) && rest[word.len()..].trim_start().starts_with("of ");
    (plain
        && !cue
        && !EN_FILLERS.contains(word)
        && !LIMIT_WORDS.contains(word)
        && !holds
        && ![
            "and", "or", "please", "today", "tonight", "size", "eu", "us", "uk", "as", "before",
            "after", "until", "than", "that", "which", "without",
        ]
        .contains(&word))
    .then_some(word)
}

/// Whether the thing named after the verb (`frame`) holds the listed word `m` and goes on
/// past it (`暖水袋` past `水`), so the head is another word.
fn said_past(masked: &str, m: &LexMatch, frame: Option<&(String, Option<u32>)>) -> bool {
    let said = &masked[m.start..m.end];
    // `龙井茶`: going on with another listed word of the same kind keeps the first.
    frame.is_some_and(|(item, _)| {
        item.find(said).is_some_and(|at| {
            let rest = &item[at + said.len()..];
            rest.chars().next().is_some_and(|c| !c.is_ascii())
                && lexicon::find_first(rest, lexicon::PRODUCTS).is_none_or(|p| p.start > 0)
        })
    })
}

/// Words of speed or degree that `点` after them makes `a bit` (`快点`, `早点`, `有点`, `多点`).
const A_BIT_BEFORE: &[char] = &['快', '早', '慢', '晚', '多', '少', '有', '一', '稍'];

/// Chinese verbs of getting something, after which the thing is named (`买X`, `点两份X`).
const GET_VERBS: Words = words![
    "买",
    "下单",
    "下个单",
    "入手",
    "订购",
    "囤",
    "点",
    "叫",
    "来",
    "要",
    "整",
    "弄",
    "搞",
    "订",
    // `帮我挑个礼物`: choosing one for the wearer is getting it.
    "挑",
    // `帮我拍一个手机支架` (bought online), `补一箱` (more of what ran out), `添`, `淘`.
    "拍",
    "补",
    "添",
    "淘",
];

/// `旅行枕`, `出差包`, `travel adapter`: a trip word the thing's name goes on from (a Chinese
/// character that is no particle, or an English word that is no filler, follows it) is part of
/// the name, never cut out of it; so is an English means of going (`bike helmet`, `car
/// charger`).
fn goes_on_into_a_name(text: &str, start: usize, end: usize) -> bool {
    let rest = &text[end..];
    let english_noun = text[start..end].is_ascii()
        && rest.strip_prefix(' ').is_some_and(|r| {
            let word = r.split([' ', ',']).next().unwrap_or("");
            word.chars().all(|c| c.is_ascii_alphabetic())
                && !word.is_empty()
                && !EN_FILLERS.contains(word)
        });
    let word = &text[start..end];
    let means = is_cue_of(IntentKind::BikeUnlock, word)
        || lexicon::find_all(word, lexicon::MODES)
            .iter()
            .any(|m| m.start == 0 && m.end == word.len());
    english_noun && means
        || is_cue_of(IntentKind::TripPlan, word)
            && (english_noun
                || rest
                    .chars()
                    .next()
                    .is_some_and(|c| !c.is_ascii() && !"的了吗吧呢啊呀用".contains(c)))
}

/// What is named after the last verb of getting in a Chinese clause, up to the clause's end,
/// with values, cue words, fillers and a leading number and measure word taken off
/// (`给孩子买套乐高` → `乐高`, `外卖点两份黄焖鸡米饭` → `黄焖鸡米饭`, `帮我买三斤苹果` →
/// `苹果` and 3): the frame names the thing however new the word is. The count said before it
/// comes with it.
fn after_get_verb(text: &str, used: &[Span]) -> Option<(String, Option<u32>)> {
    // One-character cues (`玩` in `玩具`) may be part of the thing's name.
    let mut spans = used.to_vec();
    spans.extend(
        cue_spans(text).into_iter().filter(|(s, e)| {
            text[*s..*e].chars().count() > 1 && !goes_on_into_a_name(text, *s, *e)
        }),
    );
    spans.extend(reference_spans(text));
    // `…，因为明天要用`: a clause of why names no thing, and its verbs get nothing.
    let reasons = reason_spans(text);
    spans.extend(&reasons);
    let masked = mask(text, &spans);
    // `…，不要糖`: a verb of getting refused gets nothing; `快点`, `早点`, `有点`: `点` after a
    // word of speed or degree is `a bit`, no ordering; `自拍杆`, `球拍`: `拍` inside a thing's
    // name buys nothing.
    let mut verbs: Vec<usize> = GET_VERBS
        .iter()
        .flat_map(|v| text.match_indices(v))
        .filter(|(at, v)| {
            !["不", "别", "不用"]
                .iter()
                .any(|n| text[..*at].ends_with(n))
                && (*v != "点" || !text[..*at].ends_with(A_BIT_BEFORE))
                && (*v != "拍" || !text[..*at].ends_with(['自', '球', '节', '合', '偷']))
                && !reasons.iter().any(|(s, e)| s <= at && at < e)
        })
        .map(|(at, v)| at + v.len())
        .collect();
    verbs.sort_unstable_by(|a, b| b.cmp(a));
    verbs
        .into_iter()
        .find_map(|from| thing_after(&masked, from))
}

/// `帮我买两个口罩` → `口罩`: what a Chinese clause buys by its own verb of buying (`买`,
/// `下单`, `入手`…, not the looser `来`, `要`), if it names a thing; not a wish about the
/// thing (`买最便宜的`, `要好一点的`).
pub fn bought_in(clause: &str) -> Option<String> {
    const BUYING: Words = words!["买", "下单", "下个单", "入手", "订购"];
    let at = BUYING
        .iter()
        .filter_map(|v| clause.rfind(v).map(|at| at + v.len()))
        .max()?;
    let said = clause[at..].trim_end_matches(['吧', '啊', '呀', '了', ' ']);
    if said.ends_with('的')
        || words!["便宜", "贵", "好", "最"]
            .iter()
            .any(|w| said.contains(w))
    {
        return None;
    }
    thing_after(clause, at).map(|(item, _)| item)
}

/// The thing named from byte `from` of `masked` to the clause's end (see
/// [`after_get_verb`]).
fn thing_after(masked: &str, from: usize) -> Option<(String, Option<u32>)> {
    let clause_end = |from: usize| {
        masked
            .get(from..)
            .and_then(|rest| rest.find([',', '?', '!']))
            .map_or(masked.len(), |e| from + e)
    };
    let mut from = from;
    let mut end = clause_end(from);
    // `帮我下个单，两包洗衣液`: the thing may come in the next clause.
    if masked.get(from..end)?.trim().is_empty() && end < masked.len() {
        from = end + 1;
        end = clause_end(from);
    }
    // What it is given to or sent to is no part of it (`买块手表送我爸`).
    let end = ITEM_ENDS
        .iter()
        .filter_map(|w| masked.get(from..end)?.find(w).map(|at| from + at))
        .filter(|at| *at > from)
        .min()
        .unwrap_or(end);
    let said = masked.get(from..end)?.trim_start();
    // `…，要黑人的`, `要大号的`, `要能折叠的那种`: a wish about the thing, not its name.
    let wish = said.trim_end_matches(['吧', '啊', '呀', '哦', ' ']);
    if wish.ends_with('的')
        || words!["那种", "这种", "那款", "那样"]
            .iter()
            .any(|w| wish.len() > w.len() && wish.ends_with(w))
    {
        return None;
    }
    let digits = said
        .char_indices()
        // `半斤瓜子`: half a measure is a number too.
        .find(|(_, c)| !"零一二两三四五六七八九十百几半0123456789".contains(*c))
        .map_or(said.len(), |(i, _)| i);
    // A number counts only before a measure word (`三斤苹果`); else it is part of the name
    // (`五号电池`).
    // With no count, a word of its own that starts with a measure's character (`叫份盒饭`,
    // its measure taken with the verb) keeps it; after a count it is a measure (`一盒饭团`).
    let measured = said[digits..]
        // `一笼蟹黄汤包`: after a count, a dish's measure (`笼`, `盘`) is one too.
        .strip_prefix(|c: char| {
            MEASURE_WORDS.contains(c)
                || "个斤双点".contains(c)
                || (digits > 0 && DISH_MEASURES.contains(c))
        })
        .filter(|_| digits > 0 || !measure_led(said));
    // `俩口罩`: a count with its measure word in one character.
    let paired = said.chars().next().and_then(count_and_measure).map(|n| {
        let rest = &said[said.chars().next().map_or(0, char::len_utf8)..];
        (rest, u32::try_from(n).ok())
    });
    let (rest, count) = match (paired, measured) {
        (Some(paired), _) => paired,
        (None, Some(rest)) => {
            let count = find_numbers(&said[..digits])
                .first()
                .and_then(|n| u32::try_from(n.value as i64).ok())
                .filter(|n| *n > 0);
            (rest, count)
        }
        (None, None) => (said, None),
    };
    // `买个新的鼠标`: new is how it should be, not its name.
    let rest = words!["新的", "好点的", "好一点的"]
        .iter()
        .find_map(|w| rest.trim_start().strip_prefix(w))
        .unwrap_or(rest);
    Some((leftover(rest)?, count))
}

/// `menu's all in`, `it's written in`: words before a language's name that say what a thing is
/// written in (whole words: not `this in`, `the wall in`).
fn what_it_is_in(head: &str) -> bool {
    let head = format!(" {head}");
    words![" all in", " is in", "'s in", " written in", " only in"]
        .iter()
        .any(|w| head.ends_with(w))
}

/// The language a translation is asked for, if a language is named: the one it is put into
/// (`翻译成英文`, `用英语怎么说`, `into English`), else the other one when the language named
/// is the sign's own (`上面的英文是什么意思` asks for Chinese).
fn language_named(text: &str) -> Option<&'static str> {
    const NAMES: [(&str, &str); 9] = [
        ("english", "en"),
        ("英文", "en"),
        ("英语", "en"),
        ("chinese", "zh"),
        ("mandarin", "zh"),
        ("中文", "zh"),
        ("汉语", "zh"),
        ("普通话", "zh"),
        ("中国话", "zh"),
    ];
    let mut named: Vec<(usize, &str, &str)> = NAMES
        .iter()
        .flat_map(|(name, code)| text.match_indices(name).map(|(at, _)| (at, *name, *code)))
        .collect();
    named.sort_unstable_by_key(|(at, _, _)| *at);
    let into = |at: usize, name: &str| {
        let head = text[..at].trim_end();
        let tail = text[at + name.len()..].trim_start();
        // `menu's all in Chinese`, `it's written in English`: what it is in, not what it is put
        // into.
        let what_it_is_in = what_it_is_in(head);
        !what_it_is_in
            && words!["成", "用", "译", "into", "in", "to"]
                .iter()
                .any(|w| head.ends_with(w))
            // `英语给我`, `英文给我翻一下`: a language to be given in.
            || words!["怎么说", "怎么讲", "说", "给我"]
                .iter()
                .any(|w| tail.starts_with(w))
    };
    // `我看不懂中文，帮我翻成英文`, `can't read English, put this into Chinese`, `it's all in
    // Chinese, what is this in English`: the language it is put into last wins.
    if let Some((_, _, code)) = named.iter().rev().find(|(at, name, _)| into(*at, name)) {
        return Some(code);
    }
    let (at, name, code) = *named.first()?;
    let head = text[..at].trim_end();
    let tail = text[at + name.len()..].trim_start();
    // `我不太会说中文`, `I can't read Chinese`: the language not understood is the sign's; so
    // is one on it (`牌子上英文`), written (`英文写的啥`, `英文啥意思`), not understood when said
    // first (`英文看不懂`) or one qualifying the
    // written thing itself (`那个英文牌子`, `中文海报上`, `the Chinese sign`).
    let written = words![
        "写",
        "啥意思",
        "什么意思",
        "是啥",
        "是什么",
        "牌",
        "招牌",
        "海报",
        "菜单",
        "标签",
        "sign",
        "poster",
        "menu",
        "label",
        // `…，英文看不懂`: the language named before the words of not understanding it.
        "看不懂",
        "看不太懂",
        "看不明白",
        "读不懂",
        "不懂",
        "不认识",
        "我看不懂",
        "我不懂",
        // `it's all Chinese to me`: a language said to be so to the wearer is not understood.
        "to me",
    ]
    .iter()
    .any(|w| tail.starts_with(w));
    let sign_is_in_it = written
        || words![
            "上",
            "的",
            "the",
            "这段",
            "这句",
            "这个",
            "这些",
            "那段",
            "那句",
            "this",
            "that",
            "是",
            "all",
            "不懂",
            "不会说",
            "不太会说",
            "不会",
            "不认识",
            "don't speak",
            "don't read",
            "can't read",
            "can't speak",
            "cannot read",
            "cannot speak",
            "don't understand",
        ]
        .iter()
        .any(|w| head.ends_with(w))
        || what_it_is_in(head);
    match (sign_is_in_it, code) {
        (true, "en") => Some("zh"),
        (true, _) => Some("en"),
        _ => Some(code),
    }
}

/// A dish named more exactly than its listed kind (`番茄炒蛋盖饭`, `pepperoni pizza`): the
/// listed word with the word(s) right before it that are no cue, filler, number or measure.
fn named_dish(text: &str, masked: &str, start: usize, end: usize) -> Option<String> {
    // `chicken caesar salad`: up to two English words before the dish; `拌面`, `蛋炒饭`: a
    // dish qualified by the characters before it, even one, is another dish, kept as said.
    let modifier = modifier_before(text, masked, start, 2, 1)?;
    let said = &text[start..end];
    Some(if said.is_ascii() {
        format!("{modifier} {said}")
    } else {
        format!("{modifier}{said}")
    })
}

/// Where a place pointed at stands, said before the pointer (`隔壁那家店`, `我面前这家`).
const WHERE_IT_STANDS: Words = words![
    "隔壁", "对面", "前面", "面前", "旁边", "楼下", "楼上", "左边", "右边", "这边", "那边", "门口",
];

/// Words pointing at a place (longest first).
const PLACE_POINTERS: Words = words![
    "这家店",
    "那家店",
    "这个店",
    "那个店",
    "这家",
    "那家",
    "这间",
    "那间",
];

/// The place a Chinese name the frame read names, if any: without where a place pointed at
/// stands and the pointer (`旁边那家星巴克` → `星巴克`); none when no name is left (`隔壁`,
/// `我面前这家`, `查下这家店`), when it asks the name (`这饭馆叫啥` → `饭馆叫`) or only asks to
/// look it up (`查下`); the place in view is then the one asked about.
fn the_place_named(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches('的');
    if name.is_ascii() {
        return Some(name.to_string());
    }
    let aside = |said: &str| {
        let whose = said.trim_start_matches(['我', '你', '俺', '咱']);
        whose.is_empty() || WHERE_IT_STANDS.contains(whose) || asked_to_look(said)
    };
    let pointed = PLACE_POINTERS
        .iter()
        .filter_map(|p| name.find(p).map(|at| (at, at + p.len())))
        .min();
    let named = match pointed {
        // `新白鹿这家`: the name said before the pointer.
        Some((at, _)) if !aside(&name[..at]) => &name[..at],
        Some((_, end)) => &name[end..],
        None if aside(name) => "",
        None => name,
    };
    // `那个博物馆`: a kind of place with no name of its own names none.
    let generic = words!["", "店", "馆", "饭馆", "饭店", "餐厅"].contains(named)
        || lexicon::find_first(named, lexicon::CATEGORIES)
            .is_some_and(|c| c.start == 0 && c.end == named.len());
    (!generic && !named.ends_with('叫')).then(|| named.to_string())
}

/// `查下`, `看一下`, `瞅瞅`: only the wearer's asking to look something up.
fn asked_to_look(said: &str) -> bool {
    let verb: Vec<char> = said.trim_end_matches(['下', '一']).chars().collect();
    match verb.as_slice() {
        [v] | [v, _] if verb.iter().all(|c| c == v) => "查看问搜找瞅瞧".contains(*v),
        _ => false,
    }
}

/// `菌子火锅`, `tonkotsu ramen`: a listed dish sought with the words said right before it that
/// name a narrower dish ([`narrower_kind`]); not a verb of eating or drinking (`eat dongpo
/// pork`, `能吃早饭`) nor words the cue words stand between (`my kids want pizza`).
fn dish_named_more_exactly(text: &str, masked: &str, dish: &LexMatch) -> Option<String> {
    const EATING_EN: Words = words!["eat", "eating", "drink", "drinking", "have", "try", "get"];
    let kind = narrower_kind(text, masked, dish)?;
    let said = &masked[dish.start..dish.end];
    let modifier = kind.strip_suffix(said)?.trim_end();
    let right_before = text[..dish.start].trim_end().ends_with(modifier);
    let eats =
        modifier.contains(['吃', '喝']) || modifier.split(' ').any(|w| EATING_EN.contains(w));
    (right_before && !eats).then_some(kind)
}

/// `…, the kind that folds up small`, `…, one with a hood`: a clause wishing for a sort of
/// the thing just named, from its opening words to its end.
fn wish_spans(text: &str) -> Vec<Span> {
    const OPENERS: Words = words![
        "the kind ",
        "the sort ",
        "the one that",
        "one that",
        "one with",
    ];
    let mut spans = Vec::new();
    let mut at = 0;
    for clause in text.split(',') {
        let opened = clause.trim_start();
        // `…，要防水的`, `…，最好是黑色的`: a Chinese clause wishing for a sort, which ends in
        // `的`; `…，装茶叶的那种`, `…，红色那款`: one that names the sort, whatever it opens with;
        // `…，最快那条路`: one that names the sort of way there.
        let closed = opened
            .trim_end()
            .trim_end_matches(['吧', '啊', '呀', '哦', '噢']);
        let wished_zh = (words!["要", "最好", "得"]
            .iter()
            .any(|w| opened.starts_with(w))
            && closed.ends_with('的'))
            || words!["那种", "那款", "那样的", "这种", "那条路", "那条"]
                .iter()
                .any(|w| closed.strip_suffix(w).is_some_and(|r| !r.trim().is_empty()));
        // The comma before it goes with it.
        if at > 0 && (wished_zh || OPENERS.iter().any(|w| opened.starts_with(w))) {
            spans.push((at - 1, at + clause.len()));
        }
        at += clause.len() + 1;
    }
    spans
}

/// English words before a thing that only qualify it (a colour, a size, how good, new or warm
/// it is): `a black umbrella` is an umbrella.
pub(super) const EN_QUALIFIERS: Words = words![
    "black",
    "white",
    "red",
    "blue",
    "green",
    "grey",
    "gray",
    "pink",
    "brown",
    "yellow",
    "purple",
    "navy",
    "beige",
    "dark",
    "light",
    "big",
    "small",
    "large",
    "little",
    "tiny",
    "huge",
    "cheap",
    "cheaper",
    "cheapest",
    "nice",
    "decent",
    "warm",
    "warmer",
    "cute",
    "extra",
    "spare",
    "another",
    "more",
    "few",
    "couple",
    "several",
    "up",
    "fresh",
    "best",
    "better",
    "proper",
    "basic",
    "plain",
    "comfy",
    "comfortable",
    "cool",
    "fancy",
    "thick",
    "thin",
    "same",
    "other",
    // How a place to eat it is (`any open ramen place`, `a late-night pizza place`).
    "open",
    "late-night",
    "hour",
    "authentic",
    "famous",
    "popular",
    // `similar headphones`, compared: the same kind, no narrower one.
    "similar",
    "discounted",
];

/// Chinese words before a thing that only qualify it (a size, how good, new or warm it is);
/// a colour ends in `色`, a shoe size in `码`.
const ZH_QUALIFIERS: Words = words![
    // Where it is sold or how it is priced, said before it (`隔壁羽绒服`, `各家羽绒服`,
    // `同款羽绒服`, `打折羽绒服`): no narrower kind.
    "隔壁",
    "楼下",
    "楼上",
    "对面",
    "附近",
    "各家",
    "同款",
    "同样",
    "打折",
    "大号",
    "小号",
    "中号",
    "加大",
    "大",
    "小",
    "新",
    "好",
    "便宜",
    "厚",
    "薄",
    "保暖",
    "暖和",
    "厚实",
    "结实",
    "好看",
    "实惠",
    "正宗",
    "地道",
    "网红",
    "老字号",
    "人气",
    "深夜",
    "有名",
    "出名",
];

/// `速溶咖啡`, `儿童防晒霜`, `compression socks`, `wool socks`: a listed thing (of two or more
/// characters, or an English word) with words right before it that name a narrower kind is
/// that kind, kept as said. Words that only qualify it leave the listed thing: a colour, a
/// size, how good or new it is ([`EN_QUALIFIERS`], [`ZH_QUALIFIERS`]), a `的` phrase
/// (`黑色的手套`), a count or a measure (`a pair of`, `一双`).
fn narrower_kind(text: &str, masked: &str, m: &LexMatch) -> Option<String> {
    let said = &masked[m.start..m.end];
    if said.is_ascii() {
        let modifier = modifier_before(text, masked, m.start, 2, 1)?;
        let words: Vec<&str> = modifier.split(' ').collect();
        // `bottled water`: how it was made or packed (a past participle) only qualifies it.
        let kept = words
            .iter()
            .rposition(|w| EN_QUALIFIERS.contains(w) || (w.len() > 4 && w.ends_with("ed")))
            .map_or(&words[..], |at| &words[at + 1..]);
        return (!kept.is_empty()).then(|| format!("{} {said}", kept.join(" ")));
    }
    if said.chars().count() < 2 {
        return None;
    }
    let modifier = modifier_before(text, masked, m.start, 0, 2)?;
    let modifier = modifier.rsplit('的').next().unwrap_or_default();
    // `无糖`, `低脂`: what it lacks only qualifies it; `几款`, `两台`: how many is no kind.
    let counted: Vec<char> = modifier.chars().collect();
    let a_count = matches!(counted.as_slice(), [n, m] if "几两一二三四五六七八九十".contains(*n)
        && "款种个件双台部盒包瓶支把条张本套".contains(*m));
    let only_qualifies = a_count
        || modifier.ends_with(['色', '码'])
        || modifier.starts_with(['无', '低', '零', '少'])
        || ZH_QUALIFIERS.contains(modifier)
        || modifier.chars().count() < 2;
    (!only_qualifies).then(|| format!("{modifier}{said}"))
}

/// The words right before byte `start` of `masked` that qualify what starts there: up to
/// `max_words` plain English words, or the run of Chinese characters (fillers and a measure
/// word taken off, at least `min_chars` left); cue words, references and fillers end it.
fn modifier_before(
    text: &str,
    masked: &str,
    start: usize,
    max_words: usize,
    min_chars: usize,
) -> Option<String> {
    // Measures and portion sizes (`a large pepperoni pizza`) are no part of a dish's name.
    const MEASURES: Words = words![
        "bowl", "bowls", "plate", "plates", "box", "boxes", "order", "large", "small", "medium",
        "big", "regular",
    ];
    let mut spans: Vec<Span> = cue_spans(text)
        .into_iter()
        .filter(|(s, e)| !text[*s..*e].is_ascii() || !goes_on_into_a_name(text, *s, *e))
        .collect();
    spans.extend(reference_spans(text));
    let bare = mask(masked, &spans);
    let before = &bare[..start];
    if text[start..].starts_with(|c: char| c.is_ascii()) {
        let words: Vec<&str> = before
            .trim_end()
            .rsplit(' ')
            .take_while(|w| {
                !w.is_empty()
                    && w.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
                    && !EN_FILLERS.contains(w)
                    && !MEASURES.contains(w)
                    // `two bubble teas`, `a couple of burgers`: a count is no part of the name.
                    && !find_numbers(w).iter().any(|n| n.start == 0 && n.end == w.len())
                    && !["couple", "few", "several", "pair"].contains(w)
            })
            .take(max_words)
            .collect();
        return (!words.is_empty()).then(|| words.into_iter().rev().collect::<Vec<_>>().join(" "));
    }
    let mut run: Vec<char> = before
        .chars()
        .rev()
        .take_while(|c| !c.is_whitespace() && !c.is_ascii())
        .collect();
    run.reverse();
    let mut modifier: String = run.into_iter().collect();
    for filler in ZH_FILLERS {
        if let Some(at) = modifier.rfind(filler) {
            modifier = modifier[at + filler.len()..].to_string();
        }
    }
    // `叫两杯奶茶`: what comes before a count and its measure word is no part of the name; a
    // numeral that a word goes on from is part of it (`三文鱼寿司`, `八宝粥`).
    const NUMERALS: &str = "一二两三四五六七八九十几";
    if let Some((at, c)) = modifier.char_indices().rev().find(|(at, c)| {
        let counts = NUMERALS.contains(*c)
            && modifier[*at..]
                .chars()
                .find(|n| !NUMERALS.contains(*n))
                .is_none_or(|n| MEASURE_WORDS.contains(n) || DISH_MEASURES.contains(n));
        counts || "叫点来买要带拿忘".contains(*c) || MEASURE_WORDS.contains(*c)
    }) {
        modifier = modifier[at + c.len_utf8()..].to_string();
    }
    let modifier = without_measure(&modifier);
    let a_measure = modifier.chars().count() == 1
        && (MEASURE_WORDS.contains(modifier) || DISH_MEASURES.contains(modifier));
    (modifier.chars().count() >= min_chars.max(1) && !a_measure).then(|| modifier.to_string())
}

/// Measure words of dishes besides [`MEASURE_WORDS`] (`两笼小笼包`, `一盘饺子`).
const DISH_MEASURES: &str = "个笼盘屉锅";

/// The words after the first of `cues`, up to the next clause break or cue word.
fn after_cue(text: &str, cues: Words) -> Option<(String, Span)> {
    let (start, cue) = cues
        .iter()
        .filter_map(|c| text.find(c).map(|i| (i, c)))
        .min_by_key(|(i, _)| *i)?;
    let from = start + cue.len();
    let rest = &text[from..];
    let stops = words![
        ",",
        " and ",
        " please",
        "点",
        "买",
        "叫",
        "吧",
        "的外卖",
        "外卖",
        " delivered",
        " to ",
    ];
    let end = stops
        .iter()
        .filter_map(|s| rest.find(s))
        .min()
        .unwrap_or(rest.len());
    // The span the cue bounds is the value: `送到家里` keeps `家里`, which free text drops.
    let said = &rest[..end];
    let value =
        leftover(said).or_else(|| (!said.is_ascii()).then(|| clean::edges(said)).flatten())?;
    // `送到我家`: a place said in one character keeps the `我` that makes it the wearer's (as
    // `my place` keeps its `my`); `送到我工位` is `工位`.
    let whose = words!["我们", "我"]
        .iter()
        .map(|w| format!("{w}{value}"))
        .find(|w| said.trim() == w);
    let value = match whose {
        Some(kept) if value.chars().count() == 1 => kept,
        _ => value,
    };
    Some((value, (start, from + end)))
}

/// An EAN-13 / EAN-8 / UPC-A said or typed as digits.
fn barcode_in(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|d| matches!(d.len(), 8 | 12 | 13))
        .map(str::to_string)
}

/// A bike id said aloud: a token of letters, digits and dashes with at least 4 digits.
fn bike_id_in(text: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .find(|t| t.chars().filter(char::is_ascii_digit).count() >= 4)
        .map(str::to_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` inside `spans`, in order.
    fn spanned(text: &str, spans: &[Span]) -> Vec<String> {
        let mut spans = spans.to_vec();
        spans.sort_unstable();
        spans
            .iter()
            .map(|(s, e)| text[*s..*e].to_string())
            .collect()
    }

    #[test]
    fn counts_are_no_part_of_a_dish_but_a_numeral_a_word_goes_on_from_is() {
        let item = |t: &str| slot_of(IntentKind::FoodOrder, t, "item");
        assert_eq!(item("帮我点份三文鱼寿司").as_deref(), Some("三文鱼寿司"));
        assert_eq!(item("帮我叫一份八宝粥外卖").as_deref(), Some("八宝粥"));
        assert_eq!(item("点两笼小笼包").as_deref(), Some("xiaolongbao"));
        assert_eq!(
            item("order two bubble teas from heytea").as_deref(),
            Some("bubble tea")
        );
    }

    #[test]
    fn a_place_said_in_one_character_keeps_whose_it_is() {
        let to = |t: &str| slot_of(IntentKind::FoodOrder, t, "deliver_to");
        assert_eq!(to("点一份酸菜鱼送到我家").as_deref(), Some("我家"));
        assert_eq!(to("点一杯拿铁，送到我工位").as_deref(), Some("工位"));
    }

    #[test]
    fn a_product_named_more_exactly_keeps_its_words_but_not_a_qualifier() {
        let item = |t: &str| slot_of(IntentKind::ProductBuy, t, "item");
        assert_eq!(item("帮我囤两箱速溶咖啡").as_deref(), Some("速溶咖啡"));
        assert_eq!(
            item("buy me compression socks under 100 yuan").as_deref(),
            Some("compression socks")
        );
        assert_eq!(item("买一双黑色的手套").as_deref(), Some("gloves"));
        // The story told before a request naming the thing lends it no thing.
        assert_eq!(
            item("my umbrella broke again , buy me an umbrella").as_deref(),
            Some("umbrella")
        );
        assert_eq!(item("秋游要带零食 , 帮我买包薯片").as_deref(), Some("薯片"));
        assert_eq!(item("没带伞 , 帮我买一把").as_deref(), Some("umbrella"));
        assert_eq!(
            item("get me a big red umbrella").as_deref(),
            Some("umbrella")
        );
        assert_eq!(
            item("buy me a pair of ski gloves").as_deref(),
            Some("ski gloves")
        );
        // The listed kind's common name is the kind.
        assert_eq!(item("买个蓝牙耳机").as_deref(), Some("headphones"));
        // A wish about the thing is no part of it.
        assert_eq!(item("帮我买根盲杖,要能折叠的那种").as_deref(), Some("盲杖"));
        assert_eq!(
            item("get me a backpack, the kind that folds up small").as_deref(),
            Some("backpack")
        );
    }

    #[test]
    fn a_chinese_delivery_place_is_kept_as_said_and_an_english_one_is_its_kind() {
        let to = |t: &str| slot_of(IntentKind::FoodOrder, t, "deliver_to");
        assert_eq!(to("叫两份小龙虾送到酒店").as_deref(), Some("酒店"));
        assert_eq!(to("点个东坡肉，送到医院").as_deref(), Some("医院"));
        assert_eq!(to("order dumplings to my hotel").as_deref(), Some("hotel"));
    }

    #[test]
    fn colloquial_verbs_of_getting_name_the_thing_and_a_refused_one_names_nothing() {
        let item = |kind, t: &str| slot_of(kind, t, "item");
        assert_eq!(
            item(IntentKind::ProductBuy, "帮我拍一个手机支架").as_deref(),
            Some("手机支架")
        );
        assert_eq!(
            item(IntentKind::FoodOrder, "点杯热美式,不要糖").as_deref(),
            Some("热美式")
        );
        let find = |t: &str| slot_of(IntentKind::PlaceFind, t, "category");
        assert_eq!(find("附近的网吧").as_deref(), Some("网吧"));
        assert_eq!(
            find("有没有离这儿近一点的菜市场").as_deref(),
            Some("菜市场")
        );
        // A kind said before `的` and another kind says what the other is for.
        assert_eq!(find("附近有没有能充电的咖啡馆").as_deref(), Some("cafe"));
    }

    #[test]
    fn a_cart_frame_bounds_the_thing_bought() {
        let item = |t: &str| slot_of(IntentKind::ProductBuy, t, "item");
        assert_eq!(
            item("throw a yoga mat in my basket").as_deref(),
            Some("yoga mat")
        );
        assert_eq!(item("把两卷保鲜膜加到购物车里").as_deref(), Some("保鲜膜"));
        assert!(cart_spans("put it in the fridge").is_empty());
    }

    #[test]
    fn a_pointer_before_a_things_name_names_it() {
        assert!(pointer_names_a_thing("这个电饭煲别的地方卖多少钱").is_some());
        assert!(pointer_names_a_thing("这双鞋网上价格多少").is_none());
        assert!(pointer_names_a_thing("这个在屈臣氏有货吗").is_none());
        let item = |kind, t: &str| slot_of(kind, t, "item");
        assert_eq!(
            item(IntentKind::ProductCompare, "这个电饭煲别的地方卖多少钱").as_deref(),
            Some("电饭煲")
        );
        assert_eq!(
            item(IntentKind::ProductBuy, "这个洗面奶帮我加入购物车").as_deref(),
            Some("洗面奶")
        );
    }

    #[test]
    fn what_a_thing_is_written_in_is_the_signs_language() {
        assert_eq!(language_named("menu's all in chinese, help"), Some("en"));
        assert_eq!(language_named("how do you say this in english"), Some("en"));
        assert_eq!(
            language_named("read me the menu on the wall in chinese"),
            Some("zh")
        );
    }

    #[test]
    fn a_dish_of_the_place_is_no_place() {
        let name = |t: &str| slot_of(IntentKind::PlaceInfo, t, "name");
        assert_eq!(name("楼外楼的西湖醋鱼好吃吗").as_deref(), Some("楼外楼"));
        assert_eq!(dish_of_the_place("附近的药店"), None);
    }

    #[test]
    fn a_time_pointed_at_is_no_thing_pointed_at() {
        let item = |t: &str| slot_of(IntentKind::ProductStock, t, "item");
        assert_eq!(
            item("does lawson still sell onigiri at this hour").as_deref(),
            Some("onigiri")
        );
    }

    #[test]
    fn an_a_not_a_question_is_no_part_of_a_name() {
        let name = |t: &str| slot_of(IntentKind::PlaceInfo, t, "name");
        assert_eq!(name("知味观开不开门").as_deref(), Some("知味观"));
        assert_eq!(name("楼外楼营不营业").as_deref(), Some("楼外楼"));
    }

    #[test]
    fn what_is_done_before_the_request_is_spanned_but_no_date_or_count() {
        let text = "逛完西湖打个车回酒店";
        assert_eq!(spanned(text, &sequencing_spans(text)), ["逛完西湖"]);
        let text = "after the movie get me a cab to hubin yintai";
        assert_eq!(spanned(text, &sequencing_spans(text)), ["after the movie"]);
        for text in [
            "我跟两个同事后天去深圳",
            "先买咖啡然后去西湖",
            "come back the day after tomorrow",
        ] {
            assert!(sequencing_spans(text).is_empty(), "{text}");
        }
    }

    /// The text slot `slot` of a `kind` read from normalised `text`.
    fn slot_of(kind: IntentKind, text: &str, slot: &str) -> Option<String> {
        let mut intent = Intent::new(kind);
        fill_slots(&mut intent, text, &[]);
        intent.text(slot).map(str::to_string)
    }

    #[test]
    fn a_place_to_eat_a_dish_or_a_peoples_cooking_is_a_cuisine() {
        use IntentKind::PlaceFind;
        for (text, cuisine) in [
            ("where's a taco spot around here", Some("taco")),
            ("is there chicken rice near here?", Some("chicken rice")),
            (
                "is there a brazilian restaurant anywhere",
                Some("brazilian"),
            ),
            ("where can i buy rice", None),
            ("find a stylish restaurant", None),
            ("find me a steakhouse", None),
        ] {
            assert_eq!(
                slot_of(PlaceFind, text, "cuisine").as_deref(),
                cuisine,
                "{text}"
            );
        }
    }

    #[test]
    fn a_deed_done_at_a_listed_place_is_no_more_of_its_name() {
        use IntentKind::Navigate;
        for (text, place) in [
            ("骑车去西湖溜达溜达", "West Lake"),
            ("先去灵隐寺烧香", "Lingyin Temple"),
            ("打车去杭州东站接我孙子", "Hangzhou East Railway Station"),
            ("带我去西湖文化广场", "西湖文化广场"),
            ("带我去西湖银泰", "西湖银泰"),
            ("我要去西溪天堂参加婚礼", "西溪天堂"),
        ] {
            assert_eq!(
                slot_of(Navigate, text, "destination").as_deref(),
                Some(place)
            );
        }
    }

    #[test]
    fn where_a_pointed_place_stands_is_no_name_of_it() {
        use IntentKind::PlaceInfo;
        for text in [
            "隔壁那家店是搞什么的",
            "我面前这家是什么店,口碑好吗",
            "这饭馆叫什么",
            "你帮我查下这家店几点关门",
        ] {
            assert_eq!(slot_of(PlaceInfo, text, "name"), None, "{text}");
        }
        assert_eq!(
            slot_of(PlaceInfo, "新白鹿这家店咋样", "name").as_deref(),
            Some("新白鹿")
        );
    }

    #[test]
    fn round_twenty_frames() {
        use IntentKind::*;
        // A verb of getting a ride goes with its means, not with where.
        assert_eq!(hailed_from("book me a "), Some(0));
        assert_eq!(hailed_from("please call a "), Some("please ".len()));
        assert_eq!(hailed_from("the "), None);
        // A place named by a dish is a place to eat it; one named by no dish is its kind.
        assert_eq!(
            slot_of(PlaceFind, "find a chicken rice place", "cuisine").as_deref(),
            Some("chicken rice")
        );
        assert_eq!(
            slot_of(PlaceFind, "is there a laundry place", "category").as_deref(),
            Some("laundry")
        );
        assert_eq!(
            slot_of(PlaceFind, "附近有修手机的店", "category").as_deref(),
            Some("修手机")
        );
        // A listed dish served as a set is the set.
        assert_eq!(
            slot_of(FoodOrder, "order one tomato hotpot set", "item").as_deref(),
            Some("tomato hotpot set")
        );
        // A sport done at a destination ends its name.
        assert_eq!(before_errand("莫干山刷坡".to_string()), "莫干山");
        assert_eq!(before_errand("莫干山骑行".to_string()), "莫干山");
        // A clause naming the sort wished for names no thing of its own.
        assert_eq!(
            slot_of(ProductBuy, "帮我买十个礼盒,装茶叶的那种", "item").as_deref(),
            Some("礼盒")
        );
        // The shop in view pointed at by its kind is no part of the thing.
        assert_eq!(
            place_reference_spans("这家文具店有没有卖修正带"),
            vec![(0, "这家".len()), (0, "这家文具店".len())]
        );
        // A pointer with any measure word points at the thing in view.
        assert!(pointer_names_a_thing("这盒彩铅多少钱").is_some());
        assert!(pointer_names_a_thing("这家店多少钱").is_none());
        // Spoken without a measure word, a bare pointer before a name points at the thing.
        assert!(pointer_names_a_thing("这鼠标网上多少钱").is_some());
        assert!(pointer_names_a_thing("这里东西网上多少钱").is_none());
        assert!(pointer_names_a_thing("这么贵的东西").is_none());
    }

    #[test]
    fn a_value_is_what_its_frame_binds_not_the_words_around_it() {
        let find = IntentKind::PlaceFind;
        // What stands before the wish to eat is never the dish.
        for text in [
            "突然好想吃螺蛳粉",
            "晚上突然想吃螺蛳粉",
            "今天真的特别想吃螺蛳粉",
        ] {
            assert_eq!(
                slot_of(find, text, "cuisine").as_deref(),
                Some("螺蛳粉"),
                "{text}"
            );
        }
        // A one-character food qualified is a dish of its own; a verb of eating is no qualifier.
        assert_eq!(
            slot_of(find, "这会儿真想吃碗热干面", "cuisine").as_deref(),
            Some("热干面")
        );
        assert_eq!(
            slot_of(find, "附近有什么吃面的地方", "cuisine").as_deref(),
            Some("noodles")
        );
        let compare = IntentKind::ProductCompare;
        for (text, item) in [
            ("看看小米手环哪家卖得便宜", "小米手环"),
            ("华为手表在哪儿买比较便宜", "华为手表"),
            ("帮我比比哪家的飞利浦电动牙刷便宜", "飞利浦电动牙刷"),
            (
                "which store has the cheapest kindle paperwhite right now",
                "kindle paperwhite",
            ),
        ] {
            assert_eq!(
                slot_of(compare, text, "item").as_deref(),
                Some(item),
                "{text}"
            );
        }
        let go = IntentKind::Navigate;
        assert_eq!(
            slot_of(go, "想骑个车到植物园", "destination").as_deref(),
            Some("植物园")
        );
        assert_eq!(
            slot_of(go, "想骑个车到植物园", "mode").as_deref(),
            Some("bike")
        );
        assert_eq!(
            slot_of(go, "get me to hangzhou library on foot", "destination").as_deref(),
            Some("hangzhou library")
        );
        // An errand said after the place ends its name; a landmark's longer name too.
        assert_eq!(
            slot_of(go, "我要去中国美院看毕业展，骑车过去", "destination").as_deref(),
            Some("中国美院")
        );
        assert_eq!(
            slot_of(go, "我要去西溪天堂参加婚礼", "destination").as_deref(),
            Some("西溪天堂")
        );
        assert_eq!(
            slot_of(go, "give me bike directions to xixi", "mode").as_deref(),
            Some("bike")
        );
        assert_eq!(
            slot_of(
                IntentKind::PlaceInfo,
                "tell me about the lost heaven restaurant",
                "name"
            )
            .as_deref(),
            Some("lost heaven")
        );
    }

    #[test]
    fn home_said_without_to_is_where_a_delivery_goes() {
        for (text, home) in [
            ("have them brought home", "home"),
            ("叫个黄焖鸡 , 送家里去", "家里"),
            ("帮我叫份麻辣烫送回家", "家"),
            ("点两笼小笼包 , 送公司", "公司"),
        ] {
            assert_eq!(
                delivered_home(text).map(|d| d.0).as_deref(),
                Some(home),
                "{text}"
            );
        }
        assert_eq!(delivered_home("买块手表送我爸"), None);
    }

    #[test]
    fn a_return_said_as_a_day_of_the_month_is_after_the_departure() {
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        assert!(day_of_month_only("the 27th") && day_of_month_only("27号"));
        assert!(!day_of_month_only("dec 27th") && !day_of_month_only("周五"));
        assert_eq!(
            after_departure(day(11, 27), Some(day(12, 24)), true),
            day(12, 27)
        );
        // A weekday rolls on by whole weeks.
        assert_eq!(
            after_departure(day(11, 27), Some(day(12, 24)), false),
            day(12, 25)
        );
    }

    #[test]
    fn a_one_character_food_inside_a_longer_word_is_no_cuisine() {
        let category = |text: &str| {
            let mut intent = Intent::new(IntentKind::PlaceFind);
            fill_slots(&mut intent, text, &[]);
            intent.text("category").map(str::to_string)
        };
        assert_eq!(category("这边有没有面包店").as_deref(), Some("面包店"));
        assert_eq!(category("附近有没有面馆").as_deref(), Some("restaurant"));
    }

    #[test]
    fn for_delivery_and_the_shops_people_are_no_maker() {
        for text in [
            "can i order xiaolongbao from them for delivery",
            "order a margherita pizza for delivery",
        ] {
            let mut intent = Intent::new(IntentKind::FoodOrder);
            fill_slots(&mut intent, text, &[]);
            assert_eq!(intent.get("from"), None, "{text}");
        }
    }

    #[test]
    fn a_maker_said_with_de_is_where_the_dish_is_from_but_a_qualifier_is_not() {
        for (text, maker) in [
            ("帮我点杯杨枝甘露 , 喜茶的", "喜茶"),
            ("点一份外婆家的茶香鸡", "外婆家"),
            ("帮我叫份沙县小吃的拌面", "沙县小吃"),
        ] {
            assert_eq!(
                maker_named(text).map(|m| m.0).as_deref(),
                Some(maker),
                "{text}"
            );
        }
        for text in ["点一份微辣的酸菜鱼", "来杯少糖的奶茶", "点份好吃的盖饭"]
        {
            assert_eq!(maker_named(text), None, "{text}");
        }
    }
}
