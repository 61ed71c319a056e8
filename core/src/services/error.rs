//! The one error type of every provider, embedded or remote, so callers (the planner, the
//! companion) handle "not found", "refused" and "the network failed" the same way whichever
//! provider is configured.

use thiserror::Error;

use crate::locale::Language;
use crate::store::StoreError;

/// A provider call that failed.
#[derive(Debug, Error)]
pub enum ServiceError {
    /// The thing asked for does not exist (unknown POI id, barcode, bike QR payload…).
    #[error("not found: {0}")]
    NotFound(String),
    /// The request itself is wrong (bad barcode check digit, invalid position, empty name…).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The provider understood the request and said no (bike in use, payment declined,
    /// confirmation does not cover this order, sold out…).
    #[error("refused by {provider}: {reason}")]
    Refused {
        /// Which provider refused.
        provider: String,
        /// Why, in the provider's words.
        reason: String,
    },
    /// The remote provider could not be reached (connection refused, DNS, TLS).
    #[error("{provider} unreachable: {reason}")]
    Unreachable {
        /// Which provider.
        provider: String,
        /// What failed, never including the request URL or credentials.
        reason: String,
    },
    /// The remote provider did not answer in time.
    #[error("{provider} timed out after {after_ms} ms")]
    Timeout {
        /// Which provider.
        provider: String,
        /// The time limit that was hit.
        after_ms: u64,
    },
    /// The remote provider answered with an HTTP error status.
    #[error("{provider} answered HTTP {status}: {message}")]
    Status {
        /// Which provider.
        provider: String,
        /// The HTTP status code.
        status: u16,
        /// The provider's error message, shortened.
        message: String,
    },
    /// The remote provider answered with a body that does not follow its contract.
    #[error("{provider} sent a malformed answer: {reason}")]
    Malformed {
        /// Which provider.
        provider: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The remote provider's answer is larger than the configured limit.
    #[error("{provider} answer exceeds {limit_bytes} bytes")]
    TooLarge {
        /// Which provider.
        provider: String,
        /// The limit.
        limit_bytes: usize,
    },
    /// The embedded demo-city database failed.
    #[error("demo city database: {0}")]
    City(#[from] rusqlite::Error),
    /// The demo-city seed spec is wrong (a bug in the repository's data).
    #[error("demo city seed spec: {0}")]
    Seed(String),
    /// The user database failed (orders, ledger).
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ServiceError {
    /// The failure as a sentence for the wearer, shown on a card and spoken: plain words, no
    /// error codes, no quoting marks, nothing of the request's internals. (`Display` is for
    /// logs and developers.)
    pub fn for_people(&self) -> String {
        self.for_people_in(Language::En)
    }

    /// [`ServiceError::for_people`] in `language`.
    pub fn for_people_in(&self, language: Language) -> String {
        match self {
            ServiceError::NotFound(what) => {
                language.msg("error-not-found", &[("what", plain(what).into())])
            }
            ServiceError::InvalidRequest(why) => {
                language.msg("error-invalid", &[("why", plain(why).into())])
            }
            ServiceError::Refused { provider, reason } => language.msg(
                "error-refused",
                &[
                    ("provider", provider.into()),
                    ("reason", plain(reason).into()),
                ],
            ),
            ServiceError::Unreachable { provider, .. } | ServiceError::Timeout { provider, .. } => {
                language.msg("error-unreachable", &[("provider", provider.into())])
            }
            ServiceError::Status { provider, .. }
            | ServiceError::Malformed { provider, .. }
            | ServiceError::TooLarge { provider, .. } => {
                language.msg("error-provider", &[("provider", provider.into())])
            }
            ServiceError::City(_) | ServiceError::Seed(_) | ServiceError::Store(_) => {
                language.msg("error-phone", &[])
            }
        }
    }

    /// True for failures where the same idempotent request may succeed if tried again.
    pub fn is_transient(&self) -> bool {
        match self {
            ServiceError::Unreachable { .. } | ServiceError::Timeout { .. } => true,
            ServiceError::Status { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }
}

/// A provider's words made fit for a sentence: quoting marks dropped, no closing full stop.
fn plain(text: &str) -> String {
    text.replace(['`', '"'], "")
        .trim()
        .trim_end_matches('.')
        .to_string()
}

/// Result of provider calls.
pub type ServiceResult<T> = Result<T, ServiceError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newuser_errors_for_the_wearer_are_sentences_without_code_marks() {
        let cases = [
            ServiceError::NotFound("bike `HB999999`".into()),
            ServiceError::InvalidRequest("keyword `!!` has no letters or digits".into()),
            ServiceError::Refused {
                provider: "mobility".into(),
                reason: "bike `HB1` is in use.".into(),
            },
            ServiceError::Timeout {
                provider: "catalog".into(),
                after_ms: 5_000,
            },
            ServiceError::Seed("bad spec".into()),
        ];
        for error in cases {
            let said = error.for_people();
            assert!(!said.contains('`'), "{said}");
            assert!(said.ends_with('.'), "{said}");
            assert!(!said.contains("not found:"), "{said}");
            let first = said.chars().next().unwrap();
            assert!(first.is_uppercase(), "{said}");
        }
        assert_eq!(
            ServiceError::NotFound("bike `HB999999`".into()).for_people(),
            "I could not find bike HB999999."
        );
    }
}
