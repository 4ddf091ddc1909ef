use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::tree::{BlockKind, Inline, InlineKind};
use crate::document::{Document, Link};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "awesome-badge",
    default_severity: Severity::Error,
    summary: "the main heading does not carry the Awesome badge",
    doc: include_str!("../../rules/awesome-badge.md"),
    network: false,
    fixable: true,
};

/// Where the badge may link.
const BADGE_TARGETS: [&str; 2] = [
    "https://awesome.re",
    "https://github.com/sindresorhus/awesome",
];

/// The badge images sindresorhus/awesome accepts.
const BADGE_SOURCES: [&str; 3] = [
    "https://awesome.re/badge.svg",
    "https://awesome.re/badge-flat.svg",
    "https://awesome.re/badge-flat2.svg",
];

/// The list joins sindresorhus/awesome's family with the badge beside its title.
#[derive(Debug, Default)]
pub struct AwesomeBadge;

fn is_badge_target(url: &str) -> bool {
    BADGE_TARGETS.contains(&url.trim().trim_end_matches('/'))
}

/// An Awesome badge image: today's `awesome.re/badge*.svg` or the old rawgit copy of
/// `sindresorhus/awesome/…/media/badge*.svg` that many lists still show.
pub fn is_awesome_badge_image(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    let path = url
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    path.starts_with("awesome.re/badge")
        || (path.contains("sindresorhus/awesome/") && path.contains("/media/badge"))
}

/// Whether the file carries the Awesome badge anywhere: then it asks to follow the
/// guidelines, and `preset = "auto"` runs the guideline rules.
pub fn carries_awesome_badge(doc: &Document) -> bool {
    awesome_badge_in(doc).is_some()
}

/// The first Awesome badge image of the file, wherever it is.
fn awesome_badge_in(doc: &Document) -> Option<&Link> {
    doc.links()
        .iter()
        .find(|link| link.image && is_awesome_badge_image(&link.url))
}

impl Rule for AwesomeBadge {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let tree = doc.tree();
        // As upstream: only a heading that opens the document is the main heading here; a
        // list that opens with HTML (a centred logo) is judged by its HTML, not by this rule.
        let Some(first) = tree.blocks.iter().find(|b| b.depth == 0) else {
            return;
        };
        if first.kind != BlockKind::Heading {
            return;
        }
        let Some(heading) = tree
            .headings
            .iter()
            .find(|h| h.range.start == first.range.start)
        else {
            return;
        };
        let mut found = false;
        if heading.level == 1 {
            for link in heading.inlines.iter().filter(|n| n.is_link()) {
                if !is_badge_target(&link.url) {
                    continue;
                }
                for image in link.children.iter().filter(|c| c.kind == InlineKind::Image) {
                    if !BADGE_SOURCES.contains(&image.url.trim()) {
                        report_source(doc, cx, image);
                        return;
                    }
                    found = true;
                }
            }
        }
        if found {
            return;
        }
        // tamlhp/awesome-mamba-ts shows the badge on the line under its title: "missing"
        // and "add" would give the list a second badge
        let elsewhere = awesome_badge_in(doc).filter(|_| heading.level == 1);
        match elsewhere {
            // on the heading, but its link is not awesome.re's (or a reference that is gone)
            Some(badge)
                if heading.range.start <= badge.range.start
                    && badge.range.end <= heading.range.end =>
            {
                cx.report(
                    heading.range.clone(),
                    "the Awesome badge on the main heading does not link to https://awesome.re",
                )
                .help("write it as [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)");
            }
            Some(badge) => {
                cx.report(
                    heading.range.clone(),
                    "the Awesome badge is not on the main heading",
                )
                .help("move the badge onto the heading line, after the title, linked to https://awesome.re: [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)")
                .related(badge.range.clone(), "the badge is here");
            }
            None => {
                cx.report(
                    heading.range.clone(),
                    "missing Awesome badge next to the main heading",
                )
                .help("add [![Awesome](https://awesome.re/badge.svg)](https://awesome.re) after the title");
            }
        }
    }
}

fn report_source(doc: &Document, cx: &mut Context, image: &Inline) {
    let diagnostic = cx
        .report(
            image.range.clone(),
            format!("invalid badge source `{}`", image.url),
        )
        .help("use https://awesome.re/badge.svg (or badge-flat.svg, badge-flat2.svg)");
    // The old rawgit badge is the same picture: pointing it at awesome.re is safe.
    if is_awesome_badge_image(&image.url)
        && let Some(at) = doc.slice(image.range.clone()).rfind(image.url.as_str())
    {
        let start = image.range.start + at;
        diagnostic.fix(Fix::safe(Edit::replace(
            start..start + image.url.len(),
            BADGE_SOURCES[0],
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    fn messages(text: &str) -> Vec<String> {
        check_rule(&AwesomeBadge, text)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn badge_beside_the_title() {
        assert!(
            messages(
                "# Awesome X [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"
            )
            .is_empty()
        );
        assert!(messages("# Awesome X [![Awesome](https://awesome.re/badge-flat2.svg)](https://github.com/sindresorhus/awesome)\n").is_empty());
        assert_eq!(
            messages("# Awesome X\n"),
            ["missing Awesome badge next to the main heading"]
        );
        assert_eq!(
            messages(
                "## Awesome X [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"
            ),
            ["missing Awesome badge next to the main heading"]
        );
        // tamlhp/awesome-mamba-ts: the badge on the line under the title is not missing
        let found = check_rule(
            &AwesomeBadge,
            "# Awesome X\n\n[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "the Awesome badge is not on the main heading"
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap_or("")
                .starts_with("move the badge")
        );
        assert_eq!(found[0].related.len(), 1);
        assert_eq!(
            messages(
                "# Awesome X [![Awesome](https://example.org/badge.svg)](https://awesome.re)\n"
            ),
            ["invalid badge source `https://example.org/badge.svg`"]
        );
        // A list that opens with HTML or a paragraph is not judged here.
        assert!(messages("<h1>Awesome X</h1>\n").is_empty());
        assert!(messages("Intro\n\n# Awesome X\n").is_empty());
    }

    #[test]
    fn reference_links_count() {
        // veggiemonk/awesome-docker links its badge through `][sindresorhus]`.
        let text = "# Awesome X [![Awesome](https://awesome.re/badge.svg)][s]\n\n[s]: https://github.com/sindresorhus/awesome\n";
        assert!(messages(text).is_empty());
    }

    #[test]
    fn detects_the_badge_anywhere() {
        let doc = Document::parse("<p><img src=\"https://awesome.re/badge.svg\"></p>\n");
        assert!(carries_awesome_badge(&doc));
        let doc = Document::parse(
            "[![A](https://cdn.rawgit.com/sindresorhus/awesome/d730/media/badge.svg)](https://x)\n",
        );
        assert!(carries_awesome_badge(&doc));
        let doc = Document::parse(
            "[![PRs](https://img.shields.io/badge/PRs-welcome-green.svg)](https://x)\n",
        );
        assert!(!carries_awesome_badge(&doc));
    }
}
