//! Each family's microphone path, byte-exact against its simulator or wire format: the
//! OpenGlass audio characteristic (PCM and µ-law at 8 kHz; Opus and unknown ids a typed
//! unsupported-codec error, once), the Frame microphone's PCM, the G1's LC3 (unsupported,
//! said once, only when no phone recogniser hears it), and the Sightline protocol's
//! IMA-ADPCM blocks. Lost, reordered and garbage packets are heard best effort, never a
//! panic.

// Test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use sightline_core::link::LinkError;
use sightline_core::link::audio::{adpcm, mulaw, sightline_packets};
use sightline_core::link::drivers::sim::{OpenGlassSim, Peripheral};
use sightline_core::link::drivers::{FrameDriver, G1Driver, OpenGlassDriver};
use sightline_core::link::gatt::{self, frame as fg, g1 as arm};
use sightline_core::link::session::{Driver, DriverIo, LinkEvent};
use tokio::time::Instant;

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
    (samples, rates, refused)
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
    let (heard, rates, refused) = drive(&mut OpenGlassDriver::new(None), &frames);
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
    let (heard, _, _) = drive(&mut OpenGlassDriver::new(None), &frames);
    assert_eq!(heard.len(), sent * 80, "time is kept across losses");
    assert!(heard[10 * 80..11 * 80].iter().all(|&s| s == 0));
    assert_eq!(&heard[..10 * 80], &pcm[..10 * 80]);
}

#[tokio::test]
async fn voice_openglass_opus_and_unknown_codecs_are_refused_once() {
    let frames = openglass_frames(&voice_like(8_000, 0.1), 1);
    for (codec, name) in [(20, "opus"), (21, "opus"), (42, "id 42")] {
        let mut driver = OpenGlassDriver::new(None).with_audio_codec(codec);
        let (heard, _, refused) = drive(&mut driver, &frames);
        assert!(heard.is_empty());
        assert_eq!(refused, vec![name.to_string()]);
    }
}

#[tokio::test]
async fn voice_frame_microphone_pcm_is_heard_and_g1_lc3_is_named() {
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

    // G1: `F1 seq` + 200 bytes of LC3, which no kept pure-Rust decoder reads.
    let lc3: Vec<Vec<u8>> = (0..5u8)
        .map(|seq| {
            let mut value = vec![0xF1, seq];
            value.resize(202, 0x5a);
            gatt::tagged(arm::RIGHT, &value)
        })
        .collect();
    let (heard, _, refused) = drive(&mut G1Driver::new(None), &lc3);
    assert!(heard.is_empty());
    assert_eq!(refused, vec!["lc3".to_string()]);
}

#[tokio::test]
async fn voice_sightline_adpcm_blocks_decode_as_the_glasses_encode_them() {
    let pcm = voice_like(16_000, 0.3);
    let packets = sightline_packets(&pcm, 65_530);
    assert!(packets.last().unwrap().end);
    assert!(packets.iter().all(|p| p.data.len() <= adpcm::HEADER + 160));
    let decoded: Vec<i16> = packets
        .iter()
        .flat_map(|p| adpcm::decode_block(&p.data).unwrap())
        .collect();
    assert_eq!(decoded.len(), pcm.len());
    // Wire bytes from the air: any prefix of any packet decodes or is refused, never panics.
    for packet in &packets {
        for cut in 0..packet.data.len() {
            let _ = adpcm::decode_block(&packet.data[..cut]);
        }
    }
}
