//! What the companion tells the app, as one enum delivered to a [`crate::CompanionListener`],
//! converted here from the core's outputs.

use sightline_core::companion::{Output, PhoneReason, Trigger};
use sightline_core::link::session::LinkState;

use crate::cards::{Card, Money};

/// One event from the companion.
#[derive(Debug, Clone, PartialEq, uniffi::Enum)]
pub enum CompanionEvent {
    /// A card to show in the app (the glasses already got it): `hud_pages` holds each page's
    /// rows as drawn on the glasses, for a mirror view.
    CardShown {
        /// The card.
        card: Card,
        /// Rows of each page on the glasses display.
        hud_pages: Vec<Vec<String>>,
        /// What made it appear: `proactive:<rule>`, `asked`, `confirmed`, `requoted` (a
        /// confirmation came too late or the price changed: nothing was paid, this card asks
        /// again), or `notice` (the companion tells the wearer why a tap did not pay).
        trigger: String,
    },
    /// The card just shown spends money or unlocks something: show a confirmation sheet and
    /// call `confirm(action_id)` only when the user agrees.
    ConfirmationNeeded {
        /// The action to confirm.
        action_id: String,
        /// One line saying what will happen.
        summary: String,
        /// The amount that will be charged, for payments.
        total: Option<Money>,
    },
    /// A double tap (or a spoken "yes") asked to spend, but it alone may not (`reason`:
    /// `link_not_authenticated`; `above_tap_limit` with the limit in `limit`;
    /// `not_on_glasses`: the glasses offer no button for the card; `amount_heard`: a spoken
    /// "yes" for an amount that was itself heard): show the
    /// confirmation sheet behind the platform's biometric prompt (BiometricPrompt, Face ID)
    /// and call `confirm(action_id)` only when it succeeds. Nothing is paid until then.
    ConfirmOnPhone {
        /// The action to confirm.
        action_id: String,
        /// One line saying what will happen.
        summary: String,
        /// The amount that will be charged, for payments.
        total: Option<Money>,
        /// Why the tap was not enough.
        reason: String,
        /// The tap limit, when that is the reason.
        limit: Option<Money>,
    },
    /// What the wearer said, recognised on the device (glasses' or phone's microphone):
    /// partials (`is_final` false, each replacing the previous) then the final transcript,
    /// which is then answered or asked like any transcript.
    Transcript {
        /// The words.
        text: String,
        /// `zh` or `en`.
        language: String,
        /// The utterance is complete.
        is_final: bool,
    },
    /// A short spoken answer ("yes"/"确认", "no"/"取消") to the card displayed last:
    /// `answer` is `yes` or `no`; `outcome` is `confirmed`, `moved_to_phone`, `cancelled`,
    /// `nothing_waiting` or `window_closed` (the last two did nothing).
    VoiceAnswered {
        /// The words heard.
        heard: String,
        /// `yes` or `no`.
        answer: String,
        /// What happened.
        outcome: String,
    },
    /// A proactive card was held back (switched off, quiet, moving fast, repeated, rate
    /// limited); for a debug view.
    CardHeldBack {
        /// The rule that wanted to show it.
        rule: String,
        /// What it was about.
        subject: String,
        /// Why it was not shown.
        why: String,
    },
    /// The glasses link changed state: `scanning`, `connecting`, `pairing`, `ready`,
    /// `reconnecting` (with the wait before the next attempt) or `stopped`.
    LinkChanged {
        /// The state's name.
        state: String,
        /// For `reconnecting`: the attempt number.
        attempt: Option<u32>,
        /// For `reconnecting`: milliseconds until the attempt.
        retry_in_ms: Option<u64>,
    },
    /// First pairing: show this 6-digit code and ask whether the glasses show the same; answer
    /// with `confirm_pairing`.
    PairingCode {
        /// The code.
        code: String,
    },
    /// The glasses connected and said what they can do.
    GlassesConnected {
        /// Their name.
        name: String,
        /// Display width in pixels (0: no display).
        display_width: u32,
        /// Display height in pixels.
        display_height: u32,
        /// They have a camera.
        camera: bool,
        /// They send voice transcripts.
        microphone: bool,
        /// Battery charge, 0–100.
        battery_percent: u8,
    },
    /// What the connected glasses can do. When `secure_link` is false, show `warning` for as
    /// long as they are connected.
    GlassesCapabilities {
        /// `sightline`, `openglass`, `frame` or `g1`.
        family: String,
        /// Has a camera.
        camera: bool,
        /// Can speak aloud (otherwise speak the cards on the phone).
        speaker: bool,
        /// The link is encrypted and authenticated.
        secure_link: bool,
        /// What to tell the wearer about the link.
        warning: Option<String>,
    },
    /// A camera frame was read on the device.
    FrameSeen {
        /// Text lines read.
        texts: Vec<String>,
        /// Barcodes read (EAN-13).
        barcodes: Vec<String>,
        /// QR payloads read.
        qr_payloads: Vec<String>,
        /// The frame was unchanged and answered from the last reading.
        unchanged: bool,
        /// From the frame's arrival to its cards being ready, in milliseconds.
        glance_to_card_ms: f64,
    },
    /// Something failed while handling glasses input (an unreadable frame, a double tap with
    /// nothing to confirm); the companion keeps going.
    Problem {
        /// What went wrong, without personal data.
        message: String,
    },
    /// A preference was set or removed; a settings screen re-reads `preferences()`.
    PreferenceChanged {
        /// The key that changed.
        key: String,
    },
    /// History entries were deleted by `forget`.
    HistoryForgotten {
        /// How many entries were deleted.
        count: u64,
    },
    /// This listener fell behind and missed events; re-read state (history, preferences).
    Lagged {
        /// How many events were skipped.
        missed: u64,
    },
}

fn trigger_name(trigger: Trigger) -> String {
    match trigger {
        Trigger::Proactive(rule) => format!("proactive:{}", rule.as_str()),
        Trigger::Asked => "asked".into(),
        Trigger::Confirmed => "confirmed".into(),
        Trigger::Requoted => "requoted".into(),
        Trigger::Notice => "notice".into(),
    }
}

fn link_changed(status: LinkState) -> CompanionEvent {
    let (state, attempt, retry_in_ms) = match status {
        LinkState::Scanning => ("scanning", None, None),
        LinkState::Connecting => ("connecting", None, None),
        LinkState::Pairing => ("pairing", None, None),
        LinkState::Ready => ("ready", None, None),
        LinkState::Reconnecting { attempt, delay } => (
            "reconnecting",
            Some(attempt),
            Some(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX)),
        ),
        LinkState::Stopped => ("stopped", None, None),
    };
    CompanionEvent::LinkChanged {
        state: state.into(),
        attempt,
        retry_in_ms,
    }
}

impl From<Output> for CompanionEvent {
    fn from(output: Output) -> Self {
        match output {
            Output::Card { card, hud, trigger } => Self::CardShown {
                card: card.into(),
                hud_pages: hud,
                trigger: trigger_name(trigger),
            },
            Output::ConfirmationNeeded {
                action_id,
                summary,
                total,
            } => Self::ConfirmationNeeded {
                action_id,
                summary,
                total: total.map(Money::from),
            },
            Output::ConfirmOnPhone {
                action_id,
                summary,
                total,
                reason,
            } => {
                let (reason, limit) = match reason {
                    PhoneReason::LinkNotAuthenticated => ("link_not_authenticated", None),
                    PhoneReason::AboveTapLimit { limit } => ("above_tap_limit", Some(limit)),
                    PhoneReason::NotOnGlasses => ("not_on_glasses", None),
                    PhoneReason::AmountHeard => ("amount_heard", None),
                };
                Self::ConfirmOnPhone {
                    action_id,
                    summary,
                    total: total.map(Money::from),
                    reason: reason.into(),
                    limit: limit.map(Money::from),
                }
            }
            Output::Heard {
                text,
                language,
                is_final,
                ..
            } => Self::Transcript {
                text,
                language,
                is_final,
            },
            Output::Answered {
                heard,
                answer,
                outcome,
                ..
            } => Self::VoiceAnswered {
                heard,
                answer: answer.as_str().into(),
                outcome: outcome.as_str().into(),
            },
            Output::Suppressed { rule, subject, why } => Self::CardHeldBack {
                rule: rule.as_str().into(),
                subject,
                why: format!("{why:?}"),
            },
            Output::Link { status } => link_changed(status),
            Output::PairingCode { code } => Self::PairingCode { code },
            Output::Glasses {
                name,
                display,
                camera,
                mic,
                battery_percent,
            } => Self::GlassesConnected {
                name,
                display_width: display.0.into(),
                display_height: display.1.into(),
                camera: camera.0 > 0,
                microphone: mic,
                battery_percent,
            },
            Output::Capabilities {
                family,
                camera,
                speaker,
                secure_link,
                warning,
                ..
            } => Self::GlassesCapabilities {
                family,
                camera,
                speaker,
                secure_link,
                warning,
            },
            Output::Seen {
                view,
                unchanged,
                glance_to_card_ms,
                ..
            } => Self::FrameSeen {
                texts: view.texts,
                barcodes: view.barcodes,
                qr_payloads: view.qr_payloads,
                unchanged,
                glance_to_card_ms,
            },
            Output::Problem { message } => Self::Problem { message },
            Output::Lagged { missed } => Self::Lagged { missed },
        }
    }
}
