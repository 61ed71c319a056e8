//! Where the model files live and how they are verified: the helpers the fetch (`models.rs`),
//! the conversion (`convert.rs`) and the compilation (`compile.rs`) share. A leaf: it uses
//! none of them.

use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::TaskResult;

/// Where the model files go.
pub fn models_dir(root: &Path) -> PathBuf {
    root.join("models")
}

/// Hex sha256 of a file's contents.
pub fn sha256_file(path: &Path) -> TaskResult<String> {
    let mut hasher = Sha256::new();
    let mut f = File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}
