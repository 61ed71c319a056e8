//! QR codes and retail barcodes (EAN-13, EAN-8, UPC-A, UPC-E, Code 128) in the frame, read
//! with `rxing` (a port of ZXing) from the frame's luma.
//!
//! A barcode can start a price card, so one read from a single scan line is not believed: its
//! check digit is one chance in ten of passing on text or texture, and short symbologies
//! (EAN-8, UPC-E) turn up in printed text ("<4.11U/ml" read as an EAN-8). A real barcode's
//! bars run straight up and down: the rows above and below its scan line show the same light
//! and dark pattern for a good share of its width. A reading whose pattern does not hold over
//! at least [`MIN_BAR_HEIGHT`] of its width (a Code 128: [`MIN_CODE128_HEIGHT`]) is dropped,
//! and the rows it holds over give the barcode's box.

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
    /// barcode the rows its bars run over.
    #[serde(rename = "box")]
    pub quad: Quad,
}

/// A retail barcode's bars must run over at least this share of its width (EAN/UPC symbols
/// are printed about 0.7 of their width tall, cut-down labels rarely below 0.25; a line of
/// text keeps its pattern over a few rows only).
const MIN_BAR_HEIGHT: f32 = 0.15;
/// A Code 128's bars, over at least this share of its width and [`MIN_CODE128_ROWS`] rows:
/// a long ticket barcode is a wide, low strip (a boarding pass's is 0.07 of its width), and
/// its checksum (mod 103 over every symbol) is much stronger than a retail check digit.
const MIN_CODE128_HEIGHT: f32 = 0.04;
const MIN_CODE128_ROWS: f32 = 8.0;
/// A row belongs to the bars when its light/dark pattern agrees with the scan line's on at
/// least this share of the columns.
const ROW_AGREEMENT: f32 = 0.85;
/// Bars may lean this much (columns per row) in a tilted view.
const MAX_LEAN: f32 = 0.12;

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
    let results =
        rxing::helpers::detect_multiple_in_luma_with_hints(gray.clone(), w, h, &mut hints)
            .unwrap_or_default();
    let luma = Luma {
        gray: &gray,
        width: w as usize,
        height: h as usize,
    };
    let mut seen = HashSet::new();
    results
        .iter()
        .filter_map(|r| to_code(r, &luma))
        .filter(|c| seen.insert((c.kind, c.data.clone())))
        .collect()
}

/// The frame's luma, row-major.
struct Luma<'a> {
    gray: &'a [u8],
    width: usize,
    height: usize,
}

fn to_code(result: &RXingResult, luma: &Luma) -> Option<Code> {
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
        // The scan line runs along the bars' row (across them): horizontal for an upright
        // barcode, vertical for one on its side.
        let upright = x1 - x0 >= y1 - y0;
        let (along0, along1, across) = if upright {
            (x0, x1, (y0 + y1) / 2.0)
        } else {
            (y0, y1, (x0 + x1) / 2.0)
        };
        let length = along1 - along0;
        let least = match kind {
            CodeKind::Code128 => (MIN_CODE128_HEIGHT * length).max(MIN_CODE128_ROWS),
            _ => MIN_BAR_HEIGHT * length,
        };
        let (start, end) = bar_extent(luma, upright, along0, along1, across)?;
        if end - start < least {
            return None;
        }
        if upright {
            (y0, y1) = (start, end);
        } else {
            (x0, x1) = (start, end);
        }
    }
    Some(Code {
        kind,
        data: result.getText().to_string(),
        quad: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
    })
}

/// How far (in rows across the scan line) the scan line's light/dark pattern holds on each
/// side, as the first row of the bars and the row after the last; `None` when the scan
/// line is too short or outside the frame.
fn bar_extent(luma: &Luma, upright: bool, from: f32, to: f32, at: f32) -> Option<(f32, f32)> {
    let (len_along, len_across) = match upright {
        true => (luma.width, luma.height),
        false => (luma.height, luma.width),
    };
    let from = from.max(0.0).round() as usize;
    let to = (to.round() as usize).min(len_along.saturating_sub(1));
    let at = at.round().max(0.0) as usize;
    if to <= from + 8 || at >= len_across {
        return None;
    }
    let row = |r: usize| -> Vec<bool> {
        let values: Vec<u8> = (from..=to)
            .map(|i| match upright {
                true => luma.gray[r * luma.width + i],
                false => luma.gray[i * luma.width + r],
            })
            .collect();
        let (lo, hi) = values
            .iter()
            .fold((u8::MAX, u8::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)));
        let middle = (u16::from(lo) + u16::from(hi)) / 2;
        values.iter().map(|&v| u16::from(v) < middle).collect()
    };
    let scan = row(at);
    let agrees = |r: usize| {
        let other = row(r);
        let lean = (MAX_LEAN * r.abs_diff(at) as f32).ceil() as isize + 1;
        (-lean..=lean).any(|shift| agreement(&scan, &other, shift) >= ROW_AGREEMENT)
    };
    let mut start = at;
    while start > 0 && agrees(start - 1) {
        start -= 1;
    }
    let mut end = at;
    while end + 1 < len_across && agrees(end + 1) {
        end += 1;
    }
    Some((start as f32, (end + 1) as f32))
}

/// Share of the columns where `a` and `b` shifted by `shift` columns are both dark or both
/// light (columns shifted out are left out).
fn agreement(a: &[bool], b: &[bool], shift: isize) -> f32 {
    let mut same = 0usize;
    let mut total = 0usize;
    for (i, &x) in a.iter().enumerate() {
        let Some(&y) = i.checked_add_signed(shift).and_then(|j| b.get(j)) else {
            continue;
        };
        total += 1;
        same += usize::from(x == y);
    }
    match total {
        0 => 0.0,
        n => same as f32 / n as f32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the pattern of row 50 of a 200×100 picture, between columns 20 and 179, holds:
    /// white with `dark(x, y)` pixels black.
    fn extent(dark: impl Fn(usize, usize) -> bool) -> Option<(f32, f32)> {
        let (w, h) = (200, 100);
        let gray: Vec<u8> = (0..w * h)
            .map(|i| if dark(i % w, i / w) { 0 } else { 255 })
            .collect();
        let luma = Luma {
            gray: &gray,
            width: w,
            height: h,
        };
        bar_extent(&luma, true, 20.0, 179.0, 50.0)
    }

    #[test]
    fn bars_hold_their_pattern_up_and_down_and_text_does_not() {
        let bars = |x: usize| (20..180).contains(&x) && (x * 7 / 5).is_multiple_of(3);
        // Bars 40 rows tall.
        assert_eq!(
            extent(|x, y| (30..70).contains(&y) && bars(x)),
            Some((30.0, 70.0))
        );
        // A band 10 rows tall holds only over its 10 rows.
        assert_eq!(
            extent(|x, y| (45..55).contains(&y) && bars(x)),
            Some((45.0, 55.0))
        );
        // Rows whose pattern changes from one to the next (glyphs) do not hold at all.
        let (start, end) =
            extent(|x, y| ((x * 7919 + y * 104_729) as u32).wrapping_mul(2_654_435_761) >> 31 == 1)
                .unwrap();
        assert!(end - start <= 3.0, "{start}..{end}");
    }
}
