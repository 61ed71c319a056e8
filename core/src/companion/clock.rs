//! Where the Companion's "now" comes from: the wall clock in the app, a script's clock in the
//! demo walk and the tests (so a 1.5-s dwell or a 10-minute throttle window can be replayed
//! exactly, without sleeping).

use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The Companion's source of time, in milliseconds since the Unix epoch.
#[derive(Debug, Clone, Default)]
pub enum Clock {
    /// The system clock.
    #[default]
    System,
    /// A clock moved by hand ([`Clock::advance`], [`Clock::set`]); clones share the time.
    Manual(Arc<AtomicI64>),
}

impl Clock {
    /// A manual clock starting at `start_ms`.
    pub fn manual(start_ms: i64) -> Clock {
        Clock::Manual(Arc::new(AtomicI64::new(start_ms)))
    }

    /// Now, ms since the epoch.
    pub fn now_ms(&self) -> i64 {
        match self {
            Clock::System => Utc::now().timestamp_millis(),
            Clock::Manual(ms) => ms.load(Ordering::SeqCst),
        }
    }

    /// This clock's time `elapsed_ms` of real time ago (when the words of a transcript that
    /// took that long to recognise ended): the system clock goes back by it; a manual clock,
    /// which real time does not move, reads now.
    pub fn real_time_ago(&self, elapsed_ms: u64) -> i64 {
        match self {
            Clock::System => {
                let elapsed = i64::try_from(elapsed_ms).unwrap_or(i64::MAX);
                self.now_ms().saturating_sub(elapsed)
            }
            Clock::Manual(ms) => ms.load(Ordering::SeqCst),
        }
    }

    /// Now as a date-time.
    pub fn now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.now_ms()).unwrap_or_else(Utc::now)
    }

    /// Moves a manual clock forward by `ms` (the system clock ignores it).
    pub fn advance(&self, ms: i64) {
        if let Clock::Manual(now) = self {
            now.fetch_add(ms, Ordering::SeqCst);
        }
    }

    /// Sets a manual clock to `ms` (the system clock ignores it).
    pub fn set(&self, ms: i64) {
        if let Clock::Manual(now) = self {
            now.store(ms, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_time_ago_goes_back_on_the_system_clock_only() {
        let manual = Clock::manual(1_000_000);
        assert_eq!(manual.real_time_ago(5_000), 1_000_000);
        let system = Clock::System;
        let before = system.now_ms();
        let ago = system.real_time_ago(5_000);
        assert!(ago <= system.now_ms() - 5_000 && ago >= before - 5_000);
        assert!(system.real_time_ago(u64::MAX) < 0);
    }
}
