//! The request gate: whether a clause asks the assistant for something now, or only tells
//! something. A clause is held back — it makes no intent and lends no words to another — when
//! the wearer refuses the thing (`I don't need a hotel`, `不用订酒店`), speaks of someone
//! else's plans (`my brother is flying to …`, `我同事下周去北京出差`), of the past
//! (`昨天点的那家外卖…`, `I already bought …`), of a plan called off (`算了，不去三亚了`,
//! `never mind the trip`), of what might be (`如果我下个月去成都的话`, `if I ever go to …`) or
//! gives an opinion (`I think the hotpot here is overrated`). A request that merely mentions
//! others (`帮我妈买…`, `book for me and my brother`) or that follows the told part in the
//! same clause (`I don't need a hotel, just book the train`) still asks.
//!
//! The vocabulary is the table [`MARKERS`], both languages; [`held`] is the only decision.

use super::lexicon::occurrences;
use super::words::{Words, words};

/// Why a clause asks for nothing now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    /// The wearer turns the thing down (`不用订酒店`, `I don't need a hotel`).
    Refused,
    /// Someone else's plans or wishes, told (`我同事下周去北京`, `my brother is flying to …`).
    SomeoneElse,
    /// Something already done (`昨天点的外卖`, `I already bought the tickets`).
    Past,
    /// A plan given up (`算了`, `never mind the trip`, `后来取消了`).
    CalledOff,
    /// What might be, not what is asked (`如果…的话`, `if I ever …`, `I wish …`).
    Hypothetical,
    /// A judgement, not a request (`我觉得这家咖啡一般般`, `… is overrated`).
    Opinion,
}

impl Held {
    /// Whether the clause's words may still tell the request that follows what it is about
    /// (`我妈想吃小笼包，附近哪里有` looks for xiaolongbao; `如果下个月去成都，帮我看看机票`
    /// plans that trip): someone else's wish, a condition and an opinion lend their words; a
    /// refusal, the past and a plan called off never do (`我不去北京了，改去天津` is Tianjin).
    pub fn lends_words(self) -> bool {
        matches!(self, Held::SomeoneElse | Held::Hypothetical | Held::Opinion)
    }
}

/// Words that mark a clause as told rather than asked, per reason. A marker holds the clause
/// only when no request word ([`ASKS`]) follows it in the same clause. Markers of
/// [`Held::SomeoneElse`] and [`Held::Hypothetical`] count at the clause's start only (after
/// fillers and time words: [`LEADING`]); the short refusals (`不`, `别`, `没`, `don't`) only
/// before a verb of asking, going or getting ([`REFUSED_VERBS`]).
pub const MARKERS: &[(Held, &[&str])] = &[
    (
        Held::Refused,
        &[
            "不需要",
            "no need",
            "不用",
            "不想",
            "不打算",
            "没打算",
            "不准备",
            "没必要",
            "不是",
            "别",
            "不",
            "没",
            "don't",
            "do not",
            "not going to",
            "not planning",
            "won't",
            "wouldn't",
            "no longer",
            "not anymore",
            // `I cannae be bothered walking`, `懒得走`: the wearer's reluctance, a reason told.
            "can't be bothered",
            "cannot be bothered",
            "too lazy to",
            "懒得",
        ],
    ),
    (
        Held::SomeoneElse,
        &[
            "我老公",
            "我老婆",
            "我爸妈",
            "我妈",
            "我爸",
            "我父母",
            "我哥",
            "我姐",
            "我弟",
            "我妹",
            "我儿子",
            "我女儿",
            "我同事",
            "我朋友",
            "我闺蜜",
            "我室友",
            "我老板",
            "我领导",
            "我男朋友",
            "我女朋友",
            "我家人",
            "我客户",
            "我的客户",
            "他",
            "她",
            "my husband",
            "my wife",
            "my mom",
            "my mum",
            "my dad",
            "my parents",
            "my brother",
            "my sister",
            "my son",
            "my daughter",
            "my kids",
            "my friends",
            "my friend",
            "my colleague",
            "my coworker",
            "my boss",
            "my roommate",
            "my boyfriend",
            "my girlfriend",
            "my partner",
            "my client",
            "my clients",
            "he ",
            "she ",
            "he's",
            "she's",
            "他们说",
            "大家说",
            "听说",
            "据说",
            "people say",
            "they say",
            "i heard",
            "i hear",
        ],
    ),
    (
        Held::Past,
        &[
            "昨天",
            "昨晚",
            "前几天",
            "前天",
            "上周",
            "上个月",
            "上次",
            "去年",
            "上礼拜",
            "已经",
            "刚买",
            "刚从",
            "刚回",
            "回来了",
            "just got back",
            "just came back",
            "买过",
            "去过",
            "买了",
            "订了",
            "点了",
            "去了",
            "本来想",
            "本来打算",
            "原本想",
            "we stayed",
            "i stayed",
            "how much was",
            "how much did",
            "yesterday",
            "last week",
            "last month",
            "last night",
            "last time",
            "last year",
            "ago",
            "i already",
            "we already",
            "i've already",
            "bought",
            "i ordered",
            "we ordered",
            "just ordered",
            "i booked",
            "we booked",
            "just booked",
            "i went",
            "we went",
            "i've been",
            "was going to",
            // `I used to live in Xi'an`: how it was, told.
            "i used to",
            "we used to",
            "were going to",
            "got back",
        ],
    ),
    (
        Held::CalledOff,
        &[
            "算了",
            "取消了",
            "不去了",
            "作罢",
            "取消行程",
            "scrap the",
            "ditch the",
            "cancel the trip",
            "cancel my trip",
            "cancelled",
            "canceled",
            "got delayed",
            "is delayed",
            "was delayed",
            "were delayed",
            "been delayed",
            "延误",
            "晚点了",
            "hold off",
            "先不",
            "never mind",
            "forget the",
            "forget about",
            "forget it",
            "changed my mind",
            "called off",
            "on second thought",
        ],
    ),
    (
        Held::Hypothetical,
        &[
            "如果",
            "要是",
            "假如",
            "万一",
            "假设",
            "if ",
            "i'd have",
            "i would have",
            "we would have",
            "要不是",
            "what if",
            "suppose",
            "i wish",
            "wish i could",
            "it would be nice",
            // `thinking whether to order dinner or not`, `纠结要不要点外卖`: a choice weighed,
            // not yet made.
            "thinking whether",
            "thinking if",
            "纠结要不要",
            "犹豫要不要",
            "在想要不要",
            "考虑要不要",
        ],
    ),
    (
        Held::Opinion,
        &[
            "overrated",
            "overpriced",
            "not worth",
            "一般般",
            "难吃",
            "不好吃",
            "不怎么样",
            "太贵",
            "真不错",
            "挺不错",
            "真好吃",
            "太好吃",
            "amazing",
            "delicious",
            "贵死了",
            "terrible",
            "awful",
            // `Hangzhou winter is no joke`, `冷死了`: how hard something is, felt.
            "no joke",
            "brutal",
            "受不了",
            "冷死了",
            "热死了",
            // `I prefer cycling to the office`: a habit of liking, told.
            "i prefer",
            "we prefer",
            // `要不得`, `不得行` (southwestern: no good); a price the same everywhere.
            "要不得",
            "不得行",
            "same price",
            "same same",
            "价格都一样",
            "价钱都一样",
            "都一个价",
            // `这间店装修几靓，就系贵`: dear, and nothing more said, is a judgement; so is being
            // overcharged (`the mall's robbin' me blind`, `宰客`).
            "就是贵",
            "就是有点贵",
            "robbing me blind",
            "daylight robbery",
            "rip-off",
            "ripoff",
            "宰客",
            "坑人",
        ],
    ),
];

/// Words with which a clause asks something of the assistant: after a marker they make the
/// clause a request again (`别订酒店了，帮我订火车票`, `I don't need a hotel, just …`).
pub const ASKS: Words = words![
    "帮我",
    "给我",
    "替我",
    "带我",
    "帮忙",
    "麻烦",
    "请",
    "我要",
    "我想要",
    "我想",
    "改去",
    "改成",
    "换成",
    "换个",
    "只要",
    "而是",
    "还是",
    "再来",
    "再买",
    "再订",
    "再点",
    "再帮",
    "怎么走",
    "怎么去",
    "在哪",
    "哪里",
    "哪儿",
    "导航",
    "please",
    "can you",
    "could you",
    "help me",
    "i want",
    "i need",
    "i'd like",
    "let's",
    "find me",
    "get me",
    // `this street, give me the short story`: what is given is asked for, as with `get me`.
    "give me",
    "book me",
    "book us",
    "buy me",
    "order me",
    "show me",
    "take me",
    "just ",
    "instead",
    " but ",
    "how do i",
    "where",
];

/// What may follow a short refusal for it to refuse (`不去`, `don't need`, `不用帮我订`,
/// `不要了`): a verb of asking, going or getting — not `不远`, `不知道`, `别忘了`, `不辣的`,
/// `不超过200`, `don't forget`.
const REFUSED_VERBS: Words = words![
    "需要", "了", "想", "打算", "买", "订", "去", "点", "叫", "找", "帮", "给", "坐", "导航", "骑",
    "打车", "吃", "住", "飞", "送", "走", "是", "need", "want", "buy", "book", "order", "get",
    "go", "going", "fly", "travel", "plan",
    // `I do not require a hotel`, `I don't think we'll need a car`: the formal verb, and the
    // doubt that refuses what follows it.
    "requir", "think", "believe", "reckon", "suppose", "expect",
];

/// Markers that refuse whatever follows them (`no need for a taxi`, `不需要酒店`, `can't be
/// bothered walking`).
const WHOLE_REFUSALS: Words = words![
    "不需要",
    "no need",
    "no longer",
    "not anymore",
    "not going to",
    "not planning",
    "can't be bothered",
    "cannot be bothered",
    "too lazy to",
    "懒得",
];

/// `我无需订酒店`, `I'm not after a hotel, I'm sorted`: not needed, or already seen to; each
/// refuses whatever follows it, as [`WHOLE_REFUSALS`] do.
const NOT_NEEDED: Words = words![
    "无需",
    "无须",
    "不必",
    "用不着",
    "not after",
    "i'm sorted",
    "we're sorted",
    "all sorted",
    "i'm all set",
    "we're all set",
];

/// Characters before a one-character refusal that make it part of another word (`特别`,
/// `要不`, `差不多`, `对不起`, `来不及`).
pub(super) const GLUED_BEFORE: &str = "特分区告识级类性离要差对了来受忍";

/// Words that may stand before the clause's subject (`嗯，我同事…`, `下周我哥要去…`).
const LEADING: Words = words![
    "嗯",
    "呃",
    "哦",
    "对了",
    "那个",
    "下周",
    "下礼拜",
    "下个礼拜",
    "下星期",
    "下个星期",
    "下个月",
    "明天",
    "后天",
    "周末",
    "这周末",
    "今天",
    "今晚",
    "um ",
    "uh ",
    "so ",
    "oh ",
    "well ",
    "next week ",
    "tomorrow ",
    "this weekend ",
];

/// Words after someone else's name that make them company, not the subject of another's
/// plan (`我妈和我…`, `my brother and i …`).
const WITH_ME: Words = words!["和我", "跟我", "带我", "and i", "and me"];

/// Whether `clause` (normalised) asks for nothing now, and why. `None`: it may ask.
pub fn held(clause: &str) -> Option<Held> {
    let clause = clause.trim();
    let marked = MARKERS.iter().find_map(|(why, words)| {
        let marked = match why {
            Held::SomeoneElse => {
                someone_else(clause, words)
                    || reported_plan(clause)
                    || a_price_told(clause)
                    || hearsay(clause)
            }
            Held::Hypothetical => {
                let rest = subject_start(clause);
                words
                    .iter()
                    .any(|w| rest.starts_with(w) && !asks(&rest[w.len()..]))
            }
            _ => words.iter().any(|w| marks(*why, clause, w)),
        };
        marked.then_some(*why)
    });
    marked
        .or_else(|| {
            let not_needed = NOT_NEEDED.iter().any(|w| marks(Held::Refused, clause, w));
            (not_needed || denies_asking(clause) || no_thing(clause)).then_some(Held::Refused)
        })
        .or_else(|| (done_already(clause) || a_haul_told(clause)).then_some(Held::Past))
        .or_else(|| {
            (too_much(clause)
                || a_state_told(clause)
                || a_comparison_told(clause)
                || wondered_at(clause)
                || taste_weighed(clause))
            .then_some(Held::Opinion)
        })
}

/// `No hotel, thank you`, `nah, no taxi`: `no` before a thing of a few words, said alone, turns
/// it down (`no wait`, `no worries`, `no problem`, `no, I mean …` correct or reassure).
fn no_thing(clause: &str) -> bool {
    let clause = clause.strip_prefix("nah ").unwrap_or(clause);
    clause.strip_prefix("no ").is_some_and(|thing| {
        let first = thing.split(' ').next().unwrap_or("");
        (1..=3).contains(&thing.split(' ').count())
            && !words![
                "wait", "worries", "problem", "i", "sorry", "no", "need", "rush", "way"
            ]
            .contains(first)
            && !asks(thing)
    })
}

/// `我没说要订酒店啊`, `我可没让你买雨伞`, `I never said I wanted a taxi`: a request denied was never
/// made; it refuses what follows it, unless a request word comes after.
fn denies_asking(clause: &str) -> bool {
    const DENIALS: Words = words![
        "没说",
        "没让你",
        "没叫你",
        "never said",
        "didn't say",
        "did not say",
        "never asked",
        "didn't ask",
        "did not ask",
    ];
    DENIALS
        .iter()
        .any(|w| occurrences(clause, w).any(|(_, end)| !asks(&clause[end..])))
        && !a_question(clause)
}

/// `My brother go Guangzhou last week, buy many thing`, `买了一堆东西`: things got by the
/// many, named by no kind (`many things`, `lots of stuff`, `很多东西`), are a haul told — no one
/// asks the assistant to buy "many things" — unless a request word asks for them.
fn a_haul_told(clause: &str) -> bool {
    const HAUL: Words = words![
        "many thing",
        "lots of stuff",
        "lots of things",
        "a lot of stuff",
        "a lot of things",
        "很多东西",
        "好多东西",
        "一堆东西",
        "一大堆东西",
    ];
    HAUL.iter().any(|w| clause.contains(w)) && !asks(clause)
}

/// `my company already booked one for me`, `we've already paid`, `the university has arranged
/// one`: what is already done (`already`, or `has`/`have` after someone, before a verb in the
/// past) asks for nothing, whoever did it; a question (`have you booked`, `has it opened?`)
/// or a request word still asks.
fn done_already(clause: &str) -> bool {
    const IRREGULAR: Words = words![
        "bought", "got", "paid", "made", "sent", "found", "took", "sorted",
    ];
    let past = |end: usize| {
        let next = clause[end..].split_whitespace().next().unwrap_or("");
        (next.len() > 3 && next.ends_with("ed")) || IRREGULAR.contains(next)
    };
    // `has arranged`, `we have booked`, `they've sorted`: after someone (not opening the clause:
    // `have you …`), not a wish to have (`to have`, `let me have`, `can i have fried rice`);
    // `they've got oat milk` has it now.
    const WISHING: Words = words![
        "to", "me", "us", "can", "could", "will", "would", "should", "may",
    ];
    let perfect = words!["has ", "have ", "'ve "]
        .iter()
        .flat_map(|w| {
            clause
                .match_indices(w)
                .map(move |(at, _)| (at, at + w.len()))
        })
        .any(|(at, end)| {
            let before = clause[..at].trim_end();
            let who = before.rsplit(' ').next().unwrap_or("");
            !who.is_empty()
                && (clause[..at].ends_with(' ') || clause[at..].starts_with('\''))
                && !WISHING.contains(who)
                && past(end)
                && !clause[end..].starts_with("got")
        });
    (occurrences(clause, "already").any(|(_, end)| past(end)) || (perfect && !a_question(clause)))
        && !asks(clause)
}

/// `我觉得苏州比杭州好玩`, `这家店的菜比我们萧山贵多了`, `Hangzhou is prettier than Shanghai`: one
/// thing said to be more of a quality than another is a judgement, unless asked (`这个比京东贵吗`,
/// `is it cheaper than Taobao`), asked for (`find a hotel cheaper than this one`) or a bound on
/// a number (`cheaper than 300`).
fn a_comparison_told(clause: &str) -> bool {
    const ASKING: Words = words!["哪", "什么", "多少", "吗", "几", "么", "呢", "谁", "?"];
    let zh = clause.match_indices('比').any(|(at, c)| {
        let rest = &clause[at + c.len()..];
        !clause[..at].ends_with(['对', '好'])
            && !rest.starts_with(['价', '较', '一', '比', '对', '如', '赛'])
            && !rest.is_empty()
            && super::numbers::find_numbers(rest)
                .first()
                .is_none_or(|n| n.start > 0 && !rest[..n.start].trim().is_empty())
    }) && !ASKING.iter().any(|w| clause.contains(w));
    let en = occurrences(clause, "than").any(|(start, end)| {
        let before = clause[..start].trim_end();
        let compared = before
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.len() > 3 && w.ends_with("er"))
            || before
                .split(' ')
                .rev()
                .take(3)
                .any(|w| words!["more", "less"].contains(w));
        let after = clause[end..].trim_start();
        compared
            && !after.starts_with(|c: char| c.is_ascii_digit())
            && super::numbers::find_numbers(after)
                .first()
                .is_none_or(|n| n.start > 0)
    }) && !a_question(clause)
        && !starts_with_a_request(clause);
    (zh || en) && !asks(clause)
}

/// `老板说这个要一百八`, `the vendor said it's 200 yuan`: a price someone else said (someone
/// before `说`/`said`, a number after it) is told, unless asked (`他说要一百八，贵吗`) or a
/// request follows in the clause.
fn a_price_told(clause: &str) -> bool {
    let rest = subject_start(clause);
    let told = words!["说", " said ", " says ", " told me "]
        .iter()
        .filter_map(|w| rest.find(w).map(|at| (&rest[..at], &rest[at + w.len()..])))
        .find(|(who, _)| {
            let count = who.chars().count();
            (1..=12).contains(&count) && !who.ends_with(['我', '你', '小']) && *who != "i"
        });
    // The number is a price: it closes what was said, or only a unit of money follows it.
    let a_price = |said: &str| {
        super::numbers::find_numbers(said).iter().any(|n| {
            let after = said[n.end..].trim();
            words!["", "块", "元", "块钱", "rmb", "yuan", "kuai", "bucks"].contains(after)
        })
    };
    told.is_some_and(|(_, said)| a_price(said) && !asks(said))
        && !a_question(clause)
        && !["多少", "几", "?", "how much"]
            .iter()
            .any(|w| clause.contains(w))
}

/// `哎哟杭州的东西咋这么贵`, `我们温州便宜多了`, `腿都骑断了`, `why is everything so expensive here`,
/// `what a rip-off`: a price or taste wondered at (`咋`/`怎么` + `这么`/`那么`, `why is … so
/// expensive`), a difference said without `比` (`便宜多了`, `贵得多`), how far it went (`都` …
/// `了` closing the clause) or an exclamation (`what a …`) is felt and told; a request word or
/// a question about it (`是不是便宜多了`) still asks.
fn wondered_at(clause: &str) -> bool {
    let said = clause.trim_end_matches(['啊', '呀', '吧', '!', ' ']);
    // Of a price or a taste, felt (`why is this bridge so famous` asks the guide).
    // Of the weather and the way too (`咋这么潮`, `怎么这么冷`, `这么远`).
    const FELT: Words = words![
        "贵", "便宜", "咸", "甜", "辣", "难吃", "挤", "吵", "黑", "潮", "冷", "热", "闷", "湿",
        "晒", "干", "远", "慢",
    ];
    let wondered = words!["咋这么", "咋那么", "怎么这么", "怎么那么"]
        .iter()
        .any(|w| {
            occurrences(said, w).any(|(_, end)| FELT.iter().any(|f| said[end..].starts_with(f)))
        })
        || occurrences(said, "why").any(|(_, end)| {
            let rest = &said[end..];
            words![" is ", " are "].iter().any(|v| rest.starts_with(v))
                && words![" so expensive", " so pricey", " so dear", " so overpriced"]
                    .iter()
                    .any(|w| rest.contains(w))
        });
    let differs = words!["多了", "得多"].iter().any(|w| {
        said.strip_suffix(w).is_some_and(|before| {
            let quality: String = before.chars().rev().take(2).collect();
            quality.chars().count() == 2 && !quality.contains(['不', '太', '吃', '喝', '买'])
        })
    });
    // `腿都骑断了`: `都`, then two or three characters of what happened, `了`.
    let so_far = said.strip_suffix('了').is_some_and(|before| {
        before.rfind('都').is_some_and(|at| {
            let happened = &before[at + '都'.len_utf8()..];
            (2..=3).contains(&happened.chars().count())
                && happened.chars().all(|c| !c.is_ascii())
                && super::numbers::find_numbers(happened).is_empty()
        })
    });
    // `what a rip-off`, `what a mess`: an exclamation, not a question; `好便宜`, `真贵`,
    // `so cheap`: a price said with a word of degree closing the clause.
    let exclaimed = words!["what a ", "what an "]
        .iter()
        .any(|w| said.starts_with(w))
        || words!["好", "真", "挺", "蛮", "超", "太", "这么", "那么", "so "]
            .iter()
            .any(|d| {
                words!["便宜", "贵", "划算", "实惠", "cheap", "expensive", "pricey"]
                    .iter()
                    .any(|p| said.ends_with(&format!("{d}{p}")))
            });
    // `重庆买才几块钱`: how little it costs elsewhere (`才`, a count, a unit of money), told.
    let so_little = said.rfind('才').is_some_and(|at| {
        let after = &said[at + '才'.len_utf8()..];
        after.starts_with(|c: char| c.is_ascii_digit() || "几一两二三四五六七八九十".contains(c))
            && words!["块钱", "块", "元", "毛钱"]
                .iter()
                .any(|u| after.ends_with(u))
    });
    (wondered || differs || so_far || exclaimed || so_little)
        && !asks(clause)
        && !a_question(clause)
}

/// Verbs an English request opens with (`find a hotel cheaper than this one`).
fn starts_with_a_request(clause: &str) -> bool {
    const OPENING: Words = words![
        "find",
        "book",
        "get",
        "buy",
        "order",
        "show",
        "take",
        "plan",
        "search",
        "look",
        "navigate",
        "recommend",
    ];
    let first = subject_start(clause).split([' ', ',']).next().unwrap_or("");
    OPENING.contains(first)
}

/// `Which is better for a weekend, Hangzhou or Suzhou?`, `杭州和苏州哪个好玩`: two cities (or a
/// city and another place set against it by `or`, `还是`) weighed against each other, for an opinion, ask for no trip (`plan a weekend in Hangzhou or Suzhou`,
/// `帮我看看去杭州还是苏州` do: a request word or verb).
pub fn weighs_two_cities(text: &str) -> bool {
    const WEIGHING: Words = words![
        "which", "better", "nicer", "prettier", "哪个", "更好", "好玩", "比",
    ];
    let mut cities: Vec<&str> = super::lexicon::find_all(text, super::lexicon::CITIES)
        .iter()
        .map(|c| c.canonical)
        .collect();
    cities.sort_unstable();
    cities.dedup();
    // `Nanjing or Wuxi, which…`: a listed city set against another place by `or`/`还是`.
    let set_against = !cities.is_empty()
        && words![" or ", "还是"].iter().any(|w| text.contains(w))
        && occurrences(text, "which").next().is_some() | text.contains("哪个");
    (cities.len() >= 2 || set_against)
        && WEIGHING
            .iter()
            .any(|w| occurrences(text, w).next().is_some())
        && !asks(text)
        && !starts_with_a_request(text)
}

/// `你说我元旦要不要去成都啊，纠结`, `should I go to Chengdu or not, I can't decide`: a choice
/// weighed (`要不要`, `去不去`, `该不该`, `should i`, `whether to`) that the wearer says is not yet
/// made (`纠结`, `犹豫`, `没想好`, `can't decide`, `torn`) is thought aloud and asks for nothing;
/// a request word (`纠结要不要去成都，帮我看看机票`) or opening verb still asks, and a choice
/// weighed alone (`要不要去成都玩两天`) is left to the clauses.
pub fn still_weighed(text: &str) -> bool {
    const WEIGHING: Words = words![
        "要不要",
        "去不去",
        "该不该",
        "买不买",
        "订不订",
        "should i",
        "should we",
        "whether to",
        "whether i",
    ];
    const UNDECIDED: Words = words![
        "纠结",
        "犹豫",
        "拿不定",
        "没想好",
        "想不好",
        "定不下来",
        "can't decide",
        "cannot decide",
        "can't make up my mind",
        "torn",
        "on the fence",
        "undecided",
        // `should I fly or take the train? I'll decide later`, `再说吧`: left for later.
        "decide later",
        "i'll decide",
        "i'll see",
        "再说吧",
        "到时候再说",
        "回头再定",
    ];
    let said = |words: Words| words.iter().any(|w| occurrences(text, w).next().is_some());
    said(WEIGHING) && said(UNDECIDED) && !asks(text) && !starts_with_a_request(text)
}

/// `the hotel pool is heated`, `my room is freezing`: how a thing is, said of it by name and
/// not asked, tells why; it asks nothing (`my wife and I are going …`, `the hotel is full, find
/// another` keep their requests: someone going, or a request word, is no state).
fn a_state_told(clause: &str) -> bool {
    let rest = subject_start(clause);
    let Some(subject) = words!["the ", "my ", "our "]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
    else {
        return false;
    };
    let Some((who, state)) = words![" is ", " are ", " was ", " were "]
        .iter()
        .filter_map(|v| subject.split_once(v))
        .min_by_key(|(who, _)| who.len())
    else {
        return false;
    };
    let state = state.trim_start_matches("not ").trim_start();
    who.split(' ').count() <= 3
        && !who.contains(" and ")
        && !GOING.iter().any(|g| state.starts_with(g))
        && !asks(clause)
        && !a_question(clause)
}

/// `Hangzhou food is a bit too sweet for me`, `成都的菜太辣了`: something said to be too much
/// of a quality is a judgement, unless asked (`is it too far`), wished against (`not too
/// spicy`, `别太辣`) or said with a request (`find me somewhere less crowded, it's too noisy
/// here` asks).
fn too_much(clause: &str) -> bool {
    let en = occurrences(clause, "too").any(|(start, end)| {
        let next = clause[end..].trim_start();
        !next.is_empty()
            && next.starts_with(|c: char| c.is_ascii_alphabetic())
            && !clause[..start].trim_end().ends_with("not")
    });
    // `太辣了`, `太挤了`: `太`, a quality of one or two characters, `了`; not `太太`, `太原`.
    let zh = clause.match_indices('太').any(|(at, w)| {
        let rest = &clause[at + w.len()..];
        let quality: Vec<char> = rest
            .chars()
            .take_while(|c| *c != '了' && *c != '啦')
            .collect();
        let before = clause[..at].chars().next_back();
        (1..=2).contains(&quality.len())
            && quality.iter().all(|c| !c.is_ascii() && *c != '太')
            && rest[quality.iter().map(|c| c.len_utf8()).sum::<usize>()..].starts_with(['了', '啦'])
            && before.is_none_or(|b| !"不别".contains(b))
    });
    (en || zh) && !asks(clause) && !a_question(clause)
}

/// Whether a request word ([`ASKS`]) is in `text`.
/// ` but ` asks (`not a hotel but a hostel`) unless the wearer's own doubt or thing follows it
/// (`I was gonna buy boots but I reckon mine'll do`).
pub fn asks(text: &str) -> bool {
    ASKS.iter().any(|a| {
        occurrences(text, a).any(|(_, end)| {
            a != " but "
                || !words!["i ", "i'", "we ", "we'", "it ", "it'", "mine", "they"]
                    .iter()
                    .any(|w| text[end..].trim_start().starts_with(w))
        })
    })
}

/// `这不是断桥吗`, `is this overpriced`: a question asks, whatever it holds.
fn a_question(clause: &str) -> bool {
    // `这双还有货没`, `还卖不`: a closing `没`/`不` asks, as `吗` does.
    let closing = clause.trim_end_matches(['啊', '呀', '?', ' ']);
    clause.ends_with(['吗', '么', '呢'])
        || (closing.ends_with(['没', '不']) && closing.chars().count() > 2)
        || words!["会不会", "是不是", "贵不贵", "好不好", "值不值"]
            .iter()
            .any(|w| clause.contains(w))
        || words![
            "is ", "are ", "does ", "do ", "was ", "isn't ", "can ", "could ", "will ", "am ",
            "should ", "would ",
        ]
        .iter()
        .any(|w| clause.starts_with(w))
}

/// Whether marker `word` of reason `why` holds `clause`.
fn marks(why: Held, clause: &str, word: &str) -> bool {
    if matches!(why, Held::Refused | Held::Opinion) && a_question(clause) {
        return false;
    }
    occurrences(clause, word).any(|(start, end)| {
        // `昨晚就一直很想吃肠粉`: what has lasted since then lasts now.
        if why == Held::Past && lasts_till_now(&clause[end..]) {
            return false;
        }
        if why != Held::Refused || WHOLE_REFUSALS.contains(word) || NOT_NEEDED.contains(word) {
            return !asks(&clause[end..]);
        }
        let before = clause[..start].chars().next_back();
        let after = clause[end..].chars().next();
        // `是不是`, `要不要`, `有没有`: a question, not a refusal.
        let glued = word.chars().count() == 1
            && before.is_some_and(|b| GLUED_BEFORE.contains(b) || Some(b) == after);
        !glued
            && (refused_rest(&clause[end..]).is_some_and(|rest| !asks(rest))
                || refuses_a_thing(&clause[..start], &clause[end..]))
    })
}

/// `咱不要酒店`, `我不要外卖`: `不要` said first by the wearer, before a thing rather than a wish
/// about one (`不要太辣`, `不要辣的`), refuses the thing.
fn refuses_a_thing(before: &str, rest: &str) -> bool {
    let Some(thing) = rest.strip_prefix('要') else {
        return false;
    };
    let thing = thing.trim_end_matches(['了', '啊', '呀', '吧', ' ']);
    words!["", "我", "咱", "我们", "咱们"].contains(before.trim())
        && !thing.is_empty()
        && !thing.ends_with('的')
        && !thing.starts_with(['太', '那', '这', '再'])
        // `不要超过两百`: a bound on a number is a wish, not a thing.
        && super::numbers::find_numbers(thing).is_empty()
        && !asks(thing)
}

/// Whether the words after a past marker say it has lasted until now (`…就一直`, `…到现在`).
fn lasts_till_now(rest: &str) -> bool {
    let rest = rest.trim_start().trim_start_matches(['就', '都', '我']);
    words!["一直", "到现在"].iter().any(|w| rest.starts_with(w))
}

/// After a short refusal: the words after the refused verb, when a verb of asking, going or
/// getting follows (`不去`, `don't need`, `不用帮我订`); `None` when none does.
fn refused_rest(rest: &str) -> Option<&str> {
    let rest = rest.trim_start();
    let rest = words!["really ", "even ", "to ", "be ", "再", "要", "用"]
        .iter()
        .find_map(|w| rest.strip_prefix(w).filter(|r| !r.is_empty()))
        .unwrap_or(rest)
        .trim_start();
    if rest.is_empty() {
        return Some(rest);
    }
    let verb = REFUSED_VERBS.iter().find(|v| rest.starts_with(*v))?;
    // `不用帮我订…`: the help refused is no request.
    let rest = &rest[verb.len()..];
    Some(
        words!["我", "我们"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
            .unwrap_or(rest),
    )
}

/// `我同事下周去北京`, `my brother is flying to …`, `听说…`: someone else is the clause's subject
/// (or what is told is hearsay), not as the wearer's company (`我妈和我…`) nor as the shop in
/// view (`他们家`, `他们今天开到几点`), and nothing is asked of the assistant.
fn someone_else(clause: &str, words: &[&str]) -> bool {
    // `咱老伴说…`, `咱闺女…`: the elderly `咱` is the wearer's `我`.
    let spoken = subject_start(clause);
    let mine = spoken
        .strip_prefix("咱们")
        .or_else(|| spoken.strip_prefix('咱'))
        .map(|r| format!("我{r}"));
    let rest = mine.as_deref().unwrap_or(spoken);
    // `我孙女下个月要去…`: any of the wearer's people named first, listed here or as company;
    // `my advisor is going …`: or one by role, with a person's ending, who does something.
    let kin = super::company::kin_at_start(rest)
        .or_else(|| person_by_role(rest))
        .map(|len| &rest[..len]);
    let Some(who) = words
        .iter()
        .copied()
        .filter(|w| rest.starts_with(*w))
        .chain(kin)
        .max_by_key(|w| w.len())
    else {
        return false;
    };
    let after = &rest[who.len()..];
    // `他们家…`, `他们今天开到几点`: the shop in view by its people; but `他们下个礼拜去广州`
    // (`佢哋…`): others going somewhere is their plan.
    if matches!(who, "他" | "她")
        && (after.starts_with('家')
            || after.starts_with('们') && !goes(subject_start(&after['们'.len_utf8()..])))
    {
        return false;
    }
    let after = after.trim_start_matches('们').trim_start();
    // `我老公说要给我买个包`, `我女儿说周末要带我去乌镇玩`, `my daughter says she'll take me to
    // Wuzhen`: what someone said they will do (time words between) is told, whatever it holds.
    let said = words!["说", "says ", "said "]
        .iter()
        .find_map(|w| after.strip_prefix(w))
        .map(subject_start);
    let said_they_will = said.is_some_and(|said| {
        words![
            "要", "他要", "她要", "会", "带我", "he'll", "she'll", "he'd", "she'd", "they'll",
            "he will", "she will",
        ]
        .iter()
        .any(|w| said.starts_with(w))
    });
    !WITH_ME.iter().any(|w| after.starts_with(w)) && (said_they_will || !asks(clause))
}

/// Words before `说` that make it part of another word or the wearer's own saying (`小说`,
/// `再说`, `怎么说`, `比如说`, `所以说`, `我说`, `你说`, `我没说`, `我都说`), or a thing written
/// (`上面说`).
const NOT_A_SAYER: &str = "小再么如以是者虽传解演听我你您上面写据说没不都就也又才还刚";
/// What follows `说` when it is no one's saying told but asking to be told (`说说`, `说一下`,
/// `说两句`), a word of its own (`说明`, `说法`, `说服`) or what was said as a thing (`说的`).
const NOT_SAID_AFTER: &str = "说明一两的服法清出完起个了点";
/// Who says something in English without being someone (`the sign says`, `it says`).
const NOT_SAYERS: Words = words![
    "i", "you", "we", "it", "this", "that", "sign", "menu", "label", "map", "app", "board",
];

/// `爸爸说周六带我去上海迪士尼`, `我屋里那口子说下个月也要来杭州`, `My coach says we fly to Xiamen
/// next week`, `Your man said the ramen in that place is savage`: what someone else (a few
/// words, not the wearer, the listener nor a thing written) says or said, with nothing asked
/// in it (`my wife says book a hotel` asks: an opening verb) and no question, is hearsay told,
/// whoever it names; it lends its words to the request after it.
fn hearsay(clause: &str) -> bool {
    let rest = subject_start(clause);
    let zh = rest.match_indices('说').any(|(at, _)| {
        let who = &rest[..at];
        (1..=10).contains(&who.chars().count())
            && who.chars().all(|c| !c.is_ascii())
            && !who.ends_with(|c: char| NOT_A_SAYER.contains(c))
            && !who.starts_with(['你', '您'])
            && !asks(who)
            && !words!["帮", "给", "跟", "和", "问", "对", "向"]
                .iter()
                .any(|w| who.contains(w))
            && !said_as_asked(&rest[at + '说'.len_utf8()..])
            && told_not_asked(&rest[at + '说'.len_utf8()..])
    });
    let en = words![" says ", " said ", " told me ", " reckons "]
        .iter()
        .filter_map(|w| rest.find(w).map(|at| (&rest[..at], &rest[at + w.len()..])))
        .any(|(who, said)| {
            let names = who.split(' ').count();
            (1..=5).contains(&names)
                && who.split(' ').all(|w| !NOT_SAYERS.contains(w))
                && who
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || " '".contains(c))
                && told_not_asked(said)
        });
    (zh || en) && !a_question(clause)
}

/// Whether the words after `说` make it a request to be told or a word of its own
/// ([`NOT_SAID_AFTER`]; `说下` too, but not `说下个月…`, `说下周…`).
fn said_as_asked(after: &str) -> bool {
    after.starts_with(|c: char| NOT_SAID_AFTER.contains(c))
        || after.strip_prefix('下').is_some_and(|rest| {
            !rest.starts_with(['个', '周', '礼', '星', '午', '次', '班', '雨', '雪', '月'])
        })
}

/// Whether what was said (`…说` on) asks nothing of the assistant: no request word, no opening
/// verb of a request (`book a hotel`), no question put through them (`老板说这个多少钱`); `带我`
/// there is what they will take the wearer to.
fn told_not_asked(said: &str) -> bool {
    let said = said.trim_start_matches([' ', ',', ':']);
    // `老板说这个多少钱`: a question put through someone asks.
    let put = words![
        "多少", "几", "哪", "什么", "怎么", "?", "how ", "what ", "where ", "which "
    ]
    .iter()
    .any(|w| said.contains(w));
    !said.is_empty() && !put && !asks(&said.replace("带我", "")) && !starts_with_a_request(said)
}

/// `您说杭州的包子跟狗不理比哪个好吃`, `which tastes better, this or Goubuli`: two things weighed
/// for how good they are to eat, see or play (not for price: `这个跟京东比哪个便宜` compares) ask
/// an opinion, no request.
fn taste_weighed(clause: &str) -> bool {
    const GOOD: Words = words!["好吃", "好喝", "好玩", "好看", "更好", "地道", "正宗"];
    let zh = clause.contains('比')
        && words!["哪个", "哪家", "谁家"]
            .iter()
            .any(|w| clause.contains(w))
        && GOOD.iter().any(|w| clause.contains(w));
    let en = words![
        "which tastes better",
        "which is tastier",
        "which one tastes better"
    ]
    .iter()
    .any(|w| clause.contains(w));
    (zh || en) && !asks(clause)
}

/// `女儿说婚礼完了她们小两口自己去三亚`, `she said they're flying to Kunming`: what someone
/// said others will do — a third person (`他们`, `她`, `they`, `he`) as the subject after `说`
/// or `said` — is their plan, told, unless the wearer asks in it.
fn reported_plan(clause: &str) -> bool {
    let rest = subject_start(clause);
    let told = words!["说", " said ", " says ", " told me "]
        .iter()
        .filter_map(|w| rest.find(w).map(|at| (&rest[..at], &rest[at + w.len()..])))
        .find(|(who, _)| !who.is_empty() && !who.ends_with(['我', '你']) && *who != "i");
    let Some((_, after)) = told else {
        return false;
    };
    let after = after.strip_prefix("that ").unwrap_or(after);
    let third = words!["他们", "她们", "他", "她"]
        .iter()
        .any(|p| after.contains(p) && !after.contains("他们家") && !after.contains("她们家"))
        || super::lexicon::starts_with_word(after, words!["they", "he", "she"]).is_some();
    third && !asks(after)
}

/// Whether `text` opens with a verb of going, or a wish to go (`去广州`, `要去`, `going to`).
fn goes(text: &str) -> bool {
    let text = text.strip_prefix('要').unwrap_or(text);
    GOING.iter().any(|g| text.starts_with(g))
}

/// Verbs of someone going somewhere (`my manager is coming to Hangzhou`, `我导师下周去北京`).
const GOING: Words = words![
    "going",
    "coming",
    "flying",
    "heading",
    "travelling",
    "traveling",
    "visiting",
    "leaving",
    "driving",
    "去",
    "来",
    "飞",
    "回",
    "出差",
];

/// Things of the wearer's that go somewhere without being someone (`my flight is leaving`).
const GOING_THINGS: Words = words![
    "flight", "train", "trip", "order", "package", "parcel", "luggage", "bag", "taxi", "ride",
];

/// `my advisor is going to …`, `my landlord is flying …`, `我导师下周去北京`: the byte length
/// of `my`/`我` and a word for a person by role at the start of `text` — one with a person's
/// ending (`-or`, `-er`, `-ist`…; `师`, `长`, `导`…) before a verb of their own, or any one
/// going somewhere that is no thing of the wearer's travelling.
fn person_by_role(text: &str) -> Option<usize> {
    const ENDINGS: Words = words!["or", "er", "ist", "ian", "ant"];
    const DOES: Words = words![
        "is ", "was ", "will ", "wants ", "says ", "said ", "plans ", "has ", "thinks ",
    ];
    // `我导师下周…`, `我领导说…`, `我同桌周末…`, `我对象周六…`: a word for a person by its
    // ending (a role, a friend, a neighbour, a partner, kin by marriage) or a fellow (`同…`),
    // then a time word or a verb of theirs.
    // `我助理下周…`, `我秘书…`: `理`, `书` end roles too.
    const ZH_ENDINGS: [char; 18] = [
        '师', '长', '导', '板', '总', '员', '友', '居', '象', '客', '户', '婆', '叔', '姨', '舅',
        '嫂', '理', '书',
    ];
    const ZH_DOES: [char; 17] = [
        '下', '明', '今', '后', '这', '要', '去', '来', '飞', '说', '想', '也', '在', '刚', '正',
        '周', '准',
    ];
    if let Some(rest) = text.strip_prefix('我') {
        let rest = rest.strip_prefix('的').unwrap_or(rest);
        let mine = text.len() - rest.len();
        return [2, 3].into_iter().find_map(|n| {
            let word: String = rest.chars().take(n).collect();
            let next = rest[word.len()..].chars().next();
            (word.chars().count() == n
                && !word.starts_with(['们', '一', '个', '两', '和', '跟', '与', '带', '陪'])
                && (word.ends_with(ZH_ENDINGS)
                    || (word.starts_with('同') && word.ends_with(['学', '事', '桌', '伴', '乡'])))
                && next.is_some_and(|c| ZH_DOES.contains(&c)))
            .then_some(mine + word.len())
        });
    }
    let rest = text.strip_prefix("my ")?;
    let word = rest.split([' ', ',']).next()?;
    let after = rest[word.len()..].trim_start();
    let does = DOES.iter().any(|d| after.starts_with(d));
    let goes = words!["is ", "was ", "will be "]
        .iter()
        .filter_map(|v| after.strip_prefix(v))
        .any(|a| GOING.iter().any(|g| a.starts_with(g)));
    let by_ending = word.len() > 4 && ENDINGS.iter().any(|e| word.ends_with(e)) && does;
    (word.len() > 2
        && word.chars().all(|c| c.is_ascii_alphabetic())
        && (by_ending || goes && !GOING_THINGS.contains(word)))
    .then_some("my ".len() + word.len())
}

/// `my manager is coming to Hangzhou`, `我导师下周去北京开会`: someone else's clause telling them
/// going somewhere, wishing for nothing, is their own plan — it lends no words to the wearer's
/// request after it (`my mom needs a new down jacket, can you find one`, `我妈想去西湖…` do).
pub fn their_own_going(clause: &str) -> bool {
    const WISH: Words = words![
        "想",
        "喜欢",
        "爱",
        "need",
        "want",
        "would like",
        "'d like",
        "love",
        "like to",
    ];
    GOING
        .iter()
        .any(|g| super::lexicon::occurrences(clause, g).next().is_some())
        && !WISH.iter().any(|w| clause.contains(w))
}

/// `Take me to Wulin Square, I'll grab a taxi`, `Walk me there, I'll grab some photos on the
/// way`, `I'll just order in, get me a burger`: what the wearer says they will do themselves
/// (`I'll`, `we'll`, `I'm gonna` before a verb of doing or getting by oneself, not of ordering
/// from the assistant: `I'll take three of these`, `I'll have the noodles` ask), said beside
/// a request, tells how it will be met, not a request of its own; a means named
/// (`I'll grab a taxi`) is still how to go.
pub fn does_it_myself(clause: &str) -> bool {
    const MINE: Words = words![
        "i'll just ",
        "we'll just ",
        "i'll ",
        "we'll ",
        "i will ",
        "we will ",
        "i'm going to ",
        "we're going to ",
    ];
    const DOING: Words = words![
        "grab",
        "catch",
        "walk",
        "decide",
        "figure",
        "sort",
        "order in",
        "manage",
        "handle",
        "deal with",
        "snap",
        "shoot",
    ];
    MINE.iter()
        .find_map(|w| clause.strip_prefix(w))
        .is_some_and(|rest| {
            DOING.iter().any(|d| rest.starts_with(d))
                && !asks(rest)
                && super::lexicon::find_first(rest, super::lexicon::MODES).is_none()
        })
}

/// `不用帮我买了，我自己去超市看看`, `I don't need any hotel, I will stay with my cousin`: after
/// a refusal, what the wearer will do instead by themselves, or where they will stay (`I'll
/// stay with`, `I stay with a friend`, `我住…`), is the refusal's reason, told; a way of going (`we don't need a car,
/// we'll take the train to Ningbo`) or a request word in it still asks.
pub fn does_instead(clause: &str) -> bool {
    const INSTEAD: Words = words![
        "i stay",
        "we stay",
        "i will stay",
        "i'll stay",
        "we will stay",
        "we'll stay",
        "i'm going to stay",
        "i am going to stay",
        "i'm staying",
        "i am staying",
        "我会住",
        "我们会住",
        "我住",
        "我们住",
    ];
    // `…, the hotel's got one`, `…，酒店有班车`, `…, the tour comes with lunch`: what someone
    // else already gives instead.
    const GIVEN: Words = words![
        "'s got",
        "has got",
        "have got",
        "'ve got",
        " has one",
        " have one",
        " has a ",
        " has an ",
        " has its own",
        " provides",
        " comes with",
        " includes",
        "提供",
        "自带",
        "包接送",
        "有接送",
        "有班车",
        "有接驳",
    ];
    let rest = subject_start(clause);
    (words!["自己", "myself"]
        .iter()
        .any(|w| occurrences(clause, w).next().is_some())
        || INSTEAD.iter().any(|w| rest.starts_with(w))
        || GIVEN.iter().any(|w| rest.contains(w))
        // `…，高铁就行`: another way that will do, told.
        || words!["就行", "就好", "就可以", "就够了"]
            .iter()
            .any(|w| rest.ends_with(w)))
        && !asks(clause)
        && !a_question(clause)
}

/// The clause with leading fillers and time words taken off.
fn subject_start(clause: &str) -> &str {
    let mut rest = clause.trim_start_matches([',', ' ']);
    while let Some(w) = LEADING.iter().find(|w| rest.starts_with(*w)) {
        rest = rest[w.len()..].trim_start_matches([',', ' ']);
    }
    rest
}

/// Words with which the wearer takes back everything said before them (`…，算了`, `never
/// mind`, `on second thought, …`): only what follows counts.
const TAKE_BACK: Words = words![
    "算了",
    "never mind",
    "forget it",
    "changed my mind",
    "on second thought",
];

/// Words that put off what was said before them (`…，晚点再说`, `nah, maybe later`): as a
/// take-back, only what follows counts.
const PUT_OFF: Words = words![
    "maybe later",
    "next time",
    "not now",
    "晚点再说",
    "以后再说",
    "回头再说",
    "改天再说",
    "下次再说",
    "等会再说",
    "等会儿再说",
    "下次吧",
    "改天吧",
];

/// A whole clause that only says no or later (`nah`, `later`, `nope, later`), taking back the
/// request before it.
const NO_OR_LATER: Words = words![
    "nah",
    "nope",
    "later",
    "nah later",
    "nope later",
    "later then",
];

/// What counts of a normalised utterance after the last take-back or put-off, if any.
pub fn after_take_back(text: &str) -> &str {
    let whole_clause = text
        .match_indices([',', '?', '!', '.'])
        .filter_map(|(at, _)| {
            let clause_start = text[..at].rfind([',', '?', '!', '.']).map_or(0, |c| c + 1);
            NO_OR_LATER
                .contains(text[clause_start..at].trim())
                .then_some(at)
        });
    let last_clause = text.rfind([',', '?', '!', '.']).map_or(0, |c| c + 1);
    let ends_it = NO_OR_LATER
        .contains(text[last_clause..].trim())
        .then_some(text.len());
    TAKE_BACK
        .iter()
        .chain(PUT_OFF)
        .filter_map(|w| text.rfind(w).map(|at| at + w.len()))
        .chain(whole_clause)
        .chain(ends_it)
        .max()
        .map_or(text, |from| &text[from..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intent::parse::normalize;

    fn why(clause: &str) -> Option<Held> {
        held(&normalize(clause))
    }

    #[test]
    fn hearsay_refusals_with_a_reason_and_hauls_are_told() {
        assert_eq!(why("爸爸说周六带我去上海迪士尼"), Some(Held::SomeoneElse));
        assert_eq!(
            why("my coach says we fly to xiamen next week"),
            Some(Held::SomeoneElse)
        );
        assert_eq!(why("说说断桥的故事"), None);
        assert_eq!(why("这个说明翻译成中文"), None);
        assert_eq!(why("老板说可以便宜点吗"), None);
        assert_eq!(why("老板说这个多少钱"), None);
        assert_eq!(why("你别给我订什么机票"), Some(Held::Refused));
        assert_eq!(why("怎么这么潮的"), Some(Held::Opinion));
        assert_eq!(why("杭州的包子跟狗不理比哪个好吃"), Some(Held::Opinion));
        assert_eq!(why("这个跟京东比哪个便宜"), None);
        assert_eq!(why("重庆买才几块钱"), Some(Held::Opinion));
        assert_eq!(why("buy many thing"), Some(Held::Past));
        assert!(does_instead("the hotel's got one"));
        assert!(!does_instead("does the hotel have one?"));
    }

    #[test]
    fn a_put_off_takes_back_what_was_asked() {
        let rest = |t: &str| after_take_back(&normalize(t)).trim().to_string();
        assert_eq!(rest("要不要点外卖，还是晚点再说吧"), "吧");
        assert_eq!(rest("should i order bubble tea? nah, maybe later"), "");
        assert_eq!(rest("order dinner? nah, later"), "");
        assert_eq!(rest("nah, just book the train"), ", just book the train");
        assert_eq!(rest("translate this later"), "translate this later");
        assert_eq!(
            why("thinking whether to order dinner or not"),
            Some(Held::Hypothetical)
        );
        assert_eq!(why("hangzhou winter is no joke"), Some(Held::Opinion));
    }

    #[test]
    fn comparisons_denials_and_what_is_done_are_told() {
        assert_eq!(why("我觉得苏州比杭州好玩一点"), Some(Held::Opinion));
        assert_eq!(
            why("Hangzhou is prettier than Shanghai"),
            Some(Held::Opinion)
        );
        assert_eq!(why("这个比京东贵吗"), None);
        assert_eq!(why("find a hotel cheaper than 400"), None);
        assert_eq!(why("帮我比价"), None);
        assert_eq!(why("我没说要订酒店啊"), Some(Held::Refused));
        assert_eq!(why("I never said I wanted a taxi"), Some(Held::Refused));
        assert_eq!(why("my company already booked one"), Some(Held::Past));
        assert_eq!(why("我同桌周末要去上海"), Some(Held::SomeoneElse));
        assert_eq!(why("我对象周六去苏州出差"), Some(Held::SomeoneElse));
        assert_eq!(why("我和朋友想买两瓶水"), None);
        assert_eq!(why("好便宜"), Some(Held::Opinion));
        assert_eq!(why("this is so cheap"), Some(Held::Opinion));
        assert_eq!(why("哪里买更便宜"), None);
        assert!(does_instead("i stay with a friend in shanghai"));
        assert_eq!(why("i can't be bothered walking"), Some(Held::Refused));
        assert_eq!(why("懒得走路,帮我叫个车"), None);
        assert!(weighs_two_cities(&normalize("杭州和苏州哪个好玩")));
        assert!(!weighs_two_cities(&normalize(
            "plan a trip to Hangzhou or Suzhou, whichever is better"
        )));
    }

    #[test]
    fn told_clauses_are_held_back() {
        assert_eq!(why("I don't need a hotel"), Some(Held::Refused));
        assert_eq!(why("不用订酒店"), Some(Held::Refused));
        assert_eq!(why("不去三亚了"), Some(Held::Refused));
        assert_eq!(
            why("my brother is flying to Shenzhen next Friday"),
            Some(Held::SomeoneElse)
        );
        assert_eq!(why("我同事下周要去北京出差"), Some(Held::SomeoneElse));
        assert_eq!(why("我老公说要给我买个包"), Some(Held::SomeoneElse));
        assert_eq!(why("昨天点的那家外卖太难吃了"), Some(Held::Past));
        assert_eq!(
            why("did you know I used to live in Xi'an"),
            Some(Held::Past)
        );
        // What has lasted since then lasts now.
        assert_eq!(why("昨晚就一直很想吃肠粉"), None);
        assert_eq!(why("never mind the trip"), Some(Held::CalledOff));
        assert_eq!(
            why("my flight was delayed two hours, ugh"),
            Some(Held::CalledOff)
        );
        assert_eq!(why("如果我下个月去成都的话"), Some(Held::Hypothetical));
        // Round seventeen: formal and doubting refusals, `不要` + a thing, people by role.
        assert_eq!(why("I do not require a hotel"), Some(Held::Refused));
        assert_eq!(why("I don't think we'll need a car"), Some(Held::Refused));
        assert_eq!(why("咱不要外卖"), Some(Held::Refused));
        assert_eq!(why("不要超过两百"), None);
        // Round twenty-two: what someone has done, with `has`/`have`, is told.
        assert_eq!(why("the university has arranged one"), Some(Held::Past));
        assert_eq!(why("we've booked the train"), Some(Held::Past));
        assert_eq!(why("they've got oat milk here"), None);
        assert_eq!(why("can i have fried rice"), None);
        assert_eq!(why("have you booked it"), None);
        assert_eq!(
            why("my supervisor is flying to Shenzhen"),
            Some(Held::SomeoneElse)
        );
        assert_eq!(why("咱闺女说下周想去乌镇"), Some(Held::SomeoneElse));
        // Anyone of the wearer's going somewhere, or by a Chinese role ending, is someone else.
        assert_eq!(
            why("my landlord is going to Suzhou this weekend"),
            Some(Held::SomeoneElse)
        );
        assert_eq!(why("我导师下周去北京开会"), Some(Held::SomeoneElse));
        assert!(their_own_going("my manager is coming to Hangzhou"));
        assert!(!their_own_going("我妈想去西湖"));
        assert_eq!(why("the hotel pool is heated"), Some(Held::Opinion));
        assert_eq!(
            why("I think the hotpot here is overrated"),
            Some(Held::Opinion)
        );
    }

    #[test]
    fn prices_told_wonder_and_others_plans_are_told() {
        // Round twenty-three: a price someone said, a quality wondered at, a difference said
        // without `比`, how far it went, others' plans said with time words between.
        assert_eq!(why("老板说这个要一百八"), Some(Held::SomeoneElse));
        assert_eq!(why("六和塔随便说两句"), None);
        assert_eq!(why("杭州的东西咋这么贵"), Some(Held::Opinion));
        assert_eq!(why("我们温州便宜多了"), Some(Held::Opinion));
        assert_eq!(why("腿都骑断了"), Some(Held::Opinion));
        assert_eq!(why("why is this bridge so famous"), None);
        assert_eq!(why("我女儿说周末要带我去乌镇玩"), Some(Held::SomeoneElse));
        assert_eq!(why("我助理下周要去上海出差"), Some(Held::SomeoneElse));
        assert_eq!(why("佢哋下个礼拜去广州"), Some(Held::SomeoneElse));
        assert_eq!(why("他们今天开到几点"), None);
        assert!(does_instead(&normalize(
            "I will stay with my cousin in Shanghai"
        )));
        assert!(!does_instead(&normalize(
            "we'll take the train to Ningbo on Sunday"
        )));
    }

    #[test]
    fn a_quality_said_to_be_too_much_is_an_opinion_unless_asked() {
        assert_eq!(
            why("honestly hangzhou food is a bit too sweet for me"),
            Some(Held::Opinion)
        );
        assert_eq!(why("成都的菜对我来说太辣了"), Some(Held::Opinion));
        assert_eq!(why("am I paying too much for this"), None);
        assert_eq!(why("帮我点个不太辣的"), None);
        assert_eq!(why("order me something not too spicy"), None);
        // A closing `没`/`不` asks, as `吗` does.
        assert_eq!(why("这双还有货没"), None);
        assert_eq!(why("这款保温杯还有货不"), None);
    }

    #[test]
    fn a_choice_still_weighed_asks_nothing() {
        assert!(still_weighed("你说我元旦要不要去成都,纠结"));
        assert!(still_weighed(
            "should i go to chengdu or not, i can't decide"
        ));
        assert!(!still_weighed("纠结要不要去成都,帮我看看机票"));
        assert!(!still_weighed("要不要去成都玩两天"));
    }

    #[test]
    fn requests_that_mention_others_or_qualify_still_ask() {
        for clause in [
            "帮我妈买一条围巾",
            "book a trip for me and my brother",
            "我妈和我下周去北京",
            "my wife and i want to go to sanya over new year's day",
            "不知道附近有没有药店",
            "找一家不辣的川菜馆",
            "别忘了帮我买牙膏",
            "I don't need a hotel but book the train",
            "他们家有雨伞吗",
            "不超过两百块",
        ] {
            assert_eq!(why(clause), None, "{clause}");
        }
    }
}
