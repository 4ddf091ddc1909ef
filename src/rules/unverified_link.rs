use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::document::{Document, Link};
use crate::links::{BlockReason, LinkStatus, UncheckedReason};
use crate::network::Needs;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "unverified-link",
    default_severity: Severity::Info,
    summary: "links that could not be verified, one finding per host",
    doc: include_str!("../../rules/unverified-link.md"),
    network: true,
    fixable: false,
};

/// ACM DL, IEEE Xplore, LinkedIn and friends answer a checker 403 or 999 while a reader's
/// browser opens the page; a host that keeps answering 429 says nothing about its links.
/// Neither is a dead link, and a finding per link would bury the real ones: one per host.
#[derive(Debug, Default)]
pub struct UnverifiedLink;

fn web_url(link: &Link) -> Option<&str> {
    let url = link.url.trim();
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

/// Why a group of links went unverified; the key the links of a host are grouped by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Why {
    /// Requested and refused; the distinct refusals (`403`, `Cloudflare challenge (403)`).
    Refused,
    /// Listed in `rules/blocking-hosts.toml`, not requested; what the host answers.
    Listed(String),
    RateLimited,
    Github(String),
}

fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_else(|| url.to_owned())
}

fn links(n: usize) -> String {
    if n == 1 {
        "1 link".to_owned()
    } else {
        format!("{n} links")
    }
}

fn refusal(reason: &BlockReason) -> String {
    match reason {
        BlockReason::Status(status) => status.to_string(),
        BlockReason::Challenge { status, vendor } => format!("{vendor} challenge, {status}"),
        BlockReason::Listed { answers } => answers.clone(),
    }
}

impl Rule for UnverifiedLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn needs(&self, doc: &Document, needs: &mut Needs) {
        needs
            .urls
            .extend(doc.links().iter().filter_map(web_url).map(str::to_string));
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let Some(online) = cx.online() else { return };
        if online.network_down {
            return;
        }
        // (host, why) -> the links and their refusals, in document order
        let mut groups: BTreeMap<(String, Why), Vec<(&Link, String)>> = BTreeMap::new();
        for link in doc.links_once(|link| web_url(link).is_some()) {
            let Some(url) = web_url(link) else { continue };
            let Some(outcome) = online.links.get(url) else {
                continue;
            };
            let (why, detail) = match &outcome.status {
                LinkStatus::Blocked(BlockReason::Listed { answers }) => {
                    (Why::Listed(answers.clone()), String::new())
                }
                LinkStatus::Blocked(reason) => (Why::Refused, refusal(reason)),
                LinkStatus::Unchecked(UncheckedReason::RateLimited) => {
                    (Why::RateLimited, String::new())
                }
                LinkStatus::Unchecked(UncheckedReason::GithubUnavailable(why)) => {
                    (Why::Github(why.clone()), String::new())
                }
                _ => continue,
            };
            // The host that refused, which a redirect may have reached (doi.org → dl.acm.org).
            let host = host_of(outcome.final_url.as_deref().unwrap_or(url));
            groups.entry((host, why)).or_default().push((link, detail));
        }
        for ((host, why), group) in groups {
            let Some((first, _)) = group.first() else {
                continue;
            };
            let count = links(group.len());
            let (message, help) = match &why {
                Why::Refused => {
                    let mut refusals: Vec<&str> = group.iter().map(|(_, d)| d.as_str()).collect();
                    refusals.sort_unstable();
                    refusals.dedup();
                    (
                        format!(
                            "{count} on {host} could not be verified: the host refuses automated requests ({})",
                            refusals.join("; ")
                        ),
                        "open them in a browser; if the status means alive on this host, add it to `[links] accept`".to_owned(),
                    )
                }
                Why::Listed(answers) => (
                    format!(
                        "{count} on {host} not checked: the host is known to refuse automated requests ({answers})"
                    ),
                    "open them in a browser, or pass `--check-blocking-hosts` to request them anyway".to_owned(),
                ),
                Why::RateLimited => (
                    format!("{count} on {host} not checked: the host kept answering 429"),
                    "give a token, use `--cache`, or lower `--host-concurrency`".to_owned(),
                ),
                Why::Github(reason) => (
                    format!("{count} on {host} not checked: {reason}"),
                    "give a GitHub token with `--github-token` or `GITHUB_TOKEN`, or use `--cache`"
                        .to_owned(),
                ),
            };
            // A rate limit or an unreachable GitHub API is the run's state, not something
            // about the first link: a file-level note (at the file's start, as other
            // file-level findings are), with every link in the related places.
            let diagnostic = if matches!(why, Why::RateLimited | Why::Github(_)) {
                cx.report(0..0, message)
            } else {
                let written = doc.slice(first.url_range.clone()).to_owned();
                cx.report(first.url_range.clone(), message).url(written)
            };
            diagnostic.help(help);
            for (link, _) in &group {
                diagnostic.related(
                    link.url_range.clone(),
                    doc.slice(link.url_range.clone()).to_owned(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::diagnostic::Severity;
    use crate::document::Document;
    use crate::links::{BlockReason, LinkOutcome, LinkStatus, UncheckedReason};
    use crate::network::OnlineData;
    use crate::rule::{Context, Rule};

    fn outcome(status: LinkStatus) -> LinkOutcome {
        LinkOutcome {
            status,
            attempts: 2,
            final_url: None,
            elapsed: Duration::ZERO,
        }
    }

    #[test]
    fn one_finding_per_host_with_every_link_related() {
        let text = "- A [[Paper](https://dl.acm.org/doi/1)]\n- B [[Paper](https://dl.acm.org/doi/2)]\n- C [[Paper](https://dl.acm.org/doi/1)]\n- D [[Paper](https://www.linkedin.com/in/x)]\n- E [[Paper](https://ok.org/)]\n- F [[Paper](https://busy.org/a)]\n";
        let doc = Document::parse(text);
        let mut online = OnlineData::default();
        let blocked = |status| outcome(LinkStatus::Blocked(BlockReason::Status(status)));
        online
            .links
            .insert("https://dl.acm.org/doi/1".into(), blocked(403));
        online.links.insert(
            "https://dl.acm.org/doi/2".into(),
            outcome(LinkStatus::Blocked(BlockReason::Challenge {
                status: 403,
                vendor: "Cloudflare",
            })),
        );
        online
            .links
            .insert("https://www.linkedin.com/in/x".into(), blocked(999));
        online
            .links
            .insert("https://ok.org/".into(), outcome(LinkStatus::Ok(200)));
        online.links.insert(
            "https://busy.org/a".into(),
            outcome(LinkStatus::Unchecked(UncheckedReason::RateLimited)),
        );
        let mut cx = Context::new(&super::META, Severity::Info, false).with_online(Some(&online));
        super::UnverifiedLink.check(&doc, &mut cx);
        let found = cx.into_diagnostics();
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "1 link on busy.org not checked: the host kept answering 429",
                "3 links on dl.acm.org could not be verified: the host refuses automated requests (403; Cloudflare challenge, 403)",
                "1 link on www.linkedin.com could not be verified: the host refuses automated requests (999)",
            ]
        );
        assert_eq!(found[0].range, 0..0, "the 429 note is file-level");
        assert_eq!(found[0].url, None);
        assert_eq!(found[0].related.len(), 1);
        assert_ne!(found[1].range, 0..0);
        assert_eq!(found[1].related.len(), 3);
        assert_eq!(found[1].related[2].message, "https://dl.acm.org/doi/1");
        assert!(found.iter().all(|d| d.severity == Severity::Info));
    }
}
