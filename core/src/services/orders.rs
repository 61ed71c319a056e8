//! The order flow: what happens when the user confirms a card that spends money.
//!
//! For each order: place it in the store (`quoted`, unique idempotency key) → authorize at
//! the payment provider with the user's [`ConfirmationToken`] → `confirmed` with the
//! payment reference → capture → `paid` → `fulfilled` together with its ledger entry (GMV,
//! commission at the merchant category's take rate, the compute spent), in one transaction.
//!
//! Every step is idempotent (the store keeps one order per key, the provider one payment
//! per key), so a retry after a timeout, or [`OrderFlow::resume`] after a crash, finishes
//! what was started and never charges twice.

use std::sync::Arc;

use super::config::ProvidersConfig;
use super::error::{ServiceError, ServiceResult};
use super::payments::{
    Confirmation, ConfirmationToken, Payment, PaymentRequest, PaymentState, Payments,
};
use crate::money::Cny;
use crate::store::ledger::{self, LedgerEntry};
use crate::store::orders::{self, NewOrder, Order, OrderState};
use crate::store::{Store, StoreError};

/// One order the user confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRequest {
    /// Unique per intended purchase (e.g. `plan-7f3a/boots`); a retry reuses it.
    pub idempotency_key: String,
    /// Who is paid (merchant id, e.g. `jd`, `China Railway`, a hotel id).
    pub merchant: String,
    /// Merchant category for the take rate: `retail`, `food`, `rail`, `air`, `hotel`, `mobility`.
    pub category: String,
    /// What is bought, one line.
    pub description: String,
    /// Amount charged.
    pub amount: Cny,
    /// The merchant payment code paid, for a payment to a code in view (see
    /// [`PaymentRequest::merchant_code`]); `None` for orders.
    pub merchant_code: Option<String>,
}

impl OrderRequest {
    fn as_new_order(&self) -> NewOrder {
        NewOrder {
            idempotency_key: self.idempotency_key.clone(),
            merchant: self.merchant.clone(),
            category: self.category.clone(),
            description: self.description.clone(),
            amount: self.amount,
        }
    }

    fn from_order(order: &Order) -> Self {
        Self {
            idempotency_key: order.order.idempotency_key.clone(),
            merchant: order.order.merchant.clone(),
            category: order.order.category.clone(),
            description: order.order.description.clone(),
            amount: order.order.amount,
            // Resuming never authorizes anew (see `advance`), so the code is not needed.
            merchant_code: None,
        }
    }

    /// What the payment provider is asked to quote and authorize for this order.
    pub fn payment_request(&self) -> PaymentRequest {
        PaymentRequest {
            idempotency_key: self.idempotency_key.clone(),
            merchant_id: self.merchant.clone(),
            description: self.description.clone(),
            amount: self.amount,
            merchant_code: self.merchant_code.clone(),
        }
    }
}

/// The compute spent to arrive at a confirmation, shared out over its orders in the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ComputeSpent {
    /// On-device inference time, ms.
    pub inference_ms: i64,
    /// LLM tokens (0 when the on-device parser answered).
    pub llm_tokens: i64,
}

impl ComputeSpent {
    /// Share `index` of `parts` equal shares (the remainder goes to the first shares), so
    /// the shares add up exactly to the whole.
    fn share(self, index: usize, parts: usize) -> ComputeSpent {
        let parts = parts.max(1) as i64;
        let index = index as i64;
        let split = |total: i64| total / parts + i64::from(index < total % parts);
        ComputeSpent {
            inference_ms: split(self.inference_ms),
            llm_tokens: split(self.llm_tokens),
        }
    }
}

/// Places confirmed orders through a payment provider into the store and the ledger.
pub struct OrderFlow {
    store: Arc<Store>,
    payments: Arc<dyn Payments>,
    providers: ProvidersConfig,
    /// Held while orders move, so the resume at start never advances an order that a
    /// confirmation is placing at the same time.
    moving: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for OrderFlow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OrderFlow")
            .field("store", &self.store)
            .finish_non_exhaustive()
    }
}

impl OrderFlow {
    /// A flow over the user's store and a payment provider, with the take rates of `providers`.
    pub fn new(
        store: Arc<Store>,
        payments: Arc<dyn Payments>,
        providers: &ProvidersConfig,
    ) -> Self {
        Self {
            store,
            payments,
            providers: providers.clone(),
            moving: tokio::sync::Mutex::new(()),
        }
    }

    /// Places `requests` for the `Pay` action the wearer pressed: the one place a payment's
    /// confirmation token is built, from that press and exactly these orders (keys and
    /// amounts), so the token covers what the card showed and nothing else.
    pub async fn place_confirmed(
        &self,
        confirmation: &Confirmation,
        requests: &[OrderRequest],
        compute: ComputeSpent,
    ) -> ServiceResult<Vec<Order>> {
        let covered: Vec<(String, Cny)> = requests
            .iter()
            .map(|r| (r.idempotency_key.clone(), r.amount))
            .collect();
        let token = ConfirmationToken::for_payment(confirmation, &covered)?;
        self.place(requests, &token, compute).await
    }

    /// Places every order the user confirmed with `confirmation` and takes the payments.
    /// Nothing starts unless the confirmation covers every order (key and amount). Orders
    /// already placed under the same keys are finished, not repeated.
    pub async fn place(
        &self,
        requests: &[OrderRequest],
        confirmation: &ConfirmationToken,
        compute: ComputeSpent,
    ) -> ServiceResult<Vec<Order>> {
        if let Some(uncovered) = requests
            .iter()
            .find(|r| !confirmation.covers_payment(&r.idempotency_key, r.amount))
        {
            return Err(ServiceError::InvalidRequest(format!(
                "the confirmation does not cover {} for `{}`",
                uncovered.amount, uncovered.idempotency_key
            )));
        }
        let _moving = self.moving.lock().await;
        let mut done = Vec::with_capacity(requests.len());
        for (index, request) in requests.iter().enumerate() {
            let share = compute.share(index, requests.len());
            let new_order = request.as_new_order();
            let (order, created) = self
                .store
                .write_blocking(move |tx| {
                    let (order, created) = orders::place(tx, &new_order)?;
                    if created {
                        ledger::note_compute(tx, order.id, share.inference_ms, share.llm_tokens)?;
                    }
                    Ok((order, created))
                })
                .await?;
            tracing::info!(order = order.id, created, state = %order.state, "order placed");
            done.push(self.advance(order, request, Some(confirmation)).await?);
        }
        Ok(done)
    }

    /// Finishes orders a crash or a lost connection left between steps: those with a
    /// payment at the provider (matching key, merchant and amount) are captured and
    /// fulfilled; those the provider never saw are cancelled (nothing was reserved). So
    /// nothing stays on hold or pending. Returns the orders it moved.
    pub async fn resume(&self) -> ServiceResult<Vec<Order>> {
        let _moving = self.moving.lock().await;
        let pending: Vec<Order> = self
            .store
            .read_blocking(orders::list)
            .await?
            .into_iter()
            .filter(|o| {
                matches!(
                    o.state,
                    OrderState::Quoted | OrderState::Confirmed | OrderState::Paid
                )
            })
            .collect();
        let mut moved = Vec::new();
        for order in pending {
            let before = order.state;
            let request = OrderRequest::from_order(&order);
            let after = self.advance(order, &request, None).await?;
            if after.state != before {
                moved.push(after);
            }
        }
        Ok(moved)
    }

    /// Refunds a paid or fulfilled order at the provider and marks it refunded. The ledger
    /// keeps the entry (the commission was earned and is settled separately).
    pub async fn refund(&self, order_id: i64) -> ServiceResult<Order> {
        let order = self
            .store
            .read(|c| orders::get(c, order_id))?
            .ok_or_else(|| ServiceError::NotFound(format!("order {order_id}")))?;
        if order.state == OrderState::Refunded {
            return Ok(order);
        }
        let payment_ref = match (&order.payment_ref, order.state) {
            (Some(r), OrderState::Paid | OrderState::Fulfilled) => r.clone(),
            _ => {
                return Err(ServiceError::InvalidRequest(format!(
                    "order {order_id} is {} and has nothing to refund",
                    order.state
                )));
            }
        };
        self.payments.refund(&payment_ref).await?;
        Ok(self
            .store
            .write(|tx| orders::transition(tx, order_id, OrderState::Refunded, None))?)
    }

    /// Moves one order as far as it can go.
    async fn advance(
        &self,
        mut order: Order,
        request: &OrderRequest,
        confirmation: Option<&ConfirmationToken>,
    ) -> ServiceResult<Order> {
        if order.state == OrderState::Quoted
            || (order.state == OrderState::Confirmed && order.payment_ref.is_none())
        {
            let payment = match self.payments.find(&request.idempotency_key).await? {
                Some(payment) if !payment.matches(&request.payment_request()) => {
                    return Err(ServiceError::InvalidRequest(format!(
                        "the provider holds a different payment under `{}`: {} to `{}`, not {} \
                         to `{}`",
                        request.idempotency_key,
                        payment.amount,
                        payment.merchant_id,
                        request.amount,
                        request.merchant
                    )));
                }
                Some(payment) => payment,
                None => match confirmation {
                    Some(token) => {
                        self.payments
                            .authorize(&request.payment_request(), token)
                            .await?
                    }
                    // Resuming, and the provider never saw it: the press that placed it is
                    // gone with the process (armed actions live in memory), so no one can
                    // confirm it again; it is cancelled, not left pending.
                    None => return self.transition(order.id, OrderState::Cancelled, None).await,
                },
            };
            if payment.state == PaymentState::Refunded {
                return self.transition(order.id, OrderState::Cancelled, None).await;
            }
            order = self
                .transition(order.id, OrderState::Confirmed, Some(&payment.id))
                .await?;
        }
        if order.state == OrderState::Confirmed {
            let payment_ref = order
                .payment_ref
                .clone()
                .ok_or_else(|| StoreError::Refused(format!("order {} has no payment", order.id)))?;
            let captured: Payment = self.payments.capture(&payment_ref).await?;
            tracing::info!(order = order.id, amount = %captured.amount, "payment captured");
            order = self.transition(order.id, OrderState::Paid, None).await?;
        }
        if order.state == OrderState::Paid {
            order = self.fulfil(&order).await?;
        }
        Ok(order)
    }

    /// Moves order `id` to `to` (on the blocking pool).
    async fn transition(
        &self,
        id: i64,
        to: OrderState,
        payment_ref: Option<&str>,
    ) -> ServiceResult<Order> {
        let payment_ref = payment_ref.map(str::to_string);
        Ok(self
            .store
            .write_blocking(move |tx| orders::transition(tx, id, to, payment_ref.as_deref()))
            .await?)
    }

    /// Marks the order fulfilled and records its ledger entry, atomically (on the blocking
    /// pool).
    async fn fulfil(&self, order: &Order) -> ServiceResult<Order> {
        let take_rate_bp = self.providers.take_rate_bp(&order.order.category);
        let (id, amount) = (order.id, order.order.amount);
        Ok(self
            .store
            .write_blocking(move |tx| {
                let (inference_ms, llm_tokens) = ledger::take_compute(tx, id)?;
                let entry = LedgerEntry {
                    order_id: id,
                    gmv: amount,
                    take_rate_bp,
                    commission: amount.basis_points(take_rate_bp),
                    inference_ms,
                    llm_tokens,
                };
                ledger::record(tx, &entry)?;
                orders::transition(tx, id, OrderState::Fulfilled, None)
            })
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_shares_add_up() {
        let total = ComputeSpent {
            inference_ms: 1001,
            llm_tokens: 7,
        };
        let shares: Vec<ComputeSpent> = (0..3).map(|i| total.share(i, 3)).collect();
        assert_eq!(shares.iter().map(|s| s.inference_ms).sum::<i64>(), 1001);
        assert_eq!(shares.iter().map(|s| s.llm_tokens).sum::<i64>(), 7);
        assert_eq!(shares[0].llm_tokens, 3);
    }
}
