//! The limbs: what Sightline can get done in the world — places, products and offers,
//! travel, shared bikes, landmark guides and payments (to orders and to merchant codes).
//!
//! Each limb is a small async trait ([`Places`], [`Catalog`], [`Travel`], [`Mobility`],
//! [`Guides`], [`Payments`]) with plain request/response types that are also the JSON wire
//! format of the REST provider (`docs/providers.md`). [`Services`] bundles one provider per
//! limb, chosen per limb in the `[providers]` config section.

pub mod catalog;
pub mod config;
pub mod error;
pub mod guides;
pub mod http;
pub mod local;
pub mod mobility;
pub mod orders;
pub mod paycode;
pub mod payments;
pub mod places;
pub mod refusal;
pub mod travel;
pub mod unlocks;

use std::sync::Arc;

pub use catalog::{Catalog, DeliveryTo, Merchant, Offer, Product, ProductQuery, ShopStock};
pub use config::{HttpProviderConfig, ProviderChoice, ProvidersConfig};
pub use error::{ServiceError, ServiceResult};
pub use guides::{Guide, Guides, Language};
pub use mobility::{Bike, BikeStatus, Mobility, Ride, RideReceipt};
pub use paycode::{MerchantCode, PayCodeError, PayNetwork};
pub use payments::{
    CodePayee, Confirmation, ConfirmationToken, Payment, PaymentRequest, PaymentState, Payments,
    Quote,
};
pub use places::{
    NameMatch, NearbyQuery, OpeningHours, Places, Poi, PoiCategory, PoiDetails, PoiHit, Review,
};
pub use refusal::Refusal;
pub use travel::{HotelOffer, HotelQuery, Travel, TravelMode, TripOption, TripQuery};

/// One provider per limb, shared by the planner, the companion loop and the order flow.
#[derive(Clone)]
pub struct Services {
    /// Points of interest.
    pub places: Arc<dyn Places>,
    /// Products, offers, stock.
    pub catalog: Arc<dyn Catalog>,
    /// Trains, flights, hotels.
    pub travel: Arc<dyn Travel>,
    /// Shared bikes.
    pub mobility: Arc<dyn Mobility>,
    /// Landmark narratives.
    pub guides: Arc<dyn Guides>,
    /// Payments.
    pub payments: Arc<dyn Payments>,
}

impl Services {
    /// Every limb served by the embedded demo city in `data_dir` (built on first use).
    pub fn embedded(data_dir: &std::path::Path) -> ServiceResult<Services> {
        Ok(local::DemoCity::open(data_dir)?.services())
    }

    /// One provider per limb as `config.providers` says: the embedded demo city (opened,
    /// and built on first run, only when some limb uses it) or a remote HTTP provider.
    pub fn from_config(config: &crate::Config) -> ServiceResult<Services> {
        let providers = &config.providers;
        let limbs = [
            &providers.places,
            &providers.catalog,
            &providers.travel,
            &providers.mobility,
            &providers.guides,
            &providers.payments,
        ];
        let city = if limbs.iter().any(|c| matches!(c, ProviderChoice::Embedded)) {
            Some(local::DemoCity::open(&config.data_dir)?)
        } else {
            None
        };
        let city = || {
            city.clone()
                .ok_or_else(|| ServiceError::Seed("demo city was not opened".into()))
        };
        let rest =
            |limb: &str, cfg: &HttpProviderConfig| -> ServiceResult<Arc<http::RestProvider>> {
                Ok(Arc::new(http::RestProvider::new(limb, cfg)?))
            };
        Ok(Services {
            places: match &providers.places {
                ProviderChoice::Embedded => city()?,
                ProviderChoice::Http(cfg) => Arc::new(http::AmapPlaces::new(cfg)?),
            },
            catalog: match &providers.catalog {
                ProviderChoice::Embedded => city()?,
                ProviderChoice::Http(cfg) => rest("catalog", cfg)?,
            },
            travel: match &providers.travel {
                ProviderChoice::Embedded => city()?,
                ProviderChoice::Http(cfg) => rest("travel", cfg)?,
            },
            mobility: match &providers.mobility {
                ProviderChoice::Embedded => city()?,
                ProviderChoice::Http(cfg) => rest("mobility", cfg)?,
            },
            guides: match &providers.guides {
                ProviderChoice::Embedded => city()?,
                ProviderChoice::Http(cfg) => rest("guides", cfg)?,
            },
            payments: match &providers.payments {
                ProviderChoice::Embedded => city()?,
                ProviderChoice::Http(cfg) => rest("payments", cfg)?,
            },
        })
    }
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services").finish_non_exhaustive()
    }
}
