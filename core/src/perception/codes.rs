//! QR codes and retail barcodes (EAN-13, EAN-8, UPC-A, UPC-E, Code 128) in the frame, read
//! with `rxing` (a port of ZXing) from the frame's luma.

use image::RgbImage;
use rxing::{BarcodeFormat, DecodeHints, RXingResult};
use serde::Serialize;
use std::collections::HashSet;

use crate::perception::frame::luma;
use crate::perception::geometry::Quad;

/// The kind of a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeKind {
    /// QR code.
    Qr,
    /// EAN-13 (retail products outside North America).
    Ean13,
    /// EAN-8.
    Ean8,
    /// UPC-A (North American retail).
    Upca,
    /// UPC-E.
    Upce,
    /// Code 128 (logistics, tickets).
    Code128,
}

impl CodeKind {
    fn from_format(format: &BarcodeFormat) -> Option<Self> {
        Some(match format {
            BarcodeFormat::QR_CODE => Self::Qr,
            BarcodeFormat::EAN_13 => Self::Ean13,
            BarcodeFormat::EAN_8 => Self::Ean8,
            BarcodeFormat::UPC_A => Self::Upca,
            BarcodeFormat::UPC_E => Self::Upce,
            BarcodeFormat::CODE_128 => Self::Code128,
            _ => return None,
        })
    }

    /// The short name used in JSON (`qr`, `ean13`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Qr => "qr",
            Self::Ean13 => "ean13",
            Self::Ean8 => "ean8",
            Self::Upca => "upca",
            Self::Upce => "upce",
            Self::Code128 => "code128",
        }
    }
}

/// A decoded code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Code {
    /// What kind of code it is.
    pub kind: CodeKind,
    /// The decoded content (digits for retail barcodes, text or a URL for QR).
    pub data: String,
    /// Where it is, in frame pixels. For a QR code the box through its finder patterns; for a
    /// barcode the scan line it was read on, thickened to a band.
    #[serde(rename = "box")]
    pub quad: Quad,
}

/// Half the height of the band drawn around a barcode's scan line.
const BARCODE_BAND: f32 = 6.0;

/// Every QR code and barcode in `image`, each once.
pub fn find(image: &RgbImage) -> Vec<Code> {
    let (w, h) = image.dimensions();
    let gray: Vec<u8> = image
        .pixels()
        .map(|p| luma(p[0], p[1], p[2]).round() as u8)
        .collect();
    let mut hints = DecodeHints {
        PossibleFormats: Some(HashSet::from([
            BarcodeFormat::QR_CODE,
            BarcodeFormat::EAN_13,
            BarcodeFormat::EAN_8,
            BarcodeFormat::UPC_A,
            BarcodeFormat::UPC_E,
            BarcodeFormat::CODE_128,
        ])),
        TryHarder: Some(true),
        ..DecodeHints::default()
    };
    // "Not found" is the common answer, not a failure.
    let results = rxing::helpers::detect_multiple_in_luma_with_hints(gray, w, h, &mut hints)
        .unwrap_or_default();
    let mut seen = HashSet::new();
    results
        .iter()
        .filter_map(to_code)
        .filter(|c| seen.insert((c.kind, c.data.clone())))
        .collect()
}

fn to_code(result: &RXingResult) -> Option<Code> {
    let kind = CodeKind::from_format(result.getBarcodeFormat())?;
    let points = result.getPoints();
    if points.is_empty() {
        return None;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for p in points {
        x0 = x0.min(p.x);
        y0 = y0.min(p.y);
        x1 = x1.max(p.x);
        y1 = y1.max(p.y);
    }
    if kind != CodeKind::Qr {
        let mid = (y0 + y1) / 2.0;
        y0 = y0.min(mid - BARCODE_BAND);
        y1 = y1.max(mid + BARCODE_BAND);
    }
    Some(Code {
        kind,
        data: result.getText().to_string(),
        quad: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
    })
}
