//! Frames: bounded decoding, orientation, and the fingerprints that spot an unchanged view.

use image::{DynamicImage, ImageDecoder, ImageReader, Limits, RgbImage};
use std::hash::{DefaultHasher, Hasher};
use std::io::Cursor;

use crate::perception::PerceptionError;

/// Refuses images with no pixels or more than `max_pixels`.
pub fn check_dimensions(width: u32, height: u32, max_pixels: u64) -> Result<(), PerceptionError> {
    if width == 0 || height == 0 {
        return Err(PerceptionError::ZeroSize { width, height });
    }
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(PerceptionError::TooLarge {
            width,
            height,
            max_pixels,
        });
    }
    Ok(())
}

/// Decodes a JPEG or PNG into RGB, upright (EXIF orientation applied).
///
/// The header is read first and an image above `max_pixels` is refused before any pixel
/// memory is allocated; the decoder also runs under an allocation limit, so a lying header
/// cannot make it allocate more. Corrupt or truncated data is an error, never a panic.
pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<RgbImage, PerceptionError> {
    if bytes.is_empty() {
        return Err(PerceptionError::EmptyInput);
    }
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PerceptionError::Decode(e.to_string()))?;
    if let Some((width, height)) = png_dimensions(bytes) {
        check_dimensions(width, height, max_pixels)?;
    }
    match reader.format() {
        None => return Err(PerceptionError::UnsupportedFormat),
        Some(image::ImageFormat::Jpeg) if !jpeg_is_complete(bytes) => {
            return Err(PerceptionError::Decode(
                "truncated JPEG: the last scan has no end-of-image marker".into(),
            ));
        }
        Some(_) => {}
    }
    let mut limits = Limits::default();
    // RGBA at 4 bytes a pixel plus the decoder's own buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(1 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(map_decode_error)?;
    let (width, height) = decoder.dimensions();
    check_dimensions(width, height, max_pixels)?;
    let orientation = decoder.orientation().map_err(map_decode_error)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(map_decode_error)?;
    image.apply_orientation(orientation);
    Ok(image.into_rgb8())
}

/// A PNG's declared size, from its IHDR chunk. Read by hand because the PNG decoder reads
/// past the header before it reports dimensions, so a header-only bomb would otherwise be a
/// decode error instead of the clearer "too large".
fn png_dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let header = bytes.get(..24)?;
    if &header[..8] != b"\x89PNG\r\n\x1a\n" || &header[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&header[16..20]), be(&header[20..24])))
}

/// True when the JPEG's last scan is followed by an end-of-image marker. The JPEG decoder
/// fills a cut-off scan with grey instead of failing, so truncation is checked here: inside
/// entropy-coded data `FF` is always followed by `00` or a restart marker, so the last
/// start-of-scan (`FF DA`) must come before the last end-of-image (`FF D9`) — an embedded
/// thumbnail's own markers come before the main image's scan.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let last = |marker: u8| {
        bytes
            .windows(2)
            .rposition(|w| w[0] == 0xFF && w[1] == marker)
    };
    matches!((last(0xDA), last(0xD9)), (Some(sos), Some(eoi)) if eoi > sos)
}

fn map_decode_error(e: image::ImageError) -> PerceptionError {
    match e {
        image::ImageError::Unsupported(_) => PerceptionError::UnsupportedFormat,
        other => PerceptionError::Decode(other.to_string()),
    }
}

/// A fast hash of encoded bytes (or raw pixels): equal bytes, equal hash.
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(bytes);
    hasher.finish()
}

/// Side of the fingerprint grid: the frame is averaged into `GRID_W`×`GRID_H` cells.
const GRID_W: usize = 32;
const GRID_H: usize = 24;
/// Two pictures are the same when no cell's mean luma moved more than this (0–255 scale):
/// sensor noise averages out over a cell, while a changed price digit in a 640×480 frame
/// moves its cell by well over this.
const MAX_CELL_CHANGE: f32 = 6.0;

/// A perceptual fingerprint: the mean luma of a coarse grid of cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Fingerprint {
    cells: Vec<f32>,
}

impl Fingerprint {
    /// The fingerprint of a frame.
    pub fn of(image: &RgbImage) -> Self {
        let (w, h) = (image.width() as usize, image.height() as usize);
        let mut sums = vec![0f32; GRID_W * GRID_H];
        let mut counts = vec![0u32; GRID_W * GRID_H];
        for (y, row) in image.as_raw().chunks_exact(w * 3).enumerate() {
            let gy = y * GRID_H / h;
            for (x, px) in row.chunks_exact(3).enumerate() {
                let cell = gy * GRID_W + x * GRID_W / w;
                sums[cell] += luma(px[0], px[1], px[2]);
                counts[cell] += 1;
            }
        }
        let cells = sums
            .iter()
            .zip(&counts)
            .map(|(s, &n)| if n == 0 { 0.0 } else { s / n as f32 })
            .collect();
        Self { cells }
    }

    /// True when `other` shows the same picture within camera noise.
    pub fn same_picture(&self, other: &Fingerprint) -> bool {
        self.changed_cells(other) == 0
    }

    /// How many grid cells differ from `other` by more than camera noise (every cell when
    /// the grids cannot be compared).
    pub fn changed_cells(&self, other: &Fingerprint) -> usize {
        if self.cells.len() != other.cells.len() {
            return self.cells.len().max(other.cells.len());
        }
        self.cells
            .iter()
            .zip(&other.cells)
            .filter(|(a, b)| (*a - *b).abs() > MAX_CELL_CHANGE)
            .count()
    }

    /// A 64-bit perceptual hash (one bit per band of cells: brighter than the mean or
    /// not), stable across re-encodes of the same picture.
    pub fn hash(&self) -> u64 {
        let bands: Vec<f32> = self
            .cells
            .chunks(self.cells.len().div_ceil(64))
            .map(|c| c.iter().sum::<f32>() / c.len() as f32)
            .collect();
        // Against the mean rather than the median: a change that only darkens a few bands
        // leaves the median where it was and would not move a single bit.
        let mean = bands.iter().sum::<f32>() / bands.len().max(1) as f32;
        bands
            .iter()
            .enumerate()
            .fold(0u64, |h, (i, &v)| if v > mean { h | (1 << i) } else { h })
    }
}

/// ITU-R BT.601 luma of an RGB pixel.
pub fn luma(r: u8, g: u8, b: u8) -> f32 {
    0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Vec::new();
        RgbImage::new(width, height)
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn decodes_a_png_and_refuses_oversized_ones_before_decoding() {
        let img = decode(&png(40, 30), 10_000).unwrap();
        assert_eq!(img.dimensions(), (40, 30));
        let err = decode(&png(200, 100), 10_000).unwrap_err();
        assert!(
            matches!(err, PerceptionError::TooLarge { width: 200, .. }),
            "{err}"
        );
    }

    #[test]
    fn empty_and_unknown_bytes_are_typed_errors() {
        assert!(matches!(decode(&[], 100), Err(PerceptionError::EmptyInput)));
        assert!(matches!(
            decode(b"hello, this is not an image at all", 100),
            Err(PerceptionError::UnsupportedFormat)
        ));
    }

    #[test]
    fn fingerprint_ignores_noise_but_sees_a_change() {
        let mut a = RgbImage::from_pixel(64, 48, image::Rgb([200, 200, 200]));
        let b = a.clone();
        assert!(Fingerprint::of(&a).same_picture(&Fingerprint::of(&b)));
        for y in 10..20 {
            for x in 10..20 {
                a.put_pixel(x, y, image::Rgb([0, 0, 0]));
            }
        }
        assert!(!Fingerprint::of(&a).same_picture(&Fingerprint::of(&b)));
        // The 10×10 square covers 5×5 cells of the 32×24 grid (2×2 pixels each here).
        assert_eq!(Fingerprint::of(&a).changed_cells(&Fingerprint::of(&b)), 25);
        assert_ne!(Fingerprint::of(&a).hash(), Fingerprint::of(&b).hash());
    }
}
