//! `Guides` over the demo city: the landmark texts from the seed spec.

use async_trait::async_trait;
use rusqlite::OptionalExtension;

use super::DemoCity;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::guides::{Guide, Guides};

#[async_trait]
impl Guides for DemoCity {
    async fn guide(&self, poi_id: &str) -> ServiceResult<Guide> {
        self.read(|c| {
            c.prepare_cached(
                "SELECT g.title_zh, g.title_en, g.short_zh, g.short_en, g.long_zh, g.long_en
                 FROM guide g JOIN poi p ON p.id = g.poi_id WHERE p.key = ?1",
            )?
            .query_row([poi_id], |r| {
                Ok(Guide {
                    poi_id: poi_id.to_string(),
                    title_zh: r.get(0)?,
                    title_en: r.get(1)?,
                    short_zh: r.get(2)?,
                    short_en: r.get(3)?,
                    long_zh: r.get(4)?,
                    long_en: r.get(5)?,
                })
            })
            .optional()?
            .ok_or_else(|| ServiceError::NotFound(format!("guide for `{poi_id}`")))
        })
    }
}
