//! The authenticated, encrypted link, built on the Noise Protocol Framework through `snow`.
//!
//! - First pairing runs `Noise_XX_25519_ChaChaPoly_SHA256`: both static keys are exchanged
//!   encrypted, and a 6-digit [`comparison_code`] derived from the handshake hash is shown on
//!   both screens. A man in the middle runs two handshakes with different hashes, so the codes
//!   differ; pairing completes only when the user confirms they match.
//! - Reconnections run `Noise_KK_25519_ChaChaPoly_SHA256`: both sides already hold the other's
//!   static key, so the handshake authenticates both and derives fresh keys, with no code.
//! - After the handshake every message is sealed with an explicit 64-bit counter (snow's
//!   stateless transport), because packets can be lost; the receiver keeps a sliding
//!   [`ReplayWindow`], so replays, stale counters and forged messages are rejected and counted.
//!
//! Sealed layout: `counter u64 LE ‖ ChaCha20-Poly1305 ciphertext ‖ 16-byte tag`.

use sha2::{Digest, Sha256};
use snow::{Builder, HandshakeState, StatelessTransportState};
use thiserror::Error;

use super::protocol::message::HandshakePattern;

/// Noise parameters of the pairing handshake.
pub const NOISE_XX: &str = "Noise_XX_25519_ChaChaPoly_SHA256";
/// Noise parameters of the reconnection handshake.
pub const NOISE_KK: &str = "Noise_KK_25519_ChaChaPoly_SHA256";
/// Bound into every handshake, so a transcript of another protocol or version never verifies.
pub const PROLOGUE: &[u8] = b"sightline-link-v1";
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

/// The 6-digit code both screens show after an XX handshake: SHA-256 of a label and the
/// handshake hash, first 4 bytes as a number, modulo 10⁶, zero-padded.
pub fn comparison_code(handshake_hash: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(b"sightline-pairing-code")
        .chain_update(handshake_hash)
        .finalize();
    let n = u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]);
    format!("{:06}", n % 1_000_000)
}

/// One side of a Noise handshake in progress.
pub struct Handshake {
    state: HandshakeState,
    pattern: HandshakePattern,
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
        Ok(Self { state, pattern })
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

    /// Writes the next handshake message.
    pub fn write(&mut self) -> Result<Vec<u8>, SecureError> {
        let mut buf = vec![0u8; 256];
        let n = self.state.write_message(&[], &mut buf).map_err(noise_err)?;
        buf.truncate(n);
        Ok(buf)
    }

    /// Reads the peer's next handshake message.
    pub fn read(&mut self, message: &[u8]) -> Result<(), SecureError> {
        let mut buf = vec![0u8; message.len()];
        self.state
            .read_message(message, &mut buf)
            .map_err(noise_err)?;
        Ok(())
    }

    /// Turns the finished handshake into a secure channel.
    pub fn finish(self) -> Result<(SecureChannel, HandshakeOutcome), SecureError> {
        let remote_static = key(self.state.get_remote_static().unwrap_or_default())?;
        let comparison_code = match self.pattern {
            HandshakePattern::Xx => Some(comparison_code(self.state.get_handshake_hash())),
            HandshakePattern::Kk => None,
        };
        let transport = self
            .state
            .into_stateless_transport_mode()
            .map_err(noise_err)?;
        Ok((
            SecureChannel {
                transport,
                next_send: 0,
                window: ReplayWindow::default(),
            },
            HandshakeOutcome {
                remote_static,
                comparison_code,
            },
        ))
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

/// An established secure channel: seals outgoing and opens incoming messages.
pub struct SecureChannel {
    transport: StatelessTransportState,
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

impl SecureChannel {
    /// Seals `plaintext` under the next counter.
    pub fn seal(&mut self, plaintext: &[u8]) -> Result<Vec<u8>, SecureError> {
        let counter = self.next_send;
        self.next_send = counter.checked_add(1).ok_or(SecureError::Exhausted)?;
        let mut out = vec![0u8; COUNTER_LEN + plaintext.len() + TAG_LEN];
        out[..COUNTER_LEN].copy_from_slice(&counter.to_le_bytes());
        self.transport
            .write_message(counter, plaintext, &mut out[COUNTER_LEN..])
            .map_err(|_| SecureError::TooLarge)?;
        Ok(out)
    }

    /// Opens a sealed message: refuses replays and stale counters before decrypting, and
    /// forged or corrupted messages after.
    pub fn open(&mut self, sealed: &[u8]) -> Result<Vec<u8>, SecureError> {
        let (counter, body) = sealed
            .split_first_chunk::<COUNTER_LEN>()
            .ok_or(SecureError::Truncated)?;
        let counter = u64::from_le_bytes(*counter);
        if body.len() < TAG_LEN {
            return Err(SecureError::Truncated);
        }
        if !self.window.is_fresh(counter) {
            return Err(SecureError::Replay(counter));
        }
        let mut out = vec![0u8; body.len()];
        let n = self
            .transport
            .read_message(counter, body, &mut out)
            .map_err(|_| SecureError::Forged)?;
        out.truncate(n);
        self.window.accept(counter);
        Ok(out)
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
        Ok((i.finish()?, r.finish()?))
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
