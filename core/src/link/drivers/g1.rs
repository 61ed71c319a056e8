//! Even Realities G1: two arms, each its own BLE peripheral with the Nordic UART service, a
//! 488-px green text display of 5 lines, a microphone, no camera, no speaker.
//!
//! Every command goes to the left arm first and to the right arm once the left acknowledged
//! (`cmd C9` ok, `cmd CA` failed). The phone sends a heartbeat `25 06 00 seq 04 seq` to both
//! arms regularly (the glasses drop the link without one for 8 s) and does the text layout
//! itself: `4E seq total cur status pos_hi pos_lo page max_page` + UTF-8 per packet. Phone
//! notifications use the G1's own `4B` command (`g1_notify`).

use std::collections::VecDeque;
use std::time::Duration;
use tokio::time::Instant;
use tracing::debug;

use super::announce;
use super::g1_notify;
use super::{PhoneSpeech, WireError, speech};
use crate::hud;
use crate::link::LinkError;
use crate::link::audio::AudioReceiver;
use crate::link::audio::lc3::{self, Lc3Stream};
use crate::link::device::{Capabilities, DisplayCaps, DisplayColours, Family};
use crate::link::gatt::{self, g1 as arm};
use crate::link::protocol::message::{Battery, DisplayCard, Gesture, RenderCommand};
use crate::link::session::{Command, Driver, DriverIo, LinkEvent, LinkStats, Signal};

/// Heartbeat command.
pub const HEARTBEAT: u8 = 0x25;
/// Battery query (`2C 01`); answered `2C 66 percent …`.
pub const BATTERY: u8 = 0x2C;
/// Text command.
pub const TEXT: u8 = 0x4E;
/// Microphone on/off (`0E 01` / `0E 00`, right arm).
pub const MIC: u8 = 0x0E;
/// Touch events from the glasses (`F5 sub`).
pub const TOUCH: u8 = 0xF5;
/// Microphone audio from the glasses (`F1 seq LC3…`).
pub const AUDIO: u8 = 0xF1;
/// Acknowledgement: success.
pub const ACK_OK: u8 = 0xC9;
/// Acknowledgement: failure.
pub const ACK_FAIL: u8 = 0xCA;
/// Text status byte: text show (0x70) + new content (0x01), as the Even demo app sends.
pub const TEXT_STATUS: u8 = 0x71;
/// UTF-8 bytes per text packet.
pub const TEXT_CHUNK: usize = 191;

/// Touch sub-commands.
const TOUCH_DOUBLE: u8 = 0x00;
const TOUCH_SINGLE: u8 = 0x01;
const TOUCH_AI_START: u8 = 0x17;
const TOUCH_AI_STOP: u8 = 0x18;

/// Heartbeat period (the glasses need one at least every 8 s).
pub const HEARTBEAT_PERIOD: Duration = Duration::from_secs(4);
/// No heartbeat answer for this long: the link is dead, reconnect.
const HEARTBEAT_LOSS: Duration = Duration::from_secs(10);
/// An unacknowledged command is sent again after this long.
const ACK_TIMEOUT: Duration = Duration::from_secs(1);
/// Sends of one command to one arm before it is given up.
const ATTEMPTS: u32 = 3;

/// The G1 display.
pub const DISPLAY: (u16, u16) = (488, 136);

/// The capabilities of a G1; `secure_link` is the platform's report of the connection (the
/// G1 has no link security of its own beyond BLE bonding).
pub fn capabilities(secure_link: bool) -> Capabilities {
    Capabilities {
        family: Family::G1,
        camera: None,
        display: Some(DisplayCaps {
            width: DISPLAY.0,
            height: DISPLAY.1,
            colours: DisplayColours::Monochrome,
            layout: hud::Display::EVEN_G1,
        }),
        mic: true,
        speaker: false,
        imu: false,
        secure_link,
    }
}

/// A heartbeat packet.
pub fn heartbeat(seq: u8) -> Vec<u8> {
    vec![HEARTBEAT, 6, 0, seq, 0x04, seq]
}

/// The text packets of one screen: `text` (already laid out, rows joined by `\n`) cut into
/// [`TEXT_CHUNK`]-byte pieces at character boundaries.
pub fn text_packets(seq: u8, text: &str, page: u8, max_page: u8) -> Vec<Vec<u8>> {
    let mut pieces: Vec<&str> = Vec::new();
    let mut rest = text;
    while rest.len() > TEXT_CHUNK {
        let mut cut = TEXT_CHUNK;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        pieces.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    pieces.push(rest);
    let total = pieces.len() as u8;
    pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let mut p = vec![TEXT, seq, total, i as u8, TEXT_STATUS, 0, 0, page, max_page];
            p.extend_from_slice(piece.as_bytes());
            p
        })
        .collect()
}

/// A card's pages for the G1: its text rows (top to bottom, left to right) wrapped to the
/// G1's columns and cut into pages of its 5 lines, at most [`hud::MAX_PAGES`].
pub fn card_pages(card: &DisplayCard) -> Vec<String> {
    let layout = hud::Display::EVEN_G1;
    let mut texts: Vec<(u16, u16, &str)> = card
        .commands
        .iter()
        .filter_map(|c| match c {
            RenderCommand::Text { x, y, text, .. } => Some((*y, *x, text.as_str())),
            _ => None,
        })
        .collect();
    texts.sort_by_key(|(y, x, _)| (*y, *x));
    let rows: Vec<String> = texts
        .iter()
        .flat_map(|(_, _, t)| hud::wrap(t, layout.columns()))
        .collect();
    let pages: Vec<String> = rows
        .chunks(layout.rows)
        .take(hud::MAX_PAGES)
        .map(|page| page.join("\n"))
        .collect();
    if pages.is_empty() {
        vec![String::new()]
    } else {
        pages
    }
}

/// One notification from a G1 arm, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notification<'a> {
    /// Answer to a command: `cmd C9` (ok) or `cmd CA` (failed).
    Ack {
        /// The command answered.
        cmd: u8,
        /// Success.
        ok: bool,
    },
    /// Heartbeat echo.
    Heartbeat,
    /// Battery level in percent.
    Battery(u8),
    /// Touch event sub-command.
    Touch(u8),
    /// Microphone audio: the packet's number and its LC3 frames.
    Audio {
        /// Packet number, wrapping at 256.
        seq: u8,
        /// Whole or cut 40-byte frames.
        data: &'a [u8],
    },
    /// Anything else.
    Other(u8),
}

/// Decodes one tagged notification: the arm and what it said.
pub fn decode(packet: &[u8]) -> Result<(u8, Notification<'_>), WireError> {
    let (side, value) = gatt::untag(packet).ok_or(WireError::Empty)?;
    if side != arm::LEFT && side != arm::RIGHT {
        return Err(WireError::UnknownChannel(side));
    }
    let short = |what| WireError::Short {
        what,
        len: value.len(),
    };
    let notification = match value {
        [] => return Err(WireError::Empty),
        [HEARTBEAT, rest @ ..] => match rest {
            [_, _, _, 0x04, ..] => Notification::Heartbeat,
            _ => return Err(short("heartbeat answer")),
        },
        [BATTERY, _, percent, ..] if *percent <= 100 => Notification::Battery(*percent),
        [BATTERY, ..] => return Err(short("battery answer")),
        [TOUCH, sub, ..] => Notification::Touch(*sub),
        [TOUCH] => return Err(short("touch event")),
        [AUDIO, seq, data @ ..] => Notification::Audio { seq: *seq, data },
        [cmd, ACK_OK, ..] => Notification::Ack {
            cmd: *cmd,
            ok: true,
        },
        [cmd, ACK_FAIL, ..] => Notification::Ack {
            cmd: *cmd,
            ok: false,
        },
        [cmd, ..] => Notification::Other(*cmd),
    };
    Ok((side, notification))
}

/// A command on its way to the arms, left first.
#[derive(Debug)]
struct Request {
    packets: Vec<Vec<u8>>,
    arms: Vec<u8>,
    arm_index: usize,
    packet_index: usize,
    sent_at: Option<Instant>,
    attempts: u32,
}

impl Request {
    fn both(packets: Vec<Vec<u8>>) -> Self {
        Self::to(packets, vec![arm::LEFT, arm::RIGHT])
    }

    fn to(packets: Vec<Vec<u8>>, arms: Vec<u8>) -> Self {
        Self {
            packets,
            arms,
            arm_index: 0,
            packet_index: 0,
            sent_at: None,
            attempts: 0,
        }
    }

    fn arm(&self) -> u8 {
        self.arms.get(self.arm_index).copied().unwrap_or(arm::LEFT)
    }

    fn cmd(&self) -> u8 {
        self.packets
            .get(self.packet_index)
            .and_then(|p| p.first())
            .copied()
            .unwrap_or(0)
    }

    /// The current packet was acknowledged; true when the whole request is done.
    fn advance(&mut self) -> bool {
        self.sent_at = None;
        self.attempts = 0;
        self.packet_index += 1;
        if self.packet_index >= self.packets.len() {
            self.packet_index = 0;
            self.arm_index += 1;
        }
        self.arm_index >= self.arms.len()
    }
}

#[derive(Debug)]
struct Connection {
    ready: bool,
    last_heartbeat_sent: Instant,
    last_heartbeat_ok: Instant,
}

/// The G1 protocol, phone side.
#[derive(Debug)]
pub struct G1Driver {
    conn: Option<Connection>,
    queue: VecDeque<Request>,
    heartbeat_seq: u8,
    text_seq: u8,
    notify_seq: u8,
    battery: Battery,
    speech: Option<PhoneSpeech>,
    mic_bytes: u64,
    /// LC3 audio, decoded on its own thread (started by the first packet of a connection)
    /// and kept in time; reported once as unsupported if the decoder is lost and no phone
    /// recogniser hears the G1 either.
    audio: AudioReceiver,
    lc3: Option<Lc3Stream>,
    stats: LinkStats,
    /// The platform reported the connection encrypted with a bonded key.
    encrypted: bool,
}

impl G1Driver {
    /// A driver; `speech` carries the phone recognizer's transcripts of the G1's audio.
    pub fn new(speech: Option<PhoneSpeech>) -> Self {
        Self {
            conn: None,
            queue: VecDeque::new(),
            heartbeat_seq: 0,
            text_seq: 0,
            notify_seq: 0,
            battery: Battery {
                percent: 0,
                charging: false,
            },
            speech,
            mic_bytes: 0,
            audio: AudioReceiver::new("g1", 256),
            lc3: None,
            stats: LinkStats::default(),
            encrypted: false,
        }
    }

    /// Microphone audio bytes received so far.
    pub fn mic_bytes(&self) -> u64 {
        self.mic_bytes
    }

    fn queue_heartbeat(&mut self, now: Instant) {
        if let Some(conn) = self.conn.as_mut() {
            conn.last_heartbeat_sent = now;
        }
        self.heartbeat_seq = self.heartbeat_seq.wrapping_add(1);
        self.queue
            .push_back(Request::both(vec![heartbeat(self.heartbeat_seq)]));
    }

    /// Sends the head request's current packet if it is not in flight.
    fn pump(&mut self, io: &mut DriverIo) {
        if self.conn.is_none() {
            return;
        }
        let Some(head) = self.queue.front_mut() else {
            return;
        };
        if head.sent_at.is_some() {
            return;
        }
        if let Some(packet) = head.packets.get(head.packet_index) {
            head.sent_at = Some(io.now);
            head.attempts += 1;
            io.packets.push(gatt::tagged(head.arm(), packet));
        }
    }

    /// An answer `cmd` from `side` arrived: advances the head request if it was waiting for it.
    fn answered(&mut self, side: u8, cmd: u8, ok: bool, io: &mut DriverIo) {
        let Some(head) = self.queue.front_mut() else {
            return;
        };
        if head.sent_at.is_none() || head.arm() != side || head.cmd() != cmd {
            return;
        }
        if !ok {
            head.sent_at = None;
            if head.attempts >= ATTEMPTS {
                self.give_up(io);
            }
        } else if head.advance() {
            self.queue.pop_front();
            if cmd == HEARTBEAT {
                self.heartbeat_done(io);
            }
        }
        self.pump(io);
    }

    fn give_up(&mut self, io: &mut DriverIo) {
        if let Some(head) = self.queue.pop_front() {
            let side = if head.arm() == arm::LEFT {
                "left"
            } else {
                "right"
            };
            io.events.push(LinkEvent::Error(LinkError::Timeout(format!(
                "waiting for the G1 {side} arm to acknowledge command {:#04x}",
                head.cmd()
            ))));
        }
    }

    fn heartbeat_done(&mut self, io: &mut DriverIo) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        conn.last_heartbeat_ok = io.now;
        if !conn.ready {
            conn.ready = true;
            self.stats.sessions += 1;
            announce(&capabilities(self.encrypted), "Even G1", self.battery, io);
        }
    }

    /// One `F1` packet: its LC3 frames decoded, kept in time, published as audio.
    fn on_audio(&mut self, seq: u8, data: &[u8], io: &mut DriverIo) {
        self.mic_bytes += data.len() as u64;
        if self.lc3.is_none() {
            self.lc3 = Lc3Stream::start();
        }
        match self.lc3.as_ref().and_then(|stream| stream.decode(data)) {
            Some(samples) => {
                self.audio
                    .samples(u32::from(seq), samples, lc3::RATE, &mut io.events);
            }
            None => {
                // No decoder (no thread could be started, or it stopped): the phone's own
                // recogniser may still hear the G1 (`PhoneSpeech`); without one, nothing
                // does, and the app is told once.
                self.lc3 = None;
                if self.speech.is_none() {
                    self.audio.unsupported("lc3", &mut io.events);
                }
            }
        }
    }

    fn on_touch(&mut self, sub: u8, io: &mut DriverIo) {
        let gesture = match sub {
            TOUCH_SINGLE => Some(Gesture::Tap),
            TOUCH_DOUBLE => Some(Gesture::DoubleTap),
            TOUCH_AI_START => {
                // The glasses' encoder starts anew with the microphone: so do the decoder
                // (no memory of the last utterance's frames) and the packets' numbering.
                self.lc3 = None;
                self.audio.restart();
                self.queue
                    .push_back(Request::to(vec![vec![MIC, 0x01]], vec![arm::RIGHT]));
                Some(Gesture::LongPress)
            }
            TOUCH_AI_STOP => {
                self.queue
                    .push_back(Request::to(vec![vec![MIC, 0x00]], vec![arm::RIGHT]));
                None
            }
            _ => None,
        };
        if let Some(g) = gesture {
            io.events.push(LinkEvent::Gesture(g));
        }
    }
}

impl Driver for G1Driver {
    fn family(&self) -> &'static str {
        Family::G1.as_str()
    }

    fn on_link_encryption(&mut self, encrypted: bool) {
        self.encrypted = encrypted;
    }

    fn on_connected(&mut self, _att_mtu: usize, io: &mut DriverIo) {
        // A new connection is a new stream: the decoder's memory of the last one goes.
        self.lc3 = None;
        self.conn = Some(Connection {
            ready: false,
            last_heartbeat_sent: io.now,
            last_heartbeat_ok: io.now,
        });
        // Requests cut by the last drop start again from the left arm.
        for r in &mut self.queue {
            r.arm_index = 0;
            r.packet_index = 0;
            r.sent_at = None;
            r.attempts = 0;
        }
        self.queue_heartbeat(io.now);
        self.queue
            .push_back(Request::to(vec![vec![BATTERY, 0x01]], vec![arm::LEFT]));
        self.pump(io);
    }

    fn on_packet(&mut self, packet: &[u8], io: &mut DriverIo) {
        match decode(packet) {
            Ok((side, Notification::Heartbeat)) => self.answered(side, HEARTBEAT, true, io),
            Ok((side, Notification::Battery(percent))) => {
                self.battery.percent = percent;
                io.events.push(LinkEvent::Battery(self.battery));
                self.answered(side, BATTERY, true, io);
            }
            Ok((side, Notification::Ack { cmd, ok })) => self.answered(side, cmd, ok, io),
            Ok((_, Notification::Touch(sub))) => self.on_touch(sub, io),
            Ok((_, Notification::Audio { seq, data })) => self.on_audio(seq, data, io),
            Ok((_, Notification::Other(cmd))) => {
                self.stats.unknown += 1;
                debug!("g1: command {cmd:#04x} ignored");
            }
            Err(e) => {
                self.stats.malformed += 1;
                debug!("g1: {e}");
            }
        }
        speech::publish(&mut self.speech, io);
        self.pump(io);
    }

    fn on_command(&mut self, command: Command, io: &mut DriverIo) {
        match command {
            Command::RequestFrame { request_id, .. } => {
                self.stats.frames_lost += 1;
                io.events.push(LinkEvent::FrameLost {
                    request_id,
                    reason: "the Even G1 has no camera".into(),
                });
            }
            Command::ShowCard(card) => {
                let pages = card_pages(&card);
                self.text_seq = self.text_seq.wrapping_add(1);
                let max_page = pages.len() as u8;
                // Only the first page is sent; a newer card replaces a queued one.
                let head = self.queue.pop_front();
                self.queue.retain(|r| r.cmd() != TEXT);
                if let Some(head) = head {
                    self.queue.push_front(head);
                }
                let packets = text_packets(self.text_seq, &pages[0], 1, max_page);
                self.queue.push_back(Request::both(packets));
                self.pump(io);
            }
            Command::Speak(_) => debug!("g1: no speaker; the phone speaks"),
            Command::Notify(notice) => {
                let notification = g1_notify::NcsNotification::from_notice(&notice);
                self.notify_seq = self.notify_seq.wrapping_add(1);
                match g1_notify::notification_packets(self.notify_seq, &notification) {
                    // The left arm shows notifications (as Even's app sends them).
                    Ok(packets) => self.queue.push_back(Request::to(packets, vec![arm::LEFT])),
                    Err(e) => debug!("g1: notification not sent: {e}"),
                }
                self.pump(io);
            }
            Command::ConfirmPairing(_) => {}
            Command::Forget => io.signals.push(Signal::Forgotten),
        }
    }

    fn on_tick(&mut self, io: &mut DriverIo) {
        speech::publish(&mut self.speech, io);
        let Some(conn) = self.conn.as_ref() else {
            return;
        };
        if io.now.duration_since(conn.last_heartbeat_ok) > HEARTBEAT_LOSS {
            io.signals.push(Signal::Reconnect(
                "the G1 stopped answering heartbeats".into(),
            ));
            return;
        }
        let heartbeat_due = io.now.duration_since(conn.last_heartbeat_sent) >= HEARTBEAT_PERIOD;
        if heartbeat_due && !self.queue.iter().any(|r| r.cmd() == HEARTBEAT) {
            self.queue_heartbeat(io.now);
        }
        let timed_out = self
            .queue
            .front()
            .and_then(|r| r.sent_at)
            .is_some_and(|t| io.now.duration_since(t) > ACK_TIMEOUT);
        if timed_out {
            if self.queue.front().is_some_and(|r| r.attempts >= ATTEMPTS) {
                self.give_up(io);
            } else if let Some(head) = self.queue.front_mut() {
                head.sent_at = None;
            }
        }
        self.pump(io);
    }

    fn on_disconnected(&mut self, _io: &mut DriverIo) {
        self.conn = None;
        self.queue
            .retain(|r| r.cmd() != HEARTBEAT && r.cmd() != BATTERY);
    }

    fn stats(&self) -> LinkStats {
        self.stats
    }
}
