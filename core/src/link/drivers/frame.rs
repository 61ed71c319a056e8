//! Brilliant Labs Frame: a 640×400 display and a camera driven by Lua over an encrypted,
//! bonded BLE link.
//!
//! Plain UTF-8 writes run as Lua on the Frame (at most ATT MTU − 3 bytes each); a leading
//! `0x01` marks raw data, `0x03` breaks a running script and `0x04` resets the Lua VM. The
//! Frame answers with `print` output (plain text) or with `frame.bluetooth.send` data, which
//! its firmware prefixes with `0x01`; photos come back as `0x01 0x07`-prefixed chunks of the
//! JPEG and an empty `0x01 0x08` chunk ends them. Its firmware holds one notification at a
//! time (`frame.bluetooth.send` fails while one is pending), so the Lua side retries each send.

use std::time::Duration;
use tokio::time::Instant;
use tracing::debug;

use super::announce;
use super::photos::{PhotoQueue, is_whole_jpeg};
use super::{PhoneSpeech, WireError, speech};
use crate::hud;
use crate::link::LinkError;
use crate::link::audio::{AudioReceiver, pcm};
use crate::link::device::{Capabilities, DisplayCaps, DisplayColours, Family};
use crate::link::gatt::{self, frame as fg};
use crate::link::protocol::message::{Battery, DisplayCard, Gesture, RenderCommand};
use crate::link::protocol::packet_payload;
use crate::link::session::{Command, Driver, DriverIo, LinkEvent, LinkStats, Signal};

/// Raw-data flag (both directions).
pub const DATA: u8 = 0x01;
/// Break signal: stops a running script.
pub const BREAK: u8 = 0x03;
/// Reset signal: restarts the Lua VM (helpers are defined again on connection).
pub const RESET: u8 = 0x04;
/// Data flag of a photo chunk.
pub const IMAGE_CHUNK: u8 = 0x07;
/// Data flag of the (empty) last photo chunk.
pub const IMAGE_END: u8 = 0x08;
/// Data flag of a tap.
pub const TAP: u8 = 0x04;
/// Data flag of microphone audio.
pub const MIC: u8 = 0x05;

/// Frame display size.
pub const DISPLAY: (u16, u16) = (640, 400);
/// Frame camera: a 720×720 square crop.
pub const CAMERA: (u16, u16) = (720, 720);

/// Lua helper: send `d` as data, retrying while the one notification slot is busy.
pub const SEND_HELPER: &str =
    "function slsend(d)while not pcall(frame.bluetooth.send,d)do frame.sleep(0.005)end end";
/// Lua helper: capture at quality `q`, wait for the image, then stream it ([`READ_HELPER`]).
pub const CAMERA_HELPER: &str = "function slcam(q)frame.camera.capture{quality_factor=q}while not frame.camera.image_ready()do frame.sleep(.05)end slrd()end";
/// Lua helper: stream the captured JPEG as `0x07` chunks of `max_length() − 1` bytes, then an
/// empty `0x08` chunk.
pub const READ_HELPER: &str = "function slrd()local n=frame.bluetooth.max_length()-1 while 1 do local d=frame.camera.read(n)if d==nil then break end slsend('\\7'..d)end slsend('\\8')end";
/// The helpers defined on every connection, in order; each fits one write at ATT MTU 185
/// (iOS's default), the smallest a Frame connection gets in practice.
pub const HELPERS: [&str; 4] = [SEND_HELPER, READ_HELPER, CAMERA_HELPER, TAP_HELPER];
/// Lua: report taps as `0x04` data.
pub const TAP_HELPER: &str = "frame.imu.tap_callback(function()slsend('\\4')end)";
/// Lua: the hello the driver waits for: firmware version and battery level.
pub const HELLO: &str = "print('SL '..frame.FIRMWARE_VERSION..' '..frame.battery_level())";
/// Lua: the periodic battery poll (also the link's keep-alive).
pub const BATTERY_POLL: &str = "print(frame.battery_level())";

/// A second tap within this long makes a double tap.
const DOUBLE_TAP: Duration = Duration::from_millis(400);
/// How often the driver polls the battery (keeping the link from going silent).
const POLL_PERIOD: Duration = Duration::from_secs(2);
/// A photo request with no photo traffic for this long is sent again.
const PHOTO_RETRY: Duration = Duration::from_secs(4);
/// Sends of one photo request before it is reported lost.
const PHOTO_ATTEMPTS: u32 = 3;
/// A photo longer than this is refused.
const MAX_PHOTO_BYTES: usize = 1 << 20;

/// The capabilities of a Frame; `secure_link` is the platform's report of the connection
/// (the Frame has no link security of its own beyond BLE bonding).
pub fn capabilities(secure_link: bool) -> Capabilities {
    Capabilities {
        family: Family::Frame,
        camera: Some(CAMERA),
        display: Some(DisplayCaps {
            width: DISPLAY.0,
            height: DISPLAY.1,
            colours: DisplayColours::Palette(16),
            layout: hud::Display::REFERENCE,
        }),
        mic: true,
        speaker: false,
        imu: true,
        secure_link,
    }
}

/// One notification from a Frame, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification<'a> {
    /// `print` output.
    Print(&'a str),
    /// A photo chunk.
    ImageChunk(&'a [u8]),
    /// The photo is complete.
    ImageEnd,
    /// The wearer tapped.
    Tap,
    /// Microphone audio.
    Mic(&'a [u8]),
    /// Data with a flag this driver does not use.
    OtherData(u8),
}

/// Decodes one tagged notification (see [`gatt`]).
pub fn decode(packet: &[u8]) -> Result<Notification<'_>, WireError> {
    let (channel, value) = gatt::untag(packet).ok_or(WireError::Empty)?;
    if channel != fg::NOTIFY {
        return Err(WireError::UnknownChannel(channel));
    }
    match value {
        [] => Err(WireError::Empty),
        [DATA] => Err(WireError::Short {
            what: "data notification",
            len: 1,
        }),
        [DATA, IMAGE_CHUNK, data @ ..] => Ok(Notification::ImageChunk(data)),
        [DATA, IMAGE_END, ..] => Ok(Notification::ImageEnd),
        [DATA, TAP, ..] => Ok(Notification::Tap),
        [DATA, MIC, data @ ..] => Ok(Notification::Mic(data)),
        [DATA, flag, ..] => Ok(Notification::OtherData(*flag)),
        text => std::str::from_utf8(text)
            .map(Notification::Print)
            .map_err(|e| WireError::Invalid(format!("print output is not UTF-8: {e}"))),
    }
}

/// `text` as a Lua string literal (double-quoted, with escapes), safe to run on the Frame.
pub fn lua_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\{:03}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The Lua writes that draw `card` and show it, each at most `max_lua` bytes. Frame
/// coordinates start at 1; text is placed at the card's pixel positions (the card was laid out
/// for a 640×400 display). Rectangles are not drawn (the Frame API has no rectangle call); a
/// text too long for one write is cut at a character boundary.
pub fn card_writes(card: &DisplayCard, max_lua: usize) -> Vec<String> {
    let show = "frame.display.show()";
    let mut statements: Vec<String> = Vec::new();
    for command in &card.commands {
        if let RenderCommand::Text { x, y, text, .. } = command {
            let (x, y) = (u32::from(*x) + 1, u32::from(*y) + 1);
            let mut text = text.as_str();
            loop {
                let statement = format!("frame.display.text({},{x},{y})", lua_string(text));
                if statement.len() <= max_lua || text.is_empty() {
                    statements.push(statement);
                    break;
                }
                let mut cut = text.len() - 1;
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text = &text[..cut];
            }
        }
    }
    statements.push(show.to_string());
    let mut writes: Vec<String> = Vec::new();
    for statement in statements {
        match writes.last_mut() {
            Some(last) if last.len() + 1 + statement.len() <= max_lua => {
                last.push(';');
                last.push_str(&statement);
            }
            _ => writes.push(statement),
        }
    }
    writes
}

#[derive(Debug)]
struct Connection {
    max_lua: usize,
    ready: bool,
    last_poll: Instant,
}

/// The Frame protocol, phone side.
#[derive(Debug)]
pub struct FrameDriver {
    conn: Option<Connection>,
    photos: PhotoQueue,
    photo: Option<Vec<u8>>,
    queued_card: Option<DisplayCard>,
    battery: Battery,
    last_tap: Option<Instant>,
    speech: Option<PhoneSpeech>,
    mic_bytes: u64,
    /// Microphone audio (16-bit PCM at 8 kHz; the notifications carry no counter, so each
    /// is numbered on arrival).
    audio: AudioReceiver,
    mic_packets: u32,
    stats: LinkStats,
    /// The platform reported the connection encrypted with a bonded key.
    encrypted: bool,
}

/// The Frame's quality factors (frame_msg's `quality_values`) nearest to a 1..=100 quality.
fn quality_factor(quality: u8) -> u8 {
    match quality {
        0 => 50,
        1..=17 => 10,
        18..=37 => 25,
        38..=75 => 50,
        _ => 100,
    }
}

impl FrameDriver {
    /// A driver; `speech` carries the phone recognizer's transcripts of the Frame's audio.
    pub fn new(speech: Option<PhoneSpeech>) -> Self {
        Self {
            conn: None,
            photos: PhotoQueue::new(PHOTO_RETRY, PHOTO_ATTEMPTS),
            photo: None,
            queued_card: None,
            battery: Battery {
                percent: 0,
                charging: false,
            },
            last_tap: None,
            speech,
            mic_bytes: 0,
            audio: AudioReceiver::new("frame", u32::MAX),
            mic_packets: 0,
            stats: LinkStats::default(),
            encrypted: false,
        }
    }

    /// The Frame reports every tap alike; a second one within [`DOUBLE_TAP`] is a double tap.
    fn on_tap(&mut self, io: &mut DriverIo) {
        let double = self
            .last_tap
            .is_some_and(|t| io.now.duration_since(t) <= DOUBLE_TAP);
        self.last_tap = (!double).then_some(io.now);
        let gesture = if double {
            Gesture::DoubleTap
        } else {
            Gesture::Tap
        };
        io.events.push(LinkEvent::Gesture(gesture));
    }

    /// Microphone audio bytes received so far.
    pub fn mic_bytes(&self) -> u64 {
        self.mic_bytes
    }

    fn lua(io: &mut DriverIo, code: &str) {
        io.packets.push(gatt::tagged(fg::WRITE, code.as_bytes()));
    }

    fn ready(&self) -> bool {
        self.conn.as_ref().is_some_and(|c| c.ready)
    }

    fn request_next(&mut self, io: &mut DriverIo) {
        if !self.ready() {
            return;
        }
        if let Some(quality) = self.photos.next_to_send(io.now) {
            self.photo = Some(Vec::new());
            Self::lua(io, &format!("slcam({})", quality_factor(quality)));
        }
    }

    fn show(&mut self, card: DisplayCard, io: &mut DriverIo) {
        match self.conn.as_ref().filter(|c| c.ready) {
            Some(conn) => {
                for write in card_writes(&card, conn.max_lua) {
                    Self::lua(io, &write);
                }
            }
            None => self.queued_card = Some(card),
        }
    }

    fn on_print(&mut self, text: &str, io: &mut DriverIo) {
        let mut words = text.split_whitespace();
        let (first, second) = (words.next(), words.next());
        let level = match (first, second) {
            (Some("SL"), Some(_firmware)) => words.next(),
            (Some(level), None) => Some(level),
            _ => None,
        };
        let Some(percent) = level
            .and_then(|l| l.parse::<f32>().ok())
            .map(|p| p.clamp(0.0, 100.0) as u8)
        else {
            debug!("frame: print output {text:?}");
            return;
        };
        let changed = self.battery.percent != percent;
        self.battery.percent = percent;
        if first == Some("SL") {
            if let Some(conn) = self.conn.as_mut().filter(|c| !c.ready) {
                conn.ready = true;
                self.stats.sessions += 1;
                announce(&capabilities(self.encrypted), "Frame", self.battery, io);
                if let Some(card) = self.queued_card.take() {
                    self.show(card, io);
                }
                self.request_next(io);
            }
        } else if changed {
            io.events.push(LinkEvent::Battery(self.battery));
        }
    }

    fn photo_failed(&mut self, reason: &str, io: &mut DriverIo) {
        self.photo = None;
        self.photos.failed(reason, io, &mut self.stats);
        self.request_next(io);
    }

    fn on_image_end(&mut self, io: &mut DriverIo) {
        let Some(jpeg) = self.photo.take() else {
            return;
        };
        if !is_whole_jpeg(&jpeg) {
            self.photo_failed("photo incomplete", io);
            return;
        }
        self.photos.complete(jpeg, io, &mut self.stats);
        self.request_next(io);
    }
}

impl Driver for FrameDriver {
    fn family(&self) -> &'static str {
        Family::Frame.as_str()
    }

    fn on_link_encryption(&mut self, encrypted: bool) {
        self.encrypted = encrypted;
    }

    fn on_connected(&mut self, att_mtu: usize, io: &mut DriverIo) {
        let max_lua = packet_payload(att_mtu);
        let longest = HELPERS.iter().map(|h| h.len()).max().unwrap_or(0);
        if max_lua < longest {
            io.signals.push(Signal::Fatal(LinkError::Peer {
                code: 0,
                text: format!(
                    "ATT MTU {att_mtu} is too small for the Frame driver (needs {})",
                    longest + 3
                ),
            }));
            return;
        }
        self.conn = Some(Connection {
            max_lua,
            ready: false,
            last_poll: io.now,
        });
        io.packets.push(gatt::tagged(fg::WRITE, &[BREAK]));
        for code in HELPERS.iter().chain([&HELLO]) {
            Self::lua(io, code);
        }
    }

    fn on_packet(&mut self, packet: &[u8], io: &mut DriverIo) {
        match decode(packet) {
            Ok(Notification::Print(text)) => self.on_print(text, io),
            Ok(Notification::ImageChunk(data)) => {
                self.photos.traffic(io.now);
                if let Some(photo) = self.photo.as_mut() {
                    if photo.len() + data.len() > MAX_PHOTO_BYTES {
                        self.photo_failed("photo larger than 1 MiB", io);
                    } else {
                        photo.extend_from_slice(data);
                    }
                }
            }
            Ok(Notification::ImageEnd) => self.on_image_end(io),
            Ok(Notification::Tap) => self.on_tap(io),
            Ok(Notification::Mic(data)) => {
                self.mic_bytes += data.len() as u64;
                self.mic_packets = self.mic_packets.wrapping_add(1);
                self.audio.samples(
                    self.mic_packets,
                    pcm::pcm16_le(data),
                    pcm::NARROW_RATE,
                    &mut io.events,
                );
            }
            Ok(Notification::OtherData(flag)) => {
                self.stats.unknown += 1;
                debug!("frame: data flag {flag:#04x} ignored");
            }
            Err(e) => {
                self.stats.malformed += 1;
                debug!("frame: {e}");
            }
        }
        speech::publish(&mut self.speech, io);
    }

    fn on_command(&mut self, command: Command, io: &mut DriverIo) {
        match command {
            Command::RequestFrame {
                request_id,
                quality,
                ..
            } => {
                // The Frame camera has no crop setting here: the whole frame comes back.
                self.photos.push(request_id, quality_factor(quality));
                self.request_next(io);
            }
            Command::ShowCard(card) => self.show(card, io),
            Command::Speak(_) => debug!("frame: no speaker; the phone speaks"),
            Command::Notify(_) => debug!("frame: no notification command; shown as a card"),
            Command::ConfirmPairing(_) => {}
            Command::Forget => io.signals.push(Signal::Forgotten),
        }
    }

    fn on_tick(&mut self, io: &mut DriverIo) {
        speech::publish(&mut self.speech, io);
        if let Some(conn) = self.conn.as_mut()
            && io.now.duration_since(conn.last_poll) >= POLL_PERIOD
        {
            conn.last_poll = io.now;
            let code = if conn.ready { BATTERY_POLL } else { HELLO };
            Self::lua(io, code);
        }
        if self.photos.stalled(io.now) {
            self.photo_failed("no photo data", io);
        }
    }

    fn on_disconnected(&mut self, _io: &mut DriverIo) {
        self.conn = None;
        self.photo = None;
        self.photos.disconnected();
    }

    fn stats(&self) -> LinkStats {
        self.stats
    }
}
