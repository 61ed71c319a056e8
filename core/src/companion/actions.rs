//! Actions on shown cards: a card's action is armed when the card is shown, and pressed by the
//! wearer (a double tap on the glasses, a spoken "yes" in the answer window, the phone's
//! confirmation sheet): "More" shows the long
//! version, a payment places the orders and takes the payment, an unlock unlocks the bike.
//!
//! A confirmation confirms exactly what the wearer sees: a tap presses the card displayed
//! last (never an older one still armed), the phone names the action it showed, and either
//! pays only the amount the card showed and only within the expiry after it was last shown —
//! an expired or re-priced action is re-quoted as a fresh card, never paid. A tap spends only
//! over an authenticated link and only up to the tap limit; otherwise the confirmation moves
//! to the phone ([`Output::ConfirmOnPhone`]). This file is the only caller of
//! [`Confirmation::pressed`], the one thing a spending token is made from.

use super::error::CompanionError;
use super::link_trust::Refused;
use super::{Companion, Output, PhoneReason, Trigger};
use crate::card::{ActionKind, Card, CardAction, CardKind};
use crate::error::Result;
use crate::locale::{Language, spoken_price};
use crate::money::Cny;
use crate::proactive::Pending;
use crate::services::Confirmation;
use crate::services::ConfirmationToken;
use crate::services::orders::ComputeSpent;

/// Who presses the displayed card's action, and so which rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Press {
    /// A double tap on the glasses: spends only over an authenticated link, up to the tap
    /// limit.
    Tap,
    /// A spoken "yes", only if said within the answer window after the card was shown, up to
    /// the tap limit. `over_link`: heard by the glasses (their audio or their own
    /// recogniser), so, as for a tap, it spends only over an authenticated link; otherwise it
    /// was heard by the phone's own microphone.
    Voice {
        /// The words came over the glasses' link.
        over_link: bool,
        /// When the words ended (the companion's clock), not when recognising them did.
        spoken_at_ms: i64,
    },
}

impl Press {
    fn is_voice(self) -> bool {
        matches!(self, Press::Voice { .. })
    }
}

/// Whether words that ended at `spoken_at_ms` answer a card shown at `shown_at_ms`: said
/// after it was shown and within `window_ms` of it. Judged by when the words were said, so a
/// slow recogniser (a loaded phone, a long decode) does not close the window on an answer
/// given in time, and a "yes" said to an earlier card never presses one shown while the
/// words were being recognised.
fn answers_in_window(shown_at_ms: i64, spoken_at_ms: i64, window_ms: i64) -> bool {
    (0..=window_ms).contains(&(spoken_at_ms - shown_at_ms))
}

/// What pressing (or cancelling) the displayed card did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Pressed {
    /// The action ran (or was re-quoted); its card was shown.
    Ran(String),
    /// The confirmation moved to the phone ([`Output::ConfirmOnPhone`]).
    ToPhone(String),
    /// The armed action was forgotten.
    Cancelled(String),
    /// The card displayed last has no armed action.
    NothingWaiting,
    /// Voice only: the words were said outside the card's answer window (longer after it
    /// was shown than the window, or before it was shown).
    WindowClosed,
}

/// Most armed actions kept; arming one more forgets the one shown longest ago.
const MAX_ARMED: usize = 32;

/// An action on a shown card, waiting to be pressed.
#[derive(Debug, Clone)]
pub(super) struct Armed {
    /// The card as shown (re-quoting shows it again with a fresh action).
    card: Card,
    action: CardAction,
    pending: Pending,
    /// When the card was last shown (on the glasses or the phone).
    shown_at_ms: i64,
    /// False when the words that armed it were heard (a merchant code's amount said aloud):
    /// whoever said them — the cashier at the counter — could say "yes" too, so a spoken
    /// answer cannot confirm it; a tap or the phone can.
    voice_may_confirm: bool,
    /// The card's language: the receipt or re-quote that follows is written in it.
    language: Language,
}

impl Armed {
    /// When its card was last shown.
    pub(super) fn shown_at_ms(&self) -> i64 {
        self.shown_at_ms
    }

    /// True for an action that spends or unlocks (not "More").
    pub(super) fn requires_confirmation(&self) -> bool {
        self.action.requires_confirmation()
    }
}

impl Companion {
    /// The phone confirms the action `action_id` of a shown card (the app's confirmation
    /// sheet; behind the platform's biometric prompt when [`Output::ConfirmOnPhone`] asked
    /// for it): "More" shows the long version; a payment places the orders and takes the
    /// payment; an unlock unlocks the bike. Returns the card that results. An action whose
    /// card was last shown longer ago than the expiry, or whose price changed, is not run:
    /// a fresh card with the current price is shown and returned, to be confirmed again. A
    /// failed action stays pressable, and retrying never charges twice.
    pub async fn confirm(&self, action_id: &str) -> Result<Card> {
        let armed = self
            .state()?
            .armed
            .remove(action_id)
            .ok_or_else(|| CompanionError::UnknownAction(action_id.into()))?;
        let age_ms = self.inner.clock.now_ms() - armed.shown_at_ms;
        if age_ms > self.inner.confirmation.expiry_ms() {
            let pending = armed.pending.clone();
            let why = armed.language.msg("requote-expired", &[]);
            return self.requote(&armed, pending, &why).await;
        }
        let repriced = match self.repriced(&armed.pending).await {
            Ok(repriced) => repriced,
            Err(e) => {
                self.state()?.armed.insert(action_id.into(), armed);
                return Err(e);
            }
        };
        if let Some(pending) = repriced {
            let why = armed.language.msg("requote-price-changed", &[]);
            return self.requote(&armed, pending, &why).await;
        }
        match self.run_action(&armed).await {
            Ok(card) => {
                self.show(&card, Trigger::Confirmed).await?;
                Ok(card)
            }
            Err(e) => {
                self.state()?.armed.insert(action_id.into(), armed);
                Err(e)
            }
        }
    }

    /// A double tap on the glasses: presses the action of the card displayed last, if it is
    /// still armed. A spend over a link that is not authenticated, or above the tap limit,
    /// is not run: the confirmation moves to the phone.
    pub(super) async fn confirm_by_tap(&self) -> Result<()> {
        if self.press_displayed(Press::Tap).await? == Pressed::NothingWaiting {
            self.emit(Output::Problem {
                message: "double tap, but the card shown asks for no confirmation".into(),
            });
        }
        Ok(())
    }

    /// Presses the armed action of the card displayed last, under the rules of `press`
    /// (see [`Press`]): a spend over a link that is not authenticated, or above the tap
    /// limit, is not run and moves to the phone ([`Output::ConfirmOnPhone`]).
    pub(super) async fn press_displayed(&self, press: Press) -> Result<Pressed> {
        let limit = self.inner.confirmation.tap_limit();
        let now_ms = self.inner.clock.now_ms();
        let window_ms = self.inner.confirmation.answer_window_ms();
        let to_phone = {
            let mut state = self.state()?;
            let secure = state.glasses.as_ref().is_some_and(|g| g.secure_link);
            let (displayed, on_glasses) = match (&state.displayed, &state.displayed_for_phone) {
                (Some(id), _) => (id.clone(), true),
                (None, Some(id)) => (id.clone(), false),
                (None, None) => return Ok(Pressed::NothingWaiting),
            };
            let Some(armed) = state.armed.get_mut(&displayed) else {
                return Ok(Pressed::NothingWaiting);
            };
            if let Press::Voice { spoken_at_ms, .. } = press
                && !answers_in_window(armed.shown_at_ms, spoken_at_ms, window_ms)
            {
                return Ok(Pressed::WindowClosed);
            }
            let link_counts = matches!(
                press,
                Press::Tap
                    | Press::Voice {
                        over_link: true,
                        ..
                    }
            );
            let reason = match &armed.action.kind {
                ActionKind::Pay { .. } | ActionKind::Unlock { .. } if link_counts && !secure => {
                    Some(PhoneReason::LinkNotAuthenticated)
                }
                ActionKind::Pay { total, .. } if *total > limit => {
                    Some(PhoneReason::AboveTapLimit { limit })
                }
                _ if press.is_voice() && !armed.voice_may_confirm => Some(PhoneReason::AmountHeard),
                _ if !on_glasses => Some(PhoneReason::NotOnGlasses),
                _ => None,
            };
            match reason {
                Some(reason) => {
                    // The phone's sheet shows the card now: its expiry starts again.
                    armed.shown_at_ms = now_ms;
                    Err((armed.action.clone(), reason, armed.language))
                }
                None => Ok(armed.action.id.clone()),
            }
        };
        match to_phone {
            Ok(action_id) => {
                self.confirm(&action_id).await?;
                Ok(Pressed::Ran(action_id))
            }
            Err((action, reason, language)) => {
                // The words follow the card the wearer sees, not the preference.
                let (summary, total) = summary_of(&action, language);
                let action_id = action.id.clone();
                self.emit(Output::ConfirmOnPhone {
                    action_id: action.id,
                    summary,
                    total,
                    reason,
                });
                if reason == PhoneReason::LinkNotAuthenticated {
                    self.tell_link_unauthenticated(Refused::Tap, language)
                        .await?;
                } else {
                    let words = language.msg("confirm-on-phone-speech", &[]);
                    self.say_on_glasses(&words).await;
                }
                Ok(Pressed::ToPhone(action_id))
            }
        }
    }

    /// A spoken "no" said (ending at `spoken_at_ms`) within the answer window: forgets the
    /// armed action of the card displayed last, so nothing can press it any more. Returns
    /// what was cancelled.
    pub(super) fn cancel_displayed(&self, spoken_at_ms: i64) -> Result<Pressed> {
        let window_ms = self.inner.confirmation.answer_window_ms();
        let mut state = self.state()?;
        let Some(id) = state.displayed.clone() else {
            return Ok(Pressed::NothingWaiting);
        };
        match state.armed.get(&id) {
            None => return Ok(Pressed::NothingWaiting),
            Some(armed) if !answers_in_window(armed.shown_at_ms, spoken_at_ms, window_ms) => {
                return Ok(Pressed::WindowClosed);
            }
            Some(_) => {}
        }
        state.armed.remove(&id);
        state.displayed = None;
        Ok(Pressed::Cancelled(id))
    }

    /// Runs an armed action and returns the card that results (a receipt, the long guide).
    async fn run_action(&self, armed: &Armed) -> Result<Card> {
        let language = armed.language;
        let reason = language.msg(
            "reason-confirmed",
            &[("action", (&armed.action.label).into())],
        );
        let confirmation = Confirmation::pressed(&armed.action);
        match &armed.pending {
            Pending::GuideMore { poi_id } => Ok(self
                .inner
                .rules
                .guide_more(poi_id, language, &reason)
                .await?),
            Pending::Orders(requests) => {
                let placed = self
                    .inner
                    .orders
                    .place_confirmed(&confirmation, requests, ComputeSpent::default())
                    .await?;
                let total = placed.iter().map(|o| o.order.amount).sum::<Cny>();
                let mut card = Card::new(
                    CardKind::Receipt,
                    language.msg("card-paid-title", &[("total", total.to_string().into())]),
                    reason,
                )
                .in_language(language)
                .speech(language.msg(
                    "card-paid-speech",
                    &[("total", spoken_price(language, total).into())],
                ));
                for order in &placed {
                    card = card.line(language.msg(
                        "receipt-line",
                        &[
                            ("order", (&order.order.description).into()),
                            ("state", order.state.as_str().into()),
                        ],
                    ));
                }
                Ok(card)
            }
            Pending::Unlock { bike_id } => {
                let token = ConfirmationToken::for_unlock(&confirmation)?;
                let ride = self.inner.unlocks.unlock(bike_id, &token).await?;
                let price = ride.price_per_30_min.to_string();
                Ok(Card::new(
                    CardKind::Receipt,
                    language.msg("unlocked-title", &[("bike", bike_id.into())]),
                    reason,
                )
                .in_language(language)
                .line(language.msg("unlocked-price", &[("price", price.into())]))
                .line(language.msg("ride-line", &[("ride", (&ride.id).into())]))
                .speech(language.msg("unlocked-speech", &[])))
            }
        }
    }

    /// The orders at the prices the payment provider quotes now, if any differs from the
    /// price the card showed (`None`: unchanged, or nothing is paid).
    async fn repriced(&self, pending: &Pending) -> Result<Option<Pending>> {
        let Pending::Orders(requests) = pending else {
            return Ok(None);
        };
        let mut fresh = requests.clone();
        let mut changed = false;
        for order in &mut fresh {
            let quote = self
                .inner
                .services
                .payments
                .quote(&order.payment_request())
                .await?;
            if quote.amount != order.amount {
                order.amount = quote.amount;
                changed = true;
            }
        }
        Ok(changed.then_some(Pending::Orders(fresh)))
    }

    /// Shows `armed`'s card again with a fresh action (and the current price): the old
    /// action is gone, so nothing can pay what the wearer no longer sees.
    async fn requote(&self, armed: &Armed, pending: Pending, why: &str) -> Result<Card> {
        let mut card = armed.card.clone();
        let fresh_id = format!("requote-{:032x}", rand::random::<u128>());
        let new_total = match &pending {
            Pending::Orders(requests) => Some(requests.iter().map(|r| r.amount).sum::<Cny>()),
            _ => None,
        };
        for action in card.actions.iter_mut().filter(|a| a.id == armed.action.id) {
            action.id = fresh_id.clone();
            if let (ActionKind::Pay { total, .. }, Some(new_total)) = (&mut action.kind, new_total)
                && *total != new_total
            {
                let (old, new) = (total.to_string(), new_total.to_string());
                action.label = action.label.replace(&old, &new);
                card.title = card.title.replace(&old, &new);
                card.speech = card.speech.replace(&old, &new);
                for line in &mut card.lines {
                    *line = line.replace(&old, &new);
                }
                *total = new_total;
            }
        }
        card.reason = armed
            .language
            .msg("reason-requoted", &[("why", why.into())]);
        self.arm_with(
            &card,
            Some(pending),
            armed.language,
            armed.voice_may_confirm,
        )?;
        self.show(&card, Trigger::Requoted).await?;
        Ok(card)
    }

    /// Remembers a card's action so `confirm` can run it; what follows it is written in
    /// `language`, the card's.
    pub(super) fn arm(
        &self,
        card: &Card,
        pending: Option<Pending>,
        language: Language,
    ) -> Result<()> {
        self.arm_with(card, pending, language, true)
    }

    /// As [`Companion::arm`]; `voice_may_confirm` false when the words that armed it were
    /// heard, so that a spoken "yes" cannot confirm it (see [`Armed`]).
    pub(super) fn arm_with(
        &self,
        card: &Card,
        pending: Option<Pending>,
        language: Language,
        voice_may_confirm: bool,
    ) -> Result<()> {
        let Some(pending) = pending else {
            return Ok(());
        };
        let action = match &pending {
            Pending::GuideMore { .. } => card.actions.iter().find(|a| a.kind == ActionKind::More),
            Pending::Orders(_) | Pending::Unlock { .. } => card.confirmation(),
        };
        let Some(action) = action else {
            return Ok(());
        };
        let shown_at_ms = self.inner.clock.now_ms();
        let mut state = self.state()?;
        while state.armed.len() >= MAX_ARMED {
            let oldest = state
                .armed
                .iter()
                .min_by_key(|(_, a)| a.shown_at_ms)
                .map(|(id, _)| id.clone());
            match oldest {
                Some(id) => state.armed.remove(&id),
                None => break,
            };
        }
        state.armed.insert(
            action.id.clone(),
            Armed {
                card: card.clone(),
                action: action.clone(),
                pending,
                shown_at_ms,
                voice_may_confirm,
                language,
            },
        );
        Ok(())
    }

    /// Notes that `card` is now what the wearer sees: a double tap presses its armed action
    /// (none, if it has none, or if the glasses cannot show it with what it buys:
    /// `!on_glasses`, then only the phone confirms it), and that action's expiry starts again.
    pub(super) fn mark_displayed(&self, card: &Card, on_glasses: bool) -> Result<()> {
        let now_ms = self.inner.clock.now_ms();
        let mut state = self.state()?;
        let armed_id = card
            .actions
            .iter()
            .map(|a| a.id.clone())
            .find(|id| state.armed.contains_key(id));
        if let Some(armed) = armed_id.as_deref().and_then(|id| state.armed.get_mut(id)) {
            armed.shown_at_ms = now_ms;
        }
        state.displayed = armed_id.clone().filter(|_| on_glasses);
        state.displayed_for_phone = armed_id.filter(|_| !on_glasses);
        Ok(())
    }
}

/// The card for a ride a lost unlock reply started, found at start: the wearer must know it
/// runs (and is billed) until they end it at the bike.
pub(super) fn ride_found(ride: &crate::services::mobility::Ride, language: Language) -> Card {
    let bike = || (&ride.bike_id).into();
    Card::new(
        CardKind::Receipt,
        language.msg("ride-found-title", &[("bike", bike())]),
        language.msg("ride-found-reason", &[]),
    )
    .in_language(language)
    .line(language.msg(
        "ride-found-price",
        &[("price", ride.price_per_30_min.to_string().into())],
    ))
    .line(language.msg("ride-line", &[("ride", (&ride.id).into())]))
    .speech(language.msg("ride-found-speech", &[("bike", bike())]))
}

/// One line saying what confirming `action` does, and the amount it charges, in `language`.
pub(super) fn summary_of(action: &CardAction, language: Language) -> (String, Option<Cny>) {
    match &action.kind {
        ActionKind::Pay { total, summary } => (summary.clone(), Some(*total)),
        ActionKind::Unlock { target } => (
            language.msg("summary-unlock", &[("bike", target.into())]),
            None,
        ),
        _ => (action.label.clone(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    /// A paying card of ¥100 for five items: the G1 cannot show them with the button.
    fn five_items() -> Card {
        Card::new(CardKind::Plan, "Five things", "test").action(CardAction {
            id: "act-five".into(),
            label: "Confirm ¥100".into(),
            kind: ActionKind::Pay {
                total: Cny(10_000),
                summary: "a + b + c + d + e".into(),
            },
        })
    }

    #[tokio::test]
    async fn security_a_tap_on_a_card_only_the_phone_can_confirm_sends_the_wearer_to_the_phone() {
        let dir = tempfile::tempdir().unwrap();
        let companion = Companion::start(Config::with_data_dir(dir.path().join("data"))).unwrap();
        let card = five_items();
        companion
            .arm(&card, Some(Pending::Orders(Vec::new())), Language::En)
            .unwrap();
        // Shown, but the glasses offer no button for it.
        companion.mark_displayed(&card, false).unwrap();
        let mut outputs = companion.subscribe();
        companion.confirm_by_tap().await.unwrap();
        let mut to_phone = None;
        while let Some(output) = outputs.try_next() {
            match output {
                Output::ConfirmOnPhone {
                    action_id, reason, ..
                } => to_phone = Some((action_id, reason)),
                Output::Problem { message } => panic!("told {message:?} instead of the phone"),
                Output::Card { card, .. } if card.kind == CardKind::Receipt => {
                    panic!("a tap paid a card the glasses did not offer")
                }
                _ => {}
            }
        }
        let (action_id, reason) = to_phone.expect("the phone is asked");
        assert_eq!(action_id, "act-five");
        // No glasses attached: no authenticated link either, which is said first.
        assert_eq!(reason, PhoneReason::LinkNotAuthenticated);
        // The action is still armed: the phone can confirm it.
        assert!(companion.state().unwrap().armed.contains_key("act-five"));

        // A card with no action shown after it: a tap is on nothing again.
        companion
            .mark_displayed(&Card::new(CardKind::Info, "Info", "test"), true)
            .unwrap();
        companion.confirm_by_tap().await.unwrap();
        assert!(matches!(
            outputs.try_next(),
            Some(Output::Problem { message }) if message.contains("no confirmation")
        ));
    }
}
