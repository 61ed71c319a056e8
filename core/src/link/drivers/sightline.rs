//! The phone's side of the Sightline reference protocol: Noise handshakes as initiator,
//! pairing confirmation, sealed messages, and frame reassembly with selective resends and
//! resumption across disconnects.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use tracing::{debug, warn};

use crate::link::LinkError;
use crate::link::audio::{AudioReceiver, sightline as mic};
use crate::link::protocol::frame::{ChunkOutcome, FrameAssembly};
use crate::link::protocol::message::{
    AUDIO_CODEC_MULAW_16K, AudioPacket, Battery, FrameMeta, FrameRequest, FrameResume, FrameStatus,
    HandshakeMessage, HandshakePattern, Hello, IndexRange, Message, RefusalReason,
};
use crate::link::protocol::packet::{Defragmenter, FragmentClass, Packet, fragment};
use crate::link::protocol::{PROTOCOL_MAJOR, PROTOCOL_MINOR, ProtocolError, packet_payload};
use crate::link::secure::{Handshake, SEAL_OVERHEAD, SecureChannel, SecureError, StaticKeypair};
use crate::link::session::{CameraFrame, Command, Driver, DriverIo, LinkEvent, LinkStats, Signal};

/// Heartbeat period when the link is otherwise quiet.
const HEARTBEAT: Duration = Duration::from_secs(1);
/// A frame whose stream stalled (no frame traffic at all) for this long is asked for again.
const REQUEST_RETRY: Duration = Duration::from_millis(1500);
/// A request the glasses have not announced a stream for within this long is sent again (the
/// write may have been lost; the glasses ignore a request they already have).
const REQUEST_ACK_TIMEOUT: Duration = Duration::from_millis(500);
/// Sends of one request into a quiet link before it is reported lost.
const REQUEST_ATTEMPTS: u32 = 6;
/// Chunks kept for streams whose announcement has not arrived yet (it may have been lost; the
/// end-of-round marker repeats it): about one frame at the largest MTU.
const EARLY_CHUNKS: usize = 4096;
/// A handshake Init with no reply for this long is sent again (packets can be lost).
const HANDSHAKE_RETRY: Duration = Duration::from_millis(250);
/// How long a KK handshake may take.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(5);
/// Reconnections with the stored key that the glasses refuse (or answer with a reply that
/// does not authenticate) before the phone checks which key the glasses present (an XX
/// message 2 carries it). Refusals are plaintext, so one is no evidence: a single injected
/// packet must not end a paired session.
const KK_FAILURES_BEFORE_PROBE: u32 = 3;
/// How long the user has to compare the pairing codes.
const CONFIRM_TIMEOUT: Duration = Duration::from_secs(120);

#[derive(Debug)]
enum Phase {
    Handshake(Box<Handshake>),
    Confirming {
        channel: SecureChannel,
        peer: [u8; 32],
        user: Option<bool>,
    },
    Ready(SecureChannel),
    Failed,
}

#[derive(Debug)]
struct Connection {
    payload: usize,
    defrag: Defragmenter,
    seq: u8,
    phase: Phase,
    streams: HashMap<u8, StreamRx>,
    /// Chunks of streams not announced yet, oldest first: `(stream, index, data)`.
    early: VecDeque<(u8, u16, Vec<u8>)>,
    opened_at: Instant,
    last_heartbeat: Instant,
    /// The glasses' Hello arrived on this connection (until it does, the phone's heartbeat is
    /// its own Hello, which the glasses answer with theirs: a lost Hello costs a second).
    hello: bool,
    /// The last handshake packets (Init, or Final for XX) and when they were last sent, for
    /// retransmission until the glasses answer.
    handshake_packets: Option<(Vec<Vec<u8>>, Instant)>,
}

/// A stream being received on this connection.
#[derive(Debug, Clone, Copy)]
struct StreamRx {
    frame_id: u32,
    /// One past the highest chunk index seen. Chunks are first sent in index order, so a chunk
    /// arriving above it reveals the ones in between as lost.
    next_new: u16,
}

#[derive(Debug)]
struct Pending {
    request: FrameRequest,
    sent_at: Option<Instant>,
    attempts: u32,
    frame_id: Option<u32>,
}

/// The Sightline protocol, phone side.
#[derive(Debug)]
pub struct SightlineDriver {
    identity: StaticKeypair,
    peer: Option<[u8; 32]>,
    conn: Option<Connection>,
    pending: BTreeMap<u32, Pending>,
    frames: HashMap<u32, FrameAssembly>,
    last_frame_traffic: Option<Instant>,
    heartbeat_seq: u32,
    stats: LinkStats,
    code_digits: u32,
    /// Consecutive reconnections the glasses refused or answered unauthenticated.
    kk_failures: u32,
    /// Microphone audio (µ-law blocks).
    audio: AudioReceiver,
}

impl SightlineDriver {
    /// A driver for the phone `identity`; `peer` is the glasses' static key when already
    /// paired (KK reconnection), `None` to pair (XX plus code comparison).
    pub fn new(identity: StaticKeypair, peer: Option<[u8; 32]>) -> Self {
        Self {
            identity,
            peer,
            conn: None,
            pending: BTreeMap::new(),
            frames: HashMap::new(),
            last_frame_traffic: None,
            heartbeat_seq: 0,
            stats: LinkStats::default(),
            code_digits: crate::link::secure::CODE_DIGITS,
            kk_failures: 0,
            audio: AudioReceiver::new("sightline", 1 << 16),
        }
    }

    /// Sets the length of the comparison code (tests measuring an attacker's chance shorten it;
    /// the glasses must use the same length).
    pub fn with_code_digits(mut self, digits: u32) -> Self {
        self.code_digits = digits;
        self
    }

    fn send_handshake(&mut self, message: &HandshakeMessage, io: &mut DriverIo) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        conn.seq = conn.seq.wrapping_add(1);
        match fragment(
            FragmentClass::Handshake,
            conn.seq,
            &message.encode(),
            conn.payload,
        ) {
            Ok(packets) => io.packets.extend(packets),
            Err(e) => io.events.push(LinkEvent::Error(e.into())),
        }
    }

    /// Seals and sends `message` if the link is secure; returns whether it went out.
    fn send(&mut self, message: &Message, io: &mut DriverIo) -> bool {
        let Some(conn) = self.conn.as_mut() else {
            return false;
        };
        let channel = match &mut conn.phase {
            Phase::Ready(c) | Phase::Confirming { channel: c, .. } => c,
            _ => return false,
        };
        let sealed = match channel.seal(&message.encode()) {
            Ok(s) => s,
            Err(e) => {
                io.events.push(LinkEvent::Error(e.into()));
                return false;
            }
        };
        conn.seq = conn.seq.wrapping_add(1);
        match fragment(FragmentClass::Sealed, conn.seq, &sealed, conn.payload) {
            Ok(packets) => {
                io.packets.extend(packets);
                true
            }
            Err(e) => {
                io.events.push(LinkEvent::Error(e.into()));
                false
            }
        }
    }

    fn is_ready(&self) -> bool {
        matches!(self.conn.as_ref().map(|c| &c.phase), Some(Phase::Ready(_)))
    }

    fn fail(&mut self, error: LinkError, io: &mut DriverIo) {
        if let Some(conn) = self.conn.as_mut() {
            conn.phase = Phase::Failed;
        }
        io.signals.push(Signal::Fatal(error));
    }

    fn on_handshake(&mut self, bytes: &[u8], io: &mut DriverIo) {
        let message = match HandshakeMessage::decode(bytes) {
            Ok(m) => m,
            Err(e) => {
                self.stats.malformed += 1;
                debug!("link: bad handshake message: {e}");
                return;
            }
        };
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let phase = std::mem::replace(&mut conn.phase, Phase::Failed);
        match (message, phase) {
            // Plaintext and unauthenticated: it counts only while a handshake waits for the
            // glasses' answer (an XX initiator waiting for the reveal has had it already).
            (HandshakeMessage::Refused(reason), Phase::Handshake(hs)) if !hs.is_finished() => {
                self.on_refused(reason, io);
            }
            (HandshakeMessage::Reply { noise }, Phase::Handshake(hs)) if !hs.is_finished() => {
                self.on_reply(&noise, hs, io);
            }
            (HandshakeMessage::Reveal { nonce }, Phase::Handshake(mut hs))
                if hs.awaits_reveal() && hs.is_finished() =>
            {
                // A reveal that breaks the commitment is forged (anyone in range can send
                // one): counted, and the real one is still awaited.
                if let Err(e) = hs.accept_reveal(&nonce) {
                    self.stats.forged += 1;
                    debug!("link: pairing reveal refused: {e}");
                    self.set_phase(Phase::Handshake(hs));
                    return;
                }
                match hs.finish() {
                    Ok((channel, outcome)) => {
                        let code = outcome.comparison_code.unwrap_or_default();
                        self.set_phase(Phase::Confirming {
                            channel,
                            peer: outcome.remote_static,
                            user: None,
                        });
                        io.events.push(LinkEvent::PairingCode(code));
                    }
                    Err(e) => self.fail(LinkError::AuthenticationFailed(e.to_string()), io),
                }
            }
            (other, phase) => {
                self.stats.injected += 1;
                debug!("link: dropped unexpected handshake message {other:?}");
                self.set_phase(phase);
            }
        }
    }

    /// The glasses refused the handshake in flight. A paired phone reconnects (the refusal is
    /// plaintext: anyone in range can send it, so it must not end the session); an unpaired
    /// one reports why pairing failed.
    fn on_refused(&mut self, reason: RefusalReason, io: &mut DriverIo) {
        if self.peer.is_some() {
            self.kk_failures = self.kk_failures.saturating_add(1);
            self.set_phase(Phase::Failed);
            io.signals.push(Signal::Reconnect(format!(
                "the glasses refused: {reason:?}"
            )));
            return;
        }
        let error = match reason {
            RefusalReason::NotPaired => LinkError::NotPaired,
            RefusalReason::AuthenticationFailed => LinkError::AuthenticationFailed(
                "the glasses could not authenticate this phone".into(),
            ),
            RefusalReason::PairingClosed => LinkError::PairingRejected,
        };
        self.fail(error, io);
    }

    /// The glasses' answer to our Init: XX sends the final message and waits for the
    /// responder's nonce; KK is done. A reply that does not authenticate (forged by anyone in
    /// range, or from glasses whose key changed) is counted and the handshake goes on waiting:
    /// the real reply may still come, and the handshake timeout reconnects otherwise.
    fn on_reply(&mut self, noise: &[u8], mut hs: Box<Handshake>, io: &mut DriverIo) {
        if let Err(e) = hs.read(noise) {
            self.stats.forged += 1;
            if hs.pattern() == HandshakePattern::Kk {
                self.kk_failures = self.kk_failures.saturating_add(1);
            }
            debug!("link: handshake reply refused: {e}");
            // snow's state is spent after a failed read: start this handshake over.
            self.set_phase(Phase::Failed);
            io.signals.push(Signal::Reconnect(
                "handshake reply did not authenticate".into(),
            ));
            return;
        }
        if let (HandshakePattern::Xx, Some(stored)) = (hs.pattern(), self.peer) {
            // An identity probe after repeated failed reconnections: another key is loud and
            // final; the same key means these are the paired glasses, and the failures were
            // injected refusals or forged replies (or glasses that forgot this phone, which
            // the user settles by pairing again): keep reconnecting with KK, never stop.
            if hs.remote_static() != Some(stored) {
                self.fail(LinkError::KeyChanged, io);
                return;
            }
            self.kk_failures = 0;
            self.stats.probes_same_key += 1;
            self.set_phase(Phase::Failed);
            io.signals.push(Signal::Reconnect(
                "the glasses still hold the paired key: reconnecting".into(),
            ));
            return;
        }
        match hs.pattern() {
            HandshakePattern::Xx => match hs.write() {
                Ok(noise) => {
                    let first = io.packets.len();
                    self.set_phase(Phase::Handshake(hs));
                    self.send_handshake(&HandshakeMessage::Final { noise }, io);
                    if let Some(conn) = self.conn.as_mut() {
                        conn.handshake_packets = Some((io.packets[first..].to_vec(), io.now));
                    }
                }
                Err(e) => self.fail(LinkError::AuthenticationFailed(e.to_string()), io),
            },
            HandshakePattern::Kk => match hs.finish() {
                Ok((channel, _)) => self.become_ready(channel, io),
                Err(e) => self.fail(LinkError::AuthenticationFailed(e.to_string()), io),
            },
        }
    }

    fn set_phase(&mut self, phase: Phase) {
        if let Some(conn) = self.conn.as_mut() {
            conn.phase = phase;
        }
    }

    fn become_ready(&mut self, channel: SecureChannel, io: &mut DriverIo) {
        self.kk_failures = 0;
        self.set_phase(Phase::Ready(channel));
        self.stats.sessions += 1;
        io.signals.push(Signal::Ready);
        for p in self.pending.values_mut() {
            p.sent_at = None;
        }
        self.send_due_requests(io);
    }

    fn on_sealed(&mut self, sealed: &[u8], io: &mut DriverIo) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let channel = match &mut conn.phase {
            Phase::Ready(c) | Phase::Confirming { channel: c, .. } => c,
            _ => return,
        };
        let plain = match channel.open(sealed) {
            Ok(p) => p,
            Err(e) => {
                self.count_rejection(&e);
                return;
            }
        };
        match Message::decode(&plain) {
            Ok(message) => self.on_message(message, io),
            Err(ProtocolError::UnknownMessage { kind }) => {
                self.stats.unknown += 1;
                warn!("link: skipped unknown message type 0x{kind:02x} (newer glasses?)");
            }
            Err(e) => {
                self.stats.malformed += 1;
                warn!("link: skipped malformed message: {e}");
            }
        }
    }

    fn count_rejection(&mut self, e: &SecureError) {
        match e {
            SecureError::Replay(_) => self.stats.replayed += 1,
            _ => self.stats.forged += 1,
        }
        debug!("link: rejected sealed message: {e}");
    }

    /// One block of microphone audio: decoded (a block too long to be one is counted as
    /// malformed and costs only its 20 ms), kept in time, published.
    fn on_audio(&mut self, packet: AudioPacket, io: &mut DriverIo) {
        if packet.codec != AUDIO_CODEC_MULAW_16K {
            self.audio
                .unsupported(&format!("id {}", packet.codec), &mut io.events);
        } else if let Some(samples) = mic::decode_block(&packet.data) {
            self.audio
                .samples(u32::from(packet.seq), samples, mic::RATE, &mut io.events);
        } else {
            self.stats.malformed += 1;
        }
        if packet.end {
            self.audio.end(&mut io.events);
        }
    }

    fn on_message(&mut self, message: Message, io: &mut DriverIo) {
        match message {
            Message::PairConfirm { accepted } => self.on_pair_confirm(accepted, io),
            _ if !self.is_ready() => debug!("link: message before the link is trusted"),
            Message::Hello(_) if self.conn.as_ref().is_some_and(|c| c.hello) => {
                debug!("link: repeated Hello");
            }
            Message::Hello(hello) => {
                if let Some(conn) = self.conn.as_mut() {
                    conn.hello = true;
                }
                if hello.major != PROTOCOL_MAJOR {
                    self.fail(LinkError::IncompatibleVersion { major: hello.major }, io);
                    return;
                }
                if hello.minor > PROTOCOL_MINOR {
                    warn!(
                        "link: glasses speak protocol 1.{}, this build 1.{PROTOCOL_MINOR}; newer features are skipped",
                        hello.minor
                    );
                }
                io.events.push(LinkEvent::Hello(hello));
            }
            Message::Heartbeat { .. } => {}
            Message::Battery(b) => io.events.push(LinkEvent::Battery(b)),
            Message::Gesture(g) => io.events.push(LinkEvent::Gesture(g)),
            Message::Imu(s) => io.events.push(LinkEvent::Imu(s)),
            Message::Transcript(t) => io.events.push(LinkEvent::Transcript(t)),
            Message::Audio(packet) => self.on_audio(packet, io),
            Message::FrameMeta(meta) => self.on_frame_meta(meta, io),
            Message::FrameUnavailable(u) => {
                let request_id = if u.request_id != 0 {
                    Some(u.request_id)
                } else {
                    self.pending
                        .iter()
                        .find(|(_, p)| p.frame_id == Some(u.frame_id))
                        .map(|(id, _)| *id)
                };
                if let Some(id) = request_id {
                    self.lose(id, u.reason, io);
                }
            }
            Message::Error(e) => io.events.push(LinkEvent::Error(LinkError::Peer {
                code: e.code,
                text: e.text,
            })),
            other => debug!("link: ignored {other:?} from glasses"),
        }
    }

    fn on_pair_confirm(&mut self, accepted: bool, io: &mut DriverIo) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let phase = std::mem::replace(&mut conn.phase, Phase::Failed);
        match phase {
            Phase::Confirming {
                channel,
                peer,
                user: Some(true),
            } if accepted => {
                self.peer = Some(peer);
                io.signals.push(Signal::Paired {
                    peer_static: peer.to_vec(),
                });
                self.become_ready(channel, io);
            }
            Phase::Confirming { .. } => self.fail(LinkError::PairingRejected, io),
            other => self.set_phase(other),
        }
    }

    fn on_frame_meta(&mut self, meta: FrameMeta, io: &mut DriverIo) {
        let now = io.now;
        self.last_frame_traffic = Some(now);
        let wanted = self
            .pending
            .get_mut(&meta.request_id)
            .filter(|p| p.frame_id.is_none_or(|f| f == meta.frame_id));
        let Some(pending) = wanted else {
            // Not (or no longer) wanted: tell the glasses to drop the stream, and drop its
            // chunks (the stream is known, its frame has no assembly).
            if let Some(conn) = self.conn.as_mut() {
                conn.early.retain(|(stream, _, _)| *stream != meta.stream);
                let rx = StreamRx {
                    frame_id: meta.frame_id,
                    next_new: 0,
                };
                conn.streams.insert(meta.stream, rx);
            }
            self.send_status(meta.stream, Vec::new(), io);
            return;
        };
        pending.frame_id = Some(meta.frame_id);
        let assembly = match self.frames.remove(&meta.frame_id) {
            Some(a) if a.matches(&meta) => Ok(a),
            _ => FrameAssembly::new(&meta),
        };
        let mut assembly = match assembly {
            Ok(a) => a,
            Err(e) => {
                self.stats.malformed += 1;
                self.lose(meta.request_id, e.to_string(), io);
                return;
            }
        };
        if let Err(e) = assembly.attach_stream(&meta, SEAL_OVERHEAD) {
            self.stats.malformed += 1;
            self.lose(meta.request_id, e.to_string(), io);
            return;
        }
        self.frames.insert(meta.frame_id, assembly);
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        conn.streams
            .retain(|id, s| s.frame_id != meta.frame_id || *id == meta.stream);
        if conn.streams.get(&meta.stream).map(|s| s.frame_id) != Some(meta.frame_id) {
            let rx = StreamRx {
                frame_id: meta.frame_id,
                next_new: 0,
            };
            conn.streams.insert(meta.stream, rx);
        }
        let (early, rest) = std::mem::take(&mut conn.early)
            .into_iter()
            .partition(|(stream, _, _)| *stream == meta.stream);
        conn.early = rest;
        for (_, index, data) in early {
            self.on_chunk(meta.stream, index, &data, io);
        }
        let missing = self
            .frames
            .get(&meta.frame_id)
            .filter(|_| meta.end)
            .map(FrameAssembly::missing_chunks);
        if let Some(missing) = missing {
            self.request_chunks(meta.stream, missing, io);
        }
    }

    /// Asks the glasses to send `missing` chunks of `stream` again (nothing when empty: an
    /// empty status means "complete").
    fn request_chunks(&mut self, stream: u8, missing: Vec<IndexRange>, io: &mut DriverIo) {
        if missing.is_empty() {
            return;
        }
        self.stats.chunks_requested += missing.iter().map(|r| u64::from(r.count)).sum::<u64>();
        self.send_status(stream, missing, io);
    }

    fn send_status(&mut self, stream: u8, missing: Vec<IndexRange>, io: &mut DriverIo) {
        self.send(&Message::FrameStatus(FrameStatus { stream, missing }), io);
    }

    fn on_chunk(&mut self, stream: u8, index: u16, data: &[u8], io: &mut DriverIo) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let Phase::Ready(channel) = &mut conn.phase else {
            return;
        };
        self.last_frame_traffic = Some(io.now);
        let Some(rx) = conn.streams.get_mut(&stream) else {
            if conn.early.len() == EARLY_CHUNKS {
                conn.early.pop_front();
            }
            conn.early.push_back((stream, index, data.to_vec()));
            return;
        };
        let frame_id = rx.frame_id;
        let Some(assembly) = self.frames.get_mut(&frame_id) else {
            return;
        };
        let gap = usize::from(rx.next_new)..usize::from(index);
        rx.next_new = rx.next_new.max(index.saturating_add(1));
        let mut rejection = None;
        let outcome = assembly.accept_chunk(index, data, |seg, sealed| {
            channel
                .open_segment(frame_id, seg as u16, sealed)
                .inspect_err(|e| rejection = Some(e.clone()))
        });
        let lost = (!gap.is_empty() && outcome != ChunkOutcome::Complete)
            .then(|| assembly.missing_chunks_in(gap));
        if let Some(e) = rejection {
            self.count_rejection(&e);
        }
        if let Some(lost) = lost {
            self.request_chunks(stream, lost, io);
        }
        match outcome {
            ChunkOutcome::Complete => self.complete(stream, frame_id, io),
            ChunkOutcome::Invalid => self.stats.malformed += 1,
            _ => {}
        }
    }

    fn complete(&mut self, stream: u8, frame_id: u32, io: &mut DriverIo) {
        // The stream stays known: its late chunks (sent before the glasses hear "complete")
        // find no assembly and are dropped, instead of being kept as early chunks of an
        // unannounced stream that a later stream with the same id would inherit.
        self.send_status(stream, Vec::new(), io);
        let Some(assembly) = self.frames.remove(&frame_id) else {
            return;
        };
        let Some((&request_id, _)) = self
            .pending
            .iter()
            .find(|(_, p)| p.frame_id == Some(frame_id))
        else {
            return;
        };
        let Some(pending) = self.pending.remove(&request_id) else {
            return;
        };
        match assembly.finish() {
            Ok(jpeg) => {
                self.stats.frames += 1;
                io.events.push(LinkEvent::Frame(CameraFrame {
                    request_id,
                    frame_id,
                    jpeg: Arc::from(jpeg),
                    quality: pending.request.quality,
                    roi: pending.request.roi,
                    received_at: io.now.into_std(),
                }));
            }
            Err(e) => {
                self.stats.frames_lost += 1;
                io.events.push(LinkEvent::FrameLost {
                    request_id,
                    reason: e.to_string(),
                });
            }
        }
    }

    fn lose(&mut self, request_id: u32, reason: String, io: &mut DriverIo) {
        if let Some(p) = self.pending.remove(&request_id) {
            if let Some(f) = p.frame_id {
                self.frames.remove(&f);
            }
            self.stats.frames_lost += 1;
            io.events.push(LinkEvent::FrameLost { request_id, reason });
        }
    }

    /// Sends requests that are new, or whose answer stalled, while the link is ready.
    fn send_due_requests(&mut self, io: &mut DriverIo) {
        if !self.is_ready() {
            return;
        }
        let now = io.now;
        let traffic = self.last_frame_traffic;
        let mut due = Vec::new();
        let mut exhausted = Vec::new();
        for (id, p) in &mut self.pending {
            let send = match (p.sent_at, p.frame_id) {
                (None, _) => true,
                // Not announced yet: the request (or the announcement) may have been lost.
                (Some(s), None) => now.duration_since(s) >= REQUEST_ACK_TIMEOUT,
                // Streaming: only a link with no frame traffic at all has stalled.
                (Some(s), Some(_)) => {
                    now.duration_since(traffic.map_or(s, |t| s.max(t))) >= REQUEST_RETRY
                }
            };
            if !send {
                continue;
            }
            // Only sends into a quiet link count towards giving up: glasses busy sending other
            // frames may hold this request in their queue.
            let quiet = p.sent_at.is_none_or(|s| traffic.is_none_or(|t| t <= s));
            if quiet && p.attempts >= REQUEST_ATTEMPTS {
                exhausted.push(*id);
                continue;
            }
            if quiet {
                p.attempts += 1;
            }
            p.sent_at = Some(now);
            let have = p
                .frame_id
                .and_then(|f| self.frames.get(&f).map(|a| (f, a.have_segments())));
            due.push(match have {
                Some((frame_id, have)) => Message::FrameResume(FrameResume { frame_id, have }),
                None => Message::FrameRequest(p.request.clone()),
            });
        }
        for id in exhausted {
            self.lose(id, "no answer from the glasses".into(), io);
        }
        for m in due {
            self.send(&m, io);
        }
    }
}

/// The phone's Hello: its protocol version (the glasses only read that) and no display,
/// camera, microphone, IMU or battery of its own to announce.
fn phone_hello() -> Hello {
    Hello {
        major: PROTOCOL_MAJOR,
        minor: PROTOCOL_MINOR,
        name: "Sightline phone".into(),
        display_width: 0,
        display_height: 0,
        camera_width: 0,
        camera_height: 0,
        mic: false,
        imu: false,
        battery: Battery {
            percent: 0,
            charging: false,
        },
    }
}

impl Driver for SightlineDriver {
    fn family(&self) -> &'static str {
        "sightline"
    }

    fn on_connected(&mut self, att_mtu: usize, io: &mut DriverIo) {
        // A paired phone reconnects with KK, unless reconnections kept failing: then it probes
        // the glasses' key with the first two XX messages (see `on_reply`).
        let pattern = match self.peer {
            Some(_) if self.kk_failures < KK_FAILURES_BEFORE_PROBE => HandshakePattern::Kk,
            _ => HandshakePattern::Xx,
        };
        let remote = match pattern {
            HandshakePattern::Kk => self.peer.as_ref().map(|k| &k[..]),
            HandshakePattern::Xx => None,
        };
        let started = Handshake::new(pattern, true, &self.identity, remote)
            .map(|hs| hs.with_code_digits(self.code_digits))
            .and_then(|mut hs| Ok((hs.write()?, hs)));
        self.conn = Some(Connection {
            payload: packet_payload(att_mtu),
            defrag: Defragmenter::default(),
            seq: 0,
            phase: Phase::Failed,
            streams: HashMap::new(),
            early: VecDeque::new(),
            opened_at: io.now,
            last_heartbeat: io.now,
            hello: false,
            handshake_packets: None,
        });
        match started {
            Ok((noise, hs)) => {
                self.set_phase(Phase::Handshake(Box::new(hs)));
                let first = io.packets.len();
                self.send_handshake(&HandshakeMessage::Init { pattern, noise }, io);
                if let Some(conn) = self.conn.as_mut() {
                    conn.handshake_packets = Some((io.packets[first..].to_vec(), io.now));
                }
            }
            Err(e) => self.fail(e.into(), io),
        }
    }

    fn on_packet(&mut self, packet: &[u8], io: &mut DriverIo) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        match Packet::decode(packet) {
            Ok(Packet::Chunk {
                stream,
                index,
                data,
            }) => self.on_chunk(stream, index, data, io),
            Ok(other) => match conn.defrag.push_packet(&other) {
                Some((FragmentClass::Handshake, message)) => self.on_handshake(&message, io),
                Some((FragmentClass::Sealed, message)) => self.on_sealed(&message, io),
                None => {}
            },
            Err(e) => {
                self.stats.malformed += 1;
                debug!("link: bad packet: {e}");
            }
        }
    }

    fn on_command(&mut self, command: Command, io: &mut DriverIo) {
        match command {
            Command::RequestFrame {
                request_id,
                quality,
                roi,
            } => {
                self.pending.insert(
                    request_id,
                    Pending {
                        request: FrameRequest {
                            request_id,
                            quality: quality.min(100),
                            roi,
                        },
                        sent_at: None,
                        attempts: 0,
                        frame_id: None,
                    },
                );
                self.send_due_requests(io);
            }
            Command::ShowCard(card) => {
                if !self.is_ready() || !self.send(&Message::Display(card), io) {
                    io.events.push(LinkEvent::Error(LinkError::NotReady));
                }
            }
            Command::Speak(text) => {
                if !self.is_ready() || !self.send(&Message::Speak { text }, io) {
                    io.events.push(LinkEvent::Error(LinkError::NotReady));
                }
            }
            Command::Notify(_) => debug!("sightline: no notification command; shown as a card"),
            Command::ConfirmPairing(accepted) => {
                if let Some(Connection {
                    phase: Phase::Confirming { user, .. },
                    ..
                }) = self.conn.as_mut()
                {
                    *user = Some(accepted);
                    self.send(&Message::PairConfirm { accepted }, io);
                    if !accepted {
                        self.fail(LinkError::PairingRejected, io);
                    }
                }
            }
            Command::Forget => {
                if self.is_ready() {
                    self.send(&Message::Forget, io);
                }
                self.peer = None;
                io.signals.push(Signal::Forgotten);
            }
        }
    }

    fn on_tick(&mut self, io: &mut DriverIo) {
        let now = io.now;
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        match &conn.phase {
            Phase::Handshake(_) if now.duration_since(conn.opened_at) > HANDSHAKE_TIMEOUT => {
                io.signals
                    .push(Signal::Reconnect("handshake timed out".into()));
            }
            Phase::Confirming { .. } if now.duration_since(conn.opened_at) > CONFIRM_TIMEOUT => {
                self.fail(LinkError::PairingRejected, io);
            }
            Phase::Handshake(_) | Phase::Confirming { .. } => {
                let user = match &conn.phase {
                    Phase::Confirming { user, .. } => *user,
                    _ => None,
                };
                if let Some((packets, sent)) = conn.handshake_packets.as_mut()
                    && now.duration_since(*sent) >= HANDSHAKE_RETRY
                {
                    *sent = now;
                    io.packets.extend(packets.iter().cloned());
                    if let Some(accepted) = user {
                        self.send(&Message::PairConfirm { accepted }, io);
                    }
                }
            }
            Phase::Ready(_) => {
                if now.duration_since(conn.last_heartbeat) >= HEARTBEAT {
                    conn.last_heartbeat = now;
                    let message = if conn.hello {
                        self.heartbeat_seq = self.heartbeat_seq.wrapping_add(1);
                        Message::Heartbeat {
                            seq: self.heartbeat_seq,
                        }
                    } else {
                        Message::Hello(phone_hello())
                    };
                    self.send(&message, io);
                }
                self.send_due_requests(io);
            }
            _ => {}
        }
    }

    fn on_disconnected(&mut self, _io: &mut DriverIo) {
        self.conn = None;
        for assembly in self.frames.values_mut() {
            assembly.detach_stream();
        }
        for p in self.pending.values_mut() {
            p.sent_at = None;
            p.attempts = 0;
        }
    }

    fn stats(&self) -> LinkStats {
        self.stats
    }
}
