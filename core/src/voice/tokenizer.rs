//! Whisper's tokenizer, read from its `tokenizer.json`: GPT-2 byte-level BPE. Decoding maps
//! each token's characters back to bytes; encoding (only for the short prompts the
//! recogniser gives the decoder) applies the merges in rank order within each word. The
//! `tokenizers` crate would bring a regex engine, rayon and more for these few lines.

use serde::Deserialize;
use std::collections::HashMap;

use crate::voice::VoiceError;

/// The vocabulary: token strings both ways, merge ranks and the special tokens.
#[derive(Debug)]
pub struct Tokenizer {
    /// Token id → the bytes it stands for (text tokens only).
    bytes: Vec<Vec<u8>>,
    /// Token string (byte-level alphabet) → id.
    ids: HashMap<String, u32>,
    /// (left, right) → merge rank.
    ranks: HashMap<(String, String), usize>,
    /// Special token text (`<|en|>`) → id.
    special: HashMap<String, u32>,
    /// Byte → its byte-level character.
    alphabet: [char; 256],
}

#[derive(Deserialize)]
struct File {
    model: Model,
    added_tokens: Vec<Added>,
}

#[derive(Deserialize)]
struct Model {
    vocab: HashMap<String, u32>,
    merges: Vec<(String, String)>,
}

#[derive(Deserialize)]
struct Added {
    id: u32,
    content: String,
}

/// GPT-2's byte ↔ printable character table: printable Latin-1 bytes stand for themselves,
/// the others are moved to U+0100 onwards.
fn byte_alphabet() -> [char; 256] {
    let mut table = ['\0'; 256];
    let mut next = 256u32;
    for b in 0..=255u8 {
        let printable = matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
        table[usize::from(b)] = if printable {
            char::from(b)
        } else {
            let c = char::from_u32(next).unwrap_or('\u{FFFD}');
            next += 1;
            c
        };
    }
    table
}

impl Tokenizer {
    /// Parses `tokenizer.json`.
    pub fn from_json(text: &str) -> Result<Self, VoiceError> {
        let file: File = serde_json::from_str(text).map_err(|e| VoiceError::Model {
            reason: format!("tokenizer.json: {e}"),
        })?;
        let alphabet = byte_alphabet();
        let reverse: HashMap<char, u8> = alphabet
            .iter()
            .enumerate()
            .map(|(b, &c)| (c, b as u8))
            .collect();
        let size = file
            .model
            .vocab
            .values()
            .max()
            .map_or(0, |&m| m as usize + 1);
        let mut bytes = vec![Vec::new(); size];
        for (token, &id) in &file.model.vocab {
            if let Some(slot) = bytes.get_mut(id as usize) {
                *slot = token
                    .chars()
                    .filter_map(|c| reverse.get(&c).copied())
                    .collect();
            }
        }
        let ranks = file
            .model
            .merges
            .into_iter()
            .enumerate()
            .map(|(rank, pair)| (pair, rank))
            .collect();
        let special = file
            .added_tokens
            .into_iter()
            .map(|a| (a.content, a.id))
            .collect();
        Ok(Self {
            bytes,
            ids: file.model.vocab,
            ranks,
            special,
            alphabet,
        })
    }

    /// The id of a special token such as `<|zh|>`.
    pub fn special(&self, text: &str) -> Result<u32, VoiceError> {
        self.special
            .get(text)
            .copied()
            .ok_or_else(|| VoiceError::Model {
                reason: format!("tokenizer.json has no {text} token"),
            })
    }

    /// The number of text (non-special) tokens.
    pub fn text_tokens(&self) -> usize {
        self.bytes.len()
    }

    /// The text of `tokens`; special tokens are skipped, broken UTF-8 becomes U+FFFD.
    pub fn decode(&self, tokens: &[u32]) -> String {
        decode_bytes(&self.bytes, tokens)
    }

    /// Keeps only what decoding needs: the merge ranks and the token-string map (about
    /// 10 MB, used only to encode the prompts once at load) are dropped.
    pub fn into_decoder(self) -> TokenDecoder {
        TokenDecoder { bytes: self.bytes }
    }

    /// The tokens of `text`: split into words (a letter or digit run, or a run of other
    /// non-space characters, each with the space before it), then each word's bytes merged
    /// pairwise in rank order.
    pub fn encode(&self, text: &str) -> Vec<u32> {
        let mut tokens = Vec::new();
        for word in words(text) {
            let mut parts: Vec<String> = word
                .bytes()
                .map(|b| self.alphabet[usize::from(b)].to_string())
                .collect();
            loop {
                let best = parts
                    .windows(2)
                    .enumerate()
                    .filter_map(|(i, w)| {
                        self.ranks
                            .get(&(w[0].clone(), w[1].clone()))
                            .map(|&r| (r, i))
                    })
                    .min();
                let Some((_, i)) = best else { break };
                let right = parts.remove(i + 1);
                parts[i].push_str(&right);
            }
            tokens.extend(parts.iter().filter_map(|p| self.ids.get(p).copied()));
        }
        tokens
    }
}

/// The decoding half of a [`Tokenizer`], what the recogniser keeps once its prompts are
/// encoded.
#[derive(Debug)]
pub struct TokenDecoder {
    bytes: Vec<Vec<u8>>,
}

impl TokenDecoder {
    /// The text of `tokens`, as [`Tokenizer::decode`] gives it.
    pub fn decode(&self, tokens: &[u32]) -> String {
        decode_bytes(&self.bytes, tokens)
    }
}

fn decode_bytes(table: &[Vec<u8>], tokens: &[u32]) -> String {
    let bytes: Vec<u8> = tokens
        .iter()
        .filter_map(|&t| table.get(t as usize))
        .flatten()
        .copied()
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// GPT-2's word split, simplified: runs of letters/digits, or of other visible characters,
/// each taking one space before it.
fn words(text: &str) -> Vec<&str> {
    let class = |c: char| {
        if c.is_whitespace() {
            0
        } else if c.is_alphanumeric() {
            1
        } else {
            2
        }
    };
    let mut words = Vec::new();
    let mut start = 0;
    let mut previous = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        let joins = match previous {
            None => true,
            Some(0) => k != 0 && text[start..i] == *" ",
            Some(p) => p == k,
        };
        if !joins && i > start {
            words.push(&text[start..i]);
            start = i;
        }
        previous = Some(k);
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Tokenizer {
        let json = r#"{
            "model": {"vocab": {"h": 0, "i": 1, "hi": 2, "Ġ": 3, "Ġhi": 4, "!": 5, "ä": 6, "½": 7},
                      "merges": [["h", "i"], ["Ġ", "hi"]]},
            "added_tokens": [{"id": 8, "content": "<|en|>"}]
        }"#;
        Tokenizer::from_json(json).unwrap()
    }

    #[test]
    fn voice_tokens_decode_through_the_byte_alphabet_and_encode_by_merge_rank() {
        let t = tiny();
        assert_eq!(t.encode("hi hi!"), [2, 4, 5]);
        assert_eq!(t.decode(&[2, 4, 5, 8]), "hi hi!");
        // Bytes of a multi-byte character spread over tokens are joined before UTF-8.
        assert_eq!(t.decode(&[6, 7]), String::from_utf8_lossy(&[0xE4, 0xBD]));
        assert_eq!(t.special("<|en|>").unwrap(), 8);
        assert!(t.special("<|fr|>").is_err());
        assert_eq!(t.into_decoder().decode(&[2, 4, 5, 8]), "hi hi!");
        assert!(Tokenizer::from_json("{").is_err());
    }

    #[test]
    fn voice_words_split_like_gpt2() {
        assert_eq!(
            words("Plan my trip, now."),
            ["Plan", " my", " trip", ",", " now", "."]
        );
        assert_eq!(words("以下是普通话的句子。"), ["以下是普通话的句子", "。"]);
    }
}
