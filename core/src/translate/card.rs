//! The Translation card: each line of the sign with what it says in the wanted language, a
//! plain flag on every line without a translation, and the spoken text in the wearer's
//! language. Its words are the catalogue's `translation-*` messages (docs/language.md).

use crate::card::{Card, CardKind};
use crate::locale::Language;

use super::{LineTranslation, Rendering};

/// The Translation card for `lines`, worded in `wearer`'s language; `online_failed` adds
/// the line saying the online translation failed.
pub fn translation_card(lines: &[LineTranslation], wearer: Language, online_failed: bool) -> Card {
    let t = |id: &str| wearer.msg(id, &[]);
    let card = Card::new(
        CardKind::Translation,
        t("translation-title"),
        t("translation-reason"),
    )
    .in_language(wearer);
    if lines.is_empty() {
        let nothing = t("translation-nothing");
        return card.line(nothing.clone()).speech(nothing);
    }
    let mut card = card;
    let mut spoken = Vec::new();
    let mut untranslated: u32 = 0;
    for line in lines {
        let said = || (&line.said).into();
        let shown = match &line.rendering {
            Rendering::Known(meaning) | Rendering::Online(meaning) => {
                spoken.push(meaning.clone());
                let id = match line.rendering {
                    Rendering::Online(_) => "translation-online",
                    _ => "translation-known",
                };
                wearer.msg(id, &[("said", said()), ("meaning", meaning.into())])
            }
            Rendering::Same => {
                spoken.push(line.said.clone());
                line.said.clone()
            }
            Rendering::Unknown => {
                untranslated += 1;
                wearer.msg("translation-unknown", &[("said", said())])
            }
        };
        card = card.line(shown);
    }
    if online_failed {
        card = card.line(t("translation-online-failed"));
    }
    let mut sentences = Vec::new();
    if !spoken.is_empty() {
        let list = spoken.join(&t("clause-separator"));
        sentences.push(wearer.msg("sentence", &[("text", list.into())]));
    }
    if untranslated > 0 {
        sentences.push(wearer.msg(
            "translation-untranslated",
            &[("count", untranslated.into())],
        ));
    }
    card.speech(sentences.join(&t("sentence-separator")))
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
        assert_eq!(en.speech, "Leifeng Pagoda. One line has no translation.");
        let zh = translation_card(&lines, Language::Zh, true);
        assert_eq!(zh.lines[1], "禁止吸烟（没有离线翻译）");
        assert_eq!(
            zh.lines[2],
            Language::Zh.msg("translation-online-failed", &[])
        );
        let empty = translation_card(&[], Language::Zh, false);
        assert_eq!(
            empty.lines,
            vec![Language::Zh.msg("translation-nothing", &[])]
        );
    }
}
