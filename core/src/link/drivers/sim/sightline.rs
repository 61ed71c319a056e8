//! The glasses' side of the Sightline protocol as a sans-I/O state machine: the simulated
//! peripheral feeds it packets and pulls packets from it at each connection event, exactly as
//! a BLE stack pulls from a notification queue.
//!
//! It is the responder of the Noise handshakes, serves camera frames from given JPEG images
//! (cropped and re-encoded for a region of interest or quality), records what the display was
//! told to show and what it was told to speak, and sends scripted gestures, IMU samples and
//! transcripts once the link is trusted.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use tracing::{debug, warn};

use crate::link::protocol::frame::{SEGMENT_SIZE, StreamLayout, build_stream, segment_count};
use crate::link::protocol::message::{
    Battery, DisplayCard, ERR_NOT_PAIRED, FrameMeta, FrameRequest, FrameResume, FrameUnavailable,
    HandshakeMessage, HandshakePattern, Hello, IndexRange, MAX_RANGES, Message, PeerError,
    RefusalReason, Roi,
};
use crate::link::protocol::packet::{CHUNK_HEADER, Defragmenter, FragmentClass, Packet, fragment};
use crate::link::protocol::{PROTOCOL_MAJOR, PROTOCOL_MINOR, packet_payload};
use crate::link::secure::{
    Domain, Handshake, PairingThrottle, SEAL_OVERHEAD, SecureChannel, StaticKeypair,
};

/// Frames kept for resumption after a disconnect.
const FRAME_CACHE: usize = 16;
/// Streams sent concurrently (the next frame flows while the phone answers for the last).
const ACTIVE_STREAMS: usize = 2;
/// Connection intervals to wait for the phone's status before repeating an end-of-round
/// marker: the status needs two connection events (marker out, status back) plus the phone's
/// scheduling; tying it to the interval keeps a lost marker or status from idling the link for
/// a fixed quarter second on a fast connection.
const STATUS_TIMEOUT_INTERVALS: u32 = 12;
/// Connection intervals between end-of-round markers of one stream when chunks were resent in
/// between: resends the phone asked for one by one (gap reports) each end a small round, and a
/// marker per resend would cost more than the resends themselves at a small MTU.
const END_SPACING_INTERVALS: u32 = 4;
/// Heartbeat period.
const HEARTBEAT: Duration = Duration::from_secs(1);

/// What the simulated glasses are and how their user behaves.
#[derive(Debug, Clone)]
pub struct GlassesProfile {
    /// Advertised name.
    pub name: String,
    /// Display size in pixels.
    pub display: (u16, u16),
    /// Camera size in pixels.
    pub camera: (u16, u16),
    /// Whether a pairing request is accepted at all.
    pub accept_pairing: bool,
    /// Whether the wearer confirms the comparison code (the demo confirms automatically).
    pub confirm_code: bool,
}

impl Default for GlassesProfile {
    fn default() -> Self {
        Self {
            name: "Sightline Sim".into(),
            display: (640, 400),
            camera: (1280, 960),
            accept_pairing: true,
            confirm_code: true,
        }
    }
}

#[derive(Debug, Clone)]
struct CachedFrame {
    frame_id: u32,
    request_id: u32,
    jpeg: Arc<Vec<u8>>,
    crc32: u32,
    quality: u8,
    roi: Option<Roi>,
}

#[derive(Debug)]
enum Job {
    Request(FrameRequest),
    Resume(FrameResume),
}

#[derive(Debug)]
struct StreamTx {
    meta: FrameMeta,
    layout: StreamLayout,
    bytes: Vec<u8>,
    queue: VecDeque<u16>,
    end_sent_at: Option<Instant>,
    /// Chunks went out since the last end-of-round marker.
    sent_since_end: bool,
    /// When the queue last ran empty.
    drained_at: Option<Instant>,
}

#[derive(Debug)]
enum Phase {
    AwaitInit,
    Handshake(Box<Handshake>),
    Secure {
        channel: Box<SecureChannel>,
        trusted: bool,
        pending_phone: Option<[u8; 32]>,
    },
}

#[derive(Debug)]
struct Connection {
    payload: usize,
    /// Connection interval (the glasses, as the peripheral, know the negotiated one).
    interval: Duration,
    defrag: Defragmenter,
    seq: u8,
    control: VecDeque<Vec<u8>>,
    phase: Phase,
    jobs: VecDeque<Job>,
    streams: Vec<StreamTx>,
    next_stream: u8,
    last_heartbeat: Instant,
    heartbeat_seq: u32,
    /// The last handshake Init and our reply: a retransmitted Init gets the same reply.
    last_init: Option<(Vec<u8>, Vec<u8>)>,
    /// The last XX Final and the nonce revealed for it: a retransmitted Final gets it again.
    last_final: Option<(Vec<u8>, [u8; 32])>,
}

/// Counters of what the glasses refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GlassesStats {
    /// Sealed messages refused (forged, replayed, stale).
    pub rejected: u64,
    /// Frame requests refused because the phone was not trusted.
    pub refused_unpaired: u64,
    /// Handshakes refused.
    pub refused_handshakes: u64,
    /// Plaintext handshake messages ignored because this connection is already secure (a
    /// phone starts a handshake only on a new connection: these are injected).
    pub ignored_handshakes: u64,
}

/// The glasses' protocol engine (one per simulated device, kept across connections).
#[derive(Debug)]
pub struct GlassesEngine {
    profile: GlassesProfile,
    keypair: StaticKeypair,
    paired_phone: Option<[u8; 32]>,
    battery: Battery,
    images: Vec<Arc<Vec<u8>>>,
    next_image: usize,
    cache: VecDeque<CachedFrame>,
    next_frame_id: u32,
    script: VecDeque<Message>,
    display_log: Vec<DisplayCard>,
    speech_log: Vec<String>,
    codes: Vec<String>,
    stats: GlassesStats,
    conn: Option<Connection>,
    generation: u64,
    throttle: PairingThrottle,
    code_digits: u32,
}

impl GlassesEngine {
    /// New glasses with `keypair`, serving `images` (JPEG bytes) round-robin as camera frames.
    pub fn new(profile: GlassesProfile, keypair: StaticKeypair, images: Vec<Vec<u8>>) -> Self {
        Self {
            profile,
            keypair,
            paired_phone: None,
            battery: Battery {
                percent: 87,
                charging: false,
            },
            images: images.into_iter().map(Arc::new).collect(),
            next_image: 0,
            cache: VecDeque::new(),
            next_frame_id: 1,
            script: VecDeque::new(),
            display_log: Vec::new(),
            speech_log: Vec::new(),
            codes: Vec::new(),
            stats: GlassesStats::default(),
            conn: None,
            generation: 0,
            throttle: PairingThrottle::default(),
            code_digits: crate::link::secure::CODE_DIGITS,
        }
    }

    /// Sets the length of the comparison code (tests measuring an attacker's chance shorten it;
    /// the phone must use the same length).
    pub fn set_code_digits(&mut self, digits: u32) {
        self.code_digits = digits;
    }

    /// The glasses' static public key.
    pub fn public_key(&self) -> [u8; 32] {
        *self.keypair.public()
    }

    /// The phone key stored at pairing (`None` when unpaired or forgotten).
    pub fn paired_phone(&self) -> Option<[u8; 32]> {
        self.paired_phone
    }

    /// Pretends an earlier pairing with `phone` (for tests of reconnection and wrong keys).
    pub fn set_paired_phone(&mut self, phone: Option<[u8; 32]>) {
        self.paired_phone = phone;
    }

    /// Cards the display was told to show, oldest first.
    pub fn display_log(&self) -> &[DisplayCard] {
        &self.display_log
    }

    /// Texts it was told to speak.
    pub fn speech_log(&self) -> &[String] {
        &self.speech_log
    }

    /// Comparison codes shown on the display during pairing.
    pub fn shown_codes(&self) -> &[String] {
        &self.codes
    }

    /// Refusal counters.
    pub fn stats(&self) -> GlassesStats {
        self.stats
    }

    /// Replaces the camera's images.
    pub fn set_images(&mut self, images: Vec<Vec<u8>>) {
        self.images = images.into_iter().map(Arc::new).collect();
    }

    /// Queues a scripted message (gesture, IMU sample, transcript, battery) to send once the
    /// link is trusted.
    pub fn script(&mut self, message: Message) {
        if let Message::Battery(b) = &message {
            self.battery = *b;
        }
        self.script.push_back(message);
    }

    /// A connection opened with the given ATT MTU and connection interval; returns its
    /// generation for [`GlassesEngine::on_disconnect`].
    pub fn on_connect(&mut self, att_mtu: usize, interval: Duration, now: Instant) -> u64 {
        self.generation += 1;
        self.conn = Some(Connection {
            payload: packet_payload(att_mtu),
            interval,
            defrag: Defragmenter::default(),
            seq: 0,
            control: VecDeque::new(),
            phase: Phase::AwaitInit,
            jobs: VecDeque::new(),
            streams: Vec::new(),
            next_stream: 0,
            last_heartbeat: now,
            heartbeat_seq: 0,
            last_init: None,
            last_final: None,
        });
        self.generation
    }

    /// Connection `generation` dropped: everything but the frame cache and the keys is
    /// forgotten (a newer connection is left alone).
    pub fn on_disconnect(&mut self, generation: u64) {
        if generation == self.generation {
            self.conn = None;
        }
    }

    /// The next packet to notify, if any.
    pub fn poll_transmit(&mut self, now: Instant) -> Option<Vec<u8>> {
        let conn = self.conn.as_mut()?;
        if let Some(p) = conn.control.pop_front() {
            return Some(p);
        }
        let (secure, trusted) = match conn.phase {
            Phase::Secure { trusted, .. } => (true, trusted),
            _ => (false, false),
        };
        if !secure {
            return None;
        }
        if trusted && let Some(m) = self.script.pop_front() {
            self.send(&m);
        } else if now.duration_since(conn.last_heartbeat) >= HEARTBEAT {
            conn.last_heartbeat = now;
            conn.heartbeat_seq = conn.heartbeat_seq.wrapping_add(1);
            let seq = conn.heartbeat_seq;
            self.send(&Message::Heartbeat { seq });
        } else if trusted {
            self.start_streams();
        }
        if let Some(p) = self.conn.as_mut()?.control.pop_front() {
            return Some(p);
        }
        self.next_chunk(now)
    }

    /// The next frame packet: a due end-of-round marker first (it is what lets the phone answer
    /// with the chunks it misses, so it must not wait behind another stream's chunks), else the
    /// next queued chunk, oldest stream first.
    fn next_chunk(&mut self, now: Instant) -> Option<Vec<u8>> {
        let conn = self.conn.as_mut()?;
        let (spacing, timeout) = (
            conn.interval * END_SPACING_INTERVALS,
            conn.interval * STATUS_TIMEOUT_INTERVALS,
        );
        let busy = conn.streams.iter().any(|s| !s.queue.is_empty());
        let since = |t: Option<Instant>| t.map_or(Duration::MAX, |t| now.duration_since(t));
        let due = conn.streams.iter_mut().find(|s| {
            s.queue.is_empty()
                && if s.sent_since_end {
                    // While other streams keep the link busy, give the phone time to say the
                    // frame is complete (or which chunks it lacks) before spending a marker.
                    since(s.end_sent_at) >= spacing && (!busy || since(s.drained_at) >= spacing)
                } else {
                    since(s.end_sent_at) >= timeout
                }
        });
        if let Some(s) = due {
            s.end_sent_at = Some(now);
            s.sent_since_end = false;
            let meta = FrameMeta {
                end: true,
                ..s.meta.clone()
            };
            self.send(&Message::FrameMeta(meta));
            return self.conn.as_mut()?.control.pop_front();
        }
        let s = conn.streams.iter_mut().find(|s| !s.queue.is_empty())?;
        let i = s.queue.pop_front()?;
        s.sent_since_end = true;
        if s.queue.is_empty() {
            s.drained_at = Some(now);
        }
        let data = s.bytes.get(s.layout.chunk_bounds(usize::from(i)))?;
        Some(
            Packet::Chunk {
                stream: s.meta.stream,
                index: i,
                data,
            }
            .encode(),
        )
    }

    /// Handles one packet written by the phone at `now` (pairing attempts are throttled).
    pub fn on_packet(&mut self, bytes: &[u8], now: Instant) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let packet = match Packet::decode(bytes) {
            Ok(p) => p,
            Err(e) => {
                warn!("glasses: bad packet: {e}");
                return;
            }
        };
        let Some((class, message)) = conn.defrag.push_packet(&packet) else {
            return;
        };
        match class {
            FragmentClass::Handshake => self.on_handshake(&message, now),
            FragmentClass::Sealed => self.on_sealed(&message),
        }
    }

    fn on_handshake(&mut self, bytes: &[u8], now: Instant) {
        let Ok(message) = HandshakeMessage::decode(bytes) else {
            return;
        };
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        if let (HandshakeMessage::Init { noise, .. }, Some((last, reply))) =
            (&message, &conn.last_init)
            && noise == last
        {
            let reply = reply.clone();
            self.send_handshake(&HandshakeMessage::Reply { noise: reply });
            return;
        }
        if let (HandshakeMessage::Final { noise }, Some((last, nonce))) =
            (&message, &conn.last_final)
            && noise == last
        {
            let nonce = *nonce;
            self.send_handshake(&HandshakeMessage::Reveal { nonce });
            return;
        }
        let phase = std::mem::replace(&mut conn.phase, Phase::AwaitInit);
        let outcome = match (message, phase) {
            (_, phase @ Phase::Secure { .. }) => {
                self.stats.ignored_handshakes += 1;
                Ok(phase)
            }
            (HandshakeMessage::Init { pattern, noise }, _) => self.respond(pattern, &noise, now),
            (HandshakeMessage::Final { noise }, Phase::Handshake(mut hs)) => hs
                .read(&noise)
                .and_then(|()| hs.finish())
                .map(|(channel, outcome)| {
                    self.throttle.shown(now);
                    self.codes.extend(outcome.comparison_code.iter().cloned());
                    if let Some(nonce) = outcome.reveal {
                        if let Some(conn) = self.conn.as_mut() {
                            conn.last_final = Some((noise.clone(), nonce));
                        }
                        self.send_handshake(&HandshakeMessage::Reveal { nonce });
                    }
                    Phase::Secure {
                        channel: Box::new(channel),
                        trusted: false,
                        pending_phone: Some(outcome.remote_static),
                    }
                })
                .map_err(|_| RefusalReason::AuthenticationFailed),
            (_, phase) => Ok(phase),
        };
        match outcome {
            Ok(phase) => {
                let trusted = matches!(phase, Phase::Secure { trusted: true, .. });
                if let Some(conn) = self.conn.as_mut() {
                    conn.phase = phase;
                }
                if trusted {
                    self.greet();
                }
            }
            Err(reason) => {
                self.stats.refused_handshakes += 1;
                self.send_handshake(&HandshakeMessage::Refused(reason));
            }
        }
    }

    /// Answers a handshake's first message; KK completes at once, XX waits for the final one.
    fn respond(
        &mut self,
        pattern: HandshakePattern,
        noise: &[u8],
        now: Instant,
    ) -> Result<Phase, RefusalReason> {
        let remote = match pattern {
            HandshakePattern::Kk => Some(self.paired_phone.ok_or(RefusalReason::NotPaired)?),
            HandshakePattern::Xx
                if !self.profile.accept_pairing || !self.throttle.wait(now).is_zero() =>
            {
                return Err(RefusalReason::PairingClosed);
            }
            HandshakePattern::Xx => None,
        };
        let fail = |_| RefusalReason::AuthenticationFailed;
        let mut hs = Handshake::new(
            pattern,
            false,
            &self.keypair,
            remote.as_ref().map(|k| &k[..]),
        )
        .map_err(fail)?
        .with_code_digits(self.code_digits);
        hs.read(noise).map_err(fail)?;
        let reply = hs.write().map_err(fail)?;
        if let Some(conn) = self.conn.as_mut() {
            conn.last_init = Some((noise.to_vec(), reply.clone()));
        }
        self.send_handshake(&HandshakeMessage::Reply { noise: reply });
        if pattern == HandshakePattern::Xx {
            return Ok(Phase::Handshake(Box::new(hs)));
        }
        let (channel, _) = hs.finish().map_err(fail)?;
        Ok(Phase::Secure {
            channel: Box::new(channel),
            trusted: true,
            pending_phone: None,
        })
    }

    fn greet(&mut self) {
        let hello = Hello {
            major: PROTOCOL_MAJOR,
            minor: PROTOCOL_MINOR,
            name: self.profile.name.clone(),
            display_width: self.profile.display.0,
            display_height: self.profile.display.1,
            camera_width: self.profile.camera.0,
            camera_height: self.profile.camera.1,
            mic: true,
            imu: true,
            battery: self.battery,
        };
        self.send(&Message::Hello(hello));
    }

    fn on_sealed(&mut self, sealed: &[u8]) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let Phase::Secure { channel, .. } = &mut conn.phase else {
            return;
        };
        let plain = match channel.open(sealed) {
            Ok(p) => p,
            Err(e) => {
                self.stats.rejected += 1;
                debug!("glasses: rejected sealed message: {e}");
                return;
            }
        };
        let message = match Message::decode(&plain) {
            Ok(m) => m,
            Err(e) => {
                warn!("glasses: skipped message: {e}");
                return;
            }
        };
        self.on_message(message);
    }

    fn on_message(&mut self, message: Message) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let Phase::Secure {
            trusted,
            pending_phone,
            ..
        } = &mut conn.phase
        else {
            return;
        };
        match message {
            // The phone repeats its Hello until it hears ours (ours may have been lost).
            Message::Hello(_) if *trusted => self.greet(),
            Message::PairConfirm { .. } if *trusted => {
                // The phone repeats its confirmation until it hears ours.
                self.send(&Message::PairConfirm { accepted: true });
            }
            Message::PairConfirm { accepted } => {
                let ok = accepted && self.profile.confirm_code && pending_phone.is_some();
                if ok {
                    self.paired_phone = pending_phone.take();
                    *trusted = true;
                    self.throttle.confirmed();
                }
                self.send(&Message::PairConfirm { accepted: ok });
                if ok {
                    self.greet();
                }
            }
            Message::FrameRequest(_) | Message::FrameResume(_) if !*trusted => {
                self.stats.refused_unpaired += 1;
                self.send(&Message::Error(PeerError {
                    code: ERR_NOT_PAIRED,
                    text: "pairing not confirmed".into(),
                }));
            }
            Message::FrameRequest(r) => {
                // A repeated request means the phone missed the stream's announcement.
                let live = conn
                    .streams
                    .iter()
                    .find(|s| s.meta.request_id == r.request_id)
                    .map(|s| s.meta.clone());
                let queued = conn
                    .jobs
                    .iter()
                    .any(|j| matches!(j, Job::Request(q) if q.request_id == r.request_id));
                match live {
                    Some(meta) => self.send(&Message::FrameMeta(meta)),
                    None if !queued => conn.jobs.push_back(Job::Request(r)),
                    None => {}
                }
            }
            Message::FrameResume(r) => {
                let busy = conn.streams.iter().any(|s| s.meta.frame_id == r.frame_id);
                if !busy {
                    conn.jobs.push_back(Job::Resume(r));
                }
            }
            Message::FrameStatus(status) => {
                let Some(pos) = conn
                    .streams
                    .iter()
                    .position(|s| s.meta.stream == status.stream)
                else {
                    return;
                };
                if status.missing.is_empty() {
                    conn.streams.remove(pos);
                    return;
                }
                let s = &mut conn.streams[pos];
                let limit = s.layout.chunk_count();
                for i in status.missing.iter().flat_map(IndexRange::indices) {
                    if usize::from(i) < limit && !s.queue.contains(&i) {
                        s.queue.push_back(i);
                    }
                }
            }
            Message::Display(card) if *trusted => {
                self.display_log.retain(|c| c.card_id != card.card_id);
                self.display_log.push(card);
            }
            Message::Speak { text } if *trusted => self.speech_log.push(text),
            Message::Forget if *trusted => {
                self.paired_phone = None;
                *trusted = false;
            }
            other => debug!("glasses: ignored {other:?}"),
        }
    }

    fn start_streams(&mut self) {
        while let Some(conn) = self.conn.as_mut()
            && conn.streams.len() < ACTIVE_STREAMS
            && let Some(job) = conn.jobs.pop_front()
        {
            let started = match job {
                Job::Request(r) => self.capture(&r).map(|f| (f, None)),
                Job::Resume(r) => self
                    .cache
                    .iter()
                    .find(|f| f.frame_id == r.frame_id)
                    .cloned()
                    .map(|f| (f, Some(r.have)))
                    .ok_or_else(|| (0, r.frame_id, "frame no longer cached".to_string())),
            };
            match started {
                Ok((frame, have)) => self.open_stream(&frame, have.as_deref()),
                Err((request_id, frame_id, reason)) => {
                    self.send(&Message::FrameUnavailable(FrameUnavailable {
                        request_id,
                        frame_id,
                        reason,
                    }))
                }
            }
        }
    }

    /// Takes a picture: the next image, cropped and re-encoded when asked.
    fn capture(&mut self, r: &FrameRequest) -> Result<CachedFrame, (u32, u32, String)> {
        if let Some(f) = self.cache.iter().find(|f| f.request_id == r.request_id) {
            return Ok(f.clone());
        }
        let unavailable = |reason: String| (r.request_id, 0, reason);
        if self.images.is_empty() {
            return Err(unavailable("no camera images".into()));
        }
        let image = self.images[self.next_image % self.images.len()].clone();
        self.next_image = self.next_image.wrapping_add(1);
        let jpeg = if r.roi.is_some() || r.quality != 0 {
            Arc::new(reencode(&image, r.roi, r.quality).map_err(unavailable)?)
        } else {
            image
        };
        if jpeg.is_empty() || jpeg.len() > crate::link::protocol::frame::MAX_FRAME_BYTES {
            return Err(unavailable("frame size out of range".into()));
        }
        let frame = CachedFrame {
            frame_id: self.next_frame_id,
            request_id: r.request_id,
            crc32: crc32fast::hash(&jpeg),
            jpeg,
            quality: r.quality,
            roi: r.roi,
        };
        self.next_frame_id = self.next_frame_id.wrapping_add(1).max(1);
        if self.cache.len() == FRAME_CACHE {
            self.cache.pop_front();
        }
        self.cache.push_back(frame.clone());
        Ok(frame)
    }

    fn open_stream(&mut self, frame: &CachedFrame, have: Option<&[IndexRange]>) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let held: Vec<u16> = have
            .unwrap_or_default()
            .iter()
            .flat_map(IndexRange::indices)
            .collect();
        let count = segment_count(frame.jpeg.len(), SEGMENT_SIZE);
        let wanted = (0..count as u16).filter(|s| !held.contains(s));
        // A stream lists at most MAX_RANGES ranges; the rest follows in a later resume.
        let segments = IndexRange::from_sorted(wanted, MAX_RANGES);
        let chunk_size = conn.payload.saturating_sub(CHUNK_HEADER);
        let Phase::Secure { channel, .. } = &mut conn.phase else {
            return;
        };
        let built = StreamLayout::new(
            frame.jpeg.len(),
            SEGMENT_SIZE,
            &segments,
            SEAL_OVERHEAD,
            chunk_size,
        )
        .map_err(|e| e.to_string())
        .and_then(|layout| {
            build_stream(&frame.jpeg, &layout, |seg, p| {
                let domain = Domain::Segment {
                    frame_id: frame.frame_id,
                    index: seg as u16,
                };
                channel.seal_as(domain, p)
            })
            .map(|bytes| (layout, bytes))
            .map_err(|e| e.to_string())
        });
        let (layout, bytes) = match built {
            Ok(b) => b,
            Err(reason) => {
                self.send(&Message::FrameUnavailable(FrameUnavailable {
                    request_id: frame.request_id,
                    frame_id: frame.frame_id,
                    reason,
                }));
                return;
            }
        };
        let stream = conn.next_stream;
        conn.next_stream = conn.next_stream.wrapping_add(1);
        let meta = FrameMeta {
            request_id: frame.request_id,
            frame_id: frame.frame_id,
            stream,
            jpeg_len: frame.jpeg.len() as u32,
            crc32: frame.crc32,
            segment_size: SEGMENT_SIZE as u16,
            chunk_size: chunk_size as u16,
            segments,
            quality: frame.quality,
            roi: frame.roi,
            end: false,
        };
        let queue = (0..layout.chunk_count() as u32).map(|i| i as u16).collect();
        conn.streams.push(StreamTx {
            meta: meta.clone(),
            layout,
            bytes,
            queue,
            end_sent_at: None,
            sent_since_end: true,
            drained_at: None,
        });
        self.send(&Message::FrameMeta(meta));
    }

    /// Seals and queues a message (dropped if the link is not secure yet).
    fn send(&mut self, message: &Message) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        let Phase::Secure { channel, .. } = &mut conn.phase else {
            return;
        };
        let Ok(sealed) = channel.seal(&message.encode()) else {
            return;
        };
        conn.seq = conn.seq.wrapping_add(1);
        match fragment(FragmentClass::Sealed, conn.seq, &sealed, conn.payload) {
            Ok(packets) => conn.control.extend(packets),
            Err(e) => warn!("glasses: cannot send message: {e}"),
        }
    }

    fn send_handshake(&mut self, message: &HandshakeMessage) {
        let Some(conn) = self.conn.as_mut() else {
            return;
        };
        conn.seq = conn.seq.wrapping_add(1);
        if let Ok(packets) = fragment(
            FragmentClass::Handshake,
            conn.seq,
            &message.encode(),
            conn.payload,
        ) {
            conn.control.extend(packets);
        }
    }
}

/// Crops `jpeg` to `roi` (if any) and re-encodes it at `quality` (0 = 85).
fn reencode(jpeg: &[u8], roi: Option<Roi>, quality: u8) -> Result<Vec<u8>, String> {
    let image = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg)
        .map_err(|e| format!("camera image is not a JPEG: {e}"))?;
    let image = match roi {
        Some(r) => {
            let scale = |v: u16, full: u32| (u64::from(v) * u64::from(full) / 10_000) as u32;
            let (w, h) = (image.width(), image.height());
            image.crop_imm(
                scale(r.x, w),
                scale(r.y, h),
                scale(r.w, w).max(1),
                scale(r.h, h).max(1),
            )
        }
        None => image,
    };
    let q = if quality == 0 { 85 } else { quality };
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q)
        .encode_image(&image.to_rgb8())
        .map_err(|e| format!("cannot encode JPEG: {e}"))?;
    Ok(out)
}
