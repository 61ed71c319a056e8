//! `Catalog` over the demo city: FTS5 product search, barcode lookup, offers with delivery
//! ETAs computed from each merchant's warehouse, shelf stock per shop.

use async_trait::async_trait;
use chrono::Duration;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::DemoCity;
use super::places::bounding_box;
use super::text::keyword_expression;
use crate::geo::GeoPoint;
use crate::money::Cny;
use crate::services::catalog::{
    Catalog, DeliveryTo, Merchant, Offer, Product, ProductQuery, ShopStock, normalize_barcode,
};
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::places::{validate_point, validate_radius};

const PRODUCT_COLUMNS: &str = "p.key, p.model_key, p.ean13, p.name_zh, p.name_en, p.brand, \
     p.category, p.size, p.list_price_fen";
/// Results when the query does not say how many.
const DEFAULT_LIMIT: usize = 20;
/// Deliveries within this distance of the warehouse take the merchant's base time.
const LOCAL_DELIVERY_KM: f64 = 50.0;

fn product_from_row(r: &Row<'_>) -> rusqlite::Result<Product> {
    Ok(Product {
        id: r.get(0)?,
        model_id: r.get(1)?,
        ean13: r.get(2)?,
        name_zh: r.get(3)?,
        name_en: r.get(4)?,
        brand: r.get(5)?,
        category: r.get(6)?,
        size: r.get(7)?,
        list_price: Cny::fen(r.get(8)?),
    })
}

/// `"EU 42"`, `"42码"`, `" 42 "` → `"42"`; `"330ML"` → `"330ml"`.
fn normalize_size(size: &str) -> String {
    let lower = size.trim().to_lowercase().replace(' ', "");
    let stripped = lower.trim_start_matches("eu").trim_end_matches('码');
    stripped.to_string()
}

fn search(conn: &Connection, q: &ProductQuery) -> ServiceResult<Vec<Product>> {
    let keyword = keyword_expression(q.keyword.as_deref())?;
    let (from, keyword_filter) = if keyword.is_some() {
        (
            "product_fts f JOIN product p ON p.id = f.rowid",
            "product_fts MATCH ?1",
        )
    } else {
        ("product p", "?1 IS NULL")
    };
    let sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM {from}
         WHERE {keyword_filter} AND (?2 IS NULL OR p.category = ?2) AND (?3 IS NULL OR p.size = ?3)
           AND (?4 IS NULL OR p.best_price_fen <= ?4)
         ORDER BY p.best_price_fen, p.id LIMIT ?5"
    );
    let limit = if q.limit == 0 { DEFAULT_LIMIT } else { q.limit };
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(
        params![
            keyword,
            q.category.as_deref().map(|c| c.trim().to_lowercase()),
            q.size.as_deref().map(normalize_size),
            q.max_price.map(|p| p.0),
            limit as i64
        ],
        product_from_row,
    )?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn product_row_id(conn: &Connection, product_id: &str) -> ServiceResult<i64> {
    conn.prepare_cached("SELECT id FROM product WHERE key = ?1")?
        .query_row([product_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| ServiceError::NotFound(format!("product `{product_id}`")))
}

/// A shop's row id, its Chinese and English names, and where it is.
type ShopRow = (i64, String, Option<String>, GeoPoint);

fn shop_row(conn: &Connection, shop_id: &str) -> ServiceResult<ShopRow> {
    conn.prepare_cached("SELECT id, name_zh, name_en, lat, lon FROM poi WHERE key = ?1")?
        .query_row([shop_id], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                GeoPoint::new(r.get(3)?, r.get(4)?),
            ))
        })
        .optional()?
        .ok_or_else(|| ServiceError::NotFound(format!("shop `{shop_id}`")))
}

fn offers(conn: &Connection, product_id: &str, to: &DeliveryTo) -> ServiceResult<Vec<Offer>> {
    validate_point(&to.location)?;
    let row_id = product_row_id(conn, product_id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT m.key, m.name, m.category, m.lat, m.lon, m.base_eta_hours, m.hours_per_1000_km,
                o.price_fen, o.stock, m.name_zh
         FROM offer o JOIN merchant m ON m.id = o.merchant_id
         WHERE o.product_id = ?1 ORDER BY o.price_fen, m.key",
    )?;
    let rows = stmt.query_map([row_id], |r| {
        let warehouse = GeoPoint::new(r.get(3)?, r.get(4)?);
        let km = warehouse.distance_m(&to.location) / 1000.0;
        let base: u32 = r.get(5)?;
        let per_1000: u32 = r.get(6)?;
        let extra = if km > LOCAL_DELIVERY_KM {
            (km / 1000.0 * f64::from(per_1000)).ceil() as u32
        } else {
            0
        };
        let eta_hours = base + extra;
        Ok(Offer {
            product_id: product_id.to_string(),
            merchant: Merchant {
                id: r.get(0)?,
                name: r.get(1)?,
                name_zh: r.get(9)?,
                category: r.get(2)?,
            },
            price: Cny::fen(r.get(7)?),
            stock: r.get(8)?,
            eta_hours,
            arrives_by: to.ordered_at + Duration::hours(i64::from(eta_hours)),
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn shop_stock(conn: &Connection, shop_id: &str, product_id: &str) -> ServiceResult<ShopStock> {
    let (shop_row_id, shop_name, shop_name_en, _) = shop_row(conn, shop_id)?;
    let product_row = product_row_id(conn, product_id)?;
    let found: Option<(u32, i64)> = conn
        .prepare_cached(
            "SELECT quantity, price_fen FROM shop_stock WHERE poi_id = ?1 AND product_id = ?2",
        )?
        .query_row([shop_row_id, product_row], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (quantity, price_fen) = match found {
        Some(stock) => stock,
        None => (
            0,
            conn.query_row(
                "SELECT list_price_fen FROM product WHERE id = ?1",
                [product_row],
                |r| r.get(0),
            )?,
        ),
    };
    Ok(ShopStock {
        shop_id: shop_id.to_string(),
        shop_name,
        shop_name_en,
        product_id: product_id.to_string(),
        quantity,
        price: Cny::fen(price_fen),
        distance_m: 0.0,
    })
}

fn nearby_stock(
    conn: &Connection,
    product_id: &str,
    near: GeoPoint,
    radius_m: f64,
) -> ServiceResult<Vec<ShopStock>> {
    validate_point(&near)?;
    validate_radius(radius_m)?;
    let product_row = product_row_id(conn, product_id)?;
    let (lat0, lat1, lon0, lon1) = bounding_box(&near, radius_m);
    let mut stmt = conn.prepare_cached(
        "SELECT p.key, p.name_zh, p.lat, p.lon, s.quantity, s.price_fen, p.name_en
         FROM shop_stock s JOIN poi p ON p.id = s.poi_id
         WHERE s.product_id = ?1 AND s.quantity > 0 AND p.id IN (
             SELECT id FROM poi_rtree
             WHERE max_lat >= ?2 AND min_lat <= ?3 AND max_lon >= ?4 AND min_lon <= ?5)",
    )?;
    let rows = stmt.query_map(params![product_row, lat0, lat1, lon0, lon1], |r| {
        let at = GeoPoint::new(r.get(2)?, r.get(3)?);
        Ok(ShopStock {
            shop_id: r.get(0)?,
            shop_name: r.get(1)?,
            shop_name_en: r.get(6)?,
            product_id: product_id.to_string(),
            quantity: r.get(4)?,
            price: Cny::fen(r.get(5)?),
            distance_m: near.distance_m(&at),
        })
    })?;
    let mut stock: Vec<ShopStock> = rows
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .filter(|s| s.distance_m <= radius_m)
        .collect();
    stock.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
    Ok(stock)
}

fn products_where(conn: &Connection, filter: &str, value: &str) -> ServiceResult<Vec<Product>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM product p WHERE {filter} = ?1 ORDER BY p.id"
    ))?;
    let rows = stmt.query_map([value], product_from_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

#[async_trait]
impl Catalog for DemoCity {
    async fn search(&self, query: &ProductQuery) -> ServiceResult<Vec<Product>> {
        self.read(|c| search(c, query))
    }

    async fn by_barcode(&self, code: &str) -> ServiceResult<Product> {
        let ean = normalize_barcode(code)?;
        self.read(|c| products_where(c, "p.ean13", &ean))?
            .into_iter()
            .next()
            .ok_or_else(|| ServiceError::NotFound(format!("product with barcode {ean}")))
    }

    async fn variants(&self, model_id: &str) -> ServiceResult<Vec<Product>> {
        let variants = self.read(|c| products_where(c, "p.model_key", model_id))?;
        if variants.is_empty() {
            return Err(ServiceError::NotFound(format!(
                "product model `{model_id}`"
            )));
        }
        Ok(variants)
    }

    async fn offers(&self, product_id: &str, deliver_to: &DeliveryTo) -> ServiceResult<Vec<Offer>> {
        self.read(|c| offers(c, product_id, deliver_to))
    }

    async fn shop_stock(&self, shop_id: &str, product_id: &str) -> ServiceResult<ShopStock> {
        self.read(|c| shop_stock(c, shop_id, product_id))
    }

    async fn nearby_stock(
        &self,
        product_id: &str,
        near: GeoPoint,
        radius_m: f64,
    ) -> ServiceResult<Vec<ShopStock>> {
        self.read(|c| nearby_stock(c, product_id, near, radius_m))
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_size;

    #[test]
    fn sizes_normalise() {
        assert_eq!(normalize_size("EU 42"), "42");
        assert_eq!(normalize_size("42码"), "42");
        assert_eq!(normalize_size(" 330ML "), "330ml");
    }
}
