//! Paying a merchant's payment code in view: the amount typed on the phone. (Said aloud,
//! it arrives through `ask`.)

use sightline_core::money::Cny;

use crate::cards::Card;
use crate::companion::{Companion, on_core};
use crate::error::SightlineError;

#[uniffi::export]
impl Companion {
    /// The amount typed on the phone, in fen, for the merchant payment code the glasses saw
    /// last: shows and returns the "Pay <payee> ¥…" card, whose `Pay` action goes to
    /// `confirm` like any other payment — nothing is paid before. `InvalidInput` when no
    /// code was seen in the last two minutes, or the amount is not positive or too large.
    pub async fn pay_code_amount(&self, amount_fen: i64) -> Result<Card, SightlineError> {
        let core = self.core_handle();
        on_core(async move { core.pay_code_amount(Cny::fen(amount_fen)).await })
            .await
            .map(Card::from)
    }
}
