//! Drawing one line of mixed-script text, switching fonts per run of characters and keeping
//! the runs on one baseline.

use ab_glyph::{Font, FontVec, PxScale, ScaleFont};
use image::{Rgb, RgbImage};

use crate::render::Fonts;
use crate::render::fonts::runs;

/// Draws `text` with the top of its tallest font's ascent at `y`, starting at `x`.
pub(crate) fn draw_line(
    image: &mut RgbImage,
    fonts: &Fonts,
    text: &str,
    x: i32,
    y: i32,
    size: f32,
    color: Rgb<u8>,
) {
    let scale = PxScale::from(size);
    let ascent = |font: &FontVec| font.as_scaled(scale).ascent();
    let baseline = runs(fonts, text)
        .map(|(font, _)| ascent(font))
        .fold(0f32, f32::max);
    let mut left = x;
    for (font, run) in runs(fonts, text) {
        let top = y + (baseline - ascent(font)).round() as i32;
        imageproc::drawing::draw_text_mut(image, color, left, top, scale, font, run);
        left += imageproc::drawing::text_size(scale, font, run).0 as i32 - 1;
    }
}
