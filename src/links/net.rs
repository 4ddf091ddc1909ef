//! Name resolution that refuses private addresses, and what a transport failure means.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Whether `ip` is loopback, private, link-local, unspecified or otherwise not a public
/// Internet address (shared CGNAT space, "this network", broadcast, IPv6 unique-local).
/// A link into such an address from a public list is a probe of the checker's own network.
pub fn is_private_address(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_private_v4(v4),
        IpAddr::V6(v6) => is_private_v6(v6),
    }
}

fn is_private_v4(ip: Ipv4Addr) -> bool {
    let [first, second, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || first == 0
        || (first == 100 && (second & 0xc0) == 64)
}

fn is_private_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_private_v4(v4);
    }
    let first = ip.segments()[0];
    ip.is_loopback()
        || ip.is_unspecified()
        || (first & 0xfe00) == 0xfc00
        || (first & 0xffc0) == 0xfe80
}

/// The IP address written in the URL itself; the resolver never sees those.
pub(crate) fn literal_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        Host::Ipv4(ip) => Some(IpAddr::V4(ip)),
        Host::Ipv6(ip) => Some(IpAddr::V6(ip)),
        Host::Domain(_) => None,
    }
}

/// Whether the host names this machine, so that cleartext to it never crosses a network.
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Why the resolver gave no address; found again in reqwest's error chain by [`classify`].
#[derive(Debug, thiserror::Error)]
pub(crate) enum ResolveError {
    #[error("`{host}` does not resolve")]
    NotFound { host: String },
    #[error("cannot resolve `{host}`: {source}")]
    Lookup {
        host: String,
        #[source]
        source: io::Error,
    },
    #[error("`{host}` resolves to {address}")]
    Private { host: String, address: IpAddr },
}

/// Resolves through the system, refusing private addresses at the same moment the connection
/// uses them: checking first and letting reqwest resolve again would let a name rebind in
/// between. Answers are kept for the checker's life, as a list names the same hosts often.
pub(crate) struct GuardedResolver {
    allow_private: bool,
    answers: Arc<Mutex<HashMap<String, Vec<IpAddr>>>>,
}

impl GuardedResolver {
    pub(crate) fn new(allow_private: bool) -> Self {
        Self {
            allow_private,
            answers: Arc::new(Mutex::new(HashMap::new())),
        }
    }
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_ascii_lowercase();
        let allow_private = self.allow_private;
        let answers = Arc::clone(&self.answers);
        Box::pin(async move {
            let known = answers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(&host)
                .cloned();
            let ips = match known {
                Some(ips) => ips,
                None => {
                    let ips = lookup(&host).await?;
                    answers
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .insert(host.clone(), ips.clone());
                    ips
                }
            };
            if !allow_private {
                if let Some(&address) = ips.iter().find(|ip| is_private_address(**ip)) {
                    return Err(ResolveError::Private { host, address }.into());
                }
            }
            let addrs: Addrs = Box::new(ips.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(addrs)
        })
    }
}

async fn lookup(host: &str) -> Result<Vec<IpAddr>, ResolveError> {
    // RFC 6761: `.invalid` never exists, and resolvers should say so without asking anyone.
    let label = host.trim_end_matches('.');
    if label == "invalid" || label.ends_with(".invalid") {
        return Err(ResolveError::NotFound {
            host: host.to_owned(),
        });
    }
    let found =
        tokio::net::lookup_host((host, 0))
            .await
            .map_err(|source| ResolveError::Lookup {
                host: host.to_owned(),
                source,
            })?;
    let mut ips: Vec<IpAddr> = found.map(|addr| addr.ip()).collect();
    ips.dedup();
    if ips.is_empty() {
        return Err(ResolveError::NotFound {
            host: host.to_owned(),
        });
    }
    Ok(ips)
}

/// What went wrong with one request, before deciding whether to retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Failure {
    Timeout,
    Reset,
    Refused,
    Dns(String),
    Private(String),
    Tls(String),
    Transport(String),
    /// The host stays paused (429) past the run's `max_wait`; nothing was sent.
    RateLimited,
}

impl Failure {
    /// Failures that another try may cure.
    pub(crate) fn is_transient(&self) -> bool {
        matches!(
            self,
            Failure::Timeout | Failure::Reset | Failure::Transport(_)
        )
    }
}

/// Sorts a reqwest error by walking its source chain for the errors that name the cause.
pub(crate) fn classify(error: &reqwest::Error) -> Failure {
    let mut found = None;
    let mut cause: Option<&(dyn StdError + 'static)> = Some(error);
    // A chain is a handful of layers; the bound only guards against a cyclic `source`.
    for _ in 0..32 {
        let Some(current) = cause else { break };
        if let Some(failure) = classify_one(current) {
            found = Some(failure);
            break;
        }
        cause = current.source();
    }
    match found {
        Some(failure) => failure,
        None if error.is_timeout() => Failure::Timeout,
        None => Failure::Transport(describe(error)),
    }
}

fn classify_one(error: &(dyn StdError + 'static)) -> Option<Failure> {
    if let Some(resolve) = error.downcast_ref::<ResolveError>() {
        return Some(match resolve {
            ResolveError::Private { address, .. } => Failure::Private(address.to_string()),
            other => Failure::Dns(other.to_string()),
        });
    }
    if let Some(tls) = error.downcast_ref::<rustls::Error>() {
        return Some(Failure::Tls(tls.to_string()));
    }
    let io = error.downcast_ref::<io::Error>()?;
    // io::Error::source skips the error it wraps, so look inside it here.
    if let Some(inner) = io.get_ref() {
        if let Some(failure) = classify_one(inner) {
            return Some(failure);
        }
    }
    match io.kind() {
        io::ErrorKind::ConnectionRefused => Some(Failure::Refused),
        io::ErrorKind::ConnectionReset
        | io::ErrorKind::ConnectionAborted
        | io::ErrorKind::BrokenPipe
        | io::ErrorKind::UnexpectedEof => Some(Failure::Reset),
        io::ErrorKind::TimedOut => Some(Failure::Timeout),
        _ => None,
    }
}

/// The causes of an error joined, without reqwest's own outer "error sending request for url"
/// (the caller already knows the URL).
fn describe(error: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut cause = error.source();
    for _ in 0..32 {
        let Some(current) = cause else { break };
        parts.push(current.to_string());
        cause = current.source();
    }
    if parts.is_empty() {
        error.to_string()
    } else {
        parts.join(": ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn private(text: &str) -> bool {
        is_private_address(text.parse().expect("test address"))
    }

    #[test]
    fn private_ranges_are_refused() {
        for address in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:192.168.0.1",
        ] {
            assert!(private(address), "{address} should be refused");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for address in [
            "1.1.1.1",
            "140.82.112.3",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(!private(address), "{address} should pass");
        }
    }

    #[test]
    fn literal_hosts_are_seen_in_every_spelling() {
        let url = Url::parse("http://0x7f.1/").expect("url");
        assert_eq!(literal_ip(&url), Some(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        let url = Url::parse("http://[::1]:8080/").expect("url");
        assert_eq!(literal_ip(&url), Some(IpAddr::V6(Ipv6Addr::LOCALHOST)));
        assert_eq!(
            literal_ip(&Url::parse("https://github.com/").expect("url")),
            None
        );
    }

    #[tokio::test]
    async fn invalid_names_fail_without_a_lookup() {
        for host in ["nothing.invalid", "invalid", "a.b.invalid."] {
            let result = lookup(host).await;
            assert!(
                matches!(result, Err(ResolveError::NotFound { .. })),
                "{host}: {result:?}"
            );
        }
    }
}
