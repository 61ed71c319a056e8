//! A trip: the cheapest transport with seats for everyone and the best hotel within the
//! budget, both as orders.

use chrono::Days;

use super::section::{Exit, Section, required, short_date, slot_count, slot_date, slot_money};
use super::{DEFAULT_NIGHTS, Planner};
use crate::intent::context::AskContext;
use crate::intent::taxonomy::Intent;
use crate::money::Cny;
use crate::services::orders::OrderRequest;
use crate::services::{HotelQuery, ServiceError, TripQuery};

impl Planner {
    pub(super) async fn trip(
        &self,
        intent: &Intent,
        ctx: &AskContext,
        key: String,
    ) -> Result<Section, Exit> {
        let destination = required(intent, "destination", "Trip", "Where to?")?;
        let mut s = Section::titled(format!("{destination} trip"));
        let origin = intent
            .text("origin")
            .or(ctx.city.as_deref())
            .unwrap_or("Hangzhou")
            .to_string();
        let depart = slot_date(intent, "depart_date").ok_or_else(|| {
            Exit::follow_up(&s.title, format!("When do you leave for {destination}?"))
        })?;
        let nights = slot_count(intent, "nights")
            .or_else(|| {
                let back = slot_date(intent, "return_date")?;
                u32::try_from((back - depart).num_days())
                    .ok()
                    .filter(|n| *n > 0)
            })
            .unwrap_or(DEFAULT_NIGHTS);
        let travelers = slot_count(intent, "travelers").unwrap_or(1);
        let check_out = depart
            .checked_add_days(Days::new(u64::from(nights)))
            .ok_or_else(|| ServiceError::InvalidRequest("trip too long".into()))?;
        let trips_query = TripQuery {
            from_city: origin.clone(),
            to_city: destination.to_string(),
            date: depart,
            mode: None,
        };
        let hotel_query = HotelQuery {
            city: destination.to_string(),
            check_in: depart,
            check_out,
            max_price_per_night: None,
            limit: 20,
        };
        let (trips, hotels) = futures::join!(
            self.services.travel.trips(&trips_query),
            self.services.travel.hotels(&hotel_query)
        );
        let (trips, hotels) = match (trips, hotels) {
            (Err(ServiceError::NotFound(what)), _) | (_, Err(ServiceError::NotFound(what))) => {
                s.lines.push(format!("{destination} is not covered"));
                s.lines.push(ServiceError::NotFound(what).for_people());
                s.speech = format!("{destination} is not covered.");
                return Ok(s);
            }
            both => both,
        };
        let mut trips: Vec<_> = trips?
            .into_iter()
            .filter(|t| t.seats_left >= travelers)
            .collect();
        trips.sort_by_key(|t| (t.price, t.departs));
        let mut hotels = hotels?;
        hotels.sort_by_key(|h| h.total);
        let rooms = travelers.div_ceil(2);
        let budget = slot_money(intent, "budget");
        let transport = trips.first();
        let fare = transport.map_or(Cny(0), |t| t.price * i64::from(travelers));
        // The best-rated hotel that keeps the trip in budget; without a budget, the cheapest
        // rated 4 or better.
        let hotel = match budget {
            Some(b) => hotels
                .iter()
                .filter(|h| fare + h.total * i64::from(rooms) <= b)
                .max_by(|a, b| a.rating.total_cmp(&b.rating))
                .or(hotels.first()),
            None => hotels.iter().find(|h| h.rating >= 4.0).or(hotels.first()),
        };
        match transport {
            Some(t) => {
                let line = format!(
                    "{} {} {} {} → {}: {}{}",
                    t.mode.as_str(),
                    t.number,
                    t.departs.format("%a %H:%M"),
                    t.from_station,
                    t.to_station,
                    t.price,
                    if travelers > 1 {
                        format!(" × {travelers}")
                    } else {
                        String::new()
                    }
                );
                s.lines.push(line);
                s.orders.push(OrderRequest {
                    idempotency_key: format!("{key}/transport"),
                    merchant: t.operator.clone(),
                    category: if t.mode.as_str() == "flight" {
                        "air"
                    } else {
                        "rail"
                    }
                    .into(),
                    description: format!(
                        "{} {} {}",
                        t.mode.as_str(),
                        t.number,
                        t.departs.format("%Y-%m-%d %H:%M")
                    ),
                    amount: fare,
                    merchant_code: None,
                });
            }
            None => s.lines.push(format!(
                "No train or flight {origin} → {destination} on {}",
                short_date(depart)
            )),
        }
        match hotel {
            Some(h) => {
                let amount = h.total * i64::from(rooms);
                s.lines.push(format!(
                    "{} nights {} ★{:.1}: {amount}",
                    nights, h.name_en, h.rating
                ));
                s.orders.push(OrderRequest {
                    idempotency_key: format!("{key}/hotel"),
                    merchant: h.hotel_id.clone(),
                    category: "hotel".into(),
                    description: format!("{} × {nights} nights from {depart}", h.name_en),
                    amount,
                    merchant_code: None,
                });
            }
            None => s
                .lines
                .push(format!("No hotel free in {destination} for those nights")),
        }
        s.spend = s.orders.iter().map(|o| o.amount).sum();
        if let Some(b) = budget
            && s.spend > b
        {
            s.lines
                .push(format!("Over the {b} budget by {}", Cny(s.spend.0 - b.0)));
        }
        s.speech = format!("{destination} on {}, {nights} nights.", short_date(depart));
        Ok(s)
    }
}
