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

    /// Which columns hold ink (text strokes), and the height of the inked rows in pixels.
    /// Ink is what differs from the background (the median grey level) by more than half
    /// the strip's strongest contrast; a column or row needs two inked pixels to count, so
    /// sensor noise does not.
    pub fn ink(&self) -> (Vec<bool>, usize) {
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
        let inked = |g: f32| contrast > 0.1 && (g - background).abs() > contrast / 2.0;
        let columns = (0..self.width)
            .map(|x| {
                (0..LINE_HEIGHT)
                    .filter(|&y| inked(gray[y * self.width + x]))
                    .count()
                    >= 2
            })
            .collect();
        let rows: Vec<usize> = (0..LINE_HEIGHT)
            .filter(|&y| {
                gray[y * self.width..][..self.width]
                    .iter()
                    .filter(|&&g| inked(g))
                    .count()
                    >= 2
            })
            .collect();
        let height = match (rows.first(), rows.last()) {
            (Some(a), Some(b)) => b - a + 1,
            _ => 0,
        };
        (columns, height)
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
    let ky = (src_h / LINE_HEIGHT as f32).ceil().clamp(1.0, 4.0) as usize;
    let kx = (src_w / width as f32).ceil().clamp(1.0, 4.0) as usize;
    let plane = LINE_HEIGHT * width;
    let mut data = vec![0f32; 3 * plane];
    let norm = 1.0 / (127.5 * (kx * ky) as f32);
    for oy in 0..LINE_HEIGHT {
        for ox in 0..width {
            let mut acc = [0f32; 3];
            for sy in 0..ky {
                let t = (oy as f32 + (sy as f32 + 0.5) / ky as f32) / LINE_HEIGHT as f32;
                for sx in 0..kx {
                    let s = (ox as f32 + (sx as f32 + 0.5) / kx as f32) / width as f32;
                    let x = quad[0][0] + s * along[0] + t * across[0];
                    let y = quad[0][1] + s * along[1] + t * across[1];
                    let px = bilinear(image, x, y);
                    for (a, v) in acc.iter_mut().zip(px) {
                        *a += v;
                    }
                }
            }
            let i = oy * width + ox;
            // BGR planes.
            data[i] = acc[2] * norm - 1.0;
            data[plane + i] = acc[1] * norm - 1.0;
            data[2 * plane + i] = acc[0] * norm - 1.0;
        }
    }
    LineCrop { width, data }
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
