//! Expands the seed spec into the rows of `city.db`, deterministically: the same spec and
//! scale always give the same city.
//!
//! Scale 1 is the demo city (Hangzhou's West Lake and Xixi areas). A larger scale repeats
//! the shopping areas on a grid around Hangzhou and the product families as further model
//! series, for the benchmark's "city 100× larger".

use chrono::NaiveTime;
use rusqlite::{Transaction, params};
use std::collections::{BTreeMap, HashMap};

use super::rng::{Rng, stable_hash};
use super::spec::{AreaSpec, BrandSpec, CitySpec, ZhEn};
use super::text::index_terms;
use crate::geo::GeoPoint;
use crate::money::Cny;
use crate::services::catalog::ean13_check_digit;
use crate::services::error::{ServiceError, ServiceResult};

/// How many rows of each kind were generated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CityCounts {
    /// Points of interest.
    pub pois: usize,
    /// Products (SKUs).
    pub products: usize,
    /// Merchant offers.
    pub offers: usize,
    /// Shared bikes.
    pub bikes: usize,
    /// Train and flight services per day.
    pub services: usize,
    /// Hotels in the travel cities.
    pub hotels: usize,
    /// Merchant payment codes (shops' and people's).
    pub merchant_codes: usize,
}

/// Degrees between repeated copies of the shopping areas at larger scales (about 13 km).
const COPY_SPACING_DEG: f64 = 0.12;
/// Metres between neighbouring POIs along a street.
const POI_SPACING_M: f64 = 28.0;
/// Products a shop stocks beyond the hand-picked ones.
const SHOP_ASSORTMENT: usize = 40;

/// Parses `"HH:MM-HH:MM"` into minutes after midnight.
pub fn parse_hours(hours: &str) -> ServiceResult<(u16, u16)> {
    let bad = || ServiceError::Seed(format!("hours `{hours}` are not HH:MM-HH:MM"));
    let (open, close) = hours.split_once('-').ok_or_else(bad)?;
    let minutes = |t: &str| {
        NaiveTime::parse_from_str(t.trim(), "%H:%M")
            .map(|t| (t.signed_duration_since(NaiveTime::MIN).num_minutes()) as u16)
            .map_err(|_| bad())
    };
    Ok((minutes(open)?, minutes(close)?))
}

fn money(yuan: f64) -> ServiceResult<Cny> {
    Cny::from_yuan_f64(yuan).ok_or_else(|| ServiceError::Seed(format!("bad price {yuan}")))
}

/// A retail-looking price: whole yuan ending in 9 above ¥20, else to the half yuan.
fn shelf_price(yuan: f64) -> ServiceResult<Cny> {
    if yuan >= 20.0 {
        money(((yuan / 10.0).round() * 10.0 - 1.0).max(19.0))
    } else {
        money((yuan * 2.0).round().max(1.0) / 2.0)
    }
}

struct PoiRow<'a> {
    key: String,
    name_zh: String,
    name_en: String,
    category: &'a str,
    at: GeoPoint,
    rating: f32,
    price_level: Option<u8>,
    hours: (u16, u16),
    address: String,
    phone: Option<String>,
    /// Words it is also found by (a restaurant's cuisines).
    keywords: &'a [String],
}

/// Writes POIs with their index rows and reviews.
struct PoiWriter<'a, 'tx> {
    tx: &'a Transaction<'tx>,
    spec: &'a CitySpec,
    rng: Rng,
    next_id: i64,
}

impl PoiWriter<'_, '_> {
    fn insert(&mut self, row: &PoiRow<'_>) -> ServiceResult<i64> {
        self.next_id += 1;
        let id = self.next_id;
        self.tx
            .prepare_cached(
                "INSERT INTO poi(id, key, name_zh, name_en, category, lat, lon, rating, price_level,
                                 opens_min, closes_min, address, phone)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)",
            )?
            .execute(params![
                id,
                row.key,
                row.name_zh,
                row.name_en,
                row.category,
                row.at.lat,
                row.at.lon,
                f64::from(row.rating),
                row.price_level,
                row.hours.0,
                row.hours.1,
                row.address,
                row.phone
            ])?;
        self.tx
            .prepare_cached("INSERT INTO poi_rtree VALUES (?1, ?2, ?2, ?3, ?3)")?
            .execute(params![id, row.at.lat, row.at.lon])?;
        let category_words = row.category.replace('_', " ");
        let mut texts = vec![
            row.name_zh.as_str(),
            row.name_en.as_str(),
            category_words.as_str(),
        ];
        texts.extend(row.keywords.iter().map(String::as_str));
        let terms = index_terms(&texts);
        self.tx
            .prepare_cached("INSERT INTO poi_fts(rowid, terms) VALUES (?1, ?2)")?
            .execute(params![id, terms])?;
        self.reviews(id, row)?;
        Ok(id)
    }

    fn reviews(&mut self, id: i64, row: &PoiRow<'_>) -> ServiceResult<()> {
        let Some(snippets) = self.spec.reviews.by_category.get(row.category) else {
            return Ok(());
        };
        let authors = &self.spec.reviews.review_authors;
        let count = 2 + self.rng.below(2);
        let start = self.rng.below(snippets.len());
        for rank in 0..count.min(snippets.len()) {
            let (stars, zh, en) = &snippets[(start + rank) % snippets.len()];
            let text = if self.rng.below(2) == 0 { zh } else { en };
            let author = authors
                .get(self.rng.below(authors.len()))
                .cloned()
                .unwrap_or_default();
            self.tx
                .prepare_cached(
                    "INSERT INTO review(poi_id, rank, author, rating, text) VALUES (?1,?2,?3,?4,?5)",
                )?
                .execute(params![id, rank as i64, author, stars, text])?;
        }
        Ok(())
    }

    fn phone(&mut self) -> String {
        format!("0571-8{:07}", self.rng.below(10_000_000))
    }

    fn rating(&mut self) -> f32 {
        (self.rng.range_f64(3.4, 4.9) * 10.0).round() as f32 / 10.0
    }
}

/// Fills an empty `city.db` (schema already created) from `spec` at `scale`.
pub fn generate(tx: &Transaction<'_>, spec: &CitySpec, scale: u32) -> ServiceResult<CityCounts> {
    let mut counts = CityCounts::default();
    let mut pois = PoiWriter {
        tx,
        spec,
        rng: Rng::new(spec.seed),
        next_id: 0,
    };
    let mut stations: Vec<(i64, GeoPoint)> = Vec::new();
    let mut shops: Vec<(i64, &BrandSpec)> = Vec::new();
    write_landmarks(&mut pois, &mut stations)?;
    for copy in 0..scale.max(1) {
        for area in &spec.areas {
            write_area(&mut pois, spec, area, copy, &mut stations, &mut shops)?;
        }
    }
    counts.pois = pois.next_id as usize;
    counts.bikes = write_bikes(tx, spec, &stations)?;
    let by_category = write_products(tx, spec, scale.max(1), &mut counts)?;
    write_shop_stock(tx, spec, &shops, &by_category)?;
    counts.services = write_timetable(tx, spec)?;
    counts.hotels = write_hotels(tx, spec)?;
    counts.merchant_codes = super::paycodes::write_merchant_codes(tx)?;
    Ok(counts)
}

fn write_landmarks(
    pois: &mut PoiWriter<'_, '_>,
    stations: &mut Vec<(i64, GeoPoint)>,
) -> ServiceResult<()> {
    let spec = pois.spec;
    for landmark in &spec.landmarks {
        let at = GeoPoint::new(landmark.lat, landmark.lon);
        let id = pois.insert(&PoiRow {
            key: format!("landmark/{}", landmark.id),
            name_zh: landmark.name_zh.clone(),
            name_en: landmark.name_en.clone(),
            category: "landmark",
            at,
            rating: landmark.rating,
            price_level: None,
            hours: parse_hours(&landmark.hours)?,
            address: format!("杭州市西湖区 {}", landmark.name_zh),
            phone: None,
            keywords: &[],
        })?;
        pois.tx.execute(
            "INSERT INTO guide VALUES (?1,?2,?3,?4,?5,?6,?7)",
            params![
                id,
                landmark.name_zh,
                landmark.name_en,
                landmark.short_zh,
                landmark.short_en,
                landmark.long_zh,
                landmark.long_en
            ],
        )?;
        let station_at = at.offset(135.0, 60.0);
        let rating = pois.rating();
        let station = pois.insert(&PoiRow {
            key: format!("bike-station/{}", landmark.id),
            name_zh: format!("公共自行车（{}站）", landmark.name_zh),
            name_en: format!("Bike Station ({})", landmark.name_en),
            category: "bike_station",
            at: station_at,
            rating,
            price_level: None,
            hours: (0, 0),
            address: format!("{}东南侧", landmark.name_zh),
            phone: None,
            keywords: &[],
        })?;
        stations.push((station, station_at));
    }
    Ok(())
}

fn slug(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else if c == ' ' || c == '-' {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

fn write_area<'s>(
    pois: &mut PoiWriter<'_, '_>,
    spec: &'s CitySpec,
    area: &AreaSpec,
    copy: u32,
    stations: &mut Vec<(i64, GeoPoint)>,
    shops: &mut Vec<(i64, &'s BrandSpec)>,
) -> ServiceResult<()> {
    let side = (f64::from(copy)).sqrt().ceil().max(1.0) as u32;
    let (row, col) = (copy / side.max(1), copy % side.max(1));
    let center = GeoPoint::new(
        area.lat + f64::from(row) * COPY_SPACING_DEG,
        area.lon + f64::from(col) * COPY_SPACING_DEG,
    );
    let (area_zh, area_en) = if copy == 0 {
        (area.name_zh.clone(), area.name_en.clone())
    } else {
        (
            format!("{}{}区", area.name_zh, copy + 1),
            format!("{} {}", area.name_en, copy + 1),
        )
    };
    let weights: Vec<u32> = spec.brands.iter().map(|b| b.weight).collect();
    let mut seen: HashMap<(usize, String), usize> = HashMap::new();
    for (street_index, (street_zh, street_en)) in area.streets.iter().enumerate() {
        let bearing = pois.rng.range_f64(0.0, 180.0);
        let start = center.offset(
            pois.rng.range_f64(0.0, 360.0),
            pois.rng.range_f64(50.0, 350.0),
        );
        let key_base = format!("{}-{}/{}", slug(&area.name_en), copy, street_index);
        let rating = pois.rating();
        let station = pois.insert(&PoiRow {
            key: format!("bike-station/{key_base}"),
            name_zh: format!("公共自行车（{street_zh}站）"),
            name_en: format!("Bike Station ({street_en})"),
            category: "bike_station",
            at: start,
            rating,
            price_level: None,
            hours: (0, 0),
            address: format!("{street_zh}口"),
            phone: None,
            keywords: &[],
        })?;
        stations.push((station, start));
        for n in 0..spec.pois_per_street {
            let brand_index = pois.rng.weighted(&weights);
            let brand = &spec.brands[brand_index];
            let side_m = if n % 2 == 0 { 12.0 } else { -12.0 };
            let at = start
                .offset(bearing, POI_SPACING_M * (n as f64 + 1.0))
                .offset(bearing + 90.0, side_m);
            let number = 2 * n + 1 + (n % 2);
            let times = seen.entry((brand_index, area_zh.clone())).or_insert(0);
            *times += 1;
            let (branch_zh, branch_en) = match *times {
                1 => (area_zh.clone(), area_en.clone()),
                2 => (street_zh.clone(), street_en.clone()),
                t => (format!("{street_zh}{t}"), format!("{street_en} {t}")),
            };
            let rating = pois.rating();
            let phone = pois.phone();
            let id = pois.insert(&PoiRow {
                key: format!("poi/{key_base}/{n}"),
                name_zh: format!("{}（{}店）", brand.name_zh, branch_zh),
                name_en: format!("{} ({})", brand.name_en, branch_en),
                category: &brand.category,
                at,
                rating,
                price_level: brand.price_level,
                hours: parse_hours(&brand.hours)?,
                address: format!("{street_zh}{number}号 / {number} {street_en}"),
                phone: Some(phone),
                keywords: &brand.cuisines,
            })?;
            if !brand.sells.is_empty() {
                shops.push((id, brand));
            }
        }
    }
    Ok(())
}

/// The QR payload printed on a bike.
pub fn bike_qr_payload(bike_id: &str) -> String {
    format!("SLBIKE:{bike_id}")
}

fn write_bikes(
    tx: &Transaction<'_>,
    spec: &CitySpec,
    stations: &[(i64, GeoPoint)],
) -> ServiceResult<usize> {
    let mut rng = Rng::new(spec.seed ^ 0xB1CE);
    let mut per_operator: BTreeMap<&str, usize> = BTreeMap::new();
    let mut count = 0;
    let mut insert = tx.prepare(
        "INSERT INTO bike(id, qr_payload, operator, operator_zh, status, lat, lon, price_per_30_fen,
                          battery_pct)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9)",
    )?;
    for (station, (_, at)) in stations.iter().enumerate() {
        for slot in 0..spec.bikes_per_station {
            // The first bike of a station rotates through the operators (so the first
            // station's first bike is the first operator's bike number 1); the rest are random.
            let pick = if slot == 0 {
                station % spec.bike_operators.len().max(1)
            } else {
                rng.below(spec.bike_operators.len())
            };
            let operator = &spec.bike_operators[pick];
            let n = per_operator.entry(operator.prefix.as_str()).or_insert(0);
            *n += 1;
            let id = format!("{}{:06}", operator.prefix, n);
            // The first bike of every station is always free, so the demo can unlock one.
            let status = match (slot, rng.below(20)) {
                (0, _) => "available",
                (_, 0) => "broken",
                (_, 1 | 2) => "in_use",
                _ => "available",
            };
            let battery = operator.electric.then(|| 20 + rng.below(81) as i64);
            let parked = at.offset(rng.range_f64(0.0, 360.0), rng.range_f64(2.0, 15.0));
            insert.execute(params![
                id,
                bike_qr_payload(&id),
                operator.name,
                operator.name_zh,
                status,
                parked.lat,
                parked.lon,
                money(operator.price_per_30_min)?.0,
                battery
            ])?;
            count += 1;
        }
    }
    Ok(count)
}

/// The EAN-13 of a product: `690` (a GS1 China prefix), the model number (5 digits), the
/// variant number (4 digits), the check digit.
pub fn demo_ean13(model: usize, variant: usize) -> String {
    let first12 = format!("690{:05}{:04}", model % 100_000, variant % 10_000);
    format!("{first12}{}", ean13_check_digit(&first12))
}

struct ModelRow {
    key: String,
    name_zh: String,
    name_en: String,
    brand: String,
    category: String,
    sizes: Vec<String>,
    list_price: Cny,
}

fn product_models(spec: &CitySpec, scale: u32) -> ServiceResult<Vec<ModelRow>> {
    let mut models = Vec::new();
    for p in &spec.products {
        models.push(ModelRow {
            key: p.id.clone(),
            name_zh: p.name_zh.clone(),
            name_en: p.name_en.clone(),
            brand: p.brand.clone(),
            category: p.category.clone(),
            sizes: p.sizes.clone(),
            list_price: money(p.price)?,
        });
    }
    let mut rng = Rng::new(spec.seed ^ 0xCA7A);
    for series in 0..scale {
        for family in &spec.families {
            for (brand_zh, brand_en) in &family.brands {
                for (kind_zh, kind_en, price) in &family.kinds {
                    let (suffix_zh, suffix_en) = if series == 0 {
                        (String::new(), String::new())
                    } else {
                        (format!(" {}代", series + 1), format!(" S{}", series + 1))
                    };
                    models.push(ModelRow {
                        key: format!(
                            "{}-{}{}",
                            slug(brand_en),
                            slug(kind_en),
                            suffix_en.to_lowercase().replace(' ', "-")
                        ),
                        name_zh: format!("{brand_zh} {kind_zh}{suffix_zh}"),
                        name_en: format!("{brand_en} {kind_en}{suffix_en}"),
                        brand: brand_en.clone(),
                        category: family.category.clone(),
                        sizes: family.sizes.clone(),
                        list_price: shelf_price(price * rng.range_f64(0.85, 1.3))?,
                    });
                }
            }
        }
    }
    Ok(models)
}

/// Products per category, for stocking shops: `(id, list price, hand-picked)`.
type ByCategory = HashMap<String, Vec<(i64, Cny, bool)>>;

fn write_products(
    tx: &Transaction<'_>,
    spec: &CitySpec,
    scale: u32,
    counts: &mut CityCounts,
) -> ServiceResult<ByCategory> {
    let mut merchant_ids = Vec::new();
    for (i, m) in spec.merchants.iter().enumerate() {
        let id = i as i64 + 1;
        tx.execute(
            "INSERT INTO merchant VALUES (?1,?2,?3,?4,'retail',?5,?6,?7,?8)",
            params![
                id,
                m.id,
                m.name,
                m.name_zh,
                m.warehouse_lat,
                m.warehouse_lon,
                m.base_eta_hours,
                m.hours_per_1000_km
            ],
        )?;
        merchant_ids.push((id, m));
    }
    let hand_picked = spec.products.len();
    let mut rng = Rng::new(spec.seed ^ 0x0FFE);
    let mut by_category: ByCategory = HashMap::new();
    let mut insert_product = tx.prepare(
        "INSERT INTO product(id, key, model_key, ean13, name_zh, name_en, brand, category, size,
                             list_price_fen, best_price_fen) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
    )?;
    let mut insert_fts = tx.prepare("INSERT INTO product_fts(rowid, terms) VALUES (?1, ?2)")?;
    let mut insert_offer = tx.prepare("INSERT INTO offer VALUES (?1,?2,?3,?4)")?;
    let mut next_id = 0i64;
    for (model_index, model) in product_models(spec, scale)?.into_iter().enumerate() {
        let variants: Vec<Option<&String>> = if model.sizes.is_empty() {
            vec![None]
        } else {
            model.sizes.iter().map(Some).collect()
        };
        for (variant, size) in variants.into_iter().enumerate() {
            next_id += 1;
            let key = match size {
                Some(size) => format!("{}/{}", model.key, size),
                None => model.key.clone(),
            };
            let mut offers = Vec::new();
            for (i, (merchant_id, m)) in merchant_ids.iter().enumerate() {
                // Each merchant sells four products in five, but every product has three offers.
                let merchants_left = merchant_ids.len() - i - 1;
                if rng.below(5) == 0 && offers.len() + merchants_left >= 3 {
                    continue;
                }
                let price = Cny::from_yuan_f64(
                    (model.list_price.as_yuan_f64()
                        * rng.range_f64(m.price_min, m.price_max)
                        * 10.0)
                        .round()
                        / 10.0,
                )
                .ok_or_else(|| ServiceError::Seed("offer price".into()))?;
                let stock = if rng.below(10) == 0 {
                    0
                } else {
                    1 + rng.below(300) as i64
                };
                offers.push((*merchant_id, price.max(Cny::fen(10)), stock));
            }
            let best = offers
                .iter()
                .filter(|(_, _, stock)| *stock > 0)
                .map(|(_, price, _)| *price)
                .min()
                .unwrap_or(model.list_price);
            let size_words = size.map(|s| format!("{s} eu{s}")).unwrap_or_default();
            insert_product.execute(params![
                next_id,
                key,
                model.key,
                demo_ean13(model_index + 1, variant + 1),
                model.name_zh,
                model.name_en,
                model.brand,
                model.category,
                size,
                model.list_price.0,
                best.0
            ])?;
            insert_fts.execute(params![
                next_id,
                index_terms(&[
                    &model.name_zh,
                    &model.name_en,
                    &model.brand,
                    &model.category,
                    &size_words
                ])
            ])?;
            for (merchant_id, price, stock) in &offers {
                insert_offer.execute(params![next_id, merchant_id, price.0, stock])?;
            }
            counts.offers += offers.len();
            by_category
                .entry(model.category.clone())
                .or_default()
                .push((next_id, model.list_price, model_index < hand_picked));
        }
    }
    counts.products = next_id as usize;
    Ok(by_category)
}

fn write_shop_stock(
    tx: &Transaction<'_>,
    spec: &CitySpec,
    shops: &[(i64, &BrandSpec)],
    by_category: &ByCategory,
) -> ServiceResult<()> {
    let mut rng = Rng::new(spec.seed ^ 0x5700);
    let mut insert = tx.prepare("INSERT OR IGNORE INTO shop_stock VALUES (?1,?2,?3,?4)")?;
    for (shop_id, brand) in shops {
        let assortment: Vec<&(i64, Cny, bool)> = brand
            .sells
            .iter()
            .filter_map(|c| by_category.get(c))
            .flatten()
            .collect();
        let hand_picked = assortment.iter().filter(|(_, _, hand)| *hand);
        let random = (0..SHOP_ASSORTMENT.min(assortment.len()))
            .map(|_| assortment[rng.below(assortment.len())]);
        for (product_id, list_price, _) in hand_picked.copied().chain(random).collect::<Vec<_>>() {
            let quantity = if rng.below(5) == 0 {
                0
            } else {
                1 + rng.below(20) as i64
            };
            let price = shelf_price(list_price.as_yuan_f64() * rng.range_f64(1.0, 1.1))?;
            let price = if list_price.0 < 2_000 {
                *list_price
            } else {
                price
            };
            insert.execute(params![shop_id, product_id, quantity, price.0])?;
        }
    }
    Ok(())
}

const AIRLINE_CODES: [&str; 5] = ["MU", "CA", "CZ", "HU", "HO"];

fn write_timetable(tx: &Transaction<'_>, spec: &CitySpec) -> ServiceResult<usize> {
    let mut insert_city = tx.prepare("INSERT INTO city VALUES (?1,?2,?3,?4,?5,?6)")?;
    for c in &spec.cities {
        insert_city.execute(params![
            c.name_en,
            c.name_zh,
            c.lat,
            c.lon,
            format!("{}|{}", c.station.0, c.station.1),
            format!("{}|{}", c.airport.0, c.airport.1)
        ])?;
    }
    let mut insert = tx.prepare("INSERT INTO service VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)")?;
    let mut count = 0;
    let mut train_number = 1000;
    let mut flight_number = 5000;
    for from in &spec.cities {
        for to in spec.cities.iter().filter(|c| c.name_en != from.name_en) {
            let km = GeoPoint::new(from.lat, from.lon).distance_m(&GeoPoint::new(to.lat, to.lon))
                / 1000.0;
            let rail_km = km * 1.25;
            let mut rng = Rng::new(stable_hash(&[&from.name_en, &to.name_en]));
            if rail_km <= spec.max_train_km {
                for k in 0..spec.trains_per_day {
                    train_number += 2;
                    let departs =
                        390 + (k * 750 / spec.trains_per_day.max(1)) as i64 + rng.below(40) as i64;
                    let duration = (rail_km / 250.0 * 60.0) as i64 + 20 + rng.below(30) as i64;
                    let base = money((rail_km * 0.46 * 2.0).round() / 2.0)?;
                    insert.execute(params![
                        format!("G{train_number}"),
                        "train",
                        "China Railway",
                        from.name_en,
                        to.name_en,
                        departs,
                        duration,
                        "second_class",
                        base.0,
                        560 + rng.below(400) as i64
                    ])?;
                    count += 1;
                }
            }
            for k in 0..spec.flights_per_day {
                flight_number += 7;
                let airline = rng.below(spec.airlines.len().min(AIRLINE_CODES.len()));
                let departs =
                    420 + (k * 870 / spec.flights_per_day.max(1)) as i64 + rng.below(45) as i64;
                let duration = (km / 750.0 * 60.0) as i64 + 45 + rng.below(20) as i64;
                let base = money((300.0 + km * 0.75).round())?;
                insert.execute(params![
                    format!("{}{}", AIRLINE_CODES[airline], flight_number % 10_000),
                    "flight",
                    spec.airlines[airline],
                    from.name_en,
                    to.name_en,
                    departs,
                    duration,
                    "economy",
                    base.0,
                    150 + rng.below(150) as i64
                ])?;
                count += 1;
            }
        }
    }
    Ok(count)
}

fn write_hotels(tx: &Transaction<'_>, spec: &CitySpec) -> ServiceResult<usize> {
    let mut insert = tx.prepare(
        "INSERT INTO hotel(key, city, name_zh, name_en, stars, rating, lat, lon, base_fen, rooms)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
    )?;
    let mut count = 0;
    for city in &spec.cities {
        let mut rng = Rng::new(stable_hash(&["hotels", &city.name_en]));
        let center = GeoPoint::new(city.lat, city.lon);
        for i in 0..spec.hotels_per_city {
            let (brand_zh, brand_en, stars, base) = &spec.hotel_brands[i % spec.hotel_brands.len()];
            let (district_zh, district_en): &ZhEn =
                &spec.hotel_districts[(i / spec.hotel_brands.len()) % spec.hotel_districts.len()];
            let at = center.offset(rng.range_f64(0.0, 360.0), rng.range_f64(500.0, 6000.0));
            insert.execute(params![
                format!("{}/{}", slug(&city.name_en), i + 1),
                city.name_en,
                format!("{brand_zh}（{}{district_zh}店）", city.name_zh),
                format!("{brand_en} ({} {district_en})", city.name_en),
                stars,
                (rng.range_f64(3.8, 4.9) * 10.0).round() / 10.0,
                at.lat,
                at.lon,
                shelf_price(base * rng.range_f64(0.85, 1.2))?.0,
                20 + rng.below(100) as i64
            ])?;
            count += 1;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_and_codes() {
        assert_eq!(parse_hours("08:00-20:00").unwrap(), (480, 1200));
        assert_eq!(parse_hours("10:00-03:00").unwrap(), (600, 180));
        assert!(parse_hours("8am").is_err());
        let ean = demo_ean13(1, 7);
        assert_eq!(ean.len(), 13);
        assert!(crate::services::catalog::normalize_barcode(&ean).is_ok());
        assert_eq!(shelf_price(301.0).unwrap(), Cny::yuan(299));
        assert_eq!(shelf_price(3.4).unwrap(), Cny::fen(350));
    }
}
