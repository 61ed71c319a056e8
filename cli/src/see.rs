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

/// Runs `see` on every image. A picture that cannot be read is reported (on stderr) and the
/// others are still read; the command fails at the end, naming how many failed. An
/// `--annotate` folder that does not exist fails before anything is read.
pub fn run(config: &Config, args: &SeeArgs) -> Result<(), String> {
    if let Some(out) = &args.annotate {
        check_writable_folder(out)?;
    }
    let engine = Perception::new(&config.models_dir, config.perception.clone())
        .map_err(|e| e.to_string())?;
    let fonts = match &args.annotate {
        Some(_) => Some(Fonts::system().map_err(|e| e.to_string())?),
        None => None,
    };
    let mut failed = 0;
    for (i, path) in args.images.iter().enumerate() {
        if reader_gone() {
            break;
        }
        if let Err(e) = see_one(config, args, &engine, fonts.as_ref(), i, path) {
            eprintln!("sightline see: {e}");
            failed += 1;
        }
    }
    match failed {
        0 => Ok(()),
        n => Err(format!(
            "{n} of {} pictures could not be read",
            args.images.len()
        )),
    }
}

/// Reads the `index`-th picture, prints what was found and writes its annotated copy.
fn see_one(
    config: &Config,
    args: &SeeArgs,
    engine: &Perception,
    fonts: Option<&Fonts>,
    index: usize,
    path: &Path,
) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let observation = engine
        .glance(&bytes)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    if args.json {
        say!("{}", to_json(path, &observation));
    } else {
        print_text(path, &observation);
    }
    if let (Some(out), Some(fonts)) = (&args.annotate, fonts) {
        let image = sightline_core::perception::frame::decode(&bytes, config.perception.max_pixels)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let target = numbered(out, index);
        annotate(&image, &observation, fonts)
            .save(&target)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}

/// Fails when the folder `out` would be written into does not exist (before any picture is
/// read, so a typo does not cost a whole run).
fn check_writable_folder(out: &Path) -> Result<(), String> {
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if folder.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "cannot write {}: the folder {} does not exist",
            out.display(),
            folder.display()
        ))
    }
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
