//! Paying a merchant's payment code in view: the code's card (see
//! [`crate::proactive::merchant`]) waits for the amount, which the wearer says ("thirty-five
//! yuan", "三十五块") or types on the phone; the card with the amount then carries a `Pay`
//! action that follows the confirmation rules of `actions.rs` like any other payment (the
//! displayed card, its expiry, the tap limit, an authenticated link for taps) and goes
//! through the order flow, so it gets a receipt, a ledger entry and an idempotency key.

use super::error::CompanionError;
use super::{Companion, PLACE_IN_VIEW_MS, Trigger};
use crate::card::{Card, CardKind};
use crate::error::Result;
use crate::intent::amount::{self, AmountError, MAX_CODE_PAYMENT};
use crate::locale::Language;
use crate::money::Cny;
use crate::proactive::Pending;
use crate::proactive::merchant::CodeToPay;

impl Companion {
    /// The amount typed on the phone for the merchant code seen last: shows the card with
    /// the amount and its `Pay` action (nothing is paid until it is confirmed). Refused
    /// with no code seen in the last two minutes, or an amount that is not positive or above
    /// what a code may be paid.
    pub async fn pay_code_amount(&self, amount: Cny) -> Result<Card> {
        self.pay_code(amount, self.language(), true).await
    }

    /// The card with `amount` for the code seen last, written in `language`; `typed` false
    /// when the amount was heard, so that no spoken answer can confirm it (the voice that
    /// said the amount could be the payee's: see `Armed::voice_may_confirm`).
    async fn pay_code(&self, amount: Cny, language: Language, typed: bool) -> Result<Card> {
        if amount <= Cny::fen(0) {
            return Err(CompanionError::Amount(AmountError::NotPositive).into());
        }
        if amount > MAX_CODE_PAYMENT {
            return Err(CompanionError::Amount(AmountError::TooLarge(amount)).into());
        }
        let code = self.code_in_view()?.ok_or(CompanionError::NoCodeInView)?;
        let action_id = format!("merchant_pay-{:032x}", rand::random::<u128>());
        let reason = language.msg(
            "reason-code-amount",
            &[
                ("amount", amount.to_string().into()),
                ("payee", (&code.payee.name).into()),
            ],
        );
        let (card, order) = code.pay_card(amount, language, &action_id, &reason);
        self.arm_with(&card, Some(Pending::Orders(vec![order])), language, typed)?;
        self.show(&card, Trigger::Asked).await?;
        Ok(card)
    }

    /// An utterance that says only an amount: with a merchant code waiting for one, the card
    /// with that amount; with none, the card saying no payment code is in view (glasses
    /// without a camera never see one). `None` when the utterance says something else.
    /// `heard`: the utterance came from a microphone, not typed.
    pub(super) async fn pay_code_by_voice(
        &self,
        utterance: &str,
        heard: bool,
    ) -> Result<Option<Card>> {
        if !amount::is_only_an_amount(utterance) {
            return Ok(None);
        }
        let language = Language::of_text(utterance);
        if self.code_in_view()?.is_none() {
            let card = no_code_card(language);
            self.show(&card, Trigger::Asked).await?;
            return Ok(Some(card));
        }
        let amount = amount::spoken_amount(utterance).map_err(CompanionError::Amount)?;
        self.pay_code(amount, language, !heard).await.map(Some)
    }

    /// Notes the merchant code whose card was just shown.
    pub(super) fn code_seen(&self, code: CodeToPay) -> Result<()> {
        let now_ms = self.inner.clock.now_ms();
        self.state()?.code_in_view = Some((code, now_ms));
        Ok(())
    }

    /// The merchant code shown last, if within the last two minutes.
    fn code_in_view(&self) -> Result<Option<CodeToPay>> {
        let now_ms = self.inner.clock.now_ms();
        Ok(self
            .state()?
            .code_in_view
            .as_ref()
            .filter(|(_, at)| now_ms - at <= PLACE_IN_VIEW_MS)
            .map(|(code, _)| code.clone()))
    }
}

/// The card for an amount said with no payment code in view, worded in `language`.
fn no_code_card(language: Language) -> Card {
    let line = language.msg("no-code-line", &[]);
    Card::new(
        CardKind::Info,
        language.msg("no-code-title", &[]),
        language.msg("reason-no-code", &[]),
    )
    .in_language(language)
    .line(line.clone())
    .speech(line)
}
