//! The wearer's language on the desktop: `--lang zh|en` (any locale tag: `zh-CN`,
//! `en_GB.UTF-8`), else the environment's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`, as a
//! phone's language would be), else English. `sightline ask` answers in the language asked
//! unless `--lang` says otherwise (see docs/language.md).

use sightline_core::locale::Language;

/// Parses `--lang`: `zh`, `en` or a locale tag of either.
pub fn parse(text: &str) -> Result<Language, String> {
    Language::from_tag(text)
        .ok_or_else(|| format!("`{text}` is not a language Sightline speaks: use zh or en"))
}

/// The language of the environment's locale, if it is Chinese or English.
fn from_env() -> Option<Language> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
        .and_then(|value| Language::from_tag(&value))
}

/// The wearer's preferred language: `flag` when given, else the environment's, else English.
pub fn preferred(flag: Option<Language>) -> Language {
    flag.or_else(from_env).unwrap_or(Language::En)
}
