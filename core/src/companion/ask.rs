//! Asking: an utterance (zh/en) becomes one card. Each intent is routed in one place
//! ([`route`]): "does this shop have X" about the shop in front of the wearer goes to the
//! shop-question rule, "tell me about this" in front of a landmark to its guide, "what does
//! this say" to the sign's translation (offline names, then the LLM when configured), and
//! everything else (a trip, a purchase, a comparison, a place, a named landmark, a bike) to
//! the intent planner, whose one confirmation covers all the spending.

use super::error::CompanionError;
use super::{Companion, IN_FRONT_BY_POSITION_M, PLACE_IN_VIEW_MS, Trigger};
use crate::card::Card;
use crate::error::Result;
use crate::intent::{self, AskContext, InView, Intent, IntentKind, ViewedPlace, ViewedProduct};
use crate::proactive::{Pending, RuleId};
use crate::services::{Poi, PoiCategory};
use crate::store::preferences;
use crate::translate;

/// Where one request is answered.
#[derive(Debug, Clone, PartialEq)]
enum Route {
    /// "Does this shop have `item`", about the shop in front of the wearer.
    ShopInFront {
        /// What is asked for.
        item: String,
        /// The shop.
        shop: Poi,
    },
    /// "Tell me about this", in front of a landmark: its long guide.
    LandmarkInFront(Poi),
    /// "What does this say?": the sign in view, translated.
    Translate,
    /// Everything else: the intent planner.
    Plan,
}

/// Routes the first intent of a request: questions about "this shop" or "this landmark" (no
/// name, or the name of the place in front, which the parser fills in from what is in view)
/// are answered from the place in front of the wearer (`place`); another shop or landmark
/// named in the request, and every other intent, go to the planner. A question about "this"
/// with nothing in front is refused with [`CompanionError::NothingInView`].
fn route(
    first: Option<&Intent>,
    place: Option<&Poi>,
    utterance: &str,
) -> Result<Route, CompanionError> {
    let nothing_in_view = || CompanionError::NothingInView(utterance.to_string());
    let Some(intent) = first else {
        return Ok(Route::Plan);
    };
    match intent.kind {
        IntentKind::ProductStock => match (intent.text("store"), place) {
            (Some(store), Some(shop)) if !names(shop, store) => Ok(Route::Plan),
            (_, Some(shop)) => Ok(Route::ShopInFront {
                item: intent.text("item").unwrap_or(utterance).to_string(),
                shop: shop.clone(),
            }),
            (Some(_), None) => Ok(Route::Plan),
            (None, None) => Err(nothing_in_view()),
        },
        IntentKind::LandmarkGuide => {
            let landmark = place.filter(|p| p.category == PoiCategory::Landmark);
            match (intent.text("name"), landmark) {
                (Some(name), Some(p)) if !names(p, name) => Ok(Route::Plan),
                (_, Some(p)) => Ok(Route::LandmarkInFront(p.clone())),
                (Some(_), None) => Ok(Route::Plan),
                (None, None) => Err(nothing_in_view()),
            }
        }
        IntentKind::SignTranslate => Ok(Route::Translate),
        _ => Ok(Route::Plan),
    }
}

/// Whether `name` (as said) names `poi`, in either language.
fn names(poi: &Poi, name: &str) -> bool {
    let said = name.trim().to_lowercase();
    std::iter::once(poi.name_zh.as_str())
        .chain(poi.name_en.as_deref())
        .any(|n| {
            let n = n.to_lowercase();
            n.contains(&said) || said.contains(&n)
        })
}

impl Companion {
    /// Answers an utterance (zh/en) with one card, routed by [`route`]; suggestions when
    /// nothing was understood. Only an amount, said while a merchant code waits for one,
    /// is that code's amount.
    pub async fn ask(&self, utterance: &str) -> Result<Card> {
        self.ask_from(utterance, false).await
    }

    /// As [`Companion::ask`]; `heard` when the utterance came from a microphone.
    pub(super) async fn ask_from(&self, utterance: &str, heard: bool) -> Result<Card> {
        if utterance.trim().is_empty() {
            return Err(CompanionError::EmptyUtterance.into());
        }
        if let Some(card) = self.pay_code_by_voice(utterance, heard).await? {
            return Ok(card);
        }
        let place = self.place_in_front().await?;
        let shoe_size =
            preferences::shoe_size_of(self.preference(preferences::SHOE_SIZE).await?.as_ref());
        let context = self.ask_context(place.as_ref(), shoe_size)?;
        let understood = intent::understand(
            utterance,
            &context,
            self.inner.llm.as_ref(),
            self.inner.kinds.as_ref(),
        )
        .await;
        // An answer is in the language it was asked in.
        let language = understood.language();
        let card = match route(understood.intents().first(), place.as_ref(), utterance)? {
            Route::ShopInFront { item, shop } => {
                if !self.state()?.switches.is_on(RuleId::ShopQuestion) {
                    return Err(CompanionError::SwitchedOff(RuleId::ShopQuestion.as_str()).into());
                }
                self.inner
                    .rules
                    .answer_shop_question(&item, &shop, language)
                    .await?
                    .card
            }
            Route::LandmarkInFront(landmark) => {
                let reason = language.msg(
                    "reason-asked-about",
                    &[("place", landmark.name_in(language).into())],
                );
                self.inner
                    .rules
                    .guide_more(&landmark.id, language, &reason)
                    .await?
            }
            Route::Translate => {
                let asked_in = intent::context::language_of(utterance);
                let to = understood
                    .intents()
                    .first()
                    .map_or(asked_in, |i| translate::wanted_language(i, asked_in));
                let (lines, failed) = translate::translate_sign(
                    &context.in_view.texts,
                    to,
                    &self.inner.services,
                    context.location,
                    self.inner.llm.as_ref(),
                )
                .await;
                translate::translation_card(&lines, asked_in, failed.is_some())
            }
            Route::Plan => {
                let plan = understood.plan(&context, &self.inner.planner).await.plan;
                if !plan.orders.is_empty() {
                    self.arm(&plan.card, Some(Pending::Orders(plan.orders)), language)?;
                }
                plan.card
            }
        };
        self.show(&card, Trigger::Asked).await?;
        Ok(card)
    }

    /// The place in front of the wearer for "this shop"/"this place": the one named from a
    /// recent frame (sign and position), else — glasses without a camera, or nothing seen
    /// lately — the nearest place straight ahead by the phone's position and heading.
    async fn place_in_front(&self) -> Result<Option<Poi>> {
        let now_ms = self.inner.clock.now_ms();
        let (seen, here) = {
            let state = self.state()?;
            let seen = state
                .place_in_view
                .as_ref()
                .filter(|(_, at)| now_ms - at <= PLACE_IN_VIEW_MS)
                .map(|(poi, _)| poi.clone());
            (seen, state.motion.position().zip(state.motion.heading()))
        };
        if seen.is_some() {
            return Ok(seen);
        }
        let Some((at, heading)) = here else {
            return Ok(None);
        };
        let hit = self
            .inner
            .services
            .places
            .in_front_of(at, heading, IN_FRONT_BY_POSITION_M)
            .await?;
        Ok(hit.map(|h| h.poi))
    }

    /// What a request is understood against: the time, the position, the preferences (the
    /// stored `shoe_size`, read off the async workers by the caller), and what is in view
    /// (`place`, the last product and bike code seen).
    fn ask_context(&self, place: Option<&Poi>, shoe_size: Option<f32>) -> Result<AskContext> {
        let now_ms = self.inner.clock.now_ms();
        let mut context = AskContext::at(self.inner.clock.now());
        context.preferences.shoe_size = shoe_size;
        let state = self.state()?;
        context.location = state.motion.position();
        context.in_view = InView {
            place: place.map(|p| ViewedPlace {
                id: Some(p.id.clone()),
                name: p.display_name().to_string(),
            }),
            product: state
                .memory
                .last_matching(now_ms, |v| !v.barcodes.is_empty())
                .and_then(|v| v.barcodes.first())
                .map(|barcode| ViewedProduct {
                    barcode: Some(barcode.clone()),
                    name: None,
                }),
            bike_qr: state
                .memory
                .last_matching(now_ms, |v| !v.qr_payloads.is_empty())
                .and_then(|v| v.qr_payloads.first().cloned()),
            landmark: place
                .filter(|p| p.category == PoiCategory::Landmark)
                .map(|p| p.display_name().to_string()),
            texts: state
                .memory
                .last_matching(now_ms, |v| !v.texts.is_empty())
                .map(|v| v.texts.clone())
                .unwrap_or_default(),
        };
        Ok(context)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::GeoPoint;
    use crate::intent::SlotValue;

    fn poi(category: PoiCategory, zh: &str, en: &str) -> Poi {
        Poi {
            id: format!("test/{en}"),
            name_zh: zh.into(),
            name_en: Some(en.into()),
            category,
            location: GeoPoint::new(30.23, 120.15),
            rating: None,
            price_level: None,
            hours: None,
            address: String::new(),
            phone: None,
        }
    }

    fn intent(kind: IntentKind, slots: &[(&str, &str)]) -> Intent {
        let mut intent = Intent::new(kind);
        for (name, value) in slots {
            intent.fill(name, SlotValue::Text((*value).to_string()));
        }
        intent
    }

    #[test]
    fn a_named_landmark_is_planned_wherever_the_wearer_stands() {
        let shop = poi(PoiCategory::Shop, "骆驼户外", "Camel Outdoor");
        let ask = intent(IntentKind::LandmarkGuide, &[("name", "Leifeng Pagoda")]);
        assert_eq!(
            route(Some(&ask), Some(&shop), "tell me about Leifeng Pagoda").unwrap(),
            Route::Plan
        );
        assert_eq!(
            route(Some(&ask), None, "tell me about Leifeng Pagoda").unwrap(),
            Route::Plan
        );
    }

    #[test]
    fn this_landmark_is_the_one_in_front() {
        let pagoda = poi(PoiCategory::Landmark, "雷峰塔", "Leifeng Pagoda");
        let this = intent(IntentKind::LandmarkGuide, &[]);
        assert_eq!(
            route(Some(&this), Some(&pagoda), "tell me about this").unwrap(),
            Route::LandmarkInFront(pagoda.clone())
        );
        let named = intent(IntentKind::LandmarkGuide, &[("name", "雷峰塔")]);
        assert_eq!(
            route(Some(&named), Some(&pagoda), "雷峰塔的介绍").unwrap(),
            Route::LandmarkInFront(pagoda)
        );
        assert!(matches!(
            route(Some(&this), None, "tell me about this"),
            Err(CompanionError::NothingInView(_))
        ));
    }

    #[test]
    fn this_shop_needs_a_shop_in_front_unless_one_is_named() {
        let shop = poi(PoiCategory::Shop, "骆驼户外", "Camel Outdoor");
        let stock = intent(IntentKind::ProductStock, &[("item", "snow boots")]);
        assert_eq!(
            route(Some(&stock), Some(&shop), "does this shop have snow boots").unwrap(),
            Route::ShopInFront {
                item: "snow boots".into(),
                shop
            }
        );
        assert!(matches!(
            route(Some(&stock), None, "does this shop have snow boots"),
            Err(CompanionError::NothingInView(_))
        ));
        let named = intent(
            IntentKind::ProductStock,
            &[("item", "snow boots"), ("store", "Decathlon")],
        );
        assert_eq!(
            route(Some(&named), None, "does Decathlon have snow boots").unwrap(),
            Route::Plan
        );
        assert_eq!(route(None, None, "hmm").unwrap(), Route::Plan);
    }
}
