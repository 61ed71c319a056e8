//! The authenticated, encrypted link, built on the Noise Protocol Framework through `snow`.
//!
//! - First pairing runs `Noise_XX_25519_ChaChaPoly_SHA256` with a commit-then-reveal of two
//!   random nonces (the idea of Bluetooth LE Secure Connections numeric comparison): the
//!   responder commits to its nonce `Nb` in message 2, the initiator sends its nonce `Na` in
//!   message 3, and the responder reveals `Nb` after the handshake ([`Handshake::accept_reveal`]).
//!   The 6-digit [`comparison_code`] is derived from the handshake hash and both nonces, so a
//!   man in the middle must fix its own nonce on each side before it learns the honest side's
//!   one: it matches the codes with probability 10⁻⁶ per attempt, whatever compute it has.
//!   Attempts are limited by [`PairingThrottle`]; pairing completes only when the user confirms
//!   that the codes match.
//! - Reconnections run `Noise_KK_25519_ChaChaPoly_SHA256`: both sides already hold the other's
//!   static key, so the handshake authenticates both and derives fresh keys, with no code.
//! - After the handshake every message and frame segment is sealed with ChaCha20-Poly1305 under
//!   the Noise split keys, with an explicit 64-bit counter because packets can be lost, and
//!   associated data naming the direction and the [`Domain`] (a message, or segment `index` of
//!   frame `frame_id`): a sealed segment cannot be passed off as a message or as another
//!   segment. Messages go through a sliding [`ReplayWindow`], so replays, stale counters and
//!   forged messages are rejected and counted; segments need none (a replayed segment can only
//!   fill its own slot with its own bytes), so a resent segment never goes stale.
//!
//! Sealed layout: `counter u64 LE ‖ ChaCha20-Poly1305 ciphertext ‖ 16-byte tag`, nonce
//! `0u32 ‖ counter LE` (Noise's ChaChaPoly nonce), associated data
//! `"sightline-v2" ‖ direction u8 (0 phone → glasses, 1 back) ‖ domain` with domain `1` for a
//! message, `2 ‖ frame_id u32 LE ‖ index u16 LE` for a segment.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};
use snow::{Builder, HandshakeState};
use std::time::Duration;
use thiserror::Error;
use tokio::time::Instant;

use super::protocol::message::HandshakePattern;

/// Noise parameters of the pairing handshake.
pub const NOISE_XX: &str = "Noise_XX_25519_ChaChaPoly_SHA256";
/// Noise parameters of the reconnection handshake.
pub const NOISE_KK: &str = "Noise_KK_25519_ChaChaPoly_SHA256";
/// Bound into every handshake, so a transcript of another protocol or version never verifies.
/// Version 2 added the nonce commitment to XX pairing: a v1 peer fails the handshake.
pub const PROLOGUE: &[u8] = b"sightline-link-v2";
/// Digits of the comparison code shown on both screens (tests may use fewer, see
/// [`Handshake::with_code_digits`]).
pub const CODE_DIGITS: u32 = 6;
/// Bytes of a pairing nonce and of its commitment.
pub const NONCE_LEN: usize = 32;
/// Comparisons that may fail before [`PairingThrottle`] makes the next attempt wait.
pub const FREE_PAIRING_ATTEMPTS: u32 = 3;
/// The longest wait [`PairingThrottle`] imposes between attempts.
pub const MAX_PAIRING_WAIT: Duration = Duration::from_secs(3600);
/// Bytes a sealed message adds to its plaintext (counter + tag).
pub const SEAL_OVERHEAD: usize = COUNTER_LEN + TAG_LEN;
/// Counters the replay window remembers behind the highest one seen.
pub const REPLAY_WINDOW: u64 = 1024;

const COUNTER_LEN: usize = 8;
const TAG_LEN: usize = 16;
const KEY_LEN: usize = 32;

/// A failure of the secure layer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SecureError {
    /// The Noise handshake failed: wrong key, forged or out-of-order message.
    #[error("handshake failed: {0}")]
    Handshake(String),
    /// A key has the wrong length.
    #[error("bad key: expected {KEY_LEN} bytes, got {0}")]
    BadKey(usize),
    /// The counter was already seen (a replay) or is older than the window.
    #[error("replayed or stale message (counter {0})")]
    Replay(u64),
    /// The tag did not verify: forged or corrupted.
    #[error("message failed authentication")]
    Forged,
    /// Too short to be a sealed message.
    #[error("sealed message truncated")]
    Truncated,
    /// The plaintext is too large for one Noise message.
    #[error("message too large to seal")]
    TooLarge,
    /// The send counter is exhausted (never in practice: reconnect for new keys).
    #[error("send counter exhausted")]
    Exhausted,
}

/// A long-term X25519 key pair. `Debug` never shows the secret half.
#[derive(Clone, PartialEq, Eq)]
pub struct StaticKeypair {
    secret: [u8; KEY_LEN],
    public: [u8; KEY_LEN],
}

impl std::fmt::Debug for StaticKeypair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StaticKeypair")
            .field("public", &hex::encode(self.public))
            .field("secret", &"<redacted>")
            .finish()
    }
}

fn key(bytes: &[u8]) -> Result<[u8; KEY_LEN], SecureError> {
    bytes
        .try_into()
        .map_err(|_| SecureError::BadKey(bytes.len()))
}

fn noise_err(e: snow::Error) -> SecureError {
    SecureError::Handshake(e.to_string())
}

fn builder(params: &str) -> Result<Builder<'static>, SecureError> {
    let params = params
        .parse()
        .map_err(|e: snow::Error| SecureError::Handshake(e.to_string()))?;
    Ok(Builder::new(params))
}

impl StaticKeypair {
    /// A fresh random key pair.
    pub fn generate() -> Result<Self, SecureError> {
        let kp = builder(NOISE_XX)?.generate_keypair().map_err(noise_err)?;
        Ok(Self {
            secret: key(&kp.private)?,
            public: key(&kp.public)?,
        })
    }

    /// A key pair from stored bytes.
    pub fn from_bytes(secret: &[u8], public: &[u8]) -> Result<Self, SecureError> {
        Ok(Self {
            secret: key(secret)?,
            public: key(public)?,
        })
    }

    /// The public half (safe to share and log).
    pub fn public(&self) -> &[u8; KEY_LEN] {
        &self.public
    }

    /// The secret half, for the one place that stores it.
    pub fn secret(&self) -> &[u8; KEY_LEN] {
        &self.secret
    }
}

/// The code both screens show after an XX pairing: SHA-256 of a label, the handshake hash and
/// both nonces, first 8 bytes as a number, modulo 10^`digits` (1..=18), zero-padded. The
/// modulo bias of a 64-bit number is below 10⁻¹.
pub fn comparison_code(
    handshake_hash: &[u8],
    initiator_nonce: &[u8; NONCE_LEN],
    responder_nonce: &[u8; NONCE_LEN],
    digits: u32,
) -> String {
    let digest = Sha256::new()
        .chain_update(b"sightline-pairing-code-v2")
        .chain_update(handshake_hash)
        .chain_update(initiator_nonce)
        .chain_update(responder_nonce)
        .finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let digits = digits.clamp(1, 18);
    let n = u64::from_be_bytes(first) % 10u64.pow(digits);
    format!("{n:0width$}", width = digits as usize)
}

/// The commitment to a pairing nonce: `SHA-256("sightline-nonce-commit" ‖ nonce)`.
pub fn nonce_commitment(nonce: &[u8; NONCE_LEN]) -> [u8; NONCE_LEN] {
    Sha256::new()
        .chain_update(b"sightline-nonce-commit")
        .chain_update(nonce)
        .finalize()
        .into()
}

/// The commit-then-reveal state of an XX pairing.
#[derive(Clone, Default)]
struct Nonces {
    /// This side's nonce (initiator: `Na`, responder: `Nb`).
    local: [u8; NONCE_LEN],
    /// The initiator's nonce as received (responder) or this side's (initiator) once sent.
    initiator: Option<[u8; NONCE_LEN]>,
    /// The responder's commitment as received (initiator only).
    commitment: Option<[u8; NONCE_LEN]>,
    /// The responder's nonce once revealed and checked (initiator only).
    revealed: Option<[u8; NONCE_LEN]>,
}

/// One side of a Noise handshake in progress.
pub struct Handshake {
    state: HandshakeState,
    pattern: HandshakePattern,
    digits: u32,
    nonces: Nonces,
}

impl std::fmt::Debug for Handshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handshake")
            .field("pattern", &self.pattern)
            .field("initiator", &self.state.is_initiator())
            .finish()
    }
}

/// What a finished handshake yields besides the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandshakeOutcome {
    /// The peer's static public key, as authenticated by the handshake.
    pub remote_static: [u8; KEY_LEN],
    /// The comparison code (XX only: KK peers are already trusted).
    pub comparison_code: Option<String>,
    /// The responder's nonce to reveal to the initiator after an XX handshake (responder only).
    pub reveal: Option<[u8; NONCE_LEN]>,
}

impl Handshake {
    /// Starts a handshake. `remote` (the peer's static key) is required for KK and ignored for
    /// XX; `initiator` is the phone.
    pub fn new(
        pattern: HandshakePattern,
        initiator: bool,
        local: &StaticKeypair,
        remote: Option<&[u8]>,
    ) -> Result<Self, SecureError> {
        let b = match pattern {
            HandshakePattern::Xx => builder(NOISE_XX)?,
            HandshakePattern::Kk => {
                let remote = remote.ok_or(SecureError::BadKey(0))?;
                key(remote)?;
                builder(NOISE_KK)?
                    .remote_public_key(remote)
                    .map_err(noise_err)?
            }
        };
        let b = b
            .local_private_key(&local.secret)
            .map_err(noise_err)?
            .prologue(PROLOGUE)
            .map_err(noise_err)?;
        let state = if initiator {
            b.build_initiator()
        } else {
            b.build_responder()
        }
        .map_err(noise_err)?;
        Ok(Self {
            state,
            pattern,
            digits: CODE_DIGITS,
            nonces: Nonces {
                local: rand::random(),
                ..Nonces::default()
            },
        })
    }

    /// Sets the length of the comparison code (1..=18 digits; [`CODE_DIGITS`] by default).
    /// Only tests shorten it, to measure an attacker's success rate in few trials.
    pub fn with_code_digits(mut self, digits: u32) -> Self {
        self.digits = digits.clamp(1, 18);
        self
    }

    /// This side's pairing nonce (for attack tests that play a man in the middle).
    pub fn local_nonce(&self) -> &[u8; NONCE_LEN] {
        &self.nonces.local
    }

    /// The handshake hash so far (for attack tests that evaluate the old code derivation).
    pub fn handshake_hash(&self) -> &[u8] {
        self.state.get_handshake_hash()
    }

    /// The payload this side must send in its next message: the responder's commitment in XX
    /// message 2, the initiator's nonce in XX message 3, nothing otherwise.
    fn outgoing_payload(&self) -> Option<[u8; NONCE_LEN]> {
        if self.pattern != HandshakePattern::Xx {
            return None;
        }
        match (
            self.state.is_initiator(),
            self.state.get_remote_static().is_some(),
        ) {
            // Message 3: the initiator has read the responder's static key.
            (true, true) => Some(self.nonces.local),
            (true, false) => None,
            // Message 2: the responder has read only the initiator's ephemeral key.
            (false, _) => Some(nonce_commitment(&self.nonces.local)),
        }
    }
    /// The pattern.
    pub fn pattern(&self) -> HandshakePattern {
        self.pattern
    }

    /// True when it is this side's turn to write.
    pub fn is_my_turn(&self) -> bool {
        self.state.is_my_turn()
    }

    /// True once all messages were exchanged.
    pub fn is_finished(&self) -> bool {
        self.state.is_handshake_finished()
    }

    /// Writes the next handshake message (with the payload the pairing needs).
    pub fn write(&mut self) -> Result<Vec<u8>, SecureError> {
        let payload = self.outgoing_payload();
        let mut buf = vec![0u8; 256];
        let n = self
            .state
            .write_message(payload.as_ref().map_or(&[][..], |p| &p[..]), &mut buf)
            .map_err(noise_err)?;
        buf.truncate(n);
        if self.state.is_initiator() && payload.is_some() {
            self.nonces.initiator = Some(self.nonces.local);
        }
        Ok(buf)
    }

    /// Reads the peer's next handshake message. A payload of the wrong size — anything where
    /// none is expected, anything but exactly [`NONCE_LEN`] bytes where a nonce or commitment
    /// is — fails the handshake.
    pub fn read(&mut self, message: &[u8]) -> Result<(), SecureError> {
        let mut buf = vec![0u8; message.len()];
        let n = self
            .state
            .read_message(message, &mut buf)
            .map_err(noise_err)?;
        let payload = &buf[..n];
        let expects_nonce = self.pattern == HandshakePattern::Xx
            && (self.state.is_initiator() || self.state.is_handshake_finished());
        if !expects_nonce {
            return match payload.is_empty() {
                true => Ok(()),
                false => Err(SecureError::Handshake(
                    "unexpected handshake payload".into(),
                )),
            };
        }
        let value: [u8; NONCE_LEN] = payload
            .try_into()
            .map_err(|_| SecureError::Handshake("pairing nonce of the wrong size".into()))?;
        if self.state.is_initiator() {
            self.nonces.commitment = Some(value);
        } else {
            self.nonces.initiator = Some(value);
        }
        Ok(())
    }

    /// The peer's static key once a handshake message carried it (unauthenticated until the
    /// handshake finished: an XX initiator learns the responder's from message 2).
    pub fn remote_static(&self) -> Option<[u8; KEY_LEN]> {
        self.state.get_remote_static().and_then(|k| key(k).ok())
    }

    /// True when this side must still receive the responder's revealed nonce before
    /// [`Handshake::finish`] (the XX initiator after message 3).
    pub fn awaits_reveal(&self) -> bool {
        self.pattern == HandshakePattern::Xx
            && self.state.is_initiator()
            && self.nonces.revealed.is_none()
    }

    /// The initiator checks the responder's revealed nonce against the commitment of message 2.
    pub fn accept_reveal(&mut self, nonce: &[u8; NONCE_LEN]) -> Result<(), SecureError> {
        let committed = self
            .nonces
            .commitment
            .ok_or_else(|| SecureError::Handshake("reveal before commitment".into()))?;
        if !self.awaits_reveal() || !self.is_finished() {
            return Err(SecureError::Handshake("unexpected reveal".into()));
        }
        if nonce_commitment(nonce) != committed {
            return Err(SecureError::Handshake(
                "revealed nonce does not match its commitment".into(),
            ));
        }
        self.nonces.revealed = Some(*nonce);
        Ok(())
    }

    /// The comparison code of a finished XX pairing whose nonces are both known.
    fn code(&self) -> Result<Option<String>, SecureError> {
        if self.pattern != HandshakePattern::Xx {
            return Ok(None);
        }
        let missing = || SecureError::Handshake("pairing nonces incomplete".into());
        let initiator = self.nonces.initiator.ok_or_else(missing)?;
        let responder = match self.state.is_initiator() {
            true => self.nonces.revealed.ok_or_else(missing)?,
            false => self.nonces.local,
        };
        let hash = self.state.get_handshake_hash();
        Ok(Some(comparison_code(
            hash,
            &initiator,
            &responder,
            self.digits,
        )))
    }

    /// Turns the finished handshake into a secure channel (the XX initiator only after
    /// [`Handshake::accept_reveal`]).
    pub fn finish(self) -> Result<(SecureChannel, HandshakeOutcome), SecureError> {
        if !self.is_finished() {
            return Err(SecureError::Handshake("handshake not finished".into()));
        }
        if self.awaits_reveal() {
            return Err(SecureError::Handshake(
                "pairing nonce not revealed yet".into(),
            ));
        }
        let remote_static = key(self.state.get_remote_static().unwrap_or_default())?;
        let comparison_code = self.code()?;
        let reveal = (self.pattern == HandshakePattern::Xx && !self.state.is_initiator())
            .then_some(self.nonces.local);
        let mut state = self.state;
        let initiator = state.is_initiator();
        let (to_responder, to_initiator) = state.dangerously_get_raw_split();
        let (send, receive) = match initiator {
            true => (to_responder, to_initiator),
            false => (to_initiator, to_responder),
        };
        Ok((
            SecureChannel {
                send: ChaCha20Poly1305::new(Key::from_slice(&send)),
                receive: ChaCha20Poly1305::new(Key::from_slice(&receive)),
                initiator,
                next_send: 0,
                window: ReplayWindow::default(),
            },
            HandshakeOutcome {
                remote_static,
                comparison_code,
                reveal,
            },
        ))
    }
}

/// Limits pairing attempts: every comparison code shown counts as a failed comparison until
/// the user confirms it; after [`FREE_PAIRING_ATTEMPTS`] failures each new attempt waits 1 s,
/// 2 s, 4 s … (at most [`MAX_PAIRING_WAIT`]). A man in the middle that aborts and retries to
/// get another chance at matching codes is slowed to a handful of tries per confirmation window.
#[derive(Debug, Clone, Default)]
pub struct PairingThrottle {
    failures: u32,
    last_failure: Option<Instant>,
}

impl PairingThrottle {
    /// How long the next attempt must still wait at `now` (zero when it may start).
    pub fn wait(&self, now: Instant) -> Duration {
        let Some(last) = self.last_failure else {
            return Duration::ZERO;
        };
        pairing_backoff(self.failures).saturating_sub(now.duration_since(last))
    }

    /// A comparison code was shown at `now`: a failure until [`PairingThrottle::confirmed`].
    pub fn shown(&mut self, now: Instant) {
        self.failures = self.failures.saturating_add(1);
        self.last_failure = Some(now);
    }

    /// The user confirmed matching codes: the count starts over.
    pub fn confirmed(&mut self) {
        *self = Self::default();
    }
}

/// How long a new pairing waits after the last of `failures` unconfirmed codes: nothing for
/// the first [`FREE_PAIRING_ATTEMPTS`], then 1 s, 2 s, 4 s … up to [`MAX_PAIRING_WAIT`]. The
/// glasses' [`PairingThrottle`] and the phone's persisted count (`link::keys`) share it.
pub fn pairing_backoff(failures: u32) -> Duration {
    match failures.checked_sub(FREE_PAIRING_ATTEMPTS) {
        Some(extra) => Duration::from_secs(1u64 << extra.min(12)).min(MAX_PAIRING_WAIT),
        None => Duration::ZERO,
    }
}

/// Remembers which counters were accepted: everything above the highest is new, the last
/// [`REPLAY_WINDOW`] counters are tracked in a bitmap, anything older is refused as stale.
#[derive(Debug, Clone, Default)]
pub struct ReplayWindow {
    highest: Option<u64>,
    bits: [u64; (REPLAY_WINDOW / 64) as usize],
}

impl ReplayWindow {
    fn slot(counter: u64) -> (usize, u64) {
        let i = counter % REPLAY_WINDOW;
        ((i / 64) as usize, 1u64 << (i % 64))
    }

    /// True when `counter` has not been accepted and is not too old.
    pub fn is_fresh(&self, counter: u64) -> bool {
        match self.highest {
            None => true,
            Some(h) if counter > h => true,
            Some(h) if h - counter >= REPLAY_WINDOW => false,
            Some(_) => {
                let (w, b) = Self::slot(counter);
                self.bits[w] & b == 0
            }
        }
    }

    /// Marks `counter` accepted (call only after the message authenticated).
    pub fn accept(&mut self, counter: u64) {
        let highest = self.highest.unwrap_or(0);
        if self.highest.is_none() || counter > highest {
            let start = self.highest.map_or(0, |h| h + 1);
            if counter - start >= REPLAY_WINDOW {
                self.bits = [0; (REPLAY_WINDOW / 64) as usize];
            } else {
                for c in start..counter {
                    let (w, b) = Self::slot(c);
                    self.bits[w] &= !b;
                }
            }
            self.highest = Some(counter);
        }
        let (w, b) = Self::slot(counter);
        self.bits[w] |= b;
    }
}

/// What a sealed payload is: bound into its associated data, so one kind can never be opened
/// as another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// A protocol message.
    Message,
    /// Segment `index` of frame `frame_id`.
    Segment {
        /// The frame.
        frame_id: u32,
        /// The segment's index in the frame.
        index: u16,
    },
}

impl Domain {
    /// The associated data for a payload of this domain sent by the initiator (`true`) or
    /// the responder.
    fn associated_data(self, from_initiator: bool) -> Vec<u8> {
        let mut ad = Vec::with_capacity(20);
        ad.extend_from_slice(b"sightline-v2");
        ad.push(u8::from(!from_initiator));
        match self {
            Domain::Message => ad.push(1),
            Domain::Segment { frame_id, index } => {
                ad.push(2);
                ad.extend_from_slice(&frame_id.to_le_bytes());
                ad.extend_from_slice(&index.to_le_bytes());
            }
        }
        ad
    }
}

fn nonce(counter: u64) -> Nonce {
    let mut n = [0u8; 12];
    n[4..].copy_from_slice(&counter.to_le_bytes());
    Nonce::from(n)
}

/// An established secure channel: seals outgoing and opens incoming messages and segments.
pub struct SecureChannel {
    send: ChaCha20Poly1305,
    receive: ChaCha20Poly1305,
    initiator: bool,
    next_send: u64,
    window: ReplayWindow,
}

impl std::fmt::Debug for SecureChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecureChannel")
            .field("next_send", &self.next_send)
            .finish()
    }
}

/// The largest plaintext one sealed payload may carry (a Noise message's limit).
const MAX_PLAINTEXT: usize = 65_535 - COUNTER_LEN - TAG_LEN;

impl SecureChannel {
    /// Seals a message under the next counter.
    pub fn seal(&mut self, plaintext: &[u8]) -> Result<Vec<u8>, SecureError> {
        self.seal_as(Domain::Message, plaintext)
    }

    /// Seals `plaintext` of `domain` under the next counter.
    pub fn seal_as(&mut self, domain: Domain, plaintext: &[u8]) -> Result<Vec<u8>, SecureError> {
        if plaintext.len() > MAX_PLAINTEXT {
            return Err(SecureError::TooLarge);
        }
        let counter = self.next_send;
        self.next_send = counter.checked_add(1).ok_or(SecureError::Exhausted)?;
        let aad = domain.associated_data(self.initiator);
        let body = self
            .send
            .encrypt(
                &nonce(counter),
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| SecureError::TooLarge)?;
        let mut out = Vec::with_capacity(COUNTER_LEN + body.len());
        out.extend_from_slice(&counter.to_le_bytes());
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// Opens a sealed message: refuses replays and stale counters before decrypting, and
    /// forged or corrupted messages (or sealed segments passed off as messages) after.
    pub fn open(&mut self, sealed: &[u8]) -> Result<Vec<u8>, SecureError> {
        let (counter, _) = Self::split(sealed)?;
        if !self.window.is_fresh(counter) {
            return Err(SecureError::Replay(counter));
        }
        let out = self.decrypt(Domain::Message, sealed)?;
        self.window.accept(counter);
        Ok(out)
    }

    /// Opens segment `index` of frame `frame_id`. No replay window: the associated data pins
    /// the segment to its slot, so a replay can only deliver the same authentic bytes to the
    /// same place (and a resend, sealed long ago, never goes stale).
    pub fn open_segment(
        &mut self,
        frame_id: u32,
        index: u16,
        sealed: &[u8],
    ) -> Result<Vec<u8>, SecureError> {
        self.decrypt(Domain::Segment { frame_id, index }, sealed)
    }

    fn split(sealed: &[u8]) -> Result<(u64, &[u8]), SecureError> {
        let (counter, body) = sealed
            .split_first_chunk::<COUNTER_LEN>()
            .ok_or(SecureError::Truncated)?;
        if body.len() < TAG_LEN {
            return Err(SecureError::Truncated);
        }
        Ok((u64::from_le_bytes(*counter), body))
    }

    fn decrypt(&self, domain: Domain, sealed: &[u8]) -> Result<Vec<u8>, SecureError> {
        let (counter, body) = Self::split(sealed)?;
        let aad = domain.associated_data(!self.initiator);
        self.receive
            .decrypt(
                &nonce(counter),
                Payload {
                    msg: body,
                    aad: &aad,
                },
            )
            .map_err(|_| SecureError::Forged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One side's result of a handshake.
    type Side = (SecureChannel, HandshakeOutcome);

    /// Runs a full handshake between two in-memory parties.
    fn run(
        pattern: HandshakePattern,
        phone: &StaticKeypair,
        glasses: &StaticKeypair,
        phone_knows: Option<&[u8]>,
        glasses_knows: Option<&[u8]>,
    ) -> Result<(Side, Side), SecureError> {
        let mut i = Handshake::new(pattern, true, phone, phone_knows)?;
        let mut r = Handshake::new(pattern, false, glasses, glasses_knows)?;
        let mut turn_i = true;
        while !(i.is_finished() && r.is_finished()) {
            if turn_i {
                let m = i.write()?;
                r.read(&m)?;
            } else {
                let m = r.write()?;
                i.read(&m)?;
            }
            turn_i = !turn_i;
        }
        let r = r.finish()?;
        if let Some(nonce) = &r.1.reveal {
            i.accept_reveal(nonce)?;
        }
        Ok((i.finish()?, r))
    }

    #[test]
    fn xx_pairs_with_matching_codes_then_kk_reconnects() {
        let phone = StaticKeypair::generate().unwrap();
        let glasses = StaticKeypair::generate().unwrap();
        let ((mut a, ao), (mut b, bo)) =
            run(HandshakePattern::Xx, &phone, &glasses, None, None).unwrap();
        assert_eq!(ao.comparison_code, bo.comparison_code);
        assert_eq!(ao.comparison_code.as_ref().unwrap().len(), 6);
        assert_eq!(&ao.remote_static, glasses.public());
        assert_eq!(&bo.remote_static, phone.public());
        let sealed = a.seal(b"hello").unwrap();
        assert_eq!(b.open(&sealed).unwrap(), b"hello");

        let ((mut a, ao), (mut b, _)) = run(
            HandshakePattern::Kk,
            &phone,
            &glasses,
            Some(glasses.public()),
            Some(phone.public()),
        )
        .unwrap();
        assert_eq!(ao.comparison_code, None);
        let sealed = b.seal(b"frame").unwrap();
        assert_eq!(a.open(&sealed).unwrap(), b"frame");
    }

    #[test]
    fn kk_with_wrong_key_is_refused() {
        let phone = StaticKeypair::generate().unwrap();
        let glasses = StaticKeypair::generate().unwrap();
        let impostor = StaticKeypair::generate().unwrap();
        // The phone expects `glasses`, but `impostor` answers (it even knows the phone's key).
        let r = run(
            HandshakePattern::Kk,
            &phone,
            &impostor,
            Some(glasses.public()),
            Some(phone.public()),
        );
        assert!(matches!(r, Err(SecureError::Handshake(_))));
    }

    #[test]
    fn man_in_the_middle_yields_different_codes() {
        let phone = StaticKeypair::generate().unwrap();
        let glasses = StaticKeypair::generate().unwrap();
        let mallory = StaticKeypair::generate().unwrap();
        // Mallory pairs with each side separately, swapping in her own key.
        let ((_, phone_side), _) = run(HandshakePattern::Xx, &phone, &mallory, None, None).unwrap();
        let (_, (_, glasses_side)) =
            run(HandshakePattern::Xx, &mallory, &glasses, None, None).unwrap();
        assert_ne!(phone_side.comparison_code, glasses_side.comparison_code);
        assert_eq!(&phone_side.remote_static, mallory.public());
    }

    #[test]
    fn security_xx_initiator_refuses_a_reveal_that_breaks_the_commitment() {
        let phone = StaticKeypair::generate().unwrap();
        let glasses = StaticKeypair::generate().unwrap();
        let mut i = Handshake::new(HandshakePattern::Xx, true, &phone, None).unwrap();
        let mut r = Handshake::new(HandshakePattern::Xx, false, &glasses, None).unwrap();
        r.read(&i.write().unwrap()).unwrap();
        i.read(&r.write().unwrap()).unwrap();
        assert!(i.finish_early_is_refused());
        let mut i = {
            let mut i = Handshake::new(HandshakePattern::Xx, true, &phone, None).unwrap();
            let mut r = Handshake::new(HandshakePattern::Xx, false, &glasses, None).unwrap();
            r.read(&i.write().unwrap()).unwrap();
            i.read(&r.write().unwrap()).unwrap();
            r.read(&i.write().unwrap()).unwrap();
            let (_, outcome) = r.finish().unwrap();
            let mut other = outcome.reveal.unwrap();
            other[0] ^= 1;
            assert!(i.accept_reveal(&other).is_err());
            i.accept_reveal(&outcome.reveal.unwrap()).unwrap();
            i
        };
        // A second reveal is refused too.
        assert!(i.accept_reveal(&[0; NONCE_LEN]).is_err());
    }

    impl Handshake {
        /// True when finishing before the reveal fails (a test helper consuming a copy-less
        /// handshake by value).
        fn finish_early_is_refused(self) -> bool {
            self.finish().is_err()
        }
    }

    #[test]
    fn security_handshake_payloads_where_none_are_expected_are_refused() {
        let phone = StaticKeypair::generate().unwrap();
        let glasses = StaticKeypair::generate().unwrap();
        // Message 1 of XX and of KK, written by a raw Noise initiator with a payload.
        for (pattern, params, remote) in [
            (HandshakePattern::Xx, NOISE_XX, None),
            (HandshakePattern::Kk, NOISE_KK, Some(glasses.public())),
        ] {
            let mut b = builder(params).unwrap();
            if let Some(remote) = remote {
                b = b.remote_public_key(remote).unwrap();
            }
            let mut raw = b
                .local_private_key(phone.secret())
                .unwrap()
                .prologue(PROLOGUE)
                .unwrap()
                .build_initiator()
                .unwrap();
            let mut buf = [0u8; 256];
            let n = raw.write_message(b"smuggled", &mut buf).unwrap();
            let knows = remote.map(|_| &phone.public()[..]);
            let mut r = Handshake::new(pattern, false, &glasses, knows).unwrap();
            assert!(matches!(r.read(&buf[..n]), Err(SecureError::Handshake(_))));
        }
    }

    #[test]
    fn security_code_length_is_a_parameter() {
        let code = comparison_code(b"h", &[1; NONCE_LEN], &[2; NONCE_LEN], 2);
        assert_eq!(code.len(), 2);
        assert_eq!(
            comparison_code(b"h", &[1; NONCE_LEN], &[2; NONCE_LEN], 6).len(),
            6
        );
        assert_ne!(
            comparison_code(b"h", &[1; NONCE_LEN], &[2; NONCE_LEN], 6),
            comparison_code(b"h", &[1; NONCE_LEN], &[3; NONCE_LEN], 6)
        );
    }

    #[test]
    fn security_failed_comparisons_back_off_after_three() {
        let t0 = Instant::now();
        let mut t = PairingThrottle::default();
        for _ in 0..FREE_PAIRING_ATTEMPTS {
            assert_eq!(t.wait(t0), Duration::ZERO);
            t.shown(t0);
        }
        // Three codes nobody confirmed: the fourth attempt waits 1 s, the fifth 2 s …
        assert_eq!(t.wait(t0), Duration::from_secs(1));
        assert_eq!(t.wait(t0 + Duration::from_secs(1)), Duration::ZERO);
        t.shown(t0);
        assert_eq!(t.wait(t0), Duration::from_secs(2));
        assert_eq!(
            t.wait(t0 + Duration::from_millis(1500)),
            Duration::from_millis(500)
        );
        for _ in 0..40 {
            t.shown(t0);
        }
        assert_eq!(t.wait(t0), MAX_PAIRING_WAIT);
        t.confirmed();
        assert_eq!(t.wait(t0), Duration::ZERO);
    }

    #[test]
    fn security_sealed_payloads_are_bound_to_their_domain_and_direction() {
        let phone = StaticKeypair::generate().unwrap();
        let glasses = StaticKeypair::generate().unwrap();
        let ((mut a, _), (mut b, _)) =
            run(HandshakePattern::Xx, &phone, &glasses, None, None).unwrap();
        let segment = b
            .seal_as(
                Domain::Segment {
                    frame_id: 7,
                    index: 3,
                },
                b"jpeg",
            )
            .unwrap();
        // A segment is not a message, nor another segment, nor another frame's.
        assert_eq!(a.open(&segment), Err(SecureError::Forged));
        assert_eq!(a.open_segment(7, 4, &segment), Err(SecureError::Forged));
        assert_eq!(a.open_segment(8, 3, &segment), Err(SecureError::Forged));
        assert_eq!(a.open_segment(7, 3, &segment).unwrap(), b"jpeg");
        // A resent segment opens however many messages went by (no window to fall out of).
        for _ in 0..REPLAY_WINDOW + 5 {
            let m = b.seal(b"x").unwrap();
            a.open(&m).unwrap();
        }
        assert_eq!(a.open_segment(7, 3, &segment).unwrap(), b"jpeg");
        // A message is not a segment; and it does not open in the direction it was sent.
        let message = b.seal(b"hello").unwrap();
        assert_eq!(a.open_segment(0, 0, &message), Err(SecureError::Forged));
        assert_eq!(b.open(&message), Err(SecureError::Forged));
        assert_eq!(a.open(&message).unwrap(), b"hello");
    }

    #[test]
    fn replays_stale_counters_and_bit_flips_are_rejected() {
        let phone = StaticKeypair::generate().unwrap();
        let glasses = StaticKeypair::generate().unwrap();
        let ((mut a, _), (mut b, _)) =
            run(HandshakePattern::Xx, &phone, &glasses, None, None).unwrap();
        let first = a.seal(b"one").unwrap();
        let second = a.seal(b"two").unwrap();
        // Out of order is fine; a replay is not.
        assert_eq!(b.open(&second).unwrap(), b"two");
        assert_eq!(b.open(&first).unwrap(), b"one");
        assert_eq!(b.open(&first), Err(SecureError::Replay(0)));
        let mut flipped = a.seal(b"three").unwrap();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x01;
        assert_eq!(b.open(&flipped), Err(SecureError::Forged));
        let mut relabeled = a.seal(b"four").unwrap();
        relabeled[0] ^= 0x40; // claims another counter: the nonce no longer matches
        assert_eq!(b.open(&relabeled), Err(SecureError::Forged));
        // Far-ahead counters push old ones out of the window.
        for _ in 0..REPLAY_WINDOW + 5 {
            let m = a.seal(b"x").unwrap();
            b.open(&m).unwrap();
        }
        let stale = {
            let mut m = a.seal(b"late").unwrap();
            m[..8].copy_from_slice(&3u64.to_le_bytes());
            m
        };
        assert_eq!(b.open(&stale), Err(SecureError::Replay(3)));
        assert_eq!(b.open(b"short"), Err(SecureError::Truncated));
    }
}
