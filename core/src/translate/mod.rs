//! "What does this say?": each text line of the sign (menu, label) in view, put into the
//! wearer's language. Offline first, from the bilingual names the core already knows (places
//! and products in the services, the parser's word lists); with an LLM configured and the
//! wearer asking, the lines still unknown go through it; a line neither knows is said plainly
//! to have no translation. One card ([`card::translation_card`]) shows the result.

pub mod card;
mod known;
pub mod llm;

use crate::geo::GeoPoint;
use crate::intent::Intent;
use crate::intent::llm::{LlmError, LlmPlanner};
use crate::services::{Language, Services};

pub use card::translation_card;

/// Most sign lines translated for one question (a sign rarely has more; OCR noise does).
pub const MAX_LINES: usize = 12;
/// Longest sign line kept, in characters; longer OCR output is cut.
pub const MAX_LINE_CHARS: usize = 80;

/// How one line of the sign was put into the wearer's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rendering {
    /// A name the core knows in both languages.
    Known(String),
    /// Already in the wanted language.
    Same,
    /// Translated by the configured LLM (untrusted text, cleaned and length-capped).
    Online(String),
    /// No offline translation (and none online).
    Unknown,
}

/// One line of the sign and its rendering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineTranslation {
    /// The line as read.
    pub said: String,
    /// What it says in the wanted language.
    pub rendering: Rendering,
}

/// The sign's lines put into `to`: what the core knows offline, then (when `llm` is given)
/// the unknown lines through it. An LLM failure leaves those lines [`Rendering::Unknown`] and
/// is returned beside the lines so the card can say the online translation failed.
pub async fn translate_sign(
    lines: &[String],
    to: Language,
    services: &Services,
    near: Option<GeoPoint>,
    llm: Option<&LlmPlanner>,
) -> (Vec<LineTranslation>, Option<LlmError>) {
    let mut out = Vec::new();
    for said in sign_lines(lines) {
        let rendering = known::render(&said, to, services, near).await;
        out.push(LineTranslation { said, rendering });
    }
    let Some(llm) = llm else {
        return (out, None);
    };
    let unknown: Vec<String> = out
        .iter()
        .filter(|l| l.rendering == Rendering::Unknown)
        .map(|l| l.said.clone())
        .collect();
    if unknown.is_empty() {
        return (out, None);
    }
    match llm::translate_lines(llm, &unknown, to).await {
        Ok(translated) => {
            let mut online = translated.into_iter();
            for line in out.iter_mut().filter(|l| l.rendering == Rendering::Unknown) {
                if let Some(t) = online.next() {
                    line.rendering = Rendering::Online(t);
                }
            }
            (out, None)
        }
        Err(error) => {
            tracing::info!(%error, "online translation failed; the offline card answers");
            (out, Some(error))
        }
    }
}

/// The lines worth translating: trimmed, non-empty, at most [`MAX_LINES`] of at most
/// [`MAX_LINE_CHARS`] characters, control characters dropped, each once.
fn sign_lines(lines: &[String]) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for line in lines {
        let clean = clean_text(line, MAX_LINE_CHARS);
        if !clean.is_empty() && !kept.contains(&clean) {
            kept.push(clean);
        }
        if kept.len() == MAX_LINES {
            break;
        }
    }
    kept
}

/// `text` without control characters, cut to `max_chars` characters, trimmed: how every
/// line read from a sign or a model is kept.
pub fn clean_text(text: &str, max_chars: usize) -> String {
    let kept: String = text
        .chars()
        .filter(|c| !c.is_control())
        .take(max_chars)
        .collect();
    kept.trim().to_string()
}

/// The language a `sign.translate` intent asks for: its `language` slot, else `asked_in`.
pub fn wanted_language(intent: &Intent, asked_in: Language) -> Language {
    match intent.text("language") {
        Some("zh") => Language::Zh,
        Some("en") => Language::En,
        _ => asked_in,
    }
}

/// The language a line is written in: Chinese when it has any ideograph, else English.
pub fn line_language(line: &str) -> Language {
    crate::intent::context::language_of(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_lines_are_cleaned_capped_and_unique() {
        let long = "x".repeat(200);
        let lines = vec![
            " 雷峰塔 ".to_string(),
            "雷峰塔".to_string(),
            "\u{7}".to_string(),
            long,
        ];
        let kept = sign_lines(&lines);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0], "雷峰塔");
        assert_eq!(kept[1].chars().count(), MAX_LINE_CHARS);
        let many: Vec<String> = (0..40).map(|i| format!("line {i}")).collect();
        assert_eq!(sign_lines(&many).len(), MAX_LINES);
    }
}
