//! A merchant's payment code in view: the cards of paying it. The name on them is the payee
//! the wearer's payment provider resolves the code to — never the shop the wearer stands
//! before — and they say so when the two differ or when the code pays a person, because a
//! sticker swapped over a shop's code is how such payments are stolen.
//!
//! First a "Pay <payee>" card that asks for the amount (said aloud or typed on the phone),
//! then, once the amount is known, the same card with the amount and a `Pay` action that
//! runs only after the confirmation rules (see `companion/actions.rs`).

use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::money::Cny;
use crate::services::orders::OrderRequest;
use crate::services::{CodePayee, MerchantCode, PayCodeError, Poi};

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
    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.payee.personal {
            warnings.push("Warning: a personal account, not a shop".to_string());
        }
        if let Some(shop) = &self.in_front
            && self.payee.poi_id.as_deref() != Some(shop.id.as_str())
        {
            warnings.push(format!(
                "Warning: this code does not pay {}",
                shop.display_name()
            ));
        }
        if let Some(name) = &self.code.name_in_code
            && name != &self.payee.name
        {
            warnings.push(format!("Warning: the code says {name}"));
        }
        warnings
    }

    /// The one line naming the code's network and payee.
    fn network_line(&self) -> String {
        format!("{} code of {}", self.code.network.label(), self.payee.name)
    }

    /// The card that offers to pay the code and asks for the amount.
    pub fn ask_amount_card(&self, reason: &str) -> Card {
        let warnings = self.warnings();
        let mut card = Card::new(
            CardKind::MerchantPay,
            format!("Pay {}", self.payee.name),
            reason,
        )
        .line(self.network_line());
        for warning in &warnings {
            card = card.line(warning.clone());
        }
        let speech = if warnings.is_empty() {
            "A payment code. Say the amount to pay, or type it on the phone."
        } else {
            "Careful: this payment code may not belong to the shop. Check the name first."
        };
        card.line("Say or type the amount").speech(speech)
    }

    /// The card with the amount and its `Pay` action (`action_id`), and the order the
    /// action places when confirmed.
    pub fn pay_card(&self, amount: Cny, action_id: &str, reason: &str) -> (Card, OrderRequest) {
        let summary = format!(
            "{amount} to {} by {} code",
            self.payee.name,
            self.code.network.label()
        );
        let mut card = Card::new(
            CardKind::MerchantPay,
            format!("Pay {} {amount}", self.payee.name),
            reason,
        )
        .line(self.network_line())
        .line(format!("Amount {amount}"));
        for warning in self.warnings() {
            card = card.line(warning);
        }
        let card = card
            .speech(format!("Pay {amount}? Confirm to pay."))
            .action(CardAction {
                id: action_id.into(),
                label: format!("Pay {amount}"),
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
pub fn refused_code_card(error: &PayCodeError, reason: &str) -> Card {
    Card::new(CardKind::Info, "Payment code not accepted", reason)
        .line(error.to_string())
        .speech("This payment code cannot be paid.")
}
