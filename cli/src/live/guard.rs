//! Who may talk to the live view: every request must carry the URL's random token, name the
//! server by its own address (a page on another site reaching it by a rebinding DNS name
//! does not), and come from the page's own origin — a state-changing request must say its
//! origin at all. The page can confirm payments, so anything else is refused with 403.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;

/// What a request must match.
#[derive(Debug)]
pub struct Guard {
    token: String,
    /// The `Host` values the server answers to (`None`: any, when listening beyond loopback).
    hosts: Option<Vec<String>>,
}

impl Guard {
    /// A guard with a fresh 128-bit random token for a server listening on `addr`.
    pub fn new(addr: SocketAddr) -> Self {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let port = addr.port();
        let hosts = addr.ip().is_loopback().then(|| {
            vec![
                addr.to_string(),
                format!("localhost:{port}"),
                format!("127.0.0.1:{port}"),
                format!("[::1]:{port}"),
            ]
        });
        Self {
            token: hex::encode(bytes),
            hosts,
        }
    }

    /// The token the URL carries.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Why a request with this query, method and headers is refused, if it is.
    pub fn refusal(
        &self,
        query: Option<&str>,
        method: &Method,
        headers: &HeaderMap,
    ) -> Option<&'static str> {
        let token = query
            .unwrap_or_default()
            .split('&')
            .find_map(|pair| pair.strip_prefix("token="));
        if !token.is_some_and(|t| same(t.as_bytes(), self.token.as_bytes())) {
            return Some("this live view needs the token from its URL");
        }
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let Some(host) = host else {
            return Some("no Host header");
        };
        if let Some(hosts) = &self.hosts
            && !hosts.iter().any(|h| h == host)
        {
            return Some("this live view answers only to its own address");
        }
        match headers.get(header::ORIGIN).map(HeaderValue::as_bytes) {
            Some(origin) if origin != format!("http://{host}").as_bytes() => {
                Some("requests from other origins are refused")
            }
            None if method != Method::GET => {
                Some("a request that changes something must come from the page")
            }
            _ => None,
        }
    }
}

/// Compares in time independent of where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The middleware: refuses what [`Guard::refusal`] refuses, and keeps the page out of other
/// sites' frames and the token out of `Referer` headers.
pub async fn check(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    if let Some(why) = guard.refusal(request.uri().query(), request.method(), request.headers()) {
        return (StatusCode::FORBIDDEN, why).into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
             img-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn live_view_refuses_requests_without_the_token_or_from_elsewhere() {
        let guard = Guard::new("127.0.0.1:4000".parse().unwrap());
        let good = format!("token={}", guard.token());
        let host = headers(&[(header::HOST, "127.0.0.1:4000")]);
        assert_eq!(guard.refusal(Some(&good), &Method::GET, &host), None);
        assert!(guard.refusal(None, &Method::GET, &host).is_some());
        assert!(
            guard
                .refusal(Some("token=00"), &Method::GET, &host)
                .is_some()
        );
        let rebound = headers(&[(header::HOST, "evil.example:4000")]);
        assert!(guard.refusal(Some(&good), &Method::GET, &rebound).is_some());
        let foreign = headers(&[
            (header::HOST, "127.0.0.1:4000"),
            (header::ORIGIN, "http://evil.example"),
        ]);
        assert!(
            guard
                .refusal(Some(&good), &Method::POST, &foreign)
                .is_some()
        );
        let own = headers(&[
            (header::HOST, "127.0.0.1:4000"),
            (header::ORIGIN, "http://127.0.0.1:4000"),
        ]);
        assert_eq!(guard.refusal(Some(&good), &Method::POST, &own), None);
        assert!(
            guard.refusal(Some(&good), &Method::POST, &host).is_some(),
            "a POST names its origin"
        );
        assert_ne!(
            Guard::new("127.0.0.1:4000".parse().unwrap()).token(),
            guard.token()
        );
    }
}
