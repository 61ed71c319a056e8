//! Word lists kept as one string each. A `&[&str]` list costs the shipped library 16 bytes of
//! pointer and length per word beside the word's own bytes; the parser's lists hold about
//! 4,000 words, some 60 KB of pointers in a library kept under 15 MB. A [`Words`] list costs
//! one separator byte a word, and its source still reads as a list: `words!["去", "到"]`.

/// The byte after every word of a [`Words`] list (the ASCII unit separator: no word holds it).
pub const SEPARATOR: char = '\u{1f}';

/// A list of words stored as one string, each word followed by [`SEPARATOR`]; made with
/// [`words!`]. Iterating gives the words in the order they were listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words(#[doc(hidden)] pub &'static str);

impl Words {
    /// The words, in the order listed.
    pub fn iter(self) -> std::str::SplitTerminator<'static, char> {
        self.0.split_terminator(SEPARATOR)
    }

    /// Whether `word` is one of the words (whole, not a part of one).
    pub fn contains(self, word: &str) -> bool {
        self.iter().any(|w| w == word)
    }

    /// The words taken three at a time: a table of triples kept as one list (made with
    /// [`triples!`]), 48 bytes of pointers a row saved.
    pub fn triples(self) -> impl Iterator<Item = (&'static str, &'static str, &'static str)> {
        let mut words = self.iter();
        std::iter::from_fn(move || Some((words.next()?, words.next()?, words.next()?)))
    }
}

impl IntoIterator for Words {
    type Item = &'static str;
    type IntoIter = std::str::SplitTerminator<'static, char>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A list of word pairs (a word and what it stands for) stored as one string, as [`Words`]
/// is: 32 bytes of pointers a pair saved. Made with [`pairs!`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WordPairs(#[doc(hidden)] pub &'static str);

impl WordPairs {
    /// The pairs, in the order listed.
    pub fn iter(self) -> impl Iterator<Item = (&'static str, &'static str)> {
        let mut words = self.0.split_terminator(SEPARATOR);
        std::iter::from_fn(move || Some((words.next()?, words.next()?)))
    }
}

/// A [`WordPairs`] list from pairs of string literals, joined at compile time:
/// `pairs![("道儿", "路"), ("地儿", "地方")]`.
macro_rules! pairs {
    ($(($word:literal, $said:literal)),* $(,)?) => {
        $crate::intent::words::WordPairs(concat!($($word, "\u{1f}", $said, "\u{1f}"),*))
    };
}
pub(crate) use pairs;

/// A [`Words`] list of rows of three (read with [`Words::triples`]) from triples of string
/// literals, joined at compile time: `triples![("chinese", "Chinese food", "中餐")]`.
macro_rules! triples {
    ($(($a:literal, $b:literal, $c:literal)),* $(,)?) => {
        $crate::intent::words::Words(concat!($($a, "\u{1f}", $b, "\u{1f}", $c, "\u{1f}"),*))
    };
}
pub(crate) use triples;

/// A [`Words`] list from string literals, joined at compile time: `words!["去", "到", " to "]`.
macro_rules! words {
    ($($word:literal),* $(,)?) => {
        $crate::intent::words::Words(concat!($($word, "\u{1f}"),*))
    };
}
pub(crate) use words;

#[cfg(test)]
mod tests {
    use super::*;

    const GOING: Words = words!["去", "到", " to ", "go to"];

    #[test]
    fn a_list_iterates_its_words_in_order_and_knows_them_whole() {
        assert_eq!(
            GOING.iter().collect::<Vec<_>>(),
            ["去", "到", " to ", "go to"]
        );
        assert!(GOING.contains(" to ") && !GOING.contains("to") && !GOING.contains(""));
        assert_eq!(words![].iter().count(), 0);
        assert_eq!(GOING.0.len(), "去到 to go to".len() + 4);
        let rows: Vec<_> = words!["a", "b", "c", "d", "e", "f", "g"]
            .triples()
            .collect();
        assert_eq!(rows, [("a", "b", "c"), ("d", "e", "f")]);
        assert_eq!(
            triples![("a", "b", "c"), ("d", "e", "f")],
            words!["a", "b", "c", "d", "e", "f"]
        );
    }

    #[test]
    fn pairs_iterate_in_order() {
        const SAID: WordPairs = pairs![("道儿", "路"), ("地儿", "地方")];
        assert_eq!(
            SAID.iter().collect::<Vec<_>>(),
            [("道儿", "路"), ("地儿", "地方")]
        );
        assert_eq!(pairs![].iter().count(), 0);
    }
}
