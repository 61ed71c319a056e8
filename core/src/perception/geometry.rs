//! Where things are in a frame: the corners of a line or code, and rectangles of the frame.
//! A leaf: what perception finds (lines, codes) and what it reports (observations) both
//! point here.

use serde::Serialize;

use crate::perception::PerceptionError;

/// Four corners in image pixels, clockwise from the top-left of the content.
pub type Quad = [[f32; 2]; 4];

/// A rectangle in a frame's pixel coordinates (for region-of-interest re-reads).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Region {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width (> 0).
    pub width: f32,
    /// Height (> 0).
    pub height: f32,
}

impl Region {
    /// Refuses empty or non-finite regions.
    pub fn validate(&self) -> Result<(), PerceptionError> {
        let values = [self.x, self.y, self.width, self.height];
        if values.iter().any(|v| !v.is_finite()) || self.width <= 0.0 || self.height <= 0.0 {
            return Err(PerceptionError::BadRegion(format!(
                "{}×{} at ({}, {}) is empty or not finite",
                self.width, self.height, self.x, self.y
            )));
        }
        Ok(())
    }

    /// The smallest region holding `quad`.
    pub fn around(quad: &Quad) -> Self {
        let xs = quad.iter().map(|p| p[0]);
        let ys = quad.iter().map(|p| p[1]);
        let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
        let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
        Self {
            x: x0,
            y: y0,
            width: (x1 - x0).max(1.0),
            height: (y1 - y0).max(1.0),
        }
    }
}
