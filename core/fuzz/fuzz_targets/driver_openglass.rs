//! The openglass driver's decoder and driver: decoding never panics, and a driver fed any
//! notifications (the first byte picks the channel) never panics or delivers a partial JPEG —
//! with omiGlass's Opus audio (the default) and with the original firmware's PCM.
#![no_main]

#[path = "../support/driver.rs"]
mod driver;

use libfuzzer_sys::fuzz_target;
use sightline_core::link::drivers::{OpenGlassDriver, openglass};

fuzz_target!(|data: &[u8]| {
    let _ = openglass::decode(data);
    driver::exercise(OpenGlassDriver::new(None), data);
    driver::exercise(OpenGlassDriver::new(None).with_audio_codec(1), data);
});
