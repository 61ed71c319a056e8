//! Bike unlocks that survive a lost reply: the unlock is noted in the store before the
//! provider is asked (`store::unlocks`), and at every start [`UnlockFlow::resume`] asks the
//! provider what became of the ones never answered. A retry of the same confirmation repeats
//! the same request (its id is the idempotency key), so the provider starts one ride; and a
//! ride the lost reply started is learnt, never left running unknown to the phone.

use std::sync::Arc;

use super::error::ServiceResult;
use super::mobility::{Mobility, Ride};
use super::payments::ConfirmationToken;
use crate::store::{Store, unlocks};

/// Unlocks bikes for the wearer's confirmations, and finishes the interrupted ones.
#[derive(Clone)]
pub struct UnlockFlow {
    store: Arc<Store>,
    mobility: Arc<dyn Mobility>,
}

impl std::fmt::Debug for UnlockFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnlockFlow").finish_non_exhaustive()
    }
}

impl UnlockFlow {
    /// A flow over `store` and the `mobility` provider.
    pub fn new(store: Arc<Store>, mobility: Arc<dyn Mobility>) -> Self {
        Self { store, mobility }
    }

    /// Unlocks `bike_id` for the wearer's `confirmation`: noted as pending first, then with
    /// its ride. A failure leaves it pending (a retry, or the next start, settles it).
    pub async fn unlock(
        &self,
        bike_id: &str,
        confirmation: &ConfirmationToken,
    ) -> ServiceResult<Ride> {
        let (id, bike) = (confirmation.id().to_string(), bike_id.to_string());
        self.store
            .write_blocking(move |tx| unlocks::begin(tx, &id, &bike))
            .await?;
        let ride = self.mobility.unlock(bike_id, confirmation).await?;
        let (id, ride_id) = (confirmation.id().to_string(), ride.id.clone());
        self.store
            .write_blocking(move |tx| unlocks::finish(tx, &id, Some(&ride_id)))
            .await?;
        Ok(ride)
    }

    /// Settles the unlocks whose reply never came: the ride the provider started under the
    /// confirmation is noted (the wearer's, shown to them and ended at the bike), or the
    /// unlock is noted as not done. Nothing is asked to unlock again. Returns the rides found.
    pub async fn resume(&self) -> ServiceResult<Vec<Ride>> {
        let pending = self.store.read_blocking(unlocks::pending).await?;
        let mut found = Vec::new();
        for unlock in pending {
            let ride = self.mobility.ride_for(&unlock.confirmation_id).await?;
            let (id, ride_id) = (
                unlock.confirmation_id.clone(),
                ride.as_ref().map(|r| r.id.clone()),
            );
            self.store
                .write_blocking(move |tx| unlocks::finish(tx, &id, ride_id.as_deref()))
                .await?;
            tracing::info!(
                bike = %unlock.bike_id,
                unlocked = ride.is_some(),
                "an unlock whose reply was lost was settled"
            );
            found.extend(ride);
        }
        Ok(found)
    }
}
