//! `Places`: points of interest — search near a point, by (fuzzy) name, details, and which
//! POI is in front of the wearer.

use async_trait::async_trait;
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use super::error::{ServiceError, ServiceResult};
use crate::geo::{GeoPoint, heading_difference};
use crate::locale::Language;

/// What kind of place a POI is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoiCategory {
    /// Sit-down restaurant.
    Restaurant,
    /// Café or tea house.
    Cafe,
    /// Shop (shoes, clothes, electronics, souvenirs…).
    Shop,
    /// Convenience store.
    ConvenienceStore,
    /// Landmark or scenic spot.
    Landmark,
    /// Shared-bike station.
    BikeStation,
    /// Hotel.
    Hotel,
    /// Anything else (office, bank, hospital…).
    Other,
}

impl PoiCategory {
    /// Every category, in a stable order.
    pub const ALL: [PoiCategory; 8] = [
        PoiCategory::Restaurant,
        PoiCategory::Cafe,
        PoiCategory::Shop,
        PoiCategory::ConvenienceStore,
        PoiCategory::Landmark,
        PoiCategory::BikeStation,
        PoiCategory::Hotel,
        PoiCategory::Other,
    ];

    /// The snake_case name used in the database and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            PoiCategory::Restaurant => "restaurant",
            PoiCategory::Cafe => "cafe",
            PoiCategory::Shop => "shop",
            PoiCategory::ConvenienceStore => "convenience_store",
            PoiCategory::Landmark => "landmark",
            PoiCategory::BikeStation => "bike_station",
            PoiCategory::Hotel => "hotel",
            PoiCategory::Other => "other",
        }
    }

    /// Parses the snake_case name.
    pub fn parse(name: &str) -> Option<PoiCategory> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// Daily opening hours. `closes` earlier than `opens` means the place closes after midnight;
/// equal times mean open around the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    /// Opening time, local.
    pub opens: NaiveTime,
    /// Closing time, local.
    pub closes: NaiveTime,
}

impl OpeningHours {
    /// True when the place is open at local time `at`.
    pub fn is_open_at(&self, at: NaiveTime) -> bool {
        if self.opens == self.closes {
            true
        } else if self.opens < self.closes {
            self.opens <= at && at < self.closes
        } else {
            at >= self.opens || at < self.closes
        }
    }

    /// The hours as a wearer reads them at local time `at`, in `language`: `open 24
    /// hours`, `open 10:30–21:30`, or `closed, opens at 10:30`.
    pub fn describe_in(&self, language: Language, at: NaiveTime) -> String {
        let opens = self.opens.format("%H:%M").to_string();
        if self.opens == self.closes {
            language.msg("hours-always-open", &[])
        } else if self.is_open_at(at) {
            let closes = self.closes.format("%H:%M").to_string();
            language.msg(
                "hours-open",
                &[("opens", opens.into()), ("closes", closes.into())],
            )
        } else {
            language.msg("hours-closed", &[("opens", opens.into())])
        }
    }
}

/// A point of interest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Poi {
    /// Stable id within its provider (demo city: e.g. `landmark/leifeng-pagoda`).
    pub id: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English, when the provider has one.
    pub name_en: Option<String>,
    /// Kind of place.
    pub category: PoiCategory,
    /// Where it is (WGS-84).
    pub location: GeoPoint,
    /// Average rating 0–5, when known.
    pub rating: Option<f32>,
    /// Price level 1 (cheap) – 4 (expensive), when known.
    pub price_level: Option<u8>,
    /// Opening hours, when known.
    pub hours: Option<OpeningHours>,
    /// Street address.
    pub address: String,
    /// Phone number, when known.
    pub phone: Option<String>,
}

impl Poi {
    /// The English name when there is one, else the Chinese name.
    pub fn display_name(&self) -> &str {
        self.name_en.as_deref().unwrap_or(&self.name_zh)
    }

    /// The name in `language` when the provider has it, else the other one.
    pub fn name_in(&self, language: Language) -> &str {
        language.pick(&self.name_zh, self.name_en.as_deref().unwrap_or(""))
    }
}

/// A POI found by a search, with its distance from the search centre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoiHit {
    /// The place.
    pub poi: Poi,
    /// Metres from the search centre (0 for searches without a centre).
    pub distance_m: f64,
}

/// A POI matched by name, with how well the name matched.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NameMatch {
    /// The place.
    pub poi: Poi,
    /// Similarity of the asked name to the POI's best name, 0–1 (1 = identical).
    pub score: f32,
}

/// One review snippet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Display name of the author.
    pub author: String,
    /// Stars 1–5.
    pub rating: u8,
    /// The snippet.
    pub text: String,
}

/// Everything known about one POI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PoiDetails {
    /// The place.
    pub poi: Poi,
    /// A few review snippets, most helpful first.
    pub reviews: Vec<Review>,
}

/// A search around a point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NearbyQuery {
    /// Search centre.
    pub center: GeoPoint,
    /// Radius in metres.
    pub radius_m: f64,
    /// Only this kind of place.
    pub category: Option<PoiCategory>,
    /// Only places whose name (zh or en) matches these words.
    pub keyword: Option<String>,
    /// Only places open at this local time.
    pub open_at: Option<NaiveTime>,
    /// At most this many results, nearest first.
    pub limit: usize,
}

impl NearbyQuery {
    /// Everything within `radius_m` of `center`, at most 20 results.
    pub fn around(center: GeoPoint, radius_m: f64) -> Self {
        Self {
            center,
            radius_m,
            category: None,
            keyword: None,
            open_at: None,
            limit: 20,
        }
    }

    /// True when a place with these hours passes the query's `open_at` filter (places with
    /// unknown hours pass only when no time was asked for).
    pub fn admits_hours(&self, hours: Option<OpeningHours>) -> bool {
        match (self.open_at, hours) {
            (Some(at), Some(hours)) => hours.is_open_at(at),
            (Some(_), None) => false,
            (None, _) => true,
        }
    }

    /// Refuses queries no provider can answer.
    pub fn validate(&self) -> ServiceResult<()> {
        validate_point(&self.center)?;
        validate_radius(self.radius_m)?;
        if self.limit == 0 {
            return Err(ServiceError::InvalidRequest(
                "limit must be at least 1".into(),
            ));
        }
        Ok(())
    }
}

/// Refuses positions outside the valid latitude/longitude ranges.
pub fn validate_point(p: &GeoPoint) -> ServiceResult<()> {
    if p.is_valid() {
        Ok(())
    } else {
        Err(ServiceError::InvalidRequest(format!(
            "position {},{} is not a valid latitude/longitude",
            p.lat, p.lon
        )))
    }
}

/// Refuses search radii that are not a positive number of metres up to 50 km.
pub fn validate_radius(radius_m: f64) -> ServiceResult<()> {
    if radius_m.is_finite() && radius_m > 0.0 && radius_m <= 50_000.0 {
        Ok(())
    } else {
        Err(ServiceError::InvalidRequest(format!(
            "radius {radius_m} m is not within (0, 50000]"
        )))
    }
}

/// Among `hits` around `at`, the nearest one within `half_angle_deg` of `heading_deg`
/// (the wearer's view cone); places closer than 5 m count whatever the bearing.
pub fn in_view_cone(
    hits: Vec<PoiHit>,
    at: &GeoPoint,
    heading_deg: f64,
    half_angle_deg: f64,
) -> Option<PoiHit> {
    hits.into_iter()
        .filter(|hit| {
            hit.distance_m < 5.0
                || heading_difference(at.bearing_deg(&hit.poi.location), heading_deg)
                    <= half_angle_deg
        })
        .min_by(|a, b| a.distance_m.total_cmp(&b.distance_m))
}

/// Points of interest around the wearer.
#[async_trait]
pub trait Places: Send + Sync {
    /// Places within the query's radius, nearest first.
    async fn search_nearby(&self, query: &NearbyQuery) -> ServiceResult<Vec<PoiHit>>;

    /// Places whose Chinese or English name resembles `name` (OCR'd sign text may be partial
    /// or slightly wrong), best match first; `near` ranks nearby places first among equals.
    async fn search_by_name(
        &self,
        name: &str,
        near: Option<GeoPoint>,
        limit: usize,
    ) -> ServiceResult<Vec<NameMatch>>;

    /// Details and review snippets of one POI.
    async fn details(&self, poi_id: &str) -> ServiceResult<PoiDetails>;

    /// The nearest POI within `max_distance_m` in the direction the wearer faces
    /// (`heading_deg` clockwise from north, a ±30° view cone), if any.
    async fn in_front_of(
        &self,
        at: GeoPoint,
        heading_deg: f64,
        max_distance_m: f64,
    ) -> ServiceResult<Option<PoiHit>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hours(opens: (u32, u32), closes: (u32, u32)) -> OpeningHours {
        OpeningHours {
            opens: NaiveTime::from_hms_opt(opens.0, opens.1, 0).unwrap(),
            closes: NaiveTime::from_hms_opt(closes.0, closes.1, 0).unwrap(),
        }
    }

    #[test]
    fn newuser_hours_read_as_people_say_them() {
        let morning = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        let noon = NaiveTime::from_hms_opt(12, 0, 0).unwrap();
        assert_eq!(
            hours((0, 0), (0, 0)).describe_in(Language::En, morning),
            "open 24 hours"
        );
        let restaurant = hours((10, 30), (21, 30));
        assert_eq!(
            restaurant.describe_in(Language::En, morning),
            "closed, opens at 10:30"
        );
        assert_eq!(
            restaurant.describe_in(Language::En, noon),
            "open 10:30–21:30"
        );
        assert_eq!(
            restaurant.describe_in(Language::Zh, morning),
            "休息中，10:30开门"
        );
    }
}
