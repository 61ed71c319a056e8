//! The closer look: when text in a frame was too unsure or too small to use, the glasses are
//! asked for a sharper crop of just that part ([`unsure_region`]); the crop that answers is
//! recognised by the request id it carries ([`CloserLooks`]) and read in full-frame
//! coordinates ([`region_of`]).

use std::sync::Mutex;

use super::view::MIN_TEXT_SCORE;
use crate::link::protocol::message::Roi;
use crate::perception::{Observation, Region};

/// Lines read with a confidence from this up to [`MIN_TEXT_SCORE`] are unsure: text is there
/// but too small or blurred to trust, so the glasses are asked for a sharper crop of it.
const UNSURE_TEXT_SCORE: f32 = 0.25;
/// Lines lower than this, in pixels of a 480-pixel-high frame, are too small to read well at
/// the streamed resolution; a crop of them is read magnified.
const SMALL_TEXT_PX: f32 = 20.0;
/// Margin added around unsure lines, as a fraction of their box's size.
const REREAD_MARGIN: f32 = 0.2;

/// The one closer look in flight: the size of the frame it looks into, and the request id
/// once the request is sent.
#[derive(Debug, Clone, Copy)]
struct InFlight {
    frame: (u32, u32),
    request_id: Option<u32>,
}

/// The closer look asked of the glasses, at most one at a time, keyed by its request id.
#[derive(Debug, Default)]
pub(super) struct CloserLooks {
    in_flight: Mutex<Option<InFlight>>,
}

impl CloserLooks {
    /// Reserves the one slot for a look into a `width` × `height` frame; false when a look is
    /// already in flight.
    pub(super) fn reserve(&self, width: u32, height: u32) -> bool {
        let mut slot = self.lock();
        if slot.is_some() {
            return false;
        }
        *slot = Some(InFlight {
            frame: (width, height),
            request_id: None,
        });
        true
    }

    /// The reserved look was sent as request `request_id`.
    pub(super) fn sent(&self, request_id: u32) {
        if let Some(look) = self.lock().as_mut() {
            look.request_id = Some(request_id);
        }
    }

    /// The frame size the crop answering `request_id` looks into, if it answers the look in
    /// flight (which then ends).
    pub(super) fn answered_by(&self, request_id: u32) -> Option<(u32, u32)> {
        let mut slot = self.lock();
        let look = slot.filter(|l| l.request_id == Some(request_id))?;
        *slot = None;
        Some(look.frame)
    }

    /// Ends the look in flight if it is `request_id` (lost on the link), or unconditionally
    /// with `None` (the request could not be sent).
    pub(super) fn cancel(&self, request_id: Option<u32>) {
        let mut slot = self.lock();
        if request_id.is_none() || slot.is_some_and(|l| l.request_id == request_id) {
            *slot = None;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<InFlight>> {
        self.in_flight.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The part of a frame worth a sharper look: the box around the text lines read with too
/// little confidence to use or too small to read well, with a margin, in the link's
/// ten-thousandths of the frame. `None` when every line was clear (lines below
/// [`UNSURE_TEXT_SCORE`] are not taken for text at all).
pub(super) fn unsure_region(observation: &Observation) -> Option<Roi> {
    let (w, h) = (observation.width as f32, observation.height as f32);
    if w < 1.0 || h < 1.0 {
        return None;
    }
    let small = SMALL_TEXT_PX * h / 480.0;
    let unsure = observation
        .texts
        .iter()
        .filter(|l| l.score >= UNSURE_TEXT_SCORE)
        .map(|l| (l.score, Region::around(&l.quad)))
        .filter(|(score, r)| *score < MIN_TEXT_SCORE || r.height < small)
        .map(|(_, r)| r);
    let (x0, y0, x1, y1) = unsure.fold(None, |acc: Option<(f32, f32, f32, f32)>, r| {
        let (x0, y0, x1, y1) = acc.unwrap_or((r.x, r.y, r.x + r.width, r.y + r.height));
        Some((
            x0.min(r.x),
            y0.min(r.y),
            x1.max(r.x + r.width),
            y1.max(r.y + r.height),
        ))
    })?;
    let (mx, my) = ((x1 - x0) * REREAD_MARGIN, (y1 - y0) * REREAD_MARGIN);
    let scale = f32::from(Roi::SCALE);
    let to_scale = |v: f32, full: f32| ((v / full).clamp(0.0, 1.0) * scale).round() as u16;
    let (left, top) = (to_scale(x0 - mx, w), to_scale(y0 - my, h));
    let (right, bottom) = (to_scale(x1 + mx, w), to_scale(y1 + my, h));
    (right > left && bottom > top).then_some(Roi {
        x: left,
        y: top,
        w: right - left,
        h: bottom - top,
    })
}

/// Where `roi` lies in a `width` × `height` frame, in pixels.
pub(super) fn region_of(roi: &Roi, width: u32, height: u32) -> Region {
    let scale = f32::from(Roi::SCALE);
    let (w, h) = (width as f32, height as f32);
    Region {
        x: f32::from(roi.x) / scale * w,
        y: f32::from(roi.y) / scale * h,
        width: f32::from(roi.w) / scale * w,
        height: f32::from(roi.h) / scale * h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perception::ocr::TextLine;

    fn line(score: f32, x: f32, y: f32) -> TextLine {
        TextLine {
            text: "x".into(),
            score,
            quad: [[x, y], [x + 100.0, y], [x + 100.0, y + 30.0], [x, y + 30.0]],
        }
    }

    fn observation(texts: Vec<TextLine>) -> Observation {
        Observation {
            frame_hash: 0,
            width: 640,
            height: 480,
            texts,
            codes: Vec::new(),
            scene: Vec::new(),
            timings: Default::default(),
            from_cache: false,
        }
    }

    #[test]
    fn only_the_crop_answering_the_request_is_the_closer_look() {
        let looks = CloserLooks::default();
        assert!(looks.reserve(640, 480));
        assert!(!looks.reserve(640, 480), "one look at a time");
        looks.sent(7);
        assert_eq!(looks.answered_by(6), None, "another request's frame");
        assert_eq!(looks.answered_by(7), Some((640, 480)));
        assert_eq!(looks.answered_by(7), None, "answered once");
        assert!(looks.reserve(1280, 960));
        looks.sent(8);
        looks.cancel(Some(9));
        assert!(
            !looks.reserve(1, 1),
            "losing another request keeps the look"
        );
        looks.cancel(Some(8));
        assert!(looks.reserve(1, 1), "a lost request ends the look");
    }

    #[test]
    fn small_lines_ask_for_a_sharper_look() {
        let mut small = line(0.95, 50.0, 50.0);
        small.quad = [[50.0, 50.0], [150.0, 50.0], [150.0, 60.0], [50.0, 60.0]];
        let roi = unsure_region(&observation(vec![small, line(0.95, 10.0, 300.0)])).unwrap();
        let region = region_of(&roi, 640, 480);
        assert!(
            region.y < 50.0 && region.y + region.height < 100.0,
            "{region:?}"
        );
    }

    #[test]
    fn only_unsure_lines_ask_for_a_sharper_look() {
        assert_eq!(
            unsure_region(&observation(vec![line(0.9, 10.0, 10.0)])),
            None
        );
        assert_eq!(
            unsure_region(&observation(vec![line(0.1, 10.0, 10.0)])),
            None
        );
        let roi = unsure_region(&observation(vec![
            line(0.9, 0.0, 0.0),
            line(0.4, 100.0, 200.0),
            line(0.3, 300.0, 300.0),
        ]))
        .unwrap();
        let region = region_of(&roi, 640, 480);
        // Both unsure lines (100..400 × 200..330) inside, with a margin; the sure one outside.
        assert!(
            region.x < 100.0 && region.x + region.width > 400.0,
            "{region:?}"
        );
        assert!(
            region.y < 200.0 && region.y + region.height > 330.0,
            "{region:?}"
        );
        assert!(region.x > 0.0 && region.y > 100.0, "{region:?}");
    }

    #[test]
    fn the_region_stays_inside_the_frame() {
        let roi = unsure_region(&observation(vec![line(0.4, 590.0, 470.0)])).unwrap();
        assert!(u32::from(roi.x) + u32::from(roi.w) <= u32::from(Roi::SCALE));
        assert!(u32::from(roi.y) + u32::from(roi.h) <= u32::from(Roi::SCALE));
    }
}
