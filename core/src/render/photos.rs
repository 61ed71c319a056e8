//! The real-photo development set: photographs and phone screenshots (not rendered) with
//! the ground truth a person transcribed from them (`core/tests/data/photos.txt`), so tests
//! and benchmarks score perception on what cameras produce beside the rendered gallery.
//!
//! The pictures themselves are not in the repository: they are read from the design brief's
//! `../shared/photos/` folder next to the repository (present on every machine that builds
//! it, CI included). Their sources and licences are listed in the truth file.

use std::path::{Path, PathBuf};

use crate::render::GroundTruth;

/// The ground truth file, relative to the repository root.
pub const TRUTH_FILE: &str = "core/tests/data/photos.txt";
/// The folder of the pictures, relative to the repository root.
pub const PHOTOS_DIR: &str = "../shared/photos";

/// A code a photo shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShownCode {
    /// A code that must be read: its kind (`qr`, `ean13` …) and its payload, or the start of
    /// its payload when the truth ends it with `*` (private payloads).
    Read {
        /// Short kind name, as [`crate::perception::codes::CodeKind::as_str`] gives it.
        kind: String,
        /// The payload, or its start.
        data: String,
        /// True when `data` is only the start of the payload.
        prefix: bool,
    },
    /// A code in a format the engine does not read: reporting it or not are both right.
    Other,
}

impl ShownCode {
    /// True when a code of `kind` with payload `data` is this one.
    pub fn matches(&self, kind: &str, data: &str) -> bool {
        match self {
            Self::Read {
                kind: k,
                data: d,
                prefix,
            } => {
                k == kind
                    && if *prefix {
                        data.starts_with(d)
                    } else {
                        data == d
                    }
            }
            Self::Other => true,
        }
    }
}

/// One photo of the set.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// Its file name in [`PHOTOS_DIR`].
    pub file: String,
    /// The text lines a person reads in it, in reading order (`codes` unused).
    pub truth: GroundTruth,
    /// The codes it shows.
    pub codes: Vec<ShownCode>,
}

impl Photo {
    /// True when a reported code is none of those the photo shows (a phantom).
    pub fn is_phantom(&self, kind: &str, data: &str) -> bool {
        !self.codes.iter().any(|c| c.matches(kind, data))
    }
}

/// The photo set of the repository at `repo_root`: its ground truth, and for each photo
/// the path of the picture. Errors name the file and line.
pub fn photo_set(repo_root: &Path) -> Result<Vec<(Photo, PathBuf)>, String> {
    let truth_path = repo_root.join(TRUTH_FILE);
    let text = std::fs::read_to_string(&truth_path)
        .map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let photos = parse(&text).map_err(|e| format!("{}: {e}", truth_path.display()))?;
    let dir = repo_root.join(PHOTOS_DIR);
    Ok(photos
        .into_iter()
        .map(|p| {
            let path = dir.join(&p.file);
            (p, path)
        })
        .collect())
}

/// Reads the truth file's format (described at its top): `[file]` starts a photo, `$code
/// KIND DATA` or `$code other` is a code, `#` a comment, anything else a text line.
pub fn parse(text: &str) -> Result<Vec<Photo>, String> {
    let mut photos: Vec<Photo> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(file) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']'))
            && !file.contains(['[', ']', '\'', ' '])
        {
            photos.push(Photo {
                file: file.to_string(),
                truth: GroundTruth::default(),
                codes: Vec::new(),
            });
            continue;
        }
        let Some(photo) = photos.last_mut() else {
            return Err(format!("line {}: text before the first [file]", n + 1));
        };
        match line.strip_prefix("$code ") {
            Some("other") => photo.codes.push(ShownCode::Other),
            Some(code) => {
                let (kind, data) = code
                    .split_once(' ')
                    .ok_or_else(|| format!("line {}: `$code KIND DATA` expected", n + 1))?;
                let (data, prefix) = match data.strip_suffix('*') {
                    Some(start) => (start, true),
                    None => (data, false),
                };
                photo.codes.push(ShownCode::Read {
                    kind: kind.to_string(),
                    data: data.to_string(),
                    prefix,
                });
            }
            None => photo.truth.texts.push(line.trim().to_string()),
        }
    }
    Ok(photos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_reads_files_lines_and_codes() {
        let photos = parse(
            "# set\n[a.jpg]\n登机牌\n[([[1, 2]], 'x')]\n\n$code qr wxp://*\n[b.png]\nEXIT\n$code other\n",
        )
        .unwrap();
        assert_eq!(photos.len(), 2);
        assert_eq!(photos[0].truth.texts, ["登机牌", "[([[1, 2]], 'x')]"]);
        assert!(!photos[0].is_phantom("qr", "wxp://f2f0"));
        assert!(photos[0].is_phantom("ean8", "12345670"));
        assert!(!photos[1].is_phantom("code128", "anything"));
        assert!(parse("EXIT\n").is_err());
        assert!(parse("[a.jpg]\n$code qr\n").is_err());
    }

    #[test]
    fn the_repository_set_lists_every_photo_once() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let set = photo_set(&root).unwrap();
        assert_eq!(set.len(), 13);
        let names: std::collections::HashSet<_> = set.iter().map(|(p, _)| &p.file).collect();
        assert_eq!(names.len(), 13);
        assert!(set.iter().all(|(p, _)| !p.truth.texts.is_empty()));
    }
}
