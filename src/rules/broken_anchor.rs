use std::collections::{HashMap, HashSet};
use std::ops::Range;

use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::anchor::{self, Anchor, AnchorSet, Suggestion};
use crate::document::{AnchorKind, Document, Link};
use crate::repo::{RelativeLink, Target, is_markdown, relative_link};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "broken-anchor",
    default_severity: Severity::Warning,
    summary: "a `#fragment` link that no heading or anchor of its file has",
    doc: include_str!("../../rules/broken-anchor.md"),
    network: false,
    fixable: true,
};

/// A table of contents breaks silently when a heading is renamed: horseee links
/// `#efficient_moe` to the heading "Efficient MOE", whose anchor is `efficient-moe`.
#[derive(Debug, Default)]
pub struct BrokenAnchor;

impl Rule for BrokenAnchor {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        // Only links with a fragment concern this rule; the filter keeps a list of 500 000
        // web links from being deduplicated for nothing.
        let mut in_file: Vec<(&Link, &str)> = Vec::new();
        for link in doc.links_once(|link| !link.image && link.url.contains('#')) {
            let url = link.url.trim();
            // `./#section` in a README is this page: GitHub shows the folder with its README
            // (118 contents links of dair-ai's ML-Papers-of-the-Week)
            let this_page = url
                .strip_prefix("./#")
                .filter(|_| is_readme(cx.path()))
                .map(|_| &url[2..]);
            if let Some(fragment) = this_page.unwrap_or(url).strip_prefix('#') {
                if !doc.has_anchor(fragment) {
                    in_file.push((link, fragment));
                }
                continue;
            }
            // A fragment into another Markdown file of the repository; a missing file is
            // `missing-file`'s finding, not this rule's.
            let Some(RelativeLink {
                path,
                query,
                fragment: Some(fragment),
            }) = relative_link(url)
            else {
                continue;
            };
            // `guide.md?plain=1#L10` is a line of the source view, not a heading.
            if query.is_some_and(|q| q.split('&').any(|p| p == "plain=1")) {
                continue;
            }
            let Some(repo) = cx.repo() else { continue };
            let Target::File { path: file, shown } = repo.resolve(path) else {
                continue;
            };
            if !is_markdown(&file) || anchor::needs_no_anchor(fragment) {
                continue;
            }
            let Some(anchors) = repo.anchors_of(&file) else {
                continue;
            };
            if anchors.find(fragment).is_none() {
                report(
                    cx,
                    doc,
                    link,
                    fragment,
                    &anchors,
                    Some(&shown),
                    &HashSet::new(),
                );
            }
        }
        report_in_file(cx, doc, &in_file);
    }
}

/// Whether the linted file is a folder's README, the page GitHub shows for the folder.
fn is_readme(path: Option<&std::path::Path>) -> bool {
    path.and_then(|p| p.file_stem())
        .and_then(|stem| stem.to_str())
        .is_some_and(|stem| stem.eq_ignore_ascii_case("readme"))
}

/// Links that share a broken fragment under different texts — `## [Survey papers](#content)`,
/// `## [Dialogue](#content)`, … — are "back to the contents" links that lost their target:
/// one finding for the fragment, every other use related, and no fix from a link's text
/// (that would point each heading at itself).
const SHARED_FRAGMENT: usize = 3;

fn report_in_file(cx: &mut Context, doc: &Document, broken: &[(&Link, &str)]) {
    let mut uses: HashMap<&str, Vec<&Link>> = HashMap::new();
    for &(link, fragment) in broken {
        uses.entry(fragment).or_default().push(link);
    }
    // Whether each fragment is a lost "back to the contents" target, decided once per
    // fragment (a list may use one fragment thousands of times).
    let shared: HashMap<&str, bool> = uses
        .iter()
        .map(|(&fragment, links)| {
            let texts: HashSet<&str> = links.iter().map(|l| l.text.trim()).collect();
            (fragment, links.len() >= SHARED_FRAGMENT && texts.len() >= 2)
        })
        .collect();
    // Fragments other links of this file reach: a contents line whose section is gone
    // (`[LLMOps](#llmops)`) is no rename of `#awesome-llmops` when another line links it
    let linked: HashSet<&str> = if broken.is_empty() {
        HashSet::new()
    } else {
        doc.links()
            .iter()
            .filter_map(|l| l.url.trim().strip_prefix('#'))
            .filter(|f| doc.has_anchor(f))
            .collect()
    };
    for &(link, fragment) in broken {
        if !shared.get(fragment).copied().unwrap_or(false) {
            report(cx, doc, link, fragment, doc.anchor_set(), None, &linked);
            continue;
        }
        let Some(links) = uses.get(fragment) else {
            continue;
        };
        if !std::ptr::eq(links[0], link) {
            continue;
        }
        let written = doc.slice(link.url_range.clone()).to_string();
        let diagnostic = cx.report(
            link.url_range.clone(),
            format!(
                "no heading or anchor `#{fragment}` in this file ({} links use it)",
                links.len()
            ),
        );
        diagnostic.url(written);
        diagnostic.help(format!(
            "put an anchor where these links should lead (`<a id=\"{fragment}\"></a>` above the contents), or link an existing heading"
        ));
        for other in &links[1..] {
            diagnostic.related(other.url_range.clone(), format!("`#{fragment}` here too"));
        }
    }
}

/// Where the fragment (after `#`) is written inside the link's URL, when the URL is written
/// as parsed (no escapes or entities that would shift it).
fn fragment_range(doc: &Document, link: &Link, fragment: &str) -> Option<Range<usize>> {
    let written = doc.slice(link.url_range.clone());
    if written != link.url {
        return None;
    }
    let hash = written.find('#')?;
    let start = link.url_range.start + hash + 1;
    (written.len() - hash - 1 == fragment.len()).then_some(start..link.url_range.end)
}

fn report(
    cx: &mut Context,
    doc: &Document,
    link: &Link,
    fragment: &str,
    anchors: &AnchorSet,
    file: Option<&str>,
    linked: &HashSet<&str>,
) {
    let place = match file {
        Some(file) => format!("`{file}`"),
        None => "this file".to_string(),
    };
    let message = format!("no heading or anchor `#{fragment}` in {place}");
    let suggestion = anchors.suggest(fragment, &link.text);
    let written = doc.slice(link.url_range.clone()).to_string();
    let diagnostic = cx.report(link.url_range.clone(), message);
    diagnostic.url(written);
    // A heading that links its own text (`## [Dialogue](#content)`) is no target for itself,
    // and the list's `#` title that another link already reaches is no safe guess for a
    // section that is gone
    let suggestion = match suggestion {
        Suggestion::One(target)
            if target.range.start <= link.range.start && link.range.end <= target.range.end =>
        {
            Suggestion::Nearest(Vec::new())
        }
        Suggestion::One(target) if linked.contains(target.id.as_str()) && is_title(doc, target) => {
            Suggestion::Nearest(vec![target])
        }
        other => other,
    };
    match suggestion {
        Suggestion::One(target) => {
            let written = anchor::link_form(&target.id);
            diagnostic.help(format!(
                "link `#{written}`{}",
                heading_of(doc, target, file)
            ));
            if let Some(range) = fragment_range(doc, link, fragment) {
                diagnostic.fix(Fix::safe(Edit::replace(range, written)));
            }
        }
        Suggestion::Nearest(near) if near.len() == 1 => {
            diagnostic.help(format!(
                "link the nearest anchor `#{}` or remove the link",
                anchor::link_form(&near[0].id)
            ));
        }
        Suggestion::Nearest(near) if !near.is_empty() => {
            let listed: Vec<String> = near
                .iter()
                .map(|a| format!("`#{}`", anchor::link_form(&a.id)))
                .collect();
            diagnostic.help(format!(
                "link one of the nearest anchors ({}) or remove the link",
                listed.join(", ")
            ));
        }
        Suggestion::Nearest(_) => {
            diagnostic.help(format!("link a heading of {place} or remove the link"));
        }
    }
}

/// Whether an anchor is a `#` heading of this document, the list's title.
fn is_title(doc: &Document, anchor: &Anchor) -> bool {
    matches!(anchor.kind, AnchorKind::Heading(id) if doc.sections().get(id).is_some_and(|s| s.level == 1))
}

/// `, the heading “Efficient MOE”` for an anchor of this document's headings (the title of
/// a heading in another file is not at hand).
fn heading_of(doc: &Document, anchor: &Anchor, file: Option<&str>) -> String {
    match (anchor.kind, file) {
        (AnchorKind::Heading(id), None) => doc
            .sections()
            .get(id)
            .map(|s| format!(", the heading “{}”", s.title))
            .unwrap_or_default(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::apply_fixes;
    use crate::test_util::check_rule;

    use super::BrokenAnchor;

    #[test]
    fn renamed_heading_gets_a_safe_fix() {
        // horseee L44: the table of contents links `#efficient_moe`.
        let text = "- [Efficient MOE](#efficient_moe)\n\n## Efficient MOE\n";
        let found = check_rule(&BrokenAnchor, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "no heading or anchor `#efficient_moe` in this file"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("link `#efficient-moe`, the heading “Efficient MOE”")
        );
        let (fixed, count) = apply_fixes(text, &found, false);
        assert_eq!(count, 1);
        assert!(fixed.starts_with("- [Efficient MOE](#efficient-moe)\n"));
        assert_eq!(check_rule(&BrokenAnchor, &fixed), []);
    }

    /// tensorchord's LLMOps contents: `[LLMOps](#llmops)` lost its section, and the closest
    /// anchor is the list's own title, which the line above already links. Pointing the line
    /// there would make two contents lines one; help names it, no fix.
    #[test]
    fn a_heading_another_link_reaches_is_no_safe_fix() {
        let text = "# Awesome LLMOps\n\n## Contents\n\n- [Awesome LLMOps](#awesome-llmops)\n  - [Model](#model)\n  - [LLMOps](#llmops)\n\n## Model\n";
        let found = check_rule(&BrokenAnchor, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].help.as_deref(),
            Some("link the nearest anchor `#awesome-llmops` or remove the link")
        );
        assert!(found[0].fix.is_none());
        // the same slip with the title not linked elsewhere keeps its fix
        let alone = text.replace("- [Awesome LLMOps](#awesome-llmops)\n  ", "");
        let found = check_rule(&BrokenAnchor, &alone);
        assert!(found[0].fix.is_some(), "{found:?}");
    }

    #[test]
    fn anchors_github_makes_are_not_reported() {
        let text = "\
- [A](#-serial-adapters) [B](#tools-1) [C](#head1) [D](#%E4%B8%AD%E6%96%87) [E](#Tools) [F](#top) [G](#)
- <a href=\"#custom\">H</a> [I](#user-content-tools)

## 🚀 Serial Adapters
## Tools
## Tools
## 📝 <span id=\"head1\"> *Introduction* </span>
## 中文
<a name=\"custom\"></a>
";
        assert_eq!(check_rule(&BrokenAnchor, text), []);
    }

    #[test]
    fn no_close_anchor_lists_none_or_the_nearest() {
        // ChenHsing L117: no such heading at all.
        let text = "[x](#modality-control-video-generation) [y](#datset)\n\n## Datasets\n## Video Editing\n";
        let found = check_rule(&BrokenAnchor, text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].help.as_deref(),
            Some("link a heading of this file or remove the link")
        );
        assert_eq!(
            found[1].help.as_deref(),
            Some("link the nearest anchor `#datasets` or remove the link")
        );
        assert!(found.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn headings_in_code_blocks_are_not_anchors() {
        let text = "[Install](#install)\n\n```md\n## Install\n```\n";
        assert_eq!(check_rule(&BrokenAnchor, text).len(), 1);
    }
}
