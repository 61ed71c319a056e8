//! Sightline core: everything the companion app does, platform-neutral and without FFI.
//!
//! Events come in at the edges (the glasses link, the app, location), the
//! [`companion`] loop turns each into at most a few [`card::Card`]s, and cards go out at
//! the edges (HUD, speech, app). See `docs/architecture.md`.

pub mod card;
pub mod companion;
pub mod config;
pub mod context;
pub mod error;
pub mod geo;
pub mod hud;
pub mod intent;
pub mod link;
pub mod locale;
#[cfg(feature = "measure")]
pub mod measure;
pub mod money;
pub mod notifications;
pub mod perception;
pub mod proactive;
pub mod public_reason;
#[cfg(feature = "render")]
pub mod render;
pub mod runtime;
pub mod services;
pub mod store;
pub mod subscription;
pub mod translate;
pub mod vault;
pub mod voice;

pub use config::Config;
pub use error::{Error, Result};
