//! Transcripts from the phone's own speech recognizer. OpenGlass, Frame and G1 stream
//! microphone audio (PCM, LC3) rather than text, so recognition runs on the phone (Android
//! `SpeechRecognizer`, iOS `SFSpeechRecognizer`); its results are fed here and the driver
//! publishes them as `LinkEvent::Transcript`, so the Companion reads one event stream for
//! every family.

use tokio::sync::mpsc;

use crate::link::protocol::message::Transcript;

/// Where the phone's recognizer delivers transcripts. Cheap to clone.
#[derive(Debug, Clone)]
pub struct PhoneSpeechFeed {
    tx: mpsc::UnboundedSender<Transcript>,
}

impl PhoneSpeechFeed {
    /// Delivers one transcript (ignored once the driver is gone).
    pub fn push(&self, transcript: Transcript) {
        let _ = self.tx.send(transcript);
    }
}

/// The driver's end of a [`PhoneSpeechFeed`].
#[derive(Debug)]
pub struct PhoneSpeech {
    rx: mpsc::UnboundedReceiver<Transcript>,
}

impl PhoneSpeech {
    /// A connected feed and receiver.
    pub fn channel() -> (PhoneSpeechFeed, PhoneSpeech) {
        let (tx, rx) = mpsc::unbounded_channel();
        (PhoneSpeechFeed { tx }, PhoneSpeech { rx })
    }

    /// Transcripts delivered since the last call.
    pub fn drain(&mut self) -> Vec<Transcript> {
        let mut out = Vec::new();
        while let Ok(t) = self.rx.try_recv() {
            out.push(t);
        }
        out
    }
}

/// Publishes what the phone's recognizer delivered as `LinkEvent::Transcript`s.
pub(crate) fn publish(speech: &mut Option<PhoneSpeech>, io: &mut crate::link::session::DriverIo) {
    if let Some(speech) = speech.as_mut() {
        io.events.extend(
            speech
                .drain()
                .into_iter()
                .map(crate::link::session::LinkEvent::Transcript),
        );
    }
}
