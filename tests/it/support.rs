//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};

use awesome_lint::config::Config;
use awesome_lint::document::Document;
use awesome_lint::lint::{FileReport, Linter, Selection};
use awesome_lint::repo::RepoFile;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> String {
    let path = root().join("fixtures").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every Markdown fixture, relative to `fixtures/`, sorted.
pub fn all_fixtures() -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("fixtures folder") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                let relative = path.strip_prefix(base).expect("under base");
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let base = root().join("fixtures");
    let mut out = Vec::new();
    walk(&base, &base, &mut out);
    out.sort();
    out
}

/// Lint a text offline with the default config, as `fixtures/<name>`.
pub fn lint(name: &str, text: &str) -> FileReport {
    lint_in(name, text, None)
}

/// Lint a text offline as the file `name` of a repository (relative links checked there).
pub fn lint_in(name: &str, text: &str, repo: Option<&RepoFile>) -> FileReport {
    let linter = Linter::new(
        &Config::default(),
        &Selection {
            offline: true,
            ..Default::default()
        },
    )
    .expect("default config is valid");
    let document = Document::parse(text);
    let diagnostics = linter.lint_in(&document, None, None, repo);
    FileReport {
        path: format!("fixtures/{name}"),
        document,
        diagnostics,
    }
}

/// A repository in a temporary folder: `.git`, and `files` (path, text) written into it.
pub fn temp_repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
    for (path, text) in files {
        let path = dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(path, text).expect("write");
    }
    dir
}
