//! Food: restaurants nearby that deliver what was asked for (choosing the dish is the
//! restaurant's own flow, so nothing is charged here).

use super::section::{Exit, Section, word_in};
use super::{DEFAULT_LOCATION, Planner};
use crate::intent::context::AskContext;
use crate::intent::taxonomy::Intent;
use crate::locale::distance;
use crate::services::{NearbyQuery, PoiCategory};

impl Planner {
    pub(super) async fn food(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let lang = ctx.language;
        let mut s = Section::titled(lang.msg("section-food", &[]));
        let item = intent.text("item");
        let mut query = NearbyQuery::around(ctx.location.unwrap_or(DEFAULT_LOCATION), 2_000.0);
        query.category = Some(PoiCategory::Restaurant);
        query.keyword = intent.text("from").or(item).map(str::to_string);
        query.limit = 3;
        let hits = self.services.places.search_nearby(&query).await?;
        for h in &hits {
            s.lines.push(lang.msg(
                "food-delivers",
                &[
                    ("place", h.poi.name_in(lang).into()),
                    ("distance", distance(lang, h.distance_m).into()),
                ],
            ));
        }
        if hits.is_empty() {
            s.lines.push(lang.msg("food-none", &[]));
        }
        // The providers have no menus with prices: choosing the dish is a follow-up in the
        // restaurant's own flow, so nothing is charged from this card.
        s.follow_ups.push(match item {
            Some(i) => lang.msg("ask-which-dish", &[("dish", word_in(lang, i).into())]),
            None => lang.msg("ask-what-to-eat", &[]),
        });
        Ok(s)
    }
}
