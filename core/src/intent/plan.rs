//! The planner: intents → service calls run concurrently → ONE card that answers everything
//! asked, with the reasoning across intents (the purchase must arrive before the trip starts,
//! the whole stays within the stated budget, the size comes from preferences) and at most one
//! `Pay` action covering all the spending. Confirming places the orders through the services'
//! idempotent order flow.

use chrono::{Days, NaiveDate};
use futures::future::{BoxFuture, join_all};
use sha2::{Digest, Sha256};

use super::context::AskContext;
use super::taxonomy::{Intent, IntentKind, SlotValue};
use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::geo::GeoPoint;
use crate::money::Cny;
use crate::services::orders::{ComputeSpent, OrderFlow, OrderRequest};
use crate::services::{
    ConfirmationToken, DeliveryTo, HotelQuery, Language, NearbyQuery, PoiCategory, ProductQuery,
    ServiceError, ServiceResult, Services, TripQuery,
};
use crate::store::orders::Order;

/// Where the wearer is assumed to be when the context has no position: West Lake, Hangzhou.
pub const DEFAULT_LOCATION: GeoPoint = GeoPoint::new(30.2590, 120.1480);
/// Nights assumed for a trip when neither nights nor a return day was said.
pub const DEFAULT_NIGHTS: u32 = 2;

/// How many interactions a request needed, for the "1 utterance + 1 confirmation" target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Interactions {
    /// Utterances spoken (1 per request).
    pub utterances: u32,
    /// Confirmations the card asks for (0 or 1).
    pub confirmations: u32,
    /// Follow-up questions the card asks (a missing date, an unknown place).
    pub follow_ups: u32,
}

impl Interactions {
    /// All of them together.
    pub fn total(&self) -> u32 {
        self.utterances + self.confirmations + self.follow_ups
    }
}

/// What one intent contributed to the card.
#[derive(Debug, Default)]
struct Section {
    title: String,
    lines: Vec<String>,
    speech: String,
    orders: Vec<OrderRequest>,
    follow_ups: Vec<String>,
    actions: Vec<CardAction>,
    /// For the budget check: what this section spends.
    spend: Cny,
}

/// A planned answer: the card, the orders its Pay action would place, the accounting.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The one card.
    pub card: Card,
    /// The orders the Pay action covers (empty when nothing is bought).
    pub orders: Vec<OrderRequest>,
    /// Interactions the request needs.
    pub interactions: Interactions,
}

impl Plan {
    /// Places every order of the card's Pay action, once: the confirmation token is made
    /// from the action the user pressed, and the order flow's idempotency keys make a retry
    /// harmless.
    pub async fn confirm(
        &self,
        flow: &OrderFlow,
        compute: ComputeSpent,
    ) -> ServiceResult<Vec<Order>> {
        let action = self
            .card
            .actions
            .iter()
            .find(|a| matches!(a.kind, ActionKind::Pay { .. }))
            .ok_or_else(|| ServiceError::InvalidRequest("this card pays for nothing".into()))?;
        let covered: Vec<(String, Cny)> = self
            .orders
            .iter()
            .map(|o| (o.idempotency_key.clone(), o.amount))
            .collect();
        let token = ConfirmationToken::for_payment(action, &covered)?;
        flow.place(&self.orders, &token, compute).await
    }
}

/// Plans intents against the services.
#[derive(Debug, Clone)]
pub struct Planner {
    services: Services,
}

fn slot_date(intent: &Intent, name: &str) -> Option<NaiveDate> {
    match intent.get(name) {
        Some(SlotValue::Date(d)) => Some(*d),
        _ => None,
    }
}

fn slot_count(intent: &Intent, name: &str) -> Option<u32> {
    match intent.get(name) {
        Some(SlotValue::Count(n)) => Some(*n),
        _ => None,
    }
}

fn slot_money(intent: &Intent, name: &str) -> Option<Cny> {
    match intent.get(name) {
        Some(SlotValue::Money(m)) => Some(*m),
        _ => None,
    }
}

fn short_date(d: NaiveDate) -> String {
    d.format("%a %b %-d").to_string()
}

impl Planner {
    /// A planner over one provider per limb.
    pub fn new(services: Services) -> Self {
        Self { services }
    }

    /// Plans `intents` (already parsed) in `ctx`; every intent's service calls run at the
    /// same time. A limb that fails becomes a line saying so, not a failed card.
    pub async fn plan(&self, intents: &[Intent], ctx: &AskContext, utterance: &str) -> Plan {
        if intents.is_empty() {
            return not_understood(&[]);
        }
        let plan_id = plan_id(utterance, ctx);
        let departure = intents
            .iter()
            .filter(|i| i.kind == IntentKind::TripPlan)
            .find_map(|i| slot_date(i, "depart_date"));
        let futures: Vec<BoxFuture<'_, Section>> = intents
            .iter()
            .enumerate()
            .map(|(index, intent)| {
                let key = format!("{plan_id}/{index}");
                let fut: BoxFuture<'_, Section> = Box::pin(async move {
                    self.section(intent, ctx, departure, key)
                        .await
                        .unwrap_or_else(|e| failed_section(intent.kind, &e))
                });
                fut
            })
            .collect();
        let sections = join_all(futures).await;
        assemble(intents, sections)
    }

    async fn section(
        &self,
        intent: &Intent,
        ctx: &AskContext,
        departure: Option<NaiveDate>,
        key: String,
    ) -> ServiceResult<Section> {
        match intent.kind {
            IntentKind::TripPlan => self.trip(intent, ctx, key).await,
            IntentKind::ProductBuy => self.buy(intent, ctx, departure, key).await,
            IntentKind::ProductCompare => self.compare(intent, ctx).await,
            IntentKind::ProductStock => self.stock(intent, ctx).await,
            IntentKind::PlaceFind => self.find(intent, ctx).await,
            IntentKind::PlaceInfo | IntentKind::Navigate => self.place(intent, ctx).await,
            IntentKind::BikeUnlock => self.bike(intent).await,
            IntentKind::LandmarkGuide => self.guide(intent, ctx).await,
            IntentKind::FoodOrder => self.food(intent, ctx).await,
        }
    }

    async fn trip(&self, intent: &Intent, ctx: &AskContext, key: String) -> ServiceResult<Section> {
        let mut s = Section::default();
        let Some(destination) = intent.text("destination") else {
            s.title = "Trip".into();
            s.follow_ups.push("Where to?".into());
            return Ok(s);
        };
        s.title = format!("{destination} trip");
        let origin = intent
            .text("origin")
            .or(ctx.city.as_deref())
            .unwrap_or("Hangzhou")
            .to_string();
        let Some(depart) = slot_date(intent, "depart_date") else {
            s.follow_ups
                .push(format!("When do you leave for {destination}?"));
            return Ok(s);
        };
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

    async fn buy(
        &self,
        intent: &Intent,
        ctx: &AskContext,
        departure: Option<NaiveDate>,
        key: String,
    ) -> ServiceResult<Section> {
        let mut s = Section::default();
        let item = intent.text("item").unwrap_or_default().to_string();
        s.title = if item.is_empty() {
            "Purchase".into()
        } else {
            item.clone()
        };
        if item.is_empty() {
            s.follow_ups.push("What should I buy?".into());
            return Ok(s);
        }
        let size = match intent.get("size") {
            Some(SlotValue::Size(v)) => Some(*v),
            _ => None,
        };
        let quantity = slot_count(intent, "quantity").unwrap_or(1);
        let max_price = slot_money(intent, "max_price");
        // Arrive before the trip starts when a trip is planned in the same request.
        let deadline =
            slot_date(intent, "deliver_by").or_else(|| departure.and_then(|d| d.pred_opt()));
        let query = ProductQuery {
            keyword: Some(item.clone()),
            category: None,
            size: size.map(|v| v.to_string()),
            max_price,
            limit: 5,
        };
        let products = self.services.catalog.search(&query).await?;
        let Some(product) = products.first() else {
            let size_text = size.map(|v| format!(" in EU {v}")).unwrap_or_default();
            s.lines.push(format!("No {item}{size_text} found"));
            return Ok(s);
        };
        let to = DeliveryTo {
            location: ctx.location.unwrap_or(DEFAULT_LOCATION),
            ordered_at: ctx.now,
        };
        let mut offers = self.services.catalog.offers(&product.id, &to).await?;
        offers.retain(|o| o.stock >= quantity && max_price.is_none_or(|m| o.price <= m));
        offers.sort_by_key(|o| (o.price, o.arrives_by));
        let arrives =
            |o: &crate::services::Offer| o.arrives_by.with_timezone(&ctx.utc_offset).date_naive();
        let fitting = offers
            .iter()
            .find(|o| deadline.is_none_or(|d| arrives(o) <= d));
        s.title = product.name_en.clone();
        let size_text = product
            .size_label()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        match fitting {
            Some(o) => {
                let amount = o.price * i64::from(quantity);
                let qty = if quantity > 1 {
                    format!("{quantity} × ")
                } else {
                    String::new()
                };
                s.lines.push(format!(
                    "{qty}{}{size_text} from {}, arrives {}: {amount}",
                    product.name_en,
                    o.merchant.name,
                    short_date(arrives(o))
                ));
                s.orders.push(OrderRequest {
                    idempotency_key: format!("{key}/item"),
                    merchant: o.merchant.id.clone(),
                    category: "retail".into(),
                    description: format!("{qty}{}{size_text}", product.name_en),
                    amount,
                });
                s.spend = amount;
                s.speech = format!("{} arrives {}.", product.name_en, short_date(arrives(o)));
            }
            None => {
                let fastest = offers.iter().min_by_key(|o| o.arrives_by);
                let by = deadline.map(short_date).unwrap_or_default();
                s.lines.push(match fastest {
                    Some(o) => format!(
                        "No offer of {} arrives by {by}; fastest is {} on {} ({})",
                        product.name_en,
                        o.merchant.name,
                        short_date(arrives(o)),
                        o.price
                    ),
                    None => format!(
                        "No merchant has {} in stock within the price",
                        product.name_en
                    ),
                });
            }
        }
        Ok(s)
    }

    async fn compare(&self, intent: &Intent, ctx: &AskContext) -> ServiceResult<Section> {
        let mut s = Section {
            title: "Prices".into(),
            ..Section::default()
        };
        let product = match (intent.text("barcode"), intent.text("item")) {
            (Some(code), _) => self.services.catalog.by_barcode(code).await?,
            (None, Some(item)) => {
                let query = ProductQuery {
                    keyword: Some(item.to_string()),
                    category: None,
                    size: None,
                    max_price: None,
                    limit: 1,
                };
                match self
                    .services
                    .catalog
                    .search(&query)
                    .await?
                    .into_iter()
                    .next()
                {
                    Some(p) => p,
                    None => {
                        s.lines.push(format!("No {item} found"));
                        return Ok(s);
                    }
                }
            }
            (None, None) => {
                s.follow_ups
                    .push("Which product? Look at its barcode.".into());
                return Ok(s);
            }
        };
        let to = DeliveryTo {
            location: ctx.location.unwrap_or(DEFAULT_LOCATION),
            ordered_at: ctx.now,
        };
        let offers = self.services.catalog.offers(&product.id, &to).await?;
        s.title = product.name_en.clone();
        for o in offers.iter().take(3) {
            s.lines.push(format!(
                "{}: {} ({}h)",
                o.merchant.name, o.price, o.eta_hours
            ));
        }
        if let (Some(low), Some(high)) = (offers.first(), offers.last()) {
            s.speech = format!("Cheapest {} at {}.", low.price, low.merchant.name);
            if high.price > low.price {
                s.lines.push(format!(
                    "Saves {} against the dearest",
                    Cny(high.price.0 - low.price.0)
                ));
            }
        }
        Ok(s)
    }

    async fn stock(&self, intent: &Intent, ctx: &AskContext) -> ServiceResult<Section> {
        let mut s = Section {
            title: "Stock".into(),
            ..Section::default()
        };
        let Some(item) = intent.text("item") else {
            s.follow_ups.push("Which product?".into());
            return Ok(s);
        };
        let here = ctx.location.unwrap_or(DEFAULT_LOCATION);
        let query = ProductQuery {
            keyword: Some(item.to_string()),
            category: None,
            size: None,
            max_price: None,
            limit: 1,
        };
        let Some(product) = self
            .services
            .catalog
            .search(&query)
            .await?
            .into_iter()
            .next()
        else {
            s.lines.push(format!("No {item} in the catalog"));
            return Ok(s);
        };
        s.title = product.name_en.clone();
        let shop = match intent.text("store") {
            Some(name) => self
                .services
                .places
                .search_by_name(name, Some(here), 1)
                .await?
                .into_iter()
                .next(),
            None => None,
        };
        match shop {
            Some(shop) => {
                let stock = self
                    .services
                    .catalog
                    .shop_stock(&shop.poi.id, &product.id)
                    .await?;
                s.lines.push(if stock.quantity > 0 {
                    format!(
                        "{}: {} on the shelf, {}",
                        stock.shop_name, stock.quantity, stock.price
                    )
                } else {
                    format!("{}: not in stock", stock.shop_name)
                });
            }
            None => {
                let nearby = self
                    .services
                    .catalog
                    .nearby_stock(&product.id, here, 1_000.0)
                    .await?;
                match nearby.first() {
                    Some(n) => s.lines.push(format!(
                        "{} ({:.0} m): {} left, {}",
                        n.shop_name, n.distance_m, n.quantity, n.price
                    )),
                    None => s.lines.push("No shop within 1 km has it".into()),
                }
            }
        }
        Ok(s)
    }

    async fn find(&self, intent: &Intent, ctx: &AskContext) -> ServiceResult<Section> {
        let mut s = Section::default();
        let category = intent.text("category").unwrap_or("restaurant");
        s.title = format!("Nearby {category}");
        let center = match intent.text("near") {
            Some(name) => self
                .services
                .places
                .search_by_name(name, ctx.location, 1)
                .await?
                .first()
                .map(|m| m.poi.location),
            None => None,
        }
        .or(ctx.location)
        .unwrap_or(DEFAULT_LOCATION);
        let radius = match intent.get("max_distance_m") {
            Some(SlotValue::Meters(m)) => f64::from(*m),
            _ => 1_500.0,
        };
        let poi_category = match category {
            "cafe" | "tea house" => Some(PoiCategory::Cafe),
            "restaurant" => Some(PoiCategory::Restaurant),
            "convenience store" | "supermarket" => Some(PoiCategory::ConvenienceStore),
            "hotel" => Some(PoiCategory::Hotel),
            "bike station" => Some(PoiCategory::BikeStation),
            "shop" | "shoe shop" => Some(PoiCategory::Shop),
            _ => None,
        };
        let mut query = NearbyQuery::around(center, radius);
        query.category = poi_category;
        query.keyword = intent
            .text("cuisine")
            .map(str::to_string)
            .or_else(|| poi_category.is_none().then(|| category.to_string()));
        query.limit = 3;
        if matches!(intent.get("open_now"), Some(SlotValue::Flag(true))) {
            query.open_at = Some(ctx.now.with_timezone(&ctx.utc_offset).time());
        }
        let hits = self.services.places.search_nearby(&query).await?;
        for h in &hits {
            let rating = h
                .poi
                .rating
                .map(|r| format!(" ★{r:.1}"))
                .unwrap_or_default();
            s.lines.push(format!(
                "{}{rating}, {:.0} m",
                h.poi.display_name(),
                h.distance_m
            ));
        }
        match hits.first() {
            Some(best) => {
                s.speech = format!(
                    "{} is {:.0} metres away.",
                    best.poi.display_name(),
                    best.distance_m
                );
                s.actions.push(navigate_action(best.poi.display_name()));
            }
            None => {
                let wanted = intent.text("cuisine").unwrap_or(category);
                s.lines
                    .push(format!("No {wanted} within {}", metres(radius)));
            }
        }
        Ok(s)
    }

    async fn place(&self, intent: &Intent, ctx: &AskContext) -> ServiceResult<Section> {
        let mut s = Section::default();
        let slot = if intent.kind == IntentKind::Navigate {
            "destination"
        } else {
            "name"
        };
        let Some(name) = intent.text(slot) else {
            s.title = "Place".into();
            s.follow_ups.push("Which place?".into());
            return Ok(s);
        };
        let here = ctx.location.unwrap_or(DEFAULT_LOCATION);
        let found = self
            .services
            .places
            .search_by_name(name, Some(here), 1)
            .await?;
        let Some(hit) = found.into_iter().next() else {
            s.title = name.to_string();
            s.lines.push(format!("I could not find {name}"));
            s.follow_ups.push("Which place did you mean?".into());
            return Ok(s);
        };
        let poi = hit.poi;
        s.title = poi.display_name().to_string();
        let distance = here.distance_m(&poi.location);
        if intent.kind == IntentKind::Navigate {
            let mode = intent.text("mode").unwrap_or("walk");
            let minutes = match mode {
                "walk" => distance / 80.0,
                "bike" => distance / 250.0,
                _ => distance / 400.0,
            };
            s.lines.push(format!(
                "{:.0} m, heading {:.0}°, about {:.0} min by {mode}",
                distance,
                here.bearing_deg(&poi.location),
                minutes.ceil()
            ));
            s.speech = format!("{} is {:.0} metres away.", poi.display_name(), distance);
            s.actions.push(navigate_action(poi.display_name()));
            return Ok(s);
        }
        let details = self.services.places.details(&poi.id).await?;
        if let Some(r) = poi.rating {
            s.lines.push(format!(
                "★{r:.1}{}",
                poi.price_level
                    .map(|p| format!(", {}", "¥".repeat(usize::from(p))))
                    .unwrap_or_default()
            ));
        }
        if let Some(h) = &poi.hours {
            let local = ctx.now.with_timezone(&ctx.utc_offset).time();
            let hours = h.describe_at(local);
            let mut first = hours.chars();
            s.lines.extend(
                first
                    .next()
                    .map(|c| c.to_uppercase().chain(first).collect::<String>()),
            );
        }
        if let Some(review) = details.reviews.first() {
            s.lines.push(format!("“{}”", review.text));
        }
        s.speech = format!(
            "{} is rated {}.",
            poi.display_name(),
            poi.rating
                .map(|r| format!("{r:.1}"))
                .unwrap_or_else(|| "unrated".into())
        );
        Ok(s)
    }

    async fn bike(&self, intent: &Intent) -> ServiceResult<Section> {
        let mut s = Section {
            title: "Bike".into(),
            ..Section::default()
        };
        let Some(qr) = intent.text("bike_id") else {
            s.follow_ups.push("Look at the bike's QR code.".into());
            return Ok(s);
        };
        // What was said is the id on the frame, or the payload the camera read off the lock.
        let bike = match self.services.mobility.bike(qr).await {
            Err(ServiceError::NotFound(_)) => self.services.mobility.bike_by_qr(qr).await?,
            found => found?,
        };
        s.lines
            .push(format!("{} {} — {:?}", bike.operator, bike.id, bike.status));
        s.actions.push(CardAction {
            id: "unlock".into(),
            label: "Unlock".into(),
            kind: ActionKind::Unlock {
                target: bike.id.clone(),
            },
        });
        s.speech = "Confirm to unlock the bike.".into();
        Ok(s)
    }

    async fn guide(&self, intent: &Intent, ctx: &AskContext) -> ServiceResult<Section> {
        let mut s = Section {
            title: "Guide".into(),
            ..Section::default()
        };
        let Some(name) = intent.text("name") else {
            s.follow_ups
                .push("Which landmark? Look at it and ask again.".into());
            return Ok(s);
        };
        let found = self
            .services
            .places
            .search_by_name(name, ctx.location, 1)
            .await?;
        let Some(hit) = found.into_iter().next() else {
            s.lines.push(format!("No guide for {name}"));
            return Ok(s);
        };
        let guide = self.services.guides.guide(&hit.poi.id).await?;
        let long = intent.text("length") == Some("long");
        let language = if name.chars().any(|c| c > '\u{2e80}') {
            Language::Zh
        } else {
            Language::En
        };
        let (title, short, long_text) = guide.in_language(language);
        s.title = title.to_string();
        let text = if long { long_text } else { short };
        s.lines.push(text.to_string());
        s.speech = text.to_string();
        s.actions.push(CardAction {
            id: "more".into(),
            label: "More".into(),
            kind: ActionKind::More,
        });
        Ok(s)
    }

    async fn food(&self, intent: &Intent, ctx: &AskContext) -> ServiceResult<Section> {
        let mut s = Section {
            title: "Food".into(),
            ..Section::default()
        };
        let item = intent.text("item");
        let mut query = NearbyQuery::around(ctx.location.unwrap_or(DEFAULT_LOCATION), 2_000.0);
        query.category = Some(PoiCategory::Restaurant);
        query.keyword = intent.text("from").or(item).map(str::to_string);
        query.limit = 3;
        let hits = self.services.places.search_nearby(&query).await?;
        for h in &hits {
            s.lines.push(format!(
                "{} ({:.0} m) delivers",
                h.poi.display_name(),
                h.distance_m
            ));
        }
        if hits.is_empty() {
            s.lines.push("No restaurant nearby delivers that".into());
        }
        // The providers have no menus with prices: choosing the dish is a follow-up in the
        // restaurant's own flow, so nothing is charged from this card.
        s.follow_ups.push(match item {
            Some(i) => format!("Which {i} from which restaurant?"),
            None => "What would you like to eat?".into(),
        });
        Ok(s)
    }
}

/// A distance for people: `850 m`, `1,500 m`.
fn metres(m: f64) -> String {
    let whole = m.round() as u64;
    let (thousands, rest) = (whole / 1_000, whole % 1_000);
    if thousands > 0 {
        format!("{thousands},{rest:03} m")
    } else {
        format!("{rest} m")
    }
}

fn navigate_action(destination: &str) -> CardAction {
    CardAction {
        id: "navigate".into(),
        label: "Go".into(),
        kind: ActionKind::Navigate {
            destination: destination.to_string(),
        },
    }
}

/// The section of an intent whose service call failed: a title and a sentence for people
/// (the wearer may hear it), not the intent's code name and the error's.
fn failed_section(kind: IntentKind, error: &ServiceError) -> Section {
    let title = match kind {
        IntentKind::TripPlan => "Trip",
        IntentKind::ProductBuy => "Purchase",
        IntentKind::ProductCompare => "Prices",
        IntentKind::ProductStock => "Stock",
        IntentKind::PlaceFind => "Nearby",
        IntentKind::PlaceInfo => "Place",
        IntentKind::BikeUnlock => "Bike",
        IntentKind::LandmarkGuide => "Guide",
        IntentKind::FoodOrder => "Food",
        IntentKind::Navigate => "Directions",
    };
    Section {
        title: title.into(),
        lines: vec![error.for_people()],
        ..Section::default()
    }
}

/// Stable id of one planned request (same utterance, same minute → same order keys, so a
/// retried confirmation never buys twice).
fn plan_id(utterance: &str, ctx: &AskContext) -> String {
    let mut hash = Sha256::new();
    hash.update(utterance.trim().as_bytes());
    hash.update(ctx.now.format("%Y-%m-%dT%H:%M").to_string().as_bytes());
    let digest = hash.finalize();
    format!("plan-{}", hex::encode(&digest[..6]))
}

fn card_kind(intents: &[Intent]) -> CardKind {
    match intents {
        [one] => match one.kind {
            IntentKind::ProductCompare => CardKind::PriceComparison,
            IntentKind::PlaceInfo => CardKind::PlaceInfo,
            IntentKind::BikeUnlock => CardKind::BikeUnlock,
            IntentKind::ProductStock => CardKind::StockAnswer,
            IntentKind::LandmarkGuide => CardKind::Guide,
            _ => CardKind::Plan,
        },
        _ => CardKind::Plan,
    }
}

/// One card from the sections: lines in order, one Pay action for every order.
fn assemble(intents: &[Intent], sections: Vec<Section>) -> Plan {
    let title = sections
        .iter()
        .map(|s| s.title.as_str())
        .collect::<Vec<_>>()
        .join(" + ");
    let reason = format!(
        "You asked: {}",
        intents
            .iter()
            .map(|i| i.kind.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut card = Card::new(card_kind(intents), title, reason);
    let mut orders = Vec::new();
    let mut speech = Vec::new();
    let mut follow_ups = 0;
    for s in sections {
        card.lines.extend(s.lines);
        for q in &s.follow_ups {
            card.lines.push(format!("? {q}"));
        }
        follow_ups += s.follow_ups.len() as u32;
        if !s.speech.is_empty() {
            speech.push(s.speech);
        }
        orders.extend(s.orders);
        for action in s.actions {
            if !card.actions.iter().any(|a| a.id == action.id) {
                card.actions.push(action);
            }
        }
    }
    let mut confirmations = u32::from(card.actions.iter().any(CardAction::requires_confirmation));
    if !orders.is_empty() {
        let total: Cny = orders.iter().map(|o| o.amount).sum();
        let summary = orders
            .iter()
            .map(|o| o.description.as_str())
            .collect::<Vec<_>>()
            .join(" + ");
        card.lines.push(format!("Total {total}"));
        speech.push(format!("{summary}: {total}. Confirm?"));
        card.actions.insert(
            0,
            CardAction {
                id: "pay".into(),
                label: format!("Confirm {total}"),
                kind: ActionKind::Pay { total, summary },
            },
        );
        confirmations = card
            .actions
            .iter()
            .filter(|a| a.requires_confirmation())
            .count() as u32;
    }
    card.speech = speech.join(" ");
    card.actions.push(CardAction {
        id: "dismiss".into(),
        label: "Dismiss".into(),
        kind: ActionKind::Dismiss,
    });
    Plan {
        card,
        orders,
        interactions: Interactions {
            utterances: 1,
            confirmations,
            follow_ups,
        },
    }
}

/// The card for a request that was not understood: the closest things to say instead.
pub fn not_understood(suggestions: &[String]) -> Plan {
    let mut card = Card::new(
        CardKind::NotUnderstood,
        "Sorry, I didn't get that",
        "Nothing in the request matched what I can do",
    );
    for s in suggestions {
        card.lines.push(format!("Try: “{s}”"));
    }
    card.speech = match suggestions.first() {
        Some(s) => format!("Sorry, I didn't get that. You could say: {s}"),
        None => "Sorry, I didn't get that.".into(),
    };
    Plan {
        card,
        orders: Vec::new(),
        interactions: Interactions {
            utterances: 1,
            confirmations: 0,
            follow_ups: 0,
        },
    }
}
