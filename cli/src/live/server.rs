//! The live view's HTTP server (axum on the project's tokio runtime): the page, the event
//! stream (server-sent events: the log so far as `replay` events, then live ones), the
//! pictures, and the page's commands — every route behind [`super::guard`].

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use futures::Stream;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};

use super::control::{Command, Controls, HEAR_RATES, MAX_HEAR_SECONDS};
use super::guard::{self, Guard};
use super::hub::Hub;

/// The page, with its style and script put in at build time (no build step, no CDN).
const PAGE: &str = include_str!("page/index.html");
const STYLE: &str = include_str!("page/style.css");
const SCRIPT: &str = include_str!("page/app.js");

/// What the page may choose from.
#[derive(Debug, Clone, Serialize)]
pub struct Choices {
    /// The glasses families the walk can run with (empty: the glasses are real).
    pub families: Vec<&'static str>,
    /// The scenarios by name (empty: no walk).
    pub scenarios: Vec<String>,
    /// The family and scenario in use.
    pub current: (String, usize),
}

/// A running live view.
#[derive(Debug)]
pub struct Served {
    /// The URL to open, with its token.
    pub url: String,
    /// The events the page is fed.
    pub hub: Hub,
    /// The page's commands.
    pub controls: Controls,
}

#[derive(Clone)]
struct AppState {
    hub: Hub,
    commands: mpsc::UnboundedSender<Command>,
    page: Arc<str>,
    scenarios: usize,
}

/// Listens on `addr` and serves the live view in the background on the current runtime.
pub async fn serve(addr: SocketAddr, choices: &Choices) -> Result<Served, String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let guard = Arc::new(Guard::new(local));
    let url = format!("http://{local}/?token={}", guard.token());
    let hub = Hub::default();
    let (commands, received) = mpsc::unbounded_channel();
    let scenarios = choices.scenarios.len();
    // JSON inside a <script>: no `<` can close it early.
    let choices = serde_json::to_string(choices)
        .map_err(|e| e.to_string())?
        .replace('<', "\\u003c");
    let page = PAGE
        .replace("/*STYLE*/", STYLE)
        .replace("/*SCRIPT*/", SCRIPT)
        .replace("\"__CHOICES__\"", &choices);
    let state = AppState {
        hub: hub.clone(),
        commands,
        page: page.into(),
        scenarios,
    };
    let router = Router::new()
        .route("/", get(page_html))
        .route("/events", get(events))
        .route("/picture/{id}", get(picture))
        .route("/command", post(command))
        .route(
            "/hear",
            post(hear).layer(DefaultBodyLimit::max(
                MAX_HEAR_SECONDS * *HEAR_RATES.end() as usize * 2,
            )),
        )
        .with_state(state)
        .layer(axum::middleware::from_fn_with_state(guard, guard::check));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            eprintln!("sightline: the live view stopped: {e}");
        }
    });
    Ok(Served {
        url,
        hub,
        controls: Controls::new(received),
    })
}

async fn page_html(State(state): State<AppState>) -> Html<String> {
    Html(state.page.to_string())
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (past, live) = state.hub.join();
    let replay = futures::stream::iter(past)
        .map(|e| Ok(Event::default().event("replay").data(e.json.as_str())));
    let live = futures::stream::unfold(live, |mut live| async move {
        let data = match live.recv().await {
            Ok(e) => e.json.clone(),
            // A page that fell behind is told how much it missed, and goes on.
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                format!("{{\"kind\":\"lagged\",\"missed\":{missed}}}")
            }
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(Event::default().data(data)), live))
    });
    Sse::new(replay.chain(live)).keep_alive(KeepAlive::default())
}

async fn picture(State(state): State<AppState>, Path(id): Path<u64>) -> Response {
    match state.hub.picture(id) {
        Some(p) => ([(header::CONTENT_TYPE, p.mime)], p.bytes.to_vec()).into_response(),
        None => (StatusCode::NOT_FOUND, "no such picture").into_response(),
    }
}

async fn command(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice(&body) {
        Ok(command) => pass_on(&state, command),
        Err(e) => (StatusCode::BAD_REQUEST, format!("not a command: {e}")).into_response(),
    }
}

/// The `/hear` request's query (the token beside it is the guard's).
#[derive(Deserialize)]
struct HearQuery {
    /// The recording's sample rate, in Hz.
    rate: u32,
}

/// What the page's microphone recorded: the body is 16-bit little-endian mono samples.
async fn hear(
    State(state): State<AppState>,
    Query(query): Query<HearQuery>,
    body: axum::body::Bytes,
) -> Response {
    if !body.len().is_multiple_of(2) {
        return (StatusCode::BAD_REQUEST, "16-bit samples come in byte pairs").into_response();
    }
    let pcm = body
        .chunks_exact(2)
        .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    let command = Command::Hear {
        pcm,
        sample_rate: query.rate,
    };
    pass_on(&state, command)
}

/// Checks a command and passes it to whoever drives the glasses.
fn pass_on(state: &AppState, command: Command) -> Response {
    if let Some(why) = command.invalid(state.scenarios) {
        return (StatusCode::BAD_REQUEST, why).into_response();
    }
    match state.commands.send(command) {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "nothing drives the glasses now",
        )
            .into_response(),
    }
}
