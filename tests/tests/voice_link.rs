//! Audio over the link, end to end on the real models: simulated Sightline glasses stream
//! speech (espeak-ng, 16 kHz) as µ-law blocks over the simulated BLE link; the companion
//! decodes it, endpoints it, recognises it and sends the final transcript where every
//! transcript goes — a spoken "yes" answers the displayed card, a command is planned into one
//! card. Lost, reordered, repeated and corrupt packets are heard best effort, never a panic.
//! An Even G1's LC3 speech (frames made by liblc3's reference encoder) and an omiGlass's Opus
//! (packets made by libopus at its firmware's settings) are heard the same way.

// Test code: a missing tool, clip or model is a failed test, loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use sightline_core::Config;
use sightline_core::card::CardKind;
use sightline_core::companion::{AnswerOutcome, Clock, Companion, Output, Subscription, Trigger};
use sightline_core::link::audio::sightline;
use sightline_core::link::device::Family;
use sightline_core::link::drivers::sim::{
    GlassesProfile, SimDevice, SimGlasses, length_prefixed_packets, simulated,
};
use sightline_core::link::protocol::message::{AudioPacket, Message};
use sightline_tests::{pair_sim_glasses, repo_root, until};

const START_MS: i64 = 1_795_658_400_000;

/// `text` spoken by espeak-ng, as 16-bit mono PCM at 16 kHz between half-seconds of silence.
fn speech(text: &str) -> Vec<i16> {
    let dir = tempfile::tempdir().unwrap();
    let (spoken, pcm) = (dir.path().join("s.wav"), dir.path().join("s.raw"));
    let ok = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-w"])
        .arg(&spoken)
        .arg(text)
        .status()
        .expect("espeak-ng is installed by setup")
        .success();
    assert!(ok);
    let ok = Command::new("sox")
        .arg(&spoken)
        .args(["-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer"])
        .arg(&pcm)
        .args(["pad", "0.5", "1.0"])
        .status()
        .expect("sox is installed by setup")
        .success();
    assert!(ok);
    std::fs::read(&pcm)
        .unwrap()
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// A companion with the real models and paired simulated Sightline glasses.
async fn paired(tap_limit_yuan: u32) -> (tempfile::TempDir, Companion, SimGlasses, Subscription) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_data_dir(dir.path().join("data"));
    config.models_dir = repo_root().join("models");
    config.confirmation.tap_limit_yuan = tap_limit_yuan;
    let companion = Companion::start_with_clock(config, Clock::manual(START_MS)).unwrap();
    let mut outputs = companion.subscribe();
    let (glasses, _) = pair_sim_glasses(&companion, &mut outputs, "sim").await;
    (dir, companion, glasses, outputs)
}

fn send(glasses: &SimGlasses, packets: impl IntoIterator<Item = AudioPacket>) {
    for packet in packets {
        glasses.play(Message::Audio(packet));
    }
}

/// Asserts that `heard` holds a final transcript containing `words` (lowercase).
fn assert_heard(heard: &[Output], words: &str) {
    assert!(
        heard.iter().any(|o| matches!(
            o,
            Output::Heard { text, is_final: true, .. } if text.to_lowercase().contains(words)
        )),
        "no final transcript with {words:?}: {heard:#?}"
    );
}

/// Asserts that `heard` holds a final transcript containing `words` and ends with the card
/// it was planned into.
fn assert_heard_and_planned(heard: &[Output], words: &str) {
    assert_heard(heard, words);
    assert!(
        matches!(
            heard.last(),
            Some(Output::Card {
                trigger: Trigger::Asked,
                ..
            })
        ),
        "not planned into a card: {heard:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_link_a_spoken_yes_from_the_glasses_confirms_the_displayed_card() {
    let (_dir, companion, glasses, mut outputs) = paired(5_000).await;
    let plan = companion
        .ask("plan my trip to Harbin next week and get me snow boots before I leave")
        .await
        .unwrap();
    assert!(plan.confirmation().is_some());
    send(&glasses, sightline::packets(&speech("Yes."), 0));
    let heard = until(&mut outputs, |o| matches!(o, Output::Answered { .. })).await;
    assert_heard(&heard, "yes");
    assert!(
        matches!(
            heard.last(),
            Some(Output::Answered {
                outcome: AnswerOutcome::Confirmed,
                ..
            })
        ),
        "{heard:#?}"
    );
    assert!(heard.iter().any(|o| matches!(
        o,
        Output::Card { card, trigger: Trigger::Confirmed, .. } if card.kind == CardKind::Receipt
    )));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_link_lost_reordered_and_corrupt_audio_is_heard_best_effort() {
    let (_dir, _companion, glasses, mut outputs) = paired(5_000).await;
    let mut packets = sightline::packets(
        &speech("Get me some snow boots before I leave."),
        65_500, // the block counter wraps during the utterance
    );
    // A codec the phone cannot decode: reported once, then ignored.
    let mut foreign = packets[0].clone();
    foreign.codec = 9;
    glasses.play(Message::Audio(foreign.clone()));
    glasses.play(Message::Audio(foreign));
    // Every 25th block lost (4 %), two swapped, one repeated, one garbage (20 ms of noise),
    // one too long to be a block (refused).
    assert!(packets.len() > 60, "{} blocks", packets.len());
    let end = packets.pop().unwrap();
    let mut sent: Vec<AudioPacket> = packets
        .into_iter()
        .enumerate()
        .filter(|(i, _)| i % 25 != 5)
        .map(|(_, p)| p)
        .collect();
    sent.swap(20, 21);
    sent.insert(30, sent[29].clone());
    sent[40].data = (0..sent[40].data.len())
        .map(|i| (i * 97 % 251) as u8)
        .collect();
    sent[45].data.resize(sightline::BLOCK_SAMPLES * 4, 0x7f);
    sent.push(end);
    send(&glasses, sent);
    let heard = until(&mut outputs, |o| matches!(o, Output::Card { .. })).await;
    let problems = heard
        .iter()
        .filter(|o| matches!(o, Output::Problem { message } if message.contains("codec id 9")))
        .count();
    assert_eq!(problems, 1, "{heard:#?}");
    assert_heard_and_planned(&heard, "snow");
}

/// A companion with the real models and simulated glasses of `family` attached (no pairing:
/// the families other than Sightline's connect as they are).
async fn attached(family: Family) -> (tempfile::TempDir, Companion, SimDevice, Subscription) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::with_data_dir(dir.path().join("data"));
    config.models_dir = repo_root().join("models");
    let companion = Companion::start_with_clock(config, Clock::manual(START_MS)).unwrap();
    let mut outputs = companion.subscribe();
    let sim = simulated(family, GlassesProfile::default(), Vec::new()).unwrap();
    let device_id = sim.target.id.clone();
    let (link, device) = sim.start(companion.store()).unwrap();
    companion.attach_glasses(link, &device_id).unwrap();
    until(&mut outputs, |o| matches!(o, Output::Glasses { .. })).await;
    (dir, companion, device, outputs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_link_g1_lc3_speech_is_heard_and_planned() {
    let (_dir, _companion, device, mut outputs) = attached(Family::G1).await;
    // "Get me some snow boots before I leave." (espeak-ng), as a G1 sends it: LC3 frames by
    // the reference encoder (core/tests/data/g1-lc3, xtask/voice/g1_lc3_vectors.sh).
    let lc3 = std::fs::read(repo_root().join("core/tests/data/g1-lc3/boots.lc3")).unwrap();
    assert!(device.say_lc3(&lc3));
    let heard = until(&mut outputs, |o| matches!(o, Output::Card { .. })).await;
    assert_heard_and_planned(&heard, "snow boots");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn voice_link_omiglass_opus_speech_is_heard_and_planned() {
    let (_dir, _companion, device, mut outputs) = attached(Family::OpenGlass).await;
    // "Get me some snow boots before I leave." (espeak-ng), as omiGlass sends it: Opus packets
    // by libopus at the firmware's settings (core/tests/data/openglass-opus,
    // xtask/voice/openglass_opus_vectors.py), one a notification, with its silence around them.
    let packets = length_prefixed_packets(
        &std::fs::read(repo_root().join("core/tests/data/openglass-opus/boots.c21")).unwrap(),
    );
    assert!(device.say_opus(&packets, 21));
    let heard = until(&mut outputs, |o| matches!(o, Output::Card { .. })).await;
    assert_heard_and_planned(&heard, "snow boots");
}
