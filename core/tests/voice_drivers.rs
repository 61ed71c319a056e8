//! Each family's microphone path, byte-exact against its simulator or wire format: the
//! OpenGlass audio characteristic (omiGlass's Opus, decoded as libopus decodes it; PCM and
//! µ-law at 8 kHz; unknown ids a typed unsupported-codec error, once), the Frame microphone's
//! PCM, the G1's LC3 (decoded as liblc3's reference decoder does), and the Sightline
//! protocol's µ-law blocks. Lost, reordered and garbage packets are heard best effort, never a
//! panic.

// Test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use sightline_core::link::LinkError;
use sightline_core::link::audio::{lc3, mulaw, opus, sightline};
use sightline_core::link::device::Family;
use sightline_core::link::drivers;
use sightline_core::link::drivers::sim::{
    G1Sim, OpenGlassSim, Peripheral, length_prefixed_packets,
};
use sightline_core::link::drivers::sim::{GlassesProfile, LinkModel, SimGlasses};
use sightline_core::link::drivers::{FrameDriver, G1Driver, OpenGlassDriver};
use sightline_core::link::gatt::{self, frame as fg, g1 as arm};
use sightline_core::link::protocol::message::Message;
use sightline_core::link::session::{Driver, DriverIo, LinkEvent};
use sightline_core::link::session::{LinkState, Target};
use tokio::time::Instant;

mod support;

/// A second of a two-tone signal at `rate`, as 16-bit samples.
fn voice_like(rate: u32, seconds: f32) -> Vec<i16> {
    (0..(rate as f32 * seconds) as usize)
        .map(|i| {
            let t = i as f32 / rate as f32;
            let v = (t * 300.0 * std::f32::consts::TAU).sin() * 0.4
                + (t * 1_100.0 * std::f32::consts::TAU).sin() * 0.2;
            (v * 32_000.0) as i16
        })
        .collect()
}

/// Feeds `packets` to `driver`; returns the audio samples published (with their rate) and
/// the unsupported codecs reported.
fn drive(driver: &mut dyn Driver, packets: &[Vec<u8>]) -> (Vec<i16>, Vec<u32>, Vec<String>) {
    let (heard, rates, refused, _) = drive_counting(driver, packets);
    (heard, rates, refused)
}

/// [`drive`], and the notifications the driver counted malformed.
fn drive_counting(
    driver: &mut dyn Driver,
    packets: &[Vec<u8>],
) -> (Vec<i16>, Vec<u32>, Vec<String>, u64) {
    let mut io = DriverIo::new(Instant::now());
    driver.on_connected(247, &mut io);
    for packet in packets {
        driver.on_packet(packet, &mut io);
    }
    let (mut samples, mut rates, mut refused) = (Vec::new(), Vec::new(), Vec::new());
    for event in io.events {
        match event {
            LinkEvent::Audio(chunk) => {
                rates.push(chunk.sample_rate);
                samples.extend(chunk.samples);
            }
            LinkEvent::Error(LinkError::UnsupportedAudioCodec { codec, .. }) => refused.push(codec),
            _ => {}
        }
    }
    (samples, rates, refused, driver.stats().malformed)
}

/// What the simulated OpenGlass sends while `pcm` is spoken in `codec`: its audio frames.
fn openglass_frames(pcm: &[i16], codec: u8) -> Vec<Vec<u8>> {
    let mut sim = OpenGlassSim::new(Vec::new());
    let mut now = Instant::now();
    sim.on_connect(247, Duration::from_millis(15), now);
    sim.speak_pcm(pcm, codec);
    let mut frames = Vec::new();
    for _ in 0..pcm.len().div_ceil(80) + 2 {
        while let Some(packet) = sim.poll_transmit(now) {
            if gatt::untag(&packet).is_some_and(|(tag, _)| tag == gatt::openglass::AUDIO) {
                frames.push(packet);
            }
        }
        now += Duration::from_millis(10);
    }
    frames
}

#[tokio::test]
async fn voice_openglass_pcm_and_mulaw_arrive_byte_exact() {
    let pcm = voice_like(8_000, 0.5);
    // Codec 1, PCM: the samples themselves.
    let frames = openglass_frames(&pcm, 1);
    let mut driver = OpenGlassDriver::new(None).with_audio_codec(1);
    let (heard, rates, refused) = drive(&mut driver, &frames);
    assert!(refused.is_empty());
    assert!(rates.iter().all(|&r| r == 8_000));
    assert_eq!(&heard[..pcm.len()], &pcm[..]);
    // Codec 11, µ-law: each sample through the companding, exactly.
    let frames = openglass_frames(&pcm, 11);
    let mut driver = OpenGlassDriver::new(None).with_audio_codec(11);
    let (heard, _, _) = drive(&mut driver, &frames);
    let expected: Vec<i16> = pcm
        .iter()
        .map(|&s| mulaw::decode(mulaw::encode(s)))
        .collect();
    assert_eq!(&heard[..pcm.len()], &expected[..]);
}

#[tokio::test]
async fn voice_openglass_lost_reordered_and_garbage_frames_keep_time() {
    let pcm = voice_like(8_000, 0.5);
    let mut frames = openglass_frames(&pcm, 1);
    let sent = frames.len();
    frames.remove(10); // lost: 80 samples of silence in its place
    frames.swap(20, 21); // reordered: the late one is dropped, its place is silence
    frames.insert(30, frames[29].clone()); // repeated: dropped
    frames.push(gatt::tagged(gatt::openglass::AUDIO, &[0x01])); // cut short: malformed
    frames.push(vec![gatt::openglass::AUDIO]);
    let (heard, _, _) = drive(&mut OpenGlassDriver::new(None).with_audio_codec(1), &frames);
    assert_eq!(heard.len(), sent * 80, "time is kept across losses");
    assert!(heard[10 * 80..11 * 80].iter().all(|&s| s == 0));
    assert_eq!(&heard[..10 * 80], &pcm[..10 * 80]);
}

#[tokio::test]
async fn voice_openglass_unknown_codecs_are_refused_once() {
    let frames = openglass_frames(&voice_like(8_000, 0.1), 1);
    for codec in [0, 10, 22, 42] {
        let mut driver = OpenGlassDriver::new(None).with_audio_codec(codec);
        let (heard, _, refused) = drive(&mut driver, &frames);
        assert!(heard.is_empty());
        assert_eq!(refused, vec![format!("id {codec}")]);
    }
}

/// An OpenGlass Opus test vector (core/tests/data/openglass-opus, made by libopus at the omi
/// firmware's settings: xtask/voice/openglass_opus_vectors.py): the packets, in order.
fn opus_vector(name: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/openglass-opus");
    length_prefixed_packets(&std::fs::read(dir.join(name)).unwrap())
}

/// libopus's decoding of an Opus test vector, 16-bit at 16 kHz.
fn opus_reference(name: &str) -> Vec<i16> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/openglass-opus");
    std::fs::read(dir.join(name))
        .unwrap()
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// What the simulated omiGlass sends while the wearer says `packets` in `codec`: its audio
/// notifications, one a packet, until the last of them.
fn omiglass_frames(packets: &[Vec<u8>], codec: u8) -> Vec<Vec<u8>> {
    let mut sim = OpenGlassSim::new(Vec::new());
    let mut now = Instant::now();
    sim.on_connect(247, Duration::from_millis(15), now);
    sim.speak_opus(packets, codec);
    let mut frames = Vec::new();
    while frames.len() < packets.len() {
        while let Some(packet) = sim.poll_transmit(now) {
            if gatt::untag(&packet).is_some_and(|(tag, _)| tag == gatt::openglass::AUDIO) {
                frames.push(packet);
            }
        }
        now += Duration::from_millis(5);
    }
    frames.truncate(packets.len());
    frames
}

#[tokio::test]
async fn voice_openglass_opus_decodes_as_libopus_from_firmware_framed_packets() {
    for (codec, name, frame) in [(21u8, "yes.c21", 320), (20, "yes.c20", 160)] {
        let packets = opus_vector(name);
        let frames = omiglass_frames(&packets, codec);
        // Byte-exact as the firmware frames them: `index u16 LE, 0`, then one packet.
        for (i, (frame, packet)) in frames.iter().zip(&packets).enumerate() {
            let mut expected = vec![gatt::openglass::AUDIO];
            expected.extend((i as u16).to_le_bytes());
            expected.push(0);
            expected.extend(packet);
            assert_eq!(frame, &expected, "{name} notification {i}");
        }
        let mut driver = OpenGlassDriver::new(None).with_audio_codec(codec);
        let (heard, rates, refused, malformed) = drive_counting(&mut driver, &frames);
        assert!(
            refused.is_empty() && malformed == 0,
            "{refused:?} {malformed}"
        );
        assert!(rates.iter().all(|&r| r == opus::RATE));
        let reference = opus_reference(&format!("{name}.pcm"));
        assert_eq!(heard.len(), packets.len() * frame);
        assert_eq!(heard.len(), reference.len());
        let diff = heard
            .iter()
            .zip(&reference)
            .map(|(&a, &b)| (i32::from(a) - i32::from(b)).abs())
            .max()
            .unwrap();
        let snr = snr_db(&reference, &heard);
        println!("{name}: {snr:.1} dB SNR against libopus, largest difference {diff}");
        // SILK (omiGlass, 21) decodes bit-exact; CELT (20) within one step of rounding.
        assert!(diff <= i32::from(codec == 20), "{name}: {diff}");
        assert_is_speech(&reference);
    }
}

#[tokio::test]
async fn voice_openglass_opus_lost_reordered_corrupt_and_cut_packets_keep_time() {
    let packets = opus_vector("boots.c21");
    let mut frames = omiglass_frames(&packets, 21);
    let sent = frames.len();
    assert!(sent > 100, "{sent}");
    frames.remove(40); // lost: concealed by the decoder, 20 ms in its place
    frames.swap(60, 61); // 61 before 60: 60 is dropped late (never decoded), concealed
    frames.insert(80, frames[79].clone()); // repeated: dropped
    // Noise behind omiGlass's table-of-contents byte (SILK wideband, 20 ms).
    let garbage: Vec<u8> = std::iter::once(0x48)
        .chain((1..90).map(|i| (i * 37 % 251) as u8))
        .collect();
    frames[90].truncate(4 + 3); // cut to its first bytes
    frames[100].truncate(4); // the header and the TOC byte only
    frames[110] = [&frames[110][..4], &garbage[..]].concat(); // noise behind a valid header
    frames[120] = [&frames[120][..4], &vec![0x48; 2_000][..]].concat(); // longer than any frame
    frames.push(gatt::tagged(gatt::openglass::AUDIO, &[0x01])); // cut short: malformed
    let (heard, _, refused, malformed) = drive_counting(
        &mut OpenGlassDriver::new(None), // omiGlass's Opus, the default
        &frames,
    );
    assert!(refused.is_empty());
    assert_eq!(heard.len(), sent * 320, "time is kept across losses");
    // The packets that could not decode were concealed and counted; the stream went on.
    assert!(malformed >= 2, "{malformed}");
    let reference: Vec<i16> = {
        let mut driver = OpenGlassDriver::new(None);
        drive(&mut driver, &omiglass_frames(&packets, 21)).0
    };
    // Before the first loss, exactly the clean decode; the speech after the faults is still
    // there, close to it.
    assert_eq!(heard[..40 * 320], reference[..40 * 320]);
    let tail = 130 * 320..heard.len();
    assert!(snr_db(&reference[tail.clone()], &heard[tail]) > 10.0);
}

#[tokio::test]
async fn voice_frame_microphone_pcm_is_heard() {
    let pcm = voice_like(8_000, 0.2);
    let packets: Vec<Vec<u8>> = pcm
        .chunks(100)
        .map(|block| {
            let mut value = vec![0x01, 0x05]; // data, microphone
            value.extend(block.iter().flat_map(|s| s.to_le_bytes()));
            gatt::tagged(fg::NOTIFY, &value)
        })
        .collect();
    let (heard, rates, _) = drive(&mut FrameDriver::new(None), &packets);
    assert_eq!(heard, pcm);
    assert!(rates.iter().all(|&r| r == 8_000));
    // An odd byte (a cut notification) costs one sample, nothing more.
    let odd = gatt::tagged(fg::NOTIFY, &[0x01, 0x05, 0x10, 0x00, 0x7f]);
    assert_eq!(drive(&mut FrameDriver::new(None), &[odd]).0, vec![16]);
}

/// A G1 test vector (core/tests/data/g1-lc3, made by xtask/voice/g1_lc3_vectors.sh).
fn g1_vector(name: &str) -> Vec<u8> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/g1-lc3");
    std::fs::read(dir.join(name)).unwrap()
}

/// What the simulated G1 sends while the wearer says `lc3`: its notifications, in order.
fn g1_packets(lc3: &[u8]) -> Vec<Vec<u8>> {
    let mut sim = G1Sim::new();
    let now = Instant::now();
    sim.on_connect(247, Duration::from_millis(15), now);
    sim.speak_lc3(lc3);
    std::iter::from_fn(|| sim.poll_transmit(now)).collect()
}

/// A reference decoding is speech, not the silence a broken vector would decode to.
fn assert_is_speech(reference: &[i16]) {
    assert!(
        reference.iter().map(|s| s.unsigned_abs()).max().unwrap() > 3_000,
        "speech"
    );
}

fn snr_db(signal: &[i16], test: &[i16]) -> f64 {
    let power: f64 = signal.iter().map(|&s| f64::from(s).powi(2)).sum();
    let noise: f64 = signal
        .iter()
        .zip(test)
        .map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2))
        .sum();
    10.0 * (power / noise.max(1.0)).log10()
}

#[tokio::test]
async fn voice_g1_lc3_decodes_as_the_reference_decoder() {
    // "Yes." by espeak-ng, encoded by liblc3's reference encoder; its reference decoder's
    // output beside it (with the codec's 2.5-ms delay removed).
    let lc3 = g1_vector("yes.lc3");
    let reference: Vec<i16> = g1_vector("yes.pcm")
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let packets = g1_packets(&lc3);
    assert_eq!(
        packets.len(),
        2 + lc3.len().div_ceil(200),
        "start, audio, stop"
    );
    let (heard, rates, refused) = drive(&mut G1Driver::new(None), &packets);
    assert!(refused.is_empty(), "{refused:?}");
    assert!(rates.iter().all(|&r| r == lc3::RATE));
    assert_eq!(
        heard.len(),
        lc3.len() / lc3::FRAME_BYTES * lc3::FRAME_SAMPLES
    );
    let delay = lc3::RATE as usize / 400;
    let snr = snr_db(&reference, &heard[delay..]);
    assert!(snr > 50.0, "{snr:.1} dB against liblc3");
    assert_is_speech(&reference);
}

/// Each utterance on a G1 is a stream of its own: after one of undecodable frames (the
/// simulator's placeholder speech) numbered from 0, the next — numbered from 0 again —
/// decodes whole and exactly as the reference decoder does from a fresh start.
#[tokio::test]
async fn voice_g1_each_utterance_decodes_as_a_fresh_stream() {
    let lc3 = g1_vector("yes.lc3");
    let reference: Vec<i16> = g1_vector("yes.pcm")
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let first = vec![0u8; 40 * lc3::FRAME_BYTES];
    let packets: Vec<Vec<u8>> = g1_packets(&first)
        .into_iter()
        .chain(g1_packets(&lc3))
        .collect();
    let (heard, _, refused) = drive(&mut G1Driver::new(None), &packets);
    assert!(refused.is_empty(), "{refused:?}");
    let second = lc3.len() / lc3::FRAME_BYTES * lc3::FRAME_SAMPLES;
    let first_len = first.len() / lc3::FRAME_BYTES * lc3::FRAME_SAMPLES;
    assert_eq!(heard.len(), first_len + second, "no packet dropped as late");
    let delay = lc3::RATE as usize / 400;
    let snr = snr_db(&reference, &heard[first_len + delay..]);
    assert!(snr > 50.0, "{snr:.1} dB against liblc3");
}

#[tokio::test]
async fn voice_g1_lost_cut_and_garbage_lc3_packets_keep_time_never_panic() {
    let lc3 = g1_vector("boots.lc3");
    // The audio packets only (the touch events around them carry none), in order.
    let mut packets: Vec<Vec<u8>> = g1_packets(&lc3)
        .into_iter()
        .filter(|p| gatt::untag(p).is_some_and(|(_, v)| v.first() == Some(&0xF1)))
        .collect();
    assert!(packets.len() > 40);
    packets.remove(9); // lost: 50 ms of silence in its place
    packets.swap(19, 20); // 21 before 20: 20 is dropped late, its place is silence
    packets.insert(30, packets[29].clone()); // repeated: dropped
    let (heard, _, refused) = drive(&mut G1Driver::new(None), &packets);
    assert!(refused.is_empty());
    let whole = lc3.len() / lc3::FRAME_BYTES * lc3::FRAME_SAMPLES;
    assert_eq!(heard.len(), whole, "time is kept across losses");
    assert!(heard[9 * 800..10 * 800].iter().all(|&s| s == 0));
    assert!(heard[20 * 800..21 * 800].iter().all(|&s| s == 0));
    assert!(
        heard[21 * 800..22 * 800].iter().any(|&s| s != 0),
        "speech goes on"
    );

    // Bytes from the air: cut frames, frames of noise, empty packets, a lone F1.
    let mut seed = 7u32;
    let mut noise = || {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (seed >> 24) as u8
    };
    let wild: Vec<Vec<u8>> = (0..300usize)
        .map(|i| {
            let mut value = vec![0xF1, i as u8];
            value.extend((0..(i * 7) % 260).map(|_| noise()));
            gatt::tagged(arm::RIGHT, &value)
        })
        .chain([gatt::tagged(arm::RIGHT, &[0xF1])])
        .collect();
    let (heard, _, _) = drive(&mut G1Driver::new(None), &wild);
    assert!(heard.len() <= 300 * 26 * 1_000);
}

#[tokio::test]
async fn voice_sightline_mulaw_blocks_decode_as_the_glasses_encode_them() {
    let pcm = voice_like(16_000, 0.3);
    let packets = sightline::packets(&pcm, 65_530);
    assert!(packets.last().unwrap().end);
    assert!(
        packets
            .iter()
            .all(|p| p.data.len() == sightline::BLOCK_SAMPLES)
    );
    let decoded: Vec<i16> = packets
        .iter()
        .flat_map(|p| sightline::decode_block(&p.data).unwrap())
        .collect();
    // Byte-exact: each sample through the companding, nothing else.
    let expected: Vec<i16> = pcm
        .iter()
        .map(|&s| mulaw::decode(mulaw::encode(s)))
        .collect();
    assert_eq!(decoded, expected);
    // Wire bytes from the air: any prefix of any packet decodes, a block longer than 20 ms is
    // refused, never a panic.
    for packet in &packets {
        for cut in 0..packet.data.len() {
            assert_eq!(
                sightline::decode_block(&packet.data[..cut]).unwrap().len(),
                cut
            );
        }
    }
    assert_eq!(sightline::decode_block(&[0x55; 321]), None);
}

#[tokio::test(start_paused = true)]
async fn voice_sightline_link_mulaw_arrives_byte_exact_across_loss_swap_repeat_and_junk() {
    let (_dir, store) = support::session::store();
    let glasses =
        SimGlasses::new(GlassesProfile::default(), Vec::new(), LinkModel::default()).unwrap();
    let target = Target {
        id: "sim-1".into(),
        name: "Sim Glasses".into(),
    };
    let link =
        drivers::start(Family::Sightline, target, glasses.connector(), &store, None).unwrap();
    let mut events = link.subscribe();
    support::session::next_matching(&mut events, Duration::from_secs(600), |e| {
        matches!(e, LinkEvent::PairingCode(_)).then_some(())
    })
    .await;
    link.confirm_pairing(true).await.unwrap();
    link.wait_for_state(|s| *s == LinkState::Ready).await;

    let pcm = voice_like(16_000, 0.4); // 20 blocks
    let mut packets = sightline::packets(&pcm, 65_530); // the counter wraps at block 6
    let block = |i: usize| -> Vec<i16> {
        pcm[i * 320..(i + 1) * 320]
            .iter()
            .map(|&s| mulaw::decode(mulaw::encode(s)))
            .collect()
    };
    packets[12].data = vec![0x55; sightline::BLOCK_SAMPLES + 1]; // too long: malformed
    let repeated = packets[8].clone();
    packets.insert(9, repeated); // a repeat: dropped
    packets.swap(4, 5); // block 5 before 4: 4 arrives late and is dropped
    packets.remove(2); // lost
    for packet in packets {
        glasses.play(Message::Audio(packet));
    }
    let mut heard = Vec::new();
    while let Some(chunk) =
        support::session::next_matching(&mut events, Duration::from_secs(600), |e| match e {
            LinkEvent::Audio(chunk) => Some(Some(chunk)),
            LinkEvent::AudioEnd => Some(None),
            _ => None,
        })
        .await
    {
        assert_eq!(chunk.sample_rate, sightline::RATE);
        heard.extend(chunk.samples);
    }
    // Lost (2), late (4, after 5) and refused (12) blocks are 20 ms of silence, filled in when
    // the next block arrives; the repeat is dropped; every other block is its samples through
    // the companding, exactly.
    let silence = vec![0i16; 320];
    let mut expected = Vec::new();
    for i in 0..20 {
        match i {
            2 | 4 | 12 => expected.extend(&silence),
            _ => expected.extend(block(i)),
        }
    }
    assert_eq!(heard.len(), expected.len());
    assert_eq!(heard, expected);
    assert_eq!(link.stats().malformed, 1);
}
