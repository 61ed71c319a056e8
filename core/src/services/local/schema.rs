//! The tables of `city.db`, the demo city's own SQLite file (separate from the user's
//! database). POIs are indexed by an R*Tree for geographic search; POI and product names by
//! FTS5 (contentless tables holding the terms of `super::text`).

/// Bumped whenever the schema or the generator changes; a `city.db` of another version is
/// rebuilt.
pub const CITY_FORMAT_VERSION: i64 = 4;

/// The whole schema.
pub const SCHEMA: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE poi (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    name_zh     TEXT NOT NULL,
    name_en     TEXT,
    category    TEXT NOT NULL,
    lat         REAL NOT NULL,
    lon         REAL NOT NULL,
    rating      REAL,
    price_level INTEGER,
    opens_min   INTEGER,
    closes_min  INTEGER,
    address     TEXT NOT NULL,
    phone       TEXT
);
CREATE VIRTUAL TABLE poi_rtree USING rtree(id, min_lat, max_lat, min_lon, max_lon);
CREATE VIRTUAL TABLE poi_fts USING fts5(terms, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE review (
    poi_id INTEGER NOT NULL REFERENCES poi(id),
    rank   INTEGER NOT NULL,
    author TEXT NOT NULL,
    rating INTEGER NOT NULL,
    text   TEXT NOT NULL,
    PRIMARY KEY (poi_id, rank)
) WITHOUT ROWID;
CREATE TABLE guide (
    poi_id   INTEGER PRIMARY KEY REFERENCES poi(id),
    title_zh TEXT NOT NULL, title_en TEXT NOT NULL,
    short_zh TEXT NOT NULL, short_en TEXT NOT NULL,
    long_zh  TEXT NOT NULL, long_en  TEXT NOT NULL
);
CREATE TABLE product (
    id             INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    model_key      TEXT NOT NULL,
    ean13          TEXT NOT NULL UNIQUE,
    name_zh        TEXT NOT NULL,
    name_en        TEXT NOT NULL,
    brand          TEXT NOT NULL,
    category       TEXT NOT NULL,
    size           TEXT,
    list_price_fen INTEGER NOT NULL,
    best_price_fen INTEGER NOT NULL
);
CREATE INDEX product_model ON product(model_key);
CREATE INDEX product_category_price ON product(category, best_price_fen);
CREATE VIRTUAL TABLE product_fts USING fts5(terms, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE merchant (
    id                INTEGER PRIMARY KEY,
    key               TEXT NOT NULL UNIQUE,
    name              TEXT NOT NULL,
    name_zh           TEXT NOT NULL,
    category          TEXT NOT NULL,
    lat               REAL NOT NULL,
    lon               REAL NOT NULL,
    base_eta_hours    INTEGER NOT NULL,
    hours_per_1000_km INTEGER NOT NULL
);
CREATE TABLE offer (
    product_id  INTEGER NOT NULL REFERENCES product(id),
    merchant_id INTEGER NOT NULL REFERENCES merchant(id),
    price_fen   INTEGER NOT NULL,
    stock       INTEGER NOT NULL,
    PRIMARY KEY (product_id, merchant_id)
) WITHOUT ROWID;
CREATE TABLE shop_stock (
    poi_id     INTEGER NOT NULL REFERENCES poi(id),
    product_id INTEGER NOT NULL REFERENCES product(id),
    quantity   INTEGER NOT NULL,
    price_fen  INTEGER NOT NULL,
    PRIMARY KEY (poi_id, product_id)
) WITHOUT ROWID;
CREATE INDEX shop_stock_product ON shop_stock(product_id);
CREATE TABLE bike (
    id                 TEXT PRIMARY KEY,
    qr_payload         TEXT NOT NULL UNIQUE,
    operator           TEXT NOT NULL,
    operator_zh        TEXT NOT NULL,
    status             TEXT NOT NULL,
    lat                REAL NOT NULL,
    lon                REAL NOT NULL,
    price_per_30_fen   INTEGER NOT NULL,
    battery_pct        INTEGER
);
CREATE TABLE ride (
    id               TEXT PRIMARY KEY,
    bike_id          TEXT NOT NULL REFERENCES bike(id),
    confirmation_id  TEXT NOT NULL,
    started_at_ms    INTEGER NOT NULL,
    price_per_30_fen INTEGER NOT NULL,
    ended_at_ms      INTEGER,
    cost_fen         INTEGER
);
CREATE UNIQUE INDEX ride_open_per_bike ON ride(bike_id) WHERE ended_at_ms IS NULL;
CREATE TABLE city (
    name_en    TEXT PRIMARY KEY,
    name_zh    TEXT NOT NULL UNIQUE,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL,
    station    TEXT NOT NULL,
    airport    TEXT NOT NULL
);
CREATE TABLE service (
    number      TEXT PRIMARY KEY,
    mode        TEXT NOT NULL,
    operator    TEXT NOT NULL,
    from_city   TEXT NOT NULL REFERENCES city(name_en),
    to_city     TEXT NOT NULL REFERENCES city(name_en),
    departs_min INTEGER NOT NULL,
    duration_min INTEGER NOT NULL,
    seat_class  TEXT NOT NULL,
    base_fen    INTEGER NOT NULL,
    capacity    INTEGER NOT NULL
);
CREATE INDEX service_route ON service(from_city, to_city, departs_min);
CREATE TABLE hotel (
    id        INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE,
    city      TEXT NOT NULL REFERENCES city(name_en),
    name_zh   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    stars     INTEGER NOT NULL,
    rating    REAL NOT NULL,
    lat       REAL NOT NULL,
    lon       REAL NOT NULL,
    base_fen  INTEGER NOT NULL,
    rooms     INTEGER NOT NULL
);
CREATE INDEX hotel_city ON hotel(city);
CREATE TABLE payment (
    id              TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    merchant        TEXT NOT NULL,
    description     TEXT NOT NULL,
    amount_fen      INTEGER NOT NULL,
    state           TEXT NOT NULL,
    confirmation_id TEXT NOT NULL,
    updated_at_ms   INTEGER NOT NULL
);
CREATE TABLE merchant_code (
    payload  TEXT PRIMARY KEY,
    network  TEXT NOT NULL,
    payee_id TEXT NOT NULL,
    name     TEXT NOT NULL,
    personal INTEGER NOT NULL,
    poi_key  TEXT
);
"#;
