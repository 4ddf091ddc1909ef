use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::document::{Document, Link};
use crate::links::LinkStatus;
use crate::network::Needs;
use crate::rule::{Context, Rule, RuleMeta, options_from};

pub static META: RuleMeta = RuleMeta {
    id: "dead-link",
    default_severity: Severity::Error,
    summary: "a link that is dead after every retry",
    doc: include_str!("../../rules/dead-link.md"),
    network: true,
    fixable: false,
};

/// A link is reported only after its retries failed: a 503 that answers on the second try,
/// a 429 with Retry-After, a host that refuses HEAD are all alive.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadLink {
    /// Check images and badges too.
    #[serde(default = "yes")]
    images: bool,
}

fn yes() -> bool {
    true
}

impl Default for DeadLink {
    fn default() -> Self {
        Self { images: true }
    }
}

impl DeadLink {
    fn wanted<'a>(&self, link: &'a Link) -> Option<&'a str> {
        let url = link.url.trim();
        let web = url.starts_with("http://") || url.starts_with("https://");
        (web && (self.images || !link.image)).then_some(url)
    }
}

/// ` (3 attempts)`; nothing for a link answered without a request (by the GitHub API).
fn attempts(n: u32) -> String {
    match n {
        0 => String::new(),
        1 => " (1 attempt)".to_string(),
        n => format!(" ({n} attempts)"),
    }
}

impl Rule for DeadLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn configure(&mut self, options: toml::Table) -> Result<(), String> {
        *self = options_from(options)?;
        Ok(())
    }

    fn needs(&self, doc: &Document, needs: &mut Needs) {
        needs.urls.extend(
            doc.links()
                .iter()
                .filter_map(|l| self.wanted(l))
                .map(str::to_string),
        );
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let Some(online) = cx.online() else { return };
        if online.network_down {
            return;
        }
        for link in doc.links_once(|link| self.wanted(link).is_some()) {
            let Some(outcome) = self.wanted(link).and_then(|url| online.links.get(url)) else {
                continue;
            };
            let written = doc.slice(link.url_range.clone());
            match &outcome.status {
                LinkStatus::Dead(reason) => {
                    cx.report(
                        link.url_range.clone(),
                        format!("dead link: {reason}{}", attempts(outcome.attempts)),
                    )
                    .url(written)
                    .help("remove the link or point it at where the resource lives now");
                }
                // Timeouts and 5xx after retries may pass: a warning, not an error.
                LinkStatus::Error(kind) => {
                    cx.report_as(
                        Severity::Warning,
                        link.url_range.clone(),
                        format!("link failed: {kind}{}", attempts(outcome.attempts)),
                    )
                    .url(written)
                    .help("check it by hand; if it stays down, remove it or replace it");
                }
                _ => {}
            }
        }
    }
}
