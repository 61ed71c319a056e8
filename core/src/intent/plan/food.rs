//! Food: restaurants nearby that deliver what was asked for (choosing the dish is the
//! restaurant's own flow, so nothing is charged here).

use super::section::{Exit, Section, word_in};
use super::{DEFAULT_LOCATION, Planner};
use crate::intent::context::AskContext;
use crate::intent::dishes::{cuisine_of, kind_in};
use crate::intent::taxonomy::Intent;
use crate::locale::{Language, distance};
use crate::services::{NearbyQuery, PoiCategory, PoiHit, ServiceResult};

impl Planner {
    pub(super) async fn food(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let lang = ctx.language;
        let mut s = Section::titled(lang.msg("section-food", &[]));
        let item = intent.text("item");
        let mut query = NearbyQuery::around(ctx.location.unwrap_or(DEFAULT_LOCATION), 2_000.0);
        query.category = Some(PoiCategory::Restaurant);
        query.limit = 3;
        // The restaurant named, else one named after the dish, else one cooking its kind.
        let keywords: Vec<&str> = match intent.text("from") {
            Some(from) => vec![from],
            None => item.map_or_else(Vec::new, |dish| {
                std::iter::once(dish).chain(cuisine_of(dish)).collect()
            }),
        };
        let (hits, by_kind) = self.nearby_serving(query, &keywords).await?;
        if let (true, Some(dish)) = (by_kind, item) {
            s.lines.push(dish_by_kind(lang, dish));
        }
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

    /// Places around `query`'s centre found by the first of `keywords` that finds any (none:
    /// the query as it is): a dish as said, then the kind of restaurant that cooks it. Also
    /// whether they were found by a later keyword (the kind, not the dish).
    pub(super) async fn nearby_serving(
        &self,
        mut query: NearbyQuery,
        keywords: &[&str],
    ) -> ServiceResult<(Vec<PoiHit>, bool)> {
        let Some((first, rest)) = keywords.split_first() else {
            query.keyword = None;
            return Ok((self.services.places.search_nearby(&query).await?, false));
        };
        query.keyword = Some((*first).to_string());
        let mut hits = self.services.places.search_nearby(&query).await?;
        let mut by_kind = false;
        for keyword in rest {
            if !hits.is_empty() {
                break;
            }
            query.keyword = Some((*keyword).to_string());
            hits = self.services.places.search_nearby(&query).await?;
            by_kind = true;
        }
        let by_kind = by_kind && !hits.is_empty();
        Ok((hits, by_kind))
    }
}

/// The line saying that no place is listed for the dish itself and the ones below cook its
/// kind (`附近没有标明番茄炒蛋盖饭的店，这些店做中餐`).
pub(super) fn dish_by_kind(lang: Language, dish: &str) -> String {
    let kind = cuisine_of(dish).unwrap_or(dish);
    lang.msg(
        "dish-by-kind",
        &[
            ("dish", word_in(lang, dish).into()),
            ("kind", kind_in(lang, kind).into()),
        ],
    )
}
