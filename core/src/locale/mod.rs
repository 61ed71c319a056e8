//! The wearer's language: every card, HUD page, spoken sentence and receipt is written in
//! Simplified Chinese or English, never both in one sentence.
//!
//! The words live in the message catalogue (`core/locales/{en,zh-Hans}/*.ftl`, Fluent syntax,
//! embedded in the library) and are looked up by id through [`Language::msg`]; numbers,
//! prices, dates, times, durations and distances are formatted here (`format`), by hand, so
//! the library carries no locale data tables. Which language answers is chosen by
//! [`Preferred`] (the phone's language, set by the shells) and, for an answer to an
//! utterance, by the utterance itself ([`Language::of_text`]). See `docs/language.md`.

mod catalogue;
mod format;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

pub use catalogue::Arg;
pub use format::{distance, duration_minutes, short_date, spoken_price, weekday_time, when};

/// A language the wearer reads and hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Simplified Chinese.
    Zh,
    /// English.
    #[default]
    En,
}

impl Language {
    /// Both languages, each with its own catalogue.
    pub const ALL: [Language; 2] = [Language::Zh, Language::En];

    /// The short code: `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
        }
    }

    /// The language of a locale tag or code as phones and shells write it (`zh`, `zh-CN`,
    /// `zh_Hans_CN`, `en-US`, `en_GB.UTF-8`); `None` for any other language, which then
    /// falls back to the caller's default.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag
            .trim()
            .split(['-', '_', '.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "zh" | "chi" | "zho" => Some(Language::Zh),
            "en" | "eng" => Some(Language::En),
            _ => None,
        }
    }

    /// The language a text is written in: Simplified Chinese when it has any CJK ideograph,
    /// else English (an utterance is answered in the language it was asked in).
    pub fn of_text(text: &str) -> Language {
        let ideograph = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}');
        if text.chars().any(ideograph) {
            Language::Zh
        } else {
            Language::En
        }
    }

    /// The catalogue's message `id` with `args` filled in. A message missing from the
    /// catalogue (the catalogue tests fail first) gives its id, never a panic.
    pub fn msg(self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        catalogue::message(self, id, args)
    }

    /// Of two names of one thing, the one in this language first: the other when this
    /// language's is empty.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        let (first, other) = match self {
            Language::Zh => (zh, en),
            Language::En => (en, zh),
        };
        if first.trim().is_empty() {
            other
        } else {
            first
        }
    }
}

/// The wearer's preferred language, shared by the companion and its proactive rules and
/// changed at run time when the phone's language changes (cheap to clone; clones share it).
#[derive(Debug, Clone, Default)]
pub struct Preferred(Arc<AtomicBool>);

impl Preferred {
    /// A preference for `language`.
    pub fn new(language: Language) -> Self {
        Self(Arc::new(AtomicBool::new(language == Language::Zh)))
    }

    /// The language now.
    pub fn get(&self) -> Language {
        if self.0.load(Ordering::Relaxed) {
            Language::Zh
        } else {
            Language::En
        }
    }

    /// Changes the language of every card from now on.
    pub fn set(&self, language: Language) {
        self.0.store(language == Language::Zh, Ordering::Relaxed);
    }
}

impl From<Language> for Preferred {
    fn from(language: Language) -> Self {
        Preferred::new(language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_and_texts_name_their_language() {
        for (tag, language) in [
            ("zh", Some(Language::Zh)),
            ("zh-CN", Some(Language::Zh)),
            ("zh_Hans_CN", Some(Language::Zh)),
            ("en_GB.UTF-8", Some(Language::En)),
            ("en-US", Some(Language::En)),
            ("fr_FR.UTF-8", None),
            ("C", None),
            ("", None),
        ] {
            assert_eq!(Language::from_tag(tag), language, "{tag}");
        }
        assert_eq!(Language::of_text("帮我买双雪地靴"), Language::Zh);
        assert_eq!(Language::of_text("buy snow boots 42"), Language::En);
        assert_eq!(Language::Zh.pick("雷峰塔", "Leifeng Pagoda"), "雷峰塔");
        assert_eq!(Language::En.pick("全家便利店", ""), "全家便利店");
        let preferred = Preferred::new(Language::En);
        let shared = preferred.clone();
        preferred.set(Language::Zh);
        assert_eq!(shared.get(), Language::Zh);
    }
}
