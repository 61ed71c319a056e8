//! `Places` over the Amap (Gaode) Web Service POI API, v3: `place/around`, `place/text`,
//! `place/detail`. Answers look like
//! `{"status":"1","info":"OK","infocode":"10000","count":"1","pois":[{"id":…,"name":…,
//! "type":"餐饮服务;咖啡厅;…","typecode":"050500","location":"120.16,30.25","address":…,
//! "tel":…,"distance":"120","biz_ext":{"rating":"4.6","cost":"38.00","open_time":…}}]}`.
//! Amap writes empty fields as `[]` instead of `""`, so every field is read leniently.
//! Positions cross the boundary in GCJ-02 and are converted to and from WGS-84.

use async_trait::async_trait;
use chrono::NaiveTime;
use serde::Deserialize;
use serde_json::Value;

use super::client::{HttpClient, KeyPlacement};
use super::gcj02::{to_gcj02, to_wgs84};
use crate::geo::GeoPoint;
use crate::services::config::HttpProviderConfig;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::places::{
    NameMatch, NearbyQuery, OpeningHours, Places, Poi, PoiCategory, PoiDetails, PoiHit,
    in_view_cone, validate_point, validate_radius,
};
use crate::services::refusal::Refusal;

const PROVIDER: &str = "amap";
/// Amap's largest page.
const MAX_PAGE: usize = 25;
/// Radius of a name search around a given position.
const NAME_SEARCH_RADIUS_M: u32 = 5_000;
/// Half-width of the wearer's view cone.
const VIEW_HALF_ANGLE_DEG: f64 = 30.0;

/// The Amap places provider.
#[derive(Debug)]
pub struct AmapPlaces {
    client: HttpClient,
}

#[derive(Debug, Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    info: String,
    #[serde(default)]
    infocode: String,
    #[serde(default)]
    pois: Vec<Value>,
}

/// A string field, or `None` for Amap's `[]`/missing/empty.
fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn number(v: &Value, key: &str) -> Option<f64> {
    text(v, key)
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|x| x.is_finite())
}

/// `"120.165123,30.256789"` (lng,lat in GCJ-02) → WGS-84.
fn location(v: &Value) -> ServiceResult<GeoPoint> {
    let raw = text(v, "location").unwrap_or_default();
    let parsed = raw.split_once(',').and_then(|(lng, lat)| {
        Some(GeoPoint::new(
            lat.trim().parse().ok()?,
            lng.trim().parse().ok()?,
        ))
    });
    match parsed.filter(GeoPoint::is_valid) {
        Some(p) => Ok(to_wgs84(p)),
        None => Err(malformed(format!(
            "POI location `{raw}` is not \"lng,lat\""
        ))),
    }
}

fn malformed(reason: String) -> ServiceError {
    ServiceError::Malformed {
        provider: PROVIDER.into(),
        reason,
    }
}

/// Amap type code / type path → our category.
fn category(typecode: &str, type_path: &str) -> PoiCategory {
    let has = |s: &str| type_path.contains(s);
    if has("咖啡") || has("茶艺") || has("冷饮") || typecode.starts_with("0505") {
        PoiCategory::Cafe
    } else if has("便利店") || has("便民商店") || typecode.starts_with("0602") {
        PoiCategory::ConvenienceStore
    } else if has("自行车") {
        PoiCategory::BikeStation
    } else if typecode.starts_with("05") {
        PoiCategory::Restaurant
    } else if typecode.starts_with("06") {
        PoiCategory::Shop
    } else if typecode.starts_with("10") {
        PoiCategory::Hotel
    } else if typecode.starts_with("11") {
        PoiCategory::Landmark
    } else {
        PoiCategory::Other
    }
}

/// Our categories → Amap type codes for filtering.
fn type_codes(category: PoiCategory) -> &'static str {
    match category {
        PoiCategory::Restaurant => "050000",
        PoiCategory::Cafe => "050500",
        PoiCategory::Shop => "060000",
        PoiCategory::ConvenienceStore => "060200",
        PoiCategory::Landmark => "110000",
        PoiCategory::BikeStation => "自行车",
        PoiCategory::Hotel => "100000",
        PoiCategory::Other => "",
    }
}

/// The first `HH:MM-HH:MM` in an opening-hours text (Amap writes e.g. `周一至周日 07:00-22:00`).
fn opening_hours(raw: &str) -> Option<OpeningHours> {
    let chars: Vec<char> = raw.chars().collect();
    (0..chars.len().saturating_sub(10)).find_map(|i| {
        let window: String = chars[i..i + 11].iter().collect();
        let (open, close) = window.split_once('-')?;
        Some(OpeningHours {
            opens: NaiveTime::parse_from_str(open, "%H:%M").ok()?,
            closes: parse_close(close)?,
        })
    })
}

/// A closing time; `24:00` means midnight.
fn parse_close(close: &str) -> Option<NaiveTime> {
    if close == "24:00" {
        return Some(NaiveTime::MIN);
    }
    NaiveTime::parse_from_str(close, "%H:%M").ok()
}

/// Average spend per person (yuan) → price level 1–4.
fn price_level(cost: f64) -> u8 {
    match cost {
        c if c < 50.0 => 1,
        c if c < 100.0 => 2,
        c if c < 200.0 => 3,
        _ => 4,
    }
}

/// One entry of `pois[]` as a POI and its `distance` field (metres, when given).
fn poi(v: &Value) -> ServiceResult<(Poi, Option<f64>)> {
    let id = text(v, "id").ok_or_else(|| malformed("POI without id".into()))?;
    let name = text(v, "name").ok_or_else(|| malformed(format!("POI {id} without name")))?;
    let biz = v.get("biz_ext").cloned().unwrap_or(Value::Null);
    let poi = Poi {
        category: category(
            &text(v, "typecode").unwrap_or_default(),
            &text(v, "type").unwrap_or_default(),
        ),
        location: location(v)?,
        rating: number(&biz, "rating").map(|r| r as f32),
        price_level: number(&biz, "cost").map(price_level),
        hours: text(&biz, "open_time")
            .or_else(|| text(&biz, "opentime2"))
            .and_then(|h| opening_hours(&h)),
        address: text(v, "address").unwrap_or_default(),
        phone: text(v, "tel"),
        id,
        name_zh: name,
        name_en: None,
    };
    Ok((poi, number(v, "distance")))
}

impl AmapPlaces {
    /// A provider for the Amap API at `config.base_url` (e.g. the Amap REST host).
    pub fn new(config: &HttpProviderConfig) -> ServiceResult<Self> {
        Ok(Self {
            client: HttpClient::new(PROVIDER, config, KeyPlacement::Query("key"))?,
        })
    }

    async fn call(&self, endpoint: &str, query: Vec<(&str, String)>) -> ServiceResult<Vec<Value>> {
        let url = self.client.url(&["v3", "place", endpoint])?;
        let answer: Answer = self.client.get_json(url, &query).await?;
        if answer.status != "1" {
            return Err(ServiceError::refused(
                PROVIDER,
                Refusal::from_amap_infocode(&answer.infocode),
                &self
                    .client
                    .redact(&format!("{} (infocode {})", answer.info, answer.infocode)),
            ));
        }
        Ok(answer.pois)
    }

    async fn around(
        &self,
        center: GeoPoint,
        radius_m: f64,
        keyword: Option<&str>,
        category: Option<PoiCategory>,
        limit: usize,
    ) -> ServiceResult<Vec<PoiHit>> {
        let gcj = to_gcj02(center);
        let mut query = vec![
            ("location", format!("{:.6},{:.6}", gcj.lon, gcj.lat)),
            ("radius", format!("{}", radius_m.round() as u32)),
            ("sortrule", "distance".to_string()),
            ("offset", limit.clamp(1, MAX_PAGE).to_string()),
            ("page", "1".to_string()),
            ("extensions", "all".to_string()),
        ];
        if let Some(k) = keyword {
            query.push(("keywords", k.to_string()));
        }
        if let Some(c) = category.map(type_codes).filter(|t| !t.is_empty()) {
            query.push(("types", c.to_string()));
        }
        let mut hits = Vec::new();
        for v in self.call("around", query).await? {
            let (poi, distance) = poi(&v)?;
            let distance_m = distance.unwrap_or_else(|| center.distance_m(&poi.location));
            hits.push(PoiHit { poi, distance_m });
        }
        hits.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
        Ok(hits)
    }
}

#[async_trait]
impl Places for AmapPlaces {
    async fn search_nearby(&self, q: &NearbyQuery) -> ServiceResult<Vec<PoiHit>> {
        q.validate()?;
        let hits = self
            .around(
                q.center,
                q.radius_m,
                q.keyword.as_deref(),
                q.category,
                q.limit,
            )
            .await?;
        Ok(hits
            .into_iter()
            .filter(|h| h.distance_m <= q.radius_m && q.admits_hours(h.poi.hours))
            .take(q.limit)
            .collect())
    }

    async fn search_by_name(
        &self,
        name: &str,
        near: Option<GeoPoint>,
        limit: usize,
    ) -> ServiceResult<Vec<NameMatch>> {
        let name = name.trim();
        if !name.chars().any(char::is_alphanumeric) {
            return Err(ServiceError::InvalidRequest(format!(
                "name `{name}` has no letters or digits"
            )));
        }
        let pois: Vec<Poi> = match near {
            Some(center) => {
                validate_point(&center)?;
                self.around(
                    center,
                    f64::from(NAME_SEARCH_RADIUS_M),
                    Some(name),
                    None,
                    MAX_PAGE,
                )
                .await?
                .into_iter()
                .map(|h| h.poi)
                .collect()
            }
            None => {
                let query = vec![
                    ("keywords", name.to_string()),
                    ("offset", MAX_PAGE.to_string()),
                    ("page", "1".to_string()),
                    ("extensions", "all".to_string()),
                ];
                let mut pois = Vec::new();
                for v in self.call("text", query).await? {
                    pois.push(poi(&v)?.0);
                }
                pois
            }
        };
        // Amap ranks by its own relevance; keep its order and say how close each name is.
        Ok(pois
            .into_iter()
            .take(limit.max(1))
            .map(|poi| NameMatch {
                score: crate::services::local::name_similarity(name, &poi.name_zh),
                poi,
            })
            .collect())
    }

    async fn details(&self, poi_id: &str) -> ServiceResult<PoiDetails> {
        let pois = self
            .call("detail", vec![("id", poi_id.to_string())])
            .await?;
        let first = pois
            .first()
            .ok_or_else(|| ServiceError::NotFound(format!("POI `{poi_id}`")))?;
        Ok(PoiDetails {
            poi: poi(first)?.0,
            reviews: Vec::new(),
        })
    }

    async fn in_front_of(
        &self,
        at: GeoPoint,
        heading_deg: f64,
        max_distance_m: f64,
    ) -> ServiceResult<Option<PoiHit>> {
        validate_point(&at)?;
        validate_radius(max_distance_m)?;
        let hits = self
            .around(at, max_distance_m, None, None, MAX_PAGE)
            .await?;
        let within: Vec<PoiHit> = hits
            .into_iter()
            .filter(|h| h.distance_m <= max_distance_m)
            .collect();
        Ok(in_view_cone(within, &at, heading_deg, VIEW_HALF_ANGLE_DEG))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_fields_and_categories() {
        let v: Value = serde_json::json!({
            "id": "B0FFG", "name": "星巴克(湖滨银泰店)", "type": "餐饮服务;咖啡厅;星巴克咖啡",
            "typecode": "050500", "location": "120.165,30.256", "tel": [], "address": "延安路258号",
            "distance": "120", "biz_ext": {"rating": "4.6", "cost": [], "open_time": "周一至周日 07:00-22:00"}
        });
        let (p, distance) = poi(&v).unwrap();
        assert_eq!(p.category, PoiCategory::Cafe);
        assert_eq!(p.phone, None);
        assert_eq!(p.price_level, None);
        assert_eq!(p.rating, Some(4.6));
        assert_eq!(distance, Some(120.0));
        let hours = p.hours.unwrap();
        assert_eq!(hours.opens, NaiveTime::from_hms_opt(7, 0, 0).unwrap());
        assert!(poi(&serde_json::json!({"id": "x", "name": "y", "location": "nowhere"})).is_err());
        assert_eq!(category("110202", "风景名胜;公园"), PoiCategory::Landmark);
        assert_eq!(
            category("060200", "购物服务;便民商店/便利店"),
            PoiCategory::ConvenienceStore
        );
        assert!(opening_hours("24小时营业").is_none());
        assert_eq!(opening_hours("10:00-24:00").unwrap().closes, NaiveTime::MIN);
    }
}
