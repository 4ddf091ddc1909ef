use std::collections::HashSet;

use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::{Document, Link, LinkRole};
use crate::network::Needs;
use crate::online::github::renamed_url;
use crate::online::{RepoRef, RepoStatus, parse_repo_url};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "github-repo-status",
    default_severity: Severity::Warning,
    summary: "a code link to a GitHub repository that is archived, renamed or missing",
    doc: include_str!("../../rules/github-repo-status.md"),
    network: true,
    fixable: true,
};

/// Code links rot differently from pages: a renamed repository still redirects (until the
/// old name is taken), an archived one still answers 200.
#[derive(Debug, Default)]
pub struct GithubRepoStatus;

/// The repository links of entries: their code link, or the title link of a resource list.
fn repo_links(doc: &Document) -> impl Iterator<Item = (&Link, RepoRef)> {
    doc.entries().iter().flat_map(move |entry| {
        entry
            .links
            .iter()
            .map(|&id| doc.link(id))
            .filter(|l| matches!(l.role, Some(LinkRole::Code | LinkRole::Title)) && !l.image)
            .filter_map(|l| parse_repo_url(&l.url).map(|repo| (l, repo)))
            .collect::<Vec<_>>()
    })
}

impl Rule for GithubRepoStatus {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn needs(&self, doc: &Document, needs: &mut Needs) {
        for (_, repo) in repo_links(doc) {
            needs.add_repo(repo);
        }
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let Some(statuses) = cx.online().and_then(|o| o.repos.as_ref()) else {
            return;
        };
        let mut seen = HashSet::new();
        for (link, repo) in repo_links(doc) {
            let Some(status) = statuses.get(&repo) else {
                continue;
            };
            if !seen.insert(link.url_range.clone()) {
                continue;
            }
            let written = doc.slice(link.url_range.clone());
            let name = repo.full_name();
            match status {
                RepoStatus::Active => {}
                RepoStatus::Archived => {
                    cx.report(
                        link.url_range.clone(),
                        format!("repository {name} is archived"),
                    )
                    .url(written)
                    .help("keep it if the code is still useful, or link a maintained fork");
                }
                RepoStatus::Missing => {
                    cx.report(
                        link.url_range.clone(),
                        format!("repository {name} does not exist"),
                    )
                    .url(written)
                    .help("remove the code link or point it at where the code lives now");
                }
                RepoStatus::Renamed {
                    new_full_name,
                    archived,
                } => {
                    let diagnostic = cx.report(
                        link.url_range.clone(),
                        format!(
                            "repository {name} moved to {new_full_name}{}",
                            if *archived { " (archived)" } else { "" }
                        ),
                    );
                    diagnostic.url(written);
                    match renamed_url(written, &name, new_full_name) {
                        Some(new_url) => {
                            // GitHub redirects the old name only until someone takes it.
                            diagnostic
                                .help(format!("link `{new_url}`"))
                                .fix(Fix::safe(Edit::replace(link.url_range.clone(), new_url)));
                        }
                        None => {
                            diagnostic.help(format!("link github.com/{new_full_name}"));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn renamed_urls_keep_their_path() {
        assert_eq!(
            crate::online::github::renamed_url(
                "https://github.com/Old/Repo/tree/main?tab=x",
                "old/repo",
                "new/repo2"
            )
            .as_deref(),
            Some("https://github.com/new/repo2/tree/main?tab=x")
        );
        assert_eq!(
            crate::online::github::renamed_url(
                "https://github.com/old/repository",
                "old/repo",
                "new/r"
            ),
            None
        );
    }
}
