//! What the other families send, decoded: OpenGlass's audio characteristic (codec id 1:
//! 16-bit PCM at 8 kHz; 11: µ-law at 8 kHz; its Opus, ids 20 and 21, is `opus`), Brilliant Frame's
//! microphone (16-bit PCM at 8 kHz, as `frame.microphone.start{sample_rate=8000,
//! bit_depth=16}` streams it). Even G1's LC3 is `lc3`.

use super::mulaw;

/// Samples per second of OpenGlass's PCM and µ-law codecs and of the Frame microphone.
pub const NARROW_RATE: u32 = 8_000;

/// OpenGlass codec id: 16-bit little-endian PCM, 8 kHz.
pub const OPENGLASS_PCM8: u8 = 1;
/// OpenGlass codec id: G.711 µ-law, 8 kHz.
pub const OPENGLASS_MULAW8: u8 = 11;

/// Little-endian 16-bit samples (an odd trailing byte, a cut packet, is dropped).
pub fn pcm16_le(bytes: &[u8]) -> Vec<i16> {
    bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// The samples of one OpenGlass audio frame in a sample codec (`codec` 1 or 11), or the
/// codec's name when it is not one (Opus, 20 and 21, keeps state: `opus::OpusStream`).
pub fn openglass(codec: u8, bytes: &[u8]) -> Result<Vec<i16>, String> {
    match codec {
        OPENGLASS_PCM8 => Ok(pcm16_le(bytes)),
        OPENGLASS_MULAW8 => Ok(bytes.iter().map(|&b| mulaw::decode(b)).collect()),
        other => Err(format!("id {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_openglass_codecs_decode_or_are_named() {
        assert_eq!(
            openglass(1, &[0x01, 0x00, 0xff, 0x7f, 9]),
            Ok(vec![1, 32_767])
        );
        let ulaw: Vec<u8> = [0i16, 1000, -1000]
            .iter()
            .map(|&s| mulaw::encode(s))
            .collect();
        let decoded = openglass(11, &ulaw).unwrap();
        assert_eq!(decoded.len(), 3);
        assert!((i32::from(decoded[1]) - 1000).abs() < 64, "{decoded:?}");
        assert_eq!(openglass(7, &[1]), Err("id 7".into()));
    }
}
