//! A shared bike: the bike behind a QR code, and the `Unlock` action that needs the wearer's
//! confirmation.

use super::Planner;
use super::section::{Exit, Section, required};
use crate::card::{ActionKind, CardAction};
use crate::intent::taxonomy::Intent;
use crate::locale::Language;
use crate::services::{BikeStatus, ServiceError};

impl Planner {
    pub(super) async fn bike(&self, intent: &Intent, lang: Language) -> Result<Section, Exit> {
        let title = lang.msg("section-bike", &[]);
        let qr = required(intent, "bike_id", &title, &lang.msg("ask-bike-code", &[]))?;
        let mut s = Section::titled(title);
        // What was said is the id on the frame, or the payload the camera read off the lock.
        let bike = match self.services.mobility.bike(qr).await {
            Err(ServiceError::NotFound(_)) => self.services.mobility.bike_by_qr(qr).await?,
            found => found?,
        };
        s.lines.push(lang.msg(
            "bike-status-line",
            &[
                ("operator", bike.operator_in(lang).into()),
                ("bike", (&bike.id).into()),
                ("status", bike_status(lang, bike.status).into()),
            ],
        ));
        s.actions.push(CardAction {
            id: "unlock".into(),
            label: lang.msg("action-unlock", &[]),
            kind: ActionKind::Unlock {
                target: bike.id.clone(),
            },
        });
        s.speech = lang.msg("bike-confirm-speech", &[]);
        Ok(s)
    }
}

/// A bike's status in `language`.
fn bike_status(language: Language, status: BikeStatus) -> String {
    match status {
        BikeStatus::Available => language.msg("bike-available", &[]),
        BikeStatus::InUse => language.msg("bike-in-use", &[]),
        BikeStatus::Broken => language.msg("bike-broken", &[]),
    }
}
