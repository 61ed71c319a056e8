//! What a glasses camera does to a clean picture: blur, sensor noise, a tilted head,
//! an oblique view, dim light.

use image::{Rgb, RgbImage};
use imageproc::geometric_transformations::{
    Border, Interpolation, Projection, rotate_about_center, warp,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Degradations to apply, in this order: perspective, rotation, contrast, blur, noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Degradation {
    /// Gaussian blur sigma in pixels (0 = none).
    pub blur: f32,
    /// Gaussian noise standard deviation in 0–255 levels (0 = none).
    pub noise: f32,
    /// Rotation in degrees, clockwise (0 = none).
    pub rotation_deg: f32,
    /// Perspective: how far the far edge is pulled in, as a fraction of the width (0 = none).
    pub perspective: f32,
    /// Contrast kept around mid grey, 0–1 (1 = unchanged).
    pub contrast: f32,
}

impl Degradation {
    /// No degradation.
    pub const NONE: Self = Self {
        blur: 0.0,
        noise: 0.0,
        rotation_deg: 0.0,
        perspective: 0.0,
        contrast: 1.0,
    };

    /// Applies the degradations; `seed` makes the noise reproducible.
    pub fn apply(&self, image: &RgbImage, seed: u64) -> RgbImage {
        let mut out = image.clone();
        if self.perspective > 0.0 {
            let (w, h) = (image.width() as f32, image.height() as f32);
            let d = self.perspective * w / 2.0;
            let from = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
            let to = [(0.0, 0.0), (w, d * 0.5), (w, h - d * 0.5), (0.0, h)];
            if let Some(p) = Projection::from_control_points(from, to) {
                out = warp(&out, p, Interpolation::Bilinear, Border::Replicate);
            }
        }
        if self.rotation_deg != 0.0 {
            out = rotate_about_center(
                &out,
                self.rotation_deg.to_radians(),
                Interpolation::Bilinear,
                Border::Replicate,
            );
        }
        if self.contrast < 1.0 {
            let c = self.contrast.clamp(0.05, 1.0);
            for p in out.pixels_mut() {
                for v in p.0.iter_mut() {
                    *v = (127.5 + (f32::from(*v) - 127.5) * c)
                        .round()
                        .clamp(0.0, 255.0) as u8;
                }
            }
        }
        if self.blur > 0.0 {
            out = imageproc::filter::gaussian_blur_f32(&out, self.blur);
        }
        if self.noise > 0.0 {
            let mut rng = StdRng::seed_from_u64(seed);
            for p in out.pixels_mut() {
                let n: Rgb<u8> = Rgb(p.0.map(|v| {
                    (f32::from(v) + gaussian(&mut rng) * self.noise)
                        .round()
                        .clamp(0.0, 255.0) as u8
                }));
                *p = n;
            }
        }
        out
    }
}

/// A standard normal sample (Box–Muller).
fn gaussian(rng: &mut StdRng) -> f32 {
    let u1: f32 = rng.random_range(f32::EPSILON..1.0);
    let u2: f32 = rng.random_range(0.0..1.0);
    (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
}
