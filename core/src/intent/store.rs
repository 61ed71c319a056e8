//! The shop a stock question is asked of, read from the question's shape: `does Watsons have
//! sunscreen`, `is there any oat milk left at Hema`, `屈臣氏有没有卸妆水`, `帮我看看盒马还有没有
//! 车厘子`, `Apple Store有没有AirPods Pro现货` name it; `他们还有没有饭团` speaks of the shop in
//! view by its people. What is asked after is the rest of the question (`extract` reads it).

use super::lexicon::{self, occurrences};
use super::words::{Words, words};

/// Whom a question about having something is put to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AskedOf {
    /// A shop named by the wearer, as said, with its byte span in the text.
    Named(String, (usize, usize)),
    /// The shop in view, spoken of by its people (`他们`, `你们家`).
    InView,
}

/// Words that ask whether something is had, in Chinese (the longest first).
const HAS_ZH: Words = words![
    "还有没有",
    "有没有卖",
    "有没有",
    "是否有",
    "还有",
    "卖不卖",
    "有卖",
    "有",
    "卖",
];

/// Words before the shop that only ask (`帮我看看`, `问一下`), a polite opener among them
/// (`您给查查`, `麻烦您`).
const ASKING_ZH: Words = words![
    "麻烦您",
    "请您",
    "您帮我",
    "您给",
    "你给",
    "您",
    "帮我看看",
    "帮我问问",
    "帮我查查",
    "帮我查一下",
    "帮我问一下",
    "帮我",
    "麻烦",
    "请问",
    "问一下",
    "问问",
    "问下",
    "顺便",
    // `再问问Apple Store有没有货`: a second question put after a first.
    "再",
    "看看",
    "查一下",
    "查查",
    // `帮我查下Apple Store有没有…`, `瞅瞅盒马…`: looking up said briefly or colloquially.
    "查下",
    "查一查",
    "看一下",
    "看下",
    "瞅瞅",
    "瞅一下",
    "瞅下",
    "瞧瞧",
    "打听一下",
    "打听下",
    "打听打听",
    "你知道",
    "知道",
];

/// Words before a shop's name that say where it is (`楼下全家`, `对面的星巴克`): no part of it.
const WHERE_ZH: Words = words![
    "楼下的",
    "楼下",
    "楼上的",
    "楼上",
    "对面的",
    "对面",
    "隔壁的",
    "隔壁",
    "旁边的",
    "旁边",
    "门口的",
    "门口",
    "街角的",
    "街角",
    "附近的",
    // `门口那家肯德基`: the shop pointed at after where it is.
    "那家",
];

/// The shop in view spoken of as its people.
const ITS_PEOPLE: Words = words![
    "他们家",
    "她们家",
    "他们",
    "她们",
    "他家",
    "你们家",
    "你们这儿",
    "你们这里",
    "你们这",
    "你们",
    "店员",
    "服务员",
];

/// Words that make the words before `有` no shop: where, who, when, what is pointed at.
const NO_SHOP: Words = words![
    "附近", "周围", "这", "那", "哪", "你", "我", "他", "她", "今天", "明天", "现在", "还", "有",
    "去", "买", "网上", "再", "店",
];

/// Verbs after an English shop name that ask what it has.
const HAS_EN: Words = words![
    "have", "has", "sell", "sells", "carry", "carries", "stock", "stocks", "got",
];

/// Words that are never a shop's name in English.
const NO_SHOP_EN: Words = words![
    "you", "they", "we", "i", "it", "this", "that", "here", "there", "moment", "home", "hotel",
    "my hotel", "night", "all", "station", "airport",
];

/// Whom a question about having something is put to, if it names one (see the module).
pub fn asked_of(text: &str) -> Option<AskedOf> {
    asked_of_zh(text).or_else(|| asked_of_en(text))
}

/// Marks that end a clause: a stock question is read inside the clause of its verb of having.
const CLAUSE_BREAKS: &[char] = &[',', '，', '。', '?', '？', '!', '！', ';', '；'];

/// Where the clause that runs on at byte `from` ends: the thing a stock question asks after is
/// said in the question's own clause (`does Mannings have lip balm in stock, my lips are
/// cracking`: what follows the comma is no part of it).
pub fn clause_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(CLAUSE_BREAKS)
        .map_or(text.len(), |b| from + b)
}

/// `屈臣氏有没有卸妆水`, `盒马还有车厘子吗`, `他们还有没有饭团`. The question is the clause of
/// the verb of having: what is said before it (`那个，全家还有饭团吗`) or after it (`优衣库还有摇粒绒
/// 外套吗，我想去试试`) in other clauses neither names the shop nor says whether it asks.
fn asked_of_zh(text: &str) -> Option<AskedOf> {
    let (at, has) = HAS_ZH
        .iter()
        .filter_map(|w| text.find(w).map(|at| (at, w)))
        .min_by_key(|(at, w)| (*at, std::cmp::Reverse(w.len())))?;
    let start = text[..at]
        .char_indices()
        .rfind(|(_, c)| CLAUSE_BREAKS.contains(c))
        .map_or(0, |(b, c)| b + c.len_utf8());
    let end = clause_end(text, at);
    let clause = text[start..end].trim_end();
    let asks = has.contains("没有")
        || has.contains('不')
        || has == "是否有"
        || clause.ends_with(['吗', '么'])
        // `万事利有丝巾卖不`, `…有卖没`: selling and `不`/`没` closing the clause ask too.
        || words!["卖不", "卖没"].iter().any(|w| clause.ends_with(w))
        || clause.contains("现货");
    let thing = text[at + has.len()..end].trim();
    if !asks || thing.is_empty() || is_place_kind(thing) {
        return None;
    }
    let mut from = at - text[start..at].trim_start().len();
    while let Some(w) = ASKING_ZH
        .iter()
        .chain(WHERE_ZH)
        .find(|w| text[from..].starts_with(*w))
    {
        from += w.len();
    }
    let said = text[from..at].trim().trim_end_matches(['里', ' ']);
    if ITS_PEOPLE.contains(said) {
        return Some(AskedOf::InView);
    }
    // The frame around the name: `这个在屈臣氏有货吗`, `盒马现在还有帝王蟹吗`.
    // `这个型号迪卡侬有卖吗`: a verb of having that sells says the thing is sold.
    let said = shop_in_frame(said, if has.ends_with('卖') { "卖" } else { thing });
    // The span takes the asking words and the frame too: they are no part of the thing.
    a_shop(said).then(|| AskedOf::Named(said.to_string(), (0, at)))
}

/// The thing in view pointed at before the shop (`这个在屈臣氏有货吗`, `这款优衣库有现货吗`).
const POINTED_ZH: Words = words![
    "这个", "这款", "这件", "这种", "这些", "这瓶", "这双", "这盒", "这包", "那个", "那款",
];

/// What the thing after `有` is when a pointed-at thing is asked after: being in stock or sold.
const STOCK_ZH: Words = words!["货", "现货", "卖", "库存", "得卖", "售"];

/// When a shop is asked after, words between its name and `有` (`现在`, `还`) and the words
/// before it that point at the thing in view and say where (`这个在`, `在`).
const WHEN_ZH: Words = words!["现在", "目前", "今天", "这会儿", "此刻", "还", "也", "都"];

/// Words that are times, not shops, when left after the thing pointed at (`这个月有货吗`).
const TIMES_ZH: Words = words!["月", "周", "周末", "星期", "礼拜", "天", "年", "次", "时候"];

/// The shop's name in the frame of a stock question, read from the frame's structure rather than a
/// list of shops: what `said` (the words before `有`) keeps once a pointer to the thing in view
/// and `在` are taken off its start and words of when off its end. `thing` is what follows `有`;
/// with a pointer and no `在`, it must be a word of stock (`货`, `卖`) for the rest to be a shop.
fn shop_in_frame<'a>(said: &'a str, thing: &str) -> &'a str {
    let mut said = said.trim();
    let pointed = POINTED_ZH.iter().find_map(|p| said.strip_prefix(p));
    if let Some(rest) = pointed {
        let rest = rest.trim_start();
        let located = rest.starts_with('在');
        if !located && !STOCK_ZH.iter().any(|w| thing.starts_with(w)) {
            return said;
        }
        // `这个色号屈臣氏`, `这款面霜丝芙兰`: a pointer and a two-character noun are what is
        // pointed at, when a name of three characters or more follows them; a listed thing
        // there is the noun whatever its length (`这件羽绒服优衣库店`).
        let listed = lexicon::find_first(rest, lexicon::PRODUCTS)
            .filter(|m| m.start == 0)
            .map(|m| (m.end, ' '));
        said = match listed.or_else(|| rest.char_indices().nth(2)) {
            Some((at, _)) if !located && rest[at..].chars().count() >= 3 => &rest[at..],
            _ => rest,
        };
    }
    said = said.strip_prefix('在').unwrap_or(said).trim();
    while let Some(rest) = WHEN_ZH.iter().find_map(|w| said.strip_suffix(w)) {
        said = rest.trim_end();
    }
    if pointed.is_some() && TIMES_ZH.contains(said) {
        return "";
    }
    said
}

/// `does Watsons have sunscreen`, `is there any oat milk left at Hema`, `ask Hema if …`.
fn asked_of_en(text: &str) -> Option<AskedOf> {
    if let Some(asked) = asked_by_name(text) {
        return Some(asked);
    }
    // `any chance Hema still has …`, `I bet Costco sells …`: a verb of having said of a
    // third person, after a name, is a question put to that shop.
    if let Some(asked) = named_before_has(text) {
        return Some(asked);
    }
    // `does Watsons have …` at the start; `check if Costco has …`, `whether … sells` inside;
    // the British `has Boots got …`, `have Tesco got …`, asked with `got` after the name.
    for start in words![
        "does ", "do ", "can ", "will ", "has ", "have ", "if ", "whether ",
    ] {
        let at = if matches!(start, "if " | "whether ") {
            occurrences(text, start.trim_end()).next().map(|(s, _)| s)
        } else {
            opening_a_clause(text, start)
        };
        // `check if` said last: nothing follows (a word at the very end has no space after it).
        let Some(rest) = at.and_then(|at| text.get(at + start.len()..)) else {
            continue;
        };
        let Some(verb) = HAS_EN
            .iter()
            .filter_map(|v| occurrences(rest, v).next())
            .min_by_key(|(s, _)| *s)
        else {
            continue;
        };
        // `does FamilyMart still have …`: how long it lasts is no part of the name.
        let said = rest[..verb.0].trim();
        let said = words!["still", "currently", "now", "usually"]
            .iter()
            .find_map(|w| said.strip_suffix(w))
            .map_or(said, str::trim_end);
        let thing = rest[verb.1..].trim();
        if a_shop(said) && !thing.is_empty() && !is_place_kind(thing) {
            let from = text.len() - rest.len();
            let name = said.strip_prefix("the ").unwrap_or(said);
            return Some(AskedOf::Named(name.to_string(), (from, from + said.len())));
        }
    }
    // `… left at Hema`, `… in stock at Watsons`: a shop after `at`, in a question about
    // having something.
    let asks = words!["any", "in stock", "left", "have", "有"]
        .iter()
        .any(|w| occurrences(text, w).next().is_some());
    let (at, _) = occurrences(text, "at").last()?;
    let said = text[at + 2..].trim();
    let from = text.len() - said.len();
    let name = said.strip_prefix("the ").unwrap_or(said);
    (asks && a_shop(said) && said.split(' ').count() <= 3)
        .then(|| AskedOf::Named(name.to_string(), (from, text.len())))
}

/// Where `word` opens a clause of `text`: at its start, or after a clause's punctuation (`my
/// lips are dry, does Watsons have lip balm`).
fn opening_a_clause(text: &str, word: &str) -> Option<usize> {
    text.match_indices(word).map(|(i, _)| i).find(|&i| {
        text[..i]
            .trim_end()
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, ',' | '?' | '!' | ';' | '.'))
    })
}

/// Words that end a shop's name read backwards from `has` (`any chance Hema has …`).
const BEFORE_NAME_EN: Words = words![
    "chance", "if", "whether", "see", "check", "wonder", "bet", "know", "think", "guess", "and",
    "but", "maybe",
    "so", // `check if the Apple Store has …`: the article is no part of the name.
    "the",
];

/// `any chance Hema still has hairy crabs`: up to three words before a third person's verb of
/// having (`has`, `sells`, `carries`, `stocks`; `still` between), when they make a shop's name
/// and something follows.
fn named_before_has(text: &str) -> Option<AskedOf> {
    words!["has", "sells", "carries", "stocks"]
        .iter()
        .find_map(|verb| {
            let (at, end) = occurrences(text, verb).next()?;
            let head = text[..at].trim_end();
            let head = head.strip_suffix(" still").unwrap_or(head).trim_end();
            let words: Vec<&str> = head.rsplit(' ').take(3).collect();
            let name_words: Vec<&str> = words
                .iter()
                .take_while(|w| !BEFORE_NAME_EN.contains(w) && !w.is_empty())
                .copied()
                .collect();
            let said = name_words.into_iter().rev().collect::<Vec<_>>().join(" ");
            let thing = text[end..].trim();
            // The span runs from the start: the asking words before the name (`any chance`)
            // and the verb after it are the frame, no part of the thing.
            (!said.is_empty() && !thing.is_empty() && !is_place_kind(thing) && a_shop(&said))
                .then(|| AskedOf::Named(said.clone(), (0, end)))
        })
}

/// `ask Hema if they still have durian`: the shop asked, from `ask` to `if`.
fn asked_by_name(text: &str) -> Option<AskedOf> {
    let (start, end) = occurrences(text, "ask").next()?;
    let (at, word_end) = words!["if", "whether"]
        .iter()
        .filter_map(|w| occurrences(&text[end..], w).next())
        .min_by_key(|(s, _)| *s)?;
    let said = text[end..end + at].trim();
    let rest = &text[end + word_end..];
    let sells = HAS_EN.iter().any(|v| occurrences(rest, v).next().is_some());
    (sells && a_shop(said)).then(|| AskedOf::Named(said.to_string(), (start, end + word_end)))
}

/// Chains the lexicon lists as a kind of place (`7-eleven` is a convenience store) that are
/// still a shop's name when a stock question is put to them, or a restaurant's when a dish is
/// ordered from them (`点个麦当劳的汉堡`).
pub(super) const CHAINS: Words = words![
    "7-eleven",
    "711",
    "全家",
    "familymart",
    "罗森",
    "lawson",
    "麦当劳",
    "mcdonald's",
    "肯德基",
    "kfc",
];

/// Whether `said` can be a shop's name: short, and no place nearby, person, time, city,
/// landmark, kind of place or product.
fn a_shop(said: &str) -> bool {
    // `does the Apple Store have …`: the article is no part of the name.
    let said = said.strip_prefix("the ").unwrap_or(said);
    let short = said.chars().count() <= 16 && !said.is_empty();
    let english = said.is_ascii();
    let excluded = if english {
        NO_SHOP_EN.contains(said)
            || words!["this", "that", "their", "our", "your", "my", "his", "her"]
                .iter()
                .any(|w| said.split(' ').next() == Some(w))
            || said
                .split(' ')
                .any(|w| words!["you", "guys", "they", "any", "a"].contains(w))
    } else {
        // `耐克店`: a name of two or more characters and `店` is the brand's shop.
        let brand_shop = said
            .strip_suffix('店')
            .is_some_and(|name| name.chars().count() >= 2);
        NO_SHOP
            .iter()
            .any(|w| said.contains(w) && !(brand_shop && w == "店"))
    };
    short
        && !excluded
        // `Decathlon Xixi`: a place after the shop's name is its branch; a name that starts
        // with a city or a landmark is a place.
        && !lexicon::find_all(said, lexicon::CITIES)
            .iter()
            .chain(&lexicon::find_all(said, lexicon::LANDMARKS))
            .any(|m| m.start == 0 || !english)
        && lexicon::find_all(said, lexicon::PRODUCTS).is_empty()
        && (!is_place_kind(said) || CHAINS.contains(said))
}

/// Whether `text` is nothing but a kind of place (`厕所`, `a pharmacy`), which is looked for,
/// not asked after in a shop.
fn is_place_kind(text: &str) -> bool {
    let text = text.trim_end_matches(['吗', '么', '?', ' ']);
    let text = words!["a ", "an ", "any ", "some "]
        .iter()
        .find_map(|w| text.strip_prefix(w))
        .unwrap_or(text);
    lexicon::find_all(text, lexicon::CATEGORIES)
        .iter()
        .any(|c| c.start == 0 && c.end == text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(text: &str) -> Option<String> {
        match asked_of(text)? {
            AskedOf::Named(name, _) => Some(name),
            AskedOf::InView => Some("(in view)".to_string()),
        }
    }

    #[test]
    fn a_shop_named_before_a_third_persons_verb_of_having() {
        assert_eq!(
            named("any chance hema still has hairy crabs").as_deref(),
            Some("hema")
        );
        assert_eq!(named("屈臣氏卖不卖电动牙刷").as_deref(), Some("屈臣氏"));
        assert_eq!(
            named("您给查查胡庆余堂有没有西洋参").as_deref(),
            Some("胡庆余堂")
        );
        assert_eq!(named("你们这还有燕麦奶吗").as_deref(), Some("(in view)"));
        assert_eq!(named("my friend has a car"), None);
        // The shop's staff are its people; a frame said last with nothing after it names none.
        assert_eq!(named("问问店员有没有雨伞").as_deref(), Some("(in view)"));
        assert_eq!(named("can you check if"), None);
        assert_eq!(named("whether"), None);
        assert_eq!(
            named("does familymart still have oat milk").as_deref(),
            Some("familymart")
        );
    }

    #[test]
    fn the_shop_a_stock_question_names() {
        assert_eq!(named("屈臣氏有没有卸妆水").as_deref(), Some("屈臣氏"));
        assert_eq!(named("帮我看看盒马还有没有车厘子").as_deref(), Some("盒马"));
        assert_eq!(named("楼下全家有没有关东煮").as_deref(), Some("全家"));
        assert_eq!(named("罗森有关东煮卖不").as_deref(), Some("罗森"));
        assert_eq!(named("这款保温杯还有货不"), None);
        assert_eq!(named("这双鞋子耐克店有货吗").as_deref(), Some("耐克店"));
        assert_eq!(
            named("这件羽绒服优衣库店还有货吗").as_deref(),
            Some("优衣库店")
        );
        assert_eq!(named("这个型号迪卡侬有卖吗").as_deref(), Some("迪卡侬"));
        assert_eq!(named("名创优品有充电宝卖没").as_deref(), Some("名创优品"));
        assert_eq!(
            named("帮我看看对面的星巴克还有燕麦拿铁吗").as_deref(),
            Some("星巴克")
        );
        assert_eq!(
            named("apple store有没有airpods pro现货").as_deref(),
            Some("apple store")
        );
        assert_eq!(named("他们还有没有饭团").as_deref(), Some("(in view)"));
        // The question is read in its own clause; a second one is asked after `再`.
        assert_eq!(
            named("优衣库还有摇粒绒外套吗 , 我想去试试").as_deref(),
            Some("优衣库")
        );
        assert_eq!(named("那个 , 全家还有饭团吗").as_deref(), Some("全家"));
        assert_eq!(
            named("再问问apple store有没有货").as_deref(),
            Some("apple store")
        );
        assert_eq!(named("我还有事 , 先走了吗"), None);
        // The frame around the name: a pointer to the thing in view, `在`, words of when.
        assert_eq!(named("这个在屈臣氏有货吗").as_deref(), Some("屈臣氏"));
        assert_eq!(named("这个色号屈臣氏还有货吗").as_deref(), Some("屈臣氏"));
        assert_eq!(named("这款优衣库有现货吗").as_deref(), Some("优衣库"));
        assert_eq!(named("盒马现在有帝王蟹卖吗").as_deref(), Some("盒马"));
        assert_eq!(named("costco现在还有茅台吗").as_deref(), Some("costco"));
        assert_eq!(named("在大润发有没有卖五常大米").as_deref(), Some("大润发"));
        assert_eq!(
            named("does watsons have sunscreen in stock").as_deref(),
            Some("watsons")
        );
        assert_eq!(
            named("is there any oat milk left at hema").as_deref(),
            Some("hema")
        );
        assert_eq!(
            named("can you check if costco has any down jackets").as_deref(),
            Some("costco")
        );
    }

    #[test]
    fn places_people_and_times_are_no_shop() {
        for text in [
            "附近有没有药店",
            "龙翔桥附近有没有停车场",
            "武林广场有没有厕所",
            "雪地靴有没有43码",
            "do you have oat milk",
            "does this place have wifi",
            "is there a pharmacy near the hotel",
            "今天有没有雨",
            "这个月有货吗",
            "这个有没有大号的",
            "这里现在有没有座位",
        ] {
            assert_eq!(named(text), None, "{text}");
        }
    }
}
