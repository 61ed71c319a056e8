//! What the kind classifier looks at in an utterance: its character 1–3-grams (single ASCII
//! characters left out: a letter alone says nothing), its English words and word pairs, with
//! digits read as one `0` (a count or a date's number is not the request), and a mark for each
//! kind of thing in view (`这个多少钱` asks of a product in view, `这家店几点关门` of a shop).
//! Each feature is a stable 64-bit hash whose low [`LABEL_BITS`] bits are left for the label,
//! so one sorted list holds every (feature, label) weight.

use super::super::context::InView;

/// Bits of a key that hold the label's index.
pub const LABEL_BITS: u32 = 5;

/// Most labels a key can tell apart.
pub const MAX_LABELS: usize = 1 << LABEL_BITS;

const LABEL_MASK: u64 = (1 << LABEL_BITS) - 1;

/// A feature's key with no label: FNV-1a of its text, the label bits cleared.
pub fn key(feature: &str) -> u64 {
    key_of([feature.as_bytes()])
}

/// The key of a weight: `feature` with `label`'s index in its low bits.
pub fn with_label(feature: u64, label: usize) -> u64 {
    feature | (label as u64 & LABEL_MASK)
}

/// The feature of a weight's key.
pub fn base(key: u64) -> u64 {
    key & !LABEL_MASK
}

/// The label index of a weight's key.
pub fn label_of(key: u64) -> usize {
    (key & LABEL_MASK) as usize
}

/// The most characters of an utterance read (a request is a sentence or two; a pasted page is
/// read only this far, and the features stay few enough to keep once each by a plain search).
const MAX_CHARS: usize = 400;

/// The text as the classifier reads it (already [`normalize`]d by the parser: half-width, so
/// only ASCII digits are left): lower case, each run of digits one `0`, between `^` and `$`.
///
/// [`normalize`]: crate::intent::parse::normalize
fn folded(utterance: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(MAX_CHARS + 2);
    out.push('^');
    for c in utterance
        .chars()
        .take(MAX_CHARS)
        .flat_map(char::to_lowercase)
    {
        if c.is_ascii_digit() {
            if out.last() != Some(&'0') {
                out.push('0');
            }
        } else {
            out.push(c);
        }
    }
    out.push('$');
    out
}

/// FNV-1a of `parts`' bytes one after another, the label bits cleared: [`key`] of their
/// concatenation, without making it.
pub(super) fn key_of<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u64 {
    let hash = parts
        .into_iter()
        .flatten()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
    hash & !LABEL_MASK
}

/// The keys of every feature of `utterance` (its first [`MAX_CHARS`] characters) with
/// `in_view`, each once (in the order first met).
pub fn of(utterance: &str, in_view: &InView) -> Vec<u64> {
    let text = folded(utterance);
    let mut keys: Vec<u64> = Vec::with_capacity(text.len() * 3);
    let mut add = |key: u64| {
        if !keys.contains(&key) {
            keys.push(key);
        }
    };
    let mut utf8 = [[0u8; 4]; 3];
    for n in 1..=3 {
        for gram in text.windows(n) {
            if n == 1 && gram[0].is_ascii() {
                continue;
            }
            add(key_of(
                gram.iter()
                    .zip(utf8.iter_mut())
                    .map(|(c, buf)| c.encode_utf8(buf).as_bytes()),
            ));
        }
    }
    let inner: String = text[1..text.len() - 1].iter().collect();
    let words: Vec<&str> = inner
        .split(|c: char| !(c.is_ascii_lowercase() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        add(key_of([&b"w:"[..], word.as_bytes()]));
        if let Some(next) = words.get(i + 1) {
            add(key_of([&b"b:"[..], word.as_bytes(), b" ", next.as_bytes()]));
        }
    }
    for mark in in_view_marks(in_view) {
        add(key(mark));
    }
    keys
}

/// A mark for each kind of thing in view (`@place`, `@product`, `@landmark`, `@bike`,
/// `@texts`).
pub fn in_view_marks(in_view: &InView) -> impl Iterator<Item = &'static str> {
    [
        (in_view.place.is_some(), "@place"),
        (in_view.product.is_some(), "@product"),
        (in_view.landmark.is_some(), "@landmark"),
        (in_view.bike_qr.is_some(), "@bike"),
        (!in_view.texts.is_empty(), "@texts"),
    ]
    .into_iter()
    .filter_map(|(on, mark)| on.then_some(mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_fold_and_case_does_not_matter() {
        let none = InView::default();
        assert_eq!(of("Buy 42 Boots", &none), of("buy 7 boots", &none));
        assert!(of("buy boots", &none).contains(&key("b:buy boots")));
        assert!(of("去西湖", &none).contains(&key("西湖$")));
        assert_ne!(of("buy boots", &none), of("buy shoes", &none));
    }

    #[test]
    fn what_is_in_view_is_a_feature() {
        let shop = InView {
            place: Some(Default::default()),
            ..InView::default()
        };
        assert_ne!(
            of("这个几点关门", &shop),
            of("这个几点关门", &InView::default())
        );
    }

    #[test]
    fn a_key_keeps_its_feature_and_label_apart() {
        let k = key("w:boots");
        assert_eq!(base(with_label(k, 5)), k);
        assert_eq!(label_of(with_label(k, 5)), 5);
    }
}
