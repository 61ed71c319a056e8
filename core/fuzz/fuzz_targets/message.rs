//! Message decoder: decoding never panics, and what decodes re-encodes to something that
//! decodes to the same message; an audio block goes on through its decoder and the stream that
//! keeps time (at most one block of samples, no panic).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_core::link::audio::{AudioStream, sightline};
use sightline_core::link::protocol::message::Message;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = Message::decode(data) {
        let again = Message::decode(&m.encode());
        if !format!("{m:?}").contains("NaN") {
            assert_eq!(again, Ok(m.clone()));
        }
        if let Message::Audio(packet) = m
            && let Some(samples) = sightline::decode_block(&packet.data)
        {
            assert!(samples.len() <= sightline::BLOCK_SAMPLES);
            let _ = AudioStream::new(65_536).accept(u32::from(packet.seq), samples, sightline::RATE);
        }
    }
});
