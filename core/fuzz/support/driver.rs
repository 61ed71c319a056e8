//! What every driver fuzz target checks once its decoder has seen the bytes: a driver fed any
//! notifications never panics or delivers a partial JPEG.

use sightline_core::link::session::{Command, Driver, DriverIo, LinkEvent};

/// Connects `driver`, asks it for a photo, feeds it `data` split into notifications at every
/// 0xA5 byte (so the first byte of each picks the channel), and checks that every frame it
/// delivers is a whole JPEG.
pub fn exercise(mut driver: impl Driver, data: &[u8]) {
    let mut io = DriverIo::new(tokio::time::Instant::now());
    driver.on_connected(247, &mut io);
    driver.on_command(
        Command::RequestFrame {
            request_id: 1,
            quality: 0,
            roi: None,
        },
        &mut io,
    );
    for packet in data.split(|b| *b == 0xA5) {
        driver.on_packet(packet, &mut io);
    }
    for event in io.events {
        if let LinkEvent::Frame(f) = event {
            assert!(f.jpeg.starts_with(&[0xFF, 0xD8]) && f.jpeg.ends_with(&[0xFF, 0xD9]));
        }
    }
}
