//! Phone notifications on the glasses: the shells hand every notification the phone posts
//! to the core (`Companion::notify`), and this module decides which may reach the glasses
//! and shortens them to the display. A notification passes through memory only: nothing of
//! it is stored, logged or kept in history.
//!
//! Rules: only apps on the allowlist (preference [`APPS_KEY`], a JSON array of app ids; by
//! default the messaging, call and work-chat apps a Hangzhou commuter uses); nothing in quiet
//! mode, while moving fast, or while a card waits for the wearer's confirmation (a message
//! must not cover what is about to be paid); at most [`MAX_PER_WINDOW`] per [`WINDOW_MS`].

use std::collections::VecDeque;

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::card::{Card, CardKind};
use crate::hud;
use crate::locale::Language;
use crate::store::{StoreResult, preferences};

/// Preference key of the allowlist: a JSON array of app ids (Android package names).
pub const APPS_KEY: &str = "notifications.apps";
/// Apps allowed until the wearer chooses: WeChat, QQ, DingTalk, Feishu, the SMS and phone
/// apps.
pub const DEFAULT_APPS: &[&str] = &[
    "com.tencent.mm",
    "com.tencent.mobileqq",
    "com.alibaba.android.rimet",
    "com.ss.android.lark",
    "com.android.mms",
    "com.google.android.apps.messaging",
    "com.android.incallui",
    "com.android.dialer",
];
/// At most this many notifications reach the glasses per window.
pub const MAX_PER_WINDOW: usize = 4;
/// The rate limit's window, ms.
pub const WINDOW_MS: i64 = 60_000;
/// Characters of a body read at most (a longer first line is cut anyway): bounds the work a
/// huge body can cause.
const MAX_READ_CHARS: usize = 512;

/// A notification the phone posted, as the shell hands it over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNotification {
    /// The posting app's id (Android package name).
    pub app_id: String,
    /// The app's name as the phone shows it.
    pub app_name: String,
    /// The title (often the sender).
    pub title: String,
    /// The text.
    pub body: String,
    /// When the phone posted it, Unix ms.
    pub posted_at_ms: i64,
}

/// What became of a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Sent to the glasses' display (their own notification command, or a small card).
    Shown,
    /// Spoken on glasses without a display.
    Spoken,
    /// Not sent, and why.
    Held(HeldBack),
}

/// Why a notification did not reach the glasses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeldBack {
    /// The app is not on the allowlist.
    NotAllowed,
    /// Quiet mode is on.
    Quiet,
    /// The wearer is moving fast.
    MovingFast,
    /// A card waits for the wearer's confirmation.
    AwaitingConfirmation,
    /// More than [`MAX_PER_WINDOW`] in [`WINDOW_MS`].
    RateLimited,
    /// No glasses are attached, or they can neither show nor say it.
    NoGlasses,
}

/// The apps allowed to reach the glasses: the preference, or [`DEFAULT_APPS`].
pub fn allowed_apps(conn: &Connection) -> StoreResult<Vec<String>> {
    Ok(apps_of(preferences::get(conn, APPS_KEY)?.as_ref()))
}

/// The apps a stored [`APPS_KEY`] value allows: its app ids, or [`DEFAULT_APPS`] when it is
/// not set (or not a list).
pub fn apps_of(value: Option<&serde_json::Value>) -> Vec<String> {
    let chosen = value.and_then(|v| {
        v.as_array().map(|apps| {
            apps.iter()
                .filter_map(|a| a.as_str().map(str::to_string))
                .collect::<Vec<_>>()
        })
    });
    chosen.unwrap_or_else(|| DEFAULT_APPS.iter().map(|a| a.to_string()).collect())
}

/// The rate limit: times of the notifications sent in the last window.
#[derive(Debug, Default)]
pub struct RateLimit {
    sent: VecDeque<i64>,
}

impl RateLimit {
    /// True (and counted) when one more may be sent at `now_ms`.
    pub fn admit(&mut self, now_ms: i64) -> bool {
        while self.sent.front().is_some_and(|t| now_ms - t >= WINDOW_MS) {
            self.sent.pop_front();
        }
        if self.sent.len() >= MAX_PER_WINDOW {
            return false;
        }
        self.sent.push_back(now_ms);
        true
    }
}

/// True for characters a notification may not carry to the display: controls, and the
/// invisible format characters (Unicode category Cf: bidirectional overrides, embeddings,
/// isolates and marks, zero-width characters, joiners, the BOM, interlinear annotation,
/// tag characters), which could reorder or hide what the wearer reads.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'..='\u{1160}'
                | '\u{17B4}'..='\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// `text` without hidden characters ([`is_hidden`]), its first non-empty line (lines end at
/// `\n`, `\r`, U+2028 and U+2029), at most `MAX_READ_CHARS`. Square brackets become round
/// ones: `[…]` is how the glasses draw a card's confirm button, and a notification must never
/// look like one ("[Confirm ¥100]").
fn clean_first_line(text: &str) -> String {
    let line = text
        .split(['\n', '\r', '\u{2028}', '\u{2029}'])
        .map(str::trim)
        .find(|l| l.chars().any(|c| !is_hidden(c) && !c.is_whitespace()))
        .unwrap_or_default();
    line.chars()
        .filter(|c| !is_hidden(*c))
        .map(|c| match c {
            '[' | '［' | '【' => '(',
            ']' | '］' | '】' => ')',
            other => other,
        })
        .take(MAX_READ_CHARS)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The posting app's name as the glasses may show it: cleaned like a title and cut to
/// `columns`; the app id when the name is empty.
pub fn app_label(notification: &PhoneNotification, columns: usize) -> String {
    let name = clean_first_line(&notification.app_name);
    let name = if name.is_empty() {
        clean_first_line(&notification.app_id)
    } else {
        name
    };
    hud::truncate(&name, columns)
}

/// What glasses without a display say for a notification: always led by the app it came
/// from, so that its words — "好的", "OK" — never reach the microphone as a bare answer that
/// could confirm the card displayed next (see `companion::answer`). Read in the language of
/// the notification's own words.
pub fn spoken(app: &str, title: &str, line: &str) -> String {
    Language::of_text(&format!("{title}{line}")).msg(
        "speech-notification",
        &[
            ("app", app.into()),
            ("title", title.into()),
            ("line", line.into()),
        ],
    )
}

/// The small card glasses with a display but no notification command of their own show:
/// the app as its title (so it cannot pass for the companion's own card), then the
/// shortened title and line (see [`shorten`]); its reason in `language`.
pub fn card(app: String, title: String, line: String, language: Language) -> Card {
    Card::new(
        CardKind::Info,
        app,
        language.msg("reason-notification", &[]),
    )
    .in_language(language)
    .line(title)
    .line(line)
}

/// The title and the first line of the body, each cut to `columns` (CJK characters count
/// two, as on the HUD); `None` when both are empty. A notification without a title shows
/// the app's name.
pub fn shorten(notification: &PhoneNotification, columns: usize) -> Option<(String, String)> {
    let title = clean_first_line(&notification.title);
    let line = clean_first_line(&notification.body);
    if title.is_empty() && line.is_empty() {
        return None;
    }
    let title = if title.is_empty() {
        clean_first_line(&notification.app_name)
    } else {
        title
    };
    Some((
        hud::truncate(&title, columns),
        hud::truncate(&line, columns),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(title: &str, body: &str) -> PhoneNotification {
        PhoneNotification {
            app_id: "com.tencent.mm".into(),
            app_name: "WeChat".into(),
            title: title.into(),
            body: body.into(),
            posted_at_ms: 0,
        }
    }

    #[test]
    fn browser_notifications_are_cut_to_the_display_cjk_wide() {
        let (title, line) =
            shorten(&n("李娜", "晚上七点在湖滨银泰见，别迟到\n第二行不显示"), 16).unwrap();
        assert_eq!(title, "李娜");
        assert_eq!(line, "晚上七点在湖滨…", "8 CJK characters are 16 columns");
        let (_, line) = shorten(&n("Li Na", "See you at 7 at Hubin Intime"), 16).unwrap();
        assert_eq!(line, "See you at 7 at…");
        // Huge, empty, and hostile bodies.
        let huge = "很长".repeat(500_000);
        let (_, line) = shorten(&n("群聊", &huge), 30).unwrap();
        assert!(line.chars().count() <= 15, "{line}");
        assert_eq!(shorten(&n("", ""), 30), None);
        assert_eq!(shorten(&n(" \n ", "\n\t"), 30), None);
        assert_eq!(shorten(&n("", "hi"), 30).unwrap().0, "WeChat");
        let (title, line) = shorten(&n("\u{202E}evil", "pay\u{0007}me\u{200B}now"), 30).unwrap();
        assert_eq!((title.as_str(), line.as_str()), ("evil", "paymenow"));
    }

    #[test]
    fn security_a_notification_cannot_hide_text_or_look_like_a_confirm_button() {
        // Format characters of every kind are dropped, not drawn.
        let hostile = "a\u{061C}b\u{2066}c\u{2069}d\u{FEFF}e\u{2060}f\u{00AD}g\u{E0041}h\u{FE0F}i";
        assert_eq!(shorten(&n("x", hostile), 30).unwrap().1, "abcdefghi");
        // A line separator ends the first line like a newline.
        assert_eq!(
            shorten(&n("x", "hi\u{2028}[Confirm ¥1]"), 30).unwrap().1,
            "hi"
        );
        // An invisible-only first line is no line.
        assert_eq!(
            shorten(&n("x", "\u{200B}\u{202E}\nsecond"), 30).unwrap().1,
            "second"
        );
        // The HUD's button syntax never appears.
        let (title, line) =
            shorten(&n("【Alipay】", "[Confirm ¥100] 双击确认 ［确认］"), 40).unwrap();
        assert_eq!(title, "(Alipay)");
        assert_eq!(line, "(Confirm ¥100) 双击确认 (确认)");
        assert!(!line.contains('[') && !line.contains(']'));
        // The app's name is cleaned and cut too; an empty one is the app id.
        let mut spoof = n("x", "y");
        spoof.app_name = format!("Sightline\u{202E}{}", "x".repeat(10_000));
        assert_eq!(app_label(&spoof, 30).chars().count(), 30);
        assert!(app_label(&spoof, 30).starts_with("Sightline"));
        spoof.app_name = "\u{200B}".into();
        assert_eq!(app_label(&spoof, 30), "com.tencent.mm");
    }

    #[test]
    fn the_rate_limit_counts_a_sliding_window() {
        let mut limit = RateLimit::default();
        assert!((0..MAX_PER_WINDOW as i64).all(|i| limit.admit(i * 1000)));
        assert!(!limit.admit(10_000));
        assert!(limit.admit(WINDOW_MS), "the first one left the window");
    }
}
