//! OpenGlass / omiGlass: an ESP32-S3 camera on an unbonded BLE link, no display, no speaker.
//!
//! Photos arrive as notifications of at most 200 JPEG bytes behind a 2-byte little-endian
//! chunk index (chunk 0 also carries an orientation byte), and `FF FF` ends the photo. The
//! firmware never resends a chunk, so a photo with a gap (or without a JPEG end marker) is
//! dropped — never delivered corrupt — and requested again with another one-shot write.

use std::time::Duration;
use tracing::debug;

use super::announce;
use super::photos::{PhotoQueue, is_whole_jpeg};
use super::{PhoneSpeech, WireError, speech};
use crate::link::audio::opus::{self, OpusStream};
use crate::link::audio::{AudioReceiver, pcm};
use crate::link::device::{Capabilities, Family};
use crate::link::gatt::{self, openglass as og};
use crate::link::protocol::message::Battery;
use crate::link::session::{Command, Driver, DriverIo, LinkEvent, LinkStats, Signal};

/// Photo-control value asking for one photo (−1 as a signed byte).
pub const ONE_SHOT: u8 = 0xFF;
/// Photo-control value stopping interval capture.
pub const STOP: u8 = 0x00;
/// JPEG bytes per photo chunk (chunk 0 carries one less, for the orientation byte).
pub const CHUNK_BYTES: usize = 200;
/// A request with no photo traffic for this long is sent again.
const PHOTO_RETRY: Duration = Duration::from_secs(3);
/// One-shot writes per request before it is reported lost.
const PHOTO_ATTEMPTS: u32 = 4;
/// A photo longer than this is refused (the ESP32's SVGA JPEGs are far smaller).
const MAX_PHOTO_BYTES: usize = 1 << 20;

/// The camera's largest frame (SVGA, as the firmware configures it).
pub const CAMERA: (u16, u16) = (800, 600);

/// One notification from an OpenGlass, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification<'a> {
    /// A piece of the photo being sent.
    PhotoChunk {
        /// Chunk index, from 0.
        index: u16,
        /// Camera orientation (chunk 0 only).
        orientation: Option<u8>,
        /// JPEG bytes.
        data: &'a [u8],
    },
    /// The photo is complete.
    PhotoEnd,
    /// A frame of microphone audio (codec per the codec characteristic).
    Audio {
        /// Frame counter.
        index: u16,
        /// Encoded samples.
        samples: &'a [u8],
    },
    /// Battery level in percent.
    Battery(u8),
}

/// Decodes one tagged notification (see [`gatt`]).
pub fn decode(packet: &[u8]) -> Result<Notification<'_>, WireError> {
    let (channel, value) = gatt::untag(packet).ok_or(WireError::Empty)?;
    let index = |what| match value {
        [lo, hi, ..] => Ok(u16::from_le_bytes([*lo, *hi])),
        _ => Err(WireError::Short {
            what,
            len: value.len(),
        }),
    };
    match channel {
        og::PHOTO => match index("photo chunk")? {
            0xFFFF => Ok(Notification::PhotoEnd),
            0 => match &value[2..] {
                [orientation, data @ ..] => Ok(Notification::PhotoChunk {
                    index: 0,
                    orientation: Some(*orientation),
                    data,
                }),
                [] => Err(WireError::Short {
                    what: "first photo chunk",
                    len: value.len(),
                }),
            },
            i => Ok(Notification::PhotoChunk {
                index: i,
                orientation: None,
                data: &value[2..],
            }),
        },
        og::AUDIO => {
            let index = index("audio frame")?;
            Ok(Notification::Audio {
                index,
                samples: value.get(3..).unwrap_or(&[]),
            })
        }
        og::BATTERY => match value {
            [level, ..] if *level <= 100 => Ok(Notification::Battery(*level)),
            [level, ..] => Err(WireError::Invalid(format!("battery level {level}"))),
            [] => Err(WireError::Short {
                what: "battery level",
                len: 0,
            }),
        },
        other => Err(WireError::UnknownChannel(other)),
    }
}

/// The capabilities of an OpenGlass: camera and mic, nothing else; `secure_link` is the
/// platform's report of the connection (the firmware does not bond: normally unencrypted).
pub fn capabilities(secure_link: bool) -> Capabilities {
    Capabilities {
        family: Family::OpenGlass,
        camera: Some(CAMERA),
        display: None,
        mic: true,
        speaker: false,
        imu: false,
        secure_link,
    }
}

/// A photo being received.
#[derive(Debug, Default)]
struct Assembly {
    next_index: u16,
    bytes: Vec<u8>,
    broken: Option<String>,
}

impl Assembly {
    fn push(&mut self, index: u16, data: &[u8]) {
        if self.broken.is_some() {
            return;
        }
        if index != self.next_index {
            self.broken = Some(format!("chunk {} missing (got {index})", self.next_index));
        } else if self.bytes.len() + data.len() > MAX_PHOTO_BYTES {
            self.broken = Some("photo larger than 1 MiB".into());
        } else {
            self.bytes.extend_from_slice(data);
            self.next_index = self.next_index.wrapping_add(1);
        }
    }

    /// The complete JPEG, or why the photo must be dropped.
    fn finish(self) -> Result<Vec<u8>, String> {
        if let Some(reason) = self.broken {
            return Err(reason);
        }
        if !is_whole_jpeg(&self.bytes) {
            return Err("JPEG without its start or end marker: a chunk was lost".into());
        }
        Ok(self.bytes)
    }
}

/// The OpenGlass protocol, phone side.
#[derive(Debug)]
pub struct OpenGlassDriver {
    connected: bool,
    photos: PhotoQueue,
    assembly: Option<Assembly>,
    battery: Battery,
    speech: Option<PhoneSpeech>,
    audio_bytes: u64,
    /// The audio characteristic's codec id (the codec characteristic's value).
    audio_codec: u8,
    audio: AudioReceiver,
    /// The Opus decoder, when the codec is Opus (ids 20 and 21).
    opus: Option<OpusStream>,
    photos_dropped: u64,
    stats: LinkStats,
    /// The platform reported the connection encrypted with a bonded key.
    encrypted: bool,
}

impl OpenGlassDriver {
    /// A driver; `speech` carries the phone recognizer's transcripts of the glasses' audio.
    pub fn new(speech: Option<PhoneSpeech>) -> Self {
        Self {
            connected: false,
            photos: PhotoQueue::new(PHOTO_RETRY, PHOTO_ATTEMPTS),
            assembly: None,
            battery: Battery {
                percent: 0,
                charging: false,
            },
            speech,
            audio_bytes: 0,
            audio_codec: opus::OPENGLASS_OPUS_20MS,
            audio: AudioReceiver::new("openglass", 1 << 16),
            opus: Some(OpusStream::new()),
            photos_dropped: 0,
            stats: LinkStats::default(),
            encrypted: false,
        }
    }

    /// The driver for glasses whose audio codec characteristic reads `codec`: 21, Opus in
    /// 20-ms frames, is omiGlass's firmware and the default (the photo format this driver
    /// follows is omiGlass's too); 20 is Opus in 10-ms frames, 1 16-bit PCM at 8 kHz (the
    /// original OpenGlass firmware's default), 11 µ-law at 8 kHz; other ids are reported
    /// unsupported. The transports only write and subscribe today, so an app that read
    /// another value passes it here.
    pub fn with_audio_codec(mut self, codec: u8) -> Self {
        self.audio_codec = codec;
        self.opus = matches!(codec, opus::OPENGLASS_OPUS_10MS | opus::OPENGLASS_OPUS_20MS)
            .then(OpusStream::new);
        self
    }

    /// Microphone audio bytes received so far.
    pub fn audio_bytes(&self) -> u64 {
        self.audio_bytes
    }

    /// Photos dropped because a chunk was lost.
    pub fn photos_dropped(&self) -> u64 {
        self.photos_dropped
    }

    /// Sends a one-shot request for the oldest waiting request, if none is in flight.
    fn request_next(&mut self, io: &mut DriverIo) {
        if self.connected && self.photos.next_to_send(io.now).is_some() {
            io.packets.push(gatt::tagged(og::CONTROL, &[ONE_SHOT]));
        }
    }

    fn on_photo_end(&mut self, io: &mut DriverIo) {
        let Some(assembly) = self.assembly.take() else {
            return;
        };
        match assembly.finish() {
            Ok(jpeg) => self.photos.complete(jpeg, io, &mut self.stats),
            Err(reason) => {
                self.photos_dropped += 1;
                debug!("openglass: photo dropped: {reason}");
                self.photos.failed(&reason, io, &mut self.stats);
            }
        }
        self.request_next(io);
    }
}

impl Driver for OpenGlassDriver {
    fn family(&self) -> &'static str {
        Family::OpenGlass.as_str()
    }

    fn on_link_encryption(&mut self, encrypted: bool) {
        self.encrypted = encrypted;
    }

    fn on_connected(&mut self, _att_mtu: usize, io: &mut DriverIo) {
        self.connected = true;
        self.stats.sessions += 1;
        announce(&capabilities(self.encrypted), "OpenGlass", self.battery, io);
        self.request_next(io);
    }

    fn on_packet(&mut self, packet: &[u8], io: &mut DriverIo) {
        let notification = match decode(packet) {
            Ok(n) => n,
            Err(e) => {
                self.stats.malformed += 1;
                debug!("openglass: {e}");
                return;
            }
        };
        match notification {
            Notification::PhotoChunk { index, data, .. } => {
                self.photos.traffic(io.now);
                // A new photo while one is unfinished: the end marker of that one was lost.
                if index == 0 && self.assembly.take().is_some() {
                    self.photos_dropped += 1;
                }
                self.assembly
                    .get_or_insert_with(|| Assembly {
                        // A photo whose first chunk was lost starts broken.
                        broken: (index != 0).then(|| "chunk 0 missing".to_string()),
                        ..Assembly::default()
                    })
                    .push(index, data);
            }
            Notification::PhotoEnd => {
                self.photos.traffic(io.now);
                self.on_photo_end(io);
            }
            Notification::Audio { index, samples } => {
                self.audio_bytes += samples.len() as u64;
                if let Some(stream) = self.opus.as_mut() {
                    let corrupt = stream.corrupt();
                    self.audio.decoded(
                        u32::from(index),
                        opus::RATE,
                        |continuity| stream.decode(continuity, samples),
                        &mut io.events,
                    );
                    self.stats.malformed += stream.corrupt() - corrupt;
                } else {
                    match pcm::openglass(self.audio_codec, samples) {
                        Ok(decoded) => self.audio.samples(
                            u32::from(index),
                            decoded,
                            pcm::NARROW_RATE,
                            &mut io.events,
                        ),
                        Err(codec) => self.audio.unsupported(&codec, &mut io.events),
                    }
                }
            }
            Notification::Battery(percent) => {
                self.battery.percent = percent;
                io.events.push(LinkEvent::Battery(self.battery));
            }
        }
        speech::publish(&mut self.speech, io);
    }

    fn on_command(&mut self, command: Command, io: &mut DriverIo) {
        match command {
            Command::RequestFrame { request_id, .. } => {
                // The firmware has no quality or crop setting: the whole SVGA frame comes back.
                self.photos.push(request_id, 0);
                self.request_next(io);
            }
            Command::ShowCard(_) => debug!("openglass: no display; the phone shows the card"),
            Command::Speak(_) => debug!("openglass: no speaker; the phone speaks"),
            Command::Notify(_) => debug!("openglass: no display; the phone shows it"),
            Command::ConfirmPairing(_) => {}
            Command::Forget => io.signals.push(Signal::Forgotten),
        }
    }

    fn on_tick(&mut self, io: &mut DriverIo) {
        speech::publish(&mut self.speech, io);
        if self.photos.stalled(io.now) {
            self.assembly = None;
            self.photos.failed("no photo data", io, &mut self.stats);
            self.request_next(io);
        }
    }

    fn on_disconnected(&mut self, _io: &mut DriverIo) {
        self.connected = false;
        self.assembly = None;
        self.photos.disconnected();
    }

    fn stats(&self) -> LinkStats {
        self.stats
    }
}
