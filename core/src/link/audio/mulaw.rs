//! G.711 µ-law, 8 bits a sample: OpenGlass's codec 11 (8 kHz) and the Sightline protocol's
//! codec 2 (16 kHz, `sightline`). Decoding is a few shifts; encoding is here for the simulated
//! glasses.

const BIAS: i32 = 0x84;
const CLIP: i32 = 32_635;

/// Decodes one µ-law byte to a 16-bit sample.
pub fn decode(byte: u8) -> i16 {
    let u = !byte;
    let exponent = (u >> 4) & 0x07;
    let mantissa = i32::from(u & 0x0f);
    let magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
    let sample = if u & 0x80 != 0 { -magnitude } else { magnitude };
    sample as i16
}

/// Encodes one 16-bit sample to µ-law.
pub fn encode(sample: i16) -> u8 {
    let mut value = i32::from(sample);
    let sign = if value < 0 {
        value = -value;
        0x80
    } else {
        0
    };
    value = value.min(CLIP) + BIAS;
    let exponent = (7 - (value.leading_zeros() as i32 - 17)).clamp(0, 7);
    let mantissa = (value >> (exponent + 3)) & 0x0f;
    !(sign | ((exponent as u8) << 4) | mantissa as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_mulaw_round_trip_is_within_the_companding_step() {
        for sample in (i16::MIN..=i16::MAX).step_by(97) {
            let back = decode(encode(sample));
            let error = (i32::from(sample) - i32::from(back)).abs();
            let allowed = (i32::from(sample).abs() / 16).max(8) + 8;
            assert!(error <= allowed, "{sample} → {back}");
        }
        assert_eq!(decode(0xff), 0);
        assert_eq!(decode(encode(0)), 0);
    }
}
