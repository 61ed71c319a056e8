//! `sightline demo --serve` end to end in headless Chromium (Debian's `chromium` and
//! `chromium-driver`, driven over WebDriver): the page shows the walk's cards in order, the
//! first card's HUD image on the page matches its stored snapshot, a double tap on the page
//! confirms the displayed card (the price comparison pays and its receipt appears), and the
//! server refuses requests without the token or from another origin; words spoken into the
//! page's microphone (Chromium's fake capture device playing espeak-ng's speech) are heard on
//! the device and answered with a card. Screenshots go to
//! `target/live-view/`. The page's added latency (an output leaving the core's stream to its
//! element on the page) is printed.
//!
//! After a deliberate change of a first card's layout, regenerate the snapshots with
//! `SIGHTLINE_UPDATE_SNAPSHOTS=1 cargo test -p sightline-cli --test live_view`.

// Test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

/// How long a whole walk may take on a busy machine.
const WALK_TIMEOUT: Duration = Duration::from_secs(600);
/// A pixel differs when a channel is off by more than this.
const PIXEL_TOLERANCE: u8 = 40;
/// At most this share of the HUD's pixels may differ from the snapshot.
const MAX_DIFFERING: f64 = 0.005;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Kills the child when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `sightline demo --serve` and returns it with the URL it printed.
fn start_demo(glasses: &str) -> (Killed, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sightline"))
        .arg("--models-dir")
        .arg(root().join("models"))
        .args(["demo", "--serve", "--glasses", glasses])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The timeline goes on printing: keep reading it so the walk never blocks on a full pipe.
    let mut stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    let url = loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).unwrap() > 0,
            "the demo ended before serving"
        );
        if let Some(at) = line.find("http://") {
            break line[at..].split_whitespace().next().unwrap().to_string();
        }
    };
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = stderr.read_to_string(&mut rest);
        eprint!("{rest}");
    });
    (Killed(child), url)
}

/// A free local port.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A WebDriver session in headless Chromium.
struct Browser {
    http: reqwest::Client,
    base: String,
    _driver: Killed,
}

impl Browser {
    async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// A session whose Chromium also gets `extra` command-line arguments.
    async fn start_with(extra: &[&str]) -> Self {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (Debian chromium-driver; `cargo xtask setup` installs it)");
        let http = reqwest::Client::new();
        let root = format!("http://127.0.0.1:{port}");
        let up = Instant::now();
        while http.get(format!("{root}/status")).send().await.is_err() {
            assert!(
                up.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let mut args = vec![
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--window-size=1700,1100",
            "--force-device-scale-factor=1",
        ];
        args.extend_from_slice(extra);
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": args}
        }}});
        let session: Value = http
            .post(format!("{root}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = session["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {session}"))
            .to_string();
        Browser {
            http,
            base: format!("{root}/session/{id}"),
            _driver: Killed(driver),
        }
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if !body.is_null() {
            request = request.json(&body);
        }
        let reply: Value = request.send().await.unwrap().json().await.unwrap();
        assert!(
            reply["value"]["error"].is_null(),
            "WebDriver {path}: {reply}"
        );
        reply["value"].clone()
    }

    async fn open(&self, url: &str) {
        self.call(reqwest::Method::POST, "/url", json!({"url": url}))
            .await;
    }

    async fn script(&self, script: &str) -> Value {
        self.call(
            reqwest::Method::POST,
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
        .await
    }

    async fn click(&self, css: &str) {
        let found = self
            .call(
                reqwest::Method::POST,
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        let id = found
            .as_object()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        self.call(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            json!({}),
        )
        .await;
    }

    async fn screenshot(&self, name: &str) {
        let png = self
            .call(reqwest::Method::GET, "/screenshot", Value::Null)
            .await;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap())
            .unwrap();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../live-view");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), bytes).unwrap();
    }
}

/// What the page shows now: the cards' kinds in order, the walk's state, and how many times
/// it has waited for a double tap.
async fn page_state(browser: &Browser) -> (Vec<String>, String, u64) {
    let state = browser
        .script(
            "const walk = document.getElementById('walk-state');
             return {cards: [...document.querySelectorAll('#timeline li.card-entry')].map(e => e.dataset.cardKind),
                     walk: walk.dataset.state, waits: Number(walk.dataset.waits || 0)};",
        )
        .await;
    let cards = state["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    (
        cards,
        state["walk"].as_str().unwrap().to_string(),
        state["waits"].as_u64().unwrap(),
    )
}

/// The first card's HUD image as the page holds it, compared with (or stored as) the snapshot.
async fn check_first_hud(browser: &Browser, name: &str) {
    let data_url = browser
        .script(
            "const img = document.querySelector('#timeline li.card-entry img.hud');
             const c = document.createElement('canvas');
             c.width = img.naturalWidth; c.height = img.naturalHeight;
             c.getContext('2d').drawImage(img, 0, 0);
             return c.toDataURL('image/png');",
        )
        .await;
    let b64 = data_url
        .as_str()
        .unwrap()
        .trim_start_matches("data:image/png;base64,");
    let png = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let shown = image::load_from_memory(&png).unwrap().to_rgb8();
    let path = root().join(format!("cli/tests/snapshots/live_view_hud_{name}.png"));
    if std::env::var_os("SIGHTLINE_UPDATE_SNAPSHOTS").is_some() {
        shown.save(&path).unwrap();
        eprintln!("updated {}", path.display());
        return;
    }
    let stored = image::open(&path)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (SIGHTLINE_UPDATE_SNAPSHOTS=1 writes it)",
                path.display()
            )
        })
        .to_rgb8();
    assert_eq!(shown.dimensions(), stored.dimensions(), "HUD size");
    let differing = shown
        .pixels()
        .zip(stored.pixels())
        .filter(|(a, b)| {
            a.0.iter()
                .zip(b.0)
                .any(|(x, y)| x.abs_diff(y) > PIXEL_TOLERANCE)
        })
        .count();
    let share = differing as f64 / f64::from(shown.width() * shown.height());
    assert!(
        share <= MAX_DIFFERING,
        "{name}: {:.2}% of the HUD's pixels differ from {}",
        share * 100.0,
        path.display()
    );
}

/// Drives the walk to its end, double-tapping whenever it waits for one; checks that the
/// tap on a `pays_for` card brings its receipt. Returns the cards in order.
async fn walk(browser: &Browser, pays_for: &str) -> Vec<String> {
    let started = Instant::now();
    let mut paid = false;
    let mut taps = 0;
    loop {
        assert!(started.elapsed() < WALK_TIMEOUT, "the walk did not end");
        let (cards, walk, waits) = page_state(browser).await;
        match walk.as_str() {
            "done" => {
                assert!(paid, "a {pays_for} card was confirmed on the page");
                return cards;
            }
            "waiting_tap" if waits > taps => {
                taps += 1;
                // The walk holds until the tap: let the page catch up with the card shown.
                tokio::time::sleep(Duration::from_millis(300)).await;
                let (cards, _, _) = page_state(browser).await;
                let before = cards.len();
                let displayed = cards.last().cloned().unwrap_or_default();
                if displayed == pays_for {
                    browser.screenshot(&format!("{pays_for}-before-tap")).await;
                }
                browser.click("#double-tap").await;
                if displayed == pays_for {
                    let receipt = loop {
                        assert!(started.elapsed() < WALK_TIMEOUT, "no receipt");
                        let (now, _, _) = page_state(browser).await;
                        if now.len() > before {
                            break now[before].clone();
                        }
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    };
                    assert_eq!(receipt, "receipt", "the double tap on {pays_for} paid");
                    paid = true;
                }
            }
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// The guard, from outside the browser: no token, a wrong one, a foreign origin.
async fn check_refusals(url: &str) {
    let http = reqwest::Client::new();
    let (base, token) = url.split_once("/?token=").unwrap();
    let status = |r: reqwest::Response| r.status().as_u16();
    assert_eq!(
        status(http.get(format!("{base}/")).send().await.unwrap()),
        403
    );
    assert_eq!(
        status(http.get(format!("{base}/events")).send().await.unwrap()),
        403
    );
    let wrong = if token.starts_with('0') { "1" } else { "0" };
    let wrong = format!("{base}/?token={wrong}{}", &token[1..]);
    assert_eq!(status(http.get(wrong).send().await.unwrap()), 403);
    assert_eq!(status(http.get(url).send().await.unwrap()), 200);
    let command = format!("{base}/command?token={token}");
    let foreign = http
        .post(&command)
        .header("Origin", "http://evil.example")
        .body(r#"{"do":"pause"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status(foreign),
        403,
        "a foreign origin cannot control the glasses"
    );
    let no_origin = http
        .post(&command)
        .body(r#"{"do":"pause"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(status(no_origin), 403, "a command must come from the page");
    let own = http
        .post(&command)
        .header("Origin", base)
        .body(r#"{"do":"pay"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        status(own),
        400,
        "the page's own origin gets through (to a bad command)"
    );
    let hear = |rate: u32, body: Vec<u8>, origin: Option<&str>| {
        let mut request = http
            .post(format!("{base}/hear?token={token}&rate={rate}"))
            .body(body);
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        request.send()
    };
    let foreign = hear(16_000, vec![0; 3_200], Some("http://evil.example"));
    assert_eq!(
        status(foreign.await.unwrap()),
        403,
        "a foreign page cannot speak"
    );
    let odd = hear(16_000, vec![0; 3], Some(base));
    assert_eq!(
        status(odd.await.unwrap()),
        400,
        "samples come in byte pairs"
    );
    let slow = hear(4_000, vec![0; 3_200], Some(base));
    assert_eq!(status(slow.await.unwrap()), 400, "8 kHz at least");
    let long = hear(8_000, vec![0; 31 * 8_000 * 2], Some(base));
    assert_eq!(status(long.await.unwrap()), 400, "30 seconds at most");
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

async fn live_view(glasses: &str, expected: &[&str], pays_for: &str) {
    let (_demo, url) = start_demo(glasses);
    check_refusals(&url).await;
    let browser = Browser::start().await;
    let started = Instant::now();
    browser.open(&url).await;
    let cards = walk(&browser, pays_for).await;
    let walked = started.elapsed();
    assert_eq!(cards, expected, "the page shows the walk's cards in order");
    check_first_hud(&browser, glasses).await;
    browser.screenshot(&format!("{glasses}-walk-done")).await;
    let mut latencies: Vec<f64> =
        serde_json::from_value(browser.script("return window.liveLatencies;").await).unwrap();
    assert!(latencies.len() >= expected.len(), "every output was timed");
    let median_ms = median(&mut latencies);
    println!(
        "live_view {glasses}: walk in Chromium {:.1} s; added latency (output → element on the page) median {median_ms:.2} ms, max {:.2} ms over {} outputs",
        walked.as_secs_f64(),
        latencies.last().unwrap(),
        latencies.len()
    );
    assert!(median_ms < 1000.0, "median {median_ms} ms");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_view_demo_walk_in_chromium() {
    live_view(
        "sightline",
        &[
            "guide",
            "guide",
            "place_info",
            "place_info",
            "stock_answer",
            "place_info",
            "price_comparison",
            "receipt",
            "merchant_pay",
            "merchant_pay",
            "receipt",
            "bike_unlock",
            "receipt",
            "translation",
            "plan",
            "receipt",
        ],
        "price_comparison",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_view_g1_walk_in_chromium() {
    live_view(
        "g1",
        &[
            "guide",
            "guide",
            "place_info",
            "stock_answer",
            "place_info",
            // The amount said with no payment code in view (the G1 has no camera).
            "info",
            "translation",
            "plan",
            "receipt",
        ],
        "plan",
    )
    .await;
}

/// How long the demo may take to hear a recording and answer it (a debug build on a busy
/// machine takes tens of seconds to run Whisper).
const HEARING_TIMEOUT: Duration = Duration::from_secs(300);

/// Words spoken into the page's microphone — Chromium's fake capture device plays espeak-ng's
/// speech once — are sent to the core when the button is pressed again, heard on the device
/// as the phone's microphone is, and answered: the timeline shows the final transcript and
/// the card the request asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn live_view_voice_from_the_pages_microphone_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("said.wav");
    let spoken = Command::new("espeak-ng")
        .args(["-v", "en-us", "-s", "150", "-w"])
        .arg(&wav)
        .arg("Find a pharmacy near me.")
        .status()
        .expect("espeak-ng (Debian; `cargo xtask setup` installs it)");
    assert!(spoken.success());
    let (_demo, url) = start_demo("sightline");
    let capture = format!("--use-file-for-fake-audio-capture={}%noloop", wav.display());
    let browser = Browser::start_with(&[
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        &capture,
        "--autoplay-policy=no-user-gesture-required",
    ])
    .await;
    browser.open(&url).await;
    browser.click("#pause").await;
    let started = Instant::now();
    while page_state(&browser).await.1 != "paused" {
        assert!(started.elapsed() < WALK_TIMEOUT, "the walk never paused");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    browser.click("#mic").await;
    // The clip is under 2 s; the fake device plays it once from the moment it opens.
    tokio::time::sleep(Duration::from_secs(4)).await;
    browser.click("#mic").await;
    let asked_at = Instant::now();
    let (heard, asked) = loop {
        let state = browser
            .script(
                "const heard = [...document.querySelectorAll('#timeline li[data-heard]')];
                 const last = heard[heard.length - 1];
                 const after = last ? [...document.querySelectorAll('#timeline li.card-entry')]
                     .filter(c => last.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING)
                     .filter(c => c.dataset.trigger === 'asked').map(c => c.dataset.cardKind) : [];
                 const problems = [...document.querySelectorAll('#timeline li.problem')].map(p => p.textContent);
                 return {heard: heard.map(h => h.dataset.heard), asked: after, problems};",
            )
            .await;
        let heard: Vec<String> = serde_json::from_value(state["heard"].clone()).unwrap();
        let asked: Vec<String> = serde_json::from_value(state["asked"].clone()).unwrap();
        if !asked.is_empty() {
            break (heard, asked);
        }
        assert!(
            asked_at.elapsed() < HEARING_TIMEOUT,
            "no answer to the microphone: heard {heard:?}, problems {}",
            state["problems"]
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    browser.screenshot("microphone-heard").await;
    let said = heard.last().unwrap().to_lowercase();
    assert!(said.contains("pharmacy"), "heard {heard:?}");
    println!(
        "live_view voice: heard {said:?}, answered with {asked:?} {:.1} s after the recording was sent",
        asked_at.elapsed().as_secs_f64()
    );
}
