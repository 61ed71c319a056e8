//! The openglass driver's decoder and driver: decoding never panics, and a driver fed any
//! notifications (the first byte picks the channel) never panics or delivers a partial JPEG.
#![no_main]

#[path = "../support/driver.rs"]
mod driver;

use libfuzzer_sys::fuzz_target;
use sightline_core::link::drivers::{OpenGlassDriver, openglass};

fuzz_target!(|data: &[u8]| {
    let _ = openglass::decode(data);
    driver::exercise(OpenGlassDriver::new(None), data);
});
