//! Links inside the repository: GitHub's heading anchors on every heading form real lists
//! use, the corpus cases of issue 16, and relative links to files checked on disk.

use assert_cmd::Command;
use awesome_lint::document::{Document, LinkKind};
use awesome_lint::fix::apply_fixes;
use awesome_lint::repo::RepoFile;
use predicates::prelude::*;

use crate::support::{fixture, lint, lint_in, temp_repo};

/// `(line, written URL, help)` of the broken-anchor findings of a fixture.
fn broken(name: &str) -> Vec<(usize, String, String)> {
    let report = lint(name, &fixture(name));
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "broken-anchor")
        .map(|d| {
            (
                report.document.line_index().line_of(d.range.start) + 1,
                d.url.clone().unwrap_or_default(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

/// The text after `fix`, with the default (safe) fixes only.
fn fixed(name: &str) -> String {
    let text = fixture(name);
    let report = lint(name, &text);
    apply_fixes(&text, &report.diagnostics, false).0
}

#[test]
fn heading_anchors_are_githubs_on_every_form() {
    let doc = Document::parse(fixture("broken-anchor.md"));
    let anchors: Vec<&str> = doc.sections().iter().map(|s| s.anchor.as_str()).collect();
    assert_eq!(
        anchors,
        [
            "awesome-anchors-",
            "contents",
            "-efficient-moe",
            "torchcompile-tricks",
            "papers-2024",
            "tools",
            "tools-1",
            "tools-2",
            "--introduction-",
            "中文资源",
            "closed-heading",
            "setext-heading-with-link",
            "another-setext",
            "\u{fe0f}-settings",
            "qa-c-vs-c",
            "-logo-heading",
        ]
    );
    let html: Vec<&str> = doc
        .anchors()
        .iter()
        .filter(|a| a.kind == awesome_lint::document::AnchorKind::Html)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(html, ["head1", "custom-anchor"]);
}

#[test]
fn lists_with_a_correct_table_of_contents_report_nothing() {
    for name in [
        "anchors/BradyFU-toc.md",
        "anchors/cmhungsteve-toc.md",
        "anchors/hee9joon-toc.md",
        "anchors/sindresorhus-toc.md",
        "anchors/veggiemonk-toc.md",
        "anchors/xlite-dev-toc.md",
        "corpus/vinta-awesome-python.md",
        "corpus/WooooDyy-LLM-Agent-Paper-List.md",
    ] {
        let doc = Document::parse(fixture(name));
        let fragments = doc
            .links()
            .iter()
            .filter(|l| l.url.starts_with('#') && l.kind != LinkKind::Bare)
            .count();
        assert!(fragments >= 14, "{name}: only {fragments} fragment links");
        assert_eq!(broken(name), [], "{name}");
    }
}

#[test]
fn horseee_efficient_moe_is_fixed() {
    let found = broken("anchors/horseee-toc.md");
    assert_eq!(
        found,
        [(
            20,
            "#efficient_moe".to_string(),
            "link `#efficient-moe`, the heading “Efficient MOE”".to_string()
        )]
    );
    assert!(fixed("anchors/horseee-toc.md").contains("  - [Efficient MOE](#efficient-moe)\n"));
}

#[test]
fn chenhsing_subsections_that_are_gone() {
    let found = broken("anchors/ChenHsing-toc.md");
    assert_eq!(found.len(), 10, "{found:#?}");
    // L117 of the list: no such heading; the link's text names one with a typo.
    assert_eq!(
        found[0],
        (
            16,
            "#modality-control-video-generation".to_string(),
            "link one of the nearest anchors (`#video-generation-with-other-conditions`, \
             `#video-generation`) or remove the link"
                .to_string()
        )
    );
    // The link texts name the headings exactly: safe fixes.
    let text = fixed("anchors/ChenHsing-toc.md");
    for line in [
        "- - [Unconditional Video Generation](#unconditional-video-generation)",
        "- - - [U-Net based](#u-net-based)",
        "- - - [Transformer-based](#transformer-based)",
        "- - [Video Generation with other Condtions](#modality-control-video-generation)",
    ] {
        assert!(text.contains(line), "{line}");
    }
}

#[test]
fn synbol_span_headings_are_fixed_to_their_real_anchor() {
    let found = broken("corpus/synbol-Awesome-PETL.md");
    let urls: Vec<&str> = found.iter().map(|(_, url, _)| url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "#introduction",
            "#keywords",
            "#papers",
            "#datasets-of-visual-peft",
            "#contribution"
        ]
    );
    assert_eq!(found[0].0, 20);
    assert!(
        fixed("corpus/synbol-Awesome-PETL.md").contains("- [Introduction](#--introduction-)\n")
    );
}

fn repository() -> tempfile::TempDir {
    temp_repo(&[
        (
            "README.md",
            "# List\n\n\
             - [Guide](docs/guide.md) and [its install](docs/guide.md#install)\n\
             - [Usage](docs/guide.md#usage) [FAQ](docs/FAQ.md) [Logo](assets/logo.PNG)\n\
             - [Issues](../../issues) [Top](#list) [line](docs/guide.md?plain=1#L3)\n",
        ),
        ("docs/guide.md", "# Guide\n\n## Install\n"),
        ("assets/logo.png", ""),
    ])
}

#[test]
fn files_and_fragments_in_other_files_are_checked_on_disk() {
    let dir = repository();
    let path = dir.path().join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let repo = RepoFile::find(&path).expect("inside a repository");
    let report = lint_in("README.md", &text, Some(&repo));
    let found: Vec<(&str, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "broken-anchor",
                "no heading or anchor `#usage` in `docs/guide.md`"
            ),
            ("missing-file", "no file `docs/FAQ.md` in the repository"),
            (
                "missing-file",
                "`assets/logo.PNG` differs in letter case from the file on disk"
            ),
            (
                "missing-file",
                "`../../issues` points outside the repository"
            ),
        ]
    );
    // The same text from standard input has no repository: only in-file anchors count.
    assert_eq!(lint("README.md", &text).diagnostics, []);
}

#[test]
fn cli_checks_files_in_a_repository_and_fixes_letter_case() {
    let dir = repository();
    let binary = || {
        let mut command = Command::cargo_bin("awesome-lint").unwrap();
        command
            .current_dir(dir.path())
            .env("AWESOME_LINT_OFFLINE", "1");
        command
    };
    binary()
        .args(["check", "README.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "error[missing-file]: no file `docs/FAQ.md` in the repository",
        ))
        .stdout(predicate::str::contains(
            "warning[broken-anchor]: no heading or anchor `#usage` in `docs/guide.md`",
        ));
    binary()
        .args(["check", "-", "--fail-on", "warning"])
        .write_stdin(std::fs::read_to_string(dir.path().join("README.md")).unwrap())
        .assert()
        .code(0);
    binary().args(["fix", "README.md"]).assert().code(0);
    let after = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(after.contains("[Logo](assets/logo.png)"), "{after}");
}

/// LittleSummer114/Commonsense-Paper-List writes `### [Dialogue](#content)` on 24 headings,
/// and `#content` exists nowhere: one finding for the fragment, not 24, and no safe fix that
/// points each heading at itself.
#[test]
fn back_to_contents_links_sharing_a_broken_fragment_are_one_finding() {
    let name = "anchors/back-to-contents.md";
    assert_eq!(
        broken(name),
        [
            (
                11,
                "#content".to_string(),
                "put an anchor where these links should lead (`<a id=\"content\"></a>` above the contents), or link an existing heading".to_string()
            ),
            (
                25,
                "#dialog".to_string(),
                "link the nearest anchor `#dialogue` or remove the link".to_string()
            ),
        ]
    );
    let report = lint(name, &fixture(name));
    assert_eq!(report.diagnostics[0].related.len(), 2);
    // nothing to fix safely: the text is unchanged
    assert_eq!(fixed(name), fixture(name));
}

/// One heading linking a fragment that is gone: its own anchor is no suggestion.
#[test]
fn a_heading_is_never_fixed_to_link_itself() {
    let text = "# List\n\n## [Dialogue](#content)\n\n- [A](https://example.org/a)\n";
    let report = lint("self.md", text);
    let finding = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "broken-anchor")
        .expect("the broken fragment is reported");
    assert!(finding.fix.is_none(), "{finding:?}");
    assert_eq!(
        finding.help.as_deref(),
        Some("link a heading of this file or remove the link")
    );
}

/// dair-ai's ML-Papers-of-the-Week links its 118 contents lines as `./#week-1`: in a README,
/// the folder's page is this page, so the fragment is checked here. In any other file `./`
/// is the folder's README, another page, and is left alone.
#[test]
fn dot_slash_fragments_in_a_readme_are_this_page() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# T\n\n## Contents\n\n- [Week 1](./#week-1)\n- [Week 2](./#week-two)\n\n## Week 1\n\n- [Paper X](https://arxiv.org/abs/2101.00001)\n";
    std::fs::write(dir.path().join("README.md"), text).unwrap();
    std::fs::write(dir.path().join("guide.md"), text).unwrap();
    let run = |file: &str| {
        let output = Command::cargo_bin("awesome-lint")
            .unwrap()
            .current_dir(dir.path())
            .args(["check", file, "--offline", "--select", "broken-anchor"])
            .args(["--format", "json", "--fail-on", "never"])
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["line"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run("README.md"),
        [(
            6,
            "no heading or anchor `#week-two` in this file".to_string()
        )]
    );
    assert_eq!(run("guide.md"), []);
}
