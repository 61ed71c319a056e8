//! What an unauthenticated glasses link may not do, and how the wearer is told. Over a link
//! that is not authenticated (`Capabilities::secure_link` false: a Frame or G1 the phone's
//! stack does not report bonded and encrypted, any OpenGlass) a tap could be forged and what
//! the camera "sees" could be injected, so a tap never spends and no proactive card offers a
//! spend. The wearer reads why on the glasses, in the companion's language (English or
//! Simplified Chinese, one language per sentence).

use super::{Companion, Trigger};
use crate::card::{Card, CardKind};
use crate::error::Result;
use crate::locale::Language;
use crate::proactive::Pending;

/// What the link kept from spending, which decides what the wearer is told to do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Refused {
    /// A tap on the glasses tried to confirm a spend: the action now waits on the phone.
    Tap,
    /// A proactive card that would offer a spend was held back: nothing waits anywhere,
    /// so the wearer is told to buy on the phone, not to confirm there.
    Offer,
}

/// The notice shown on the glasses when a spend was refused for the link.
pub(super) fn unauthenticated_link_notice(refused: Refused, language: Language) -> Card {
    let speech = match refused {
        Refused::Tap => "link-notice-speech",
        Refused::Offer => "link-notice-offer-speech",
    };
    Card::new(
        CardKind::Info,
        language.msg("link-notice-title", &[]),
        language.msg("link-notice-reason", &[]),
    )
    .in_language(language)
    .line(language.msg("link-notice-line", &[]))
    .speech(language.msg(speech, &[]))
}

/// True for what spends money or unlocks something when confirmed.
pub(super) fn spends(pending: Option<&Pending>) -> bool {
    matches!(pending, Some(Pending::Orders(_) | Pending::Unlock { .. }))
}

impl Companion {
    /// True when glasses are attached over a link that is not authenticated (no glasses: the
    /// phone confirms everything itself, so nothing is refused).
    pub(super) fn link_unauthenticated(&self) -> Result<bool> {
        Ok(self
            .state()?
            .glasses
            .as_ref()
            .is_some_and(|g| !g.secure_link))
    }

    /// Shows the wearer why a spend was refused for the link: always for a refused tap,
    /// once per connection for held-back offers (they can come with every frame).
    /// Written in `language`: the refused card's, or the preference's for a held-back one.
    pub(super) async fn tell_link_unauthenticated(
        &self,
        refused: Refused,
        language: Language,
    ) -> Result<()> {
        {
            let mut state = self.state()?;
            let Some(glasses) = state.glasses.as_mut() else {
                return Ok(());
            };
            if refused == Refused::Offer && glasses.told_unauthenticated {
                return Ok(());
            }
            glasses.told_unauthenticated = true;
        }
        let card = unauthenticated_link_notice(refused, language);
        self.show(&card, Trigger::Notice).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(card: &Card) -> String {
        format!(
            "{} {} {} {}",
            card.title,
            card.lines.join(" "),
            card.speech,
            card.reason
        )
    }

    #[test]
    fn security_the_unauthenticated_link_notice_is_in_one_language() {
        for refused in [Refused::Tap, Refused::Offer] {
            let en = text(&unauthenticated_link_notice(refused, Language::En));
            assert!(en.is_ascii(), "{en}");
            assert!(en.contains("not authenticated") && en.contains("phone"));
            let zh = text(&unauthenticated_link_notice(refused, Language::Zh));
            assert!(
                !zh.chars().any(|c| c.is_ascii_alphabetic()),
                "no Latin letters in the Chinese notice: {zh}"
            );
            assert!(zh.contains("未经认证") && zh.contains("手机"));
        }
    }

    #[test]
    fn security_a_held_back_offer_asks_for_no_confirmation_that_is_not_waiting() {
        for language in [Language::En, Language::Zh] {
            let tap = unauthenticated_link_notice(Refused::Tap, language).speech;
            let offer = unauthenticated_link_notice(Refused::Offer, language).speech;
            let confirm = language.msg("confirm-on-phone-speech", &[]);
            assert_ne!(tap, offer);
            assert!(
                !offer.contains(confirm.trim_end_matches(['.', '。'])),
                "{offer}"
            );
            let (ask, buy) = match language {
                Language::En => ("Confirm", "buy"),
                Language::Zh => ("确认", "购买"),
            };
            assert!(tap.contains(ask), "{tap}");
            assert!(!offer.contains(ask) && offer.contains(buy), "{offer}");
        }
    }
}
