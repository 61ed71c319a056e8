//! Text recognition: PP-OCRv4's CRNN-style model on a 48-pixel strip, optimised for a few
//! fixed widths (tract needs fixed shapes); each line goes to the narrowest width that holds
//! it, padded with mid grey as PaddleOCR does.
//!
//! Lines run one at a time. Batching several strips of a width into one run was measured
//! and is slower in tract 0.23: a batch of 4 took 1.5–1.8× the time of 4 single runs at
//! every width from 96 to 960 (release, one core), and a batch of 8 at widths 160 and 320
//! 1.4–1.7×.
//! A symbolic width loads once the model's shape arithmetic stays in 64-bit integers, but
//! runs about 10× slower than a fixed-width plan, so the widths stay fixed.

use crate::perception::PerceptionError;
use crate::perception::models::{BundledModel, ModelFile, ModelStore, image_shapes};
use crate::perception::ocr::case::even_case;
use crate::perception::ocr::crop::{LINE_HEIGHT, LineCrop, MAX_LINE_WIDTH, MIN_CONTRAST};
use crate::perception::ocr::ctc::{Dictionary, Emitted, is_wide};

/// Strip widths the recognizer is optimised for (the last is `MAX_LINE_WIDTH`). Each width
/// is one plan holding its own packed weights (~12.5 MB resident), and the recognizer's time
/// grows with the width (≈ 3 ms + 0.094 ms per column on one core), so the widths trade
/// memory against padding: for lines spread over 60–560 strip pixels (most lines of a
/// 640×480 frame) these four pad to 396 columns on average, against 375 for the six widths
/// 128/240/352/480/640/960 used before — 6% more recognizer time for 25 MB less memory.
const WIDTHS: [usize; 4] = [192, 352, 560, MAX_LINE_WIDTH];
/// The recognizer's input shapes: one strip per width.
const INPUT_SHAPES: [[usize; 4]; WIDTHS.len()] = image_shapes([
    (LINE_HEIGHT, WIDTHS[0]),
    (LINE_HEIGHT, WIDTHS[1]),
    (LINE_HEIGHT, WIDTHS[2]),
    (LINE_HEIGHT, WIDTHS[3]),
]);
/// PP-OCRv4 text recognition (CTC, dictionary in the metadata).
pub const RECOGNIZER: ModelFile = ModelFile {
    name: "ocr-recognizer.nnef.tar",
    source: "ch_PP-OCRv4_rec_infer.onnx",
    shapes: &INPUT_SHAPES,
};
/// The model's output has one time step per this many input columns.
const COLUMNS_PER_STEP: usize = 8;

/// The recognizer and its dictionary.
#[derive(Debug)]
pub struct Recognizer {
    model: BundledModel,
    dictionary: Dictionary,
}

impl Recognizer {
    /// Opens the recognizer in `store` and reads its dictionary (this reads the bundle).
    pub fn new(store: &ModelStore) -> Result<Self, PerceptionError> {
        let model = store.model(RECOGNIZER);
        let character = model
            .metadata("character")?
            .ok_or_else(|| PerceptionError::ModelLoad {
                file: RECOGNIZER.name.into(),
                reason: "no `character` dictionary in the model metadata".into(),
            })?;
        let num_classes = model
            .output_shape(&INPUT_SHAPES[0])?
            .last()
            .copied()
            .ok_or_else(|| PerceptionError::ModelLoad {
                file: RECOGNIZER.name.into(),
                reason: "the output has no class dimension".into(),
            })?;
        let dictionary = Dictionary::from_metadata(&character, num_classes)?;
        Ok(Self { model, dictionary })
    }

    /// Optimises every width bucket now.
    pub fn warm_up(&self) -> Result<(), PerceptionError> {
        self.model.warm_up()
    }

    /// Reads one line: its text and mean character confidence.
    pub fn recognize(&self, crop: &LineCrop) -> Result<(String, f32), PerceptionError> {
        let width = WIDTHS
            .iter()
            .copied()
            .find(|&w| w >= crop.width)
            .unwrap_or(MAX_LINE_WIDTH);
        let mut data = vec![0f32; 3 * LINE_HEIGHT * width];
        crop.write_padded(&mut data, width);
        let flat = self
            .model
            .run("text recognition", [1, 3, LINE_HEIGHT, width], data)?;
        // Steps past the content (plus one for the receptive field) see only padding.
        let steps = (crop.width.min(width)).div_ceil(COLUMNS_PER_STEP) + 1;
        let emitted = self.dictionary.decode(&flat, steps);
        let spaces = missed_spaces(&self.dictionary, &emitted, crop, width);
        let (text, score) = self.dictionary.text_of(&emitted, &spaces);
        Ok((even_case(&text), score))
    }
}

/// Gap between a wide (CJK) and a narrow character, in ems of ink height, above which a
/// space was written even though the model did not emit one.
const SCRIPT_CHANGE_GAP: f32 = 0.35;
/// The same between two wide characters (which sit close together when set solid).
const WIDE_GAP: f32 = 0.6;
/// The same between two Latin letters: letters of a word stand about a tenth of the ink
/// height apart, words (a space is a third of an em, plus side bearings) four tenths.
const LETTERS_GAP: f32 = 0.3;
/// The same between a Latin letter and a digit (`Soda 330ml`): higher, since a narrow
/// digit such as `1` sits in a full digit's width with wide margins (`B1`). Between two
/// digits or next to punctuation no space is inserted: tabular digits and marks like
/// `:` or `.` stand apart without one.
const LETTER_DIGIT_GAP: f32 = 0.4;

/// A gap is a word space only when it is also this many times the line's own typical gap
/// between two letters (or two Chinese characters): letter-spaced capitals (`B O A R D I N
/// G` on a boarding pass, with a narrow `I` in a wide cell) stand further apart than the
/// fixed fractions above, but a word space is still a space wider than their spacing.
const TRACKING_FACTOR: f32 = 2.2;
/// The typical gap of a line is measured when it has at least this many pairs.
const MIN_PAIRS_FOR_TRACKING: usize = 3;

/// Indices of emitted characters that need a space before them which the model left out.
///
/// The recognizer was trained mostly on Chinese lines without spaces, so it rarely emits
/// the space class where Chinese meets Latin text or a symbol (`今日特价 ¥35.5`), and at
/// small sizes it drops some between Latin words too (`Coca-ColaSoda330ml`). Between two
/// characters it did not separate, the strip's blank columns are measured instead: a gap
/// wider than a fraction of the text height (larger for two Chinese characters, which are
/// set solid), and wider than the line's own spacing (see [`TRACKING_FACTOR`]), is a space.
/// Blank is judged against the contrast of the two characters' own neighbourhood, so a
/// word in a paler colour than the rest of its line is not one blank gap.
fn missed_spaces(
    dict: &Dictionary,
    emitted: &[Emitted],
    crop: &LineCrop,
    width: usize,
) -> Vec<usize> {
    let (ink, ink_height) = crop.ink();
    if ink_height == 0 {
        return Vec::new();
    }
    // Strip columns per model input column (> 1 when a long line was squeezed).
    let squeeze = crop.width as f32 / crop.width.min(width) as f32;
    let column = |step: usize| (((step * COLUMNS_PER_STEP) as f32 + 4.0) * squeeze) as usize;
    let reach = ink_height / 2;
    let mut gaps: Vec<(usize, Spacing, f32)> = Vec::new();
    for i in 1..emitted.len() {
        let (a, b) = (emitted[i - 1], emitted[i]);
        if dict.is_space(a.class) || dict.is_space(b.class) {
            continue;
        }
        let (ta, tb) = (dict.text(a.class), dict.text(b.class));
        let spacing = match (is_wide(ta), is_wide(tb)) {
            (true, true) => Spacing::Wide,
            (false, false) => match (narrow_kind(ta), narrow_kind(tb)) {
                (Narrow::Letter, Narrow::Letter) => Spacing::Letters,
                (Narrow::Letter, Narrow::Digit) | (Narrow::Digit, Narrow::Letter) => {
                    Spacing::LetterDigit
                }
                _ => continue,
            },
            _ => Spacing::ScriptChange,
        };
        let (from, to) = (column(a.step).min(ink.len()), column(b.step).min(ink.len()));
        let to = to.max(from);
        let around = &ink[from.saturating_sub(reach)..(to + reach).min(ink.len())];
        let local = around.iter().copied().fold(0f32, f32::max);
        if local <= MIN_CONTRAST {
            continue;
        }
        let widest = ink[from..to]
            .split(|&strength| strength > local / 2.0)
            .map(<[f32]>::len)
            .max()
            .unwrap_or(0);
        gaps.push((i, spacing, widest as f32 / ink_height as f32));
    }
    let typical = |kind: Spacing| {
        let mut of_kind: Vec<f32> = gaps.iter().filter(|g| g.1 == kind).map(|g| g.2).collect();
        if of_kind.len() < MIN_PAIRS_FOR_TRACKING {
            return 0.0;
        }
        of_kind.sort_by(f32::total_cmp);
        of_kind[of_kind.len() / 2]
    };
    let (letters, wide) = (typical(Spacing::Letters), typical(Spacing::Wide));
    gaps.iter()
        .filter(|(_, spacing, gap)| {
            let threshold = match spacing {
                Spacing::Wide => WIDE_GAP.max(TRACKING_FACTOR * wide),
                Spacing::Letters => LETTERS_GAP.max(TRACKING_FACTOR * letters),
                Spacing::LetterDigit => LETTER_DIGIT_GAP,
                Spacing::ScriptChange => SCRIPT_CHANGE_GAP,
            };
            *gap >= threshold
        })
        .map(|g| g.0)
        .collect()
}

/// Which pair of characters a gap stands between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Spacing {
    /// Two Chinese (wide) characters.
    Wide,
    /// Two Latin letters.
    Letters,
    /// A letter and a digit.
    LetterDigit,
    /// A wide and a narrow character.
    ScriptChange,
}

/// What a narrow (non-CJK) character is, for spacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Narrow {
    Letter,
    Digit,
    Other,
}

fn narrow_kind(text: &str) -> Narrow {
    match text.chars().next() {
        Some(c) if c.is_ascii_digit() => Narrow::Digit,
        Some(c) if c.is_alphabetic() => Narrow::Letter,
        _ => Narrow::Other,
    }
}
