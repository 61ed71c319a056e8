//! The wearer's controls from the page — double tap, say, pause/resume/step the walk, start
//! again with another family or scenario — as commands for whoever drives the glasses, and
//! the walk's pause state they share.

use serde::{Deserialize, Deserializer};
use sightline_core::link::device::Family;
use tokio::sync::mpsc;

/// The longest utterance the page may send (characters).
pub const MAX_SAY_CHARS: usize = 500;

/// The longest recording the page's microphone may send, in seconds: a spoken request, not a
/// dictation; what the core hears whole stays small.
pub const MAX_HEAR_SECONDS: usize = 30;

/// The sample rates the page's microphone may record at (a browser's audio runs at its
/// device's rate, 8 to 96 kHz in practice; the core resamples to 16 kHz).
pub const HEAR_RATES: std::ops::RangeInclusive<u32> = 8_000..=96_000;

/// One control from the page.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Command {
    /// Double tap on the glasses: confirms the card displayed.
    DoubleTap,
    /// Say this to the glasses.
    Say {
        /// What the wearer says.
        text: String,
    },
    /// What the page's microphone recorded, heard as the phone's microphone is
    /// (`Companion::hear`). Made by the server from a `/hear` request, never read from a
    /// command's JSON.
    #[serde(skip_deserializing)]
    Hear {
        /// 16-bit mono samples.
        pcm: Vec<i16>,
        /// Their rate, in Hz.
        sample_rate: u32,
    },
    /// Hold the walk before its next step.
    Pause,
    /// Let the walk go on.
    Resume,
    /// Run one step of a held walk.
    Step,
    /// Start the walk again with these glasses and this scenario (an index into the choices).
    Restart {
        /// The glasses family.
        #[serde(deserialize_with = "family")]
        family: Family,
        /// Which scenario of the offered ones.
        scenario: usize,
    },
}

/// A family by its command-line name.
fn family<'de, D: Deserializer<'de>>(names: D) -> Result<Family, D::Error> {
    String::deserialize(names)?
        .parse()
        .map_err(serde::de::Error::custom)
}

impl Command {
    /// Why the command cannot be taken, if it cannot.
    pub fn invalid(&self, scenarios: usize) -> Option<&'static str> {
        match self {
            Command::Say { text } if text.trim().is_empty() => Some("say something"),
            Command::Say { text } if text.chars().count() > MAX_SAY_CHARS => {
                Some("that is too long to say")
            }
            Command::Restart { scenario, .. } if *scenario >= scenarios => Some("no such scenario"),
            Command::Hear { sample_rate, .. } if !HEAR_RATES.contains(sample_rate) => {
                Some("the recording's sample rate must be 8 to 96 kHz")
            }
            Command::Hear { pcm, .. } if pcm.is_empty() => Some("nothing was recorded"),
            Command::Hear { pcm, sample_rate } => (pcm.len()
                > MAX_HEAR_SECONDS * *sample_rate as usize)
                .then_some("that recording is too long: 30 seconds at most"),
            _ => None,
        }
    }
}

/// The receiving end of the page's commands, with the walk's pause state.
#[derive(Debug)]
pub struct Controls {
    commands: mpsc::UnboundedReceiver<Command>,
    paused: bool,
    /// Steps allowed while paused.
    steps: u32,
}

impl Controls {
    /// Controls fed by `commands`; the walk starts running.
    pub fn new(commands: mpsc::UnboundedReceiver<Command>) -> Self {
        Self {
            commands,
            paused: false,
            steps: 0,
        }
    }

    /// The next command, waiting for it; `None` once the server is gone.
    pub async fn next(&mut self) -> Option<Command> {
        let command = self.commands.recv().await?;
        Some(self.note(command))
    }

    /// The next command if one is waiting.
    pub fn try_next(&mut self) -> Option<Command> {
        let command = self.commands.try_recv().ok()?;
        Some(self.note(command))
    }

    /// Applies pause, resume and step to the pause state; passes every command on.
    fn note(&mut self, command: Command) -> Command {
        match command {
            Command::Pause => self.paused = true,
            Command::Resume => {
                self.paused = false;
                self.steps = 0;
            }
            Command::Step => self.steps += 1,
            _ => {}
        }
        command
    }

    /// Whether the walk may take its next step now (using up one step of a held walk).
    pub fn may_step(&mut self) -> bool {
        if !self.paused {
            return true;
        }
        if self.steps > 0 {
            self.steps -= 1;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_view_pause_holds_the_walk_and_step_lets_one_step_through() {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut controls = Controls::new(rx);
        assert!(controls.may_step());
        for c in [Command::Pause, Command::Step] {
            tx.send(c).unwrap();
        }
        while controls.try_next().is_some() {}
        assert!(controls.may_step(), "one step");
        assert!(!controls.may_step(), "then held again");
        tx.send(Command::Resume).unwrap();
        controls.try_next();
        assert!(controls.may_step());
    }

    #[test]
    fn live_view_commands_are_read_from_json_and_checked() {
        let c: Command =
            serde_json::from_str(r#"{"do":"restart","family":"g1","scenario":0}"#).unwrap();
        assert_eq!(
            c,
            Command::Restart {
                family: Family::G1,
                scenario: 0
            }
        );
        assert!(c.invalid(1).is_none());
        assert!(c.invalid(0).is_some());
        let long = Command::Say {
            text: "a".repeat(MAX_SAY_CHARS + 1),
        };
        assert!(long.invalid(1).is_some());
        assert!(serde_json::from_str::<Command>(r#"{"do":"pay"}"#).is_err());
    }

    #[test]
    fn live_view_voice_recordings_come_only_from_the_hear_route_and_are_checked() {
        let forged = r#"{"do":"hear","pcm":[1,2,3],"sample_rate":16000}"#;
        assert!(serde_json::from_str::<Command>(forged).is_err());
        let heard = |samples: usize, sample_rate: u32| Command::Hear {
            pcm: vec![0; samples],
            sample_rate,
        };
        assert!(heard(16_000, 16_000).invalid(1).is_none());
        assert!(heard(0, 16_000).invalid(1).is_some());
        assert!(heard(16_000, 4_000).invalid(1).is_some());
        assert!(heard(31 * 48_000, 48_000).invalid(1).is_some());
    }
}
