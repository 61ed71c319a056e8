//! Standard output for every command. `println!` panics when the reader has gone away
//! (`sightline demo | head -1`); here the first failed write ends the output quietly: nothing
//! more is written, long commands see [`reader_gone`] and stop early, and the process exits
//! as if it had finished (a broken pipe is not an error of the command).

use std::fmt::Display;
use std::io::{ErrorKind, Write};
use std::sync::atomic::{AtomicU8, Ordering};

/// The output's state: still written, reader gone, or another write error.
static STATE: AtomicU8 = AtomicU8::new(OPEN);
const OPEN: u8 = 0;
const READER_GONE: u8 = 1;
const FAILED: u8 = 2;

/// Writes `text` and a newline to standard output, unless an earlier write failed.
pub fn line(text: impl Display) {
    if STATE.load(Ordering::Relaxed) != OPEN {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|()| out.flush()) {
        let state = if e.kind() == ErrorKind::BrokenPipe {
            READER_GONE
        } else {
            FAILED
        };
        STATE.store(state, Ordering::Relaxed);
    }
}

/// True once standard output's reader has gone away (or writing failed otherwise): there is
/// no one to show more to.
pub fn reader_gone() -> bool {
    STATE.load(Ordering::Relaxed) != OPEN
}

/// True when writing failed for a reason other than the reader going away (a full disk).
pub fn write_failed() -> bool {
    STATE.load(Ordering::Relaxed) == FAILED
}

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes two), so
/// columns after mixed Chinese and English text line up.
pub fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// The name JSON gives a value (`product_on_shelf`), so plain text and `--json` say the same.
pub fn wire_name(value: &impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// `println!` that ends quietly when the reader has gone away (see [`line`]).
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::out::line(format_args!($($arg)*))
    };
}
pub(crate) use say;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newuser_columns_line_up_after_chinese_text() {
        let rows = [pad("西湖", 8), pad("ab", 8)];
        let widths: Vec<usize> = rows
            .iter()
            .map(|r| unicode_width::UnicodeWidthStr::width(r.as_str()))
            .collect();
        assert_eq!(widths, [8, 8]);
        assert_eq!(pad("toolong", 3), "toolong");
    }

    #[test]
    fn newuser_plain_text_names_values_as_json_does() {
        use sightline_core::perception::scene::SceneCategory;
        assert_eq!(
            wire_name(&SceneCategory::ProductOnShelf),
            "product_on_shelf"
        );
    }
}
