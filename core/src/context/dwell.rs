//! Dwell/hesitation: the head held steady while the same subject (a product, a sign, a code)
//! is seen again and again for a while. Each subject has its own sighting streak, so a sign
//! at the edge of view does not reset the product in the middle of it.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::ContextConfig;

/// What kind of thing a subject is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    /// A product, by its barcode or recognised name.
    Product,
    /// A sign or shop front, by its text.
    Sign,
    /// A QR code, by its payload.
    Code,
    /// A landmark or place, by its id.
    Place,
}

/// One thing in view that the wearer may be looking at.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Subject {
    /// What kind of thing.
    pub kind: SubjectKind,
    /// Its identity: barcode digits, normalised text, QR payload or place id.
    pub key: String,
}

impl Subject {
    /// A subject of `kind` identified by `key`.
    pub fn new(kind: SubjectKind, key: impl Into<String>) -> Self {
        Self {
            kind,
            key: key.into(),
        }
    }
}

/// One IMU reading from the glasses: angular velocity around the three axes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ImuSample {
    /// When it was taken (ms).
    pub at_ms: i64,
    /// Angular velocity in degrees per second (x, y, z).
    pub gyro_deg_per_s: [f32; 3],
}

impl ImuSample {
    /// Magnitude of the head's rotation speed, degrees per second.
    pub fn rotation_speed(&self) -> f32 {
        self.gyro_deg_per_s
            .iter()
            .map(|v| v * v)
            .sum::<f32>()
            .sqrt()
    }
}

/// The wearer hesitated over `subject`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dwell {
    /// What was looked at.
    pub subject: Subject,
    /// How long the head was steady on it (ms).
    pub duration_ms: i64,
    /// How many times it was seen in that time.
    pub sightings: u32,
}

#[derive(Debug, Clone)]
struct Streak {
    first_ms: i64,
    last_ms: i64,
    sightings: u32,
    reported: bool,
}

/// Tracks sighting streaks per subject and head steadiness; reports each dwell once per streak.
#[derive(Debug, Clone)]
pub struct DwellDetector {
    dwell_ms: i64,
    min_sightings: u32,
    max_gap_ms: i64,
    steady_deg_per_s: f32,
    /// The last time the head moved faster than the steady threshold.
    last_unsteady_ms: Option<i64>,
    streaks: HashMap<Subject, Streak>,
}

impl DwellDetector {
    /// A detector with the thresholds of `config`.
    pub fn new(config: &ContextConfig) -> Self {
        Self {
            dwell_ms: config.dwell_ms,
            min_sightings: config.dwell_min_sightings.max(1),
            max_gap_ms: config.dwell_max_gap_ms,
            steady_deg_per_s: config.steady_deg_per_s,
            last_unsteady_ms: None,
            streaks: HashMap::new(),
        }
    }

    /// Feeds one IMU reading: a fast head movement restarts every dwell.
    pub fn imu(&mut self, sample: ImuSample) {
        if sample.rotation_speed() > self.steady_deg_per_s {
            self.last_unsteady_ms = Some(
                self.last_unsteady_ms
                    .map_or(sample.at_ms, |t| t.max(sample.at_ms)),
            );
        }
    }

    /// Feeds the subjects seen in one frame at `at_ms`; returns the dwells that this frame
    /// completes (each subject's streak reports at most once).
    pub fn observe(&mut self, subjects: &[Subject], at_ms: i64) -> Vec<Dwell> {
        let max_gap = self.max_gap_ms;
        self.streaks.retain(|_, s| at_ms - s.last_ms <= max_gap);
        let mut dwells = Vec::new();
        for subject in subjects {
            let streak = self.streaks.entry(subject.clone()).or_insert(Streak {
                first_ms: at_ms,
                last_ms: at_ms,
                sightings: 0,
                reported: false,
            });
            streak.last_ms = streak.last_ms.max(at_ms);
            streak.sightings += 1;
            // The dwell counts only from the last head movement on.
            let steady_since = match self.last_unsteady_ms {
                Some(moved) if moved > streak.first_ms => {
                    streak.first_ms = moved;
                    streak.sightings = 1;
                    moved
                }
                _ => streak.first_ms,
            };
            let duration_ms = streak.last_ms - steady_since;
            if !streak.reported
                && duration_ms >= self.dwell_ms
                && streak.sightings >= self.min_sightings
            {
                streak.reported = true;
                dwells.push(Dwell {
                    subject: subject.clone(),
                    duration_ms,
                    sightings: streak.sightings,
                });
            }
        }
        dwells
    }

    /// Forgets every streak (the wearer turned away, the glasses reconnected).
    pub fn reset(&mut self) {
        self.streaks.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn soda() -> Subject {
        Subject::new(SubjectKind::Product, "6901939621257")
    }

    fn steady(at_ms: i64) -> ImuSample {
        ImuSample {
            at_ms,
            gyro_deg_per_s: [2.0, -3.0, 1.0],
        }
    }

    #[test]
    fn steady_gaze_over_the_threshold_is_reported_once() {
        let mut d = DwellDetector::new(&ContextConfig::default());
        let mut reported = Vec::new();
        for t in (0..=3000).step_by(500) {
            d.imu(steady(t));
            reported.extend(d.observe(&[soda()], t));
        }
        assert_eq!(reported.len(), 1);
        assert_eq!(reported[0].duration_ms, 1500);
        assert_eq!(reported[0].sightings, 4);
    }

    #[test]
    fn head_movement_or_a_gap_restarts_the_dwell() {
        let config = ContextConfig::default();
        let mut d = DwellDetector::new(&config);
        assert!(d.observe(&[soda()], 0).is_empty());
        assert!(d.observe(&[soda()], 1000).is_empty());
        d.imu(ImuSample {
            at_ms: 1200,
            gyro_deg_per_s: [80.0, 0.0, 0.0],
        });
        assert!(d.observe(&[soda()], 1600).is_empty());
        assert!(d.observe(&[soda()], 2600).is_empty());
        assert_eq!(d.observe(&[soda()], 2700).len(), 1);

        let mut d = DwellDetector::new(&config);
        d.observe(&[soda()], 0);
        d.observe(&[soda()], 900);
        // Unseen for longer than the gap: a new streak.
        assert!(d.observe(&[soda()], 2500).is_empty());
        assert!(d.observe(&[soda()], 3500).is_empty());
        assert_eq!(d.observe(&[soda()], 4000).len(), 1);
    }

    #[test]
    fn thresholds_come_from_the_config() {
        let config = ContextConfig {
            dwell_ms: 400,
            dwell_min_sightings: 3,
            ..ContextConfig::default()
        };
        let mut d = DwellDetector::new(&config);
        let sign = Subject::new(SubjectKind::Sign, "星巴克");
        assert!(d.observe(std::slice::from_ref(&sign), 0).is_empty());
        // Long enough but only two sightings.
        assert!(d.observe(std::slice::from_ref(&sign), 500).is_empty());
        assert_eq!(d.observe(&[sign.clone(), soda()], 600).len(), 1);
    }
}
