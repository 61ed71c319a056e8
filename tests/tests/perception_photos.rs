//! Perception on real photographs (`../shared/photos/`, ground truth in
//! `core/tests/data/photos.txt`): a boarding pass, a receipt, tables, a lab report, a street,
//! montages of signs, contact and payment QR codes — read by the real models in tract.
//!
//! The bars sit below what was measured (see docs/perception.md) with a margin for the
//! machine-to-machine wobble of floating point: a change that loses text on photos fails here.

use sightline_core::perception::{Perception, PerceptionConfig, PerceptionError};
use sightline_core::render::TextScore;
use sightline_core::render::photos::{ShownCode, photo_set};
use sightline_tests::repo_root;

/// Character F1 over the whole photo set must stay at or above this (measured: 0.890, and
/// RapidOCR 1.4.4 with the same models 0.875).
const MIN_PHOTO_F1: f64 = 0.86;
/// No photo may fall below this F1 (a picture read as nothing; the lowest measured: 0.772,
/// the montage of signs with printed program output).
const MIN_PHOTO_F1_EACH: f64 = 0.6;

#[test]
fn perception_reads_the_real_photos() {
    let config = PerceptionConfig {
        reuse_unchanged: false,
        ..PerceptionConfig::default()
    };
    let engine = Perception::new(&repo_root().join("models"), config)
        .expect("models missing: run `cargo xtask models`");
    let set = photo_set(&repo_root()).unwrap();
    assert_eq!(set.len(), 13, "the photo set lists 13 photos");
    let mut total = TextScore::default();
    let (mut phantoms, mut missed_codes, mut weak) = (Vec::new(), Vec::new(), Vec::new());
    for (photo, path) in &set {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let o = engine.glance(&bytes).unwrap();
        let found: Vec<String> = o.texts.iter().map(|t| t.text.clone()).collect();
        let score = photo.truth.score(&found);
        total = total.plus(score);
        println!(
            "  {}: precision {:.3}, recall {:.3}, F1 {:.3}; {} lines; codes {:?}",
            photo.file,
            score.precision(),
            score.recall(),
            score.f1(),
            found.len(),
            o.codes.iter().map(|c| c.kind.as_str()).collect::<Vec<_>>()
        );
        if score.f1() < MIN_PHOTO_F1_EACH {
            weak.push(format!("{} F1 {:.3}: {found:?}", photo.file, score.f1()));
        }
        for c in &o.codes {
            if photo.is_phantom(c.kind.as_str(), &c.data) {
                phantoms.push(format!("{}: {} {}", photo.file, c.kind.as_str(), c.data));
            }
        }
        for shown in &photo.codes {
            let read = o
                .codes
                .iter()
                .any(|c| shown.matches(c.kind.as_str(), &c.data));
            if matches!(shown, ShownCode::Read { .. }) && !read {
                missed_codes.push(format!("{}: {shown:?}", photo.file));
            }
        }
    }
    println!(
        "perception photos: {} photos, precision {:.2}%, recall {:.2}%, F1 {:.2}% ({} of {} chars shown, {} read)",
        set.len(),
        100.0 * total.precision(),
        100.0 * total.recall(),
        100.0 * total.f1(),
        total.hits,
        total.shown,
        total.read
    );
    assert!(
        phantoms.is_empty(),
        "codes the photos do not show: {phantoms:?}"
    );
    assert!(missed_codes.is_empty(), "codes not read: {missed_codes:?}");
    assert!(weak.is_empty(), "photos read poorly: {weak:?}");
    assert!(
        total.f1() >= MIN_PHOTO_F1,
        "photo F1 {:.4} below {MIN_PHOTO_F1}",
        total.f1()
    );
}

#[test]
fn perception_refuses_damaged_photos_with_typed_errors() {
    let engine = Perception::new(&repo_root().join("models"), PerceptionConfig::default())
        .expect("models missing: run `cargo xtask models`");
    let set = photo_set(&repo_root()).unwrap();
    let (_, jpeg) = set
        .iter()
        .find(|(p, _)| p.file.ends_with(".jpg"))
        .expect("a JPEG photo");
    let (_, png) = set
        .iter()
        .find(|(p, _)| p.file.ends_with(".png"))
        .expect("a PNG photo");
    for path in [jpeg, png] {
        let bytes = std::fs::read(path).unwrap();
        // Cut short: a typed decode error, never a picture filled with grey.
        let err = engine.glance(&bytes[..bytes.len() * 2 / 3]).unwrap_err();
        assert!(matches!(err, PerceptionError::Decode(_)), "{err}");
        // Its header only.
        let err = engine.glance(&bytes[..64]).unwrap_err();
        assert!(matches!(err, PerceptionError::Decode(_)), "{err}");
        // Garbage where the pixels are: an error or a picture, never a panic.
        let mut scrambled = bytes.clone();
        let middle = scrambled.len() / 2;
        for b in &mut scrambled[middle..middle + 512] {
            *b = b.wrapping_mul(31).wrapping_add(7);
        }
        let _ = engine.glance(&scrambled);
    }
}

#[test]
fn perception_keeps_the_word_spaces_of_a_bilingual_form() {
    // The boarding pass's field names: a Chinese name, then the English one in spaced
    // capitals, in boxes that also hold slivers of the rules and lines around them. Spaces
    // are judged against the line's own ink height, not the box's.
    let engine = Perception::new(&repo_root().join("models"), PerceptionConfig::default())
        .expect("models missing: run `cargo xtask models`");
    let bytes = std::fs::read(repo_root().join("../shared/photos/boarding_pass.jpg")).unwrap();
    let o = engine.glance(&bytes).unwrap();
    let texts: Vec<&str> = o.texts.iter().map(|t| t.text.as_str()).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("座位号 SEAT NO")),
        "{texts:?}"
    );
    assert!(texts.contains(&"序号 SERIAL NO."), "{texts:?}");
    assert!(texts.contains(&"福州"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("SEATNO")), "{texts:?}");
}
