//! The HTTP client every remote provider goes through: one time limit per attempt (headers
//! and body), a cap on the body size, retries with exponential backoff and jitter for
//! idempotent calls only, and typed errors that never carry the URL (Amap puts the API key
//! in the query string) or any credential.

use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, HeaderValue};
use reqwest::{Method, RequestBuilder, Response, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::{Duration, Instant};

use crate::config::Secret;
use crate::services::config::HttpProviderConfig;
use crate::services::error::{ServiceError, ServiceResult};

/// First backoff delay; doubled per attempt, plus up to 50 % random jitter.
const BACKOFF_BASE: Duration = Duration::from_millis(100);
/// Longest backoff delay.
const BACKOFF_CAP: Duration = Duration::from_secs(2);
/// How much of an error body is read for its message.
const ERROR_BODY_LIMIT: usize = 8 * 1024;
/// Longest provider message kept in an error.
const MESSAGE_CHARS: usize = 200;
/// The most characters of an error body's code kept.
const CODE_CHARS: usize = 40;

/// How the API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyPlacement {
    /// As a query parameter with this name (Amap's `key`).
    Query(&'static str),
    /// As `Authorization: Bearer …` (the REST contract).
    Bearer,
}

/// Whether a request may be sent again after a transient failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Safe to repeat (GET, or a POST carrying an idempotency key).
    Idempotent,
    /// Must not be repeated: a second attempt could act twice.
    Never,
}

/// A configured client for one remote provider.
pub struct HttpClient {
    provider: String,
    base: Url,
    client: reqwest::Client,
    timeout: Duration,
    retries: u32,
    max_body: usize,
    api_key: Secret,
    key_placement: KeyPlacement,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient")
            .field("provider", &self.provider)
            .field("host", &self.base.host_str())
            .finish_non_exhaustive()
    }
}

/// Refuses a provider URL whose requests (and their keys) could be read on the way: only
/// `https`, or plain `http` to this machine (`localhost`, 127.0.0.0/8, `::1`: a local
/// server or a test).
pub fn private_transport(url: &Url) -> Result<(), String> {
    let loopback = match url.host_str() {
        Some(host) => {
            host.eq_ignore_ascii_case("localhost")
                || host
                    .trim_start_matches('[')
                    .trim_end_matches(']')
                    .parse::<std::net::IpAddr>()
                    .is_ok_and(|ip| ip.is_loopback())
        }
        None => false,
    };
    match url.scheme() {
        "https" => Ok(()),
        "http" if loopback => Ok(()),
        scheme => Err(format!(
            "base_url must be https (plain http only to this machine), not {scheme}://"
        )),
    }
}

impl HttpClient {
    /// A client for `provider` (its name in errors and logs) from its config.
    pub fn new(
        provider: &str,
        config: &HttpProviderConfig,
        key_placement: KeyPlacement,
    ) -> ServiceResult<Self> {
        let invalid =
            |reason: String| ServiceError::InvalidRequest(format!("{provider}: {reason}"));
        let mut base = Url::parse(&config.base_url)
            .map_err(|e| invalid(format!("base_url is not a URL: {e}")))?;
        private_transport(&base).map_err(invalid)?;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        let timeout = Duration::from_millis(config.timeout_ms.max(1));
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("sightline/", env!("CARGO_PKG_VERSION")))
            // A redirect could carry the bearer key's request somewhere else: refused.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| invalid(format!("cannot build the HTTP client: {}", e.without_url())))?;
        Ok(Self {
            provider: provider.to_string(),
            base,
            client,
            timeout,
            retries: config.retries,
            max_body: config.max_body_bytes,
            api_key: config.api_key.clone(),
            key_placement,
        })
    }

    /// The provider's name, for errors.
    pub fn provider(&self) -> &str {
        &self.provider
    }

    /// The URL of `segments` (each percent-encoded, so ids may contain `/`) under the base.
    pub fn url(&self, segments: &[&str]) -> ServiceResult<Url> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| {
                ServiceError::InvalidRequest(format!(
                    "{}: base_url cannot have a path",
                    self.provider
                ))
            })?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// GETs `url` with `query` and decodes the JSON answer; retried when transient.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        url: Url,
        query: &[(&str, String)],
    ) -> ServiceResult<T> {
        let body = self
            .send(Method::GET, url, Retry::Idempotent, |r| r.query(query))
            .await?;
        self.decode(&body)
    }

    /// POSTs `body` as JSON and decodes the JSON answer. With an idempotency key (sent as
    /// the `Idempotency-Key` header) the call is retried when transient; without, never.
    pub async fn post_json<B: Serialize + Sync, T: DeserializeOwned>(
        &self,
        url: Url,
        body: &B,
        idempotency_key: Option<&str>,
    ) -> ServiceResult<T> {
        let retry = if idempotency_key.is_some() {
            Retry::Idempotent
        } else {
            Retry::Never
        };
        let body = self
            .send(Method::POST, url, retry, |r| {
                let r = r.json(body);
                match idempotency_key {
                    Some(key) => r.header("Idempotency-Key", key),
                    None => r,
                }
            })
            .await?;
        self.decode(&body)
    }

    fn decode<T: DeserializeOwned>(&self, body: &[u8]) -> ServiceResult<T> {
        // serde quotes the offending value, which a provider could make the key itself.
        serde_json::from_slice(body).map_err(|e| ServiceError::Malformed {
            provider: self.provider.clone(),
            reason: self.redact(&e.to_string()),
        })
    }

    /// `text` (written by the provider) with the API key taken out, should it echo it.
    pub fn redact(&self, text: &str) -> String {
        self.api_key.redact(text)
    }

    /// Sends with retries; returns the body of a 2xx answer.
    async fn send(
        &self,
        method: Method,
        url: Url,
        retry: Retry,
        build: impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> ServiceResult<Vec<u8>> {
        let attempts = match retry {
            Retry::Idempotent => self.retries + 1,
            Retry::Never => 1,
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let result = self.attempt(method.clone(), url.clone(), &build).await;
            tracing::debug!(
                provider = %self.provider,
                path = url.path(),
                attempt,
                ok = result.is_ok(),
                ms = started.elapsed().as_millis() as u64,
                "provider call"
            );
            match result {
                Err(e) if attempt < attempts && e.is_transient() => {
                    let delay = backoff(attempt);
                    tracing::warn!(provider = %self.provider, attempt, error = %e, ?delay, "retrying");
                    tokio::time::sleep(delay).await;
                }
                other => return other,
            }
        }
    }

    async fn attempt(
        &self,
        method: Method,
        url: Url,
        build: &impl Fn(RequestBuilder) -> RequestBuilder,
    ) -> ServiceResult<Vec<u8>> {
        let mut request = build(self.client.request(method, url));
        if !self.api_key.is_empty() {
            request = match self.key_placement {
                KeyPlacement::Query(name) => request.query(&[(name, self.api_key.expose())]),
                KeyPlacement::Bearer => {
                    let mut value =
                        HeaderValue::from_str(&format!("Bearer {}", self.api_key.expose()))
                            .map_err(|_| {
                                ServiceError::InvalidRequest(format!(
                                    "{}: the API key has characters not allowed in a header",
                                    self.provider
                                ))
                            })?;
                    value.set_sensitive(true);
                    request.header(AUTHORIZATION, value)
                }
            };
        }
        let response = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        if status.is_success() {
            self.read_body(response, self.max_body).await
        } else {
            let body = self
                .read_body(response, ERROR_BODY_LIMIT)
                .await
                .unwrap_or_default();
            let (message, code) = error_parts(status, &body);
            Err(ServiceError::Status {
                provider: self.provider.clone(),
                status: status.as_u16(),
                code: code.map(|c| self.redact(&c)),
                message: self.redact(&message),
            })
        }
    }

    /// Reads the body chunk by chunk, refusing it as soon as it exceeds `limit`.
    async fn read_body(&self, mut response: Response, limit: usize) -> ServiceResult<Vec<u8>> {
        let too_large = || ServiceError::TooLarge {
            provider: self.provider.clone(),
            limit_bytes: limit,
        };
        let declared = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if declared.is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let mut body = Vec::with_capacity(declared.unwrap_or(0).min(limit));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| self.transport_error(e))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    fn transport_error(&self, e: reqwest::Error) -> ServiceError {
        if e.is_timeout() {
            ServiceError::Timeout {
                provider: self.provider.clone(),
                after_ms: self.timeout.as_millis() as u64,
            }
        } else if e.is_decode() || e.is_body() {
            ServiceError::Malformed {
                provider: self.provider.clone(),
                reason: self.redact(&e.without_url().to_string()),
            }
        } else {
            let e = e.without_url();
            let mut reason = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(cause) = source {
                reason = format!("{reason}: {cause}");
                source = cause.source();
            }
            ServiceError::Unreachable {
                provider: self.provider.clone(),
                reason: self.redact(&reason),
            }
        }
    }
}

/// The delay before attempt `attempt + 1`: doubling from 100 ms, capped at 2 s, plus up to
/// half again as random jitter so clients that failed together do not retry together.
pub fn backoff(attempt: u32) -> Duration {
    let exp = BACKOFF_BASE.saturating_mul(1u32 << attempt.saturating_sub(1).min(10));
    let base = exp.min(BACKOFF_CAP);
    let jitter = base.mul_f64(rand::random::<f64>() * 0.5);
    base + jitter
}

/// An error body's two parts, read from one parse of it: the provider's message (the REST
/// contract's `error.message`, Amap's `info`, else the start of the text, else the status
/// reason) and the machine-readable code (`error.code`, `None` when the body has none), each
/// shortened.
fn error_parts(status: StatusCode, body: &[u8]) -> (String, Option<String>) {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let from_json = json.as_ref().and_then(|v| {
        v.pointer("/error/message")
            .or_else(|| v.get("info"))
            .or_else(|| v.get("message"))
            .and_then(|m| m.as_str())
            .map(str::to_string)
    });
    let text = from_json.unwrap_or_else(|| String::from_utf8_lossy(body).trim().to_string());
    let text = if text.is_empty() {
        status.canonical_reason().unwrap_or("error").to_string()
    } else {
        text
    };
    let code = json
        .as_ref()
        .and_then(|v| v.pointer("/error/code")?.as_str())
        .map(|c| c.chars().take(CODE_CHARS).collect());
    (text.chars().take(MESSAGE_CHARS).collect(), code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let first = backoff(1);
        assert!(first >= BACKOFF_BASE && first <= BACKOFF_BASE.mul_f64(1.5));
        let third = backoff(3);
        assert!(third >= Duration::from_millis(400) && third <= Duration::from_millis(600));
        assert!(backoff(30) <= BACKOFF_CAP.mul_f64(1.5));
    }

    #[test]
    fn error_messages_are_short_and_found() {
        let rest = br#"{"error":{"code":"not_found","message":"no such bike"}}"#;
        let (message, code) = error_parts(StatusCode::NOT_FOUND, rest);
        assert_eq!(message, "no such bike");
        assert_eq!(code.as_deref(), Some("not_found"));
        assert_eq!(error_parts(StatusCode::NOT_FOUND, b"no json").1, None);
        assert_eq!(error_parts(StatusCode::BAD_GATEWAY, b"").0, "Bad Gateway");
        let long = "x".repeat(5000);
        assert_eq!(
            error_parts(StatusCode::INTERNAL_SERVER_ERROR, long.as_bytes())
                .0
                .len(),
            MESSAGE_CHARS
        );
    }
}
