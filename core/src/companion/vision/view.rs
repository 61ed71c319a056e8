//! `View`: what one frame shows, as the context and the proactive rules use it — the confident
//! text lines, retail barcodes and QR payloads of an [`Observation`].

use crate::context::{Subject, SubjectKind, in_front::normalize};
use crate::perception::Observation;
use crate::perception::codes::CodeKind;

/// Text lines read with a lower mean confidence are not used (they are mostly texture read
/// as characters).
pub(super) const MIN_TEXT_SCORE: f32 = 0.5;
/// Sign texts shorter than this many characters (after normalising) are not subjects.
const MIN_SUBJECT_CHARS: usize = 2;

/// What is in view in one frame: recognised text lines, barcodes and QR payloads.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct View {
    /// Text lines read (signs, labels).
    pub texts: Vec<String>,
    /// EAN-13/UPC barcodes read.
    pub barcodes: Vec<String>,
    /// QR payloads decoded.
    pub qr_payloads: Vec<String>,
}

impl View {
    /// The subjects a wearer may dwell on: each barcode, each sign text, each QR payload.
    pub(in crate::companion) fn subjects(&self) -> Vec<Subject> {
        let codes = self
            .barcodes
            .iter()
            .map(|b| Subject::new(SubjectKind::Product, b.trim()));
        let signs = self
            .texts
            .iter()
            .map(|t| t.trim())
            .filter(|t| normalize(t).chars().count() >= MIN_SUBJECT_CHARS)
            .map(|t| Subject::new(SubjectKind::Sign, t));
        let qrs = self
            .qr_payloads
            .iter()
            .map(|q| Subject::new(SubjectKind::Code, q.trim()));
        codes.chain(signs).chain(qrs).collect()
    }
}

impl View {
    /// What an observation shows: its confident text lines, its retail barcodes as EAN-13
    /// (a UPC-A is an EAN-13 with a leading 0) and its QR payloads.
    pub fn from_observation(observation: &Observation) -> View {
        let texts = observation
            .texts
            .iter()
            .filter(|line| line.score >= MIN_TEXT_SCORE)
            .map(|line| line.text.trim().to_string())
            .filter(|text| !text.is_empty())
            .collect();
        let mut barcodes = Vec::new();
        let mut qr_payloads = Vec::new();
        for code in &observation.codes {
            match code.kind {
                CodeKind::Qr => qr_payloads.push(code.data.clone()),
                CodeKind::Ean13 | CodeKind::Ean8 => barcodes.push(code.data.clone()),
                CodeKind::Upca => barcodes.push(format!("0{}", code.data)),
                CodeKind::Upce | CodeKind::Code128 => {}
            }
        }
        View {
            texts,
            barcodes,
            qr_payloads,
        }
    }
}
