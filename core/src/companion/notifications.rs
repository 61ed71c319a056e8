//! Phone notifications on the glasses: the shells hand each one over (`notify`); the rules
//! of [`crate::notifications`] decide whether it goes on, and it is sent with the family's
//! own notification command (the G1's `4B`), as a small card on other displays, or spoken on
//! glasses without one. Nothing of it is stored or recorded in history.

use std::sync::atomic::Ordering;

use tracing::debug;

use super::Companion;
use super::error::CompanionError;
use crate::error::Result;
use crate::hud::{self, Display};
use crate::link::session::{LinkHandle, Notice};
use crate::notifications::{self, Delivery, HeldBack, PhoneNotification};

/// How the attached glasses take a notification.
enum Route {
    /// Their own notification command.
    Command(LinkHandle),
    /// A small card on their display.
    Card(LinkHandle, Display),
    /// Spoken (no display).
    Speech(LinkHandle),
}

impl Companion {
    /// A notification the phone posted: sent to the glasses when the app is allowed and the
    /// moment is right, shortened to the display (title and first line). Returns what became
    /// of it. Nothing of it is stored. Title and body both empty is
    /// `CompanionError::EmptyNotification`.
    pub async fn notify(&self, notification: PhoneNotification) -> Result<Delivery> {
        let columns = self.state()?.display.columns();
        let (title, line) = notifications::shorten(&notification, columns)
            .ok_or(CompanionError::EmptyNotification)?;
        // Always said with the app it came from, so it cannot pass for the companion's card.
        let app = notifications::app_label(&notification, columns);
        let allowed =
            notifications::apps_of(self.preference(notifications::APPS_KEY).await?.as_ref());
        if !allowed.contains(&notification.app_id) {
            return Ok(Delivery::Held(HeldBack::NotAllowed));
        }
        let now_ms = self.inner.clock.now_ms();
        let route = {
            let mut state = self.state()?;
            let held = if state.switches.quiet {
                Some(HeldBack::Quiet)
            } else if state.motion.moving_fast() {
                Some(HeldBack::MovingFast)
            } else if self.awaiting_confirmation(&state, now_ms) {
                Some(HeldBack::AwaitingConfirmation)
            } else {
                None
            };
            if let Some(held) = held {
                return Ok(Delivery::Held(held));
            }
            let route = state.glasses.as_ref().and_then(|g| {
                let link = g.link.clone();
                match (
                    g.family.is_some_and(|f| f.has_notification_command()),
                    g.display,
                ) {
                    (true, _) => Some(Route::Command(link)),
                    (false, Some(display)) => Some(Route::Card(link, display)),
                    (false, None) if g.speaker => Some(Route::Speech(link)),
                    (false, None) => None,
                }
            });
            let Some(route) = route else {
                return Ok(Delivery::Held(HeldBack::NoGlasses));
            };
            if !state.notify_rate.admit(now_ms) {
                return Ok(Delivery::Held(HeldBack::RateLimited));
            }
            if !matches!(route, Route::Speech(_)) {
                // The display now shows the notification: a double tap presses nothing (it
                // presses only the action of the card displayed last).
                state.displayed = None;
                state.displayed_for_phone = None;
            }
            route
        };
        let id = self.inner.next_card_id.fetch_add(1, Ordering::Relaxed);
        let sent = match route {
            Route::Command(link) => link
                .notify(Notice {
                    id,
                    app_id: notification.app_id,
                    app_name: app,
                    title,
                    line,
                    posted_at_s: notification.posted_at_ms.div_euclid(1000),
                })
                .await
                .map(|()| Delivery::Shown),
            Route::Card(link, display) => {
                let card = notifications::card(app, title, line, self.language());
                link.show_card(hud::render(&card, &display).display_card(id))
                    .await
                    .map(|()| Delivery::Shown)
            }
            Route::Speech(link) => link
                .speak(notifications::spoken(&app, &title, &line))
                .await
                .map(|()| Delivery::Spoken),
        };
        Ok(sent.unwrap_or_else(|e| {
            debug!("notification not sent to the glasses: {e}");
            Delivery::Held(HeldBack::NoGlasses)
        }))
    }

    /// True when the card displayed last carries an action still waiting to be confirmed.
    fn awaiting_confirmation(&self, state: &super::State, now_ms: i64) -> bool {
        let expiry_ms = self.inner.confirmation.expiry_ms();
        state
            .displayed
            .as_deref()
            .or(state.displayed_for_phone.as_deref())
            .and_then(|id| state.armed.get(id))
            .is_some_and(|armed| {
                armed.requires_confirmation() && now_ms - armed.shown_at_ms() <= expiry_ms
            })
    }
}
