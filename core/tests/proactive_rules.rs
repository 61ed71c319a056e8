//! The proactive rules against the embedded demo city (a real SQLite `city.db` built in a temp
//! dir): each rule proposes the right card from a sighting, and stays quiet on input that is
//! not its business. Fixtures are looked up in the city database, not hard-coded.

// Test helpers outside #[test] fns unwrap too: a failed fixture is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use rusqlite::Connection;
use sightline_core::card::{ActionKind, CardKind};
use sightline_core::context::{ContextConfig, Dwell, Subject, SubjectKind};
use sightline_core::geo::GeoPoint;
use sightline_core::proactive::{Pending, RuleId, Rules, Sighting};
use sightline_core::services::{Language, Services};

struct City {
    _dir: tempfile::TempDir,
    rules: Rules,
    services: Services,
    db: Connection,
}

fn city() -> City {
    let dir = tempfile::tempdir().unwrap();
    let services = Services::embedded(dir.path()).unwrap();
    let db = Connection::open(dir.path().join("city.db")).unwrap();
    let rules = Rules::new(services.clone(), ContextConfig::default(), Language::En);
    City {
        _dir: dir,
        rules,
        services,
        db,
    }
}

fn block<T>(f: impl Future<Output = T>) -> T {
    sightline_core::runtime::block_on(f).unwrap()
}

/// `(key, name_zh, location)` of the first POI matching `filter`.
fn poi(db: &Connection, filter: &str) -> (String, String, GeoPoint) {
    db.query_row(
        &format!("SELECT key, name_zh, lat, lon FROM poi WHERE {filter} ORDER BY id LIMIT 1"),
        [],
        |r| Ok((r.get(0)?, r.get(1)?, GeoPoint::new(r.get(2)?, r.get(3)?))),
    )
    .unwrap()
}

/// Standing `distance` m south of `place`, facing north at it.
fn facing(place: GeoPoint, distance: f64) -> (Option<GeoPoint>, Option<f64>) {
    (Some(place.offset(180.0, distance)), Some(0.0))
}

#[test]
fn landmark_in_front_gives_a_short_guide_with_more() {
    let c = city();
    let (key, name_zh, at) = poi(&c.db, "key = 'landmark/leifeng-pagoda'");
    let (position, heading_deg) = facing(at, 25.0);
    let sighting = Sighting {
        texts: vec![name_zh.clone(), "LEIFENG PAGODA".into()],
        position,
        heading_deg,
        ..Sighting::default()
    };
    let proposals = block(c.rules.propose(&sighting, Utc::now())).unwrap();
    assert_eq!(proposals.len(), 1, "{proposals:?}");
    let p = &proposals[0];
    assert_eq!(
        (p.rule, p.subject.as_str()),
        (RuleId::LandmarkGuide, key.as_str())
    );
    assert_eq!(p.card.kind, CardKind::Guide);
    assert!(p.card.title.contains(&name_zh));
    assert!(!p.card.speech.is_empty());
    assert!(p.card.actions.iter().any(|a| a.kind == ActionKind::More));
    let more = block(c.rules.guide_more(&key, Language::En, "more")).unwrap();
    assert!(more.speech.len() > p.card.speech.len());
}

#[test]
fn restaurant_front_gives_rating_hours_and_a_review() {
    let c = city();
    let (key, name_zh, at) = poi(&c.db, "category = 'restaurant' AND key LIKE 'poi/%'");
    let brand = name_zh.split('（').next().unwrap().to_string();
    let (position, heading_deg) = facing(at, 12.0);
    let sighting = Sighting {
        texts: vec![brand],
        position,
        heading_deg,
        ..Sighting::default()
    };
    let proposals = block(c.rules.propose(&sighting, Utc::now())).unwrap();
    let p = proposals
        .iter()
        .find(|p| p.rule == RuleId::PlaceFront)
        .unwrap();
    assert_eq!(p.subject, key);
    assert_eq!(p.card.kind, CardKind::PlaceInfo);
    let body = p.card.lines.join("\n");
    assert!(
        body.contains('★') && (body.contains("open") || body.contains("closed")),
        "{body}"
    );
    assert!(body.contains('“'), "top review line: {body}");
    assert!(p.card.reason.contains("confidence"));
}

#[test]
fn bike_qr_gives_an_unlock_offer_that_needs_confirmation() {
    let c = city();
    let (payload, id): (String, String) =
        c.db.query_row(
            "SELECT qr_payload, id FROM bike WHERE status = 'available' ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let sighting = Sighting {
        qr_payloads: vec![payload],
        ..Sighting::default()
    };
    let proposals = block(c.rules.propose(&sighting, Utc::now())).unwrap();
    assert_eq!(proposals.len(), 1);
    let p = &proposals[0];
    assert_eq!(
        (p.rule, p.subject.as_str()),
        (RuleId::BikeUnlock, id.as_str())
    );
    let action = p.card.confirmation().unwrap();
    assert!(action.requires_confirmation());
    assert!(p.card.lines[0].contains("per 30 min"));
    assert_eq!(p.pending, Some(Pending::Unlock { bike_id: id }));

    let broken: Option<String> =
        c.db.query_row(
            "SELECT qr_payload FROM bike WHERE status = 'broken' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .ok();
    if let Some(payload) = broken {
        let sighting = Sighting {
            qr_payloads: vec![payload],
            ..Sighting::default()
        };
        let proposals = block(c.rules.propose(&sighting, Utc::now())).unwrap();
        assert!(proposals[0].card.confirmation().is_none());
        assert!(proposals[0].pending.is_none());
    }
    // A QR code that is not a bike: nothing.
    let sighting = Sighting {
        qr_payloads: vec!["WIFI:S:cafe;T:WPA;P:secret;;".into()],
        ..Sighting::default()
    };
    assert!(
        block(c.rules.propose(&sighting, Utc::now()))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn hesitating_over_a_barcode_compares_prices_and_offers_the_cheapest_delivery() {
    let c = city();
    let ean: String =
        c.db.query_row(
            "SELECT ean13 FROM product WHERE key LIKE 'coca-cola-330%' LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (_, _, shop) = poi(&c.db, "category = 'convenience_store'");
    let dwell = |key: &str| Dwell {
        subject: Subject::new(SubjectKind::Product, key),
        duration_ms: 1800,
        sightings: 4,
    };
    let sighting = Sighting {
        dwells: vec![dwell(&ean)],
        position: Some(shop),
        heading_deg: None,
        ..Sighting::default()
    };
    let proposals = block(c.rules.propose(&sighting, Utc::now())).unwrap();
    let p = proposals
        .iter()
        .find(|p| p.rule == RuleId::ProductCompare)
        .unwrap();
    assert_eq!(p.subject, ean);
    assert_eq!(p.card.kind, CardKind::PriceComparison);
    assert!(p.card.lines.len() >= 2, "{:?}", p.card.lines);
    let Some(ActionKind::Pay { total, .. }) = p.card.confirmation().map(|a| a.kind.clone()) else {
        panic!("no pay action: {:?}", p.card);
    };
    let Some(Pending::Orders(orders)) = &p.pending else {
        panic!("no pending order");
    };
    assert_eq!(
        orders
            .iter()
            .map(|o| o.amount)
            .sum::<sightline_core::money::Cny>(),
        total
    );
    // The offered price is the cheapest in stock.
    let cheapest: i64 =
        c.db.query_row(
            "SELECT MIN(o.price_fen) FROM offer o JOIN product p ON p.id = o.product_id
             WHERE p.ean13 = ?1 AND o.stock > 0",
            [&ean],
            |r| r.get(0),
        )
        .unwrap();
    assert!(total.0 <= cheapest, "{total:?} vs {cheapest}");

    // An unknown or malformed barcode: quiet.
    let sighting = Sighting {
        dwells: vec![dwell("6900000000000"), dwell("12345")],
        position: Some(shop),
        ..Sighting::default()
    };
    assert!(
        block(c.rules.propose(&sighting, Utc::now()))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn shop_question_is_answered_from_the_shop_in_view() {
    let c = city();
    let (shop_key, product_name): (String, String) =
        c.db.query_row(
            "SELECT p.key, pr.name_en FROM shop_stock s JOIN poi p ON p.id = s.poi_id
             JOIN product pr ON pr.id = s.product_id WHERE s.quantity > 0 ORDER BY p.id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let shop = block(c.services.places.details(&shop_key)).unwrap().poi;
    let p = block(
        c.rules
            .answer_shop_question(&product_name, &shop, Language::En),
    )
    .unwrap();
    assert_eq!(p.rule, RuleId::ShopQuestion);
    assert_eq!(p.card.kind, CardKind::StockAnswer);
    assert!(p.card.lines[0].starts_with("Yes"), "{:?}", p.card);
}

#[test]
fn nothing_recognisable_proposes_nothing() {
    let c = city();
    let sighting = Sighting {
        texts: vec!["出口 EXIT".into()],
        position: Some(GeoPoint::new(30.30, 120.30)),
        heading_deg: Some(0.0),
        ..Sighting::default()
    };
    assert!(
        block(c.rules.propose(&sighting, Utc::now()))
            .unwrap()
            .is_empty()
    );
}
