//! Why a provider said no, as a closed set of kinds. A provider's own words (its error
//! message) are whatever its server chose to send — an English sentence under a Chinese card,
//! or a lure ("call 400-… to unlock", a fake price, a fake "confirm again" prompt) placed next
//! to a payment confirmation. So the wearer is only ever told the kind, in one fixed
//! catalogue sentence per kind; the provider's text stays in the error's log detail.

/// The kind of a provider's refusal; each selects one fixed sentence of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A payment the provider declined (insufficient funds, risk control, card declined).
    Declined,
    /// Nothing left to sell (out of stock, no seats, no rooms).
    SoldOut,
    /// The thing is busy or out of service right now (a bike in use or broken).
    Unavailable,
    /// Over a limit of the provider (amount, daily quota, request rate).
    OverLimit,
    /// The wearer's confirmation does not cover the request (missing, another amount, an
    /// idempotency key already used for another payment).
    NotConfirmed,
    /// A merchant payment code that pays someone other than the merchant the payment was
    /// confirmed for (a code swapped or re-pointed between the card and the payment).
    WrongPayee,
    /// Any other reason, including a code this build does not know.
    Other,
}

impl Refusal {
    /// Every kind, for the tests that go through them all (a new kind joins them here).
    #[cfg(test)]
    pub(crate) const ALL: [Refusal; 7] = [
        Refusal::Declined,
        Refusal::SoldOut,
        Refusal::Unavailable,
        Refusal::OverLimit,
        Refusal::NotConfirmed,
        Refusal::WrongPayee,
        Refusal::Other,
    ];

    /// The kind a machine-readable error code names: the REST contract's `error.code`
    /// (`docs/providers.md`), case-insensitive. An unknown code is [`Refusal::Other`], so a
    /// provider can pick among the fixed sentences but never write one.
    pub fn from_code(code: &str) -> Self {
        match code.trim().to_ascii_lowercase().as_str() {
            "declined" | "payment_declined" | "card_declined" | "insufficient_funds" => {
                Refusal::Declined
            }
            "sold_out" | "out_of_stock" | "no_seats" | "no_rooms" => Refusal::SoldOut,
            "in_use" | "unavailable" | "broken" | "out_of_service" => Refusal::Unavailable,
            "over_limit" | "limit_exceeded" | "rate_limited" => Refusal::OverLimit,
            "not_confirmed" | "confirmation_mismatch" | "idempotency_conflict" => {
                Refusal::NotConfirmed
            }
            "wrong_payee" | "payee_mismatch" => Refusal::WrongPayee,
            _ => Refusal::Other,
        }
    }

    /// The kind of an Amap `infocode` that refused a call: its quota and rate codes are
    /// [`Refusal::OverLimit`]; any other code (a bad key, a bad parameter) is
    /// [`Refusal::Other`].
    pub fn from_amap_infocode(infocode: &str) -> Self {
        match infocode.trim() {
            "10003" | "10004" | "10014" | "10015" | "10019" | "10020" | "10021" | "10044"
            | "10045" => Refusal::OverLimit,
            _ => Refusal::Other,
        }
    }

    /// The code of this kind, as the REST contract spells it (for logs and `Display`).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Declined => "declined",
            Refusal::SoldOut => "sold_out",
            Refusal::Unavailable => "unavailable",
            Refusal::OverLimit => "over_limit",
            Refusal::NotConfirmed => "not_confirmed",
            Refusal::WrongPayee => "wrong_payee",
            Refusal::Other => "refused",
        }
    }

    /// The catalogue id of the wearer's sentence for this kind.
    pub(crate) fn message_id(self) -> &'static str {
        match self {
            Refusal::Declined => "error-refused-declined",
            Refusal::SoldOut => "error-refused-sold-out",
            Refusal::Unavailable => "error-refused-unavailable",
            Refusal::OverLimit => "error-refused-over-limit",
            Refusal::NotConfirmed => "error-refused-not-confirmed",
            Refusal::WrongPayee => "error-refused-wrong-payee",
            Refusal::Other => "error-refused",
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_codes_select_a_kind_and_unknown_codes_the_generic_one() {
        for kind in Refusal::ALL {
            assert_eq!(Refusal::from_code(kind.code()), kind);
        }
        assert_eq!(Refusal::from_code(" IN_USE "), Refusal::Unavailable);
        assert_eq!(
            Refusal::from_code("call 400-800-1234 to unlock"),
            Refusal::Other
        );
        assert_eq!(Refusal::from_amap_infocode("10003"), Refusal::OverLimit);
        assert_eq!(Refusal::from_amap_infocode("10001"), Refusal::Other);
    }
}
