//! The HUD as the glasses draw it, to PNG: the rows the companion laid out for the attached
//! display (the same `hud` layout that drives the glasses) become the display commands the
//! glasses receive ([`sightline_core::hud::Rendered::display_card`]), and those are drawn on
//! the display's cell grid — each narrow character in one cell, each CJK character in two —
//! white on black for colour displays, green on black for monochrome ones (the G1).

use std::io::Cursor;
use std::path::Path;

use sightline_core::hud::{Display, Page, Rendered};
use sightline_core::link::protocol::message::RenderCommand;
use sightline_core::render::{Color, Element, Fonts, Scene};
use unicode_width::UnicodeWidthChar;

/// CJK glyphs: the same font the scene renderer uses.
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
/// Narrow glyphs: monospaced, so each fills its cell as on the glasses' grid.
const MONO_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";
/// DejaVu Sans Mono's advance is 0.602 em: a font this many times the cell width fills it.
const MONO_EM_PER_ADVANCE: f32 = 1.0 / 0.602;
/// Display off (see-through).
const BACKGROUND: Color = [0, 0, 0];
/// Ink of colour displays.
const WHITE: Color = [240, 240, 240];
/// Ink of monochrome green displays.
const GREEN: Color = [64, 255, 96];

/// Draws HUD pages; holds the fonts.
pub struct HudPainter {
    fonts: Fonts,
}

impl std::fmt::Debug for HudPainter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HudPainter")
    }
}

impl HudPainter {
    /// Loads the system fonts (Debian `fonts-wqy-microhei`, `fonts-dejavu-core`).
    pub fn new() -> Result<Self, String> {
        Fonts::from_files(Path::new(CJK_FONT), Path::new(MONO_FONT))
            .map(|fonts| Self { fonts })
            .map_err(|e| format!("cannot draw the HUD: {e}"))
    }

    /// One page (`rows` as the companion laid them out) on `display`, as PNG bytes.
    pub fn page_png(&self, rows: &[String], display: &Display) -> Result<Vec<u8>, String> {
        let laid_out = Rendered {
            display: *display,
            pages: vec![Page {
                rows: rows.to_vec(),
            }],
            speech: String::new(),
            // Only drawn here; whether the page offers a confirm is the companion's business.
            confirm_on_glasses: false,
        };
        let ink = if display.monochrome { GREEN } else { WHITE };
        let mut scene = Scene::new(display.width_px, display.height_px, BACKGROUND);
        for command in laid_out.display_card(0).commands {
            match command {
                RenderCommand::Clear => scene.elements.clear(),
                RenderCommand::Text { x, y, size, text } => {
                    scene
                        .elements
                        .extend(cells(&text, x, y, size, display, ink));
                }
                RenderCommand::Rect { x, y, w, h, .. } => scene.elements.push(Element::Panel {
                    x: i32::from(x),
                    y: i32::from(y),
                    width: u32::from(w),
                    height: u32::from(h),
                    color: ink,
                }),
            }
        }
        let (image, _) = scene
            .render(&self.fonts)
            .map_err(|e| format!("cannot draw the HUD: {e}"))?;
        let mut png = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut png), image::ImageFormat::Png)
            .map_err(|e| format!("cannot encode the HUD: {e}"))?;
        Ok(png)
    }
}

/// The characters of one text command, each at its cell: a CJK glyph as tall as its two
/// cells are wide (but no taller than the row), a narrow one sized to fill its cell.
fn cells(text: &str, x: u16, y: u16, size: u8, display: &Display, ink: Color) -> Vec<Element> {
    let cell = display.cell_width_px as f32;
    let row = display.row_height_px() as f32;
    let wide_size = f32::from(size).min(row - 2.0).max(1.0);
    let narrow_size = (cell * MONO_EM_PER_ADVANCE).min(wide_size);
    let mut column = 0usize;
    let mut elements = Vec::new();
    for c in text.chars() {
        let width = c.width().unwrap_or(0);
        if width > 0 && !c.is_whitespace() {
            let size = if width > 1 { wide_size } else { narrow_size };
            // A CJK glyph is centred on its two cells; a narrow one fills its cell.
            let spare = (width as f32 * cell - size).max(0.0) / 2.0;
            let left = f32::from(x) + column as f32 * cell + if width > 1 { spare } else { 0.0 };
            elements.push(Element::Text {
                text: c.to_string(),
                x: left.round() as i32,
                y: i32::from(y) + ((row - wide_size) / 2.0).round() as i32,
                size,
                color: ink,
                centered: false,
            });
        }
        column += width;
    }
    elements
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_view_hud_pages_are_the_display_size_and_monochrome_on_the_g1() {
        let painter = HudPainter::new().unwrap();
        let rows = vec![
            "Leifeng Pagoda 雷峰塔".to_string(),
            "Open 08:00".to_string(),
        ];
        for display in [Display::REFERENCE, Display::EVEN_G1] {
            let png = painter.page_png(&rows, &display).unwrap();
            let image = image::load_from_memory(&png).unwrap().to_rgb8();
            assert_eq!(image.dimensions(), (display.width_px, display.height_px));
            let lit: Vec<_> = image.pixels().filter(|p| p.0 != BACKGROUND).collect();
            assert!(lit.len() > 200, "{} lit pixels", lit.len());
            if display.monochrome {
                assert!(
                    lit.iter().all(|p| p.0[0] <= p.0[1] && p.0[2] <= p.0[1]),
                    "green only"
                );
            }
            // Nothing drawn below the two rows.
            let below = display.row_height_px() * 2 + 2;
            assert!(
                image
                    .enumerate_pixels()
                    .all(|(_, y, p)| y < below || p.0 == BACKGROUND)
            );
        }
    }
}
