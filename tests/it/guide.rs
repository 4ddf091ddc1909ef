//! The awesome guideline rules: upstream awesome-lint's test cases on fixtures of our own,
//! the preset, remark's comments and finding the readme.

use assert_cmd::Command;
use awesome_lint::config::{Config, Preset};
use awesome_lint::document::Document;
use awesome_lint::lint::{Linter, Selection};
use predicates::prelude::*;

use crate::support::{fixture, root};

const BADGE: &str = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)";

/// `(line, message)` of one rule's findings, with every guideline rule on.
fn findings(rule: &str, text: &str) -> Vec<(usize, String)> {
    let selection = Selection {
        offline: true,
        preset: Some(Preset::Awesome),
        ..Default::default()
    };
    let linter = Linter::new(&Config::default(), &selection).unwrap();
    let doc = Document::parse(text);
    linter
        .lint(&doc)
        .into_iter()
        .filter(|d| d.rule == rule)
        .map(|d| (doc.line_index().line_of(d.range.start) + 1, d.message))
        .collect()
}

fn lines(found: &[(usize, String)]) -> Vec<usize> {
    found.iter().map(|(line, _)| *line).collect()
}

#[test]
fn list_item_fixture_reports_each_broken_shape_once() {
    let found = findings("awesome-list-item", &fixture("guide/list-item.md"));
    let expected = [
        (14, "list item description must start with valid casing"),
        (15, "list item description must end with proper punctuation"),
        (
            16,
            "list item link and description separated by invalid en-dash or em-dash",
        ),
        (
            17,
            "list item link and description separated by invalid whitespace",
        ),
        (18, "invalid list item link URL"),
        (19, "invalid list item link URL"),
        (20, "invalid list item link text"),
        (21, "invalid list item link"),
        (
            22,
            "list item link and description must be separated with a dash",
        ),
        (23, "list item description contains invalid markdown"),
        // Nested lists are checked on their own.
        (31, "list item description must start with valid casing"),
        // After `<!--lint enable …-->`.
        (57, "list item description must start with valid casing"),
    ];
    let expected: Vec<(usize, String)> =
        expected.iter().map(|(l, m)| (*l, m.to_string())).collect();
    assert_eq!(found, expected);
    assert_eq!(
        findings(
            "no-repeat-item-in-description",
            &fixture("guide/list-item.md")
        ),
        [(
            24,
            "list item description should not start with the item name \"Sprinkler\"".to_string()
        )]
    );
}

#[test]
fn list_item_valid_fixture_has_no_finding() {
    // upstream's valid list: punctuation runs, code and links in descriptions, casing of
    // names (npm, iOS, camelCase), quotes, parentheticals, emoji endings, code in link
    // text, items without a description, group labels.
    let text = fixture("guide/list-item-valid.md");
    for rule in awesome_lint::registry::GUIDELINE_RULES {
        assert!(
            findings(rule, &text).is_empty(),
            "{rule}: {:?}",
            findings(rule, &text)
        );
    }
}

#[test]
fn a_paper_list_without_the_badge_sees_no_guideline_rule() {
    let report = crate::support::lint(
        "guide/no-badge-paper-list.md",
        &fixture("guide/no-badge-paper-list.md"),
    );
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    // The same list judged by the guidelines has plenty to say.
    let text = fixture("guide/no-badge-paper-list.md");
    assert_eq!(
        findings("awesome-heading", &text),
        [(1, "main heading must be in title case".to_string())]
    );
    assert_eq!(
        findings("no-undefined-references", &text),
        [(
            11,
            "found reference to undefined definition `Code`".to_string()
        )]
    );
}

#[test]
fn list_item_scope_starts_after_the_section_following_contents() {
    let text = format!(
        "# Awesome X {BADGE}\n\n- [Intro](intro.md) - not checked, before Contents.\n\n## Contents\n\n- [Tools](#tools)\n\n## Tools\n\n- [Foo](https://foo.io) - lower.\n"
    );
    assert_eq!(lines(&findings("awesome-list-item", &text)), [11]);
    // Without a Contents heading every list is checked.
    let text = format!("# Awesome X {BADGE}\n\n- [Intro](intro.md) - Checked.\n");
    assert_eq!(lines(&findings("awesome-list-item", &text)), [3]);
    // A Contents heading with nothing after it leaves nothing to check.
    let text = format!("# Awesome X {BADGE}\n\n## Contents\n\n- [Foo](foo.md) - x\n");
    assert!(findings("awesome-list-item", &text).is_empty());
}

#[test]
fn list_item_badges_before_the_link_and_reference_links() {
    // upstream: multiple badges before the link, and link references, are valid
    let text = format!(
        "# Awesome X {BADGE}\n\n- [![Stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b) [![npm](https://img.shields.io/npm/v/b)](https://npmjs.com/b) [B](https://github.com/a/b) - Does B.\n- [C][c] - Does C.\n- [D][] - Does D.\n\n[c]: https://c.io\n[d]: https://d.io\n"
    );
    assert!(findings("awesome-list-item", &text).is_empty());
}

/// A list with a table of contents, for the awesome-toc cases.
fn toc_list(contents: &str, sections: &str) -> String {
    format!("# Awesome X {BADGE}\n\n## Contents\n\n{contents}\n{sections}")
}

#[test]
fn toc_valid_cases() {
    let sections = "## Foo\n\n### Foo A\n\n### Foo B\n\n## Bar\n\n## Contributing\n\n### Footnotes\n\n## Related Lists\n\n### More\n";
    for contents in [
        "- [Foo](#foo)\n- [Bar](#bar)\n",
        "- [Foo](#foo)\n  - [Foo A](#foo-a)\n  - [Foo B](#foo-b)\n- [Bar](#bar)\n",
    ] {
        let text = toc_list(contents, sections);
        assert!(findings("awesome-toc", &text).is_empty(), "{text}");
    }
    // No ToC at all, or a heading other than `Contents`, is not checked.
    assert!(findings("awesome-toc", &format!("# Awesome X {BADGE}\n\n## Foo\n")).is_empty());
    let text = format!("# Awesome X {BADGE}\n\n## Table of Contents\n\n- [Bar](#bar)\n\n## Foo\n");
    assert!(findings("awesome-toc", &text).is_empty());
    // An HTML header instead of a `#` heading.
    let text = "<h1 align=\"center\">Awesome X</h1>\n\n## Contents\n\n- [Foo](#foo)\n\n## Foo\n";
    assert!(findings("awesome-toc", text).is_empty());
    // Emoji with variation selectors (GitHub keeps U+FE0F in the anchor), and a
    // percent-encoded anchor.
    let text = toc_list(
        "- [⚙️ Tools](#%EF%B8%8F-tools)\n- [中文](#%E4%B8%AD%E6%96%87)\n",
        "## ⚙️ Tools\n\n## 中文\n",
    );
    assert!(
        findings("awesome-toc", &text).is_empty(),
        "{:?}",
        findings("awesome-toc", &text)
    );
}

#[test]
fn toc_missing_items_and_mismatches() {
    // A sub-list stops at its first problem; the list around it goes on.
    let text = toc_list(
        "- [Foo](#foo)\n  - [Foo A](#foo-a)\n- [Bar](#bar)\n  - [Bar X](#bar-x)\n",
        "## Foo\n\n### Foo A\n\n### Foo B\n\n## Bar\n\n### Bar A\n\n## Baz\n",
    );
    assert_eq!(
        findings("awesome-toc", &text),
        [
            (5, "toc missing item for \"Baz\"".to_string()),
            (6, "toc missing item for \"Foo B\"".to_string()),
            (
                8,
                "toc item \"Bar X\" does not match corresponding heading \"Bar A\"".to_string()
            ),
        ]
    );
    // In the top list, a mismatch stops the check (as upstream).
    let text = toc_list("- [Bar](#bar)\n", "## Bar A\n\n## Baz\n");
    assert_eq!(
        findings("awesome-toc", &text),
        [(
            5,
            "toc item \"Bar\" does not match corresponding heading \"Bar A\"".to_string()
        )]
    );
}

#[test]
fn toc_depth_links_and_placement() {
    let text = toc_list(
        "- [Foo](#foo)\n  - [Foo A](#foo-a)\n    - [Deep](#deep)\n",
        "## Foo\n\n### Foo A\n\n#### Deep\n",
    );
    assert_eq!(
        findings("awesome-toc", &text),
        [(6, "exceeded max depth of 2 levels".to_string())]
    );
    let text = toc_list("- [Foo](#fooo)\n", "## Foo\n");
    assert_eq!(
        findings("awesome-toc", &text),
        [(5, "toc item \"Foo\" link \"#fooo\" not found".to_string())]
    );
    let text = toc_list("- [Foo](#foo)\n- [Foo](#foo)\n", "## Foo\n\n## Foo\n");
    assert_eq!(
        findings("awesome-toc", &text),
        [(
            6,
            "toc item \"Foo\" has duplicate link \"#foo\"".to_string()
        )]
    );
    let text = toc_list(
        "- [Foo](#foo)\n- [Contributing](#contributing)\n",
        "## Foo\n\n## Contributing\n",
    );
    assert_eq!(
        findings("awesome-toc", &text),
        [(
            6,
            "toc should not contain section \"Contributing\"".to_string()
        )]
    );
    let text =
        format!("# Awesome X {BADGE}\n\n## Intro\n\n## Contents\n\n- [Foo](#foo)\n\n## Foo\n");
    assert_eq!(
        findings("awesome-toc", &text)[0],
        (5, "table of contents must be the first section".to_string())
    );
    let text = "## Contents\n\n- [Foo](#foo)\n\n## Foo\n";
    assert_eq!(
        findings("awesome-toc", text),
        [(
            1,
            "first heading should be name of awesome list".to_string()
        )]
    );
    let text = toc_list("", "");
    assert_eq!(
        findings("awesome-toc", &text),
        [(3, "missing content headers".to_string())]
    );
    let text = toc_list("Text, not a list.\n", "## Foo\n");
    assert_eq!(
        findings("awesome-toc", &text),
        [(3, "missing or invalid table of contents list".to_string())]
    );
}

#[test]
fn heading_and_badge_cases() {
    assert_eq!(
        findings("awesome-heading", "Intro only.\n"),
        [(1, "missing main list heading".to_string())]
    );
    assert_eq!(
        findings("awesome-heading", &format!("## Awesome X {BADGE}\n")),
        [(1, "main list heading must be of depth 1".to_string())]
    );
    assert_eq!(
        findings(
            "awesome-heading",
            &format!("# Awesome X {BADGE}\n\n# Second\n")
        ),
        [(3, "list can only have one heading".to_string())]
    );
    assert!(findings("awesome-heading", "<h1 align=\"center\">Awesome X</h1>\n").is_empty());
    assert_eq!(
        findings("awesome-badge", "# Awesome X\n"),
        [(
            1,
            "missing Awesome badge next to the main heading".to_string()
        )]
    );
    assert_eq!(
        findings(
            "awesome-badge",
            "# Awesome X [![Awesome](https://awesome.re/badge-bad.svg)](https://awesome.re)\n"
        ),
        [(
            1,
            "invalid badge source `https://awesome.re/badge-bad.svg`".to_string()
        )]
    );
    for source in ["badge.svg", "badge-flat.svg", "badge-flat2.svg"] {
        let text = format!(
            "# Awesome X [![Awesome](https://awesome.re/{source})](https://github.com/sindresorhus/awesome)\n"
        );
        assert!(findings("awesome-badge", &text).is_empty(), "{source}");
    }
}

#[test]
fn the_old_badge_is_fixed_to_awesome_re() {
    let text = "# Awesome X [![Awesome](https://cdn.rawgit.com/sindresorhus/awesome/d7305f38d29fed78fa85652e3a63e154dd8e8829/media/badge.svg)](https://github.com/sindresorhus/awesome)\n";
    let selection = Selection {
        offline: true,
        select: vec!["awesome-badge".to_string()],
        ..Default::default()
    };
    let linter = Linter::new(&Config::default(), &selection).unwrap();
    let fixed = awesome_lint::fix::fix_text(&linter, text, false, None);
    assert_eq!(
        fixed.text,
        "# Awesome X [![Awesome](https://awesome.re/badge.svg)](https://github.com/sindresorhus/awesome)\n"
    );
}

#[test]
fn license_ci_badge_references_and_newline() {
    let text = format!("# Awesome X {BADGE}\n\n## Licence\n");
    assert_eq!(
        findings("awesome-license", &text),
        [(3, "forbidden license section found".to_string())]
    );
    let text = format!(
        "# Awesome X {BADGE}\n\n[![Build Status](https://travis-ci.org/a/b.svg?branch=main)](https://travis-ci.org/a/b)\n"
    );
    assert_eq!(lines(&findings("awesome-no-ci-badge", &text)), [3]);
    let text = format!(
        "# Awesome X {BADGE}\n\n> [!NOTE]\n> Read [this][docs] and [that][gone].\n\n[docs]: https://docs.io\n[unused]: https://unused.io\n"
    );
    assert_eq!(
        findings("no-undefined-references", &text),
        [(
            4,
            "found reference to undefined definition `gone`".to_string()
        )]
    );
    assert_eq!(
        findings("no-unused-definitions", &text),
        [(7, "found unused definition `unused`".to_string())]
    );
    assert_eq!(
        findings("final-newline", &format!("# Awesome X {BADGE}")),
        [(1, "missing newline character at end of file".to_string())]
    );
}

fn awesome_lint(dir: &std::path::Path) -> Command {
    let mut command = Command::cargo_bin("awesome-lint").unwrap();
    command
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .env("AWESOME_LINT_OFFLINE", "1");
    command
}

#[test]
fn check_finds_readme_in_any_case_and_files_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    // the list's repository: what lies beside the list is judged only there
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    awesome_lint(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("readme.md: no file matches"));
    let list = format!("# Awesome X {BADGE}\n\n- [Foo](https://foo.io) - Does things.\n");
    std::fs::write(dir.path().join("ReadMe.MD"), &list).unwrap();
    awesome_lint(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("ReadMe.MD"))
        .stdout(predicate::str::contains("missing file contributing.md"));
    std::fs::create_dir(dir.path().join(".github")).unwrap();
    std::fs::write(
        dir.path().join(".github/contributing.md"),
        "Open a pull request.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("code-of-conduct.md"),
        "Write to [INSERT EMAIL ADDRESS].\n",
    )
    .unwrap();
    awesome_lint(dir.path())
        .args(["check", "--format", "json"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("contributing.md").not())
        .stdout(predicate::str::contains("awesome-code-of-conduct"));
    std::fs::write(
        dir.path().join("code-of-conduct.md"),
        "Write to me@example.org.\n",
    )
    .unwrap();
    awesome_lint(dir.path()).arg("check").assert().code(0);
}

#[test]
fn preset_from_flag_and_config_and_select() {
    let dir = tempfile::tempdir().unwrap();
    // A list without the badge: no guideline rule by default.
    std::fs::write(
        dir.path().join("list.md"),
        "# lower case title\n\n- [Foo](https://foo.io) - does.\n",
    )
    .unwrap();
    awesome_lint(dir.path())
        .args(["check", "list.md"])
        .assert()
        .code(0);
    awesome_lint(dir.path())
        .args(["check", "list.md", "--preset", "awesome"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("awesome-heading"))
        .stdout(predicate::str::contains("awesome-list-item"));
    awesome_lint(dir.path())
        .args([
            "check",
            "list.md",
            "--select",
            "awesome-list-item",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("awesome-list-item"))
        .stdout(predicate::str::contains("awesome-heading").not());
    std::fs::write(
        dir.path().join(".awesome-lint.toml"),
        "preset = \"awesome\"\n",
    )
    .unwrap();
    awesome_lint(dir.path())
        .args(["check", "list.md"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("awesome-list-item"));
    // `none` turns them off even on a list with the badge; the flag wins over the config.
    std::fs::write(dir.path().join("badge.md"), format!("# lower {BADGE}\n")).unwrap();
    awesome_lint(dir.path())
        .args(["check", "badge.md", "--preset", "none"])
        .assert()
        .code(0);
    std::fs::write(dir.path().join(".awesome-lint.toml"), "preset = \"loud\"\n").unwrap();
    awesome_lint(dir.path())
        .args(["check", "badge.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".awesome-lint.toml:1"));
}

#[test]
fn upstream_comments_in_the_corpus_fixture_still_parse() {
    // The fixture's remark comments turn the rules off where they say.
    let text = fixture("guide/list-item.md");
    let found = lines(&findings("awesome-list-item", &text));
    assert!(!found.contains(&49), "ignore covers the next list");
    assert!(!found.contains(&53), "disable covers the region");
    assert!(root().join("fixtures/guide/list-item.md").is_file());
}

/// Pieces of Markdown the guideline rules look at, in any order and nesting.
fn markdown_piece() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        Just(
            "# Awesome X [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"
                .to_string()
        ),
        Just("## Contents\n".to_string()),
        Just("- [Foo](#foo)\n".to_string()),
        Just("  - [Bar](#bar)\n".to_string()),
        Just("## Foo\n".to_string()),
        Just("### Bar\n".to_string()),
        Just("- [Foo](https://foo.io) - Does.\n".to_string()),
        Just("- [Foo][foo] - x\n".to_string()),
        Just("[foo]: https://foo.io\n".to_string()),
        Just("- **T** [[Paper](https://arxiv.org/abs/2301.00001)]\n".to_string()),
        Just("<!--lint ignore-->\n".to_string()),
        Just("<!--lint disable awesome-list-item-->\n".to_string()),
        Just("> [!NOTE]\n".to_string()),
        Just("Text[^1] and [^2]: x\n".to_string()),
        Just("\n".to_string()),
        Just("- \n".to_string()),
        Just("* ".to_string()),
        Just("```\n".to_string()),
        Just("| a | [b] |\n|---|---|\n".to_string()),
        "[\\[\\]()*_`<>!#:| \\-\u{a0}–é中🚀\n]{0,12}",
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Any text: every guideline rule runs to the end without a panic, and every finding's
    /// range lies inside the text on character boundaries.
    #[test]
    fn guideline_rules_never_panic(pieces in proptest::collection::vec(markdown_piece(), 0..24)) {
        let text: String = pieces.concat();
        let selection = Selection {
            offline: true,
            preset: Some(Preset::Awesome),
            ..Default::default()
        };
        let linter = Linter::new(&Config::default(), &selection).unwrap();
        let doc = Document::parse(text.as_str());
        for d in linter.lint(&doc) {
            proptest::prop_assert!(d.range.start <= d.range.end && d.range.end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
        }
    }
}

/// The paper-list shapes upstream reports on every entry (each was a run of findings on a
/// corpus list) stay quiet; the real problems beside them are still found.
#[test]
fn paper_list_shapes_are_not_malformed_entries() {
    let text = fixture("guide/paper-list-precision.md");
    assert_eq!(
        findings("awesome-list-item", &text),
        [
            // A badge followed by a dash is the entry's name: still an image as a name.
            (20, "invalid list item link".to_string()),
            // The year tag is skipped, the em-dash after it is still one.
            (
                26,
                "list item link and description separated by invalid en-dash or em-dash"
                    .to_string()
            ),
            // A bold name without a link, not a bold label before a colon.
            (31, "invalid list item link".to_string()),
            (
                33,
                "list item description must start with valid casing".to_string()
            ),
            // In-page link inside a list of entries, not a table of contents.
            (34, "invalid list item link URL".to_string()),
        ]
    );
    // The name repeated as the first word is this rule's finding, not a casing one; in
    // another case (`auger` for Auger) it is both, as upstream matches names ignoring case.
    assert_eq!(
        lines(&findings("no-repeat-item-in-description", &text)),
        [32, 33]
    );
}

// Upstream's test cases (sindresorhus/awesome-lint test/rules/*.test.js) on texts of our
// own; the expected lines were checked against npm awesome-lint 2.3.0 on the same texts.

#[test]
fn upstream_heading_successes() {
    for title in [
        // acronyms
        format!("# Awesome CLI Tools for AWS {BADGE}\n"),
        // a `.js` name: 2.3.0 calls `Node.js` not title case, upstream's later test
        // (heading/success2) accepts it, and so do we
        format!("# Awesome Node.js {BADGE}\n"),
        // a centred HTML header with the logo
        "<div align=\"center\">\n\t<img width=\"400\" src=\"media/logo.svg\" alt=\"Awesome Kites\">\n\t<br>\n</div>\n".to_string(),
        // an `<h1>` around the logo
        "<h1 align=\"center\">\n\t<img width=\"400\" src=\"media/logo.svg\" alt=\"Awesome Kites\">\n</h1>\n".to_string(),
    ] {
        let text = format!("{title}\n- [Foo](https://foo.example.org) - Does things.\n");
        assert!(findings("awesome-heading", &text).is_empty(), "{text}");
    }
}

#[test]
fn upstream_badge_raw_git_source() {
    let text = "# Awesome Kites [![Awesome](https://cdn.rawgit.com/sindresorhus/awesome/d7305f38d29fed78fa85652e3a63e154dd8e8829/media/badge.svg)](https://github.com/sindresorhus/awesome)\n";
    assert_eq!(lines(&findings("awesome-badge", text)), [1]);
}

#[test]
fn upstream_license_cases() {
    let kites = "- [Delta Kite](https://delta.example.org) - Stable in light wind.\n";
    let cases = [
        // a section with content (license/error0), line 11
        (
            format!("# Awesome Kites {BADGE}\n\n## Contents\n\n- [Kites](#kites)\n\n## Kites\n\n{kites}\n## License\n\nCC0, see the license file.\n"),
            vec![11],
        ),
        // an empty section followed by another (error1)
        (
            format!("# Awesome Kites {BADGE}\n\n## Contents\n\n- [Kites](#kites)\n\n## Kites\n\n{kites}\n## License\n\n## Extra\n\nMore.\n"),
            vec![11],
        ),
        // the last section, spelt Licence (error2)
        (
            format!("# Awesome Kites {BADGE}\n\n## Kites\n\n{kites}\n## Licence\n"),
            vec![7],
        ),
        // at depth one (error3)
        (
            format!("# Awesome Kites {BADGE}\n\n## Contents\n\n- [Kites](#kites)\n\n## Kites\n\n{kites}\n# License\n\nThe heading is at depth one.\n"),
            vec![11],
        ),
        // a section holding only a licence button (error4)
        (
            "## License\n\n[![CC0](https://licensebuttons.net/p/zero/1.0/88x31.png)](https://creativecommons.org/publicdomain/zero/1.0/)\n\nA section with a button is still one.\n".to_string(),
            vec![1],
        ),
        // the word in an entry is no section (success0)
        (
            format!("# Awesome Kites {BADGE}\n\n## Kites\n\n- [License Plates](https://plates.example.org) - Kites shaped like license plates.\n"),
            vec![],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            lines(&findings("awesome-license", &text)),
            expected,
            "{text}"
        );
    }
}

#[test]
fn upstream_no_ci_badge_case() {
    // no-ci-badge/0: a Travis badge (line 1), a bare CircleCI image (line 3) and a Travis
    // badge in HTML (line 6), which upstream misses and we report.
    let text = "[![Build Status](https://travis-ci.org/kiter/awesome-kites.svg?branch=main)](https://travis-ci.org/kiter/awesome-kites)\n\n![](https://img.shields.io/circleci/project/github/kiter/kite-tools.svg)\n\n<a href=\"https://travis-ci.org/kiter/awesome-string\">\n  <img src=\"https://travis-ci.org/kiter/awesome-string.svg?branch=main\" />\n</a>\n";
    assert_eq!(lines(&findings("awesome-no-ci-badge", text)), [1, 3, 6]);
}

#[test]
fn upstream_no_repeat_item_in_description_cases() {
    let text = format!(
        "# Awesome Kites {BADGE}

- [Kite Maker](https://a.example.org) - Kite Maker is a design tool.
- [Sky Line](https://b.example.org) - Sky Line - the strongest line.
- [KiteApp](https://c.example.org) - kiteapp is a logbook.
- [WindLib](https://d.example.org) - WINDLIB reads anemometers.
- [Spool](https://e.example.org) - Line winder for reels. Spool has no limit.
- [Reel](https://f.example.org) - A winder that extends Reel handles.
- [Kite](https://g.example.org) - Kiteboarding is different.
- [Wind](https://h.example.org) - Windsurfing too.
- [![CI](https://img.example.org/ci.svg)](https://ci.example.org) [Tail](https://i.example.org) - Tail is long.
- [![Badge](https://img.example.org/b.svg)](https://badge.example.org) [Bridle](https://j.example.org) - Bridle sets the angle.
- [Frame](https://k.example.org) **NEW** - Frame is light.
- [Spar](https://l.example.org) *deprecated* - Spar bends.
- [Sail](https://m.example.org) `v2.0` - Sail cuts cloth.
- [Tether](https://n.example.org) - A line - Tether - with loops.
- [Anchor](https://o.example.org) - Anchor - the best - really.
- [Redis Kite](https://p.example.org) - Redis Kite: a fast kite.
- [MyKite](https://q.example.org) - MyKite: a small kite.
- [SSKite](https://r.example.org) - Python version of SSK that handles bigger kites.
- [Kite.js](https://s.example.org) - JavaScript kite built on canvas.
"
    );
    let found = findings("no-repeat-item-in-description", &text);
    // starts with the name (3, 4), any case (5, 6), not later (7, 8), not a longer word
    // (9, 10), the name after badges (11, 12), formatting before the dash (13-15), only
    // the first dash counts (16 no, 17 yes), a colon after the name (18, 19), valid
    // descriptions (20, 21)
    assert_eq!(lines(&found), [3, 4, 5, 6, 11, 12, 13, 14, 15, 17, 18, 19]);
    assert!(found[4].1.contains("\"Tail\""), "{:?}", found[4]);
    assert!(found[5].1.contains("\"Bridle\""), "{:?}", found[5]);
}

#[test]
fn upstream_list_item_reference_links() {
    // list-item/6: shortcut, full, emphasised and badge-carrying reference names
    let text = format!(
        "# Awesome Kites {BADGE}\n\n## Contents\n\n- [Kites](#kites)\n\n## Kites\n\n- [deltakite] - Delta plans for beginners.\n- [sled-kite][sled] - Sled without spars.\n- [*box kite*][box] - Four cells in a frame.\n- [parafoil ![stars](https://img.shields.io/badge/stars-5-blue.svg)][foil] - Soft wing with a badge in its name.\n\n[deltakite]: https://github.com/example/deltakite\n[sled]: https://github.com/example/sled\n[box]: https://github.com/example/box\n[foil]: https://github.com/example/foil\n"
    );
    for rule in awesome_lint::registry::GUIDELINE_RULES {
        assert!(
            findings(rule, &text).is_empty(),
            "{rule}: {:?}",
            findings(rule, &text)
        );
    }
}

#[test]
fn upstream_footnotes_and_github_alerts_are_not_references() {
    let footnotes = format!(
        "# Awesome Kites {BADGE}\n\n## Contents\n\n- [Kites](#kites)\n\n## Kites\n\n- [Delta](https://delta.example.org) - A stable kite with a footnote[^1].\n- [Sled](https://sled.example.org) - A soft kite with a named one[^sled].\n- [Box](https://box.example.org) - A cellular kite with two[^1][^2].\n\n[^1]: First note.\n[^sled]: Named note.\n[^2]: Second note.\n"
    );
    let alerts = format!(
        "# Awesome Kites {BADGE}\n\n> [!NOTE]\n> Kites are fun.\n\n> [!TIP]\n> Fly in open fields.\n\n> [!IMPORTANT]\n> Check the wind.\n\n> [!WARNING]\n> Avoid power lines.\n\n> [!CAUTION]\n> Mind the string.\n\n## Kites\n\n- [Delta](https://delta.example.org) - A stable kite.\n"
    );
    for text in [footnotes, alerts] {
        for rule in awesome_lint::registry::GUIDELINE_RULES {
            assert!(
                findings(rule, &text).is_empty(),
                "{rule}: {:?}",
                findings(rule, &text)
            );
        }
    }
}

#[test]
fn upstream_list_item_invalid_shapes_and_endings() {
    // list-item/1 (the snapshot case): every shape upstream calls invalid, on our own
    // text. npm awesome-lint 2.3.0 reports the same lines, and also 24-26, descriptions
    // that end in inline code, which this port accepts (see the rule page).
    let found = findings("awesome-list-item", &fixture("guide/list-item-endings.md"));
    let casing = "list item description must start with valid casing";
    let ending = "list item description must end with proper punctuation";
    let mut expected = vec![
        (5, casing),
        (6, casing),
        (
            7,
            "list item link and description must be separated with a dash",
        ),
        (8, "invalid list item link URL"),
        (9, "invalid list item link URL"),
        (10, "invalid list item link text"),
        (11, casing),
        (12, casing),
        (
            14,
            "list item link and description separated by invalid whitespace",
        ),
        (
            15,
            "list item link and description separated by invalid en-dash or em-dash",
        ),
        (17, ending),
        (18, ending),
        (21, ending),
        (23, ending),
    ];
    expected.extend(
        (31..=40)
            .filter(|line| *line != 32)
            .map(|line| (line, ending)),
    );
    let expected: Vec<(usize, String)> =
        expected.iter().map(|(l, m)| (*l, m.to_string())).collect();
    assert_eq!(found, expected);
}

#[test]
fn long_dash_and_no_break_separators_are_fixed_to_a_hyphen() {
    // promptslab writes every entry with ` — ` (217 findings), Hannibal046 18 of them
    let text = "- [Kite](https://kite.example.org) — Flies well.\n\
                - [Spool](https://spool.example.org)  –  Winds line.\n\
                - [Reel](https://reel.example.org)\u{a0}-\u{a0}Holds line.\n\
                - [Lift in Gusts](https://arxiv.org/abs/2401.00001) [2024] — Measures lift.\n\
                - [Sail](https://sail.example.org) — **Ripstop** cloth.\n\
         - [Tail](https://tail.example.org) &mdash; Entity, left alone.\n\
                - [Bridle](https://bridle.example.org), no dash, left alone.\n";
    let selection = Selection {
        offline: true,
        select: vec!["awesome-list-item".to_string()],
        ..Default::default()
    };
    let linter = Linter::new(&Config::default(), &selection).unwrap();
    let fixed = awesome_lint::fix::fix_text(&linter, text, false, None);
    assert_eq!(
        fixed.text,
        "- [Kite](https://kite.example.org) - Flies well.\n\
         - [Spool](https://spool.example.org) - Winds line.\n\
         - [Reel](https://reel.example.org) - Holds line.\n\
         - [Lift in Gusts](https://arxiv.org/abs/2401.00001) [2024] - Measures lift.\n\
         - [Sail](https://sail.example.org) - **Ripstop** cloth.\n\
         - [Tail](https://tail.example.org) &mdash; Entity, left alone.\n\
         - [Bridle](https://bridle.example.org), no dash, left alone.\n"
    );
    // What is left is what no edit can settle.
    let left = findings("awesome-list-item", &fixed.text);
    assert_eq!(lines(&left), [6, 7]);
}

/// A third reader's false and noisy findings on unseen lists: a line wrapped after the dash
/// (kaushikb11/awesome-llm-agents: "invalid whitespace"), a bold group label whose points
/// have no links (Danielskry/Awesome-RAG: "invalid list item link"), and paper entries whose
/// text after the link is a venue and a date (JXLiu-AI/Awesome-Medical-Reasoning: 303
/// dash findings), and citation tails, `[**Title.**](arxiv) *Authors.* Arxiv 2022.`
/// (Xnhyacinth/Awesome-LLM-Long-Context-Modeling, 43). None of them is a finding now; a bold
/// name with a description still is.
#[test]
fn wrapped_dash_bold_labels_and_paper_metadata_are_not_malformed() {
    let text = fixture("guide/unseen-list-items.md");
    assert_eq!(findings("awesome-list-item", &text), []);
    let bold_name = format!("# Awesome X {BADGE}\n\n## Tools\n\n- **Sieve** - Sorts soil.\n");
    assert_eq!(
        findings("awesome-list-item", &bold_name),
        [(5, "invalid list item link".to_string())]
    );
}

/// A fifth round of unseen lists: a nested row of badge links under a plain-text paper
/// title (wenhao728/awesome-diffusion-v2v, 86 "invalid list item link" findings) is the
/// paper's resources; a contents list whose lines say a few words after the anchor link is
/// still a contents list. A top-level badge row is still an entry without a name.
#[test]
fn nested_resource_rows_and_described_contents_are_not_entries() {
    let found = findings("awesome-list-item", &fixture("guide/resource-rows.md"));
    let messages: Vec<(usize, &str)> = found.iter().map(|(l, m)| (*l, m.as_str())).collect();
    let ending = "list item description must end with proper punctuation";
    let dash = "list item link and description must be separated with a dash";
    assert_eq!(
        messages,
        [
            (20, "invalid list item link"),
            (21, dash),
            (22, ending),
            (23, ending),
            (25, dash),
        ]
    );
}

/// Danielskry's RAG list writes every entry `[Name](url): Description.` (72 findings) and
/// kaushikb11's agents list leaves 33 descriptions without a period: both are one safe edit
/// away from the guidelines, and `fix` makes it. A colon after other text, and a text
/// whose end is an entity, are left alone.
#[test]
fn colon_separators_and_missing_periods_are_fixed() {
    let text = fixture("guide/resource-rows.md");
    let selection = Selection {
        offline: true,
        select: vec!["awesome-list-item".to_string()],
        ..Default::default()
    };
    let linter = Linter::new(&Config::default(), &selection).unwrap();
    let fixed = awesome_lint::fix::fix_text(&linter, &text, false, None);
    let changed: Vec<(&str, &str)> = text
        .lines()
        .zip(fixed.text.lines())
        .filter(|(before, after)| before != after)
        .collect();
    assert_eq!(
        changed,
        [
            (
                "- [Corrective Kites](https://kites.example.org): Correct the retrieved kites.",
                "- [Corrective Kites](https://kites.example.org) - Correct the retrieved kites."
            ),
            (
                "- [Spool](https://spool.example.org) - Open-source winding tool",
                "- [Spool](https://spool.example.org) - Open-source winding tool."
            ),
            (
                "  Reel platform for building general-purpose spools",
                "  Reel platform for building general-purpose spools."
            ),
        ]
    );
    let left = findings("awesome-list-item", &fixed.text);
    assert_eq!(lines(&left), [20, 25]);
}

/// jxzhangjhu's list groups its sections under more `#` headings after the contents
/// (`# Resources` / `## Posts`), which awesome-heading reports. awesome-toc compared the
/// contents' first item with the first `##` heading and told the maintainer to rewrite a
/// contents list that matches the list as written; it now follows the `#` grouping.
#[test]
fn contents_follow_extra_top_level_headings() {
    let text = format!(
        "# My List {BADGE}\n\n## Contents\n\n- [Resources](#resources)\n  - [Posts](#posts)\n- [Papers](#papers)\n  - [Survey](#survey)\n    - [Vision](#vision)\n\n# Resources\n\n## Posts\n\n- [A](https://example.com/a) - Does a thing.\n\n# Papers\n\n## Survey\n\n### Vision\n\n- [B](https://example.com/b) - Does b thing.\n"
    );
    assert_eq!(findings("awesome-toc", &text), []);
    assert_eq!(lines(&findings("awesome-heading", &text)), [11, 17]);
    let drifted = text.replace("- [Papers](#papers)", "- [Paperz](#paperz)");
    assert_eq!(
        findings("awesome-toc", &drifted),
        [(
            7,
            "toc item \"Paperz\" does not match corresponding heading \"Papers\"".to_string()
        )]
    );
}

/// EthicalML's production-ML list puts a stars badge between each name and its dash, and
/// some descriptions open with the tool's own lower-case name: the dash is there (6 false
/// "must be separated" findings), and a missing period after it is still one. A dash with
/// nothing after it is an empty description, not a missing dash (jbhuang0604's list).
#[test]
fn badges_before_the_dash_and_an_empty_description() {
    let text = format!(
        "# Awesome Tools {BADGE}\n\n## Training\n\n\
         - [snnTorch](https://github.com/o/snntorch) ![](https://img.shields.io/github/stars/o/snntorch.svg) - snnTorch is a library for spiking networks.\n\
         - [BitBLAS](https://github.com/o/BitBLAS) ![](https://img.shields.io/github/stars/o/BitBLAS.svg) - BitBLAS runs mixed-precision BLAS on GPUs\n\
         - [NeuralTalk](https://github.com/o/neuraltalk) -\n"
    );
    assert_eq!(
        findings("awesome-list-item", &text),
        [
            (
                6,
                "list item description must end with proper punctuation".to_string()
            ),
            (
                7,
                "list item description is empty after the dash".to_string()
            ),
        ]
    );
}
