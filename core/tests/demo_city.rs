//! The embedded demo city, built from the seed spec into a temporary data dir: its size, its
//! determinism, and every limb answering through the provider traits.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, NaiveTime, TimeZone, Utc};
use sightline_core::card::{ActionKind, CardAction};
use sightline_core::geo::GeoPoint;
use sightline_core::money::Cny;
use sightline_core::services::Confirmation;
use sightline_core::services::local::{
    DemoCity, bike_qr_payload, demo_ean13, merchant_code_payload, personal_account,
};
use sightline_core::services::{
    BikeStatus, Catalog, ConfirmationToken, DeliveryTo, Guides, HotelQuery, Language, Mobility,
    NearbyQuery, PayNetwork, PaymentRequest, PaymentState, Payments, Places, PoiCategory,
    ProductQuery, Refusal, ServiceError, Travel, TravelMode, TripQuery,
};
use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

const BROKEN_BRIDGE: GeoPoint = GeoPoint::new(30.2612, 120.1531);
const HUBIN: GeoPoint = GeoPoint::new(30.2588, 120.1640);

fn city() -> Arc<DemoCity> {
    static CITY: OnceLock<(tempfile::TempDir, Arc<DemoCity>)> = OnceLock::new();
    CITY.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let city = DemoCity::open(dir.path()).unwrap();
        (dir, city)
    })
    .1
    .clone()
}

#[test]
fn is_big_enough_and_deterministic() {
    let c = city().counts();
    assert!(c.pois >= 300, "{c:?}");
    assert!(c.products >= 500, "{c:?}");
    assert!(
        c.offers >= 3 * c.products,
        "every product has 3+ offers: {c:?}"
    );
    assert!(
        c.bikes >= 50 && c.services > 100 && c.hotels >= 7 * 10,
        "{c:?}"
    );
    // A second build from the same spec has the same content.
    let dir = tempfile::tempdir().unwrap();
    let again = DemoCity::open_scaled(&dir.path().join("again.db"), 1).unwrap();
    assert_eq!(again.counts(), c);
    let dump = |path: &std::path::Path| {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare("SELECT key, name_zh, name_en, lat, lon FROM poi ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| {
            Ok(format!(
                "{}|{}|{:?}|{}|{}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, f64>(3)?,
                r.get::<_, f64>(4)?
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect::<Vec<_>>()
    };
    assert_eq!(dump(city().path()), dump(again.path()));
    // Re-opening an up-to-date city does not rebuild it.
    let modified = std::fs::metadata(again.path()).unwrap().modified().unwrap();
    drop(again);
    let reopened = DemoCity::open_scaled(&dir.path().join("again.db"), 1).unwrap();
    assert_eq!(
        std::fs::metadata(reopened.path())
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
}

#[tokio::test]
async fn nearby_search_is_sorted_filtered_and_validated() {
    let city = city();
    let hits = city
        .search_nearby(&NearbyQuery::around(BROKEN_BRIDGE, 300.0))
        .await
        .unwrap();
    assert_eq!(hits[0].poi.id, "landmark/broken-bridge");
    assert!(hits.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
    assert!(hits.iter().all(|h| h.distance_m <= 300.0));

    let mut cafes = NearbyQuery::around(HUBIN, 800.0);
    cafes.category = Some(PoiCategory::Cafe);
    cafes.open_at = Some(NaiveTime::from_hms_opt(7, 15, 0).unwrap());
    let open_early = city.search_nearby(&cafes).await.unwrap();
    assert!(!open_early.is_empty());
    assert!(open_early.iter().all(|h| {
        h.poi.category == PoiCategory::Cafe
            && h.poi
                .hours
                .unwrap()
                .is_open_at(NaiveTime::from_hms_opt(7, 15, 0).unwrap())
    }));
    // Luckin opens at 07:30, so it is filtered out at 07:15.
    assert!(open_early.iter().all(|h| !h.poi.name_zh.contains("瑞幸")));

    let mut starbucks = NearbyQuery::around(HUBIN, 2_000.0);
    starbucks.keyword = Some("Starbucks".into());
    let found = city.search_nearby(&starbucks).await.unwrap();
    assert!(!found.is_empty() && found.iter().all(|h| h.poi.name_zh.starts_with("星巴克")));

    for bad in [
        NearbyQuery::around(GeoPoint::new(95.0, 120.0), 100.0),
        NearbyQuery::around(HUBIN, -1.0),
        NearbyQuery::around(HUBIN, f64::NAN),
    ] {
        assert!(matches!(
            city.search_nearby(&bad).await,
            Err(ServiceError::InvalidRequest(_))
        ));
    }
}

#[tokio::test]
async fn names_match_in_chinese_english_and_through_ocr_errors() {
    let city = city();
    let zh = city.search_by_name("雷峰塔", None, 3).await.unwrap();
    assert_eq!(zh[0].poi.id, "landmark/leifeng-pagoda");
    let en = city
        .search_by_name("leifeng pagoda", None, 3)
        .await
        .unwrap();
    assert_eq!(en[0].poi.id, "landmark/leifeng-pagoda");
    // A sign reading only the brand: the nearest branch among equals comes first.
    let near = city.search_by_name("星巴克", Some(HUBIN), 5).await.unwrap();
    assert!(near[0].poi.name_zh.starts_with("星巴克"));
    let nearest = near
        .iter()
        .filter(|m| (m.score - near[0].score).abs() < 1e-6)
        .map(|m| HUBIN.distance_m(&m.poi.location))
        .fold(f64::INFINITY, f64::min);
    assert!((HUBIN.distance_m(&near[0].poi.location) - nearest).abs() < 1e-6);
    // OCR dropped a character and confused another.
    let ocr = city
        .search_by_name("Six Harmonles Pagod", None, 3)
        .await
        .unwrap();
    assert_eq!(ocr[0].poi.id, "landmark/six-harmonies-pagoda");
    assert!(city.search_by_name("???", None, 3).await.is_err());
    assert!(
        city.search_by_name("完全不存在的名字", None, 3)
            .await
            .unwrap()
            .len()
            <= 3
    );
}

#[tokio::test]
async fn in_front_of_uses_the_heading() {
    let city = city();
    let leifeng = GeoPoint::new(30.2311, 120.1486);
    let standing = leifeng.offset(180.0, 60.0);
    let north = city
        .in_front_of(standing, 0.0, 120.0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(north.poi.id, "landmark/leifeng-pagoda");
    let south = city.in_front_of(standing, 180.0, 120.0).await.unwrap();
    assert!(south.is_none_or(|h| h.poi.id != "landmark/leifeng-pagoda"));
    let details = city.details("landmark/leifeng-pagoda").await.unwrap();
    assert!(details.reviews.len() >= 2);
    assert_eq!(details.poi.name_en.as_deref(), Some("Leifeng Pagoda"));
    assert!(matches!(
        city.details("poi/nowhere").await,
        Err(ServiceError::NotFound(_))
    ));
}

#[tokio::test]
async fn catalog_search_barcode_offers_and_stock() {
    let city = city();
    let boots = city
        .search(&ProductQuery {
            keyword: Some("snow boots".into()),
            size: Some("EU 42".into()),
            max_price: Some(Cny::yuan(400)),
            ..ProductQuery::default()
        })
        .await
        .unwrap();
    assert!(!boots.is_empty());
    assert!(
        boots
            .iter()
            .all(|p| p.size.as_deref() == Some("42") && p.category == "shoes")
    );
    let zh = city
        .search(&ProductQuery {
            keyword: Some("雪地靴".into()),
            ..ProductQuery::default()
        })
        .await
        .unwrap();
    assert!(zh.iter().any(|p| p.model_id == "arctic-fox-snow-boots"));
    let sodas = city
        .search(&ProductQuery {
            keyword: Some("soda".into()),
            category: Some("drinks".into()),
            limit: 50,
            ..ProductQuery::default()
        })
        .await
        .unwrap();
    assert!(sodas.len() >= 3, "several sodas: {}", sodas.len());

    let sizes = city.variants("arctic-fox-snow-boots").await.unwrap();
    assert_eq!(sizes.len(), 10);
    let boot42 = sizes
        .iter()
        .find(|p| p.size.as_deref() == Some("42"))
        .unwrap();
    assert_eq!(boot42.ean13, demo_ean13(1, 7));
    assert_eq!(city.by_barcode(&boot42.ean13).await.unwrap().id, boot42.id);
    assert!(matches!(
        city.by_barcode("6900000100018").await,
        Err(ServiceError::InvalidRequest(_))
    ));
    assert!(matches!(
        city.by_barcode(&demo_ean13(99_999, 1)).await,
        Err(ServiceError::NotFound(_))
    ));

    let now = Utc.with_ymd_and_hms(2026, 11, 26, 2, 0, 0).unwrap();
    let home = DeliveryTo {
        location: HUBIN,
        ordered_at: now,
    };
    let offers = city.offers(&boot42.id, &home).await.unwrap();
    assert!(offers.len() >= 3);
    assert!(offers.windows(2).all(|w| w[0].price <= w[1].price));
    let prices: BTreeSet<Cny> = offers.iter().map(|o| o.price).collect();
    assert!(prices.len() >= 2, "merchants differ in price");
    let harbin = DeliveryTo {
        location: GeoPoint::new(45.80, 126.53),
        ordered_at: now,
    };
    let far = city.offers(&boot42.id, &harbin).await.unwrap();
    for (a, b) in offers.iter().zip(&far) {
        assert!(b.eta_hours >= a.eta_hours);
        assert_eq!(a.arrives_by, now + Duration::hours(i64::from(a.eta_hours)));
    }

    let stocked = city.nearby_stock(&boot42.id, HUBIN, 3_000.0).await.unwrap();
    assert!(
        !stocked.is_empty(),
        "some shoe shop near Hubin has the boots"
    );
    assert!(
        stocked
            .iter()
            .all(|s| s.quantity > 0 && s.distance_m <= 3_000.0)
    );
    let shelf = city
        .shop_stock(&stocked[0].shop_id, &boot42.id)
        .await
        .unwrap();
    assert_eq!(shelf.quantity, stocked[0].quantity);
    let not_carried = city
        .shop_stock("landmark/leifeng-pagoda", &boot42.id)
        .await
        .unwrap();
    assert_eq!(not_carried.quantity, 0);
}

#[tokio::test]
async fn trains_flights_and_hotels_for_the_next_60_days() {
    let city = city();
    let today = Utc::now().date_naive();
    for days in [1, 30, 59] {
        let date = today + Duration::days(days);
        let trips = city
            .trips(&TripQuery {
                from_city: "Hangzhou".into(),
                to_city: "哈尔滨".into(),
                date,
                mode: None,
            })
            .await
            .unwrap();
        assert!(trips.iter().any(|t| t.mode == TravelMode::Train), "{date}");
        assert!(trips.iter().any(|t| t.mode == TravelMode::Flight), "{date}");
        assert!(
            trips
                .iter()
                .all(|t| t.departs.date() == date && t.arrives > t.departs)
        );
        assert!(trips.windows(2).all(|w| w[0].departs <= w[1].departs));
    }
    let date = today + Duration::days(7);
    let query = TripQuery {
        from_city: "hangzhou".into(),
        to_city: "Harbin".into(),
        date,
        mode: Some(TravelMode::Flight),
    };
    let first = city.trips(&query).await.unwrap();
    assert_eq!(
        first,
        city.trips(&query).await.unwrap(),
        "stable for a date"
    );
    assert!(
        first
            .iter()
            .all(|t| t.mode == TravelMode::Flight && t.price > Cny::yuan(200))
    );
    let unknown = TripQuery {
        to_city: "Atlantis".into(),
        ..query
    };
    assert!(matches!(
        city.trips(&unknown).await,
        Err(ServiceError::NotFound(_))
    ));

    let hotels = city
        .hotels(&HotelQuery {
            city: "Harbin".into(),
            check_in: date,
            check_out: date + Duration::days(3),
            max_price_per_night: Some(Cny::yuan(600)),
            limit: 5,
        })
        .await
        .unwrap();
    assert!(!hotels.is_empty());
    assert!(hotels.iter().all(|h| h.nights == 3
        && h.price_per_night <= Cny::yuan(600)
        && h.rooms_left > 0
        && h.city == "Harbin"));
    assert!(hotels.windows(2).all(|w| w[0].total <= w[1].total));
    let backwards = HotelQuery {
        city: "Harbin".into(),
        check_in: date,
        check_out: date,
        max_price_per_night: None,
        limit: 5,
    };
    assert!(matches!(
        city.hotels(&backwards).await,
        Err(ServiceError::InvalidRequest(_))
    ));
}

fn unlock_action(bike: &str, id: &str) -> CardAction {
    CardAction {
        id: id.into(),
        label: "Unlock".into(),
        kind: ActionKind::Unlock {
            target: bike.into(),
        },
    }
}

#[tokio::test]
async fn bikes_unlock_only_with_confirmation_and_bill_per_half_hour() {
    let city = city();
    // The first bike of the Broken Bridge station is always free.
    let nearby = city
        .search_nearby(&{
            let mut q = NearbyQuery::around(BROKEN_BRIDGE, 200.0);
            q.category = Some(PoiCategory::BikeStation);
            q
        })
        .await
        .unwrap();
    assert!(!nearby.is_empty());
    let bike = city.bike_by_qr(&bike_qr_payload("HB000001")).await.unwrap();
    assert!(bike.location.distance_m(&nearby[0].poi.location) < 20.0);
    assert_eq!(bike.status, BikeStatus::Available);
    let other =
        ConfirmationToken::for_unlock(&Confirmation::simulated(&unlock_action("XX000000", "u1")))
            .unwrap();
    assert!(matches!(
        city.unlock(&bike.id, &other).await,
        Err(ServiceError::Refused { .. })
    ));
    let token =
        ConfirmationToken::for_unlock(&Confirmation::simulated(&unlock_action(&bike.id, "u2")))
            .unwrap();
    let ride = city.unlock(&bike.id, &token).await.unwrap();
    assert_eq!(
        city.unlock(&bike.id, &token).await.unwrap(),
        ride,
        "retry is the same ride"
    );
    let someone_else =
        ConfirmationToken::for_unlock(&Confirmation::simulated(&unlock_action(&bike.id, "u3")))
            .unwrap();
    assert!(matches!(
        city.unlock(&bike.id, &someone_else).await,
        Err(ServiceError::Refused { .. })
    ));
    assert_eq!(
        city.bike_by_qr(&bike_qr_payload(&bike.id))
            .await
            .unwrap()
            .status,
        BikeStatus::InUse
    );
    let receipt = city
        .end_ride(
            &ride.id,
            BROKEN_BRIDGE,
            ride.started_at + Duration::minutes(31),
        )
        .await
        .unwrap();
    assert_eq!(receipt.minutes, 31);
    assert_eq!(receipt.cost, bike.price_per_30_min * 2);
    let again = city
        .end_ride(
            &ride.id,
            BROKEN_BRIDGE,
            ride.started_at + Duration::minutes(90),
        )
        .await
        .unwrap();
    assert_eq!(again, receipt, "ending twice changes nothing");
    assert!(matches!(
        city.bike_by_qr("SLBIKE:nope").await,
        Err(ServiceError::NotFound(_))
    ));
}

#[tokio::test]
async fn guides_in_both_languages() {
    let city = city();
    let guide = city.guide("landmark/leifeng-pagoda").await.unwrap();
    let (title, short, long) = guide.in_language(Language::Zh);
    assert_eq!(title, "雷峰塔");
    assert!(short.len() < long.len());
    let (title_en, short_en, _) = guide.in_language(Language::En);
    assert_eq!(title_en, "Leifeng Pagoda");
    assert!(short_en.contains("977"));
    assert!(matches!(
        city.guide("poi/hubin-0/0/0").await,
        Err(ServiceError::NotFound(_))
    ));
}

/// The wearer's confirmation of paying exactly `request`.
fn confirmed(request: &PaymentRequest) -> ConfirmationToken {
    let pay = CardAction {
        id: "pay".into(),
        label: "Pay".into(),
        kind: ActionKind::Pay {
            total: request.amount,
            summary: request.description.clone(),
        },
    };
    ConfirmationToken::for_payment(
        &Confirmation::simulated(&pay),
        &[(request.idempotency_key.clone(), request.amount)],
    )
    .unwrap()
}

/// A code that pays a person's account, paid as if it were the shop's (a sticker swapped
/// over the shop's code after the card was shown): refused with its own kind, told to the
/// wearer in its own sentence, nothing authorised.
#[tokio::test]
async fn security_a_code_that_pays_someone_else_is_refused_as_the_wrong_payee() {
    let city = city();
    let request = PaymentRequest {
        idempotency_key: "test/payments/code".into(),
        merchant_id: "shop:poi/hubin-0/0/0".into(),
        description: "咖啡".into(),
        amount: Cny::fen(2_500),
        merchant_code: Some(merchant_code_payload(
            PayNetwork::Alipay,
            &personal_account(0),
        )),
    };
    let refused = city.authorize(&request, &confirmed(&request)).await;
    let Err(e @ ServiceError::Refused { kind, .. }) = refused else {
        panic!("paid: {refused:?}");
    };
    assert_eq!(kind, Refusal::WrongPayee);
    assert_eq!(
        e.for_people_in(sightline_core::locale::Language::En),
        "That code pays someone else; nothing was paid."
    );
    assert_eq!(city.find(&request.idempotency_key).await.unwrap(), None);
}

#[tokio::test]
async fn payments_need_a_covering_confirmation_and_are_idempotent() {
    let city = city();
    let request = PaymentRequest {
        idempotency_key: "test/payments/1".into(),
        merchant_id: "jd".into(),
        description: "Coca-Cola".into(),
        amount: Cny::fen(350),
        merchant_code: None,
    };
    let token = confirmed(&request);
    let quote = city.quote(&request).await.unwrap();
    assert_eq!(quote.total, Cny::fen(350));
    let mut other = request.clone();
    other.idempotency_key = "test/payments/2".into();
    assert!(matches!(
        city.authorize(&other, &token).await,
        Err(ServiceError::Refused { .. })
    ));
    let auth = city.authorize(&request, &token).await.unwrap();
    assert_eq!(city.authorize(&request, &token).await.unwrap(), auth);
    let captured = city.capture(&auth.id).await.unwrap();
    assert_eq!(captured.state, PaymentState::Captured);
    assert_eq!(city.capture(&auth.id).await.unwrap(), captured);
    assert_eq!(
        city.find(&request.idempotency_key).await.unwrap(),
        Some(captured.clone())
    );
    assert_eq!(
        city.refund(&auth.id).await.unwrap().state,
        PaymentState::Refunded
    );
    assert!(matches!(
        city.capture(&auth.id).await,
        Err(ServiceError::Refused { .. })
    ));
}

#[tokio::test]
async fn services_from_config_mix_embedded_and_http() {
    let dir = tempfile::tempdir().unwrap();
    let toml = format!(
        "data_dir = {:?}\n[providers]\ncatalog = {{ kind = \"http\", base_url = \"http://127.0.0.1:9\", retries = 0, timeout_ms = 500 }}\n",
        dir.path()
    );
    let config =
        sightline_core::Config::from_toml_str(&toml, std::path::Path::new("t.toml")).unwrap();
    let services = sightline_core::services::Services::from_config(&config).unwrap();
    // Places come from the demo city built in the data dir…
    let guide = services.guides.guide("landmark/gushan").await.unwrap();
    assert_eq!(guide.title_en, "Solitary Hill");
    assert!(dir.path().join("city.db").exists());
    // …the catalog from the (absent) remote, which fails with a typed error.
    let err = services
        .catalog
        .variants("arctic-fox-snow-boots")
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::Unreachable { .. }), "{err:?}");
}
