//! The optional LLM path: any OpenAI-compatible chat-completions endpoint (Qwen through
//! DashScope's compatible mode, Ollama, a llama.cpp server) is offered one tool per intent
//! kind, generated from the taxonomy. The model proposes tool calls; every argument is
//! validated against the taxonomy before anything acts on it, and on any failure (offline,
//! HTTP error, refusal, bad arguments, over the time budget) the on-device parser answers.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::time::Duration;

use super::context::AskContext;
use super::kinds::KindModel;
use super::parse::{Parsed, parse_with};
use super::taxonomy::{Intent, SlotError, SlotType, TAXONOMY};
use crate::config::Secret;

/// `[llm]` in the config: off unless `enabled = true` and a base URL is given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LlmConfig {
    /// Use the LLM path at all.
    pub enabled: bool,
    /// Base URL up to `/v1` (the client appends `/chat/completions`).
    pub base_url: String,
    /// Model name as the endpoint knows it (e.g. `qwen-plus`, `qwen2.5:7b`).
    pub model: String,
    /// Bearer token; empty for local servers that need none. Never logged.
    pub api_key: Secret,
    /// Time budget for one request, ms; over it the on-device parser answers.
    pub timeout_ms: u64,
}

impl Default for LlmConfig {
    fn default() -> Self {
        Self {
            enabled: false,
            base_url: String::new(),
            model: String::new(),
            api_key: Secret::default(),
            timeout_ms: 3_000,
        }
    }
}

/// Largest LLM reply read (bytes); a longer one is malformed.
const MAX_REPLY_BYTES: usize = 256 * 1024;
/// Most tool calls read from one reply; more is malformed (one request asks a few things).
const MAX_TOOL_CALLS: usize = 8;

impl LlmConfig {
    /// Refuses a configuration that cannot work or would leak: an empty model, a zero time
    /// budget, or a base URL that is not https (plain http only to this machine).
    pub fn validate(&self) -> Result<(), LlmError> {
        let bad = |reason: String| LlmError::Client(format!("invalid [llm] config: {reason}"));
        if self.model.trim().is_empty() {
            return Err(bad("model must not be empty".into()));
        }
        if self.timeout_ms == 0 {
            return Err(bad("timeout_ms must be at least 1".into()));
        }
        let url = reqwest::Url::parse(&self.base_url)
            .map_err(|e| bad(format!("base_url is not a URL: {e}")))?;
        crate::services::http::client::private_transport(&url).map_err(bad)
    }
}

/// Why the LLM path gave no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    /// Could not reach the endpoint (offline, refused, DNS).
    #[error("LLM endpoint unreachable: {0}")]
    Unreachable(String),
    /// No answer within the time budget.
    #[error("LLM answer took longer than {0} ms")]
    Timeout(u64),
    /// The endpoint answered with an HTTP error (429 rate limit, 5xx…).
    #[error("LLM endpoint answered HTTP {0}")]
    Status(u16),
    /// The body was not the chat-completions shape.
    #[error("LLM answer malformed: {0}")]
    Malformed(String),
    /// The model answered in words (or refused) instead of calling a tool.
    #[error("LLM made no tool call: {0}")]
    NoToolCall(String),
    /// A tool call named an unknown kind or had an argument the taxonomy refuses.
    #[error("LLM tool call rejected: {0}")]
    Rejected(#[from] SlotError),
    /// The client could not be built.
    #[error("LLM client: {0}")]
    Client(String),
}

/// One request to the model: the validated intents or why there are none, and the tokens
/// it spent (counted even when the answer is rejected).
#[derive(Debug)]
pub struct LlmAttempt {
    /// Validated intents in call order, or the reason the answer is not used.
    pub outcome: Result<Vec<Intent>, LlmError>,
    /// Tokens the request used (prompt + completion) as the endpoint reported them.
    pub tokens: u64,
}

/// Where an understanding came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The on-device parser alone.
    OnDevice,
    /// The LLM's validated tool calls.
    Llm,
    /// The LLM failed; the on-device parser answered. Carries the reason.
    Fallback(String),
}

/// The result of understanding an utterance on either path.
#[derive(Debug, Clone, PartialEq)]
pub struct Understanding {
    /// Intents and (when none) suggestions.
    pub parsed: Parsed,
    /// Which path produced them.
    pub source: Source,
    /// LLM tokens spent, including on a request whose answer was rejected.
    pub llm_tokens: u64,
}

/// The tool definitions for every intent kind, in the chat-completions `tools` format.
pub fn tools() -> Value {
    let tools: Vec<Value> = TAXONOMY
        .iter()
        .map(|spec| {
            let properties: serde_json::Map<String, Value> = spec
                .slots
                .iter()
                .map(|slot| (slot.name.to_string(), schema_of(slot.ty, slot.description)))
                .collect();
            json!({
                "type": "function",
                "function": {
                    "name": spec.kind.as_str().replace('.', "_"),
                    "description": spec.description,
                    "parameters": {
                        "type": "object",
                        "properties": properties,
                        "additionalProperties": false
                    }
                }
            })
        })
        .collect();
    Value::Array(tools)
}

fn schema_of(ty: SlotType, description: &str) -> Value {
    match ty {
        SlotType::Text => json!({"type": "string", "description": description}),
        SlotType::City => {
            json!({"type": "string", "description": format!("{description}; English city name")})
        }
        SlotType::Date => {
            json!({"type": "string", "format": "date", "description": format!("{description}; YYYY-MM-DD")})
        }
        SlotType::Count => json!({"type": "integer", "minimum": 1, "description": description}),
        SlotType::Money => {
            json!({"type": "number", "exclusiveMinimum": 0, "description": description})
        }
        SlotType::ShoeSize => {
            json!({"type": "number", "minimum": 30, "maximum": 50, "description": description})
        }
        SlotType::Meters => json!({"type": "integer", "minimum": 1, "description": description}),
        SlotType::Flag => json!({"type": "boolean", "description": description}),
        SlotType::Choice(options) => {
            json!({"type": "string", "enum": options, "description": description})
        }
    }
}

/// A client for one chat-completions endpoint.
#[derive(Debug, Clone)]
pub struct LlmPlanner {
    config: LlmConfig,
    http: reqwest::Client,
}

impl LlmPlanner {
    /// A planner for `config` (whether it is enabled is the caller's choice).
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        config.validate()?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(config.timeout_ms))
            .connect_timeout(Duration::from_millis(config.timeout_ms))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| LlmError::Client(e.to_string()))?;
        Ok(Self { config, http })
    }

    fn system_prompt(ctx: &AskContext) -> String {
        let local = ctx.now.with_timezone(&ctx.utc_offset);
        let mut prompt = format!(
            "You turn a wearer's request into tool calls, one per thing asked. Today is {} \
             ({}), UTC offset {}. Resolve relative dates to YYYY-MM-DD, cities to English \
             names, money to CNY numbers, shoe sizes to EU. Leave out what was not said. \
             Call no tool if the request fits none.",
            local.format("%Y-%m-%d"),
            local.format("%A"),
            ctx.utc_offset
        );
        if let Some(city) = &ctx.city {
            prompt.push_str(&format!(" The wearer is in {city}."));
        }
        prompt
    }

    /// Asks the model; returns validated intents or why not, and the tokens spent.
    pub async fn propose(&self, utterance: &str, ctx: &AskContext) -> LlmAttempt {
        let body = json!({
            "model": self.config.model,
            "temperature": 0,
            "tool_choice": "auto",
            "tools": tools(),
            "messages": [
                {"role": "system", "content": Self::system_prompt(ctx)},
                {"role": "user", "content": utterance}
            ]
        });
        match self.complete(&body, MAX_REPLY_BYTES).await {
            Ok(answer) => read_answer(&answer),
            Err(error) => LlmAttempt {
                outcome: Err(error),
                tokens: 0,
            },
        }
    }

    /// The model name requests are made with.
    pub fn model(&self) -> &str {
        &self.config.model
    }

    /// One chat-completions exchange: `body` posted, the JSON reply read (at most
    /// `max_reply_bytes`), all within the time budget.
    pub async fn complete(&self, body: &Value, max_reply_bytes: usize) -> Result<Value, LlmError> {
        let budget = self.config.timeout_ms;
        let url = format!(
            "{}/chat/completions",
            self.config.base_url.trim_end_matches('/')
        );
        let mut request = self.http.post(url).json(body);
        if !self.config.api_key.is_empty() {
            request = request.bearer_auth(self.config.api_key.expose());
        }
        let exchange = async {
            let response = request
                .send()
                .await
                .map_err(|e| transport_error(e, budget))?;
            let status = response.status();
            if !status.is_success() {
                return Err(LlmError::Status(status.as_u16()));
            }
            let mut response = response;
            let mut bytes = Vec::new();
            while let Some(chunk) = response
                .chunk()
                .await
                .map_err(|e| transport_error(e, budget))?
            {
                if bytes.len() + chunk.len() > max_reply_bytes {
                    return Err(LlmError::Malformed(format!(
                        "the reply is longer than {max_reply_bytes} bytes"
                    )));
                }
                bytes.extend_from_slice(&chunk);
            }
            serde_json::from_slice::<Value>(&bytes).map_err(|e| LlmError::Malformed(e.to_string()))
        };
        tokio::time::timeout(Duration::from_millis(budget), exchange)
            .await
            .map_err(|_| LlmError::Timeout(budget))
            .and_then(|r| r)
    }

    /// Understands `utterance`: the LLM's validated proposal, or the on-device parser (with
    /// the learned kind classifier when `kinds` is loaded) on any failure. Tokens of a rejected
    /// answer are still counted.
    pub async fn understand(
        &self,
        utterance: &str,
        ctx: &AskContext,
        kinds: Option<&KindModel>,
    ) -> Understanding {
        let attempt = self.propose(utterance, ctx).await;
        match attempt.outcome {
            Ok(intents) => Understanding {
                parsed: Parsed {
                    intents,
                    suggestions: Vec::new(),
                },
                source: Source::Llm,
                llm_tokens: attempt.tokens,
            },
            Err(error) => {
                // The endpoint's own words can be in the error: never its key.
                let error = self.config.api_key.redact(&error.to_string());
                tracing::info!(%error, "LLM path failed; the on-device parser answers");
                Understanding {
                    parsed: parse_with(utterance, ctx, kinds),
                    source: Source::Fallback(error),
                    llm_tokens: attempt.tokens,
                }
            }
        }
    }
}

fn transport_error(e: reqwest::Error, budget: u64) -> LlmError {
    if e.is_timeout() {
        LlmError::Timeout(budget)
    } else {
        LlmError::Unreachable(e.without_url().to_string())
    }
}

/// Reads a chat-completions answer: every tool call validated, tokens from `usage`.
fn read_answer(answer: &Value) -> LlmAttempt {
    let tokens = answer
        .pointer("/usage/total_tokens")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    LlmAttempt {
        outcome: read_calls(answer),
        tokens,
    }
}

/// The validated intents of an answer's tool calls; none at all is an error too.
fn read_calls(answer: &Value) -> Result<Vec<Intent>, LlmError> {
    let message = answer
        .pointer("/choices/0/message")
        .ok_or_else(|| LlmError::Malformed("no choices[0].message".into()))?;
    let calls = match message.get("tool_calls") {
        Some(Value::Array(calls)) if !calls.is_empty() => calls,
        _ => {
            let said = message
                .get("refusal")
                .and_then(Value::as_str)
                .or_else(|| message.get("content").and_then(Value::as_str))
                .unwrap_or("");
            return Err(LlmError::NoToolCall(said.chars().take(120).collect()));
        }
    };
    if calls.len() > MAX_TOOL_CALLS {
        return Err(LlmError::Malformed(format!(
            "{} tool calls, at most {MAX_TOOL_CALLS} are read",
            calls.len()
        )));
    }
    let mut intents = Vec::with_capacity(calls.len());
    for call in calls {
        let name = call
            .pointer("/function/name")
            .and_then(Value::as_str)
            .ok_or_else(|| LlmError::Malformed("tool call without a function name".into()))?;
        // `arguments` is a JSON string in the OpenAI format; some servers send an object.
        let arguments = match call.pointer("/function/arguments") {
            Some(Value::String(text)) if text.trim().is_empty() => Value::Null,
            Some(Value::String(text)) => serde_json::from_str(text)
                .map_err(|e| LlmError::Malformed(format!("arguments of {name}: {e}")))?,
            Some(other) => other.clone(),
            None => Value::Null,
        };
        intents.push(Intent::from_json(name, &arguments)?);
    }
    Ok(intents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_llm_config_needs_https_and_replies_are_capped() {
        let config = |base_url: &str| LlmConfig {
            enabled: true,
            base_url: base_url.into(),
            model: "m".into(),
            ..LlmConfig::default()
        };
        assert!(config("https://llm.example/v1").validate().is_ok());
        assert!(config("http://127.0.0.1:8080/v1").validate().is_ok());
        assert!(config("http://[::1]:8080/v1").validate().is_ok());
        assert!(config("http://localhost/v1").validate().is_ok());
        assert!(config("http://llm.example/v1").validate().is_err());
        assert!(
            config("http://127.0.0.1.llm.example/v1")
                .validate()
                .is_err()
        );
        assert!(config("ftp://llm.example/v1").validate().is_err());
        assert!(
            LlmConfig {
                model: String::new(),
                ..config("https://llm.example/v1")
            }
            .validate()
            .is_err()
        );
        let call = json!({"type": "function", "function": {"name": "poi_info", "arguments": "{}"}});
        let many =
            json!({"choices": [{"message": {"tool_calls": vec![call; MAX_TOOL_CALLS + 1]}}]});
        assert!(matches!(read_calls(&many), Err(LlmError::Malformed(_))));
    }

    #[test]
    fn tools_cover_the_taxonomy_with_typed_parameters() {
        let tools = tools();
        let names: Vec<&str> = tools
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["function"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(names.len(), TAXONOMY.len());
        assert!(names.contains(&"trip_plan") && names.contains(&"navigate"));
        let trip = &tools[0]["function"]["parameters"]["properties"];
        assert_eq!(trip["depart_date"]["format"], "date");
        assert_eq!(trip["travelers"]["type"], "integer");
    }

    #[test]
    fn answers_are_read_and_validated() {
        let good = json!({
            "choices": [{"message": {"tool_calls": [
                {"function": {"name": "trip_plan", "arguments": "{\"destination\":\"Harbin\",\"depart_date\":\"2026-12-04\"}"}},
                {"function": {"name": "product_buy", "arguments": {"item": "snow boots", "size": 42}}}
            ]}}],
            "usage": {"total_tokens": 321}
        });
        let p = read_answer(&good);
        assert_eq!(p.outcome.unwrap().len(), 2);
        assert_eq!(p.tokens, 321);
        let bad = json!({"choices": [{"message": {"tool_calls": [
            {"function": {"name": "product_buy", "arguments": "{\"size\": \"huge\"}"}}]}}]});
        assert!(matches!(read_calls(&bad), Err(LlmError::Rejected(_))));
        let refusal =
            json!({"choices": [{"message": {"content": null, "refusal": "I can't help"}}]});
        assert!(matches!(read_calls(&refusal), Err(LlmError::NoToolCall(_))));
        assert!(matches!(
            read_calls(&json!({"oops": 1})),
            Err(LlmError::Malformed(_))
        ));
    }

    #[test]
    fn the_key_never_prints() {
        let config = LlmConfig {
            api_key: Secret::new("sk-very-secret"),
            base_url: "https://llm.example/v1".into(),
            model: "m".into(),
            ..LlmConfig::default()
        };
        let planner = LlmPlanner::new(config).unwrap();
        assert!(!format!("{planner:?}").contains("sk-very-secret"));
    }
}
