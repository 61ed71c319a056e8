//! Property tests of the drivers: random bytes never make a decoder panic, and random
//! notification sequences (valid-looking and not) never make a driver panic or deliver a
//! photo that is not a whole JPEG.

use proptest::collection::vec;
use proptest::prelude::*;
use tokio::time::{Duration, Instant};

use super::{FrameDriver, G1Driver, OpenGlassDriver, frame, g1, openglass};
use crate::link::gatt::{self, frame as fg, g1 as arm, openglass as og};
use crate::link::session::{Command, Driver, DriverIo, LinkEvent};

/// Packets on a family's channels, often with a plausible first byte.
fn packets(channels: &'static [u8], firsts: &'static [u8]) -> impl Strategy<Value = Vec<Vec<u8>>> {
    vec(
        (
            prop::sample::select(channels),
            prop::sample::select(firsts),
            vec(any::<u8>(), 0..260),
            any::<bool>(),
        )
            .prop_map(|(channel, first, rest, plausible)| {
                let mut p = vec![channel];
                if plausible {
                    p.push(first);
                }
                p.extend(rest);
                p
            }),
        0..60,
    )
}

/// Feeds `packets` to `driver` with photo requests and clock ticks in between; checks every
/// delivered frame is a whole JPEG.
fn exercise(mut driver: Box<dyn Driver>, packets: &[Vec<u8>]) -> Result<(), TestCaseError> {
    let mut now = Instant::now();
    let mut io = DriverIo::new(now);
    driver.on_connected(247, &mut io);
    driver.on_command(
        Command::RequestFrame {
            request_id: 1,
            quality: 0,
            roi: None,
        },
        &mut io,
    );
    for (i, p) in packets.iter().enumerate() {
        driver.on_packet(p, &mut io);
        if i % 7 == 0 {
            now += Duration::from_millis(900);
            io.now = now;
            driver.on_tick(&mut io);
        }
    }
    driver.on_disconnected(&mut io);
    for e in io.events {
        if let LinkEvent::Frame(f) = e {
            prop_assert!(f.jpeg.starts_with(&[0xFF, 0xD8]) && f.jpeg.ends_with(&[0xFF, 0xD9]));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn decoders_never_panic(bytes in vec(any::<u8>(), 0..300)) {
        let _ = openglass::decode(&bytes);
        let _ = frame::decode(&bytes);
        let _ = g1::decode(&bytes);
    }

    #[test]
    fn openglass_driver_survives_any_notifications(
        p in packets(&[og::PHOTO, og::AUDIO, og::BATTERY, 9], &[0x00, 0x01, 0xFF])
    ) {
        for codec in [21, 20, 1, 11] {
            exercise(Box::new(OpenGlassDriver::new(None).with_audio_codec(codec)), &p)?;
        }
    }

    /// Audio notifications from the air in order, out of order and cut, each carrying noise or
    /// an Opus packet with a valid table-of-contents byte and random frames behind it: the
    /// Opus path never panics and keeps at most 120 ms of audio for each packet.
    #[test]
    fn voice_openglass_opus_survives_any_audio_notifications(
        frames in vec((0u16..40, prop::sample::select(&[0x48u8, 0xb0, 0x4b, 0xfb, 0x03][..]), vec(any::<u8>(), 0..400), any::<bool>()), 0..80),
        codec in prop::sample::select(&[20u8, 21][..]),
    ) {
        let packets: Vec<Vec<u8>> = frames
            .iter()
            .map(|(index, toc, rest, with_toc)| {
                let mut value = index.to_le_bytes().to_vec();
                value.push(0);
                if *with_toc {
                    value.push(*toc);
                }
                value.extend(rest);
                gatt::tagged(og::AUDIO, &value)
            })
            .collect();
        let mut driver = OpenGlassDriver::new(None).with_audio_codec(codec);
        let mut io = DriverIo::new(Instant::now());
        driver.on_connected(247, &mut io);
        for p in &packets {
            driver.on_packet(p, &mut io);
        }
        let heard: usize = io
            .events
            .iter()
            .map(|e| match e {
                LinkEvent::Audio(chunk) => chunk.samples.len(),
                _ => 0,
            })
            .sum();
        // Each packet plays at most 120 ms, and each may conceal up to 25 lost before it.
        prop_assert!(heard <= packets.len() * 26 * 1_920, "{heard}");
    }

    #[test]
    fn frame_driver_survives_any_notifications(
        p in packets(&[fg::NOTIFY, fg::WRITE], &[frame::DATA, b'S', b'9'])
    ) {
        exercise(Box::new(FrameDriver::new(None)), &p)?;
    }

    #[test]
    fn g1_driver_survives_any_notifications(
        p in packets(&[arm::LEFT, arm::RIGHT, 2], &[g1::HEARTBEAT, g1::TEXT, g1::BATTERY, g1::TOUCH, g1::AUDIO])
    ) {
        exercise(Box::new(G1Driver::new(None)), &p)?;
    }

    #[test]
    fn frame_cards_always_fit_the_mtu(
        lines in vec(".{0,120}", 0..12),
        max_lua in 40usize..300,
    ) {
        let card = crate::link::protocol::message::DisplayCard {
            card_id: 1,
            commands: lines.iter().enumerate().map(|(i, t)| {
                crate::link::protocol::message::RenderCommand::Text {
                    x: 0, y: (i * 40) as u16, size: 32, text: t.clone(),
                }
            }).collect(),
        };
        for write in frame::card_writes(&card, max_lua) {
            prop_assert!(write.len() <= max_lua, "{} > {max_lua}", write.len());
        }
        let _ = gatt::untag(&[]);
    }
}
