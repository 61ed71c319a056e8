//! Scoring what was read against what a picture shows.
//!
//! The score is a one-to-one matching of lines: each line shown is matched to at most one
//! line read (or a run of up to three consecutive lines read, for a detector that split it at
//! a wide gap), each line read serves at most one line shown (or one run of up to three
//! consecutive lines shown, for a detector that joined them), and lines read that match
//! nothing count as invented text. Characters in common (longest common subsequence) over
//! characters read is the precision, over characters shown the recall.
//!
//! Both sides are compared after [`normalize`]: spaces next to a Chinese character and the
//! full-width forms of ASCII characters are typographic choices a reader does not see as
//! text, while a space between two Latin letters is text (a "BOARD I NG" is an error).
//!
//! The former figure (each line shown against its closest line read, extra lines free, one
//! line read serving many) stays beside it for one release as [`GroundTruth::text_errors`].

use crate::render::GroundTruth;

/// How many consecutive lines may be joined to match one line on the other side.
const MAX_JOINED: usize = 3;

/// Characters read, characters shown and characters in common over any number of pictures:
/// character precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextScore {
    /// Characters of the lines shown (after [`normalize`]).
    pub shown: usize,
    /// Characters of every line read, matched or not (after [`normalize`]).
    pub read: usize,
    /// Characters read that are in the line they were matched to, in order.
    pub hits: usize,
}

impl TextScore {
    /// Lines read (in reading order) scored against lines shown (in reading order).
    pub fn of(shown: &[String], read: &[String]) -> Self {
        let shown: Vec<Vec<char>> = shown.iter().map(|l| normalize(l)).collect();
        let read: Vec<Vec<char>> = read.iter().map(|l| normalize(l)).collect();
        let matched = matched(&shown, &read);
        Self {
            shown: shown.iter().map(Vec::len).sum::<usize>() + matched.shown_joins,
            read: read.iter().map(Vec::len).sum::<usize>() + matched.read_joins,
            hits: matched.hits,
        }
    }

    /// The sum of two scores (of two pictures).
    pub fn plus(self, other: Self) -> Self {
        Self {
            shown: self.shown + other.shown,
            read: self.read + other.read,
            hits: self.hits + other.hits,
        }
    }

    /// Share of the characters read that are right (1 when nothing was read).
    pub fn precision(&self) -> f64 {
        match self.read {
            0 => 1.0,
            n => self.hits as f64 / n as f64,
        }
    }

    /// Share of the characters shown that were read (1 when nothing was shown).
    pub fn recall(&self) -> f64 {
        match self.shown {
            0 => 1.0,
            n => self.hits as f64 / n as f64,
        }
    }

    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

impl GroundTruth {
    /// The one-to-one character score of `found` (lines read, in reading order).
    pub fn score(&self, found: &[String]) -> TextScore {
        TextScore::of(&self.texts, found)
    }

    /// The former figure, kept for one release beside [`GroundTruth::score`]: character
    /// errors of `found` against the lines drawn, each line drawn against its closest line
    /// found (or run of up to three consecutive lines joined by spaces), extra lines free.
    /// Returns (errors, characters drawn); the accuracy is `1 − errors / characters`.
    pub fn text_errors(&self, found: &[String]) -> (usize, usize) {
        let mut candidates: Vec<String> = Vec::new();
        for start in 0..found.len() {
            for len in 1..=MAX_JOINED.min(found.len() - start) {
                candidates.push(found[start..start + len].join(" "));
            }
        }
        let mut errors = 0;
        let mut total = 0;
        for line in &self.texts {
            let n = line.chars().count();
            total += n;
            errors += candidates
                .iter()
                .map(|c| edit_distance(line, c))
                .min()
                .unwrap_or(n);
        }
        (errors, total)
    }
}

/// A line as compared: full-width ASCII forms folded to ASCII (`：` → `:`, the ideographic
/// space → a space), runs of white space made one space, no space at either end or next to
/// a Chinese character.
pub fn normalize(line: &str) -> Vec<char> {
    let folded: Vec<char> = line
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c if c.is_whitespace() => ' ',
            c => c,
        })
        .collect();
    let mut out: Vec<char> = Vec::with_capacity(folded.len());
    for (i, &c) in folded.iter().enumerate() {
        if c != ' ' {
            out.push(c);
            continue;
        }
        let next = folded[i + 1..].iter().find(|&&n| n != ' ');
        let after_wide = out.last().is_none_or(|&p| p == ' ' || is_cjk(p));
        if !after_wide && next.is_some_and(|&n| !is_cjk(n)) {
            out.push(' ');
        }
    }
    out
}

/// Chinese characters and CJK punctuation: text set without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// What the one-to-one matching of two sides found.
struct Matched {
    /// Characters in common.
    hits: usize,
    /// Spaces put between lines joined on the shown side (a line break standing for one).
    shown_joins: usize,
    /// The same on the read side: counted as read, so precision stays a share.
    read_joins: usize,
}

/// The one-to-one matching of `shown` and `read`: every pair (a line and a run of up to
/// [`MAX_JOINED`] consecutive lines of the other side) is a candidate; the best are taken
/// first (most characters in common, then fewest left over), each line in at most one pair.
fn matched(shown: &[Vec<char>], read: &[Vec<char>]) -> Matched {
    struct Pair {
        shown: (usize, usize),
        read: (usize, usize),
        hits: usize,
        spare: usize,
        joins: (usize, usize),
    }
    let joined = |lines: &[Vec<char>]| -> Vec<char> {
        let mut out = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let wide = |c: Option<&char>| c.is_some_and(|&c| is_cjk(c));
            if i > 0 && !wide(out.last()) && !wide(l.first()) {
                out.push(' ');
            }
            out.extend_from_slice(l);
        }
        out
    };
    let mut pairs = Vec::new();
    let length = |lines: &[Vec<char>]| lines.iter().map(Vec::len).sum::<usize>();
    let mut consider = |s: (usize, usize), r: (usize, usize)| {
        let (a, b) = (joined(&shown[s.0..s.1]), joined(&read[r.0..r.1]));
        let hits = common_subsequence(&a, &b);
        if hits > 0 {
            pairs.push(Pair {
                shown: s,
                read: r,
                hits,
                spare: a.len() + b.len() - 2 * hits,
                joins: (
                    a.len() - length(&shown[s.0..s.1]),
                    b.len() - length(&read[r.0..r.1]),
                ),
            });
        }
    };
    for i in 0..shown.len() {
        for j in 0..read.len() {
            for k in 1..=MAX_JOINED.min(read.len() - j) {
                consider((i, i + 1), (j, j + k));
            }
            for k in 2..=MAX_JOINED.min(shown.len() - i) {
                consider((i, i + k), (j, j + 1));
            }
        }
    }
    pairs.sort_by(|a, b| b.hits.cmp(&a.hits).then(a.spare.cmp(&b.spare)));
    let (mut shown_used, mut read_used) = (vec![false; shown.len()], vec![false; read.len()]);
    let mut out = Matched {
        hits: 0,
        shown_joins: 0,
        read_joins: 0,
    };
    for p in pairs {
        let (s, r) = (p.shown.0..p.shown.1, p.read.0..p.read.1);
        if s.clone().any(|i| shown_used[i]) || r.clone().any(|j| read_used[j]) {
            continue;
        }
        s.for_each(|i| shown_used[i] = true);
        r.for_each(|j| read_used[j] = true);
        out.hits += p.hits;
        out.shown_joins += p.joins.0;
        out.read_joins += p.joins.1;
    }
    out
}

/// Length of the longest common subsequence of `a` and `b`.
fn common_subsequence(a: &[char], b: &[char]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &ca in a {
        let mut diagonal = 0;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb {
                diagonal + 1
            } else {
                above.max(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn distances_and_split_lines() {
        assert_eq!(edit_distance("今日特价 ¥35.5", "今日特价?35.5"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        let truth = GroundTruth {
            texts: lines(&["Kung Pao Chicken ¥38", "Menu"]),
            codes: vec![],
        };
        let found = lines(&["Menu", "Kung Pao Chicken", "¥38"]);
        assert_eq!(truth.text_errors(&found), (0, 24));
        assert_eq!(truth.text_errors(&[]), (24, 24));
        let score = truth.score(&found);
        // The space between the two lines read counts as read (the line break stands for it).
        assert_eq!((score.hits, score.shown, score.read), (24, 24, 24));
        assert_eq!(score.f1(), 1.0);
        assert_eq!(truth.score(&[]).recall(), 0.0);
    }

    #[test]
    fn invented_lines_cost_precision_and_one_line_serves_one() {
        let shown = lines(&["EXIT", "EXIT"]);
        let score = TextScore::of(&shown, &lines(&["EXIT"]));
        assert_eq!((score.hits, score.shown, score.read), (4, 8, 4));
        assert_eq!(score.precision(), 1.0);
        assert_eq!(score.recall(), 0.5);
        let score = TextScore::of(&lines(&["EXIT"]), &lines(&["EXIT", "WATERMARK"]));
        assert_eq!((score.hits, score.read), (4, 13));
        assert!((score.f1() - 2.0 * (4.0 / 13.0) / (4.0 / 13.0 + 1.0)).abs() < 1e-9);
        // Joined lines on the read side.
        let score = TextScore::of(
            &lines(&["航班 FLIGHT", "日期"]),
            &lines(&["航班FLIGHT日期"]),
        );
        assert_eq!((score.hits, score.shown, score.read), (10, 10, 10));
    }

    #[test]
    fn spaces_count_between_latin_letters_only() {
        assert_eq!(normalize("航班 FLIGHT"), normalize("航班FLIGHT"));
        assert_eq!(normalize("门诊号：E05"), normalize("门诊号:E05"));
        assert_eq!(
            normalize("  BOARDING   PASS "),
            "BOARDING PASS".chars().collect::<Vec<_>>()
        );
        let score = TextScore::of(&lines(&["BOARDING"]), &lines(&["BOARD I NG"]));
        assert_eq!((score.hits, score.read), (8, 10));
    }
}
