//! Translation: the lines of the sign in view (from the context) put into the language
//! asked for, offline (the companion's own answer adds the LLM for the lines left unknown).

use super::Planner;
use super::section::Section;
use crate::intent::context::AskContext;
use crate::intent::taxonomy::Intent;
use crate::translate::{translate_sign, translation_card, wanted_language};

impl Planner {
    pub(super) async fn translate(&self, intent: &Intent, ctx: &AskContext) -> Section {
        let to = wanted_language(intent, ctx.language);
        let (lines, _) =
            translate_sign(&ctx.in_view.texts, to, &self.services, ctx.location, None).await;
        let card = translation_card(&lines, ctx.language, false);
        Section {
            title: card.title,
            lines: card.lines,
            speech: card.speech,
            ..Section::default()
        }
    }
}
