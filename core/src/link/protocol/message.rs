//! Messages: what the phone and the glasses say to each other once the link is secure, plus the
//! plaintext handshake envelope that sets the link up.
//!
//! Each message is one type byte followed by its fields (little-endian, strings u16-length
//! prefixed). A message with bytes after its last field is refused (it must mean one thing
//! only), so a newer minor version adds message types rather than fields; an unknown type byte
//! is reported as [`ProtocolError::UnknownMessage`] for the caller to skip with a warning.

use super::ProtocolError;
use super::wire::{Reader, Writer};

/// Most ranges one [`FrameStatus`] or [`FrameResume`] lists (the rest is asked next round).
pub const MAX_RANGES: usize = 64;
/// Most render commands in one display card.
pub const MAX_RENDER_COMMANDS: usize = 64;

/// A run of consecutive indices (chunks or segments): `first ..first + count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexRange {
    /// First index.
    pub first: u16,
    /// How many (at least 1).
    pub count: u16,
}

impl IndexRange {
    /// The indices of the range.
    pub fn indices(&self) -> impl Iterator<Item = u16> + use<> {
        let end = u32::from(self.first) + u32::from(self.count);
        (u32::from(self.first)..end.min(0x1_0000)).map(|i| i as u16)
    }

    /// Collapses sorted indices into at most `limit` ranges.
    pub fn from_sorted(indices: impl IntoIterator<Item = u16>, limit: usize) -> Vec<IndexRange> {
        let mut out: Vec<IndexRange> = Vec::new();
        for i in indices {
            if let Some(r) = out.last_mut()
                && u32::from(r.first) + u32::from(r.count) == u32::from(i)
                && r.count < u16::MAX
            {
                r.count += 1;
            } else if out.len() == limit {
                break;
            } else {
                out.push(IndexRange { first: i, count: 1 });
            }
        }
        out
    }
}

/// What the glasses can do, sent once the link is secure.
#[derive(Debug, Clone, PartialEq)]
pub struct Hello {
    /// Protocol major version of the sender.
    pub major: u8,
    /// Protocol minor version of the sender.
    pub minor: u8,
    /// Human-readable device name.
    pub name: String,
    /// Display width in pixels (0 = no display).
    pub display_width: u16,
    /// Display height in pixels.
    pub display_height: u16,
    /// Largest camera frame width (0 = no camera).
    pub camera_width: u16,
    /// Largest camera frame height.
    pub camera_height: u16,
    /// Has a microphone (and sends transcripts).
    pub mic: bool,
    /// Has an IMU (and sends samples).
    pub imu: bool,
    /// Battery state at connection time.
    pub battery: Battery,
}

/// Battery state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Battery {
    /// Charge, 0..=100.
    pub percent: u8,
    /// On the charger.
    pub charging: bool,
}

/// A touch gesture on the glasses' frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gesture {
    /// One tap.
    Tap,
    /// Two quick taps.
    DoubleTap,
    /// Finger held.
    LongPress,
    /// Swipe towards the front.
    SwipeForward,
    /// Swipe towards the back.
    SwipeBackward,
}

impl Gesture {
    fn code(self) -> u8 {
        match self {
            Gesture::Tap => 1,
            Gesture::DoubleTap => 2,
            Gesture::LongPress => 3,
            Gesture::SwipeForward => 4,
            Gesture::SwipeBackward => 5,
        }
    }

    fn from_code(code: u8) -> Result<Self, ProtocolError> {
        Ok(match code {
            1 => Gesture::Tap,
            2 => Gesture::DoubleTap,
            3 => Gesture::LongPress,
            4 => Gesture::SwipeForward,
            5 => Gesture::SwipeBackward,
            _ => return Err(ProtocolError::Invalid { what: "gesture" }),
        })
    }
}

/// One IMU reading (head motion).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImuSample {
    /// Milliseconds on the glasses' own clock.
    pub at_ms: u32,
    /// Acceleration in m/s² (x, y, z).
    pub accel: [f32; 3],
    /// Angular rate in rad/s (x, y, z).
    pub gyro: [f32; 3],
}

/// Speech recognised on the glasses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    /// The text.
    pub text: String,
    /// False for a partial result that will be replaced.
    pub is_final: bool,
}

/// Microphone audio from the glasses: one block of `codec`, numbered `seq`
/// (wrapping) so the phone can fill a lost block with silence and drop a late one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AudioPacket {
    /// Block number, wrapping at 65,536.
    pub seq: u16,
    /// [`AUDIO_CODEC_MULAW_16K`]; another value is refused by the phone, block by block.
    pub codec: u8,
    /// The wearer let go of the talk button (or the glasses' own detector heard the end):
    /// the utterance is complete.
    pub end: bool,
    /// The encoded block (µ-law: `link::audio::sightline`).
    pub data: Vec<u8>,
}

/// G.711 µ-law, 16 kHz mono, 8 bits a sample, blocks of at most 320 samples (20 ms): see
/// docs/protocol.md. (Id 1, 4-bit IMA-ADPCM, is retired: Whisper misheard what it carried.)
pub const AUDIO_CODEC_MULAW_16K: u8 = 2;

/// A region of interest, in ten-thousandths of the full frame (0..=10000 on each axis), so it
/// does not depend on the camera resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roi {
    /// Left edge.
    pub x: u16,
    /// Top edge.
    pub y: u16,
    /// Width.
    pub w: u16,
    /// Height.
    pub h: u16,
}

impl Roi {
    /// Full scale of the ROI coordinates.
    pub const SCALE: u16 = 10_000;

    fn write(&self, w: &mut Writer) {
        w.u16(self.x).u16(self.y).u16(self.w).u16(self.h);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, ProtocolError> {
        let roi = Roi {
            x: r.u16("roi.x")?,
            y: r.u16("roi.y")?,
            w: r.u16("roi.w")?,
            h: r.u16("roi.h")?,
        };
        let inside = |a: u16, b: u16| u32::from(a) + u32::from(b) <= u32::from(Self::SCALE);
        if roi.w == 0 || roi.h == 0 || !inside(roi.x, roi.w) || !inside(roi.y, roi.h) {
            return Err(ProtocolError::Invalid { what: "roi" });
        }
        Ok(roi)
    }
}

fn write_opt_roi(w: &mut Writer, roi: &Option<Roi>) {
    match roi {
        Some(roi) => {
            w.u8(1);
            roi.write(w);
        }
        None => {
            w.u8(0);
        }
    }
}

fn read_opt_roi(r: &mut Reader<'_>) -> Result<Option<Roi>, ProtocolError> {
    Ok(if r.bool("roi flag")? {
        Some(Roi::read(r)?)
    } else {
        None
    })
}

fn write_ranges(w: &mut Writer, ranges: &[IndexRange]) {
    let n = ranges.len().min(MAX_RANGES);
    w.u8(n as u8);
    for r in &ranges[..n] {
        w.u16(r.first).u16(r.count);
    }
}

fn read_ranges(r: &mut Reader<'_>) -> Result<Vec<IndexRange>, ProtocolError> {
    let n = usize::from(r.u8("range count")?);
    if n > MAX_RANGES {
        return Err(ProtocolError::Invalid {
            what: "range count",
        });
    }
    (0..n)
        .map(|_| {
            let range = IndexRange {
                first: r.u16("range.first")?,
                count: r.u16("range.count")?,
            };
            if range.count == 0 {
                return Err(ProtocolError::Invalid {
                    what: "range.count",
                });
            }
            Ok(range)
        })
        .collect()
}

/// The phone asks for a new camera frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameRequest {
    /// Chosen by the phone; echoed in the frame's metadata. Re-sending the same id is safe.
    pub request_id: u32,
    /// JPEG quality 1..=100, or 0 for the glasses' default.
    pub quality: u8,
    /// Crop to this region (a sharp crop of a sign for OCR) instead of the whole scene.
    pub roi: Option<Roi>,
}

/// The phone asks to finish a frame whose transfer a disconnect interrupted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameResume {
    /// The frame, as named in its metadata.
    pub frame_id: u32,
    /// Segments the phone already holds, verified.
    pub have: Vec<IndexRange>,
}

/// Describes one stream of a frame (sent before its chunks, and again after each round).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameMeta {
    /// The request this answers.
    pub request_id: u32,
    /// The frame (stable across streams and reconnections).
    pub frame_id: u32,
    /// The stream id used in chunk packets of this connection.
    pub stream: u8,
    /// JPEG size in bytes.
    pub jpeg_len: u32,
    /// CRC32 (IEEE) of the whole JPEG.
    pub crc32: u32,
    /// Plaintext bytes per segment (the last may be shorter).
    pub segment_size: u16,
    /// Bytes of payload per chunk packet.
    pub chunk_size: u16,
    /// The segments this stream carries, in order.
    pub segments: Vec<IndexRange>,
    /// JPEG quality the frame was encoded with (0 = camera default).
    pub quality: u8,
    /// The region it shows (`None` = whole scene).
    pub roi: Option<Roi>,
    /// False before the chunks, true after each round (the phone answers with a status).
    pub end: bool,
}

/// The phone's answer to the end of a round: which chunks are missing (empty = complete).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameStatus {
    /// The stream.
    pub stream: u8,
    /// Missing chunk indices.
    pub missing: Vec<IndexRange>,
}

/// The glasses cannot serve a frame (no camera, evicted from cache, not paired…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameUnavailable {
    /// The request (0 when answering a resume).
    pub request_id: u32,
    /// The frame (0 when answering a request).
    pub frame_id: u32,
    /// Why.
    pub reason: String,
}

/// One drawing step of a display card (the glasses have no layout engine of their own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderCommand {
    /// Blank the display.
    Clear,
    /// A line of text with its top-left corner at (x, y).
    Text {
        /// Left, pixels.
        x: u16,
        /// Top, pixels.
        y: u16,
        /// Font size, pixels.
        size: u8,
        /// The text.
        text: String,
    },
    /// A rectangle.
    Rect {
        /// Left.
        x: u16,
        /// Top.
        y: u16,
        /// Width.
        w: u16,
        /// Height.
        h: u16,
        /// Filled or outline.
        filled: bool,
    },
}

/// A card to show, as render commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayCard {
    /// Chosen by the phone; a later card with the same id replaces it.
    pub card_id: u32,
    /// What to draw, in order.
    pub commands: Vec<RenderCommand>,
}

/// An error reported by the peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerError {
    /// One of the `ERR_*` codes.
    pub code: u16,
    /// Human-readable detail (no personal data).
    pub text: String,
}

/// The peer is not paired with this phone (or pairing is not confirmed yet).
pub const ERR_NOT_PAIRED: u16 = 1;
/// The peer could not understand a message.
pub const ERR_MALFORMED: u16 = 2;
/// The peer speaks an incompatible protocol version.
pub const ERR_VERSION: u16 = 3;

/// Everything said over the secure link.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// Capabilities (glasses → phone, right after the link is trusted).
    Hello(Hello),
    /// Liveness (both ways, about once a second).
    Heartbeat {
        /// Sender's sequence number.
        seq: u32,
    },
    /// Battery changed.
    Battery(Battery),
    /// A gesture was made.
    Gesture(Gesture),
    /// An IMU sample.
    Imu(ImuSample),
    /// Speech text.
    Transcript(Transcript),
    /// Microphone audio.
    Audio(AudioPacket),
    /// Request a frame.
    FrameRequest(FrameRequest),
    /// Resume an interrupted frame.
    FrameResume(FrameResume),
    /// Frame stream metadata.
    FrameMeta(FrameMeta),
    /// Missing chunks after a round.
    FrameStatus(FrameStatus),
    /// A frame cannot be served.
    FrameUnavailable(FrameUnavailable),
    /// Show a card.
    Display(DisplayCard),
    /// Speak text aloud.
    Speak {
        /// The text.
        text: String,
    },
    /// Confirms (or rejects) the pairing comparison code on this side.
    PairConfirm {
        /// The user said the codes match.
        accepted: bool,
    },
    /// Forget the pairing: delete the peer's key.
    Forget,
    /// An error.
    Error(PeerError),
}

mod kind {
    pub const HELLO: u8 = 0x01;
    pub const HEARTBEAT: u8 = 0x02;
    pub const BATTERY: u8 = 0x03;
    pub const GESTURE: u8 = 0x04;
    pub const IMU: u8 = 0x05;
    pub const TRANSCRIPT: u8 = 0x06;
    pub const AUDIO: u8 = 0x07;
    pub const FRAME_REQUEST: u8 = 0x10;
    pub const FRAME_RESUME: u8 = 0x11;
    pub const FRAME_META: u8 = 0x12;
    pub const FRAME_STATUS: u8 = 0x13;
    pub const FRAME_UNAVAILABLE: u8 = 0x14;
    pub const DISPLAY: u8 = 0x20;
    pub const SPEAK: u8 = 0x21;
    pub const PAIR_CONFIRM: u8 = 0x30;
    pub const FORGET: u8 = 0x31;
    pub const ERROR: u8 = 0x7f;
}

impl Message {
    /// The wire bytes of the message.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(32);
        match self {
            Message::Hello(h) => {
                w.u8(kind::HELLO).u8(h.major).u8(h.minor).str(&h.name);
                w.u16(h.display_width).u16(h.display_height);
                w.u16(h.camera_width).u16(h.camera_height);
                w.u8(u8::from(h.mic)).u8(u8::from(h.imu));
                w.u8(h.battery.percent).u8(u8::from(h.battery.charging));
            }
            Message::Heartbeat { seq } => {
                w.u8(kind::HEARTBEAT).u32(*seq);
            }
            Message::Battery(b) => {
                w.u8(kind::BATTERY).u8(b.percent).u8(u8::from(b.charging));
            }
            Message::Gesture(g) => {
                w.u8(kind::GESTURE).u8(g.code());
            }
            Message::Imu(s) => {
                w.u8(kind::IMU).u32(s.at_ms);
                for v in s.accel.iter().chain(&s.gyro) {
                    w.f32(*v);
                }
            }
            Message::Transcript(t) => {
                w.u8(kind::TRANSCRIPT).u8(u8::from(t.is_final)).str(&t.text);
            }
            Message::Audio(a) => {
                w.u8(kind::AUDIO).u16(a.seq).u8(a.codec).u8(u8::from(a.end));
                w.raw(&a.data);
            }
            Message::FrameRequest(f) => {
                w.u8(kind::FRAME_REQUEST).u32(f.request_id).u8(f.quality);
                write_opt_roi(&mut w, &f.roi);
            }
            Message::FrameResume(f) => {
                w.u8(kind::FRAME_RESUME).u32(f.frame_id);
                write_ranges(&mut w, &f.have);
            }
            Message::FrameMeta(m) => {
                w.u8(kind::FRAME_META)
                    .u32(m.request_id)
                    .u32(m.frame_id)
                    .u8(m.stream);
                w.u32(m.jpeg_len)
                    .u32(m.crc32)
                    .u16(m.segment_size)
                    .u16(m.chunk_size);
                write_ranges(&mut w, &m.segments);
                w.u8(m.quality);
                write_opt_roi(&mut w, &m.roi);
                w.u8(u8::from(m.end));
            }
            Message::FrameStatus(s) => {
                w.u8(kind::FRAME_STATUS).u8(s.stream);
                write_ranges(&mut w, &s.missing);
            }
            Message::FrameUnavailable(f) => {
                w.u8(kind::FRAME_UNAVAILABLE)
                    .u32(f.request_id)
                    .u32(f.frame_id)
                    .str(&f.reason);
            }
            Message::Display(card) => {
                let n = card.commands.len().min(MAX_RENDER_COMMANDS);
                w.u8(kind::DISPLAY).u32(card.card_id).u8(n as u8);
                for c in &card.commands[..n] {
                    write_render(&mut w, c);
                }
            }
            Message::Speak { text } => {
                w.u8(kind::SPEAK).str(text);
            }
            Message::PairConfirm { accepted } => {
                w.u8(kind::PAIR_CONFIRM).u8(u8::from(*accepted));
            }
            Message::Forget => {
                w.u8(kind::FORGET);
            }
            Message::Error(e) => {
                w.u8(kind::ERROR).u16(e.code).str(&e.text);
            }
        }
        w.finish()
    }

    /// Decodes one message. Trailing bytes after its fields are refused: a message means one
    /// thing only (a newer minor version adds message types, never fields).
    pub fn decode(bytes: &[u8]) -> Result<Message, ProtocolError> {
        let mut r = Reader::new(bytes);
        let t = r.u8("message type")?;
        let message = match t {
            kind::HELLO => Message::Hello(Hello {
                major: r.u8("hello.major")?,
                minor: r.u8("hello.minor")?,
                name: r.str("hello.name")?,
                display_width: r.u16("hello.display_width")?,
                display_height: r.u16("hello.display_height")?,
                camera_width: r.u16("hello.camera_width")?,
                camera_height: r.u16("hello.camera_height")?,
                mic: r.bool("hello.mic")?,
                imu: r.bool("hello.imu")?,
                battery: read_battery(&mut r)?,
            }),
            kind::HEARTBEAT => Message::Heartbeat {
                seq: r.u32("heartbeat.seq")?,
            },
            kind::BATTERY => Message::Battery(read_battery(&mut r)?),
            kind::GESTURE => Message::Gesture(Gesture::from_code(r.u8("gesture")?)?),
            kind::IMU => {
                let at_ms = r.u32("imu.at_ms")?;
                let mut v = [0f32; 6];
                for x in &mut v {
                    *x = r.f32("imu.value")?;
                }
                Message::Imu(ImuSample {
                    at_ms,
                    accel: [v[0], v[1], v[2]],
                    gyro: [v[3], v[4], v[5]],
                })
            }
            kind::TRANSCRIPT => {
                let is_final = r.bool("transcript.final")?;
                Message::Transcript(Transcript {
                    text: r.str("transcript.text")?,
                    is_final,
                })
            }
            kind::AUDIO => Message::Audio(AudioPacket {
                seq: r.u16("audio.seq")?,
                codec: r.u8("audio.codec")?,
                end: r.bool("audio.end")?,
                data: r.rest().to_vec(),
            }),
            kind::FRAME_REQUEST => Message::FrameRequest(FrameRequest {
                request_id: r.u32("request.id")?,
                quality: read_quality(&mut r)?,
                roi: read_opt_roi(&mut r)?,
            }),
            kind::FRAME_RESUME => Message::FrameResume(FrameResume {
                frame_id: r.u32("resume.frame_id")?,
                have: read_ranges(&mut r)?,
            }),
            kind::FRAME_META => Message::FrameMeta(read_meta(&mut r)?),
            kind::FRAME_STATUS => Message::FrameStatus(FrameStatus {
                stream: r.u8("status.stream")?,
                missing: read_ranges(&mut r)?,
            }),
            kind::FRAME_UNAVAILABLE => Message::FrameUnavailable(FrameUnavailable {
                request_id: r.u32("unavailable.request_id")?,
                frame_id: r.u32("unavailable.frame_id")?,
                reason: r.str("unavailable.reason")?,
            }),
            kind::DISPLAY => {
                let card_id = r.u32("display.card_id")?;
                let n = usize::from(r.u8("display.count")?);
                if n > MAX_RENDER_COMMANDS {
                    return Err(ProtocolError::Invalid {
                        what: "display.count",
                    });
                }
                let commands = (0..n)
                    .map(|_| read_render(&mut r))
                    .collect::<Result<_, _>>()?;
                Message::Display(DisplayCard { card_id, commands })
            }
            kind::SPEAK => Message::Speak {
                text: r.str("speak.text")?,
            },
            kind::PAIR_CONFIRM => Message::PairConfirm {
                accepted: r.bool("pair.accepted")?,
            },
            kind::FORGET => Message::Forget,
            kind::ERROR => Message::Error(PeerError {
                code: r.u16("error.code")?,
                text: r.str("error.text")?,
            }),
            other => return Err(ProtocolError::UnknownMessage { kind: other }),
        };
        if r.remaining() != 0 {
            return Err(ProtocolError::Invalid {
                what: "trailing bytes after the message",
            });
        }
        Ok(message)
    }
}

fn read_battery(r: &mut Reader<'_>) -> Result<Battery, ProtocolError> {
    let percent = r.u8("battery.percent")?;
    if percent > 100 {
        return Err(ProtocolError::Invalid {
            what: "battery.percent",
        });
    }
    Ok(Battery {
        percent,
        charging: r.bool("battery.charging")?,
    })
}

fn read_quality(r: &mut Reader<'_>) -> Result<u8, ProtocolError> {
    let q = r.u8("quality")?;
    if q > 100 {
        return Err(ProtocolError::Invalid { what: "quality" });
    }
    Ok(q)
}

fn read_meta(r: &mut Reader<'_>) -> Result<FrameMeta, ProtocolError> {
    let meta = FrameMeta {
        request_id: r.u32("meta.request_id")?,
        frame_id: r.u32("meta.frame_id")?,
        stream: r.u8("meta.stream")?,
        jpeg_len: r.u32("meta.jpeg_len")?,
        crc32: r.u32("meta.crc32")?,
        segment_size: r.u16("meta.segment_size")?,
        chunk_size: r.u16("meta.chunk_size")?,
        segments: read_ranges(r)?,
        quality: read_quality(r)?,
        roi: read_opt_roi(r)?,
        end: r.bool("meta.end")?,
    };
    if meta.segment_size == 0 {
        return Err(ProtocolError::Invalid {
            what: "meta.segment_size",
        });
    }
    if meta.chunk_size == 0 {
        return Err(ProtocolError::Invalid {
            what: "meta.chunk_size",
        });
    }
    Ok(meta)
}

fn write_render(w: &mut Writer, c: &RenderCommand) {
    match c {
        RenderCommand::Clear => {
            w.u8(0);
        }
        RenderCommand::Text { x, y, size, text } => {
            w.u8(1).u16(*x).u16(*y).u8(*size).str(text);
        }
        RenderCommand::Rect {
            x,
            y,
            w: cw,
            h,
            filled,
        } => {
            w.u8(2)
                .u16(*x)
                .u16(*y)
                .u16(*cw)
                .u16(*h)
                .u8(u8::from(*filled));
        }
    }
}

fn read_render(r: &mut Reader<'_>) -> Result<RenderCommand, ProtocolError> {
    Ok(match r.u8("render.kind")? {
        0 => RenderCommand::Clear,
        1 => RenderCommand::Text {
            x: r.u16("text.x")?,
            y: r.u16("text.y")?,
            size: r.u8("text.size")?,
            text: r.str("text.text")?,
        },
        2 => RenderCommand::Rect {
            x: r.u16("rect.x")?,
            y: r.u16("rect.y")?,
            w: r.u16("rect.w")?,
            h: r.u16("rect.h")?,
            filled: r.bool("rect.filled")?,
        },
        _ => {
            return Err(ProtocolError::Invalid {
                what: "render.kind",
            });
        }
    })
}

/// Which Noise pattern a handshake runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandshakePattern {
    /// First pairing: static keys exchanged, confirmed by a comparison code.
    Xx,
    /// Reconnection of a paired pair: both static keys known in advance.
    Kk,
}

/// Why a responder refused a handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefusalReason {
    /// The responder has no key for this phone (KK from an unpaired phone).
    NotPaired,
    /// The handshake did not authenticate (wrong key, forged message).
    AuthenticationFailed,
    /// The responder does not accept pairing right now.
    PairingClosed,
}

/// The plaintext envelope of the Noise handshake messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandshakeMessage {
    /// First message, naming the pattern.
    Init {
        /// XX or KK.
        pattern: HandshakePattern,
        /// The Noise message bytes.
        noise: Vec<u8>,
    },
    /// Second message (responder → initiator).
    Reply {
        /// The Noise message bytes.
        noise: Vec<u8>,
    },
    /// Third message (XX only, initiator → responder).
    Final {
        /// The Noise message bytes.
        noise: Vec<u8>,
    },
    /// The responder refused.
    Refused(RefusalReason),
    /// After an XX pairing, the responder reveals the nonce it committed to in message 2
    /// (exactly 32 bytes; the initiator checks it against the commitment).
    Reveal {
        /// The responder's pairing nonce.
        nonce: [u8; 32],
    },
}

impl HandshakeMessage {
    /// The wire bytes.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(100);
        match self {
            HandshakeMessage::Init { pattern, noise } => {
                let p = match pattern {
                    HandshakePattern::Xx => 1,
                    HandshakePattern::Kk => 2,
                };
                w.u8(1).u8(p).raw(noise);
            }
            HandshakeMessage::Reply { noise } => {
                w.u8(2).raw(noise);
            }
            HandshakeMessage::Final { noise } => {
                w.u8(3).raw(noise);
            }
            HandshakeMessage::Refused(reason) => {
                let r = match reason {
                    RefusalReason::NotPaired => 1,
                    RefusalReason::AuthenticationFailed => 2,
                    RefusalReason::PairingClosed => 3,
                };
                w.u8(4).u8(r);
            }
            HandshakeMessage::Reveal { nonce } => {
                w.u8(5).raw(nonce);
            }
        }
        w.finish()
    }

    /// Decodes a handshake envelope.
    pub fn decode(bytes: &[u8]) -> Result<Self, ProtocolError> {
        let mut r = Reader::new(bytes);
        Ok(match r.u8("handshake type")? {
            1 => {
                let pattern = match r.u8("handshake.pattern")? {
                    1 => HandshakePattern::Xx,
                    2 => HandshakePattern::Kk,
                    _ => {
                        return Err(ProtocolError::Invalid {
                            what: "handshake.pattern",
                        });
                    }
                };
                HandshakeMessage::Init {
                    pattern,
                    noise: r.rest().to_vec(),
                }
            }
            2 => HandshakeMessage::Reply {
                noise: r.rest().to_vec(),
            },
            3 => HandshakeMessage::Final {
                noise: r.rest().to_vec(),
            },
            4 => HandshakeMessage::Refused(match r.u8("handshake.reason")? {
                1 => RefusalReason::NotPaired,
                2 => RefusalReason::AuthenticationFailed,
                3 => RefusalReason::PairingClosed,
                _ => {
                    return Err(ProtocolError::Invalid {
                        what: "handshake.reason",
                    });
                }
            }),
            5 => HandshakeMessage::Reveal {
                nonce: r.rest().try_into().map_err(|_| ProtocolError::Invalid {
                    what: "handshake.nonce",
                })?,
            },
            _ => {
                return Err(ProtocolError::Invalid {
                    what: "handshake type",
                });
            }
        })
    }
}
