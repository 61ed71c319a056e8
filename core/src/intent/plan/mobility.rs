//! A shared bike: the bike behind a QR code, and the `Unlock` action that needs the wearer's
//! confirmation.

use super::Planner;
use super::section::{Exit, Section, required};
use crate::card::{ActionKind, CardAction};
use crate::intent::taxonomy::Intent;
use crate::services::ServiceError;

impl Planner {
    pub(super) async fn bike(&self, intent: &Intent) -> Result<Section, Exit> {
        let qr = required(intent, "bike_id", "Bike", "Look at the bike's QR code.")?;
        let mut s = Section::titled("Bike");
        // What was said is the id on the frame, or the payload the camera read off the lock.
        let bike = match self.services.mobility.bike(qr).await {
            Err(ServiceError::NotFound(_)) => self.services.mobility.bike_by_qr(qr).await?,
            found => found?,
        };
        s.lines
            .push(format!("{} {} — {:?}", bike.operator, bike.id, bike.status));
        s.actions.push(CardAction {
            id: "unlock".into(),
            label: "Unlock".into(),
            kind: ActionKind::Unlock {
                target: bike.id.clone(),
            },
        });
        s.speech = "Confirm to unlock the bike.".into();
        Ok(s)
    }
}
