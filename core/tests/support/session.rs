//! Fixtures of the link session tests: camera frames, a store in a temporary folder, and
//! waiting for one kind of link event.

use std::sync::Arc;
use std::time::Duration;

use sightline_core::link::session::LinkEvent;
use sightline_core::store::Store;
use sightline_core::subscription::Subscription;

/// A `width` × `height` JPEG whose pixels depend on `seed` (so frames differ).
pub fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x as u8).wrapping_add(seed), y as u8, (x ^ y) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .encode_image(&img)
        .unwrap();
    out
}

/// A store in a fresh temporary folder (kept alive by the returned guard).
pub fn store() -> (tempfile::TempDir, Arc<Store>) {
    let dir = tempfile::tempdir().unwrap();
    // The data folder inside the temporary one, so the key vault beside it is removed too.
    let store = Arc::new(Store::open(&dir.path().join("data").join("sightline.db")).unwrap());
    (dir, store)
}

/// The first event `pick` accepts; panics when none arrives `within` (tokio time, so paused
/// clocks skip ahead) or the stream ends.
pub async fn next_matching<T>(
    events: &mut Subscription<LinkEvent>,
    within: Duration,
    mut pick: impl FnMut(LinkEvent) -> Option<T>,
) -> T {
    let wait = async {
        loop {
            match events.next().await {
                Some(e) => {
                    if let Some(t) = pick(e) {
                        return t;
                    }
                }
                None => panic!("event stream ended"),
            }
        }
    };
    tokio::time::timeout(within, wait)
        .await
        .expect("event did not arrive")
}
