//! The composite action run as a runner runs it: its step scripts with the runner's
//! environment (`GITHUB_OUTPUT`, `GITHUB_STEP_SUMMARY`, `GITHUB_EVENT_PATH`, `RUNNER_*`,
//! `INPUT_*`), a temporary git repository, and stand-ins for the release download (`curl`)
//! and for `gh` on PATH. Nothing leaves the machine.
#![cfg(unix)]

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::changed::Repo;
use crate::support::root;

const VERSION: &str = "v9.8.7";
const TARGET: &str = "x86_64-unknown-linux-gnu";

/// A runner's temporary folders, the stand-ins, and a fake release of the real binary.
struct Runner {
    temp: tempfile::TempDir,
}

fn write_executable(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write script");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// `curl --output FILE URL` copies `$FAKE_RELEASES/<path under the download URL>`.
const FAKE_CURL: &str = r#"#!/usr/bin/env bash
out=""; url=""
while [ $# -gt 0 ]; do
  case "$1" in
    --output) out="$2"; shift 2 ;;
    -*) shift ;;
    *) url="$1"; shift ;;
  esac
done
echo "$url" >> "$FAKE_RELEASES/requests.log"
file="$FAKE_RELEASES/${url#"$AWESOME_LINT_DOWNLOAD_URL"/}"
[ -f "$file" ] || { echo "curl: (22) The requested URL returned error: 404" >&2; exit 22; }
cp "$file" "$out"
"#;

/// `gh` logs each call (and the file it sends) and answers `pr list` / `issue list` from
/// FAKE_GH_PR / FAKE_GH_ISSUE.
const FAKE_GH: &str = r#"#!/usr/bin/env bash
n=$(( $(wc -l < "$GH_LOG" 2>/dev/null || echo 0) + 1 ))
echo "gh $*" >> "$GH_LOG"
prev=""
for arg in "$@"; do
  if [ "$prev" = --input ] || [ "$prev" = --body-file ]; then cp "$arg" "$GH_LOG.$n"; fi
  prev="$arg"
done
case "$1 $2" in
  "pr list") echo "${FAKE_GH_PR:-}" ;;
  "issue list") echo "${FAKE_GH_ISSUE:-}" ;;
esac
exit "${FAKE_GH_EXIT:-0}"
"#;

impl Runner {
    fn new() -> Self {
        let runner = Runner {
            temp: tempfile::tempdir().expect("temp dir"),
        };
        for dir in ["tools", "releases", "runner-temp"] {
            std::fs::create_dir_all(runner.path(dir)).expect("mkdir");
        }
        write_executable(&runner.path("tools/curl"), FAKE_CURL);
        write_executable(&runner.path("tools/gh"), FAKE_GH);
        runner
            .release(&std::fs::read(assert_cmd::cargo::cargo_bin("awesome-lint")).expect("binary"));
        runner
    }

    fn path(&self, name: &str) -> PathBuf {
        self.temp.path().join(name)
    }

    /// Publish `binary` as the release archive for Linux x86_64, with its SHA-256 sum.
    fn release(&self, binary: &[u8]) {
        let name = format!("awesome-lint-{VERSION}-{TARGET}");
        let stage = self.path(&format!("stage/{name}"));
        std::fs::create_dir_all(&stage).expect("mkdir");
        std::fs::write(stage.join("awesome-lint"), binary).expect("write binary");
        let releases = self.path(&format!("releases/{VERSION}"));
        std::fs::create_dir_all(&releases).expect("mkdir");
        let archive = releases.join(format!("{name}.tar.gz"));
        let status = Command::new("tar")
            .arg("-czf")
            .arg(&archive)
            .arg("-C")
            .arg(self.path("stage"))
            .arg(&name)
            .status()
            .expect("tar runs");
        assert!(status.success());
        let sum = Command::new("sha256sum")
            .arg(&archive)
            .output()
            .expect("sha256sum runs");
        let digest = String::from_utf8_lossy(&sum.stdout)
            .split_whitespace()
            .next()
            .expect("digest")
            .to_string();
        std::fs::write(
            releases.join(format!("{name}.tar.gz.sha256")),
            format!("{digest}  {name}.tar.gz\n"),
        )
        .expect("write sum");
    }

    /// Run one of the action's scripts in `workspace` with the runner's environment.
    fn step(&self, script: &str, workspace: &Path, env: &[(&str, &str)]) -> Step {
        let output_file = self.path("runner-temp/github-output");
        let summary_file = self.path("runner-temp/step-summary");
        let _ = std::fs::remove_file(&output_file);
        let _ = std::fs::remove_file(&summary_file);
        let path = format!(
            "{}:{}:{}",
            self.path("runner-temp/awesome-lint/bin").display(),
            self.path("tools").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("bash");
        command
            .arg(root().join("scripts/action").join(script))
            .current_dir(workspace)
            .env_clear()
            .env("PATH", path)
            .env("HOME", self.temp.path())
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GITHUB_ACTIONS", "true")
            .env("GITHUB_OUTPUT", &output_file)
            .env("GITHUB_STEP_SUMMARY", &summary_file)
            .env("GITHUB_PATH", self.path("runner-temp/github-path"))
            .env("GITHUB_WORKSPACE", workspace)
            .env("GITHUB_ACTION_PATH", root())
            .env("GITHUB_REPOSITORY", "octo/papers")
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", self.path("runner-temp"))
            .env("ACTION_REPOSITORY", "awesome-lint/awesome-lint")
            .env("ACTION_REF", VERSION)
            .env(
                "AWESOME_LINT_DOWNLOAD_URL",
                "https://releases.invalid/download",
            )
            .env("FAKE_RELEASES", self.path("releases"))
            .env("GH_LOG", self.path("gh.log"));
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command.output().expect("bash runs");
        let outputs = std::fs::read_to_string(&output_file)
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Step {
            outputs,
            summary: std::fs::read_to_string(&summary_file).unwrap_or_default(),
            output,
        }
    }

    fn install(&self) {
        let workspace = tempfile::tempdir().expect("temp dir");
        let step = self.step("install.sh", workspace.path(), &[]);
        step.succeeded();
        assert_eq!(step.outputs["build"], "false", "{}", step.log());
    }

    fn gh_calls(&self) -> Vec<String> {
        std::fs::read_to_string(self.path("gh.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The file sent with the `n`th `gh` call (1-based).
    fn gh_sent(&self, n: usize) -> String {
        std::fs::read_to_string(self.path(&format!("gh.log.{n}"))).expect("gh sent a file")
    }
}

struct Step {
    outputs: HashMap<String, String>,
    summary: String,
    output: Output,
}

impl Step {
    fn log(&self) -> String {
        format!(
            "stdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&self.output.stdout),
            String::from_utf8_lossy(&self.output.stderr)
        )
    }

    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    fn succeeded(&self) {
        assert!(self.output.status.success(), "{}", self.log());
    }
}

#[test]
fn install_verifies_the_release_and_falls_back_to_a_build() {
    let runner = Runner::new();
    let workspace = tempfile::tempdir().expect("temp dir");
    let step = runner.step("install.sh", workspace.path(), &[]);
    step.succeeded();
    assert_eq!(step.outputs["build"], "false");
    let installed = runner.path("runner-temp/awesome-lint/bin/awesome-lint");
    let version = Command::new(&installed)
        .arg("--version")
        .output()
        .expect("installed binary runs");
    assert!(String::from_utf8_lossy(&version.stdout).starts_with("awesome-lint "));

    // A branch of the action has no release: build from source, cached by the source.
    let step = runner.step("install.sh", workspace.path(), &[("ACTION_REF", "main")]);
    step.succeeded();
    assert_eq!(step.outputs["build"], "true");
    assert!(step.outputs["cache-key"].starts_with("awesome-lint-Linux-X64-"));
    // No archive for this runner: build too.
    let step = runner.step("install.sh", workspace.path(), &[("RUNNER_ARCH", "ARM64")]);
    assert_eq!(step.outputs["build"], "true", "{}", step.log());

    // An archive that does not match its sum is an error, not a quiet fallback.
    runner.release(b"#!/bin/sh\necho tampered\n");
    let name = format!("awesome-lint-{VERSION}-{TARGET}.tar.gz");
    let sums = runner.path(&format!("releases/{VERSION}/{name}.sha256"));
    std::fs::write(&sums, format!("{}  {name}\n", "0".repeat(64))).expect("write sum");
    let step = runner.step("install.sh", workspace.path(), &[]);
    assert_eq!(step.output.status.code(), Some(1));
    assert!(
        step.stdout().contains("::error title=awesome-lint::"),
        "{}",
        step.log()
    );
}

const CLEAN: &str = "# Papers\n\n## Adapters\n\n- LoRA: Low-Rank Adaptation of Large Language Models [[Paper](https://arxiv.org/abs/2106.09685)]\n";

fn check_inputs<'a>(extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut env = vec![
        ("INPUT_FILES", "README.md"),
        ("INPUT_ARGS", ""),
        ("INPUT_FAIL_ON", "warning"),
        ("INPUT_ONLINE", "false"),
        ("INPUT_ONLY_CHANGED", ""),
        ("INPUT_SARIF", ""),
        ("INPUT_SUMMARY", "true"),
        ("INPUT_SUGGEST", "true"),
        ("GITHUB_EVENT_NAME", "push"),
        ("GITHUB_SERVER_URL", "https://github.com"),
    ];
    env.extend_from_slice(extra);
    env
}

#[test]
fn a_clean_list_passes_with_a_summary() {
    let runner = Runner::new();
    runner.install();
    let repo = Repo::new();
    repo.write("README.md", CLEAN);
    let sha = repo.commit("list");
    let env = check_inputs(&[("GITHUB_SHA", &sha)]);
    let step = runner.step("lint.sh", repo.path(), &env);
    step.succeeded();
    assert_eq!(step.outputs["findings"], "0", "{}", step.log());
    assert_eq!(step.outputs["exit-code"], "0");
    assert!(
        step.summary.contains("No problems found."),
        "{}",
        step.summary
    );
    assert!(!step.stdout().contains("::"), "{}", step.log());
}

#[test]
fn findings_become_annotations_most_severe_first_and_a_linked_summary() {
    let runner = Runner::new();
    runner.install();
    let repo = Repo::new();
    // 12 arXiv pdf links (warnings) and 11 papers listed twice in one section (errors).
    let mut list = String::from("# Papers\n\n## Adapters\n\n");
    for i in 0..12 {
        list.push_str(&format!(
            "- Paper number {i} on adapters and prompts [[Paper](https://arxiv.org/pdf/2106.{:05}.pdf)]\n",
            10_000 + i
        ));
    }
    for i in 0..11 {
        let line = format!(
            "- Another paper number {i} on low rank adaptation [[Paper](https://arxiv.org/abs/2305.{:05})]\n",
            10_000 + i
        );
        list.push_str(&line);
        list.push_str(&line);
    }
    repo.write("README.md", &list);
    let sha = repo.commit("list");
    let sarif = runner.path("runner-temp/out.sarif");
    let sarif = sarif.to_str().expect("utf-8 path");
    let env = check_inputs(&[
        ("GITHUB_SHA", &sha),
        ("INPUT_SARIF", sarif),
        ("INPUT_ARGS", "--ignore html-balance"),
    ]);
    let step = runner.step("lint.sh", repo.path(), &env);
    step.succeeded();
    assert_eq!(step.outputs["findings"], "23", "{}", step.log());
    assert_eq!(step.outputs["exit-code"], "1");
    let commands: Vec<String> = step
        .stdout()
        .lines()
        .filter(|l| l.starts_with("::"))
        .map(|l| l.split(' ').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(commands.len(), 23, "{}", step.log());
    assert!(
        commands[..11].iter().all(|c| c == "::error"),
        "{commands:?}"
    );
    assert!(
        commands[11..].iter().all(|c| c == "::warning"),
        "{commands:?}"
    );
    assert!(
        step.summary.contains(&format!(
            "| [5](https://github.com/octo/papers/blob/{sha}/README.md#L5) | warning | `arxiv-url-format` |"
        )),
        "{}",
        step.summary
    );
    assert!(
        step.summary
            .contains("> 1 errors, 2 warnings and 0 notices are only in this report."),
        "{}",
        step.summary
    );
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(sarif).expect("sarif written"))
            .expect("json");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(23)
    );

    // fail-on never: the step's exit code is 0, the findings are still counted.
    let env = check_inputs(&[("GITHUB_SHA", &sha), ("INPUT_FAIL_ON", "never")]);
    let step = runner.step("lint.sh", repo.path(), &env);
    assert_eq!(step.outputs["exit-code"], "0", "{}", step.log());
}

#[test]
fn a_pull_request_gets_its_changed_lines_and_one_review_with_suggestions() {
    let runner = Runner::new();
    runner.install();
    let repo = Repo::new();
    // An old problem (a pdf link) the pull request does not touch.
    let base_text = format!(
        "{CLEAN}- Old paper on adapters for vision models [[Paper](https://arxiv.org/pdf/2205.13535.pdf)]\n"
    );
    repo.write("README.md", &base_text);
    let base = repo.commit("base");
    repo.git(&["checkout", "--quiet", "-b", "contributor"]);
    repo.write(
        "README.md",
        &format!(
            "{base_text}- P-Tuning: GPT Understands, Too [[Paper](http://arxiv.org/pdf/2103.10385v2.pdf)]\n"
        ),
    );
    let head = repo.commit("add P-Tuning");
    let event = runner.path("event.json");
    std::fs::write(
        &event,
        serde_json::json!({
            "pull_request": {
                "number": 42,
                "base": {"sha": base},
                "head": {"sha": head}
            }
        })
        .to_string(),
    )
    .expect("write event");
    let event = event.to_str().expect("utf-8 path");
    let env = check_inputs(&[
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_EVENT_PATH", event),
        ("GITHUB_SHA", &head),
        ("INPUT_ONLINE", ""),
    ]);
    let step = runner.step("lint.sh", repo.path(), &env);
    step.succeeded();
    assert_eq!(step.outputs["findings"], "1", "{}", step.log());
    assert_eq!(step.outputs["exit-code"], "1");
    assert!(
        step.stdout()
            .contains("::warning file=README.md,line=7,endLine=7,"),
        "{}",
        step.log()
    );
    let review_path = step.outputs.get("review").expect("review output").clone();
    let review: Value =
        serde_json::from_str(&std::fs::read_to_string(&review_path).expect("review"))
            .expect("json");
    assert_eq!(review["event"], "COMMENT");
    assert_eq!(review["comments"].as_array().map(Vec::len), Some(1));
    assert_eq!(review["comments"][0]["line"], 7);
    let body = review["comments"][0]["body"].as_str().expect("body");
    assert!(
        body.contains("```suggestion\n- P-Tuning: GPT Understands, Too [[Paper](https://arxiv.org/abs/2103.10385)]\n```"),
        "{body}"
    );

    // The next step posts it, with the head commit it was made for.
    let step = runner.step(
        "review.sh",
        repo.path(),
        &[
            ("REVIEW", &review_path),
            ("GITHUB_EVENT_PATH", event),
            ("GH_TOKEN", "token-from-env"),
        ],
    );
    step.succeeded();
    let calls = runner.gh_calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert!(
        calls[0].starts_with("gh api --method POST repos/octo/papers/pulls/42/reviews --input "),
        "{calls:?}"
    );
    let sent: Value = serde_json::from_str(&runner.gh_sent(1)).expect("json sent");
    assert_eq!(sent["commit_id"], head.as_str());
    assert_eq!(sent["comments"], review["comments"]);
}

#[test]
fn maintain_opens_one_pull_request_and_one_link_report() {
    let runner = Runner::new();
    runner.install();
    let remote = tempfile::tempdir().expect("temp dir");
    let status = Command::new("git")
        .args(["init", "--quiet", "--bare"])
        .arg(remote.path())
        .status()
        .expect("git runs");
    assert!(status.success());
    let repo = Repo::new();
    // A fixable pdf link, and a duplicate that needs a person.
    let list = format!(
        "{CLEAN}- Old paper on adapters for vision models [[Paper](https://arxiv.org/pdf/2205.13535.pdf)]\n- LoRA: Low-Rank Adaptation of Large Language Models [[Paper](https://arxiv.org/abs/2106.09685)]\n"
    );
    repo.write("README.md", &list);
    repo.commit("list");
    repo.git(&[
        "remote",
        "add",
        "origin",
        remote.path().to_str().expect("utf-8"),
    ]);
    let env = [
        ("INPUT_FILES", "README.md"),
        ("INPUT_ARGS", "--offline"),
        ("FAKE_GH_PR", ""),
        ("FAKE_GH_ISSUE", ""),
    ];
    let step = runner.step("maintain.sh", repo.path(), &env);
    step.succeeded();
    assert_eq!(step.outputs["findings"], "1", "{}", step.log());
    let calls = runner.gh_calls();
    let verbs: Vec<String> = calls
        .iter()
        .map(|c| c.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        verbs,
        [
            "gh auth setup-git",
            "gh pr list",
            "gh pr create",
            "gh issue list",
            "gh issue create"
        ],
        "{calls:?}"
    );
    assert!(calls[4].contains("--title Link report"), "{calls:?}");
    let report = runner.gh_sent(5);
    assert!(report.contains("`duplicate-entry`"), "{report}");
    // The fix is on the fixed branch of the remote.
    let pushed = Command::new("git")
        .arg("--git-dir")
        .arg(remote.path())
        .args(["show", "awesome-lint/fixes:README.md"])
        .output()
        .expect("git runs");
    let pushed = String::from_utf8_lossy(&pushed.stdout);
    assert!(
        pushed.contains("(https://arxiv.org/abs/2205.13535)"),
        "{pushed}"
    );

    // The next week: the pull request and the issue exist and are updated, not doubled.
    std::fs::remove_file(runner.path("gh.log")).expect("reset log");
    repo.git(&["checkout", "--quiet", "main"]);
    let env = [
        ("INPUT_FILES", "README.md"),
        ("INPUT_ARGS", "--offline"),
        ("FAKE_GH_PR", "3"),
        ("FAKE_GH_ISSUE", "4"),
    ];
    let step = runner.step("maintain.sh", repo.path(), &env);
    step.succeeded();
    let calls = runner.gh_calls();
    assert!(
        !calls.iter().any(|c| c.starts_with("gh pr create")),
        "{calls:?}"
    );
    assert!(
        calls
            .iter()
            .any(|c| c.starts_with("gh issue edit 4 --body-file")),
        "{calls:?}"
    );

    // Once the list is clean, the issue is closed and no pull request is touched.
    std::fs::remove_file(runner.path("gh.log")).expect("reset log");
    repo.write("README.md", CLEAN);
    repo.commit("clean");
    let step = runner.step("maintain.sh", repo.path(), &env);
    step.succeeded();
    assert_eq!(step.outputs["findings"], "0");
    let calls = runner.gh_calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(calls[1].starts_with("gh issue close 4"), "{calls:?}");
}

/// action.yml and the scripts agree: each input reaches the scripts as the INPUT_* variable
/// they read, and each script a step runs exists.
#[test]
fn action_yml_wires_every_input_to_the_scripts() {
    let action = std::fs::read_to_string(root().join("action.yml")).expect("action.yml");
    let scripts: String = ["install.sh", "lint.sh", "review.sh", "maintain.sh"]
        .iter()
        .map(|name| {
            std::fs::read_to_string(root().join("scripts/action").join(name)).expect("script")
        })
        .collect();
    let inputs_block = action
        .split("\ninputs:\n")
        .nth(1)
        .and_then(|rest| rest.split("\noutputs:\n").next())
        .expect("inputs");
    let inputs: Vec<&str> = inputs_block
        .lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("    ") && l.ends_with(':'))
        .map(|l| l.trim().trim_end_matches(':'))
        .collect();
    assert_eq!(
        inputs,
        [
            "files",
            "args",
            "fail-on",
            "online",
            "only-changed",
            "sarif",
            "summary",
            "suggest",
            "mode",
            "token"
        ]
    );
    for input in inputs {
        if matches!(input, "mode" | "token") {
            continue;
        }
        let variable = format!("INPUT_{}", input.to_uppercase().replace('-', "_"));
        assert!(
            action.contains(&format!("{variable}: ${{{{ inputs.{input} }}}}")),
            "action.yml does not pass {input} as {variable}"
        );
        assert!(scripts.contains(&variable), "no script reads {variable}");
    }
    for line in action.lines().filter(|l| l.contains("scripts/action/")) {
        let name = line
            .split("scripts/action/")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("script name");
        assert!(root().join("scripts/action").join(name).is_file(), "{name}");
    }
    // The token goes through the environment only.
    assert!(action.contains("GITHUB_TOKEN: ${{ inputs.token }}"));
    assert!(!scripts.contains("--github-token"));
}
