//! Text detection: PP-OCRv4's DB model gives a text-probability map; post-processing turns
//! it into rotated line boxes (threshold → connected regions → box score → minimum-area
//! rectangle → "unclip" by area × ratio / perimeter).
//!
//! A frame larger than the detector's input is first read whole, scaled down. Text that is
//! small in a large frame (a bank's sign across the street, a number plate in a 1600×1200
//! frame) then shows in the map as specks and faint regions too small to become lines. Those
//! places are flagged, and up to [`MAX_CLOSER_LOOKS`] windows around them are detected again
//! at up to full resolution; their lines replace the whole-frame ones they overlap.
//!
//! A frame that fits the input (the 640×480 glasses frame) is first surveyed at half that
//! scale, a quarter of the work: when every mark of text in the survey's map belongs to a
//! line tall enough to be read from there (a sign, a price tag held close), its lines are the
//! answer; when the map shows anything smaller or fainter, the frame is detected again at
//! full scale. Print small enough (8–10 pixels) leaves no mark in the survey's map at all, so
//! the survey is trusted only when the full-resolution frame shows no strokes of print outside
//! its lines either ([`super::fine`]). Line boxes only say where to cut: each line is cut
//! from the full-resolution frame either way.

use image::{GrayImage, Luma, RgbImage};
use imageproc::geometry::min_area_rect;
use imageproc::point::Point;
use imageproc::region_labelling::{Connectivity, connected_components};

use crate::perception::PerceptionError;
use crate::perception::geometry::Quad;
use crate::perception::models::{BundledModel, ModelFile, ModelStore, image_shapes};
use crate::perception::ocr::fine::shows_fine_print;

/// Input sizes (height, width) the detector is optimised for; a frame is scaled to fit the
/// bucket closest to its aspect ratio and the rest is padded. A 640×480 glasses frame is
/// detected at full size: at 0.8 scale detection was 36% cheaper and read the test set as
/// well, but lost 10-pixel text entirely — and small text must be found to be re-read
/// from a sharper crop (the companion's closer look). Each bucket is one plan of ~25 MB,
/// so there is no square one: a square frame is padded into one of the two.
const BUCKETS: [(usize, usize); 2] = [SIZES[0], SIZES[1]];
/// Input sizes of the survey, half a bucket's scale (the model needs sides that are multiples
/// of 32): see the module doc.
const SURVEY_BUCKETS: [(usize, usize); 2] = [SIZES[2], SIZES[3]];
/// Every input size (height, width): the buckets, then the survey's.
const SIZES: [(usize, usize); 4] = [(480, 640), (640, 480), (256, 320), (320, 256)];
/// The detector's input shapes: one per size.
const INPUT_SHAPES: [[usize; 4]; SIZES.len()] = image_shapes(SIZES);
/// PP-OCRv4 text detection.
pub const DETECTOR: ModelFile = ModelFile {
    name: "ocr-detector.nnef.tar",
    source: "ch_PP-OCRv4_det_infer.onnx",
    shapes: &INPUT_SHAPES,
};
/// Small frames are enlarged at most this much (small text reads better larger).
const MAX_UPSCALE: f32 = 2.0;
/// Probability above which a map pixel is text.
const PIXEL_THRESHOLD: f32 = 0.3;
/// Mean probability a region needs to count as a text line.
const BOX_THRESHOLD: f32 = 0.6;
/// How far a shrunk DB region is grown back: distance = area × ratio / perimeter.
const UNCLIP_RATIO: f32 = 2.0;
/// Regions smaller than this many map pixels are noise.
const MIN_REGION_PIXELS: usize = 12;
/// Boxes thinner than this (frame pixels, after unclip) are dropped.
const MIN_BOX_SIDE: f32 = 4.0;
/// A frame read at less than this scale gets a second look where the map flags small text.
const CLOSER_LOOK_BELOW_SCALE: f32 = 0.8;
/// Regions of at least this many map pixels that did not become lines flag a place.
const MIN_FLAGGED_PIXELS: usize = 3;
/// Lines thinner than this in the map (pixels) are small text: their place is flagged too.
const SMALL_LINE: f32 = 12.0;
/// At most this many windows are detected again in one frame.
const MAX_CLOSER_LOOKS: usize = 2;
/// A closer look is worth its time only at least this much closer than the whole frame.
const MIN_ZOOM: f32 = 1.5;
/// In a survey's map, a mark of at least two pixels above this probability that lies in no
/// line it read is text it may have seen too small to read: the frame is detected again.
const FAINT_THRESHOLD: f32 = 0.1;

/// A detected text line.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// Corners in frame pixels: top-left, top-right, bottom-right, bottom-left of the line as
    /// read (the first edge runs along the text).
    pub quad: Quad,
    /// Mean text probability inside the region.
    pub score: f32,
}

/// The DB text detector.
#[derive(Debug)]
pub struct Detector {
    model: BundledModel,
}

impl Detector {
    /// The detector in `store` (loaded on first use).
    pub fn new(store: &ModelStore) -> Self {
        Self {
            model: store.model(DETECTOR),
        }
    }

    /// Optimises every size bucket now.
    pub fn warm_up(&self) -> Result<(), PerceptionError> {
        self.model.warm_up()
    }

    /// Finds the text lines of `image`, sorted top to bottom, then left to right.
    pub fn detect(&self, image: &RgbImage) -> Result<Vec<TextBox>, PerceptionError> {
        let mut boxes = self.find(image)?;
        sort_reading_order(&mut boxes);
        Ok(boxes)
    }

    /// The text lines of `image`: from the survey when it read all there is (a frame that
    /// fits a bucket), else from the whole frame and its closer looks.
    fn find(&self, image: &RgbImage) -> Result<Vec<TextBox>, PerceptionError> {
        if scale_into(&BUCKETS, image.width(), image.height()) >= CLOSER_LOOK_BELOW_SCALE {
            let survey = self.pass(image, &SURVEY_BUCKETS)?;
            let lines: Vec<Quad> = survey.boxes.iter().map(|b| b.quad).collect();
            if survey.flagged.is_empty()
                && !survey.has_unexplained_marks()
                && !shows_fine_print(image, &lines)
            {
                return Ok(survey.boxes);
            }
        }
        let whole = self.pass(image, &BUCKETS)?;
        let mut boxes = whole.boxes;
        if whole.scale < CLOSER_LOOK_BELOW_SCALE {
            for window in closer_windows(&whole.flagged, image.width(), image.height(), whole.scale)
            {
                let crop = image::imageops::crop_imm(
                    image,
                    window.x0,
                    window.y0,
                    window.x1 - window.x0,
                    window.y1 - window.y0,
                )
                .to_image();
                let closer = self.pass(&crop, &BUCKETS)?;
                merge_closer(&mut boxes, closer.boxes, &window, image);
            }
        }
        Ok(boxes)
    }

    /// One detector run over the whole of `image`, scaled into the one of `buckets` closest
    /// to its aspect.
    fn pass(&self, image: &RgbImage, buckets: &[(usize, usize)]) -> Result<Pass, PerceptionError> {
        let (bh, bw) = bucket_for(buckets, image.width(), image.height());
        let scale = scale_into(buckets, image.width(), image.height());
        let probs = self.model.run(
            "text detection",
            [1, 3, bh, bw],
            det_input(image, bh, bw, scale),
        )?;
        if probs.len() != bh * bw {
            return Err(PerceptionError::Inference {
                stage: "text detection",
                reason: format!("map has {} values, expected {}", probs.len(), bh * bw),
            });
        }
        let used_w = ((image.width() as f32 * scale).round() as usize).min(bw);
        let used_h = ((image.height() as f32 * scale).round() as usize).min(bh);
        let (boxes, flagged) = boxes_from_map(&probs, bw, used_w, used_h, scale);
        Ok(Pass {
            boxes,
            flagged,
            scale,
            map: Map {
                probs,
                stride: bw,
                used_w,
                used_h,
            },
        })
    }
}

/// A detector's probability map: row stride `stride`, the image in its top-left
/// `used_w`×`used_h`.
struct Map {
    probs: Vec<f32>,
    stride: usize,
    used_w: usize,
    used_h: usize,
}

/// What one detector run found.
struct Pass {
    /// Text lines, in the pixels of the image run on.
    boxes: Vec<TextBox>,
    /// Places (rectangles in the image's pixels) where the map shows text too small or too
    /// faint to become a line at this scale.
    flagged: Vec<Window>,
    /// Image pixels → map pixels.
    scale: f32,
    /// The map the lines were found in.
    map: Map,
}

impl Pass {
    /// True when the map shows a mark of two pixels or more above [`FAINT_THRESHOLD`] whose
    /// middle lies in none of the lines found: text the detector saw but could not make a
    /// line of at this scale.
    fn has_unexplained_marks(&self) -> bool {
        let Map {
            probs,
            stride,
            used_w,
            used_h,
        } = &self.map;
        let mask = GrayImage::from_fn(*used_w as u32, *used_h as u32, |x, y| {
            let p = probs[y as usize * stride + x as usize];
            Luma([u8::from(p > FAINT_THRESHOLD) * 255])
        });
        let labels = connected_components(&mask, Connectivity::Eight, Luma([0u8]));
        // Per mark: its pixel count and bounds, in map pixels.
        let mut marks: Vec<(usize, Window)> = Vec::new();
        for (x, y, label) in labels.enumerate_pixels() {
            let id = label[0] as usize;
            if id == 0 {
                continue;
            }
            if marks.len() < id {
                let empty = Window {
                    x0: u32::MAX,
                    y0: u32::MAX,
                    x1: 0,
                    y1: 0,
                };
                marks.resize(id, (0, empty));
            }
            let pixel = Window {
                x0: x,
                y0: y,
                x1: x + 1,
                y1: y + 1,
            };
            let mark = &mut marks[id - 1];
            *mark = (mark.0 + 1, mark.1.union(&pixel));
        }
        let read: Vec<Window> = self.boxes.iter().map(|b| Window::around(&b.quad)).collect();
        marks.iter().any(|(pixels, bounds)| {
            let (cx, cy) = bounds.centre();
            let middle = (cx / self.scale, cy / self.scale);
            *pixels >= 2 && !read.iter().any(|w| w.contains(middle))
        })
    }
}

/// A rectangle of the frame, in whole pixels (`x1`, `y1` exclusive).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Window {
    x0: u32,
    y0: u32,
    x1: u32,
    y1: u32,
}

impl Window {
    fn around(quad: &Quad) -> Self {
        let xs = quad.iter().map(|p| p[0]);
        let ys = quad.iter().map(|p| p[1]);
        let (x0, x1) = xs.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
        let (y0, y1) = ys.fold((f32::MAX, f32::MIN), |(a, b), v| (a.min(v), b.max(v)));
        Self {
            x0: x0.max(0.0) as u32,
            y0: y0.max(0.0) as u32,
            x1: x1.max(0.0).ceil() as u32,
            y1: y1.max(0.0).ceil() as u32,
        }
    }

    fn union(&self, other: &Self) -> Self {
        Self {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }

    fn centre(&self) -> (f32, f32) {
        (
            (self.x0 + self.x1) as f32 / 2.0,
            (self.y0 + self.y1) as f32 / 2.0,
        )
    }

    fn contains(&self, (x, y): (f32, f32)) -> bool {
        x >= self.x0 as f32 && x < self.x1 as f32 && y >= self.y0 as f32 && y < self.y1 as f32
    }
}

/// The windows of a `width`×`height` frame (read whole at `scale`) to detect again: the
/// flagged places in at most [`MAX_CLOSER_LOOKS`] groups (split at the widest gap along the
/// frame's long side), each window of a bucket's shape and at most the frame's own
/// resolution, centred on its group. A window no closer than [`MIN_ZOOM`] is left out.
fn closer_windows(flagged: &[Window], width: u32, height: u32, scale: f32) -> Vec<Window> {
    let Some(first) = flagged.first() else {
        return Vec::new();
    };
    let along_x = width >= height;
    let key = |w: &Window| match along_x {
        true => w.centre().0,
        false => w.centre().1,
    };
    let mut places = flagged.to_vec();
    places.sort_by(|a, b| key(a).total_cmp(&key(b)));
    let all = places.iter().fold(*first, |acc, w| acc.union(w));
    let mut groups = vec![all];
    if places.len() > 1 {
        // Split where consecutive places are furthest apart.
        let split = (1..places.len())
            .max_by(|&i, &j| {
                (key(&places[i]) - key(&places[i - 1]))
                    .total_cmp(&(key(&places[j]) - key(&places[j - 1])))
            })
            .unwrap_or(1);
        let fold = |ws: &[Window]| ws.iter().skip(1).fold(ws[0], |acc, w| acc.union(w));
        let (left, right) = places.split_at(split);
        if !fits(&all, scale) {
            groups = vec![fold(left), fold(right)];
        }
    }
    groups
        .iter()
        .filter_map(|g| window_for(g, width, height, scale))
        .take(MAX_CLOSER_LOOKS)
        .collect()
}

/// True when `group` fits one bucket at a zoom of at least [`MIN_ZOOM`] over `scale`.
fn fits(group: &Window, scale: f32) -> bool {
    let (bh, bw) = bucket_for(&BUCKETS, group.x1 - group.x0, group.y1 - group.y0);
    let (gw, gh) = ((group.x1 - group.x0) as f32, (group.y1 - group.y0) as f32);
    (bw as f32 / gw).min(bh as f32 / gh).min(1.0) >= MIN_ZOOM * scale
}

/// The window to detect again for `group`: a bucket's shape at the zoom that holds the group
/// (at most 1:1 with the frame; at least [`MIN_ZOOM`] × `scale`, then covering the group's
/// middle), centred on it and kept inside the frame; `None` when 1:1 is not that much closer.
fn window_for(group: &Window, width: u32, height: u32, scale: f32) -> Option<Window> {
    let (bh, bw) = bucket_for(&BUCKETS, group.x1 - group.x0, group.y1 - group.y0);
    let (gw, gh) = ((group.x1 - group.x0) as f32, (group.y1 - group.y0) as f32);
    let least = MIN_ZOOM * scale;
    if least > 1.0 {
        return None;
    }
    let zoom = (bw as f32 / gw).min(bh as f32 / gh).min(1.0).max(least);
    let (ww, wh) = (
        ((bw as f32 / zoom) as u32).min(width),
        ((bh as f32 / zoom) as u32).min(height),
    );
    let (cx, cy) = group.centre();
    let x0 = (cx - ww as f32 / 2.0).clamp(0.0, (width - ww) as f32) as u32;
    let y0 = (cy - wh as f32 / 2.0).clamp(0.0, (height - wh) as f32) as u32;
    Some(Window {
        x0,
        y0,
        x1: x0 + ww,
        y1: y0 + wh,
    })
}

/// Puts the lines of a closer look at `window` (in the window's pixels) into `boxes` (the
/// whole frame's): a closer line replaces the whole-frame lines it overlaps. Closer lines
/// cut by the window's edge (where the frame goes on) are left to the whole-frame pass.
fn merge_closer(boxes: &mut Vec<TextBox>, closer: Vec<TextBox>, window: &Window, image: &RgbImage) {
    let (ox, oy) = (window.x0 as f32, window.y0 as f32);
    let edge = 2.0;
    for mut b in closer {
        for p in b.quad.iter_mut() {
            p[0] += ox;
            p[1] += oy;
        }
        let around = Window::around(&b.quad);
        let cut = (around.x0 as f32 <= ox + edge && window.x0 > 0)
            || (around.y0 as f32 <= oy + edge && window.y0 > 0)
            || (around.x1 as f32 >= window.x1 as f32 - edge && window.x1 < image.width())
            || (around.y1 as f32 >= window.y1 as f32 - edge && window.y1 < image.height());
        if cut {
            continue;
        }
        boxes.retain(|whole| {
            let centre = Window::around(&whole.quad).centre();
            !(around.contains(centre) || Window::around(&whole.quad).contains(around.centre()))
        });
        boxes.push(b);
    }
}

/// The one of `buckets` whose aspect ratio is closest to the frame's.
fn bucket_for(buckets: &[(usize, usize)], width: u32, height: u32) -> (usize, usize) {
    let aspect = (width as f32 / height.max(1) as f32).ln();
    buckets
        .iter()
        .copied()
        .min_by(|a, b| {
            let da = (aspect - (a.1 as f32 / a.0 as f32).ln()).abs();
            let db = (aspect - (b.1 as f32 / b.0 as f32).ln()).abs();
            da.total_cmp(&db)
        })
        .unwrap_or(BUCKETS[0])
}

/// Frame pixels → map pixels when a `width`×`height` frame is run in its bucket of `buckets`
/// (fitted inside it, enlarged at most [`MAX_UPSCALE`]).
fn scale_into(buckets: &[(usize, usize)], width: u32, height: u32) -> f32 {
    let (bh, bw) = bucket_for(buckets, width, height);
    (bw as f32 / width.max(1) as f32)
        .min(bh as f32 / height.max(1) as f32)
        .min(MAX_UPSCALE)
}

/// The detector's input: the frame scaled by `scale` (bilinear) into the top-left of a
/// `bh`×`bw` canvas, BGR, `(p/255 − 0.5)/0.5`, padding 0 (mid grey after normalisation).
fn det_input(image: &RgbImage, bh: usize, bw: usize, scale: f32) -> Vec<f32> {
    let scaled = image::imageops::resize(
        image,
        ((image.width() as f32 * scale).round() as u32).clamp(1, bw as u32),
        ((image.height() as f32 * scale).round() as u32).clamp(1, bh as u32),
        image::imageops::FilterType::Triangle,
    );
    let plane = bh * bw;
    let mut data = vec![0f32; 3 * plane];
    for (x, y, px) in scaled.enumerate_pixels() {
        let i = y as usize * bw + x as usize;
        for (c, &v) in [px[2], px[1], px[0]].iter().enumerate() {
            data[c * plane + i] = f32::from(v) / 127.5 - 1.0;
        }
    }
    data
}

/// DB post-processing on a probability map of row stride `stride`, of which the top-left
/// `used_w`×`used_h` is the frame; boxes are returned in frame pixels (map / `scale`), with
/// the places where the map shows text too small or faint to be a line at this scale.
fn boxes_from_map(
    probs: &[f32],
    stride: usize,
    used_w: usize,
    used_h: usize,
    scale: f32,
) -> (Vec<TextBox>, Vec<Window>) {
    let mask = GrayImage::from_fn(used_w as u32, used_h as u32, |x, y| {
        let p = probs[y as usize * stride + x as usize];
        Luma([u8::from(p > PIXEL_THRESHOLD) * 255])
    });
    let labels = connected_components(&mask, Connectivity::Eight, Luma([0u8]));
    let mut regions: Vec<(Vec<Point<i32>>, f32)> = Vec::new();
    for (x, y, label) in labels.enumerate_pixels() {
        let id = label[0] as usize;
        if id == 0 {
            continue;
        }
        if regions.len() < id {
            regions.resize_with(id, || (Vec::new(), 0.0));
        }
        let region = &mut regions[id - 1];
        region.0.push(Point::new(x as i32, y as i32));
        region.1 += probs[y as usize * stride + x as usize];
    }
    let (mut boxes, mut flagged) = (Vec::new(), Vec::new());
    let to_frame = 1.0 / scale;
    for (points, sum) in regions {
        if points.len() < MIN_FLAGGED_PIXELS {
            continue;
        }
        let score = sum / points.len() as f32;
        let corners = min_area_rect(&points);
        let line = (points.len() >= MIN_REGION_PIXELS && score >= BOX_THRESHOLD)
            .then(|| unclipped_quad(&corners, to_frame))
            .flatten();
        let small = line.is_none_or(|quad| {
            let across = quad[3][1] - quad[0][1];
            let across = across.hypot(quad[3][0] - quad[0][0]);
            across * scale < SMALL_LINE
        });
        if small {
            // The place, grown by its own size (a speck of a word is part of a line).
            let xs = points.iter().map(|p| p.x);
            let ys = points.iter().map(|p| p.y);
            let (x0, x1) = (xs.clone().min().unwrap_or(0), xs.max().unwrap_or(0));
            let (y0, y1) = (ys.clone().min().unwrap_or(0), ys.max().unwrap_or(0));
            let grow = (y1 - y0 + 1).max(2);
            let frame = |v: i32| (v.max(0) as f32 * to_frame) as u32;
            flagged.push(Window {
                x0: frame(x0 - grow),
                y0: frame(y0 - grow),
                x1: frame(x1 + 1 + grow),
                y1: frame(y1 + 1 + grow),
            });
        }
        if let Some(quad) = line {
            boxes.push(TextBox { quad, score });
        }
    }
    (boxes, flagged)
}

/// Grows the minimum-area rectangle `corners` (map pixels, each covering a whole pixel) by
/// DB's unclip distance and returns it in frame pixels (× `to_frame`), ordered as read.
fn unclipped_quad(corners: &[Point<i32>; 4], to_frame: f32) -> Option<Quad> {
    let p: Vec<(f32, f32)> = corners.iter().map(|c| (c.x as f32, c.y as f32)).collect();
    let e1 = (p[1].0 - p[0].0, p[1].1 - p[0].1);
    let e2 = (p[2].0 - p[1].0, p[2].1 - p[1].1);
    let len = |e: (f32, f32)| (e.0 * e.0 + e.1 * e.1).sqrt();
    let (long, short) = if len(e1) >= len(e2) {
        (e1, e2)
    } else {
        (e2, e1)
    };
    // Pixel centres span one pixel less than the pixels themselves.
    let (w, h) = (len(long) + 1.0, len(short) + 1.0);
    let mut u = (long.0 / len(long).max(1e-6), long.1 / len(long).max(1e-6));
    if len(long) < 1e-6 {
        u = (1.0, 0.0);
    }
    if u.0 < 0.0 || (u.0 == 0.0 && u.1 < 0.0) {
        u = (-u.0, -u.1);
    }
    let v = (-u.1, u.0);
    let centre = (
        p.iter().map(|q| q.0).sum::<f32>() / 4.0,
        p.iter().map(|q| q.1).sum::<f32>() / 4.0,
    );
    let distance = w * h * UNCLIP_RATIO / (2.0 * (w + h));
    let (hw, hh) = (
        (w / 2.0 + distance) * to_frame,
        (h / 2.0 + distance) * to_frame,
    );
    if 2.0 * hh < MIN_BOX_SIDE || 2.0 * hw < MIN_BOX_SIDE {
        return None;
    }
    let c = ((centre.0 + 0.5) * to_frame, (centre.1 + 0.5) * to_frame);
    let corner = |a: f32, b: f32| {
        [
            c.0 + a * hw * u.0 + b * hh * v.0,
            c.1 + a * hw * u.1 + b * hh * v.1,
        ]
    };
    Some([
        corner(-1.0, -1.0),
        corner(1.0, -1.0),
        corner(1.0, 1.0),
        corner(-1.0, 1.0),
    ])
}

/// Sorts boxes top to bottom; boxes on the same line (vertical centres within half a line
/// height) go left to right.
fn sort_reading_order(boxes: &mut [TextBox]) {
    let centre_y = |b: &TextBox| b.quad.iter().map(|p| p[1]).sum::<f32>() / 4.0;
    let height = |b: &TextBox| (b.quad[3][1] - b.quad[0][1]).abs().max(1.0);
    boxes.sort_by(|a, b| centre_y(a).total_cmp(&centre_y(b)));
    for i in 1..boxes.len() {
        let mut j = i;
        while j > 0 {
            let (prev, cur) = (&boxes[j - 1], &boxes[j]);
            let same_line =
                (centre_y(cur) - centre_y(prev)).abs() < height(prev).min(height(cur)) / 2.0;
            if same_line && cur.quad[0][0] < prev.quad[0][0] {
                boxes.swap(j - 1, j);
                j -= 1;
            } else {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rectangle_of_text_probability_becomes_one_grown_box() {
        let (w, h) = (100usize, 40usize);
        let mut probs = vec![0f32; w * h];
        for y in 15..25 {
            for x in 20..80 {
                probs[y * w + x] = 0.9;
            }
        }
        let (boxes, _) = boxes_from_map(&probs, w, w, h, 0.5);
        assert_eq!(boxes.len(), 1);
        let q = boxes[0].quad;
        // 60×10 map pixels, unclip distance 60·10·2.0/140 ≈ 8.6, frame scale 2.
        assert!(
            (q[1][0] - q[0][0] - 2.0 * (60.0 + 17.1)).abs() < 2.0,
            "{q:?}"
        );
        assert!(
            (q[3][1] - q[0][1] - 2.0 * (10.0 + 17.1)).abs() < 2.0,
            "{q:?}"
        );
        assert!(
            q[0][0] < q[1][0] && q[0][1] < q[3][1],
            "reading order {q:?}"
        );
    }

    #[test]
    fn weak_regions_and_specks_are_dropped() {
        let (w, h) = (50usize, 20usize);
        let mut probs = vec![0f32; w * h];
        for y in 5..15 {
            for x in 5..40 {
                probs[y * w + x] = 0.4;
            }
        }
        probs[2 * w + 45] = 1.0;
        let (boxes, flagged) = boxes_from_map(&probs, w, w, h, 1.0);
        assert!(boxes.is_empty());
        // The weak region is a place to look closer at; the one-pixel speck is not.
        assert_eq!(flagged.len(), 1);
    }

    /// A pass over a 100×40 map holding a text line at rows 15–25, and `speck` pixels of
    /// faint probability (0.2) at row 38, outside its box.
    fn survey_with(speck: usize) -> Pass {
        let (w, h) = (100usize, 40usize);
        let mut probs = vec![0f32; w * h];
        for y in 15..25 {
            for x in 20..80 {
                probs[y * w + x] = 0.9;
            }
        }
        for x in 94..94 + speck {
            probs[38 * w + x] = 0.2;
        }
        let (boxes, flagged) = boxes_from_map(&probs, w, w, h, 0.5);
        Pass {
            boxes,
            flagged,
            scale: 0.5,
            map: Map {
                probs,
                stride: w,
                used_w: w,
                used_h: h,
            },
        }
    }

    #[test]
    fn a_survey_sees_faint_marks_outside_its_lines() {
        assert!(!survey_with(0).has_unexplained_marks());
        // One pixel is noise; two in a row are a mark of text too small to read here.
        assert!(!survey_with(1).has_unexplained_marks());
        let pass = survey_with(2);
        assert!(
            pass.flagged.is_empty(),
            "too faint to be flagged as a place"
        );
        assert!(pass.has_unexplained_marks());
    }

    #[test]
    fn buckets_follow_the_aspect_ratio() {
        assert_eq!(bucket_for(&BUCKETS, 640, 480), (480, 640));
        assert_eq!(bucket_for(&BUCKETS, 480, 640), (640, 480));
        assert_eq!(bucket_for(&BUCKETS, 500, 490), (480, 640));
        assert_eq!(bucket_for(&SURVEY_BUCKETS, 640, 480), (256, 320));
        assert_eq!(scale_into(&SURVEY_BUCKETS, 640, 480), 0.5);
        assert_eq!(scale_into(&BUCKETS, 200, 100), MAX_UPSCALE);
    }
}
