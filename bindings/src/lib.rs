//! The FFI surface of Sightline: thin UniFFI wrappers over `sightline-core`, the only crate
//! with `#[uniffi::export]`. Kotlin, Swift and Python bindings are generated from this
//! library by the in-workspace `uniffi-bindgen` (`cargo xtask bindings`).
//!
//! - [`Companion`]: the one object an app holds.
//! - [`CompanionListener`] + [`Subscription`]: events to the app, cancellable.
//! - [`SightlineError`]: the few actionable errors, converted from the core in `error.rs`.
//! - [`GlassesTransport`] + [`GlassesSink`]: the phone's own BLE stack (Android
//!   `BluetoothGatt`, iOS CoreBluetooth) as a foreign trait; [`GlassesFamily`]: which
//!   glasses it connects to (every family the core has a driver for).
//! - [`LogSink`] + [`init_logging`]: the core's logs in the app's own log.
//! - [`VoiceRecognizer`]: speech from the phone's microphone, recognised on the device.
//! - `Companion::notify` ([`NotificationDelivery`]): the phone's notifications on the
//!   glasses; `Companion::pay_code_amount`: the amount for a merchant's code in view.
//! - [`shell_text`], [`shell_link_text`], [`shell_error_text`]: the shells' own words in the
//!   wearer's language, from the cards' message catalogue.
//! - [`KeyVault`]: the platform's key store (Android Keystore, iOS Keychain), which keeps the
//!   key that seals the database's secrets ([`companion_with_key_vault`]).

uniffi::setup_scaffolding!();

mod callbacks;
mod cards;
mod companion;
mod config;
mod error;
mod events;
pub mod families;
mod logging;
mod merchant_pay;
mod notifications;
mod shell_text;
#[cfg(feature = "sim")]
mod simulated;
mod subscription;
mod transport;
mod vault;
mod voice;

pub use cards::{Card, CardAction, CardActionKind, CardKind, Money};
pub use companion::{Companion, ForgetScope, HistoryEntry, Preference};
pub use config::{
    CompanionConfig, PrivacySettings, ProviderSetting, ProviderSettings, default_privacy_settings,
    default_provider_settings,
};
pub use error::{ListenerError, SightlineError, TransportFailure};
pub use events::CompanionEvent;
pub use families::GlassesFamily;
pub use logging::{LogLevel, LogSink, init_logging};
pub use notifications::NotificationDelivery;
pub use shell_text::{ShellMessage, shell_error_text, shell_link_text, shell_text};
pub use subscription::{CompanionListener, Subscription};
pub use transport::{GlassesSink, GlassesTransport};
pub use vault::{KeyVault, VaultFailure, companion_with_key_vault};
pub use voice::{Heard, HeardSegment, VoiceRecognizer};

/// The version of the Sightline core this library was built from.
#[uniffi::export]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
