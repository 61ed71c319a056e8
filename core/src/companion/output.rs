//! What the Companion emits: cards for the HUD and the app, confirmation requests, and the
//! proactive cards it held back (with why).

use serde::{Deserialize, Serialize};

use super::View;
use crate::card::Card;
use crate::link::session::LinkState;
use crate::money::Cny;
use crate::proactive::{RuleId, Suppressed};
use crate::subscription::Lagging;

/// A short spoken answer to a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// "yes", "ok", "confirm", "确认", "好的", "买吧"…
    Yes,
    /// "no", "cancel", "never mind", "取消", "不要了"…
    No,
}

/// What a spoken answer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerOutcome {
    /// The displayed card's action ran (its card follows: a receipt, the long guide, or a
    /// re-quote when the price changed).
    Confirmed,
    /// Voice may not spend this (above the tap limit, or an unauthenticated link): the
    /// phone asks ([`Output::ConfirmOnPhone`] follows). Nothing was paid.
    MovedToPhone,
    /// The displayed card's action was forgotten: nothing can press it any more.
    Cancelled,
    /// The card displayed last waits for no confirmation: the answer meant nothing.
    NothingWaiting,
    /// The card was shown longer ago than the answer window: nothing happened (a tap or
    /// the phone still can confirm it within its expiry).
    WindowClosed,
}

impl Answer {
    /// Its name in outputs: `yes` or `no`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
        }
    }
}

impl AnswerOutcome {
    /// Its name in outputs (`confirmed`, `moved_to_phone`, `cancelled`, `nothing_waiting`,
    /// `window_closed`).
    pub fn as_str(self) -> &'static str {
        match self {
            AnswerOutcome::Confirmed => "confirmed",
            AnswerOutcome::MovedToPhone => "moved_to_phone",
            AnswerOutcome::Cancelled => "cancelled",
            AnswerOutcome::NothingWaiting => "nothing_waiting",
            AnswerOutcome::WindowClosed => "window_closed",
        }
    }
}

/// What made a card appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// A proactive rule, from what was in view.
    Proactive(RuleId),
    /// The wearer asked.
    Asked,
    /// The wearer confirmed an action.
    Confirmed,
    /// The wearer confirmed an action that had expired or whose price changed: nothing was
    /// paid, and this fresh card (with the current price) asks again.
    Requoted,
    /// The companion tells the wearer something on its own (why a tap did not pay, a ride
    /// found running after a restart).
    Notice,
}

/// Why a double tap did not confirm a spend and the phone must.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum PhoneReason {
    /// The glasses' link is not encrypted and authenticated: a tap could be forged.
    LinkNotAuthenticated,
    /// The amount is above the tap limit (`confirmation.tap_limit_yuan`).
    AboveTapLimit {
        /// The limit.
        limit: Cny,
    },
    /// The glasses cannot show what the card buys together with its button (the display
    /// is too small), so they offer no button for it.
    NotOnGlasses,
    /// A spoken "yes" for a payment whose amount was itself heard (a merchant code's amount
    /// said aloud): the voice that named the amount may not also confirm it.
    AmountHeard,
}

/// One event out of the Companion, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Output {
    /// A card to show: `hud` holds each page's rows as drawn for the glasses' display.
    Card {
        /// The card (its `reason` is also in history).
        card: Card,
        /// Rows of each page for the glasses display.
        hud: Vec<Vec<String>>,
        /// What made it appear.
        trigger: Trigger,
    },
    /// The card just shown carries an action that spends money or unlocks something: nothing
    /// happens until the wearer confirms it with `confirm(action_id)`.
    ConfirmationNeeded {
        /// The action to confirm.
        action_id: String,
        /// One line saying what will happen.
        summary: String,
        /// The amount that will be charged, for payments.
        total: Option<Cny>,
    },
    /// A double tap asked to spend, but a tap alone may not (see `reason`): the app shows
    /// the card's confirmation sheet behind the platform's biometric prompt, and calls
    /// `confirm(action_id)` only when the prompt succeeds. Nothing is paid until then.
    ConfirmOnPhone {
        /// The action to confirm.
        action_id: String,
        /// One line saying what will happen.
        summary: String,
        /// The amount that will be charged, for payments.
        total: Option<Cny>,
        /// Why the tap was not enough.
        reason: PhoneReason,
    },
    /// What the wearer said, recognised on the device from the glasses' or the phone's
    /// microphone: partials while they speak (each replaces the previous), then the final
    /// transcript — which then goes where every transcript goes (an answer or a request).
    Heard {
        /// The words.
        text: String,
        /// `zh` or `en`.
        language: String,
        /// The utterance is complete.
        is_final: bool,
        /// Final only: from the arrival of the last sample of speech to this transcript, ms.
        latency_ms: u64,
    },
    /// A short spoken answer ("yes"/"确认", "no"/"取消") to the card displayed last, and
    /// what it did (nothing, when no card waited or its answer window had closed).
    Answered {
        /// The words heard.
        heard: String,
        /// What they mean.
        answer: Answer,
        /// What happened.
        outcome: AnswerOutcome,
        /// The action answered, if any.
        action_id: Option<String>,
    },
    /// A proactive card was held back.
    Suppressed {
        /// The rule that wanted to show it.
        rule: RuleId,
        /// What it was about.
        subject: String,
        /// Why it was not shown.
        why: Suppressed,
    },
    /// The glasses link changed state (show it: "connecting…", "reconnecting in 2 s").
    Link {
        /// Where the link is now.
        status: LinkState,
    },
    /// First pairing: show this 6-digit code and ask whether the glasses show the same;
    /// answer with `confirm_pairing`.
    PairingCode {
        /// The code.
        code: String,
    },
    /// The glasses said what they can do (after every connection).
    Glasses {
        /// Their name.
        name: String,
        /// Display size in pixels (0×0 = no display: cards are spoken and shown in the app).
        display: (u16, u16),
        /// Largest camera frame (0×0 = no camera).
        camera: (u16, u16),
        /// They send voice transcripts.
        mic: bool,
        /// Battery charge, 0–100.
        battery_percent: u8,
    },
    /// What the connected glasses can do (after every connection, before `Glasses`). An
    /// unencrypted link carries a `warning` the app must show while connected.
    Capabilities {
        /// The glasses family (`sightline`, `openglass`, `frame`, `g1`).
        family: String,
        /// Has a camera.
        camera: bool,
        /// Display size in pixels, if any.
        display: Option<(u16, u16)>,
        /// Can speak aloud (otherwise the phone speaks the cards).
        speaker: bool,
        /// The link is encrypted and authenticated.
        secure_link: bool,
        /// What to tell the wearer about the link, if anything.
        warning: Option<String>,
    },
    /// A camera frame was read: what was recognised, and how long from the frame's arrival
    /// to its cards being ready (emitted after those cards).
    Seen {
        /// What was read.
        view: View,
        /// The most likely kind of scene, with its score.
        scene: Option<(String, f32)>,
        /// The frame was the same as the previous one and was answered from its result.
        unchanged: bool,
        /// This was a sharper crop of part of the view, asked of the glasses because some text
        /// in the previous frame was too unsure to use.
        closer_look: bool,
        /// Time in perception.
        perception_ms: f64,
        /// From the frame's last byte arriving to the cards being ready for the HUD.
        glance_to_card_ms: f64,
        /// How many cards the frame produced.
        cards: usize,
    },
    /// Something failed while handling glasses input (a frame that could not be read, a
    /// request that could not be answered); the companion keeps going.
    Problem {
        /// What went wrong, without personal data or a server's words
        /// ([`crate::public_reason::PublicReason`]).
        message: String,
    },
    /// This subscriber fell behind and missed this many outputs.
    Lagged {
        /// How many were dropped.
        missed: u64,
    },
}

/// A subscriber's stream of outputs; a slow one gets [`Output::Lagged`].
pub type Subscription = crate::subscription::Subscription<Output>;

impl Lagging for Output {
    fn lagged(missed: u64) -> Self {
        Output::Lagged { missed }
    }
}
