//! The binary: exit codes, formats, config errors, bad input.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::support::root;

fn awesome_lint() -> Command {
    let mut command = Command::cargo_bin("awesome-lint").unwrap();
    // Fixtures link real hosts: tests never leave the machine (network rules have their
    // own tests against loopback servers).
    command
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("AWESOME_LINT_OFFLINE", "1");
    command
}

#[test]
fn seed_prints_its_html_balance_findings_with_snippets() {
    awesome_lint()
        .args(["check", "fixtures/awesome-peft.md"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "warning[html-balance]: `</em>` has no opening tag",
        ))
        .stdout(predicate::str::contains(
            "--> fixtures/awesome-peft.md:1:34",
        ))
        .stdout(predicate::str::contains(
            "1 | <h1 align=\"center\">✨ Awesome PEFT</em> ✨</h1>",
        ))
        .stdout(predicate::str::contains(
            "--> fixtures/awesome-peft.md:2:85",
        ))
        .stdout(predicate::str::contains(
            "Found 0 errors, 147 warnings, 1 info in 1 file (180 entries, 555 links)",
        ))
        // piped output has no colour
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn exit_codes_follow_fail_on() {
    let file = "fixtures/table-shape.md";
    awesome_lint().args(["check", file]).assert().code(0);
    awesome_lint()
        .args(["check", file, "--fail-on", "warning"])
        .assert()
        .code(1);
    awesome_lint()
        .args(["check", file, "--fail-on", "info"])
        .assert()
        .code(1);
    awesome_lint()
        .args(["check", file, "--fail-on", "never"])
        .assert()
        .code(0);
    awesome_lint()
        .args([
            "check",
            "fixtures/reference-links.md",
            "--fail-on",
            "info",
            "--ignore",
            "arxiv-url-format",
        ])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("No problems found in 1 file"));
}

#[test]
fn select_and_ignore() {
    let out = awesome_lint()
        .args([
            "check",
            "fixtures/crlf-bom.md",
            "--format",
            "json",
            "--select",
            "table-shape",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].clone())
        .collect();
    assert_eq!(rules, ["table-shape"]);
    let out = awesome_lint()
        .args([
            "check",
            "fixtures/crlf-bom.md",
            "--format",
            "json",
            "--ignore",
            "table-shape,html-balance",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
    awesome_lint()
        .args(["check", "fixtures/crlf-bom.md", "--select", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "unknown rule `no-such-rule` in --select",
        ));
}

#[test]
fn json_contract() {
    let out = awesome_lint()
        .args([
            "check",
            "fixtures/table-shape.md",
            "fixtures/html-balance.md",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    let first = &json["diagnostics"][0];
    for key in [
        "rule",
        "severity",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "message",
        "help",
        "url",
        "related",
        "fix",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["file"], "fixtures/table-shape.md");
    assert_eq!(first["line"], 6);
    assert_eq!(first["related"][0]["line"], 3);
    let summary = &json["summary"];
    assert_eq!(summary["files"], 2);
    assert_eq!(summary["warnings"], 6);
    assert_eq!(summary["errors"], 0);
    // The stray </em> carries a safe fix that deletes it
    let stray = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"] == "fixtures/html-balance.md" && d["line"] == 1)
        .unwrap();
    assert_eq!(stray["fix"]["applicability"], "safe");
    assert_eq!(stray["fix"]["edits"][0]["replacement"], "");
    assert_eq!(stray["fix"]["edits"][0]["column"], 34);
    assert_eq!(stray["fix"]["edits"][0]["end_column"], 39);
}

#[test]
fn github_annotations() {
    awesome_lint()
        .args(["check", "fixtures/awesome-peft.md", "--format", "github"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "::warning file=fixtures/awesome-peft.md,line=1,endLine=1,col=34,endColumn=39,title=html-balance::`</em>` has no opening tag%0Ahelp: remove the stray `</em>`, or add the `<em>` it was meant to close\n",
        ));
}

#[test]
fn markdown_report() {
    awesome_lint()
        .args(["check", "fixtures/table-shape.md", "--format", "markdown"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("# awesome-lint report"))
        .stdout(predicate::str::contains("| `table-shape` | 3 |"))
        .stdout(predicate::str::contains(
            "| 6 | warning | `table-shape` | row has 3 cells but the header has 4",
        ));
}

#[test]
fn stdin_and_globs() {
    awesome_lint()
        .args(["check", "-", "--format", "json"])
        .write_stdin("<b>x</i>\n")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"file\": \"<stdin>\""));
    let out = awesome_lint()
        .args(["check", "fixtures/corpus/*.md", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files"], 8);
    awesome_lint()
        .args(["check", "fixtures/nothing-*.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fixtures/nothing-*.md: no file matches",
        ));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    awesome_lint()
        .args(["check", "fixtures/html-balance.md", "--color", "always"])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    awesome_lint()
        .args(["check", "fixtures/html-balance.md"])
        .env("NO_COLOR", "1")
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn bad_input_exits_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("logo.png");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\0").unwrap();
    let latin1 = dir.path().join("latin1.md");
    std::fs::write(&latin1, b"# Caf\xe9\n").unwrap();
    let cases = [
        (
            "fixtures/missing.md".to_string(),
            "fixtures/missing.md: No such file or directory",
        ),
        (
            "fixtures".to_string(),
            "fixtures: is a directory, not a Markdown file",
        ),
        (
            binary.display().to_string(),
            "looks like a binary file (it contains a NUL byte at offset 8)",
        ),
        (
            latin1.display().to_string(),
            "is not valid UTF-8 (invalid byte at offset 5)",
        ),
    ];
    for (path, message) in cases {
        let out = awesome_lint().args(["check", &path]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{path}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.contains(message), "{path}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!stderr.contains("panicked"));
    }
}

#[test]
fn config_is_found_upwards_and_errors_name_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    let list = dir.path().join("docs/README.md");
    std::fs::copy(root().join("fixtures/table-shape.md"), &list).unwrap();
    std::fs::write(
        dir.path().join(".awesome-lint.toml"),
        "[rules]\ntable-shape = \"error\"\n",
    )
    .unwrap();
    awesome_lint()
        .args(["check", list.to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("error[table-shape]"));
    std::fs::write(
        dir.path().join(".awesome-lint.toml"),
        "[rules]\ntable-shape = \"off\"\n\n[rules.html-balance]\nlevel = \"warning\"\nstrict = true\n",
    )
    .unwrap();
    awesome_lint()
        .args(["check", list.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            ".awesome-lint.toml:4: [rules.html-balance]: unknown option `strict`",
        ));
    let explicit = dir.path().join("custom.toml");
    std::fs::write(&explicit, "[rules]\ntable-shape = \"off\"\n").unwrap();
    awesome_lint()
        .args([
            "check",
            list.to_str().unwrap(),
            "--config",
            explicit.to_str().unwrap(),
            "--fail-on",
            "warning",
        ])
        .assert()
        .code(0);
    awesome_lint()
        .args(["check", list.to_str().unwrap(), "--config", "no/such.toml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such.toml: cannot read config"));
}

#[test]
fn rules_listing_and_pages() {
    awesome_lint()
        .arg("rules")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("table-shape"))
        .stdout(predicate::str::contains("html-balance"));
    awesome_lint()
        .args(["rules", "table-shape"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("# table-shape\n"));
    awesome_lint().args(["rules", "nope"]).assert().code(2);
}

#[test]
fn version_help_and_completions() {
    awesome_lint()
        .arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with("awesome-lint "));
    awesome_lint()
        .args(["check", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("--fail-on"));
    awesome_lint()
        .args(["completions", "bash"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("_awesome__lint()"));
    awesome_lint()
        .args(["check", "--format", "xml"])
        .assert()
        .code(2);
}

#[test]
fn broken_pipe_is_quiet() {
    use std::io::Read;
    use std::process::{Command as StdCommand, Stdio};
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("awesome-lint"))
        .current_dir(root())
        .env("AWESOME_LINT_OFFLINE", "1")
        .args([
            "check",
            "fixtures/corpus/*.md",
            "fixtures/*.md",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.code() == Some(0) || out.status.code() == Some(1),
        "{:?}",
        out.status
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}

#[test]
fn entries_json_is_a_versioned_contract() {
    let output = awesome_lint()
        .args([
            "entries",
            "--json",
            "fixtures/layouts/underlined-nickname.md",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&output).expect("valid JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["file"], "fixtures/layouts/underlined-nickname.md");
    let first = &json["entries"][0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "aliases",
            "authors",
            "code",
            "description",
            "end_line",
            "groups",
            "kind",
            "line",
            "links",
            "paper",
            "section",
            "title",
            "venue",
            "year"
        ]
    );
    assert_eq!(
        first["title"],
        "Foo-2: Large-scale Pre-trained Models for Bar"
    );
    assert_eq!(first["aliases"], serde_json::json!(["Foo-2"]));
    assert_eq!(first["venue"], "arXiv");
    assert_eq!(first["year"], 2021);
    assert_eq!(first["links"][1]["role"], "model");
    assert_eq!(first["links"][0]["column"], 114);
}

#[test]
fn entries_plain_output_shows_group_labels_in_the_place() {
    awesome_lint()
        .args(["entries", "fixtures/layouts/category-bullets.md"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "13\titem\tCategory bullets > Methods > Retriever Enhancement > Recursive Retrieve\tActive Retrieval Augmented Generation\thttps://doi.org/10.18653/v1/2023.emnlp-main.495\t-\n",
        ));
}

#[test]
fn fix_fails_a_commit_hook_only_when_it_changed_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    std::fs::write(
        &path,
        "# Papers\n\n- LoRA: Low-Rank Adaptation of Large Language Models [[Paper](http://www.arxiv.org/abs/2106.09685v2)]\n",
    )
    .unwrap();
    awesome_lint()
        .args(["fix", "--exit-non-zero-on-fix"])
        .arg(&path)
        .assert()
        .code(1);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("(https://arxiv.org/abs/2106.09685)")
    );
    awesome_lint()
        .args(["fix", "--exit-non-zero-on-fix"])
        .arg(&path)
        .assert()
        .code(0);
}

#[test]
fn output_writes_more_reports_from_one_lint() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let markdown = dir.path().join("summary.md");
    awesome_lint()
        .args(["check", "fixtures/table-shape.md", "--format", "github"])
        .arg("--output")
        .arg(format!("json={}", json.display()))
        .arg("--output")
        .arg(format!("markdown={}", markdown.display()))
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "::warning file=fixtures/table-shape.md",
        ));
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(report["summary"]["warnings"], 3);
    assert!(
        std::fs::read_to_string(&markdown)
            .unwrap()
            .starts_with("# awesome-lint report")
    );
    awesome_lint()
        .args(["check", "fixtures/table-shape.md", "--output", "html=x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown format `html`"));
    awesome_lint()
        .args(["check", "fixtures/table-shape.md", "--output"])
        .arg(format!(
            "json={}",
            dir.path().join("no/such/dir.json").display()
        ))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn links_lists_every_link_of_the_seed_with_its_entry_and_role() {
    let output = awesome_lint()
        .args(["links", "fixtures/awesome-peft.md", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    // Every link the parser saw, duplicates included: the summary line's count.
    assert_eq!(rows.len(), 555);
    let lora = rows
        .iter()
        .find(|row| row["url"] == "https://arxiv.org/pdf/2106.09685")
        .expect("LoRA's paper link");
    assert_eq!(lora["role"], "paper");
    assert_eq!(
        lora["entry"]["title"],
        "LoRA: Low-Rank Adaptation of Large Language Models"
    );
    for role in ["paper", "code", "badge", "other"] {
        assert!(rows.iter().any(|row| row["role"] == role), "{role}");
    }
    insta::assert_snapshot!(
        "links.awesome-peft.json",
        String::from_utf8_lossy(&output.stdout)
    );

    // Tab-separated: line, column, role, entry title, URL.
    let text = awesome_lint()
        .args(["links", "fixtures/awesome-peft.md"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert_eq!(text.lines().count(), 555);
    assert!(text.lines().all(|line| line.split('\t').count() == 5));
}

#[test]
fn links_of_a_missing_file_is_a_clear_error() {
    awesome_lint()
        .args(["links", "fixtures/no-such-file.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.md"));
}

#[test]
fn links_show_where_a_link_inside_the_repository_leads_nowhere() {
    let dir = crate::support::temp_repo(&[
        (
            "README.md",
            "# List\n\n## Tools\n\n- [Up](#tool) and [Guide](docs/guide.md) and [Ok](#tools)\n",
        ),
        ("docs/other.md", "# Other\n"),
    ]);
    let path = dir.path().join("README.md");
    let output = awesome_lint()
        .args(["links", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let findings: Vec<(String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let rules: Vec<&str> = row["findings"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|f| f["rule"].as_str().unwrap())
                .collect();
            (row["url"].as_str().unwrap().to_owned(), rules.join(","))
        })
        .collect();
    assert_eq!(
        findings,
        [
            ("#tool".to_owned(), "broken-anchor".to_owned()),
            ("docs/guide.md".to_owned(), "missing-file".to_owned()),
            ("#tools".to_owned(), String::new()),
        ]
    );
    // tab-separated: a sixth column only where there is a finding
    let text = awesome_lint().arg("links").arg(&path).output().unwrap();
    let columns: Vec<usize> = String::from_utf8_lossy(&text.stdout)
        .lines()
        .map(|line| line.split('\t').count())
        .collect();
    assert_eq!(columns, [6, 6, 5]);
}
