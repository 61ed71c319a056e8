//! History retention: entries older than `privacy.history_retention_days` are deleted when the
//! companion starts and once a day while it runs (on the blocking pool), each time the same
//! way `forget` deletes (zeroed rows, rewritten file).

use std::sync::Arc;
use std::time::Duration;

use super::{Clock, Companion};
use crate::error::Result;
use crate::store::{Store, forget};

const DAY_MS: i64 = 86_400_000;
/// How often a running companion applies the retention.
const EVERY: Duration = Duration::from_secs(86_400);

/// Deletes the history older than `days` before the clock's now.
pub(super) fn expire(store: &Store, clock: &Clock, days: i64) -> Result<()> {
    let expired = forget::expire_history(store, clock.now_ms() - days * DAY_MS)?;
    if expired > 0 {
        tracing::info!(entries = expired, "history past its retention deleted");
    }
    Ok(())
}

impl Companion {
    /// Applies the retention of `days` once a day from now on, while the companion lives.
    pub(super) fn expire_history_daily(&self, days: i64) -> Result<()> {
        let inner = Arc::downgrade(&self.inner);
        self.spawn(async move {
            loop {
                tokio::time::sleep(EVERY).await;
                let Some(inner) = inner.upgrade() else {
                    return;
                };
                let (store, clock) = (inner.store.clone(), inner.clock.clone());
                drop(inner);
                let done = tokio::task::spawn_blocking(move || expire(&store, &clock, days)).await;
                match done {
                    Ok(Ok(())) => {}
                    Ok(Err(e)) => tracing::warn!("history retention failed: {e}"),
                    Err(e) => tracing::warn!("history retention task failed: {e}"),
                }
            }
        })
    }
}
