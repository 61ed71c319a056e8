//! The LLM path against a local HTTP server started by each test, answering like an
//! OpenAI-compatible chat-completions endpoint: good tool calls, tool calls with bad
//! arguments, refusals, 429/5xx, slow answers, malformed bodies, and no server at all.

// Helpers of a test file are test code: a failed step should stop the test loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sightline_core::config::Secret;
use sightline_core::intent::llm::{LlmConfig, LlmPlanner, Source};
use sightline_core::intent::{AskContext, IntentKind};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const UTTERANCE: &str = "帮我规划下周五去哈尔滨的行程，顺便买双42码的雪地靴";

/// What the fake endpoint does with each request.
#[derive(Clone)]
enum Reply {
    Json(u16, String),
    SlowJson(Duration, String),
}

/// One captured request: head (lower-cased) and body.
type Seen = Arc<Mutex<Vec<(String, String)>>>;

async fn serve(reply: Reply) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/v1", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let reply = reply.clone();
            let log = log.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let (head, body) = loop {
                    let n = socket.read(&mut chunk).await.unwrap_or(0);
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(split) = text.find("\r\n\r\n") {
                        let head = text[..split].to_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        if buf.len() >= split + 4 + length {
                            break (head, String::from_utf8_lossy(&buf[split + 4..]).to_string());
                        }
                    }
                };
                log.lock().unwrap().push((head, body));
                let (status, body) = match reply {
                    Reply::Json(status, body) => (status, body),
                    Reply::SlowJson(delay, body) => {
                        tokio::time::sleep(delay).await;
                        (200, body)
                    }
                };
                let response = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (base, seen)
}

fn planner(base: &str, timeout_ms: u64) -> LlmPlanner {
    LlmPlanner::new(LlmConfig {
        enabled: true,
        base_url: base.to_string(),
        model: "qwen-plus".into(),
        api_key: Secret::new("sk-test-key"),
        timeout_ms,
    })
    .unwrap()
}

fn ctx() -> AskContext {
    let now = DateTime::parse_from_rfc3339("2026-11-26T10:00:00+08:00").unwrap();
    AskContext::at(now.with_timezone(&Utc))
}

fn completion(tool_calls: Value, tokens: u64) -> String {
    json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": "qwen-plus",
        "choices": [{"index": 0, "finish_reason": "tool_calls",
                     "message": {"role": "assistant", "content": null, "tool_calls": tool_calls}}],
        "usage": {"prompt_tokens": tokens - 40, "completion_tokens": 40, "total_tokens": tokens}
    })
    .to_string()
}

fn call(name: &str, arguments: &str) -> Value {
    json!({"id": "call_1", "type": "function", "function": {"name": name, "arguments": arguments}})
}

#[tokio::test]
async fn validated_tool_calls_become_intents_and_tokens_are_counted() {
    let body = completion(
        json!([
            call(
                "trip_plan",
                r#"{"destination":"哈尔滨","depart_date":"2026-12-04"}"#
            ),
            call("product_buy", r#"{"item":"snow boots","size":42}"#)
        ]),
        412,
    );
    let (base, seen) = serve(Reply::Json(200, body)).await;
    let understood = planner(&base, 3_000)
        .understand(UTTERANCE, &ctx(), None)
        .await;
    assert_eq!(understood.source, Source::Llm);
    assert_eq!(understood.llm_tokens, 412);
    let kinds: Vec<_> = understood.parsed.intents.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, vec![IntentKind::TripPlan, IntentKind::ProductBuy]);
    assert_eq!(
        understood.parsed.intents[0].text("destination"),
        Some("Harbin")
    );
    let (head, body) = seen.lock().unwrap()[0].clone();
    assert!(head.starts_with("post /v1/chat/completions"));
    assert!(head.contains("authorization: bearer sk-test-key"));
    let request: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        request["tools"].as_array().unwrap().len(),
        IntentKind::ALL.len(),
        "one tool per kind"
    );
    assert!(
        request["messages"][0]["content"]
            .as_str()
            .unwrap()
            .contains("2026-11-26")
    );
}

#[tokio::test]
async fn a_bad_argument_rejects_the_answer_and_the_parser_answers() {
    let body = completion(
        json!([
            call(
                "trip_plan",
                r#"{"destination":"Harbin","depart_date":"next friday"}"#
            ),
            call("product_buy", r#"{"item":"snow boots","size":42}"#)
        ]),
        380,
    );
    let (base, _) = serve(Reply::Json(200, body)).await;
    let understood = planner(&base, 3_000)
        .understand(UTTERANCE, &ctx(), None)
        .await;
    assert!(matches!(&understood.source, Source::Fallback(r) if r.contains("depart_date")));
    assert_eq!(
        understood.llm_tokens, 380,
        "a rejected answer still spent tokens"
    );
    assert_eq!(understood.parsed.intents.len(), 2);
    let unknown = completion(json!([call("pay_now", r#"{"amount":9999}"#)]), 100);
    let (base, _) = serve(Reply::Json(200, unknown)).await;
    let understood = planner(&base, 3_000)
        .understand(UTTERANCE, &ctx(), None)
        .await;
    assert!(matches!(&understood.source, Source::Fallback(r) if r.contains("pay_now")));
}

#[tokio::test]
async fn refusals_errors_and_garbage_fall_back() {
    let refusal = json!({"choices": [{"message": {"role": "assistant", "content": "I'm sorry, I can't help with that."}}],
                         "usage": {"total_tokens": 55}})
    .to_string();
    let cases = [
        (Reply::Json(200, refusal), "no tool call"),
        (
            Reply::Json(429, r#"{"error":{"message":"rate limited"}}"#.into()),
            "429",
        ),
        (Reply::Json(503, "upstream down".into()), "503"),
        (Reply::Json(200, "{\"choices\": [".into()), "malformed"),
    ];
    for (reply, reason) in cases {
        let (base, _) = serve(reply).await;
        let understood = planner(&base, 3_000)
            .understand(UTTERANCE, &ctx(), None)
            .await;
        match &understood.source {
            Source::Fallback(r) => assert!(r.contains(reason), "{r} should mention {reason}"),
            other => panic!("expected a fallback for {reason}, got {other:?}"),
        }
        assert_eq!(
            understood.parsed.intents.len(),
            2,
            "the parser answered ({reason})"
        );
    }
}

#[tokio::test]
async fn over_the_time_budget_the_parser_answers_in_time() {
    let body = completion(
        json!([call("navigate", r#"{"destination":"West Lake"}"#)]),
        90,
    );
    let (base, _) = serve(Reply::SlowJson(Duration::from_secs(5), body)).await;
    let start = Instant::now();
    let understood = planner(&base, 300)
        .understand(UTTERANCE, &ctx(), None)
        .await;
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert!(matches!(&understood.source, Source::Fallback(r) if r.contains("300")));
    assert_eq!(understood.parsed.intents.len(), 2);
}

#[tokio::test]
async fn offline_falls_back() {
    // Bind then drop: nothing listens on that port any more.
    let port = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let understood = planner(&format!("http://127.0.0.1:{port}/v1"), 1_000)
        .understand(UTTERANCE, &ctx(), None)
        .await;
    assert!(matches!(&understood.source, Source::Fallback(r) if r.contains("unreachable")));
    assert_eq!(understood.llm_tokens, 0);
    assert_eq!(understood.parsed.intents.len(), 2);
}

#[tokio::test]
async fn security_an_endpoint_echoing_its_key_never_gets_it_into_the_fallback_reason() {
    let echo = json!({"choices": [{"message": {"role": "assistant",
                      "content": "your key sk-test-key is fine, no tool today"}}],
                      "usage": {"total_tokens": 9}})
    .to_string();
    let (base, _) = serve(Reply::Json(200, echo)).await;
    let understood = planner(&base, 3_000)
        .understand(UTTERANCE, &ctx(), None)
        .await;
    match &understood.source {
        Source::Fallback(r) => {
            assert!(
                r.contains("no tool call") && r.contains("<redacted>"),
                "{r}"
            );
            assert!(!r.contains("sk-test-key"), "{r}");
        }
        other => panic!("expected a fallback, got {other:?}"),
    }
}
