//! The readable seed spec of the demo city (`core/data/demo-city.toml`), as typed data.

use serde::Deserialize;
use std::collections::BTreeMap;

use crate::services::error::{ServiceError, ServiceResult};

/// The spec compiled into the binary, so the embedded default needs no files besides the
/// data dir.
pub const DEMO_CITY_SPEC: &str = include_str!("../../../data/demo-city.toml");

/// A `[zh, en]` pair.
pub type ZhEn = (String, String);

/// The whole spec.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitySpec {
    /// Seed of the deterministic generator.
    pub seed: u64,
    /// Landmarks with their guides.
    pub landmarks: Vec<LandmarkSpec>,
    /// POIs generated per street.
    pub pois_per_street: usize,
    /// Shopping areas.
    pub areas: Vec<AreaSpec>,
    /// Chains whose branches fill the streets.
    pub brands: Vec<BrandSpec>,
    /// Bikes parked at each station.
    pub bikes_per_station: usize,
    /// Shared-bike operators.
    pub bike_operators: Vec<BikeOperatorSpec>,
    /// Review snippets per POI category: `[stars, zh, en]`.
    pub reviews: ReviewSpec,
    /// Hand-picked product models.
    pub products: Vec<ProductSpec>,
    /// Product families expanded to brand × kind models.
    pub families: Vec<FamilySpec>,
    /// Online merchants.
    pub merchants: Vec<MerchantSpec>,
    /// Cities served by trains, flights and hotels.
    pub cities: Vec<CityTravelSpec>,
    /// Trains per day between two cities.
    pub trains_per_day: usize,
    /// Flights per day between two cities.
    pub flights_per_day: usize,
    /// Longest distance served by train.
    pub max_train_km: f64,
    /// Airlines operating the flights.
    pub airlines: Vec<String>,
    /// Hotels generated per city.
    pub hotels_per_city: usize,
    /// `[zh, en, stars, base price]` per hotel brand.
    pub hotel_brands: Vec<(String, String, u8, f64)>,
    /// `[zh, en]` district names hotels are named after.
    pub hotel_districts: Vec<ZhEn>,
}

/// A landmark and its guide.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandmarkSpec {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub lat: f64,
    pub lon: f64,
    pub hours: String,
    pub rating: f32,
    pub short_zh: String,
    pub short_en: String,
    pub long_zh: String,
    pub long_en: String,
}

/// A shopping area: a centre and its streets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaSpec {
    pub name_zh: String,
    pub name_en: String,
    pub lat: f64,
    pub lon: f64,
    pub streets: Vec<ZhEn>,
}

/// A chain of shops/restaurants/hotels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrandSpec {
    pub category: String,
    pub name_zh: String,
    pub name_en: String,
    pub weight: u32,
    pub hours: String,
    #[serde(default)]
    pub price_level: Option<u8>,
    #[serde(default)]
    pub sells: Vec<String>,
    /// What a restaurant cooks, in both languages (`hangzhou`, `杭帮菜`, `dumplings`): indexed
    /// so a search for a kind of food finds it.
    #[serde(default)]
    pub cuisines: Vec<String>,
}

/// A shared-bike operator.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BikeOperatorSpec {
    pub name: String,
    pub name_zh: String,
    pub prefix: String,
    pub price_per_30_min: f64,
    pub electric: bool,
}

/// Review snippets.
#[derive(Debug, Clone, Deserialize)]
pub struct ReviewSpec {
    pub review_authors: Vec<String>,
    #[serde(flatten)]
    pub by_category: BTreeMap<String, Vec<(u8, String, String)>>,
}

/// A hand-picked product model.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductSpec {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub brand: String,
    pub category: String,
    pub sizes: Vec<String>,
    pub price: f64,
}

/// A family of products: every brand makes every kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilySpec {
    pub category: String,
    pub brands: Vec<ZhEn>,
    pub kinds: Vec<(String, String, f64)>,
    pub sizes: Vec<String>,
}

/// An online merchant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MerchantSpec {
    pub id: String,
    pub name: String,
    pub name_zh: String,
    pub warehouse_lat: f64,
    pub warehouse_lon: f64,
    pub base_eta_hours: u32,
    pub hours_per_1000_km: u32,
    pub price_min: f64,
    pub price_max: f64,
}

/// A city reached by train and plane.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityTravelSpec {
    pub name_en: String,
    pub name_zh: String,
    pub lat: f64,
    pub lon: f64,
    pub station: ZhEn,
    pub airport: ZhEn,
}

impl CitySpec {
    /// Parses the spec text.
    pub fn parse(text: &str) -> ServiceResult<CitySpec> {
        toml::from_str(text).map_err(|e| ServiceError::Seed(e.to_string()))
    }
}
