//! Letter case inside a word. Eight Latin letters (`c o s u v w x z`) have capital and small
//! forms of the same shape, told apart only by their size against the line; in a strip
//! scaled to a fixed height the recognizer guesses, and one guess may differ from the rest of
//! the word (`Palais du LoUVRE`). A word does not switch case for one letter, so such a
//! letter takes the case of the word around it.

/// Letters whose capital is their small form enlarged.
const SAME_SHAPE: &[char] = &['c', 'o', 's', 'u', 'v', 'w', 'x', 'z'];
/// Words shorter than this (in letters) keep their case: too few letters to tell the word's.
const MIN_LETTERS: usize = 3;

/// `text` with every word's one odd same-shape letter put in the case of the word: the
/// only small letter of a word in capitals, or the only capital after the first letter of
/// a word in small letters. A word is a run of Latin letters (`5.61IU/ml` is the words `IU`
/// and `ml`).
pub fn even_case(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars() {
        if c.is_ascii_alphabetic() {
            word.push(c);
        } else {
            out.push_str(&even_word(&word));
            word.clear();
            out.push(c);
        }
    }
    out.push_str(&even_word(&word));
    out
}

/// One run of letters with its odd letter evened.
fn even_word(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let letters: Vec<usize> = (0..chars.len())
        .filter(|&i| chars[i].is_ascii_alphabetic())
        .collect();
    if letters.len() < MIN_LETTERS {
        return word.to_string();
    }
    let small: Vec<usize> = letters
        .iter()
        .copied()
        .filter(|&i| chars[i].is_ascii_lowercase())
        .collect();
    let capitals: Vec<usize> = letters
        .iter()
        .copied()
        .filter(|&i| chars[i].is_ascii_uppercase())
        .collect();
    let same_shape = |i: usize| SAME_SHAPE.contains(&chars[i].to_ascii_lowercase());
    let mut out = chars.clone();
    match (small.as_slice(), capitals.as_slice()) {
        // A word in capitals with one small letter.
        ([odd], _) if capitals.len() + 1 == letters.len() && same_shape(*odd) => {
            out[*odd] = chars[*odd].to_ascii_uppercase();
        }
        // A word in small letters (perhaps capitalised) with one capital inside.
        (_, caps) => {
            let inside: Vec<usize> = caps.iter().copied().filter(|&i| i != letters[0]).collect();
            if let [odd] = inside.as_slice()
                && small.len() + caps.len() == letters.len()
                && small.len() + 1 + usize::from(caps.contains(&letters[0])) == letters.len()
                && same_shape(*odd)
            {
                out[*odd] = chars[*odd].to_ascii_lowercase();
            }
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_odd_same_shape_letter_takes_the_word_s_case() {
        assert_eq!(even_case("Palais du LoUVRE"), "Palais du LOUVRE");
        assert_eq!(even_case("Musee du LoUVRE"), "Musee du LOUVRE");
        assert_eq!(even_case("coUrse Theatre"), "course Theatre");
        assert_eq!(even_case("(LoUVRE)"), "(LOUVRE)");
    }

    #[test]
    fn mixed_words_and_other_letters_keep_their_case() {
        for kept in [
            "TRAb",
            "TPOAb",
            "iPhone",
            "pmol/L",
            "5.61IU/ml",
            "McDonald",
            "Ok",
            "ABCdeF",
            "du",
        ] {
            assert_eq!(even_case(kept), kept);
        }
    }
}
