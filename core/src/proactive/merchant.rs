//! A merchant's payment code in view: the cards of paying it. The name on them is the payee
//! the wearer's payment provider resolves the code to — never the shop the wearer stands
//! before — and they say so when the two differ or when the code pays a person, because a
//! sticker swapped over a shop's code is how such payments are stolen.
//!
//! First a "Pay <payee>" card that asks for the amount (said aloud or typed on the phone),
//! then, once the amount is known, the same card with the amount and a `Pay` action that
//! runs only after the confirmation rules (see `companion/actions.rs`).

use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::locale::{Language, spoken_price};
use crate::money::Cny;
use crate::services::orders::OrderRequest;
use crate::services::{CodePayee, MerchantCode, PayCodeError, PayNetwork, Poi};

/// The take-rate category of payments to merchant codes.
pub const MERCHANT_CODE_CATEGORY: &str = "merchant_code";

/// A merchant code the wearer may pay once the amount is said or typed.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeToPay {
    /// The code as read.
    pub code: MerchantCode,
    /// Whom it pays, as the payment provider resolved it.
    pub payee: CodePayee,
    /// The shop in front of the wearer when the code was seen, if one was named.
    pub in_front: Option<Poi>,
}

impl CodeToPay {
    /// The warnings the cards carry: a person's account, a payee that is not the shop in
    /// front, a name written in the code that is not the payee's.
    fn warnings(&self, language: Language) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.payee.personal {
            warnings.push(language.msg("code-warn-personal", &[]));
        }
        if let Some(shop) = &self.in_front
            && self.payee.poi_id.as_deref() != Some(shop.id.as_str())
        {
            warnings.push(language.msg(
                "code-warn-not-shop",
                &[("shop", shop.name_in(language).into())],
            ));
        }
        if let Some(name) = &self.code.name_in_code
            && name != &self.payee.name
        {
            warnings.push(language.msg("code-warn-name", &[("name", name.into())]));
        }
        warnings
    }

    /// The one line naming the code's network and payee.
    fn network_line(&self, language: Language) -> String {
        language.msg(
            "code-network-line",
            &[
                ("network", network_name(language, self.code.network).into()),
                ("payee", (&self.payee.name).into()),
            ],
        )
    }

    /// The card that offers to pay the code and asks for the amount, in `language`.
    pub fn ask_amount_card(&self, language: Language, reason: &str) -> Card {
        let warnings = self.warnings(language);
        let mut card = Card::new(
            CardKind::MerchantPay,
            language.msg("code-pay-title", &[("payee", (&self.payee.name).into())]),
            reason,
        )
        .in_language(language)
        .line(self.network_line(language));
        for warning in &warnings {
            card = card.line(warning.clone());
        }
        let speech = if warnings.is_empty() {
            language.msg("code-ask-amount-speech", &[])
        } else {
            language.msg("code-careful-speech", &[])
        };
        card.line(language.msg("code-ask-amount", &[]))
            .speech(speech)
    }

    /// The card with the amount and its `Pay` action (`action_id`), and the order the
    /// action places when confirmed, in `language`.
    pub fn pay_card(
        &self,
        amount: Cny,
        language: Language,
        action_id: &str,
        reason: &str,
    ) -> (Card, OrderRequest) {
        let shown = amount.to_string();
        let summary = language.msg(
            "code-summary",
            &[
                ("amount", (&shown).into()),
                ("payee", (&self.payee.name).into()),
                ("network", network_name(language, self.code.network).into()),
            ],
        );
        let mut card = Card::new(
            CardKind::MerchantPay,
            language.msg(
                "code-pay-amount-title",
                &[
                    ("payee", (&self.payee.name).into()),
                    ("amount", (&shown).into()),
                ],
            ),
            reason,
        )
        .in_language(language)
        .line(self.network_line(language))
        .line(language.msg("code-amount", &[("amount", (&shown).into())]));
        for warning in self.warnings(language) {
            card = card.line(warning);
        }
        let card = card
            .speech(language.msg(
                "code-pay-speech",
                &[("amount", spoken_price(language, amount).into())],
            ))
            .action(CardAction {
                id: action_id.into(),
                label: language.msg("action-pay", &[("amount", shown.into())]),
                kind: ActionKind::Pay {
                    total: amount,
                    summary: summary.clone(),
                },
            });
        let order = OrderRequest {
            idempotency_key: format!("{action_id}/code"),
            merchant: self.payee.merchant_id.clone(),
            category: MERCHANT_CODE_CATEGORY.into(),
            description: summary,
            amount,
            merchant_code: Some(self.code.payload.clone()),
        };
        (card, order)
    }
}

/// The card for a payment code that cannot be paid: what it is and why, with no action.
pub fn refused_code_card(error: &PayCodeError, language: Language) -> Card {
    let why = match error {
        PayCodeError::NotPayment => language.msg("code-not-payment", &[]),
        PayCodeError::Unsupported(scheme) => {
            language.msg("code-unsupported", &[("scheme", scheme.into())])
        }
        PayCodeError::Malformed { network, .. } => language.msg(
            "code-malformed",
            &[("network", network_name(language, *network).into())],
        ),
    };
    Card::new(
        CardKind::Info,
        language.msg("code-refused-title", &[]),
        language.msg("reason-code-seen", &[]),
    )
    .in_language(language)
    .line(why)
    .speech(language.msg("code-refused-speech", &[]))
}

/// A payment network's name in `language`: `Alipay` / `支付宝`.
pub fn network_name(language: Language, network: PayNetwork) -> String {
    match network {
        PayNetwork::Alipay => language.msg("network-alipay", &[]),
        PayNetwork::WechatPay => language.msg("network-wechat", &[]),
        PayNetwork::UnionPay => language.msg("network-unionpay", &[]),
        PayNetwork::Emv => language.msg("network-emv", &[]),
    }
}
