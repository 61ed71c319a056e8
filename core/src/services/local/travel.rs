//! `Travel` over the demo city: a daily timetable of trains and flights between the seven
//! cities and hotels in each. Prices and free seats/rooms for a date are derived from a
//! stable hash of (service, date), so any date — in particular the next 60 days from
//! whenever the query runs — has a consistent answer.

use async_trait::async_trait;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use rusqlite::{Connection, OptionalExtension, params};

use super::DemoCity;
use super::rng::stable_hash;
use crate::geo::GeoPoint;
use crate::money::Cny;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::travel::{HotelOffer, HotelQuery, Travel, TravelMode, TripOption, TripQuery};

/// Results when the query does not say how many.
const DEFAULT_LIMIT: usize = 20;

/// A value in `[0, 1)` fixed for these parts.
fn fraction(parts: &[&str]) -> f64 {
    (stable_hash(parts) >> 11) as f64 / (1u64 << 53) as f64
}

/// The canonical English name of a city given in English (any case) or Chinese.
fn resolve_city(conn: &Connection, name: &str) -> ServiceResult<(String, String, String)> {
    let name = name.trim();
    conn.prepare_cached(
        "SELECT name_en, station, airport FROM city
         WHERE lower(name_en) = lower(?1) OR name_zh = ?1 OR name_zh || '市' = ?1",
    )?
    .query_row([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
    .optional()?
    .ok_or_else(|| ServiceError::NotFound(format!("trips or hotels for {name}; the demo city covers Hangzhou, Harbin, Beijing, Shanghai, Guangzhou, Chengdu and Xi'an")))
}

/// `"杭州东站|Hangzhou East"` → `("杭州东站", "Hangzhou East")` (a name without `|` is the
/// English one).
fn zh_en(pair: &str) -> (String, String) {
    match pair.split_once('|') {
        Some((zh, en)) => (zh.to_string(), en.to_string()),
        None => (String::new(), pair.to_string()),
    }
}

fn trips(conn: &Connection, q: &TripQuery) -> ServiceResult<Vec<TripOption>> {
    let (from, from_station, from_airport) = resolve_city(conn, &q.from_city)?;
    let (to, to_station, to_airport) = resolve_city(conn, &q.to_city)?;
    if from == to {
        return Err(ServiceError::InvalidRequest(format!(
            "departure and arrival are both {from}"
        )));
    }
    let date_text = q.date.to_string();
    let mut stmt = conn.prepare_cached(
        "SELECT number, mode, operator, departs_min, duration_min, seat_class, base_fen, capacity
         FROM service WHERE from_city = ?1 AND to_city = ?2 AND (?3 IS NULL OR mode = ?3)
         ORDER BY departs_min",
    )?;
    let midnight = q
        .date
        .and_hms_opt(0, 0, 0)
        .ok_or_else(|| ServiceError::InvalidRequest(format!("date {} has no midnight", q.date)))?;
    let rows = stmt.query_map(params![from, to, q.mode.map(TravelMode::as_str)], |r| {
        let number: String = r.get(0)?;
        let mode: String = r.get(1)?;
        let departs = midnight + Duration::minutes(r.get(3)?);
        let base = Cny::fen(r.get(6)?);
        let capacity: u32 = r.get(7)?;
        let mode = if mode == "flight" {
            TravelMode::Flight
        } else {
            TravelMode::Train
        };
        let demand = fraction(&[&number, &date_text, "seats"]);
        // About one service in twelve is sold out; the rest have a share of seats free.
        let seats_left = if demand > 0.92 {
            0
        } else {
            (f64::from(capacity) * (1.0 - demand) * 0.3) as u32 + 1
        };
        let price = match mode {
            TravelMode::Train => base,
            TravelMode::Flight => {
                let discount = 0.45 + 0.55 * fraction(&[&number, &date_text, "fare"]);
                Cny::yuan(((base.as_yuan_f64() * discount) / 10.0).round() as i64 * 10)
            }
        };
        let ((from_zh, from_en), (to_zh, to_en)) = match mode {
            TravelMode::Train => (zh_en(&from_station), zh_en(&to_station)),
            TravelMode::Flight => (zh_en(&from_airport), zh_en(&to_airport)),
        };
        Ok(TripOption {
            id: format!("{number}/{date_text}"),
            mode,
            number,
            operator: r.get(2)?,
            from_station: from_en,
            to_station: to_en,
            from_station_zh: from_zh,
            to_station_zh: to_zh,
            departs,
            arrives: departs + Duration::minutes(r.get(4)?),
            seat_class: r.get(5)?,
            price,
            seats_left,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// Price and free rooms of one hotel on one night.
fn night(hotel_key: &str, base: Cny, rooms: u32, date: NaiveDate) -> (Cny, u32) {
    let day = date.to_string();
    let weekend = matches!(date.weekday(), Weekday::Fri | Weekday::Sat);
    let factor =
        (if weekend { 1.25 } else { 1.0 }) * (0.9 + 0.25 * fraction(&[hotel_key, &day, "rate"]));
    let occupancy = fraction(&[hotel_key, &day, "rooms"]);
    let free = if occupancy > 0.93 {
        0
    } else {
        ((f64::from(rooms) * (1.0 - occupancy)) as u32).max(1)
    };
    (
        Cny::yuan((base.as_yuan_f64() * factor).round() as i64),
        free,
    )
}

fn hotels(conn: &Connection, q: &HotelQuery) -> ServiceResult<Vec<HotelOffer>> {
    let nights = q.nights()?;
    let (city, _, _) = resolve_city(conn, &q.city)?;
    let mut stmt = conn.prepare_cached(
        "SELECT key, name_zh, name_en, stars, rating, lat, lon, base_fen, rooms FROM hotel WHERE city = ?1",
    )?;
    let rows = stmt.query_map([&city], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, u8>(3)?,
            r.get::<_, f64>(4)?,
            GeoPoint::new(r.get(5)?, r.get(6)?),
            Cny::fen(r.get(7)?),
            r.get::<_, u32>(8)?,
        ))
    })?;
    let mut offers = Vec::new();
    for row in rows {
        let (key, name_zh, name_en, stars, rating, location, base, rooms) = row?;
        let stay: Vec<(Cny, u32)> = (0..nights)
            .map(|i| night(&key, base, rooms, q.check_in + Duration::days(i64::from(i))))
            .collect();
        let rooms_left = stay.iter().map(|(_, free)| *free).min().unwrap_or(0);
        let total: Cny = stay.iter().map(|(price, _)| *price).sum();
        let per_night = Cny::fen(total.0 / i64::from(nights));
        if rooms_left == 0 || q.max_price_per_night.is_some_and(|max| per_night > max) {
            continue;
        }
        offers.push(HotelOffer {
            id: format!("{key}/{}/{}", q.check_in, q.check_out),
            hotel_id: key,
            name_zh,
            name_en,
            city: city.clone(),
            location,
            stars,
            rating: rating as f32,
            price_per_night: per_night,
            total,
            nights,
            rooms_left,
        });
    }
    offers.sort_by(|a, b| {
        a.total
            .cmp(&b.total)
            .then_with(|| a.hotel_id.cmp(&b.hotel_id))
    });
    offers.truncate(if q.limit == 0 { DEFAULT_LIMIT } else { q.limit });
    Ok(offers)
}

#[async_trait]
impl Travel for DemoCity {
    async fn trips(&self, query: &TripQuery) -> ServiceResult<Vec<TripOption>> {
        self.read(|c| trips(c, query))
    }

    async fn hotels(&self, query: &HotelQuery) -> ServiceResult<Vec<HotelOffer>> {
        self.read(|c| hotels(c, query))
    }
}
