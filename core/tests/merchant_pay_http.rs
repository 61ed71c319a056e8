//! Paying a merchant's payment code through the REST payment provider, against a local
//! server that keeps payments the way a real one does (one per idempotency key): the payee
//! is resolved from the code, the code travels with the authorization, and a provider that
//! takes the authorization but times out before answering is never charged twice — the
//! wearer's second press finds the payment and finishes it.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use serde_json::{Value, json};
use sightline_core::config::Secret;
use sightline_core::money::Cny;
use sightline_core::proactive::merchant::CodeToPay;
use sightline_core::services::http::RestProvider;
use sightline_core::services::orders::{ComputeSpent, OrderFlow};
use sightline_core::services::{
    Confirmation, HttpProviderConfig, Payments, ProvidersConfig, ServiceError, paycode,
};
use sightline_core::store::orders::OrderState;
use std::sync::{Arc, Mutex};
use support::http_server::{Reply, Seen, TestServer};

const CODE: &str = "https://qr.alipay.com/fkx17148wqtmgrjdxsaxl57";

/// A payment provider's state: payments by idempotency key, captures, and whether an
/// authorization's answer is lost (the provider takes it, then never replies).
#[derive(Default)]
struct Provider {
    payments: Vec<Value>,
    authorizations_seen: Vec<Value>,
    captures: usize,
    lose_authorization_replies: bool,
}

impl Provider {
    fn answer(&mut self, seen: &Seen) -> Reply {
        let path = seen.target.split('?').next().unwrap_or_default();
        let ok = |v: Value| Reply::Body(200, v.to_string());
        match (seen.method.as_str(), path) {
            ("GET", "/payments/merchant-codes") => {
                assert!(seen.target.contains("code=https"), "{}", seen.target);
                ok(json!({"merchant_id":"m-2088","name":"知味观","personal":false,"poi_id":null}))
            }
            ("POST", "/payments/quotes") => {
                let request: Value = serde_json::from_str(&seen.body).unwrap();
                let amount = request["amount"].clone();
                ok(
                    json!({"idempotency_key": request["idempotency_key"], "amount": amount,
                          "fee": 0, "total": amount}),
                )
            }
            ("POST", "/payments/authorizations") => {
                let body: Value = serde_json::from_str(&seen.body).unwrap();
                self.authorizations_seen.push(body.clone());
                let request = &body["request"];
                let key = request["idempotency_key"].clone();
                if !self.payments.iter().any(|p| p["idempotency_key"] == key) {
                    self.payments.push(json!({
                        "id": format!("pay_{}", self.payments.len() + 1),
                        "idempotency_key": key, "merchant_id": request["merchant_id"],
                        "amount": request["amount"], "state": "authorized"}));
                }
                let payment = self.payments.iter().find(|p| p["idempotency_key"] == key);
                match (self.lose_authorization_replies, payment) {
                    (true, _) => Reply::Hang,
                    (false, Some(p)) => ok(p.clone()),
                    (false, None) => Reply::Body(500, "{}".into()),
                }
            }
            ("GET", "/payments") => {
                let key = seen
                    .target
                    .split("idempotency_key=")
                    .nth(1)
                    .unwrap_or_default()
                    .replace("%2F", "/");
                let found = self.payments.iter().find(|p| p["idempotency_key"] == key);
                ok(json!({ "payment": found }))
            }
            ("POST", capture) if capture.ends_with("/capture") => {
                self.captures += 1;
                let id = capture
                    .trim_start_matches("/payments/")
                    .trim_end_matches("/capture");
                let Some(p) = self.payments.iter_mut().find(|p| p["id"] == id) else {
                    return Reply::Body(
                        404,
                        r#"{"error":{"code":"not_found","message":"no"}}"#.into(),
                    );
                };
                p["state"] = json!("captured");
                ok(p.clone())
            }
            _ => Reply::Body(
                404,
                r#"{"error":{"code":"not_found","message":"no"}}"#.into(),
            ),
        }
    }
}

#[tokio::test]
async fn browser_merchant_code_payment_through_a_provider_that_times_out_charges_once() {
    let provider = Arc::new(Mutex::new(Provider {
        lose_authorization_replies: true,
        ..Provider::default()
    }));
    let server = TestServer::start({
        let provider = provider.clone();
        move |seen| provider.lock().unwrap().answer(seen)
    })
    .await;
    let config = HttpProviderConfig {
        timeout_ms: 300,
        api_key: Secret::new("payments-key"),
        retries: 1,
        ..HttpProviderConfig::new(server.base_url.clone())
    };
    let rest: Arc<dyn Payments> = Arc::new(RestProvider::new("payments", &config).unwrap());
    // The payee comes from the provider, for the code as printed.
    let code = paycode::parse(CODE).unwrap();
    let payee = rest.payee_of_code(&code).await.unwrap();
    assert_eq!(payee.name, "知味观");
    let to_pay = CodeToPay {
        code,
        payee,
        in_front: None,
    };
    let (card, order) = to_pay.pay_card(
        Cny::yuan(35),
        sightline_core::locale::Language::En,
        "merchant_pay-1",
        "test",
    );
    let pay = card.confirmation().unwrap().clone();
    let (_dir, store) = support::session::store();
    let flow = OrderFlow::new(store.clone(), rest.clone(), &ProvidersConfig::default());
    let press = || Confirmation::simulated(&pay);

    // The provider takes the authorization but its answer never comes back.
    let err = flow
        .place_confirmed(
            &press(),
            std::slice::from_ref(&order),
            ComputeSpent::default(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Timeout { .. }), "{err:?}");
    {
        let p = provider.lock().unwrap();
        assert_eq!(p.payments.len(), 1, "one payment held at the provider");
        assert_eq!(p.captures, 0);
        let sent = &p.authorizations_seen[0]["request"];
        assert_eq!(
            sent["merchant_code"], CODE,
            "the code travels with the payment"
        );
        assert_eq!(sent["merchant_id"], "m-2088");
        assert_eq!(sent["amount"], 3500);
    }
    let pending = store.read(sightline_core::store::orders::list).unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].state, OrderState::Quoted);

    // The wearer presses again; the provider answers now. The payment is found, not made
    // again, and taken once.
    provider.lock().unwrap().lose_authorization_replies = false;
    let placed = flow
        .place_confirmed(
            &press(),
            std::slice::from_ref(&order),
            ComputeSpent::default(),
        )
        .await
        .unwrap();
    assert_eq!(placed.len(), 1);
    assert_eq!(placed[0].state, OrderState::Fulfilled);
    let p = provider.lock().unwrap();
    assert_eq!(p.payments.len(), 1, "never charged twice");
    assert_eq!(p.payments[0]["state"], "captured");
    assert_eq!(p.captures, 1);
    let ledger: Vec<(i64, i64)> = store
        .read(|c| {
            Ok(c.prepare("SELECT gmv_fen, commission_fen FROM ledger")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .unwrap();
    assert_eq!(ledger, vec![(3500, 21)]);
}
