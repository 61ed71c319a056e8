//! Products: buying one (delivered before a trip that starts in the same request), comparing
//! its offers, and which shop has it in stock.

use chrono::NaiveDate;

use super::section::{Exit, Section, required, short_date, slot_count, slot_date, slot_money};
use super::{DEFAULT_LOCATION, Planner};
use crate::intent::context::AskContext;
use crate::intent::taxonomy::{Intent, SlotValue};
use crate::money::Cny;
use crate::services::orders::OrderRequest;
use crate::services::{DeliveryTo, Language, Product, ProductQuery, ServiceResult};

/// The catalogue category whose products are bought in a size (EU shoe sizes, the `size`
/// slot); a purchase in it needs the size said or stored in the preferences.
const SIZED_CATEGORY: &str = "shoes";

impl Planner {
    /// The catalogue's best match for `item`, if any.
    async fn best_match(&self, item: &str) -> ServiceResult<Option<Product>> {
        let query = ProductQuery {
            keyword: Some(item.to_string()),
            limit: 1,
            ..ProductQuery::default()
        };
        Ok(self
            .services
            .catalog
            .search(&query)
            .await?
            .into_iter()
            .next())
    }

    pub(super) async fn buy(
        &self,
        intent: &Intent,
        ctx: &AskContext,
        departure: Option<NaiveDate>,
        key: String,
    ) -> Result<Section, Exit> {
        let item = required(intent, "item", "Purchase", "What should I buy?")?.to_string();
        let mut s = Section::titled(item.clone());
        let size = match intent.get("size") {
            Some(SlotValue::Size(v)) => Some(*v),
            _ => None,
        };
        let quantity = slot_count(intent, "quantity").unwrap_or(1);
        let max_price = slot_money(intent, "max_price");
        // Arrive before the trip starts when a trip is planned in the same request.
        let deadline =
            slot_date(intent, "deliver_by").or_else(|| departure.and_then(|d| d.pred_opt()));
        let query = ProductQuery {
            keyword: Some(item.clone()),
            category: None,
            size: size.map(|v| v.to_string()),
            max_price,
            limit: 5,
        };
        let products = self.services.catalog.search(&query).await?;
        let Some(product) = products.first() else {
            let size_text = size.map(|v| format!(" in EU {v}")).unwrap_or_default();
            s.lines.push(format!("No {item}{size_text} found"));
            return Ok(s);
        };
        // Shoes come in sizes: one neither said nor in the preferences is asked, never guessed.
        if size.is_none() && product.category == SIZED_CATEGORY {
            let (title, question) = match ctx.language {
                Language::En => (&product.name_en, "What shoe size (EU)?"),
                Language::Zh => (&product.name_zh, "请问穿多大码的鞋（欧码）？"),
            };
            return Err(Exit::follow_up(title, question));
        }
        let to = DeliveryTo {
            location: ctx.location.unwrap_or(DEFAULT_LOCATION),
            ordered_at: ctx.now,
        };
        let mut offers = self.services.catalog.offers(&product.id, &to).await?;
        offers.retain(|o| o.stock >= quantity && max_price.is_none_or(|m| o.price <= m));
        offers.sort_by_key(|o| (o.price, o.arrives_by));
        let arrives =
            |o: &crate::services::Offer| o.arrives_by.with_timezone(&ctx.utc_offset).date_naive();
        let fitting = offers
            .iter()
            .find(|o| deadline.is_none_or(|d| arrives(o) <= d));
        s.title = product.name_en.clone();
        let size_text = product
            .size_label()
            .map(|v| format!(" {v}"))
            .unwrap_or_default();
        match fitting {
            Some(o) => {
                let amount = o.price * i64::from(quantity);
                let qty = if quantity > 1 {
                    format!("{quantity} × ")
                } else {
                    String::new()
                };
                s.lines.push(format!(
                    "{qty}{}{size_text} from {}, arrives {}: {amount}",
                    product.name_en,
                    o.merchant.name,
                    short_date(arrives(o))
                ));
                s.orders.push(OrderRequest {
                    idempotency_key: format!("{key}/item"),
                    merchant: o.merchant.id.clone(),
                    category: "retail".into(),
                    description: format!("{qty}{}{size_text}", product.name_en),
                    amount,
                    merchant_code: None,
                });
                s.spend = amount;
                s.speech = format!("{} arrives {}.", product.name_en, short_date(arrives(o)));
            }
            None => {
                let fastest = offers.iter().min_by_key(|o| o.arrives_by);
                let by = deadline.map(short_date).unwrap_or_default();
                s.lines.push(match fastest {
                    Some(o) => format!(
                        "No offer of {} arrives by {by}; fastest is {} on {} ({})",
                        product.name_en,
                        o.merchant.name,
                        short_date(arrives(o)),
                        o.price
                    ),
                    None => format!(
                        "No merchant has {} in stock within the price",
                        product.name_en
                    ),
                });
            }
        }
        Ok(s)
    }

    pub(super) async fn compare(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let mut s = Section::titled("Prices");
        let product = match (intent.text("barcode"), intent.text("item")) {
            (Some(code), _) => self.services.catalog.by_barcode(code).await?,
            (None, Some(item)) => match self.best_match(item).await? {
                Some(p) => p,
                None => {
                    s.lines.push(format!("No {item} found"));
                    return Ok(s);
                }
            },
            (None, None) => {
                return Err(Exit::follow_up(
                    &s.title,
                    "Which product? Look at its barcode.",
                ));
            }
        };
        let to = DeliveryTo {
            location: ctx.location.unwrap_or(DEFAULT_LOCATION),
            ordered_at: ctx.now,
        };
        let offers = self.services.catalog.offers(&product.id, &to).await?;
        s.title = product.name_en.clone();
        for o in offers.iter().take(3) {
            s.lines.push(format!(
                "{}: {} ({}h)",
                o.merchant.name, o.price, o.eta_hours
            ));
        }
        if let (Some(low), Some(high)) = (offers.first(), offers.last()) {
            s.speech = format!("Cheapest {} at {}.", low.price, low.merchant.name);
            if high.price > low.price {
                s.lines.push(format!(
                    "Saves {} against the dearest",
                    Cny(high.price.0 - low.price.0)
                ));
            }
        }
        Ok(s)
    }

    pub(super) async fn stock(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let item = required(intent, "item", "Stock", "Which product?")?;
        let mut s = Section::titled("Stock");
        let here = ctx.location.unwrap_or(DEFAULT_LOCATION);
        let Some(product) = self.best_match(item).await? else {
            s.lines.push(format!("No {item} in the catalog"));
            return Ok(s);
        };
        s.title = product.name_en.clone();
        let shop = match intent.text("store") {
            Some(name) => self
                .services
                .places
                .search_by_name(name, Some(here), 1)
                .await?
                .into_iter()
                .next(),
            None => None,
        };
        match shop {
            Some(shop) => {
                let stock = self
                    .services
                    .catalog
                    .shop_stock(&shop.poi.id, &product.id)
                    .await?;
                s.lines.push(if stock.quantity > 0 {
                    format!(
                        "{}: {} on the shelf, {}",
                        stock.shop_name, stock.quantity, stock.price
                    )
                } else {
                    format!("{}: not in stock", stock.shop_name)
                });
            }
            None => {
                let nearby = self
                    .services
                    .catalog
                    .nearby_stock(&product.id, here, 1_000.0)
                    .await?;
                match nearby.first() {
                    Some(n) => s.lines.push(format!(
                        "{} ({:.0} m): {} left, {}",
                        n.shop_name, n.distance_m, n.quantity, n.price
                    )),
                    None => s.lines.push("No shop within 1 km has it".into()),
                }
            }
        }
        Ok(s)
    }
}
