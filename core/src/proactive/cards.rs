//! The cards the proactive rules show, built from what the providers returned, in the
//! wearer's language. Pure functions: the rules fetch, these format — so the wording is
//! tested without any provider.

use chrono::NaiveTime;

use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::locale::{Language, distance, spoken_price};
use crate::services::{Bike, BikeStatus, Guide, Merchant, Offer, PoiDetails, Product, ShopStock};

/// Title of a thing with two names: the one in `language` first, then the other, or one of
/// them when they are the same or the other is missing.
pub fn both_names(language: Language, zh: &str, en: &str) -> String {
    let first = language.pick(zh, en);
    let other = if first == zh { en } else { zh };
    if other.trim().is_empty() || other == first {
        first.to_string()
    } else {
        format!("{first} {other}")
    }
}

fn more_action(action_id: &str, language: Language) -> CardAction {
    CardAction {
        id: action_id.into(),
        label: language.msg("action-more", &[]),
        kind: ActionKind::More,
    }
}

/// A landmark's guide: the one-sentence text on the HUD and as speech; "More" gives the long
/// text (see [`guide_long_card`]).
pub fn guide_card(guide: &Guide, language: Language, action_id: &str, reason: &str) -> Card {
    let (_, short, _) = guide.in_language(language);
    Card::new(
        CardKind::Guide,
        both_names(language, &guide.title_zh, &guide.title_en),
        reason,
    )
    .in_language(language)
    .line(short)
    .speech(short)
    .action(more_action(action_id, language))
}

/// The long guide text, shown and spoken when the wearer asks for more.
pub fn guide_long_card(guide: &Guide, language: Language, reason: &str) -> Card {
    let (_, _, long) = guide.in_language(language);
    Card::new(
        CardKind::Guide,
        both_names(language, &guide.title_zh, &guide.title_en),
        reason,
    )
    .in_language(language)
    .line(long)
    .speech(long)
}

/// How the product on a price card was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matched {
    /// By its barcode: the product's identity, size included.
    Barcode,
    /// By the text of its label only: the model is likely, the variant (size) is a guess.
    LabelText,
}

/// What an order of `product` from `merchant` buys, size included: `Peak Snow Boots EU 42
/// from Pinduoduo` / `雪地靴 EU 42，来自拼多多`.
pub fn bought_from(product: &Product, merchant: &Merchant, language: Language) -> String {
    language.msg(
        "bought-from",
        &[
            (
                "product",
                language.pick(&product.name_zh, &product.name_en).into(),
            ),
            ("size", product.size_suffix().into()),
            ("merchant", merchant.name_in(language).into()),
        ],
    )
}

/// What a price card shows: the product, how it was matched, its offers and nearby stock.
#[derive(Debug, Clone, Copy)]
pub struct PriceFacts<'a> {
    /// The product.
    pub product: &'a Product,
    /// How it was recognised.
    pub how: Matched,
    /// Delivery offers.
    pub offers: &'a [Offer],
    /// Stock in nearby shops.
    pub nearby: &'a [ShopStock],
}

/// Prices across merchants (cheapest first, the cheapest delivery marked), stock in nearby
/// shops and a one-tap order of the cheapest delivery (after confirmation). The size comes
/// first when the product has one; a product matched by its label's text only says so.
pub fn price_card(
    facts: PriceFacts<'_>,
    language: Language,
    action_id: &str,
    reason: &str,
) -> Card {
    let PriceFacts {
        product,
        how,
        offers,
        nearby,
    } = facts;
    let mut offers: Vec<&Offer> = offers.iter().filter(|o| o.stock > 0).collect();
    offers.sort_by_key(|o| (o.price, o.eta_hours));
    let mut card = Card::new(
        CardKind::PriceComparison,
        both_names(language, &product.name_zh, &product.name_en),
        reason,
    )
    .in_language(language);
    if let Some(size) = product.size_label() {
        card = card.line(language.msg("price-size", &[("size", size.into())]));
    }
    if how == Matched::LabelText {
        card = card.line(language.msg("price-label-only", &[]));
    }
    for offer in offers.iter().take(3) {
        card = card.line(language.msg(
            "price-offer",
            &[
                ("price", offer.price.to_string().into()),
                ("merchant", offer.merchant.name_in(language).into()),
                ("eta", eta_text(language, offer.eta_hours).into()),
            ],
        ));
    }
    let in_stock: Vec<&ShopStock> = nearby.iter().filter(|s| s.quantity > 0).take(2).collect();
    if !in_stock.is_empty() {
        let shops: Vec<String> = in_stock
            .iter()
            .map(|s| {
                format!(
                    "{} {} {}",
                    s.name_in(language),
                    s.price,
                    distance(language, s.distance_m)
                )
            })
            .collect();
        let shops = shops.join(&language.msg("list-separator", &[]));
        card = card.line(language.msg("price-nearby", &[("shops", shops.into())]));
    }
    let cheapest = |o: &Offer| {
        language.msg(
            "price-cheapest-speech",
            &[
                ("price", spoken_price(language, o.price).into()),
                ("merchant", o.merchant.name_in(language).into()),
            ],
        )
    };
    let shop_has = |s: &ShopStock| {
        language.msg(
            "price-shop-has-speech",
            &[
                ("shop", s.name_in(language).into()),
                ("price", spoken_price(language, s.price).into()),
            ],
        )
    };
    let sentences = match (offers.first(), in_stock.first()) {
        (Some(o), Some(s)) => vec![cheapest(o), shop_has(s)],
        (Some(o), None) => vec![cheapest(o)],
        (None, Some(s)) => vec![shop_has(s)],
        (None, None) => vec![language.msg("price-none-speech", &[])],
    };
    let mut said = Vec::new();
    if how == Matched::LabelText {
        said.push(language.msg("price-label-only-speech", &[]));
    }
    said.extend(sentences);
    card = card.speech(said.join(&language.msg("sentence-separator", &[])));
    if let Some(cheapest) = offers.first() {
        card = card.action(CardAction {
            id: action_id.into(),
            label: language.msg(
                "action-order",
                &[("price", cheapest.price.to_string().into())],
            ),
            kind: ActionKind::Pay {
                total: cheapest.price,
                summary: bought_from(product, &cheapest.merchant, language),
            },
        });
    }
    card
}

fn eta_text(language: Language, hours: u32) -> String {
    match hours {
        0 => language.msg("eta-within-hour", &[]),
        h if h < 24 => language.msg("eta-hours", &[("hours", h.into())]),
        h => language.msg("eta-days", &[("days", h.div_ceil(24).into())]),
    }
}

/// A shop or restaurant front: rating, price level, today's hours (open or closed now) and the
/// top review line.
pub fn place_card(
    details: &PoiDetails,
    local_time: NaiveTime,
    language: Language,
    reason: &str,
) -> Card {
    let poi = &details.poi;
    let title = both_names(language, &poi.name_zh, poi.name_en.as_deref().unwrap_or(""));
    let mut facts = Vec::new();
    if let Some(rating) = poi.rating {
        facts.push(format!("{rating:.1}★"));
    }
    if let Some(level) = poi.price_level {
        facts.push("¥".repeat(usize::from(level.clamp(1, 4))));
    }
    if let Some(hours) = poi.hours {
        facts.push(hours.describe_in(language, local_time));
    }
    let mut card = Card::new(CardKind::PlaceInfo, title, reason).in_language(language);
    if !facts.is_empty() {
        card = card.line(facts.join(" · "));
    }
    let top = details.reviews.first();
    if let Some(review) = top {
        card = card.line(format!("“{}”", review.text));
    }
    let mut clauses = vec![poi.name_in(language).to_string()];
    if let Some(rating) = poi.rating {
        clauses.push(language.msg("speech-rated", &[("rating", format!("{rating:.1}").into())]));
    }
    if let Some(hours) = poi.hours {
        clauses.push(if hours.is_open_at(local_time) {
            language.msg("speech-open-now", &[])
        } else {
            language.msg("speech-closed-now", &[])
        });
    }
    let said = clauses.join(&language.msg("clause-separator", &[]));
    card.speech(language.msg("sentence", &[("text", said.into())]))
}

/// A shared bike in view: operator, price per 30 minutes, battery; "Unlock" only after the
/// wearer confirms. A bike that cannot be ridden gets a card without the action.
pub fn bike_card(bike: &Bike, language: Language, action_id: &str, reason: &str) -> Card {
    let mut card = Card::new(
        CardKind::BikeUnlock,
        format!("{} {}", bike.operator_in(language), bike.id),
        reason,
    )
    .in_language(language);
    let price = bike.price_per_30_min.to_string();
    card = card.line(match bike.battery_pct {
        Some(battery) => language.msg(
            "bike-price-battery",
            &[("price", (&price).into()), ("battery", battery.into())],
        ),
        None => language.msg("bike-price", &[("price", (&price).into())]),
    });
    match bike.status {
        BikeStatus::Available => card
            .line(language.msg("bike-unlock-after-confirm", &[]))
            .speech(language.msg(
                "bike-speech",
                &[
                    ("operator", bike.operator_in(language).into()),
                    (
                        "price",
                        spoken_price(language, bike.price_per_30_min).into(),
                    ),
                ],
            ))
            .action(CardAction {
                id: action_id.into(),
                label: language.msg("action-unlock", &[]),
                kind: ActionKind::Unlock {
                    target: bike.id.clone(),
                },
            }),
        BikeStatus::InUse => card
            .line(language.msg("bike-in-use", &[]))
            .speech(language.msg("bike-in-use-speech", &[])),
        BikeStatus::Broken => card
            .line(language.msg("bike-broken", &[]))
            .speech(language.msg("bike-broken-speech", &[])),
    }
}

/// "Does this shop have X": yes with the quantity and price, or no.
pub fn stock_answer_card(
    shop_name: &str,
    product: &Product,
    stock: &ShopStock,
    language: Language,
    reason: &str,
) -> Card {
    let item = both_names(language, &product.name_zh, &product.name_en);
    let card = Card::new(
        CardKind::StockAnswer,
        language.msg(
            "stock-title",
            &[("shop", shop_name.into()), ("item", item.into())],
        ),
        reason,
    )
    .in_language(language);
    if stock.quantity > 0 {
        card.line(language.msg(
            "stock-yes",
            &[
                ("quantity", stock.quantity.into()),
                ("price", stock.price.to_string().into()),
            ],
        ))
        .speech(language.msg(
            "stock-yes-speech",
            &[
                ("shop", shop_name.into()),
                ("quantity", stock.quantity.into()),
                ("price", spoken_price(language, stock.price).into()),
            ],
        ))
    } else {
        card.line(language.msg("stock-no", &[]))
            .speech(language.msg("stock-no-speech", &[("shop", shop_name.into())]))
    }
}
