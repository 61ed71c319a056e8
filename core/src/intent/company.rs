//! Travelers counted from the company the wearer names: the wearer plus whoever goes with them
//! (`我跟我妈` = 2, `和爸妈` = 3, `with my parents` = 3, `me and two friends` = 3, `带老婆孩子`
//! = 3). A companion word is read after a word that joins people (`和`, `跟`, `带`, `with`,
//! `me and`), so a relative who is only spoken of (`给我妈买`) is no traveler.

use super::lexicon::starts_with_word;
use super::numbers::{NumberMatch, find_numbers};
use super::words::{Words, words};

/// Words that join the wearer and the people who come along.
const JOINERS: Words = words![
    "带上",
    "带着",
    "和",
    "跟",
    "同",
    "带",
    "with",
    "me and",
    // `mi and mi mother`: the wearer's `me` in Caribbean and Pidgin speech.
    "mi and",
    // `for me, my husband and two kids`: the wearer listed first, by a comma.
    "me,",
    "me ,",
    "along with",
];

/// Words between companions (`爸妈和妹妹`, `my wife and kids`); a second joiner said after a
/// companion joins more of them (`跟老婆带小家伙` = 3).
const BETWEEN: Words = words![
    "还有", "和", "跟", "加", "带上", "带着", "带", "and", "&", ",", "、",
];

/// Words for two people at once.
const PAIRS: Words = words![
    "爸爸妈妈",
    "爹娘",
    "公婆",
    "岳父岳母",
    "爸妈",
    "父母",
    "爷爷奶奶",
    "外公外婆",
    "parents",
    "grandparents",
    "in-laws",
];

/// Words for one companion (a number before them counts several: `两个同事`, `three friends`).
const ONES: Words = words![
    // `我和老伴儿`, `跟老头子`: a spouse said fondly.
    "老伴儿",
    "老伴",
    // Family words of the dialects (`带伢子`, `跟俺堂客`, `和我老汉`): a child, a spouse, a
    // parent or an elder as said across China.
    "细伢子",
    "伢子",
    "伢崽",
    "伢",
    "崽崽",
    "崽",
    "娃儿",
    "娃子",
    "囡囡",
    "小囡",
    "堂客",
    "老倌",
    "婆娘",
    "老汉",
    "老妈",
    "老爸",
    "老娘",
    "老爹",
    "爹",
    "娘",
    "老人家",
    "老人",
    "长辈",
    "公公",
    "婆婆",
    "岳父",
    "岳母",
    "丈母娘",
    "老丈人",
    "阿婆",
    "阿公",
    "阿爸",
    "阿妈",
    "老头子",
    "老太婆",
    "老太太",
    "爱人",
    "室友",
    "舍友",
    "表哥",
    "表姐",
    "表弟",
    "表妹",
    "妈妈",
    "妈",
    "爸爸",
    "爸",
    "老婆",
    "老公",
    "媳妇",
    "女朋友",
    "男朋友",
    "对象",
    "朋友",
    "同事",
    "同学",
    "孩子",
    "小孩",
    "娃",
    "宝宝",
    "小家伙",
    "小朋友",
    "儿子",
    "女儿",
    "闺蜜",
    "哥哥",
    "姐姐",
    "弟弟",
    "妹妹",
    "奶奶",
    "爷爷",
    "外婆",
    "外公",
    // `me and the missus`, `with the other half`: a spouse in British and Irish speech.
    "missus",
    "missis",
    "hubby",
    "wifey",
    "other half",
    "better half",
    // `跟闺女、女婿`, `跟两个伙计`: in-laws, and a mate at work or on the road.
    "女婿",
    "儿媳妇",
    "儿媳",
    "伙计",
    // `带个女`, `同个仔`: a daughter, a son in Cantonese and Hakka speech (after the longer words).
    "女",
    "仔",
    // `带孙子`, `with my granddaughter`: grandchildren and the wider family.
    "外孙女",
    // `跟孙孙`, `带幺儿`: the reduplicated and fond family words of the south-west.
    "外孙孙",
    "孙孙",
    "孙儿",
    "孙娃",
    "幺儿",
    "幺妹",
    "外孙",
    "孙女",
    "孙子",
    "姥姥",
    "姥爷",
    "闺女",
    "侄子",
    "侄女",
    "外甥",
    "wife",
    "husband",
    "girlfriend",
    "boyfriend",
    "partner",
    "mom",
    "mum",
    "mother",
    "dad",
    "father",
    "friends",
    "friend",
    "colleagues",
    "colleague",
    "coworkers",
    "coworker",
    "kids",
    "kid",
    // `me, my husband and the little one`, `带小家伙`: a small child said fondly.
    "little ones",
    "little one",
    // `me, my wife and the two young'uns`: children in Southern American speech.
    "young'uns",
    "youngins",
    "younguns",
    "babies",
    "baby",
    "toddler",
    "kiddo",
    "children",
    "child",
    "son",
    "daughter",
    "sister",
    "brother",
    "grandma",
    "grandpa",
    "buddies",
    "buddy",
    "classmates",
    "classmate",
    "roommates",
    "roommate",
    "teammates",
    "teammate",
    "cousins",
    "cousin",
    "grandmother",
    "grandfather",
    "spouse",
    "fiance",
    "fiancee",
    "grandson",
    "granddaughter",
    "grandkids",
    "grandchildren",
    "nephew",
    "niece",
    "aunt",
    "uncle",
    // Friends in slang, either language (`两个bro`, `me and my homies`, `跟几个哥们`).
    "哥们儿",
    "哥们",
    "兄弟",
    "姐妹",
    "死党",
    "发小",
    "bros",
    "bro",
    "homies",
    "homie",
    "pals",
    "pal",
    "mates",
    "mate",
    "dudes",
    "besties",
    "bestie",
];

/// Titles said before a person's name or for the person (the Filipino `ate`, `kuya`, `tita`,
/// `tito` as much as `auntie` or `Mr`): after a joiner one is a companion (`me and ate Joy` =
/// 2, `with Uncle Bob`); said alone before a request (`Ate, …`) they call someone, and name
/// nothing asked for (see `extract`).
pub(super) const TITLES: Words = words![
    "ate", "kuya", "tita", "tito", "lola", "lolo", "auntie", "aunty", "aunt", "uncle", "mr", "mrs",
    "ms", "dr", "boss", "sir", "ma'am", "madam", "老板", "师傅", "阿姨", "大姐", "大哥", "老表",
    "美女", "帅哥",
];

/// Last characters of Chinese words for a person by role (`志愿者`, `队友`, `实习生`, `翻译`,
/// `客户`): said with a count of people (`一个志愿者`) they are company.
const PERSON_ENDS: &str = "人员友者生师士手客户哥姐弟妹伴长官译";

/// `a colleague`, `an intern`, `a translator`: English endings of a word for one person by role.
const PERSON_SUFFIXES: Words = words!["er", "or", "ist", "ian", "ant", "ent", "ee", "ern"];

/// Words that may stand between a joiner and a companion (`跟我妈`, `with my parents`).
/// `俺`, `咱` are the wearer's `我` in northern speech (`俺跟俺老伴`, `和咱妈`); `我家` (`俺家老头子`)
/// is the wearer's household, and so are `我那`, `我这` before a count (`跟我那俩老哥们`); `me` is `my` in British, Irish and West African speech (`me and
/// me flatmate`).
const POSSESSIVES: Words = words![
    "我那", "我这", "俺那", "我的", "我家", "我", "俺的", "俺家", "俺", "咱的", "咱家", "咱",
    "my ", "our ", "the ", "me ",
];

/// The byte at or after `at` where `text`'s next word starts (past spaces).
fn past_spaces(text: &str, at: usize) -> usize {
    at + (text[at..].len() - text[at..].trim_start().len())
}

/// A count of people said at byte `at`: a whole number from one to twenty.
fn count_at(numbers: &[NumberMatch], at: usize) -> Option<&NumberMatch> {
    numbers
        .iter()
        .find(|n| n.start == at && n.value >= 1.0 && n.value <= 20.0 && n.value.fract() == 0.0)
}

/// One companion group at byte `at`: how many people and where it ends.
fn group_at(text: &str, at: usize, numbers: &[NumberMatch]) -> Option<(u32, usize)> {
    let mut i = past_spaces(text, at);
    let possessive = starts_with_word(&text[i..], POSSESSIVES);
    if let Some(p) = possessive {
        i += p.len();
    }
    let counted = count_at(numbers, i);
    if let Some(n) = counted {
        i = n.end;
        let rest = text[i..].trim_start();
        i = text.len() - rest.len();
        // `两个队友`, `two of my buddies`: a measure word for people, or who they belong to.
        if let Some(m) = words!["个", "位", "名", "of my ", "of our "]
            .iter()
            .find(|m| rest.starts_with(*m))
        {
            i += m.len();
        }
        // `me and two other coaches`: `other` sets the things counted beside the wearer, so
        // they are people whatever the word for them.
        if let Some(other) = starts_with_word(&text[i..], ["other "]) {
            let word = text[i + other.len()..]
                .split([' ', ','])
                .next()
                .unwrap_or("");
            return Some((n.value as u32, i + other.len() + word.len()));
        }
    } else if possessive.is_none() && text[i..].starts_with('个') {
        // `带个女`, `跟个朋友`: a measure word alone counts one.
        i += '个'.len_utf8();
    }
    // `with a colleague and an intern`: an article counts one, before a word for a person.
    let article = counted
        .is_none()
        .then(|| starts_with_word(&text[i..], ["a ", "an "]))
        .flatten();
    if let Some(a) = article {
        let (n, end) = one_person(text, i + a.len())?;
        return Some((n, end));
    }
    if let Some(n) = counted
        && let Some(end) = chinese_person(text, i)
    {
        return Some((n.value as u32, end));
    }
    // `我的老同学`, `my old buddy`; with no possessive only a Chinese qualifier (`、小外孙`):
    // `with no kids` is no company.
    i += qualifier_len(&text[i..], possessive.is_some()).unwrap_or(0);
    let rest = &text[i..];
    if let Some(p) = starts_with_word(rest, PAIRS) {
        return Some((counted.map_or(2, |n| n.value as u32), i + p.len()));
    }
    let Some(one) = starts_with_word(rest, ONES).or_else(|| starts_with_word(rest, TITLES)) else {
        // `me and my flatmate`, `with my bandmates`: someone of the wearer's by a word the list
        // lacks, known by a person's ending (`-mate`, `-er`, `-ist`…).
        if counted.is_none() && possessive.is_some_and(|p| words!["my ", "our ", "me "].contains(p))
        {
            let word = rest.split([' ', ',']).next().unwrap_or("");
            let single = word.strip_suffix('s').unwrap_or(word);
            let mate = single.len() > 4 && single.ends_with("mate");
            // After `me` only a `-mate` (`me flatmate`): `with me over the weekend`.
            if mate || possessive != Some("me ") && one_person(text, i).is_some() {
                let plural = word.len() > single.len();
                return Some((if plural { 2 } else { 1 }, i + word.len()));
            }
        }
        // `me and two classmates`, `和两位客户`: a number of people said with a word the list
        // lacks (an English plural, or the measure word for people) still counts them.
        let n = counted?;
        let word = rest.split([' ', ',']).next().unwrap_or("");
        // English words for people mostly end so (`classmates`, `teachers`, `students`).
        let english = word.chars().all(|c| c.is_ascii_alphabetic())
            && words![
                "mates", "ers", "ents", "ians", "ists", "ees", "folks", "guys", "people", "men",
            ]
            .iter()
            .any(|e| word.ends_with(e));
        let people = text[..i].ends_with('位') && rest.starts_with(|c: char| !c.is_ascii());
        return (english || people).then(|| (n.value as u32, i + word.len()));
    };
    // `with friends`, `my wife and kids`: an English plural with no number is at least two.
    // (`missus`, `missis` end in `s` but are one.)
    let plural =
        (one.ends_with('s') && !one.ends_with("us") && !one.ends_with("is")) || one == "children";
    let unsaid = if plural { 2 } else { 1 };
    // `媳妇儿`, `闺女儿`: the northern `儿` said after the word is part of it (not `老婆儿子`).
    let after = &rest[one.len()..];
    let erhua =
        if after.starts_with('儿') && !after.starts_with("儿子") && !after.starts_with("儿女")
        {
            '儿'.len_utf8()
        } else {
            0
        };
    Some((
        counted.map_or(unsaid, |n| n.value as u32),
        i + one.len() + erhua,
    ))
}

/// Chinese words that qualify a companion said after them (`我老同学`, `我的好朋友`, `小外孙`).
const QUALIFIERS_ZH: Words = words!["老", "好", "新", "小", "大学", "高中"];

/// `old ` in `my old buddy`, `好` in `我的好朋友`: the byte length of one word qualifying a
/// companion word that follows it (an English word of its own where `english`, or a Chinese
/// qualifier), when `rest` does not start with a companion word itself.
fn qualifier_len(rest: &str, english: bool) -> Option<usize> {
    let companion = |r: &str| {
        starts_with_word(r, PAIRS)
            .or_else(|| starts_with_word(r, ONES))
            .is_some()
    };
    if companion(rest) {
        return None;
    }
    let english = rest
        .split_once(' ')
        .filter(|(w, _)| english && !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic()))
        .map(|(w, _)| w.len() + 1);
    let len = english.or_else(|| {
        QUALIFIERS_ZH
            .iter()
            .find(|q| rest.starts_with(*q))
            .map(|q| q.len())
    })?;
    companion(&rest[len..]).then_some(len)
}

/// One person named at byte `at` after an article (`a friend`, `an intern`, `a translator`):
/// a companion word, or an English word with a person's ending.
fn one_person(text: &str, at: usize) -> Option<(u32, usize)> {
    let rest = &text[at..];
    if let Some(one) = starts_with_word(rest, ONES) {
        return Some((1, at + one.len()));
    }
    let word = rest.split([' ', ',']).next().unwrap_or("");
    (word.len() > 3
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && PERSON_SUFFIXES.iter().any(|e| word.ends_with(e)))
    .then_some((1, at + word.len()))
}

/// The end of a Chinese word for a person by role at byte `at` (`志愿者`, `队友`, `哥们`): up
/// to four characters ending in one of [`PERSON_ENDS`] (one character only for `人`).
fn chinese_person(text: &str, at: usize) -> Option<usize> {
    let chars: Vec<(usize, char)> = text[at..].char_indices().take(4).collect();
    let first = chars.first()?;
    if first.1 == '人' {
        return Some(at + '人'.len_utf8());
    }
    let (mut k, _) = chars
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, (_, c))| !c.is_ascii() && PERSON_ENDS.contains(*c))?;
    if chars[..k]
        .iter()
        .any(|(_, c)| c.is_ascii() || "的和跟去到在".contains(*c))
    {
        return None;
    }
    // `哥们儿`: a closing `们`, `儿` belongs to the word.
    while chars.get(k + 1).is_some_and(|(_, c)| "们儿".contains(*c)) {
        k += 1;
    }
    let (off, c) = chars[k];
    Some(at + off + c.len_utf8())
}

/// `我孙女…`, `my nephew …`: the byte length of the wearer's own person named at the start of
/// `text` (`我`/`my` and a word for company), so a clause that opens with one speaks of them.
pub fn kin_at_start(text: &str) -> Option<usize> {
    let possessive = starts_with_word(text, words!["我的", "我", "俺的", "俺", "my "])?;
    let rest = &text[possessive.len()..];
    let who = starts_with_word(rest, PAIRS).or_else(|| starts_with_word(rest, ONES))?;
    Some(possessive.len() + who.len())
}

/// `me and two friends`, `my wife and kids`, `me and our Sharon`: ` and ` between the wearer or
/// a companion and more company joins people, not clauses.
pub fn joins_people(text: &str, start: usize, end: usize) -> bool {
    let head = text[..start].trim_end();
    let mut words_before = head.rsplit(' ');
    let last_word = words_before.next().unwrap_or(head);
    let me = words!["me", "mi"].contains(last_word);
    let person = me || ONES.contains(last_word) || PAIRS.contains(last_word);
    // `my wife and I want to …`, `my didi and I`: the wearer after a companion.
    let then_me = words!["i", "me"]
        .iter()
        .any(|w| starts_with_word(&text[end..], [w]).is_some());
    let owned = words_before
        .next()
        .is_some_and(|w| words!["my", "our"].contains(w));
    // `me and three of the boys`, `me and our Sharon`: after the wearer, company by a word no
    // list has too; after a companion, the wearer's own (`my wife and my sous-chef`).
    let numbers = find_numbers(text);
    let mine_next = starts_with_word(text[end..].trim_start(), words!["my ", "our "]).is_some();
    (then_me && (person || owned))
        || (person && group_at(text, end, &numbers).is_some())
        || ((me || person && mine_next) && unnamed_group(text, end, &numbers, true).is_some())
}

/// `my wife and I`, `我妈和我`: a companion named first, then the wearer.
fn companion_then_me(text: &str, numbers: &[NumberMatch]) -> Option<(u32, (usize, usize))> {
    words!["my ", "我"].iter().find_map(|w| {
        text.match_indices(w).find_map(|(start, _)| {
            // `my didi and I`: before `and I`, whoever the word names is company.
            let (people, end) = group_at(text, start, numbers).or_else(|| {
                (w == "my ")
                    .then(|| unnamed_group(text, start, numbers, true))
                    .flatten()
            })?;
            let (people, end) = more_groups(text, people, end, numbers);
            let rest = text[end..].trim_start();
            let me = words!["and i", "and me", "和我", "跟我"]
                .iter()
                .find(|m| starts_with_word(rest, [*m]).is_some())?;
            Some((1 + people, (start, text.len() - rest.len() + me.len())))
        })
    })
}

/// The wearer plus the companions named after a joining word (or before the wearer: `my
/// wife and I`), with the span they take.
pub fn companions(text: &str, numbers: &[NumberMatch]) -> Option<(u32, (usize, usize))> {
    companion_then_me(text, numbers).or_else(|| companions_joined(text, numbers))
}

/// The wearer plus the companions named after a joining word, with the span they take.
fn companions_joined(text: &str, numbers: &[NumberMatch]) -> Option<(u32, (usize, usize))> {
    let (start, joiner) = JOINERS
        .iter()
        .flat_map(|j| text.match_indices(j).map(move |(s, _)| (s, j)))
        .filter(|(s, j)| {
            !j.starts_with(|c: char| c.is_ascii_alphabetic())
                || (text[..*s]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphabetic())
                    && text[s + j.len()..].starts_with(' '))
        })
        .filter(|(s, j)| joined_group(text, *s, j, numbers).is_some())
        .min_by_key(|(s, _)| *s)?;
    let (people, end) = joined_group(text, start, joiner, numbers)?;
    let (people, end) = more_groups(text, people, end, numbers);
    Some((1 + people, (start, end)))
}

/// The company named after `joiner` at byte `start`: a group [`group_at`] knows, or, where
/// the words around say the wearer goes with people (`me and …`, `我跟我…`, `我和…`), one by
/// a word no list has ([`unnamed_group`]: `me and our Sharon`, `我跟我侄儿`).
fn joined_group(
    text: &str,
    start: usize,
    joiner: &str,
    numbers: &[NumberMatch],
) -> Option<(u32, usize)> {
    let at = start + joiner.len();
    // `跟我姐`, `带我徒弟`, `with my señora`: the wearer's own companion, however named.
    let mine = words!["和", "跟", "同", "带", "with"].contains(joiner)
        && starts_with_word(text[at..].trim_start(), words!["我", "俺", "my "]).is_some();
    // `me, mi amor and the baby`: the wearer listed first, then someone of theirs (not `just
    // me, three nights`).
    let listed_mine = words!["me,", "me ,"].contains(joiner)
        && starts_with_word(text[at..].trim_start(), words!["my ", "mi ", "our "]).is_some();
    let with_me = words!["me and", "mi and"].contains(joiner)
        || mine
        || listed_mine
        || (words!["和", "跟", "同"].contains(joiner)
            && text[..start].ends_with(['我', '俺', '咱'])
            && !text[at..].starts_with(['你', '他', '她', '它']));
    group_at(text, at, numbers).or_else(|| {
        with_me
            .then(|| unnamed_group(text, at, numbers, true))
            .flatten()
    })
}

/// Characters a Chinese word for an unnamed companion never holds: what joins or follows
/// company (`和`, `去`, `两个人`), and pronouns.
const NOT_IN_A_COMPANION: &str = "和跟同带去到回来飞坐玩住一两俩仨几的了在要想我你他她它们说讲聊看";

/// One group of company by a word no list has, in words that say it is company (after `me
/// and`, `我跟`, or listed after a companion): `my two brahs` (2), `three of the boys` (3),
/// `our sharon` (1), `巴郎子` (1), `两个胖娃` (2). The count said (one when none is) and where
/// the word ends. `owned`: whether a Chinese possessive or `the` may open it (not in a list,
/// where `和我…` is the wearer, `我妈和我下周去北京`, and `and the two suitcases` are things);
/// the wearer's English one always may (`and our three grandbabies`).
fn unnamed_group(
    text: &str,
    at: usize,
    numbers: &[NumberMatch],
    owned: bool,
) -> Option<(u32, usize)> {
    let mut i = past_spaces(text, at);
    let listed = words!["my ", "our ", "mi "];
    let owned_only = words!["我的", "俺的", "我", "俺", "咱", "the "];
    let possessive = starts_with_word(&text[i..], listed).or_else(|| {
        owned
            .then(|| starts_with_word(&text[i..], owned_only))
            .flatten()
    });
    if let Some(p) = possessive {
        i += p.len();
    }
    let mut count = 1;
    if let Some(n) = count_at(numbers, i) {
        count = n.value as u32;
        i = past_spaces(text, n.end);
        if let Some(m) = starts_with_word(
            &text[i..],
            words!["个", "位", "名", "of my ", "of our ", "of the "],
        ) {
            i += m.len();
        }
    }
    let rest = &text[i..];
    let english: usize = rest
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || c.is_alphabetic() && c.is_lowercase())
        .map(char::len_utf8)
        .sum();
    if english >= 2 {
        let word = &rest[..english];
        let said = !words![
            "and", "to", "for", "the", "a", "an", "i", "me", "you", "him", "her", "them", "going",
            "are", "want"
        ]
        .contains(word);
        return said.then_some((count, i + english));
    }
    let chinese: Vec<char> = rest
        .chars()
        .take_while(|c| !c.is_ascii() && c.is_alphabetic() && !NOT_IN_A_COMPANION.contains(*c))
        .take(4)
        .collect();
    let len: usize = chinese.iter().map(|c| c.len_utf8()).sum();
    let ends = rest[len..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphabetic() || NOT_IN_A_COMPANION.contains(c));
    ((1..=3).contains(&chinese.len()) && ends).then_some((count, i + len))
}

/// `爸妈和妹妹`, `my mum, my dad`: the company named after a first group (`people` of them,
/// ending at `end`), each after a word between companions; the count and where the last ends.
fn more_groups(
    text: &str,
    mut people: u32,
    mut end: usize,
    numbers: &[NumberMatch],
) -> (u32, usize) {
    loop {
        let rest = text[end..].trim_start();
        let gap = text[end..].len() - rest.len();
        let between = starts_with_word(rest, BETWEEN);
        let mut at = end + gap + between.map_or(0, str::len);
        // `me, my sister and her two kids`: in a list, the companion's own are company too.
        if between.is_some() {
            let next = past_spaces(text, at);
            if let Some(theirs) = starts_with_word(&text[next..], words!["her ", "his ", "their "])
            {
                at = next + theirs.len();
            }
        }
        // After a word joining companions (`带我妈和巴郎子`), what is listed is company too
        // (after a comma, it may be the next thing said: `three of the boys, four nights`).
        let listed = between
            .is_some_and(|b| !b.starts_with(','))
            .then(|| unnamed_group(text, at, numbers, false))
            .flatten();
        match group_at(text, at, numbers).or(listed) {
            Some((more, next)) => {
                people += more;
                end = next;
            }
            None => break,
        }
    }
    (people, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> Option<u32> {
        companions(text, &find_numbers(text)).map(|(n, _)| n)
    }

    #[test]
    fn the_wearer_and_the_company_named() {
        assert_eq!(count("后天跟我那俩老哥们去舟山"), Some(3));
        assert_eq!(count("元旦带我媳妇儿跟闺女去北京"), Some(3));
        assert_eq!(count("我带老婆儿子去上海"), Some(3));
        assert_eq!(count("明天同伢崽去上海耍"), Some(2));
        assert_eq!(count("我跟我妈下周六回成都"), Some(2));
        assert_eq!(count("和爸妈去厦门"), Some(3));
        assert_eq!(count("带老婆孩子去三亚"), Some(3));
        assert_eq!(count("跟老婆带小家伙去三亚"), Some(3));
        assert_eq!(count("跟老公去苏州，带点特产"), Some(2));
        assert_eq!(count("我跟两个同事后天去深圳"), Some(3));
        assert_eq!(count("going to qingdao with my parents"), Some(3));
        assert_eq!(
            count("me and two friends are heading to huangshan"),
            Some(3)
        );
        assert_eq!(count("with my wife and kids"), Some(4));
        assert_eq!(count("going with friends"), Some(3));
        // A person by a word no list has, after `my`: its ending tells.
        assert_eq!(count("me and my flatmate are going to shanghai"), Some(2));
        assert_eq!(count("for me and my two bandmates"), Some(3));
        assert_eq!(count("with my wife"), Some(2));
        assert_eq!(count("my wife and i want to go to sanya"), Some(2));
        assert_eq!(count("我妈和我下周去北京"), Some(2));
        // A spouse said fondly; a number of people whatever the word for them.
        assert_eq!(count("帮我和老伴儿安排一下元旦去三亚"), Some(2));
        assert_eq!(
            count("plan a weekend for me, my husband and the little one"),
            Some(3)
        );
        assert_eq!(count("跟老婆和小家伙去三亚"), Some(3));
        assert_eq!(count("me and two classmates"), Some(3));
        assert_eq!(count("和两位客户去上海"), Some(3));
        // Friends in slang, people by role, one said with an article.
        assert_eq!(count("周末想跟两个bro去上海"), Some(3));
        assert_eq!(count("我跟一个志愿者一起"), Some(2));
        assert_eq!(count("跟三个哥们去成都"), Some(4));
        assert_eq!(count("plan it for me and two of my buddies"), Some(3));
        assert_eq!(count("with a colleague and an intern"), Some(3));
        assert_eq!(count("me and my bros"), Some(3));
        assert_eq!(count("for me, my husband and the two kids"), Some(4));
        assert_eq!(count("a trip for my mum, my dad and me"), Some(3));
        // A companion with a word qualifying it (and a name after it).
        assert_eq!(count("me and my old buddy frank"), Some(2));
        assert_eq!(count("跟我的老同学去厦门"), Some(2));
        // Family words and the wearer's `俺` of the dialects.
        assert_eq!(count("俺和俺老伴想去青岛"), Some(2));
        assert_eq!(count("带细伢子回老家"), Some(2));
        assert_eq!(count("俺和俺家老头子去大连"), Some(2));
        assert_eq!(count("跟我堂客和两个崽去张家界"), Some(4));
        assert_eq!(count("和咱爹娘去泰山"), Some(3));
        // Company by words no list has, where the words around say it is company.
        assert_eq!(count("plan a trip for me and my two brahs"), Some(3));
        assert_eq!(count("for me and three of the boys, four nights"), Some(4));
        assert_eq!(count("me and two nurses from my ward"), Some(3));
        assert_eq!(count("book us a tour, me and our sharon."), Some(2));
        assert_eq!(count("leaving christmas eve, mi and mi mother"), Some(2));
        assert_eq!(count("next saturday, my didi and i"), Some(2));
        assert_eq!(count("for next monday, just me, three nights"), None);
        assert_eq!(count("plan for me, budget 1000"), None);
        assert_eq!(count("下周二去广州，我跟我侄儿，预算八千"), Some(2));
        assert_eq!(count("带我媳妇和两个胖娃去哈尔滨"), Some(4));
        assert_eq!(count("想带我妈和巴郎子去三亚"), Some(3));
        assert_eq!(count("元旦我跟婆姨去北京"), Some(2));
        assert_eq!(count("周末跟俺老伙计去苏州"), Some(2));
        assert_eq!(count("下周三走，带我徒弟，住一晚"), Some(2));
        assert_eq!(count("a weekend for me and the bass player"), Some(2));
        assert_eq!(count("a week, with my señora"), Some(2));
        // Lists by `、`, a qualifier with no possessive, English possessives inside a list.
        assert_eq!(count("下周六俺跟闺女、女婿还有小外孙去黄山"), Some(4));
        assert_eq!(count("下个月初跟两个伙计去三亚"), Some(3));
        assert_eq!(count("sanya, me, my wife and the two young'uns"), Some(4));
        assert_eq!(count("me and my wife and our three grandbabies"), Some(5));
        assert_eq!(count("with my wife and my sous-chef"), Some(3));
        assert_eq!(count("a trip for my sister with her mum"), None);
        assert_eq!(count("a day trip to anji with me over the weekend"), None);
        assert_eq!(count("a trip with no kids"), None);
        assert_eq!(count("with my wife and the two suitcases"), Some(2));
        assert_eq!(count("christmas, me, mi amor and the baby"), Some(3));
        assert_eq!(count("kunming, me, my sister and her two kids"), Some(4));
        assert_eq!(count("me and me flatmate wanna go harbin"), Some(2));
        assert_eq!(count("come with me to beijing"), None);
        // Things counted are no people.
        assert_eq!(count("带两个箱子去北京"), None);
        assert_eq!(count("带我去西湖"), None);
        assert_eq!(count("我和你说，去北京"), None);
        // Things counted are no people.
        assert_eq!(count("a trip with two suitcases"), None);
    }

    #[test]
    fn people_only_spoken_of_are_no_company() {
        assert_eq!(count("给我妈买件羽绒服"), None);
        assert_eq!(count("带我去西湖"), None);
        assert_eq!(count("a trip without friends"), None);
    }
}
