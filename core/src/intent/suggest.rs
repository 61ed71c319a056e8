//! "Not understood" should still help: the closest things the wearer could have said,
//! ranked by how many character pairs the utterance shares with each kind's examples.

use std::collections::HashSet;

use super::words::{WordPairs, pairs};

/// One example per kind (in the taxonomy's order: a trip, a purchase, a comparison, stock, a
/// search, a place's details, a bike, a guide, food, a route), Chinese and English.
const EXAMPLES: WordPairs = pairs![
    (
        "帮我规划下周五去哈尔滨的行程",
        "plan a trip to Harbin next Friday"
    ),
    ("买一双42码的雪地靴", "buy snow boots in size 42"),
    ("这个在别家卖多少钱", "compare prices for this"),
    ("这家店有没有货", "is this in stock here"),
    ("附近有什么好吃的", "find a cafe nearby"),
    ("这家店评分怎么样", "what are the reviews of this place"),
    ("帮我开锁这辆单车", "unlock this bike"),
    ("介绍一下雷峰塔", "tell me the story of this pagoda"),
    (
        "点一份外卖送到酒店",
        "order dumplings delivered to my hotel"
    ),
    ("去断桥怎么走", "take me to the Broken Bridge"),
];

fn bigrams(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// Up to three example requests closest to `text`, in its language (Chinese if it has any
/// Chinese character).
pub fn suggestions(text: &str) -> Vec<String> {
    let chinese = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mine = bigrams(text);
    let mut ranked: Vec<(usize, usize, &str)> = EXAMPLES
        .iter()
        .enumerate()
        .map(|(i, (zh, en))| {
            let example = if chinese { zh } else { en };
            let shared = bigrams(&example.to_lowercase()).intersection(&mine).count();
            (shared, i, example)
        })
        .collect();
    // Most shared first; ties keep the taxonomy order (the most common requests first).
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked
        .into_iter()
        .take(3)
        .map(|(_, _, e)| e.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_examples_come_first_in_the_same_language() {
        let s = suggestions("bike please");
        assert_eq!(s.len(), 3);
        assert_eq!(s[0], "unlock this bike");
        assert!(
            suggestions("天气不错")
                .iter()
                .all(|e| e.chars().any(|c| c > '\u{4e00}'))
        );
    }
}
