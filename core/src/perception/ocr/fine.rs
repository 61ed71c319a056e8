//! Fine print at full resolution: whether a frame shows strokes of small print outside the
//! lines a coarse detector pass found, so that a pass which could not have seen them is not
//! trusted.
//!
//! Small print is thin strokes: the strokes of 8–20-pixel letters are 1–4 pixels wide,
//! darker (or lighter) than the paper on both sides. A pixel is a stroke across a row when
//! the pixels two or three to its left and to its right are both at least
//! [`STROKE_CONTRAST`] grey levels lighter (or both darker) than it, and a stroke across a
//! column likewise above and below. An edge (a panel's side, a shadow) is lighter on one side
//! only and is no stroke; a large letter's strokes are wider than the test and lie inside
//! its line anyway. Letters have strokes both ways (the upright of an `h`, the bar of an
//! `e`, every Chinese character); a barcode's bars or a ruled line run one way only. So a
//! [`CELL`]-pixel square outside every line holds print when it has at least
//! [`MIN_STROKES`] stroke pixels of each kind, and a frame shows fine print when one such
//! square has another beside it (a line of print is a run of letters; one lone square is a
//! speck of texture or noise). Textured backgrounds (foliage, fabric, brick) pass the test
//! too: such a frame goes to the full pass, which costs time, never text.

use image::RgbImage;

use crate::perception::geometry::Quad;

/// Side of the squares strokes are counted in (frame pixels).
const CELL: usize = 16;
/// How much lighter (or darker) a stroke's surroundings are on both sides, in grey levels.
const STROKE_CONTRAST: i16 = 24;
/// Stroke pixels of each direction a square needs to hold print.
const MIN_STROKES: u16 = 6;
/// How far (pixels) from a stroke its surroundings are looked at: thin and 2–5-pixel strokes.
const REACH: [usize; 2] = [2, 3];

/// True when `image` shows strokes of print in two neighbouring squares that no quad of
/// `lines` (frame pixels) covers.
pub fn shows_fine_print(image: &RgbImage, lines: &[Quad]) -> bool {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let reach = REACH[REACH.len() - 1];
    if w <= 2 * reach || h <= 2 * reach {
        return false;
    }
    let luma: Vec<i16> = image
        .pixels()
        .map(|p| {
            ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as i16
        })
        .collect();
    let covered = covered_rows(lines, w, h);
    let (cols, rows) = (w.div_ceil(CELL), h.div_ceil(CELL));
    // Per square: strokes across rows, strokes across columns.
    let mut strokes = vec![(0u16, 0u16); cols * rows];
    for y in reach..h - reach {
        let row = &luma[y * w..(y + 1) * w];
        for x in reach..w - reach {
            if covered[y].iter().any(|&(x0, x1)| x >= x0 && x < x1) {
                continue;
            }
            let v = row[x];
            let across_row = REACH.iter().any(|&d| is_stroke(v, row[x - d], row[x + d]));
            let across_column = REACH
                .iter()
                .any(|&d| is_stroke(v, luma[(y - d) * w + x], luma[(y + d) * w + x]));
            let cell = &mut strokes[(y / CELL) * cols + x / CELL];
            cell.0 += u16::from(across_row);
            cell.1 += u16::from(across_column);
        }
    }
    let print = |cx: usize, cy: usize| {
        let (a, b) = strokes[cy * cols + cx];
        a >= MIN_STROKES && b >= MIN_STROKES
    };
    (0..rows).any(|cy| {
        (0..cols)
            .any(|cx| print(cx, cy) && neighbours(cx, cy, cols, rows).any(|(nx, ny)| print(nx, ny)))
    })
}

/// True when `v` is at least [`STROKE_CONTRAST`] darker than both `a` and `b`, or lighter.
fn is_stroke(v: i16, a: i16, b: i16) -> bool {
    (a - v).min(b - v) >= STROKE_CONTRAST || (v - a).min(v - b) >= STROKE_CONTRAST
}

/// The up to eight squares around square (`cx`, `cy`) of a `cols`×`rows` grid.
fn neighbours(
    cx: usize,
    cy: usize,
    cols: usize,
    rows: usize,
) -> impl Iterator<Item = (usize, usize)> {
    (cy.saturating_sub(1)..(cy + 2).min(rows))
        .flat_map(move |ny| (cx.saturating_sub(1)..(cx + 2).min(cols)).map(move |nx| (nx, ny)))
        .filter(move |&n| n != (cx, cy))
}

/// Per row of a `w`×`h` frame, the spans `[x0, x1)` that a quad of `lines` covers.
fn covered_rows(lines: &[Quad], w: usize, h: usize) -> Vec<Vec<(usize, usize)>> {
    let mut rows = vec![Vec::new(); h];
    for quad in lines {
        let ys = quad.iter().map(|p| p[1]);
        let (top, bottom) = ys.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
        let first = top.max(0.0).floor() as usize;
        let last = (bottom.max(0.0).ceil() as usize).min(h);
        for (y, spans) in rows.iter_mut().enumerate().take(last).skip(first) {
            if let Some((x0, x1)) = span_at(quad, y as f32 + 0.5) {
                let x0 = x0.max(0.0).floor() as usize;
                let x1 = (x1.max(0.0).ceil() as usize).min(w);
                if x0 < x1 {
                    spans.push((x0, x1));
                }
            }
        }
    }
    rows
}

/// Where the row at height `y` crosses the (convex) `quad`: its leftmost and rightmost x.
fn span_at(quad: &Quad, y: f32) -> Option<(f32, f32)> {
    let mut span: Option<(f32, f32)> = None;
    for i in 0..4 {
        let (a, b) = (quad[i], quad[(i + 1) % 4]);
        let (lo, hi) = (a[1].min(b[1]), a[1].max(b[1]));
        if y < lo || y > hi {
            continue;
        }
        let x = match hi - lo {
            d if d < 1e-6 => a[0].min(b[0]),
            _ => a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]),
        };
        let far = match hi - lo {
            d if d < 1e-6 => a[0].max(b[0]),
            _ => x,
        };
        span = Some(span.map_or((x, far), |(s0, s1)| (s0.min(x), s1.max(far))));
    }
    span
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A 160×96 white frame with a run of small dark letters (a 2-pixel grid of strokes
    /// both ways, 10 pixels high) at x 20–80, y 40–50.
    fn frame_with_print() -> RgbImage {
        RgbImage::from_fn(160, 96, |x, y| {
            let letter = (20..80).contains(&x) && (40..50).contains(&y);
            let stroke = x % 4 == 0 || y % 4 == 0;
            match letter && stroke {
                true => Rgb([20, 20, 20]),
                false => Rgb([240, 240, 240]),
            }
        })
    }

    #[test]
    fn small_print_outside_the_lines_is_seen() {
        assert!(shows_fine_print(&frame_with_print(), &[]));
    }

    #[test]
    fn small_print_inside_a_line_is_not_counted() {
        let line = [[10.0, 30.0], [90.0, 30.0], [90.0, 60.0], [10.0, 60.0]];
        assert!(!shows_fine_print(&frame_with_print(), &[line]));
        // A line covering only half the print leaves the rest to be seen.
        let half = [[10.0, 30.0], [45.0, 30.0], [45.0, 60.0], [10.0, 60.0]];
        assert!(shows_fine_print(&frame_with_print(), &[half]));
    }

    #[test]
    fn edges_bars_and_a_flat_frame_are_not_print() {
        let flat = RgbImage::from_pixel(160, 96, Rgb([128, 128, 128]));
        assert!(!shows_fine_print(&flat, &[]));
        // A dark panel on a light frame: edges, lighter on one side only.
        let panel = RgbImage::from_fn(160, 96, |x, y| {
            match (30..130).contains(&x) && (20..70).contains(&y) {
                true => Rgb([20, 40, 90]),
                false => Rgb([250, 250, 250]),
            }
        });
        assert!(!shows_fine_print(&panel, &[]));
        // Barcode bars: strokes across rows only.
        let bars = RgbImage::from_fn(160, 96, |x, _| match x % 5 < 2 {
            true => Rgb([0, 0, 0]),
            false => Rgb([255, 255, 255]),
        });
        assert!(!shows_fine_print(&bars, &[]));
    }

    #[test]
    fn a_tilted_quad_covers_its_own_rows_only() {
        let quad = [[10.0, 10.0], [50.0, 20.0], [45.0, 40.0], [5.0, 30.0]];
        let rows = covered_rows(&[quad], 64, 64);
        assert!(rows[5].is_empty() && rows[45].is_empty());
        let (x0, x1) = rows[20][0];
        assert!(x0 <= 8 && (48..=51).contains(&x1), "{:?}", rows[20]);
    }
}
