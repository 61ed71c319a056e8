//! What a failure may say outside the core: one line for an app's log, a support request or
//! a problem event, without the failure's payload. An error's `Display` is for the core's
//! own log and may hold the wearer's words (an utterance, an action id), a path that names
//! the user, or text a remote server chose (a refusal's reason, an error page, a lure);
//! [`PublicReason`] keeps only which part failed and how. The FFI's errors and the
//! companion's `Output::Problem` both use it, so the rule lives in one place.

use crate::companion::CompanionError;
use crate::config::ConfigError;
use crate::error::Error;
use crate::intent::llm::LlmError;
use crate::services::ServiceError;
use crate::store::StoreError;

/// A failure's reason without its payload: safe to log outside the core or to show an app.
pub trait PublicReason {
    /// Which part failed and how, in one line, without personal data or a server's words.
    fn public_reason(&self) -> String;
}

impl PublicReason for Error {
    fn public_reason(&self) -> String {
        match self {
            Error::Config(e) => e.public_reason(),
            Error::Store(e) => e.public_reason(),
            Error::Service(e) => e.public_reason(),
            Error::Companion(e) => e.public_reason(),
            Error::Llm(e) => e.public_reason(),
            // Link, perception, voice and runtime failures carry no personal data.
            Error::Link(_) | Error::Perception(_) | Error::Voice(_) | Error::Runtime(_) => {
                self.to_string()
            }
        }
    }
}

impl PublicReason for ServiceError {
    /// A refusal, an HTTP error page and a malformed body keep only which provider failed
    /// and how: their text is whatever the server chose to send (an echo of the request, a
    /// lure).
    fn public_reason(&self) -> String {
        match self {
            ServiceError::Refused { provider, kind, .. } => {
                format!("refused by {provider} ({kind})")
            }
            ServiceError::Status {
                provider, status, ..
            } => format!("{provider} answered HTTP {status}"),
            ServiceError::Malformed { provider, .. } => {
                format!("{provider} sent a malformed answer")
            }
            ServiceError::Store(e) => e.public_reason(),
            other => other.to_string(),
        }
    }
}

impl PublicReason for StoreError {
    /// Paths can name the user: the reason is kept without them.
    fn public_reason(&self) -> String {
        match self {
            StoreError::DataDir { reason, .. } => {
                format!("cannot create the data folder: {reason}")
            }
            StoreError::TooNew {
                found, supported, ..
            } => format!(
                "the database has schema version {found}, newer than this build supports ({supported})"
            ),
            other => other.to_string(),
        }
    }
}

impl PublicReason for ConfigError {
    /// The path of a config file can name the user; only the reason is kept.
    fn public_reason(&self) -> String {
        match self {
            ConfigError::Read { reason, .. } | ConfigError::Parse { reason, .. } => reason.clone(),
            ConfigError::Invalid { field, reason } => format!("`{field}` {reason}"),
        }
    }
}

impl PublicReason for CompanionError {
    /// Each refusal by variant, without its payload: an utterance or an action id is the
    /// wearer's data.
    fn public_reason(&self) -> String {
        match self {
            CompanionError::UnknownAction(_) => {
                "no shown card carries this action (it may have been used already)".into()
            }
            CompanionError::NothingInView(_) => {
                "nothing is in view to answer about; look at it and ask again".into()
            }
            CompanionError::NoCodeInView => {
                "no merchant payment code is in view; look at the code first".into()
            }
            CompanionError::TaskFailed(_) => "a background task of the companion failed".into(),
            CompanionError::Poisoned => {
                "the companion's state is unusable after an earlier failure".into()
            }
            // The amount error names at most the refused amount; the preference error the
            // key names and kinds the companion knows; the rest are fixed sentences.
            CompanionError::EmptyUtterance
            | CompanionError::SwitchedOff(_)
            | CompanionError::Amount(_)
            | CompanionError::EmptyNotification
            | CompanionError::NoGlasses
            | CompanionError::Preference(_) => self.to_string(),
        }
    }
}

impl PublicReason for LlmError {
    /// Without the payload: a model's answer or a refused tool argument can repeat the
    /// wearer's words, and a hostile endpoint chooses its error text.
    fn public_reason(&self) -> String {
        match self {
            LlmError::Unreachable(_) => "the LLM endpoint is unreachable",
            LlmError::Timeout(_) => "the LLM answer took too long",
            LlmError::Status(_) => "the LLM endpoint answered with an HTTP error",
            LlmError::Malformed(_) => "the LLM answer is malformed",
            LlmError::NoToolCall(_) => "the LLM made no tool call",
            LlmError::Rejected(_) => "the LLM's tool call was rejected",
            LlmError::Client(_) => "the LLM client could not be built",
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::Refusal;

    #[test]
    fn a_servers_words_never_reach_the_public_reason() {
        let lure = "call 400-123-4567 to claim your refund";
        let refused: Error = ServiceError::refused("payments", Refusal::Declined, lure).into();
        let status: Error = ServiceError::Status {
            provider: "catalog".into(),
            status: 503,
            code: Some("busy".into()),
            message: lure.into(),
        }
        .into();
        let malformed: Error = ServiceError::Malformed {
            provider: "travel".into(),
            reason: lure.into(),
        }
        .into();
        for e in [refused, status, malformed] {
            assert!(e.to_string().contains(lure), "the log keeps the words: {e}");
            let public = e.public_reason();
            assert!(!public.contains("400-123"), "{public}");
        }
    }

    #[test]
    fn the_wearers_words_and_paths_never_reach_the_public_reason() {
        let said: Error = CompanionError::NothingInView("is 王小明's shop open".into()).into();
        assert!(!said.public_reason().contains("王小明"));
        let dir: Error = StoreError::DataDir {
            path: "/home/wangxiaoming/sightline".into(),
            reason: "permission denied".into(),
        }
        .into();
        assert_eq!(
            dir.public_reason(),
            "cannot create the data folder: permission denied"
        );
        let llm: Error = LlmError::NoToolCall("the wearer said 王小明".into()).into();
        assert!(!llm.public_reason().contains("王小明"));
    }
}
