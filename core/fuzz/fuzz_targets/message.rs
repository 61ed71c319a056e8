//! Message decoder: decoding never panics, and what decodes re-encodes to something that
//! decodes to the same message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_core::link::protocol::message::Message;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = Message::decode(data) {
        let again = Message::decode(&m.encode());
        if !format!("{m:?}").contains("NaN") {
            assert_eq!(again, Ok(m));
        }
    }
});
