//! The glasses, attached to the companion through a link session (any driver: the Sightline
//! protocol or another family's). Link events become inputs — a camera frame is read and
//! its cards shown, a final transcript — theirs, or their microphone's audio
//! recognised here — is heard (an answer to the displayed card, or a request), head motion feeds the dwell detector, a
//! double tap confirms the card waiting for it — and every card shown goes back to the
//! glasses' display and speaker.

use std::sync::Weak;
use std::time::Instant;

use tracing::{debug, warn};

use super::{Companion, Inner, Output, VoiceSource};
use crate::error::Result;
use crate::hud::Display;
use crate::link::device::{Capabilities, Family};
use crate::link::protocol::message::Gesture;
use crate::link::session::{LinkEvent, LinkHandle};
use crate::public_reason::PublicReason;
use crate::subscription::Subscription;

/// The glasses attached now.
pub(super) struct Attached {
    /// The session.
    pub(super) link: LinkHandle,
    /// Their display (`None` for glasses without one).
    pub(super) display: Option<Display>,
    /// The driver named the display layout (its `Capabilities`); `Hello` does not override it.
    pub(super) layout_from_driver: bool,
    /// The link is encrypted and authenticated (`Capabilities::secure_link`); until the
    /// glasses say so, it is not, and a tap spends nothing.
    pub(super) secure_link: bool,
    /// Their family, once they said (it decides how a phone notification is sent).
    pub(super) family: Option<Family>,
    /// They have a speaker.
    pub(super) speaker: bool,
    /// They have a camera (assumed until they say otherwise: camera-less proactive help
    /// starts only for glasses known to have none).
    pub(super) camera: bool,
    /// The wearer was told, on this connection, that the link cannot spend.
    pub(super) told_unauthenticated: bool,
}

impl Companion {
    /// Attaches glasses through a running link session: from now on their events drive the
    /// companion and its cards go to them. `device_id` is recorded with every card in
    /// history. Replaces glasses attached before (their session is not stopped).
    pub fn attach_glasses(&self, link: LinkHandle, device_id: &str) -> Result<()> {
        let events = link.subscribe();
        {
            let mut state = self.state()?;
            state.device_id = Some(device_id.to_string());
            state.glasses = Some(Attached {
                link,
                display: Some(state.display),
                layout_from_driver: false,
                secure_link: false,
                family: None,
                speaker: false,
                camera: true,
                told_unauthenticated: false,
            });
        }
        self.spawn(forward(std::sync::Arc::downgrade(&self.inner), events))
    }

    /// The link session of the attached glasses, if any.
    pub fn glasses_link(&self) -> Result<Option<LinkHandle>> {
        Ok(self.state()?.glasses.as_ref().map(|g| g.link.clone()))
    }

    /// Answers a [`Output::PairingCode`]: `true` when the glasses show the same code.
    pub async fn confirm_pairing(&self, matches: bool) -> Result<()> {
        Ok(self.attached_link()?.confirm_pairing(matches).await?)
    }

    /// Asks the glasses for a camera frame now (the answer arrives as an [`Output::Seen`]
    /// and the cards it leads to). Returns the request id.
    pub async fn look(&self) -> Result<u32> {
        Ok(self.attached_link()?.request_frame(0, None).await?)
    }

    /// Stops the attached glasses' session (the pairing is kept) and detaches them.
    pub async fn detach_glasses(&self) -> Result<()> {
        let attached = self.state()?.glasses.take();
        if let Some(attached) = attached {
            attached.link.shutdown().await;
        }
        Ok(())
    }

    fn attached_link(&self) -> Result<LinkHandle> {
        self.glasses_link()?
            .ok_or_else(|| super::CompanionError::NoGlasses.into())
    }

    /// Sends a shown card to the glasses: drawn on their display if they have one, and
    /// spoken. A link that is down loses nothing that matters: the card is in history and
    /// the app already has it.
    pub(super) async fn push_to_glasses(&self, rendered: &crate::hud::Rendered, card_id: u32) {
        let attached = match self.state() {
            Ok(state) => state
                .glasses
                .as_ref()
                .map(|g| (g.link.clone(), g.display.is_some())),
            Err(_) => None,
        };
        let Some((link, has_display)) = attached else {
            return;
        };
        if has_display && let Err(e) = link.show_card(rendered.display_card(card_id)).await {
            debug!("card not sent to the glasses: {e}");
        }
        if !rendered.speech.is_empty()
            && let Err(e) = link.speak(rendered.speech.clone()).await
        {
            debug!("speech not sent to the glasses: {e}");
        }
    }

    /// Speaks `words` on the attached glasses, if any (best effort, like a card's speech).
    pub(super) async fn say_on_glasses(&self, words: &str) {
        let link = match self.state() {
            Ok(state) => state.glasses.as_ref().map(|g| g.link.clone()),
            Err(_) => None,
        };
        if let Some(link) = link
            && let Err(e) = link.speak(words).await
        {
            debug!("speech not sent to the glasses: {e}");
        }
    }

    /// Lays cards out for `display` (`None`: glasses without a display get speech only).
    fn use_display(&self, display: Option<Display>) -> Result<()> {
        let mut state = self.state()?;
        if let Some(display) = display {
            state.display = display;
        }
        if let Some(glasses) = state.glasses.as_mut() {
            glasses.display = display;
        }
        Ok(())
    }

    async fn on_link_event(&self, event: LinkEvent) -> Result<()> {
        match event {
            LinkEvent::State(status) => self.emit(Output::Link { status }),
            LinkEvent::PairingCode(code) => self.emit(Output::PairingCode { code }),
            LinkEvent::Hello(hello) => {
                let from_driver = self
                    .state()?
                    .glasses
                    .as_ref()
                    .is_some_and(|g| g.layout_from_driver);
                if !from_driver {
                    // No driver `Capabilities`: the Sightline link, whose `Hello` arrives
                    // only inside the Noise session.
                    let display = Display::fitting(hello.display_width, hello.display_height);
                    self.use_display(display)?;
                    let caps = Capabilities::from_hello(&hello);
                    if let Some(glasses) = self.state()?.glasses.as_mut() {
                        glasses.secure_link = caps.secure_link;
                        glasses.family = Some(caps.family);
                        glasses.speaker = caps.speaker;
                        glasses.camera = caps.camera.is_some();
                    }
                }
                self.emit(Output::Glasses {
                    name: hello.name,
                    display: (hello.display_width, hello.display_height),
                    camera: (hello.camera_width, hello.camera_height),
                    mic: hello.mic,
                    battery_percent: hello.battery.percent,
                });
            }
            LinkEvent::Frame(frame) => {
                self.on_frame(frame).await?;
            }
            LinkEvent::FrameLost { request_id, reason } => {
                self.on_frame_lost(request_id);
                self.emit(Output::Problem {
                    message: format!("frame request {request_id} lost: {reason}"),
                });
            }
            LinkEvent::Gesture(Gesture::DoubleTap) => self.confirm_by_tap().await?,
            LinkEvent::Gesture(other) => debug!("gesture {other:?} has no meaning yet"),
            LinkEvent::Imu(sample) => self.imu(sample.gyro.map(f32::to_degrees))?,
            LinkEvent::Transcript(t) if t.is_final => {
                self.heard(&t.text, VoiceSource::Glasses).await?;
            }
            LinkEvent::Transcript(_) | LinkEvent::Battery(_) => {}
            LinkEvent::Audio(chunk) => self.on_glasses_audio(Some(chunk)).await?,
            LinkEvent::AudioEnd => self.on_glasses_audio(None).await?,
            LinkEvent::Capabilities(caps) => {
                self.use_display(caps.display.map(|d| d.layout))?;
                if let Some(glasses) = self.state()?.glasses.as_mut() {
                    glasses.layout_from_driver = true;
                    glasses.secure_link = caps.secure_link;
                    glasses.family = Some(caps.family);
                    glasses.speaker = caps.speaker;
                    glasses.camera = caps.camera.is_some();
                    glasses.told_unauthenticated = false;
                }
                self.emit(Output::Capabilities {
                    family: caps.family.as_str().to_string(),
                    camera: caps.camera.is_some(),
                    display: caps.display.map(|d| (d.width, d.height)),
                    speaker: caps.speaker,
                    secure_link: caps.secure_link,
                    // An unencrypted link (OpenGlass): the wearer must be told.
                    warning: caps.warning().map(str::to_string),
                });
            }
            LinkEvent::Error(e) => self.emit(Output::Problem {
                message: e.to_string(),
            }),
            LinkEvent::Lagged { missed } => {
                warn!("companion fell behind the link and skipped {missed} events");
            }
        }
        Ok(())
    }
}

/// Forwards one session's events to the companion until the session ends or the companion
/// is dropped (it holds only a weak reference, so it never keeps the companion alive).
async fn forward(companion: Weak<Inner>, mut events: Subscription<LinkEvent>) {
    while let Some(event) = events.next().await {
        let Some(inner) = companion.upgrade() else {
            break;
        };
        let companion = Companion { inner };
        if let Err(e) = companion.on_link_event(event).await {
            companion.emit(Output::Problem {
                message: e.public_reason(),
            });
        }
    }
}

/// Milliseconds since `since`.
pub(super) fn ms_since(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
