//! The camera frame with what was read drawn on it — text lines, codes, the scene — for the
//! page. The core's outputs say *what* was read but not *where*, so the live view reads each
//! frame a second time with its own perception engine (the same models and settings, so the
//! same result), off the walk's path — each frame once the core has finished reading it, so
//! the two reads do not compete — and draws that with `see --annotate`'s renderer.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sightline_core::Config;
use sightline_core::perception::{Perception, frame};
use sightline_core::render::{Fonts, annotate, jpeg};
use tokio::sync::mpsc;

use super::hub::Hub;
use super::progress::Progress;

/// JPEG quality of the marked copies.
const MARKED_QUALITY: u8 = 85;

/// Frames waiting to be marked: at most this many (a busy machine skips the older ones).
const QUEUE: usize = 4;

/// How long to wait for the core to finish reading a frame before marking it anyway.
const READ_WAIT: Duration = Duration::from_secs(20);

/// Hands frames to the marking task.
#[derive(Debug, Clone)]
pub struct Marker {
    frames: mpsc::Sender<(u64, String, Arc<[u8]>)>,
    queued: Arc<AtomicU64>,
}

impl Marker {
    /// Starts the marking task for `hub` (its engine loads on the first frame); `reads`
    /// counts the frames the core has read.
    pub fn start(hub: &Hub, config: &Config, reads: Arc<Progress>) -> Self {
        let (frames, received) = mpsc::channel(QUEUE);
        tokio::spawn(mark_all(hub.clone(), config.clone(), received, reads));
        Self {
            frames,
            queued: Arc::default(),
        }
    }

    /// Queues the frame served at `url` for marking (dropped when the queue is full).
    pub fn mark(&self, url: String, jpeg: Arc<[u8]>) {
        let number = self.queued.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.frames.try_send((number, url, jpeg));
    }
}

async fn mark_all(
    hub: Hub,
    config: Config,
    mut frames: mpsc::Receiver<(u64, String, Arc<[u8]>)>,
    reads: Arc<Progress>,
) {
    let mut engine: Option<Arc<(Perception, Fonts)>> = None;
    while let Some((number, url, bytes)) = frames.recv().await {
        // Once the core has read it (or a while, should its read go missing).
        reads.reached(number, READ_WAIT).await;
        let ready = match &engine {
            Some(ready) => Ok(ready.clone()),
            None => open(&config).map(Arc::new),
        };
        let ready = match ready {
            Ok(ready) => ready,
            Err(message) => {
                hub.publish("problem", serde_json::json!({"message": message}));
                return;
            }
        };
        engine = Some(ready.clone());
        let max_pixels = config.perception.max_pixels;
        let marked = tokio::task::spawn_blocking(move || marked(&ready, &bytes, max_pixels)).await;
        match marked {
            Ok(Ok(marked)) => {
                let marked_url = hub.keep_picture("image/jpeg", marked);
                hub.publish(
                    "frame_marked",
                    serde_json::json!({"frame": url, "url": marked_url}),
                );
            }
            Ok(Err(message)) => hub.publish("problem", serde_json::json!({"message": message})),
            Err(_) => return,
        }
    }
}

fn open(config: &Config) -> Result<(Perception, Fonts), String> {
    let engine = Perception::new(&config.models_dir, config.perception.clone())
        .map_err(|e| format!("cannot mark the frames: {e}"))?;
    let fonts = Fonts::system().map_err(|e| format!("cannot mark the frames: {e}"))?;
    Ok((engine, fonts))
}

fn marked(ready: &(Perception, Fonts), bytes: &[u8], max_pixels: u64) -> Result<Vec<u8>, String> {
    let (engine, fonts) = ready;
    let observation = engine
        .glance(bytes)
        .map_err(|e| format!("cannot mark the frame: {e}"))?;
    let image =
        frame::decode(bytes, max_pixels).map_err(|e| format!("cannot mark the frame: {e}"))?;
    jpeg(&annotate(&image, &observation, fonts), MARKED_QUALITY).map_err(|e| e.to_string())
}
