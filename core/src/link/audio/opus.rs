//! Opus, the omi firmware's microphone codec (OpenGlass/omiGlass codec ids 20 and 21): 16 kHz
//! mono, one packet a notification. Decoded by `opus-pure` 0.2.2 (pure Rust, no dependencies,
//! BSD-3-Clause), which decodes as libopus does: bit-exact on omiGlass's SILK packets and within
//! one least significant bit on the CELT ones (checked against libopus on packets made by
//! libopus at the firmware's settings: core/tests/data/openglass-opus, docs/voice.md).
//!
//! The decoder keeps state between packets (SILK's predictors, CELT's overlap), so one
//! [`OpusStream`] decodes one connection's packets in order: lost packets are concealed by the
//! decoder's own packet-loss concealment, a restarted stream starts from a fresh state, and a
//! packet that does not decode (cut, garbage, too long) is concealed too and counted.

use opus_pure::OpusDecoder;

use super::Continuity;

/// Samples per second the packets are decoded at (the firmware encodes at 16 kHz).
pub const RATE: u32 = 16_000;
/// OpenGlass codec id: Opus in 10-ms frames (the Omi pendant's firmware; CELT).
pub const OPENGLASS_OPUS_10MS: u8 = 20;
/// OpenGlass codec id: Opus in 20-ms frames (omiGlass's firmware; SILK wideband).
pub const OPENGLASS_OPUS_20MS: u8 = 21;
/// The longest packet decoded: one Opus frame's limit (RFC 6716 §3.2.1); the firmware's are
/// at most 160 (codec 21) or 320 (codec 20) bytes.
pub const MAX_PACKET_BYTES: usize = 1_275;
/// The most samples one packet may carry: 120 ms at [`RATE`] (RFC 6716 §3.2.5).
const MAX_PACKET_SAMPLES: usize = RATE as usize * 120 / 1_000;
/// What a lost packet is concealed as before any packet has told the duration: 20 ms.
const DEFAULT_PACKET_SAMPLES: usize = RATE as usize / 50;

/// One connection's Opus packets in order in, 16-bit PCM at [`RATE`] out.
pub struct OpusStream {
    decoder: Option<OpusDecoder>,
    /// Samples the last packet decoded to: what each lost packet is concealed as.
    packet_samples: usize,
    /// Packets that did not decode (concealed instead).
    corrupt: u64,
}

impl std::fmt::Debug for OpusStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpusStream")
            .field("ready", &self.decoder.is_some())
            .field("packet_samples", &self.packet_samples)
            .field("corrupt", &self.corrupt)
            .finish()
    }
}

impl Default for OpusStream {
    fn default() -> Self {
        Self::new()
    }
}

impl OpusStream {
    /// A stream at [`RATE`], mono.
    pub fn new() -> Self {
        Self {
            decoder: OpusDecoder::new(RATE as i32, 1).ok(),
            packet_samples: DEFAULT_PACKET_SAMPLES,
            corrupt: 0,
        }
    }

    /// The samples of `packet` where `continuity` places it: the lost packets before it
    /// concealed first, the decoder reset first on a restart. A packet that does not decode
    /// comes back as one concealed packet's worth (and is counted in [`Self::corrupt`]), so
    /// time is kept and the stream goes on.
    pub fn decode(&mut self, continuity: Continuity, packet: &[u8]) -> Vec<i16> {
        let mut out = Vec::new();
        match continuity {
            Continuity::Restart => {
                if let Some(decoder) = self.decoder.as_mut()
                    && decoder.reset_state().is_err()
                {
                    self.decoder = OpusDecoder::new(RATE as i32, 1).ok();
                }
            }
            Continuity::After(lost) => {
                for _ in 0..lost {
                    out.extend(self.conceal());
                }
            }
        }
        match self.decode_packet(packet) {
            Some(samples) => {
                self.packet_samples = samples.len().max(1);
                out.extend(samples);
            }
            None => {
                self.corrupt += 1;
                out.extend(self.conceal());
            }
        }
        out
    }

    /// Packets so far that did not decode.
    pub fn corrupt(&self) -> u64 {
        self.corrupt
    }

    /// One packet's samples, or `None` when it is not an Opus packet this stream can decode.
    fn decode_packet(&mut self, packet: &[u8]) -> Option<Vec<i16>> {
        if packet.is_empty() || packet.len() > MAX_PACKET_BYTES {
            return None;
        }
        let decoder = self.decoder.as_mut()?;
        let mut pcm = vec![0i16; MAX_PACKET_SAMPLES];
        let n = decoder
            .decode_s16(packet, MAX_PACKET_SAMPLES, &mut pcm)
            .ok()?;
        pcm.truncate(n.min(MAX_PACKET_SAMPLES));
        Some(pcm)
    }

    /// One lost packet's worth of the decoder's concealment (silence without a decoder).
    fn conceal(&mut self) -> Vec<i16> {
        let n = self.packet_samples.min(MAX_PACKET_SAMPLES);
        let mut pcm = vec![0i16; n];
        if let Some(decoder) = self.decoder.as_mut() {
            match decoder.decode_s16(&[], n, &mut pcm) {
                Ok(made) => pcm.truncate(made.min(n)),
                Err(_) => pcm.fill(0),
            }
        }
        pcm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_opus_garbage_cut_and_oversized_packets_are_concealed_never_a_panic() {
        let mut stream = OpusStream::new();
        // An empty packet, one too long for a frame, and noise of every length up to it.
        assert_eq!(stream.decode(Continuity::Restart, &[]).len(), 320);
        assert_eq!(
            stream
                .decode(Continuity::After(0), &vec![0x48; MAX_PACKET_BYTES + 1])
                .len(),
            320
        );
        assert_eq!(stream.corrupt(), 2);
        let mut seed = 11u32;
        let mut noise = || {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (seed >> 24) as u8
        };
        for len in 1..=MAX_PACKET_BYTES {
            let packet: Vec<u8> = (0..len).map(|_| noise()).collect();
            let lost = (len % 3) as u32;
            let out = stream.decode(Continuity::After(lost), &packet);
            assert!(out.len() <= (lost as usize + 1) * MAX_PACKET_SAMPLES);
        }
    }
}
