//! Lines already read. A detected line whose strip looks the same as one read recently (same
//! width, same pixels within camera noise) takes that earlier reading instead of running the
//! orientation check and the recognizer again. When the view barely changed (a price digit
//! changed, the head moved a little) only the lines that changed are read.
//!
//! The comparison is on the strip's pixels: a sign that moved across the view is still the
//! same sign, and a line whose pixels changed is always read again. The detector may draw
//! an unchanged line's box a pixel differently when something near it changed; then the
//! remembered box, cut from the new frame, is compared instead.

use image::RgbImage;
use std::collections::VecDeque;
use std::sync::Mutex;

use crate::perception::geometry::Quad;
use crate::perception::ocr::crop::{LINE_HEIGHT, LineCrop, line_crop};

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
/// A box whose corners all lie within this many pixels (or this share of the line's
/// height, if more) of a remembered box is at the same place.
const SAME_PLACE_PX: f32 = 2.0;
const SAME_PLACE_HEIGHTS: f32 = 0.15;

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
    quad: Quad,
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
    /// The earlier reading of the line at `quad` in `image`, whose strip has `signature`: a
    /// remembered strip with the same pixels (wherever it was), or a remembered line at
    /// nearly the same place whose own box, cut from `image`, still shows the same pixels.
    pub fn recall(
        &self,
        image: &RgbImage,
        quad: &Quad,
        signature: &LineSignature,
    ) -> Option<Reading> {
        let entries = self.entries.lock().ok()?;
        let same_strip = entries.iter().find(|e| e.signature.same_line(signature));
        let same_place = || {
            entries.iter().find(|e| {
                same_place(&e.quad, quad)
                    && e.signature
                        .same_line(&LineSignature::of(&line_crop(image, &e.quad)))
            })
        };
        same_strip.or_else(same_place).map(|e| e.reading.clone())
    }

    /// Remembers the reading of the line at `quad`, forgetting the oldest beyond the capacity.
    pub fn remember(&self, quad: Quad, signature: LineSignature, reading: Reading) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.push_front(Entry {
                quad,
                signature,
                reading,
            });
            entries.truncate(CAPACITY);
        }
    }
}

/// True when every corner of `a` is within the tolerance of the same corner of `b`.
fn same_place(a: &Quad, b: &Quad) -> bool {
    let height = (a[3][0] - a[0][0]).hypot(a[3][1] - a[0][1]);
    let tolerance = SAME_PLACE_PX.max(SAME_PLACE_HEIGHTS * height);
    a.iter()
        .zip(b)
        .all(|(p, q)| (p[0] - q[0]).abs() <= tolerance && (p[1] - q[1]).abs() <= tolerance)
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

    /// Far from every box the tests use: the same-place path never applies.
    const ELSEWHERE: Quad = [
        [500.0, 500.0],
        [600.0, 500.0],
        [600.0, 540.0],
        [500.0, 540.0],
    ];

    fn blank() -> RgbImage {
        RgbImage::from_pixel(8, 8, image::Rgb([255, 255, 255]))
    }

    #[test]
    fn the_same_strip_under_noise_is_recalled_a_changed_one_is_not() {
        let memory = LineMemory::default();
        memory.remember(
            ELSEWHERE,
            LineSignature::of(&strip(120, Some(40), 0.0, 0)),
            ("35.5".into(), 0.99),
        );
        let noisy = LineSignature::of(&strip(120, Some(40), 8.0, 1));
        let quad = [[0.0, 0.0], [120.0, 0.0], [120.0, 48.0], [0.0, 48.0]];
        assert_eq!(
            memory.recall(&blank(), &quad, &noisy),
            Some(("35.5".into(), 0.99))
        );
        // The full stop gone, moved by a few pixels, or the strip one pixel wider: read again.
        for other in [
            strip(120, None, 0.0, 0),
            strip(120, Some(44), 0.0, 0),
            strip(121, Some(40), 0.0, 0),
        ] {
            assert_eq!(
                memory.recall(&blank(), &quad, &LineSignature::of(&other)),
                None
            );
        }
    }

    #[test]
    fn a_box_drawn_a_pixel_off_is_checked_against_the_remembered_box() {
        // A grey page with a black bar of "text".
        let mut page = RgbImage::from_pixel(200, 100, image::Rgb([200, 200, 200]));
        for y in 40..60 {
            for x in 30..150 {
                page.put_pixel(x, y, image::Rgb([0, 0, 0]));
            }
        }
        let quad = [[20.0, 30.0], [160.0, 30.0], [160.0, 70.0], [20.0, 70.0]];
        let memory = LineMemory::default();
        memory.remember(
            quad,
            LineSignature::of(&line_crop(&page, &quad)),
            ("bar".into(), 0.9),
        );
        let shifted = quad.map(|[x, y]| [x + 1.5, y + 1.0]);
        let signature = LineSignature::of(&line_crop(&page, &shifted));
        // The strips differ (the bar's edges moved), so only the remembered box can match.
        assert!(!signature.same_line(&LineSignature::of(&line_crop(&page, &quad))));
        assert_eq!(
            memory.recall(&page, &shifted, &signature),
            Some(("bar".into(), 0.9))
        );
        // The same place, but the bar got shorter: read again.
        for y in 40..60 {
            for x in 120..150 {
                page.put_pixel(x, y, image::Rgb([200, 200, 200]));
            }
        }
        let signature = LineSignature::of(&line_crop(&page, &shifted));
        assert_eq!(memory.recall(&page, &shifted, &signature), None);
    }

    #[test]
    fn only_the_most_recent_lines_are_kept() {
        let memory = LineMemory::default();
        for width in 1..=CAPACITY + 1 {
            memory.remember(
                ELSEWHERE,
                LineSignature::of(&strip(width, None, 0.0, 0)),
                (width.to_string(), 1.0),
            );
        }
        let recall = |width| {
            memory.recall(
                &blank(),
                &ELSEWHERE.map(|[x, y]| [x + 300.0, y]),
                &LineSignature::of(&strip(width, None, 0.0, 0)),
            )
        };
        assert_eq!(recall(1), None);
        assert!(recall(2).is_some());
    }
}
