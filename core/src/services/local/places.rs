//! `Places` over the demo city: R*Tree for "near a point", FTS5 + similarity for names.

use async_trait::async_trait;
use chrono::NaiveTime;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::DemoCity;
use super::text::{Combine, match_expression, name_similarity};
use crate::geo::GeoPoint;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::places::{
    NameMatch, NearbyQuery, OpeningHours, Places, Poi, PoiCategory, PoiDetails, PoiHit, Review,
    in_view_cone, validate_point,
};

/// Columns read by [`poi_from_row`], prefixed with the `poi` table alias `p`.
pub(super) const POI_COLUMNS: &str = "p.key, p.name_zh, p.name_en, p.category, p.lat, p.lon, \
     p.rating, p.price_level, p.opens_min, p.closes_min, p.address, p.phone";

/// Candidates ranked by FTS5 before the finer name similarity is computed.
const NAME_CANDIDATES: usize = 500;
/// Name matches below this similarity are not returned.
const MIN_NAME_SCORE: f32 = 0.3;
/// Half-width of the wearer's view cone.
const VIEW_HALF_ANGLE_DEG: f64 = 30.0;

fn minutes_to_time(minutes: Option<i64>) -> Option<NaiveTime> {
    let m = u32::try_from(minutes?).ok()?;
    NaiveTime::from_hms_opt((m / 60) % 24, m % 60, 0)
}

/// Reads a POI from the columns of [`POI_COLUMNS`].
pub(super) fn poi_from_row(r: &Row<'_>) -> rusqlite::Result<Poi> {
    let category: String = r.get(3)?;
    let hours = match (minutes_to_time(r.get(8)?), minutes_to_time(r.get(9)?)) {
        (Some(opens), Some(closes)) => Some(OpeningHours { opens, closes }),
        _ => None,
    };
    Ok(Poi {
        id: r.get(0)?,
        name_zh: r.get(1)?,
        name_en: r.get(2)?,
        category: PoiCategory::parse(&category).unwrap_or(PoiCategory::Other),
        location: GeoPoint::new(r.get(4)?, r.get(5)?),
        rating: r.get::<_, Option<f64>>(6)?.map(|x| x as f32),
        price_level: r.get(7)?,
        hours,
        address: r.get(10)?,
        phone: r.get(11)?,
    })
}

/// The bounding box (min_lat, max_lat, min_lon, max_lon) of a circle, for the R*Tree.
pub(super) fn bounding_box(center: &GeoPoint, radius_m: f64) -> (f64, f64, f64, f64) {
    let dlat = radius_m / 111_320.0;
    let dlon = radius_m / (111_320.0 * center.lat.to_radians().cos().max(0.01));
    (
        center.lat - dlat,
        center.lat + dlat,
        center.lon - dlon,
        center.lon + dlon,
    )
}

fn nearby(conn: &Connection, q: &NearbyQuery) -> ServiceResult<Vec<PoiHit>> {
    let (lat0, lat1, lon0, lon1) = bounding_box(&q.center, q.radius_m);
    let keyword = match q
        .keyword
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        Some(k) => Some(match_expression(k, Combine::All).ok_or_else(|| {
            ServiceError::InvalidRequest(format!("keyword `{k}` has no letters or digits"))
        })?),
        None => None,
    };
    let keyword_filter = if keyword.is_some() {
        "AND p.id IN (SELECT rowid FROM poi_fts WHERE poi_fts MATCH ?6)"
    } else {
        "AND ?6 IS NULL"
    };
    let sql = format!(
        "SELECT {POI_COLUMNS} FROM poi_rtree r JOIN poi p ON p.id = r.id
         WHERE r.max_lat >= ?1 AND r.min_lat <= ?2 AND r.max_lon >= ?3 AND r.min_lon <= ?4
           AND (?5 IS NULL OR p.category = ?5) {keyword_filter}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            lat0,
            lat1,
            lon0,
            lon1,
            q.category.map(|c| c.as_str()),
            keyword
        ],
        poi_from_row,
    )?;
    let mut hits = Vec::new();
    for poi in rows {
        let poi = poi?;
        let distance_m = q.center.distance_m(&poi.location);
        let open = match (q.open_at, poi.hours) {
            (Some(at), Some(hours)) => hours.is_open_at(at),
            (Some(_), None) => false,
            (None, _) => true,
        };
        if distance_m <= q.radius_m && open {
            hits.push(PoiHit { poi, distance_m });
        }
    }
    hits.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
    hits.truncate(q.limit);
    Ok(hits)
}

fn by_name(
    conn: &Connection,
    name: &str,
    near: Option<GeoPoint>,
    limit: usize,
) -> ServiceResult<Vec<NameMatch>> {
    let expr = match_expression(name, Combine::Any).ok_or_else(|| {
        ServiceError::InvalidRequest(format!("name `{name}` has no letters or digits"))
    })?;
    if let Some(p) = &near {
        validate_point(p)?;
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {POI_COLUMNS} FROM poi_fts f JOIN poi p ON p.id = f.rowid
         WHERE poi_fts MATCH ?1 ORDER BY bm25(poi_fts) LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![expr, NAME_CANDIDATES as i64], poi_from_row)?;
    let mut matches: Vec<(NameMatch, f64)> = Vec::new();
    for poi in rows {
        let poi = poi?;
        let score = [Some(poi.name_zh.as_str()), poi.name_en.as_deref()]
            .into_iter()
            .flatten()
            .map(|n| name_similarity(name, n))
            .fold(0.0f32, f32::max);
        if score >= MIN_NAME_SCORE {
            let distance = near.map_or(0.0, |p| p.distance_m(&poi.location));
            matches.push((NameMatch { poi, score }, distance));
        }
    }
    matches.sort_by(|(a, da), (b, db)| b.score.total_cmp(&a.score).then_with(|| da.total_cmp(db)));
    Ok(matches
        .into_iter()
        .take(limit.max(1))
        .map(|(m, _)| m)
        .collect())
}

fn details(conn: &Connection, poi_id: &str) -> ServiceResult<PoiDetails> {
    let found = conn
        .query_row(
            &format!("SELECT {POI_COLUMNS}, p.id FROM poi p WHERE p.key = ?1"),
            [poi_id],
            |r| Ok((r.get::<_, i64>(12)?, poi_from_row(r)?)),
        )
        .optional()?;
    let (row_id, poi) = found.ok_or_else(|| ServiceError::NotFound(format!("POI `{poi_id}`")))?;
    let mut stmt = conn.prepare_cached(
        "SELECT author, rating, text FROM review WHERE poi_id = ?1 ORDER BY rank",
    )?;
    let reviews = stmt
        .query_map([row_id], |r| {
            Ok(Review {
                author: r.get(0)?,
                rating: r.get(1)?,
                text: r.get(2)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PoiDetails { poi, reviews })
}

#[async_trait]
impl Places for DemoCity {
    async fn search_nearby(&self, query: &NearbyQuery) -> ServiceResult<Vec<PoiHit>> {
        query.validate()?;
        self.read(|c| nearby(c, query))
    }

    async fn search_by_name(
        &self,
        name: &str,
        near: Option<GeoPoint>,
        limit: usize,
    ) -> ServiceResult<Vec<NameMatch>> {
        self.read(|c| by_name(c, name, near, limit))
    }

    async fn details(&self, poi_id: &str) -> ServiceResult<PoiDetails> {
        self.read(|c| details(c, poi_id))
    }

    async fn in_front_of(
        &self,
        at: GeoPoint,
        heading_deg: f64,
        max_distance_m: f64,
    ) -> ServiceResult<Option<PoiHit>> {
        let mut query = NearbyQuery::around(at, max_distance_m);
        query.limit = 200;
        query.validate()?;
        let hits = self.read(|c| nearby(c, &query))?;
        Ok(in_view_cone(hits, &at, heading_deg, VIEW_HALF_ANGLE_DEG))
    }
}
