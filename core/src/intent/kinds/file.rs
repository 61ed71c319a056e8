//! The kind classifier's file: `SLKINDS1`, the label count and each label's name (a byte of
//! length, then UTF-8), the weight count (u32), each weight as its key (u64) and value (f32),
//! all little-endian, then the SHA-256 of everything before it. A file cut short, changed,
//! written for other labels or holding a weight that is not a finite number is refused with a
//! [`KindsFileError`], never half read.

use sha2::{Digest, Sha256};
use std::path::Path;

use super::features::{MAX_LABELS, label_of};
use super::{KindModel, Label};

const MAGIC: &[u8; 8] = b"SLKINDS1";

/// Why the classifier's file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KindsFileError {
    /// The file is missing or unreadable.
    #[error(
        "the intent kind classifier {path} cannot be read ({reason}); run `cargo xtask models` to make it"
    )]
    Unreadable {
        /// The file.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// The file is not a classifier this library reads.
    #[error(
        "the intent kind classifier {path} is damaged: {reason}; run `cargo xtask models` to make it again"
    )]
    Damaged {
        /// The file.
        path: String,
        /// What is wrong.
        reason: &'static str,
    },
}

/// The bytes of `model`'s file.
pub fn to_bytes(model: &KindModel) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + model.keys.len() * 12);
    out.extend_from_slice(MAGIC);
    out.push(model.labels.len() as u8);
    for label in &model.labels {
        let name = label.name();
        out.push(name.len() as u8);
        out.extend_from_slice(name.as_bytes());
    }
    out.extend_from_slice(&(model.keys.len() as u32).to_le_bytes());
    for (key, weight) in model.pairs() {
        out.extend_from_slice(&key.to_le_bytes());
        out.extend_from_slice(&weight.to_le_bytes());
    }
    let digest = Sha256::digest(&out);
    out.extend_from_slice(&digest);
    out
}

/// The largest file read (the corpus's classifier is 2.3 MB): a bigger one is refused before
/// it is read into memory.
const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads the classifier at `path`.
pub fn read(path: &Path) -> Result<KindModel, KindsFileError> {
    let unreadable = |e: std::io::Error| KindsFileError::Unreadable {
        path: path.display().to_string(),
        reason: e.kind().to_string(),
    };
    let damaged = |reason| KindsFileError::Damaged {
        path: path.display().to_string(),
        reason,
    };
    if std::fs::metadata(path).map_err(unreadable)?.len() > MAX_FILE_BYTES {
        return Err(damaged("it is larger than any classifier"));
    }
    from_bytes(&std::fs::read(path).map_err(unreadable)?).map_err(damaged)
}

/// A cursor over the file's bytes that refuses to read past their end.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], &'static str> {
        if n > self.bytes.len() {
            return Err("it ends too early");
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], &'static str> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
}

/// Reads a classifier from its file's bytes.
pub fn from_bytes(bytes: &[u8]) -> Result<KindModel, &'static str> {
    let Some(body_len) = bytes.len().checked_sub(32) else {
        return Err("it ends too early");
    };
    let (body, digest) = bytes.split_at(body_len);
    if Sha256::digest(body).as_slice() != digest {
        return Err("its checksum does not match");
    }
    let mut r = Reader { bytes: body };
    if r.take(MAGIC.len())? != MAGIC {
        return Err("it is not an intent kind classifier of this version");
    }
    let count = usize::from(r.array::<1>()?[0]);
    if count > MAX_LABELS {
        return Err("it names more labels than a key can hold");
    }
    let mut labels: Vec<Label> = Vec::with_capacity(count);
    for _ in 0..count {
        let len = usize::from(r.array::<1>()?[0]);
        let name = std::str::from_utf8(r.take(len)?).map_err(|_| "a label is not UTF-8")?;
        labels.push(Label::from_name(name).ok_or("it names a label this library lacks")?);
    }
    // Every label this library has, each once, in name order (what training writes): then a
    // key's label index means the same label here as where it was trained.
    if labels != Label::all() {
        return Err("its labels are not this library's");
    }
    let n = u32::from_le_bytes(r.array::<4>()?) as usize;
    if Some(r.bytes.len()) != n.checked_mul(12) {
        return Err("its weight count does not match its length");
    }
    let pairs: Vec<(u64, f32)> = r
        .bytes
        .chunks_exact(12)
        .map(|c| {
            let (key, weight) = c.split_at(8);
            let key = u64::from_le_bytes(key.try_into().unwrap_or_default());
            (
                key,
                f32::from_le_bytes(weight.try_into().unwrap_or_default()),
            )
        })
        .collect();
    if !pairs.windows(2).all(|w| w[0].0 < w[1].0) {
        return Err("its weights are not in order");
    }
    if !pairs
        .iter()
        .all(|(key, weight)| label_of(*key) < labels.len() && weight.is_finite())
    {
        return Err("a weight is for no label or not a finite number");
    }
    Ok(KindModel::from_pairs(labels, pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> KindModel {
        KindModel::from_pairs(Label::all(), [(0x10, 1.5), (0x21, -0.5)])
    }

    /// `model()`'s file with its body changed by `change` and its checksum made again.
    fn rewritten(change: impl Fn(&mut Vec<u8>)) -> Vec<u8> {
        let bytes = to_bytes(&model());
        let mut body = bytes[..bytes.len() - 32].to_vec();
        change(&mut body);
        let digest = Sha256::digest(&body);
        body.extend_from_slice(&digest);
        body
    }

    #[test]
    fn a_model_reads_back_as_written() {
        assert_eq!(from_bytes(&to_bytes(&model())), Ok(model()));
    }

    #[test]
    fn a_changed_or_cut_file_is_refused() {
        let bytes = to_bytes(&model());
        let mut changed = bytes.clone();
        changed[20] ^= 1;
        assert_eq!(from_bytes(&changed), Err("its checksum does not match"));
        assert!(from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(from_bytes(&[]).is_err());
        assert!(from_bytes(&rewritten(|b| b[0] = b'X')).is_err());
    }

    #[test]
    fn a_file_written_for_other_labels_or_with_bad_weights_is_refused() {
        let last = |b: &mut Vec<u8>| b.len();
        let labels_wrong = Err("its labels are not this library's");
        // One label fewer (the count byte after the magic).
        assert_eq!(from_bytes(&rewritten(|b| b[8] -= 1)), labels_wrong);
        // The first label (`bike.unlock`) renamed to a later one (`product.buy`): out of order,
        // and twice.
        let renamed = rewritten(|b| b[10..21].copy_from_slice(b"product.buy"));
        assert_eq!(from_bytes(&renamed), labels_wrong);
        // The last weight made infinite, then NaN.
        for bad in [f32::INFINITY, f32::NAN] {
            let file = rewritten(|b| {
                let end = last(b);
                b[end - 4..].copy_from_slice(&bad.to_le_bytes());
            });
            assert_eq!(
                from_bytes(&file),
                Err("a weight is for no label or not a finite number")
            );
        }
        // A key for label 15, which no file of 13 labels has.
        let file = rewritten(|b| {
            let end = last(b);
            b[end - 12..end - 4].copy_from_slice(&0x3fu64.to_le_bytes());
        });
        assert_eq!(
            from_bytes(&file),
            Err("a weight is for no label or not a finite number")
        );
    }

    #[test]
    fn a_missing_file_is_a_typed_error() {
        let err = read(Path::new("/nonexistent/intent-kinds.bin")).unwrap_err();
        assert!(matches!(err, KindsFileError::Unreadable { .. }), "{err}");
    }
}
