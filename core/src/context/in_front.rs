//! "What is in front": names the shop, restaurant or landmark the wearer faces by matching the
//! sign text read in the frame (fuzzy, Chinese and English) and the wearer's position and
//! heading against nearby places, with a confidence.
//!
//! The text score forgives OCR slips (one wrong character), case, spacing, full-width forms and
//! extra words on the sign ("星巴克咖啡" for 星巴克, "STARBUCKS COFFEE" for Starbucks). The
//! geometry score favours near places inside the camera's view cone. A place with no text
//! match can still be named from geometry alone, but only when it is close and straight ahead.

use serde::{Deserialize, Serialize};

use super::ContextConfig;
use crate::geo::{GeoPoint, heading_difference};

/// A nearby place that could be in front.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// The place's id with its provider.
    pub id: String,
    /// Its names (Chinese, English, short forms).
    pub names: Vec<String>,
    /// Where it is.
    pub location: GeoPoint,
}

/// The place judged to be in front.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InFront {
    /// The place's id.
    pub id: String,
    /// Overall confidence 0–1.
    pub confidence: f32,
    /// How well the best sign text matched one of its names (0 when no text matched).
    pub text_score: f32,
    /// The sign text that matched, if any.
    pub matched_text: Option<String>,
    /// Distance from the wearer (m), when the position is known.
    pub distance_m: Option<f64>,
}

/// Text scores below this are not a match at all.
const MIN_TEXT_SCORE: f32 = 0.6;
/// Weight of the text score when a sign matched; geometry gets the rest.
const TEXT_WEIGHT: f32 = 0.7;
/// Without a text match, geometry alone gives at most this confidence.
const GEOMETRY_ONLY_CAP: f32 = 0.6;
/// Geometry alone names a place only this close (m).
const GEOMETRY_ONLY_RADIUS_M: f64 = 25.0;

/// Lower-cases, maps full-width ASCII to half-width and drops spaces and punctuation, so
/// "Ｓｔａｒｂｕｃｋｓ　Coffee!" and "starbuckscoffee" compare equal.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Similarity 0–1 of a sign text and a place name, both normalised: edit similarity, or a
/// containment score when one holds the other (extra words on the sign).
pub fn text_similarity(sign: &str, name: &str) -> f32 {
    let (a, b) = (normalize(sign), normalize(name));
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la == 0 || lb == 0 {
        return 0.0;
    }
    let edit = strsim::normalized_levenshtein(&a, &b) as f32;
    let (short, long, ls, ll) = if la <= lb {
        (&a, &b, la, lb)
    } else {
        (&b, &a, lb, la)
    };
    // Two characters of Chinese or three of Latin are the least that says anything.
    let meaningful = ls >= 2 && (!short.is_ascii() || ls >= 3);
    let contained = if meaningful && long.contains(short.as_str()) {
        0.8 + 0.2 * ls as f32 / ll as f32
    } else {
        0.0
    };
    edit.max(contained)
}

/// 0–1: 1 for a place straight ahead and near, falling with distance and with the angle off
/// the view cone. Without a heading the angle counts as unknown (a middling factor).
fn geometry_score(
    position: GeoPoint,
    heading: Option<f64>,
    place: GeoPoint,
    config: &ContextConfig,
) -> (f32, f64) {
    let distance = position.distance_m(&place);
    if distance > config.in_front_radius_m {
        return (0.0, distance);
    }
    let nearness = (1.0 - distance / config.in_front_radius_m).clamp(0.0, 1.0);
    let angle_factor = match heading {
        // Standing on the spot: any direction is "in front".
        Some(_) if distance < 3.0 => 1.0,
        Some(h) => {
            let off = heading_difference(h, position.bearing_deg(&place)).abs();
            let half_cone = config.view_cone_deg / 2.0;
            if off <= half_cone {
                1.0
            } else {
                (1.0 - (off - half_cone) / 45.0).clamp(0.0, 1.0)
            }
        }
        None => 0.6,
    };
    ((nearness.sqrt() * angle_factor) as f32, distance)
}

/// The place in front, or `None` when nothing reaches the configured confidence. `texts` are
/// the sign texts read in the frame; `position`/`heading` the wearer's, when known.
pub fn what_is_in_front(
    texts: &[&str],
    position: Option<GeoPoint>,
    heading: Option<f64>,
    candidates: &[Candidate],
    config: &ContextConfig,
) -> Option<InFront> {
    let mut best: Option<InFront> = None;
    for candidate in candidates {
        let (text_score, matched_text) = texts
            .iter()
            .flat_map(|t| {
                candidate
                    .names
                    .iter()
                    .map(move |n| (text_similarity(t, n), *t))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .filter(|(score, _)| *score >= MIN_TEXT_SCORE)
            .map_or((0.0, None), |(s, t)| (s, Some(t.to_string())));
        let geometry = position.map(|p| geometry_score(p, heading, candidate.location, config));
        let confidence = match (matched_text.is_some(), geometry) {
            (true, Some((geo, _))) => TEXT_WEIGHT * text_score + (1.0 - TEXT_WEIGHT) * geo,
            // Position unknown: the sign alone, a little less sure.
            (true, None) => TEXT_WEIGHT * text_score + (1.0 - TEXT_WEIGHT) * 0.5,
            (false, Some((geo, d))) if d <= GEOMETRY_ONLY_RADIUS_M && heading.is_some() => {
                GEOMETRY_ONLY_CAP * geo
            }
            (false, _) => 0.0,
        };
        if confidence >= config.in_front_min_confidence
            && best.as_ref().is_none_or(|b| confidence > b.confidence)
        {
            best = Some(InFront {
                id: candidate.id.clone(),
                confidence,
                text_score,
                matched_text,
                distance_m: geometry.map(|(_, d)| d),
            });
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn here() -> GeoPoint {
        GeoPoint::new(30.2590, 120.1640)
    }

    fn place(id: &str, names: &[&str], bearing: f64, distance: f64) -> Candidate {
        Candidate {
            id: id.into(),
            names: names.iter().map(|n| n.to_string()).collect(),
            location: here().offset(bearing, distance),
        }
    }

    fn street() -> Vec<Candidate> {
        vec![
            place("shop/starbucks", &["星巴克", "Starbucks"], 90.0, 12.0),
            place("shop/decathlon", &["迪卡侬", "Decathlon"], 270.0, 15.0),
            place(
                "food/haidilao",
                &["海底捞火锅", "Haidilao Hot Pot"],
                80.0,
                30.0,
            ),
        ]
    }

    #[test]
    fn fuzzy_text_names_the_place_in_both_languages() {
        let config = ContextConfig::default();
        for sign in [
            "星巴克咖啡",
            "STARBUCKS COFFEE",
            "Slarbucks",
            "ＳＴＡＲＢＵＣＫＳ",
        ] {
            let found = what_is_in_front(&[sign], Some(here()), Some(90.0), &street(), &config);
            assert_eq!(found.map(|f| f.id), Some("shop/starbucks".into()), "{sign}");
        }
        let hotpot = what_is_in_front(&["海底捞"], Some(here()), Some(80.0), &street(), &config)
            .map(|f| f.id);
        assert_eq!(hotpot, Some("food/haidilao".into()));
    }

    #[test]
    fn a_sign_behind_the_wearer_is_less_sure_than_one_ahead() {
        let config = ContextConfig::default();
        let ahead = what_is_in_front(
            &["Decathlon"],
            Some(here()),
            Some(270.0),
            &street(),
            &config,
        );
        let behind = what_is_in_front(&["Decathlon"], Some(here()), Some(90.0), &street(), &config);
        let (a, b) = (ahead.map(|f| f.confidence), behind.map(|f| f.confidence));
        assert!(a > b, "{a:?} vs {b:?}");
    }

    #[test]
    fn geometry_alone_only_when_close_and_straight_ahead() {
        let config = ContextConfig::default();
        let found = what_is_in_front(&[], Some(here()), Some(90.0), &street(), &config);
        assert_eq!(found.map(|f| f.id), Some("shop/starbucks".into()));
        // Facing the empty north: nothing.
        assert_eq!(
            what_is_in_front(&[], Some(here()), Some(0.0), &street(), &config),
            None
        );
        // Unrelated text and no position: nothing.
        assert_eq!(
            what_is_in_front(&["出口 EXIT"], None, None, &street(), &config),
            None
        );
    }

    #[test]
    fn tiny_fragments_do_not_match() {
        assert!(text_similarity("S", "Starbucks") < MIN_TEXT_SCORE);
        assert!(text_similarity("ab", "abcdefgh") < MIN_TEXT_SCORE);
        assert!(text_similarity("星巴克咖啡", "星巴克") > 0.85);
    }
}
