//! The one rule that cleans a free-text slot's value. A value is the span its frame bounds
//! (what follows a verb of getting, the words before `附近`, after `送到`, the shop a stock
//! question is put to); the words around it that the frame let in are taken off here, the same
//! way for every text slot (item, destination, near, from, deliver_to, store, name, category,
//! cuisine): a count and measure word before it (`一趟巴黎`, `两份`), a hedge (`最好在湖滨`,
//! `ideally near`), a verb of getting, browsing or asking at its start (`got`, `shop around`,
//! `整`, `看`), what is done before (`吃完`, `看完展览`, `after lunch`), a linking `的` at either
//! end, a pronoun said in a contraction (`they've`), which names no one, and what closes the
//! sentence after the value (`噢`, `lah`, `can or not`, `lol`, `this evening`, `先`). Inside the
//! value nothing is cut: the edges only.

use super::numbers::english_count;
use super::spoken::{EN_PARTICLES, ZH_PARTICLES, closes_as_a_particle};
use super::taxonomy::{Intent, SlotType};
use super::words::{Words, words};

/// Filler words dropped from free text (Chinese by substring, English by whole word).
pub(super) const ZH_FILLERS: Words = words![
    "帮我",
    "给我",
    "我想",
    "我要",
    "想要",
    "请问",
    "请",
    "麻烦",
    // `劳驾问一下，…`: a polite opener asks nothing itself.
    "劳驾",
    "问一下",
    "一下",
    "能不能",
    "可不可以",
    "可以",
    "告诉我",
    "看看",
    "查查",
    "查一下",
    "问问",
    "问下",
    "多少",
    "一个",
    "一些",
    "一点",
    "一份",
    "一双",
    "一瓶",
    "什么",
    "吧",
    "吗",
    "呢",
    "啊",
    "呀",
    "哦",
    "的",
    "个",
    "些",
    "你们",
    "这边",
    "我",
    "你",
    "您",
    "去",
    "到",
    "有",
    "一家",
    "哪家",
    "地方",
    "最",
    "哪个",
    "哪",
    "平台",
    "再",
    // `知味观现在营业没有`: a word of now names nothing, and `在` is taken off only after it.
    "现在",
    "目前",
    "在",
    "是",
    "呃",
    "嗯",
    "几点钟",
    "几点",
    "什么时候",
    "干嘛",
    "干什么",
    // `有就买`: then, if there is.
    "就",
    // `萧山机场要多久`: how long it takes.
    "要多久",
    "多久",
    "多长时间",
    // `家里没洗发水了`, `纸巾快用完了`: what has run out (or soon will) at home is what is
    // wanted.
    "快用完了",
    "用完了",
    "快没了",
    "家里",
    "没",
    "用完",
    // `还有没有饭团`: still.
    "还",
    // Where the other price is, in a comparison (`网上是不是便宜点`).
    "网上",
    "是不是",
];
/// English filler words dropped from free text, by whole word.
pub(super) const EN_FILLERS: Words = words![
    "please",
    "can",
    "could",
    "would",
    "should",
    "must",
    "might",
    "gotta",
    "you",
    "i",
    "i'd",
    "i'm",
    // `I am looking for …`: the verb of `I'm` said in full.
    "am",
    "me",
    "my",
    "we",
    "us",
    "our",
    "a",
    "an",
    "the",
    "some",
    "for",
    "to",
    "want",
    "like",
    "need",
    "get",
    "find",
    "show",
    "tell",
    "about",
    "of",
    "is",
    "are",
    "do",
    "does",
    "have",
    "any",
    "in",
    "on",
    "with",
    "what",
    "where",
    "how",
    "new",
    "good",
    "pair",
    "pairs",
    "let's",
    "go",
    "at",
    "place",
    "now",
    "there",
    "from",
    "too",
    "also",
    "online",
    "guys",
    "wanna",
    "gonna",
    "gotta",
    "back",
    "still",
    "left",
    "they",
    "them",
    "what's",
    "going",
    "anywhere",
    "check",
    // `check if they have oat milk`: what is asked whether.
    "if",
    "whether",
    "see",
    "look",
    "um",
    "umm",
    "uh",
    "uhh",
    "er",
    "erm",
    "hmm",
    "i'll",
    "we'll",
    "i've",
    "okay",
    "ok",
    "feel",
    "one",
    "ones",
    // Openers (`quick question, …`, `by the way, …`, `real quick, …`).
    "quick",
    "question",
    "real",
    "btw",
    "way",
    "hey",
    "just",
    "wondering",
    "actually",
    "really",
    // `out of toothpaste, order some`: what ran out is what is wanted.
    "out",
    // `a bakery that's still open`: what is left of a contraction once `that` is masked.
    "s",
    // Slang openers and asides (`yo can you find…`, `…open rn?`, `lowkey`, `tbh`).
    "yo",
    "rn",
    "lowkey",
    "tbh",
    // `get me an umbrella instead`: what replaces another is the thing.
    "instead",
];

/// Words that bound a number or a date (`三百以内`, `周五前`) and are left behind once the
/// value is taken out.
pub(super) const LIMIT_WORDS: Words = words![
    // Left alone by a comparison (`便宜点`, `是不是`): never a thing's name.
    "点",
    "不",
    "以内",
    "以下",
    "之内",
    "以前",
    "之前",
    "左右",
    "前",
    "内",
    "by",
    "under",
    "below",
    "over",
    "nothing",
    "no",
    "more",
    "than",
    "max",
    "above",
    "送到",
    "送过来",
    "送来",
    "送",
];
/// English containers dropped before `of` (`a bottle of shampoo` → `shampoo`).
pub(super) const CONTAINERS: Words = words![
    "bottle", "bottles", "tube", "tubes", "jar", "jars", "pack", "packs", "box", "boxes", "bag",
    "bags", "can", "cans", "cup", "cups", "bowl", "bowls", "roll", "rolls", "set", "sets",
    // Serving words (`a plate of mee goreng`, `two portions of dumplings`).
    "plate", "plates", "portion", "portions", "serving", "servings", "slice", "slices", "glass",
    "glasses",
];
/// Chinese measure words (`一件`, `两包`): dropped before an item of two or more characters.
pub(super) const MEASURE_WORDS: &str =
    "件条顶副包支台本盒袋杯碗张把只套部辆块份瓶罐卷节箱束朵斤颗粒桶提听床对串趟双根捆";
/// Words that start with a measure word's character and are words of their own (`双肩包`,
/// `条纹衬衫`): the measure is never taken off them.
const MEASURE_LED: Words = words![
    "双肩",
    "条纹",
    "包子",
    "台灯",
    "盒饭",
    "杯子",
    "本子",
    "箱包",
    "对讲机",
    "串串",
    "套装",
    "块头",
    "包装",
    "把子",
    "捆绑",
    "捆扎",
];

/// Whether `word` starts with a word of its own that starts with a measure word's character
/// (`盒饭`, `双肩包`): that character is no measure there.
pub(super) fn measure_led(word: &str) -> bool {
    MEASURE_LED.iter().any(|w| word.starts_with(w))
}

/// A Chinese word without its leading measure word (`件冲锋衣` → `冲锋衣`) or `来` + measure
/// word (`来碗馄饨` → `馄饨`).
pub(super) fn without_measure(word: &str) -> &str {
    if measure_led(word) {
        return word;
    }
    let word = match word.strip_prefix('来') {
        Some(rest) if rest.starts_with(|c: char| MEASURE_WORDS.contains(c)) => rest,
        _ => word,
    };
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if MEASURE_WORDS.contains(c) && chars.as_str().chars().count() >= 2 => {
            chars.as_str()
        }
        _ => word,
    }
}

/// Free text left after masking: fillers, bounding words and leading measure words dropped,
/// spaces collapsed, then the words at its edges that are no part of it taken off
/// ([`edges`]); at most 40 characters.
pub(super) fn leftover(masked: &str) -> Option<String> {
    // A space before, so a container said first (`plate of …`) is found as a word.
    let mut text = format!(" {masked}");
    for filler in ZH_FILLERS {
        text = text.replace(filler, " ");
    }
    for container in CONTAINERS {
        text = text.replace(&format!(" {container} of "), "  ");
    }
    // `durian right now`: when it is asked is no part of the thing, even inside the words.
    for when in WHEN_EN.iter().filter(|w| w.contains(' ')) {
        text = text.replace(&format!(" {when}"), " ");
    }
    let words: Vec<&str> = text
        .split([' ', ',', '?', '!'])
        .map(|w| w.trim_matches(|c: char| c == '.' || c == '\'' || c == '"'))
        .filter(|w| !w.is_empty() && !EN_FILLERS.contains(w) && !LIMIT_WORDS.contains(w))
        .enumerate()
        // Only the first word can start with a measure word its count left (`件冲锋衣`); a
        // later one is a name of its own (`双肩包`).
        .map(|(i, w)| if i == 0 { without_measure(w) } else { w })
        .collect();
    // `two chicken kathi rolls`: a count of several said first is how many, not what (as
    // `两份酸辣粉` is, by [`edges`]), when the thing follows.
    let words = match words.split_first() {
        Some((first, rest)) if !rest.is_empty() && english_count(first).is_some_and(|n| n >= 2) => {
            rest.to_vec()
        }
        _ => words,
    };
    let joined = edges(&words.join(" "))?;
    (joined.chars().count() <= 40).then_some(joined)
}

/// Chinese words at the start of a value that only hedge, look or get (the longest first).
const OPENERS_ZH: Words = words![
    "最好是在",
    "最好在",
    "最好是",
    "最好",
    "尽量在",
    "尽量",
    "一定要在",
    "顺便",
    // `再找个龙翔桥附近的网吧`: a second search said after the first opens nothing named.
    "再找个",
    "再找",
    // `劳烦您帮我买…`: asking kindly.
    "劳烦您",
    "劳烦",
];
/// Chinese words of asking or looking said before a value (`看下仓库旁边`, Guangxi `得不得帮我找
/// 个五金店`: can you): taken off when two characters or more are left.
const ASKING_ZH: Words = words![
    "看一下",
    "看下",
    "看看",
    "瞧瞧",
    "得不得",
    "能不能",
    "可不可以",
];
/// Colloquial verbs of getting (`整两瓶`, `弄个`): taken off only before a count or a measure
/// word, so a name that starts with one (`整形医院`) keeps it.
const GETTING_ZH: Words = words!["整", "弄", "搞"];
/// Chinese words that are a whole word of their own at the start of a value (`看 戴森吹风机`):
/// looking, finding or asking, what a thing is for (`出差用的双肩包`), whom it is for (`给 空气炸锅`),
/// a pointer (`这 五金店`) or an order (`先 浙江自然博物院`).
const LOOKING_ZH: Words = words!["看", "找", "问", "查", "比", "用", "给", "这", "那", "先"];
/// English words at the start of a value that only hedge, get, browse or ask (the longest
/// first); a contracted pronoun ([`CONTRACTED_PRONOUNS`]) is taken off there too.
const OPENERS_EN: Words = words![
    // `eh can help me book a taxi to …`: a word calling for attention names nothing.
    "eh",
    "hey",
    "oi",
    "um",
    "uh",
    // `so buy a dozen eggs`, `then get …`: a word joining to what was said before names nothing.
    "so",
    "then",
    // `abeg buy me …`, `pls get …`: a word of asking kindly names nothing either.
    "abeg",
    "pls",
    "plz",
    "make you",
    "kindly",
    "shop around for",
    "shop around",
    "look around for",
    "look around",
    "hunt around for",
    "around for",
    "around",
    "ideally",
    "preferably",
    "somewhere",
    "got",
    // `them peach candies`: `them` said for `those` (Southern and Irish English) only points.
    "them",
    // `a wee chippy`, `a likkle congee`: the Scots and Caribbean `little` of fondness only.
    "wee",
    "likkle",
    "lickle",
    // `can help me find …`: asking for help names nothing.
    "help",
    "grab",
    "pick up",
    "ask",
    // `see whether Hema has king crab`: the verb of having, left after the shop.
    "has",
    "have",
    "sells",
    "carries",
    "stocks",
];
/// Pronouns said in a contraction: never a name, even alone (`see if they've got …`).
const CONTRACTED_PRONOUNS: Words = words![
    "they've", "they're", "we've", "we're", "you've", "you're", "i've", "we'll", "they'll",
];
/// How welcome a thing would be, said after it (`some dumplings would be great`; `would` is a
/// filler taken off before).
const WISHED_EN: Words = words!["be great", "be nice", "be good", "be perfect", "be ideal"];
/// Words of when a question is asked, said after the thing (`durian right now`).
const WHEN_EN: Words = words!["right now", "at the moment", "today", "tonight", "now"];
/// English words that bound a date or a price, left at a thing's end once the date or price
/// was read (`a travel pillow before Friday`).
const BOUNDS_EN: Words = words!["before", "by", "until", "under", "below", "within"];
/// Chinese particles that close a sentence only at a value's end (`棉鞋伐`, `煎饼果子了`, `好吧`),
/// besides those `normalize` already takes off each clause ([`ZH_PARTICLES`]: `没有噢`): taken
/// off when two characters or more are left.
const VALUE_CLOSERS_ZH: &[char] = &['吧', '咯', '啰', '哈', '伐', '了'];
/// Names that end in a particle's character (`酒吧`): never cut.
const ENDS_AS_A_CLOSER: Words = words!["酒吧", "网吧", "清吧", "水吧", "书吧", "氧吧"];
/// Tag questions: asking the listener to agree, hear or understand (`行不行`, `晓得不`, `知道吗`,
/// `听到没`; the English ones are in [`TAILS_EN`]), never a thing. Said after a value they close it (see [`TAILS_ZH`]);
/// a value that is only one (`帮我买三斤排骨，要新鲜的，晓得不`: the clause after the wish) is
/// none.
const TAG_QUESTIONS: Words = words![
    "行不行",
    "好不好",
    "可以吗",
    "可不可以",
    "行吗",
    "好吗",
    "成吗",
    "晓得不",
    "晓得吧",
    "晓得噻",
    "知道不",
    "知道吗",
    "知道吧",
    "懂不懂",
    "懂不",
    "懂吗",
    "明白吗",
    "明白不",
    "听到没有",
    "听到没",
    "听见没",
    "记住没",
    "对不对",
    "对吧",
    "是吧",
    // The same once `normalize` took the closing `吗` off (`…，知道吗` → `知道`).
    "知道",
    "晓得",
    "明白",
    "听到",
];
/// Chinese words said after a value that close the sentence rather than name it: a tag
/// question ([`TAG_QUESTIONS`]), a time (`今晚`) or an order (`先`); taken off when two
/// characters or more are left.
const TAILS_ZH: Words = words![
    "没有",
    // `知味观今朝几点关门`: the day asked about (Wu `今朝`, `明朝`) closes, as `今晚` does.
    "今晚",
    "今天",
    "今朝",
    "今日",
    "今早",
    "明天",
    "明朝",
    "现在",
    "晚上",
    "一会儿",
    "一会",
    "待会儿",
    "待会",
    "等会儿",
    "等会",
    "晚点",
    "马上",
    "先",
];
/// English words said after a value that close the sentence rather than name it (the longest
/// first), besides the particles of Singapore and Malaysian English `normalize` takes off
/// ([`EN_PARTICLES`]: `lah`, `leh`, `lor`): a tag question (`can or not`), a particle it does not
/// take off (`loh`, `liao`), a chat ending (`lol`, `haha`), a time or an order
/// (`this evening`, `afterwards`, `first`), the closing words of Indian English (`na`, `itself`:
/// `to my desk na`) or where a comparison is made (`different shops`: the `at` before it is a
/// filler already dropped). Only whole words at the very end are taken off, so
/// a name that holds one (`Ah Hoi's Kitchen`, `Lor Mee`, `First Avenue`) keeps it.
const TAILS_EN: Words = words![
    "at different shops",
    "different shops",
    "different stores",
    "other shops",
    "other stores",
    // `is Irn-Bru any cheaper somewhere else`: where else, its `somewhere` already a filler
    // (not `something else`, a name: [`NAMES_BEFORE_ELSE`]).
    "else",
    "can or not",
    "or not",
    // Tag questions (`…, you know`, `innit`, `eh`), as [`TAG_QUESTIONS`] in Chinese.
    "you know",
    "innit",
    "eh",
    "can anot",
    "okay",
    "loh",
    "liao",
    "lol",
    "lmao",
    "haha",
    "hahaha",
    "hehe",
    "pls",
    "plz",
    "thanks",
    "this evening",
    "this afternoon",
    "this morning",
    "tonight",
    "later",
    "afterwards",
    "afterward",
    "first",
    "asap",
    "itself",
    "na",
    // `sinigang naman`: the Taglish softener (`though`, `please`) closes as `na` does.
    "naman",
    // `a bakery which is still open`: a relative clause's opener, its clause read elsewhere.
    "which",
    "that",
];
/// Chinese numerals that count before a measure word.
const NUMERALS: &str = "零一二两三四五六七八九十几";

/// `value` without the words at its edges that are no part of it (see the module); `None`
/// when nothing of it is left.
pub fn edges(value: &str) -> Option<String> {
    let mut said = value.trim();
    loop {
        let before = said;
        said = said
            .trim_start_matches(['的', ' '])
            .trim_end_matches(['的', ' ']);
        if let Some(rest) = OPENERS_ZH.iter().find_map(|w| said.strip_prefix(w)) {
            said = rest;
        }
        if let Some(rest) = OPENERS_EN
            .iter()
            .chain(CONTRACTED_PRONOUNS)
            .find_map(|w| said.strip_prefix(w).and_then(|r| r.strip_prefix(' ')))
        {
            said = rest;
        }
        if let Some(rest) = ASKING_ZH
            .iter()
            .find_map(|w| said.strip_prefix(w))
            .filter(|r| r.trim_start().chars().count() >= 2)
        {
            said = rest;
        }
        if let Some(rest) = GETTING_ZH.iter().find_map(|w| said.strip_prefix(w))
            && rest.starts_with(|c: char| {
                NUMERALS.contains(c) || MEASURE_WORDS.contains(c) || c == '个'
            })
        {
            said = rest;
        }
        // `some kung pao chicken would be great`: how welcome it would be is no part of it;
        // `durian right now`: nor when it is asked, said after the thing; `travel pillow
        // before`: nor a word of bounding whose date or price was read.
        if let Some(rest) = [WISHED_EN, WHEN_EN, BOUNDS_EN]
            .into_iter()
            .find_map(|words| without_last(said, words))
        {
            said = rest;
        }
        // `silk scarves as gifts`: what it is for is no part of it.
        if let Some((thing, _)) = said.split_once(" as ")
            && !thing.trim().is_empty()
        {
            said = thing;
        }
        // `锄头 噢`, `office lah`, `dorm lol`, `hotel this evening`: how the sentence closes.
        if let Some(rest) = without_closing(said) {
            said = rest;
        }
        said = without_count(said);
        said = without_pointer(said);
        // `新荣记那家`: a pointer at a place said after its name points at what it names.
        if let Some(rest) = words!["那家", "这家", "那间", "这间"]
            .iter()
            .find_map(|w| said.strip_suffix(w))
            .filter(|r| r.trim_end().chars().count() >= 2)
        {
            said = rest;
        }
        // `看 戴森吹风机`, `吃完 家`, `看完展览 湖滨银泰`, `下班后 公司`: a word of looking, or an
        // action done before, that the frame let in as a word of its own.
        if let Some((first, rest)) = said.split_once(' ')
            && (LOOKING_ZH.contains(first) || first.contains('完') || first.ends_with('后'))
            && !rest.trim().is_empty()
        {
            said = rest;
        }
        if said == before {
            break;
        }
    }
    let said = said.trim();
    (!said.is_empty()
        && !CONTRACTED_PRONOUNS.contains(said)
        // `Is it? Have they got …`: a pronoun alone names nothing.
        && !words!["it", "them", "that", "this", "these", "those"].contains(said)
        && !TAG_QUESTIONS.contains(said.trim_end_matches(['?', '!', '~', ' ']))
        && said.chars().any(char::is_alphanumeric))
    .then(|| said.to_string())
}

/// `said` without the last of `words` said as a word of its own at its end, when something is
/// left.
fn without_last(said: &str, words: Words) -> Option<&str> {
    words.iter().find_map(|w| {
        said.strip_suffix(w)
            .and_then(|r| r.strip_suffix(' '))
            .filter(|r| !r.trim().is_empty())
    })
}

/// `said` without what closes the sentence after it (a particle, a tag question, a chat
/// ending, a time or an order: [`ZH_PARTICLES`], [`VALUE_CLOSERS_ZH`], [`TAILS_ZH`],
/// [`TAILS_EN`], [`EN_PARTICLES`]) and the punctuation
/// around that, when a value is left (two characters or more, in Chinese).
/// Words that make a name with an `else` after them (`Something Else`, a bar).
const NAMES_BEFORE_ELSE: Words = words!["something", "anything", "nothing", "someone", "somebody"];

fn without_closing(said: &str) -> Option<&str> {
    let said = said.trim_end_matches(['?', '!', '~', ' ']);
    let long_enough = |r: &&str| r.trim_end().chars().count() >= 2;
    if let Some(rest) = TAILS_EN.iter().chain(EN_PARTICLES).find_map(|w| {
        let at = said.len().checked_sub(w.len())?;
        (said.is_char_boundary(at) && said[at..].eq_ignore_ascii_case(w))
            .then(|| &said[..at])
            .and_then(|r| r.strip_suffix([' ', ',']))
            .filter(|r| !r.trim().is_empty())
            .filter(|r| !EN_PARTICLES.contains(w) || closes_as_a_particle(r, &w.to_lowercase()))
            .filter(|r| w != "else" || !NAMES_BEFORE_ELSE.iter().any(|n| r.ends_with(n)))
    }) {
        return Some(rest);
    }
    if ENDS_AS_A_CLOSER.iter().any(|w| said.ends_with(w)) {
        return None;
    }
    TAG_QUESTIONS
        .iter()
        .chain(TAILS_ZH)
        .find_map(|w| said.strip_suffix(w))
        .or_else(|| {
            said.strip_suffix(|c: char| ZH_PARTICLES.contains(&c) || VALUE_CLOSERS_ZH.contains(&c))
        })
        .filter(long_enough)
}

/// `一趟巴黎` → `巴黎`, `两份酸辣粉` → `酸辣粉`, `个暖手宝` → `暖手宝`: a leading count and
/// measure word, when a word of two or more characters follows (`一个家` keeps its
/// one-character thing).
fn without_count(said: &str) -> &str {
    // `俩口罩`: `俩` and `仨` are a count with its measure word.
    if let Some(rest) = said
        .strip_prefix(['俩', '仨'])
        .filter(|r| r.chars().count() >= 2)
    {
        return rest;
    }
    let rest = said.trim_start_matches(|c: char| NUMERALS.contains(c));
    // A measure word with no count may start a name (`条纹衬衫`, `张小泉`); `个` does not.
    if rest.len() == said.len() && !said.starts_with('个') {
        return said;
    }
    // `两双肩包`: the count goes with a word that starts with a measure's character.
    if measure_led(rest) {
        return rest;
    }
    let mut chars = rest.chars();
    match chars.next() {
        Some(c)
            if (MEASURE_WORDS.contains(c) || c == '个') && chars.as_str().chars().count() >= 2 =>
        {
            chars.as_str()
        }
        _ => said,
    }
}

/// `给这台空气炸锅` → `空气炸锅`, `这款保温杯` → `保温杯`: a word pointing at the thing (and the
/// `给` it is given to a verb with) is no part of its name, when a word of two or more
/// characters follows.
fn without_pointer(said: &str) -> &str {
    let rest = said.strip_prefix('给').unwrap_or(said);
    match pointer_len(rest) {
        Some(len) if rest[len..].chars().count() >= 2 => &rest[len..],
        _ => said,
    }
}

/// The length in bytes of a pointer at the start of `text`: `这` or `那` and a measure word
/// (`这盒`, `这本`, `那瓶`), `个`, `款` or `种` — whatever the measure, it points at one thing;
/// `几` or `两` before the measure points at several of it (`这几款`, `那两个`).
pub(super) fn pointer_len(text: &str) -> Option<usize> {
    let rest = text.strip_prefix(['这', '那'])?;
    let rest = rest.strip_prefix(['几', '两']).unwrap_or(rest);
    let c = rest.chars().next()?;
    (MEASURE_WORDS.contains(c) || "个款种".contains(c))
        .then(|| text.len() - rest.len() + c.len_utf8())
}

/// Cleans every free-text slot of `intent` by [`edges`]; a slot of which nothing is left is
/// dropped (the context may fill it: `they've` is the shop in view).
pub fn tidy(intent: &mut Intent) {
    let kind = intent.kind;
    intent.slots.retain(|name, value| {
        let text_like = kind
            .slot(name)
            .is_some_and(|spec| matches!(spec.ty, SlotType::Text | SlotType::City));
        match value.as_text() {
            Some(said) if text_like => match edges(said).map(|v| chinese_brackets(&v)) {
                Some(clean) => {
                    if clean != said {
                        *value = super::taxonomy::SlotValue::Text(clean);
                    }
                    true
                }
                None => false,
            },
            _ => true,
        }
    });
}

/// `海底捞(武林店)` as `海底捞（武林店）`: the brackets of a name written in Chinese are the
/// full-width ones it is written with (the parser's normal form has turned them half-width).
fn chinese_brackets(value: &str) -> String {
    if value.is_ascii() || !value.contains(['(', ')']) {
        return value.to_string();
    }
    value.replace('(', "（").replace(')', "）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_and_measure_word_before_a_value_are_taken_off() {
        assert_eq!(edges("给这台空气炸锅").as_deref(), Some("空气炸锅"));
        // A pointer at a place after its name.
        assert_eq!(edges("新荣记那家").as_deref(), Some("新荣记"));
        assert_eq!(edges("那家").as_deref(), Some("那家"));
        assert_eq!(edges("has king crab").as_deref(), Some("king crab"));
        assert_eq!(
            edges("kung pao chicken be great").as_deref(),
            Some("kung pao chicken")
        );
        assert_eq!(edges("一趟巴黎").as_deref(), Some("巴黎"));
        assert_eq!(edges("两份酸辣粉").as_deref(), Some("酸辣粉"));
        assert_eq!(edges("个暖手宝").as_deref(), Some("暖手宝"));
    }

    #[test]
    fn a_hedge_before_a_place_is_no_part_of_it() {
        assert_eq!(edges("最好在湖滨").as_deref(), Some("湖滨"));
        assert_eq!(edges("尽量在黄龙体育中心").as_deref(), Some("黄龙体育中心"));
        assert_eq!(
            edges("ideally somewhere Qianjiang New Town").as_deref(),
            Some("Qianjiang New Town")
        );
    }

    #[test]
    fn verbs_of_getting_browsing_and_asking_at_the_start_are_taken_off() {
        assert_eq!(edges("got humidifier").as_deref(), Some("humidifier"));
        assert_eq!(
            edges("shop around switch oled").as_deref(),
            Some("switch oled")
        );
        assert_eq!(
            edges("ask got hand warmers").as_deref(),
            Some("hand warmers")
        );
        assert_eq!(edges("看 戴森吹风机").as_deref(), Some("戴森吹风机"));
    }

    #[test]
    fn what_is_done_before_is_no_part_of_where_one_goes() {
        assert_eq!(edges("吃完 家").as_deref(), Some("家"));
        assert_eq!(edges("看完展览 湖滨银泰").as_deref(), Some("湖滨银泰"));
        assert_eq!(edges("下班后 公司").as_deref(), Some("公司"));
    }

    #[test]
    fn when_it_is_asked_said_after_the_thing_is_taken_off() {
        assert_eq!(edges("durian right now").as_deref(), Some("durian"));
        assert_eq!(edges("oat milk today").as_deref(), Some("oat milk"));
        assert_eq!(leftover("have durian right now").as_deref(), Some("durian"));
    }

    #[test]
    fn what_closes_the_sentence_is_no_part_of_a_value() {
        assert_eq!(edges("锄头 噢").as_deref(), Some("锄头"));
        assert_eq!(edges("这 五金店 噢").as_deref(), Some("五金店"));
        assert_eq!(
            edges("先 浙江自然博物院").as_deref(),
            Some("浙江自然博物院")
        );
        assert_eq!(edges("宿舍今晚").as_deref(), Some("宿舍"));
        assert_eq!(edges("知味观今朝").as_deref(), Some("知味观"));
        assert_eq!(edges("看下仓库").as_deref(), Some("仓库"));
        assert_eq!(edges("得不得 五金店").as_deref(), Some("五金店"));
        assert_eq!(edges("sinigang naman").as_deref(), Some("sinigang"));
        assert_eq!(edges("so eggs").as_deref(), Some("eggs"));
        // A tag question closes a value, and alone is none; so is a pronoun alone.
        assert_eq!(edges("排骨晓得不").as_deref(), Some("排骨"));
        assert_eq!(edges("晓得不"), None);
        assert_eq!(edges("知道"), None);
        assert_eq!(
            edges("phone stand you know").as_deref(),
            Some("phone stand")
        );
        assert_eq!(edges("it"), None);
        assert_eq!(edges("雨伞好不好").as_deref(), Some("雨伞"));
        assert_eq!(edges("office lah").as_deref(), Some("office"));
        assert_eq!(edges("Tiger beer ah?").as_deref(), Some("Tiger beer"));
        assert_eq!(
            edges("lao gan ma chilli sauce or not").as_deref(),
            Some("lao gan ma chilli sauce")
        );
        assert_eq!(edges("dorm lol").as_deref(), Some("dorm"));
        assert_eq!(edges("hotel this evening").as_deref(), Some("hotel"));
        assert_eq!(edges("West Lake afterwards").as_deref(), Some("West Lake"));
    }

    #[test]
    fn a_name_that_holds_a_closing_word_keeps_it() {
        assert_eq!(
            edges("Ah Hoi's Kitchen").as_deref(),
            Some("Ah Hoi's Kitchen")
        );
        assert_eq!(edges("lor mee").as_deref(), Some("lor mee"));
        assert_eq!(edges("First Avenue").as_deref(), Some("First Avenue"));
        assert_eq!(edges("哈尔滨").as_deref(), Some("哈尔滨"));
        assert_eq!(edges("小酒吧").as_deref(), Some("小酒吧"));
        assert_eq!(edges("先锋书店").as_deref(), Some("先锋书店"));
        assert_eq!(edges("lah").as_deref(), Some("lah"));
    }

    #[test]
    fn a_pointer_is_this_or_that_and_any_measure_word() {
        assert_eq!(pointer_len("这盒彩铅"), Some("这盒".len()));
        assert_eq!(pointer_len("那本绘本"), Some("那本".len()));
        assert_eq!(pointer_len("这家店"), None);
        assert_eq!(pointer_len("这几款助听器"), Some("这几款".len()));
        assert_eq!(edges("这本绘本").as_deref(), Some("绘本"));
    }

    #[test]
    fn a_linking_particle_at_either_end_is_taken_off() {
        assert_eq!(edges("喜茶的").as_deref(), Some("喜茶"));
        assert_eq!(edges("的茶香鸡").as_deref(), Some("茶香鸡"));
    }

    #[test]
    fn a_pronoun_in_a_contraction_names_no_one() {
        assert_eq!(edges("they've"), None);
        assert_eq!(edges("they've got oat milk").as_deref(), Some("oat milk"));
        assert_eq!(edges("we're airport").as_deref(), Some("airport"));
    }

    #[test]
    fn nothing_inside_a_value_is_cut() {
        assert_eq!(edges("旅行枕").as_deref(), Some("旅行枕"));
        assert_eq!(edges("五号电池").as_deref(), Some("五号电池"));
        assert_eq!(edges("条纹衬衫").as_deref(), Some("条纹衬衫"));
        assert_eq!(edges("张小泉").as_deref(), Some("张小泉"));
        assert_eq!(leftover("用的双肩包").as_deref(), Some("双肩包"));
        assert_eq!(leftover("双肩包").as_deref(), Some("双肩包"));
        assert_eq!(edges("一个双肩包").as_deref(), Some("双肩包"));
        assert_eq!(
            edges("Three Pools Mirroring the Moon").as_deref(),
            Some("Three Pools Mirroring the Moon")
        );
        assert_eq!(edges("一个家").as_deref(), Some("一个家"));
        assert_eq!(edges("外婆家的茶香鸡").as_deref(), Some("外婆家的茶香鸡"));
    }
}
