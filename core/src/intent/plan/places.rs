//! Places: finding one nearby, a named place's details or the way there, and a named
//! landmark's guide.

use super::food::dish_by_kind;
use super::section::{Exit, Section, navigate_action, required, word_in};
use super::{DEFAULT_LOCATION, Planner};
use crate::card::{ActionKind, CardAction};
use crate::intent::context::AskContext;
use crate::intent::dishes::cuisine_of;
use crate::intent::taxonomy::{Intent, IntentKind, SlotValue};
use crate::locale::distance;
use crate::services::{NearbyQuery, PoiCategory};

impl Planner {
    pub(super) async fn find(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let lang = ctx.language;
        let mut s = Section::default();
        let category = intent.text("category").unwrap_or("restaurant");
        s.title = lang.msg(
            "find-title",
            &[("category", word_in(lang, category).into())],
        );
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
        // A narrower kind kept as said (`hostel`) is looked for among its listed kind.
        let poi_category = match crate::intent::lexicon::broader_kind(category).unwrap_or(category)
        {
            "cafe" | "tea house" => Some(PoiCategory::Cafe),
            "restaurant" => Some(PoiCategory::Restaurant),
            "convenience store" | "supermarket" => Some(PoiCategory::ConvenienceStore),
            // Any kind of place to stay the night is looked for among hotels.
            "hotel" | "hostel" | "guesthouse" | "inn" | "民宿" | "客栈" => {
                Some(PoiCategory::Hotel)
            }
            "bike station" => Some(PoiCategory::BikeStation),
            "shop" | "shoe shop" => Some(PoiCategory::Shop),
            _ => None,
        };
        let mut query = NearbyQuery::around(center, radius);
        query.category = poi_category;
        query.limit = 3;
        if matches!(intent.get("open_now"), Some(SlotValue::Flag(true))) {
            query.open_at = Some(ctx.now.with_timezone(&ctx.utc_offset).time());
        }
        // A dish as said (`酸菜鱼`), then the kind of restaurant that cooks it.
        let keywords: Vec<&str> = match intent.text("cuisine") {
            Some(dish) => std::iter::once(dish).chain(cuisine_of(dish)).collect(),
            None if poi_category.is_none() => vec![category],
            None => Vec::new(),
        };
        let (hits, by_kind) = self.nearby_serving(query, &keywords).await?;
        if let (true, Some(dish)) = (by_kind, intent.text("cuisine")) {
            s.lines.push(dish_by_kind(lang, dish));
        }
        for h in &hits {
            let rating = h
                .poi
                .rating
                .map(|r| format!(" ★{r:.1}"))
                .unwrap_or_default();
            s.lines.push(lang.msg(
                "find-hit",
                &[
                    ("place", h.poi.name_in(lang).into()),
                    ("rating", rating.into()),
                    ("distance", distance(lang, h.distance_m).into()),
                ],
            ));
        }
        match hits.first() {
            Some(best) => {
                s.speech = lang.msg(
                    "place-away-speech",
                    &[
                        ("place", best.poi.name_in(lang).into()),
                        ("metres", (best.distance_m.round() as i64).into()),
                    ],
                );
                s.actions
                    .push(navigate_action(best.poi.display_name(), lang));
            }
            None => {
                let wanted = intent.text("cuisine").unwrap_or(category);
                s.lines.push(lang.msg(
                    "find-none",
                    &[
                        ("wanted", word_in(lang, wanted).into()),
                        ("distance", distance(lang, radius).into()),
                    ],
                ));
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
        let lang = ctx.language;
        let name = required(
            intent,
            slot,
            &lang.msg("section-place", &[]),
            &lang.msg("ask-which-place", &[]),
        )?;
        let mut s = Section::default();
        let here = ctx.location.unwrap_or(DEFAULT_LOCATION);
        let found = self
            .services
            .places
            .search_by_name(name, Some(here), 1)
            .await?;
        let Some(hit) = found.into_iter().next() else {
            s.title = name.to_string();
            s.lines
                .push(lang.msg("place-not-found", &[("name", name.into())]));
            s.follow_ups.push(lang.msg("ask-which-place-meant", &[]));
            return Ok(s);
        };
        let poi = hit.poi;
        s.title = poi.name_in(lang).to_string();
        let metres = here.distance_m(&poi.location);
        if intent.kind == IntentKind::Navigate {
            let mode = intent.text("mode").unwrap_or("walk");
            let (minutes, by) = match mode {
                "walk" => (metres / 80.0, lang.msg("by-walk", &[])),
                "bike" => (metres / 250.0, lang.msg("by-bike", &[])),
                _ => (metres / 400.0, word_in(lang, mode)),
            };
            s.lines.push(lang.msg(
                "directions-line",
                &[
                    ("distance", distance(lang, metres).into()),
                    (
                        "heading",
                        format!("{:.0}", here.bearing_deg(&poi.location)).into(),
                    ),
                    (
                        "duration",
                        crate::locale::duration_minutes(lang, minutes.ceil() as u64).into(),
                    ),
                    ("mode", by.into()),
                ],
            ));
            s.speech = lang.msg(
                "place-away-speech",
                &[
                    ("place", poi.name_in(lang).into()),
                    ("metres", (metres.round() as i64).into()),
                ],
            );
            s.actions.push(navigate_action(poi.display_name(), lang));
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
            let hours = h.describe_in(lang, local);
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
        s.speech = match poi.rating {
            Some(r) => lang.msg(
                "place-rated-speech",
                &[
                    ("place", poi.name_in(lang).into()),
                    ("rating", format!("{r:.1}").into()),
                ],
            ),
            None => lang.msg(
                "place-unrated-speech",
                &[("place", poi.name_in(lang).into())],
            ),
        };
        Ok(s)
    }

    pub(super) async fn guide(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let lang = ctx.language;
        let name = required(
            intent,
            "name",
            &lang.msg("section-guide", &[]),
            &lang.msg("ask-which-landmark", &[]),
        )?;
        let mut s = Section::titled(lang.msg("section-guide", &[]));
        let found = self
            .services
            .places
            .search_by_name(name, ctx.location, 1)
            .await?;
        let Some(hit) = found.into_iter().next() else {
            s.lines
                .push(lang.msg("guide-none", &[("name", name.into())]));
            return Ok(s);
        };
        let guide = self.services.guides.guide(&hit.poi.id).await?;
        let long = intent.text("length") == Some("long");
        let (title, short, long_text) = guide.in_language(lang);
        s.title = title.to_string();
        let text = if long { long_text } else { short };
        s.lines.push(text.to_string());
        s.speech = text.to_string();
        s.actions.push(CardAction {
            id: "more".into(),
            label: lang.msg("action-more", &[]),
            kind: ActionKind::More,
        });
        Ok(s)
    }
}
