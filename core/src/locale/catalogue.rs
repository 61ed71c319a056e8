//! The message catalogue: one Fluent bundle per language, built once from the `.ftl` files
//! embedded in the library. Isolation marks (U+2068/U+2069 around each variable) are off:
//! they are invisible characters that would break the HUD's width rules.

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use super::Language;

/// The catalogue files of one language, in the order they are added to its bundle: the
/// cards' words, and the phone shells' own (`shell.ftl`).
pub(super) fn sources(language: Language) -> &'static [(&'static str, &'static str)] {
    match language {
        Language::En => &[
            ("en/cards.ftl", include_str!("../../locales/en/cards.ftl")),
            ("en/shell.ftl", include_str!("../../locales/en/shell.ftl")),
        ],
        Language::Zh => &[
            (
                "zh-Hans/cards.ftl",
                include_str!("../../locales/zh-Hans/cards.ftl"),
            ),
            (
                "zh-Hans/shell.ftl",
                include_str!("../../locales/zh-Hans/shell.ftl"),
            ),
        ],
    }
}

/// A value filled into a message: a text (already formatted: a price, a name, a date) or a
/// whole number (which can choose a plural form, "1 night" / "2 nights").
#[derive(Debug, Clone, PartialEq)]
pub enum Arg<'a> {
    /// Text, inserted as it is.
    Text(Cow<'a, str>),
    /// A count.
    Count(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Self {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(text: &'a String) -> Self {
        Arg::Text(Cow::Borrowed(text.as_str()))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Count(i64::from(n))
    }
}

impl From<u8> for Arg<'_> {
    fn from(n: u8) -> Self {
        Arg::Count(i64::from(n))
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Count(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

struct Bundles {
    zh: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundles() -> &'static Bundles {
    static BUNDLES: OnceLock<Bundles> = OnceLock::new();
    BUNDLES.get_or_init(|| Bundles {
        zh: bundle(Language::Zh),
        en: bundle(Language::En),
    })
}

/// The language's bundle; a file that does not parse is logged and its good messages kept
/// (the catalogue tests reject it before it ships).
fn bundle(language: Language) -> FluentBundle<FluentResource> {
    let tag = match language {
        Language::Zh => "zh-Hans",
        Language::En => "en",
    };
    let id = tag
        .parse::<LanguageIdentifier>()
        .unwrap_or_else(|_| LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    for (name, text) in sources(language) {
        let resource = FluentResource::try_new((*text).to_string()).unwrap_or_else(|(r, e)| {
            tracing::error!("catalogue {name}: {} syntax errors", e.len());
            r
        });
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!("catalogue {name}: {} duplicate messages", errors.len());
        }
    }
    bundle
}

/// Message `id` in `language` with `args`; its id when the catalogue lacks it.
pub(super) fn message(language: Language, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    let all = bundles();
    let bundle = match language {
        Language::Zh => &all.zh,
        Language::En => &all.en,
    };
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        tracing::error!(
            "message {id} missing from the {} catalogue",
            language.code()
        );
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        let value = match value {
            Arg::Text(text) => FluentValue::from(text.as_ref()),
            Arg::Count(n) => FluentValue::from(*n),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::error!("message {id} ({}): {errors:?}", language.code());
    }
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use fluent_syntax::ast;
    use fluent_syntax::parser;

    use super::*;

    /// Every message of a language with the variables it uses.
    fn messages(language: Language) -> BTreeMap<String, BTreeSet<String>> {
        let mut all = BTreeMap::new();
        for (name, text) in sources(language) {
            let resource = parser::parse(*text)
                .unwrap_or_else(|(_, errors)| panic!("{name} does not parse: {errors:?}"));
            for entry in resource.body {
                if let ast::Entry::Message(m) = entry {
                    let mut vars = BTreeSet::new();
                    if let Some(value) = &m.value {
                        variables(value, &mut vars);
                    }
                    assert!(m.value.is_some(), "{name}: {} has no value", m.id.name);
                    let fresh = all.insert(m.id.name.to_string(), vars).is_none();
                    assert!(fresh, "{name}: {} twice", m.id.name);
                }
            }
        }
        all
    }

    fn variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                expression_variables(expression, out);
            }
        }
    }

    fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
        let inline = |e: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>| match e {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.to_string());
            }
            ast::InlineExpression::Placeable { expression } => {
                expression_variables(expression, out)
            }
            _ => {}
        };
        match expression {
            ast::Expression::Inline(e) => inline(e, out),
            ast::Expression::Select { selector, variants } => {
                inline(selector, out);
                for v in variants {
                    variables(&v.value, out);
                }
            }
        }
    }

    #[test]
    fn locale_every_message_exists_in_both_languages_with_the_same_variables() {
        let zh = messages(Language::Zh);
        let en = messages(Language::En);
        let zh_ids: BTreeSet<_> = zh.keys().collect();
        let en_ids: BTreeSet<_> = en.keys().collect();
        assert_eq!(zh_ids, en_ids, "the catalogues hold different messages");
        for (id, vars) in &en {
            assert_eq!(Some(vars), zh.get(id), "{id}: different variables");
        }
        assert!(en.len() > 50, "{} messages", en.len());
    }

    /// Every id the code asks for (each `.msg(` call with a literal id in core/src, and in
    /// bindings/src, whose cards add the line an app shows under them) is in the catalogue:
    /// a missing message fails here, never at run time.
    #[test]
    fn locale_every_message_the_code_uses_is_in_the_catalogue() {
        let known = messages(Language::En);
        let mut used = BTreeSet::new();
        let core = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![core.join("src"), core.join("../bindings/src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let mut from = 0;
                    while let Some(at) = text[from..].find(".msg(") {
                        let after = text[from + at + 5..].trim_start();
                        let id: String = after
                            .strip_prefix('"')
                            .unwrap_or("")
                            .chars()
                            .take_while(|c| {
                                c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'
                            })
                            .collect();
                        if !id.is_empty() {
                            used.insert((id, path.display().to_string()));
                        }
                        from += at + 5;
                    }
                }
            }
        }
        assert!(used.len() > 20, "{} uses found", used.len());
        for (id, file) in used {
            assert!(
                known.contains_key(&id),
                "{file} uses {id}, not in the catalogue"
            );
        }
    }

    /// The literal text of every message (variables left out), pattern by pattern.
    fn literals(language: Language) -> Vec<(String, String)> {
        fn collect(pattern: &ast::Pattern<&str>, out: &mut String) {
            for element in &pattern.elements {
                match element {
                    ast::PatternElement::TextElement { value } => out.push_str(value),
                    ast::PatternElement::Placeable {
                        expression: ast::Expression::Select { variants, .. },
                    } => {
                        for v in variants {
                            collect(&v.value, out);
                        }
                    }
                    ast::PatternElement::Placeable { .. } => out.push(' '),
                }
            }
        }
        let mut all = Vec::new();
        for (name, text) in sources(language) {
            let resource = parser::parse(*text)
                .unwrap_or_else(|(_, errors)| panic!("{name} does not parse: {errors:?}"));
            for entry in resource.body {
                if let ast::Entry::Message(m) = entry
                    && let Some(value) = &m.value
                {
                    let mut out = String::new();
                    collect(value, &mut out);
                    all.push((m.id.name.to_string(), out));
                }
            }
        }
        all
    }

    /// One language per sentence: the Chinese catalogue's own words have no Latin letters
    /// (but for the abbreviations people read as they are), the English one no Chinese.
    #[test]
    fn locale_each_catalogue_is_written_in_its_own_language() {
        const LATIN_IN_CHINESE: [&str; 4] = ["Sightline", "EMV", "EU", "QR"];
        for (id, text) in literals(Language::Zh) {
            let mut rest = text.clone();
            for allowed in LATIN_IN_CHINESE {
                rest = rest.replace(allowed, "");
            }
            assert!(
                !rest.chars().any(|c| c.is_ascii_alphabetic()),
                "zh-Hans {id}: {text}"
            );
        }
        for (id, text) in literals(Language::En) {
            assert_eq!(Language::of_text(&text), Language::En, "en {id}: {text}");
            assert!(!text.contains(['，', '。', '：']), "en {id}: {text}");
        }
    }

    #[test]
    fn locale_messages_format_without_isolation_marks() {
        let text = message(Language::En, "card-paid-title", &[("total", "¥35".into())]);
        assert_eq!(text, "Paid ¥35");
        assert!(!text.contains('\u{2068}'));
        let zh = message(Language::Zh, "card-paid-title", &[("total", "¥35".into())]);
        assert_eq!(zh, "已付款 ¥35");
        assert_eq!(
            message(Language::En, "no-such-message", &[]),
            "no-such-message"
        );
    }
}
