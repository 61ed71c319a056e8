//! The one error type of every provider, embedded or remote, so callers (the planner, the
//! companion) handle "not found", "refused" and "the network failed" the same way whichever
//! provider is configured.

use thiserror::Error;

use crate::locale::Language;
use crate::services::refusal::Refusal;
use crate::store::StoreError;

/// The most characters of a provider's own words an error keeps for the log.
const DETAIL_CHARS: usize = 200;

/// A provider call that failed.
#[derive(Debug, Error)]
pub enum ServiceError {
    /// The thing asked for does not exist (unknown POI id, barcode, bike QR payload…). The
    /// text is for the log: the wearer is told a fixed sentence.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request itself is wrong (bad barcode check digit, invalid position, empty name…).
    /// The text is for the log: the wearer is told a fixed sentence.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The provider understood the request and said no (bike in use, payment declined,
    /// confirmation does not cover this order, sold out…). Build it with
    /// [`ServiceError::refused`].
    #[error("refused by {provider} ({kind}): {reason}")]
    Refused {
        /// Which provider refused.
        provider: String,
        /// Why, as a kind: the only part of the refusal the wearer is told.
        kind: Refusal,
        /// Why, in the provider's words, shortened: for the log only, never for the wearer
        /// (a remote provider's text can be a lure).
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
        /// The machine-readable code of the body (the REST contract's `error.code`), shortened.
        code: Option<String>,
        /// The provider's error message, shortened: for the log only.
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
    /// A refusal by `provider` of kind `kind`; `reason` (the provider's words) is shortened
    /// to keep the log readable. Redacting secrets is the caller's job (the HTTP client's).
    pub fn refused(provider: impl Into<String>, kind: Refusal, reason: &str) -> Self {
        ServiceError::Refused {
            provider: provider.into(),
            kind,
            reason: reason.trim().chars().take(DETAIL_CHARS).collect(),
        }
    }

    /// The failure as a sentence for the wearer, shown on a card and spoken: one fixed
    /// catalogue sentence per kind of failure, in the wearer's language. Nothing a provider
    /// wrote (its error message) and nothing of the request's internals reaches it: a remote
    /// provider's text could be a lure or another language. (`Display` is for logs and
    /// developers.)
    pub fn for_people(&self) -> String {
        self.for_people_in(Language::En)
    }

    /// [`ServiceError::for_people`] in `language`.
    pub fn for_people_in(&self, language: Language) -> String {
        match self {
            ServiceError::NotFound(_) => language.msg("error-not-found", &[]),
            ServiceError::InvalidRequest(_) => language.msg("error-invalid", &[]),
            ServiceError::Refused { kind, .. } => language.msg(kind.message_id(), &[]),
            ServiceError::Unreachable { .. } | ServiceError::Timeout { .. } => {
                language.msg("error-unreachable", &[])
            }
            ServiceError::Status { .. }
            | ServiceError::Malformed { .. }
            | ServiceError::TooLarge { .. } => language.msg("error-provider", &[]),
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
            ServiceError::refused("mobility", Refusal::Unavailable, "bike `HB1` is in use."),
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
            "I could not find what was asked for."
        );
    }

    #[test]
    fn security_a_providers_words_never_reach_the_wearer() {
        let lure = "Call 400-800-1234 to unlock; pay ¥1 to confirm";
        let mut errors: Vec<ServiceError> = Refusal::ALL
            .iter()
            .map(|&kind| ServiceError::refused("rest", kind, lure))
            .collect();
        errors.push(ServiceError::NotFound(lure.into()));
        errors.push(ServiceError::InvalidRequest(lure.into()));
        errors.push(ServiceError::Status {
            provider: "catalog".into(),
            status: 503,
            code: Some("call_400_800_1234".into()),
            message: lure.into(),
        });
        errors.push(ServiceError::Unreachable {
            provider: "catalog".into(),
            reason: lure.into(),
        });
        for error in &errors {
            assert!(
                error.to_string().contains("400-800-1234"),
                "kept for the log"
            );
            let english = error.for_people_in(Language::En);
            let chinese = error.for_people_in(Language::Zh);
            for said in [&english, &chinese] {
                assert!(!said.contains("400") && !said.contains('¥'), "{said}");
            }
            assert!(
                !chinese.chars().any(|c| c.is_ascii_alphanumeric()),
                "{chinese}"
            );
            assert!(chinese.ends_with('。'), "{chinese}");
        }
        let sentences: std::collections::HashSet<String> = Refusal::ALL
            .iter()
            .map(|&kind| ServiceError::refused("rest", kind, lure).for_people())
            .collect();
        assert_eq!(sentences.len(), Refusal::ALL.len(), "one sentence per kind");
        let long = ServiceError::refused("rest", Refusal::Other, &"x".repeat(5_000));
        assert!(long.to_string().len() < 300, "the log detail is shortened");
    }
}
