//! Bad frames: each is a clear, typed error, nothing panics, and memory stays bounded.

use sightline_core::perception::{Perception, PerceptionConfig, PerceptionError};
use sightline_core::render::{Fonts, jpeg, layouts};
use sightline_tests::repo_root;

/// A PNG that is only a signature and an IHDR chunk declaring `width`×`height`.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(13u32.to_be_bytes());
    out.extend(&ihdr);
    out.extend(crc32(&ihdr).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Peak resident memory of this process, in MiB.
fn peak_rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|v| v.parse::<u64>().ok())
            })
        })
        .map_or(0, |kib| kib / 1024)
}

#[test]
fn bad_frames_are_typed_errors_with_bounded_memory() {
    let engine = Perception::new(&repo_root().join("models"), PerceptionConfig::default()).unwrap();
    let fonts = Fonts::system().unwrap();
    let (image, _) = layouts::bike_qr("HB 1", "Scan").render(&fonts).unwrap();
    let good = jpeg(&image, 90).unwrap();
    let before = peak_rss_mib();

    let err = engine.glance(&[]).unwrap_err();
    assert!(matches!(err, PerceptionError::EmptyInput), "{err}");

    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let err = engine.glance(&random).unwrap_err();
    assert!(
        matches!(
            err,
            PerceptionError::UnsupportedFormat | PerceptionError::Decode(_)
        ),
        "{err}"
    );

    let err = engine.glance(&good[..good.len() / 2]).unwrap_err();
    assert!(matches!(err, PerceptionError::Decode(_)), "{err}");
    assert!(
        err.to_string().contains("truncated") || err.to_string().contains("decode"),
        "{err}"
    );

    let err = engine.glance(&png_header(20_000, 20_000)).unwrap_err();
    assert!(
        matches!(
            err,
            PerceptionError::TooLarge {
                width: 20_000,
                height: 20_000,
                ..
            }
        ),
        "{err}"
    );

    let err = engine.glance(&png_header(0, 480)).unwrap_err();
    assert!(
        matches!(
            err,
            PerceptionError::ZeroSize { .. } | PerceptionError::Decode(_)
        ),
        "{err}"
    );

    // Nothing above allocated the 1.6 GB a 20,000² RGBA image would need.
    let grown = peak_rss_mib().saturating_sub(before);
    println!("bad input: peak memory grew by {grown} MiB");
    assert!(grown < 64, "peak memory grew by {grown} MiB");

    // And the engine still works.
    assert!(
        engine
            .glance(&good)
            .unwrap()
            .codes
            .iter()
            .any(|c| c.data.ends_with("HB 1"))
    );
}
