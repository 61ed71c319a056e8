//! A simulated OpenGlass: the firmware's bytes and quirks. Audio frames stream all the time
//! while connected (as the firmware's loop does): omiGlass's Opus by default — the packets
//! given to [`OpenGlassSim::speak_opus`], one a notification behind `index u16 LE, 0`, and
//! libopus's packet for digital silence between them — or the speech given to
//! [`OpenGlassSim::speak_pcm`] in the sample codec it names. A one-shot write captures the next image
//! and sends it in 200-byte chunks with no resend, `FF FF` ends it, and the battery level is
//! notified on connection and every minute.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

use super::Peripheral;
use crate::link::audio::{mulaw, opus, pcm};
use crate::link::drivers::openglass::{CHUNK_BYTES, ONE_SHOT, STOP};
use crate::link::gatt::{self, openglass as og};

/// One PCM or µ-law audio frame per this period (80 samples at 8 kHz).
const AUDIO_PERIOD: Duration = Duration::from_millis(10);
/// Samples per PCM or µ-law audio frame.
const AUDIO_SAMPLES: usize = 80;
/// What libopus makes of digital silence at omiGlass's settings (codec 21, 20 ms), in its
/// steady state: the firmware streams such packets while the wearer is quiet.
const OPUS_SILENCE_20MS: [u8; 8] = [0x48, 0x07, 0xc9, 0x79, 0xc5, 0x12, 0xf7, 0xbc];
/// The same for the 10-ms CELT variant (codec 20).
const OPUS_SILENCE_10MS: [u8; 3] = [0xb0, 0xff, 0xfe];
/// Battery notifications this often.
const BATTERY_PERIOD: Duration = Duration::from_secs(60);

#[derive(Debug)]
struct Connection {
    generation: u64,
    photo: VecDeque<Vec<u8>>,
    other: VecDeque<Vec<u8>>,
    next_audio: Instant,
    audio_index: u16,
    next_battery: Instant,
    next_interval_photo: Option<Instant>,
}

/// Opus packets stored one after another, each behind its length (u16 LE), as the test
/// vectors keep them; a cut last packet is left out.
pub fn length_prefixed_packets(bytes: &[u8]) -> Vec<Vec<u8>> {
    let mut packets = Vec::new();
    let mut rest = bytes;
    while let [lo, hi, tail @ ..] = rest {
        let n = usize::from(u16::from_le_bytes([*lo, *hi]));
        let Some(packet) = tail.get(..n) else { break };
        packets.push(packet.to_vec());
        rest = &tail[n..];
    }
    packets
}

/// The simulated OpenGlass firmware.
#[derive(Debug)]
pub struct OpenGlassSim {
    images: Vec<Arc<Vec<u8>>>,
    next_image: usize,
    battery: u8,
    interval: Option<Duration>,
    conn: Option<Connection>,
    generation: u64,
    lose: BTreeSet<u16>,
    photos_sent: u64,
    one_shots: u64,
    /// Speech still to send: samples (8 kHz) or Opus packets, and the codec id they go out in.
    speech: VecDeque<i16>,
    packets: VecDeque<Vec<u8>>,
    codec: u8,
}

impl OpenGlassSim {
    /// A device whose camera sees `images` (JPEG bytes), in turn.
    pub fn new(images: Vec<Vec<u8>>) -> Self {
        Self {
            images: images.into_iter().map(Arc::new).collect(),
            next_image: 0,
            battery: 87,
            interval: None,
            conn: None,
            generation: 0,
            lose: BTreeSet::new(),
            photos_sent: 0,
            one_shots: 0,
            speech: VecDeque::new(),
            packets: VecDeque::new(),
            codec: opus::OPENGLASS_OPUS_20MS,
        }
    }

    /// Fault injection: chunk `index` of the next photo sent never reaches the phone (the
    /// firmware does not resend it).
    pub fn lose_chunk_of_next_photo(&mut self, index: u16) {
        self.lose.insert(index);
    }

    /// The wearer speaks: `pcm` (16-bit mono at 8 kHz) goes out in the next audio frames,
    /// encoded in `codec` (1: PCM, 11: µ-law — any other id sends PCM bytes under that
    /// codec, as misconfigured firmware would), one frame every 10 ms.
    pub fn speak_pcm(&mut self, pcm: &[i16], codec: u8) {
        self.codec = codec;
        self.speech.extend(pcm);
    }

    /// The wearer speaks in Opus: each of `packets` (as the firmware's encoder made them) goes
    /// out as one audio notification, one every 20 ms for `codec` 21 (omiGlass) and every
    /// 10 ms for 20, as the firmware sends them.
    pub fn speak_opus(&mut self, packets: &[Vec<u8>], codec: u8) {
        self.codec = codec;
        self.packets.extend(packets.iter().cloned());
    }

    /// The time between two audio notifications in the current codec.
    fn audio_period(&self) -> Duration {
        match self.codec {
            opus::OPENGLASS_OPUS_20MS => AUDIO_PERIOD * 2,
            _ => AUDIO_PERIOD,
        }
    }

    /// One audio frame's payload: the next Opus packet (libopus's silence when none), or the
    /// next speech samples (silence when none) in the sample codec.
    fn audio_payload(&mut self) -> Vec<u8> {
        match (self.packets.pop_front(), self.codec) {
            (Some(packet), _) => return packet,
            (None, opus::OPENGLASS_OPUS_20MS) => return OPUS_SILENCE_20MS.to_vec(),
            (None, opus::OPENGLASS_OPUS_10MS) => return OPUS_SILENCE_10MS.to_vec(),
            (None, _) => {}
        }
        let n = AUDIO_SAMPLES.min(self.speech.len());
        let mut samples: Vec<i16> = self.speech.drain(..n).collect();
        samples.resize(AUDIO_SAMPLES, 0);
        match self.codec {
            pcm::OPENGLASS_MULAW8 => samples.iter().map(|&s| mulaw::encode(s)).collect(),
            _ => samples.iter().flat_map(|s| s.to_le_bytes()).collect(),
        }
    }

    /// Photos sent so far (complete or not).
    pub fn photos_sent(&self) -> u64 {
        self.photos_sent
    }

    /// One-shot requests received so far.
    pub fn one_shots(&self) -> u64 {
        self.one_shots
    }

    /// What the camera sees from now on (JPEG bytes, in turn).
    pub fn set_images(&mut self, images: Vec<Vec<u8>>) {
        self.images = images.into_iter().map(Arc::new).collect();
        self.next_image = 0;
    }

    /// Sets the battery level (notified at the next battery period or connection).
    pub fn set_battery(&mut self, percent: u8) {
        self.battery = percent.min(100);
        if let Some(c) = self.conn.as_mut() {
            c.other
                .push_back(gatt::tagged(og::BATTERY, &[self.battery]));
        }
    }

    /// Captures the next image and queues its chunks.
    fn capture(&mut self) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        if !conn.photo.is_empty() || self.images.is_empty() {
            return; // still uploading the previous photo, or no camera images
        }
        let jpeg = self.images[self.next_image % self.images.len()].clone();
        self.next_image += 1;
        self.photos_sent += 1;
        let lose = std::mem::take(&mut self.lose);
        let first = jpeg.len().min(CHUNK_BYTES - 1);
        let mut chunks = vec![[&[0u8, 0, 0][..], &jpeg[..first]].concat()];
        chunks.extend(jpeg[first..].chunks(CHUNK_BYTES).enumerate().map(|(i, c)| {
            let index = (i as u16).wrapping_add(1).to_le_bytes();
            [&index[..], c].concat()
        }));
        for (i, chunk) in chunks.into_iter().enumerate() {
            if !lose.contains(&(i as u16)) {
                conn.photo.push_back(gatt::tagged(og::PHOTO, &chunk));
            }
        }
        conn.photo.push_back(gatt::tagged(og::PHOTO, &[0xFF, 0xFF]));
    }
}

impl Peripheral for OpenGlassSim {
    fn on_connect(&mut self, _att_mtu: usize, _interval: Duration, now: Instant) -> u64 {
        self.generation += 1;
        self.conn = Some(Connection {
            generation: self.generation,
            photo: VecDeque::new(),
            other: VecDeque::from([gatt::tagged(og::BATTERY, &[self.battery])]),
            next_audio: now,
            audio_index: 0,
            next_battery: now + BATTERY_PERIOD,
            next_interval_photo: self.interval.map(|i| now + i),
        });
        self.generation
    }

    fn on_disconnect(&mut self, generation: u64) {
        // A late disconnect of an earlier connection leaves the current one alone.
        self.conn.take_if(|c| c.generation == generation);
    }

    fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>> {
        if self
            .conn
            .as_ref()
            .and_then(|c| c.next_interval_photo)
            .is_some_and(|t| now >= t)
        {
            self.capture();
            if let (Some(c), Some(i)) = (self.conn.as_mut(), self.interval) {
                c.next_interval_photo = Some(now + i);
            }
        }
        let battery = self.battery;
        let audio_due = self.conn.as_ref().is_some_and(|c| now >= c.next_audio);
        let payload = audio_due.then(|| self.audio_payload());
        let period = self.audio_period();
        let conn = self.conn.as_mut()?;
        if now >= conn.next_battery {
            conn.next_battery = now + BATTERY_PERIOD;
            conn.other.push_back(gatt::tagged(og::BATTERY, &[battery]));
        }
        if let Some(payload) = payload {
            // The firmware's loop reads the mic and notifies every frame; a late connection
            // event carries one frame.
            while conn.next_audio <= now {
                conn.next_audio += period;
            }
            let mut frame = conn.audio_index.to_le_bytes().to_vec();
            frame.push(0);
            frame.extend(payload);
            conn.audio_index = conn.audio_index.wrapping_add(1);
            return Some(gatt::tagged(og::AUDIO, &frame));
        }
        conn.other.pop_front().or_else(|| conn.photo.pop_front())
    }

    fn on_packet(&mut self, bytes: &[u8], now: Instant) {
        let Some((og::CONTROL, value)) = gatt::untag(bytes) else {
            return;
        };
        match value.first().copied() {
            Some(ONE_SHOT) => {
                self.one_shots += 1;
                self.capture();
            }
            Some(STOP) => {
                self.interval = None;
                if let Some(c) = self.conn.as_mut() {
                    c.next_interval_photo = None;
                }
            }
            Some(seconds @ 5..=127) => {
                let interval = Duration::from_secs(u64::from(seconds));
                self.interval = Some(interval);
                if let Some(c) = self.conn.as_mut() {
                    c.next_interval_photo = Some(now + interval);
                }
            }
            _ => {}
        }
    }

    fn max_write(&self, att_mtu: usize) -> usize {
        gatt::max_tagged_packet(att_mtu)
    }
}
