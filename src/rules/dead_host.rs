use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::identity::{WebUrl, arxiv_id};
use crate::rule::{Context, Rule, RuleMeta};
use crate::venues::dead_host_of;

pub static META: RuleMeta = RuleMeta {
    id: "dead-host",
    default_severity: Severity::Warning,
    summary: "a link to a service that has shut down",
    doc: include_str!("../../rules/dead-host.md"),
    network: false,
    fixable: true,
};

/// A shut-down service may still answer (with a redirect or a parking page), so a link
/// checker calls the link alive; the table in `rules/dead-hosts.toml` knows better.
#[derive(Debug, Default)]
pub struct DeadHost;

impl Rule for DeadHost {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for link in doc.links_once(|_| true) {
            let Some(dead) = dead_host_of(&link.url) else {
                continue;
            };
            let written = doc.slice(link.url_range.clone());
            // The entry's own arXiv id, from its paper link or any arXiv link it has; only for
            // the pages the replacement stands for (a dataset page is no paper page).
            let arxiv = link
                .entry
                .filter(|_| dead.replaces(&link.url))
                .and_then(|id| {
                    let entry = &doc.entries()[id];
                    entry
                        .paper
                        .into_iter()
                        .chain(entry.links.iter().copied())
                        .find_map(|l| arxiv_id(&doc.link(l).url))
                });
            let replacement = arxiv
                .as_deref()
                .and_then(|id| dead.replacement_for_arxiv(id));
            let diagnostic = cx.report(
                link.url_range.clone(),
                format!("link to {}, a service that is gone", dead.host),
            );
            diagnostic.url(written);
            match replacement {
                Some(replacement) => {
                    let what = match &dead.replacement_note {
                        Some(note) => format!("{}; {note}", dead.note),
                        None => dead.note.clone(),
                    };
                    diagnostic
                        .help(format!("{what}: link `{replacement}` instead"))
                        // The paper's page on another site is not the same page: unsafe.
                        .fix(Fix::unsafe_edit(Edit::replace(
                            link.url_range.clone(),
                            replacement,
                        )));
                }
                None => {
                    diagnostic.help(format!(
                        "{}: link the {} where it lives now, or remove the link",
                        dead.note,
                        page_kind(&link.url)
                    ));
                }
            }
        }
    }
}

/// What a page of a dead host showed, for the help: `/dataset/…` is a dataset.
fn page_kind(url: &str) -> &'static str {
    let first = WebUrl::parse(url)
        .and_then(|web| web.segments().first().map(|s| s.to_ascii_lowercase()))
        .unwrap_or_default();
    match first.as_str() {
        "paper" => "paper",
        "dataset" | "datasets" => "dataset",
        "method" | "methods" => "method",
        "task" | "area" => "task",
        "sota" => "leaderboard",
        _ => "resource",
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::test_util::check_rule;

    #[test]
    fn paperswithcode_with_and_without_an_arxiv_id() {
        let text = "- AdapterHub [[Paper](https://arxiv.org/abs/2007.07779)] [![Code](https://img.shields.io/badge/Code-blue)](https://paperswithcode.com/paper/adapterhub-a-framework-for-adapting)\n- NMT [[Paper](https://aclanthology.org/D19-1165.pdf)] [Code](https://paperswithcode.com/paper/simple-scalable-adaptation-for-neural-machine)\n";
        let found = check_rule(&super::DeadHost, text);
        assert_eq!(found.len(), 2);
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(
            fix.edits[0].replacement,
            "https://huggingface.co/papers/2007.07779"
        );
        assert!(found[1].fix.is_none());
        assert_eq!(
            found[1].help.as_deref(),
            Some(
                "Papers with Code shut down in July 2025: link the paper where it lives now, or remove the link"
            )
        );
    }

    #[test]
    fn dataset_and_other_pages_get_help_only() {
        // WooooDyy L368: the ToolLLM entry has an arXiv id, but its dataset link is no paper.
        let text = "- [2023/07] **ToolLLM** [[paper](https://arxiv.org/abs/2307.16789)] [[code](https://github.com/openbmb/toolbench)] [[dataset](https://paperswithcode.com/dataset/toolbench)]\n- E2E [[Paper](https://arxiv.org/abs/1706.09254)] [[Link](https://paperswithcode.com/sota/data-to-text-generation-on-e2e)]\n";
        let found = check_rule(&super::DeadHost, text);
        let helps: Vec<_> = found.iter().map(|d| d.help.clone().unwrap()).collect();
        assert_eq!(
            helps,
            [
                "Papers with Code shut down in July 2025: link the dataset where it lives now, or remove the link",
                "Papers with Code shut down in July 2025: link the leaderboard where it lives now, or remove the link",
            ]
        );
        assert!(found.iter().all(|d| d.fix.is_none()));
        assert!(helps.iter().all(|h| !h.contains("redirect")));
    }
}
