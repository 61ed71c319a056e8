//! `sightline pair … --serve`: the live view of glasses paired outside the demo, real or
//! simulated. A companion on the user's own config takes the link; the page shows what it
//! emits, and its double tap confirms the card that asks for it, its say box asks.

use std::net::SocketAddr;

use serde_json::json;
use sightline_core::Config;
use sightline_core::companion::{Companion, Output};
use sightline_core::link::session::LinkHandle;

use super::{Choices, Command, Controls, Feed, Hub, LinkFacts, serve};

/// The live view of attached glasses, serving.
#[derive(Debug)]
pub struct Watch {
    config: Config,
    companion: Companion,
    hub: Hub,
    controls: Controls,
    feed: Option<Feed>,
}

impl Watch {
    /// Starts a companion on `config` and serves the live view on `addr`.
    pub async fn serve(config: &Config, addr: SocketAddr) -> Result<Self, String> {
        let companion = Companion::start(config.clone())
            .map_err(|e| format!("cannot start the companion: {e}"))?;
        // Real glasses: no walk to pause, no family or scenario to choose.
        let choices = Choices {
            families: Vec::new(),
            scenarios: Vec::new(),
            current: (String::new(), 0),
        };
        let served = serve(addr, &choices).await?;
        eprintln!("sightline: live view at {} (Ctrl-C stops)", served.url);
        Ok(Self {
            config: config.clone(),
            companion,
            hub: served.hub,
            controls: served.controls,
            feed: None,
        })
    }

    /// Feeds the page from `link` and attaches the companion to it: call it as soon as the
    /// link starts, so the page and the companion see the glasses say hello (their display,
    /// whether the link is secure).
    pub fn attach(&mut self, link: &LinkHandle, device_id: &str) -> Result<(), String> {
        let facts = LinkFacts::default();
        self.feed = Some(Feed::start(
            &self.hub,
            &self.companion,
            link,
            facts,
            &self.config,
        )?);
        self.companion
            .attach_glasses(link.clone(), device_id)
            .map_err(|e| e.to_string())?;
        self.hub.publish("walk", json!({"state": "connected"}));
        Ok(())
    }

    /// Takes the page's commands until the companion or the server stops.
    pub async fn run(mut self) -> Result<(), String> {
        let (companion, hub) = (&self.companion, &self.hub);
        let mut outputs = companion.subscribe();
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
                command = self.controls.next() => {
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
                        // The page's microphone stands in for the phone's.
                        Some(Command::Hear { pcm, sample_rate }) => {
                            companion.hear(pcm, sample_rate).await.map(|_| ())
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
}
