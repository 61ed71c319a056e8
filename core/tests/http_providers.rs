//! The HTTP providers against a local server started by each test: payloads shaped like the
//! real APIs, and every way a remote can fail — 4xx/5xx, timeouts, slow bodies, malformed
//! JSON, oversized bodies — each giving a clear typed error, never a panic or a hang.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use sightline_core::card::{ActionKind, CardAction};
use sightline_core::config::Secret;
use sightline_core::geo::GeoPoint;
use sightline_core::money::Cny;
use sightline_core::services::Confirmation;
use sightline_core::services::http::client::{HttpClient, KeyPlacement};
use sightline_core::services::http::{AmapPlaces, RestProvider};
use sightline_core::services::{
    Catalog, ConfirmationToken, DeliveryTo, HttpProviderConfig, Mobility, NearbyQuery,
    PaymentRequest, Payments, Places, PoiCategory, Refusal, ServiceError, Travel, TravelMode,
    TripQuery,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::http_server::{Reply, TestServer};

const KEY: &str = "amap-key-do-not-log-7f3a";

fn config(server: &TestServer, timeout_ms: u64) -> HttpProviderConfig {
    HttpProviderConfig {
        timeout_ms,
        api_key: Secret::new(KEY),
        retries: 2,
        max_body_bytes: 64 * 1024,
        ..HttpProviderConfig::new(server.base_url.clone())
    }
}

const AROUND: &str = r#"{"status":"1","count":"2","info":"OK","infocode":"10000","suggestion":{"keywords":[],"cities":[]},
"pois":[
 {"id":"B0FFG5R2JX","parent":[],"name":"星巴克(湖滨银泰店)","type":"餐饮服务;咖啡厅;星巴克咖啡","typecode":"050500","biz_type":[],
  "address":"延安路258号","location":"120.169124,30.254402","tel":"0571-87001234","distance":"35","biz_ext":{"rating":"4.6","cost":"38.00","open_time":"07:00-22:00"}},
 {"id":"B023B0A1","parent":[],"name":"断桥残雪","type":"风景名胜;风景名胜;国家级景点","typecode":"110202","biz_type":[],
  "address":[],"location":"120.157789,30.258701","tel":[],"distance":"1180","biz_ext":{"rating":"4.8","cost":[]}}
]}"#;

#[tokio::test]
async fn amap_around_is_parsed_converted_and_keyed() {
    let server = TestServer::start(|_| Reply::Body(200, AROUND.into())).await;
    let amap = AmapPlaces::new(&config(&server, 2_000)).unwrap();
    let center = GeoPoint::new(30.2560, 120.1640);
    let mut query = NearbyQuery::around(center, 2_000.0);
    query.keyword = Some("咖啡".into());
    query.category = Some(PoiCategory::Cafe);
    let hits = amap.search_nearby(&query).await.unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].poi.name_zh, "星巴克(湖滨银泰店)");
    assert_eq!(hits[0].poi.category, PoiCategory::Cafe);
    assert_eq!(hits[0].poi.rating, Some(4.6));
    assert_eq!(hits[1].poi.category, PoiCategory::Landmark);
    assert_eq!(hits[1].poi.phone, None, "Amap's [] means empty");
    // GCJ-02 from Amap became WGS-84: a few hundred metres west/south of the raw value.
    let raw = GeoPoint::new(30.254402, 120.169124);
    let shift = raw.distance_m(&hits[0].poi.location);
    assert!((300.0..700.0).contains(&shift), "{shift}");
    let seen = &server.requests()[0];
    assert!(
        seen.target.starts_with("/v3/place/around?"),
        "{}",
        seen.target
    );
    assert!(seen.target.contains(&format!("key={KEY}")));
    assert!(seen.target.contains("types=050500"));
    assert!(seen.target.contains("sortrule=distance"));
}

#[tokio::test]
async fn amap_in_front_and_name_search() {
    let server = TestServer::start(|_| Reply::Body(200, AROUND.into())).await;
    let amap = AmapPlaces::new(&config(&server, 2_000)).unwrap();
    // Stand 30 m west of the (converted) café and face east: the café is in front.
    let cafe = amap
        .search_nearby(&NearbyQuery::around(
            GeoPoint::new(30.256, 120.164),
            2_000.0,
        ))
        .await
        .unwrap()[0]
        .poi
        .location;
    let at = cafe.offset(270.0, 30.0);
    let front = amap.in_front_of(at, 90.0, 100.0).await.unwrap().unwrap();
    assert_eq!(front.poi.id, "B0FFG5R2JX");
    // Facing away: the café is behind, the landmark beyond 100 m.
    assert!(amap.in_front_of(at, 270.0, 100.0).await.unwrap().is_none());
    let by_name = amap.search_by_name("星巴克", None, 5).await.unwrap();
    assert!(by_name[0].score > 0.6);
    assert!(
        server
            .requests()
            .last()
            .unwrap()
            .target
            .starts_with("/v3/place/text?")
    );
}

#[tokio::test]
async fn amap_error_status_is_refused_with_its_info() {
    let server = TestServer::start(|_| {
        Reply::Body(
            200,
            r#"{"status":"0","info":"INVALID_USER_KEY","infocode":"10001"}"#.into(),
        )
    })
    .await;
    let amap = AmapPlaces::new(&config(&server, 2_000)).unwrap();
    let err = amap.details("B0FFG5R2JX").await.unwrap_err();
    assert!(matches!(err, ServiceError::Refused { .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("INVALID_USER_KEY") && text.contains("10001"),
        "{text}"
    );
    assert!(!text.contains(KEY));
}

#[tokio::test]
async fn server_errors_are_retried_then_reported() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = TestServer::start(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        Reply::Body(
            503,
            r#"{"error":{"code":"busy","message":"try later"}}"#.into(),
        )
    })
    .await;
    let rest = RestProvider::new("catalog", &config(&server, 2_000)).unwrap();
    let err = rest.by_barcode("6900000100073").await;
    let err = match err {
        Err(e) => e,
        Ok(p) => panic!("expected an error, got {p:?}"),
    };
    assert!(
        matches!(&err, ServiceError::Status { status: 503, message, .. } if message == "try later"),
        "{err:?}"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 3, "1 try + 2 retries");
}

#[tokio::test]
async fn transient_failures_then_success() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let server = TestServer::start(move |_| {
        if counter.fetch_add(1, Ordering::SeqCst) < 2 {
            Reply::Body(502, "<html>bad gateway</html>".into())
        } else {
            Reply::Body(200, r#"{"trips":[]}"#.into())
        }
    })
    .await;
    let rest = RestProvider::new("travel", &config(&server, 2_000)).unwrap();
    let trips = rest
        .trips(&TripQuery {
            from_city: "Hangzhou".into(),
            to_city: "Harbin".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
            mode: Some(TravelMode::Train),
        })
        .await
        .unwrap();
    assert!(trips.is_empty());
    let seen = server.requests();
    assert_eq!(seen.len(), 3);
    assert!(seen[2].target.contains("from=Hangzhou") && seen[2].target.contains("mode=train"));
    assert_eq!(
        seen[2].header("authorization"),
        Some(&*format!("Bearer {KEY}"))
    );
}

#[tokio::test]
async fn client_errors_are_typed_and_not_retried() {
    let server = TestServer::start(|seen| {
        if seen.target.contains("barcodes") {
            Reply::Body(
                404,
                r#"{"error":{"code":"not_found","message":"no product 6900000100073"}}"#.into(),
            )
        } else {
            Reply::Body(
                409,
                r#"{"error":{"code":"in_use","message":"bike HB000001 is in use"}}"#.into(),
            )
        }
    })
    .await;
    let rest = RestProvider::new("catalog", &config(&server, 2_000)).unwrap();
    assert!(matches!(
        rest.by_barcode("6900000100073").await,
        Err(ServiceError::NotFound(m)) if m.contains("6900000100073")
    ));
    let unlock = CardAction {
        id: "u".into(),
        label: "Unlock".into(),
        kind: ActionKind::Unlock {
            target: "HB000001".into(),
        },
    };
    let token = ConfirmationToken::for_unlock(&Confirmation::simulated(&unlock)).unwrap();
    assert!(matches!(
        rest.unlock("HB000001", &token).await,
        Err(ServiceError::Refused { kind: Refusal::Unavailable, reason, .. }) if reason.contains("in use")
    ));
    assert_eq!(server.requests().len(), 2, "4xx answers are not retried");
    // A confirmation for another bike never reaches the network.
    assert!(rest.unlock("HB000002", &token).await.is_err());
    assert_eq!(server.requests().len(), 2);
    // Bad input is refused locally, before any request.
    assert!(matches!(
        rest.by_barcode("123").await,
        Err(ServiceError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = TestServer::start(|_| Reply::Hang).await;
    let mut cfg = config(&server, 300);
    cfg.retries = 1;
    let rest = RestProvider::new("catalog", &cfg).unwrap();
    let started = Instant::now();
    let err = rest.variants("arctic-fox-snow-boots").await.unwrap_err();
    assert!(
        matches!(err, ServiceError::Timeout { after_ms: 300, .. }),
        "{err:?}"
    );
    // Two attempts of 300 ms plus one backoff: well under two seconds, never a hang.
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_slow_body_times_out() {
    let server = TestServer::start(|_| Reply::Drip {
        total: 10_000,
        chunk: 10,
        every: Duration::from_millis(50),
    })
    .await;
    let mut cfg = config(&server, 400);
    cfg.retries = 0;
    let rest = RestProvider::new("guides", &cfg).unwrap();
    let started = Instant::now();
    let err = sightline_core::services::Guides::guide(&rest, "landmark/leifeng-pagoda")
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    // The POI id with its slash went as one escaped path segment.
    assert_eq!(
        server.requests()[0].target,
        "/guides/landmark%2Fleifeng-pagoda"
    );
}

#[tokio::test]
async fn malformed_json_is_a_typed_error() {
    let server = TestServer::start(|seen| {
        if seen.target.starts_with("/v3/") {
            Reply::Body(
                200,
                r#"{"status":"1","pois":[{"id":"x","name":"y","location":"not-a-place"}]}"#.into(),
            )
        } else {
            Reply::Body(200, r#"{"offers": [{"product_id": 12}"#.into())
        }
    })
    .await;
    let rest = RestProvider::new("catalog", &config(&server, 2_000)).unwrap();
    let to = DeliveryTo {
        location: GeoPoint::new(30.25, 120.16),
        ordered_at: Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap(),
    };
    let err = rest.offers("coca-cola-330", &to).await.unwrap_err();
    assert!(matches!(err, ServiceError::Malformed { .. }), "{err:?}");
    let amap = AmapPlaces::new(&config(&server, 2_000)).unwrap();
    let err = amap
        .search_nearby(&NearbyQuery::around(GeoPoint::new(30.25, 120.16), 500.0))
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Malformed { .. }), "{err:?}");
}

#[tokio::test]
async fn oversized_bodies_are_refused_declared_or_not() {
    let server = TestServer::start(|seen| {
        if seen.target.contains("declared") {
            Reply::Body(200, format!("{{\"products\":\"{}\"}}", "x".repeat(200_000)))
        } else {
            Reply::Chunked { total: 5_000_000 }
        }
    })
    .await;
    let rest = RestProvider::new("catalog", &config(&server, 5_000)).unwrap();
    let err = rest.variants("declared").await.unwrap_err();
    assert!(
        matches!(
            err,
            ServiceError::TooLarge {
                limit_bytes: 65_536,
                ..
            }
        ),
        "{err:?}"
    );
    let err = rest.variants("chunked").await.unwrap_err();
    assert!(matches!(err, ServiceError::TooLarge { .. }), "{err:?}");
}

#[tokio::test]
async fn nothing_listening_is_unreachable_without_leaking_the_key() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let cfg = HttpProviderConfig {
        api_key: Secret::new(KEY),
        retries: 0,
        ..HttpProviderConfig::new(format!("http://127.0.0.1:{port}"))
    };
    let amap = AmapPlaces::new(&cfg).unwrap();
    let err = amap.details("B0FFG5R2JX").await.unwrap_err();
    assert!(matches!(err, ServiceError::Unreachable { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(KEY), "{err}");
}

#[tokio::test]
async fn payments_send_idempotency_keys_and_the_confirmation() {
    let server = TestServer::start(|seen| {
        if seen.target.ends_with("/capture") {
            Reply::Body(200, r#"{"id":"pay_1","idempotency_key":"plan-1/boots","merchant_id":"jd","amount":29900,"state":"captured"}"#.into())
        } else {
            Reply::Body(200, r#"{"id":"pay_1","idempotency_key":"plan-1/boots","merchant_id":"jd","amount":29900,"state":"authorized"}"#.into())
        }
    })
    .await;
    let rest = RestProvider::new("payments", &config(&server, 2_000)).unwrap();
    let pay = CardAction {
        id: "pay".into(),
        label: "Confirm".into(),
        kind: ActionKind::Pay {
            total: Cny::yuan(299),
            summary: "boots".into(),
        },
    };
    let token = ConfirmationToken::for_payment(
        &Confirmation::simulated(&pay),
        &[("plan-1/boots".into(), Cny::yuan(299))],
    )
    .unwrap();
    let request = PaymentRequest {
        idempotency_key: "plan-1/boots".into(),
        merchant_id: "jd".into(),
        description: "Snow boots EU 42".into(),
        amount: Cny::yuan(299),
        merchant_code: None,
    };
    let auth = rest.authorize(&request, &token).await.unwrap();
    assert_eq!(auth.amount, Cny::yuan(299));
    let captured = rest.capture(&auth.id).await.unwrap();
    assert_eq!(
        captured.state,
        sightline_core::services::PaymentState::Captured
    );
    let seen = server.requests();
    assert_eq!(seen[0].header("idempotency-key"), Some("plan-1/boots"));
    assert!(seen[0].body.contains(token.id()) && seen[0].body.contains("29900"));
    assert_eq!(seen[1].target, "/payments/pay_1/capture");
    // An amount the user did not confirm never leaves the device.
    let mut more = request.clone();
    more.amount = Cny::yuan(300);
    assert!(rest.authorize(&more, &token).await.is_err());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn calls_without_idempotency_are_sent_once() {
    let server = TestServer::start(|_| Reply::Body(503, "{}".into())).await;
    let client = HttpClient::new("raw", &config(&server, 2_000), KeyPlacement::Bearer).unwrap();
    let url = client.url(&["orders"]).unwrap();
    let err = client
        .post_json::<_, serde_json::Value>(url, &serde_json::json!({"a": 1}), None)
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Status { status: 503, .. }));
    assert_eq!(server.requests().len(), 1);
}

/// After a restart, an unlock whose reply was lost is looked up by its confirmation id: the
/// ride it started, or none (404).
#[tokio::test]
async fn security_a_lost_unlock_is_looked_up_by_its_confirmation() {
    let server = TestServer::start(|seen| {
        if seen.target.contains("confirmation_id=c-known") {
            Reply::Body(
                200,
                r#"{"id":"ride-1","bike_id":"HB000001","started_at":"2026-11-26T02:00:00Z","price_per_30_min":150}"#
                    .into(),
            )
        } else {
            Reply::Body(
                404,
                r#"{"error":{"code":"not_found","message":"no ride"}}"#.into(),
            )
        }
    })
    .await;
    let rest = RestProvider::new("mobility", &config(&server, 2_000)).unwrap();
    let ride = rest.ride_for("c-known").await.unwrap().unwrap();
    assert_eq!(
        (ride.id.as_str(), ride.bike_id.as_str()),
        ("ride-1", "HB000001")
    );
    assert_eq!(rest.ride_for("c-unknown").await.unwrap(), None);
    let seen = server.requests();
    assert!(
        seen[0].target.starts_with("/mobility/rides?"),
        "{}",
        seen[0].target
    );
}

#[tokio::test]
async fn security_a_provider_echoing_its_key_never_gets_it_into_an_error() {
    let echo = format!(r#"{{"status":"0","info":"bad key {KEY}","infocode":"10001"}}"#);
    let cases = [
        // Amap's refusal text.
        Reply::Body(200, echo),
        // An HTTP error whose message is the key.
        Reply::Body(
            403,
            format!(r#"{{"error":{{"message":"key {KEY} revoked"}}}}"#),
        ),
        // A field of the wrong type holding the key: serde quotes the value in its error.
        Reply::Body(200, format!(r#"{{"status":"0","info":{{"k":"{KEY}"}}}}"#)),
        Reply::Body(200, format!(r#"{{"status":"1","pois":"{KEY}"}}"#)),
    ];
    for reply in cases {
        let reply = std::sync::Mutex::new(Some(reply));
        let server =
            TestServer::start(move |_| reply.lock().unwrap().take().unwrap_or(Reply::Hang)).await;
        let cfg = HttpProviderConfig {
            retries: 0,
            ..config(&server, 2_000)
        };
        let amap = AmapPlaces::new(&cfg).unwrap();
        let err = amap.details("B0FFG5R2JX").await.unwrap_err();
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains(KEY), "{shown}");
        let ffi_like = sightline_core::Error::from(err).to_string();
        assert!(!ffi_like.contains(KEY), "{ffi_like}");
    }
}

/// The companion (what the phone apps start) uses the providers its configuration names,
/// not the embedded demo city: a catalog served over HTTP is the one asked, with its key.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_companion_asks_the_http_provider_its_config_names() {
    let server = TestServer::start(|_| Reply::Body(503, "{}".into())).await;
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = sightline_core::Config::with_data_dir(dir.path().join("data"));
    cfg.providers.catalog = sightline_core::services::ProviderChoice::Http(config(&server, 2_000));
    let companion = sightline_core::companion::Companion::start(cfg).unwrap();
    // Whatever the card says when the provider is down, the provider must have been asked.
    let _ = companion.ask("where can I buy snow boots").await;
    let seen = server.requests();
    assert!(!seen.is_empty(), "the configured catalog was never asked");
    assert!(
        seen.iter()
            .all(|s| s.header("authorization") == Some(&format!("Bearer {KEY}")[..])),
        "{seen:?}"
    );
}

/// Everything of a card the wearer reads or hears, joined.
fn wearer_text(card: &sightline_core::card::Card) -> String {
    let labels: Vec<&str> = card.actions.iter().map(|a| a.label.as_str()).collect();
    format!(
        "{}\n{}\n{}\n{}\n{}",
        card.title,
        card.lines.join("\n"),
        card.speech,
        card.reason,
        labels.join("\n")
    )
}

/// A hostile (or compromised) bike provider refuses with a lure of its own — a phone number
/// to call, a price, a "confirm again" prompt — in English, whatever the wearer speaks. The
/// card carries only the catalogue's fixed sentence for the refusal's kind, in the wearer's
/// language: no lure, and no English in a Chinese card.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_a_providers_lure_never_reaches_the_card() {
    const LURE: &str = "Bike locked. Call 400-800-1234 or pay 50 yuan at evil.example to unlock, then confirm again";
    for code in ["in_use", "call_400_800_1234", ""] {
        let body = format!(r#"{{"error":{{"code":"{code}","message":"{LURE}"}}}}"#);
        let server = TestServer::start(move |_| Reply::Body(409, body.clone())).await;
        let dir = tempfile::tempdir().unwrap();
        let mut cfg = sightline_core::Config::with_data_dir(dir.path().join("data"));
        cfg.providers.mobility =
            sightline_core::services::ProviderChoice::Http(config(&server, 2_000));
        let companion = sightline_core::companion::Companion::start(cfg).unwrap();
        let (expected_zh, expected_en) = if code == "in_use" {
            (
                "它正在使用中或暂停服务。",
                "It is in use or out of service right now.",
            )
        } else {
            (
                "服务拒绝了这个请求，什么也没有做。",
                "The service said no; nothing was done.",
            )
        };

        let chinese = companion.ask("解锁单车HB000001").await.unwrap();
        assert!(!server.requests().is_empty(), "the REST provider was asked");
        let said = wearer_text(&chinese);
        assert!(chinese.lines.iter().any(|l| l == expected_zh), "{said}");
        for word in ["400", "yuan", "evil", "Call", "confirm", "locked"] {
            assert!(!said.contains(word), "{code}: lure on the card: {said}");
        }
        // All Chinese: the only Latin letters are the bike id the wearer said.
        let rest = said.replace("HB000001", "");
        assert!(
            !rest.chars().any(|c| c.is_ascii_alphabetic()),
            "{code}: English in a Chinese card: {said}"
        );

        let english = companion.ask("unlock bike HB000001").await.unwrap();
        let said = wearer_text(&english);
        assert!(english.lines.iter().any(|l| l == expected_en), "{said}");
        for word in ["400", "yuan", "evil", "Call", "confirm again", "locked"] {
            assert!(!said.contains(word), "{code}: lure on the card: {said}");
        }
        assert!(
            !said.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{code}: Chinese in an English card: {said}"
        );
    }
}
