//! Positions on the Earth and the two measures the product needs: distance and bearing.

use serde::{Deserialize, Serialize};

const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// A WGS-84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeoPoint {
    /// Latitude in degrees, north positive.
    pub lat: f64,
    /// Longitude in degrees, east positive.
    pub lon: f64,
}

impl GeoPoint {
    /// A point from latitude and longitude in degrees.
    pub const fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// True when both coordinates are finite and within their ranges.
    pub fn is_valid(&self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }

    /// Great-circle distance in metres (haversine).
    pub fn distance_m(&self, other: &GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = lat2 - lat1;
        let dlon = (other.lon - self.lon).to_radians();
        let a = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_M * a.sqrt().asin()
    }

    /// Initial bearing from `self` to `other`, degrees clockwise from north in `[0, 360)`.
    pub fn bearing_deg(&self, other: &GeoPoint) -> f64 {
        let (lat1, lat2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlon = (other.lon - self.lon).to_radians();
        let y = dlon.sin() * lat2.cos();
        let x = lat1.cos() * lat2.sin() - lat1.sin() * lat2.cos() * dlon.cos();
        y.atan2(x).to_degrees().rem_euclid(360.0)
    }

    /// The point `distance_m` away along `bearing_deg` (flat-Earth approximation, fine for
    /// the few hundred metres the product looks around).
    pub fn offset(&self, bearing_deg: f64, distance_m: f64) -> GeoPoint {
        let b = bearing_deg.to_radians();
        let dlat = distance_m * b.cos() / EARTH_RADIUS_M;
        let dlon = distance_m * b.sin() / (EARTH_RADIUS_M * self.lat.to_radians().cos());
        GeoPoint::new(self.lat + dlat.to_degrees(), self.lon + dlon.to_degrees())
    }
}

/// Smallest absolute difference between two headings in degrees, in `[0, 180]`.
pub fn heading_difference(a: f64, b: f64) -> f64 {
    let d = (a - b).rem_euclid(360.0);
    if d > 180.0 { 360.0 - d } else { d }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_and_bearing_are_consistent() {
        let west_lake = GeoPoint::new(30.2590, 120.1480);
        let east = west_lake.offset(90.0, 500.0);
        assert!((west_lake.distance_m(&east) - 500.0).abs() < 1.0);
        assert!((west_lake.bearing_deg(&east) - 90.0).abs() < 0.5);
        let north = west_lake.offset(0.0, 250.0);
        assert!(west_lake.bearing_deg(&north) < 0.5 || west_lake.bearing_deg(&north) > 359.5);
    }

    #[test]
    fn hangzhou_to_harbin_is_about_1700_km() {
        let hz = GeoPoint::new(30.2741, 120.1551);
        let hrb = GeoPoint::new(45.8038, 126.5350);
        let km = hz.distance_m(&hrb) / 1000.0;
        assert!((1700.0..1850.0).contains(&km), "{km}");
    }

    #[test]
    fn heading_difference_wraps() {
        assert_eq!(heading_difference(350.0, 10.0), 20.0);
        assert_eq!(heading_difference(10.0, 190.0), 180.0);
        assert!(!GeoPoint::new(91.0, 0.0).is_valid());
    }
}
