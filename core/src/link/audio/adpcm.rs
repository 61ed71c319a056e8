//! IMA-ADPCM, 4 bits a sample: the Sightline protocol's audio codec (16 kHz mono, 64 kbit/s;
//! see docs/protocol.md for why). Each block carries the predictor and step index it starts
//! from (`[predictor i16 LE][step index u8][0]` then two samples a byte, low nibble first),
//! so a block decodes on its own: a lost packet costs its 20 ms, never the ones after it.

/// Bytes before a block's samples.
pub const HEADER: usize = 4;
/// Samples in one block the Sightline glasses send (20 ms at 16 kHz).
pub const BLOCK_SAMPLES: usize = 320;

const STEPS: [i32; 89] = [
    7, 8, 9, 10, 11, 12, 13, 14, 16, 17, 19, 21, 23, 25, 28, 31, 34, 37, 41, 45, 50, 55, 60, 66,
    73, 80, 88, 97, 107, 118, 130, 143, 157, 173, 190, 209, 230, 253, 279, 307, 337, 371, 408, 449,
    494, 544, 598, 658, 724, 796, 876, 963, 1060, 1166, 1282, 1411, 1552, 1707, 1878, 2066, 2272,
    2499, 2749, 3024, 3327, 3660, 4026, 4428, 4871, 5358, 5894, 6484, 7132, 7845, 8630, 9493,
    10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767,
];
const INDEX_STEP: [i32; 8] = [-1, -1, -1, -1, 2, 4, 6, 8];

/// The coder's state between samples.
#[derive(Debug, Clone, Copy, Default)]
struct State {
    predictor: i32,
    index: usize,
}

impl State {
    fn step(&self) -> i32 {
        STEPS[self.index]
    }

    /// Applies one 4-bit code; returns the sample it decodes to.
    fn apply(&mut self, code: u8) -> i16 {
        let step = self.step();
        let mut diff = step >> 3;
        if code & 4 != 0 {
            diff += step;
        }
        if code & 2 != 0 {
            diff += step >> 1;
        }
        if code & 1 != 0 {
            diff += step >> 2;
        }
        if code & 8 != 0 {
            diff = -diff;
        }
        self.predictor = (self.predictor + diff).clamp(i32::from(i16::MIN), i32::from(i16::MAX));
        let moved = self.index as i32 + INDEX_STEP[usize::from(code & 7)];
        self.index = moved.clamp(0, STEPS.len() as i32 - 1) as usize;
        self.predictor as i16
    }

    /// The code that best moves the predictor towards `sample`.
    fn code_for(&self, sample: i16) -> u8 {
        let step = self.step();
        let mut diff = i32::from(sample) - self.predictor;
        let mut code = 0u8;
        if diff < 0 {
            code = 8;
            diff = -diff;
        }
        for (bit, part) in [(4u8, step), (2, step >> 1), (1, step >> 2)] {
            if diff >= part {
                code |= bit;
                diff -= part;
            }
        }
        code
    }
}

/// Encodes one block (the Sightline glasses' side; also the simulator's).
pub fn encode_block(samples: &[i16]) -> Vec<u8> {
    let first = samples.first().copied().unwrap_or(0);
    let mut state = State {
        predictor: i32::from(first),
        index: index_for(samples),
    };
    let mut out = Vec::with_capacity(HEADER + samples.len().div_ceil(2));
    out.extend_from_slice(&first.to_le_bytes());
    out.push(state.index as u8);
    out.push(0);
    for pair in samples.chunks(2) {
        let mut byte = 0u8;
        for (i, &sample) in pair.iter().enumerate() {
            let code = state.code_for(sample);
            state.apply(code);
            byte |= code << (4 * i);
        }
        out.push(byte);
    }
    out
}

/// A starting step index suited to the block's first differences, so a loud block does not
/// spend its first milliseconds catching up.
fn index_for(samples: &[i16]) -> usize {
    let swing = samples
        .windows(2)
        .take(8)
        .map(|w| (i32::from(w[1]) - i32::from(w[0])).abs())
        .max()
        .unwrap_or(0);
    STEPS.iter().position(|&s| s >= swing).unwrap_or(0)
}

/// Decodes one block, or `None` when its header is short or names a step index out of range
/// (bytes from the air: a bad block is dropped, never trusted).
pub fn decode_block(block: &[u8]) -> Option<Vec<i16>> {
    let [lo, hi, index, _, codes @ ..] = block else {
        return None;
    };
    if usize::from(*index) >= STEPS.len() {
        return None;
    }
    let mut state = State {
        predictor: i32::from(i16::from_le_bytes([*lo, *hi])),
        index: usize::from(*index),
    };
    let mut out = Vec::with_capacity(codes.len() * 2);
    for byte in codes {
        out.push(state.apply(byte & 0x0f));
        out.push(state.apply(byte >> 4));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(n: usize) -> Vec<i16> {
        (0..n)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                let v = (t * 440.0 * std::f32::consts::TAU).sin() * 0.5
                    + (t * 1_700.0 * std::f32::consts::TAU).sin() * 0.2;
                (v * 20_000.0) as i16
            })
            .collect()
    }

    #[test]
    fn voice_adpcm_round_trip_keeps_speech_band_audio() {
        let pcm = tone(BLOCK_SAMPLES * 10);
        let mut decoded = Vec::new();
        for block in pcm.chunks(BLOCK_SAMPLES) {
            let bytes = encode_block(block);
            assert_eq!(bytes.len(), HEADER + BLOCK_SAMPLES / 2);
            decoded.extend(decode_block(&bytes).unwrap());
        }
        let signal: f64 = pcm.iter().map(|&s| f64::from(s).powi(2)).sum();
        let noise: f64 = pcm
            .iter()
            .zip(&decoded)
            .map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2))
            .sum();
        let snr_db = 10.0 * (signal / noise).log10();
        assert!(snr_db > 20.0, "SNR {snr_db:.1} dB");
    }

    #[test]
    fn voice_adpcm_bad_blocks_are_refused_not_trusted() {
        assert_eq!(decode_block(&[]), None);
        assert_eq!(decode_block(&[1, 2, 3]), None);
        assert_eq!(decode_block(&[0, 0, 89, 0, 0xff]), None);
        // Any bytes with a valid header decode to clamped samples, never a panic.
        let wild: Vec<u8> = (0..=255u8).collect();
        let mut block = vec![0xff, 0x7f, 88, 0];
        block.extend(&wild);
        assert_eq!(decode_block(&block).unwrap().len(), 512);
    }
}
