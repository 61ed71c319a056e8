//! Proactive help on glasses without a camera (Even G1): the phone's position and heading
//! and the glasses' head motion tell when the wearer stands still facing one way; the place
//! faced then gets its card — a landmark's guide, a shop's card — through the same gate as
//! the frame-driven rules (switches, quiet mode, repeat window, rate limit, held-back
//! reasons), with the lower confidence it states.

use super::{Companion, Output};
use crate::context::Standing;
use crate::error::Result;
use crate::public_reason::PublicReason;

impl Companion {
    /// The wearer stood still facing one way (reported by the standing detector): offers
    /// the card of the place faced, in the background, when the attached glasses have no
    /// camera (with a camera, frames name the place better).
    pub(super) fn stood(&self, standing: Standing) -> Result<()> {
        let camera_less = self.state()?.glasses.as_ref().is_some_and(|g| !g.camera);
        if !camera_less {
            return Ok(());
        }
        let companion = self.clone();
        let task = async move {
            if let Err(e) = companion.offer_faced(standing).await {
                companion.emit(Output::Problem {
                    message: format!("no card for the place faced: {}", e.public_reason()),
                });
            }
        };
        self.spawn(task)
    }

    async fn offer_faced(&self, standing: Standing) -> Result<()> {
        let proposal = self
            .inner
            .rules
            .faced_place(&standing, self.inner.clock.now())
            .await?;
        self.offer(proposal.into_iter().collect()).await?;
        Ok(())
    }
}
