//! A trip: the cheapest transport with seats for everyone and the best hotel within the
//! budget, both as orders.

use chrono::Days;

use super::section::{Exit, Section, required, slot_count, slot_date, slot_money, word_in};
use super::{DEFAULT_NIGHTS, Planner};
use crate::intent::context::AskContext;
use crate::intent::taxonomy::Intent;
use crate::locale::{Language, short_date, weekday_time};
use crate::money::Cny;
use crate::services::orders::OrderRequest;
use crate::services::{HotelQuery, ServiceError, TravelMode, TripQuery};

impl Planner {
    pub(super) async fn trip(
        &self,
        intent: &Intent,
        ctx: &AskContext,
        key: String,
    ) -> Result<Section, Exit> {
        let lang = ctx.language;
        let destination = required(
            intent,
            "destination",
            &lang.msg("section-trip", &[]),
            &lang.msg("ask-where-to", &[]),
        )?;
        let place = word_in(lang, destination);
        let mut s = Section::titled(lang.msg("trip-title", &[("destination", (&place).into())]));
        let origin = intent
            .text("origin")
            .or(ctx.city.as_deref())
            .unwrap_or("Hangzhou")
            .to_string();
        let depart = slot_date(intent, "depart_date").ok_or_else(|| {
            Exit::follow_up(
                &s.title,
                lang.msg("ask-when-leave", &[("destination", (&place).into())]),
            )
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
            // The one line says it all: the generic "could not find" after it would repeat it.
            (Err(ServiceError::NotFound(_)), _) | (_, Err(ServiceError::NotFound(_))) => {
                let line = lang.msg("trip-not-covered", &[("destination", (&place).into())]);
                s.lines.push(line.clone());
                s.speech = lang.msg("sentence", &[("text", line.into())]);
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
                let mode = mode_name(lang, t.mode);
                let (from, to) = t.stations_in(lang);
                s.lines.push(lang.msg(
                    "trip-transport",
                    &[
                        ("mode", (&mode).into()),
                        ("number", (&t.number).into()),
                        ("departs", weekday_time(lang, t.departs).into()),
                        ("from", from.into()),
                        ("to", to.into()),
                        ("price", t.price.to_string().into()),
                        ("travelers", travelers.into()),
                    ],
                ));
                s.orders.push(OrderRequest {
                    idempotency_key: format!("{key}/transport"),
                    merchant: t.operator.clone(),
                    category: if t.mode.as_str() == "flight" {
                        "air"
                    } else {
                        "rail"
                    }
                    .into(),
                    description: lang.msg(
                        "order-transport",
                        &[
                            ("mode", mode.into()),
                            ("number", (&t.number).into()),
                            ("departs", crate::locale::when(lang, t.departs).into()),
                        ],
                    ),
                    amount: fare,
                    merchant_code: None,
                });
            }
            None => s.lines.push(lang.msg(
                "trip-no-transport",
                &[
                    ("origin", word_in(lang, &origin).into()),
                    ("destination", (&place).into()),
                    ("date", short_date(lang, depart).into()),
                ],
            )),
        }
        match hotel {
            Some(h) => {
                let amount = h.total * i64::from(rooms);
                let name = lang.pick(&h.name_zh, &h.name_en);
                s.lines.push(lang.msg(
                    "trip-hotel",
                    &[
                        ("nights", nights.into()),
                        ("hotel", name.into()),
                        ("rating", format!("{:.1}", h.rating).into()),
                        ("price", amount.to_string().into()),
                    ],
                ));
                s.orders.push(OrderRequest {
                    idempotency_key: format!("{key}/hotel"),
                    merchant: h.hotel_id.clone(),
                    category: "hotel".into(),
                    description: lang.msg(
                        "order-hotel",
                        &[
                            ("hotel", name.into()),
                            ("nights", nights.into()),
                            ("date", short_date(lang, depart).into()),
                        ],
                    ),
                    amount,
                    merchant_code: None,
                });
            }
            None => s
                .lines
                .push(lang.msg("trip-no-hotel", &[("destination", (&place).into())])),
        }
        s.spend = s.orders.iter().map(|o| o.amount).sum();
        if let Some(b) = budget
            && s.spend > b
        {
            s.lines.push(lang.msg(
                "trip-over-budget",
                &[
                    ("budget", b.to_string().into()),
                    ("over", Cny(s.spend.0 - b.0).to_string().into()),
                ],
            ));
        }
        s.speech = lang.msg(
            "trip-speech",
            &[
                ("destination", (&place).into()),
                ("date", short_date(lang, depart).into()),
                ("nights", nights.into()),
            ],
        );
        Ok(s)
    }
}

/// "train" / "flight" in `language`.
fn mode_name(language: Language, mode: TravelMode) -> String {
    match mode {
        TravelMode::Train => language.msg("mode-train", &[]),
        TravelMode::Flight => language.msg("mode-flight", &[]),
    }
}
