//! The glasses link end to end: sessions over the simulated glasses (real Noise, real codec,
//! real SQLite store), on tokio's paused clock.

// A test crate: helpers outside `#[test]` functions may panic on setup failures too.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;
use std::time::Duration;

use sightline_core::link::LinkError;
use sightline_core::link::device::Family;
use sightline_core::link::drivers;
use sightline_core::link::drivers::sim::{GlassesProfile, LinkModel, SimGlasses};
use sightline_core::link::keys;
use sightline_core::link::protocol::message::{
    DisplayCard, Gesture, Message, RenderCommand, Roi, Transcript,
};
use sightline_core::link::secure::StaticKeypair;
use sightline_core::link::session::{LinkEvent, LinkHandle, LinkState, Target};
use sightline_core::store::{Store, devices, identity};
use sightline_core::subscription::Subscription;

mod support;

use support::session::{jpeg, store};

/// How long (tokio time) a test waits for a link event.
const EVENT_WAIT: Duration = Duration::from_secs(600);

async fn next_matching<T>(
    events: &mut Subscription<LinkEvent>,
    pick: impl FnMut(LinkEvent) -> Option<T>,
) -> T {
    support::session::next_matching(events, EVENT_WAIT, pick).await
}

/// Simulated glasses on the default link, serving `images`.
fn sim(profile: GlassesProfile, images: Vec<Vec<u8>>) -> SimGlasses {
    SimGlasses::new(profile, images, LinkModel::default()).unwrap()
}

/// Starts a session with `glasses` as device `sim-1`, and subscribes to its events.
fn start(store: &Arc<Store>, glasses: &SimGlasses) -> (LinkHandle, Subscription<LinkEvent>) {
    let target = Target {
        id: "sim-1".into(),
        name: "Sim Glasses".into(),
    };
    let link = drivers::start(Family::Sightline, target, glasses.connector(), store, None).unwrap();
    let events = link.subscribe();
    (link, events)
}

/// Waits for the error that ends a session that must deliver no frame, and for it to stop.
async fn refusal(link: &LinkHandle, events: &mut Subscription<LinkEvent>, why: &str) -> LinkError {
    let error = next_matching(events, |e| match e {
        LinkEvent::Error(err) => Some(err),
        LinkEvent::Frame(_) => panic!("a frame arrived: {why}"),
        _ => None,
    })
    .await;
    assert_eq!(link.wait_for_state(|_| false).await, LinkState::Stopped);
    error
}

/// Starts a session and completes a first pairing, confirming the code.
async fn pair(store: &Arc<Store>, glasses: &SimGlasses) -> LinkHandle {
    let (link, mut events) = start(store, glasses);
    let code = next_matching(&mut events, |e| match e {
        LinkEvent::PairingCode(c) => Some(c),
        _ => None,
    })
    .await;
    link.confirm_pairing(true).await.unwrap();
    assert_eq!(
        link.wait_for_state(|s| *s == LinkState::Ready).await,
        LinkState::Ready
    );
    // The glasses showed the same code (they derive it from the same handshake hash).
    assert_eq!(
        glasses.with_engine(|g| g.shown_codes().last().cloned()),
        Some(code)
    );
    link
}

#[tokio::test(start_paused = true)]
async fn pairs_serves_frames_cards_and_events_then_reconnects_with_kk() {
    let (_dir, store) = store();
    let image = jpeg(320, 240, 1);
    let glasses = sim(GlassesProfile::default(), vec![image.clone()]);
    let link = pair(&store, &glasses).await;

    // Both sides stored the other's static key.
    let phone = store.read(identity::get).unwrap().unwrap();
    assert_eq!(
        keys::paired_key(&store, "sim-1").unwrap(),
        Some(glasses.with_engine(|g| g.public_key()))
    );
    assert_eq!(
        glasses
            .with_engine(|g| g.paired_phone())
            .map(|k| k.to_vec()),
        Some(phone.static_public.clone())
    );

    let mut events = link.subscribe();
    let id = link.request_frame(0, None).await.unwrap();
    let frame = next_matching(&mut events, |e| match e {
        LinkEvent::Frame(f) if f.request_id == id => Some(f),
        _ => None,
    })
    .await;
    assert_eq!(&frame.jpeg[..], &image[..]);

    // A sharper crop of a region of interest, re-encoded by the glasses.
    let roi = Roi {
        x: 5000,
        y: 0,
        w: 5000,
        h: 5000,
    };
    let id = link.request_frame(95, Some(roi)).await.unwrap();
    let crop = next_matching(&mut events, |e| match e {
        LinkEvent::Frame(f) if f.request_id == id => Some(f),
        _ => None,
    })
    .await;
    let decoded = image::load_from_memory(&crop.jpeg).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (160, 120));
    assert_eq!(crop.roi, Some(roi));

    let card = DisplayCard {
        card_id: 7,
        commands: vec![
            RenderCommand::Clear,
            RenderCommand::Text {
                x: 8,
                y: 8,
                size: 24,
                text: "Snow boots ¥299".into(),
            },
        ],
    };
    link.show_card(card.clone()).await.unwrap();
    link.speak("Snow boots, 299 yuan").await.unwrap();
    glasses.play(Message::Gesture(Gesture::DoubleTap));
    glasses.play(Message::Transcript(Transcript {
        text: "plan my trip to Harbin".into(),
        is_final: true,
    }));
    let gesture = next_matching(&mut events, |e| match e {
        LinkEvent::Gesture(g) => Some(g),
        _ => None,
    })
    .await;
    assert_eq!(gesture, Gesture::DoubleTap);
    let said = next_matching(&mut events, |e| match e {
        LinkEvent::Transcript(t) => Some(t.text),
        _ => None,
    })
    .await;
    assert_eq!(said, "plan my trip to Harbin");
    assert_eq!(
        glasses.with_engine(|g| g.display_log().to_vec()),
        vec![card]
    );
    assert_eq!(
        glasses.with_engine(|g| g.speech_log().to_vec()),
        vec!["Snow boots, 299 yuan".to_string()]
    );
    link.shutdown().await;

    // The next session reconnects with KK: no code to compare.
    let (link, mut events) = start(&store, &glasses);
    assert_eq!(
        link.wait_for_state(|s| *s == LinkState::Ready).await,
        LinkState::Ready
    );
    let id = link.request_frame(0, None).await.unwrap();
    next_matching(&mut events, |e| match e {
        LinkEvent::Frame(f) if f.request_id == id => Some(()),
        LinkEvent::PairingCode(_) => panic!("KK must not ask for a code"),
        _ => None,
    })
    .await;
    assert_eq!(glasses.with_engine(|g| g.shown_codes().len()), 1);

    // Forget removes the keys on both sides.
    link.forget().await.unwrap();
    link.wait_for_state(|s| *s == LinkState::Stopped).await;
    assert_eq!(store.read(|c| devices::get(c, "sim-1")).unwrap(), None);
    // The Forget message reaches the glasses at the next connection event.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(glasses.with_engine(|g| g.paired_phone()), None);
}

#[tokio::test(start_paused = true)]
async fn glasses_that_do_not_confirm_the_code_give_no_frame() {
    let (_dir, store) = store();
    let profile = GlassesProfile {
        confirm_code: false,
        ..GlassesProfile::default()
    };
    let glasses = sim(profile, vec![jpeg(64, 64, 2)]);
    let (link, mut events) = start(&store, &glasses);
    link.request_frame(0, None).await.unwrap();
    next_matching(&mut events, |e| {
        matches!(e, LinkEvent::PairingCode(_)).then_some(())
    })
    .await;
    link.confirm_pairing(true).await.unwrap();
    let error = refusal(&link, &mut events, "the glasses never confirmed").await;
    assert_eq!(error, LinkError::PairingRejected);
    assert_eq!(store.read(|c| devices::get(c, "sim-1")).unwrap(), None);
    assert_eq!(glasses.with_engine(|g| g.paired_phone()), None);
}

/// Refusals of every reconnection (plaintext: injected by anyone in range, or sent by glasses
/// that forgot this phone — the phone cannot tell which) never end the session: after three,
/// the phone probes the glasses' identity, finds the paired key, and keeps reconnecting with
/// backoff. It never stops with `NotPaired` (which would lead the user to re-pair with an
/// attacker); re-pairing is the user's call.
#[tokio::test(start_paused = true)]
async fn security_persistent_refusals_reconnect_and_never_end_in_not_paired() {
    let (_dir, store) = store();
    let glasses = sim(GlassesProfile::default(), vec![jpeg(64, 64, 3)]);
    // The phone believes it is paired (it has the right glasses key), the glasses refuse it.
    let key = glasses.with_engine(|g| g.public_key());
    remember(&store, key.to_vec());
    let (link, mut events) = start(&store, &glasses);
    let mut probes = 0;
    for _ in 0..600 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        probes = link.stats().probes_same_key;
        if probes >= 2 {
            break;
        }
    }
    assert!(
        probes >= 2,
        "the phone did not keep probing and reconnecting"
    );
    assert_ne!(link.state(), LinkState::Stopped);
    while let Some(event) = events.try_next() {
        assert!(
            !matches!(
                event,
                LinkEvent::Error(LinkError::NotPaired | LinkError::KeyChanged)
                    | LinkEvent::Frame(_)
            ),
            "{event:?}"
        );
    }
    assert!(
        glasses.connections() >= 8,
        "{} connections",
        glasses.connections()
    );
    link.shutdown().await;
}

fn remember(store: &Store, key: Vec<u8>) {
    keys::remember_pairing(store, "sim-1", "sightline", "Sim", &key).unwrap();
}

#[tokio::test(start_paused = true)]
async fn a_peripheral_with_the_wrong_key_is_refused() {
    let (_dir, store) = store();
    let impostor = sim(GlassesProfile::default(), vec![jpeg(64, 64, 4)]);
    // The phone paired with other glasses; the impostor even knows the phone's public key.
    let real = StaticKeypair::generate().unwrap();
    remember(&store, real.public().to_vec());
    let phone = sightline_core::link::keys::phone_identity(&store).unwrap();
    impostor.with_engine(|g| g.set_paired_phone(Some(*phone.public())));
    let (link, mut events) = start(&store, &impostor);
    link.request_frame(0, None).await.unwrap();
    // Each failed reconnection only reconnects (a refusal is plaintext, anyone could send
    // it); after three, the phone looks at the key the glasses present, and says so loudly.
    let error = refusal(&link, &mut events, "from an impostor").await;
    assert_eq!(error, LinkError::KeyChanged);
    assert_eq!(impostor.with_engine(|g| g.stats().refused_handshakes), 3);
}

#[tokio::test(start_paused = true)]
async fn pairing_and_frames_work_over_a_link_losing_a_fifth_of_its_packets() {
    let (_dir, store) = store();
    let image = jpeg(320, 240, 5);
    let model = LinkModel {
        loss: 0.2,
        seed: 3,
        ..LinkModel::default()
    };
    let glasses = SimGlasses::new(GlassesProfile::default(), vec![image.clone()], model).unwrap();
    // Handshake messages, the code confirmation and the Hello are each retried until answered.
    let link = pair(&store, &glasses).await;
    let mut events = link.subscribe();
    for _ in 0..3 {
        let id = link.request_frame(0, None).await.unwrap();
        let frame = next_matching(&mut events, |e| match e {
            LinkEvent::Frame(f) if f.request_id == id => Some(f),
            LinkEvent::FrameLost { request_id, reason } if request_id == id => {
                panic!("frame lost: {reason}")
            }
            _ => None,
        })
        .await;
        assert_eq!(&frame.jpeg[..], &image[..]);
    }
    link.shutdown().await;
}

/// The database file's bytes and its WAL's, as they are on disk now.
fn file_bytes(db: &std::path::Path) -> Vec<u8> {
    let mut bytes = std::fs::read(db).unwrap();
    let wal = db.with_extension("db-wal");
    if wal.exists() {
        bytes.extend(std::fs::read(wal).unwrap());
    }
    bytes
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Fails when any of the named secrets is in `bytes` in the clear.
fn assert_absent(bytes: &[u8], secrets: &[(&[u8], &str)]) {
    for (secret, what) in secrets {
        assert!(
            !contains(bytes, secret),
            "{what} is in the file in the clear"
        );
    }
}

/// Someone copies the database file (a backup, a shared computer) but not the key vault: the
/// phone's private key and the glasses' key are not in the file, opening the copy yields
/// neither, and the glasses must be paired again (a new pairing code is asked for).
#[tokio::test(start_paused = true)]
async fn security_a_copied_database_without_its_vault_yields_no_link_key() {
    let (dir, store) = store();
    let glasses = sim(GlassesProfile::default(), vec![jpeg(64, 64, 1)]);
    let link = pair(&store, &glasses).await;
    link.shutdown().await;
    let phone = keys::phone_identity(&store).unwrap();
    let glasses_key = glasses.with_engine(|g| g.public_key());
    assert_eq!(
        keys::paired_key(&store, "sim-1").unwrap(),
        Some(glasses_key)
    );
    let original = store.path().to_path_buf();
    assert_absent(
        &file_bytes(&original),
        &[
            (phone.secret(), "the private key"),
            (&glasses_key, "the pairing key"),
        ],
    );
    drop(store);

    // The copy, in another data folder: its vault (beside that folder) holds no key.
    let copy = dir.path().join("copy").join("sightline.db");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(&original, &copy).unwrap();
    let wal = original.with_extension("db-wal");
    if wal.exists() {
        std::fs::copy(&wal, copy.with_extension("db-wal")).unwrap();
    }
    let stolen = Arc::new(Store::open(&copy).unwrap());
    assert_eq!(keys::paired_key(&stolen, "sim-1").unwrap(), None);
    let other = keys::phone_identity(&stolen).unwrap();
    assert_ne!(
        other.public(),
        phone.public(),
        "the phone's identity came out of the copy"
    );
    assert_ne!(other.secret(), phone.secret());
    // Connecting from the copy starts a new pairing: the glasses must be paired again.
    let (link, mut events) = start(&stolen, &glasses);
    next_matching(&mut events, |e| match e {
        LinkEvent::PairingCode(c) => Some(c),
        LinkEvent::State(LinkState::Ready) => panic!("the copy reconnected without pairing"),
        _ => None,
    })
    .await;
    link.shutdown().await;

    // The original, with its vault, still has both keys.
    let again = Store::open(&original).unwrap();
    assert_eq!(
        keys::phone_identity(&again).unwrap().public(),
        phone.public()
    );
    assert_eq!(
        keys::paired_key(&again, "sim-1").unwrap(),
        Some(glasses_key)
    );
}

/// A database from before the vault holds the private key in the clear: opening it seals the
/// key with the vault's key (the same identity, so no pairing is lost) and rewrites the file so
/// the plaintext is gone from it and its WAL.
#[test]
fn security_a_key_stored_in_the_clear_is_sealed_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("data").join("sightline.db");
    let secret = StaticKeypair::generate().unwrap();
    let peer = [0x5au8; 32];
    {
        let old = Store::open(&db).unwrap();
        old.write(|tx| {
            identity::put(
                tx,
                &identity::Identity {
                    static_secret: secret.secret().to_vec(),
                    static_public: secret.public().to_vec(),
                },
            )?;
            devices::upsert(
                tx,
                &devices::Device {
                    id: "old-glasses".into(),
                    driver: "sightline".into(),
                    name: "Old".into(),
                    peer_static: Some(peer.to_vec()),
                    paired_at: 1,
                    last_seen: None,
                },
            )
        })
        .unwrap();
        assert!(contains(&file_bytes(&db), secret.secret()));
    }
    let store = Store::open(&db).unwrap();
    assert_absent(
        &file_bytes(&db),
        &[
            (secret.secret(), "the private key"),
            (&peer, "the pairing key"),
        ],
    );
    assert_eq!(
        keys::phone_identity(&store).unwrap().public(),
        secret.public()
    );
    assert_eq!(keys::paired_key(&store, "old-glasses").unwrap(), Some(peer));
}

#[tokio::test]
async fn security_the_pairing_is_stored_off_the_runtime_workers() {
    // A runtime with one thread and a real clock: if the session wrote the new pairing to
    // SQLite on it, a held database would stall everything else on the runtime.
    let (_dir, store) = store();
    let glasses = sim(GlassesProfile::default(), vec![jpeg(64, 48, 1)]);
    let (link, mut events) = start(&store, &glasses);
    next_matching(&mut events, |e| {
        matches!(e, LinkEvent::PairingCode(_)).then_some(())
    })
    .await;
    // Another thread holds the database for 3 s, as a slow disk or a VACUUM would.
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let holder = {
        let store = store.clone();
        std::thread::spawn(move || {
            store.write(|_| {
                held_tx.send(()).unwrap();
                std::thread::sleep(Duration::from_secs(3));
                Ok(())
            })
        })
    };
    held_rx.recv().unwrap();
    let held_at = std::time::Instant::now();
    link.confirm_pairing(true).await.unwrap();
    let mut worst = Duration::ZERO;
    while held_at.elapsed() < Duration::from_millis(2_500) {
        let before = std::time::Instant::now();
        tokio::time::sleep(Duration::from_millis(20)).await;
        worst = worst.max(before.elapsed());
    }
    assert!(
        worst < Duration::from_secs(1),
        "the runtime's thread stalled for {worst:?} while the database was held"
    );
    holder.join().unwrap().unwrap();
    assert_eq!(
        link.wait_for_state(|s| *s == LinkState::Ready).await,
        LinkState::Ready
    );
    assert_eq!(
        keys::paired_key(&store, "sim-1").unwrap(),
        Some(glasses.with_engine(|g| g.public_key())),
        "the pairing was stored once the database was free"
    );
}
