use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::identity::arxiv_id;
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
            // The entry's own arXiv id, from its paper link or any arXiv link it has.
            let arxiv = link.entry.and_then(|id| {
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
                    diagnostic
                        .help(format!("{}: link `{replacement}` instead", dead.note))
                        // The paper's page on another site is not the same page: unsafe.
                        .fix(Fix::unsafe_edit(Edit::replace(
                            link.url_range.clone(),
                            replacement,
                        )));
                }
                None => {
                    diagnostic.help(format!(
                        "{}: link the resource where it lives now, or remove the link",
                        dead.note
                    ));
                }
            }
        }
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
        assert!(found[1].help.as_ref().unwrap().contains("July 2025"));
    }
}
