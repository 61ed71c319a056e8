//! `Payments` over the demo city: a simulated payment provider whose payments live in
//! `city.db`, one per idempotency key, so retries and restarts never charge twice.

use async_trait::async_trait;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::DemoCity;
use crate::money::Cny;
use crate::services::error::{ServiceError, ServiceResult};
use crate::services::paycode::MerchantCode;
use crate::services::payments::{
    CodePayee, ConfirmationToken, Payment, PaymentRequest, PaymentState, Payments, Quote,
};
use crate::services::refusal::Refusal;
use crate::store::now_ms;

const PROVIDER: &str = "demo payments";

fn refused(kind: Refusal, reason: String) -> ServiceError {
    ServiceError::refused(PROVIDER, kind, &reason)
}

fn payment_from_row(r: &Row<'_>) -> rusqlite::Result<Payment> {
    let state: String = r.get(3)?;
    let parsed = match state.as_str() {
        "captured" => PaymentState::Captured,
        "refunded" => PaymentState::Refunded,
        _ => PaymentState::Authorized,
    };
    Ok(Payment {
        id: r.get(0)?,
        idempotency_key: r.get(1)?,
        amount: Cny::fen(r.get(2)?),
        merchant_id: r.get(4)?,
        state: parsed,
    })
}

fn payment_where(conn: &Connection, column: &str, value: &str) -> ServiceResult<Option<Payment>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT id, idempotency_key, amount_fen, state, merchant FROM payment WHERE {column} = ?1"
        ))?
        .query_row([value], payment_from_row)
        .optional()?)
}

fn validate(request: &PaymentRequest) -> ServiceResult<()> {
    if request.amount <= Cny::fen(0) {
        return Err(ServiceError::InvalidRequest(format!(
            "amount {} must be positive",
            request.amount
        )));
    }
    if request.idempotency_key.trim().is_empty() {
        return Err(ServiceError::InvalidRequest(
            "a payment needs an idempotency key".into(),
        ));
    }
    Ok(())
}

impl DemoCity {
    /// Moves payment `id` to `to` when it is in one of `from`; already in `to` is a no-op.
    fn move_payment(
        &self,
        id: &str,
        from: &[PaymentState],
        to: PaymentState,
    ) -> ServiceResult<Payment> {
        self.write(|tx| {
            let payment = payment_where(tx, "id", id)?
                .ok_or_else(|| ServiceError::NotFound(format!("payment `{id}`")))?;
            if payment.state == to {
                return Ok(payment);
            }
            if !from.contains(&payment.state) {
                return Err(refused(
                    Refusal::Other,
                    format!(
                        "payment {id} is {} and cannot become {}",
                        payment.state.as_str(),
                        to.as_str()
                    ),
                ));
            }
            tx.execute(
                "UPDATE payment SET state = ?2, updated_at_ms = ?3 WHERE id = ?1",
                params![id, to.as_str(), now_ms()],
            )?;
            Ok(Payment {
                state: to,
                ..payment
            })
        })
    }
}

#[async_trait]
impl Payments for DemoCity {
    async fn quote(&self, request: &PaymentRequest) -> ServiceResult<Quote> {
        validate(request)?;
        Ok(Quote {
            idempotency_key: request.idempotency_key.clone(),
            amount: request.amount,
            fee: Cny::fen(0),
            total: request.amount,
        })
    }

    async fn authorize(
        &self,
        request: &PaymentRequest,
        confirmation: &ConfirmationToken,
    ) -> ServiceResult<Payment> {
        validate(request)?;
        if !confirmation.covers_payment(&request.idempotency_key, request.amount) {
            return Err(refused(
                Refusal::NotConfirmed,
                format!(
                    "the user did not confirm paying {} for `{}`",
                    request.amount, request.idempotency_key
                ),
            ));
        }
        self.write(|tx| {
            if let Some(payload) = &request.merchant_code {
                check_code_payee(tx, payload, &request.merchant_id)?;
            }
            if let Some(existing) = payment_where(tx, "idempotency_key", &request.idempotency_key)?
            {
                if !existing.matches(request) {
                    return Err(refused(
                        Refusal::NotConfirmed,
                        format!(
                            "idempotency key `{}` was used for {} to `{}`",
                            request.idempotency_key, existing.amount, existing.merchant_id
                        ),
                    ));
                }
                return Ok(existing);
            }
            let id = format!("pay_{}", hex::encode(rand::random::<[u8; 10]>()));
            tx.execute(
                "INSERT INTO payment(id, idempotency_key, merchant, description, amount_fen, state,
                                     confirmation_id, updated_at_ms)
                 VALUES (?1,?2,?3,?4,?5,'authorized',?6,?7)",
                params![
                    id,
                    request.idempotency_key,
                    request.merchant_id,
                    request.description,
                    request.amount.0,
                    confirmation.id(),
                    now_ms()
                ],
            )?;
            Ok(Payment {
                id,
                idempotency_key: request.idempotency_key.clone(),
                merchant_id: request.merchant_id.clone(),
                amount: request.amount,
                state: PaymentState::Authorized,
            })
        })
    }

    async fn capture(&self, payment_id: &str) -> ServiceResult<Payment> {
        self.move_payment(
            payment_id,
            &[PaymentState::Authorized],
            PaymentState::Captured,
        )
    }

    async fn refund(&self, payment_id: &str) -> ServiceResult<Payment> {
        self.move_payment(
            payment_id,
            &[PaymentState::Authorized, PaymentState::Captured],
            PaymentState::Refunded,
        )
    }

    async fn find(&self, idempotency_key: &str) -> ServiceResult<Option<Payment>> {
        self.read(|c| payment_where(c, "idempotency_key", idempotency_key))
    }

    async fn payee_of_code(&self, code: &MerchantCode) -> ServiceResult<CodePayee> {
        self.read(|c| super::paycodes::payee(c, code))
    }
}

/// Refuses paying the code `payload` to anyone but the payee it resolves to.
fn check_code_payee(conn: &Connection, payload: &str, merchant_id: &str) -> ServiceResult<()> {
    let code = crate::services::paycode::parse(payload)
        .map_err(|e| ServiceError::InvalidRequest(e.to_string()))?;
    let payee = super::paycodes::payee(conn, &code)?;
    if payee.merchant_id != merchant_id {
        return Err(refused(
            Refusal::WrongPayee,
            format!("the code pays `{}`, not `{merchant_id}`", payee.merchant_id),
        ));
    }
    Ok(())
}
