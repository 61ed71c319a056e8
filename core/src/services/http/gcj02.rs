//! China's GCJ-02 datum: Amap and other Chinese map services take and return positions in
//! GCJ-02, which is WGS-84 shifted by an obfuscating formula (up to several hundred
//! metres). Sightline works in WGS-84, so positions are converted at the Amap boundary.
//! Outside mainland China the two are the same.

use crate::geo::GeoPoint;

const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

fn outside_china(p: &GeoPoint) -> bool {
    !(72.004..=137.8347).contains(&p.lon) || !(0.8293..=55.8271).contains(&p.lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    ret
}

fn transform_lon(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    ret
}

/// WGS-84 → GCJ-02.
pub fn to_gcj02(p: GeoPoint) -> GeoPoint {
    use std::f64::consts::PI;
    if outside_china(&p) {
        return p;
    }
    let dlat = transform_lat(p.lon - 105.0, p.lat - 35.0);
    let dlon = transform_lon(p.lon - 105.0, p.lat - 35.0);
    let rad_lat = p.lat / 180.0 * PI;
    let magic = 1.0 - EE * rad_lat.sin() * rad_lat.sin();
    let sqrt_magic = magic.sqrt();
    let dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let dlon = (dlon * 180.0) / (A / sqrt_magic * rad_lat.cos() * PI);
    GeoPoint::new(p.lat + dlat, p.lon + dlon)
}

/// GCJ-02 → WGS-84, by fixed-point iteration of the forward formula (sub-metre accuracy).
pub fn to_wgs84(gcj: GeoPoint) -> GeoPoint {
    let mut wgs = gcj;
    for _ in 0..4 {
        let shifted = to_gcj02(wgs);
        wgs = GeoPoint::new(
            wgs.lat + (gcj.lat - shifted.lat),
            wgs.lon + (gcj.lon - shifted.lon),
        );
    }
    wgs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_within_a_metre_and_shifts_in_china() {
        let leifeng = GeoPoint::new(30.2311, 120.1486);
        let gcj = to_gcj02(leifeng);
        let shift = leifeng.distance_m(&gcj);
        assert!((300.0..700.0).contains(&shift), "Hangzhou shift {shift} m");
        assert!(to_wgs84(gcj).distance_m(&leifeng) < 1.0);
        let paris = GeoPoint::new(48.8566, 2.3522);
        assert_eq!(to_gcj02(paris), paris);
    }
}
