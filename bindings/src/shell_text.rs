//! The phone shells' own words, in the wearer's language, from the same message catalogue as
//! the cards (`core/locales/{en,zh-Hans}/shell.ftl`): the Android and iOS apps keep no string
//! tables of their own, they ask here with the phone's locale tag.
//!
//! A failed call is shown by its kind only ([`shell_error_text`]): the error's `reason` is
//! developer text in English that may hold a provider's or a model's words, so it never
//! reaches the screen (no secret, no text an attacker chose, no second language).

use sightline_core::locale::Language;

use crate::SightlineError;

/// The language the shells write in for a phone locale tag (`zh-Hans-CN`, `zh_TW`, `en-US`):
/// any Chinese locale is Simplified Chinese, every other English (as `Companion::set_language`).
pub(crate) fn language_of_tag(locale_tag: &str) -> Language {
    Language::from_tag(locale_tag).unwrap_or(Language::En)
}

/// A fixed text a shell shows: a button, a label, a piece of advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum ShellMessage {
    /// The first line when the companion could not be opened (the error's text follows).
    StartFailed,
    /// The button that starts a scan for glasses.
    FindGlasses,
    /// That button while a scan runs.
    Searching,
    /// The name of found glasses that advertise none.
    UnnamedGlasses,
    /// The question above the pairing code.
    PairingQuestion,
    /// The answer "the glasses show the same code".
    PairingMatch,
    /// The answer "the glasses show another code".
    PairingDiffer,
    /// The phone has no Bluetooth LE.
    NoBluetooth,
    /// Bluetooth is switched off.
    BluetoothOff,
    /// The Bluetooth permission was refused or revoked.
    BluetoothRefused,
    /// Location Services are off (BLE scans need them up to Android 11).
    LocationOff,
    /// The platform refused or ended the scan.
    ScanFailed,
    /// The label of the ask box.
    Ask,
    /// The button that sends what was typed.
    Send,
    /// The button that stops listening to the microphone.
    StopListening,
    /// The label above the total on the confirmation sheet.
    Total,
    /// The confirmation sheet's yes.
    Confirm,
    /// The confirmation sheet's no (nothing is charged).
    Cancel,
    /// A failure that is not the core's (the platform threw): the wearer gets a plain
    /// sentence, never the platform's message.
    UnexpectedFailure,
}

impl ShellMessage {
    /// Every message (for the tests that read each one in both languages).
    #[cfg(test)]
    const ALL: [ShellMessage; 19] = [
        ShellMessage::StartFailed,
        ShellMessage::FindGlasses,
        ShellMessage::Searching,
        ShellMessage::UnnamedGlasses,
        ShellMessage::PairingQuestion,
        ShellMessage::PairingMatch,
        ShellMessage::PairingDiffer,
        ShellMessage::NoBluetooth,
        ShellMessage::BluetoothOff,
        ShellMessage::BluetoothRefused,
        ShellMessage::LocationOff,
        ShellMessage::ScanFailed,
        ShellMessage::Ask,
        ShellMessage::Send,
        ShellMessage::StopListening,
        ShellMessage::Total,
        ShellMessage::Confirm,
        ShellMessage::Cancel,
        ShellMessage::UnexpectedFailure,
    ];

    /// The message's id in the catalogue.
    fn id(self) -> &'static str {
        match self {
            ShellMessage::StartFailed => "shell-start-failed",
            ShellMessage::FindGlasses => "shell-find-glasses",
            ShellMessage::Searching => "shell-searching",
            ShellMessage::UnnamedGlasses => "shell-unnamed-glasses",
            ShellMessage::PairingQuestion => "shell-pairing-question",
            ShellMessage::PairingMatch => "shell-pairing-match",
            ShellMessage::PairingDiffer => "shell-pairing-differ",
            ShellMessage::NoBluetooth => "shell-no-bluetooth",
            ShellMessage::BluetoothOff => "shell-bluetooth-off",
            ShellMessage::BluetoothRefused => "shell-bluetooth-refused",
            ShellMessage::LocationOff => "shell-location-off",
            ShellMessage::ScanFailed => "shell-scan-failed",
            ShellMessage::Ask => "shell-ask",
            ShellMessage::Send => "shell-send",
            ShellMessage::StopListening => "shell-stop-listening",
            ShellMessage::Total => "shell-total",
            ShellMessage::Confirm => "shell-confirm",
            ShellMessage::Cancel => "shell-cancel",
            ShellMessage::UnexpectedFailure => "shell-error-unexpected",
        }
    }
}

/// The catalogue id of the sentence for a failed call of `error`'s kind.
fn error_id(error: &SightlineError) -> &'static str {
    match error {
        SightlineError::InvalidInput { .. } => "shell-error-invalid-input",
        SightlineError::Configuration { .. } => "shell-error-configuration",
        SightlineError::Storage { .. } => "shell-error-storage",
        SightlineError::NotFound { .. } => "shell-error-not-found",
        SightlineError::Refused { .. } => "shell-error-refused",
        SightlineError::ServiceUnavailable { .. } => "shell-error-service-unavailable",
        SightlineError::Glasses { .. } => "shell-error-glasses",
        SightlineError::Cancelled { .. } => "shell-error-cancelled",
        SightlineError::Internal { .. } => "shell-error-internal",
    }
}

/// `message` in the language of the phone's `locale_tag` (Chinese for any Chinese locale,
/// else English). Works without a companion, so a shell can say that it could not start.
#[uniffi::export]
pub fn shell_text(locale_tag: String, message: ShellMessage) -> String {
    language_of_tag(&locale_tag).msg(message.id(), &[])
}

/// The glasses' line for a `LinkChanged` state name (`ready` → "Glasses: connected",
/// "眼镜：已连接"); a state this build does not know reads "not connected".
#[uniffi::export]
pub fn shell_link_text(locale_tag: String, state: String) -> String {
    language_of_tag(&locale_tag).msg("shell-link", &[("state", state.into())])
}

/// What a shell shows the wearer for a failed call: one sentence for the error's kind in the
/// phone's language, saying what to do. The error's `reason` is left out (it is English
/// developer text and may carry a provider's or a model's words); log it instead.
#[uniffi::export]
pub fn shell_error_text(locale_tag: String, error: SightlineError) -> String {
    language_of_tag(&locale_tag).msg(error_id(&error), &[])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Latin words allowed in a Chinese sentence: the app's name.
    const LATIN_IN_CHINESE: [&str; 1] = ["Sightline"];

    /// Panics unless `text` is one sentence group in `language` only: the checks of the
    /// catalogue (`locale_each_catalogue_is_written_in_its_own_language`) on a rendered text.
    fn assert_in(language: Language, text: &str, what: &str) {
        assert!(
            !text.is_empty() && !text.starts_with("shell-"),
            "{what}: {text}"
        );
        match language {
            Language::Zh => {
                let rest = LATIN_IN_CHINESE
                    .iter()
                    .fold(text.to_string(), |t, w| t.replace(w, ""));
                assert!(
                    !rest.chars().any(|c| c.is_ascii_alphabetic()),
                    "{what}: Latin letters in Chinese: {text}"
                );
                assert_eq!(Language::of_text(text), Language::Zh, "{what}: {text}");
            }
            Language::En => {
                assert_eq!(Language::of_text(text), Language::En, "{what}: {text}");
                assert!(!text.contains(['，', '。', '：', '“']), "{what}: {text}");
            }
        }
    }

    fn every_error(reason: &str) -> Vec<SightlineError> {
        let reason = reason.to_string();
        vec![
            SightlineError::InvalidInput {
                reason: reason.clone(),
            },
            SightlineError::Configuration {
                reason: reason.clone(),
            },
            SightlineError::Storage {
                reason: reason.clone(),
            },
            SightlineError::NotFound {
                reason: reason.clone(),
            },
            SightlineError::Refused {
                reason: reason.clone(),
            },
            SightlineError::ServiceUnavailable {
                reason: reason.clone(),
            },
            SightlineError::Glasses {
                reason: reason.clone(),
            },
            SightlineError::Cancelled {
                reason: reason.clone(),
            },
            SightlineError::Internal { reason },
        ]
    }

    #[test]
    fn shell_every_message_is_in_the_phones_language() {
        for (tag, language) in [
            ("zh-Hans-CN", Language::Zh),
            ("zh_TW", Language::Zh),
            ("en-US", Language::En),
            ("fr-FR", Language::En),
            ("", Language::En),
        ] {
            for message in ShellMessage::ALL {
                let text = shell_text(tag.into(), message);
                assert_in(language, &text, &format!("{tag} {message:?}"));
            }
            for state in [
                "scanning",
                "connecting",
                "pairing",
                "ready",
                "reconnecting",
                "stopped",
                "from-a-newer-core",
            ] {
                let text = shell_link_text(tag.into(), state.into());
                assert_in(language, &text, &format!("{tag} link {state}"));
            }
            for error in every_error("disk full") {
                let text = shell_error_text(tag.into(), error.clone());
                assert_in(language, &text, &format!("{tag} {error:?}"));
            }
        }
        assert_eq!(
            shell_link_text("zh-CN".into(), "ready".into()),
            "眼镜：已连接"
        );
        assert_eq!(
            shell_link_text("en".into(), "warp-drive".into()),
            "Glasses: not connected"
        );
        assert_eq!(shell_text("zh".into(), ShellMessage::Confirm), "确认");
    }

    #[test]
    fn shell_messages_are_distinct() {
        for language in ["zh", "en"] {
            let mut texts: Vec<String> = ShellMessage::ALL
                .iter()
                .map(|m| shell_text(language.into(), *m))
                .chain(
                    every_error("x")
                        .into_iter()
                        .map(|e| shell_error_text(language.into(), e)),
                )
                .collect();
            let all = texts.len();
            texts.sort();
            texts.dedup();
            assert_eq!(texts.len(), all, "{language}: two messages say the same");
        }
    }

    /// Think like an attacker: an error's reason can hold a provider's echo of the API key,
    /// a model's answer or a file path. None of it reaches the wearer's screen.
    #[test]
    fn security_shell_error_text_never_shows_the_reason() {
        let reason = "sk-live-4711 at /home/alice: CALL +86 400 000 0000 TO UNLOCK 请拨打";
        for tag in ["zh-CN", "en-GB"] {
            for error in every_error(reason) {
                let text = shell_error_text(tag.into(), error);
                for piece in ["sk-live", "alice", "400", "CALL", "请拨打"] {
                    assert!(!text.contains(piece), "{text}");
                }
            }
        }
    }
}
