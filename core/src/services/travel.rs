//! `Travel`: trains and flights between cities on a date, hotels in a city for dates.

use async_trait::async_trait;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::error::{ServiceError, ServiceResult};
use crate::geo::GeoPoint;
use crate::locale::Language;
use crate::money::Cny;

/// Train or plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TravelMode {
    /// High-speed or ordinary train.
    Train,
    /// Flight.
    Flight,
}

impl TravelMode {
    /// The snake_case name used in the database and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            TravelMode::Train => "train",
            TravelMode::Flight => "flight",
        }
    }
}

/// Trains and/or flights between two cities on one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TripQuery {
    /// Departure city, English name (`Hangzhou`); Chinese names are accepted too.
    pub from_city: String,
    /// Arrival city.
    pub to_city: String,
    /// Local departure date.
    pub date: NaiveDate,
    /// Only trains or only flights; both when none.
    pub mode: Option<TravelMode>,
}

/// One bookable train or flight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TripOption {
    /// Stable id for booking: number + date (e.g. `G1234/2026-12-02`).
    pub id: String,
    /// Train or flight.
    pub mode: TravelMode,
    /// Train or flight number.
    pub number: String,
    /// Operator (railway bureau or airline).
    pub operator: String,
    /// Departure station/airport, English name.
    pub from_station: String,
    /// Arrival station/airport, English name.
    pub to_station: String,
    /// Departure station/airport, Chinese name; empty when the provider has none.
    #[serde(default)]
    pub from_station_zh: String,
    /// Arrival station/airport, Chinese name; empty when the provider has none.
    #[serde(default)]
    pub to_station_zh: String,
    /// Local departure time.
    pub departs: NaiveDateTime,
    /// Local arrival time.
    pub arrives: NaiveDateTime,
    /// Seat class (`second_class`, `economy`…).
    pub seat_class: String,
    /// Price per person.
    pub price: Cny,
    /// Seats still free.
    pub seats_left: u32,
}

impl TripOption {
    /// The departure and arrival stations' names in `language` when the provider has them,
    /// else the other ones.
    pub fn stations_in(&self, language: Language) -> (&str, &str) {
        (
            language.pick(&self.from_station_zh, &self.from_station),
            language.pick(&self.to_station_zh, &self.to_station),
        )
    }
}

/// Hotels in a city for a stay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotelQuery {
    /// City, English name; Chinese accepted.
    pub city: String,
    /// First night.
    pub check_in: NaiveDate,
    /// Day of leaving (after the last night).
    pub check_out: NaiveDate,
    /// Only hotels at or under this price per night.
    pub max_price_per_night: Option<Cny>,
    /// At most this many results, cheapest first (0 means 20).
    pub limit: usize,
}

impl HotelQuery {
    /// Number of nights, or an error when check-out is not after check-in.
    pub fn nights(&self) -> ServiceResult<u32> {
        let nights = (self.check_out - self.check_in).num_days();
        if !(1..=30).contains(&nights) {
            return Err(ServiceError::InvalidRequest(format!(
                "stay from {} to {} is {nights} nights; 1 to 30 are bookable",
                self.check_in, self.check_out
            )));
        }
        Ok(nights as u32)
    }
}

/// A hotel with rooms for the asked stay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HotelOffer {
    /// Stable id for booking: hotel id + dates.
    pub id: String,
    /// The hotel's id.
    pub hotel_id: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// City, English name.
    pub city: String,
    /// Where it is.
    pub location: GeoPoint,
    /// Stars 1–5.
    pub stars: u8,
    /// Guest rating 0–5.
    pub rating: f32,
    /// Average price per night for the stay.
    pub price_per_night: Cny,
    /// Price for the whole stay.
    pub total: Cny,
    /// Number of nights.
    pub nights: u32,
    /// Rooms still free for every night of the stay.
    pub rooms_left: u32,
}

/// Trains, flights and hotels.
#[async_trait]
pub trait Travel: Send + Sync {
    /// Options departing on the query's date, earliest first.
    async fn trips(&self, query: &TripQuery) -> ServiceResult<Vec<TripOption>>;

    /// Hotels with rooms for every night of the stay, cheapest first.
    async fn hotels(&self, query: &HotelQuery) -> ServiceResult<Vec<HotelOffer>>;
}
