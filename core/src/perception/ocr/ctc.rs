//! The recognizer's classes and CTC decoding.
//!
//! PP-OCRv4's recognizer has 6,625 classes: 0 is the CTC blank, 1..=6623 are the lines of the
//! dictionary stored in the model's `character` metadata, and 6624 is the space, which the
//! dictionary does not list (PaddleOCR appends it with `use_space_char`). A decoder that
//! builds its table from the dictionary lines alone has no class for 6624, so every space
//! is lost — see `docs/perception.md` for how that and the lost `¥` were found.

use crate::perception::PerceptionError;

/// Class index → text, with the blank and the space in their model positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Dictionary {
    classes: Vec<String>,
}

impl Dictionary {
    /// Builds the table from the `character` metadata (one entry per line) for a model with
    /// `num_classes` outputs: blank, the lines, then the space.
    pub fn from_metadata(character: &str, num_classes: usize) -> Result<Self, PerceptionError> {
        let mut classes = vec![String::new()];
        classes.extend(character.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line).to_string()));
        // A trailing newline would add an empty entry that is not a class.
        if classes.last().is_some_and(String::is_empty) && classes.len() > 1 {
            classes.pop();
        }
        classes.push(" ".to_string());
        if classes.len() != num_classes {
            return Err(PerceptionError::ModelLoad {
                file: "recognizer dictionary".into(),
                reason: format!(
                    "{} dictionary entries + blank + space = {} classes, but the model has {num_classes}",
                    classes.len() - 2,
                    classes.len()
                ),
            });
        }
        Ok(Self { classes })
    }

    /// Number of classes (including blank and space).
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// True when there are no classes (never for a loaded model).
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// The class index of a character, if the model knows it.
    pub fn index_of(&self, text: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == text)
    }

    /// Greedy CTC decoding of `steps` rows of `num_classes` probabilities: best class per
    /// step, repeats merged, blanks dropped. Returns the text and the mean probability of the
    /// kept characters.
    pub fn decode(&self, probs: &[f32], steps: usize) -> (String, f32) {
        let n = self.classes.len();
        let mut text = String::new();
        let mut confidence = 0f32;
        let mut kept = 0usize;
        let mut previous = 0usize;
        for row in probs.chunks_exact(n).take(steps) {
            let (best, p) = row
                .iter()
                .enumerate()
                .fold((0usize, f32::MIN), |acc, (i, &v)| if v > acc.1 { (i, v) } else { acc });
            if best != 0 && best != previous {
                text.push_str(&self.classes[best]);
                confidence += p;
                kept += 1;
            }
            previous = best;
        }
        let score = if kept == 0 { 0.0 } else { confidence / kept as f32 };
        (collapse_spaces(&text), score)
    }
}

/// Trims the line and merges runs of spaces (the model emits one space class per gap step).
fn collapse_spaces(text: &str) -> String {
    text.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_hot(classes: &[usize], n: usize) -> Vec<f32> {
        classes
            .iter()
            .flat_map(|&c| (0..n).map(move |i| if i == c { 0.9 } else { 0.1 / n as f32 }))
            .collect()
    }

    #[test]
    fn blank_first_space_last_and_repeats_merge() {
        let dict = Dictionary::from_metadata("a\nb\n¥", 5).unwrap();
        assert_eq!(dict.index_of(" "), Some(4));
        assert_eq!(dict.index_of("¥"), Some(3));
        let probs = one_hot(&[3, 3, 0, 1, 4, 4, 2, 0, 2], 5);
        let (text, score) = dict.decode(&probs, 9);
        assert_eq!(text, "¥a bb");
        assert!((score - 0.9).abs() < 1e-5);
    }

    #[test]
    fn a_dictionary_that_does_not_fit_the_model_is_refused() {
        assert!(Dictionary::from_metadata("a\nb", 5).is_err());
    }
}
