//! `sightline pair … --serve`: the live view of glasses paired outside the demo, real or
//! simulated. A companion on the user's own config takes the link; the page shows what it
//! emits, and its double tap confirms the card that asks for it, its say box asks.

use std::net::SocketAddr;

use serde_json::json;
use sightline_core::Config;
use sightline_core::companion::{Companion, Output};
use sightline_core::link::session::LinkHandle;

use super::{Choices, Command, Feed, LinkFacts, serve};

/// Serves the live view of the glasses on `link` until the link or the server stops.
pub async fn watch(
    config: &Config,
    link: LinkHandle,
    device_id: &str,
    addr: SocketAddr,
) -> Result<(), String> {
    let companion =
        Companion::start(config.clone()).map_err(|e| format!("cannot start the companion: {e}"))?;
    // Real glasses: no walk to pause, no family or scenario to choose.
    let choices = Choices {
        families: Vec::new(),
        scenarios: Vec::new(),
        current: (String::new(), 0),
    };
    let served = serve(addr, &choices).await?;
    let hub = served.hub;
    let mut controls = served.controls;
    let _feed = Feed::start(&hub, &companion, &link, LinkFacts::default(), config)?;
    let mut outputs = companion.subscribe();
    companion
        .attach_glasses(link, device_id)
        .map_err(|e| e.to_string())?;
    hub.publish("walk", json!({"state": "connected"}));
    eprintln!("sightline: live view at {} (Ctrl-C stops)", served.url);
    // The action a double tap confirms: the one the card on the display asks for.
    let mut armed: Option<String> = None;
    loop {
        tokio::select! {
            output = outputs.next() => match output {
                Some(Output::Card { .. }) => armed = None,
                Some(Output::ConfirmationNeeded { action_id, .. }) => armed = Some(action_id),
                Some(_) => {}
                None => break,
            },
            command = controls.next() => {
                let done = match command {
                    Some(Command::DoubleTap) => match armed.take() {
                        Some(action) => companion.confirm(&action).await.map(|_| ()),
                        None => {
                            hub.publish("problem", json!({"message": "the card on the display asks for no confirmation"}));
                            Ok(())
                        }
                    },
                    Some(Command::Say { text }) => {
                        hub.publish("said", json!({"text": text}));
                        companion.ask(&text).await.map(|_| ())
                    }
                    Some(_) => Ok(()),
                    None => break,
                };
                if let Err(e) = done {
                    hub.publish("problem", json!({"message": e.to_string()}));
                }
            }
        }
    }
    companion.detach_glasses().await.map_err(|e| e.to_string())
}
