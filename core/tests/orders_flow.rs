//! The order flow over the real store and the demo city's payment provider: one
//! confirmation covering several orders, retries that never charge twice, the ledger, and a
//! crash test — the process is SIGKILLed between authorize and capture (and, separately,
//! between the provider's authorization and the store noting it), then restarted: nothing
//! is lost and nothing is doubled. Likewise for a bike unlock whose reply is lost.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use async_trait::async_trait;
use sightline_core::card::{ActionKind, CardAction};
use sightline_core::geo::GeoPoint;
use sightline_core::money::Cny;
use sightline_core::services::Confirmation;
use sightline_core::services::local::DemoCity;
use sightline_core::services::mobility::{Bike, Mobility, Ride, RideReceipt};
use sightline_core::services::orders::{ComputeSpent, OrderFlow, OrderRequest};
use sightline_core::services::unlocks::UnlockFlow;
use sightline_core::services::{
    ConfirmationToken, Payment, PaymentRequest, Payments, ProvidersConfig, Quote, ServiceError,
    ServiceResult,
};
use sightline_core::store::orders::OrderState;
use sightline_core::store::{Store, history, ledger, orders, unlocks};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;

fn requests() -> Vec<OrderRequest> {
    vec![
        OrderRequest {
            idempotency_key: "plan-42/train".into(),
            merchant: "China Railway".into(),
            category: "rail".into(),
            description: "G1002 Hangzhou → Harbin".into(),
            amount: Cny::yuan(1017),
            merchant_code: None,
        },
        OrderRequest {
            idempotency_key: "plan-42/boots".into(),
            merchant: "jd".into(),
            category: "retail".into(),
            description: "Arctic Fox snow boots EU 42".into(),
            amount: Cny::fen(28_990),
            merchant_code: None,
        },
    ]
}

fn confirm(orders: &[OrderRequest]) -> ConfirmationToken {
    let total: Cny = orders.iter().map(|o| o.amount).sum();
    let action = CardAction {
        id: "pay".into(),
        label: "Confirm".into(),
        kind: ActionKind::Pay {
            total,
            summary: "train + boots".into(),
        },
    };
    let covered: Vec<(String, Cny)> = orders
        .iter()
        .map(|o| (o.idempotency_key.clone(), o.amount))
        .collect();
    ConfirmationToken::for_payment(&Confirmation::simulated(&action), &covered).unwrap()
}

const COMPUTE: ComputeSpent = ComputeSpent {
    inference_ms: 301,
    llm_tokens: 1_500,
};

fn open(dir: &Path) -> (Arc<Store>, Arc<DemoCity>) {
    let store = Arc::new(Store::open(&dir.join("sightline.db")).unwrap());
    let city = DemoCity::open(dir).unwrap();
    (store, city)
}

fn captured_payments(city: &DemoCity) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(city.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT idempotency_key, amount_fen FROM payment WHERE state = 'captured' ORDER BY idempotency_key")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn one_confirmation_places_every_order_once() {
    let dir = tempfile::tempdir().unwrap();
    let (store, city) = open(dir.path());
    let flow = OrderFlow::new(store.clone(), city.clone(), &ProvidersConfig::default());
    let orders_in = requests();
    let token = confirm(&orders_in);
    let placed = flow.place(&orders_in, &token, COMPUTE).await.unwrap();
    assert!(
        placed
            .iter()
            .all(|o| o.state == OrderState::Fulfilled && o.payment_ref.is_some())
    );

    // The app retries after a timeout, even with a fresh confirmation: nothing is charged twice.
    let again = flow
        .place(&orders_in, &confirm(&orders_in), COMPUTE)
        .await
        .unwrap();
    assert_eq!(
        again.iter().map(|o| o.id).collect::<Vec<_>>(),
        placed.iter().map(|o| o.id).collect::<Vec<_>>()
    );
    assert_eq!(store.read(orders::list).unwrap().len(), 2);
    assert_eq!(
        captured_payments(&city),
        vec![
            ("plan-42/boots".into(), 28_990),
            ("plan-42/train".into(), 101_700)
        ]
    );

    let totals = store.read(ledger::totals).unwrap();
    assert_eq!(totals.orders, 2);
    assert_eq!(totals.gmv, Cny::fen(130_690));
    // rail 1 % of ¥1,017 + retail 5 % of ¥289.90.
    assert_eq!(totals.commission, Cny::fen(1_017 + 1_450));
    assert_eq!((totals.inference_ms, totals.llm_tokens), (301, 1_500));
}

#[tokio::test]
async fn a_confirmation_must_cover_every_order() {
    let dir = tempfile::tempdir().unwrap();
    let (store, city) = open(dir.path());
    let flow = OrderFlow::new(store.clone(), city.clone(), &ProvidersConfig::default());
    let all = requests();
    let token = confirm(&all[..1]);
    let err = flow.place(&all, &token, COMPUTE).await.unwrap_err();
    assert!(matches!(err, ServiceError::InvalidRequest(_)), "{err:?}");
    assert!(
        store.read(orders::list).unwrap().is_empty(),
        "nothing started"
    );
    let mut dearer = all[0].clone();
    dearer.amount = Cny::yuan(2000);
    assert!(flow.place(&[dearer], &token, COMPUTE).await.is_err());
    assert!(captured_payments(&city).is_empty());
}

#[tokio::test]
async fn refund_returns_the_money() {
    let dir = tempfile::tempdir().unwrap();
    let (store, city) = open(dir.path());
    let flow = OrderFlow::new(store.clone(), city.clone(), &ProvidersConfig::default());
    let one = &requests()[1..];
    let placed = flow.place(one, &confirm(one), COMPUTE).await.unwrap();
    let refunded = flow.refund(placed[0].id).await.unwrap();
    assert_eq!(refunded.state, OrderState::Refunded);
    assert!(captured_payments(&city).is_empty());
    assert_eq!(
        flow.refund(placed[0].id).await.unwrap().state,
        OrderState::Refunded
    );
}

// ------------------------------------------------------------------ crash test

const CHILD_DIR: &str = "SIGHTLINE_ORDER_CRASH_DIR";
const CHILD_POINT: &str = "SIGHTLINE_ORDER_CRASH_POINT";

/// Payments that stop the world at a chosen point: it announces the point on stdout and
/// then waits to be killed.
struct Freezing {
    inner: Arc<DemoCity>,
    point: String,
}

impl Freezing {
    fn freeze(&self, here: &str) {
        if self.point == here {
            println!("FROZEN {here}");
            let _ = std::io::stdout().flush();
            std::thread::sleep(std::time::Duration::from_secs(120));
        }
    }
}

#[async_trait]
impl Payments for Freezing {
    async fn quote(&self, request: &PaymentRequest) -> ServiceResult<Quote> {
        self.inner.quote(request).await
    }
    async fn authorize(
        &self,
        request: &PaymentRequest,
        confirmation: &ConfirmationToken,
    ) -> ServiceResult<Payment> {
        let payment = self.inner.authorize(request, confirmation).await?;
        self.freeze("after-authorize");
        Ok(payment)
    }
    async fn payee_of_code(
        &self,
        code: &sightline_core::services::MerchantCode,
    ) -> ServiceResult<sightline_core::services::CodePayee> {
        self.inner.payee_of_code(code).await
    }
    async fn capture(&self, payment_id: &str) -> ServiceResult<Payment> {
        self.freeze("before-capture");
        self.inner.capture(payment_id).await
    }
    async fn refund(&self, payment_id: &str) -> ServiceResult<Payment> {
        self.inner.refund(payment_id).await
    }
    async fn find(&self, key: &str) -> ServiceResult<Option<Payment>> {
        self.inner.find(key).await
    }
}

/// Run as a child: confirms the two orders and freezes at the chosen point.
#[test]
fn order_crash_child() {
    let (Ok(dir), Ok(point)) = (std::env::var(CHILD_DIR), std::env::var(CHILD_POINT)) else {
        return; // only meaningful when spawned by the crash tests below
    };
    let (store, city) = open(Path::new(&dir));
    let payments = Arc::new(Freezing { inner: city, point });
    let flow = OrderFlow::new(store, payments, &ProvidersConfig::default());
    let orders_in = requests();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime
        .block_on(flow.place(&orders_in, &confirm(&orders_in), COMPUTE))
        .unwrap();
    println!("FINISHED");
}

/// Runs the test `child` as a child process in `dir` and SIGKILLs it once it froze at `point`.
fn kill_child_at(dir: &Path, child: &str, point: &str) {
    // Build the city first so the child does not spend its time generating it.
    drop(open(dir));
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", child, "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir)
        .env(CHILD_POINT, point)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut frozen = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        assert!(
            !line.contains("FINISHED"),
            "child finished before it was killed"
        );
        if line.contains("FROZEN") {
            frozen = true;
            break;
        }
    }
    assert!(frozen, "child never reached {point}");
    child.kill().unwrap(); // SIGKILL on Unix
    assert!(!child.wait().unwrap().success());
}

async fn restart_and_check(dir: &Path) {
    let (store, city) = open(dir);
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let flow = OrderFlow::new(store.clone(), city.clone(), &ProvidersConfig::default());
    // On start: the interrupted order is finished from what the provider already holds.
    let moved = flow.resume().await.unwrap();
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!(moved[0].order.idempotency_key, "plan-42/train");
    assert_eq!(moved[0].state, OrderState::Fulfilled);
    // The app repeats the confirmation it never saw answered.
    let orders_in = requests();
    let done = flow
        .place(&orders_in, &confirm(&orders_in), COMPUTE)
        .await
        .unwrap();
    assert!(done.iter().all(|o| o.state == OrderState::Fulfilled));
    assert_eq!(
        store.read(orders::list).unwrap().len(),
        2,
        "nothing doubled"
    );
    assert_eq!(
        captured_payments(&city),
        vec![
            ("plan-42/boots".into(), 28_990),
            ("plan-42/train".into(), 101_700)
        ],
        "each order captured exactly once"
    );
    let conn = rusqlite::Connection::open(city.path()).unwrap();
    let all_payments: i64 = conn
        .query_row("SELECT COUNT(*) FROM payment", [], |r| r.get(0))
        .unwrap();
    assert_eq!(all_payments, 2, "no second authorization");
    let totals = store.read(ledger::totals).unwrap();
    assert_eq!((totals.orders, totals.gmv), (2, Cny::fen(130_690)));
    assert_eq!(
        totals.llm_tokens, 1_500,
        "the compute noted before the crash is kept"
    );
    assert!(
        flow.resume().await.unwrap().is_empty(),
        "nothing left pending"
    );
}

#[tokio::test]
async fn sigkill_between_authorize_and_capture_loses_nothing_and_doubles_nothing() {
    let dir = tempfile::tempdir().unwrap();
    kill_child_at(dir.path(), "order_crash_child", "before-capture");
    {
        let (store, _) = open(dir.path());
        let left = store.read(orders::list).unwrap();
        assert_eq!(left.len(), 1);
        assert_eq!(
            left[0].state,
            OrderState::Confirmed,
            "authorized, not captured"
        );
    }
    restart_and_check(dir.path()).await;
}

#[tokio::test]
async fn sigkill_before_the_store_notes_the_authorization() {
    let dir = tempfile::tempdir().unwrap();
    kill_child_at(dir.path(), "order_crash_child", "after-authorize");
    {
        let (store, _) = open(dir.path());
        let left = store.read(orders::list).unwrap();
        assert_eq!(
            left[0].state,
            OrderState::Quoted,
            "the store never heard back"
        );
    }
    restart_and_check(dir.path()).await;
}

/// A crash between authorize and capture: the next start of the companion finishes the
/// order by itself (captured once), and no authorization stays on hold.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_sigkill_between_authorize_and_capture_is_finished_at_start() {
    let dir = tempfile::tempdir().unwrap();
    kill_child_at(dir.path(), "order_crash_child", "before-capture");
    let companion = sightline_core::companion::Companion::start(
        sightline_core::Config::with_data_dir(dir.path()),
    )
    .unwrap();
    let store = companion.store().clone();
    let city = DemoCity::open(dir.path()).unwrap();
    let mut fulfilled = 0;
    for _ in 0..200 {
        fulfilled = store
            .read(orders::list)
            .unwrap()
            .iter()
            .filter(|o| o.state == OrderState::Fulfilled)
            .count();
        if fulfilled == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert_eq!(fulfilled, 1, "the start finished the interrupted order");
    assert_eq!(
        captured_payments(&city),
        vec![("plan-42/train".into(), 101_700)]
    );
    let conn = rusqlite::Connection::open(city.path()).unwrap();
    let on_hold: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM payment WHERE state = 'authorized'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_hold, 0, "nothing stays on hold");
}

/// A provider holding another payment under the order's key (another user's, at a shared
/// provider, or a forged one) is never taken for this order's.
#[tokio::test]
async fn security_a_payment_found_under_the_key_must_match_amount_and_merchant() {
    let dir = tempfile::tempdir().unwrap();
    let (store, city) = open(dir.path());
    let flow = OrderFlow::new(store.clone(), city.clone(), &ProvidersConfig::default());
    let mut theirs = requests();
    theirs.truncate(1);
    flow.place(&theirs, &confirm(&theirs), COMPUTE)
        .await
        .unwrap();
    // Same key, another merchant and amount: refused, nothing authorized or captured anew.
    let mut ours = theirs.clone();
    ours[0].merchant = "someone-else".into();
    ours[0].amount = Cny::fen(100);
    let other_store = Arc::new(Store::open(&dir.path().join("other.db")).unwrap());
    let other = OrderFlow::new(
        other_store.clone(),
        city.clone(),
        &ProvidersConfig::default(),
    );
    assert!(other.place(&ours, &confirm(&ours), COMPUTE).await.is_err());
    assert!(
        other_store
            .read(orders::list)
            .unwrap()
            .iter()
            .all(|o| o.payment_ref.is_none()),
        "the other payment was not adopted"
    );
    assert_eq!(captured_payments(&city).len(), 1);
}

// ------------------------------------------------------------------ unlock crash test

/// Mobility that unlocks at the city, then loses the reply: it announces the point and waits
/// to be killed.
struct LosingReplies {
    inner: Arc<DemoCity>,
}

#[async_trait]
impl Mobility for LosingReplies {
    async fn bike_by_qr(&self, qr_payload: &str) -> ServiceResult<Bike> {
        self.inner.bike_by_qr(qr_payload).await
    }
    async fn bike(&self, bike_id: &str) -> ServiceResult<Bike> {
        self.inner.bike(bike_id).await
    }
    async fn unlock(&self, bike_id: &str, confirmation: &ConfirmationToken) -> ServiceResult<Ride> {
        let ride = self.inner.unlock(bike_id, confirmation).await?;
        println!("FROZEN after-unlock");
        let _ = std::io::stdout().flush();
        std::thread::sleep(std::time::Duration::from_secs(120));
        Ok(ride)
    }
    async fn ride_for(&self, confirmation_id: &str) -> ServiceResult<Option<Ride>> {
        self.inner.ride_for(confirmation_id).await
    }
    async fn end_ride(
        &self,
        ride_id: &str,
        parked_at: GeoPoint,
        at: chrono::DateTime<chrono::Utc>,
    ) -> ServiceResult<RideReceipt> {
        self.inner.end_ride(ride_id, parked_at, at).await
    }
}

/// The wearer's confirmation of unlocking `bike_id`, pressed on the action `action_id`.
fn unlock_token(action_id: &str, bike_id: &str) -> ConfirmationToken {
    let action = CardAction {
        id: action_id.into(),
        label: "Unlock".into(),
        kind: ActionKind::Unlock {
            target: bike_id.into(),
        },
    };
    ConfirmationToken::for_unlock(&Confirmation::simulated(&action)).unwrap()
}

fn available_bike(city: &DemoCity) -> String {
    rusqlite::Connection::open(city.path())
        .unwrap()
        .query_row(
            "SELECT id FROM bike WHERE status = 'available' ORDER BY id LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
}

/// Run as a child: unlocks the first available bike; the reply is lost.
#[test]
fn unlock_crash_child() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return; // only meaningful when spawned by the crash test below
    };
    let (store, city) = open(Path::new(&dir));
    let bike = available_bike(&city);
    let flow = UnlockFlow::new(store, Arc::new(LosingReplies { inner: city }));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime
        .block_on(flow.unlock(&bike, &unlock_token("unlock-1", &bike)))
        .unwrap();
    println!("FINISHED");
}

/// The process dies during a bike unlock whose reply never came (the city unlocked the bike
/// and started a ride). The next start learns the ride from the provider and shows it, so it
/// does not run unknown; unlocking again starts no second ride; nothing is left pending or
/// on hold.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_sigkill_during_an_unlock_whose_reply_is_lost_charges_once_at_restart() {
    let dir = tempfile::tempdir().unwrap();
    let bike = available_bike(&open(dir.path()).1);
    kill_child_at(dir.path(), "unlock_crash_child", "after-unlock");
    let rides_of = |city: &DemoCity| -> Vec<String> {
        let conn = rusqlite::Connection::open(city.path()).unwrap();
        let mut stmt = conn
            .prepare("SELECT id FROM ride WHERE bike_id = ?1 ORDER BY id")
            .unwrap();
        stmt.query_map([&bike], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let confirmation_id = {
        let (store, city) = open(dir.path());
        let pending = store.read(unlocks::pending).unwrap();
        assert_eq!(pending.len(), 1, "the reply was lost");
        assert_eq!(rides_of(&city).len(), 1, "the city unlocked the bike");
        pending[0].confirmation_id.clone()
    };
    let companion = sightline_core::companion::Companion::start(
        sightline_core::Config::with_data_dir(dir.path()),
    )
    .unwrap();
    let store = companion.store().clone();
    let city = DemoCity::open(dir.path()).unwrap();
    let shown = || {
        store
            .read(|c| history::list(c, &history::Filter::default(), 10))
            .unwrap()
            .iter()
            .any(|e| e.entry.title.contains(&bike) && e.entry.title.contains("unlocked"))
    };
    for _ in 0..200 {
        if shown() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    assert!(shown(), "the wearer is shown the running ride");
    let noted = store
        .read(|c| unlocks::ride_of(c, &confirmation_id))
        .unwrap();
    let rides = rides_of(&city);
    assert_eq!(
        noted.as_ref(),
        rides.first(),
        "the start learnt the ride the lost reply started"
    );
    assert!(
        store.read(unlocks::pending).unwrap().is_empty(),
        "nothing left pending"
    );
    // The wearer tries again from a fresh card: the bike is theirs already, no second ride.
    let flow = UnlockFlow::new(store.clone(), city.clone());
    assert!(matches!(
        flow.unlock(&bike, &unlock_token("unlock-2", &bike)).await,
        Err(ServiceError::Refused { .. })
    ));
    // Repeating the first confirmation returns the same ride.
    let again = flow
        .unlock(&bike, &unlock_token("unlock-1", &bike))
        .await
        .unwrap();
    assert_eq!(Some(&again.id), rides.first());
    assert_eq!(rides_of(&city), rides, "one ride, charged once");
    assert!(flow.resume().await.unwrap().is_empty());
    let on_hold: i64 = rusqlite::Connection::open(city.path())
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM payment WHERE state = 'authorized'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_hold, 0, "nothing stays on hold");
}
