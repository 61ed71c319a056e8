//! Drawing what perception found onto the frame: text boxes with their reading, code boxes
//! with their content, and the scene label — a picture a person can check at a glance.

use image::{Rgb, RgbImage};
use imageproc::drawing::{draw_filled_rect_mut, draw_line_segment_mut};
use imageproc::rect::Rect;

use crate::perception::{Observation, Quad};
use crate::render::{Fonts, text};

const TEXT_COLOR: Rgb<u8> = Rgb([0, 200, 80]);
const CODE_COLOR: Rgb<u8> = Rgb([255, 140, 0]);
const LABEL_INK: Rgb<u8> = Rgb([255, 255, 255]);
const LABEL_SIZE: f32 = 18.0;

/// A copy of `image` with `observation` drawn on it.
pub fn annotate(image: &RgbImage, observation: &Observation, fonts: &Fonts) -> RgbImage {
    let mut out = image.clone();
    for line in &observation.texts {
        outline(&mut out, &line.quad, TEXT_COLOR);
        label(
            &mut out,
            fonts,
            &format!("{} ({:.2})", line.text, line.score),
            &line.quad,
            TEXT_COLOR,
        );
    }
    for code in &observation.codes {
        outline(&mut out, &code.quad, CODE_COLOR);
        let caption = format!("{}: {}", code.kind.as_str(), code.data);
        label(&mut out, fonts, &caption, &code.quad, CODE_COLOR);
    }
    if let Some(top) = observation.scene.first() {
        let caption = format!("{:?} {:.0}%", top.label, top.score * 100.0);
        let quad = [[4.0, 4.0 + LABEL_SIZE + 6.0]; 4];
        label(&mut out, fonts, &caption, &quad, Rgb([40, 40, 40]));
    }
    out
}

/// Draws the quad's edges, two pixels thick.
fn outline(image: &mut RgbImage, quad: &Quad, color: Rgb<u8>) {
    for i in 0..4 {
        let (a, b) = (quad[i], quad[(i + 1) % 4]);
        for d in [0.0, 1.0] {
            draw_line_segment_mut(image, (a[0] + d, a[1] + d), (b[0] + d, b[1] + d), color);
        }
    }
}

/// Writes `caption` on a filled tag just above the quad's top-left corner.
fn label(image: &mut RgbImage, fonts: &Fonts, caption: &str, quad: &Quad, color: Rgb<u8>) {
    let width = fonts.text_width(caption, LABEL_SIZE) + 6;
    let height = LABEL_SIZE as u32 + 6;
    let x = quad[0][0].round() as i32;
    let y = (quad[0][1].round() as i32 - height as i32).max(0);
    draw_filled_rect_mut(image, Rect::at(x, y).of_size(width, height), color);
    text::draw_line(image, fonts, caption, x + 3, y + 2, LABEL_SIZE, LABEL_INK);
}
