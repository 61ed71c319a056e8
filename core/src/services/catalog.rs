//! `Catalog`: products, offers across merchants with delivery ETAs, and in-store stock.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::error::{ServiceError, ServiceResult};
use crate::geo::GeoPoint;
use crate::locale::Language;
use crate::money::Cny;

/// One sellable item (a SKU: a snow boot model in one size is one product with its own
/// barcode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    /// Stable id within its provider.
    pub id: String,
    /// Groups the sizes/variants of one model (e.g. all sizes of one snow boot).
    pub model_id: String,
    /// EAN-13 barcode (UPC-A codes are stored with a leading 0).
    pub ean13: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Brand.
    pub brand: String,
    /// Category, snake_case: `shoes`, `drinks`, `snacks`, `electronics`, `souvenirs`…
    pub category: String,
    /// Size: EU number for shoes (`"42"`), volume for drinks (`"330ml"`), else none.
    pub size: Option<String>,
    /// Manufacturer's list price.
    pub list_price: Cny,
}

impl Product {
    /// The size as a buyer reads it: `EU 42` for shoes, the size as given (`330ml`) for the
    /// rest; `None` when there is none or the name already says it (`Coca-Cola 330ml Can`).
    pub fn size_label(&self) -> Option<String> {
        let size = self
            .size
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())?;
        if self.category == "shoes" {
            return Some(format!("EU {size}"));
        }
        let said = self.name_en.to_lowercase().contains(&size.to_lowercase());
        (!said).then(|| size.to_string())
    }

    /// [`Product::size_label`] to follow the name: ` EU 42`, or nothing.
    pub fn size_suffix(&self) -> String {
        self.size_label()
            .map(|v| format!(" {v}"))
            .unwrap_or_default()
    }
}

/// A product search.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ProductQuery {
    /// Words that must all appear in the name, brand or category (zh or en).
    pub keyword: Option<String>,
    /// Only this category.
    pub category: Option<String>,
    /// Only this size (EU number for shoes).
    pub size: Option<String>,
    /// Only products with an offer at or under this price.
    pub max_price: Option<Cny>,
    /// At most this many results (0 means 20).
    pub limit: usize,
}

/// A merchant selling online.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merchant {
    /// Stable id.
    pub id: String,
    /// Display name in English (`Pinduoduo`).
    pub name: String,
    /// Display name in Chinese (`拼多多`); empty when the provider has none.
    #[serde(default)]
    pub name_zh: String,
    /// Merchant category for the take rate (`retail`, `food`, `rail`, `air`, `hotel`, `mobility`).
    pub category: String,
}

impl Merchant {
    /// The name in `language` when the provider has it, else the other one.
    pub fn name_in(&self, language: Language) -> &str {
        language.pick(&self.name_zh, &self.name)
    }
}

/// One merchant's offer for a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Offer {
    /// The product offered.
    pub product_id: String,
    /// Who sells it.
    pub merchant: Merchant,
    /// Price including delivery.
    pub price: Cny,
    /// Units available.
    pub stock: u32,
    /// Hours from order to delivery at the asked location.
    pub eta_hours: u32,
    /// When it would arrive if ordered at the asked time.
    pub arrives_by: DateTime<Utc>,
}

/// Where and when an offer would be delivered: the ETA depends on both.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DeliveryTo {
    /// Delivery address position.
    pub location: GeoPoint,
    /// When the order would be placed.
    pub ordered_at: DateTime<Utc>,
}

/// Stock of a product in one physical shop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShopStock {
    /// The shop's POI id.
    pub shop_id: String,
    /// The shop's name (Chinese).
    pub shop_name: String,
    /// The shop's name in English, when the provider has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_name_en: Option<String>,
    /// The product.
    pub product_id: String,
    /// Units on the shelf.
    pub quantity: u32,
    /// Shelf price.
    pub price: Cny,
    /// Metres from the asked position (0 when none was given).
    pub distance_m: f64,
}

impl ShopStock {
    /// The shop's name in `language` when the provider has it, else the other one.
    pub fn name_in(&self, language: Language) -> &str {
        language.pick(&self.shop_name, self.shop_name_en.as_deref().unwrap_or(""))
    }
}

/// Turns a scanned EAN-13 or UPC-A code into a checked EAN-13: digits only, right length,
/// right check digit.
pub fn normalize_barcode(code: &str) -> ServiceResult<String> {
    let digits = code.trim();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ServiceError::InvalidRequest(format!(
            "barcode `{digits}` has non-digit characters"
        )));
    }
    let ean = match digits.len() {
        13 => digits.to_string(),
        12 => format!("0{digits}"),
        n => {
            return Err(ServiceError::InvalidRequest(format!(
                "barcode has {n} digits; EAN-13 has 13 and UPC-A 12"
            )));
        }
    };
    let expected = ean13_check_digit(&ean[..12]);
    if ean.as_bytes()[12] - b'0' != expected {
        return Err(ServiceError::InvalidRequest(format!(
            "barcode {ean} has a wrong check digit (expected {expected})"
        )));
    }
    Ok(ean)
}

/// The EAN-13 check digit of the first 12 digits (weights 1,3,1,3…).
pub fn ean13_check_digit(first12: &str) -> u8 {
    let sum: u32 = first12
        .bytes()
        .enumerate()
        .map(|(i, b)| u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 3 })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// Products, offers and stock.
#[async_trait]
pub trait Catalog: Send + Sync {
    /// Products matching the query, cheapest offer first.
    async fn search(&self, query: &ProductQuery) -> ServiceResult<Vec<Product>>;

    /// The product with this EAN-13 or UPC-A barcode.
    async fn by_barcode(&self, code: &str) -> ServiceResult<Product>;

    /// The sizes/variants of a product's model (e.g. every size of a snow boot).
    async fn variants(&self, model_id: &str) -> ServiceResult<Vec<Product>>;

    /// Every merchant's offer for the product, cheapest first, with ETAs to `deliver_to`.
    async fn offers(&self, product_id: &str, deliver_to: &DeliveryTo) -> ServiceResult<Vec<Offer>>;

    /// Stock of the product in one shop (quantity 0 when the shop does not carry it).
    async fn shop_stock(&self, shop_id: &str, product_id: &str) -> ServiceResult<ShopStock>;

    /// Shops within `radius_m` of `near` with the product on the shelf, nearest first.
    async fn nearby_stock(
        &self,
        product_id: &str,
        near: GeoPoint,
        radius_m: f64,
    ) -> ServiceResult<Vec<ShopStock>>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barcodes_are_checked() {
        assert_eq!(normalize_barcode("6901234567892").unwrap(), "6901234567892");
        assert_eq!(ean13_check_digit("690123456789"), 2);
        assert_eq!(normalize_barcode(" 036000291452").unwrap(), "0036000291452");
        assert!(normalize_barcode("6901234567891").is_err());
        assert!(normalize_barcode("69012345").is_err());
        assert!(normalize_barcode("69O1234567892").is_err());
    }

    fn product(category: &str, name: &str, size: Option<&str>) -> Product {
        Product {
            id: "p".into(),
            model_id: "m".into(),
            ean13: "6901234567892".into(),
            name_zh: String::new(),
            name_en: name.into(),
            brand: String::new(),
            category: category.into(),
            size: size.map(str::to_string),
            list_price: Cny(100),
        }
    }

    #[test]
    fn newuser_only_shoes_get_an_eu_size() {
        assert_eq!(
            product("shoes", "Peak Snow Boots", Some("42")).size_label(),
            Some("EU 42".into())
        );
        assert_eq!(
            product("drinks", "Coca-Cola Soda 330ml Can", Some("330ml")).size_label(),
            None
        );
        assert_eq!(
            product("drinks", "Nongfu Spring", Some("550ml")).size_label(),
            Some("550ml".into())
        );
        assert_eq!(product("snacks", "Crisps", None).size_label(), None);
    }
}
