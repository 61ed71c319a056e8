//! The `sightline` command as a new user met it (issue 17): piping into `head`, a config
//! whose providers `ask` must use, history of what `ask` showed, scenario mistakes caught
//! before pairing, and the smaller stumbles of the report.

// Test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use serde_json::Value;

fn models_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../models")
}

fn sightline(data: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sightline"));
    cmd.arg("--models-dir")
        .arg(models_dir())
        .arg("--data-dir")
        .arg(data)
        .env_remove("SIGHTLINE_LOG");
    cmd
}

fn run(data: &Path, args: &[&str]) -> Output {
    sightline(data).args(args).output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `sightline demo` over `walk` (a TOML text, written to `data/walk.toml`) with `args`.
fn demo(data: &Path, walk: &str, args: &[&str]) -> Output {
    let file = data.join("walk.toml");
    std::fs::write(&file, walk).unwrap();
    let mut all = vec!["demo", "--scenario", file.to_str().unwrap()];
    all.extend_from_slice(args);
    run(data, &all)
}

/// Runs `args` with a reader that goes away before anything is written (`| head -0`).
fn into_closed_pipe(data: &Path, args: &[&str]) -> Output {
    let mut child = sightline(data)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn newuser_output_into_a_closed_pipe_ends_quietly() {
    let data = tempfile::tempdir().unwrap();
    for args in [
        &["history"][..],
        &["ask", "find a cafe nearby"],
        &["demo", "--json"],
    ] {
        let out = into_closed_pipe(data.path(), args);
        let err = stderr(&out);
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
        assert!(
            !err.contains("panicked") && !err.contains("Broken pipe"),
            "{args:?}: {err}"
        );
    }
}

/// A local provider: answers the REST catalogue with no products and the LLM endpoint with
/// HTTP 501, and records every request line.
fn provider() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            let mut length = 0usize;
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
                    break;
                }
                if let Some(v) = header.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            log.lock().unwrap().push(request.trim().to_string());
            let (status, body) = if request.contains("/catalog/products") {
                ("200 OK", r#"{"products": []}"#)
            } else {
                (
                    "501 Not Implemented",
                    r#"{"error": {"code": "not_implemented", "message": "no"}}"#,
                )
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (url, seen)
}

#[test]
fn newuser_ask_uses_the_configured_providers_and_says_the_llm_fallback() {
    let data = tempfile::tempdir().unwrap();
    let (url, seen) = provider();
    let config = data.path().join("sightline.toml");
    std::fs::write(
        &config,
        format!(
            "[providers]\ncatalog = {{ kind = \"http\", base_url = \"{url}\", retries = 0 }}\n\n\
             [llm]\nenabled = true\nbase_url = \"{url}/v1\"\nmodel = \"test\"\n"
        ),
    )
    .unwrap();
    let out = sightline(data.path())
        .arg("--config")
        .arg(&config)
        .args(["ask", "buy a Coca-Cola"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    let requests = seen.lock().unwrap().clone();
    assert!(
        requests.iter().any(|r| r.contains("/catalog/products")),
        "the configured catalogue was asked: {requests:?}"
    );
    assert!(text.contains("No "), "the empty catalogue answered: {text}");
    assert!(
        text.contains("the LLM did not answer") && text.contains("501"),
        "the fallback is said in plain output: {text}"
    );
}

#[test]
fn newuser_cards_answered_by_ask_go_into_history() {
    let data = tempfile::tempdir().unwrap();
    let asked = run(data.path(), &["ask", "find a cafe nearby"]);
    assert!(asked.status.success(), "{}", stderr(&asked));
    let listed = run(data.path(), &["history", "--json"]);
    let entries: Vec<Value> = stdout(&listed)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert!(entries[0]["title"].as_str().unwrap().contains("cafe"));
    assert!(
        entries[0]["reason"]
            .as_str()
            .unwrap()
            .contains("You asked: Nearby")
    );
    let forgot = run(data.path(), &["forget", "--all"]);
    assert!(stdout(&forgot).contains("forgot 1"), "{}", stdout(&forgot));
}

#[test]
fn newuser_an_empty_request_is_an_error_and_one_interaction_is_singular() {
    let data = tempfile::tempdir().unwrap();
    let empty = run(data.path(), &["ask", "  "]);
    assert!(!empty.status.success());
    assert!(stderr(&empty).contains("empty"), "{}", stderr(&empty));
    let one = run(data.path(), &["ask", "what is this"]);
    let text = stdout(&one);
    assert!(!text.contains("(1 interactions"), "{text}");
}

#[test]
fn newuser_unknown_places_and_products_are_caught_before_pairing() {
    let data = tempfile::tempdir().unwrap();
    let cases = [
        ("at = \"landmark/eiffel-tower\"", "landmark/eiffel-tower"),
        ("at_name = \"Nowhere Diner Zzqx\"", "Nowhere Diner Zzqx"),
        ("product = \"iphone 99\"", "iphone 99"),
    ];
    for (line, named) in cases {
        let walk = data.path().join("walk.toml");
        std::fs::write(
            &walk,
            format!(
                "name = \"x\"\n[[step]]\nat = \"landmark/leifeng-pagoda\"\n\n[[step]]\n{line}\n"
            ),
        )
        .unwrap();
        let out = run(
            data.path(),
            &["demo", "--json", "--scenario", walk.to_str().unwrap()],
        );
        let err = stderr(&out);
        assert!(!out.status.success(), "{line}");
        assert!(
            err.contains("walk.toml") && err.contains("step 2") && err.contains(named),
            "{line}: {err}"
        );
        assert!(
            !stdout(&out).contains("\"pairing\""),
            "checked before pairing: {}",
            stdout(&out)
        );
    }
}

#[test]
fn newuser_glasses_without_a_display_get_no_hud_and_a_walk_without_baseline_no_comparison() {
    let data = tempfile::tempdir().unwrap();
    let out = demo(
        data.path(),
        "name = \"pagoda\"\n[[step]]\nat = \"landmark/leifeng-pagoda\"\nsign = true\n",
        &["--glasses", "openglass"],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(text.contains("these glasses have no display"), "{text}");
    assert!(!text.contains("┌"), "no HUD box is drawn: {text}");
    assert!(!text.contains("clicks"), "{text}");
    assert!(
        text.contains(", link "),
        "the frame's link time is shown: {text}"
    );
}

#[test]
fn newuser_pairing_other_families_reports_what_they_have() {
    let data = tempfile::tempdir().unwrap();
    let out = run(
        data.path(),
        &["pair", "sim-g1", "--sim", "--glasses", "g1", "--yes"],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    assert!(!text.contains("protocol 1.0"), "{text}");
    assert!(!text.contains("camera 0x0"), "{text}");
    assert!(
        text.contains("no camera") && text.contains("display "),
        "{text}"
    );
    let help = run(data.path(), &["scan", "--help"]);
    assert!(!stdout(&help).contains("Look for Sightline glasses"));
}

/// The JSON events of `sightline demo --json` over `walk` (a TOML text), one per line.
fn demo_events(data: &Path, walk: &str, glasses: &str) -> Vec<Value> {
    let out = demo(data, walk, &["--json", "--glasses", glasses]);
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The cards of `events`.
fn cards(events: &[Value]) -> Vec<&Value> {
    events
        .iter()
        .filter(|e| e["event"] == "card")
        .map(|e| &e["data"]["card"])
        .collect()
}

/// A walk that looks at a pair of snow boots on a shop's shelf, then double-taps.
const BOOTS_WALK: &str = "name = \"boots\"\n\
     [[step]]\nat_name = \"Camel Outdoor\"\nproduct = \"snow boots\"\nframes = 5\n\
     [[step]]\nwait_s = 3\nconfirm = true\n";

#[test]
fn newuser_one_label_in_view_is_one_price_card_and_the_tap_pays_for_it() {
    let data = tempfile::tempdir().unwrap();
    let events = demo_events(data.path(), BOOTS_WALK, "sightline");
    let cards = cards(&events);
    let prices: Vec<&&Value> = cards
        .iter()
        .filter(|c| c["kind"] == "price_comparison")
        .collect();
    assert_eq!(prices.len(), 1, "one comparison card: {prices:#?}");
    let card = prices[0];
    assert!(
        card["reason"].as_str().unwrap().contains("barcode"),
        "{card}"
    );
    let lines: Vec<&str> = card["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert!(lines.iter().any(|l| l.starts_with("Size EU ")), "{lines:?}");
    let pay = card["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"]["type"] == "pay")
        .unwrap();
    let label = pay["label"].as_str().unwrap();
    let price = label.trim_start_matches("Order ");
    let receipt = cards.iter().find(|c| c["kind"] == "receipt").unwrap();
    assert_eq!(receipt["title"], format!("Paid {price}"), "{receipt}");
}

#[test]
fn newuser_the_same_walk_on_openglass_offers_no_purchase_and_goes_on() {
    // OpenGlass's link is not authenticated: a frame may not offer what a forged tap could
    // confirm, so the step's confirmation finds nothing to confirm and the walk goes on.
    let data = tempfile::tempdir().unwrap();
    let events = demo_events(
        data.path(),
        &format!("{BOOTS_WALK}[[step]]\nwait_s = 3\nnote = \"after\"\n"),
        "openglass",
    );
    let held = events.iter().any(|e| {
        e["event"] == "held back" && e["data"]["why"].as_str() == Some("link_not_authenticated")
    });
    assert!(held, "the purchase is held back: {events:#?}");
    let cards = cards(&events);
    assert!(
        !cards.iter().any(|c| c["kind"] == "receipt"),
        "nothing is paid: {cards:#?}"
    );
    let skipped = events
        .iter()
        .position(|e| e["data"]["skipped"] == "link_not_authenticated")
        .expect("the confirmation is skipped");
    let after = events
        .iter()
        .position(|e| e["event"] == "note" && e["text"] == "after")
        .expect("the walk goes on");
    assert!(skipped < after);
}

#[test]
fn newuser_preferences_are_listed_set_and_removed_and_ask_buys_in_the_stored_size() {
    let data = tempfile::tempdir().unwrap();
    let json = |args: &[&str]| -> Value {
        let out = run(data.path(), args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let boots = |data: &Path| stdout(&run(data, &["ask", "I need boots"]));

    let asked = boots(data.path());
    assert!(asked.contains("What shoe size (EU)?"), "{asked}");
    assert!(!asked.contains("[Confirm"), "{asked}");

    let set = json(&["preferences", "set", "shoe_size", "42", "--json"]);
    assert_eq!(set, serde_json::json!({"key": "shoe_size", "value": 42}));
    let list = json(&["preferences", "list", "--json"]);
    assert_eq!(list["shoe_size"], 42, "{list}");
    let bought = boots(data.path());
    assert!(
        bought.contains("EU 42") && bought.contains("[Confirm"),
        "{bought}"
    );

    let removed = json(&["preferences", "remove", "shoe_size", "--json"]);
    assert_eq!(removed["removed"], true, "{removed}");
    assert!(boots(data.path()).contains("What shoe size (EU)?"));

    // A typo or a value of the wrong kind is refused, naming what is accepted.
    let typo = run(data.path(), &["preferences", "set", "shoe-size", "42"]);
    assert!(!typo.status.success());
    assert!(stderr(&typo).contains("shoe_size"), "{}", stderr(&typo));
    let huge = run(data.path(), &["preferences", "set", "shoe_size", "420"]);
    assert!(!huge.status.success());
    let plain = stdout(&run(data.path(), &["preferences", "list"]));
    assert!(plain.contains("no preferences set"), "{plain}");
}

#[test]
fn newuser_the_g1_timeline_draws_the_page_the_glasses_show_and_the_tap_pays_what_it_shows() {
    let data = tempfile::tempdir().unwrap();
    let out = demo(
        data.path(),
        "name = \"harbin\"\ndisplay = \"g1\"\n\
         [[step]]\nsay = \"plan my trip to Harbin next week and get me snow boots in size 42 before I leave\"\n\
         [[step]]\nwait_s = 5\nconfirm = true\n",
        &["--glasses", "g1"],
    );
    let text = stdout(&out);
    assert!(out.status.success(), "{text}{}", stderr(&out));
    // One box per card: the first page, the rest said to be in the phone app.
    let boxes: Vec<&str> = text.lines().filter(|l| l.contains("┌")).collect();
    assert!(boxes.iter().all(|b| b.contains("· 1/")), "{boxes:#?}");
    assert!(text.contains("more page"), "{text}");
    // The plan's box offers the confirm beside the three things it pays for.
    let plan: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("card       plan"))
        .take_while(|l| !l.contains("└"))
        .collect();
    let shown = plan.join(" ");
    for item in ["train", "Home Inn", "Boots EU 42", "[Confirm ¥"] {
        assert!(shown.contains(item), "{item}: {shown}");
    }
    assert!(text.contains("receipt"), "the tap pays: {text}");
}
