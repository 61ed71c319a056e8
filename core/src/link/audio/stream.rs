//! Keeping time across a lossy link: packets carry a wrapping sequence number; a gap (lost
//! packets) is filled — with silence, or by a decoder's own concealment — so the recogniser's
//! clock and endpointing stay right, a packet older than the last one played (reordered,
//! duplicated) is dropped, and a long gap restarts the count rather than inventing seconds of
//! silence.

/// Where a packet falls in the stream, as the sequence numbers tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Continuity {
    /// It follows the last packet decoded, after this many lost ones (0: none lost).
    After(u32),
    /// A new stream: the first packet, or one after a gap too long to conceal.
    Restart,
}

/// Decoded microphone audio from the glasses: 16-bit mono PCM at `sample_rate` Hz.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioChunk {
    /// Samples per second.
    pub sample_rate: u32,
    /// The samples (silence, or a decoder's concealment, where packets were lost).
    pub samples: Vec<i16>,
}

/// The longest gap (in packets) filled; a longer one is a new stream.
const MAX_FILLED_GAP: u32 = 25;
/// After this many late packets in a row the sender has jumped (a reset, a long outage):
/// follow it instead of dropping everything until the counter wraps.
const MAX_LATE_IN_A_ROW: u32 = 8;

/// Sequence tracking for one audio stream; `modulus` is where the sequence number wraps
/// (256 for a `u8` counter, 65,536 for a `u16`).
#[derive(Debug, Clone)]
pub struct AudioStream {
    modulus: u32,
    next: Option<u32>,
    late_in_a_row: u32,
    /// Packets lost (filled with silence) and dropped (late or repeated) so far.
    lost: u64,
    dropped: u64,
}

impl AudioStream {
    /// A stream whose sequence numbers wrap at `modulus` (at least 2).
    pub fn new(modulus: u32) -> Self {
        Self {
            modulus: modulus.max(2),
            next: None,
            late_in_a_row: 0,
            lost: 0,
            dropped: 0,
        }
    }

    /// The packet numbered `seq` with `samples` decoded from it, at `sample_rate`: what to
    /// play now (silence first for packets lost before it), or `None` for a late or
    /// repeated packet.
    pub fn accept(&mut self, seq: u32, samples: Vec<i16>, sample_rate: u32) -> Option<AudioChunk> {
        self.accept_with(seq, sample_rate, |continuity| match continuity {
            Continuity::After(lost) => {
                let mut out = vec![0; samples.len() * lost as usize];
                out.extend(&samples);
                out
            }
            Continuity::Restart => samples,
        })
    }

    /// The packet numbered `seq`, decoded by `decode` only when it is to be played (never a
    /// late or repeated one, so a decoder with state between packets sees them in order):
    /// `decode` is told how many packets were lost just before it, or that the stream
    /// restarted, and returns the samples to play, its own fill for the lost ones first.
    pub fn accept_with(
        &mut self,
        seq: u32,
        sample_rate: u32,
        decode: impl FnOnce(Continuity) -> Vec<i16>,
    ) -> Option<AudioChunk> {
        let seq = seq % self.modulus;
        let gap = match self.next {
            None => None,
            Some(next) => {
                let m = u64::from(self.modulus);
                Some(((u64::from(seq) + m - u64::from(next)) % m) as u32)
            }
        };
        // More than half the ring ahead is behind: a late or repeated packet.
        let behind = gap.is_some_and(|g| g >= self.modulus / 2);
        if behind && self.late_in_a_row < MAX_LATE_IN_A_ROW {
            self.dropped += 1;
            self.late_in_a_row += 1;
            return None;
        }
        self.late_in_a_row = 0;
        self.next = Some((seq + 1) % self.modulus);
        let continuity = match gap {
            Some(g) if !behind && g <= MAX_FILLED_GAP => {
                self.lost += u64::from(g);
                Continuity::After(g)
            }
            // The first packet, a gap too long to fill, or a sender that jumped back.
            _ => Continuity::Restart,
        };
        Some(AudioChunk {
            sample_rate,
            samples: decode(continuity),
        })
    }

    /// Packets lost and dropped so far.
    pub fn losses(&self) -> (u64, u64) {
        (self.lost, self.dropped)
    }

    /// Forgets the sequence (a new utterance, a reconnection).
    pub fn reset(&mut self) {
        self.next = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_link_audio_fills_losses_and_drops_late_packets() {
        let mut stream = AudioStream::new(256);
        let block = || vec![7i16; 10];
        assert_eq!(
            stream.accept(254, block(), 16_000).unwrap().samples.len(),
            10
        );
        assert_eq!(
            stream.accept(255, block(), 16_000).unwrap().samples.len(),
            10
        );
        // 0 and 1 lost across the wrap: 20 samples of silence, then the packet.
        let after_gap = stream.accept(2, block(), 16_000).unwrap();
        assert_eq!(after_gap.samples.len(), 30);
        assert!(after_gap.samples[..20].iter().all(|&s| s == 0));
        // 1 arrives late, 2 again: both dropped.
        assert_eq!(stream.accept(1, block(), 16_000), None);
        assert_eq!(stream.accept(2, block(), 16_000), None);
        assert_eq!(stream.losses(), (2, 2));
        // A long silence of the link: no minutes of invented silence.
        assert_eq!(
            stream.accept(100, block(), 16_000).unwrap().samples.len(),
            10
        );
        // The sender jumped back (restarted): after a few late packets it is followed again.
        let followed = (0..10u32)
            .filter_map(|i| stream.accept(i, block(), 16_000))
            .count();
        assert!(followed >= 1, "never followed the restarted sender");
    }
}
