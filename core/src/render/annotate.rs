//! Drawing what perception found onto the frame: text boxes with their reading, code boxes
//! with their content, and the scene label — a picture a person can check at a glance.
//!
//! Labels are sized to the picture (a 4,000-pixel photo gets larger tags than a 640×480
//! frame), stay inside it, and are see-through so the text they sit over still shows. Each
//! tag sits above its box, or inside its top edge when there is no room above; the scene tag
//! goes in the bottom-left corner, away from the first line's tag.

use image::{Rgb, RgbImage};
use imageproc::drawing::draw_line_segment_mut;

use crate::perception::{Observation, Quad};
use crate::render::{Fonts, text};

const TEXT_COLOR: Rgb<u8> = Rgb([0, 200, 80]);
const CODE_COLOR: Rgb<u8> = Rgb([255, 140, 0]);
const SCENE_COLOR: Rgb<u8> = Rgb([40, 40, 40]);
const LABEL_INK: Rgb<u8> = Rgb([255, 255, 255]);
/// Label height as a share of the picture's shorter side, and its bounds in pixels.
const LABEL_SHARE: f32 = 1.0 / 36.0;
const MIN_LABEL_SIZE: f32 = 11.0;
const MAX_LABEL_SIZE: f32 = 40.0;
/// How much of a tag's colour covers the picture under it (the rest shows through).
const TAG_OPACITY: f32 = 0.6;

/// A copy of `image` with `observation` drawn on it.
pub fn annotate(image: &RgbImage, observation: &Observation, fonts: &Fonts) -> RgbImage {
    let mut out = image.clone();
    let size = (image.width().min(image.height()) as f32 * LABEL_SHARE)
        .clamp(MIN_LABEL_SIZE, MAX_LABEL_SIZE)
        .round();
    let line_width = (size / 9.0).round().max(1.0) as usize;
    for line in &observation.texts {
        outline(&mut out, &line.quad, TEXT_COLOR, line_width);
    }
    for code in &observation.codes {
        outline(&mut out, &code.quad, CODE_COLOR, line_width);
    }
    // Tags after every outline, so no box is drawn across a tag.
    for line in &observation.texts {
        let caption = format!("{} ({:.2})", line.text, line.score);
        let (x, y) = above(&line.quad);
        tag(&mut out, fonts, &caption, (x, y), size, TEXT_COLOR);
    }
    for code in &observation.codes {
        let caption = format!("{}: {}", code.kind.as_str(), code.data);
        tag(
            &mut out,
            fonts,
            &caption,
            above(&code.quad),
            size,
            CODE_COLOR,
        );
    }
    if let Some(top) = observation.scene.first() {
        let caption = format!("{:?} {:.0}%", top.label, top.score * 100.0);
        let corner = (0.0, out.height() as f32);
        tag(&mut out, fonts, &caption, corner, size, SCENE_COLOR);
    }
    out
}

/// The top-left corner of a quad (smallest x, smallest y): where its tag hangs from.
fn above(quad: &Quad) -> (f32, f32) {
    let x = quad.iter().map(|p| p[0]).fold(f32::MAX, f32::min);
    let y = quad.iter().map(|p| p[1]).fold(f32::MAX, f32::min);
    (x, y)
}

/// Draws the quad's edges, `width` pixels thick.
fn outline(image: &mut RgbImage, quad: &Quad, color: Rgb<u8>, width: usize) {
    for i in 0..4 {
        let (a, b) = (quad[i], quad[(i + 1) % 4]);
        for d in 0..width {
            let d = d as f32;
            draw_line_segment_mut(image, (a[0] + d, a[1] + d), (b[0] + d, b[1] + d), color);
        }
    }
}

/// Writes `caption` on a see-through tag whose bottom-left is at `anchor` (moved down
/// inside the picture when there is no room above, and left or right to stay inside it).
fn tag(
    image: &mut RgbImage,
    fonts: &Fonts,
    caption: &str,
    anchor: (f32, f32),
    size: f32,
    color: Rgb<u8>,
) {
    let pad = (size / 6.0).round().max(1.0) as u32;
    let (iw, ih) = image.dimensions();
    let width = (fonts.text_width(caption, size) + 2 * pad).min(iw);
    let height = (size as u32 + 2 * pad).min(ih);
    let x = (anchor.0.round().max(0.0) as u32).min(iw - width);
    let y = (anchor.1.round() as i64 - i64::from(height)).clamp(0, i64::from(ih - height)) as u32;
    for ty in y..y + height {
        for tx in x..x + width {
            let p = image.get_pixel_mut(tx, ty);
            for c in 0..3 {
                let under = f32::from(p[c]) * (1.0 - TAG_OPACITY);
                p[c] = (under + f32::from(color[c]) * TAG_OPACITY).round() as u8;
            }
        }
    }
    let (tx, ty) = ((x + pad) as i32, (y + pad) as i32);
    text::draw_line(image, fonts, caption, tx, ty, size, LABEL_INK);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perception::ocr::TextLine;
    use crate::perception::{Observation, Timings};

    #[test]
    fn tags_stay_inside_small_and_large_pictures() {
        let Ok(fonts) = Fonts::system() else {
            panic!("fonts missing: run `cargo xtask test`");
        };
        for (w, h) in [(120, 40), (640, 480), (2000, 1500)] {
            let image = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
            let edge = w as f32 - 2.0;
            let observation = Observation {
                frame_hash: 0,
                width: w,
                height: h,
                texts: vec![TextLine {
                    text: "a long line read at the right edge of the picture".into(),
                    score: 0.9,
                    quad: [
                        [edge - 10.0, 0.0],
                        [edge, 0.0],
                        [edge, 8.0],
                        [edge - 10.0, 8.0],
                    ],
                }],
                codes: Vec::new(),
                scene: Vec::new(),
                timings: Timings::default(),
                from_cache: false,
            };
            // Nothing out of bounds (draw calls would panic on it) and the tag shows.
            let out = annotate(&image, &observation, &fonts);
            assert_eq!(out.dimensions(), (w, h));
            assert!(out.pixels().any(|p| p[0] < 200 && p[1] > 150));
        }
    }
}
