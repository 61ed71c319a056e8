//! A simulated Even G1: two arms behind one simulated radio (the channel byte is the arm).
//! Each arm echoes heartbeats, answers the battery query, acknowledges each text packet with
//! `4E C9` and shows a screen once all its packets arrived. The right arm refuses (`4E CA`) a
//! screen the left arm has not received yet, and the glasses drop the link when no heartbeat
//! came for 8 s. The left arm acknowledges notification packets (`4B C9`) and decodes each
//! complete notification, as the glasses would show it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::Duration;
use tokio::time::Instant;

use super::Peripheral;
use crate::link::drivers::g1::{ACK_FAIL, ACK_OK, AUDIO, BATTERY, HEARTBEAT, MIC, TEXT, TOUCH};
use crate::link::drivers::g1_notify::{NOTIFY, NcsNotification, decode_notification};
use crate::link::gatt::{self, g1 as arm};

/// Without a heartbeat for this long the glasses drop the link.
pub const HEARTBEAT_DEADLINE: Duration = Duration::from_secs(8);
/// LC3 bytes in one `F1` packet: five 40-byte frames (50 ms).
const PACKET_AUDIO_BYTES: usize = 5 * crate::link::audio::lc3::FRAME_BYTES;

#[derive(Debug, Default)]
struct Arm {
    queue: VecDeque<Vec<u8>>,
    /// Screens being received: seq → packets by index.
    partial: BTreeMap<u8, Vec<Option<Vec<u8>>>>,
    completed: BTreeSet<u8>,
    shown: String,
}

#[derive(Debug)]
struct Connection {
    generation: u64,
    last_heartbeat: Instant,
}

/// The simulated G1.
#[derive(Debug)]
pub struct G1Sim {
    arms: [Arm; 2],
    battery: u8,
    mic_on: bool,
    ignore_heartbeats: bool,
    heartbeats: u64,
    refused: u64,
    /// Notification packets received so far, by notification id.
    notify_partial: BTreeMap<u8, Vec<Vec<u8>>>,
    notifications: Vec<NcsNotification>,
    conn: Option<Connection>,
    generation: u64,
}

impl Default for G1Sim {
    fn default() -> Self {
        Self::new()
    }
}

impl G1Sim {
    /// A pair of G1 glasses.
    pub fn new() -> Self {
        Self {
            arms: [Arm::default(), Arm::default()],
            battery: 76,
            mic_on: false,
            ignore_heartbeats: false,
            heartbeats: 0,
            refused: 0,
            notify_partial: BTreeMap::new(),
            notifications: Vec::new(),
            conn: None,
            generation: 0,
        }
    }

    /// The text shown now (the right arm's screen), one string per line.
    pub fn shown_text(&self) -> Vec<String> {
        self.arms[usize::from(arm::RIGHT)]
            .shown
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The text each arm shows now (left, right).
    pub fn screens(&self) -> (&str, &str) {
        (&self.arms[0].shown, &self.arms[1].shown)
    }

    /// The notifications shown so far, as the glasses decoded them.
    pub fn notifications(&self) -> &[NcsNotification] {
        &self.notifications
    }

    /// Heartbeats received so far.
    pub fn heartbeats(&self) -> u64 {
        self.heartbeats
    }

    /// Text packets refused because the right arm got them before the left.
    pub fn refused(&self) -> u64 {
        self.refused
    }

    /// Whether the right microphone is on.
    pub fn mic_on(&self) -> bool {
        self.mic_on
    }

    /// Fault injection: the glasses stop hearing (and answering) heartbeats.
    pub fn set_ignore_heartbeats(&mut self, ignore: bool) {
        self.ignore_heartbeats = ignore;
    }

    /// The wearer taps the right touch bar.
    pub fn tap(&mut self) {
        self.arms[usize::from(arm::RIGHT)]
            .queue
            .push_back(vec![TOUCH, 0x01]);
    }

    /// The wearer double-taps a touch bar.
    pub fn double_tap(&mut self) {
        self.arms[usize::from(arm::RIGHT)]
            .queue
            .push_back(vec![TOUCH, 0x00]);
    }

    /// The wearer holds the left touch bar and speaks for about `chars` characters, heard by
    /// the phone's own recogniser: LC3 frames of silence here (zero bytes, which decode to
    /// nothing audible), see [`G1Sim::speak_lc3`].
    pub fn speak(&mut self, chars: usize) {
        self.speak_lc3(&vec![0; chars.div_ceil(20).max(1) * PACKET_AUDIO_BYTES]);
    }

    /// The wearer holds the left touch bar and says what `lc3` holds (40-byte LC3 frames at
    /// 16 kHz, as the G1's encoder makes them): the Even AI start event, `F1 seq` packets of
    /// five frames from the right arm (the last one shorter if the frames run out) and the
    /// stop.
    pub fn speak_lc3(&mut self, lc3: &[u8]) {
        self.arms[usize::from(arm::LEFT)]
            .queue
            .push_back(vec![TOUCH, 0x17]);
        for (seq, frames) in lc3.chunks(PACKET_AUDIO_BYTES).enumerate() {
            let mut packet = vec![AUDIO, seq as u8];
            packet.extend_from_slice(frames);
            self.arms[usize::from(arm::RIGHT)].queue.push_back(packet);
        }
        self.arms[usize::from(arm::LEFT)]
            .queue
            .push_back(vec![TOUCH, 0x18]);
    }

    /// One `4B` packet on the left arm: kept until its notification is complete, then
    /// decoded (a packet that breaks the format is refused).
    fn on_notify(&mut self, value: &[u8]) -> Vec<u8> {
        let [NOTIFY, id, total, index, ..] = value else {
            return vec![NOTIFY, ACK_FAIL];
        };
        let parts = self.notify_partial.entry(*id).or_default();
        if usize::from(*index) != parts.len() {
            parts.clear();
            if *index != 0 {
                return vec![NOTIFY, ACK_FAIL];
            }
        }
        parts.push(value.to_vec());
        if parts.len() == usize::from(*total) {
            let packets = self.notify_partial.remove(id).unwrap_or_default();
            match decode_notification(&packets) {
                Ok(n) => self.notifications.push(n),
                Err(_) => return vec![NOTIFY, ACK_FAIL],
            }
        }
        vec![NOTIFY, ACK_OK]
    }

    fn on_text(&mut self, side: u8, value: &[u8]) -> Vec<u8> {
        let [_, seq, total, index, _status, _, _, _page, _max, text @ ..] = value else {
            return vec![TEXT, ACK_FAIL];
        };
        let (seq, total, index) = (*seq, usize::from(*total), usize::from(*index));
        if total == 0 || index >= total {
            return vec![TEXT, ACK_FAIL];
        }
        if side == arm::RIGHT && !self.arms[usize::from(arm::LEFT)].completed.contains(&seq) {
            self.refused += 1;
            return vec![TEXT, ACK_FAIL];
        }
        let a = &mut self.arms[usize::from(side)];
        let parts = a.partial.entry(seq).or_insert_with(|| vec![None; total]);
        if parts.len() != total {
            *parts = vec![None; total];
        }
        parts[index] = Some(text.to_vec());
        if parts.iter().all(Option::is_some) {
            let bytes: Vec<u8> = parts.iter().flatten().flatten().copied().collect();
            a.partial.remove(&seq);
            a.shown = String::from_utf8_lossy(&bytes).into_owned();
            a.completed.insert(seq);
            if a.completed.len() > 64 {
                a.completed.pop_first();
            }
        }
        vec![TEXT, ACK_OK]
    }
}

impl Peripheral for G1Sim {
    fn on_connect(&mut self, _att_mtu: usize, _interval: Duration, now: Instant) -> u64 {
        self.generation += 1;
        self.conn = Some(Connection {
            generation: self.generation,
            last_heartbeat: now,
        });
        for a in &mut self.arms {
            a.queue.clear();
            a.partial.clear();
        }
        self.generation
    }

    fn on_disconnect(&mut self, generation: u64) {
        // A late disconnect of an earlier connection leaves the current one alone.
        self.conn.take_if(|c| c.generation == generation);
    }

    fn poll_transmit(&mut self, _now: Instant) -> Option<Vec<u8>> {
        self.conn.as_ref()?;
        for side in [arm::LEFT, arm::RIGHT] {
            if let Some(value) = self.arms[usize::from(side)].queue.pop_front() {
                return Some(gatt::tagged(side, &value));
            }
        }
        None
    }

    fn on_packet(&mut self, bytes: &[u8], now: Instant) {
        let Some((side @ (arm::LEFT | arm::RIGHT), value)) = gatt::untag(bytes) else {
            return;
        };
        let answer = match value {
            [HEARTBEAT, ..] => {
                if self.ignore_heartbeats {
                    return;
                }
                self.heartbeats += 1;
                if let Some(c) = self.conn.as_mut() {
                    c.last_heartbeat = now;
                }
                value.to_vec()
            }
            [BATTERY, 0x01, ..] => vec![BATTERY, 0x66, self.battery],
            [TEXT, ..] => self.on_text(side, value),
            [NOTIFY, ..] if side == arm::LEFT => self.on_notify(value),
            [MIC, on, ..] if side == arm::RIGHT => {
                self.mic_on = *on == 1;
                vec![MIC, ACK_OK]
            }
            [cmd, ..] => vec![*cmd, ACK_FAIL],
            [] => return,
        };
        self.arms[usize::from(side)].queue.push_back(answer);
    }

    fn max_write(&self, att_mtu: usize) -> usize {
        gatt::max_tagged_packet(att_mtu)
    }

    fn wants_disconnect(&mut self, now: Instant) -> Option<String> {
        let c = self.conn.as_ref()?;
        (now.duration_since(c.last_heartbeat) > HEARTBEAT_DEADLINE)
            .then(|| "the glasses got no heartbeat for 8 s".to_string())
    }
}
