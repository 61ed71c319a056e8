//! `Payments`: quote, authorize (only with a [`ConfirmationToken`]), capture, refund, and the
//! payee of a merchant payment code (an order to a code carries the code in its request).
//!
//! A `ConfirmationToken` can only be made from a [`Confirmation`] — the wearer's press of the
//! card action that was displayed, which only the companion's confirm path makes (its
//! constructor is crate-private and called in `companion/actions.rs` alone) — and it names
//! exactly the orders (idempotency key + amount) or the unlock that the card showed; a
//! provider refuses to authorize anything it does not cover. Neither can be deserialized or
//! built any other way, so no code path outside the confirm path can spend money on its own.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

use super::error::{ServiceError, ServiceResult};
use super::paycode::MerchantCode;
use crate::card::{ActionKind, CardAction};
use crate::money::Cny;

/// The wearer's press of one card action: the action as the card showed it. Made only by
/// the companion when the wearer confirms the displayed card (a double tap within the
/// expiry, or the phone's prompt); the one thing a [`ConfirmationToken`] is made from.
#[derive(Debug)]
pub struct Confirmation {
    action: CardAction,
}

impl Confirmation {
    /// The press of `action`: called by the companion's confirm path only.
    pub(crate) fn pressed(action: &CardAction) -> Self {
        Self {
            action: action.clone(),
        }
    }

    /// A press made up by a test or a simulation (only with the `sim` feature, which the
    /// library the phone apps ship is built without).
    #[cfg(feature = "sim")]
    pub fn simulated(action: &CardAction) -> Self {
        Self::pressed(action)
    }

    /// The action pressed.
    pub fn action(&self) -> &CardAction {
        &self.action
    }
}

/// Proof that the user confirmed one card action: the orders it pays for or the thing it
/// unlocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmationToken {
    id: String,
    payments: BTreeMap<String, Cny>,
    unlocks: BTreeSet<String>,
}

impl ConfirmationToken {
    /// The token for a `Pay` action the user pressed, covering `orders` (idempotency key,
    /// amount). Refused unless the amounts add up to exactly the total the card showed.
    pub fn for_payment(
        confirmation: &Confirmation,
        orders: &[(String, Cny)],
    ) -> ServiceResult<Self> {
        let action = confirmation.action();
        let ActionKind::Pay { total, .. } = &action.kind else {
            return Err(ServiceError::InvalidRequest(format!(
                "action `{}` does not pay for anything",
                action.id
            )));
        };
        let payments: BTreeMap<String, Cny> = orders.iter().cloned().collect();
        if payments.len() != orders.len() {
            return Err(ServiceError::InvalidRequest(
                "the same idempotency key appears twice in one confirmation".into(),
            ));
        }
        let sum: Cny = payments.values().copied().sum();
        if sum != *total {
            return Err(ServiceError::InvalidRequest(format!(
                "the orders add up to {sum} but the user confirmed {total}"
            )));
        }
        Ok(Self {
            id: token_id(action),
            payments,
            unlocks: BTreeSet::new(),
        })
    }

    /// The token for an `Unlock` action the user pressed.
    pub fn for_unlock(confirmation: &Confirmation) -> ServiceResult<Self> {
        let action = confirmation.action();
        let ActionKind::Unlock { target } = &action.kind else {
            return Err(ServiceError::InvalidRequest(format!(
                "action `{}` does not unlock anything",
                action.id
            )));
        };
        Ok(Self {
            id: token_id(action),
            payments: BTreeMap::new(),
            unlocks: BTreeSet::from([target.clone()]),
        })
    }

    /// Id of this confirmation, derived from the pressed action's id (recorded with the
    /// authorization, and the idempotency key of an unlock): pressing the same armed action
    /// again after a lost reply repeats the same request instead of making a second one.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// True when the user confirmed paying `amount` for the order with this key.
    pub fn covers_payment(&self, idempotency_key: &str, amount: Cny) -> bool {
        self.payments.get(idempotency_key) == Some(&amount)
    }

    /// True when the user confirmed unlocking `target`.
    pub fn covers_unlock(&self, target: &str) -> bool {
        self.unlocks.contains(target)
    }

    /// The orders covered, by idempotency key.
    pub fn payments(&self) -> &BTreeMap<String, Cny> {
        &self.payments
    }
}

/// 128 bits of SHA-256 over a label and the action's id (armed actions have random ids).
fn token_id(action: &CardAction) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(b"sightline/confirmation/v1\0");
    hash.update(action.id.as_bytes());
    hex::encode(&hash.finalize()[..16])
}

/// What is to be paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRequest {
    /// The order's idempotency key; the provider keeps one payment per key.
    pub idempotency_key: String,
    /// Who is paid.
    pub merchant_id: String,
    /// One line naming what is bought.
    pub description: String,
    /// Amount to charge.
    pub amount: Cny,
    /// The merchant payment code being paid (its payload as printed), for a payment to a
    /// code the wearer saw; the provider pays the payee the code resolves to, which must be
    /// `merchant_id`. `None` for orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_code: Option<String>,
}

/// The payee a merchant payment code pays, as the payment provider resolves it: the name the
/// "Pay" card shows is this one, never the name of the shop the wearer stands before, so a
/// code swapped by someone else shows whom it really pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodePayee {
    /// The provider's id of the payee (the order's merchant).
    pub merchant_id: String,
    /// The payee's registered name.
    pub name: String,
    /// True when the payee is a person's account, not a registered business.
    pub personal: bool,
    /// The place the payee is registered at, when it is a shop the provider knows.
    pub poi_id: Option<String>,
}

/// A price the provider will charge, valid for a while.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The order's idempotency key.
    pub idempotency_key: String,
    /// Amount the merchant asked for.
    pub amount: Cny,
    /// Payment fee on top (0 for most methods).
    pub fee: Cny,
    /// What will be charged.
    pub total: Cny,
}

/// Where a payment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentState {
    /// Money reserved, not taken.
    Authorized,
    /// Money taken.
    Captured,
    /// Money returned.
    Refunded,
}

impl PaymentState {
    /// The snake_case name used in the database and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Authorized => "authorized",
            PaymentState::Captured => "captured",
            PaymentState::Refunded => "refunded",
        }
    }
}

/// One payment at the provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// The provider's reference.
    pub id: String,
    /// The order's idempotency key.
    pub idempotency_key: String,
    /// Who is paid (checked against the order before a found payment is trusted).
    pub merchant_id: String,
    /// Amount reserved/taken.
    pub amount: Cny,
    /// Where it is.
    pub state: PaymentState,
}

impl Payment {
    /// True when this payment is the one `request` asks for: same key, merchant and amount.
    /// A payment found under a key is trusted only then (a provider shared by many users,
    /// or a compromised one, could hold another payment under the same key).
    pub fn matches(&self, request: &PaymentRequest) -> bool {
        self.idempotency_key == request.idempotency_key
            && self.merchant_id == request.merchant_id
            && self.amount == request.amount
    }
}

/// A payment provider. Every call is idempotent: authorizing the same key twice returns the
/// first authorization, capturing a captured payment returns it unchanged.
#[async_trait]
pub trait Payments: Send + Sync {
    /// What paying for `request` will cost.
    async fn quote(&self, request: &PaymentRequest) -> ServiceResult<Quote>;

    /// Reserves the money; refused unless `confirmation` covers this key and amount.
    async fn authorize(
        &self,
        request: &PaymentRequest,
        confirmation: &ConfirmationToken,
    ) -> ServiceResult<Payment>;

    /// Takes the reserved money.
    async fn capture(&self, payment_id: &str) -> ServiceResult<Payment>;

    /// Returns captured money (or releases a reservation).
    async fn refund(&self, payment_id: &str) -> ServiceResult<Payment>;

    /// The payment made under this idempotency key, if any (used to recover after a crash).
    async fn find(&self, idempotency_key: &str) -> ServiceResult<Option<Payment>>;

    /// The payee a merchant payment code pays (`NotFound` for a code no payee holds). Only
    /// the wearer's own payment provider ever sees a payment code.
    async fn payee_of_code(&self, code: &MerchantCode) -> ServiceResult<CodePayee>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(total: Cny) -> CardAction {
        CardAction {
            id: "pay".into(),
            label: "Confirm".into(),
            kind: ActionKind::Pay {
                total,
                summary: "train + boots".into(),
            },
        }
    }

    #[test]
    fn a_token_covers_exactly_what_was_confirmed() {
        let orders = vec![
            ("a".to_string(), Cny::yuan(100)),
            ("b".into(), Cny::yuan(50)),
        ];
        let token =
            ConfirmationToken::for_payment(&Confirmation::pressed(&pay(Cny::yuan(150))), &orders)
                .unwrap();
        assert!(token.covers_payment("a", Cny::yuan(100)));
        assert!(!token.covers_payment("a", Cny::yuan(101)));
        assert!(!token.covers_payment("c", Cny::yuan(100)));
        assert!(!token.covers_unlock("bike"));
        assert!(
            ConfirmationToken::for_payment(&Confirmation::pressed(&pay(Cny::yuan(149))), &orders)
                .is_err()
        );
        let dup = vec![
            ("a".to_string(), Cny::yuan(75)),
            ("a".into(), Cny::yuan(75)),
        ];
        assert!(
            ConfirmationToken::for_payment(&Confirmation::pressed(&pay(Cny::yuan(150))), &dup)
                .is_err()
        );
        let again =
            ConfirmationToken::for_payment(&Confirmation::pressed(&pay(Cny::yuan(150))), &orders)
                .unwrap();
        assert_eq!(
            token.id(),
            again.id(),
            "a retried press is the same request"
        );
        let mut other_action = pay(Cny::yuan(150));
        other_action.id = "pay-2".into();
        let other =
            ConfirmationToken::for_payment(&Confirmation::pressed(&other_action), &orders).unwrap();
        assert_ne!(token.id(), other.id());
    }

    #[test]
    fn unlock_tokens_need_an_unlock_action() {
        let unlock = CardAction {
            id: "u".into(),
            label: "Unlock".into(),
            kind: ActionKind::Unlock {
                target: "HB-1".into(),
            },
        };
        assert!(
            ConfirmationToken::for_unlock(&Confirmation::pressed(&unlock))
                .unwrap()
                .covers_unlock("HB-1")
        );
        assert!(ConfirmationToken::for_unlock(&Confirmation::pressed(&pay(Cny::yuan(1)))).is_err());
        assert!(ConfirmationToken::for_payment(&Confirmation::pressed(&unlock), &[]).is_err());
    }
}
