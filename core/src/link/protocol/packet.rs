//! Packets: one BLE write or notification each (at most ATT MTU − 3 bytes).
//!
//! Byte 0 holds the protocol major version in its high nibble and the packet kind in its low
//! nibble. A message larger than one packet is cut into numbered fragments; frame data travels
//! in chunk packets with a 4-byte header so that almost all of every notification is JPEG.

use super::wire::{Reader, Writer};
use super::{PROTOCOL_MAJOR, ProtocolError};

/// Header bytes of a fragment packet.
pub const FRAGMENT_HEADER: usize = 4;
/// Header bytes of a chunk packet.
pub const CHUNK_HEADER: usize = 4;
/// Most fragments one message may be cut into.
pub const MAX_FRAGMENTS: usize = 255;

const KIND_HANDSHAKE: u8 = 1;
const KIND_SEALED: u8 = 2;
const KIND_CHUNK: u8 = 3;

/// What a fragmented message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FragmentClass {
    /// A plaintext [`super::message::HandshakeMessage`].
    Handshake,
    /// A message sealed by the secure channel.
    Sealed,
}

/// One decoded packet, borrowing its payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Packet<'a> {
    /// Part `index` of `count` of message number `seq`.
    Fragment {
        /// Handshake or sealed.
        class: FragmentClass,
        /// Message sequence number (wraps).
        seq: u8,
        /// This fragment's position.
        index: u8,
        /// How many fragments the message has.
        count: u8,
        /// The fragment's bytes.
        data: &'a [u8],
    },
    /// Chunk `index` of frame stream `stream`.
    Chunk {
        /// The stream (announced by a frame meta message).
        stream: u8,
        /// Chunk number.
        index: u16,
        /// The chunk's bytes.
        data: &'a [u8],
    },
}

impl Packet<'_> {
    /// The wire bytes.
    pub fn encode(&self) -> Vec<u8> {
        let head = |kind: u8| (PROTOCOL_MAJOR << 4) | kind;
        match self {
            Packet::Fragment {
                class,
                seq,
                index,
                count,
                data,
            } => {
                let kind = match class {
                    FragmentClass::Handshake => KIND_HANDSHAKE,
                    FragmentClass::Sealed => KIND_SEALED,
                };
                let mut w = Writer::with_capacity(FRAGMENT_HEADER + data.len());
                w.u8(head(kind)).u8(*seq).u8(*index).u8(*count).raw(data);
                w.finish()
            }
            Packet::Chunk {
                stream,
                index,
                data,
            } => {
                let mut w = Writer::with_capacity(CHUNK_HEADER + data.len());
                w.u8(head(KIND_CHUNK)).u8(*stream).u16(*index).raw(data);
                w.finish()
            }
        }
    }

    /// Decodes one packet.
    pub fn decode(bytes: &[u8]) -> Result<Packet<'_>, ProtocolError> {
        let mut r = Reader::new(bytes);
        let head = r.u8("packet header")?;
        let major = head >> 4;
        if major != PROTOCOL_MAJOR {
            return Err(ProtocolError::UnsupportedVersion { major });
        }
        match head & 0x0f {
            kind @ (KIND_HANDSHAKE | KIND_SEALED) => {
                let seq = r.u8("fragment.seq")?;
                let index = r.u8("fragment.index")?;
                let count = r.u8("fragment.count")?;
                if count == 0 || index >= count {
                    return Err(ProtocolError::Invalid {
                        what: "fragment.index",
                    });
                }
                Ok(Packet::Fragment {
                    class: if kind == KIND_HANDSHAKE {
                        FragmentClass::Handshake
                    } else {
                        FragmentClass::Sealed
                    },
                    seq,
                    index,
                    count,
                    data: r.rest(),
                })
            }
            KIND_CHUNK => Ok(Packet::Chunk {
                stream: r.u8("chunk.stream")?,
                index: r.u16("chunk.index")?,
                data: r.rest(),
            }),
            _ => Err(ProtocolError::Invalid {
                what: "packet kind",
            }),
        }
    }
}

/// Largest message that fits in [`MAX_FRAGMENTS`] fragments of a `payload`-byte packet.
pub fn max_message_len(payload: usize) -> usize {
    payload.saturating_sub(FRAGMENT_HEADER) * MAX_FRAGMENTS
}

/// Cuts `message` into fragment packets of at most `payload` bytes each.
pub fn fragment(
    class: FragmentClass,
    seq: u8,
    message: &[u8],
    payload: usize,
) -> Result<Vec<Vec<u8>>, ProtocolError> {
    let room = payload.saturating_sub(FRAGMENT_HEADER);
    let limit = max_message_len(payload);
    if room == 0 || message.len() > limit {
        return Err(ProtocolError::TooLarge {
            what: "message",
            len: message.len(),
            limit,
        });
    }
    let parts: Vec<&[u8]> = if message.is_empty() {
        vec![&[]]
    } else {
        message.chunks(room).collect()
    };
    let count = parts.len() as u8;
    Ok(parts
        .into_iter()
        .enumerate()
        .map(|(i, data)| {
            Packet::Fragment {
                class,
                seq,
                index: i as u8,
                count,
                data,
            }
            .encode()
        })
        .collect())
}

/// Puts fragments back together. Holds at most one partial message per class: a fragment of
/// a new message drops the unfinished older one (its sender will retry at a higher level).
#[derive(Debug, Default)]
pub struct Defragmenter {
    partial: Vec<Partial>,
}

#[derive(Debug)]
struct Partial {
    class: FragmentClass,
    seq: u8,
    parts: Vec<Option<Vec<u8>>>,
}

impl Defragmenter {
    /// Adds `packet` if it is a fragment; returns its class and the whole message once every
    /// fragment of it has arrived (a chunk is no fragment: `None`).
    pub fn push_packet(&mut self, packet: &Packet<'_>) -> Option<(FragmentClass, Vec<u8>)> {
        let Packet::Fragment {
            class,
            seq,
            index,
            count,
            data,
        } = *packet
        else {
            return None;
        };
        self.push(class, seq, index, count, data)
            .map(|message| (class, message))
    }

    /// Adds one fragment; returns the whole message once every fragment has arrived.
    pub fn push(
        &mut self,
        class: FragmentClass,
        seq: u8,
        index: u8,
        count: u8,
        data: &[u8],
    ) -> Option<Vec<u8>> {
        if count == 1 {
            self.partial.retain(|p| p.class != class);
            return Some(data.to_vec());
        }
        let pos = self.partial.iter().position(|p| p.class == class);
        let partial = match pos {
            Some(i)
                if self.partial[i].seq == seq
                    && self.partial[i].parts.len() == usize::from(count) =>
            {
                &mut self.partial[i]
            }
            _ => {
                self.partial.retain(|p| p.class != class);
                self.partial.push(Partial {
                    class,
                    seq,
                    parts: vec![None; usize::from(count)],
                });
                self.partial.last_mut()?
            }
        };
        *partial.parts.get_mut(usize::from(index))? = Some(data.to_vec());
        if partial.parts.iter().any(Option::is_none) {
            return None;
        }
        let whole = partial.parts.iter().flatten().flatten().copied().collect();
        self.partial.retain(|p| p.class != class);
        Some(whole)
    }

    /// Drops every partial message (on disconnect).
    pub fn clear(&mut self) {
        self.partial.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_reassemble_in_any_order_and_new_seq_drops_old() {
        let msg: Vec<u8> = (0..100u8).collect();
        let frags = fragment(FragmentClass::Sealed, 9, &msg, 20).unwrap();
        assert_eq!(frags.len(), 7);
        assert!(frags.iter().all(|f| f.len() <= 20));
        let mut d = Defragmenter::default();
        let mut out = None;
        let feed = |d: &mut Defragmenter, f: &[u8]| {
            d.push_packet(&Packet::decode(f).unwrap())
                .map(|(_, message)| message)
        };
        for f in frags.iter().rev() {
            out = feed(&mut d, f);
        }
        assert_eq!(out, Some(msg.clone()));
        // An unfinished message is dropped when the next one starts.
        let a = fragment(FragmentClass::Sealed, 1, &msg, 20).unwrap();
        let b = fragment(FragmentClass::Sealed, 2, &msg[..30], 20).unwrap();
        assert_eq!(feed(&mut d, &a[0]), None);
        assert_eq!(feed(&mut d, &b[0]), None);
        assert_eq!(feed(&mut d, &b[1]), Some(msg[..30].to_vec()));
        assert_eq!(feed(&mut d, &a[1]), None);
    }

    #[test]
    fn refuses_other_major_version_and_oversized_messages() {
        assert_eq!(
            Packet::decode(&[0x21, 0, 0, 1]),
            Err(ProtocolError::UnsupportedVersion { major: 2 })
        );
        assert!(matches!(
            fragment(FragmentClass::Sealed, 0, &[0; 5000], 20),
            Err(ProtocolError::TooLarge { .. })
        ));
    }
}
