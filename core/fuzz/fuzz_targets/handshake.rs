//! Handshake envelope decoder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_core::link::protocol::message::HandshakeMessage;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = HandshakeMessage::decode(data) {
        assert_eq!(HandshakeMessage::decode(&m.encode()), Ok(m));
    }
});
