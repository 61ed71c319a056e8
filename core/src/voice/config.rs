//! Voice settings (`[voice]` in the config file): which languages the wearer speaks, how long
//! a pause ends an utterance, how often partial transcripts come.

use serde::{Deserialize, Serialize};

use crate::voice::VoiceError;

/// A language the recogniser may hear. Detection is restricted to the configured ones, so a
/// Mandarin speaker is never transcribed as Japanese or Cantonese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Mandarin Chinese, written in simplified characters.
    Zh,
    /// English.
    En,
}

impl Language {
    /// The ISO 639-1 code Whisper's language tokens use (`<|zh|>`, `<|en|>`).
    pub fn code(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
        }
    }

    /// The language for a code, if it is one the recogniser hears.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "zh" => Some(Language::Zh),
            "en" => Some(Language::En),
            _ => None,
        }
    }
}

/// The recogniser's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VoiceConfig {
    /// The languages the wearer speaks (detection picks among these only). Default zh, en.
    pub languages: Vec<Language>,
    /// Silence that ends an utterance, in ms (200–5000; default 600).
    pub endpoint_silence_ms: u32,
    /// How often a partial transcript is made while someone speaks, in ms (250–10000;
    /// default 1000).
    pub partial_interval_ms: u32,
    /// Voice-activity probability above which a chunk is speech (0.1–0.95; default 0.5).
    pub speech_threshold: f32,
}

impl Default for VoiceConfig {
    fn default() -> Self {
        Self {
            languages: vec![Language::Zh, Language::En],
            endpoint_silence_ms: 600,
            partial_interval_ms: 1000,
            speech_threshold: 0.5,
        }
    }
}

impl VoiceConfig {
    /// Checks values that parse but cannot work.
    pub fn validate(&self) -> Result<(), VoiceError> {
        let bad = |field, reason: &str| {
            Err(VoiceError::Config {
                field,
                reason: reason.to_string(),
            })
        };
        if self.languages.is_empty() {
            return bad("voice.languages", "name at least one language (zh, en)");
        }
        if self
            .languages
            .iter()
            .enumerate()
            .any(|(i, l)| self.languages[..i].contains(l))
        {
            return bad("voice.languages", "a language is listed twice");
        }
        if !(200..=5000).contains(&self.endpoint_silence_ms) {
            return bad("voice.endpoint_silence_ms", "must be 200–5000 ms");
        }
        if !(250..=10_000).contains(&self.partial_interval_ms) {
            return bad("voice.partial_interval_ms", "must be 250–10000 ms");
        }
        if !(0.1..=0.95).contains(&self.speech_threshold) {
            return bad("voice.speech_threshold", "must be 0.1–0.95");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voice_defaults_are_valid_and_bad_values_are_named() {
        assert!(VoiceConfig::default().validate().is_ok());
        let cases = [
            (
                VoiceConfig {
                    languages: vec![],
                    ..Default::default()
                },
                "voice.languages",
            ),
            (
                VoiceConfig {
                    languages: vec![Language::En, Language::En],
                    ..Default::default()
                },
                "voice.languages",
            ),
            (
                VoiceConfig {
                    endpoint_silence_ms: 100,
                    ..Default::default()
                },
                "endpoint_silence",
            ),
            (
                VoiceConfig {
                    partial_interval_ms: 0,
                    ..Default::default()
                },
                "partial_interval",
            ),
            (
                VoiceConfig {
                    speech_threshold: 1.0,
                    ..Default::default()
                },
                "speech_threshold",
            ),
        ];
        for (config, field) in cases {
            let err = config.validate().unwrap_err().to_string();
            assert!(err.contains(field), "{err}");
        }
    }

    #[test]
    fn voice_languages_parse_from_toml() {
        let c: VoiceConfig =
            toml::from_str("languages = [\"en\"]\nendpoint_silence_ms = 800").unwrap();
        assert_eq!(
            (c.languages.as_slice(), c.endpoint_silence_ms),
            (&[Language::En][..], 800)
        );
        assert!(toml::from_str::<VoiceConfig>("languages = [\"fr\"]").is_err());
        assert_eq!(Language::from_code("zh"), Some(Language::Zh));
        assert_eq!(Language::En.code(), "en");
    }
}
