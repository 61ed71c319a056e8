//! Actions on shown cards: a card's action is armed when the card is shown, and pressed by the
//! wearer (a tap on the glasses, a button in the app): "More" shows the long version, a
//! payment places the orders and takes the payment, an unlock unlocks the bike. Nothing
//! spends without a press, and a failed action stays pressable.

use super::error::CompanionError;
use super::{Companion, Trigger};
use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::error::Result;
use crate::proactive::Pending;
use crate::services::ConfirmationToken;
use crate::services::orders::ComputeSpent;

/// An action on a shown card, waiting to be pressed.
#[derive(Debug, Clone)]
pub(super) struct Armed {
    action: CardAction,
    pending: Pending,
}

impl Companion {
    /// Presses the action `action_id` of a shown card: "More" shows the long version; a payment
    /// places the orders and takes the payment; an unlock unlocks the bike. Returns the card
    /// that results. A failed action stays pressable, and retrying never charges twice.
    pub async fn confirm(&self, action_id: &str) -> Result<Card> {
        let armed = self
            .state()?
            .armed
            .remove(action_id)
            .ok_or_else(|| CompanionError::UnknownAction(action_id.into()))?;
        let result = self.run_action(&armed).await;
        match result {
            Ok(card) => {
                {
                    let mut state = self.state()?;
                    if state.last_armed.as_deref() == Some(action_id) {
                        state.last_armed = None;
                    }
                }
                self.show(&card, Trigger::Confirmed).await?;
                Ok(card)
            }
            Err(e) => {
                self.state()?.armed.insert(action_id.into(), armed);
                Err(e)
            }
        }
    }

    /// Runs an armed action and returns the card that results (a receipt, the long guide).
    async fn run_action(&self, armed: &Armed) -> Result<Card> {
        let reason = format!("confirmed “{}”", armed.action.label);
        match &armed.pending {
            Pending::GuideMore { poi_id } => {
                Ok(self.inner.rules.guide_more(poi_id, &reason).await?)
            }
            Pending::Orders(requests) => {
                let placed = self
                    .inner
                    .orders
                    .place_confirmed(&armed.action, requests, ComputeSpent::default())
                    .await?;
                let total = placed
                    .iter()
                    .map(|o| o.order.amount)
                    .sum::<crate::money::Cny>();
                let mut card = Card::new(CardKind::Receipt, format!("Paid {total}"), reason)
                    .speech(format!("Done. Paid {total}."));
                for order in &placed {
                    card = card.line(format!("{} · {}", order.order.description, order.state));
                }
                Ok(card)
            }
            Pending::Unlock { bike_id } => {
                let token = ConfirmationToken::for_unlock(&armed.action)?;
                let ride = self.inner.services.mobility.unlock(bike_id, &token).await?;
                Ok(Card::new(
                    CardKind::Receipt,
                    format!("Bike {bike_id} unlocked"),
                    reason,
                )
                .line(format!("{} per 30 min from now", ride.price_per_30_min))
                .line(format!("Ride {}", ride.id))
                .speech("Unlocked. Enjoy the ride."))
            }
        }
    }

    /// Remembers a card's action so `confirm` can run it.
    pub(super) fn arm(&self, card: &Card, pending: Option<Pending>) -> Result<()> {
        let Some(pending) = pending else {
            return Ok(());
        };
        let action = match &pending {
            Pending::GuideMore { .. } => card.actions.iter().find(|a| a.kind == ActionKind::More),
            Pending::Orders(_) | Pending::Unlock { .. } => card.confirmation(),
        };
        if let Some(action) = action {
            let mut state = self.state()?;
            state.last_armed = Some(action.id.clone());
            state.armed.insert(
                action.id.clone(),
                Armed {
                    action: action.clone(),
                    pending,
                },
            );
        }
        Ok(())
    }
}
