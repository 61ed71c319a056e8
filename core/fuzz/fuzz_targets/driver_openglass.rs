//! The openglass driver's decoder and driver: decoding never panics, and a driver fed any
//! notifications (the first byte picks the channel) never panics or delivers a partial JPEG.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_core::link::drivers::{OpenGlassDriver, openglass};
use sightline_core::link::session::{Command, Driver, DriverIo, LinkEvent};

fuzz_target!(|data: &[u8]| {
    let _ = openglass::decode(data);
    let mut driver = OpenGlassDriver::new(None);
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
});
