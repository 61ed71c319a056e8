//! `CompanionError`: the requests the Companion refuses, each with what to do about it. A
//! leaf, so the core's one `Error` can wrap it without reaching into the companion.

use thiserror::Error;

/// A request the Companion refused, with what to do about it.
#[derive(Debug, Error)]
pub enum CompanionError {
    /// `confirm` got an id that no shown card carries (or it was already used).
    #[error("no card carries the action `{0}` (it may have been used already)")]
    UnknownAction(String),
    /// The utterance was empty.
    #[error("nothing was said")]
    EmptyUtterance,
    /// The question is about "this shop"/"this place" but nothing is in view.
    #[error("nothing is in view to answer “{0}” about; look at the shop and ask again")]
    NothingInView(String),
    /// The rule that answers this is switched off in preferences.
    #[error("the `{0}` rule is switched off (preference proactive.{0})")]
    SwitchedOff(&'static str),
    /// An amount to pay was given but no merchant payment code was seen lately.
    #[error("no merchant payment code is in view; look at the code and say the amount again")]
    NoCodeInView,
    /// The amount to pay a merchant code could not be read, or may not be paid.
    #[error("{0}")]
    Amount(#[from] crate::intent::amount::AmountError),
    /// A phone notification with neither a title nor a text.
    #[error("the notification has neither a title nor a text")]
    EmptyNotification,
    /// The request needs glasses and none are attached.
    #[error("no glasses are connected; pair or connect them first")]
    NoGlasses,
    /// A preference the companion does not read, or a value not of its kind.
    #[error("{0}")]
    Preference(String),
    /// A worker task ended without an answer (it panicked or was cancelled).
    #[error("a background task failed: {0}")]
    TaskFailed(String),
    /// A lock was poisoned by a panic in another thread.
    #[error("companion state lock poisoned")]
    Poisoned,
}
