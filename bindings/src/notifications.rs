//! Phone notifications handed over by the shells (Android's notification listener): the
//! core decides which reach the glasses and how (see `sightline_core::notifications`).

use sightline_core::notifications::{Delivery, HeldBack, PhoneNotification};

use crate::companion::{Companion, on_core};
use crate::error::SightlineError;

/// What became of a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum NotificationDelivery {
    /// Shown on the glasses' display.
    Shown,
    /// Spoken on glasses without a display.
    Spoken,
    /// The app is not on the allowlist (preference `notifications.apps`).
    NotAllowed,
    /// Quiet mode is on.
    Quiet,
    /// The wearer is moving fast.
    MovingFast,
    /// A card waits for the wearer's confirmation.
    AwaitingConfirmation,
    /// Too many notifications in the last minute.
    RateLimited,
    /// No glasses can show or say it now.
    NoGlasses,
}

impl From<Delivery> for NotificationDelivery {
    fn from(d: Delivery) -> Self {
        match d {
            Delivery::Shown => Self::Shown,
            Delivery::Spoken => Self::Spoken,
            Delivery::Held(HeldBack::NotAllowed) => Self::NotAllowed,
            Delivery::Held(HeldBack::Quiet) => Self::Quiet,
            Delivery::Held(HeldBack::MovingFast) => Self::MovingFast,
            Delivery::Held(HeldBack::AwaitingConfirmation) => Self::AwaitingConfirmation,
            Delivery::Held(HeldBack::RateLimited) => Self::RateLimited,
            Delivery::Held(HeldBack::NoGlasses) => Self::NoGlasses,
        }
    }
}

#[uniffi::export]
impl Companion {
    /// A notification the phone posted (`app_id`: the Android package; `posted_at_ms`: Unix
    /// ms): sent to the glasses, shortened to their display, when the app is allowed and the
    /// moment is right. Nothing of it is stored. Empty title and body is `InvalidInput`.
    pub async fn notify(
        &self,
        app_id: String,
        app_name: String,
        title: String,
        body: String,
        posted_at_ms: i64,
    ) -> Result<NotificationDelivery, SightlineError> {
        let core = self.core_handle();
        let notification = PhoneNotification {
            app_id,
            app_name,
            title,
            body,
            posted_at_ms,
        };
        on_core(async move { core.notify(notification).await })
            .await
            .map(NotificationDelivery::from)
    }
}
