//! The demo walk with a live view (`sightline demo --serve`): serves the page, waits for it
//! to open, then walks — fed to the page as it goes — and takes the page's controls between
//! steps: pause and step, a double tap (a `confirm` step waits for it), something said, and
//! starting again with other glasses or another scenario.

use std::net::SocketAddr;

use serde_json::{Value, json};
use sightline_core::Config;
use sightline_core::companion::Companion;
use sightline_core::link::device::Family;
use sightline_core::link::drivers::sim::LinkModel;
use sightline_core::link::session::LinkHandle;

use super::scenario::{self, Scenario, Step};
use super::{DemoArgs, Walker, walk};
use crate::live::{self, Choices, Command, Controls, Feed, Hub, LinkFacts};

/// How a walk ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// It ran to its end (or its reader went away).
    Done,
    /// The page asked for a new walk: these glasses, the scenario at this index.
    Restart(Family, usize),
}

/// The live view of one walk: where its events go, the page's controls, and the feed of
/// its companion and link once they exist.
#[derive(Debug)]
pub struct LiveWalk {
    hub: Hub,
    controls: Controls,
    feed: Option<Feed>,
}

impl LiveWalk {
    /// Starts feeding the walk's companion and link to the page.
    pub fn feeding(
        mut self,
        companion: &Companion,
        link: &LinkHandle,
        config: &Config,
    ) -> Result<Self, String> {
        let model = LinkModel::default();
        let facts = LinkFacts {
            mtu: Some(model.mtu),
            loss: Some(model.loss),
        };
        self.feed = Some(Feed::start(&self.hub, companion, link, facts, config)?);
        Ok(self)
    }
}

/// Serves the live view on `addr` and walks, again and again as the page asks, until the
/// process is stopped.
pub async fn serve(
    config: Config,
    first: Scenario,
    args: &DemoArgs,
    addr: SocketAddr,
) -> Result<(), String> {
    let mut scenarios = vec![scenario::load(None, args.language())?];
    if args.scenario.is_some() {
        scenarios.insert(0, first);
    }
    let (mut family, mut chosen) = (args.glasses, 0);
    let choices = Choices {
        families: Family::ALL.iter().map(|f| f.as_str()).collect(),
        scenarios: scenarios.iter().map(|s| s.name.clone()).collect(),
        current: (family.as_str().to_string(), chosen),
    };
    let served = live::serve(addr, &choices).await?;
    eprintln!(
        "sightline: live view at {} (open it to start the walk; Ctrl-C stops)",
        served.url
    );
    served.hub.viewer().await;
    let hub = served.hub;
    let mut controls = served.controls;
    loop {
        let scenario = scenarios.get(chosen).cloned().ok_or("no such scenario")?;
        hub.reset(json!({"family": family.as_str(), "scenario": chosen, "name": scenario.name}));
        let live = LiveWalk {
            hub: hub.clone(),
            controls,
            feed: None,
        };
        let (flow, live) = walk(
            config.clone(),
            scenario,
            args.json,
            family,
            !args.typed,
            args.language(),
            Some(live),
        )
        .await?;
        controls = live.ok_or("the live view was lost")?.controls;
        (family, chosen) = match flow {
            Flow::Restart(f, s) => (f, s),
            // Walked to the end: the page stays up until it asks for another walk.
            Flow::Done => loop {
                match controls.next().await {
                    Some(Command::Restart { family, scenario }) => break (family, scenario),
                    Some(_) => {}
                    None => return Ok(()),
                }
            },
        };
    }
}

impl Walker {
    /// Sends an event to the live view, if there is one, after the outputs the walk has
    /// seen so far (the page shows them in the order they happened).
    pub(super) async fn publish(&self, kind: &str, fields: Value) {
        if let Some(live) = &self.live {
            if let Some(feed) = &live.feed {
                feed.caught_up(self.received).await;
            }
            live.hub.publish(kind, fields);
        }
    }

    /// Tells the live view how long a frame of `bytes` took over the link.
    pub(super) fn frame_timing(&self, bytes: usize, link_ms: Option<f64>) {
        if let (Some(feed), Some(ms)) = (self.live.as_ref().and_then(|l| l.feed.as_ref()), link_ms)
        {
            feed.frame_timing(bytes, ms);
        }
    }

    /// The live view, back from a finished walk.
    pub(super) fn finish(&mut self) -> Option<LiveWalk> {
        let mut live = self.live.take()?;
        live.feed = None;
        Some(live)
    }

    /// Before step `index` of `steps`: takes the page's waiting commands, and holds the walk
    /// while it is paused. `Some` when the page asked to start again.
    pub(super) async fn hold(
        &mut self,
        step: &Step,
        index: usize,
        steps: usize,
    ) -> Result<Option<Flow>, String> {
        let Some(live) = self.live.as_mut() else {
            return Ok(None);
        };
        let mut waiting = Vec::new();
        while let Some(command) = live.controls.try_next() {
            waiting.push(command);
        }
        for command in waiting {
            if let Some(flow) = self.obey(command).await? {
                return Ok(Some(flow));
            }
        }
        loop {
            let Some(live) = self.live.as_mut() else {
                return Ok(None);
            };
            if live.controls.may_step() {
                break;
            }
            live.hub.publish(
                "walk",
                json!({"state": "paused", "step": index, "steps": steps}),
            );
            let command = live.controls.next().await.ok_or("the live view stopped")?;
            if let Some(flow) = self.obey(command).await? {
                return Ok(Some(flow));
            }
        }
        let note = (!step.note.is_empty()).then_some(step.note.as_str());
        self.publish(
            "walk",
            json!({"state": "running", "step": index + 1, "steps": steps, "note": note}),
        )
        .await;
        Ok(None)
    }

    /// A `confirm` step with a live view waits for the page's double tap (taking its other
    /// commands meanwhile); `Some` when the page asked to start again instead.
    pub(super) async fn wait_for_tap(&mut self) -> Result<Option<Flow>, String> {
        if self.live.is_none() {
            return Ok(None);
        }
        self.publish("walk", json!({"state": "waiting_tap"})).await;
        loop {
            let command = match self.live.as_mut() {
                Some(live) => live.controls.next().await.ok_or("the live view stopped")?,
                None => return Ok(None),
            };
            match command {
                Command::DoubleTap => {
                    self.publish("walk", json!({"state": "running"})).await;
                    return Ok(None);
                }
                other => {
                    if let Some(flow) = self.obey(other).await? {
                        return Ok(Some(flow));
                    }
                }
            }
        }
    }

    /// Carries out one command of the page outside a `confirm` step.
    async fn obey(&mut self, command: Command) -> Result<Option<Flow>, String> {
        match command {
            // Neither ends the walk when it goes wrong: the page shows why.
            Command::DoubleTap => {
                if let Err(message) = self.confirm_and_wait().await {
                    self.publish("problem", json!({"message": message})).await;
                }
            }
            Command::Say { text } => {
                if let Err(message) = self.say(&text).await {
                    self.publish("problem", json!({"message": message})).await;
                }
            }
            Command::Hear { pcm, sample_rate } => {
                if let Err(message) = self.hear_from_page(pcm, sample_rate).await {
                    self.publish("problem", json!({"message": message})).await;
                }
            }
            Command::Restart { family, scenario } => {
                return Ok(Some(Flow::Restart(family, scenario)));
            }
            Command::Pause | Command::Resume | Command::Step => {}
        }
        Ok(None)
    }
}
