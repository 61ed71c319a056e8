//! Catalog, Travel, Mobility, Guides and Payments over the REST contract of
//! `docs/providers.md`: JSON bodies are the provider types themselves (amounts in integer
//! fen, positions as `{"lat":…,"lon":…}`, dates ISO 8601); errors are
//! `{"error":{"code":…,"message":…}}` with a 4xx/5xx status.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::client::{HttpClient, KeyPlacement};
use crate::geo::GeoPoint;
use crate::services::catalog::{Catalog, DeliveryTo, Offer, Product, ProductQuery, ShopStock};
use crate::services::config::HttpProviderConfig;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::guides::{Guide, Guides};
use crate::services::mobility::{Bike, Mobility, Ride, RideReceipt};
use crate::services::paycode::MerchantCode;
use crate::services::payments::{
    CodePayee, ConfirmationToken, Payment, PaymentRequest, Payments, Quote,
};
use crate::services::refusal::Refusal;
use crate::services::travel::{HotelOffer, HotelQuery, Travel, TripOption, TripQuery};

/// A REST provider; one instance can serve any of the five limbs.
#[derive(Debug)]
pub struct RestProvider {
    client: HttpClient,
}

#[derive(Deserialize)]
struct Products {
    products: Vec<Product>,
}
#[derive(Deserialize)]
struct Offers {
    offers: Vec<Offer>,
}
#[derive(Deserialize)]
struct Stock {
    stock: Vec<ShopStock>,
}
#[derive(Deserialize)]
struct Trips {
    trips: Vec<TripOption>,
}
#[derive(Deserialize)]
struct Hotels {
    hotels: Vec<HotelOffer>,
}
#[derive(Deserialize)]
struct FoundPayment {
    payment: Option<Payment>,
}
#[derive(Serialize)]
struct Unlock<'a> {
    confirmation_id: &'a str,
}
#[derive(Serialize)]
struct EndRide {
    parked_at: GeoPoint,
    at: DateTime<Utc>,
}
#[derive(Serialize)]
struct Authorize<'a> {
    request: &'a PaymentRequest,
    confirmation_id: &'a str,
}
#[derive(Serialize)]
struct Empty {}

/// Turns the contract's statuses into the shared error kinds: 404 → not found, 400/422 →
/// invalid request, 402/409 → refused, of the kind its `error.code` names (an unknown or
/// missing code is the generic refusal); the rest stay HTTP status errors. The message is kept
/// for the log only.
fn classify(e: ServiceError) -> ServiceError {
    match e {
        ServiceError::Status {
            provider,
            status,
            code,
            message,
        } => match status {
            404 => ServiceError::NotFound(message),
            400 | 422 => ServiceError::InvalidRequest(message),
            402 | 409 => {
                let kind = code.as_deref().map_or(Refusal::Other, Refusal::from_code);
                ServiceError::refused(provider, kind, &message)
            }
            _ => ServiceError::Status {
                provider,
                status,
                code,
                message,
            },
        },
        other => other,
    }
}

fn opt<T: ToString>(name: &'static str, value: Option<T>) -> Option<(&'static str, String)> {
    value.map(|v| (name, v.to_string()))
}

impl RestProvider {
    /// A provider for the REST service at `config.base_url`; `name` labels its errors.
    pub fn new(name: &str, config: &HttpProviderConfig) -> ServiceResult<Self> {
        Ok(Self {
            client: HttpClient::new(name, config, KeyPlacement::Bearer)?,
        })
    }

    async fn get<T: DeserializeOwned>(
        &self,
        segments: &[&str],
        query: &[Option<(&str, String)>],
    ) -> ServiceResult<T> {
        let url = self.client.url(segments)?;
        let query: Vec<(&str, String)> = query.iter().flatten().cloned().collect();
        self.client.get_json(url, &query).await.map_err(classify)
    }

    async fn post<B: Serialize + Sync, T: DeserializeOwned>(
        &self,
        segments: &[&str],
        body: &B,
        idempotency_key: Option<&str>,
    ) -> ServiceResult<T> {
        let url = self.client.url(segments)?;
        self.client
            .post_json(url, body, idempotency_key)
            .await
            .map_err(classify)
    }
}

#[async_trait]
impl Catalog for RestProvider {
    async fn search(&self, q: &ProductQuery) -> ServiceResult<Vec<Product>> {
        let found: Products = self
            .get(
                &["catalog", "products"],
                &[
                    opt("keyword", q.keyword.as_ref()),
                    opt("category", q.category.as_ref()),
                    opt("size", q.size.as_ref()),
                    opt("max_price_fen", q.max_price.map(|p| p.0)),
                    opt("limit", (q.limit > 0).then_some(q.limit)),
                ],
            )
            .await?;
        Ok(found.products)
    }

    async fn by_barcode(&self, code: &str) -> ServiceResult<Product> {
        let ean = crate::services::catalog::normalize_barcode(code)?;
        self.get(&["catalog", "barcodes", &ean], &[]).await
    }

    async fn variants(&self, model_id: &str) -> ServiceResult<Vec<Product>> {
        let found: Products = self
            .get(&["catalog", "models", model_id, "variants"], &[])
            .await?;
        Ok(found.products)
    }

    async fn offers(&self, product_id: &str, to: &DeliveryTo) -> ServiceResult<Vec<Offer>> {
        let found: Offers = self
            .get(
                &["catalog", "products", product_id, "offers"],
                &[
                    opt("lat", Some(to.location.lat)),
                    opt("lon", Some(to.location.lon)),
                    opt("ordered_at", Some(to.ordered_at.to_rfc3339())),
                ],
            )
            .await?;
        Ok(found.offers)
    }

    async fn shop_stock(&self, shop_id: &str, product_id: &str) -> ServiceResult<ShopStock> {
        self.get(&["catalog", "shops", shop_id, "stock", product_id], &[])
            .await
    }

    async fn nearby_stock(
        &self,
        product_id: &str,
        near: GeoPoint,
        radius_m: f64,
    ) -> ServiceResult<Vec<ShopStock>> {
        let found: Stock = self
            .get(
                &["catalog", "products", product_id, "stock"],
                &[
                    opt("lat", Some(near.lat)),
                    opt("lon", Some(near.lon)),
                    opt("radius_m", Some(radius_m)),
                ],
            )
            .await?;
        Ok(found.stock)
    }
}

#[async_trait]
impl Travel for RestProvider {
    async fn trips(&self, q: &TripQuery) -> ServiceResult<Vec<TripOption>> {
        let found: Trips = self
            .get(
                &["travel", "trips"],
                &[
                    opt("from", Some(&q.from_city)),
                    opt("to", Some(&q.to_city)),
                    opt("date", Some(q.date)),
                    opt("mode", q.mode.map(|m| m.as_str())),
                ],
            )
            .await?;
        Ok(found.trips)
    }

    async fn hotels(&self, q: &HotelQuery) -> ServiceResult<Vec<HotelOffer>> {
        q.nights()?;
        let found: Hotels = self
            .get(
                &["travel", "hotels"],
                &[
                    opt("city", Some(&q.city)),
                    opt("check_in", Some(q.check_in)),
                    opt("check_out", Some(q.check_out)),
                    opt(
                        "max_price_per_night_fen",
                        q.max_price_per_night.map(|p| p.0),
                    ),
                    opt("limit", (q.limit > 0).then_some(q.limit)),
                ],
            )
            .await?;
        Ok(found.hotels)
    }
}

#[async_trait]
impl Mobility for RestProvider {
    async fn bike_by_qr(&self, qr_payload: &str) -> ServiceResult<Bike> {
        self.get(
            &["mobility", "bikes"],
            &[opt("qr", Some(qr_payload.trim()))],
        )
        .await
    }

    async fn bike(&self, bike_id: &str) -> ServiceResult<Bike> {
        self.get(&["mobility", "bikes", bike_id.trim()], &[]).await
    }

    async fn unlock(&self, bike_id: &str, confirmation: &ConfirmationToken) -> ServiceResult<Ride> {
        if !confirmation.covers_unlock(bike_id) {
            return Err(ServiceError::InvalidRequest(format!(
                "the confirmation does not cover unlocking bike {bike_id}"
            )));
        }
        let key = format!("unlock-{bike_id}-{}", confirmation.id());
        self.post(
            &["mobility", "bikes", bike_id, "unlock"],
            &Unlock {
                confirmation_id: confirmation.id(),
            },
            Some(&key),
        )
        .await
    }

    async fn ride_for(&self, confirmation_id: &str) -> ServiceResult<Option<Ride>> {
        let found = self
            .get(
                &["mobility", "rides"],
                &[opt("confirmation_id", Some(confirmation_id))],
            )
            .await;
        match found {
            Ok(ride) => Ok(Some(ride)),
            Err(ServiceError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn end_ride(
        &self,
        ride_id: &str,
        parked_at: GeoPoint,
        at: DateTime<Utc>,
    ) -> ServiceResult<RideReceipt> {
        let key = format!("end-{ride_id}");
        self.post(
            &["mobility", "rides", ride_id, "end"],
            &EndRide { parked_at, at },
            Some(&key),
        )
        .await
    }
}

#[async_trait]
impl Guides for RestProvider {
    async fn guide(&self, poi_id: &str) -> ServiceResult<Guide> {
        self.get(&["guides", poi_id], &[]).await
    }
}

#[async_trait]
impl Payments for RestProvider {
    async fn quote(&self, request: &PaymentRequest) -> ServiceResult<Quote> {
        let key = format!("quote-{}", request.idempotency_key);
        self.post(&["payments", "quotes"], request, Some(&key))
            .await
    }

    async fn authorize(
        &self,
        request: &PaymentRequest,
        confirmation: &ConfirmationToken,
    ) -> ServiceResult<Payment> {
        if !confirmation.covers_payment(&request.idempotency_key, request.amount) {
            return Err(ServiceError::InvalidRequest(format!(
                "the confirmation does not cover {} for `{}`",
                request.amount, request.idempotency_key
            )));
        }
        self.post(
            &["payments", "authorizations"],
            &Authorize {
                request,
                confirmation_id: confirmation.id(),
            },
            Some(&request.idempotency_key),
        )
        .await
    }

    async fn capture(&self, payment_id: &str) -> ServiceResult<Payment> {
        let key = format!("capture-{payment_id}");
        self.post(&["payments", payment_id, "capture"], &Empty {}, Some(&key))
            .await
    }

    async fn refund(&self, payment_id: &str) -> ServiceResult<Payment> {
        let key = format!("refund-{payment_id}");
        self.post(&["payments", payment_id, "refund"], &Empty {}, Some(&key))
            .await
    }

    async fn find(&self, idempotency_key: &str) -> ServiceResult<Option<Payment>> {
        let found: FoundPayment = self
            .get(
                &["payments"],
                &[opt("idempotency_key", Some(idempotency_key))],
            )
            .await?;
        Ok(found.payment)
    }

    async fn payee_of_code(&self, code: &MerchantCode) -> ServiceResult<CodePayee> {
        self.get(
            &["payments", "merchant-codes"],
            &[opt("code", Some(&code.payload))],
        )
        .await
    }
}
