//! Finding and loading the system fonts the renderer draws with, and splitting a line into the
//! runs each font draws.

use ab_glyph::{Font, FontVec, PxScale};
use std::path::{Path, PathBuf};

use crate::render::RenderError;

/// Splits `text` into runs drawn with the same font.
pub(crate) fn runs<'a>(
    fonts: &'a Fonts,
    text: &'a str,
) -> impl Iterator<Item = (&'a FontVec, &'a str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let font = fonts.for_char(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| !std::ptr::eq(fonts.for_char(c), font))
            .map_or(rest.len(), |(i, _)| i);
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some((font, run))
    })
}

/// Where Debian's `fonts-wqy-microhei` puts its font.
const CJK_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
/// Where Debian's `fonts-dejavu-core` puts DejaVu Sans.
const LATIN_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// The two fonts a scene is drawn with.
pub struct Fonts {
    cjk: FontVec,
    latin: FontVec,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts(WenQuanYi Micro Hei, DejaVu Sans)")
    }
}

impl Fonts {
    /// The Debian system fonts (`fonts-wqy-microhei`, `fonts-dejavu-core`).
    pub fn system() -> Result<Self, RenderError> {
        Self::from_files(Path::new(CJK_FONT), Path::new(LATIN_FONT))
    }

    /// Fonts from explicit files: a CJK font (TTC: its first face) and a Latin font.
    pub fn from_files(cjk: &Path, latin: &Path) -> Result<Self, RenderError> {
        Ok(Self {
            cjk: load(cjk)?,
            latin: load(latin)?,
        })
    }

    /// The font a character is drawn with: Latin text in DejaVu when it has the glyph,
    /// everything else in WenQuanYi.
    pub(crate) fn for_char(&self, c: char) -> &FontVec {
        if (c as u32) < 0x2000 && self.latin.glyph_id(c).0 != 0 {
            &self.latin
        } else {
            &self.cjk
        }
    }

    /// The width of `text` drawn at `size` pixels.
    pub fn text_width(&self, text: &str, size: f32) -> u32 {
        runs(self, text)
            .map(|(font, run)| imageproc::drawing::text_size(PxScale::from(size), font, run).0)
            .sum()
    }
}

fn load(path: &Path) -> Result<FontVec, RenderError> {
    let error = |reason: String| RenderError::Font {
        path: PathBuf::from(path).display().to_string(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| error(e.to_string()))?;
    FontVec::try_from_vec_and_index(bytes, 0).map_err(|e| error(e.to_string()))
}
