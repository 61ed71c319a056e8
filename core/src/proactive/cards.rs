//! The cards the proactive rules show, built from what the providers returned. Pure functions:
//! the rules fetch, these format — so the wording is tested without any provider.

use chrono::NaiveTime;

use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::services::{Bike, BikeStatus, Guide, Language, Offer, PoiDetails, Product, ShopStock};

/// Title of a bilingual thing: `中文 English`, or one of them when they are the same.
fn bilingual(zh: &str, en: &str) -> String {
    if en.is_empty() || zh == en {
        zh.to_string()
    } else {
        format!("{zh} {en}")
    }
}

fn more_action(action_id: &str) -> CardAction {
    CardAction {
        id: action_id.into(),
        label: "More".into(),
        kind: ActionKind::More,
    }
}

/// A landmark's guide: the one-sentence text on the HUD and as speech; "More" gives the long
/// text (see [`guide_long_card`]).
pub fn guide_card(guide: &Guide, language: Language, action_id: &str, reason: &str) -> Card {
    let (_, short, _) = guide.in_language(language);
    Card::new(
        CardKind::Guide,
        bilingual(&guide.title_zh, &guide.title_en),
        reason,
    )
    .line(short)
    .speech(short)
    .action(more_action(action_id))
}

/// The long guide text, shown and spoken when the wearer asks for more.
pub fn guide_long_card(guide: &Guide, language: Language, reason: &str) -> Card {
    let (_, _, long) = guide.in_language(language);
    Card::new(
        CardKind::Guide,
        bilingual(&guide.title_zh, &guide.title_en),
        reason,
    )
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
/// from Pinduoduo`.
pub fn bought_from(product: &Product, merchant: &str) -> String {
    match product.size_label() {
        Some(size) => format!("{} {size} from {merchant}", product.name_en),
        None => format!("{} from {merchant}", product.name_en),
    }
}

/// Prices across merchants (cheapest first, the cheapest delivery marked), stock in nearby
/// shops and a one-tap order of the cheapest delivery (after confirmation). The size comes
/// first when the product has one; a product matched by its label's text only says so.
pub fn price_card(
    product: &Product,
    how: Matched,
    offers: &[Offer],
    nearby: &[ShopStock],
    action_id: &str,
    reason: &str,
) -> Card {
    let mut offers: Vec<&Offer> = offers.iter().filter(|o| o.stock > 0).collect();
    offers.sort_by_key(|o| (o.price, o.eta_hours));
    let mut card = Card::new(
        CardKind::PriceComparison,
        bilingual(&product.name_zh, &product.name_en),
        reason,
    );
    if let Some(size) = product.size_label() {
        card = card.line(format!("Size {size}"));
    }
    if how == Matched::LabelText {
        card = card.line("Matched by the label's text only");
    }
    for offer in offers.iter().take(3) {
        card = card.line(format!(
            "{} {} · {}",
            offer.price,
            offer.merchant.name,
            eta_text(offer.eta_hours)
        ));
    }
    let in_stock: Vec<&ShopStock> = nearby.iter().filter(|s| s.quantity > 0).take(2).collect();
    if !in_stock.is_empty() {
        let shops: Vec<String> = in_stock
            .iter()
            .map(|s| format!("{} {} {:.0} m", s.shop_name, s.price, s.distance_m))
            .collect();
        card = card.line(format!("Nearby: {}", shops.join(", ")));
    }
    let said = match (offers.first(), in_stock.first()) {
        (Some(o), Some(s)) => format!(
            "Cheapest delivered: {} at {}. {} has it for {}.",
            o.price, o.merchant.name, s.shop_name, s.price
        ),
        (Some(o), None) => format!("Cheapest delivered: {} at {}.", o.price, o.merchant.name),
        (None, Some(s)) => format!("{} has it for {}.", s.shop_name, s.price),
        (None, None) => "No merchant has it in stock.".to_string(),
    };
    let speech = match how {
        Matched::Barcode => said,
        Matched::LabelText => format!("Matched by the label's text only. {said}"),
    };
    card = card.speech(speech);
    if let Some(cheapest) = offers.first() {
        card = card.action(CardAction {
            id: action_id.into(),
            label: format!("Order {}", cheapest.price),
            kind: ActionKind::Pay {
                total: cheapest.price,
                summary: bought_from(product, &cheapest.merchant.name),
            },
        });
    }
    card
}

fn eta_text(hours: u32) -> String {
    match hours {
        0 => "within the hour".into(),
        h if h < 24 => format!("{h} h"),
        h => format!("{} d", h.div_ceil(24)),
    }
}

/// A shop or restaurant front: rating, price level, today's hours (open or closed now) and the
/// top review line.
pub fn place_card(details: &PoiDetails, local_time: NaiveTime, reason: &str) -> Card {
    let poi = &details.poi;
    let title = bilingual(&poi.name_zh, poi.name_en.as_deref().unwrap_or(""));
    let mut facts = Vec::new();
    if let Some(rating) = poi.rating {
        facts.push(format!("{rating:.1}★"));
    }
    if let Some(level) = poi.price_level {
        facts.push("¥".repeat(usize::from(level.clamp(1, 4))));
    }
    if let Some(hours) = poi.hours {
        facts.push(hours.describe_at(local_time));
    }
    let mut card = Card::new(CardKind::PlaceInfo, title, reason);
    if !facts.is_empty() {
        card = card.line(facts.join(" · "));
    }
    let top = details.reviews.first();
    if let Some(review) = top {
        card = card.line(format!("“{}”", review.text));
    }
    let mut speech = poi.display_name().to_string();
    if let Some(rating) = poi.rating {
        speech.push_str(&format!(", rated {rating:.1}"));
    }
    if let Some(hours) = poi.hours {
        speech.push_str(if hours.is_open_at(local_time) {
            ", open now"
        } else {
            ", closed now"
        });
    }
    speech.push('.');
    card.speech(speech)
}

/// A shared bike in view: operator, price per 30 minutes, battery; "Unlock" only after the
/// wearer confirms. A bike that cannot be ridden gets a card without the action.
pub fn bike_card(bike: &Bike, action_id: &str, reason: &str) -> Card {
    let mut card = Card::new(
        CardKind::BikeUnlock,
        format!("{} {}", bike.operator, bike.id),
        reason,
    );
    let mut line = format!("{} per 30 min", bike.price_per_30_min);
    if let Some(battery) = bike.battery_pct {
        line.push_str(&format!(" · battery {battery}%"));
    }
    card = card.line(line);
    match bike.status {
        BikeStatus::Available => card
            .line("Unlock after you confirm")
            .speech(format!(
                "{} bike, {} per half hour. Confirm to unlock.",
                bike.operator, bike.price_per_30_min
            ))
            .action(CardAction {
                id: action_id.into(),
                label: "Unlock".into(),
                kind: ActionKind::Unlock {
                    target: bike.id.clone(),
                },
            }),
        BikeStatus::InUse => card.line("In use").speech("This bike is in use."),
        BikeStatus::Broken => card
            .line("Reported broken")
            .speech("This bike is reported broken."),
    }
}

/// "Does this shop have X": yes with the quantity and price, or no.
pub fn stock_answer_card(
    shop_name: &str,
    product: &Product,
    stock: &ShopStock,
    reason: &str,
) -> Card {
    let item = bilingual(&product.name_zh, &product.name_en);
    let card = Card::new(
        CardKind::StockAnswer,
        format!("{shop_name}: {item}"),
        reason,
    );
    if stock.quantity > 0 {
        card.line(format!(
            "Yes — {} in stock, {}",
            stock.quantity, stock.price
        ))
        .speech(format!(
            "Yes, {shop_name} has {} in stock for {}.",
            stock.quantity, stock.price
        ))
    } else {
        card.line("Not in stock here")
            .speech(format!("No, {shop_name} has none in stock."))
    }
}
