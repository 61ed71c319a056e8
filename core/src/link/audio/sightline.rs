//! The Sightline protocol's microphone audio (message 0x07, codec 2): G.711 µ-law at 16 kHz,
//! one byte a sample, 20-ms blocks (docs/protocol.md says why). µ-law keeps no state between
//! samples, so every block decodes on its own: a lost block costs its 20 ms, never the ones
//! after it.

use super::mulaw;
use crate::link::protocol::message::{AUDIO_CODEC_MULAW_16K, AudioPacket};

/// Samples per second.
pub const RATE: u32 = 16_000;
/// Samples (and bytes) in one block: 20 ms. A longer block is refused, so a sender cannot
/// make one packet (or the silence filled in for the ones lost before it) arbitrarily long.
pub const BLOCK_SAMPLES: usize = 320;

/// What Sightline glasses send for one utterance of 16-bit mono PCM at 16 kHz: µ-law blocks of
/// 20 ms numbered from `first_seq`, the last one marked `end`. (The simulated glasses and the
/// demo use it; real glasses run the same companding in their firmware or codec chip.)
pub fn packets(pcm16k: &[i16], first_seq: u16) -> Vec<AudioPacket> {
    let blocks: Vec<&[i16]> = pcm16k.chunks(BLOCK_SAMPLES).collect();
    let last = blocks.len().saturating_sub(1);
    blocks
        .into_iter()
        .enumerate()
        .map(|(i, block)| AudioPacket {
            seq: first_seq.wrapping_add(i as u16),
            codec: AUDIO_CODEC_MULAW_16K,
            end: i == last,
            data: block.iter().map(|&s| mulaw::encode(s)).collect(),
        })
        .collect()
}

/// The samples of one block, or `None` when it is longer than [`BLOCK_SAMPLES`] (bytes from
/// the air: such a block is dropped and counted as malformed, never trusted).
pub fn decode_block(block: &[u8]) -> Option<Vec<i16>> {
    (block.len() <= BLOCK_SAMPLES).then(|| block.iter().map(|&b| mulaw::decode(b)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(n: usize) -> Vec<i16> {
        (0..n)
            .map(|i| {
                let t = i as f32 / RATE as f32;
                let v = (t * 440.0 * std::f32::consts::TAU).sin() * 0.5
                    + (t * 1_700.0 * std::f32::consts::TAU).sin() * 0.2;
                (v * 20_000.0) as i16
            })
            .collect()
    }

    #[test]
    fn voice_link_mulaw_blocks_keep_speech_band_audio() {
        let pcm = tone(BLOCK_SAMPLES * 10 + 17);
        let sent = packets(&pcm, 65_535);
        assert_eq!(sent.len(), 11);
        assert_eq!((sent[0].seq, sent[1].seq), (65_535, 0), "the counter wraps");
        assert!(sent.iter().all(|p| p.codec == AUDIO_CODEC_MULAW_16K));
        assert_eq!(sent.iter().filter(|p| p.end).count(), 1);
        assert!(sent[10].end && sent[10].data.len() == 17);
        let decoded: Vec<i16> = sent
            .iter()
            .flat_map(|p| decode_block(&p.data).unwrap())
            .collect();
        assert_eq!(decoded.len(), pcm.len());
        let signal: f64 = pcm.iter().map(|&s| f64::from(s).powi(2)).sum();
        let noise: f64 = pcm
            .iter()
            .zip(&decoded)
            .map(|(&a, &b)| (f64::from(a) - f64::from(b)).powi(2))
            .sum();
        let snr_db = 10.0 * (signal / noise).log10();
        // G.711 gives ≈ 38 dB on loud speech-band audio; the IMA-ADPCM it replaced ≈ 25 dB.
        assert!(snr_db > 33.0, "SNR {snr_db:.1} dB");
    }

    #[test]
    fn voice_link_mulaw_oversized_blocks_are_refused_not_trusted() {
        assert_eq!(decode_block(&[]), Some(Vec::new()));
        assert_eq!(
            decode_block(&[0xff; BLOCK_SAMPLES]).unwrap().len(),
            BLOCK_SAMPLES
        );
        assert_eq!(decode_block(&[0xff; BLOCK_SAMPLES + 1]), None);
        // Any bytes decode to samples, never a panic.
        let wild: Vec<u8> = (0..=255u8).collect();
        assert_eq!(decode_block(&wild).unwrap().len(), 256);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// The audio path as the driver runs it, on any blocks from the air: no panic, and no
        /// published chunk longer than the longest gap filled plus one block (memory stays
        /// bounded whatever the sender numbers or sizes).
        #[test]
        fn voice_link_any_blocks_decode_in_bounded_chunks_never_panic(
            blocks in proptest::collection::vec(
                (proptest::prelude::any::<u16>(), 0u8..4, proptest::prelude::any::<bool>(),
                 proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)),
                0..60,
            )
        ) {
            let mut receiver = super::super::AudioReceiver::new("sightline", 65_536);
            let mut events = Vec::new();
            for (seq, codec, end, data) in blocks {
                match decode_block(&data) {
                    Some(samples) if codec == AUDIO_CODEC_MULAW_16K => {
                        receiver.samples(u32::from(seq), samples, RATE, &mut events);
                    }
                    Some(_) => receiver.unsupported("id", &mut events),
                    None => proptest::prop_assert!(data.len() > BLOCK_SAMPLES),
                }
                if end {
                    receiver.end(&mut events);
                }
            }
            for event in &events {
                if let crate::link::session::LinkEvent::Audio(chunk) = event {
                    proptest::prop_assert!(chunk.samples.len() <= 26 * BLOCK_SAMPLES);
                }
            }
        }
    }
}
