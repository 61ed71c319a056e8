//! The limbs: what Sightline can get done in the world — places, products and offers,
//! travel, shared bikes, landmark guides and payments.
//!
//! Each limb is a small async trait ([`Places`], [`Catalog`], [`Travel`], [`Mobility`],
//! [`Guides`], [`Payments`]) with plain request/response types that are also the JSON wire
//! format of the REST provider (`docs/providers.md`). [`Services`] bundles one provider per
//! limb, chosen per limb in the `[providers]` config section.

pub mod catalog;
pub mod config;
pub mod error;
pub mod guides;
pub mod local;
pub mod mobility;
pub mod orders;
pub mod payments;
pub mod places;
pub mod travel;

use std::sync::Arc;

pub use catalog::{Catalog, DeliveryTo, Merchant, Offer, Product, ProductQuery, ShopStock};
pub use config::{HttpProviderConfig, ProviderChoice, ProvidersConfig};
pub use error::{ServiceError, ServiceResult};
pub use guides::{Guide, Guides, Language};
pub use mobility::{Bike, BikeStatus, Mobility, Ride, RideReceipt};
pub use payments::{ConfirmationToken, Payment, PaymentRequest, PaymentState, Payments, Quote};
pub use places::{
    NameMatch, NearbyQuery, OpeningHours, Places, Poi, PoiCategory, PoiDetails, PoiHit, Review,
};
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
}

impl std::fmt::Debug for Services {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Services").finish_non_exhaustive()
    }
}
