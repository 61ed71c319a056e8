//! Microphone audio over the link: the codecs the glasses families send, decoded to 16-bit
//! PCM in memory (never written anywhere), and a stream that keeps time across lost and
//! reordered packets. Drivers publish what they decode as `LinkEvent::Audio`.

pub mod lc3;
pub mod mulaw;
pub mod opus;
pub mod pcm;
pub mod sightline;
mod stream;

pub use stream::{AudioChunk, AudioStream, Continuity};

use crate::link::LinkError;
use crate::link::session::LinkEvent;

/// One connection's microphone audio as a driver receives it: keeps time across lost and
/// late packets, publishes decoded chunks, and reports a codec it cannot decode once.
#[derive(Debug)]
pub struct AudioReceiver {
    family: &'static str,
    stream: AudioStream,
    refused: Option<String>,
}

impl AudioReceiver {
    /// A receiver for `family`'s packets, numbered modulo `modulus`.
    pub fn new(family: &'static str, modulus: u32) -> Self {
        Self {
            family,
            stream: AudioStream::new(modulus),
            refused: None,
        }
    }

    /// Packet `seq`, decoded to `samples` at `sample_rate` Hz: published as
    /// [`LinkEvent::Audio`] (after silence for lost packets), or dropped when late.
    pub fn samples(
        &mut self,
        seq: u32,
        samples: Vec<i16>,
        sample_rate: u32,
        events: &mut Vec<LinkEvent>,
    ) {
        if let Some(chunk) = self.stream.accept(seq, samples, sample_rate) {
            events.push(LinkEvent::Audio(chunk));
        }
    }

    /// Packet `seq`, decoded by `decode` at `sample_rate` Hz only when it is to be played (see
    /// [`AudioStream::accept_with`]): for codecs whose decoder keeps state between packets.
    pub fn decoded(
        &mut self,
        seq: u32,
        sample_rate: u32,
        decode: impl FnOnce(Continuity) -> Vec<i16>,
        events: &mut Vec<LinkEvent>,
    ) {
        if let Some(chunk) = self.stream.accept_with(seq, sample_rate, decode) {
            events.push(LinkEvent::Audio(chunk));
        }
    }

    /// A packet in `codec`, which cannot be decoded: a [`LinkError::UnsupportedAudioCodec`]
    /// the first time.
    pub fn unsupported(&mut self, codec: &str, events: &mut Vec<LinkEvent>) {
        if self.refused.as_deref() != Some(codec) {
            self.refused = Some(codec.to_string());
            events.push(LinkEvent::Error(LinkError::UnsupportedAudioCodec {
                family: self.family,
                codec: codec.to_string(),
            }));
        }
    }

    /// A new utterance starts (the talk button pressed): its packets are numbered afresh,
    /// whatever the last utterance's numbers were.
    pub fn restart(&mut self) {
        self.stream.reset();
    }

    /// The utterance is complete (the talk button released): [`LinkEvent::AudioEnd`].
    pub fn end(&mut self, events: &mut Vec<LinkEvent>) {
        self.stream.reset();
        events.push(LinkEvent::AudioEnd);
    }
}
