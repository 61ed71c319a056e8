//! The walk file format (`docs/scenarios.md`): where the wearer stands, what the glasses'
//! camera sees, what is said and confirmed; read and checked with errors that name the file
//! and the step.

use std::path::Path;

use serde::Deserialize;
use sightline_core::locale::Language;

/// The built-in walk: West Lake, a convenience store (and its payment code), a shared bike,
/// the Harbin trip.
const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/west-lake.toml");
/// The same walk for a wearer who speaks Chinese (`sightline demo --lang zh`).
const DEFAULT_SCENARIO_ZH: &str = include_str!("../../scenarios/west-lake.zh.toml");

/// A walk: where to stand, what the glasses see, what is said and confirmed.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Where it was read from (the file, or the built-in walk), for error messages.
    #[serde(skip)]
    pub origin: String,
    /// Shown at the start.
    pub name: String,
    /// `reference` (640×400) or `g1` (488 px, 5 lines): the simulated glasses' display.
    #[serde(default = "default_display")]
    pub display: String,
    /// The steps, in order.
    #[serde(rename = "step")]
    pub steps: Vec<Step>,
}

fn default_display() -> String {
    "reference".into()
}

/// One step of the walk.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Step {
    /// Printed before the step.
    pub note: String,
    /// Scripted seconds that pass before the step.
    pub wait_s: f64,
    /// Stand before this place (provider id).
    pub at: Option<String>,
    /// Stand before the nearest place with this name.
    pub at_name: Option<String>,
    /// Stand here (with `lon`).
    pub lat: Option<f64>,
    /// Stand here (with `lat`).
    pub lon: Option<f64>,
    /// Metres from the place.
    pub distance_m: Option<f64>,
    /// Facing, degrees from north.
    pub heading: Option<f64>,
    /// Walking (or riding) speed.
    pub speed_mps: Option<f64>,
    /// The camera sees the place's sign.
    pub sign: bool,
    /// The camera sees a sign with these lines.
    pub texts: Vec<String>,
    /// The camera sees the shelf label (name, price, EAN-13) of the first product like this.
    pub product: Option<String>,
    /// The camera sees a label with this EAN-13.
    pub barcode: Option<String>,
    /// The camera sees a shared bike's lock with this QR payload.
    pub qr: Option<String>,
    /// The camera sees the Alipay code on the counter of the place stood before.
    pub pay_code: bool,
    /// Frames the glasses send of what is seen (default 1), 0.5 s apart.
    pub frames: Option<u32>,
    /// The phone posts this notification before anything is said.
    pub notification: Option<StepNotification>,
    /// The wearer says this.
    pub say: Option<String>,
    /// The wearer double-taps to confirm the card waiting for it.
    pub confirm: bool,
    /// Clicks the same result takes in separate apps (for the summary's comparison).
    pub baseline_clicks: u32,
}

/// A notification the phone posts during a step (handed to the core as the shells do).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepNotification {
    /// The posting app's id (e.g. `com.tencent.mm`).
    pub app_id: String,
    /// The app's name as the phone shows it.
    pub app_name: String,
    /// The title (often the sender).
    pub title: String,
    /// The text.
    pub body: String,
}

impl Step {
    /// Whether the camera sees anything in this step.
    pub fn shows_something(&self) -> bool {
        self.sign
            || !self.texts.is_empty()
            || self.product.is_some()
            || self.barcode.is_some()
            || self.qr.is_some()
            || self.pay_code
    }
}

/// Reads and checks a scenario (`None`: the built-in walk).
pub fn load(path: Option<&Path>, language: Language) -> Result<Scenario, String> {
    let (text, origin) = match path {
        Some(p) => (
            std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read scenario {}: {e}", p.display()))?,
            p.display().to_string(),
        ),
        None => match language {
            Language::En => (
                DEFAULT_SCENARIO.to_string(),
                "built-in west-lake".to_string(),
            ),
            Language::Zh => (
                DEFAULT_SCENARIO_ZH.to_string(),
                "built-in west-lake.zh".to_string(),
            ),
        },
    };
    let mut scenario: Scenario = toml::from_str(&text).map_err(|e| {
        let step = e
            .span()
            .map(|span| step_at(&text, span.start))
            .filter(|n| *n > 0)
            .map(|n| format!("step {n}: "))
            .unwrap_or_default();
        format!("bad scenario {origin}: {step}{e}")
    })?;
    check(&scenario).map_err(|why| format!("bad scenario {origin}: {why}"))?;
    scenario.origin = origin;
    Ok(scenario)
}

/// The number of the `[[step]]` that byte `offset` of `text` is in (0: before the first).
fn step_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .lines()
        .filter(|line| line.trim() == "[[step]]")
        .count()
}

fn check(scenario: &Scenario) -> Result<(), String> {
    if scenario.steps.is_empty() {
        return Err("it has no [[step]]".into());
    }
    if !matches!(scenario.display.as_str(), "reference" | "g1") {
        return Err(format!(
            "display `{}` is not `reference` or `g1`",
            scenario.display
        ));
    }
    for (i, step) in scenario.steps.iter().enumerate() {
        check_step(step).map_err(|why| format!("step {}: {why}", i + 1))?;
    }
    Ok(())
}

fn check_step(step: &Step) -> Result<(), String> {
    if !(step.wait_s.is_finite() && step.wait_s >= 0.0) {
        return Err("wait_s must be a number ≥ 0".into());
    }
    let places = [
        step.at.is_some(),
        step.at_name.is_some(),
        step.lat.is_some(),
    ];
    if places.iter().filter(|p| **p).count() > 1 {
        return Err("give only one of at, at_name, lat/lon".into());
    }
    if step.lat.is_some() != step.lon.is_some() {
        return Err("lat and lon go together".into());
    }
    if step.sign && step.at.is_none() && step.at_name.is_none() {
        return Err("sign = true needs at or at_name (the place whose sign is seen)".into());
    }
    if step.pay_code && step.at.is_none() && step.at_name.is_none() {
        return Err("pay_code = true needs at or at_name (the shop whose code is seen)".into());
    }
    let seen = [
        step.sign,
        !step.texts.is_empty(),
        step.product.is_some(),
        step.barcode.is_some(),
        step.qr.is_some(),
        step.pay_code,
    ];
    if seen.iter().filter(|s| **s).count() > 1 {
        return Err("the camera sees one thing per step: give only one of sign, texts, product, barcode, qr, pay_code".into());
    }
    if step.frames.is_some_and(|f| f > 0) && !step.shows_something() {
        return Err(
            "frames needs something in view (sign, texts, product, barcode, qr or pay_code)".into(),
        );
    }
    if step
        .barcode
        .as_ref()
        .is_some_and(|b| !(b.len() == 13 && b.chars().all(|c| c.is_ascii_digit())))
    {
        return Err("barcode must be 13 digits (EAN-13)".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_walks_parse_and_walk_the_same_steps() {
        let en = load(None, Language::En).unwrap();
        assert!(en.steps.len() >= 4);
        assert!(en.steps.iter().any(|s| s.say.is_some()));
        let zh = load(None, Language::Zh).unwrap();
        assert_eq!(zh.steps.len(), en.steps.len());
        for (zh, en) in zh.steps.iter().zip(&en.steps) {
            assert_eq!(
                (&zh.at, &zh.at_name, zh.confirm),
                (&en.at, &en.at_name, en.confirm)
            );
            assert_eq!(zh.say.is_some(), en.say.is_some());
            if let Some(said) = &zh.say {
                assert_eq!(Language::of_text(said), Language::Zh, "{said}");
            }
        }
    }

    #[test]
    fn bad_scenarios_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| {
            let p = dir.path().join("walk.toml");
            std::fs::write(&p, text).unwrap();
            p
        };
        let cases = [
            ("name = \"x\"\n", "step"),
            ("name = \"x\"\n[[step]]\nwait_s = -1\n", "wait_s"),
            ("name = \"x\"\n[[step]]\nwlak = 1\n", "step 1: "),
            ("name = \"x\"\ndisplay = \"tv\"\n[[step]]\n", "display"),
            ("name = \"x\"\n[[step]]\nsign = true\n", "sign"),
            ("name = \"x\"\n[[step]]\npay_code = true\n", "pay_code"),
            ("name = \"x\"\n[[step]]\nlat = 30.0\n", "lat and lon"),
            (
                "name = \"x\"\n[[step]]\nqr = \"a\"\nproduct = \"b\"\n",
                "one thing",
            ),
            ("name = \"x\"\n[[step]]\nframes = 3\n", "frames"),
            ("name = \"x\"\n[[step]]\nbarcode = \"12ab\"\n", "13 digits"),
        ];
        for (text, needle) in cases {
            let err = load(Some(&write(text)), Language::En).unwrap_err();
            assert!(err.contains("walk.toml") && err.contains(needle), "{err}");
        }
        let missing = load(Some(Path::new("/nonexistent/walk.toml")), Language::En).unwrap_err();
        assert!(missing.contains("cannot read"), "{missing}");
    }

    #[test]
    fn newuser_an_unknown_key_names_its_step() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("walk.toml");
        std::fs::write(
            &path,
            "name = \"x\"\n[[step]]\nnote = \"one\"\n\n[[step]]\nnote = \"two\"\nproduc = \"cola\"\n",
        )
        .unwrap();
        let err = load(Some(&path), Language::En).unwrap_err();
        assert!(
            err.contains("walk.toml") && err.contains("step 2: ") && err.contains("produc"),
            "{err}"
        );
    }
}
