//! Packet decoder and fragment reassembly on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_core::link::protocol::packet::{Defragmenter, Packet};

fuzz_target!(|data: &[u8]| {
    let mut defrag = Defragmenter::default();
    for piece in data.split(|b| *b == 0xfe) {
        if let Ok(packet) = Packet::decode(piece) {
            let _ = defrag.push_packet(&packet);
        }
    }
});
