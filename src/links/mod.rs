//! The link checker: the only network I/O in checking.
//!
//! Rules collect URLs; this module answers "is it alive?" for each of them, politely and fast.
//!
//! # Public interface
//!
//! ```text
//! LinkSettings                       built from config [links] + CLI flags; Default is usable
//! Checker::new(LinkSettings) -> Result<Checker, LinkError>
//! Checker::check_all(&self, &[String], &dyn Progress) -> HashMap<String, LinkOutcome>
//! Checker::check_all_cached(&self, &[String], &mut Cache, &dyn Progress) -> HashMap<String, LinkOutcome>
//! Progress (trait), NoProgress, TerminalProgress
//! LinkOutcome { status, attempts, final_url, elapsed }
//! LinkStatus::{Ok, Redirected, Dead(DeadReason), Error(ErrorKind), Excluded(ExclusionReason)}
//! normalize_for_dedupe(&str) -> String
//! cache::Cache::{load, get, insert, save}
//! ```
//!
//! The result map is keyed by every input string exactly as given, so a caller can look up the
//! URL it collected, fragments and all. Each unique URL (after [`normalize_for_dedupe`]) is
//! requested once.
//!
//! Departures from the design card, and why:
//! - `LinkStatus::Excluded` carries an [`ExclusionReason`] instead of a `String`, so a rule can
//!   tell "the user excluded it" (silent) from "private address refused" (worth a note) without
//!   parsing text. Its `Display` gives the sentence.
//! - `LinkSettings` has three more fields: `token_hosts` (which hosts get the GitHub token; tests
//!   point it at `localhost`), `timeout_retries` (a hang costs a whole timeout per try, so timeouts
//!   are retried fewer times than fast failures) and `retry_backoff` (the first backoff step).
//! - [`LinkOutcome::attempts`] counts HTTP requests attempted for the URL: redirect hops, the GET after
//!   a refused HEAD and retries all count. `0` means nothing was sent (excluded, or from cache).
//! - Defaults are 256 requests in flight overall and at most 32 per host: a hanging link holds
//!   its slot for a whole timeout, and at 16 per host the link farm's hangs (4 %) starved each
//!   host's queue (49 s for 10 000 links). A host does not get 32 at once: its limit starts at 8
//!   and adapts (additive increase, multiplicative decrease; see `hosts.rs`).
//! - URLs are checked in a shuffled order (the same on every run), each host's from its own
//!   queue by twice `host_concurrency` tasks: sorted input put a host's look-alike pages side
//!   by side (all its 503 pages in one burst), and a task per URL cost memory for every URL
//!   still waiting.
//! - A single 429 or 503 delays only its own URL; the whole host pauses once most of its recent
//!   answers are 429 / 503 (see `hosts.rs` for why). A 429 never uses up a link's retries: the
//!   link waits for its host until `max_wait` after the start, then is
//!   [`LinkStatus::Unchecked`], which is not a finding about the link.
//! - 401, 403, 999, 451 and bot challenges are [`LinkStatus::Blocked`], never dead: after a
//!   refused HEAD the checker asks once more with GET and a browser's `Accept` /
//!   `Accept-Language` (keeping its own User-Agent).
//!
//! `check_all` spawns Tokio tasks, so it must run inside a Tokio runtime (either flavour).
//!
//! How a URL is checked: HEAD first (GET when the host refuses HEAD: 400, 403, 405, 501, or once
//! a host has been seen to answer GET differently from HEAD); redirects are followed by hand, so
//! headers (the token above all) are decided per hop; only the status line and headers are read,
//! the body is dropped unread. A request unanswered after half the timeout gets its timeout
//! retry (a GET): beside a HEAD, where the first conclusive answer wins; in place of a GET,
//! which is dropped then and hands its slots to the retry. Either way a page that hangs costs
//! 1.5 timeouts, not 2, and on a busy host a GET that hangs holds one connection at a time.
//! While its host has a slot nobody waits for, the retry goes out beside the first request
//! after a third of the timeout (1.33 timeouts for a page that hangs).
//! Timeouts, resets, 408 and 5xx are retried with exponential
//! backoff and jitter; a 429 is waited out until `max_wait` without spending retries; 429 and
//! 503 also pause the whole host (Retry-After honoured, capped at 60 s) without pausing others.
//!
//! `AWESOME_LINT_TRACE_REQUESTS=1` prints one `trace` line per request to stderr (host, method,
//! when it queued for a slot, was sent and ended, in ms from the checker's start, and the
//! answer), to see where a run's time goes.
//!
//! Environment proxies are not used: a proxy resolves names itself, which would bypass the
//! private-address refusal.

mod blocking;
pub mod cache;
mod checker;
mod hosts;
mod net;
mod progress;
mod retry;

use std::fmt;
use std::ops::RangeInclusive;
use std::path::PathBuf;
use std::time::Duration;

pub use blocking::{blocking_hosts, parse_blocking_hosts};
pub use cache::Cache;
pub use checker::Checker;
pub use net::{is_loopback_host, is_private_address};
pub use progress::{NoProgress, Progress, TerminalProgress};

/// How the checker behaves; the config's `[links]` table and CLI flags fill it in.
#[derive(Debug, Clone)]
pub struct LinkSettings {
    /// URLs matching any of these are never requested ([`ExclusionReason::Pattern`]).
    pub exclude: Vec<regex::Regex>,
    /// Final statuses counted as alive.
    pub accept: Vec<RangeInclusive<u16>>,
    /// Limit for one request, from connecting until the response headers arrive.
    pub timeout: Duration,
    /// Retries of transient failures per URL, shared by all hops of its redirect chain.
    pub max_retries: u32,
    /// How many of `max_retries` may be spent on timeouts.
    pub timeout_retries: u32,
    /// First backoff step; each retry doubles it (with jitter), up to 10 s.
    pub retry_backoff: Duration,
    /// Requests in flight at once, over all hosts.
    pub max_concurrency: usize,
    /// Requests in flight at once to one host.
    pub host_concurrency: usize,
    /// Least time between the starts of two requests to one host.
    pub host_interval: Duration,
    /// Extra headers `(host, name, value)`, sent when the request's host equals `host`
    /// (ASCII case-insensitive, no subdomains).
    pub headers: Vec<(String, String, String)>,
    pub user_agent: String,
    /// Sent as `Authorization: Bearer` to `token_hosts` only, decided again at each redirect hop.
    pub github_token: Option<String>,
    /// Hosts that receive `github_token`; over https only, or plain http to a loopback host.
    pub token_hosts: Vec<String>,
    /// Allow requests to loopback, private, link-local and unspecified addresses.
    pub allow_private: bool,
    pub max_redirects: usize,
    /// How long links of a host that answers 429 may wait for it, counted from the start of
    /// the check; what is still unanswered then is [`UncheckedReason::RateLimited`].
    pub max_wait: Duration,
    /// Hosts known to refuse automated clients, `(host, what it answers)`; a host matches
    /// itself and its subdomains. Their links are [`BlockReason::Listed`] without a request
    /// unless `check_blocking_hosts`.
    pub blocking_hosts: Vec<(String, String)>,
    pub check_blocking_hosts: bool,
}

impl Default for LinkSettings {
    fn default() -> Self {
        Self {
            exclude: Vec::new(),
            accept: vec![200..=299],
            timeout: Duration::from_secs(10),
            max_retries: 3,
            timeout_retries: 1,
            retry_backoff: Duration::from_millis(200),
            max_concurrency: 256,
            host_concurrency: 32,
            host_interval: Duration::ZERO,
            headers: Vec::new(),
            user_agent: concat!("awesome-lint/", env!("CARGO_PKG_VERSION")).to_owned(),
            github_token: None,
            token_hosts: vec!["github.com".to_owned(), "api.github.com".to_owned()],
            allow_private: false,
            max_redirects: 10,
            max_wait: Duration::from_secs(180),
            blocking_hosts: Vec::new(),
            check_blocking_hosts: false,
        }
    }
}

impl LinkSettings {
    /// What a listed blocking host answers, when `host` is one (or a subdomain of one) and
    /// listed hosts are not to be requested.
    pub fn listed_blocking(&self, host: &str) -> Option<&str> {
        if self.check_blocking_hosts {
            return None;
        }
        let host = host.trim_end_matches('.');
        self.blocking_hosts
            .iter()
            .find(|(listed, _)| {
                let Some(dot) = host.len().checked_sub(listed.len() + 1) else {
                    return host.eq_ignore_ascii_case(listed);
                };
                host.get(dot..)
                    .and_then(|tail| tail.strip_prefix('.'))
                    .is_some_and(|tail| tail.eq_ignore_ascii_case(listed))
            })
            .map(|(_, answers)| answers.as_str())
    }

    /// Whether `status` counts as alive.
    pub fn accepts(&self, status: u16) -> bool {
        self.accept.iter().any(|range| range.contains(&status))
    }
}

/// What became of one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkOutcome {
    pub status: LinkStatus,
    /// HTTP requests attempted for this URL (hops, HEAD→GET fallback and retries included).
    pub attempts: u32,
    /// The end of the redirect chain as far as it was followed (for a refused private hop, the
    /// URL refused). `None` when nothing was sent.
    pub final_url: Option<String>,
    pub elapsed: Duration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkStatus {
    Ok(u16),
    Redirected {
        /// The status of the final response.
        status: u16,
        /// Every hop was 301 or 308: the link should be updated.
        permanent: bool,
        final_url: String,
    },
    Dead(DeadReason),
    Error(ErrorKind),
    Excluded(ExclusionReason),
    /// The host refuses automated clients (401, 403, 999, 451, a bot challenge), or is listed
    /// in `rules/blocking-hosts.toml`: a browser may well open the page, so this is neither
    /// alive nor dead.
    Blocked(BlockReason),
    /// The link was never answered: its host kept limiting us past `max_wait`, or the
    /// GitHub API could not be asked. Says nothing about the link itself.
    Unchecked(UncheckedReason),
}

impl LinkStatus {
    /// Ok or redirected to an accepted status.
    pub fn is_alive(&self) -> bool {
        matches!(self, LinkStatus::Ok(_) | LinkStatus::Redirected { .. })
    }

    /// Dead or error: what a dead-link rule reports.
    pub fn is_failure(&self) -> bool {
        matches!(self, LinkStatus::Dead(_) | LinkStatus::Error(_))
    }
}

impl fmt::Display for LinkStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkStatus::Ok(status) => write!(f, "ok ({status})"),
            LinkStatus::Redirected {
                status,
                permanent,
                final_url,
            } => {
                let kind = if *permanent {
                    "permanently"
                } else {
                    "temporarily"
                };
                write!(f, "{kind} redirected to {final_url} ({status})")
            }
            LinkStatus::Dead(reason) => write!(f, "dead: {reason}"),
            LinkStatus::Error(kind) => write!(f, "error: {kind}"),
            LinkStatus::Excluded(reason) => write!(f, "excluded: {reason}"),
            LinkStatus::Blocked(reason) => write!(f, "could not verify: {reason}"),
            LinkStatus::Unchecked(reason) => write!(f, "not checked: {reason}"),
        }
    }
}

/// The server or the name is definitely not there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadReason {
    /// 404, 410, or any other non-accepted status that retrying cannot change.
    Status(u16),
    /// The host name does not resolve.
    Dns(String),
    ConnectionRefused,
    /// The GitHub API says the repository does not exist (deleted, private or blocked).
    RepositoryMissing(String),
}

impl fmt::Display for DeadReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeadReason::Status(status) => write!(f, "status {status}"),
            DeadReason::Dns(message) => write!(f, "host name does not resolve: {message}"),
            DeadReason::ConnectionRefused => f.write_str("connection refused"),
            DeadReason::RepositoryMissing(name) => {
                write!(f, "GitHub repository {name} does not exist")
            }
        }
    }
}

/// The link could not be confirmed alive, and may be only temporarily broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    Timeout,
    Tls(String),
    /// Reset by the peer, or closed before a response arrived.
    ConnectionReset,
    /// More hops than `max_redirects` (the limit is carried).
    TooManyRedirects(usize),
    /// A URL appeared twice in the redirect chain.
    RedirectLoop,
    /// 408 or 5xx that persisted through every retry (a 429 is [`LinkStatus::Unchecked`]).
    Status(u16),
    InvalidUrl(String),
    /// A redirect whose Location cannot be followed.
    BadRedirect(String),
    /// Any other transport failure.
    Transport(String),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Timeout => f.write_str("timed out"),
            ErrorKind::Tls(message) => write!(f, "TLS failure: {message}"),
            ErrorKind::ConnectionReset => f.write_str("connection reset"),
            ErrorKind::TooManyRedirects(limit) => write!(f, "more than {limit} redirects"),
            ErrorKind::RedirectLoop => f.write_str("redirect loop"),
            ErrorKind::Status(status) => write!(f, "status {status} after retries"),
            ErrorKind::InvalidUrl(message) => write!(f, "invalid URL: {message}"),
            ErrorKind::BadRedirect(message) => write!(f, "bad redirect: {message}"),
            ErrorKind::Transport(message) => write!(f, "{message}"),
        }
    }
}

/// Why a URL was not requested.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExclusionReason {
    /// Matched this exclude pattern.
    Pattern(String),
    /// Not http or https (the scheme is carried).
    Scheme(String),
    /// The host is, or resolves to, this non-public address and `allow_private` is off.
    PrivateAddress(String),
}

impl fmt::Display for ExclusionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExclusionReason::Pattern(pattern) => write!(f, "matches exclude pattern `{pattern}`"),
            ExclusionReason::Scheme(scheme) => write!(f, "unsupported scheme `{scheme}`"),
            ExclusionReason::PrivateAddress(address) => {
                write!(f, "private address refused: {address}")
            }
        }
    }
}

/// Why a host could not be asked about a link: it turned the checker away.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockReason {
    /// It answered this status (401, 403, 999, 451) to HEAD and to a browser-like GET.
    Status(u16),
    /// It answered with a bot challenge (`cf-mitigated: challenge`, DataDome, AWS WAF).
    Challenge { status: u16, vendor: &'static str },
    /// Listed in `rules/blocking-hosts.toml`, so not requested (`check_blocking_hosts` off);
    /// carries what the host is known to answer.
    Listed { answers: String },
}

impl fmt::Display for BlockReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockReason::Status(status) => write!(f, "status {status}"),
            BlockReason::Challenge { status, vendor } => {
                write!(f, "{vendor} bot challenge ({status})")
            }
            BlockReason::Listed { answers } => {
                write!(
                    f,
                    "known to refuse automated requests ({answers}), not requested"
                )
            }
        }
    }
}

/// Why a link got no answer at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UncheckedReason {
    /// The host answered 429 until the `max_wait` budget ran out.
    RateLimited,
    /// The GitHub API was not asked or did not answer (the message says why).
    GithubUnavailable(String),
}

impl fmt::Display for UncheckedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UncheckedReason::RateLimited => f.write_str("the host kept answering 429"),
            UncheckedReason::GithubUnavailable(why) => write!(f, "GitHub API unavailable: {why}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    #[error("cannot build the HTTP client")]
    Client(#[source] reqwest::Error),
    #[error("invalid link settings: {0}")]
    Settings(String),
    #[error("invalid header `{name}` for host `{host}`: {reason}")]
    Header {
        host: String,
        name: String,
        reason: String,
    },
    #[error("cannot read link cache {}", path.display())]
    CacheRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("link cache {} is corrupt (delete it to start afresh)", path.display())]
    CacheCorrupt {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error("cannot write link cache {}", path.display())]
    CacheWrite {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The key under which a URL is checked: the fragment never reaches the server, so
/// `page#a` and `page#b` are one check. Nothing else is changed.
pub fn normalize_for_dedupe(url: &str) -> String {
    match url.split_once('#') {
        Some((before, _)) => before.to_owned(),
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedupe_key_drops_only_the_fragment() {
        assert_eq!(
            normalize_for_dedupe("https://a.org/x#intro"),
            "https://a.org/x"
        );
        assert_eq!(normalize_for_dedupe("https://a.org/x#"), "https://a.org/x");
        assert_eq!(
            normalize_for_dedupe("https://a.org/x?q=1"),
            "https://a.org/x?q=1"
        );
        assert_eq!(normalize_for_dedupe("HTTPS://A.org/x"), "HTTPS://A.org/x");
    }

    #[test]
    fn default_accepts_2xx_only() {
        let settings = LinkSettings::default();
        assert!(settings.accepts(200) && settings.accepts(299));
        assert!(!settings.accepts(301) && !settings.accepts(404));
    }
}
