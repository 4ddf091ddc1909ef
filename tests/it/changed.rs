//! `--changed-since` and `--diff-file` on temporary git repositories: what a pull request
//! adds is reported, what it leaves alone is not.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A git repository in a temporary folder, with an identity and no user config.
pub struct Repo {
    pub dir: tempfile::TempDir,
}

impl Repo {
    pub fn new() -> Self {
        let repo = Repo {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn git(&self, args: &[&str]) -> String {
        let output = Command::new("git")
            .current_dir(self.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .args(["-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            output.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    pub fn write(&self, name: &str, text: &str) {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }

    pub fn commit(&self, message: &str) -> String {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "--message", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    pub fn lint(&self, args: &[&str]) -> Output {
        Command::new(assert_cmd::cargo::cargo_bin("awesome-lint"))
            .current_dir(self.path())
            .env("AWESOME_LINT_OFFLINE", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GITHUB_SHA")
            .args(args)
            .output()
            .expect("binary runs")
    }
}

/// `(line, rule)` of every finding in `check --format json` output.
fn found(output: &Output) -> Vec<(u64, String)> {
    let json: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["rule"].as_str().expect("rule").to_string(),
            )
        })
        .collect()
}

const BASE: &str = "# Papers

## Adapters

- LoRA: Low-Rank Adaptation of Large Language Models [[Paper](https://arxiv.org/abs/2106.09685)]
- Conditional Adapters: Parameter-efficient Transfer Learning with Fast Inference [[Paper](https://arxiv.org/pdf/2304.04947.pdf)]
- MixLoRA: Enhancing Large Language Models Fine-Tuning with LoRA-based Mixture of Experts [[Paper](https://arxiv.org/abs/2404.15159)]
- MixLoRA: Enhancing Large Language Models Fine-Tuning with LoRA-based Mixture of Experts [[Paper](https://arxiv.org/abs/2404.15159)]

## Prompts

- Prefix-Tuning: Optimizing Continuous Prompts for Generation [[Paper](https://arxiv.org/abs/2101.00190)]
";

/// The base list has two old problems: a pdf link (line 6) and a duplicate (lines 7 and 8).
fn base_repo() -> Repo {
    let repo = Repo::new();
    repo.write("README.md", BASE);
    repo.commit("base");
    let all = found(&repo.lint(&["check", "--format", "json", "README.md"]));
    assert_eq!(
        all,
        [
            (6, "arxiv-url-format".into()),
            (8, "duplicate-entry".into())
        ]
    );
    repo
}

const CHECK: [&str; 4] = ["check", "--format", "json", "--changed-since"];

fn since(repo: &Repo, reference: &str) -> Vec<(u64, String)> {
    let mut args = CHECK.to_vec();
    args.extend([reference, "README.md"]);
    found(&repo.lint(&args))
}

#[test]
fn a_new_problem_is_reported_and_old_ones_are_not() {
    let repo = base_repo();
    let text = BASE.replace(
        "## Prompts\n\n",
        "## Prompts\n\n- P-Tuning: GPT Understands, Too [[Paper](http://arxiv.org/pdf/2103.10385v2.pdf)]\n",
    );
    repo.write("README.md", &text);
    // Uncommitted edits count (a pre-commit hook, a local run), and so do committed ones.
    assert_eq!(since(&repo, "main"), [(12, "arxiv-url-format".into())]);
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.commit("add P-Tuning");
    assert_eq!(since(&repo, &base), [(12, "arxiv-url-format".into())]);
    // Nothing changed since HEAD: nothing to report, exit 0 even at --fail-on info.
    let output = repo.lint(&["check", "--changed-since", "HEAD", "--fail-on", "info"]);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_new_copy_of_an_old_entry_is_reported_on_the_new_line() {
    let repo = base_repo();
    // Added below the old entry: the rule reports the later copy, which is the new one.
    let below = format!(
        "{BASE}- LoRA: Low-Rank Adaptation of Large Language Models [[Paper](https://arxiv.org/abs/2106.09685)]\n"
    );
    repo.write("README.md", &below);
    assert_eq!(since(&repo, "HEAD"), [(13, "duplicate-entry".into())]);
    // Added above it: the rule reports the old copy, with the new one as the other place;
    // the finding moves to the new line.
    let above = BASE.replace(
        "## Adapters\n\n",
        "## Adapters\n\n- Prefix-Tuning: Optimizing Continuous Prompts for Generation [[Paper](https://arxiv.org/abs/2101.00190)]\n",
    );
    repo.write("README.md", &above);
    let output = repo.lint(&[
        "check",
        "--format",
        "json",
        "--changed-since",
        "HEAD",
        "README.md",
    ]);
    assert_eq!(found(&output), [(5, "duplicate-entry".into())]);
    let json: Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(
        json["diagnostics"][0]["related"][0]["line"], 13,
        "the old copy is the related place: {json:#}"
    );
}

#[test]
fn moved_lines_bring_no_old_problem_with_them() {
    let repo = base_repo();
    // The section with the old problems moves below the other one, unchanged.
    let (head, rest) = BASE.split_once("## Adapters").expect("section");
    let (adapters, prompts) = rest.split_once("## Prompts").expect("section");
    let moved = format!(
        "{head}## Prompts{}\n\n## Adapters{}",
        prompts.trim_end_matches('\n'),
        adapters.trim_end_matches('\n')
    ) + "\n";
    repo.write("README.md", &moved);
    assert_ne!(repo.git(&["diff", "--stat"]), "");
    assert_eq!(since(&repo, "HEAD"), []);
}

#[test]
fn a_renamed_file_reports_only_its_new_lines() {
    let repo = base_repo();
    std::fs::create_dir(repo.path().join("docs")).expect("mkdir");
    repo.git(&["mv", "README.md", "docs/papers.md"]);
    let text = format!(
        "{BASE}- P-Tuning: GPT Understands, Too [[Paper](https://arxiv.org/pdf/2103.10385.pdf)]\n"
    );
    repo.write("docs/papers.md", &text);
    repo.commit("move the list");
    let output = repo.lint(&[
        "check",
        "--format",
        "json",
        "--changed-since",
        "HEAD~1",
        "docs/papers.md",
    ]);
    assert_eq!(found(&output), [(13, "arxiv-url-format".into())]);
    // Run from a subfolder, the path still meets the diff's.
    let output = Command::new(assert_cmd::cargo::cargo_bin("awesome-lint"))
        .current_dir(repo.path().join("docs"))
        .env("AWESOME_LINT_OFFLINE", "1")
        .args([
            "check",
            "--format",
            "json",
            "--changed-since",
            "HEAD~1",
            "papers.md",
        ])
        .output()
        .expect("binary runs");
    assert_eq!(found(&output), [(13, "arxiv-url-format".into())]);
}

#[test]
fn crlf_lists_count_lines_right_and_a_line_ending_change_is_not_new() {
    let repo = Repo::new();
    repo.write("README.md", &BASE.replace('\n', "\r\n"));
    repo.commit("crlf");
    let text = format!(
        "{BASE}- P-Tuning: GPT Understands, Too [[Paper](https://arxiv.org/pdf/2103.10385.pdf)]\n"
    )
    .replace('\n', "\r\n");
    repo.write("README.md", &text);
    assert_eq!(since(&repo, "HEAD"), [(13, "arxiv-url-format".into())]);
    // Every line LF now: each is removed and added back with the same text.
    repo.write("README.md", BASE);
    assert_eq!(since(&repo, "HEAD"), []);
}

#[test]
fn an_untracked_file_is_new_in_full() {
    let repo = base_repo();
    repo.write("new.md", BASE);
    let output = repo.lint(&[
        "check",
        "--format",
        "json",
        "--changed-since",
        "HEAD",
        "new.md",
    ]);
    assert_eq!(found(&output).len(), 2);
}

#[test]
fn a_diff_file_gives_the_same_answer() {
    let repo = base_repo();
    let text = BASE.replace(
        "## Prompts\n\n",
        "## Prompts\n\n- P-Tuning: GPT Understands, Too [[Paper](http://arxiv.org/pdf/2103.10385v2.pdf)]\n",
    );
    repo.write("README.md", &text);
    let diff = repo.git(&["diff"]);
    repo.write("change.diff", &diff);
    let output = repo.lint(&[
        "check",
        "--format",
        "json",
        "--diff-file",
        "change.diff",
        "README.md",
    ]);
    assert_eq!(found(&output), [(12, "arxiv-url-format".into())]);
}

#[test]
fn bad_refs_and_folders_outside_git_exit_2() {
    let repo = base_repo();
    let output = repo.lint(&["check", "--changed-since", "no-such-branch", "README.md"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`no-such-branch` is not a commit"),
        "{stderr}"
    );
    let output = repo.lint(&["check", "--changed-since=--output=x", "README.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("starts with `-`"));

    let outside = tempfile::tempdir().expect("temp dir");
    std::fs::write(outside.path().join("README.md"), BASE).expect("write");
    let output = Command::new(assert_cmd::cargo::cargo_bin("awesome-lint"))
        .current_dir(outside.path())
        .env("AWESOME_LINT_OFFLINE", "1")
        .env(
            "GIT_CEILING_DIRECTORIES",
            outside.path().parent().expect("parent"),
        )
        .args(["check", "--changed-since", "HEAD", "README.md"])
        .output()
        .expect("binary runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("git"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = repo.lint(&["check", "--diff-file", "missing.diff", "README.md"]);
    assert_eq!(output.status.code(), Some(2));
}

/// With network rules on, only the links on changed lines are asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_links_on_changed_lines_are_requested() {
    use std::sync::{Arc, Mutex};

    use axum::Router;
    use axum::extract::Path as UrlPath;
    use axum::routing::get;

    let requested: Arc<Mutex<Vec<String>>> = Arc::default();
    let log = requested.clone();
    let router = Router::new().route(
        "/{page}",
        get(move |UrlPath(page): UrlPath<String>| {
            let log = log.clone();
            async move {
                log.lock().expect("lock").push(page);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });

    let repo = Repo::new();
    let old = format!("# Tools\n\n- [Old tool](http://{addr}/old) - an old tool.\n");
    repo.write("README.md", &old);
    repo.commit("base");
    repo.write(
        "README.md",
        &format!("{old}- [New tool](http://{addr}/new) - a new tool.\n"),
    );
    let dir: PathBuf = repo.path().to_path_buf();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(assert_cmd::cargo::cargo_bin("awesome-lint"))
            .current_dir(dir)
            .env_remove("AWESOME_LINT_OFFLINE")
            .env_remove("GITHUB_TOKEN")
            .args([
                "check",
                "--select",
                "dead-link,redirect",
                "--allow-private",
                "--max-retries",
                "0",
                "--changed-since",
                "HEAD",
                "--format",
                "json",
                "README.md",
            ])
            .output()
            .expect("binary runs")
    })
    .await
    .expect("blocking task");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let requested = requested.lock().expect("lock").clone();
    assert!(requested.iter().all(|page| page == "new"), "{requested:?}");
    assert!(!requested.is_empty(), "the new link was not checked");
}
