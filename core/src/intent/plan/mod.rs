//! The planner: intents → service calls run concurrently → ONE card that answers everything
//! asked, with the reasoning across intents (the purchase must arrive before the trip starts,
//! the whole stays within the stated budget, the size comes from preferences) and at most one
//! `Pay` action covering all the spending. Confirming places the orders through the services'
//! idempotent order flow.
//!
//! One module per family of intents (`trip`, `shopping`, `places`, `mobility`, `food`,
//! `translate`), each contributing a [`section::Section`] of the card; a missing slot leaves every handler
//! through the one follow-up exit in `section`; `assemble` makes the card.

mod assemble;
mod food;
mod mobility;
mod places;
mod section;
mod shopping;
mod translate;
mod trip;

pub use assemble::not_understood;

use chrono::NaiveDate;
use futures::future::{BoxFuture, join_all};

use super::context::AskContext;
use super::taxonomy::{Intent, IntentKind};
use crate::card::{ActionKind, Card};
use crate::geo::GeoPoint;
use crate::locale::Language;
use crate::services::Confirmation;
use crate::services::orders::{ComputeSpent, OrderFlow, OrderRequest};
use crate::services::{ServiceError, ServiceResult, Services};
use crate::store::orders::Order;
use assemble::assemble;
use section::{Exit, Section, slot_date};

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
    /// Places every order of the card's Pay action, once, for the wearer's press of that
    /// action (see [`OrderFlow::place_confirmed`]); a press of any other action is refused.
    /// The order flow's idempotency keys make a retry harmless.
    pub async fn confirm(
        &self,
        confirmation: &Confirmation,
        flow: &OrderFlow,
        compute: ComputeSpent,
    ) -> ServiceResult<Vec<Order>> {
        let pressed = confirmation.action();
        if !self
            .card
            .actions
            .iter()
            .any(|a| matches!(a.kind, ActionKind::Pay { .. }) && a == pressed)
        {
            return Err(ServiceError::InvalidRequest(
                "the confirmation is not this card's payment".into(),
            ));
        }
        flow.place_confirmed(confirmation, &self.orders, compute)
            .await
    }
}

/// Plans intents against the services.
#[derive(Debug, Clone)]
pub struct Planner {
    services: Services,
}

impl Planner {
    /// A planner over one provider per limb.
    pub fn new(services: Services) -> Self {
        Self { services }
    }

    /// Plans `intents` (already parsed) in `ctx`; every intent's service calls run at the
    /// same time. A limb that fails becomes a line saying so, not a failed card.
    pub async fn plan(&self, intents: &[Intent], ctx: &AskContext) -> Plan {
        if intents.is_empty() {
            return not_understood(&[], ctx.language);
        }
        let plan_id = plan_id();
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
                    match self.section(intent, ctx, departure, key).await {
                        Ok(section) => section,
                        Err(Exit::FollowUp(section)) => *section,
                        Err(Exit::Failed(e)) => failed_section(intent.kind, &e, ctx.language),
                    }
                });
                fut
            })
            .collect();
        let sections = join_all(futures).await;
        assemble(intents, sections, &plan_id, ctx.language)
    }

    /// The section of the card that answers one intent.
    async fn section(
        &self,
        intent: &Intent,
        ctx: &AskContext,
        departure: Option<NaiveDate>,
        key: String,
    ) -> Result<Section, Exit> {
        match intent.kind {
            IntentKind::TripPlan => self.trip(intent, ctx, key).await,
            IntentKind::ProductBuy => self.buy(intent, ctx, departure, key).await,
            IntentKind::ProductCompare => self.compare(intent, ctx).await,
            IntentKind::ProductStock => self.stock(intent, ctx).await,
            IntentKind::PlaceFind => self.find(intent, ctx).await,
            IntentKind::PlaceInfo | IntentKind::Navigate => self.place(intent, ctx).await,
            IntentKind::BikeUnlock => self.bike(intent, ctx.language).await,
            IntentKind::LandmarkGuide => self.guide(intent, ctx).await,
            IntentKind::FoodOrder => self.food(intent, ctx).await,
            IntentKind::SignTranslate => Ok(self.translate(intent, ctx).await),
        }
    }
}

/// The section of an intent whose service call failed: a title and a sentence for people
/// (the wearer may hear it), not the intent's code name and the error's.
fn failed_section(kind: IntentKind, error: &ServiceError, language: Language) -> Section {
    Section {
        title: section_title(kind, language),
        lines: vec![error.for_people_in(language)],
        ..Section::default()
    }
}

/// The title of the section answering an intent of `kind`, before anything is found.
pub(super) fn section_title(kind: IntentKind, language: Language) -> String {
    match kind {
        IntentKind::TripPlan => language.msg("section-trip", &[]),
        IntentKind::ProductBuy => language.msg("section-purchase", &[]),
        IntentKind::ProductCompare => language.msg("section-prices", &[]),
        IntentKind::ProductStock => language.msg("section-stock", &[]),
        IntentKind::PlaceFind => language.msg("section-nearby", &[]),
        IntentKind::PlaceInfo => language.msg("section-place", &[]),
        IntentKind::BikeUnlock => language.msg("section-bike", &[]),
        IntentKind::LandmarkGuide => language.msg("section-guide", &[]),
        IntentKind::FoodOrder => language.msg("section-food", &[]),
        IntentKind::Navigate => language.msg("section-directions", &[]),
        IntentKind::SignTranslate => language.msg("section-translation", &[]),
    }
}

/// A random 128-bit id for one planned request: the prefix of its orders' idempotency keys
/// and of its Pay action's id. Random, so two users asking the same thing at the same
/// minute at a shared provider never share a key; a retried confirmation presses the same
/// armed action and so reuses the same keys, which is what keeps it from buying twice.
fn plan_id() -> String {
    format!("plan-{:032x}", rand::random::<u128>())
}
