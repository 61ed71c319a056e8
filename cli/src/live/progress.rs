//! A count that others can wait on: how many outputs the feed has published, how many frames
//! the core has read — so the walk's own events and the frame marking come after them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

/// A growing count with a signal on each step.
#[derive(Debug, Default)]
pub struct Progress {
    count: AtomicU64,
    signal: Notify,
}

impl Progress {
    /// Counts one more.
    pub fn add(&self) {
        self.count.fetch_add(1, Ordering::SeqCst);
        self.signal.notify_waiters();
    }

    /// Waits until the count reaches `count`, or `limit` has passed (an item that never comes
    /// must not hold anyone for ever).
    pub async fn reached(&self, count: u64, limit: Duration) {
        let _ = tokio::time::timeout(limit, async {
            loop {
                let next = self.signal.notified();
                if self.count.load(Ordering::SeqCst) >= count {
                    return;
                }
                next.await;
            }
        })
        .await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[tokio::test]
    async fn live_view_progress_wakes_its_waiter_and_gives_up_at_the_limit() {
        let progress = Arc::new(Progress::default());
        let waiter = tokio::spawn({
            let progress = progress.clone();
            async move { progress.reached(2, Duration::from_secs(30)).await }
        });
        progress.add();
        progress.add();
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .unwrap()
            .unwrap();
        let started = std::time::Instant::now();
        progress.reached(3, Duration::from_millis(50)).await;
        assert!(started.elapsed() >= Duration::from_millis(50));
    }
}
