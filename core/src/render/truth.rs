//! Scoring what was read against what was drawn.

use crate::render::GroundTruth;

/// How many consecutive lines found may be joined to match one line drawn (a detector may
/// split a line at a wide gap).
const MAX_JOINED: usize = 3;

impl GroundTruth {
    /// Character errors of `found` (lines read, in reading order) against the lines drawn:
    /// for every line drawn, the edit distance to the closest line found (or run of up to
    /// three consecutive lines joined by spaces). Returns (errors, characters drawn); the
    /// character accuracy is `1 − errors / characters`. Spaces count.
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

    #[test]
    fn distances_and_split_lines() {
        assert_eq!(edit_distance("今日特价 ¥35.5", "今日特价?35.5"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        let truth = GroundTruth {
            texts: vec!["Kung Pao Chicken ¥38".into(), "Menu".into()],
            codes: vec![],
        };
        let found = vec!["Menu".to_string(), "Kung Pao Chicken".into(), "¥38".into()];
        assert_eq!(truth.text_errors(&found), (0, 24));
        assert_eq!(truth.text_errors(&[]), (24, 24));
    }
}
