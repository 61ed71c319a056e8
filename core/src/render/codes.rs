//! Drawing QR codes and barcodes with `rxing`'s encoders (the same library that reads them,
//! so the symbols are standard; a reader bug would still show up as a missed code because
//! the pictures go through degradations and JPEG first).

use image::{Rgb, RgbImage};
use rxing::{BarcodeFormat, MultiFormatWriter, Writer};

use crate::render::RenderError;

/// One-dimensional symbologies the renderer draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BarcodeKind {
    /// EAN-13 (13 digits with check digit).
    Ean13,
    /// UPC-A (12 digits with check digit).
    UpcA,
    /// Code 128 (ASCII text).
    Code128,
}

impl BarcodeKind {
    /// The short name used in ground truth and JSON (`ean13`, `upca`, `code128`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ean13 => "ean13",
            Self::UpcA => "upca",
            Self::Code128 => "code128",
        }
    }

    fn format(self) -> BarcodeFormat {
        match self {
            Self::Ean13 => BarcodeFormat::EAN_13,
            Self::UpcA => BarcodeFormat::UPC_A,
            Self::Code128 => BarcodeFormat::CODE_128,
        }
    }
}

const BLACK: Rgb<u8> = Rgb([0, 0, 0]);
const WHITE: Rgb<u8> = Rgb([255, 255, 255]);

/// Draws a QR code of `data` (with its quiet zone) at (`x`, `y`), `module` pixels a module.
pub(crate) fn draw_qr(
    image: &mut RgbImage,
    data: &str,
    x: i32,
    y: i32,
    module: u32,
) -> Result<(), RenderError> {
    let matrix = MultiFormatWriter
        .encode(data, &BarcodeFormat::QR_CODE, 0, 0)
        .map_err(|e| RenderError::Code {
            kind: "qr",
            data: data.to_string(),
            reason: e.to_string(),
        })?;
    for my in 0..matrix.height() {
        for mx in 0..matrix.width() {
            let color = if matrix.get(mx, my) { BLACK } else { WHITE };
            fill(
                image,
                x + (mx * module) as i32,
                y + (my * module) as i32,
                module,
                module,
                color,
            );
        }
    }
    Ok(())
}

/// Draws a barcode of `data` (with quiet zones) at (`x`, `y`).
pub(crate) fn draw_barcode(
    image: &mut RgbImage,
    kind: BarcodeKind,
    data: &str,
    x: i32,
    y: i32,
    module: u32,
    height: u32,
) -> Result<(), RenderError> {
    let matrix = MultiFormatWriter
        .encode(data, &kind.format(), 0, 0)
        .map_err(|e| RenderError::Code {
            kind: kind.as_str(),
            data: data.to_string(),
            reason: e.to_string(),
        })?;
    for mx in 0..matrix.width() {
        let color = if matrix.get(mx, 0) { BLACK } else { WHITE };
        fill(image, x + (mx * module) as i32, y, module, height, color);
    }
    Ok(())
}

fn fill(image: &mut RgbImage, x: i32, y: i32, w: u32, h: u32, color: Rgb<u8>) {
    imageproc::drawing::draw_filled_rect_mut(
        image,
        imageproc::rect::Rect::at(x, y).of_size(w.max(1), h.max(1)),
        color,
    );
}
