//! The live view's event log: every event the page shows, numbered and stamped, kept for
//! pages that connect late (replayed to them) and broadcast to the pages already open; and
//! the pictures the events point at (camera frames, HUD pages), kept in memory only.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tokio::sync::{Notify, broadcast};

/// How many events a page may fall behind before it misses some.
const LIVE_BUFFER: usize = 1024;

/// One event for the page: its JSON text, ready to send.
#[derive(Debug)]
pub struct Event {
    /// The event as JSON (`seq`, `at_us`, `kind` and the kind's fields).
    pub json: String,
}

/// A picture served to the page.
#[derive(Debug, Clone)]
pub struct Picture {
    /// Its MIME type (`image/png`, `image/jpeg`).
    pub mime: &'static str,
    /// Its bytes.
    pub bytes: Arc<[u8]>,
}

#[derive(Default)]
struct Log {
    events: Vec<Arc<Event>>,
    pictures: HashMap<u64, Picture>,
    next_seq: u64,
    next_picture: u64,
}

struct Inner {
    log: Mutex<Log>,
    live: broadcast::Sender<Arc<Event>>,
    viewer: AtomicBool,
    viewer_came: Notify,
}

/// The event log and its broadcast; cheap to clone (clones share it).
#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Hub {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Hub")
    }
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            inner: Arc::new(Inner {
                log: Mutex::default(),
                live: broadcast::channel(LIVE_BUFFER).0,
                viewer: AtomicBool::new(false),
                viewer_came: Notify::new(),
            }),
        }
    }
}

/// Microseconds since the Unix epoch on the wall clock (the page's clock is the same one:
/// the difference is the page's added latency).
pub fn now_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

impl Hub {
    fn log(&self) -> MutexGuard<'_, Log> {
        // A panic while holding the lock cannot leave the log half-written: use it as is.
        self.inner.log.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds an event of `kind` with `fields` (an object), stamped `at_us`, and sends it to
    /// every open page.
    pub fn publish_at(&self, kind: &str, fields: Value, at_us: u64) {
        let mut log = self.log();
        let seq = log.next_seq;
        log.next_seq += 1;
        let mut event = json!({"seq": seq, "at_us": at_us, "kind": kind});
        if let (Some(out), Value::Object(fields)) = (event.as_object_mut(), fields) {
            out.extend(fields);
        }
        let event = Arc::new(Event {
            json: event.to_string(),
        });
        log.events.push(event.clone());
        // Nobody listening yet is fine: the page gets the log when it connects.
        let _ = self.inner.live.send(event);
    }

    /// [`Hub::publish_at`] stamped now.
    pub fn publish(&self, kind: &str, fields: Value) {
        self.publish_at(kind, fields, now_us());
    }

    /// Keeps a picture for the page; returns its path (under the token-guarded server).
    pub fn keep_picture(&self, mime: &'static str, bytes: impl Into<Arc<[u8]>>) -> String {
        let mut log = self.log();
        let id = log.next_picture;
        log.next_picture += 1;
        log.pictures.insert(
            id,
            Picture {
                mime,
                bytes: bytes.into(),
            },
        );
        format!("/picture/{id}")
    }

    /// The picture with `id`, if kept.
    pub fn picture(&self, id: u64) -> Option<Picture> {
        self.log().pictures.get(&id).cloned()
    }

    /// Forgets every event and picture (a new walk starts) and tells the pages to clear.
    pub fn reset(&self, fields: Value) {
        {
            let mut log = self.log();
            log.events.clear();
            log.pictures.clear();
        }
        self.publish("reset", fields);
    }

    /// The events so far and a receiver for the next ones, with nothing lost or doubled
    /// between them; marks that a page is watching.
    pub fn join(&self) -> (Vec<Arc<Event>>, broadcast::Receiver<Arc<Event>>) {
        let log = self.log();
        let receiver = self.inner.live.subscribe();
        let past = log.events.clone();
        drop(log);
        self.inner.viewer.store(true, Ordering::SeqCst);
        self.inner.viewer_came.notify_waiters();
        (past, receiver)
    }

    /// Waits until a page has opened the event stream.
    pub async fn viewer(&self) {
        loop {
            let came = self.inner.viewer_came.notified();
            if self.inner.viewer.load(Ordering::SeqCst) {
                return;
            }
            came.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_view_a_late_page_gets_the_log_then_the_live_events() {
        let hub = Hub::default();
        hub.publish("walk", json!({"name": "a"}));
        let (past, mut live) = hub.join();
        hub.publish("walk", json!({"name": "b"}));
        assert_eq!(past.len(), 1);
        assert!(past[0].json.contains("\"seq\":0") && past[0].json.contains("\"name\":\"a\""));
        let next = live.try_recv().unwrap();
        assert!(next.json.contains("\"seq\":1") && next.json.contains("\"kind\":\"walk\""));
        let path = hub.keep_picture("image/png", vec![1u8, 2]);
        assert_eq!(path, "/picture/0");
        assert_eq!(&*hub.picture(0).unwrap().bytes, &[1, 2]);
        hub.reset(json!({}));
        assert!(hub.picture(0).is_none());
        assert_eq!(hub.join().0.len(), 1, "only the reset itself");
    }
}
