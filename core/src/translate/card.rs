//! The Translation card: each line of the sign with what it says in the wanted language, a
//! plain flag on every line without a translation, and the spoken text in the wearer's
//! language. Every word of the card comes from [`text`], one function per language choice
//! (the message catalogue takes them over).

use crate::card::{Card, CardKind};
use crate::services::Language;

use super::{LineTranslation, Rendering};

/// The card's words, one key each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Words {
    /// The title.
    Title,
    /// The line of a card with no text in view.
    NothingToRead,
    /// Appended to a line with no translation.
    NoOfflineTranslation,
    /// Appended to a line the online model translated.
    TranslatedOnline,
    /// The line saying the online translation failed.
    OnlineFailed,
    /// Spoken before the count of untranslated lines.
    Untranslated,
    /// Why the card was shown.
    Reason,
}

/// The wearer-facing words of the Translation card in `language`.
pub fn text(words: Words, language: Language) -> &'static str {
    match (words, language) {
        (Words::Title, Language::En) => "What the sign says",
        (Words::Title, Language::Zh) => "牌子上写的是",
        (Words::NothingToRead, Language::En) => "No text in view. Look at the sign and ask again.",
        (Words::NothingToRead, Language::Zh) => "没有看到文字，请看向牌子再问一次。",
        (Words::NoOfflineTranslation, Language::En) => "no offline translation",
        (Words::NoOfflineTranslation, Language::Zh) => "没有离线翻译",
        (Words::TranslatedOnline, Language::En) => "translated online",
        (Words::TranslatedOnline, Language::Zh) => "在线翻译",
        (Words::OnlineFailed, Language::En) => {
            "Online translation failed; showing what is known offline."
        }
        (Words::OnlineFailed, Language::Zh) => "在线翻译失败，只显示离线能翻译的内容。",
        (Words::Untranslated, Language::En) => "Lines without a translation",
        (Words::Untranslated, Language::Zh) => "没有翻译的行数",
        (Words::Reason, Language::En) => "asked what the sign says",
        (Words::Reason, Language::Zh) => "问牌子上写的什么",
    }
}

/// The Translation card for `lines`, worded in `wearer`'s language; `online_failed` adds
/// the line saying the online translation failed.
pub fn translation_card(lines: &[LineTranslation], wearer: Language, online_failed: bool) -> Card {
    let t = |w| text(w, wearer);
    let mut card = Card::new(CardKind::Translation, t(Words::Title), t(Words::Reason));
    if lines.is_empty() {
        let nothing = t(Words::NothingToRead);
        return card.line(nothing).speech(nothing);
    }
    let (colon, open, close) = match wearer {
        Language::Zh => ("：", "（", "）"),
        Language::En => (": ", " (", ")"),
    };
    let mut spoken = Vec::new();
    let mut untranslated = 0;
    for line in lines {
        let shown = match &line.rendering {
            Rendering::Known(said) => {
                spoken.push(said.clone());
                format!("{}{colon}{said}", line.said)
            }
            Rendering::Same => {
                spoken.push(line.said.clone());
                line.said.clone()
            }
            Rendering::Online(said) => {
                spoken.push(said.clone());
                format!(
                    "{}{colon}{said}{open}{}{close}",
                    line.said,
                    t(Words::TranslatedOnline)
                )
            }
            Rendering::Unknown => {
                untranslated += 1;
                format!(
                    "{}{open}{}{close}",
                    line.said,
                    t(Words::NoOfflineTranslation)
                )
            }
        };
        card = card.line(shown);
    }
    if online_failed {
        card = card.line(t(Words::OnlineFailed));
    }
    let mut speech = spoken.join(match wearer {
        Language::Zh => "，",
        Language::En => ", ",
    });
    if untranslated > 0 {
        if !speech.is_empty() {
            speech.push_str(match wearer {
                Language::Zh => "。",
                Language::En => ". ",
            });
        }
        speech.push_str(&format!("{}{colon}{untranslated}", t(Words::Untranslated)));
    }
    card.speech(speech)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(said: &str, rendering: Rendering) -> LineTranslation {
        LineTranslation {
            said: said.into(),
            rendering,
        }
    }

    #[test]
    fn unknown_lines_are_flagged_in_the_wearers_language() {
        let lines = vec![
            line("雷峰塔", Rendering::Known("Leifeng Pagoda".into())),
            line("禁止吸烟", Rendering::Unknown),
        ];
        let en = translation_card(&lines, Language::En, false);
        assert_eq!(en.kind, CardKind::Translation);
        assert_eq!(en.lines[0], "雷峰塔: Leifeng Pagoda");
        assert_eq!(en.lines[1], "禁止吸烟 (no offline translation)");
        assert_eq!(en.speech, "Leifeng Pagoda. Lines without a translation: 1");
        let zh = translation_card(&lines, Language::Zh, true);
        assert_eq!(zh.lines[1], "禁止吸烟（没有离线翻译）");
        assert_eq!(zh.lines[2], text(Words::OnlineFailed, Language::Zh));
        let empty = translation_card(&[], Language::Zh, false);
        assert_eq!(empty.lines, vec![text(Words::NothingToRead, Language::Zh)]);
    }
}
