//! From a stated intent to one result: the taxonomy, the on-device parser (zh + en + mixed),
//! the context it resolves references and relative dates against, the planner (one card per
//! request), the optional LLM path and the interactions accounting.
//!
//! See `docs/intents.md` for the taxonomy and the normalisation rules.

pub mod amount;
pub mod ask;
pub mod clean;
pub mod company;
mod compare;
pub mod context;
pub mod dates;
pub mod dishes;
mod extract;
pub mod gate;
pub mod kinds;
pub mod lexicon;
pub mod listing;
pub mod llm;
pub mod near;
pub mod numbers;
pub mod parse;
pub mod plan;
pub mod slots;
mod spoken;
pub mod store;
mod suggest;
pub mod taxonomy;
pub mod triggers;
pub mod words;

pub use ask::{Answer, Timings, Understood, ask, understand};
pub use context::{AskContext, InView, Preferences, ViewedPlace, ViewedProduct};
pub use parse::{Parsed, parse, parse_with};
pub use plan::{Interactions, Plan, Planner};
pub use taxonomy::{Intent, IntentKind, SlotError, SlotValue, TAXONOMY};
