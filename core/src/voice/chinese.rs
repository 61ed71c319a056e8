//! Traditional → simplified Chinese after decoding: Whisper sometimes writes traditional
//! characters even when prompted for simplified ones, and the wearer reads simplified.
//! The table is `fast2s`'s (MIT; 2,734 character pairs, with the few context-dependent
//! characters such as 乾/干 and 著/着 resolved by their neighbours).

/// `text` with every traditional character replaced by its simplified form; other text
/// (Latin letters, digits, punctuation, characters already simplified) is unchanged.
pub fn to_simplified(text: &str) -> String {
    if text.is_empty() {
        return String::new();
    }
    fast2s::convert(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_traditional_becomes_simplified_and_the_rest_is_kept() {
        assert_eq!(to_simplified("幫我買雪地靴"), "帮我买雪地靴");
        assert_eq!(to_simplified("下週去哈爾濱"), "下周去哈尔滨");
        assert_eq!(to_simplified("Harbin 2 次, OK。"), "Harbin 2 次, OK。");
        assert_eq!(to_simplified(""), "");
    }
}
