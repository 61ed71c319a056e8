//! The short memory: the last few things seen, each with when, so "the shop I just passed" or
//! "that soda" can be resolved, and so a rule can see what was in view a moment ago.

use std::collections::VecDeque;

use super::ContextConfig;

/// A bounded, time-limited list of recent items, oldest first.
#[derive(Debug, Clone)]
pub struct RecentMemory<T> {
    capacity: usize,
    max_age_ms: i64,
    items: VecDeque<(i64, T)>,
}

impl<T> RecentMemory<T> {
    /// An empty memory sized by `config`.
    pub fn new(config: &ContextConfig) -> Self {
        Self {
            capacity: config.memory_capacity.max(1),
            max_age_ms: config.memory_max_age_ms,
            items: VecDeque::new(),
        }
    }

    /// Remembers `item` seen at `at_ms`, dropping the oldest beyond capacity.
    pub fn remember(&mut self, at_ms: i64, item: T) {
        self.items.push_back((at_ms, item));
        while self.items.len() > self.capacity {
            self.items.pop_front();
        }
    }

    /// Items still fresh at `now_ms`, newest first.
    pub fn recent(&self, now_ms: i64) -> impl Iterator<Item = &T> {
        let oldest = now_ms - self.max_age_ms;
        self.items
            .iter()
            .rev()
            .filter(move |(at, _)| *at >= oldest)
            .map(|(_, item)| item)
    }

    /// Items remembered at or after `from_ms`, newest first (a window narrower than the
    /// memory's age, e.g. the time a dwell took).
    pub fn since(&self, from_ms: i64) -> impl Iterator<Item = &T> {
        self.items
            .iter()
            .rev()
            .take_while(move |(at, _)| *at >= from_ms)
            .map(|(_, item)| item)
    }

    /// The newest fresh item that satisfies `pred`.
    pub fn last_matching(&self, now_ms: i64, pred: impl Fn(&T) -> bool) -> Option<&T> {
        self.recent(now_ms).find(|item| pred(item))
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.items.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_within_capacity_and_age() {
        let config = ContextConfig {
            memory_capacity: 3,
            memory_max_age_ms: 1000,
            ..ContextConfig::default()
        };
        let mut m = RecentMemory::new(&config);
        for (at, item) in [(0, "a"), (100, "b"), (200, "c"), (300, "d")] {
            m.remember(at, item);
        }
        assert_eq!(m.recent(300).copied().collect::<Vec<_>>(), ["d", "c", "b"]);
        assert_eq!(m.recent(1150).copied().collect::<Vec<_>>(), ["d", "c"]);
        assert_eq!(m.last_matching(300, |s| *s < "c"), Some(&"b"));
        m.clear();
        assert_eq!(m.recent(300).count(), 0);
    }
}
