//! What the wearer is doing and facing: position, heading and speed from the phone's location
//! fixes, head motion from the glasses' IMU, the short memory of what was recently seen,
//! dwell/hesitation over one subject, and which nearby place is in front.
//!
//! Everything here is plain state fed with timestamped samples (milliseconds on any monotonic
//! or wall clock, as long as one source is used throughout): no I/O, no clock reads, so tests
//! replay exact sequences.

pub mod dwell;
pub mod faced;
pub mod in_front;
pub mod memory;
pub mod motion;

use serde::{Deserialize, Serialize};

pub use dwell::{Dwell, DwellDetector, ImuSample, Subject, SubjectKind};
pub use faced::{FacedCandidate, Standing, StandingDetector, what_is_faced};
pub use in_front::{Candidate, InFront, what_is_in_front};
pub use memory::RecentMemory;
pub use motion::{LocationFix, MotionTracker};

/// Thresholds of the context module; the `[context]` section of the config.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ContextConfig {
    /// How long the head must stay steady on one subject to count as hesitation (ms).
    pub dwell_ms: i64,
    /// How many separate sightings of the subject that takes, at least.
    pub dwell_min_sightings: u32,
    /// A subject unseen for longer than this (ms) starts a new sighting streak.
    pub dwell_max_gap_ms: i64,
    /// Head rotation below this many degrees per second counts as steady.
    pub steady_deg_per_s: f32,
    /// Ground speed above this (m/s) counts as moving fast (cycling, driving): no proactive cards.
    pub fast_speed_mps: f64,
    /// Location fixes from this long before the newest one are used for the speed (ms).
    pub motion_window_ms: i64,
    /// How many recent observations the short memory keeps.
    pub memory_capacity: usize,
    /// Observations older than this (ms) are forgotten.
    pub memory_max_age_ms: i64,
    /// Places farther than this (m) are never "in front".
    pub in_front_radius_m: f64,
    /// The camera's horizontal field of view (degrees) used to decide what is in front.
    pub view_cone_deg: f64,
    /// A place is named as in front only at or above this confidence (0–1).
    pub in_front_min_confidence: f32,
}

impl Default for ContextConfig {
    fn default() -> Self {
        Self {
            dwell_ms: 1500,
            dwell_min_sightings: 2,
            dwell_max_gap_ms: 1000,
            steady_deg_per_s: 25.0,
            fast_speed_mps: 4.0,
            motion_window_ms: 10_000,
            memory_capacity: 64,
            memory_max_age_ms: 120_000,
            in_front_radius_m: 60.0,
            view_cone_deg: 70.0,
            in_front_min_confidence: 0.5,
        }
    }
}

impl ContextConfig {
    /// Refuses thresholds that cannot work (negative times, zero capacity…), naming the field.
    pub fn validate(&self) -> Result<(), crate::config::ConfigError> {
        let bad = |field: &str, reason: &str| {
            Err(crate::config::ConfigError::Invalid {
                field: format!("context.{field}"),
                reason: reason.into(),
            })
        };
        if self.dwell_ms <= 0 {
            return bad("dwell_ms", "must be positive");
        }
        if self.dwell_max_gap_ms <= 0 {
            return bad("dwell_max_gap_ms", "must be positive");
        }
        if !(self.steady_deg_per_s.is_finite() && self.steady_deg_per_s > 0.0) {
            return bad("steady_deg_per_s", "must be a positive number");
        }
        if !(self.fast_speed_mps.is_finite() && self.fast_speed_mps > 0.0) {
            return bad("fast_speed_mps", "must be a positive number");
        }
        if self.motion_window_ms <= 0 || self.memory_max_age_ms <= 0 {
            return bad("motion_window_ms/memory_max_age_ms", "must be positive");
        }
        if self.memory_capacity == 0 {
            return bad("memory_capacity", "must be at least 1");
        }
        if !(self.in_front_radius_m.is_finite() && self.in_front_radius_m > 0.0) {
            return bad("in_front_radius_m", "must be a positive number");
        }
        if !(self.view_cone_deg > 0.0 && self.view_cone_deg <= 360.0) {
            return bad("view_cone_deg", "must be within (0, 360]");
        }
        if !(0.0..=1.0).contains(&self.in_front_min_confidence) {
            return bad("in_front_min_confidence", "must be within [0, 1]");
        }
        Ok(())
    }
}
