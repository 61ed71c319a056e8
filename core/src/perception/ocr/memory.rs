//! Lines already read. A detected line whose strip looks the same as one read recently (same
//! width, same pixels within camera noise) takes that earlier reading instead of running the
//! orientation check and the recognizer again. When the view barely changed (a price digit
//! changed, the head moved a little) only the lines that changed are read.
//!
//! The comparison is on the strip itself, not on where it was: a sign that moved across the
//! view is still the same sign, and a line whose pixels changed is always read again.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::perception::ocr::crop::{LINE_HEIGHT, LineCrop};

/// Side of the square cells a strip is averaged into for comparison, in strip pixels: small
/// enough that a changed full stop (about 4×4 strip pixels) covers half a cell, large enough
/// that sensor noise averages out.
const CELL: usize = 3;
/// Two strips are the same line when no cell's mean grey moved more than this (in
/// normalised units, 2/255 per grey level: 16 grey levels). A changed character moves its
/// cells by well over 40 levels even at low contrast; noise and re-encoding by under 12.
const MAX_CELL_CHANGE: f32 = 16.0 * 2.0 / 255.0;
/// How many recent lines are remembered.
const CAPACITY: usize = 64;

/// A strip reduced to the mean grey of `CELL`×`CELL` cells.
#[derive(Debug, Clone, PartialEq)]
pub struct LineSignature {
    width: usize,
    cells: Vec<f32>,
}

impl LineSignature {
    /// The signature of a strip.
    pub fn of(crop: &LineCrop) -> Self {
        let plane = LINE_HEIGHT * crop.width;
        let (cols, rows) = (crop.width.div_ceil(CELL), LINE_HEIGHT.div_ceil(CELL));
        let mut sums = vec![0f32; cols * rows];
        let mut counts = vec![0u16; cols * rows];
        for y in 0..LINE_HEIGHT {
            for x in 0..crop.width {
                let i = y * crop.width + x;
                let grey = crop.data[i] + crop.data[plane + i] + crop.data[2 * plane + i];
                let cell = (y / CELL) * cols + x / CELL;
                sums[cell] += grey / 3.0;
                counts[cell] += 1;
            }
        }
        let cells = sums
            .iter()
            .zip(&counts)
            .map(|(s, &n)| s / f32::from(n.max(1)))
            .collect();
        Self {
            width: crop.width,
            cells,
        }
    }

    /// True when `other` is the same strip within camera noise.
    fn same_line(&self, other: &LineSignature) -> bool {
        self.width == other.width
            && self
                .cells
                .iter()
                .zip(&other.cells)
                .all(|(a, b)| (a - b).abs() <= MAX_CELL_CHANGE)
    }
}

/// What reading a line gave: its text and confidence.
pub type Reading = (String, f32);

struct Entry {
    signature: LineSignature,
    reading: Reading,
}

/// The most recently read lines, newest first. Shared by every caller of the engine: a
/// reading is reused only for a strip with the same pixels, so whichever caller stored it,
/// it is the reading of that strip.
#[derive(Default)]
pub struct LineMemory {
    entries: Mutex<VecDeque<Entry>>,
}

impl LineMemory {
    /// The earlier reading of a strip with this signature, if one is remembered.
    pub fn recall(&self, signature: &LineSignature) -> Option<Reading> {
        let entries = self.entries.lock().ok()?;
        entries
            .iter()
            .find(|e| e.signature.same_line(signature))
            .map(|e| e.reading.clone())
    }

    /// Remembers the reading of a strip, forgetting the oldest beyond the capacity.
    pub fn remember(&self, signature: LineSignature, reading: Reading) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.push_front(Entry { signature, reading });
            entries.truncate(CAPACITY);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white strip with a black 4×4 dot at `dot_x` and uniform noise of ± `noise` grey
    /// levels (a fixed pattern, different per `seed`).
    fn strip(width: usize, dot_x: Option<usize>, noise: f32, seed: usize) -> LineCrop {
        let plane = LINE_HEIGHT * width;
        let mut data = vec![1.0f32; 3 * plane];
        for (i, v) in data.iter_mut().enumerate() {
            let r = ((i * 7919 + seed * 104_729) % 1000) as f32 / 500.0 - 1.0;
            *v -= noise * 2.0 / 255.0 * r.abs();
        }
        if let Some(x0) = dot_x {
            for c in 0..3 {
                for y in 30..34 {
                    for x in x0..x0 + 4 {
                        data[c * plane + y * width + x] = -1.0;
                    }
                }
            }
        }
        LineCrop { width, data }
    }

    #[test]
    fn the_same_strip_under_noise_is_recalled_a_changed_one_is_not() {
        let memory = LineMemory::default();
        memory.remember(
            LineSignature::of(&strip(120, Some(40), 0.0, 0)),
            ("35.5".into(), 0.99),
        );
        let noisy = LineSignature::of(&strip(120, Some(40), 8.0, 1));
        assert_eq!(memory.recall(&noisy), Some(("35.5".into(), 0.99)));
        // The full stop gone, moved by a few pixels, or the strip one pixel wider: read again.
        for other in [
            strip(120, None, 0.0, 0),
            strip(120, Some(44), 0.0, 0),
            strip(121, Some(40), 0.0, 0),
        ] {
            assert_eq!(memory.recall(&LineSignature::of(&other)), None);
        }
    }

    #[test]
    fn only_the_most_recent_lines_are_kept() {
        let memory = LineMemory::default();
        for width in 1..=CAPACITY + 1 {
            memory.remember(
                LineSignature::of(&strip(width, None, 0.0, 0)),
                (width.to_string(), 1.0),
            );
        }
        assert_eq!(
            memory.recall(&LineSignature::of(&strip(1, None, 0.0, 0))),
            None
        );
        assert!(
            memory
                .recall(&LineSignature::of(&strip(2, None, 0.0, 0)))
                .is_some()
        );
    }
}
