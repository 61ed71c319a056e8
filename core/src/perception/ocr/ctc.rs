//! The recognizer's classes and CTC decoding.
//!
//! PP-OCRv4's recognizer has 6,625 classes: 0 is the CTC blank, 1..=6623 are the lines of the
//! dictionary stored in the model's `character` metadata, and 6624 is the space, which the
//! dictionary does not list (PaddleOCR appends it with `use_space_char`). A decoder that
//! builds its table from the dictionary lines alone has no class for 6624, so every space
//! is lost. The dictionary also holds full-width forms (`￥`, `（`, `５`…) that the model
//! prefers for some glyphs — it reads a rendered `¥` (U+00A5) as `￥` (U+FFE5) — so entries
//! are mapped to their half-width equivalents, the way prices and codes are written and
//! matched downstream.

use crate::perception::PerceptionError;

/// Class index → text, with the blank and the space in their model positions.
#[derive(Debug, Clone, PartialEq)]
pub struct Dictionary {
    classes: Vec<String>,
}

/// A character the decoder kept: its class and the output step it peaked at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Emitted {
    /// Class index (never the blank).
    pub class: usize,
    /// Output time step (one per 8 input columns).
    pub step: usize,
    /// Its probability at that step.
    pub prob: f32,
}

/// The class index of the space.
const fn space_class(num_classes: usize) -> usize {
    num_classes - 1
}

impl Dictionary {
    /// Builds the table from the `character` metadata (one entry per line) for a model with
    /// `num_classes` outputs: blank, the lines, then the space.
    pub fn from_metadata(character: &str, num_classes: usize) -> Result<Self, PerceptionError> {
        let mut classes = vec![String::new()];
        classes.extend(character.split('\n').map(|line| {
            line.strip_suffix('\r')
                .unwrap_or(line)
                .chars()
                .map(half_width)
                .collect()
        }));
        // A trailing newline would add an empty entry that is not a class.
        if classes.len() > 1 && classes.last().is_some_and(String::is_empty) {
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

    /// The text of a class.
    pub fn text(&self, class: usize) -> &str {
        self.classes.get(class).map_or("", String::as_str)
    }

    /// True for the space class.
    pub fn is_space(&self, class: usize) -> bool {
        class == space_class(self.classes.len())
    }

    /// Greedy CTC decoding of `steps` rows of class probabilities: best class per step,
    /// repeats merged, blanks dropped.
    pub fn decode(&self, probs: &[f32], steps: usize) -> Vec<Emitted> {
        let mut out = Vec::new();
        let mut previous = 0usize;
        for (step, row) in probs
            .chunks_exact(self.classes.len())
            .take(steps)
            .enumerate()
        {
            let (class, prob) = row
                .iter()
                .enumerate()
                .fold(
                    (0usize, f32::MIN),
                    |acc, (i, &v)| if v > acc.1 { (i, v) } else { acc },
                );
            if class != 0 && class != previous {
                out.push(Emitted { class, step, prob });
            }
            previous = class;
        }
        out
    }

    /// The text of `emitted` (with a space inserted before every index in `extra_spaces`),
    /// leading/trailing spaces trimmed and runs of spaces merged, and the mean probability of
    /// the characters the model emitted.
    pub fn text_of(&self, emitted: &[Emitted], extra_spaces: &[usize]) -> (String, f32) {
        let mut text = String::new();
        for (i, e) in emitted.iter().enumerate() {
            if extra_spaces.contains(&i) {
                text.push(' ');
            }
            text.push_str(self.text(e.class));
        }
        let score = if emitted.is_empty() {
            0.0
        } else {
            emitted.iter().map(|e| e.prob).sum::<f32>() / emitted.len() as f32
        };
        let text = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        (text, score)
    }
}

/// The half-width form of a full-width character (U+FF01–FF5E → ASCII, `￥` → `¥`,
/// ideographic space → space); other characters unchanged.
fn half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FFE5}' => '¥',
        '\u{FFE0}' => '¢',
        '\u{FFE1}' => '£',
        '\u{3000}' => ' ',
        other => other,
    }
}

/// True for characters set one em wide (CJK ideographs, kana, hangul, full-width forms).
pub fn is_wide(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x1100..=0x11FF | 0x2E80..=0xA4CF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0x20000..=0x3FFFD)
    })
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
        let dict = Dictionary::from_metadata("a\nb\n￥", 5).unwrap();
        assert!(dict.is_space(4));
        assert_eq!(dict.text(3), "¥");
        let probs = one_hot(&[3, 3, 0, 1, 4, 4, 2, 0, 2], 5);
        let emitted = dict.decode(&probs, 9);
        assert_eq!(emitted.len(), 5);
        assert_eq!(emitted[2].step, 4);
        let (text, score) = dict.text_of(&emitted, &[]);
        assert_eq!(text, "¥a bb");
        assert!((score - 0.9).abs() < 1e-5);
        assert_eq!(dict.text_of(&emitted, &[1]).0, "¥ a bb");
    }

    #[test]
    fn a_dictionary_that_does_not_fit_the_model_is_refused() {
        assert!(Dictionary::from_metadata("a\nb", 5).is_err());
    }

    #[test]
    fn full_width_forms_become_half_width() {
        assert_eq!(
            "（５）￥".chars().map(half_width).collect::<String>(),
            "(5)¥"
        );
        assert!(is_wide("价") && !is_wide("¥") && !is_wide("A"));
    }
}
