//! Cutting a detected line out of the frame at the recognizer's height.
//!
//! The crop is sampled straight from the full-resolution frame along the (possibly rotated)
//! box into a 48-pixel-high strip, supersampling when the line is larger than that, so small
//! characters like `¥` keep their strokes instead of going through two lossy resizes.

use image::RgbImage;

use crate::perception::geometry::Quad;

/// Height of the recognizer's input.
pub const LINE_HEIGHT: usize = 48;
/// The widest strip produced; longer lines are squeezed to it.
pub const MAX_LINE_WIDTH: usize = 960;
/// Contrast (in normalised units, 2 = black to white) below which a strip holds no ink.
pub const MIN_CONTRAST: f32 = 0.1;

/// A row holding less than this fraction (1/n) of the inked pixels of the fullest row in
/// the strip's middle half counts as
/// blank: the ascenders and descenders of a mixed-case line still hold about a quarter of
/// the ink of its middle rows, while a neighbour's sliver, a background tint or a stamp's
/// edge at the strip's border holds less (a boarding pass's `座位号 SEAT NO.` box: 6–23
/// pixels a row under the line against 87 in it).
const BAND_SHARE: usize = 8;
/// Rows of at least two inked pixels the band grows by on each side past the share.
const BAND_TIPS: usize = 2;
/// Blank rows that separate two bands of ink in a strip; closer bands are one (the dot of
/// an `i` over its stem).
const BAND_GAP: usize = 3;

/// The rows of the line's own band, from each row's count of inked pixels (0 for a blank
/// row): runs of inked rows less than [`BAND_GAP`] apart are one band, and the line's is the
/// one nearest the strip's middle (a crop is cut along the detected box, so the line fills
/// its middle; slivers and rules sit at its edges), the fuller of two as near. `None` when
/// no row is inked.
fn main_band(row_ink: &[usize]) -> Option<std::ops::Range<usize>> {
    let mut bands: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    for (y, &count) in row_ink.iter().enumerate() {
        if count == 0 {
            continue;
        }
        match bands.last_mut() {
            Some((rows, mass)) if y - rows.end < BAND_GAP => {
                rows.end = y + 1;
                *mass += count;
            }
            _ => bands.push((y..y + 1, count)),
        }
    }
    let middle = row_ink.len() / 2;
    let distance = |rows: &std::ops::Range<usize>| {
        rows.start.saturating_sub(middle) + middle.saturating_sub(rows.end - 1)
    };
    bands
        .into_iter()
        .min_by(|a, b| distance(&a.0).cmp(&distance(&b.0)).then(b.1.cmp(&a.1)))
        .map(|b| b.0)
}

/// A text line as planar BGR floats normalised to `(p/255 − 0.5)/0.5`, `LINE_HEIGHT` high.
#[derive(Debug, Clone, PartialEq)]
pub struct LineCrop {
    /// Width in pixels.
    pub width: usize,
    /// `3 × LINE_HEIGHT × width` values: B plane, G plane, R plane, row-major.
    pub data: Vec<f32>,
}

impl LineCrop {
    /// Turns the strip upside down (for lines the orientation check found rotated).
    pub fn rotate_180(&mut self) {
        let plane = LINE_HEIGHT * self.width;
        for c in self.data.chunks_exact_mut(plane) {
            c.reverse();
        }
    }

    /// How strongly each column holds ink (text strokes), and the height of the line's ink
    /// in pixels. A column's strength is how far its second most distant pixel stands from
    /// the background (the median grey level), so one noisy pixel does not count; whether it
    /// is ink is decided against the contrast of the text around it (a word in another
    /// colour is ink too). A pixel is inked when it differs from the background by more than
    /// half the strip's strongest contrast, and a row when it holds at least two inked pixels
    /// and a [`BAND_SHARE`]th of the fullest middle row's.
    ///
    /// Both are measured over the line's own band of rows (see [`main_band`]): a box cut
    /// from a form or a table often holds a sliver of the line above or below, or a rule,
    /// and counting those rows would double the height spaces are judged against (and hide
    /// the gaps between words under the sliver's ink).
    pub fn ink(&self) -> (Vec<f32>, usize) {
        let plane = LINE_HEIGHT * self.width;
        let gray: Vec<f32> = (0..plane)
            .map(|i| (self.data[i] + self.data[plane + i] + self.data[2 * plane + i]) / 3.0)
            .collect();
        let mut sorted = gray.clone();
        sorted.sort_by(f32::total_cmp);
        let background = sorted.get(sorted.len() / 2).copied().unwrap_or_default();
        let contrast = gray
            .iter()
            .map(|g| (g - background).abs())
            .fold(0f32, f32::max);
        let inked = |g: f32| contrast > MIN_CONTRAST && (g - background).abs() > contrast / 2.0;
        let counts: Vec<usize> = (0..LINE_HEIGHT)
            .map(|y| {
                gray[y * self.width..][..self.width]
                    .iter()
                    .filter(|&&g| inked(g))
                    .count()
            })
            .collect();
        let middle = &counts[LINE_HEIGHT / 4..LINE_HEIGHT * 3 / 4];
        let least = (middle.iter().copied().max().unwrap_or(0) / BAND_SHARE).max(2);
        let row_ink: Vec<usize> = counts
            .iter()
            .map(|&c| if c >= least { c } else { 0 })
            .collect();
        let Some(mut band) = main_band(&row_ink) else {
            return (vec![0.0; self.width], 0);
        };
        // The sparse tips of the glyphs (the top stroke of `牌`) hold less than the share.
        for _ in 0..BAND_TIPS {
            if band.start > 0 && counts[band.start - 1] >= 2 {
                band.start -= 1;
            }
            if band.end < LINE_HEIGHT && counts[band.end] >= 2 {
                band.end += 1;
            }
        }
        let columns = (0..self.width)
            .map(|x| {
                let (mut first, mut second) = (0f32, 0f32);
                for y in band.clone() {
                    let d = (gray[y * self.width + x] - background).abs();
                    if d > first {
                        (first, second) = (d, first);
                    } else if d > second {
                        second = d;
                    }
                }
                second
            })
            .collect();
        (columns, band.len())
    }

    /// Copies the strip into a `3 × LINE_HEIGHT × out_width` buffer (zero = mid grey beyond
    /// the content), squeezing it horizontally if it is wider than `out_width`.
    pub fn write_padded(&self, out: &mut [f32], out_width: usize) {
        let content = self.width.min(out_width);
        for c in 0..3 {
            for y in 0..LINE_HEIGHT {
                let src = &self.data[(c * LINE_HEIGHT + y) * self.width..][..self.width];
                let dst = &mut out[(c * LINE_HEIGHT + y) * out_width..][..out_width];
                if content == self.width {
                    dst[..content].copy_from_slice(src);
                } else {
                    let step = self.width as f32 / content as f32;
                    for (x, d) in dst[..content].iter_mut().enumerate() {
                        let (a, b) = ((x as f32 * step) as usize, ((x + 1) as f32 * step) as usize);
                        let span = &src[a..b.clamp(a + 1, self.width)];
                        *d = span.iter().sum::<f32>() / span.len() as f32;
                    }
                }
                // Mid-grey (0.0 after normalisation) past the content, as PaddleOCR pads.
                dst[content..].fill(0.0);
            }
        }
    }
}

/// Samples the line inside `quad` (frame pixels, ordered as read) from `image`.
pub fn line_crop(image: &RgbImage, quad: &Quad) -> LineCrop {
    let along = [quad[1][0] - quad[0][0], quad[1][1] - quad[0][1]];
    let across = [quad[3][0] - quad[0][0], quad[3][1] - quad[0][1]];
    let src_w = along[0].hypot(along[1]).max(1.0);
    let src_h = across[0].hypot(across[1]).max(1.0);
    let width = ((LINE_HEIGHT as f32 * src_w / src_h).round() as usize).clamp(1, MAX_LINE_WIDTH);
    let mut crop = LineCrop {
        width,
        data: vec![0f32; 3 * LINE_HEIGHT * width],
    };
    crop.sample(image, 0, width, quad[0], along, across);
    crop
}

/// A box at least this many times as tall as it is wide may be a column of Chinese
/// characters written top to bottom (a plaque, a shop sign).
pub const COLUMN_ASPECT: f32 = 1.5;

/// The box `quad` read as a vertical column: when it stands upright (within 45°) and is at
/// least [`COLUMN_ASPECT`] times as tall as wide, its characters (taken as square cells top
/// to bottom) laid side by side in one strip, each upright; `None` for other boxes. The
/// same box is also a line turned on its side; the caller reads both and keeps the surer.
pub fn column_crop(image: &RgbImage, quad: &Quad) -> Option<LineCrop> {
    let along = [quad[1][0] - quad[0][0], quad[1][1] - quad[0][1]];
    let across = [quad[3][0] - quad[0][0], quad[3][1] - quad[0][1]];
    let (length, thickness) = (along[0].hypot(along[1]), across[0].hypot(across[1]));
    if along[1].abs() < along[0].abs() || length < COLUMN_ASPECT * thickness.max(1.0) {
        return None;
    }
    // Down the column, and across it from left to right.
    let down = match along[1] >= 0.0 {
        true => [along[0] / length, along[1] / length],
        false => [-along[0] / length, -along[1] / length],
    };
    let right = [down[1], -down[0]];
    let cells = ((length / thickness).round() as usize).clamp(1, MAX_LINE_WIDTH / LINE_HEIGHT);
    let step = length / cells as f32;
    let centre = [
        quad.iter().map(|p| p[0]).sum::<f32>() / 4.0,
        quad.iter().map(|p| p[1]).sum::<f32>() / 4.0,
    ];
    let top_left = [
        centre[0] - right[0] * thickness / 2.0 - down[0] * length / 2.0,
        centre[1] - right[1] * thickness / 2.0 - down[1] * length / 2.0,
    ];
    let width = cells * LINE_HEIGHT;
    let mut crop = LineCrop {
        width,
        data: vec![0f32; 3 * LINE_HEIGHT * width],
    };
    for k in 0..cells {
        let offset = k as f32 * step;
        let origin = [
            top_left[0] + down[0] * offset,
            top_left[1] + down[1] * offset,
        ];
        let cell_along = [right[0] * thickness, right[1] * thickness];
        let cell_across = [down[0] * step, down[1] * step];
        crop.sample(
            image,
            k * LINE_HEIGHT,
            LINE_HEIGHT,
            origin,
            cell_along,
            cell_across,
        );
    }
    Some(crop)
}

impl LineCrop {
    /// Fills columns `left..left + columns` of the strip with the parallelogram of `image`
    /// at `origin` spanned by `along` (the strip's width) and `across` (its height),
    /// supersampling when the source is larger than the strip.
    fn sample(
        &mut self,
        image: &RgbImage,
        left: usize,
        columns: usize,
        origin: [f32; 2],
        along: [f32; 2],
        across: [f32; 2],
    ) {
        let src_w = along[0].hypot(along[1]).max(1.0);
        let src_h = across[0].hypot(across[1]).max(1.0);
        let ky = (src_h / LINE_HEIGHT as f32).ceil().clamp(1.0, 4.0) as usize;
        let kx = (src_w / columns as f32).ceil().clamp(1.0, 4.0) as usize;
        let plane = LINE_HEIGHT * self.width;
        let norm = 1.0 / (127.5 * (kx * ky) as f32);
        for oy in 0..LINE_HEIGHT {
            for ox in 0..columns {
                let mut acc = [0f32; 3];
                for sy in 0..ky {
                    let t = (oy as f32 + (sy as f32 + 0.5) / ky as f32) / LINE_HEIGHT as f32;
                    for sx in 0..kx {
                        let s = (ox as f32 + (sx as f32 + 0.5) / kx as f32) / columns as f32;
                        let x = origin[0] + s * along[0] + t * across[0];
                        let y = origin[1] + s * along[1] + t * across[1];
                        let px = bilinear(image, x, y);
                        for (a, v) in acc.iter_mut().zip(px) {
                            *a += v;
                        }
                    }
                }
                let i = oy * self.width + left + ox;
                // BGR planes.
                self.data[i] = acc[2] * norm - 1.0;
                self.data[plane + i] = acc[1] * norm - 1.0;
                self.data[2 * plane + i] = acc[0] * norm - 1.0;
            }
        }
    }
}

/// The RGB value at a sub-pixel position (pixel centres at +0.5), clamped at the borders.
fn bilinear(image: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let (w, h) = (image.width() as i64, image.height() as i64);
    let (fx, fy) = (x - 0.5, y - 0.5);
    let (x0, y0) = (fx.floor(), fy.floor());
    let (dx, dy) = (fx - x0, fy - y0);
    let at = |xi: i64, yi: i64| {
        let p = image.get_pixel(xi.clamp(0, w - 1) as u32, yi.clamp(0, h - 1) as u32);
        [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])]
    };
    let (x0, y0) = (x0 as i64, y0 as i64);
    let (a, b, c, d) = (
        at(x0, y0),
        at(x0 + 1, y0),
        at(x0, y0 + 1),
        at(x0 + 1, y0 + 1),
    );
    let mut out = [0f32; 3];
    for i in 0..3 {
        let top = a[i] + (b[i] - a[i]) * dx;
        let bottom = c[i] + (d[i] - c[i]) * dx;
        out[i] = top + (bottom - top) * dy;
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn perception_ink_height_is_the_band_of_the_line_itself() {
        // A sliver of the line above (rows 0–4), a blank, then the line (rows 9–30).
        let mut rows = vec![0; LINE_HEIGHT];
        rows[..5].fill(6);
        rows[9..31].fill(40);
        assert_eq!(main_band(&rows), Some(9..31));
        // The dot of an `i` two blank rows above the stem is part of the line.
        rows[..9].fill(0);
        rows[6] = 3;
        assert_eq!(main_band(&rows), Some(6..31));
        // A table rule under the line is left out too, however much ink it holds.
        rows[34..44].fill(200);
        assert_eq!(main_band(&rows), Some(6..31));
        assert_eq!(main_band(&[0; LINE_HEIGHT]), None);
    }

    use super::*;

    #[test]
    fn a_crop_keeps_the_aspect_ratio_and_normalises() {
        let image = RgbImage::from_pixel(200, 100, image::Rgb([255, 255, 255]));
        let quad = [[10.0, 10.0], [106.0, 10.0], [106.0, 34.0], [10.0, 34.0]];
        let crop = line_crop(&image, &quad);
        assert_eq!(crop.width, 192);
        assert!(crop.data.iter().all(|v| (v - 1.0).abs() < 1e-4));
    }

    #[test]
    fn a_column_is_cut_into_upright_cells_side_by_side() {
        // A 20×60 column: a black top cell over white, read as three cells in a row.
        let image = RgbImage::from_fn(100, 100, |x, y| {
            let inside = (40..60).contains(&x) && (20..40).contains(&y);
            image::Rgb(if inside { [0, 0, 0] } else { [255, 255, 255] })
        });
        // As the detector orders a tall box: along runs down the long side.
        let quad = [[60.0, 20.0], [60.0, 80.0], [40.0, 80.0], [40.0, 20.0]];
        let crop = column_crop(&image, &quad).unwrap();
        assert_eq!(crop.width, 3 * LINE_HEIGHT);
        let at = |x: usize| crop.data[(LINE_HEIGHT / 2) * crop.width + x];
        assert!(
            at(LINE_HEIGHT / 2) < -0.9,
            "the first cell is the black one"
        );
        assert!(at(LINE_HEIGHT + LINE_HEIGHT / 2) > 0.9);
        // A wide box is a line, not a column.
        let wide = [[10.0, 10.0], [90.0, 10.0], [90.0, 30.0], [10.0, 30.0]];
        assert!(column_crop(&image, &wide).is_none());
    }

    #[test]
    fn padding_is_mid_grey_and_rotation_reverses() {
        let mut crop = LineCrop {
            width: 2,
            data: (0..3 * LINE_HEIGHT * 2).map(|i| i as f32).collect(),
        };
        let mut out = vec![9.0; 3 * LINE_HEIGHT * 4];
        crop.write_padded(&mut out, 4);
        assert_eq!(&out[..4], &[0.0, 1.0, 0.0, 0.0]);
        crop.rotate_180();
        assert_eq!(crop.data[0], (LINE_HEIGHT * 2 - 1) as f32);
    }
}
