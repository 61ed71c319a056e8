//! `Guides`: what a landmark is, short (one sentence for the HUD) and long (for speech), in
//! Chinese and English.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::error::ServiceResult;

/// A language the guides are written in (the wearer's language, see [`crate::locale`]).
pub use crate::locale::Language;

/// Narrative about one landmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Guide {
    /// The landmark's POI id.
    pub poi_id: String,
    /// Title in Chinese.
    pub title_zh: String,
    /// Title in English.
    pub title_en: String,
    /// One sentence in Chinese.
    pub short_zh: String,
    /// One sentence in English.
    pub short_en: String,
    /// A paragraph in Chinese.
    pub long_zh: String,
    /// A paragraph in English.
    pub long_en: String,
}

impl Guide {
    /// The title, short and long text in one language.
    pub fn in_language(&self, language: Language) -> (&str, &str, &str) {
        match language {
            Language::Zh => (&self.title_zh, &self.short_zh, &self.long_zh),
            Language::En => (&self.title_en, &self.short_en, &self.long_en),
        }
    }
}

/// Landmark narratives.
#[async_trait]
pub trait Guides: Send + Sync {
    /// The guide for the landmark with this POI id.
    async fn guide(&self, poi_id: &str) -> ServiceResult<Guide>;
}
