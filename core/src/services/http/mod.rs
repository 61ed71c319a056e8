//! Remote providers over reqwest (rustls): the Amap POI API for `Places`, and the REST
//! contract of `docs/providers.md` for the other limbs. All calls go through
//! [`client::HttpClient`]: time limits, body-size cap, retries with backoff and jitter for
//! idempotent calls only, typed errors without URLs or secrets.

pub mod amap;
pub mod client;
pub mod gcj02;
pub mod rest;

pub use amap::AmapPlaces;
pub use rest::RestProvider;
