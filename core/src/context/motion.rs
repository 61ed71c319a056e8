//! Position, heading and ground speed from the phone's location fixes, and whether the wearer
//! is moving fast (cycling, in a car): then nothing proactive should appear.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

use super::ContextConfig;
use crate::geo::GeoPoint;

/// One location fix from the phone.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LocationFix {
    /// When it was taken (ms).
    pub at_ms: i64,
    /// Where the wearer is.
    pub point: GeoPoint,
    /// Compass heading of the wearer's face, degrees from north, when known.
    pub heading_deg: Option<f64>,
    /// Ground speed reported by the phone (m/s), when known.
    pub speed_mps: Option<f64>,
}

/// Keeps the recent fixes and answers where the wearer is and how fast they move.
#[derive(Debug, Clone)]
pub struct MotionTracker {
    window_ms: i64,
    fast_speed_mps: f64,
    fixes: VecDeque<LocationFix>,
    heading_deg: Option<f64>,
}

impl MotionTracker {
    /// A tracker with the thresholds of `config`.
    pub fn new(config: &ContextConfig) -> Self {
        Self {
            window_ms: config.motion_window_ms,
            fast_speed_mps: config.fast_speed_mps,
            fixes: VecDeque::new(),
            heading_deg: None,
        }
    }

    /// Feeds one fix. Fixes with an invalid point or older than the newest are ignored.
    pub fn update(&mut self, fix: LocationFix) {
        if !fix.point.is_valid() || self.fixes.back().is_some_and(|l| fix.at_ms < l.at_ms) {
            return;
        }
        if let Some(h) = fix.heading_deg.filter(|h| h.is_finite()) {
            self.heading_deg = Some(h.rem_euclid(360.0));
        }
        self.fixes.push_back(fix);
        let oldest = fix.at_ms - self.window_ms;
        while self.fixes.front().is_some_and(|f| f.at_ms < oldest) {
            self.fixes.pop_front();
        }
    }

    /// Sets the heading alone (from the glasses' compass, between location fixes).
    pub fn set_heading(&mut self, heading_deg: f64) {
        if heading_deg.is_finite() {
            self.heading_deg = Some(heading_deg.rem_euclid(360.0));
        }
    }

    /// The newest position.
    pub fn position(&self) -> Option<GeoPoint> {
        self.fixes.back().map(|f| f.point)
    }

    /// The newest heading, degrees from north.
    pub fn heading(&self) -> Option<f64> {
        self.heading_deg
    }

    /// The median ground speed over the window (reported speeds where given, else derived
    /// from consecutive fixes), so one GPS jump does not count as cycling.
    pub fn speed_mps(&self) -> Option<f64> {
        let mut speeds: Vec<f64> = Vec::new();
        let mut previous: Option<&LocationFix> = None;
        for fix in &self.fixes {
            match fix.speed_mps.filter(|s| s.is_finite() && *s >= 0.0) {
                Some(s) => speeds.push(s),
                None => {
                    if let Some(p) = previous.filter(|p| fix.at_ms > p.at_ms) {
                        let seconds = (fix.at_ms - p.at_ms) as f64 / 1000.0;
                        speeds.push(p.point.distance_m(&fix.point) / seconds);
                    }
                }
            }
            previous = Some(fix);
        }
        if speeds.is_empty() {
            return None;
        }
        speeds.sort_by(f64::total_cmp);
        Some(speeds[speeds.len() / 2])
    }

    /// True when the wearer moves faster than the configured threshold.
    pub fn moving_fast(&self) -> bool {
        self.speed_mps().is_some_and(|s| s > self.fast_speed_mps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(speed_mps: f64, reported: bool) -> MotionTracker {
        let mut t = MotionTracker::new(&ContextConfig::default());
        let start = GeoPoint::new(30.2312, 120.1485);
        for i in 0..6 {
            t.update(LocationFix {
                at_ms: i * 1000,
                point: start.offset(90.0, speed_mps * i as f64),
                heading_deg: Some(90.0),
                speed_mps: reported.then_some(speed_mps),
            });
        }
        t
    }

    #[test]
    fn walking_is_not_fast_cycling_is() {
        assert!(!walk(1.4, false).moving_fast());
        assert!(walk(5.5, false).moving_fast());
        assert!(walk(5.5, true).moving_fast());
        let s = walk(5.5, false).speed_mps().unwrap_or_default();
        assert!((s - 5.5).abs() < 0.1, "{s}");
    }

    #[test]
    fn one_gps_jump_is_not_speed() {
        let mut t = walk(1.0, false);
        let far = GeoPoint::new(30.24, 120.16);
        t.update(LocationFix {
            at_ms: 6000,
            point: far,
            heading_deg: None,
            speed_mps: None,
        });
        assert!(!t.moving_fast());
        assert_eq!(t.heading(), Some(90.0));
        assert_eq!(t.position(), Some(far));
    }

    #[test]
    fn no_fixes_means_unknown_not_fast() {
        let t = MotionTracker::new(&ContextConfig::default());
        assert_eq!(t.speed_mps(), None);
        assert!(!t.moving_fast());
    }
}
