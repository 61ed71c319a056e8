//! Shared helpers for the scenario tests in `tests/tests/`.

// Test helpers: a failed wait is a failed test, loudly.
#![allow(clippy::expect_used)]

use std::path::PathBuf;
use std::time::Duration;

use sightline_core::Config;
use sightline_core::companion::{Clock, Companion, Output, Subscription};
use sightline_core::link::device::Family;
use sightline_core::link::drivers;
use sightline_core::link::drivers::sim::{
    GlassesProfile, LinkModel, SimDevice, SimGlasses, simulated,
};
use sightline_core::link::session::Target;
use sightline_core::services::Poi;

/// The repository root (where `models/` lives after `cargo xtask models`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The companion's outputs up to and including the first that satisfies `done`; panics
/// (failing the test) after three minutes, listing what did arrive (a card from speech waits
/// for Whisper, which a debug test build on a busy machine has taken over a minute to run).
pub async fn until(outputs: &mut Subscription, done: impl Fn(&Output) -> bool) -> Vec<Output> {
    let mut seen = Vec::new();
    let waited = tokio::time::timeout(Duration::from_secs(180), async {
        loop {
            let output = outputs.next().await.expect("companion gone");
            let finished = done(&output);
            seen.push(output);
            if finished {
                break;
            }
        }
    })
    .await;
    assert!(waited.is_ok(), "no such output within 180 s; got {seen:#?}");
    seen
}

/// Waits until `condition` holds (something crossing the simulated link); panics naming
/// `what` after ten seconds.
pub async fn eventually(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

/// Panics (failing the test) unless the last of `outputs` is a frame that was read and one
/// of its lines contains `text`; `context` names the case in the message.
pub fn assert_read(outputs: &[Output], text: &str, context: &str) {
    let Some(Output::Seen { view, .. }) = outputs.last() else {
        panic!("{context}: the frame was not read: {outputs:#?}")
    };
    assert!(
        view.texts.iter().any(|t| t.contains(text)),
        "{context}: no line with {text:?} in {:?}",
        view.texts
    );
}

/// A companion on the simulated clock at `start_ms`, over a fresh data folder, attached to
/// simulated glasses of `family` that have said hello.
pub struct SimRig {
    /// The data folder (deleted when the rig is dropped).
    pub dir: tempfile::TempDir,
    /// The companion.
    pub companion: Companion,
    /// The simulated glasses.
    pub device: SimDevice,
    /// The companion's outputs from the start.
    pub outputs: Subscription,
}

/// Starts a [`SimRig`].
pub async fn sim_rig(family: Family, start_ms: i64) -> SimRig {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let config = Config::with_data_dir(dir.path().join("data"));
    let companion =
        Companion::start_with_clock(config, Clock::manual(start_ms)).expect("the companion");
    let mut outputs = companion.subscribe();
    let sim = simulated(family, GlassesProfile::default(), Vec::new()).expect("the glasses");
    let device_id = sim.target.id.clone();
    let (link, device) = sim.start(companion.store()).expect("the link");
    companion
        .attach_glasses(link, &device_id)
        .expect("glasses attached");
    until(&mut outputs, |o| matches!(o, Output::Glasses { .. })).await;
    SimRig {
        dir,
        companion,
        device,
        outputs,
    }
}

/// Simulated Sightline glasses (default profile) attached to `companion` as `device_id` and
/// paired — the comparison code shown and accepted — up to their `Glasses` output; returns
/// the glasses and the outputs seen on the way.
pub async fn pair_sim_glasses(
    companion: &Companion,
    outputs: &mut Subscription,
    device_id: &str,
) -> (SimGlasses, Vec<Output>) {
    let glasses = SimGlasses::new(GlassesProfile::default(), Vec::new(), LinkModel::default())
        .expect("simulated glasses");
    let target = Target {
        id: device_id.into(),
        name: "Sim".into(),
    };
    let link = drivers::start(
        Family::Sightline,
        target,
        glasses.connector(),
        companion.store(),
        None,
    )
    .expect("link session");
    companion
        .attach_glasses(link, device_id)
        .expect("glasses attached");
    let mut seen = until(outputs, |o| matches!(o, Output::PairingCode { .. })).await;
    companion
        .confirm_pairing(true)
        .await
        .expect("pairing confirmed");
    seen.extend(until(outputs, |o| matches!(o, Output::Glasses { .. })).await);
    (glasses, seen)
}

/// The demo city's first FamilyMart (全家便利店), as the companion's places provider finds it
/// by name.
pub async fn family_mart(companion: &Companion) -> Poi {
    companion
        .services()
        .places
        .search_by_name("全家便利店", None, 1)
        .await
        .expect("the places provider")
        .remove(0)
        .poi
}
