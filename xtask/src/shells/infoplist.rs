//! iOS's permission prompts in the wearer's language. The system shows the app's usage strings
//! (Bluetooth, speech recognition, microphone) before the app runs any code, from the bundle's
//! `<language>.lproj/InfoPlist.strings`; so these are written from the core's catalogue
//! (`core/locales/*/shell.ftl`) into files kept in the repository, and this check fails when
//! they, or the English fallback in `Info.plist` and `project.yml`, differ from it.
//! `SIGHTLINE_UPDATE_SNAPSHOTS=1 cargo xtask shells` rewrites the `.strings` files.

use std::path::{Path, PathBuf};

use sightline_core::locale::Language;

use crate::TaskResult;
use crate::process::Tally;

/// Each usage key of `Info.plist` with the catalogue message that says it.
const USAGE: [(&str, &str); 3] = [
    (
        "NSBluetoothAlwaysUsageDescription",
        "shell-ios-bluetooth-usage",
    ),
    (
        "NSSpeechRecognitionUsageDescription",
        "shell-ios-speech-usage",
    ),
    ("NSMicrophoneUsageDescription", "shell-ios-microphone-usage"),
];

/// The app's folder in the repository.
const APP: &str = "ios/SightlineApp/SightlineApp";

/// The `.lproj` folder iOS reads for `language`.
fn lproj(language: Language) -> &'static str {
    match language {
        Language::Zh => "zh-Hans.lproj",
        Language::En => "en.lproj",
    }
}

/// `text` as a quoted `.strings` value.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The `InfoPlist.strings` of `language`, from the catalogue.
pub fn strings_file(language: Language) -> String {
    let mut out = String::from(
        "/* Written from core/locales by `cargo xtask shells` (SIGHTLINE_UPDATE_SNAPSHOTS=1): edit the catalogue, not this file. */\n",
    );
    for (key, id) in USAGE {
        out.push_str(&format!(
            "{} = {};\n",
            quoted(key),
            quoted(&language.msg(id, &[]))
        ));
    }
    out
}

/// What is wrong with the English fallback in `plist` (the `Info.plist` text) and `spec` (the
/// XcodeGen spec), one line per key.
fn fallback_problems(plist: &str, spec: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (key, id) in USAGE {
        let english = Language::En.msg(id, &[]);
        let in_plist = format!("<key>{key}</key>\n\t<string>{english}</string>");
        if !plist.contains(&in_plist) {
            problems.push(format!("Info.plist's {key} is not the catalogue's {id}"));
        }
        if !spec.contains(&format!("{key}: {english}\n")) {
            problems.push(format!("project.yml's {key} is not the catalogue's {id}"));
        }
    }
    problems
}

/// Checks (or, with `SIGHTLINE_UPDATE_SNAPSHOTS`, rewrites) the two `InfoPlist.strings` and
/// checks the English fallback, one `ok`/`FAIL` line each and `N passed, N failed`.
pub fn check(root: &Path, tally: &mut Tally) -> TaskResult {
    println!(
        "xtask: iOS permission prompts in both languages (InfoPlist.strings from the catalogue)"
    );
    let update = std::env::var_os("SIGHTLINE_UPDATE_SNAPSHOTS").is_some();
    let app = root.join(APP);
    let mut passed = 0;
    let mut failed = Vec::new();
    for language in Language::ALL {
        let path: PathBuf = app.join(lproj(language)).join("InfoPlist.strings");
        let wanted = strings_file(language);
        if update {
            std::fs::create_dir_all(app.join(lproj(language)))?;
            std::fs::write(&path, &wanted)?;
        }
        let shown = format!("{}/InfoPlist.strings", lproj(language));
        if std::fs::read_to_string(&path).ok().as_deref() == Some(wanted.as_str()) {
            passed += 1;
            println!("ok   shell prompts {shown}");
        } else {
            println!(
                "FAIL shell prompts {shown}: not what the catalogue says (SIGHTLINE_UPDATE_SNAPSHOTS=1 rewrites it)"
            );
            failed.push(shown);
        }
    }
    let plist = std::fs::read_to_string(app.join("Info.plist"))?;
    let spec = std::fs::read_to_string(root.join("ios/SightlineApp/project.yml"))?;
    let problems = fallback_problems(&plist, &spec);
    if problems.is_empty() {
        passed += 1;
        println!("ok   shell prompts English fallback in Info.plist and project.yml");
    } else {
        for problem in &problems {
            println!("FAIL shell prompts {problem}");
        }
        failed.push("the English fallback".into());
    }
    super::summarise(passed, failed.len(), tally, || {
        format!(
            "iOS permission prompts differ from the catalogue: {}",
            failed.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_prompts_are_written_in_each_language_and_quoted() {
        let zh = strings_file(Language::Zh);
        let en = strings_file(Language::En);
        for (key, _) in USAGE {
            assert!(zh.contains(&format!("\"{key}\" = \"")), "{zh}");
            assert!(en.contains(&format!("\"{key}\" = \"Sightline ")), "{en}");
        }
        assert!(zh.contains("蓝牙"), "{zh}");
        assert_eq!(quoted(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
    }

    #[test]
    fn shell_prompts_flag_an_english_fallback_that_drifted() {
        let english = |id| Language::En.msg(id, &[]);
        let mut plist = String::new();
        let mut spec = String::new();
        for (key, id) in USAGE {
            plist.push_str(&format!(
                "<key>{key}</key>\n\t<string>{}</string>\n",
                english(id)
            ));
            spec.push_str(&format!("        {key}: {}\n", english(id)));
        }
        assert_eq!(fallback_problems(&plist, &spec), Vec::<String>::new());
        let drifted = plist.replace("Bluetooth", "BLE");
        assert_eq!(fallback_problems(&drifted, &spec).len(), 1);
    }
}
