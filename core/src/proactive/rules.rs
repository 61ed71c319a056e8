//! The proactive rules: from what is in view (sign texts, codes, dwells) and where the wearer
//! stands, ask the providers and propose cards. Each proposal names its rule and its subject so
//! the [`super::Gate`] can throttle it; the Companion decides what is shown.
//!
//! - a shared bike's QR code → unlock offer ([`RuleId::BikeUnlock`]);
//! - a merchant's payment code → "Pay <payee>", asking for the amount ([`RuleId::MerchantPay`]);
//! - hesitation over a product (barcode, or a label naming a catalogue product) → prices,
//!   nearby stock, cheapest delivery ([`RuleId::ProductCompare`]). One thing in view is one
//!   product: a barcode read is its identity, and a label's text names a product only when no
//!   barcode in view is a catalogue product (the card then says it was matched by text);
//! - the place in front (sign text + position/heading) → a landmark guide
//!   ([`RuleId::LandmarkGuide`]) or a shop/restaurant card ([`RuleId::PlaceFront`]); without a
//!   camera, the place faced while standing still ([`Rules::faced_place`]), less sure;
//! - "does this shop have X" → [`Rules::answer_shop_question`] ([`RuleId::ShopQuestion`]).

use chrono::{DateTime, FixedOffset, Utc};

use super::RuleId;
use super::cards::{self, Matched};
use super::merchant;
use super::qr::QrKind;
use crate::card::Card;
use crate::context::faced::LANDMARK_REACH_M;
use crate::context::{
    Candidate, ContextConfig, Dwell, FacedCandidate, InFront, Standing, SubjectKind,
    in_front::text_similarity, what_is_faced, what_is_in_front,
};
use crate::geo::GeoPoint;
use crate::locale::{Language, Preferred};
use crate::services::orders::OrderRequest;
use crate::services::{
    DeliveryTo, NearbyQuery, Poi, PoiCategory, Product, ProductQuery, ServiceError, ServiceResult,
    Services,
};

/// Search radius (m) for shops that have a product on the shelf.
const NEARBY_STOCK_RADIUS_M: f64 = 1500.0;
/// A label names a catalogue product only at or above this text similarity.
const PRODUCT_NAME_MIN_SCORE: f32 = 0.8;
/// Opening hours in the embedded city are local to Hangzhou (UTC+8, no daylight saving).
const LOCAL_OFFSET_S: i32 = 8 * 3600;

/// What one frame showed and where the wearer was, as the rules need it.
#[derive(Debug, Clone, Default)]
pub struct Sighting {
    /// Text lines read in the frame (signs, labels).
    pub texts: Vec<String>,
    /// QR code payloads decoded in the frame.
    pub qr_payloads: Vec<String>,
    /// Retail barcodes (EAN-13) in view in this frame or while its dwells lasted.
    pub barcodes: Vec<String>,
    /// Dwells this frame completed (see [`crate::context::DwellDetector`]).
    pub dwells: Vec<Dwell>,
    /// The wearer's position, when known.
    pub position: Option<GeoPoint>,
    /// The wearer's heading (degrees from north), when known.
    pub heading_deg: Option<f64>,
}

/// What pressing a proposal's action will do.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Show the landmark's long guide.
    GuideMore {
        /// The landmark's POI id.
        poi_id: String,
    },
    /// Place these orders (one payment each) through the order flow.
    Orders(Vec<OrderRequest>),
    /// Unlock this bike.
    Unlock {
        /// The bike id.
        bike_id: String,
    },
}

/// A card a rule wants to show.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// The rule that made it.
    pub rule: RuleId,
    /// What it is about (place id, barcode, bike id): the throttling key with the rule.
    pub subject: String,
    /// The card.
    pub card: Card,
    /// What its confirmable action does, if it has one.
    pub pending: Option<Pending>,
    /// The place judged in front, when this card is about one.
    pub place: Option<(Poi, InFront)>,
    /// The merchant code this card offers to pay, once the amount is said or typed.
    pub code: Option<merchant::CodeToPay>,
}

/// The rules, bound to the providers and the context thresholds.
#[derive(Clone, Debug)]
pub struct Rules {
    services: Services,
    context: ContextConfig,
    /// The wearer's language: every proactive card is written in it.
    language: Preferred,
}

/// `Ok(None)` for a provider's "not found" (a QR code that is not a bike, an unknown barcode),
/// so the rules stay quiet instead of failing; other errors pass through.
fn found<T>(result: ServiceResult<T>) -> ServiceResult<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(ServiceError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// A fresh action id: random, so an idempotency key built from it never collides with one
/// stored by an earlier run.
fn action_id(rule: RuleId) -> String {
    format!("{}-{:016x}", rule.as_str(), rand::random::<u64>())
}

impl Rules {
    /// Rules over `services`, naming places with `context`'s thresholds and writing their
    /// cards in `language` (a [`Preferred`] shared with the companion follows its changes).
    pub fn new(services: Services, context: ContextConfig, language: impl Into<Preferred>) -> Self {
        Self {
            services,
            context,
            language: language.into(),
        }
    }

    /// Every proposal for one sighting at time `now`: bikes first, then products, then the
    /// place in front.
    pub async fn propose(
        &self,
        sighting: &Sighting,
        now: DateTime<Utc>,
    ) -> ServiceResult<Vec<Proposal>> {
        let mut proposals = Vec::new();
        // Only a bike's code goes to a provider (mobility), and a merchant's payment code to
        // the wearer's own payment provider; links, Wi-Fi and contact codes in view are never
        // sent anywhere.
        for payload in &sighting.qr_payloads {
            match super::qr::classify(payload) {
                QrKind::Bike => proposals.extend(self.bike(payload).await?),
                QrKind::Payment => proposals.extend(self.merchant_code(payload, sighting).await?),
                QrKind::Wifi | QrKind::Contact | QrKind::Url | QrKind::Other => {}
            }
        }
        proposals.extend(self.products(sighting, now).await?);
        proposals.extend(self.place_in_front(sighting, now).await?);
        Ok(proposals)
    }

    /// One price card per product the wearer hesitated over. A barcode read is the product's
    /// identity; a label's text names one only when no barcode in view is a catalogue
    /// product, and never a second card for a model already proposed.
    async fn products(
        &self,
        sighting: &Sighting,
        now: DateTime<Utc>,
    ) -> ServiceResult<Vec<Proposal>> {
        let mut matched: Vec<(Product, String, Matched)> = Vec::new();
        for dwell in &sighting.dwells {
            if dwell.subject.kind != SubjectKind::Product {
                continue;
            }
            if let Some(product) = self.by_barcode(&dwell.subject.key).await? {
                let reason = self.language.get().msg(
                    "reason-barcode",
                    &[
                        ("seconds", seconds(dwell.duration_ms).into()),
                        ("barcode", (&dwell.subject.key).into()),
                    ],
                );
                matched.push((product, reason, Matched::Barcode));
            }
        }
        let labels: Vec<&Dwell> = sighting
            .dwells
            .iter()
            .filter(|d| d.subject.kind == SubjectKind::Sign)
            .collect();
        if !labels.is_empty() && !self.any_known_barcode(&sighting.barcodes).await? {
            for dwell in labels {
                let Some(product) = self.by_label(&dwell.subject.key).await? else {
                    continue;
                };
                let reason = self.language.get().msg(
                    "reason-label",
                    &[
                        ("seconds", seconds(dwell.duration_ms).into()),
                        ("label", (&dwell.subject.key).into()),
                    ],
                );
                matched.push((product, reason, Matched::LabelText));
            }
        }
        let mut proposals: Vec<Proposal> = Vec::new();
        let mut models: Vec<String> = Vec::new();
        for (product, reason, how) in matched {
            if models.contains(&product.model_id) {
                continue;
            }
            models.push(product.model_id.clone());
            proposals.push(self.compare(product, how, sighting, now, reason).await?);
        }
        Ok(proposals)
    }

    /// True when one of `barcodes` is a catalogue product.
    async fn any_known_barcode(&self, barcodes: &[String]) -> ServiceResult<bool> {
        for code in barcodes {
            if self.by_barcode(code).await?.is_some() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    async fn bike(&self, payload: &str) -> ServiceResult<Option<Proposal>> {
        let Some(bike) = found(self.services.mobility.bike_by_qr(payload).await)? else {
            return Ok(None);
        };
        let id = action_id(RuleId::BikeUnlock);
        let lang = self.language.get();
        let card = cards::bike_card(&bike, lang, &id, &lang.msg("reason-bike", &[]));
        let pending = card.confirmation().map(|_| Pending::Unlock {
            bike_id: bike.id.clone(),
        });
        Ok(Some(Proposal {
            rule: RuleId::BikeUnlock,
            subject: bike.id,
            card,
            pending,
            place: None,
            code: None,
        }))
    }

    /// A payment code in view: a "Pay <payee>" card asking for the amount, with the payee
    /// the payment provider resolves the code to; a code that cannot be paid gets a card
    /// saying why, and one no payee holds stays quiet.
    async fn merchant_code(
        &self,
        payload: &str,
        sighting: &Sighting,
    ) -> ServiceResult<Option<Proposal>> {
        let subject = payload.trim().to_string();
        let code = match crate::services::paycode::parse(payload) {
            Ok(code) => code,
            Err(error) => {
                return Ok(Some(Proposal {
                    rule: RuleId::MerchantPay,
                    card: merchant::refused_code_card(&error, self.language.get()),
                    subject,
                    pending: None,
                    place: None,
                    code: None,
                }));
            }
        };
        let Some(payee) = found(self.services.payments.payee_of_code(&code).await)? else {
            return Ok(None);
        };
        let in_front = self
            .in_front(sighting)
            .await?
            .map(|(poi, _)| poi)
            .filter(|poi| poi.category != PoiCategory::Landmark);
        let to_pay = merchant::CodeToPay {
            code,
            payee,
            in_front,
        };
        let lang = self.language.get();
        let network = merchant::network_name(lang, to_pay.code.network);
        let reason = lang.msg("reason-code", &[("network", network.into())]);
        Ok(Some(Proposal {
            rule: RuleId::MerchantPay,
            subject,
            card: to_pay.ask_amount_card(lang, &reason),
            pending: None,
            place: None,
            code: Some(to_pay),
        }))
    }

    /// The catalogue product with `barcode`; `None` for an unknown or malformed code.
    async fn by_barcode(&self, barcode: &str) -> ServiceResult<Option<Product>> {
        match self.services.catalog.by_barcode(barcode).await {
            Ok(product) => Ok(Some(product)),
            Err(ServiceError::NotFound(_) | ServiceError::InvalidRequest(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The catalogue product a label's text names, if one matches it closely enough.
    async fn by_label(&self, label: &str) -> ServiceResult<Option<Product>> {
        let query = ProductQuery {
            keyword: Some(label.to_string()),
            limit: 5,
            ..ProductQuery::default()
        };
        let products = match self.services.catalog.search(&query).await {
            Ok(products) => products,
            Err(ServiceError::NotFound(_) | ServiceError::InvalidRequest(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        let best = products
            .into_iter()
            .map(|p| {
                let score =
                    text_similarity(label, &p.name_zh).max(text_similarity(label, &p.name_en));
                (score, p)
            })
            .filter(|(score, _)| *score >= PRODUCT_NAME_MIN_SCORE)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        Ok(best.map(|(_, product)| product))
    }

    async fn compare(
        &self,
        product: Product,
        how: Matched,
        sighting: &Sighting,
        now: DateTime<Utc>,
        reason: String,
    ) -> ServiceResult<Proposal> {
        let nearby = match sighting.position {
            Some(at) => {
                self.services
                    .catalog
                    .nearby_stock(&product.id, at, NEARBY_STOCK_RADIUS_M)
                    .await?
            }
            None => Vec::new(),
        };
        let offers = match sighting.position {
            Some(location) => {
                let to = DeliveryTo {
                    location,
                    ordered_at: now,
                };
                self.services.catalog.offers(&product.id, &to).await?
            }
            None => Vec::new(),
        };
        let id = action_id(RuleId::ProductCompare);
        let lang = self.language.get();
        let facts = cards::PriceFacts {
            product: &product,
            how,
            offers: &offers,
            nearby: &nearby,
        };
        let card = cards::price_card(facts, lang, &id, &reason);
        let pending = card.confirmation().and_then(|action| {
            let crate::card::ActionKind::Pay { total, .. } = action.kind else {
                return None;
            };
            let offer = offers.iter().find(|o| o.price == total && o.stock > 0)?;
            Some(Pending::Orders(vec![OrderRequest {
                idempotency_key: format!("{id}/{}", product.id),
                merchant: offer.merchant.id.clone(),
                category: "retail".into(),
                description: cards::bought_from(&product, &offer.merchant, lang),
                amount: offer.price,
                merchant_code: None,
            }]))
        });
        Ok(Proposal {
            rule: RuleId::ProductCompare,
            subject: product.ean13.clone(),
            card,
            pending,
            place: None,
            code: None,
        })
    }

    /// Nearby places (or, without a position, places named like the sign texts) as candidates.
    async fn candidates(&self, sighting: &Sighting) -> ServiceResult<Vec<Poi>> {
        if let Some(center) = sighting.position {
            let query = NearbyQuery::around(center, self.context.in_front_radius_m);
            let hits = self.services.places.search_nearby(&query).await?;
            return Ok(hits.into_iter().map(|h| h.poi).collect());
        }
        let mut pois = Vec::new();
        for text in &sighting.texts {
            let matches = self.services.places.search_by_name(text, None, 3).await?;
            pois.extend(matches.into_iter().map(|m| m.poi));
        }
        Ok(pois)
    }

    /// The place in front of the wearer, if one reaches the configured confidence.
    pub async fn in_front(&self, sighting: &Sighting) -> ServiceResult<Option<(Poi, InFront)>> {
        if sighting.texts.is_empty() && sighting.heading_deg.is_none() {
            return Ok(None);
        }
        let pois = self.candidates(sighting).await?;
        let candidates: Vec<Candidate> = pois
            .iter()
            .map(|p| Candidate {
                id: p.id.clone(),
                names: std::iter::once(p.name_zh.clone())
                    .chain(p.name_en.clone())
                    .chain(brand_names(p))
                    .collect(),
                location: p.location,
            })
            .collect();
        let texts: Vec<&str> = sighting.texts.iter().map(String::as_str).collect();
        let found = what_is_in_front(
            &texts,
            sighting.position,
            sighting.heading_deg,
            &candidates,
            &self.context,
        );
        Ok(found.and_then(|f| {
            let poi = pois.into_iter().find(|p| p.id == f.id)?;
            Some((poi, f))
        }))
    }

    async fn place_in_front(
        &self,
        sighting: &Sighting,
        now: DateTime<Utc>,
    ) -> ServiceResult<Option<Proposal>> {
        let Some((poi, front)) = self.in_front(sighting).await? else {
            return Ok(None);
        };
        let lang = self.language.get();
        let how = match &front.matched_text {
            Some(text) => lang.msg("reason-by-sign", &[("text", text.into())]),
            None => lang.msg("reason-by-position", &[]),
        };
        let reason = lang.msg(
            "reason-in-front",
            &[
                ("place", poi.name_in(lang).into()),
                ("how", how.into()),
                ("confidence", format!("{:.2}", front.confidence).into()),
            ],
        );
        self.place_proposal(poi, front, reason, now).await
    }

    /// Without a camera frame (display-only glasses): the place the wearer faces while
    /// standing still, from position and heading alone. Its card says how sure it is, which
    /// is less than a sign read in a frame.
    pub async fn faced_place(
        &self,
        standing: &Standing,
        now: DateTime<Utc>,
    ) -> ServiceResult<Option<Proposal>> {
        let query = NearbyQuery::around(standing.position, LANDMARK_REACH_M);
        let hits = self.services.places.search_nearby(&query).await?;
        let pois: Vec<Poi> = hits
            .into_iter()
            .map(|h| h.poi)
            .filter(|p| offers_a_card(p.category))
            .collect();
        let candidates: Vec<FacedCandidate> = pois
            .iter()
            .map(|p| FacedCandidate {
                id: p.id.clone(),
                location: p.location,
                landmark: p.category == PoiCategory::Landmark,
            })
            .collect();
        let Some(front) = what_is_faced(standing, &candidates, &self.context) else {
            return Ok(None);
        };
        let Some(poi) = pois.into_iter().find(|p| p.id == front.id) else {
            return Ok(None);
        };
        let lang = self.language.get();
        let reason = lang.msg(
            "reason-faced",
            &[
                (
                    "seconds",
                    format!("{:.0}", standing.for_ms as f64 / 1000.0).into(),
                ),
                ("place", poi.name_in(lang).into()),
                ("confidence", format!("{:.2}", front.confidence).into()),
            ],
        );
        let sure = lang.msg(
            "faced-sure",
            &[("percent", format!("{:.0}", front.confidence * 100.0).into())],
        );
        let mut proposal = self.place_proposal(poi, front, reason, now).await?;
        if let Some(p) = proposal.as_mut() {
            p.card.lines.insert(0, sure);
        }
        Ok(proposal)
    }

    /// The card of the place in front: a landmark's guide, or a shop's or restaurant's card.
    async fn place_proposal(
        &self,
        poi: Poi,
        front: InFront,
        reason: String,
        now: DateTime<Utc>,
    ) -> ServiceResult<Option<Proposal>> {
        let lang = self.language.get();
        let (rule, card, pending) = match poi.category {
            PoiCategory::Landmark => {
                let Some(guide) = found(self.services.guides.guide(&poi.id).await)? else {
                    return Ok(None);
                };
                let id = action_id(RuleId::LandmarkGuide);
                let pending = Pending::GuideMore {
                    poi_id: poi.id.clone(),
                };
                (
                    RuleId::LandmarkGuide,
                    cards::guide_card(&guide, lang, &id, &reason),
                    Some(pending),
                )
            }
            PoiCategory::Restaurant
            | PoiCategory::Cafe
            | PoiCategory::Shop
            | PoiCategory::ConvenienceStore => {
                let details = self.services.places.details(&poi.id).await?;
                (
                    RuleId::PlaceFront,
                    cards::place_card(&details, local_time(now), lang, &reason),
                    None,
                )
            }
            PoiCategory::BikeStation | PoiCategory::Hotel | PoiCategory::Other => return Ok(None),
        };
        Ok(Some(Proposal {
            rule,
            subject: poi.id.clone(),
            card,
            pending,
            place: Some((poi, front)),
            code: None,
        }))
    }

    /// The long guide of the landmark `poi_id` (the "More" of a guide card), in `language`.
    pub async fn guide_more(
        &self,
        poi_id: &str,
        language: Language,
        reason: &str,
    ) -> ServiceResult<Card> {
        let guide = self.services.guides.guide(poi_id).await?;
        Ok(cards::guide_long_card(&guide, language, reason))
    }

    /// "Does this shop have X": the best catalogue match for `item` and its stock in `shop`,
    /// answered in `language` (the language it was asked in).
    pub async fn answer_shop_question(
        &self,
        item: &str,
        shop: &Poi,
        language: Language,
    ) -> ServiceResult<Proposal> {
        let query = ProductQuery {
            keyword: Some(item.to_string()),
            limit: 10,
            ..ProductQuery::default()
        };
        let products = self.services.catalog.search(&query).await?;
        let reason = language.msg(
            "reason-shop-question",
            &[
                ("shop", shop.name_in(language).into()),
                ("item", item.into()),
            ],
        );
        let mut first_match = None;
        for product in products {
            let stock = self
                .services
                .catalog
                .shop_stock(&shop.id, &product.id)
                .await?;
            if stock.quantity > 0 {
                first_match = Some((product, stock));
                break;
            }
            first_match.get_or_insert((product, stock));
        }
        let Some((product, stock)) = first_match else {
            return Err(ServiceError::NotFound(format!(
                "a product matching `{item}`"
            )));
        };
        Ok(Proposal {
            rule: RuleId::ShopQuestion,
            subject: format!("{}/{}", shop.id, product.id),
            card: cards::stock_answer_card(
                shop.name_in(language),
                &product,
                &stock,
                language,
                &reason,
            ),
            pending: None,
            place: None,
            code: None,
        })
    }
}

/// A dwell's length in seconds, one decimal: `2.1`.
fn seconds(duration_ms: i64) -> String {
    format!("{:.1}", duration_ms as f64 / 1000.0)
}

/// Whether a place of `category` has a proactive card (a guide, or a shop's card).
fn offers_a_card(category: PoiCategory) -> bool {
    !matches!(
        category,
        PoiCategory::BikeStation | PoiCategory::Hotel | PoiCategory::Other
    )
}

/// Brand names without the branch suffix ("星巴克（湖滨店）" → "星巴克"): signs show the brand.
fn brand_names(poi: &Poi) -> Vec<String> {
    let cut = |name: &str| {
        name.split(['（', '('])
            .next()
            .map(str::trim)
            .filter(|b| !b.is_empty() && *b != name)
            .map(str::to_string)
    };
    cut(&poi.name_zh)
        .into_iter()
        .chain(poi.name_en.as_deref().and_then(cut))
        .collect()
}

/// Local wall-clock time in the embedded city (for "open now").
fn local_time(now: DateTime<Utc>) -> chrono::NaiveTime {
    FixedOffset::east_opt(LOCAL_OFFSET_S)
        .map(|tz| now.with_timezone(&tz).time())
        .unwrap_or_else(|| now.time())
}
