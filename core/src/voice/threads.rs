//! The voice engine's own threads for a final transcript: a small pool that tract's matrix
//! products split their output tiles over (tract-linalg's `multithread-mm`, built with the
//! `voice-threads` feature). Only work run inside [`Pool::run`] uses it: tract chooses its
//! executor per calling thread, so perception and everything else stay on one thread each.
//!
//! Splitting a product by output tiles leaves every sum as it was (each tile still adds its
//! whole `k` in the same order), so the words are those of one thread (checked on real
//! models: `voice_the_final_on_two_threads_is_bit_identical_to_one`).

#[cfg(feature = "voice-threads")]
use std::sync::Arc;
#[cfg(feature = "voice-threads")]
use tract_linalg::multithread::{Executor, multithread_tract_scope};

/// The pool a final transcript's encoder runs on: `min(threads, the device's cores)`
/// threads, or the calling thread alone.
pub struct Pool {
    #[cfg(feature = "voice-threads")]
    executor: Option<Executor>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool")
            .field("threads", &self.threads())
            .finish()
    }
}

impl Pool {
    /// A pool of `min(threads, available cores)` threads; with one (or without the
    /// `voice-threads` feature, or if the threads cannot be started) work runs on the
    /// calling thread, as it always did.
    pub fn new(threads: u32) -> Self {
        #[cfg(feature = "voice-threads")]
        {
            let cores = std::thread::available_parallelism().map_or(1, usize::from);
            let n = (threads as usize).min(cores);
            let executor = (n > 1)
                .then(|| {
                    rayon::ThreadPoolBuilder::new()
                        .num_threads(n)
                        .thread_name(|i| format!("sightline-voice-{i}"))
                        .build()
                        .map_err(|e| {
                            tracing::warn!("voice: no thread pool ({e}); one thread");
                        })
                        .ok()
                })
                .flatten()
                .map(|pool| Executor::MultiThread(Arc::new(pool)));
            Self { executor }
        }
        #[cfg(not(feature = "voice-threads"))]
        {
            let _ = threads;
            Self {}
        }
    }

    /// How many threads [`Self::run`] computes on.
    pub fn threads(&self) -> usize {
        #[cfg(feature = "voice-threads")]
        if let Some(Executor::MultiThread(pool)) = &self.executor {
            return pool.current_num_threads();
        }
        1
    }

    /// Runs `work` with tract's matrix products spread over the pool (the calling thread
    /// waits for them).
    pub fn run<R>(&self, work: impl FnOnce() -> R) -> R {
        #[cfg(feature = "voice-threads")]
        if let Some(executor) = &self.executor {
            return multithread_tract_scope(executor.clone(), work);
        }
        work()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_pool_threads_are_bounded_by_the_config_and_the_cores() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        assert_eq!(Pool::new(1).threads(), 1);
        let two = Pool::new(2).threads();
        if cfg!(feature = "voice-threads") {
            assert_eq!(two, cores.min(2));
        } else {
            assert_eq!(two, 1);
        }
        assert_eq!(Pool::new(2).run(|| 7), 7);
    }
}
