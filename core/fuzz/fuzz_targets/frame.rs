//! Frame reassembly: arbitrary metadata followed by arbitrary chunks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_core::link::protocol::frame::FrameAssembly;
use sightline_core::link::protocol::message::Message;
use sightline_core::link::protocol::packet::Packet;

fuzz_target!(|data: &[u8]| {
    let Some((&len, rest)) = data.split_first() else {
        return;
    };
    let (meta, chunks) = rest.split_at(usize::from(len).min(rest.len()));
    let Ok(Message::FrameMeta(meta)) = Message::decode(meta) else {
        return;
    };
    let Ok(mut assembly) = FrameAssembly::new(&meta) else {
        return;
    };
    if assembly.attach_stream(&meta, 24).is_err() {
        return;
    }
    for piece in chunks.split(|b| *b == 0xfe) {
        if let Ok(Packet::Chunk { index, data, .. }) = Packet::decode(piece) {
            let _ = assembly.accept_chunk(index, data, |_, s| {
                if s.len() >= 24 {
                    Ok(s[8..s.len() - 16].to_vec())
                } else {
                    Err(())
                }
            });
        }
    }
    let _ = assembly.missing_chunks();
    let _ = assembly.have_segments();
});
