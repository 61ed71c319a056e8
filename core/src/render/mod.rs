//! A synthetic scene renderer: shop signs, product labels with prices and barcodes, menus,
//! mixed Chinese/English text, QR codes, landmark plaques — with the degradations a glasses
//! camera adds (blur, noise, rotation, perspective, low contrast).
//!
//! Data-driven: a [`Scene`] is a list of [`Element`]s; [`layouts`] builds the common ones.
//! Rendering returns the picture together with its ground truth (the text lines and codes
//! drawn), so tests, benchmarks, the simulated glasses camera and the demo walk can all
//! check what perception makes of it. Fonts come from the system (Debian
//! `fonts-wqy-microhei` and `fonts-dejavu-core`) and are never bundled.

mod annotate;
mod codes;
mod degrade;
mod fonts;
pub mod layouts;
pub mod photos;
mod text;
mod truth;

pub use truth::{TextScore, edit_distance, normalize};

pub use annotate::annotate;
pub use codes::BarcodeKind;
pub use degrade::Degradation;
pub use fonts::Fonts;

use image::{Rgb, RgbImage};
use std::io::Cursor;
use thiserror::Error;

/// A rendering failure.
#[derive(Debug, Error)]
pub enum RenderError {
    /// A font file is missing or unreadable.
    #[error(
        "font {path} is missing or unreadable ({reason}); install it with `apt-get install fonts-wqy-microhei fonts-dejavu-core` (or run `cargo xtask test`)"
    )]
    Font {
        /// The font file looked for.
        path: String,
        /// What went wrong.
        reason: String,
    },
    /// A code could not be encoded (e.g. a bad EAN-13 check digit).
    #[error("cannot encode {kind} `{data}`: {reason}")]
    Code {
        /// The code kind.
        kind: &'static str,
        /// The content given.
        data: String,
        /// The encoder's reason.
        reason: String,
    },
    /// The scene has no pixels.
    #[error("a scene must be at least 1×1 pixels")]
    EmptyScene,
    /// JPEG encoding failed.
    #[error("cannot encode JPEG: {0}")]
    Jpeg(String),
}

/// An RGB colour.
pub type Color = [u8; 3];

/// One thing drawn on a scene.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// A filled rectangle (a sign board, a label's background).
    Panel {
        /// Left edge.
        x: i32,
        /// Top edge.
        y: i32,
        /// Width.
        width: u32,
        /// Height.
        height: u32,
        /// Fill colour.
        color: Color,
    },
    /// A line of text; Latin characters in DejaVu Sans, the rest in WenQuanYi Micro Hei.
    Text {
        /// The text (one line).
        text: String,
        /// Left edge (or the centre when `centered`).
        x: i32,
        /// Top edge.
        y: i32,
        /// Font size in pixels.
        size: f32,
        /// Text colour.
        color: Color,
        /// Centre the line on `x`.
        centered: bool,
    },
    /// A QR code.
    Qr {
        /// The content.
        data: String,
        /// Left edge (of the quiet zone).
        x: i32,
        /// Top edge (of the quiet zone).
        y: i32,
        /// Pixels per module.
        module: u32,
    },
    /// A one-dimensional barcode.
    Barcode {
        /// Which symbology.
        kind: BarcodeKind,
        /// The content (digits for EAN-13 / UPC-A, including the check digit).
        data: String,
        /// Left edge (of the quiet zone).
        x: i32,
        /// Top edge.
        y: i32,
        /// Pixels per module (bar unit).
        module: u32,
        /// Bar height in pixels.
        height: u32,
    },
}

/// What a rendered scene contains, for checking perception against.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroundTruth {
    /// Every text line drawn, in drawing order.
    pub texts: Vec<String>,
    /// Every code drawn: short kind name (`qr`, `ean13`, …) and content.
    pub codes: Vec<(&'static str, String)>,
}

/// A scene to render: a background and the elements drawn on it in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Background colour.
    pub background: Color,
    /// What is drawn, in order.
    pub elements: Vec<Element>,
}

impl Scene {
    /// An empty scene.
    pub fn new(width: u32, height: u32, background: Color) -> Self {
        Self {
            width,
            height,
            background,
            elements: Vec::new(),
        }
    }

    /// Adds an element (builder style).
    pub fn with(mut self, element: Element) -> Self {
        self.elements.push(element);
        self
    }

    /// Draws the scene; returns the picture and what was drawn.
    pub fn render(&self, fonts: &Fonts) -> Result<(RgbImage, GroundTruth), RenderError> {
        if self.width == 0 || self.height == 0 {
            return Err(RenderError::EmptyScene);
        }
        let mut image = RgbImage::from_pixel(self.width, self.height, Rgb(self.background));
        let mut truth = GroundTruth::default();
        for element in &self.elements {
            match element {
                Element::Panel {
                    x,
                    y,
                    width,
                    height,
                    color,
                } => imageproc::drawing::draw_filled_rect_mut(
                    &mut image,
                    imageproc::rect::Rect::at(*x, *y).of_size((*width).max(1), (*height).max(1)),
                    Rgb(*color),
                ),
                Element::Text {
                    text,
                    x,
                    y,
                    size,
                    color,
                    centered,
                } => {
                    let left = if *centered {
                        x - fonts.text_width(text, *size) as i32 / 2
                    } else {
                        *x
                    };
                    text::draw_line(&mut image, fonts, text, left, *y, *size, Rgb(*color));
                    truth.texts.push(text.clone());
                }
                Element::Qr { data, x, y, module } => {
                    codes::draw_qr(&mut image, data, *x, *y, *module)?;
                    truth.codes.push(("qr", data.clone()));
                }
                Element::Barcode {
                    kind,
                    data,
                    x,
                    y,
                    module,
                    height,
                } => {
                    codes::draw_barcode(&mut image, *kind, data, *x, *y, *module, *height)?;
                    truth.codes.push((kind.as_str(), data.clone()));
                }
            }
        }
        Ok((image, truth))
    }
}

/// Encodes `image` as a JPEG at `quality` (1–100), as a glasses camera would send it.
pub fn jpeg(image: &RgbImage, quality: u8) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(
        &mut Cursor::new(&mut out),
        quality.clamp(1, 100),
    )
    .encode_image(image)
    .map_err(|e| RenderError::Jpeg(e.to_string()))?;
    Ok(out)
}
