//! Is there a network at all? Asked once, before the network rules fetch anything.
//!
//! Without one, every link, the arXiv API and the GitHub API each fail after their own retry
//! schedule, which took 40 to 100 s on a machine without DNS. A few distinct hosts are
//! resolved and connected to at once instead; when every one of them fails, the network
//! rules are skipped with one warning and the offline findings are reported as usual.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpStream;
use url::Url;

use crate::links::is_private_address;

/// How many distinct hosts are tried; the verdict "down" needs at least [`MIN_HOSTS`].
const MAX_HOSTS: usize = 4;
const MIN_HOSTS: usize = 2;
/// The whole probe, lookups and connects, never takes longer than this.
const BUDGET: Duration = Duration::from_secs(4);

/// A host the network step is about to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeTarget {
    pub host: String,
    pub port: u16,
    /// An API base the user named may be on this machine (a mirror, the tests' mocks); a
    /// link's host on a private address says nothing about the network.
    pub trusted: bool,
}

impl ProbeTarget {
    pub fn of_url(url: &str, trusted: bool) -> Option<Self> {
        let url = Url::parse(url.trim()).ok()?;
        if !matches!(url.scheme(), "http" | "https") {
            return None;
        }
        Some(Self {
            host: url.host_str()?.trim_matches(['[', ']']).to_owned(),
            port: url.port_or_known_default()?,
            trusted,
        })
    }
}

/// `Some(reasons)` when every probed host failed to resolve or connect (one reason per
/// host), `None` when any answered or too few hosts were known to judge.
pub async fn network_down(
    targets: impl IntoIterator<Item = ProbeTarget>,
    allow_private: bool,
) -> Option<Vec<String>> {
    let mut chosen: Vec<ProbeTarget> = Vec::new();
    for target in targets {
        if chosen.len() == MAX_HOSTS {
            break;
        }
        if !chosen
            .iter()
            .any(|t| t.host.eq_ignore_ascii_case(&target.host))
        {
            chosen.push(target);
        }
    }
    if chosen.len() < MIN_HOSTS {
        return None;
    }
    let probes = chosen.iter().map(|target| probe(target, allow_private));
    let answers = tokio::time::timeout(BUDGET, futures_util::future::join_all(probes))
        .await
        .unwrap_or_else(|_| {
            chosen
                .iter()
                .map(|t| {
                    Err(format!(
                        "{}: no answer within {} s",
                        t.host,
                        BUDGET.as_secs()
                    ))
                })
                .collect()
        });
    let mut reasons = Vec::new();
    for answer in answers {
        match answer {
            Ok(()) => return None,
            Err(reason) => reasons.push(reason),
        }
    }
    Some(reasons)
}

/// `Ok` when the host resolved and took a connection (or resolved to a private address we
/// may not touch: then it is no evidence either way, and counts as up).
async fn probe(target: &ProbeTarget, allow_private: bool) -> Result<(), String> {
    let host = &target.host;
    if host.ends_with(".invalid") || host == "invalid" {
        return Err(format!("{host}: does not resolve"));
    }
    let addresses: Vec<SocketAddr> =
        match tokio::net::lookup_host((host.as_str(), target.port)).await {
            Ok(found) => found.collect(),
            Err(_) => return Err(format!("{host}: does not resolve")),
        };
    let Some(address) = addresses.first().copied() else {
        return Err(format!("{host}: does not resolve"));
    };
    if is_private_address(address.ip()) && !allow_private && !target.trusted {
        return Ok(());
    }
    match tokio::time::timeout(BUDGET, TcpStream::connect(address)).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) if error.kind() == std::io::ErrorKind::ConnectionRefused => {
            Err(format!("{host}: connection refused"))
        }
        Ok(Err(error)) => Err(format!("{host}: cannot connect ({})", error.kind())),
        Err(_) => Err(format!("{host}: no answer within {} s", BUDGET.as_secs())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(port: u16) -> ProbeTarget {
        ProbeTarget {
            host: "127.0.0.1".to_owned(),
            port,
            trusted: true,
        }
    }

    #[tokio::test]
    async fn refused_and_unresolvable_hosts_mean_down() {
        // a port that was just free: connecting to it is refused
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let down = network_down(
            [
                local(port),
                ProbeTarget::of_url("https://no-such-host.invalid/x", false).unwrap(),
            ],
            true,
        )
        .await
        .expect("down");
        assert_eq!(down.len(), 2, "{down:?}");
        assert_eq!(down[0], "127.0.0.1: connection refused");
        assert!(down[1].contains("does not resolve"), "{down:?}");
    }

    #[tokio::test]
    async fn one_answering_host_means_up() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = network_down(
            [
                ProbeTarget::of_url("https://no-such-host.invalid/x", false).unwrap(),
                local(port),
            ],
            true,
        )
        .await;
        assert_eq!(up, None);
    }

    #[tokio::test]
    async fn one_host_is_too_few_to_judge() {
        let one = [ProbeTarget::of_url("https://no-such-host.invalid/", false).unwrap()];
        assert_eq!(network_down(one, false).await, None);
    }

    #[test]
    fn targets_from_urls() {
        assert_eq!(
            ProbeTarget::of_url("http://[::1]:8080/a", true),
            Some(ProbeTarget {
                host: "::1".to_owned(),
                port: 8080,
                trusted: true
            })
        );
        assert_eq!(ProbeTarget::of_url("mailto:a@b.org", false), None);
        assert_eq!(
            ProbeTarget::of_url("https://arxiv.org/abs/1", false).map(|t| t.port),
            Some(443)
        );
    }
}
