//! A dish as said (`番茄炒蛋盖饭`, `pepperoni pizza`, `酸菜鱼`) → the kind of restaurant that
//! cooks it (`chinese`, `italian`, `sichuan`), so a search finds restaurants by what they cook
//! when none is named after the dish, and the parser knows an unlisted dish for food. Restaurants are indexed by their cuisines (see
//! `cuisines` in `core/data/demo-city.toml`), in English and Chinese.

use super::words::{WordPairs, Words, pairs, triples};
use crate::locale::Language;

/// Words of a dish → its cuisine, both languages, the more telling words first (`麻辣烫` is
/// Sichuan before `烫`; `肠粉` is Cantonese before `粉` is noodles; `拉面` Japanese-style
/// ramen only in English, since `兰州拉面` is a noodle shop).
const DISH_WORDS: WordPairs = pairs![
    ("火锅", "hotpot"),
    ("hotpot", "hotpot"),
    ("hot pot", "hotpot"),
    ("麻辣烫", "sichuan"),
    ("串串", "sichuan"),
    ("麻辣", "sichuan"),
    ("水煮", "sichuan"),
    ("宫保", "sichuan"),
    ("kung pao", "sichuan"),
    ("麻婆", "sichuan"),
    ("mapo", "sichuan"),
    ("鱼香", "sichuan"),
    ("回锅肉", "sichuan"),
    ("酸菜鱼", "sichuan"),
    ("担担", "sichuan"),
    ("dan dan", "sichuan"),
    ("szechuan", "sichuan"),
    ("sichuan", "sichuan"),
    ("东坡肉", "hangzhou"),
    ("醋鱼", "hangzhou"),
    ("叫花鸡", "hangzhou"),
    ("龙井虾仁", "hangzhou"),
    ("片儿川", "hangzhou"),
    ("dongpo", "hangzhou"),
    ("烧卖", "cantonese"),
    ("叉烧", "cantonese"),
    ("肠粉", "cantonese"),
    ("虾饺", "cantonese"),
    ("早茶", "cantonese"),
    ("dim sum", "cantonese"),
    ("char siu", "cantonese"),
    ("寿司", "japanese"),
    ("刺身", "japanese"),
    ("乌冬", "japanese"),
    ("sushi", "japanese"),
    ("sashimi", "japanese"),
    ("udon", "japanese"),
    ("ramen", "japanese"),
    ("tempura", "japanese"),
    // Drinks named more exactly than `coffee` (kept as said, found at a cafe).
    ("拿铁", "coffee"),
    ("美式", "coffee"),
    ("玛奇朵", "coffee"),
    ("卡布奇诺", "coffee"),
    ("latte", "coffee"),
    ("americano", "coffee"),
    ("flat white", "coffee"),
    ("cappuccino", "coffee"),
    ("espresso", "coffee"),
    ("macchiato", "coffee"),
    ("mocha", "coffee"),
    ("smoothie", "drinks"),
    ("奶昔", "drinks"),
    ("果汁", "drinks"),
    ("juice", "drinks"),
    ("拌饭", "korean"),
    ("泡菜", "korean"),
    ("烤肉", "korean"),
    ("bibimbap", "korean"),
    ("kimchi", "korean"),
    ("bbq", "korean"),
    ("披萨", "italian"),
    ("比萨", "italian"),
    ("意面", "italian"),
    ("pizza", "italian"),
    ("pasta", "italian"),
    ("spaghetti", "italian"),
    ("lasagna", "italian"),
    ("汉堡", "fast food"),
    ("炸鸡", "fast food"),
    ("薯条", "fast food"),
    ("burger", "fast food"),
    ("fried chicken", "fast food"),
    ("fries", "fast food"),
    ("nugget", "fast food"),
    ("牛排", "western"),
    ("沙拉", "western"),
    ("三明治", "western"),
    ("steak", "western"),
    ("salad", "western"),
    ("sandwich", "western"),
    ("蛋糕", "dessert"),
    ("甜品", "dessert"),
    ("冰淇淋", "dessert"),
    ("cake", "dessert"),
    ("ice cream", "dessert"),
    ("dessert", "dessert"),
    ("饺", "dumplings"),
    ("馄饨", "dumplings"),
    ("包子", "dumplings"),
    ("小笼", "dumplings"),
    ("dumpling", "dumplings"),
    ("wonton", "dumplings"),
    ("bao", "dumplings"),
    ("xiaolongbao", "dumplings"),
    ("墨西哥", "mexican"),
    ("burrito", "mexican"),
    ("taco", "mexican"),
    ("quesadilla", "mexican"),
    ("poke bowl", "hawaiian"),
    ("poke", "hawaiian"),
    ("越南", "vietnamese"),
    ("pho", "vietnamese"),
    ("banh mi", "vietnamese"),
    ("泰国", "thai"),
    ("冬阴功", "thai"),
    ("pad thai", "thai"),
    ("tom yum", "thai"),
    ("印度", "indian"),
    ("naan", "indian"),
    ("masala", "indian"),
    ("dosa", "indian"),
    ("biryani", "indian"),
    ("laksa", "noodles"),
    ("咖喱", "curry"),
    ("curry", "curry"),
    ("早餐", "breakfast"),
    ("早饭", "breakfast"),
    ("breakfast", "breakfast"),
    ("面", "noodles"),
    ("粉", "noodles"),
    ("noodle", "noodles"),
    ("饭", "chinese"),
    ("粥", "chinese"),
    ("炒", "chinese"),
    ("家常菜", "chinese"),
    ("rice", "chinese"),
    ("congee", "chinese"),
    ("stir-fr", "chinese"),
    ("stir fr", "chinese"),
];

/// The kinds of food a dish maps to, as the wearer reads them: (key searched for, English,
/// Chinese).
const KINDS: Words = triples![
    ("chinese", "Chinese food", "中餐"),
    ("coffee", "coffee", "咖啡"),
    ("drinks", "drinks", "饮品"),
    ("sichuan", "Sichuan food", "川菜"),
    ("hangzhou", "Hangzhou food", "杭帮菜"),
    ("cantonese", "Cantonese food", "粤菜"),
    ("japanese", "Japanese food", "日料"),
    ("korean", "Korean food", "韩国料理"),
    ("italian", "Italian food", "意大利菜"),
    ("fast food", "fast food", "快餐"),
    ("western", "Western food", "西餐"),
    ("dessert", "desserts", "甜品"),
    ("dumplings", "dumplings", "饺子"),
    ("breakfast", "breakfast", "早餐"),
    ("noodles", "noodles", "面条"),
    ("hotpot", "hotpot", "火锅"),
    ("mexican", "Mexican food", "墨西哥菜"),
    ("curry", "curry", "咖喱"),
    ("vietnamese", "Vietnamese food", "越南菜"),
    ("thai", "Thai food", "泰国菜"),
    ("indian", "Indian food", "印度菜"),
    ("hawaiian", "Hawaiian food", "夏威夷菜"),
];

/// A kind of food (a key of [`cuisine_of`]) in the wearer's language.
pub fn kind_in(language: Language, kind: &str) -> &str {
    KINDS
        .triples()
        .find(|(key, _, _)| *key == kind)
        .map_or(kind, |(_, en, zh)| match language {
            Language::En => en,
            Language::Zh => zh,
        })
}

/// The cuisine of a dish, if a word of it tells (`番茄炒蛋盖饭` → `chinese`, `pepperoni
/// pizza` → `italian`); `None` for a dish no word of which is known.
pub fn cuisine_of(dish: &str) -> Option<&'static str> {
    let dish = dish.to_lowercase();
    DISH_WORDS
        .iter()
        .find(|(word, _)| said_in(&dish, word))
        .map(|(_, cuisine)| cuisine)
        .or_else(|| kind_named(&dish))
}

/// Whether `word` is a listed dish's word itself, or its plural (`rice`, `tacos`; not
/// `steakhouse`, which only holds one).
pub fn is_a_dish_word(word: &str) -> bool {
    let word = word.to_lowercase();
    let single = word.strip_suffix('s').unwrap_or(&word);
    DISH_WORDS
        .iter()
        .any(|(w, _)| w == word.as_str() || w == single)
}

/// Endings of a Chinese name for a country's or a region's cooking (`韩餐`, `泰国菜`, `日本料理`).
const KIND_ENDINGS: &[&str] = &["料理", "菜", "餐", "料"];

/// The stem of a Chinese name for a kind of food: without its ending and a `国` before it
/// (`韩国料理`, `韩餐` → `韩`); `None` for a word with no such ending.
fn kind_stem(word: &str) -> Option<&str> {
    let stem = KIND_ENDINGS.iter().find_map(|e| word.strip_suffix(e))?;
    let stem = stem.strip_suffix('国').unwrap_or(stem);
    (!stem.is_empty()).then_some(stem)
}

/// `韩餐`, `泰餐`, `日餐`, `中国菜`: a kind of food said by another of its Chinese names, the same
/// stem with another ending, is that kind.
pub fn kind_named(word: &str) -> Option<&'static str> {
    let stem = kind_stem(word)?;
    KINDS
        .triples()
        .find(|(_, _, zh)| kind_stem(zh) == Some(stem))
        .map(|(key, _, _)| key)
}

/// The end of each kind of food named in Chinese in `text` with its start (`好吃的韩餐` →
/// `korean` at `韩餐`): the shortest name ending at each ending word that [`kind_named`] knows.
pub fn kinds_named_in(text: &str) -> Vec<(&'static str, usize, usize)> {
    let mut found = Vec::new();
    for ending in KIND_ENDINGS {
        for (at, _) in text.match_indices(ending) {
            let end = at + ending.len();
            let starts = text[..at].char_indices().rev().take(4).map(|(i, _)| i);
            if let Some((key, start)) = starts
                .into_iter()
                .find_map(|i| kind_named(&text[i..end]).map(|k| (k, i)))
            {
                found.push((key, start, end));
            }
        }
    }
    found.sort_by_key(|(_, s, _)| *s);
    found
}

/// Whether a dish word is said in `dish`: a Chinese word anywhere; an English one at the start
/// of a word (`rice`, not `price`), and a short one (up to four letters) as a whole word or its
/// plural (`pho`, not `phone`; `tacos`), a longer one as a word's start (`stir-fried`) or as
/// the end of a compound word (`cheeseburger`).
fn said_in(dish: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return dish.contains(word);
    }
    dish.match_indices(word).any(|(at, _)| {
        let starts = !dish[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphabetic());
        let rest = dish[at + word.len()..].trim_start_matches('s');
        let whole_end = !rest.starts_with(|c: char| c.is_ascii_alphabetic());
        (starts && (word.len() > 4 || whole_end)) || (word.len() > 4 && whole_end)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dishes_map_to_the_kind_of_restaurant_in_both_languages() {
        assert_eq!(cuisine_of("番茄炒蛋盖饭"), Some("chinese"));
        // A kind of food by another of its Chinese names.
        assert_eq!(cuisine_of("韩餐"), Some("korean"));
        assert_eq!(cuisine_of("日餐"), Some("japanese"));
        assert_eq!(kind_named("饮料"), None);
        assert_eq!(cuisine_of("tomato and egg rice bowl"), Some("chinese"));
        assert_eq!(cuisine_of("黄焖鸡米饭"), Some("chinese"));
        assert_eq!(cuisine_of("酸菜鱼"), Some("sichuan"));
        assert_eq!(cuisine_of("麻辣烫"), Some("sichuan"));
        assert_eq!(cuisine_of("Pepperoni Pizza"), Some("italian"));
        assert_eq!(cuisine_of("肠粉"), Some("cantonese"));
        assert_eq!(cuisine_of("牛肉面"), Some("noodles"));
        assert_eq!(cuisine_of("pork dumplings"), Some("dumplings"));
        assert_eq!(cuisine_of("东坡肉"), Some("hangzhou"));
        assert_eq!(cuisine_of("烧烤"), None);
        assert_eq!(cuisine_of("a phone tripod"), None);
        assert_eq!(cuisine_of("the price"), None);
        assert_eq!(cuisine_of("a bowl of pho"), Some("vietnamese"));
        assert_eq!(cuisine_of("two tacos"), Some("mexican"));
        // A longer dish word ending a compound word; a poke bowl.
        assert_eq!(cuisine_of("a double cheeseburger"), Some("fast food"));
        assert_eq!(cuisine_of("spicy tuna poke bowl"), Some("hawaiian"));
        assert_eq!(cuisine_of("he poked me"), None);
        for (_, kind) in DISH_WORDS.iter() {
            assert_ne!(
                kind_in(Language::Zh, kind),
                kind,
                "{kind} has a Chinese name"
            );
        }
    }
}
