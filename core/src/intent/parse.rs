//! The on-device parser: utterance (Chinese, English or mixed) → intents with normalised
//! slots. No network: the text is normalised, cut into clauses at punctuation and
//! connectives, each clause is classified by cue words, clauses without a cue of their own
//! continue the previous intent, and each intent's slots are read by the extractors in
//! [`super::slots`], [`super::dates`] and [`super::lexicon`]. Given the learned kind
//! classifier ([`super::kinds`]), its judgement, when sure, decides the kinds of the requests
//! the rules found, or finds one they missed (`with_learned_kind`).

use super::clean;
use super::company::joins_people;
use super::context::{AskContext, language_of};
use super::dates::{DateMatch, find_dates};
use super::extract::{THE_SAME, bought_in, fill_slots, pointer_names_a_thing};
use super::gate::{Held, after_take_back, asks, held, their_own_going};
use super::kinds::{KindModel, Label, values};
use super::lexicon;
use super::listing;
use super::near::named_near;
use super::spoken;
use super::suggest::suggestions;
use super::taxonomy::{Intent, IntentKind, SlotValue};
use super::triggers::{
    LANDMARK_NOUNS, RIDES, a_journey_on_a_day, classify, dish_delivered, unlocks,
};
use super::words::{Words, words};
use crate::services::Language;

/// What the parser understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The intents, in the order they were said; empty when nothing was understood.
    pub intents: Vec<Intent>,
    /// When nothing was understood: the closest things the wearer could say instead.
    pub suggestions: Vec<String>,
}

/// Lower case, half-width ASCII, one kind of space, `￥` → `¥`; closing particles and the
/// Singlish shapes of a question said plainly (`spoken.rs`).
pub fn normalize(utterance: &str) -> String {
    let mut out = String::with_capacity(utterance.len());
    for c in utterance.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\t' | '\n' | '\r' => ' ',
            '￥' => '¥',
            '’' | '‘' => '\'',
            '。' | '、' => ',',
            _ => c,
        };
        // `灵隐寺咋走`, `牌子上说的啥`: `咋` and `啥` are `怎么` and `什么`, said loosely.
        match c {
            '咋' => out.push_str("怎么"),
            '啥' => out.push_str("什么"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    let words: Vec<&str> = out
        .split(' ')
        .filter(|w| !w.is_empty() && !INTENSIFIERS.contains(w))
        .collect();
    // `to di hospital`, `pon night shift`: words of a name elsewhere (`Di Shui Dong`, `Pon Pon
    // bakery`) said as the common ones only in Caribbean speech, known by its other words.
    let caribbean = words.iter().any(|w| CARIBBEAN.contains(w));
    let spaced = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let before = i.checked_sub(1).map(|p| words[p]);
            let after = words.get(i + 1).copied();
            let said = match *w {
                // `I wanna eat ramen`, `gonna need a cab`: said contracted.
                "wanna" => "want to",
                "gonna" => "going to",
                "gotta" => "got to",
                // `Where's a buffet 'round here?`, `a flat white round here`: a word said without
                // its first letters (`round` only before `here`).
                "'round" => "around",
                "round" if after.is_some_and(|n| n.starts_with("here")) => "around",
                "'bout" => "about",
                "'em" => "them",
                // Scots and Caribbean English said in the common words, each never a word of
                // its own (`Take us tae Hangzhou East`, `fae Xidelong`, `me an' ma pals`,
                // `fi di 5th`, `dis one`, `sen' it`); `ma` only where `my` stands (`tae ma
                // hotel`; `my ma` is a mother) and `di` after a word `the` follows.
                "an'" | "an’" => "and",
                "tae"
                    if after.is_none_or(|n| !words!["kwon", "bo"].contains(n))
                        && !after_a_word_of_place(before) =>
                {
                    "to"
                }
                "fae" => "from",
                "fi" if before.is_none_or(|p| !words!["wi", "hi", "sci"].contains(p)) => "for",
                "dis" => "this",
                "weh" => "where",
                "dat" => "that",
                "sen'" => "send",
                "jus'" => "just",
                "yuh" => "you",
                "ye" if before.is_some_and(|p| AUXILIARIES.contains(p)) => "you",
                "pon" if caribbean && !after_a_word_of_place(before) => "on",
                "inna" => "in",
                "whit" => "what",
                "whit's" => "what's",
                "oot" => "out",
                "ma" if after_owning(before)
                    && after.is_some_and(|n| !words!["la", "po", "lat"].contains(n)) =>
                {
                    "my"
                }
                "di" if caribbean && after_owning(before) => "the",
                "mi" => mi_said(before, after).unwrap_or(w),
                _ => return g_restored(w).unwrap_or_else(|| w.to_string()),
            };
            said.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ");
    joined_separable(&question_ma(&craving_said(&a_shop_by_its_kind(
        &spoken::plain(&spaced),
    ))))
}

/// Words only Caribbean English says (`mi`, `fi`, `dis`, `yuh`, `weh`, `nuh`…).
const CARIBBEAN: Words = words![
    "mi", "fi", "dis", "yuh", "weh", "nuh", "inna", "likkle", "seh", "pickney", "waan", "tek",
];

/// Auxiliaries a Scots `ye` (you) is asked after (`can ye order`, `do ye know`).
const AUXILIARIES: Words = words![
    "can", "could", "will", "would", "do", "dae", "did", "are", "have", "should"
];

/// Whether `before` is a word a place's name is said after (`to`, `at`, `from`): a `Tae Yang`,
/// `Pon Pon` after it is a name.
fn after_a_word_of_place(before: Option<&str>) -> bool {
    before.is_some_and(|w| words!["to", "at", "from", "near", "the"].contains(w))
}

/// Words after which a Scots `ma` is `my` and a Caribbean `di` is `the`: a word of place,
/// company, having or doing to (`tae ma hotel`, `me an' ma pals`, `to di hospital`).
const OWNS_AFTER: Words = words![
    "to", "tae", "fi", "for", "with", "at", "in", "inna", "from", "fae", "and", "an'", "of", "on",
    "pon", "send", "sen'",
];

/// Whether `before` is a word after which `ma`/`di` stand for `my`/`the` ([`OWNS_AFTER`]).
fn after_owning(before: Option<&str>) -> bool {
    before.is_some_and(|w| OWNS_AFTER.contains(w.trim_matches([',', '.', '?', '!', ';'])))
}

/// `mi` of Caribbean English (and Scots) said as the pronoun it stands for: `i` before a verb
/// (`mi need sunscreen`, `before mi leave`), `me` after a verb of giving or finding (`buy mi a
/// swimsuit`, `find mi a church`) or standing alone (`mi and mi mother`), `my` after a word of
/// place or company (`to mi hotel`, `and mi mother`); else a word of its own (`a Mi band`,
/// `banh mi`, `mi goreng`), left as said.
fn mi_said(before: Option<&str>, after: Option<&str>) -> Option<&'static str> {
    const DOES: Words = words![
        "need", "needs", "want", "wan", "waan", "wanna", "like", "love", "go", "going", "gone",
        "leave", "leaving", "reach", "have", "got", "can", "could", "will", "would", "did", "do",
        "don't", "nuh", "affi", "haffi", "think", "know", "feel", "just", "also", "am", "was",
    ];
    const GIVES: Words = words![
        "buy", "get", "find", "give", "tell", "show", "take", "order", "send", "bring", "book",
        "help", "call", "let", "grab", "fetch", "pick", "carry",
    ];
    let is_among = |w: Option<&str>, among: Words| {
        w.is_some_and(|w| among.contains(w.trim_matches([',', '.', '?', '!', ';'])))
    };
    if is_among(before, words!["banh", "a", "the"]) {
        None
    } else if is_among(after, DOES) {
        Some("i")
    } else if is_among(before, GIVES) || after.is_none_or(|a| words!["and", "too"].contains(a)) {
        Some("me")
    } else {
        after_owning(before).then_some("my")
    }
}

/// `leavin'`, `nothin'.`: an English `-ing` said with its `g` dropped and an apostrophe in its
/// place, as `leaving`, `nothing.` (a word of two letters or more before `in'`).
fn g_restored(word: &str) -> Option<String> {
    let said = word.trim_end_matches([',', '.', '?', '!', ';']);
    let stem = said.strip_suffix("in'")?;
    (stem.len() >= 2 && stem.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| format!("{stem}ing{}", &word[said.len()..]))
}

/// `does this pharmacy have antihistamines`, `this bakery sells baguettes?`: the shop in view
/// named by its kind of place (a category's English word) before a verb of selling is asked as
/// `this shop` is (`this jacket has a hood` names no kind of place and stays).
fn a_shop_by_its_kind(text: &str) -> String {
    let mut said: Vec<&str> = text.split(' ').collect();
    for i in 1..said.len().saturating_sub(1) {
        let kind = said[i];
        let is_place = kind.chars().all(|c| c.is_ascii_lowercase())
            && lexicon::find_first(kind, lexicon::CATEGORIES)
                .is_some_and(|m| m.start == 0 && m.end == kind.len());
        if said[i - 1] == "this"
            && is_place
            && words![
                "have", "has", "sell", "sells", "carry", "carries", "stock", "got"
            ]
            .contains(said[i + 1])
        {
            said[i] = "shop";
        }
    }
    said.join(" ")
}

/// `man I want dumplings so bad`: a thing wanted `so bad`/`so badly` (a few words, not `to` a
/// doing) is a craving, read as `craving …` is.
fn craving_said(text: &str) -> String {
    let Some(end) = words![" so badly", " so bad"].iter().find_map(|w| {
        text.find(w)
            .filter(|&at| {
                text[at + w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
            })
            .map(|at| (at, at + w.len()))
    }) else {
        return text.to_string();
    };
    let before = &text[..end.0];
    let Some(want) = before.rfind("want ") else {
        return text.to_string();
    };
    let thing = &before[want + "want ".len()..];
    let words = thing.split(' ').count();
    if thing.starts_with("to ") || thing.contains(',') || words > 4 {
        return text.to_string();
    }
    format!("{}craving {thing}{}", &text[..want], &text[end.1..])
}

/// `优衣库还有保暖内衣么`: a `么` that closes a clause asks as `吗` does (`什么`, `怎么`, `那么`,
/// `这么`, `多么`, `要么` are words of their own and stay); so does a `不` or `没` closing a
/// clause that asks whether there is something (`附近有五金店不`, `有二锅头没`).
fn question_ma(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut clause_has = false;
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let closes = chars
                .get(i + 1)
                .is_none_or(|n| matches!(n, ',' | '?' | '!' | ' ' | '。'));
            let before = i.checked_sub(1).map(|b| chars[b]);
            let word = before.is_some_and(|b| "什怎那这多要".contains(b));
            // Not the end of a word (`有蛇出没`, `淹没`).
            let asks_whether_there_is = clause_has
                && matches!(c, '不' | '没')
                && before.is_some_and(|b| !"有出淹沉埋覆".contains(b));
            clause_has = (clause_has || c == '有') && !matches!(c, ',' | '?' | '!' | ' ' | '。');
            if closes && ((c == '么' && !word) || asks_whether_there_is) {
                '吗'
            } else {
                c
            }
        })
        .collect()
}

/// English words that only stress what follows (`I could really go for …`, `I'd totally go
/// for …`): no cue, frame or value holds them, so they are left out before anything is read.
const INTENSIFIERS: Words = words![
    "really",
    "totally",
    "seriously",
    "definitely",
    "absolutely",
    "honestly",
    "literally",
];

/// Chinese verb–object words said apart (`比个价`, `比下价`, `导个航`): the words between the
/// verb and its object (a measure word, `下`, `一下`) taken out, so the word is read whole.
const SEPARABLE: [(char, char); 4] = [('比', '价'), ('导', '航'), ('开', '锁'), ('解', '锁')];

/// `text` with each separable word said apart ([`SEPARABLE`]) joined again.
fn joined_separable(text: &str) -> String {
    let mut out = text.to_string();
    for (verb, object) in SEPARABLE {
        for between in words!["一下", "个", "下"] {
            out = out.replace(
                &format!("{verb}{between}{object}"),
                &format!("{verb}{object}"),
            );
        }
    }
    out
}

/// Words that start a new clause (the connective itself is dropped).
const CONNECTIVES: Words = words![
    "顺便",
    "然后",
    "还有",
    "另外",
    "并且",
    "同时",
    "以及",
    "再帮",
    "再给",
    "也帮",
    "还要",
    "还想",
    "和",
    " and then ",
    " then ",
    " also ",
    " and ",
    " plus ",
    " as well as ",
    " after that ",
    " afterwards ",
    " before my ",
    " before our ",
];

/// Cuts `text` into clauses at punctuation and connectives; returns byte ranges.
fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (cut start, cut end) to drop
    for (i, c) in text.char_indices() {
        let next = text[i + c.len_utf8()..].chars().next();
        let is_break = match c {
            ',' | '!' | '?' | ';' => !(c == ',' && next.is_some_and(|n| n.is_ascii_digit())),
            '.' => next.is_none_or(|n| n == ' '),
            _ => false,
        };
        if is_break {
            cuts.push((i, i + c.len_utf8()));
        }
    }
    for word in CONNECTIVES {
        for (start, _) in text.match_indices(word) {
            // `还有货吗`, `还有可乐吗` ask about stock; it is no connective there.
            let rest = &text[start + word.len()..];
            let clause_end = rest.find([',', '?', '!']).unwrap_or(rest.len());
            // `还有没有这个`: asked whether there is still some.
            if word == "还有"
                && (rest.starts_with(['货', '吗'])
                    || rest.starts_with("没有")
                    || rest[..clause_end].trim_end().ends_with('吗'))
            {
                continue;
            }
            // `和` joins two things only between two named products (`帽子和手套`); elsewhere
            // (`我和朋友`) it stays inside its clause.
            if word == "和"
                && !between_products(text, start, start + word.len())
                && !a_shopping_list(text, start, start + word.len())
            {
                continue;
            }
            // `a hundred and fifty`: one number.
            if word == " and "
                && (words!["hundred", "thousand"]
                    .iter()
                    .any(|w| text[..start].ends_with(w))
                    || joins_people(text, start, start + word.len())
                    || others_together(text, start, start + word.len())
                    || listing::within_a_name(text, start, start + word.len()))
            {
                continue;
            }
            // `再帮我…`, `再给我孙女买…`: only `再` is cut; the asking stays with its clause.
            let cut = if word.starts_with("再") || word.starts_with("也") {
                "再".len()
            } else {
                word.len()
            };
            cuts.push((start, start + cut));
        }
    }
    // `先去河坊街再买个风筝`: after `先` (not `先生`), a `再` opens the second request.
    if let Some(first) = text
        .match_indices('先')
        .find(|(at, _)| !text[at + '先'.len_utf8()..].starts_with('生'))
        .map(|(at, _)| at)
    {
        for (at, _) in text[first..].match_indices('再') {
            cuts.push((first + at, first + at + '再'.len_utf8()));
        }
    }
    // `买两副手套一顶帽子`: a count and measure word right after a listed product starts another.
    let products = lexicon::find_all(text, lexicon::PRODUCTS);
    for pair in products.windows(2) {
        let between = &text[pair[0].end..pair[1].start];
        if between.starts_with(|c: char| "一两二三四五六七八九十几".contains(c))
            && between.chars().count() <= 3
            && between.chars().all(|c| !c.is_ascii())
        {
            cuts.push((pair[0].end, pair[0].end));
        }
    }
    // `zhejiang museum what time open?`: a place's name said alone as the topic, then a
    // question about it with no comma between, is cut as if the comma were said.
    for kind in lexicon::find_all(text, lexicon::CATEGORIES) {
        let from = text[..kind.start]
            .rfind([',', '?', '!', ';'])
            .map_or(0, |i| i + 1);
        let rest = text[kind.end..].trim_start();
        let topic = text[from..kind.end].trim();
        if only_a_place_named(topic)
            && !topic.split(' ').any(|w| ASKING_WORDS.contains(w))
            && rest.len() < text.len() - kind.end
            && TOPIC_ASKED.iter().any(|q| rest.starts_with(q))
        {
            cuts.push((kind.end, kind.end));
        }
    }
    // At one position the longest connective wins (` and then ` over ` and `).
    cuts.sort_unstable_by_key(|(start, end)| (*start, std::cmp::Reverse(*end)));
    let mut ranges = Vec::new();
    let mut from = 0;
    for (start, end) in cuts {
        if start >= from {
            if start > from {
                ranges.push((from, start));
            }
            from = end;
        }
    }
    if from < text.len() {
        ranges.push((from, text.len()));
    }
    ranges
        .into_iter()
        .filter(|(s, e)| !text[*s..*e].trim().is_empty())
        .collect()
}

/// Questions about a place that may follow its name with no comma (`… what time open`,
/// `… open on sunday`, `… is it free`).
const TOPIC_ASKED: Words = words![
    "what ", "when ", "how ", "open", "close", "is it ", "does it ", "do they ",
];

/// Words of a question already begun: a place named after them is inside it (`what time does
/// shanghai museum open`), no topic said alone.
const ASKING_WORDS: Words = words![
    "what", "when", "how", "where", "which", "does", "do", "is", "are", "can", "could",
];

/// `she and her husband are going …`: a third person and one of theirs are one subject.
fn others_together(text: &str, start: usize, end: usize) -> bool {
    let last = text[..start].rsplit(' ').next().unwrap_or("");
    words!["he", "she", "they"].contains(last)
        && words!["his ", "her ", "their "]
            .iter()
            .any(|w| text[end..].starts_with(w))
}

/// `买点洗洁精和垃圾袋`: `和` between two things after a verb of buying in the same clause,
/// with no person on either side (`我和朋友`), joins two purchases.
fn a_shopping_list(text: &str, start: usize, end: usize) -> bool {
    let clause_start = text[..start].rfind(',').map_or(0, |c| c + 1);
    let before = &text[clause_start..start];
    let after = text[end..].split(',').next().unwrap_or("");
    let buys = words!["买", "下单", "来点"]
        .iter()
        .any(|v| before.contains(v));
    let person = |s: &str| {
        words!["我", "你", "他", "她", "朋友", "家人"]
            .iter()
            .any(|p| s.contains(p))
    };
    let thing = |s: &str| s.trim().chars().next().is_some_and(|c| !c.is_ascii());
    buys && thing(after)
        && !person(before.rsplit(['买', '单', '点']).next().unwrap_or(""))
        && !person(after)
}

/// True when a listed product ends right before `start` and another begins right after
/// `end` (measure words and `一` between them allowed).
fn between_products(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let after = text[end..].trim_start_matches(|c: char| "一两副双顶条件个瓶包把".contains(c));
    let ends = lexicon::find_all(before, lexicon::PRODUCTS)
        .last()
        .is_some_and(|m| m.end == before.len());
    let begins = lexicon::find_first(after, lexicon::PRODUCTS).is_some_and(|m| m.start == 0);
    ends && begins
}

/// Clauses grouped into intents: a kind and the clause texts that speak about it.
struct Group {
    kind: IntentKind,
    text: String,
}

fn group_clauses(text: &str) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut pending = String::new(); // clauses with no cue before the first intent
    let mut dropped: Option<&str> = None; // the last clause held back that lends nothing
    let mut their_plan_told = false; // whether `pending` holds someone else's own plan
    let mut weather_told = false; // whether `pending` holds a remark on the weather
    let mut hesitated = false; // whether the clause before was only a filler of hesitation
    for (start, end) in clauses(text) {
        let clause = text[start..end].trim();
        let goes_on = std::mem::replace(&mut hesitated, hesitation(clause));
        // A clause that only tells (a refusal, the past, someone else's plan…) asks for
        // nothing; some lend their words to the request that follows (see `gate`).
        let told = held(clause);
        // `不用帮我买了，我自己去超市看看`: after help refused, what the wearer will do by
        // themselves is told too; and after a request or before one, what they say they'll
        // do themselves (`…, I'll grab a taxi`; `I'll grab a yoga mat` alone asks).
        let by_myself = (dropped.is_some_and(|d| held(d) == Some(Held::Refused))
            && super::gate::does_instead(clause))
            || (super::gate::does_it_myself(clause)
                && (!groups.is_empty() || super::gate::asks(&text[end..])));
        if told.is_some_and(|why| !why.lends_words()) || by_myself {
            dropped = Some(clause);
            continue;
        }
        // `出差要用，买个转换插头`: a clause that only says what a thing is for asks for
        // nothing of its own (`明天要用`, read as no request, still qualifies the thing).
        if classify(clause).is_some() && says_what_it_is_for(clause) {
            continue;
        }
        // `我昨天看到的那双跑鞋，帮我买一双`, `the dumplings were great last time, order some
        // again`: a request naming only a count takes its thing from the told clause before
        // it (its days left out: they are when it was told of, not when it is wanted).
        let joined;
        let clause = match dropped.take() {
            Some(before) if refers_back(clause) => {
                joined = format!("{} , {clause}", without_dates(before));
                joined.as_str()
            }
            _ => clause,
        };
        // `…，嗯，就是那个遗址公园`: said more of the request before, after a hesitation; its
        // words would only blur that request's.
        if goes_on
            && classify(clause)
                .is_some_and(|(kind, _)| says_more_of_it(&groups, kind, &text[..start], clause))
        {
            continue;
        }
        let wish = wishes_about_it(&groups, clause) || follows_up_on_it(&groups, clause);
        // `my mom needs a new down jacket, can you find one`: asked of the assistant after
        // someone else's need, the request is about that need. `这个牌子，写什么`, `去黄龙体育中心，
        // 打车`: a terse clause with no kind of its own says what is asked of the clause before
        // it (its topic), and the two are read as one.
        let terse = (classify(clause).is_none() || only_a_means(clause))
            && short(clause)
            && pending.split(" , ").all(|c| short(c) && held(c).is_none());
        let lent =
            (groups.is_empty() && !pending.is_empty() && told.is_none() && (asks(clause) || terse))
                .then(|| classify(&format!("{pending} , {clause}")))
                .flatten();
        // `知味观咋样，贵不贵`: whether it is dear, naming no good, asks about what was named
        // before it.
        // `去浙大紫金港，骑车`: a means alone after the going is how to get there.
        let own = match classify(clause) {
            Some(_) if lent.is_some() && only_a_means(clause) => lent,
            Some((IntentKind::ProductCompare, _))
                if groups.is_empty()
                    && !pending.is_empty()
                    && super::triggers::asks_how_dear(clause)
                    && products(clause).is_empty() =>
            {
                classify(&format!("{pending} , {clause}"))
            }
            own => own,
        };
        let classified = own
            .or(lent)
            .filter(|_| told.is_none() && !wish)
            .filter(|(kind, _)| !qualifies_trip(&groups, *kind, clause))
            .filter(|(kind, _)| !goes_to_the_found(&groups, *kind, clause))
            .filter(|(kind, _)| !more_of_the_order(&groups, *kind, clause))
            .filter(|(kind, _)| !means_of_the_route(&groups, *kind, clause))
            .filter(|(kind, _)| !reason_for_the_thing(&groups, *kind, clause))
            .filter(|(kind, _)| !needed_from_the_place(&groups, *kind, clause))
            .filter(|(kind, _)| !more_about_the_place(&groups, *kind, clause))
            .filter(|(kind, _)| !own_way_there(&groups, *kind, clause))
            .filter(|(kind, _)| !fare_of_a_ride_said(&text[..start], *kind, clause))
            .or_else(|| another_item(&groups, clause).filter(|_| !wish));
        // `buy a power bank and a travel adapter`: a trip word a thing's name goes on from,
        // after a purchase, names another thing bought.
        if trip_word_names_a_thing(&groups, classified.map(|(k, _)| k), clause) {
            groups.push(Group {
                kind: IntentKind::ProductBuy,
                text: clause.to_string(),
            });
            continue;
        }
        // `我要去浙一医院，你给我指个路`: the way asked after the place one goes to is the way
        // there, one route.
        if classified.is_some_and(|(k, _)| way_to_the_place_said(&groups, k, clause)) {
            if let Some(last) = groups.last_mut() {
                last.kind = IntentKind::Navigate;
            }
            append(&mut groups, clause);
            continue;
        }
        // `Tell me about Grandma's Kitchen, the reviews`: what is asked of a place after being
        // told about a name no landmark list knows makes that name a place asked about.
        if classified.is_some_and(|(k, _)| about_a_place_named(&groups, k, clause)) {
            if let Some(last) = groups.last_mut() {
                last.kind = IntentKind::PlaceInfo;
            }
            append(&mut groups, clause);
            continue;
        }
        let after_and = listed_after_and(&groups, &text[..start], clause);
        let classified = classified.or(after_and.then_some((IntentKind::ProductBuy, 0)));
        match classified {
            Some((kind, _))
                if groups.last().is_some_and(|g| {
                    g.kind == kind
                        && !is_new_item(g, clause)
                        && !another_of_the_kind(g, &text[..start], clause)
                        && !after_and
                }) =>
            {
                append(&mut groups, clause);
            }
            Some((kind, _)) => {
                let mut text = std::mem::take(&mut pending);
                // `下周六回银川，出发前帮我买两盒藕粉`: a journey on a day told before a request
                // timed by its departure is the trip that departure belongs to.
                if groups.is_empty()
                    && kind != IntentKind::TripPlan
                    && BEFORE_TRIP.iter().any(|w| clause.contains(w))
                    && a_journey_on_a_day(&text)
                {
                    groups.push(Group {
                        kind: IntentKind::TripPlan,
                        text: std::mem::take(&mut text),
                    });
                }
                // `my manager is coming to Hangzhou, book a table for two`: someone else's own
                // plan told first lends nothing to a request not made for them (`…, 帮他订个酒店`
                // is): the request is read as if alone.
                // `北京今天好冷啊，明天帮我订去三亚的机票`: the weather remarked on lends its city
                // only to a request that goes back to it (`…, plan me a trip there`).
                if (their_plan_told && !made_for_them(clause))
                    || (weather_told
                        && !THERE
                            .iter()
                            .chain(words!["那边"])
                            .any(|w| clause.contains(w)))
                {
                    text.clear();
                }
                if !text.is_empty() {
                    text.push_str(" , ");
                }
                text.push_str(clause);
                groups.push(Group { kind, text });
            }
            None if groups.is_empty() => {
                their_plan_told |= told == Some(Held::SomeoneElse) && their_own_going(clause);
                weather_told |= super::triggers::remarks_on_weather(clause) && !asks(clause);
                if !pending.is_empty() {
                    pending.push_str(" , ");
                }
                pending.push_str(clause);
            }
            // `find me a pharmacy, and also an ATM`: no cue of its own, but another of the same.
            None if groups
                .last()
                .is_some_and(|g| another_of_the_kind(g, &text[..start], clause)) =>
            {
                let kind = groups.last().map_or(IntentKind::PlaceFind, |g| g.kind);
                groups.push(Group {
                    kind,
                    text: clause.to_string(),
                });
            }
            None => append(&mut groups, clause),
        }
    }
    groups
}

/// A terse clause: up to eight characters in Chinese, four words in English (`这个牌子`,
/// `去黄龙体育中心`, `打车`).
fn short(clause: &str) -> bool {
    if clause.is_ascii() {
        clause.split(' ').filter(|w| !w.is_empty()).count() <= 4
    } else {
        clause.chars().filter(|c| !c.is_whitespace()).count() <= 8
    }
}

/// `打车`, `骑车吧`, `坐地铁去`, `给俺叫个滴滴`, `by taxi`, `on foot`, `I'll grab a taxi`, `get a
/// didi`: a clause that names only a means of going (and who takes it, and who calls it).
fn only_a_means(clause: &str) -> bool {
    const AROUND_A_MEANS_ZH: &str = "吧去过坐乘搭叫给帮我俺咱们个辆";
    let means = lexicon::find_all(clause, lexicon::MODES);
    let mut rest = clause.to_string();
    for m in means.iter().rev() {
        rest.replace_range(m.start..m.end, " ");
    }
    !means.is_empty()
        && rest.split(' ').all(|w| {
            w.chars().all(|c| AROUND_A_MEANS_ZH.contains(c))
                || words![
                    "by", "on", "please", "just", "i'll", "we'll", "grab", "catch", "take", "a",
                    "the", "get", "call", "book", "hail", "me", "us", "one",
                ]
                .contains(w)
        })
}

/// `嗯`, `那个`, `就是`, `um`: a clause that is only a filler of hesitation.
fn hesitation(clause: &str) -> bool {
    let words = words!["嗯", "呃", "那个", "就是", "um", "uh", "like", "i mean"];
    let mut rest = clause.trim();
    while let Some(w) = words.iter().find(|w| rest.starts_with(*w)) {
        rest = rest[w.len()..].trim_start();
    }
    rest.is_empty() && !clause.trim().is_empty()
}

/// `骑车去九溪，那个，路上有没有坡`, `…，嗯，就是那个遗址公园`: after a filler of hesitation, a
/// clause of another kind with no word of asking, no verb of asking first and no word of asking
/// for more besides goes on saying the request before it, not a second one.
fn says_more_of_it(groups: &[Group], kind: IntentKind, before: &str, clause: &str) -> bool {
    let opened = clause.trim_start();
    // `…, um, order bubble tea to my dorm`: a clause opening with a verb of asking is new.
    let bidden = words![
        "order", "get", "book", "find", "buy", "call", "点", "买", "订", "找", "叫", "帮",
    ]
    .iter()
    .any(|w| lexicon::starts_with_word(opened, [w]).is_some());
    groups.last().is_some_and(|g| g.kind != kind)
        && !asks(clause)
        && !bidden
        && !BESIDES
            .iter()
            .any(|w| opened.starts_with(w) || before.trim_end().ends_with(w.trim_end()))
}

/// Words opening a clause that asks for one more thing besides (`再来份锅贴`, `顺便帮我找个药店`,
/// `and also an ATM`), kept in the clause or dropped before it as a connective.
const BESIDES: Words = words![
    "顺便",
    "再",
    "另外",
    "还要",
    "还有",
    "然后再",
    "and also ",
    "also ",
    "plus ",
    "and another ",
];

/// The slots that say what a search or a food order is for: two clauses that name different
/// values of them ask for two things.
fn what_is_asked(kind: IntentKind, text: &str) -> Vec<String> {
    let keys = match kind {
        IntentKind::PlaceFind => words!["category", "cuisine"],
        IntentKind::FoodOrder | IntentKind::ProductBuy => words!["item"],
        _ => return Vec::new(),
    };
    let mut intent = Intent::new(kind);
    fill_slots(&mut intent, text, &[]);
    // `来两份`: a verb of ordering, a count and a measure word name nothing.
    keys.iter()
        .filter_map(|k| intent.text(k))
        .filter_map(|v| {
            let v = words!["再", "来", "点", "要", "加", "叫"]
                .iter()
                .fold(v.trim(), |v, w| v.strip_prefix(w).unwrap_or(v).trim_start());
            // `再加个蛋`: a one-character thing is an add-on to the dish, not another order.
            let counted = v
                .trim_start_matches(|c: char| "一二两三四五六七八九十几 ".contains(c))
                .trim_start_matches(['份', '碗', '杯', '个', '笼', '盘', '串']);
            // A thing bought may be said in one character (`再来一袋盐`).
            (counted.chars().count() > 1 || kind == IntentKind::ProductBuy).then_some(v)
        })
        .filter_map(clean::edges)
        .collect()
}

/// `我想吃烤鸭，顺便帮我找个ATM`, `点一份小笼包，再来碗片儿川`: a clause that opens with a word of
/// asking for more besides and names something of its own for the same kind of request (a search
/// or a food order) is a second request, not more of the first (`点一份小笼包，再来两份` names
/// nothing new and stays one order).
fn another_of_the_kind(group: &Group, before: &str, clause: &str) -> bool {
    let (opened, before) = (clause.trim_start(), before.trim_end());
    if !BESIDES
        .iter()
        .any(|w| opened.starts_with(w) || before.ends_with(w.trim_end()))
    {
        return false;
    }
    let (had, new) = (
        what_is_asked(group.kind, &group.text),
        what_is_asked(group.kind, clause),
    );
    !had.is_empty() && !new.is_empty() && new.iter().all(|v| !had.contains(v))
}

/// `…买一双`, `order some again`, `get me one`: a request that names only a count.
fn refers_back(clause: &str) -> bool {
    let mut rest = clause.trim();
    while let Some(w) = words![
        "吧", "啊", "呀", "了", " again", " too", " please", " for me",
    ]
    .iter()
    .find(|w| rest.ends_with(*w))
    {
        rest = rest[..rest.len() - w.len()].trim_end();
    }
    let mut chars = rest.chars().rev();
    let (measure, count) = (chars.next(), chars.next());
    let zh = count.is_some_and(|c| "一两几".contains(c))
        && measure.is_some_and(|m| "双把个份件条瓶杯盒只支台束包袋箱罐副".contains(m));
    let en = words![" one", " some", " a pair", " another", " two", " a couple"]
        .iter()
        .any(|w| rest.ends_with(w));
    zh || en
}

/// A clause with its dates blanked out.
fn without_dates(clause: &str) -> String {
    let mut out = clause.to_string();
    for d in find_dates(clause, chrono::NaiveDate::default())
        .iter()
        .rev()
    {
        out.replace_range(d.start..d.end, &" ".repeat(d.end - d.start));
    }
    out
}

/// `I'm craving pad thai, have some delivered`, `我想吃酸菜鱼，送过来吧`: a delivery asked after
/// the dish (a search for it, or said before in the same clause group) orders the dish.
fn dishes_delivered(groups: Vec<Group>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for mut group in groups {
        if group.kind != IntentKind::ProductBuy {
            out.push(group);
            continue;
        }
        if dish_delivered(&group.text) {
            group.kind = IntentKind::FoodOrder;
        }
        match out.last_mut() {
            Some(last)
                if group.kind == IntentKind::ProductBuy
                    && last.kind == IntentKind::PlaceFind
                    && dish_delivered(&format!("{} , {}", last.text, group.text)) =>
            {
                last.kind = IntentKind::FoodOrder;
                last.text.push_str(" , ");
                last.text.push_str(&group.text);
            }
            _ => out.push(group),
        }
    }
    out
}

/// `来一杯奶茶，再点个炸鸡`, `点份炒饭，再来两杯可乐`: cups asked for (`杯`) in the same breath as a
/// food order, next to it, are drinks of the same meal, ordered too, not bought (`来一杯奶茶`
/// alone stays a purchase).
fn cups_with_a_meal(mut groups: Vec<Group>) -> Vec<Group> {
    let food = |g: Option<&Group>| g.is_some_and(|g| g.kind == IntentKind::FoodOrder);
    for i in 0..groups.len() {
        if groups[i].kind == IntentKind::ProductBuy
            && groups[i].text.contains('杯')
            && (food(i.checked_sub(1).and_then(|j| groups.get(j))) || food(groups.get(i + 1)))
        {
            groups[i].kind = IntentKind::FoodOrder;
        }
    }
    groups
}

/// `…，再订个酒店` after a trip and a purchase: one request plans one trip, so a later trip
/// clause naming no other city joins the first; a hotel asked for before the trip
/// (`no hotel this time, just the train to Suzhou`) is the trip's too.
fn one_trip(groups: Vec<Group>) -> Vec<Group> {
    // `…，顺便找一下新街口附近的酒店`: a hotel looked for near a place named is a search of its
    // own (the trip plans no hotel near anything); one booked or asked for plainly is the trip's.
    let hotel = |g: &Group| {
        g.kind == IntentKind::PlaceFind
            && lexicon::find_all(&g.text, lexicon::CATEGORIES)
                .iter()
                .any(|c| c.canonical == "hotel")
            && (named_near(&g.text).is_none()
                || words!["订", "预订", "book", "reserve"]
                    .iter()
                    .any(|w| lexicon::occurrences(&g.text, w).next().is_some()))
    };
    let mut out: Vec<Group> = Vec::new();
    for mut group in groups {
        // `客户要住一晚，附近有没有酒店`, `we need one night, any hotels nearby`: a stay alone (no
        // going, no city) before a hotel looked for nearby is what the hotel is for, no trip.
        if hotel(&group)
            && asks_nearby(&group.text)
            && let Some(i) = out.iter().position(a_stay_alone)
        {
            let stay = out.remove(i);
            group.text = format!("{} , {}", stay.text, group.text);
            out.push(group);
            continue;
        }
        if group.kind == IntentKind::TripPlan
            && !out.iter().any(|g| g.kind == IntentKind::TripPlan)
            && let Some(i) = out
                .iter()
                .position(|g| hotel(g) && !names_another_city(&group, g))
        {
            let before = out.remove(i);
            group.text = format!("{} , {}", before.text, group.text);
        }
        let first_trip = out.iter().position(|g| g.kind == IntentKind::TripPlan);
        // `…，再找找外滩附近的酒店`: the hotel of a trip asked for is the trip's.
        let joins = group.kind == IntentKind::TripPlan || hotel(&group);
        match first_trip {
            Some(i) if joins && !names_another_city(&out[i], &group) => {
                out[i].text.push_str(" , ");
                out[i].text.push_str(&group.text);
            }
            _ => out.push(group),
        }
    }
    out
}

/// A trip group that only says a stay: no city and no going (`客户要住一晚`, `two nights`).
fn a_stay_alone(group: &Group) -> bool {
    group.kind == IntentKind::TripPlan
        && lexicon::find_all(&group.text, lexicon::CITIES).is_empty()
        && !words![
            "去", "到", "回", "飞", "来", " to ", "fly", "go ", "going", "trip", "旅"
        ]
        .iter()
        .any(|w| group.text.contains(w))
}

/// Whether `text` asks for something near where the wearer is (`附近`, `nearby`, `near here`).
fn asks_nearby(text: &str) -> bool {
    words![
        "附近",
        "周边",
        "nearby",
        "near here",
        "around here",
        "near me",
        "close by"
    ]
    .iter()
    .any(|w| text.contains(w))
}

/// Whether `later` names a city `first` does not.
fn names_another_city(first: &Group, later: &Group) -> bool {
    let had: Vec<&str> = lexicon::standalone_cities(&first.text)
        .iter()
        .map(|m| m.canonical)
        .collect();
    lexicon::standalone_cities(&later.text)
        .iter()
        .any(|m| !had.contains(&m.canonical))
}

/// `这是哪里`, `what is this place`: a question about where the wearer stands is about the
/// landmark in view when no place (a shop, a restaurant) is.
fn by_what_is_in_view(mut group: Group, ctx: &AskContext) -> Group {
    let view = &ctx.in_view;
    // `What kind of restaurant is this`, `这是个啥地方` looking at a place (and no landmark):
    // what the thing pointed at is, is a question about the place.
    if matches!(
        group.kind,
        IntentKind::PlaceFind | IntentKind::LandmarkGuide
    ) && view.place.is_some()
        && view.landmark.is_none()
        && asks_what_this_is(&group.text)
        && lexicon::find_all(&group.text, lexicon::LANDMARKS).is_empty()
    {
        group.kind = IntentKind::PlaceInfo;
    }
    if group.kind == IntentKind::PlaceInfo && view.place.is_none() && view.landmark.is_some() {
        let names_a_place = !lexicon::find_all(&group.text, lexicon::LANDMARKS).is_empty();
        if !names_a_place {
            group.kind = IntentKind::LandmarkGuide;
        }
    }
    group
}

/// `What is this establishment?`, `What kind of place is this?`, `what exactly is this lake`,
/// `这是个啥地方`: a question of what the thing pointed at is.
fn asks_what_this_is(text: &str) -> bool {
    text.split([',', '?', '!', '.']).any(|piece| {
        let has = |w: &str| lexicon::occurrences(piece, w).next().is_some();
        let en = (has("what") && (has("is") || has("'s")) || has("what's"))
            && (has("this") || has("that"));
        // `这家店是干嘛的`, `这家是做什么的`: what the shop pointed at does.
        let zh = words!["这是", "这里是", "这地方", "那是", "这家", "那家"]
            .iter()
            .any(|w| piece.contains(w))
            && words!["什么", "啥", "干嘛的"]
                .iter()
                .any(|w| piece.contains(w));
        (en || zh) && !names_another_thing(piece)
    })
}

/// `what is this dish`, `what kind of flower is this`, `这是什么菜`, `那是什么声音`: the thing
/// asked about named by a noun that is no kind of place or landmark (a generic `this`, `this
/// place`, `这是啥` names none) — a question about that thing, not about what is in view.
fn names_another_thing(piece: &str) -> bool {
    /// Words for a place in general, besides the listed kinds of place and of landmark.
    const PLACE_WORDS: Words = words![
        "place",
        "establishment",
        "venue",
        "building",
        "spot",
        "area",
        "site",
        "lake",
        "hill",
        "mountain",
        "park",
        "garden",
        "square",
        "hall",
        "地方",
        "地儿",
        "店",
        "馆",
        "楼",
        "园",
        "湖",
        "山",
        "建筑",
        "景点",
    ];
    /// Words after `this`/`that` or `what` that name no thing (`what's this called`).
    const NO_THING: Words = words![
        "is", "'s", "called", "about", "for", "in", "on", "over", "up", "here", "there", "thing",
        "one", "like", "kind", "sort", "type", "of",
    ];
    let noun = if piece.is_ascii() {
        let words: Vec<&str> = piece
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
            .filter(|w| !w.is_empty() && !w.ends_with("ly"))
            .collect();
        // `what is this dish`: the word after the pointer; `what kind of flower is this`,
        // `what flower is that`: the word after `what` (and `kind of`).
        let after = |at: Option<usize>| {
            at.and_then(|i| words.get(i + 1))
                .copied()
                .filter(|w| !NO_THING.contains(w))
        };
        let pointer = words
            .iter()
            .position(|w| words!["this", "that"].contains(w));
        let what = words.iter().position(|w| *w == "what").map(|i| {
            let skipped = words[i + 1..]
                .iter()
                .take_while(|w| words!["kind", "sort", "type", "of"].contains(w))
                .count();
            i + skipped
        });
        after(pointer)
            .or_else(|| after(what).filter(|_| pointer.is_some()))
            .unwrap_or("")
            .to_string()
    } else {
        // `这是什么菜啊`: what follows the asking word, its measure and particles off.
        piece
            .split_once("什么")
            .or_else(|| piece.split_once('啥'))
            .map_or("", |(_, rest)| rest)
            .trim_start_matches(['个', '种', '样', '的'])
            .trim_end_matches(['啊', '呀', '吗', '呢', '啦', '了', '哦', '来', '着', ' '])
            .to_string()
    };
    !noun.is_empty()
        && !PLACE_WORDS
            .iter()
            .chain(LANDMARK_NOUNS)
            .any(|w| lexicon::occurrences(&noun, w).next().is_some())
        && lexicon::find_all(&noun, lexicon::CATEGORIES).is_empty()
        && lexicon::find_all(&noun, lexicon::LANDMARKS).is_empty()
}

/// `What is this establishment?` looking at a place or landmark, `扫这个，开了` looking at a
/// bike's code: with no kind read from the words, what is in view says which is asked — the
/// place or landmark asked what it is, the bike scanned or opened.
fn asked_of_what_is_in_view(text: &str, ctx: &AskContext) -> Option<IntentKind> {
    let view = &ctx.in_view;
    // `开` only as opening (`开了`, `打开`), not inside another word (`开心`).
    let opens = words![
        "扫",
        "打开",
        "开了",
        "开一下",
        "开吧",
        "scan",
        "open",
        "unlock",
    ]
    .iter()
    .any(|w| lexicon::occurrences(text, w).next().is_some());
    if view.bike_qr.is_some() && opens {
        return Some(IntentKind::BikeUnlock);
    }
    ((view.place.is_some() || view.landmark.is_some()) && asks_what_this_is(text))
        .then_some(IntentKind::PlaceInfo)
}

/// `帮他订个酒店`, `find a hotel near West Lake for her`: a request made for someone spoken of.
fn made_for_them(clause: &str) -> bool {
    words![
        "帮他", "给他", "替他", "帮她", "给她", "替她", "him", "her", "them",
    ]
    .iter()
    .any(|w| lexicon::occurrences(clause, w).next().is_some())
}

/// Products named in a text.
fn products(text: &str) -> Vec<&'static str> {
    lexicon::find_all(text, lexicon::PRODUCTS)
        .into_iter()
        .map(|m| m.canonical)
        .collect()
}

/// True when `clause` names a different product than the purchase `group` already has
/// (`buy a hat and a scarf` is two purchases).
fn is_new_item(group: &Group, clause: &str) -> bool {
    if group.kind != IntentKind::ProductBuy {
        return false;
    }
    let (had, new) = (products(&group.text), products(clause));
    if !had.is_empty() && !new.is_empty() && new.iter().all(|p| !had.contains(p)) {
        return true;
    }
    // `帮我买两个口罩，再买一瓶洗手液`: each clause buys a thing of its own by its own verb,
    // listed or not.
    let first = group.text.split(" , ").last().and_then(bought_in);
    matches!((first, bought_in(clause)), (Some(a), Some(b)) if a != b)
}

/// `…去深圳, cheapest option`, `下单猫粮，要最便宜的`: a price wish about no product, after a
/// trip or a purchase, is how it should be (it continues it rather than comparing prices).
fn qualifies_trip(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    let last = groups.last().map(|g| g.kind);
    // `帮我买一个颈枕，出差用`: a trip word naming no place or day after a purchase is what
    // the thing is for.
    let purpose = kind == IntentKind::TripPlan
        && last == Some(IntentKind::ProductBuy)
        && lexicon::standalone_cities(clause).is_empty()
        && clause.ends_with('用');
    // `plan me a trip to Xiamen, I seriously need some time off`: a need of rest said after a
    // trip, naming no listed product nor a verb of getting, is the trip's reason.
    let reason = kind == IntentKind::ProductBuy
        && last == Some(IntentKind::TripPlan)
        && words!["need", "需要"].iter().any(|w| clause.contains(w))
        && words!["break", "time off", "rest", "休息", "放松"]
            .iter()
            .any(|w| lexicon::occurrences(clause, w).next().is_some())
        && products(clause).is_empty()
        && !words!["buy", "get", "order", "pack", "bring", "买", "带", "订"]
            .iter()
            .any(|w| lexicon::occurrences(clause, w).next().is_some());
    purpose
        || reason
        || kind == IntentKind::ProductCompare
            && matches!(last, Some(IntentKind::TripPlan | IntentKind::ProductBuy))
            && products(clause).is_empty()
            && !words!["这", "this", "it", "that"]
                .iter()
                .any(|w| lexicon::occurrences(clause, w).next().is_some())
}

/// `帮我买双雪地靴，要防水的`, `附近哪有火锅，要24小时的`, `…, something under 200 rmb`, `…, and
/// have it here by tomorrow`: a wish about the thing just asked for, naming no other thing,
/// qualifies it; it is no request of its own.
fn wishes_about_it(groups: &[Group], clause: &str) -> bool {
    const ZH: Words = words!["要", "想要", "最好", "需要", "得是", "最好是"];
    const EN: Words = words![
        "something",
        // `…, the kind that folds up small`: the sort of thing wished for.
        "the kind that",
        "the kind with",
        "the one that",
        "one that",
        "one with",
        "preferably",
        "ideally",
        "nothing over",
        "nothing more than",
        "have it",
        "get it here",
        "need it by",
        "need them by",
    ];
    let zh = ZH.iter().any(|w| clause.starts_with(w))
        && clause
            .trim_end_matches(['吧', '哈', '啊', '呀'])
            .ends_with('的');
    // `我想吃拉面，便宜的`, `…，近一点的`: a quality alone, said as what kind of one.
    let said = clause.trim_end_matches(['吧', '哈', '啊', '呀', ' ']);
    let zh = zh
        || (said.ends_with('的')
            && said.chars().count() <= 6
            && said.chars().all(|c| !c.is_ascii())
            && !words!["我", "你", "他", "她"]
                .iter()
                .any(|w| said.contains(w)));
    // `find me a hotpot place, cheap ones`, `…, a quiet one`: the same, also said as a need
    // (`…, I need warm one`).
    let quality = words!["i need ", "i want ", "need ", "want "]
        .iter()
        .find_map(|w| said.strip_prefix(w))
        .unwrap_or(said);
    let en = EN.iter().any(|w| clause.starts_with(w))
        || ((quality.ends_with(" one") || quality.ends_with(" ones"))
            && quality.split(' ').count() <= 3
            && !quality.starts_with("another"));
    // `骑车去武林广场，走最近的`, `…, take the fastest`: which way, after a route, is how to go.
    let route = groups
        .last()
        .is_some_and(|g| g.kind == IntentKind::Navigate)
        && words![
            "走",
            "take the",
            "the fastest",
            "the quickest",
            "the shortest",
        ]
        .iter()
        .any(|w| clause.starts_with(w))
        && lexicon::find_all(clause, lexicon::LANDMARKS).is_empty()
        && lexicon::find_all(clause, lexicon::CATEGORIES).is_empty();
    // `要防水的`: a one-character listed word (`水`) inside a wish names no thing.
    let names_a_thing = lexicon::find_all(clause, lexicon::PRODUCTS)
        .iter()
        .any(|m| clause[m.start..m.end].chars().count() > 1);
    // `…, wool if they've got them`, `…，批发有没有便宜点`: a wish on condition the shop has
    // it, or for a lower price, naming no kind of place, is about the thing just asked for.
    let conditional = words![
        "if they've got",
        "if they have",
        "if they got",
        "if you have",
    ]
    .iter()
    .any(|w| {
        words!["them", "it", "any", "one", "some"].iter().any(|it| {
            said.strip_suffix(it)
                .is_some_and(|s| s.trim_end().ends_with(w))
        })
    }) || words!["if available", "有的话"]
        .iter()
        .any(|w| said.ends_with(w));
    // Asked for (`有没有便宜点`, `能不能便宜`), not set against another (`网上是不是便宜点`).
    let cheaper = words![
        "有没有便宜",
        "能不能便宜",
        "能便宜",
        "有没有优惠",
        "有没有折扣",
        "any discount",
    ]
    .iter()
    .any(|w| said.contains(w))
        && lexicon::find_all(clause, lexicon::CATEGORIES).is_empty();
    // `Is there an ATM near me, open 24 hours`, `…, is anywhere open now`: whether it is open,
    // after a search naming no other kind of place, is how the place sought should be.
    let open = groups
        .last()
        .is_some_and(|g| g.kind == IntentKind::PlaceFind)
        && words![
            "open now",
            "open 24",
            "still open",
            "open right now",
            "还营业",
            "还开着"
        ]
        .iter()
        .any(|w| clause.contains(w))
        && lexicon::find_all(clause, lexicon::CATEGORIES).is_empty();
    route || open || (!groups.is_empty() && (zh || en || conditional || cheaper) && !names_a_thing)
}

/// `What is this place, is it a temple or a museum?`, `…? Is it kid-friendly?`: a question
/// about "it" after a request, naming no listed place or thing, asks more of the same; it is
/// no request of its own.
fn follows_up_on_it(groups: &[Group], clause: &str) -> bool {
    !groups.is_empty()
        && (words!["is it ", "is this ", "does it ", "are they ", "它"]
            .iter()
            .any(|w| clause.starts_with(w))
            || told_more_of_the_place(groups, clause))
        && lexicon::find_all(clause, lexicon::LANDMARKS).is_empty()
        && products(clause).is_empty()
}

/// `Is this place any good? Tell me about it`, `这家店怎么样，给我介绍一下它`: asked to be told
/// about "it" (or more) after a question about a place, nothing else named, is more about that
/// place, no guide.
fn told_more_of_the_place(groups: &[Group], clause: &str) -> bool {
    const BACK: Words = words![
        "about it",
        "about them",
        "tell me more",
        "more about",
        "介绍一下它",
        "讲讲它",
        "说说它",
    ];
    groups
        .last()
        .is_some_and(|g| g.kind == IntentKind::PlaceInfo)
        && BACK.iter().any(|w| clause.trim_end().ends_with(w))
}

/// `给咱讲讲苏堤，咱等下要走过去`, `…, we'll walk over there after`: the wearer telling that they
/// will go "there" (somewhere just spoken of, no place named), asking nothing, after another
/// request, tells their plan; it asks for no route (`然后带我走过去` asks).
fn own_way_there(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    const WEARER: Words = words!["咱们", "我们", "咱", "我", "we ", "we'll ", "i'll ", "i "];
    kind == IntentKind::Navigate
        && groups
            .last()
            .is_some_and(|g| g.kind != IntentKind::Navigate)
        && WEARER.iter().any(|w| clause.starts_with(w))
        && THERE
            .iter()
            .chain(words!["上去", "over"])
            .any(|w| lexicon::occurrences(clause, w).next().is_some())
        && lexicon::find_all(clause, lexicon::LANDMARKS).is_empty()
        && lexicon::find_all(clause, lexicon::CATEGORIES).is_empty()
        && lexicon::standalone_cities(clause).is_empty()
        && !asks(clause)
}

/// `这个扫一下，比比价`: a scan with no bike named, next to a question about a product, is the
/// product's barcode being read for that question, not a bike to unlock.
fn scan_for_the_product(groups: Vec<Group>) -> Vec<Group> {
    const BIKE: Words = words![
        "单车",
        "自行车",
        "车",
        "bike",
        "ride",
        "骑",
        "开锁",
        "解锁",
        "unlock",
        "cycle",
    ];
    let about_product = |g: &Group| {
        matches!(
            g.kind,
            IntentKind::ProductCompare | IntentKind::ProductStock | IntentKind::ProductBuy
        )
    };
    let a_scan = |g: &Group| {
        g.kind == IntentKind::BikeUnlock
            && !BIKE
                .iter()
                .any(|w| lexicon::occurrences(&g.text, w).next().is_some())
    };
    let mut out: Vec<Group> = Vec::new();
    for group in groups {
        match out.last_mut() {
            Some(last) if a_scan(last) && about_product(&group) => {
                last.kind = group.kind;
                last.text.push_str(" , ");
                last.text.push_str(&group.text);
            }
            Some(last) if about_product(last) && a_scan(&group) => {
                last.text.push_str(" , ");
                last.text.push_str(&group.text);
            }
            _ => out.push(group),
        }
    }
    out
}

/// `这是哪儿啊，简单说说` looking at a landmark: once what is in view has settled each kind,
/// two clauses of the same kind side by side (a question, then how long an answer) are one.
fn merge_same_kind(groups: Vec<Group>) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for group in groups {
        match out.last_mut() {
            Some(last) if last.kind == group.kind && group.kind == IntentKind::LandmarkGuide => {
                last.text.push_str(" , ");
                last.text.push_str(&group.text);
            }
            _ => out.push(group),
        }
    }
    out
}

/// `找一家火锅店，然后导航过去`: going "there" after a search is the search's own way there
/// (its card has the Navigate action), not a route to nowhere.
fn goes_to_the_found(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    kind == IntentKind::Navigate
        && groups
            .last()
            .is_some_and(|g| g.kind == IntentKind::PlaceFind)
        && words!["过去", "there", "那里", "那儿", "去那"]
            .iter()
            .any(|w| lexicon::occurrences(clause, w).next().is_some())
        && lexicon::find_all(clause, lexicon::LANDMARKS).is_empty()
        && lexicon::standalone_cities(clause).is_empty()
}

/// `去六和塔，骑车`, `到灵隐寺去，骑车吧`: a means of going said after a route, with no code, scan
/// or word of unlocking, is how to go there, not a bike to unlock; `…, I'll grab a taxi`: a
/// means got, said alone after a route, is how to go there, not a purchase nor a meal (`给俺叫个滴滴`).
fn means_of_the_route(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    let after_a_route = groups
        .last()
        .is_some_and(|g| g.kind == IntentKind::Navigate);
    after_a_route
        && match kind {
            IntentKind::BikeUnlock => {
                !unlocks(clause) && !lexicon::find_all(clause, lexicon::MODES).is_empty()
            }
            IntentKind::ProductBuy | IntentKind::FoodOrder => only_a_means(clause),
            _ => false,
        }
}

/// `我要去浙一医院，你给我指个路`, `I'm going to Hangzhou Library, show me the way`: a way asked
/// for that names no place of its own, after a clause that goes to one (read as a search for
/// its kind of place, asking no where), is the way to it; so is a means of going said alone
/// (`去浙大儿童医院，打车去`, `go to City Hospital, by taxi`).
fn way_to_the_place_said(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    let goes = |t: &str| {
        words!["去", "going to", "go to", "get to", "head to"]
            .iter()
            .any(|w| lexicon::occurrences(t, w).next().is_some())
    };
    let asks_where = |t: &str| {
        words![
            "哪",
            "where",
            "附近",
            "nearby",
            "有没有",
            "find",
            "找",
            "any ",
        ]
        .iter()
        .any(|w| t.contains(w))
    };
    kind == IntentKind::Navigate
        && groups.len() == 1
        && groups.last().is_some_and(|g| {
            g.kind == IntentKind::PlaceFind && goes(&g.text) && !asks_where(&g.text)
        })
        && (!goes(clause) || only_a_means(clause))
        && lexicon::find_all(clause, lexicon::LANDMARKS).is_empty()
        && lexicon::find_all(clause, lexicon::CATEGORIES).is_empty()
        && lexicon::standalone_cities(clause).is_empty()
}

/// `Tell me about Ah Hock's Noodle House, the reviews`, `介绍一下外婆家，评价怎么样`: a question
/// about a place (its reviews, hours, prices) right after a guide asked of a name no landmark
/// list knows, or right after a place's name said alone as the topic (`Zhejiang Museum, what
/// time open?`, `浙江省博物馆，几点开门`), the question naming no place of its own, is about
/// that name, as a place.
fn about_a_place_named(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    kind == IntentKind::PlaceInfo
        && groups.last().is_some_and(|g| {
            (g.kind == IntentKind::LandmarkGuide
                && lexicon::find_all(&g.text, lexicon::LANDMARKS).is_empty()
                && !LANDMARK_NOUNS
                    .iter()
                    .any(|w| lexicon::occurrences(&g.text, w).next().is_some()))
                || (g.kind == IntentKind::PlaceFind && only_a_place_named(&g.text))
        })
        && lexicon::find_all(clause, lexicon::LANDMARKS).is_empty()
        && lexicon::find_all(clause, lexicon::CATEGORIES).is_empty()
}

/// `zhejiang museum`, `浙江省博物馆`, `浙江美术馆`: a clause that is only a place's name, ending
/// in its kind (a listed one, or a word of a building, `馆`, `院`, `宫`, after two characters
/// or more) with a name before it — no search in it (`find a museum`, `附近的博物馆`, `一家咖啡馆`).
fn only_a_place_named(clause: &str) -> bool {
    const NOT_A_NAME_EN: Words = words![
        "a", "an", "the", "any", "some", "find", "me", "i", "need", "want", "nearest", "closest",
        "nearby", "local", "good", "best",
    ];
    const NOT_A_NAME_ZH: &str = "找哪附近最有要想去这那个一的我";
    let listed = lexicon::find_all(clause, lexicon::CATEGORIES)
        .last()
        .filter(|c| clause[c.end..].trim().is_empty())
        .map(|c| c.start);
    let Some(kind_at) = listed.or_else(|| {
        ['馆', '院', '宫']
            .iter()
            .find_map(|e| clause.strip_suffix(*e))
            .filter(|name| name.chars().count() >= 2)
            .map(str::len)
    }) else {
        return false;
    };
    let name = clause[..kind_at].trim();
    !clause.contains(',')
        && !name.is_empty()
        && name
            .split(' ')
            .all(|w| !NOT_A_NAME_EN.contains(w) && !w.contains(|ch| NOT_A_NAME_ZH.contains(ch)))
}

/// `帮我买副手套，骑车手冻得不行`, `买个头盔，天天骑车上班`, `最近的充电桩在哪，我这车快没电了`:
/// after a purchase or a search, a clause that names riding or a vehicle with no code, scan or
/// word of unlocking and asks nothing is the reason for it, not a bike to unlock.
fn reason_for_the_thing(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    kind == IntentKind::BikeUnlock
        && groups
            .last()
            .is_some_and(|g| matches!(g.kind, IntentKind::ProductBuy | IntentKind::PlaceFind))
        && !unlocks(clause)
        && !asks(clause)
        && !clause.contains('帮')
}

/// `find a bakery that's open? I need croissants`, `附近有药店吗，我需要创可贴`: after a search, the
/// wearer's need said with no verb of buying or ordering is what the place is sought for, no
/// purchase of its own (`…, and buy me some croissants` is one); after a stock question
/// (`Does Uniqlo have leggings, I need for under the kurta`) it is what the thing is for.
fn needed_from_the_place(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    // `Need a toothbrush`, `需要创可贴`: the need said without its subject too.
    const NEED: Words = words![
        "i need",
        "we need",
        "i'll need",
        "need ",
        "我需要",
        "需要",
        "我得买",
        "我缺",
    ];
    const GETTING: Words = words![
        "buy", "order", "get me", "grab me", "帮我", "给我", "下单", "purchase",
    ];
    // `盒马有没有火锅底料卖，我要整一包`, `does Watsons have tiger balm, I want two`: after a
    // stock question, a count the wearer wants of it is why they ask.
    let stocked = groups
        .last()
        .is_some_and(|g| g.kind == IntentKind::ProductStock);
    let count_wanted = stocked
        && words!["我要", "我想要", "i want", "i'd like", "i'll need"]
            .iter()
            .any(|w| clause.trim_start().starts_with(w))
        && refers_back(clause);
    matches!(kind, IntentKind::ProductBuy | IntentKind::FoodOrder)
        && groups
            .last()
            .is_some_and(|g| matches!(g.kind, IntentKind::PlaceFind | IntentKind::ProductStock))
        && (NEED.iter().any(|w| clause.trim_start().starts_with(w)) || count_wanted)
        && !GETTING
            .iter()
            .any(|w| lexicon::occurrences(clause, w).next().is_some())
}

/// `楼外楼好吃吗，贵不贵`: whether it is dear, asked after a question about a place and naming no
/// good, is more about the place.
fn more_about_the_place(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    kind == IntentKind::ProductCompare
        && groups
            .last()
            .is_some_and(|g| g.kind == IntentKind::PlaceInfo)
        && super::triggers::asks_how_dear(clause)
        && products(clause).is_empty()
}

/// `I don't want to take a taxi, just asking how much it usually costs`, `今天不打车，就问问要多少
/// 钱`: a price asked of nothing named or pointed at, after a ride was spoken of, is that ride's
/// fare (out of scope), not a comparison.
fn fare_of_a_ride_said(before: &str, kind: IntentKind, clause: &str) -> bool {
    kind == IntentKind::ProductCompare
        && products(clause).is_empty()
        && !words!["this", "that", "these", "这", "那"]
            .iter()
            .any(|w| lexicon::occurrences(clause, w).next().is_some())
        && RIDES
            .iter()
            .chain(words!["打车", "滴滴"])
            .any(|w| lexicon::occurrences(before, w).next().is_some())
}

/// `出差要用，买个转换插头`, `去上海开会要穿`, `need it for the flight, buy me a neck pillow`: a
/// clause that ends in a word of use (`要用`, `穿的`) or opens by saying what a thing is needed
/// for, and neither gets anything nor asks, is the reason for a thing, not a trip or a ride.
fn says_what_it_is_for(clause: &str) -> bool {
    let said = clause.trim_end_matches(['的', '啊', '呀', '吧', '呢', '嘛', ' ']);
    // `这座塔是干什么用的`: a question of what a thing is for asks about it.
    let asked = words!["什么", "干嘛", "怎么", "吗", "?"]
        .iter()
        .any(|w| clause.contains(w));
    let zh = !asked
        && words!["用", "穿", "戴", "要带"].iter().any(|w| {
            said.strip_suffix(w)
                .is_some_and(|head| !head.is_empty() && !head.ends_with(['不', '没', '有', '好']))
        });
    let en = {
        let opened = words!["i'll ", "i ", "we ", "gonna ", "i'm gonna "]
            .iter()
            .find_map(|w| said.strip_prefix(w))
            .unwrap_or(said);
        words![
            "need it for ",
            "need them for ",
            "need one for ",
            "need these for ",
            "it's for ",
            "they're for ",
            "this is for ",
            // `I want to show it to the taxi driver`: whom it is for.
            "want to show ",
            "would like to show ",
            "need to show ",
        ]
        .iter()
        .any(|w| opened.starts_with(w))
    };
    let gets = classify(clause)
        .is_some_and(|(kind, _)| matches!(kind, IntentKind::ProductBuy | IntentKind::FoodOrder));
    (zh && !asks(clause) && !gets && !clause.contains('买'))
        || (en
            && !words!["buy", "order", "get", "grab", "pick"]
                .iter()
                .any(|w| lexicon::occurrences(clause, w).next().is_some()))
}

/// Trip words that also start the names of things bought (`travel adapter`, `旅行箱`).
const TRIP_WORDS: Words = words!["travel", "旅行", "旅游", "出差"];

/// `…, and a travel adapter`: after a purchase, a clause read as a trip only for a trip word
/// that a thing's name goes on from (a word, not `to`), naming no city, day or going, is
/// another thing bought.
fn trip_word_names_a_thing(groups: &[Group], kind: Option<IntentKind>, clause: &str) -> bool {
    let goes_on = TRIP_WORDS.iter().any(|w| {
        lexicon::occurrences(clause, w).any(|(_, end)| {
            let rest = clause[end..].trim_start();
            let next = rest.split([' ', ',']).next().unwrap_or("");
            if w.is_ascii() {
                !next.is_empty()
                    && next.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
                    && !words!["to", "plans", "plan", "itinerary", "in", "with", "for"]
                        .contains(next)
                    && rest.len() < clause.len() - end
            } else {
                rest.starts_with(|c: char| !c.is_ascii() && !"的了吗吧呢啊呀用计行安".contains(c))
            }
        })
    });
    kind == Some(IntentKind::TripPlan)
        && groups
            .last()
            .is_some_and(|g| g.kind == IntentKind::ProductBuy)
        && goes_on
        && lexicon::standalone_cities(clause).is_empty()
        && find_dates(clause, chrono::NaiveDate::default()).is_empty()
}

/// `叫个外卖，随便来个招牌菜`: asking for some more (`来个`, `要两份`) after a food order, with
/// no product named and no verb of buying, is more of the same order.
fn more_of_the_order(groups: &[Group], kind: IntentKind, clause: &str) -> bool {
    kind == IntentKind::ProductBuy
        && groups
            .last()
            .is_some_and(|g| g.kind == IntentKind::FoodOrder)
        && products(clause).is_empty()
        && !words!["买", "下单", "buy", "purchase"]
            .iter()
            .any(|w| lexicon::occurrences(clause, w).next().is_some())
}

/// `买点洗洁精和垃圾袋`: the thing after a shopping list's `和` (see [`a_shopping_list`]) is
/// another purchase.
fn listed_after_and(groups: &[Group], before: &str, clause: &str) -> bool {
    let before = before.trim_end();
    // `a power bank and a USB-C cable`, `…还有一盒牙线`: a thing with its own count or article
    // after a joining word is bought too.
    let counted = words!["and", "plus", "还有"]
        .iter()
        .any(|w| before.ends_with(w))
        && listing::counted_thing(clause);
    groups
        .last()
        .is_some_and(|g| g.kind == IntentKind::ProductBuy)
        && (before.ends_with('和') || counted)
}

/// A clause with no cue of its own that names another product after a purchase is a
/// purchase too.
fn another_item(groups: &[Group], clause: &str) -> Option<(IntentKind, u32)> {
    let last = groups.last()?;
    (is_new_item(last, clause) && !ran_out(clause)).then_some((IntentKind::ProductBuy, 0))
}

/// `帮我弄两箱矿泉水，屋里水喝完了`, `给老伴买两盒降压药，她的药快吃完了`, `buy two power banks, I
/// keep running out of battery`: a clause that says something ran out, with no verb of buying of
/// its own, is why the thing before it is bought, not another purchase.
fn ran_out(clause: &str) -> bool {
    words![
        "完了",
        "没了",
        "冇了",
        "见底了",
        "用光了",
        "ran out",
        "run out",
        "running out"
    ]
    .iter()
    .any(|w| clause.contains(w))
        && bought_in(clause).is_none()
}

fn append(groups: &mut [Group], clause: &str) {
    if let Some(last) = groups.last_mut() {
        last.text.push_str(" , ");
        last.text.push_str(clause);
    }
}

/// Phrases meaning "before the trip starts" in a purchase: the delivery must arrive the day
/// before departure.
const BEFORE_TRIP: Words = words![
    "出发前",
    "出发之前",
    "走之前",
    "走前",
    "出发以前",
    "旅行前",
    "before i leave",
    "before i go",
    "before the trip",
    "before my trip",
    "before departure",
    "before we leave",
    "before leaving",
];

/// Words with which a speaker takes back what they just said (`…, no wait, …`, `…，不对，…`).
const CORRECTIONS: Words = words![
    "no wait",
    "no, wait",
    "actually no",
    "i mean",
    "scratch that",
    "不对",
    "说错了",
    "我是说",
];

/// Verb phrases that replace what was just asked for (`…, no, make it green curry`, `…，算了，改成
/// 酸菜鱼`): said after a break, what follows is the new value, and the phrase is no part of it.
const REPLACING: Words = words![
    "make it",
    "make that",
    "change it to",
    "change that to",
    "改成",
    "换成",
];
/// Words that may stand between the break and a replacing phrase (`actually make it a pharmacy`).
const REPLACING_AFTER: Words = words!["actually", "no", "wait", "instead"];
/// What `make it` says of a guide's manner (`make it quick`): no new value.
const MANNER: Words = words!["quick", "short", "brief", "snappy", "long", "detailed"];

/// Where the new value starts after a replacing phrase said after a break, if one is.
fn replaced_from(text: &str) -> Option<usize> {
    REPLACING
        .iter()
        .flat_map(|w| text.match_indices(w).map(move |(at, _)| (at, at + w.len())))
        .filter(|&(at, end)| {
            let before = text[..at].trim_end();
            let after = text[end..].trim_start();
            let broken = before.ends_with(',')
                || REPLACING_AFTER.iter().any(|w| {
                    before
                        .strip_suffix(w)
                        .is_some_and(|r| r.is_empty() || r.ends_with([' ', ',']))
                });
            let word_ends = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_ascii_alphanumeric());
            !before.is_empty()
                && broken
                && word_ends
                && !after.is_empty()
                && !MANNER.iter().any(|m| after.starts_with(m))
        })
        .map(|(_, end)| end)
        .max()
}

/// What counts of a normalised utterance: everything after the last correction, if any (a word
/// of taking back, or a replacing phrase after a break).
fn after_correction(text: &str) -> &str {
    CORRECTIONS
        .iter()
        .filter_map(|w| text.rfind(w).map(|at| at + w.len()))
        .chain(replaced_from(text))
        .max()
        .map_or(text, |from| &text[from..])
}

/// Each clause of an utterance (after corrections and take-backs) with why the gate holds it
/// back, if it does (`gate::held`): what the corpus measures the gate with.
pub fn told_clauses(utterance: &str) -> Vec<(String, Option<Held>)> {
    let normalized = normalize(utterance);
    let text = after_take_back(after_correction(&normalized));
    clauses(text)
        .into_iter()
        .map(|(s, e)| {
            let clause = text[s..e].trim();
            (clause.to_string(), held(clause))
        })
        .collect()
}

/// Kinds of place that `the` points at when a place is in view.
const PLACE_WORDS: Words = words!["shop", "store", "restaurant", "cafe", "bar", "place"];

/// `does the shop have snow boots`, `what time does the restaurant close` with a place in view:
/// `the` + a kind of place is that place, as `this shop` is (a recogniser often hears `the`
/// for `this`); with none in view the words are left as said.
fn the_place_in_view(text: String, ctx: &AskContext) -> String {
    if ctx.in_view.place.is_none() {
        return text;
    }
    let text = shop_pointed_at(&text);
    PLACE_WORDS.iter().fold(text, |text, word| {
        let said = format!("the {word}");
        let spans: Vec<(usize, usize)> = lexicon::occurrences(&text, &said).collect();
        let mut out = text.clone();
        for (start, _) in spans.into_iter().rev() {
            out.replace_range(start..start + "the".len(), "this");
        }
        out
    })
}

/// `那个火锅店现在还开着没有`, `这家面馆几点关门`, `那家馆子` with a place in view: a shop pointed
/// at (`这个`, `那个`, `这家`, `那家`, `这间`, `那间`) by its kind (up to four characters, then `店` or `馆`) is
/// that place, said `这家店`.
fn shop_pointed_at(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = words!["这个", "那个", "这家", "那家", "这间", "那间"]
        .iter()
        .filter_map(|w| rest.find(w).map(|at| (at, w.len())))
        .min()
    {
        let (at, len) = at;
        let after = &rest[at + len..];
        let kind = after
            .char_indices()
            .take(5)
            .take_while(|(_, c)| !c.is_ascii() && !"的是在有还也".contains(*c))
            .find(|(_, c)| "店馆".contains(*c))
            .map(|(i, c)| i + c.len_utf8());
        out.push_str(&rest[..at]);
        match kind {
            Some(end) => {
                out.push_str("这家店");
                // `那家馆子`: the `子` a shop's word may end with.
                rest = after[end..].strip_prefix('子').unwrap_or(&after[end..]);
            }
            None => {
                out.push_str(&rest[at..at + len]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses an utterance against a context with the rules alone (see [`parse_with`]).
pub fn parse(utterance: &str, ctx: &AskContext) -> Parsed {
    parse_with(utterance, ctx, None)
}

/// How much the classifier's best label must beat its runner-up by to overrule the rules (the
/// perceptron's scores count feature votes over its passes; a tie is a margin of 0 and decides
/// nothing). Chosen on r28 to r31, each left out of training in turn, before the parts that
/// measured it were read (docs/intents.md, "The learned kind classifier, shipped").
const SURE_MARGIN: f32 = 5.0;

/// Where the rules found one request, the learned classifier decides its kind when sure of
/// it, and may find that nothing was asked (a told clause, an opinion, a refusal the rules read
/// as a request). Where the rules found several and the classifier is sure the utterance asks
/// for one thing of a kind among them (`find a cafe open near here, the crew needs coffee`:
/// no purchase), only the requests of that kind are kept, and those said as what comes next
/// ([`said_next`]: `讲完领我走过去`; several of one kind are then merged as the rules' are); where it is sure of several, another request may be found in one clause
/// ([`other_request`]). Where the rules found none and it is sure of one request of a kind
/// (`I want to fly back to Leeds on the 20th`, `屈臣氏，有防晒霜吗`), that request is read
/// from `unread`: the utterance as cleaned, given only when nothing in it was taken back (`…，
/// 算了` asks for nothing, whatever the classifier makes of the words before it).
fn with_learned_kind(
    mut groups: Vec<Group>,
    said: &str,
    unread: Option<&str>,
    ctx: &AskContext,
    kinds: &KindModel,
) -> Vec<Group> {
    let judged = kinds.judge(said, &ctx.in_view);
    if judged.margin <= SURE_MARGIN {
        return groups;
    }
    match judged.label {
        Label::Kind(kind) if groups.is_empty() => unread
            .map(|text| Group {
                kind,
                text: text.to_string(),
            })
            .into_iter()
            .collect(),
        Label::Nothing if groups.len() == 1 => Vec::new(),
        Label::Kind(kind) if groups.len() == 1 => {
            groups[0].kind = kind;
            groups
        }
        Label::Kind(kind) if groups.iter().any(|g| g.kind == kind) => {
            groups.retain(|g| g.kind == kind || said_next(said, &g.text));
            groups
        }
        Label::Several if groups.len() == 1 => {
            let read = groups.remove(0);
            match unread.and_then(|t| other_request(&read, t, ctx, kinds)) {
                Some((read, other, first)) if first => vec![other, read],
                Some((read, other, _)) => vec![read, other],
                None => vec![read],
            }
        }
        _ => groups,
    }
}

/// `sing me a song`, `tell me a joke`, `讲个笑话`: asked to entertain, which no request of the
/// product answers; the classifier may not read one from it.
fn entertains(text: &str) -> bool {
    let said = text.trim_start();
    said.starts_with("sing ")
        || words![
            "tell me a joke",
            "tell me a story",
            "tell us a joke",
            "唱首歌",
            "唱个歌",
            "讲个笑话",
            "讲个故事",
            "说个笑话"
        ]
        .iter()
        .any(|w| said.contains(w))
}

/// Words that say a clause asks for what comes next (`路上给我瞅瞅…`, `then show me which
/// bus…`), later (`等下先打车…`), or if the first thing is not there (`没有就点份炸鸡…`, `if not,
/// …`); not `now` nor `完了`, which also open a told clause (`完了完了，…`); a deed done first is
/// read by [`after_a_deed`].
const NEXT_OPENERS: Words = words![
    "然后",
    "路上",
    "等下",
    "等会",
    "待会",
    "一会儿",
    "回头",
    "没有就",
    "没有的话",
    "没得就",
    "冇得就",
    "要是没有",
    "不然",
    "then ",
    "and then ",
    "afterwards",
    "later",
    "on the way",
    "otherwise",
    "if not",
    "if there isn't",
    "if they don't",
    "or else",
];

/// Words that ask the assistant for something (`给我导到东站`, `再点份盖浇饭`, `show me`).
const ASKED_OF_THE_ASSISTANT: Words = words![
    "帮", "给我", "给俺", "给咱", "带我", "带俺", "领我", "导", "点", "叫", "订", "送", " me ",
    " us ",
];

/// Whether a clause opens with a deed done (`讲完领我走过去`, `吃完给我导到东站`: a verb and
/// `完`; `after lunch, take me …`), or says `再` (again, next) among its first words
/// (`中饭再点份盖浇饭`), and asks the assistant for something ([`ASKED_OF_THE_ASSISTANT`]; not
/// `买完东西再去酒店`, `after lunch I'll buy souvenirs myself`).
fn after_a_deed(text: &str) -> bool {
    let first: Vec<char> = text.chars().take(4).collect();
    let done = matches!(first.as_slice(), [verb, '完', ..] if *verb != '完' && !verb.is_ascii());
    let again = first.iter().take(3).any(|&c| c == '再');
    let spaced = format!(" {text} ");
    (done || again || text.starts_with("after "))
        && ASKED_OF_THE_ASSISTANT.iter().any(|w| spaced.contains(w))
}

/// Whether the clause `text` of `said` (the utterance as cleaned) asks for something next:
/// opened by one of [`NEXT_OPENERS`] or a deed done ([`after_a_deed`]), or said right after
/// `then`.
fn said_next(said: &str, text: &str) -> bool {
    let text = text.trim();
    let opened = NEXT_OPENERS.iter().any(|w| text.starts_with(w)) || after_a_deed(text);
    let after_then = said.find(text).is_some_and(|at| {
        let before = said[..at].trim_end_matches([' ', ',', '.', '?', '!']);
        before.ends_with("然后")
            || before
                .strip_suffix("then")
                .is_some_and(|b| !b.ends_with(|c: char| c.is_ascii_alphabetic()))
    });
    opened || after_then
}

/// `周日去绍兴，顺便帮我下单两瓶老酒`, `…，讲完导航去河坊街`: where the classifier is sure the
/// utterance asks for several things and the rules read one (`read`), the first clause of `text`
/// it is sure asks for one thing of another kind, judged alone, is that other request. Returns
/// the request read without that clause, the other one, and whether the other was said first.
fn other_request(
    read: &Group,
    text: &str,
    ctx: &AskContext,
    kinds: &KindModel,
) -> Option<(Group, Group, bool)> {
    let (at, clause, kind) = clauses(text).into_iter().find_map(|(start, end)| {
        let clause = text[start..end].trim();
        let judged = kinds.judge(clause, &ctx.in_view);
        match judged.label {
            Label::Kind(kind) if kind != read.kind && judged.margin > SURE_MARGIN => {
                Some((start, clause, kind))
            }
            _ => None,
        }
    })?;
    // Its words are the other request's, not the read one's (`周日` is no delivery day).
    let rest: Vec<&str> = read
        .text
        .split(" , ")
        .filter(|c| c.trim() != clause)
        .collect();
    let read_at = text.find(rest.first()?.trim())?;
    Some((
        Group {
            kind: read.kind,
            text: rest.join(" , "),
        },
        Group {
            kind,
            text: clause.to_string(),
        },
        at < read_at,
    ))
}

/// The requests of an utterance as the rules read them (with the learned classifier's
/// judgement of their kinds, where `kinds` is given): each with its slots as the rules'
/// extractors fill them from its clause, and that clause.
pub(crate) struct Requests {
    /// The utterance as cleaned (normalised, corrections and take-backs applied).
    pub text: String,
    /// Each request and the clause text its slots were read from.
    pub read: Vec<(Intent, String)>,
}

/// Reads the requests of an utterance (see [`Requests`]): what [`parse_with`] starts from, and
/// what the value chooser learns from (`kinds::value_train`).
pub(crate) fn requests(utterance: &str, ctx: &AskContext, kinds: Option<&KindModel>) -> Requests {
    let plain = normalize(utterance);
    let normalized = the_place_in_view(plain.clone(), ctx);
    let corrected = after_correction(&normalized);
    // `…，算了`, `never mind`: what was said before is taken back.
    let text = after_take_back(corrected).to_string();
    let today = ctx.today();
    // `Which is better for a weekend, Hangzhou or Suzhou?`: an opinion asked, over all clauses;
    // `要不要去成都啊，纠结`: a choice still weighed.
    let weighed = super::gate::weighs_two_cities(&text) || super::gate::still_weighed(&text);
    let mut groups = if weighed {
        Vec::new()
    } else {
        one_trip(group_clauses(&text))
    };
    let nothing_held = !weighed
        && clauses(&text)
            .iter()
            .all(|(s, e)| held(&text[*s..*e]).is_none());
    // `…, no wait, make it fried chicken, to my place`: after a replacing phrase only the new
    // value is said, whatever it opens with.
    let value_replaced = replaced_from(&normalized) == Some(normalized.len() - corrected.len());
    if (groups.is_empty() || (groups.len() == 1 && (value_replaced || names_only_a_thing(&text))))
        && text.len() == corrected.len()
        && text.len() < normalized.len()
        && nothing_held
    {
        // `…, no wait, a screen protector`, `…，不对，是沐浴露`: a correction that names only the
        // new thing (or a value after `make it`, `改成`) keeps the request made before it
        // (`Order a pepperoni pizza, no wait, a margherita pizza to my place` still orders,
        // though a pizza alone is a search).
        // `How do I get to the Bund, no wait, I'm in Hangzhou, I mean West Lake`: what is
        // corrected is the request said before the first break, not what came between.
        let said = normalized.len() - text.len();
        let first_break = CORRECTIONS
            .iter()
            .filter_map(|w| normalized.find(w))
            .min()
            .map_or(said, |at| at.min(said));
        let before = &normalized[..first_break];
        if let Some(kind) = group_clauses(before).last().map(|g| g.kind) {
            // `order a chicken wrap, actually make that a beef burrito`: `order` is said of
            // goods and of food alike, so the new value decides, as a first mention's does.
            let kind = if kind == IntentKind::ProductBuy
                && words!["order", "grab me", "get me", "grab us", "get us"]
                    .iter()
                    .any(|w| lexicon::occurrences(before, w).next().is_some())
                && (super::dishes::cuisine_of(&text).is_some()
                    || !lexicon::find_all(&text, lexicon::FOODS).is_empty())
            {
                IntentKind::FoodOrder
            } else {
                kind
            };
            groups = vec![Group {
                kind,
                text: text.clone(),
            }];
        }
    }
    if groups.is_empty()
        && nothing_held
        && let Some(kind) = asked_of_what_is_in_view(&text, ctx)
    {
        groups.push(Group {
            kind,
            text: text.clone(),
        });
    }
    let groups: Vec<Group> = cups_with_a_meal(dishes_delivered(scan_for_the_product(groups)))
        .into_iter()
        .map(|g| by_what_is_in_view(g, ctx))
        .collect();
    // What the classifier may read a request of its own from: the utterance as cleaned, unless
    // something in it was taken back.
    let whole = (text.len() == corrected.len() && !text.trim().is_empty() && !entertains(&text))
        .then_some(&*text);
    // A kind the classifier chose is read against what is in view as the rules' are.
    let groups: Vec<Group> = match kinds {
        Some(kinds) => with_learned_kind(groups, &plain, whole, ctx, kinds)
            .into_iter()
            .map(|g| by_what_is_in_view(g, ctx))
            .collect(),
        None => groups,
    };
    let read = merge_same_kind(groups)
        .into_iter()
        .map(|group| {
            let dates: Vec<DateMatch> = find_dates(&group.text, today);
            let mut intent = Intent::new(group.kind);
            fill_slots(&mut intent, &group.text, &dates);
            (intent, group.text)
        })
        .filter(|(intent, text)| !remarks_on_the_city_one_is_in(intent, text, ctx))
        .collect();
    Requests { text, read }
}

/// Words of a journey or of planning one (`去`, `玩`, `trip`, `安排`): a city named with none of
/// them, and nothing else of a trip, is spoken of.
const JOURNEY: Words = words![
    "去",
    "到",
    "来",
    "玩",
    "住",
    "待",
    "呆",
    "逛",
    "旅游",
    "旅行",
    "行程",
    "攻略",
    "安排",
    "规划",
    "计划",
    "trip",
    "visit",
    "travel",
    "stay",
    "plan",
    "holiday",
    "weekend",
    "itinerary",
    "go",
    "going",
    "come",
    "coming",
    "tour",
    "游",
    "耍",
    "转",
    "打卡",
    "路线",
    "景点",
    "推荐",
    "citywalk",
    "see",
    "to do",
    "explore",
    "sightseeing",
    "spots",
    "gems",
    "must",
];

/// `杭州人咋吃得这么甜`, `杭州冷得很`, `杭州的丝巾蛮出名`: the city the wearer is in, named with
/// no word of a journey ([`JOURNEY`]) and nothing else of a trip (no date, stay, party or
/// budget), is a remark about where they are, no trip there.
fn remarks_on_the_city_one_is_in(intent: &Intent, text: &str, ctx: &AskContext) -> bool {
    let here = ctx.city.as_deref().is_some_and(|city| {
        intent
            .text("destination")
            .is_some_and(|d| d.eq_ignore_ascii_case(city))
    });
    intent.kind == IntentKind::TripPlan
        && here
        && [
            "depart_date",
            "return_date",
            "nights",
            "travelers",
            "budget",
        ]
        .iter()
        .all(|slot| intent.get(slot).is_none())
        && !JOURNEY
            .iter()
            .any(|w| lexicon::occurrences(text, w).next().is_some())
}

/// Parses an utterance against a context: the rules, and where `kinds` is given, the learned
/// classifier's judgement of what the rules found ([`with_learned_kind`]) and the learned
/// value chooser's of their text slots ([`values::choose`]).
pub fn parse_with(utterance: &str, ctx: &AskContext, kinds: Option<&KindModel>) -> Parsed {
    let Requests { text, read } = requests(utterance, ctx, kinds);
    let mut intents: Vec<Intent> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for (mut intent, clause) in read {
        if let Some(model) = kinds {
            values::choose(model, &mut intent, &clause, &ctx.in_view);
        }
        // `这款鞋还有现货吗` looking at a pair: a thing pointed at and named is the one in view.
        if matches!(
            intent.kind,
            IntentKind::ProductBuy | IntentKind::ProductCompare | IntentKind::ProductStock
        ) && ctx.in_view.product.is_some()
            && pointer_names_a_thing(&clause).is_some()
        {
            intent.slots.remove("item");
        }
        // `同样的鞋网上多少钱` looking at a pair: the same thing is the one in view; so is one
        // named by a word of its own name (`拿铁在这里多少钱` looking at a 星巴克拿铁).
        if intent.kind == IntentKind::ProductCompare
            && let Some(product) = &ctx.in_view.product
            && (THE_SAME.iter().any(|w| clause.contains(w))
                || intent
                    .text("item")
                    .zip(product.name.as_deref())
                    .is_some_and(|(item, name)| names_the_product(item, name)))
        {
            intent.slots.remove("item");
        }
        intents.push(intent);
        texts.push(clause);
    }
    link_delivery_to_departure(&mut intents, &text);
    ride_the_unlocked_bike(&mut intents);
    guide_the_landmark_named(&mut intents, &texts);
    for intent in intents
        .iter_mut()
        .filter(|i| i.kind == IntentKind::SignTranslate)
    {
        let asked_in = match language_of(utterance) {
            Language::Zh => "zh",
            Language::En => "en",
        };
        intent.fill("language", SlotValue::Text(asked_in.to_string()));
    }
    for intent in &mut intents {
        apply_defaults(intent, ctx);
    }
    let suggestions = if intents.is_empty() {
        suggestions(&text)
    } else {
        Vec::new()
    };
    Parsed {
        intents,
        suggestions,
    }
}

/// `a margherita pizza to my place`, `两份炒饭`: words after a correction that open with an
/// article or a count, no verb of their own: only the new thing is named.
fn names_only_a_thing(text: &str) -> bool {
    let text = text.trim_start_matches([',', ' ']);
    words!["a ", "an ", "one ", "some "]
        .iter()
        .any(|w| text.starts_with(w))
        || super::numbers::find_numbers(text)
            .first()
            .is_some_and(|n| n.start == 0)
}

/// Whether `item` (as read: a listed thing's canonical name, or the words said) names the
/// product called `name`: said inside its name, or the same listed thing.
fn names_the_product(item: &str, name: &str) -> bool {
    let name = normalize(name);
    name.contains(item)
        || lexicon::find_all(&name, lexicon::PRODUCTS)
            .iter()
            .any(|m| m.canonical == item)
}

/// Words for "there": where was just spoken of.
const THERE: Words = words!["过去", "there", "那里", "那儿", "去那"];

/// `先带我去断桥，再讲讲它的故事`: a guide to "it" with nothing named is about the landmark
/// named earlier in the same request.
fn guide_the_landmark_named(intents: &mut [Intent], texts: &[String]) {
    let mut named: Option<String> = None;
    for (intent, text) in intents.iter_mut().zip(texts) {
        // `先讲讲三潭印月，然后带我走过去`, `…, then walk me over there`: the way "there" after
        // a landmark was named goes to it.
        if intent.kind == IntentKind::Navigate
            && let Some(name) = &named
            && THERE
                .iter()
                .any(|w| lexicon::occurrences(text, w).next().is_some())
            && lexicon::find_all(text, lexicon::LANDMARKS).is_empty()
        {
            intent.slots.remove("destination");
            intent.fill("destination", SlotValue::Text(name.clone()));
        }
        if intent.kind == IntentKind::LandmarkGuide
            && intent.get("name").is_none()
            && let Some(name) = &named
        {
            intent.fill("name", SlotValue::Text(name.clone()));
        }
        let said = words!["destination", "name", "near"]
            .iter()
            .find_map(|slot| intent.text(slot))
            .filter(|n| {
                lexicon::LANDMARKS
                    .iter()
                    .any(|(canonical, _)| canonical == n)
            });
        if let Some(name) = said {
            named = Some(name.to_string());
        }
    }
}

/// `Unlock this bike and ride me to Xixi Wetland`: a route asked for after unlocking a bike,
/// with no way of going said, is ridden on that bike.
fn ride_the_unlocked_bike(intents: &mut [Intent]) {
    let Some(unlocked) = intents
        .iter()
        .position(|i| i.kind == IntentKind::BikeUnlock)
    else {
        return;
    };
    for intent in intents.iter_mut().skip(unlocked + 1) {
        if intent.kind == IntentKind::Navigate && intent.get("mode").is_none() {
            intent.fill("mode", SlotValue::Text("bike".to_string()));
        }
    }
}

/// "boots before I leave": a purchase with no delivery date in a request that also plans a
/// trip must arrive the day before departure.
fn link_delivery_to_departure(intents: &mut [Intent], text: &str) {
    let departure = intents.iter().find_map(|i| match i.get("depart_date") {
        Some(SlotValue::Date(d)) if i.kind == IntentKind::TripPlan => Some(*d),
        _ => None,
    });
    let Some(departure) = departure else { return };
    let said_before = BEFORE_TRIP.iter().any(|p| text.contains(p));
    for intent in intents.iter_mut() {
        if intent.kind == IntentKind::ProductBuy
            && intent.get("deliver_by").is_none()
            && said_before
            && let Some(day_before) = departure.pred_opt()
        {
            intent.fill("deliver_by", SlotValue::Date(day_before));
        }
    }
}

/// Fills the slots the taxonomy defaults from context: the trip origin from the current
/// city, the product/shop/bike/landmark from what is in view, the size from preferences.
fn apply_defaults(intent: &mut Intent, ctx: &AskContext) {
    let view = &ctx.in_view;
    let text = |s: &str| SlotValue::Text(s.to_string());
    let place = view.place.as_ref().map(|p| text(&p.name));
    match intent.kind {
        IntentKind::TripPlan => {
            if let Some(city) = &ctx.city
                && intent.text("destination") != Some(city.as_str())
            {
                intent.fill("origin", text(city));
            }
        }
        IntentKind::ProductBuy => {
            if let Some(name) = view.product.as_ref().and_then(|p| p.name.as_deref()) {
                intent.fill("item", text(name));
            }
            let shoes = intent.text("item").is_some_and(|i| {
                words![
                    "boots",
                    "shoes",
                    "sneakers",
                    "boot",
                    "shoe",
                    "clogs",
                    "sandals",
                    "slippers",
                    "loafers",
                    "trainers",
                    "flip-flops",
                    "crocs"
                ]
                .iter()
                .any(|w| i.contains(w))
                    || i.contains('鞋')
                    || i.contains('靴')
            });
            if let (true, Some(size)) = (shoes, ctx.preferences.shoe_size) {
                intent.fill("size", SlotValue::Size(size));
            }
        }
        IntentKind::ProductCompare => {
            if intent.get("item").is_none()
                && let Some(code) = view.product.as_ref().and_then(|p| p.barcode.as_deref())
            {
                intent.fill("barcode", text(code));
            }
        }
        IntentKind::ProductStock => {
            if let Some(name) = view.product.as_ref().and_then(|p| p.name.as_deref()) {
                intent.fill("item", text(name));
            }
            if let Some(place) = place {
                intent.fill("store", place);
            }
        }
        IntentKind::PlaceInfo => {
            if let Some(place) = place {
                intent.fill("name", place);
            }
        }
        IntentKind::BikeUnlock => {
            if let Some(qr) = &view.bike_qr {
                intent.fill("bike_id", text(qr));
            }
        }
        IntentKind::LandmarkGuide => {
            if let Some(name) = &view.landmark {
                intent.fill("name", text(name));
            }
        }
        IntentKind::FoodOrder => {
            if let Some(place) = place {
                intent.fill("from", place);
            }
        }
        IntentKind::PlaceFind | IntentKind::Navigate | IntentKind::SignTranslate => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn kinds_of(text: &str) -> Vec<IntentKind> {
        parse(text, &ctx()).intents.iter().map(|i| i.kind).collect()
    }

    #[test]
    fn round_twenty_seven_kinds() {
        use IntentKind::*;
        assert_eq!(
            kinds_of("先打车去河坊街，再给我孙女买个风筝"),
            vec![Navigate, ProductBuy]
        );
        assert_eq!(kinds_of("帮我下单两根擀面杖，周六前送到"), vec![ProductBuy]);
        assert_eq!(kinds_of("客户要住一晚，附近有没有酒店"), vec![PlaceFind]);
        assert_eq!(kinds_of("帮我订下个月初去西双版纳的票"), vec![TripPlan]);
        assert_eq!(
            kinds_of("Drive me to Hangzhou Olympic Sports Center"),
            vec![Navigate]
        );
        assert_eq!(
            kinds_of("Taxi to Xiaoshan airport, hurry, my flight"),
            vec![Navigate]
        );
        assert_eq!(kinds_of("I want eat pho, where have"), vec![PlaceFind]);
    }

    /// A classifier trained on a few labelled lines.
    fn trained(lines: &[(&str, Label)]) -> KindModel {
        use super::super::kinds::train::{Example, train};
        let examples: Vec<Example> = lines
            .iter()
            .map(|(utterance, label)| Example {
                utterance: utterance.to_string(),
                in_view: Default::default(),
                label: *label,
                intents: Vec::new(),
                file: String::new(),
            })
            .collect();
        train(&examples)
    }

    #[test]
    fn a_request_the_rules_miss_is_the_classifiers_unless_taken_back() {
        // Trips said without a word the rules read as a request, and small talk.
        let trip = Label::Kind(IntentKind::TripPlan);
        let model = trained(&[
            ("i want to fly back to leeds on the 20th", trip),
            ("i want to fly back to paris on friday", trip),
            ("fly back to leeds next week", trip),
            ("nice weather today", Label::Nothing),
            ("the tea here is lovely", Label::Nothing),
        ]);
        let said = "I want to fly back to Leeds on the 20th";
        assert!(parse(said, &ctx()).intents.is_empty());
        let parsed = parse_with(said, &ctx(), Some(&model));
        let kinds: Vec<IntentKind> = parsed.intents.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [IntentKind::TripPlan]);
        assert_eq!(parsed.intents[0].text("destination"), Some("Leeds"));
        let taken_back = parse_with(&format!("{said}, never mind"), &ctx(), Some(&model));
        assert!(taken_back.intents.is_empty());
        let small_talk = parse_with("nice weather today", &ctx(), Some(&model));
        assert!(small_talk.intents.is_empty());
    }

    #[test]
    fn asked_to_entertain_is_no_request() {
        assert!(entertains("sing me a song"));
        assert!(entertains("给我讲个笑话"));
        assert!(!entertains("singapore noodles near me"));
    }

    #[test]
    fn a_clause_said_as_what_comes_next_is_a_request_of_its_own() {
        let said = "雷峰塔是什么说法 , 给我讲讲 , 讲完领我走过去";
        assert!(said_next(said, "讲完领我走过去"));
        assert!(!said_next(said, "给我讲讲"));
        let said = "where's the closest bus stop? then show me which bus gets to lingyin";
        assert!(said_next(said, "show me which bus gets to lingyin"));
        let said = "buy me wool socks , my feet are frozen in these boots";
        assert!(!said_next(said, "my feet are frozen in these boots"));
        assert!(!said_next("in athen show me", "show me"));
        for next in [
            "吃完给我导到杭州东站",
            "没有就点份炸鸡送宾馆",
            "等下先打车去杭州东站",
            "中饭再点份盖浇饭",
            "if not, get me a taxi",
        ] {
            assert!(said_next(next, next), "{next}");
        }
        for told in ["完了完了", "我吃了饭", "now take me home"] {
            assert!(!said_next(told, told), "{told}");
        }
    }

    #[test]
    fn a_guide_asked_for_by_its_length_alone() {
        let length = |said: &str| {
            parse(said, &ctx())
                .intents
                .first()
                .and_then(|i| i.text("length").map(str::to_string))
        };
        assert_eq!(length("讲讲岳王庙，短的就行").as_deref(), Some("short"));
        assert_eq!(
            length("给我讲讲雷峰塔，老长的也行").as_deref(),
            Some("long")
        );
        assert_eq!(
            length("Tell me about Leifeng Pagoda, a long explanation is fine").as_deref(),
            Some("long")
        );
    }

    #[test]
    fn a_route_after_unlocking_a_bike_is_ridden() {
        let parsed = parse("Unlock this bike and ride me to Xixi Wetland", &ctx());
        let kinds: Vec<IntentKind> = parsed.intents.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, [IntentKind::BikeUnlock, IntentKind::Navigate]);
        assert_eq!(parsed.intents[1].text("mode"), Some("bike"));
        let walked = parse("Unlock this bike, then walk me to Xixi Wetland", &ctx());
        assert_eq!(walked.intents[1].text("mode"), Some("walk"));
    }

    #[test]
    fn a_clause_saying_what_a_thing_is_for_asks_for_nothing_of_its_own() {
        let buy = vec![IntentKind::ProductBuy];
        assert_eq!(kinds_of("出差要用，买个转换插头，五十块以内"), buy);
        assert_eq!(
            kinds_of("need it for the flight, buy me a neck pillow"),
            buy
        );
        assert_eq!(
            kinds_of("get three boxes of chocolate for the night team"),
            buy
        );
        // A question of what a thing is for still asks about it.
        assert_eq!(
            kinds_of("这座塔是干什么用的"),
            vec![IntentKind::LandmarkGuide]
        );
    }

    #[test]
    fn intensifiers_and_separable_words_are_read_as_plain_words() {
        assert_eq!(
            normalize("I could really go for some pho"),
            "i could go for some pho"
        );
        assert_eq!(normalize("羽绒服帮我比个价"), "羽绒服帮我比价");
        assert_eq!(normalize("帮我导个航"), "帮我导航");
        assert_eq!(normalize("I wanna eat ramen"), "i want to eat ramen");
        assert_eq!(
            normalize("Mi need sunscreen, buy mi a hat before mi leave to mi hotel"),
            "i need sunscreen, buy me a hat before i leave to my hotel"
        );
        assert_eq!(normalize("mi and mi mother"), "me and my mother");
        // Scots and Caribbean words said as the common ones, not inside names.
        assert_eq!(
            normalize("Order us dumplings fae Xidelong, sent tae ma hotel"),
            "order us dumplings from xidelong, sent to my hotel"
        );
        assert_eq!(
            normalize("take me to Tae Yang Korean BBQ"),
            "take me to tae yang korean bbq"
        );
        assert_eq!(
            normalize("Order mi chicken to di hospital"),
            "order me chicken to the hospital"
        );
        assert_eq!(
            normalize("take me to Di Shui Dong restaurant"),
            "take me to di shui dong restaurant"
        );
        assert_eq!(normalize("order ma po tofu"), "order ma po tofu");
        assert_eq!(
            normalize("I'm leavin' Friday, nothin' fancy. In' is"),
            "i'm leaving friday, nothing fancy. in' is"
        );
        assert_eq!(
            kinds_of("I'm starving, I wanna eat ramen"),
            vec![IntentKind::PlaceFind]
        );
        // `咋` and `啥` are `怎么` and `什么`, said loosely.
        assert_eq!(normalize("灵隐寺咋走"), "灵隐寺怎么走");
        // A closing `么` asks as `吗`; `什么`, `怎么` stay.
        assert_eq!(normalize("优衣库还有保暖内衣么"), "优衣库还有保暖内衣吗");
        assert_eq!(normalize("附近有五金店不?行不"), "附近有五金店吗?行不");
        assert_eq!(normalize("有没?"), "有没?");
        assert_eq!(normalize("这是什么"), "这是什么");
        // A thing wanted `so bad` is a craving.
        assert_eq!(
            normalize("man I want dumplings so bad"),
            "man i craving dumplings"
        );
        assert_eq!(normalize("I want to go so bad"), "i want to go so bad");
        assert_eq!(kinds_of("灵隐寺咋走"), vec![IntentKind::Navigate]);
        assert_eq!(
            kinds_of("帮我看看这个牌子上说的啥"),
            vec![IntentKind::SignTranslate]
        );
        assert_eq!(
            kinds_of("羽绒服帮我比个价"),
            vec![IntentKind::ProductCompare]
        );
    }

    #[test]
    fn a_means_said_after_a_route_is_its_mode_and_a_trip_word_in_a_name_is_bought() {
        let parsed = parse("去六和塔，骑车", &ctx());
        assert_eq!(parsed.intents.len(), 1, "{parsed:?}");
        assert_eq!(parsed.intents[0].kind, IntentKind::Navigate);
        assert_eq!(parsed.intents[0].text("mode"), Some("bike"));
        assert_eq!(
            kinds_of("buy a power bank and a travel adapter"),
            vec![IntentKind::ProductBuy, IntentKind::ProductBuy]
        );
        // A trip said after a purchase is still a trip.
        assert_eq!(
            kinds_of("buy a power bank and travel to Beijing next Friday"),
            vec![IntentKind::ProductBuy, IntentKind::TripPlan]
        );
    }

    #[test]
    fn a_hotel_sought_near_a_place_named_is_its_own_search_and_a_hotel_booked_is_the_trips() {
        assert_eq!(
            kinds_of("周日去南京，顺便帮我找一下新街口附近的酒店"),
            vec![IntentKind::TripPlan, IntentKind::PlaceFind]
        );
        assert_eq!(
            kinds_of("下周二到周四去深圳出差，订个离会展中心近的酒店"),
            vec![IntentKind::TripPlan]
        );
    }

    #[test]
    fn the_way_there_after_a_landmark_goes_to_it() {
        let parsed = parse("先给我讲讲三潭印月，然后带我走过去", &ctx());
        let kinds: Vec<_> = parsed.intents.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, vec![IntentKind::LandmarkGuide, IntentKind::Navigate]);
        assert_eq!(
            parsed.intents[1].text("destination"),
            parsed.intents[0].text("name")
        );
    }

    fn ctx() -> AskContext {
        let now = DateTime::parse_from_rfc3339("2026-11-26T10:00:00+08:00").unwrap();
        AskContext::at(now.with_timezone(&Utc))
    }

    #[test]
    fn the_city_one_is_in_spoken_of_is_no_trip_there() {
        let mut here = ctx();
        here.city = Some("Hangzhou".to_string());
        let kinds = |said: &str| -> Vec<IntentKind> {
            parse(said, &here).intents.iter().map(|i| i.kind).collect()
        };
        assert!(kinds("你说这杭州人咋吃得这么甜").is_empty());
        assert_eq!(
            kinds("帮我买件冲锋衣，杭州冷得很"),
            vec![IntentKind::ProductBuy]
        );
        for trip in ["周末在杭州玩两天", "plan a trip to Hangzhou", "去苏州"] {
            assert_eq!(kinds(trip), vec![IntentKind::TripPlan], "{trip}");
        }
    }

    #[test]
    fn the_shop_with_a_place_in_view_is_that_place_and_otherwise_a_kind_of_place() {
        let mut in_view = ctx();
        in_view.in_view.place = Some(crate::intent::ViewedPlace {
            id: None,
            name: "Decathlon".to_string(),
        });
        let parsed = parse("Does the shop have snow boots?", &in_view);
        assert_eq!(parsed.intents.len(), 1);
        assert_eq!(parsed.intents[0].kind, IntentKind::ProductStock);
        assert_eq!(parsed.intents[0].text("store"), Some("Decathlon"));
        assert_eq!(parsed.intents[0].text("item"), Some("snow boots"));
        let parsed = parse("what time does the restaurant close", &in_view);
        assert_eq!(parsed.intents[0].kind, IntentKind::PlaceInfo);
        assert_eq!(parsed.intents[0].text("name"), Some("Decathlon"));
        // With nothing in view the words are left as said.
        assert_eq!(
            the_place_in_view("does the shop have snow boots".to_string(), &ctx()),
            "does the shop have snow boots"
        );
    }

    #[test]
    fn a_replacing_phrase_after_a_break_corrects_what_was_asked() {
        let item = |text: &str| {
            let parsed = parse(text, &ctx());
            parsed.intents[0].text("item").map(str::to_string)
        };
        assert_eq!(
            item("order me sushi, no wait, make it ramen, from Ajisen").as_deref(),
            Some("ramen")
        );
        assert_eq!(
            item("order pad thai for me, no, make it green curry").as_deref(),
            Some("green curry")
        );
        assert_eq!(
            item("帮我点个黄焖鸡，算了，改成酸菜鱼").as_deref(),
            Some("酸菜鱼")
        );
        // `order` is said of goods and food alike: the new value decides.
        let parsed = parse(
            "order a chicken wrap, actually make that a beef burrito",
            &ctx(),
        );
        assert_eq!(parsed.intents[0].kind, IntentKind::FoodOrder);
        // How a guide is to be told is no new value.
        assert_eq!(
            after_correction("tell me about this temple, make it quick"),
            "tell me about this temple, make it quick"
        );
        assert_eq!(after_correction("make it quick"), "make it quick");
        // Round twenty-two: after `make it`, only a value is said, whatever it opens with.
        let parsed = parse(
            "Order me a burger, no wait, make it fried chicken, to my place",
            &ctx(),
        );
        assert_eq!(parsed.intents[0].kind, IntentKind::FoodOrder);
    }

    #[test]
    fn intent_round_twenty_two_a_place_asked_about_again_and_named_as_a_topic() {
        let in_view = |text: &str| {
            let mut ctx = ctx();
            ctx.in_view.place = Some(crate::intent::ViewedPlace {
                id: None,
                name: "外婆家".to_string(),
            });
            parse(text, &ctx)
                .intents
                .iter()
                .map(|i| i.kind)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            in_view("Is this place any good? Tell me about it"),
            vec![IntentKind::PlaceInfo]
        );
        assert_eq!(
            kinds_of("Take me to Leifeng Pagoda, tell me about it"),
            vec![IntentKind::Navigate, IntentKind::LandmarkGuide]
        );
        assert_eq!(
            kinds_of("Liangzhu Museum when does it close?"),
            vec![IntentKind::PlaceInfo]
        );
        assert_eq!(
            kinds_of("What time does Shanghai Museum open tomorrow?"),
            vec![IntentKind::PlaceInfo]
        );
    }

    #[test]
    fn the_issue_example_gives_two_intents() {
        let parsed = parse("帮我规划下周五去哈尔滨的行程，顺便买双42码的雪地靴", &ctx());
        let kinds: Vec<_> = parsed.intents.iter().map(|i| i.kind).collect();
        assert_eq!(kinds, vec![IntentKind::TripPlan, IntentKind::ProductBuy]);
        let trip = &parsed.intents[0];
        assert_eq!(trip.text("destination"), Some("Harbin"));
        assert_eq!(trip.text("origin"), Some("Hangzhou"));
        assert_eq!(
            trip.get("depart_date").map(SlotValue::to_json),
            Some(serde_json::json!("2026-12-04"))
        );
        let buy = &parsed.intents[1];
        assert_eq!(buy.text("item"), Some("snow boots"));
        assert_eq!(buy.get("size"), Some(&SlotValue::Size(42.0)));
    }

    #[test]
    fn two_requests_of_one_kind_said_with_besides_stay_two() {
        let kinds = |text: &str| -> Vec<IntentKind> {
            parse(text, &ctx()).intents.iter().map(|i| i.kind).collect()
        };
        let finds = vec![IntentKind::PlaceFind, IntentKind::PlaceFind];
        assert_eq!(kinds("我想吃火锅，顺便帮我找个药店"), finds);
        assert_eq!(kinds("find me a pharmacy, and also an atm"), finds);
        let parsed = parse("点一份酸辣粉，再来份锅贴", &ctx());
        let items: Vec<_> = parsed.intents.iter().map(|i| i.text("item")).collect();
        assert_eq!(items, vec![Some("酸辣粉"), Some("锅贴")]);
        // More of the same thing, or nothing new named, is one request.
        assert_eq!(kinds("点一份小笼包，再来两份"), vec![IntentKind::FoodOrder]);
        assert_eq!(kinds("点一份牛肉面，再加个蛋"), vec![IntentKind::FoodOrder]);
        let buys = vec![IntentKind::ProductBuy, IntentKind::ProductBuy];
        assert_eq!(kinds("买个加湿器，再来两包湿巾"), buys);
        assert_eq!(kinds("买双袜子，再来一双"), vec![IntentKind::ProductBuy]);
        assert_eq!(kinds("找个火锅店，要评价好的"), vec![IntentKind::PlaceFind]);
    }

    #[test]
    fn next_month_alone_is_the_departure() {
        let parsed = parse("help me plan a trip to kyoto next month", &ctx());
        assert_eq!(
            parsed.intents[0].get("depart_date").map(SlotValue::to_json),
            Some(serde_json::json!("2026-12-01")),
            "{parsed:?}"
        );
    }

    #[test]
    fn clauses_split_at_commas_and_connectives() {
        assert_eq!(clauses("a, b and c").len(), 3);
        assert_eq!(clauses("budget 5,000").len(), 1);
        assert_eq!(normalize("ＨＥＬＬＯ　￥５"), "hello ¥5");
    }

    #[test]
    fn nonsense_is_not_understood_and_gets_suggestions() {
        let parsed = parse("the weather is nice today", &ctx());
        assert!(parsed.intents.is_empty());
        assert!(!parsed.suggestions.is_empty());
    }

    #[test]
    fn intent_round_fifteen_clauses_join_and_tell_as_said() {
        use IntentKind::{Navigate, PlaceFind, ProductBuy};
        // Things with their own count after `and`/`还有` are bought each; a bare word goes on
        // with the first thing's name.
        assert_eq!(
            kinds_of("buy me a phone case and two charging cables"),
            vec![ProductBuy, ProductBuy]
        );
        assert_eq!(
            kinds_of("买点洗洁精，还有两卷保鲜膜"),
            vec![ProductBuy, ProductBuy]
        );
        let parsed = parse("grab some bread and butter for the kids", &ctx());
        assert_eq!(parsed.intents.len(), 1);
        assert_eq!(parsed.intents[0].text("item"), Some("bread and butter"));
        // A container word after a listed thing names a thing of its own; before `of` it holds.
        let item = |t: &str| parse(t, &ctx()).intents[0].text("item").map(str::to_string);
        assert_eq!(
            item("get me a new water bottle").as_deref(),
            Some("water bottle")
        );
        assert_eq!(item("buy a bottle of water").as_deref(), Some("water"));
        // Riding named as the reason for the thing unlocks nothing.
        assert_eq!(kinds_of("买双棉手套，每天骑车上学冻手"), vec![ProductBuy]);
        // The way asked after the place one goes to is one route there.
        assert_eq!(kinds_of("我得去省儿保医院，帮我指条路"), vec![Navigate]);
        assert_eq!(kinds_of("我要去医院，附近哪有"), vec![PlaceFind]);
        // What the wearer will do themselves after refusing help is told.
        assert!(kinds_of("不用帮我找了，我自己去药店问问").is_empty());
        // Someone of the wearer's own named first: their plan is told.
        assert!(kinds_of("我外孙下周要去深圳实习").is_empty());
        // Someone else's own plan lends no words to the wearer's request after it, unless
        // the request is made for them.
        let told_first = parse(
            "my manager is coming to Hangzhou, book a table for two",
            &ctx(),
        );
        assert_eq!(
            told_first.intents,
            parse("book a table for two", &ctx()).intents
        );
        assert_eq!(
            kinds_of("我爸下周六来杭州，帮他订个酒店住两晚"),
            vec![IntentKind::TripPlan]
        );
    }

    #[test]
    fn intent_round_seventeen_clauses_that_add_and_questions_of_what_is_in_view() {
        use IntentKind::{BikeUnlock, LandmarkGuide, Navigate, PlaceInfo, SignTranslate};
        // A clause that only adds to the request makes no request of its own.
        assert_eq!(
            kinds_of("讲讲雷峰塔吧，我们待会儿要爬上去"),
            vec![LandmarkGuide]
        );
        assert_eq!(kinds_of("打车去杭州东站，走最快的"), vec![Navigate]);
        assert_eq!(
            kinds_of("translate this sign please, I want to show it to the taxi driver"),
            vec![SignTranslate]
        );
        // Advice and a phrase to say ask for nothing.
        assert!(kinds_of("should I carry an umbrella tomorrow").is_empty());
        assert!(kinds_of("how do you say thank you in Chinese").is_empty());
        // What is in view says what a bare question or a scan asks.
        let mut view = ctx();
        view.in_view.place = Some(crate::intent::ViewedPlace {
            id: None,
            name: "知味观".to_string(),
        });
        let kinds = |t: &str, c: &AskContext| -> Vec<IntentKind> {
            parse(t, c).intents.iter().map(|i| i.kind).collect()
        };
        assert_eq!(kinds("What is this establishment?", &view), vec![PlaceInfo]);
        assert_eq!(
            kinds("What kind of restaurant is this, is it expensive?", &view),
            vec![PlaceInfo]
        );
        // A question naming another thing (a dish, a noise) is not about what is in view.
        assert!(kinds("what is this dish", &view).is_empty());
        assert!(kinds("这是什么菜", &view).is_empty());
        assert_eq!(kinds("这是啥", &view), vec![PlaceInfo]);
        assert_eq!(kinds("what is this place", &view), vec![PlaceInfo]);
        let mut bike = ctx();
        bike.in_view.bike_qr = Some("HZBIKE-31207".to_string());
        assert_eq!(kinds("扫这个，开了", &bike), vec![BikeUnlock]);
        assert!(kinds("今天好开心", &bike).is_empty());
    }
}
