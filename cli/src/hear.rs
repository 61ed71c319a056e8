//! `sightline hear FILE… [--json]`: transcribe WAV or FLAC files on the device (any common
//! rate, mono or stereo) and print the transcript, or one JSON object per file.

use clap::Args;
use sightline_core::Config;
use sightline_core::voice::{Transcript, VoiceEngine};
use std::path::{Path, PathBuf};

/// Options of `sightline hear`.
#[derive(Debug, Args)]
pub struct HearArgs {
    /// The audio files (WAV or FLAC).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Print one JSON object per file (one line each) instead of the text.
    #[arg(long)]
    json: bool,
}

/// The voice engine of `config` (models load on first use).
fn engine(config: &Config) -> Result<VoiceEngine, String> {
    VoiceEngine::new(&config.models_dir, config.voice.clone()).map_err(|e| e.to_string())
}

/// Hears one file with `engine`; the error names the file.
fn hear(engine: &VoiceEngine, path: &Path) -> Result<Transcript, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    engine
        .hear_file(std::io::BufReader::new(file))
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Hears one file with a fresh engine (for `sightline ask --audio`).
pub fn transcribe(config: &Config, path: &Path) -> Result<Transcript, String> {
    hear(&engine(config)?, path)
}

/// Hears every file in order and prints each transcript.
pub fn run(config: &Config, args: &HearArgs) -> Result<(), String> {
    let engine = engine(config)?;
    for path in &args.files {
        let transcript = hear(&engine, path)?;
        if args.json {
            let mut value = serde_json::to_value(&transcript).map_err(|e| e.to_string())?;
            if let Some(object) = value.as_object_mut() {
                object.insert("file".into(), path.display().to_string().into());
            }
            println!("{value}");
        } else {
            if args.files.len() > 1 {
                println!("{}:", path.display());
            }
            println!("{}", transcript.text);
            for warning in &transcript.warnings {
                eprintln!("sightline: {}: {warning:?}", path.display());
            }
        }
    }
    Ok(())
}
