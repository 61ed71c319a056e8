//! Camera frames on the wire: a JPEG is cut into fixed-size segments, each segment is sealed
//! on its own (so a transfer interrupted by a disconnect resumes from the verified segments),
//! the sealed segments are laid end to end as the *stream*, and the stream is cut into chunks
//! of one packet each.
//!
//! The receiver stores chunks by index, opens a segment as soon as all of its chunks are in,
//! asks for only the chunks still missing after each round, and checks the CRC32 of the whole
//! JPEG at the end. Sealing and opening are closures, so this module stays a pure codec and an
//! unencrypted driver can pass the identity.

use std::ops::Range;

use super::ProtocolError;
use super::message::{FrameMeta, IndexRange, MAX_RANGES};

/// Plaintext bytes per segment: small enough that a resumed transfer repeats little, large
/// enough that the per-segment counter and tag cost about 0.6%.
pub const SEGMENT_SIZE: usize = 4096;
/// Largest JPEG the protocol carries.
pub const MAX_FRAME_BYTES: usize = 1 << 20;
/// Most chunks one stream may have (chunk indices are u16).
pub const MAX_CHUNKS: usize = 1 << 16;

/// How many segments a JPEG of `jpeg_len` bytes has.
pub fn segment_count(jpeg_len: usize, segment_size: usize) -> usize {
    jpeg_len.div_ceil(segment_size.max(1))
}

/// Byte range of segment `seg` inside the JPEG.
pub fn segment_bounds(jpeg_len: usize, segment_size: usize, seg: usize) -> Range<usize> {
    let start = (seg * segment_size).min(jpeg_len);
    start..(start + segment_size).min(jpeg_len)
}

/// Where each carried segment sits in the stream bytes, and how the stream is chunked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamLayout {
    jpeg_len: usize,
    segment_size: usize,
    /// (segment index, start in stream, sealed length) in stream order.
    segments: Vec<(usize, usize, usize)>,
    total: usize,
    chunk_size: usize,
}

impl StreamLayout {
    /// The layout of a stream carrying `segments` of a `jpeg_len`-byte JPEG, each sealed segment
    /// being `seal_overhead` bytes longer than its plaintext.
    pub fn new(
        jpeg_len: usize,
        segment_size: usize,
        segments: &[IndexRange],
        seal_overhead: usize,
        chunk_size: usize,
    ) -> Result<Self, ProtocolError> {
        if jpeg_len == 0 || jpeg_len > MAX_FRAME_BYTES {
            return Err(ProtocolError::TooLarge {
                what: "frame",
                len: jpeg_len,
                limit: MAX_FRAME_BYTES,
            });
        }
        if segment_size == 0 || chunk_size == 0 {
            return Err(ProtocolError::Invalid {
                what: "segment or chunk size",
            });
        }
        let count = segment_count(jpeg_len, segment_size);
        let mut seen = vec![false; count];
        let mut laid = Vec::new();
        let mut total = 0usize;
        for seg in segments.iter().flat_map(IndexRange::indices) {
            let seg = usize::from(seg);
            match seen.get_mut(seg) {
                Some(s) if !*s => *s = true,
                _ => {
                    return Err(ProtocolError::Invalid {
                        what: "meta.segments",
                    });
                }
            }
            let len = segment_bounds(jpeg_len, segment_size, seg).len() + seal_overhead;
            laid.push((seg, total, len));
            total += len;
        }
        if laid.is_empty() {
            return Err(ProtocolError::Invalid {
                what: "meta.segments",
            });
        }
        let chunks = total.div_ceil(chunk_size);
        if chunks > MAX_CHUNKS {
            return Err(ProtocolError::TooLarge {
                what: "stream chunks",
                len: chunks,
                limit: MAX_CHUNKS,
            });
        }
        Ok(Self {
            jpeg_len,
            segment_size,
            segments: laid,
            total,
            chunk_size,
        })
    }

    /// The layout a [`FrameMeta`] announces.
    pub fn from_meta(meta: &FrameMeta, seal_overhead: usize) -> Result<Self, ProtocolError> {
        Self::new(
            meta.jpeg_len as usize,
            usize::from(meta.segment_size),
            &meta.segments,
            seal_overhead,
            usize::from(meta.chunk_size),
        )
    }

    /// Stream length in bytes.
    pub fn stream_len(&self) -> usize {
        self.total
    }

    /// Number of chunks.
    pub fn chunk_count(&self) -> usize {
        self.total.div_ceil(self.chunk_size)
    }

    /// Byte range of chunk `index` in the stream.
    pub fn chunk_bounds(&self, index: usize) -> Range<usize> {
        let start = (index * self.chunk_size).min(self.total);
        start..(start + self.chunk_size).min(self.total)
    }

    fn chunks_of(&self, start: usize, len: usize) -> Range<usize> {
        start / self.chunk_size..(start + len).div_ceil(self.chunk_size)
    }
}

/// Builds the stream bytes: each carried segment sealed by `seal(segment index, plaintext)`,
/// end to end.
pub fn build_stream<E>(
    jpeg: &[u8],
    layout: &StreamLayout,
    mut seal: impl FnMut(usize, &[u8]) -> Result<Vec<u8>, E>,
) -> Result<Vec<u8>, E> {
    let mut out = Vec::with_capacity(layout.total);
    for &(seg, _, _) in &layout.segments {
        let plain = jpeg
            .get(segment_bounds(jpeg.len(), layout.segment_size, seg))
            .unwrap_or_default();
        out.extend_from_slice(&seal(seg, plain)?);
    }
    Ok(out)
}

/// What happened to one received chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkOutcome {
    /// Stored; more are needed.
    Stored,
    /// Already had it.
    Duplicate,
    /// Index or length does not fit the stream: ignored.
    Invalid,
    /// It completed a segment that failed to open (forged or corrupted): the segment's chunks
    /// were dropped and will be asked for again.
    SegmentRejected,
    /// Every segment is in and verified: call [`FrameAssembly::finish`].
    Complete,
}

/// The frame was reassembled but its CRC32 does not match the announced one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("frame CRC mismatch: announced {expected:08x}, computed {actual:08x}")]
pub struct CrcMismatch {
    /// CRC announced in the metadata.
    pub expected: u32,
    /// CRC of the reassembled bytes.
    pub actual: u32,
}

#[derive(Debug)]
struct StreamRx {
    id: u8,
    layout: StreamLayout,
    bytes: Vec<u8>,
    got: Vec<bool>,
}

/// The receiving side of one frame, kept across streams (and reconnections) until complete.
#[derive(Debug)]
pub struct FrameAssembly {
    frame_id: u32,
    jpeg: Vec<u8>,
    crc32: u32,
    segment_size: usize,
    have: Vec<bool>,
    stream: Option<StreamRx>,
}

impl FrameAssembly {
    /// Starts assembling the frame `meta` describes.
    pub fn new(meta: &FrameMeta) -> Result<Self, ProtocolError> {
        let len = meta.jpeg_len as usize;
        if len == 0 || len > MAX_FRAME_BYTES {
            return Err(ProtocolError::TooLarge {
                what: "frame",
                len,
                limit: MAX_FRAME_BYTES,
            });
        }
        let segment_size = usize::from(meta.segment_size).max(1);
        Ok(Self {
            frame_id: meta.frame_id,
            jpeg: vec![0; len],
            crc32: meta.crc32,
            segment_size,
            have: vec![false; segment_count(len, segment_size)],
            stream: None,
        })
    }

    /// The frame id.
    pub fn frame_id(&self) -> u32 {
        self.frame_id
    }

    /// True when `meta` describes this same frame (same size, CRC and segmentation).
    pub fn matches(&self, meta: &FrameMeta) -> bool {
        meta.frame_id == self.frame_id
            && meta.jpeg_len as usize == self.jpeg.len()
            && meta.crc32 == self.crc32
            && usize::from(meta.segment_size) == self.segment_size
    }

    /// Switches to the stream `meta` announces (a no-op if it is the current one).
    pub fn attach_stream(
        &mut self,
        meta: &FrameMeta,
        seal_overhead: usize,
    ) -> Result<(), ProtocolError> {
        if !self.matches(meta) {
            return Err(ProtocolError::Invalid {
                what: "meta for another frame",
            });
        }
        let layout = StreamLayout::from_meta(meta, seal_overhead)?;
        if let Some(s) = &self.stream
            && s.id == meta.stream
            && s.layout == layout
        {
            return Ok(());
        }
        let chunks = layout.chunk_count();
        self.stream = Some(StreamRx {
            id: meta.stream,
            bytes: vec![0; layout.stream_len()],
            got: vec![false; chunks],
            layout,
        });
        Ok(())
    }

    /// The current stream id, if any.
    pub fn stream_id(&self) -> Option<u8> {
        self.stream.as_ref().map(|s| s.id)
    }

    /// Forgets the current stream (its id is only valid on one connection); verified segments
    /// are kept.
    pub fn detach_stream(&mut self) {
        self.stream = None;
    }

    /// Stores chunk `index`; opens every segment it completes with
    /// `open(segment index, sealed bytes)`.
    pub fn accept_chunk<E>(
        &mut self,
        index: u16,
        data: &[u8],
        mut open: impl FnMut(usize, &[u8]) -> Result<Vec<u8>, E>,
    ) -> ChunkOutcome {
        let Some(stream) = self.stream.as_mut() else {
            return ChunkOutcome::Invalid;
        };
        let index = usize::from(index);
        let bounds = stream.layout.chunk_bounds(index);
        if index >= stream.got.len() || bounds.len() != data.len() {
            return ChunkOutcome::Invalid;
        }
        if stream.got[index] {
            return ChunkOutcome::Duplicate;
        }
        stream.got[index] = true;
        stream.bytes[bounds.clone()].copy_from_slice(data);
        let mut rejected = false;
        for &(seg, start, len) in &stream.layout.segments {
            if start + len <= bounds.start || start >= bounds.end || self.have[seg] {
                continue;
            }
            let chunks = stream.layout.chunks_of(start, len);
            if !stream.got[chunks.clone()].iter().all(|g| *g) {
                continue;
            }
            let target = segment_bounds(self.jpeg.len(), self.segment_size, seg);
            match open(seg, &stream.bytes[start..start + len]) {
                Ok(plain) if plain.len() == target.len() => {
                    self.jpeg[target].copy_from_slice(&plain);
                    self.have[seg] = true;
                }
                _ => {
                    rejected = true;
                    stream.got[chunks].iter_mut().for_each(|g| *g = false);
                }
            }
        }
        if rejected {
            ChunkOutcome::SegmentRejected
        } else if self.is_complete() {
            ChunkOutcome::Complete
        } else {
            ChunkOutcome::Stored
        }
    }

    /// Chunks of the current stream not received yet (at most [`MAX_RANGES`] ranges).
    pub fn missing_chunks(&self) -> Vec<IndexRange> {
        self.missing_chunks_in(0..MAX_CHUNKS)
    }

    /// Chunks with an index in `range` not received yet (at most [`MAX_RANGES`] ranges): what
    /// a gap in the arrival order says was lost.
    pub fn missing_chunks_in(&self, range: Range<usize>) -> Vec<IndexRange> {
        let Some(stream) = &self.stream else {
            return Vec::new();
        };
        let end = range.end.min(stream.got.len());
        let start = range.start.min(end);
        let missing = stream.got[start..end]
            .iter()
            .enumerate()
            .filter(|(_, g)| !**g)
            .map(|(i, _)| (start + i) as u16);
        IndexRange::from_sorted(missing, MAX_RANGES)
    }

    /// Segments already verified (for a resume request).
    pub fn have_segments(&self) -> Vec<IndexRange> {
        let have = self
            .have
            .iter()
            .enumerate()
            .filter(|(_, h)| **h)
            .map(|(i, _)| i as u16);
        IndexRange::from_sorted(have, MAX_RANGES)
    }

    /// Every segment is in.
    pub fn is_complete(&self) -> bool {
        self.have.iter().all(|h| *h)
    }

    /// The JPEG, once complete and its CRC32 matches.
    pub fn finish(self) -> Result<Vec<u8>, CrcMismatch> {
        let actual = crc32fast::hash(&self.jpeg);
        if actual != self.crc32 {
            return Err(CrcMismatch {
                expected: self.crc32,
                actual,
            });
        }
        Ok(self.jpeg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::link::protocol::packet::CHUNK_HEADER;

    fn meta(jpeg: &[u8], segments: Vec<IndexRange>, chunk_size: u16, stream: u8) -> FrameMeta {
        FrameMeta {
            request_id: 1,
            frame_id: 7,
            stream,
            jpeg_len: jpeg.len() as u32,
            crc32: crc32fast::hash(jpeg),
            segment_size: 1000,
            chunk_size,
            segments,
            quality: 0,
            roi: None,
            end: false,
        }
    }

    fn xor_seal(_: usize, b: &[u8]) -> Result<Vec<u8>, ()> {
        let mut v: Vec<u8> = b.iter().map(|x| x ^ 0x5a).collect();
        v.extend_from_slice(&[0xee; 2]);
        Ok(v)
    }

    fn xor_open(_: usize, b: &[u8]) -> Result<Vec<u8>, ()> {
        match b.split_last_chunk::<2>() {
            Some((body, [0xee, 0xee])) => Ok(body.iter().map(|x| x ^ 0x5a).collect()),
            _ => Err(()),
        }
    }

    #[test]
    fn lost_chunks_are_listed_and_resumed_stream_completes_frame() {
        let jpeg: Vec<u8> = (0..3500u32).map(|i| (i * 7 % 251) as u8).collect();
        let all = vec![IndexRange { first: 0, count: 4 }];
        let m = meta(&jpeg, all, 100 - CHUNK_HEADER as u16, 1);
        let layout = StreamLayout::from_meta(&m, 2).unwrap();
        let stream = build_stream(&jpeg, &layout, xor_seal).unwrap();
        let mut rx = FrameAssembly::new(&m).unwrap();
        rx.attach_stream(&m, 2).unwrap();
        // Everything but chunks 3 and 25 arrives.
        for i in 0..layout.chunk_count() {
            if i != 3 && i != 25 {
                let data = &stream[layout.chunk_bounds(i)];
                assert_ne!(
                    rx.accept_chunk(i as u16, data, xor_open),
                    ChunkOutcome::Complete
                );
            }
        }
        assert_eq!(
            rx.missing_chunks(),
            vec![
                IndexRange { first: 3, count: 1 },
                IndexRange {
                    first: 25,
                    count: 1
                }
            ]
        );
        // Segments 0 (has chunk 3) and 2 (has chunk 25) are missing; resume on a new stream.
        assert_eq!(
            rx.have_segments(),
            vec![
                IndexRange { first: 1, count: 1 },
                IndexRange { first: 3, count: 1 }
            ]
        );
        rx.detach_stream();
        let rest = vec![
            IndexRange { first: 0, count: 1 },
            IndexRange { first: 2, count: 1 },
        ];
        let m2 = meta(&jpeg, rest, 50, 9);
        rx.attach_stream(&m2, 2).unwrap();
        let layout2 = StreamLayout::from_meta(&m2, 2).unwrap();
        let stream2 = build_stream(&jpeg, &layout2, xor_seal).unwrap();
        let mut last = ChunkOutcome::Stored;
        for i in 0..layout2.chunk_count() {
            last = rx.accept_chunk(i as u16, &stream2[layout2.chunk_bounds(i)], xor_open);
        }
        assert_eq!(last, ChunkOutcome::Complete);
        assert_eq!(rx.finish().unwrap(), jpeg);
    }

    #[test]
    fn forged_segment_is_dropped_and_crc_guards_the_end() {
        let jpeg = vec![1u8; 1500];
        let m = meta(&jpeg, vec![IndexRange { first: 0, count: 2 }], 600, 1);
        let layout = StreamLayout::from_meta(&m, 2).unwrap();
        let mut stream = build_stream(&jpeg, &layout, xor_seal).unwrap();
        stream[1001] ^= 1; // breaks segment 0's tag
        let mut rx = FrameAssembly::new(&m).unwrap();
        rx.attach_stream(&m, 2).unwrap();
        let outcomes: Vec<_> = (0..layout.chunk_count())
            .map(|i| rx.accept_chunk(i as u16, &stream[layout.chunk_bounds(i)], xor_open))
            .collect();
        assert!(outcomes.contains(&ChunkOutcome::SegmentRejected));
        assert!(!rx.is_complete());
        assert_eq!(rx.missing_chunks(), vec![IndexRange { first: 0, count: 2 }]);

        let mut bad = m.clone();
        bad.crc32 ^= 1;
        let mut rx = FrameAssembly::new(&bad).unwrap();
        rx.attach_stream(&bad, 2).unwrap();
        let clean = build_stream(&jpeg, &layout, xor_seal).unwrap();
        for i in 0..layout.chunk_count() {
            rx.accept_chunk(i as u16, &clean[layout.chunk_bounds(i)], xor_open);
        }
        assert!(rx.finish().is_err());
    }
}
