//! Money as an exact number of fen (1/100 CNY), so sums and commissions never drift.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul};

/// An amount in Chinese yuan, held as whole fen.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cny(pub i64);

impl Cny {
    /// An amount from whole yuan.
    pub const fn yuan(yuan: i64) -> Self {
        Cny(yuan * 100)
    }

    /// An amount from fen.
    pub const fn fen(fen: i64) -> Self {
        Cny(fen)
    }

    /// The nearest amount to a decimal number of yuan; `None` for NaN or infinities.
    pub fn from_yuan_f64(yuan: f64) -> Option<Self> {
        if !yuan.is_finite() || yuan.abs() > 1e13 {
            return None;
        }
        Some(Cny((yuan * 100.0).round() as i64))
    }

    /// The amount as a decimal number of yuan (for JSON slots and display only).
    pub fn as_yuan_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `self × basis_points / 10,000`, rounded half away from zero (commissions).
    pub fn basis_points(self, bp: i64) -> Cny {
        let product = self.0 as i128 * bp as i128;
        let rounded = (product + product.signum() * 5_000) / 10_000;
        Cny(rounded as i64)
    }
}

impl Add for Cny {
    type Output = Cny;
    fn add(self, rhs: Cny) -> Cny {
        Cny(self.0 + rhs.0)
    }
}

impl Mul<i64> for Cny {
    type Output = Cny;
    fn mul(self, rhs: i64) -> Cny {
        Cny(self.0 * rhs)
    }
}

impl Sum for Cny {
    fn sum<I: Iterator<Item = Cny>>(iter: I) -> Cny {
        iter.fold(Cny(0), Add::add)
    }
}

/// A whole number with thousands separators, as prices and distances are written: `1,768`.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `¥2,186` for whole amounts, `¥35.50` otherwise.
impl fmt::Display for Cny {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, cents) = (abs / 100, abs % 100);
        let grouped = grouped(whole);
        if cents == 0 {
            write!(f, "{sign}¥{grouped}")
        } else {
            write!(f, "{sign}¥{grouped}.{cents:02}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_price_tag() {
        assert_eq!(Cny::yuan(2186).to_string(), "¥2,186");
        assert_eq!(Cny::fen(3550).to_string(), "¥35.50");
        assert_eq!(Cny::yuan(1_234_567).to_string(), "¥1,234,567");
        assert_eq!(Cny::fen(-5).to_string(), "-¥0.05");
    }

    #[test]
    fn commission_rounds_exactly() {
        assert_eq!(Cny::yuan(299).basis_points(500), Cny::fen(1495));
        assert_eq!(Cny::fen(1).basis_points(5_000), Cny::fen(1));
        assert_eq!(Cny::from_yuan_f64(35.5), Some(Cny::fen(3550)));
        assert_eq!(Cny::from_yuan_f64(f64::NAN), None);
        assert_eq!(
            [Cny::yuan(1), Cny::fen(50)].into_iter().sum::<Cny>(),
            Cny::fen(150)
        );
    }
}
