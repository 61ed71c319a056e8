//! LC3, the Even G1's microphone codec: 16 kHz mono, 10-ms frames of 40 bytes (32 kbit/s),
//! five frames to an `F1 seq` notification. Decoded by `lc3-codec` 0.2.0 (pure Rust, Apache-2.0),
//! which calls itself unverified: checked here against liblc3's reference decoder on frames
//! made by its reference encoder (test vectors in core/tests/data/g1-lc3; 60 dB SNR, see
//! docs/voice.md). Its decoder borrows its working memory, so it lives on a small thread of
//! its own that owns both. Packets are cut into whole 40-byte frames, so the crate never sees a
//! frame shorter than LC3's 20 bytes (1- and 4-byte frames make it index out of bounds).

use std::sync::mpsc;

use lc3_codec::common::complex::{Complex, Scaler};
use lc3_codec::common::config::{FrameDuration, SamplingFrequency};
use lc3_codec::decoder::lc3_decoder::Lc3Decoder;

/// Samples per second.
pub const RATE: u32 = 16_000;
/// Bytes in one G1 frame.
pub const FRAME_BYTES: usize = 40;
/// Samples in one frame (10 ms).
pub const FRAME_SAMPLES: usize = 160;

/// One G1 microphone stream: frames in order go in, 16-bit PCM at [`RATE`] comes out. The
/// decoder keeps state between frames (the transform's overlap, the pitch filter and the loss
/// concealment), so one stream decodes one connection's frames in order.
#[derive(Debug)]
pub struct Lc3Stream {
    frames: mpsc::Sender<Vec<u8>>,
    pcm: mpsc::Receiver<Vec<i16>>,
}

impl Lc3Stream {
    /// A stream with its decoding thread, or `None` when no thread can be started.
    pub fn start() -> Option<Self> {
        let (frames, frames_in) = mpsc::channel::<Vec<u8>>();
        let (pcm_out, pcm) = mpsc::channel();
        std::thread::Builder::new()
            .name("g1-lc3".into())
            .spawn(move || decode_thread(&frames_in, &pcm_out))
            .ok()?;
        Some(Self { frames, pcm })
    }

    /// The samples of a packet of whole frames ([`FRAME_BYTES`] each; a cut last frame is
    /// dropped), or `None` when the decoding thread is gone.
    pub fn decode(&self, packet: &[u8]) -> Option<Vec<i16>> {
        let whole = packet.len() - packet.len() % FRAME_BYTES;
        self.frames.send(packet[..whole].to_vec()).ok()?;
        self.pcm.recv().ok()
    }
}

/// Owns the decoder and its working memory; ends when the stream is dropped.
fn decode_thread(frames: &mpsc::Receiver<Vec<u8>>, pcm: &mpsc::Sender<Vec<i16>>) {
    let (duration, rate) = (FrameDuration::TenMs, SamplingFrequency::Hz16000);
    let (scalers, complex) = Lc3Decoder::calc_working_buffer_lengths(1, duration, rate);
    let mut scaler_buf = vec![Scaler::default(); scalers];
    let mut complex_buf = vec![Complex::default(); complex];
    let mut decoder = Lc3Decoder::new(1, duration, rate, &mut scaler_buf, &mut complex_buf);
    for packet in frames {
        let mut out = vec![0i16; packet.len() / FRAME_BYTES * FRAME_SAMPLES];
        for (frame, samples) in packet
            .chunks(FRAME_BYTES)
            .zip(out.chunks_mut(FRAME_SAMPLES))
        {
            if decoder.decode_frame(16, 0, frame, samples).is_err() {
                samples.fill(0);
            }
        }
        if pcm.send(out).is_err() {
            return;
        }
    }
}
