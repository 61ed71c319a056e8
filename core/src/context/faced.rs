//! What the wearer faces without a camera frame (display-only glasses such as the Even G1):
//! standing still — slow, the same heading, the head steady — for a few seconds before a
//! place names it from position and heading alone, with a lower confidence than a sign read
//! in a frame. A landmark is named from farther away than a shop (it is big and seen from a
//! distance); either must be inside the view cone.

use super::ContextConfig;
use super::dwell::ImuSample;
use super::in_front::InFront;
use super::motion::LocationFix;
use crate::geo::{GeoPoint, heading_difference};

/// Standing still this long (ms) counts as attention to what is ahead.
pub const STANDING_MS: i64 = 4_000;
/// At most this ground speed (m/s) counts as standing.
const STILL_SPEED_MPS: f64 = 0.6;
/// The heading may wander this much (degrees) while standing.
const STILL_HEADING_DEG: f64 = 25.0;
/// The position may wander this much (m) while standing (GPS jitter).
const STILL_DRIFT_M: f64 = 8.0;
/// A landmark is named from up to this far (m) without a frame.
pub const LANDMARK_REACH_M: f64 = 150.0;
/// A shop or restaurant is named from up to this far (m) without a frame.
pub const SHOP_REACH_M: f64 = 20.0;
/// Without a frame, the confidence is at most this.
const FACED_CAP: f32 = 0.6;
/// Without a frame, a place is named only at or above this confidence.
pub const FACED_MIN_CONFIDENCE: f32 = 0.3;

/// The wearer stood still facing one way for [`STANDING_MS`]: where and which way.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// Where.
    pub position: GeoPoint,
    /// Facing, degrees from north.
    pub heading_deg: f64,
    /// For how long, ms.
    pub for_ms: i64,
}

/// Watches location fixes and head motion for standing still facing one way; reports each
/// stand once.
#[derive(Debug, Default)]
pub struct StandingDetector {
    anchor: Option<(LocationFix, f64)>,
    reported: bool,
    steady_deg_per_s: f32,
}

impl StandingDetector {
    /// A detector with `config`'s head-steadiness threshold.
    pub fn new(config: &ContextConfig) -> Self {
        Self {
            anchor: None,
            reported: false,
            steady_deg_per_s: config.steady_deg_per_s,
        }
    }

    /// Head motion: a fast turn ends the stand.
    pub fn imu(&mut self, sample: &ImuSample) {
        if sample.rotation_speed() > self.steady_deg_per_s {
            self.anchor = None;
        }
    }

    /// A location fix (`speed_mps`: the tracker's current speed); returns the stand it
    /// completes, once per stand.
    pub fn update(&mut self, fix: &LocationFix, speed_mps: Option<f64>) -> Option<Standing> {
        let heading = fix.heading_deg.filter(|h| h.is_finite())?;
        let still = speed_mps.is_some_and(|s| s <= STILL_SPEED_MPS);
        let same_stand = self.anchor.as_ref().is_some_and(|(at, h)| {
            heading_difference(*h, heading).abs() <= STILL_HEADING_DEG
                && at.point.distance_m(&fix.point) <= STILL_DRIFT_M
        });
        if !still {
            self.anchor = None;
            return None;
        }
        if !same_stand {
            self.anchor = Some((*fix, heading));
            self.reported = false;
            return None;
        }
        let (since, _) = self.anchor.as_ref()?;
        let for_ms = fix.at_ms - since.at_ms;
        if for_ms < STANDING_MS || self.reported {
            return None;
        }
        self.reported = true;
        Some(Standing {
            position: fix.point,
            heading_deg: heading,
            for_ms,
        })
    }
}

/// A place that could be faced: its id, where it is, and whether it is a landmark.
#[derive(Debug, Clone, PartialEq)]
pub struct FacedCandidate {
    /// The place's id.
    pub id: String,
    /// Where it is.
    pub location: GeoPoint,
    /// Landmarks are named from farther away.
    pub landmark: bool,
}

/// The place the wearer faces while `standing`, if one reaches [`FACED_MIN_CONFIDENCE`]:
/// inside the view cone and its reach, nearer and straighter ahead scoring higher, the
/// confidence capped below what a sign read in a frame gives.
pub fn what_is_faced(
    standing: &Standing,
    candidates: &[FacedCandidate],
    config: &ContextConfig,
) -> Option<InFront> {
    let half_cone = config.view_cone_deg / 2.0;
    candidates
        .iter()
        .filter_map(|c| {
            let distance = standing.position.distance_m(&c.location);
            let reach = if c.landmark {
                LANDMARK_REACH_M
            } else {
                SHOP_REACH_M
            };
            let off = heading_difference(
                standing.heading_deg,
                standing.position.bearing_deg(&c.location),
            )
            .abs();
            if distance > reach || off > half_cone {
                return None;
            }
            let nearness = (1.0 - distance / reach).clamp(0.0, 1.0).sqrt();
            let straightness = 1.0 - 0.5 * off / half_cone.max(1.0);
            let confidence = FACED_CAP * (nearness * straightness) as f32;
            Some(InFront {
                id: c.id.clone(),
                confidence,
                text_score: 0.0,
                matched_text: None,
                distance_m: Some(distance),
            })
        })
        .filter(|f| f.confidence >= FACED_MIN_CONFIDENCE)
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(at_ms: i64, point: GeoPoint, heading: f64) -> LocationFix {
        LocationFix {
            at_ms,
            point,
            heading_deg: Some(heading),
            speed_mps: Some(0.0),
        }
    }

    #[test]
    fn browser_standing_still_facing_one_way_is_reported_once() {
        let here = GeoPoint::new(30.2311, 120.1486);
        let mut d = StandingDetector::new(&ContextConfig::default());
        assert_eq!(d.update(&fix(0, here, 0.0), Some(0.0)), None);
        assert_eq!(d.update(&fix(2_000, here, 10.0), Some(0.0)), None);
        let stood = d.update(&fix(4_000, here, 5.0), Some(0.2)).unwrap();
        assert_eq!(stood.for_ms, 4_000);
        assert_eq!(d.update(&fix(6_000, here, 5.0), Some(0.0)), None, "once");
        // Turning away starts a new stand; so does walking on; a fast head turn ends it.
        assert_eq!(d.update(&fix(7_000, here, 90.0), Some(0.0)), None);
        assert!(d.update(&fix(11_000, here, 90.0), Some(0.0)).is_some());
        assert_eq!(d.update(&fix(12_000, here, 90.0), Some(1.4)), None);
        assert_eq!(d.update(&fix(13_000, here, 90.0), Some(0.0)), None);
        d.imu(&ImuSample {
            at_ms: 15_000,
            gyro_deg_per_s: [0.0, 90.0, 0.0],
        });
        assert_eq!(
            d.update(&fix(17_000, here, 90.0), Some(0.0)),
            None,
            "restarted"
        );
        assert!(d.update(&fix(21_000, here, 90.0), Some(0.0)).is_some());
    }

    #[test]
    fn browser_a_faced_landmark_is_named_from_afar_a_shop_only_close() {
        let here = GeoPoint::new(30.2311, 120.1486);
        let standing = Standing {
            position: here,
            heading_deg: 0.0,
            for_ms: 4_000,
        };
        let config = ContextConfig::default();
        let pagoda = FacedCandidate {
            id: "landmark".into(),
            location: here.offset(0.0, 60.0),
            landmark: true,
        };
        let shop_far = FacedCandidate {
            id: "shop-far".into(),
            location: here.offset(5.0, 40.0),
            landmark: false,
        };
        let behind = FacedCandidate {
            id: "behind".into(),
            location: here.offset(180.0, 5.0),
            landmark: false,
        };
        let faced = what_is_faced(&standing, &[pagoda.clone(), shop_far, behind], &config).unwrap();
        assert_eq!(faced.id, "landmark");
        assert!(faced.confidence < 0.6 && faced.confidence >= FACED_MIN_CONFIDENCE);
        let shop_near = FacedCandidate {
            id: "shop-near".into(),
            location: here.offset(0.0, 6.0),
            landmark: false,
        };
        let faced = what_is_faced(&standing, &[pagoda, shop_near], &config).unwrap();
        assert_eq!(faced.id, "shop-near", "the shop right ahead is nearer");
        let nothing = what_is_faced(&standing, &[], &config);
        assert_eq!(nothing, None);
    }
}
