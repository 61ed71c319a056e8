//! What a walk names, looked up in the demo city: the place a step stands before (by id or by
//! name) and the product whose label it shows. The whole walk is checked this way before the
//! glasses are paired, so a name the city does not have is an error naming the file and the
//! step, not a failure halfway through the walk.

use sightline_core::geo::GeoPoint;
use sightline_core::services::{Poi, Product, ProductQuery, Services};

use super::scenario::{Scenario, Step};

/// The place `step` stands before (`at` or `at_name`; the nearest match to `near`), if any.
pub async fn place(
    services: &Services,
    step: &Step,
    near: Option<GeoPoint>,
) -> Result<Option<Poi>, String> {
    if let Some(id) = &step.at {
        let details = services
            .places
            .details(id)
            .await
            .map_err(|e| format!("at = `{id}`: no such place in the city ({e})"))?;
        return Ok(Some(details.poi));
    }
    let Some(name) = &step.at_name else {
        return Ok(None);
    };
    let found = services
        .places
        .search_by_name(name, near, 1)
        .await
        .map_err(|e| format!("at_name = `{name}`: {e}"))?;
    let first = found
        .into_iter()
        .next()
        .ok_or_else(|| format!("at_name = `{name}`: no place named like that in the city"))?;
    Ok(Some(first.poi))
}

/// The first catalogue product matching `keyword` (a step's `product`).
pub async fn product(services: &Services, keyword: &str) -> Result<Product, String> {
    let query = ProductQuery {
        keyword: Some(keyword.to_string()),
        limit: 1,
        ..ProductQuery::default()
    };
    services
        .catalog
        .search(&query)
        .await
        .map_err(|e| format!("product = `{keyword}`: {e}"))?
        .into_iter()
        .next()
        .ok_or_else(|| format!("product = `{keyword}`: no product like that in the city"))
}

/// Looks up every place and product the walk names; the first one missing is an error with
/// the file and the step number.
pub async fn check(scenario: &Scenario, services: &Services) -> Result<(), String> {
    for (i, step) in scenario.steps.iter().enumerate() {
        let found = async {
            place(services, step, None).await?;
            if let Some(keyword) = &step.product {
                product(services, keyword).await?;
            }
            Ok::<(), String>(())
        };
        found
            .await
            .map_err(|why| format!("bad scenario {}: step {}: {why}", scenario.origin, i + 1))?;
    }
    Ok(())
}
