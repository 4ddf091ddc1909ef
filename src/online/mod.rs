//! Metadata clients for the network rules: the arXiv API (titles, versions, authors) and the
//! GitHub REST API (archived, renamed and missing repositories).
//!
//! The clients only fetch and parse; turning answers into diagnostics is the rules' job.

pub mod arxiv;
pub mod github;

use std::sync::Once;
use std::time::{Duration, SystemTime};

use thiserror::Error;

pub use arxiv::{ArxivApiSettings, ArxivClient, ArxivMeta, FeedError, parse_feed};
pub use github::{
    GithubApiSettings, GithubClient, RepoAbout, RepoAnswers, RepoRef, RepoStatus, parse_repo_url,
    repo_link,
};

/// The `User-Agent` both clients send; GitHub rejects requests without one.
pub const USER_AGENT: &str = concat!("awesome-lint/", env!("CARGO_PKG_VERSION"));

/// Longest wait a client accepts from a server (`Retry-After`, rate-limit reset) before it
/// gives up instead: a lint run should fail clearly rather than hang for an hour.
pub const MAX_SERVER_WAIT: Duration = Duration::from_secs(60);

/// Everything that can go wrong while asking a metadata API.
#[derive(Debug, Error)]
pub enum OnlineError {
    #[error("cannot build the HTTP client")]
    Client(#[source] reqwest::Error),
    #[error("invalid API base URL `{url}`: {reason}")]
    BaseUrl { url: String, reason: String },
    #[error("request to {url} failed")]
    Transport {
        url: String,
        #[source]
        source: reqwest::Error,
    },
    #[error("{url} answered HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("response from {url} is larger than {limit} bytes")]
    BodyTooLarge { url: String, limit: usize },
    #[error("gave up on {url} after {attempts} attempts")]
    RetriesExhausted {
        url: String,
        attempts: u32,
        #[source]
        last: Box<OnlineError>,
    },
    #[error("{url} asked to wait {}s before retrying, longer than the {}s allowed", wait.as_secs(), MAX_SERVER_WAIT.as_secs())]
    WaitTooLong { url: String, wait: Duration },
    #[error("GitHub rate limit exhausted at {url}; it resets at Unix time {reset}")]
    RateLimited {
        url: String,
        /// When the limit resets, in Unix epoch seconds.
        reset: u64,
    },
    #[error("bad redirect from {url}: {reason}")]
    Redirect { url: String, reason: String },
    #[error("cannot parse the arXiv feed from {url}")]
    Feed {
        url: String,
        #[source]
        source: FeedError,
    },
    #[error("GitHub GraphQL at {url} answered an error: {message}")]
    Graphql { url: String, message: String },
    #[error("cannot parse the JSON from {url}")]
    Json {
        url: String,
        #[source]
        source: serde_json::Error,
    },
}

/// Builds the HTTP client both metadata clients use: rustls with the ring provider, the given
/// `User-Agent` and a timeout for each whole request.
pub fn http_client(user_agent: &str, timeout: Duration) -> Result<reqwest::Client, OnlineError> {
    client_builder(user_agent, timeout)
        .build()
        .map_err(OnlineError::Client)
}

fn client_builder(user_agent: &str, timeout: Duration) -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
        .user_agent(user_agent)
        .timeout(timeout)
}

/// reqwest is built with `rustls-no-provider`, so a process-wide provider must exist before
/// the first client is built.
fn install_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Err means another part of the process installed a provider first; that one serves.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// Parses a `Retry-After` value: delay-seconds or an HTTP date (RFC 9110 §10.2.3). A date in
/// the past means "retry now".
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(Duration::from_secs);
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The `Retry-After` header of a response, if present and readable.
pub(crate) fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response.headers().get(reqwest::header::RETRY_AFTER)?;
    parse_retry_after(value.to_str().ok()?, SystemTime::now())
}

/// Reads a response body, refusing more than `limit` bytes so a misbehaving server cannot
/// exhaust memory.
pub(crate) async fn read_body_limited(
    mut response: reqwest::Response,
    limit: usize,
    url: &str,
) -> Result<Vec<u8>, OnlineError> {
    let too_large = || OnlineError::BodyTooLarge {
        url: url.to_owned(),
        limit,
    };
    if response
        .content_length()
        .is_some_and(|length| length > limit as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|source| OnlineError::Transport {
            url: url.to_owned(),
            source,
        })?
    {
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
    }

    #[test]
    fn retry_after_reads_http_dates() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_ignores_garbage() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
        assert_eq!(parse_retry_after("99999999999999999999999", now), None);
    }

    #[test]
    fn http_client_builds_twice() {
        assert!(http_client(USER_AGENT, Duration::from_secs(1)).is_ok());
        assert!(http_client(USER_AGENT, Duration::from_secs(1)).is_ok());
    }
}
