//! Foreign callbacks (the app's listener, log sink and Bluetooth transport) run on a thread of
//! their own, never on a worker of the core's tokio runtime: Kotlin or Swift code that blocks
//! (a lock, a slow log write, a JNI attach) must not stall the link sessions, and a callback
//! that calls back into the core must not deadlock a worker. One [`CallbackThread`] runs its
//! calls in order; it ends when its last handle is dropped.

use std::sync::mpsc;

use tokio::sync::oneshot;

use crate::error::SightlineError;

type Call = Box<dyn FnOnce() + Send>;

/// A named thread that runs foreign calls in order. Cheap to clone.
#[derive(Clone, Debug)]
pub(crate) struct CallbackThread {
    calls: mpsc::Sender<Call>,
}

impl CallbackThread {
    /// Starts the thread `name`.
    pub(crate) fn spawn(name: &str) -> Result<Self, SightlineError> {
        let (calls, queue) = mpsc::channel::<Call>();
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                for call in queue {
                    call();
                }
            })
            .map_err(|e| SightlineError::Internal {
                reason: format!("cannot start the {name} thread: {e}"),
            })?;
        Ok(Self { calls })
    }

    /// Queues `call`; false when the thread is gone (the call is dropped).
    pub(crate) fn run(&self, call: impl FnOnce() + Send + 'static) -> bool {
        self.calls.send(Box::new(call)).is_ok()
    }

    /// Runs `call` on the thread and waits for its result without blocking the caller's
    /// executor; `None` when the thread is gone.
    pub(crate) async fn call<T: Send + 'static>(
        &self,
        call: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = oneshot::channel();
        if !self.run(move || {
            let _ = tx.send(call());
        }) {
            return None;
        }
        rx.await.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calls_run_in_order_on_the_named_thread_outside_any_runtime() {
        let thread = CallbackThread::spawn("sightline-test-calls").unwrap();
        let (tx, rx) = mpsc::channel();
        for n in 0..3 {
            let tx = tx.clone();
            assert!(thread.run(move || {
                let name = std::thread::current().name().map(str::to_string);
                let in_runtime = tokio::runtime::Handle::try_current().is_ok();
                tx.send((n, name, in_runtime)).unwrap();
            }));
        }
        for n in 0..3 {
            let (got, name, in_runtime) = rx.recv().unwrap();
            assert_eq!(got, n);
            assert_eq!(name.as_deref(), Some("sightline-test-calls"));
            assert!(!in_runtime);
        }
        let answer = sightline_core::runtime::block_on(thread.call(|| 6 * 7)).unwrap();
        assert_eq!(answer, Some(42));
    }
}
