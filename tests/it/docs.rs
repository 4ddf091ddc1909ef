//! Every rule's documentation page has the fixed headings, and its examples hold: each
//! `markdown invalid` block triggers exactly its rule, each `markdown valid` block none.

use awesome_lint::registry;

use awesome_lint::repo::RepoFile;

use crate::support::{lint_in, temp_repo};

/// Examples are linted as `example.md` at the root of a repository holding `docs/usage.md`,
/// so rules about relative links have files to find (the pages say so).
fn lint_example(block: &str) -> awesome_lint::lint::FileReport {
    let dir = temp_repo(&[
        ("example.md", block),
        ("docs/usage.md", "# Usage\n\n## Install\n"),
    ]);
    let repo = RepoFile::find(&dir.path().join("example.md")).expect("in the repository");
    lint_in("example.md", block, Some(&repo))
}

fn blocks<'a>(doc: &'a str, info: &str) -> Vec<&'a str> {
    let fence = format!("```{info}\n");
    doc.match_indices(&fence)
        .map(|(at, _)| {
            let body = &doc[at + fence.len()..];
            &body[..body.find("\n```").map_or(body.len(), |end| end + 1)]
        })
        .collect()
}

#[test]
fn every_rule_page_has_the_fixed_headings() {
    for meta in registry::all_metas() {
        assert!(
            meta.doc.starts_with(&format!("# {}\n", meta.id)),
            "{}",
            meta.id
        );
        for heading in [
            "## What it checks",
            "## Why",
            "## Example",
            "## Fix",
            "## Options",
        ] {
            assert!(meta.doc.contains(heading), "{}: missing {heading}", meta.id);
        }
        assert!(!meta.summary.ends_with('.'), "{}", meta.id);
    }
}

#[test]
fn documented_examples_trigger_exactly_their_rule() {
    for meta in registry::all_metas() {
        if meta.network {
            continue;
        }
        let invalid = blocks(meta.doc, "markdown invalid");
        let valid = blocks(meta.doc, "markdown valid");
        assert!(
            !invalid.is_empty() && !valid.is_empty(),
            "{}: examples missing",
            meta.id
        );
        for block in invalid {
            let report = lint_example(block);
            let rules: Vec<_> = report.diagnostics.iter().map(|d| d.rule).collect();
            assert!(
                !rules.is_empty(),
                "{}: invalid example not caught:\n{block}",
                meta.id
            );
            assert!(
                rules.iter().all(|r| *r == meta.id),
                "{}: {rules:?}\n{block}",
                meta.id
            );
        }
        for block in valid {
            let report = lint_example(block);
            let found: Vec<_> = report
                .diagnostics
                .iter()
                .map(|d| (d.rule, &d.message))
                .collect();
            assert!(
                found.is_empty(),
                "{}: valid example flagged {found:?}\n{block}",
                meta.id
            );
        }
    }
}
