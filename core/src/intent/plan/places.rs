//! Places: finding one nearby, a named place's details or the way there, and a named
//! landmark's guide.

use super::section::{Exit, Section, navigate_action, required};
use super::{DEFAULT_LOCATION, Planner};
use crate::card::{ActionKind, CardAction};
use crate::intent::context::AskContext;
use crate::intent::taxonomy::{Intent, IntentKind, SlotValue};
use crate::services::{Language, NearbyQuery, PoiCategory};

impl Planner {
    pub(super) async fn find(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
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

    pub(super) async fn place(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let slot = if intent.kind == IntentKind::Navigate {
            "destination"
        } else {
            "name"
        };
        let name = required(intent, slot, "Place", "Which place?")?;
        let mut s = Section::default();
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

    pub(super) async fn guide(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let name = required(
            intent,
            "name",
            "Guide",
            "Which landmark? Look at it and ask again.",
        )?;
        let mut s = Section::titled("Guide");
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
