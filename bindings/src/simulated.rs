//! `Companion.pairSimulated` (feature `sim`): simulated glasses of any family inside the
//! library, speaking their family's bytes exactly, for the binding tests and for demos without
//! hardware. The shipped library is built without this feature.

use sightline_core::link::drivers::sim::{GlassesProfile, simulated};

use crate::companion::Companion;
use crate::error::SightlineError;
use crate::families::GlassesFamily;

#[uniffi::export]
impl Companion {
    /// As `pair`, with simulated glasses of `family` in the library: Sightline glasses accept
    /// the code comparison; the others connect with their own driver as real ones would.
    pub async fn pair_simulated(
        &self,
        device_id: String,
        family: GlassesFamily,
    ) -> Result<(), SightlineError> {
        let sim = crate::companion::on_core(async move {
            simulated(family.into(), GlassesProfile::default(), Vec::new()).map_err(|e| {
                SightlineError::Internal {
                    reason: format!("cannot start the simulated glasses: {e}"),
                }
            })
        })
        .await?;
        let connector = sim.connector.clone();
        self.keep_simulated(sim.device);
        self.start_link(device_id, family, connector).await
    }
}
