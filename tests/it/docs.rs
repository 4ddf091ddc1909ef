//! Every rule's documentation page has the fixed headings, and its examples hold: each
//! `markdown invalid` block triggers exactly its rule, each `markdown valid` block none.

use awesome_lint::config::{Config, Preset};
use awesome_lint::document::Document;
use awesome_lint::lint::{FileReport, Linter, Selection};
use awesome_lint::registry;

use awesome_lint::repo::RepoFile;

use crate::support::{lint_in, temp_repo};

/// Examples are linted as `example.md` at the root of a repository holding `docs/usage.md`,
/// so rules about relative links have files to find (the pages say so).
fn lint_in_repository(block: &str) -> FileReport {
    let dir = temp_repo(&[
        ("example.md", block),
        ("docs/usage.md", "# Usage\n\n## Install\n"),
    ]);
    let repo = RepoFile::find(&dir.path().join("example.md")).expect("in the repository");
    lint_in("example.md", block, Some(&repo))
}

/// Rules whose examples a Markdown block cannot show: they judge files beside the list
/// (tests/it/guide.rs covers them with real folders) or a missing final newline.
const NOT_SHOWN_IN_A_BLOCK: [&str; 3] = [
    "awesome-contributing",
    "awesome-code-of-conduct",
    "final-newline",
];

/// Guideline rules' examples are whole awesome lists, linted with every guideline rule on:
/// an invalid one breaks only its own rule.
fn lint_example(id: &str, block: &str) -> FileReport {
    if !registry::is_guideline(id) {
        return lint_in_repository(block);
    }
    let selection = Selection {
        offline: true,
        preset: Some(Preset::Awesome),
        ..Default::default()
    };
    let linter = Linter::new(&Config::default(), &selection).expect("default config is valid");
    let document = Document::parse(block);
    let diagnostics = linter.lint(&document);
    FileReport {
        path: "example.md".to_string(),
        document,
        diagnostics,
    }
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
        if meta.network || NOT_SHOWN_IN_A_BLOCK.contains(&meta.id) {
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
            let report = lint_example(meta.id, block);
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
            let report = lint_example(meta.id, block);
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
