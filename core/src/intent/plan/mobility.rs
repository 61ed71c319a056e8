//! A shared bike: the bike behind a QR code, and the `Unlock` action that needs the wearer's
//! confirmation.

use super::Planner;
use super::section::{Exit, Section, required};
use crate::card::{ActionKind, CardAction};
use crate::intent::taxonomy::Intent;

impl Planner {
    pub(super) async fn bike(&self, intent: &Intent) -> Result<Section, Exit> {
        let qr = required(intent, "bike_id", "Bike", "Look at the bike's QR code.")?;
        let mut s = Section::titled("Bike");
        let bike = self.services.mobility.bike_by_qr(qr).await?;
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
