//! Products: buying one (delivered before a trip that starts in the same request), comparing
//! its offers, and which shop has it in stock.

use chrono::NaiveDate;

use super::section::{Exit, Section, required, slot_count, slot_date, slot_money, word_in};
use super::{DEFAULT_LOCATION, Planner};
use crate::intent::context::AskContext;
use crate::intent::taxonomy::{Intent, SlotValue};
use crate::locale::{distance, short_date, spoken_price};
use crate::money::Cny;
use crate::services::orders::OrderRequest;
use crate::services::{DeliveryTo, Product, ProductQuery, ServiceResult};

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
        let lang = ctx.language;
        let item = required(
            intent,
            "item",
            &lang.msg("section-purchase", &[]),
            &lang.msg("ask-what-to-buy", &[]),
        )?
        .to_string();
        let item_said = word_in(lang, &item);
        let mut s = Section::titled(item_said.clone());
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
            let line = match size {
                Some(v) => lang.msg(
                    "buy-none-in-size",
                    &[
                        ("item", (&item_said).into()),
                        ("size", v.to_string().into()),
                    ],
                ),
                None => lang.msg("buy-none", &[("item", (&item_said).into())]),
            };
            s.lines.push(line);
            return Ok(s);
        };
        // Shoes come in sizes: one neither said nor in the preferences is asked, never guessed.
        if size.is_none() && product.category == SIZED_CATEGORY {
            let title = lang.pick(&product.name_zh, &product.name_en);
            return Err(Exit::follow_up(title, lang.msg("ask-shoe-size", &[])));
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
        let name = lang.pick(&product.name_zh, &product.name_en).to_string();
        s.title = name.clone();
        let what = lang.msg(
            "buy-what",
            &[
                ("quantity", quantity.into()),
                ("product", (&name).into()),
                ("size", product.size_suffix().into()),
            ],
        );
        match fitting {
            Some(o) => {
                let amount = o.price * i64::from(quantity);
                s.lines.push(lang.msg(
                    "buy-offer",
                    &[
                        ("what", (&what).into()),
                        ("merchant", o.merchant.name_in(lang).into()),
                        ("date", short_date(lang, arrives(o)).into()),
                        ("price", amount.to_string().into()),
                    ],
                ));
                s.orders.push(OrderRequest {
                    idempotency_key: format!("{key}/item"),
                    merchant: o.merchant.id.clone(),
                    category: "retail".into(),
                    description: what.clone(),
                    amount,
                    merchant_code: None,
                });
                s.spend = amount;
                s.speech = lang.msg(
                    "buy-speech",
                    &[
                        ("product", (&name).into()),
                        ("date", short_date(lang, arrives(o)).into()),
                    ],
                );
            }
            None => {
                let fastest = offers.iter().min_by_key(|o| o.arrives_by);
                let by = deadline.map(|d| short_date(lang, d)).unwrap_or_default();
                s.lines.push(match fastest {
                    Some(o) => lang.msg(
                        "buy-too-late",
                        &[
                            ("product", (&name).into()),
                            ("by", by.into()),
                            ("merchant", o.merchant.name_in(lang).into()),
                            ("date", short_date(lang, arrives(o)).into()),
                            ("price", o.price.to_string().into()),
                        ],
                    ),
                    None => lang.msg("buy-no-stock", &[("product", (&name).into())]),
                });
            }
        }
        Ok(s)
    }

    pub(super) async fn compare(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let lang = ctx.language;
        let mut s = Section::titled(lang.msg("section-prices", &[]));
        let product = match (intent.text("barcode"), intent.text("item")) {
            (Some(code), _) => self.services.catalog.by_barcode(code).await?,
            (None, Some(item)) => match self.best_match(item).await? {
                Some(p) => p,
                None => {
                    s.lines
                        .push(lang.msg("buy-none", &[("item", word_in(lang, item).into())]));
                    return Ok(s);
                }
            },
            (None, None) => {
                return Err(Exit::follow_up(
                    &s.title,
                    lang.msg("ask-which-product-barcode", &[]),
                ));
            }
        };
        let to = DeliveryTo {
            location: ctx.location.unwrap_or(DEFAULT_LOCATION),
            ordered_at: ctx.now,
        };
        let offers = self.services.catalog.offers(&product.id, &to).await?;
        s.title = lang.pick(&product.name_zh, &product.name_en).to_string();
        for o in offers.iter().take(3) {
            s.lines.push(lang.msg(
                "compare-offer",
                &[
                    ("merchant", o.merchant.name_in(lang).into()),
                    ("price", o.price.to_string().into()),
                    ("hours", o.eta_hours.into()),
                ],
            ));
        }
        if let (Some(low), Some(high)) = (offers.first(), offers.last()) {
            s.speech = lang.msg(
                "compare-speech",
                &[
                    ("price", spoken_price(lang, low.price).into()),
                    ("merchant", low.merchant.name_in(lang).into()),
                ],
            );
            if high.price > low.price {
                s.lines.push(lang.msg(
                    "compare-saves",
                    &[("saved", Cny(high.price.0 - low.price.0).to_string().into())],
                ));
            }
        }
        Ok(s)
    }

    pub(super) async fn stock(&self, intent: &Intent, ctx: &AskContext) -> Result<Section, Exit> {
        let lang = ctx.language;
        let item = required(
            intent,
            "item",
            &lang.msg("section-stock", &[]),
            &lang.msg("ask-which-product", &[]),
        )?;
        let mut s = Section::titled(lang.msg("section-stock", &[]));
        let here = ctx.location.unwrap_or(DEFAULT_LOCATION);
        let Some(product) = self.best_match(item).await? else {
            s.lines.push(lang.msg(
                "stock-not-in-catalogue",
                &[("item", word_in(lang, item).into())],
            ));
            return Ok(s);
        };
        s.title = lang.pick(&product.name_zh, &product.name_en).to_string();
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
                    lang.msg(
                        "stock-on-shelf",
                        &[
                            ("shop", stock.name_in(lang).into()),
                            ("quantity", stock.quantity.into()),
                            ("price", stock.price.to_string().into()),
                        ],
                    )
                } else {
                    lang.msg("stock-none", &[("shop", stock.name_in(lang).into())])
                });
            }
            None => {
                let nearby = self
                    .services
                    .catalog
                    .nearby_stock(&product.id, here, 1_000.0)
                    .await?;
                match nearby.first() {
                    Some(n) => s.lines.push(lang.msg(
                        "stock-nearby",
                        &[
                            ("shop", n.name_in(lang).into()),
                            ("distance", distance(lang, n.distance_m).into()),
                            ("quantity", n.quantity.into()),
                            ("price", n.price.to_string().into()),
                        ],
                    )),
                    None => s.lines.push(lang.msg("stock-none-nearby", &[])),
                }
            }
        }
        Ok(s)
    }
}
