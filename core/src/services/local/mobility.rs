//! `Mobility` over the demo city: bikes found by QR payload, rides kept in `city.db` so an
//! unlock retried after a timeout returns the same ride.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::DemoCity;
use crate::geo::GeoPoint;
use crate::money::Cny;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::mobility::{Bike, BikeStatus, Mobility, Ride, RideReceipt, ride_cost};
use crate::services::payments::ConfirmationToken;
use crate::services::places::validate_point;
use crate::services::refusal::Refusal;

const PROVIDER: &str = "demo bikes";

fn refused(kind: Refusal, reason: String) -> ServiceError {
    ServiceError::refused(PROVIDER, kind, &reason)
}

fn bike_from_row(r: &Row<'_>) -> rusqlite::Result<Bike> {
    let status: String = r.get(2)?;
    Ok(Bike {
        id: r.get(0)?,
        operator: r.get(1)?,
        operator_zh: r.get(7)?,
        status: match status.as_str() {
            "available" => BikeStatus::Available,
            "in_use" => BikeStatus::InUse,
            _ => BikeStatus::Broken,
        },
        location: GeoPoint::new(r.get(3)?, r.get(4)?),
        price_per_30_min: Cny::fen(r.get(5)?),
        battery_pct: r.get(6)?,
    })
}

fn bike_where(conn: &Connection, column: &str, value: &str) -> ServiceResult<Bike> {
    conn.prepare_cached(&format!(
        "SELECT id, operator, status, lat, lon, price_per_30_fen, battery_pct, operator_zh
         FROM bike WHERE {column} = ?1"
    ))?
    .query_row([value.trim()], bike_from_row)
    .optional()?
    .ok_or_else(|| ServiceError::NotFound(format!("bike {}", value.trim())))
}

fn time_ms(ms: i64) -> ServiceResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| ServiceError::Seed(format!("bad time {ms} in ride table")))
}

#[async_trait]
impl Mobility for DemoCity {
    async fn bike_by_qr(&self, qr_payload: &str) -> ServiceResult<Bike> {
        self.read(|c| bike_where(c, "qr_payload", qr_payload))
    }

    async fn bike(&self, bike_id: &str) -> ServiceResult<Bike> {
        self.read(|c| bike_where(c, "id", &bike_id.trim().to_uppercase()))
    }

    async fn unlock(&self, bike_id: &str, confirmation: &ConfirmationToken) -> ServiceResult<Ride> {
        if !confirmation.covers_unlock(bike_id) {
            return Err(refused(
                Refusal::NotConfirmed,
                format!("the user did not confirm unlocking bike {bike_id}"),
            ));
        }
        self.write(|tx| {
            let bike = bike_where(tx, "id", bike_id)?;
            let open: Option<(String, String, i64, i64)> = tx
                .query_row(
                    "SELECT id, confirmation_id, started_at_ms, price_per_30_fen FROM ride
                     WHERE bike_id = ?1 AND ended_at_ms IS NULL",
                    [bike_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            match (open, bike.status) {
                (Some((id, confirmation_id, started, price)), _)
                    if confirmation_id == confirmation.id() =>
                {
                    Ok(Ride {
                        id,
                        bike_id: bike_id.to_string(),
                        started_at: time_ms(started)?,
                        price_per_30_min: Cny::fen(price),
                    })
                }
                (Some(_), _) | (None, BikeStatus::InUse) => {
                    Err(refused(Refusal::Unavailable, format!("bike {bike_id} is in use")))
                }
                (None, BikeStatus::Broken) => {
                    Err(refused(Refusal::Unavailable, format!("bike {bike_id} is reported broken")))
                }
                (None, BikeStatus::Available) => {
                    // Stored in ms, so a retried unlock returns exactly the same ride.
                    let started_at = time_ms(Utc::now().timestamp_millis())?;
                    let id = format!("ride-{}", hex::encode(rand::random::<[u8; 8]>()));
                    tx.execute(
                        "INSERT INTO ride(id, bike_id, confirmation_id, started_at_ms, price_per_30_fen)
                         VALUES (?1,?2,?3,?4,?5)",
                        params![id, bike_id, confirmation.id(), started_at.timestamp_millis(), bike.price_per_30_min.0],
                    )?;
                    tx.execute("UPDATE bike SET status = 'in_use' WHERE id = ?1", [bike_id])?;
                    Ok(Ride {
                        id,
                        bike_id: bike_id.to_string(),
                        started_at,
                        price_per_30_min: bike.price_per_30_min,
                    })
                }
            }
        })
    }

    async fn ride_for(&self, confirmation_id: &str) -> ServiceResult<Option<Ride>> {
        let row: Option<(String, String, i64, i64)> = self.read(|c| {
            Ok(c.query_row(
                "SELECT id, bike_id, started_at_ms, price_per_30_fen FROM ride
                 WHERE confirmation_id = ?1 ORDER BY started_at_ms DESC LIMIT 1",
                [confirmation_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?)
        })?;
        row.map(|(id, bike_id, started, price)| {
            Ok(Ride {
                id,
                bike_id,
                started_at: time_ms(started)?,
                price_per_30_min: Cny::fen(price),
            })
        })
        .transpose()
    }

    async fn end_ride(
        &self,
        ride_id: &str,
        parked_at: GeoPoint,
        at: DateTime<Utc>,
    ) -> ServiceResult<RideReceipt> {
        validate_point(&parked_at)?;
        self.write(|tx| {
            let (bike_id, started, price, ended, cost): (String, i64, i64, Option<i64>, Option<i64>) = tx
                .query_row(
                    "SELECT bike_id, started_at_ms, price_per_30_fen, ended_at_ms, cost_fen FROM ride WHERE id = ?1",
                    [ride_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                )
                .optional()?
                .ok_or_else(|| ServiceError::NotFound(format!("ride `{ride_id}`")))?;
            let end_ms = ended.unwrap_or_else(|| at.timestamp_millis());
            if end_ms < started {
                return Err(ServiceError::InvalidRequest(format!(
                    "ride {ride_id} cannot end before it started"
                )));
            }
            let minutes = u32::try_from((end_ms - started + 59_999) / 60_000).unwrap_or(u32::MAX).max(1);
            let cost = cost.map_or_else(|| ride_cost(minutes, Cny::fen(price)), Cny::fen);
            if ended.is_none() {
                tx.execute(
                    "UPDATE ride SET ended_at_ms = ?2, cost_fen = ?3 WHERE id = ?1",
                    params![ride_id, end_ms, cost.0],
                )?;
                tx.execute(
                    "UPDATE bike SET status = 'available', lat = ?2, lon = ?3 WHERE id = ?1",
                    params![bike_id, parked_at.lat, parked_at.lon],
                )?;
            }
            Ok(RideReceipt {
                ride_id: ride_id.to_string(),
                bike_id,
                minutes,
                cost,
            })
        })
    }
}
