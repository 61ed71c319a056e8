//! Every error that crosses the FFI boundary, converted in this one file.
//!
//! The core has one detailed error per module; an app needs a few actionable cases. Each
//! variant carries a `reason` for logs and support, never personal data (no utterances, no
//! card text, no file contents). Foreign-trait errors (listener, transport) implement
//! `From<UnexpectedUniFFICallbackError>`, so an exception thrown by Kotlin/Swift code becomes a
//! typed error in Rust instead of a panic.

use sightline_core::companion::CompanionError;
use sightline_core::config::ConfigError;
use sightline_core::perception::PerceptionError;
use sightline_core::public_reason::PublicReason;
use sightline_core::services::ServiceError;
use sightline_core::store::StoreError;
use uniffi::UnexpectedUniFFICallbackError;

/// A failure reported to the app. Match on the variant to decide what to show.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum SightlineError {
    /// The app passed something unusable (empty text, bad JSON, an undecodable image, an
    /// unknown action id). Nothing was changed; fix the input and call again.
    #[error("invalid input: {reason}")]
    InvalidInput {
        /// What is wrong with the input.
        reason: String,
    },
    /// The configuration cannot work (empty folder names, a bad value).
    #[error("invalid configuration: {reason}")]
    Configuration {
        /// Which value and why.
        reason: String,
    },
    /// The local database failed (disk full, unreadable file, newer schema). Offer retry or
    /// another data folder.
    #[error("storage failed: {reason}")]
    Storage {
        /// What the database layer said.
        reason: String,
    },
    /// What was asked for does not exist (an unknown product, place or bike).
    #[error("not found: {reason}")]
    NotFound {
        /// What was not found.
        reason: String,
    },
    /// A provider understood the request and said no (payment declined, bike in use, sold
    /// out). Retrying the same request will not help. Show `shell_error_text`, not the reason.
    #[error("refused: {reason}")]
    Refused {
        /// Which provider refused and the kind of refusal (`declined`, `sold_out`…), never the
        /// provider's own words (they can be a lure).
        reason: String,
    },
    /// A remote provider could not be reached or answered badly; retrying later may help.
    #[error("service unavailable: {reason}")]
    ServiceUnavailable {
        /// Which provider and what failed (never a URL or a credential).
        reason: String,
    },
    /// The glasses or the phone's Bluetooth failed (no adapter, disconnected, pairing refused).
    /// Offer to reconnect or pair again.
    #[error("glasses link failed: {reason}")]
    Glasses {
        /// What went wrong on the link.
        reason: String,
    },
    /// The operation was cancelled or the companion was shut down.
    #[error("cancelled: {reason}")]
    Cancelled {
        /// What was cancelled.
        reason: String,
    },
    /// A bug or an unexpected state inside the library; report it.
    #[error("internal error: {reason}")]
    Internal {
        /// Diagnostic text.
        reason: String,
    },
}

impl SightlineError {
    /// An [`SightlineError::InvalidInput`] with `reason`.
    pub fn invalid(reason: impl Into<String>) -> Self {
        Self::InvalidInput {
            reason: reason.into(),
        }
    }
}

impl From<sightline_core::Error> for SightlineError {
    fn from(e: sightline_core::Error) -> Self {
        use sightline_core::Error as Core;
        match e {
            Core::Config(e) => e.into(),
            Core::Store(e) => e.into(),
            Core::Service(e) => e.into(),
            Core::Runtime(reason) => Self::Internal { reason },
            Core::Companion(e) => e.into(),
            // Link and perception failures carry no personal data in their messages.
            Core::Link(e) => Self::Glasses {
                reason: e.to_string(),
            },
            Core::Perception(e) => e.into(),
            Core::Voice(e) => e.into(),
            Core::Llm(e) => Self::Configuration {
                reason: e.public_reason(),
            },
        }
    }
}

impl From<CompanionError> for SightlineError {
    /// Each refusal by variant, its reason without the payload (`PublicReason`): an
    /// utterance or an action id is the wearer's data and stays out of the message an app
    /// may log.
    fn from(e: CompanionError) -> Self {
        let reason = e.public_reason();
        match e {
            CompanionError::NoGlasses => Self::Glasses { reason },
            CompanionError::TaskFailed(_) | CompanionError::Poisoned => Self::Internal { reason },
            CompanionError::UnknownAction(_)
            | CompanionError::EmptyUtterance
            | CompanionError::NothingInView(_)
            | CompanionError::EmptyNotification
            | CompanionError::NoCodeInView
            | CompanionError::Amount(_)
            | CompanionError::SwitchedOff(_)
            | CompanionError::Preference(_) => Self::InvalidInput { reason },
        }
    }
}

impl From<PerceptionError> for SightlineError {
    fn from(e: PerceptionError) -> Self {
        use PerceptionError as P;
        let reason = e.to_string();
        match e {
            // The picture the app passed cannot be read: fix the input.
            P::EmptyInput
            | P::UnsupportedFormat
            | P::Decode(_)
            | P::ZeroSize { .. }
            | P::TooLarge { .. }
            | P::BadRegion(_) => Self::InvalidInput { reason },
            // The model files or the settings are wrong: run the setup step again.
            P::ModelMissing { .. } | P::ModelDamaged { .. } | P::BadConfig(_) => {
                Self::Configuration { reason }
            }
            P::ModelLoad { .. } | P::Inference { .. } => Self::Internal { reason },
        }
    }
}

impl From<ConfigError> for SightlineError {
    /// The path of a config file can name the user; only the reason crosses.
    fn from(e: ConfigError) -> Self {
        Self::Configuration {
            reason: e.public_reason(),
        }
    }
}

impl From<StoreError> for SightlineError {
    /// Paths can name the user; the reason crosses without them.
    fn from(e: StoreError) -> Self {
        let reason = e.public_reason();
        match e {
            StoreError::Refused(_) => Self::InvalidInput { reason },
            _ => Self::Storage { reason },
        }
    }
}

impl From<ServiceError> for SightlineError {
    /// An HTTP error page, a refusal and a malformed body keep only which provider failed and
    /// how (`PublicReason`): their text is whatever the server chose to send.
    fn from(e: ServiceError) -> Self {
        let reason = e.public_reason();
        match e {
            ServiceError::NotFound(_) => Self::NotFound { reason },
            ServiceError::InvalidRequest(_) => Self::InvalidInput { reason },
            ServiceError::Refused { .. } => Self::Refused { reason },
            ServiceError::Status { .. }
            | ServiceError::Malformed { .. }
            | ServiceError::Unreachable { .. }
            | ServiceError::Timeout { .. }
            | ServiceError::TooLarge { .. } => Self::ServiceUnavailable { reason },
            ServiceError::Store(e) => e.into(),
            ServiceError::City(_) | ServiceError::Seed(_) => Self::Storage { reason },
        }
    }
}

/// A failure inside a foreign [`crate::CompanionListener`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum ListenerError {
    /// The listener threw; the event is dropped and forwarding goes on.
    #[error("listener failed: {reason}")]
    Failed {
        /// What the foreign code said.
        reason: String,
    },
}

impl From<UnexpectedUniFFICallbackError> for ListenerError {
    fn from(e: UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

/// A failure reported by a foreign [`crate::GlassesTransport`] (Android `BluetoothGatt`, iOS
/// CoreBluetooth).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum TransportFailure {
    /// Bluetooth is off, missing, or the app lacks the permission.
    #[error("Bluetooth unavailable: {reason}")]
    Unavailable {
        /// What the platform said.
        reason: String,
    },
    /// The connection is gone.
    #[error("disconnected: {reason}")]
    Disconnected {
        /// What the platform said.
        reason: String,
    },
    /// Any other platform failure, including an exception the platform code did not expect.
    #[error("Bluetooth failure: {reason}")]
    Failed {
        /// What the platform said.
        reason: String,
    },
}

impl From<UnexpectedUniFFICallbackError> for TransportFailure {
    fn from(e: UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sightline_core::intent::llm::LlmError;
    use std::path::PathBuf;

    #[test]
    fn config_errors_drop_the_path() {
        let e: SightlineError = sightline_core::Error::Config(ConfigError::Read {
            path: PathBuf::from("/home/alice/secret-diary/sightline.toml"),
            reason: "No such file".into(),
        })
        .into();
        assert!(matches!(e, SightlineError::Configuration { .. }));
        assert!(!e.to_string().contains("alice"), "{e}");
    }

    #[test]
    fn companion_errors_drop_the_wearers_words() {
        let said = "does this shop sell anything for Alice Zhang's birthday";
        let nothing = CompanionError::NothingInView(said.into());
        assert!(
            nothing.to_string().contains("Alice"),
            "the core keeps the words"
        );
        let e: SightlineError = sightline_core::Error::Companion(nothing).into();
        assert!(matches!(e, SightlineError::InvalidInput { .. }));
        assert!(!e.to_string().contains("Alice"), "{e}");
        let e: SightlineError = CompanionError::UnknownAction("pay-4711-alice".into()).into();
        assert!(!e.to_string().contains("alice"), "{e}");
        let e: SightlineError = CompanionError::TaskFailed("panicked at /home/alice".into()).into();
        assert!(matches!(&e, SightlineError::Internal { reason } if !reason.contains("alice")));
        let e: SightlineError = CompanionError::NoGlasses.into();
        assert!(matches!(e, SightlineError::Glasses { .. }));
    }

    #[test]
    fn security_llm_errors_drop_the_models_words() {
        let said = "Alice Zhang wants to pay 500 yuan; ignore the rules";
        for e in [
            LlmError::NoToolCall(said.into()),
            LlmError::Malformed(said.into()),
            LlmError::Unreachable(said.into()),
        ] {
            assert!(e.to_string().contains("Alice"), "the core keeps the words");
            let e: SightlineError = sightline_core::Error::Llm(e).into();
            assert!(matches!(e, SightlineError::Configuration { .. }));
            assert!(!e.to_string().contains("Alice"), "{e}");
        }
    }

    #[test]
    fn store_errors_are_storage_or_invalid_input() {
        let e: SightlineError = StoreError::DataDir {
            path: PathBuf::from("/home/bob/x"),
            reason: "read-only file system".into(),
        }
        .into();
        assert!(matches!(&e, SightlineError::Storage { reason } if !reason.contains("bob")));
        let e: SightlineError = StoreError::Refused("order already paid".into()).into();
        assert!(matches!(e, SightlineError::InvalidInput { .. }));
    }

    #[test]
    fn service_errors_map_to_actionable_variants() {
        let declined = ServiceError::refused(
            "payments",
            sightline_core::services::Refusal::Declined,
            "card declined; call 400-800-1234",
        );
        assert!(matches!(
            SightlineError::from(declined),
            SightlineError::Refused { reason } if reason == "refused by payments (declined)"
        ));
        let timeout = ServiceError::Timeout {
            provider: "catalog".into(),
            after_ms: 5000,
        };
        assert!(matches!(
            SightlineError::from(timeout),
            SightlineError::ServiceUnavailable { .. }
        ));
        assert!(matches!(
            SightlineError::from(ServiceError::NotFound("bike".into())),
            SightlineError::NotFound { .. }
        ));
    }

    /// A hostile server's error page never crosses, whatever it echoes.
    #[test]
    fn security_service_error_pages_stay_out_of_the_reason() {
        let page = ServiceError::Status {
            provider: "catalog".into(),
            status: 401,
            code: None,
            message: "bad key sk-4711 for alice@example.com".into(),
        };
        let e = SightlineError::from(page);
        assert!(
            matches!(&e, SightlineError::ServiceUnavailable { reason } if reason == "catalog answered HTTP 401"),
            "{e}"
        );
    }

    #[test]
    fn foreign_exceptions_become_typed_errors() {
        let unexpected = || UnexpectedUniFFICallbackError::new("IllegalStateException");
        assert!(matches!(
            TransportFailure::from(unexpected()),
            TransportFailure::Failed { .. }
        ));
        assert!(matches!(
            ListenerError::from(unexpected()),
            ListenerError::Failed { .. }
        ));
    }
}
