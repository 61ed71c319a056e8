//! Exponential backoff with jitter, capped: how long to wait before reconnection attempt n.

use rand::Rng;
use std::time::Duration;

/// Backoff policy: the bound of attempt n is `min(base × 2ⁿ, cap)`; the actual delay is drawn
/// uniformly from the upper half of that bound ("equal jitter"), so phones that lost the same
/// glasses do not retry in lockstep, yet never wait longer than the bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Bound of the first attempt.
    pub base: Duration,
    /// Largest bound.
    pub cap: Duration,
}

impl Default for Backoff {
    /// 200 ms, doubling, capped at 10 s.
    fn default() -> Self {
        Self {
            base: Duration::from_millis(200),
            cap: Duration::from_secs(10),
        }
    }
}

impl Backoff {
    /// The longest wait before attempt `attempt` (0-based).
    pub fn bound(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(20)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// A jittered delay in `[bound / 2, bound]` for attempt `attempt`.
    pub fn delay(&self, attempt: u32, rng: &mut impl Rng) -> Duration {
        let bound = self.bound(attempt);
        let half = bound / 2;
        half + half.mul_f64(rng.random::<f64>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn doubles_up_to_the_cap_and_stays_within_bounds() {
        let b = Backoff::default();
        assert_eq!(b.bound(0), Duration::from_millis(200));
        assert_eq!(b.bound(3), Duration::from_millis(1600));
        assert_eq!(b.bound(40), Duration::from_secs(10));
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for attempt in 0..12 {
            let d = b.delay(attempt, &mut rng);
            assert!(d <= b.bound(attempt) && d >= b.bound(attempt) / 2);
        }
    }
}
