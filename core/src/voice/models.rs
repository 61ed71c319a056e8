//! The voice models on disk: which bundles `cargo xtask models` compiles (and with which
//! input facts), and reading them back as optimised tract plans.
//!
//! - Silero VAD v6 (`silero_vad_v6.onnx` from the faster-whisper package), one graph for one
//!   32-ms chunk with its LSTM state;
//! - Whisper base (multilingual), converted from CTranslate2 to ONNX at setup
//!   (`xtask/convert/whisper.py`): the encoder as one graph with a symbolic frame count, and
//!   the decoder as one graph with symbolic lengths (N new tokens, P cached ones, T encoder
//!   frames) so its key/value cache can grow;
//! - the token embedding table as raw f16 (the decoder's input lookup and its output
//!   projection, kept once), the tokenizer and the model's `config.json`.
//!
//! Every file is checked against a sha256 before it is read: bundles and the table against
//! the `.sha256` file the setup step wrote next to them, the registry's JSON files against
//! the hashes below.

use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use tract_nnef::prelude::*;

use crate::perception::models::{read_bundle, read_verified_in_pieces};
use crate::voice::VoiceError;

/// One graph of a voice bundle: the key it is stored under and the fact of every input
/// (`type:dims`, dims separated by commas, symbols allowed), which the setup step gives
/// tract before it writes the graph.
#[derive(Debug, Clone, Copy)]
pub struct VoiceGraph {
    /// The bundle entry's key (`graph-1x80x600.nnef` for `[1, 80, 600]`).
    pub key: &'static [usize],
    /// Each input's type and shape, in the ONNX graph's input order.
    pub inputs: &'static [&'static str],
}

/// One voice model bundle and the ONNX file it is compiled from.
#[derive(Debug, Clone, Copy)]
pub struct VoiceModelFile {
    /// The bundle's file name inside the models folder.
    pub name: &'static str,
    /// The ONNX file (fetched, or converted at setup) it is compiled from.
    pub source: &'static str,
    /// The graphs the bundle holds.
    pub graphs: &'static [VoiceGraph],
}

/// Silero VAD v6: one chunk of 64 context + 512 new samples, and the LSTM state.
pub const VAD: VoiceModelFile = VoiceModelFile {
    name: "vad.nnef.tar",
    source: "silero_vad_v6.onnx",
    graphs: &[VoiceGraph {
        key: &[1, 576],
        inputs: &["f32:1,576", "f32:1,1,128", "f32:1,1,128"],
    }],
};

/// The encoder windows, in mel frames (100 a second): 10 s and 30 s. A final transcript
/// always runs at 30 s, the window Whisper was trained on and faster-whisper runs: only
/// there do the converted graphs give the reference's words (docs/voice.md, Windows). A
/// partial runs at the smallest window that holds it: a shorter window costs far less (the
/// encoder's attention is quadratic in it), and a partial is only a preview.
pub const ENCODER_WINDOWS: [usize; 2] = [1000, 3000];

/// Whisper's encoder: one graph with a symbolic frame count F, so one optimised plan (one
/// copy of the packed weights) serves every window. Stored under the key `[1, 80]`.
pub const ENCODER: VoiceModelFile = VoiceModelFile {
    name: "whisper-encoder.nnef.tar",
    source: "whisper-encoder.onnx",
    graphs: &[VoiceGraph {
        key: &[1, 80],
        inputs: &["f32:1,80,F"],
    }],
};

/// Whisper's decoder: one step over N new tokens with P cached ones, against T encoder
/// frames (the inputs of `xtask/convert/whisper.py`'s decoder, in its order). Stored under the key `[1, 512]` (one row of the model width).
pub const DECODER: VoiceModelFile = VoiceModelFile {
    name: "whisper-decoder.nnef.tar",
    source: "whisper-decoder.onnx",
    graphs: &[VoiceGraph {
        key: &[1, 512],
        inputs: &[
            "f32:1,N,512",
            "i64:N",
            "f32:N,P+N",
            "f32:6,8,P,64",
            "f32:6,8,P,64",
            // The cross-attention keys and values, layer by layer (k, v): separate inputs,
            // which the decoder reads in place where it copied each layer's out of a
            // stacked [6, 8, T, 64] tensor at every step.
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
            "f32:8,T,64",
        ],
    }],
};

/// Every voice bundle, for the setup step.
pub const ALL: [VoiceModelFile; 3] = [VAD, ENCODER, DECODER];

/// The token embedding table (51865 × 512, little-endian f16), written at setup with its
/// `.sha256` file.
pub const TOKENS: &str = "whisper-tokens.f16";
/// The model width.
pub const WIDTH: usize = 512;
/// The tokenizer (fetched and verified by `cargo xtask models`).
pub const TOKENIZER: &str = "whisper-tokenizer.json";
/// sha256 of [`TOKENIZER`].
pub const TOKENIZER_SHA256: &str =
    "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4";
/// The model's configuration (language ids, suppressed tokens).
pub const MODEL_CONFIG: &str = "whisper-config.json";
/// sha256 of [`MODEL_CONFIG`].
pub const MODEL_CONFIG_SHA256: &str =
    "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a";

/// An optimised, runnable tract plan.
pub type Plan = Arc<TypedRunnableModel>;

/// Reads `file`'s bundle (checked against its `.sha256`) and returns one optimised plan per
/// graph, in the order of [`VoiceModelFile::graphs`].
pub fn load_plans(dir: &Path, file: &VoiceModelFile) -> Result<Vec<Plan>, VoiceError> {
    let bundle = read_bundle(&dir.join(file.name)).map_err(|e| VoiceError::Model {
        reason: e.to_string(),
    })?;
    let failed = |reason: String| VoiceError::Model {
        reason: format!("{}: {reason}", file.name),
    };
    let graphs = file
        .graphs
        .iter()
        .map(|graph| bundle.model(graph.key).map_err(failed))
        .collect::<Result<Vec<_>, _>>()?;
    // The bundle shares its weights with the graphs: dropped now, each weight is freed as
    // soon as the optimiser has packed it, instead of both copies living until the end.
    drop(bundle);
    graphs
        .into_iter()
        .map(|graph| {
            graph
                .into_optimized()
                .and_then(|m| m.into_runnable())
                .map_err(|e| failed(format!("{e:#}")))
        })
        .collect()
}

/// Reads the token table (checked against its `.sha256`) as f16 values, piece by piece: the
/// 53-MB file is never held beside the table it becomes (it was the demo's peak memory).
pub fn load_tokens(dir: &Path) -> Result<Vec<half::f16>, VoiceError> {
    let path = dir.join(TOKENS);
    let size = std::fs::metadata(&path).map_or(0, |m| m.len() as usize);
    let mut table = Vec::with_capacity(size / 2);
    let mut read = 0;
    read_verified_in_pieces(&path, |piece| {
        read += piece.len();
        table.extend(
            piece
                .chunks_exact(2)
                .map(|b| half::f16::from_le_bytes([b[0], b[1]])),
        );
    })
    .map_err(|e| VoiceError::Model {
        reason: e.to_string(),
    })?;
    if read % (2 * WIDTH) != 0 {
        return Err(VoiceError::Model {
            reason: format!("{TOKENS}: {read} bytes is not a whole number of rows"),
        });
    }
    Ok(table)
}

/// Reads a registry JSON file and checks it against its known sha256.
pub fn load_checked_text(dir: &Path, name: &str, sha256: &str) -> Result<String, VoiceError> {
    let path = dir.join(name);
    let bytes = std::fs::read(&path).map_err(|e| VoiceError::Model {
        reason: format!(
            "{} cannot be read ({e}); run `cargo xtask models`",
            path.display()
        ),
    })?;
    let actual = hex::encode(Sha256::digest(&bytes));
    if actual != sha256 {
        return Err(VoiceError::Model {
            reason: format!(
                "{} is damaged (sha256 {actual}); delete it and run `cargo xtask models`",
                path.display()
            ),
        });
    }
    String::from_utf8(bytes).map_err(|e| VoiceError::Model {
        reason: format!("{}: not UTF-8 ({e})", path.display()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perception::models::checksum_path;
    use sha2::{Digest, Sha256};

    /// Writes `bytes` as the token table in `dir`, with its checksum file.
    fn write_table(dir: &Path, bytes: &[u8]) {
        let path = dir.join(TOKENS);
        std::fs::write(&path, bytes).unwrap();
        std::fs::write(checksum_path(&path), hex::encode(Sha256::digest(bytes))).unwrap();
    }

    #[test]
    fn the_token_table_is_read_whole_across_pieces() {
        let dir = tempfile::tempdir().unwrap();
        // 1,100 rows: more than one piece of 1 MiB, ending in a short piece.
        let values: Vec<half::f16> = (0..1100 * WIDTH)
            .map(|i| half::f16::from_f32((i % 2048) as f32 / 8.0 - 100.0))
            .collect();
        let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        write_table(dir.path(), &bytes);
        assert_eq!(load_tokens(dir.path()).unwrap(), values);
    }

    #[test]
    fn a_token_table_cut_mid_row_or_damaged_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        write_table(dir.path(), &vec![0u8; 2 * WIDTH * 3 + 2]);
        let err = load_tokens(dir.path()).unwrap_err().to_string();
        assert!(err.contains("not a whole number of rows"), "{err}");

        let path = dir.path().join(TOKENS);
        std::fs::write(&path, vec![1u8; 2 * WIDTH]).unwrap();
        let err = load_tokens(dir.path()).unwrap_err().to_string();
        assert!(err.contains("sha256"), "{err}");
    }
}
