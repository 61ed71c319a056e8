//! Link benchmark (`cargo bench --workspace --features sightline-ffi/bindgen --bench link`;
//! `--profile dev` gives the same goodput figures without a release build).
//!
//! 1. Goodput of frame transfer through the simulated link, as a share of the link model's raw
//!    capacity (notifications per event × (MTU − 3) ÷ interval), for MTU 23/185/247/517 and
//!    0%/5% loss. Runs on tokio's paused clock: the figure is the protocol's, not this CPU's.
//!    Headers, acknowledgements, resends, counters and AEAD tags all count against it.
//! 2. CPU cost of codec + AEAD on one core: a ~33 KB JPEG sealed, chunked, decoded, opened and
//!    CRC-checked, in MB/s, against an anchor measured in the same run (CRC32 + copy of the
//!    same bytes: the least any receiver does).
//!
//! Each goodput figure is the median of 5 runs (loss seeds 1–5, 12 frames each); the CPU figure
//! the median of 7.

use std::error::Error;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sightline_core::link::device::Family;
use sightline_core::link::drivers;
use sightline_core::link::drivers::sim::{GlassesProfile, LinkModel, SimGlasses};
use sightline_core::link::protocol::frame::{
    ChunkOutcome, FrameAssembly, SEGMENT_SIZE, StreamLayout, build_stream, segment_count,
};
use sightline_core::link::protocol::message::{FrameMeta, HandshakePattern, IndexRange};
use sightline_core::link::protocol::packet::{CHUNK_HEADER, Packet};
use sightline_core::link::protocol::packet_payload;
use sightline_core::link::secure::{
    Domain, Handshake, SEAL_OVERHEAD, SecureChannel, StaticKeypair,
};
use sightline_core::link::session::{LinkEvent, LinkState, Target};
use sightline_core::store::Store;

const RUNS: usize = 5;
const FRAMES: usize = 12;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

type Res<T> = Result<T, Box<dyn Error>>;

/// Real JPEGs of a busy scene (20–80 KB, as glasses cameras send).
fn scene_jpegs() -> Res<Vec<Vec<u8>>> {
    [
        (320, 240, 85u8),
        (480, 360, 60),
        (560, 420, 60),
        (640, 480, 55),
    ]
    .iter()
    .map(|&(w, h, q)| {
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            let n = (x.wrapping_mul(2_654_435_761) ^ y.wrapping_mul(40_503)) >> 27;
            image::Rgb([
                ((x / 8 + y / 16) % 256) as u8 ^ n as u8,
                ((x * y / 64) % 256) as u8,
                ((x + 3 * y) / 5 % 256) as u8,
            ])
        });
        let mut out = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, q).encode_image(&img)?;
        Ok(out)
    })
    .collect()
}

/// Transfers `FRAMES` frames (two in flight); returns goodput ÷ raw capacity and how many
/// frames were reported lost (their bytes do not count).
fn goodput_share(model: LinkModel, images: &[Vec<u8>]) -> Res<(f64, usize)> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()?;
    rt.block_on(async {
        let dir = tempfile::tempdir()?;
        let store = Arc::new(Store::open(&dir.path().join("data").join("b.db"))?);
        let capacity = model.raw_capacity();
        let glasses = SimGlasses::new(GlassesProfile::default(), images.to_vec(), model)?;
        let target = Target {
            id: "bench".into(),
            name: "Bench".into(),
        };
        let link = drivers::start(Family::Sightline, target, glasses.connector(), &store, None)?;
        let mut events = link.subscribe();
        loop {
            match events.next().await.ok_or("the link stopped")? {
                LinkEvent::PairingCode(_) => link.confirm_pairing(true).await?,
                LinkEvent::State(LinkState::Ready) => break,
                _ => {}
            }
        }
        let start = tokio::time::Instant::now();
        let (mut issued, mut done, mut bytes, mut lost) = (0, 0, 0usize, 0);
        while issued < 2 {
            link.request_frame(0, None).await?;
            issued += 1;
        }
        while done < FRAMES {
            match events.next().await.ok_or("the link stopped")? {
                LinkEvent::Frame(f) => {
                    bytes += f.jpeg.len();
                    done += 1;
                }
                LinkEvent::FrameLost { .. } => {
                    lost += 1;
                    done += 1;
                }
                _ => continue,
            }
            if issued < FRAMES {
                link.request_frame(0, None).await?;
                issued += 1;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        link.shutdown().await;
        Ok((bytes as f64 / secs / capacity, lost))
    })
}

fn channel_pair() -> Res<(SecureChannel, SecureChannel)> {
    let a = StaticKeypair::generate()?;
    let b = StaticKeypair::generate()?;
    let mut i = Handshake::new(HandshakePattern::Xx, true, &a, None)?;
    let mut r = Handshake::new(HandshakePattern::Xx, false, &b, None)?;
    r.read(&i.write()?)?;
    i.read(&r.write()?)?;
    r.read(&i.write()?)?;
    let (rx, outcome) = r.finish()?;
    if let Some(nonce) = outcome.reveal {
        i.accept_reveal(&nonce)?;
    }
    Ok((i.finish()?.0, rx))
}

/// Seals, chunks, decodes, opens and checks one frame; returns the bytes delivered.
fn codec_round(jpeg: &[u8], tx: &mut SecureChannel, rx: &mut SecureChannel) -> Res<usize> {
    let chunk_size = packet_payload(247) - CHUNK_HEADER;
    let segments = vec![IndexRange {
        first: 0,
        count: segment_count(jpeg.len(), SEGMENT_SIZE) as u16,
    }];
    let meta = FrameMeta {
        request_id: 1,
        frame_id: 1,
        stream: 0,
        jpeg_len: jpeg.len() as u32,
        crc32: crc32fast::hash(jpeg),
        segment_size: SEGMENT_SIZE as u16,
        chunk_size: chunk_size as u16,
        segments,
        quality: 0,
        roi: None,
        end: false,
    };
    let layout = StreamLayout::from_meta(&meta, SEAL_OVERHEAD)?;
    let stream = build_stream(jpeg, &layout, |seg, p| {
        tx.seal_as(
            Domain::Segment {
                frame_id: meta.frame_id,
                index: seg as u16,
            },
            p,
        )
    })?;
    let mut assembly = FrameAssembly::new(&meta)?;
    assembly.attach_stream(&meta, SEAL_OVERHEAD)?;
    let mut outcome = ChunkOutcome::Stored;
    for i in 0..layout.chunk_count() {
        let packet = Packet::Chunk {
            stream: 0,
            index: i as u16,
            data: &stream[layout.chunk_bounds(i)],
        }
        .encode();
        if let Ok(Packet::Chunk { index, data, .. }) = Packet::decode(&packet) {
            outcome = assembly.accept_chunk(index, data, |seg, s| {
                rx.open_segment(meta.frame_id, seg as u16, s)
            });
        }
    }
    assert_eq!(outcome, ChunkOutcome::Complete);
    Ok(assembly.finish()?.len())
}

fn mb_per_s(bytes: usize, took: Duration) -> f64 {
    bytes as f64 / took.as_secs_f64() / 1e6
}

fn main() -> Res<()> {
    let images = scene_jpegs()?;
    let sizes: Vec<String> = images
        .iter()
        .map(|i| format!("{} KB", i.len() / 1024))
        .collect();
    println!("frames: real JPEGs of {}", sizes.join(", "));
    println!("link model: 15 ms interval, 6 notifications per event (2M PHY phone)");
    println!();
    println!("| MTU | loss | raw capacity | goodput | efficiency | frames lost |");
    println!("|----:|-----:|-------------:|--------:|-----------:|------------:|");
    for mtu in [23, 185, 247, 517] {
        for loss in [0.0, 0.05] {
            let runs = (0..RUNS)
                .map(|seed| {
                    let model = LinkModel {
                        mtu,
                        loss,
                        seed: seed as u64 + 1,
                        ..LinkModel::default()
                    };
                    goodput_share(model, &images)
                })
                .collect::<Res<Vec<(f64, usize)>>>()?;
            let lost: usize = runs.iter().map(|r| r.1).sum();
            let share = median(runs.into_iter().map(|r| r.0).collect());
            let capacity = LinkModel {
                mtu,
                ..LinkModel::default()
            }
            .raw_capacity();
            println!(
                "| {mtu} | {:.0}% | {:.1} KB/s | {:.1} KB/s | {:.1}% | {lost} of {} |",
                loss * 100.0,
                capacity / 1000.0,
                capacity * share / 1000.0,
                share * 100.0,
                RUNS * FRAMES
            );
        }
    }

    println!();
    let jpeg = &images[1];
    let (mut tx, mut rx) = channel_pair()?;
    let reps = 60;
    let mut codec = Vec::new();
    let mut anchor = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..reps {
            n += codec_round(jpeg, &mut tx, &mut rx)?;
        }
        codec.push(mb_per_s(n, t.elapsed()));
        let t = Instant::now();
        let mut n = 0;
        for _ in 0..reps {
            let copy = std::hint::black_box(jpeg.to_vec());
            n += copy.len();
            std::hint::black_box(crc32fast::hash(&copy));
        }
        anchor.push(mb_per_s(n, t.elapsed()));
    }
    let codec = median(codec);
    let anchor = median(anchor);
    println!(
        "codec + AEAD (seal, chunk, decode, open, CRC; {} KB frame, MTU 247, one core): {codec:.0} MB/s",
        jpeg.len() / 1024
    );
    println!(
        "anchor (CRC32 + copy of the same bytes): {anchor:.0} MB/s; codec+AEAD costs {:.1}x the anchor",
        anchor / codec
    );
    Ok(())
}
