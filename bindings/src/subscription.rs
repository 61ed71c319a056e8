//! Events to the app: a foreign listener, fed by a forwarding task that a cancellable
//! [`Subscription`] handle owns.
//!
//! `Companion.subscribe(listener)` starts one task on the core's runtime that reads the event
//! broadcast and hands each event to the subscription's own thread (`sightline-events`), which
//! calls the listener: never a worker of the runtime. The returned handle stops it: `cancel()` explicitly, or
//! dropping it (Kotlin `close()`, Swift deinit, Python garbage collection). After `cancel()`
//! returns no new call to the listener starts; a call already running finishes.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{broadcast, oneshot};

use crate::callbacks::CallbackThread;
use crate::error::{ListenerError, SightlineError};
use crate::events::CompanionEvent;

/// Receives the companion's events. Called from a background thread: hand work to the UI
/// thread and return quickly. An exception thrown here is caught and logged; forwarding goes
/// on with the next event.
#[uniffi::export(foreign)]
pub trait CompanionListener: Send + Sync {
    /// One event, in the order the companion produced them.
    fn on_event(&self, event: CompanionEvent) -> Result<(), ListenerError>;
}

/// The handle of one listener's subscription. Cancel it, or drop it, to stop the events.
#[derive(uniffi::Object)]
pub struct Subscription {
    cancelled: Arc<AtomicBool>,
    stop: Mutex<Option<oneshot::Sender<()>>>,
}

#[uniffi::export]
impl Subscription {
    /// Stops the events: no call to the listener starts after this returns. Idempotent.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        // Dropping the sender wakes the forwarding task, which then ends.
        if let Ok(mut stop) = self.stop.lock() {
            stop.take();
        }
    }

    /// True once [`Subscription::cancel`] was called or the companion shut down.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.cancel();
    }
}

impl Subscription {
    /// Starts forwarding `events` to `listener` on the core's runtime.
    pub(crate) fn spawn(
        mut events: broadcast::Receiver<CompanionEvent>,
        listener: Arc<dyn CompanionListener>,
    ) -> Result<Arc<Subscription>, SightlineError> {
        let runtime = sightline_core::runtime::runtime()?;
        let thread = CallbackThread::spawn("sightline-events")?;
        let cancelled = Arc::new(AtomicBool::new(false));
        let (stop_tx, mut stop_rx) = oneshot::channel::<()>();
        let task_cancelled = Arc::clone(&cancelled);
        runtime.spawn(async move {
            loop {
                let event = tokio::select! {
                    biased;
                    _ = &mut stop_rx => break,
                    received = events.recv() => match received {
                        Ok(event) => event,
                        Err(broadcast::error::RecvError::Lagged(missed)) => {
                            CompanionEvent::Lagged { missed }
                        }
                        Err(broadcast::error::RecvError::Closed) => break,
                    },
                };
                if task_cancelled.load(Ordering::SeqCst) {
                    break;
                }
                // The listener runs on the subscription's own thread, never on a worker.
                let (listener, cancelled) = (listener.clone(), task_cancelled.clone());
                let delivered = thread.run(move || {
                    if cancelled.load(Ordering::SeqCst) {
                        return;
                    }
                    if let Err(e) = listener.on_event(event) {
                        tracing::warn!("companion listener failed: {e}");
                    }
                });
                if !delivered {
                    break;
                }
            }
            task_cancelled.store(true, Ordering::SeqCst);
        });
        Ok(Arc::new(Subscription {
            cancelled,
            stop: Mutex::new(Some(stop_tx)),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    struct Collect(std::sync::mpsc::Sender<CompanionEvent>);

    impl CompanionListener for Collect {
        fn on_event(&self, event: CompanionEvent) -> Result<(), ListenerError> {
            self.0.send(event).map_err(|e| ListenerError::Failed {
                reason: e.to_string(),
            })
        }
    }

    struct Throws;

    impl CompanionListener for Throws {
        fn on_event(&self, _: CompanionEvent) -> Result<(), ListenerError> {
            Err(ListenerError::Failed {
                reason: "boom".into(),
            })
        }
    }

    fn event(n: u64) -> CompanionEvent {
        CompanionEvent::HistoryForgotten { count: n }
    }

    #[test]
    fn security_the_listener_is_never_called_on_a_runtime_thread() {
        /// Records the thread each event arrived on, and whether it belongs to a runtime.
        struct Where(std::sync::mpsc::Sender<(Option<String>, bool)>);
        impl CompanionListener for Where {
            fn on_event(&self, _: CompanionEvent) -> Result<(), ListenerError> {
                let thread = std::thread::current().name().map(str::to_string);
                let in_runtime = tokio::runtime::Handle::try_current().is_ok();
                let _ = self.0.send((thread, in_runtime));
                Ok(())
            }
        }
        let (events, _keep) = broadcast::channel(16);
        let (tx, rx) = std::sync::mpsc::channel();
        let _sub = Subscription::spawn(events.subscribe(), Arc::new(Where(tx))).unwrap();
        for n in 0..3 {
            events.send(event(n)).unwrap();
        }
        for _ in 0..3 {
            let (thread, in_runtime) = rx.recv_timeout(Duration::from_secs(5)).unwrap();
            assert_eq!(thread.as_deref(), Some("sightline-events"));
            assert!(!in_runtime, "the listener ran on a runtime thread");
        }
    }

    #[test]
    fn forwards_until_cancelled_then_stops() {
        let (events, _keep) = broadcast::channel(16);
        let (tx, rx) = std::sync::mpsc::channel();
        let sub = Subscription::spawn(events.subscribe(), Arc::new(Collect(tx))).unwrap();
        events.send(event(1)).unwrap();
        assert_eq!(rx.recv_timeout(Duration::from_secs(5)).unwrap(), event(1));
        sub.cancel();
        assert!(sub.is_cancelled());
        let _ = events.send(event(2));
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
    }

    #[test]
    fn dropping_the_handle_ends_the_task() {
        let (events, _keep) = broadcast::channel(16);
        let (tx, rx) = std::sync::mpsc::channel();
        let sub = Subscription::spawn(events.subscribe(), Arc::new(Collect(tx))).unwrap();
        drop(sub);
        // The task ends and drops its receiver and listener: the listener's channel closes.
        assert!(matches!(
            rx.recv_timeout(Duration::from_secs(5)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        ));
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while events.receiver_count() > 1 && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(events.receiver_count(), 1);
    }

    #[test]
    fn a_failing_listener_does_not_stop_forwarding() {
        let (events, _keep) = broadcast::channel(16);
        let sub = Subscription::spawn(events.subscribe(), Arc::new(Throws)).unwrap();
        events.send(event(1)).unwrap();
        events.send(event(2)).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        assert!(!sub.is_cancelled());
    }
}
