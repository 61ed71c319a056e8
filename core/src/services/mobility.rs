//! `Mobility`: shared bikes found by the QR payload printed on them (or the id on the frame),
//! unlocked only with a
//! user confirmation, and rides ended with their cost.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::ServiceResult;
use super::payments::ConfirmationToken;
use crate::geo::GeoPoint;
use crate::locale::Language;
use crate::money::Cny;

/// Whether a bike can be ridden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BikeStatus {
    /// Parked and free.
    Available,
    /// Someone is riding it.
    InUse,
    /// Reported broken; cannot be unlocked.
    Broken,
}

/// A shared bike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bike {
    /// Bike id as printed on the frame.
    pub id: String,
    /// Operator's name in English (e.g. `Hellobike`).
    pub operator: String,
    /// Operator's name in Chinese (e.g. `哈啰`); empty when the provider has none.
    #[serde(default)]
    pub operator_zh: String,
    /// Whether it can be ridden now.
    pub status: BikeStatus,
    /// Where it is parked.
    pub location: GeoPoint,
    /// Price per started 30 minutes.
    pub price_per_30_min: Cny,
    /// Battery percentage for e-bikes.
    pub battery_pct: Option<u8>,
}

impl Bike {
    /// The operator's name in `language` when the provider has it, else the other one.
    pub fn operator_in(&self, language: Language) -> &str {
        language.pick(&self.operator_zh, &self.operator)
    }
}

/// A ride in progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ride {
    /// Ride id, used to end it.
    pub id: String,
    /// The bike.
    pub bike_id: String,
    /// When it was unlocked.
    pub started_at: DateTime<Utc>,
    /// Price per started 30 minutes, fixed at unlock.
    pub price_per_30_min: Cny,
}

/// A finished ride.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RideReceipt {
    /// The ride.
    pub ride_id: String,
    /// The bike.
    pub bike_id: String,
    /// Minutes ridden (rounded up).
    pub minutes: u32,
    /// What it cost.
    pub cost: Cny,
}

/// Shared bikes.
#[async_trait]
pub trait Mobility: Send + Sync {
    /// The bike whose QR code holds `qr_payload` (what the camera reads off the lock).
    async fn bike_by_qr(&self, qr_payload: &str) -> ServiceResult<Bike>;

    /// The bike with this id, as printed on its frame (what a wearer reads out).
    async fn bike(&self, bike_id: &str) -> ServiceResult<Bike>;

    /// Unlocks the bike; needs the user's confirmation (unlocking starts billing). Unlocking a
    /// bike this user already rides returns the same ride.
    async fn unlock(&self, bike_id: &str, confirmation: &ConfirmationToken) -> ServiceResult<Ride>;

    /// The ride an unlock under `confirmation_id` started, if it did (ended or not): how a
    /// restart learns the outcome of an unlock whose reply was lost.
    async fn ride_for(&self, confirmation_id: &str) -> ServiceResult<Option<Ride>>;

    /// Ends the ride with the bike parked at `parked_at`, at time `at`.
    async fn end_ride(
        &self,
        ride_id: &str,
        parked_at: GeoPoint,
        at: DateTime<Utc>,
    ) -> ServiceResult<RideReceipt>;
}

/// The cost of a ride: every started 30 minutes is charged (a minimum of one period).
pub fn ride_cost(minutes: u32, price_per_30_min: Cny) -> Cny {
    price_per_30_min * i64::from(minutes.div_ceil(30).max(1))
}
