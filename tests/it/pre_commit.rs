//! The pre-commit hooks for real: `pre-commit try-repo <this repository>` in a temporary git
//! repository, as a user's `.pre-commit-config.yaml` would run them. `.ci/run` installs
//! pre-commit from PyPI; without it (or with `AWESOME_LINT_PRE_COMMIT` pointing nowhere) the
//! test says it skipped.

use std::path::PathBuf;
use std::process::{Command, Output};

use crate::changed::Repo;
use crate::support::root;

fn pre_commit() -> Option<PathBuf> {
    let program = std::env::var_os("AWESOME_LINT_PRE_COMMIT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("pre-commit"));
    let works = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    works.then_some(program)
}

fn try_repo(program: &PathBuf, repo: &Repo, home: &std::path::Path, hook: &str) -> Output {
    Command::new(program)
        .current_dir(repo.path())
        .env("PRE_COMMIT_HOME", home)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        // `cargo install` of the hook reuses one build folder and an unoptimised,
        // incremental profile: the test is about the hooks, not about a fast binary, and CI
        // has 2 cores.
        .env("CARGO_TARGET_DIR", root().join("target/pre-commit"))
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
        .env_remove("AWESOME_LINT_OFFLINE")
        .args(["try-repo", root().to_str().expect("utf-8 path"), hook])
        .args(["--files", "README.md", "--color", "never", "--verbose"])
        .output()
        .expect("pre-commit runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

const CLEAN: &str = "# Papers\n\n## Adapters\n\n- LoRA: Low-Rank Adaptation of Large Language Models [[Paper](https://arxiv.org/abs/2106.09685)]\n\n## Prompts\n\n- Prefix-Tuning: Optimizing Continuous Prompts for Generation [[Paper](https://arxiv.org/abs/2101.00190)]\n";

#[test]
fn hooks_pass_a_clean_list_stop_a_duplicate_and_fix_an_arxiv_pdf_link() {
    let Some(program) = pre_commit() else {
        eprintln!(
            "SKIPPED: pre-commit is not installed (pip install pre-commit, or set AWESOME_LINT_PRE_COMMIT)"
        );
        return;
    };
    let home = tempfile::tempdir().expect("temp dir");
    let repo = Repo::new();
    repo.write("README.md", CLEAN);
    repo.commit("clean list");

    let output = try_repo(&program, &repo, home.path(), "awesome-lint");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));

    // The same paper in two sections is a warning; the hook fails on it.
    repo.write(
        "README.md",
        &format!(
            "{CLEAN}- LoRA: Low-Rank Adaptation of Large Language Models [[Paper](https://arxiv.org/abs/2106.09685)]\n"
        ),
    );
    repo.git(&["add", "README.md"]);
    let output = try_repo(&program, &repo, home.path(), "awesome-lint");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("warning[duplicate-entry]: paper listed 2 times"),
        "{}",
        text(&output)
    );

    // The fix hook rewrites the pdf link and fails once, as formatters do; then passes.
    repo.write(
        "README.md",
        &CLEAN.replace(
            "https://arxiv.org/abs/2101.00190",
            "https://arxiv.org/pdf/2101.00190.pdf",
        ),
    );
    repo.git(&["add", "README.md"]);
    let output = try_repo(&program, &repo, home.path(), "awesome-lint-fix");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let fixed = std::fs::read_to_string(repo.path().join("README.md")).expect("read");
    assert_eq!(fixed, CLEAN);
    repo.git(&["add", "README.md"]);
    let output = try_repo(&program, &repo, home.path(), "awesome-lint-fix");
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
}
