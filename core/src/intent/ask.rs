//! One request end to end: understand the utterance (the LLM path when configured, else the
//! on-device parser), plan it into one card, and report the interactions and timings. This
//! is what the CLI's `sightline ask` and the FFI's `ask(utterance) -> card` call.

use serde_json::{Value, json};
use std::time::Instant;

use super::context::{AskContext, language_of};
use super::kinds::KindModel;
use super::llm::{LlmPlanner, Source, Understanding};
use super::parse::parse_with;
use super::plan::{Plan, Planner, not_understood};
use super::taxonomy::Intent;
use crate::services::Language;

/// Milliseconds spent in each stage.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Timings {
    /// Understanding the utterance (parser or LLM).
    pub understand_ms: f64,
    /// Service calls and card assembly.
    pub plan_ms: f64,
    /// Both.
    pub total_ms: f64,
}

/// The answer to one request.
#[derive(Debug, Clone)]
pub struct Answer {
    /// What was understood (empty when nothing was).
    pub intents: Vec<Intent>,
    /// The card, its orders and the interactions it needs.
    pub plan: Plan,
    /// Which path understood it.
    pub source: Source,
    /// LLM tokens spent (0 on device).
    pub llm_tokens: u64,
    /// Where the time went.
    pub timings: Timings,
}

impl Answer {
    /// The `--json` shape: `{"intents":[…],"card":{…},"interactions":N,"timings_ms":{…}}`.
    pub fn to_json(&self) -> Value {
        json!({
            "intents": self.intents,
            "card": self.plan.card,
            "interactions": self.plan.interactions.total(),
            "interactions_detail": self.plan.interactions,
            "source": self.source,
            "llm_tokens": self.llm_tokens,
            "timings_ms": {
                "understand": self.timings.understand_ms,
                "plan": self.timings.plan_ms,
                "total": self.timings.total_ms,
            }
        })
    }
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1_000.0
}

/// An utterance understood, not yet planned: what the intents are, which path understood
/// them, and when the request started (for [`Timings`]). A caller that answers some intents
/// itself (the companion's "this shop" and "this landmark") plans only the others.
#[derive(Debug, Clone)]
pub struct Understood {
    understanding: Understanding,
    language: Language,
    started: Instant,
    understand_ms: f64,
}

impl Understood {
    /// The intents, in the order they were said (empty when nothing was understood).
    pub fn intents(&self) -> &[Intent] {
        &self.understanding.parsed.intents
    }

    /// The language the answer is written in: the request's, unless
    /// [`Understood::in_language`] chose another.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Answers in `language` instead of the language the request was said in (the wearer
    /// chose it: `sightline ask --lang`).
    pub fn in_language(mut self, language: Language) -> Self {
        self.language = language;
        self
    }

    /// Plans the intents into one card with `planner` (or the "not understood" card with
    /// suggestions); what the card asks is asked in the request's language.
    pub async fn plan(self, ctx: &AskContext, planner: &Planner) -> Answer {
        let planned = Instant::now();
        let ctx = &AskContext {
            language: self.language,
            ..ctx.clone()
        };
        let parsed = self.understanding.parsed;
        let plan = if parsed.intents.is_empty() {
            not_understood(&parsed.suggestions, ctx.language)
        } else {
            planner.plan(&parsed.intents, ctx).await
        };
        Answer {
            intents: parsed.intents,
            plan,
            source: self.understanding.source,
            llm_tokens: self.understanding.llm_tokens,
            timings: Timings {
                understand_ms: self.understand_ms,
                plan_ms: ms(planned),
                total_ms: ms(self.started),
            },
        }
    }
}

/// Understands `utterance` in `ctx`: by `llm` when given (falling back to the on-device
/// parser on any failure), else on the device: the rules, with the learned kind classifier
/// when `kinds` is loaded ([`parse_with`]).
pub async fn understand(
    utterance: &str,
    ctx: &AskContext,
    llm: Option<&LlmPlanner>,
    kinds: Option<&KindModel>,
) -> Understood {
    let started = Instant::now();
    let understanding = match llm {
        Some(llm) => llm.understand(utterance, ctx, kinds).await,
        None => Understanding {
            parsed: parse_with(utterance, ctx, kinds),
            source: Source::OnDevice,
            llm_tokens: 0,
        },
    };
    Understood {
        understanding,
        language: language_of(utterance),
        started,
        understand_ms: ms(started),
    }
}

/// Answers `utterance` in `ctx`: understood (see [`understand`]), then planned by `planner`
/// into one card.
pub async fn ask(
    utterance: &str,
    ctx: &AskContext,
    planner: &Planner,
    llm: Option<&LlmPlanner>,
    kinds: Option<&KindModel>,
) -> Answer {
    understand(utterance, ctx, llm, kinds)
        .await
        .plan(ctx, planner)
        .await
}
