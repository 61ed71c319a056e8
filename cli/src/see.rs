//! `sightline see IMAGE… [--json] [--annotate OUT.png]`: what perception makes of pictures.

use clap::Args;
use serde_json::json;
use sightline_core::Config;
use sightline_core::perception::{Observation, Perception};
use sightline_core::render::{Fonts, annotate};
use std::path::{Path, PathBuf};

use crate::out::{pad, reader_gone, say, wire_name};

/// Arguments of `sightline see`.
#[derive(Debug, Args)]
pub struct SeeArgs {
    /// JPEG or PNG files to read.
    #[arg(required = true)]
    images: Vec<PathBuf>,
    /// Print one JSON object per image instead of text.
    #[arg(long)]
    json: bool,
    /// Write the image with what was found drawn on it (with several images, `OUT-2.png`
    /// and so on for the second and later ones).
    #[arg(long, value_name = "OUT.png")]
    annotate: Option<PathBuf>,
}

/// Runs `see` on every image; stops at the first image that cannot be read.
pub fn run(config: &Config, args: &SeeArgs) -> Result<(), String> {
    let engine = Perception::new(&config.models_dir, config.perception.clone())
        .map_err(|e| e.to_string())?;
    let fonts = match &args.annotate {
        Some(_) => Some(Fonts::system().map_err(|e| e.to_string())?),
        None => None,
    };
    for (i, path) in args.images.iter().enumerate() {
        if reader_gone() {
            break;
        }
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let observation = engine
            .glance(&bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if args.json {
            say!("{}", to_json(path, &observation));
        } else {
            print_text(path, &observation);
        }
        if let (Some(out), Some(fonts)) = (&args.annotate, &fonts) {
            let image =
                sightline_core::perception::frame::decode(&bytes, config.perception.max_pixels)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
            let target = numbered(out, i);
            annotate(&image, &observation, fonts)
                .save(&target)
                .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        }
    }
    Ok(())
}

/// The JSON object of one image (the shape documented in docs/perception.md).
fn to_json(path: &Path, o: &Observation) -> serde_json::Value {
    json!({
        "image": path.display().to_string(),
        "texts": o.texts,
        "codes": o.codes,
        "scene": o.scene,
        "timings_ms": {
            "decode": o.timings.decode_ms,
            "detect": o.timings.detect_ms,
            "recognize": o.timings.recognize_ms,
            "codes": o.timings.codes_ms,
            "scene": o.timings.scene_ms,
            "total": o.timings.total_ms,
        },
    })
}

fn print_text(path: &Path, o: &Observation) {
    say!(
        "{} ({}×{}, {:.0} ms)",
        path.display(),
        o.width,
        o.height,
        o.timings.total_ms
    );
    for t in &o.texts {
        say!("  text  {} {:.2}", pad(&t.text, 40), t.score);
    }
    for c in &o.codes {
        say!("  {:<5} {}", c.kind.as_str(), c.data);
    }
    let scene: Vec<String> = o
        .scene
        .iter()
        .take(3)
        .map(|s| format!("{} {:.2}", wire_name(&s.label), s.score))
        .collect();
    say!("  scene {}", scene.join(", "));
}

/// `out` for the first image, `out-N.ext` for the N-th after it.
fn numbered(out: &Path, index: usize) -> PathBuf {
    if index == 0 {
        return out.to_path_buf();
    }
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "png".into());
    out.with_file_name(format!("{stem}-{}.{ext}", index + 1))
}
