//! Only what a change touched: the added lines of a unified diff, per file, and the filter
//! that keeps the findings on them (reviewdog's filter-mode "added").
//!
//! A pull request is reviewed for what it adds. An old problem the contributor did not touch
//! is not theirs to fix, but a new copy of an old entry is: a finding whose related place
//! (the other copy of a duplicate) is on an added line is shown there.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Args;

use crate::diagnostic::{Diagnostic, Label};
use crate::document::Document;
use crate::lint::FileReport;
use crate::network::Needs;

/// `--changed-since` and `--diff-file`: which lines count.
#[derive(Debug, Args)]
#[command(next_help_heading = "Changed lines")]
pub struct ChangedArgs {
    /// Report only findings on lines added or changed since this git ref (a branch, tag or
    /// commit); the working tree is compared, so staged and unstaged edits count
    #[arg(long, value_name = "GIT-REF", conflicts_with = "diff_file")]
    pub changed_since: Option<String>,
    /// Report only findings on the lines this unified diff adds (`-` reads standard input)
    #[arg(long, value_name = "PATH")]
    pub diff_file: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangedError {
    #[error("cannot run git: {0}")]
    GitMissing(std::io::Error),
    #[error("`git {command}` failed: {message}")]
    Git { command: String, message: String },
    #[error("`{0}` is not a git ref (it starts with `-`)")]
    OptionLikeRef(String),
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    BadDiff {
        path: String,
        line: usize,
        message: String,
    },
    #[error("--changed-since and --diff-file need files, not standard input")]
    Stdin,
}

/// The lines of one file that a change added, 1-based on the new side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineSet {
    /// A file git does not track yet: all of it is new.
    All,
    Lines(BTreeSet<usize>),
}

impl LineSet {
    pub fn contains(&self, line: usize) -> bool {
        match self {
            LineSet::All => true,
            LineSet::Lines(lines) => lines.contains(&line),
        }
    }
}

/// Added lines per file, keyed by the path relative to the repository root (or to the
/// current folder outside a repository).
#[derive(Debug, Clone, Default)]
pub struct ChangedLines {
    files: HashMap<String, LineSet>,
    /// The repository root the diff's paths are relative to.
    root: Option<PathBuf>,
}

impl ChangedLines {
    /// From the command line; `None` when neither option is given.
    pub fn from_args(args: &ChangedArgs) -> Result<Option<Self>, ChangedError> {
        if let Some(reference) = &args.changed_since {
            return Self::since(reference).map(Some);
        }
        let Some(path) = &args.diff_file else {
            return Ok(None);
        };
        let text = if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|source| {
                ChangedError::Read {
                    path: path.clone(),
                    source,
                }
            })?;
            text
        } else {
            let bytes = std::fs::read(path).map_err(|source| ChangedError::Read {
                path: path.clone(),
                source,
            })?;
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let mut changed = Self::parse(&text, &path.display().to_string())?;
        changed.root = git(Path::new("."), &["rev-parse", "--show-toplevel"])
            .ok()
            .map(|top| PathBuf::from(top.trim_end_matches(['\n', '\r'])));
        Ok(Some(changed))
    }

    /// Lines added since `reference`, by `git diff` against the working tree, plus every
    /// line of files git does not track yet.
    pub fn since(reference: &str) -> Result<Self, ChangedError> {
        if reference.starts_with('-') {
            return Err(ChangedError::OptionLikeRef(reference.to_string()));
        }
        let top = git(Path::new("."), &["rev-parse", "--show-toplevel"])?;
        let root = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        git(
            &root,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &format!("{reference}^{{commit}}"),
            ],
        )
        .map_err(|_| ChangedError::Git {
            command: format!("rev-parse {reference}"),
            message: format!("`{reference}` is not a commit in this repository"),
        })?;
        // Fixed prefixes and no external diff driver, whatever the user's git config says;
        // no pathspec, so a renamed file is paired with its old name.
        let diff = git(
            &root,
            &[
                "diff",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--find-renames",
                "--unified=0",
                "--src-prefix=a/",
                "--dst-prefix=b/",
                reference,
                "--",
            ],
        )?;
        let mut changed = Self::parse(&diff, "git diff")?;
        let untracked = git(&root, &["ls-files", "--others", "--exclude-standard", "-z"])?;
        for path in untracked.split('\0').filter(|p| !p.is_empty()) {
            changed.files.insert(path.to_string(), LineSet::All);
        }
        changed.root = Some(root);
        Ok(changed)
    }

    /// Parse a unified diff (git's, or `diff -u`'s). Lines that a hunk removes and adds back
    /// unchanged (a moved entry, CRLF turned into LF) are not new.
    pub fn parse(diff: &str, name: &str) -> Result<Self, ChangedError> {
        let mut files: HashMap<String, LineSet> = HashMap::new();
        let mut current: Option<FileDiff> = None;
        fn finish(file: Option<FileDiff>, files: &mut HashMap<String, LineSet>) {
            if let Some(file) = file
                && let Some(path) = file.path.clone()
            {
                let lines = file.added_lines();
                match files.get_mut(&path) {
                    Some(LineSet::Lines(existing)) => existing.extend(lines),
                    Some(LineSet::All) => {}
                    None => {
                        files.insert(path, LineSet::Lines(lines));
                    }
                }
            }
        }
        let mut old_left = 0usize;
        let mut new_left = 0usize;
        let mut new_line = 0usize;
        for (number, raw) in diff.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            if old_left > 0 || new_left > 0 {
                let Some(file) = current.as_mut() else {
                    break;
                };
                match raw.as_bytes().first() {
                    Some(b'+') => {
                        file.added.push((new_line, content(raw)));
                        new_line += 1;
                        new_left = new_left.saturating_sub(1);
                    }
                    Some(b'-') => {
                        file.removed.push(content(raw));
                        old_left = old_left.saturating_sub(1);
                    }
                    Some(b'\\') => {}
                    // A context line; an empty line is a context line whose editor ate the
                    // leading space.
                    Some(b' ') | None => {
                        new_line += 1;
                        old_left = old_left.saturating_sub(1);
                        new_left = new_left.saturating_sub(1);
                    }
                    Some(_) => {
                        return Err(ChangedError::BadDiff {
                            path: name.to_string(),
                            line: number + 1,
                            message: "hunk ends before its line counts say".to_string(),
                        });
                    }
                }
                continue;
            }
            if line.starts_with("diff ") {
                finish(current.take(), &mut files);
                current = Some(FileDiff::default());
            } else if let Some(path) = line.strip_prefix("+++ ") {
                current.get_or_insert_with(FileDiff::default).path = diff_path(path, "b/");
            } else if line.starts_with("--- ") {
                // `diff -u` output has no `diff` line between files.
                if current.as_ref().is_some_and(|f| f.hunks_seen) {
                    finish(current.take(), &mut files);
                    current = Some(FileDiff::default());
                }
            } else if let Some(to) = line.strip_prefix("rename to ") {
                let file = current.get_or_insert_with(FileDiff::default);
                file.path = Some(unquote(to));
            } else if line.starts_with("@@ ") {
                let (old, new, start) = hunk_header(line).ok_or_else(|| ChangedError::BadDiff {
                    path: name.to_string(),
                    line: number + 1,
                    message: format!("not a hunk header: `{line}`"),
                })?;
                let file = current.get_or_insert_with(FileDiff::default);
                file.hunks_seen = true;
                old_left = old;
                new_left = new;
                new_line = start;
            }
        }
        finish(current.take(), &mut files);
        Ok(Self { files, root: None })
    }

    /// The added lines of `file` (a path as the user wrote it); `None` when the change did
    /// not touch it.
    pub fn lines_for(&self, file: &str) -> Result<Option<&LineSet>, ChangedError> {
        if file == "-" {
            return Err(ChangedError::Stdin);
        }
        Ok(self.files.get(&self.key(Path::new(file))))
    }

    fn key(&self, file: &Path) -> String {
        let relative = self.root.as_ref().and_then(|root| {
            let absolute = std::fs::canonicalize(file).ok()?;
            let root = std::fs::canonicalize(root).ok()?;
            absolute.strip_prefix(root).ok().map(Path::to_path_buf)
        });
        let path = relative.unwrap_or_else(|| file.to_path_buf());
        let text = path.to_string_lossy().replace('\\', "/");
        text.strip_prefix("./").map(str::to_string).unwrap_or(text)
    }

    /// Keep the findings on added lines; a finding whose related place is on an added line
    /// moves there (the new copy of an old entry), and its fix stays behind.
    pub fn filter(&self, report: &mut FileReport) -> Result<(), ChangedError> {
        let empty = LineSet::Lines(BTreeSet::new());
        let lines = self.lines_for(&report.path)?.unwrap_or(&empty);
        filter_diagnostics(&report.document, &mut report.diagnostics, lines);
        Ok(())
    }

    /// What network rules need from `doc`, limited to the links on added lines.
    pub fn restrict_needs(
        &self,
        file: &str,
        doc: &Document,
        needs: Needs,
    ) -> Result<Needs, ChangedError> {
        let empty = LineSet::Lines(BTreeSet::new());
        let lines = self.lines_for(file)?.unwrap_or(&empty);
        Ok(restrict_needs(doc, lines, needs))
    }
}

#[derive(Debug, Default)]
struct FileDiff {
    path: Option<String>,
    hunks_seen: bool,
    added: Vec<(usize, String)>,
    removed: Vec<String>,
}

impl FileDiff {
    /// Added lines, less those the diff also removes with the same text (moved, or only
    /// their line ending changed).
    fn added_lines(&self) -> BTreeSet<usize> {
        let mut removed: HashMap<&str, usize> = HashMap::new();
        for text in &self.removed {
            *removed.entry(text.as_str()).or_default() += 1;
        }
        let mut lines = BTreeSet::new();
        for (line, text) in &self.added {
            match removed.get_mut(text.as_str()) {
                Some(count) if *count > 0 => *count -= 1,
                _ => {
                    lines.insert(*line);
                }
            }
        }
        lines
    }
}

/// A diff line's text without its `+`/`-` and line ending.
fn content(raw: &str) -> String {
    let text = raw.get(1..).unwrap_or("");
    text.strip_suffix('\r').unwrap_or(text).to_string()
}

/// `@@ -3,2 +4,5 @@ heading` → (old count, new count, new start). A missing count is 1.
fn hunk_header(line: &str) -> Option<(usize, usize, usize)> {
    let mut parts = line.split(' ');
    parts.next()?;
    let old = parts.next()?.strip_prefix('-')?;
    let new = parts.next()?.strip_prefix('+')?;
    let range = |text: &str| -> Option<(usize, usize)> {
        match text.split_once(',') {
            Some((start, count)) => Some((start.parse().ok()?, count.parse().ok()?)),
            None => Some((text.parse().ok()?, 1)),
        }
    };
    let (_, old_count) = range(old)?;
    let (new_start, new_count) = range(new)?;
    Some((old_count, new_count, new_start))
}

/// The path of a `+++` line: `/dev/null` is none, git's `b/` prefix and `diff -u`'s
/// timestamp go, a quoted name is unquoted.
fn diff_path(text: &str, prefix: &str) -> Option<String> {
    let text = text.trim_end_matches(['\r', '\n']);
    let text = if text.starts_with('"') {
        text
    } else {
        text.split('\t').next().unwrap_or(text)
    };
    let path = unquote(text);
    if path == "/dev/null" {
        return None;
    }
    Some(
        path.strip_prefix(prefix)
            .map(str::to_string)
            .unwrap_or(path),
    )
}

/// Git quotes names with unusual bytes C-style: `"caf\303\251.md"`.
fn unquote(text: &str) -> String {
    let Some(inner) = text
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return text.to_string();
    };
    let mut bytes = Vec::new();
    let mut chars = inner.bytes().peekable();
    while let Some(byte) = chars.next() {
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        match chars.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(digit @ b'0'..=b'7') => {
                let mut value = u32::from(digit - b'0');
                for _ in 0..2 {
                    if let Some(&next @ b'0'..=b'7') = chars.peek() {
                        value = value * 8 + u32::from(next - b'0');
                        chars.next();
                    }
                }
                bytes.push(u8::try_from(value).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn git(dir: &Path, args: &[&str]) -> Result<String, ChangedError> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(ChangedError::GitMissing)?;
    if !output.status.success() {
        return Err(ChangedError::Git {
            command: args.first().copied().unwrap_or_default().to_string(),
            message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn line_of(doc: &Document, offset: usize) -> usize {
    doc.line_index().line_of(offset.min(doc.text().len())) + 1
}

/// The filter itself, on one document's findings.
pub fn filter_diagnostics(doc: &Document, diagnostics: &mut Vec<Diagnostic>, lines: &LineSet) {
    if *lines == LineSet::All {
        return;
    }
    let mut kept: Vec<Diagnostic> = Vec::new();
    let mut moved: Vec<Diagnostic> = Vec::new();
    for mut diagnostic in diagnostics.drain(..) {
        if lines.contains(line_of(doc, diagnostic.range.start)) {
            kept.push(diagnostic);
            continue;
        }
        let Some(index) = diagnostic
            .related
            .iter()
            .position(|label| lines.contains(line_of(doc, label.range.start)))
        else {
            continue;
        };
        let label = diagnostic.related.remove(index);
        let old = std::mem::replace(&mut diagnostic.range, label.range);
        diagnostic.related.insert(
            0,
            Label {
                range: old,
                message: "also listed here".to_string(),
            },
        );
        diagnostic.fix = None;
        diagnostic.url = None;
        moved.push(diagnostic);
    }
    // A moved finding is dropped when the added line already has one of its rule.
    for diagnostic in moved {
        let line = line_of(doc, diagnostic.range.start);
        let taken = kept
            .iter()
            .any(|d| d.rule == diagnostic.rule && line_of(doc, d.range.start) == line);
        if !taken {
            kept.push(diagnostic);
        }
    }
    kept.sort_by(|a, b| {
        (a.range.start, a.rule, &a.message).cmp(&(b.range.start, b.rule, &b.message))
    });
    *diagnostics = kept;
}

/// Keep only what links on added lines need: a pull request that adds one paper asks for
/// that paper's links, not the whole list's.
pub fn restrict_needs(doc: &Document, lines: &LineSet, needs: Needs) -> Needs {
    if *lines == LineSet::All {
        return needs;
    }
    let touched: Vec<&str> = doc
        .links()
        .iter()
        .filter(|link| {
            lines.contains(line_of(doc, link.range.start))
                || lines.contains(line_of(doc, link.url_range.start))
        })
        .map(|link| link.url.trim())
        .collect();
    let arxiv: BTreeSet<String> = touched
        .iter()
        .filter_map(|url| crate::identity::arxiv_id(url))
        .collect();
    let repos: Vec<crate::online::RepoRef> = touched
        .iter()
        .filter_map(|url| crate::online::parse_repo_url(url))
        .collect();
    Needs {
        urls: needs
            .urls
            .into_iter()
            .filter(|url| touched.contains(&url.as_str()))
            .collect(),
        arxiv_ids: needs
            .arxiv_ids
            .into_iter()
            .filter(|id| arxiv.contains(id))
            .collect(),
        repos: needs
            .repos
            .into_iter()
            .filter(|repo| repos.contains(repo))
            .collect(),
        // the list's own repository (awesome-github) belongs to no line
        repo_about: needs.repo_about,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIT_DIFF: &str = "diff --git a/README.md b/README.md
index 1111111..2222222 100644
--- a/README.md
+++ b/README.md
@@ -3,0 +4,2 @@ ## Adapters
+- New paper [[Paper](https://arxiv.org/abs/2404.15159)]
+- Other paper
@@ -10 +12 @@ ## Mixture of Experts
--- an old line
+-- a new line
diff --git a/old.md b/docs/new.md
similarity index 90%
rename from old.md
rename to docs/new.md
@@ -1 +1 @@
-# Old
+# New
diff --git a/gone.md b/gone.md
deleted file mode 100644
--- a/gone.md
+++ /dev/null
@@ -1 +0,0 @@
-x
";

    fn lines(changed: &ChangedLines, path: &str) -> Vec<usize> {
        match changed.files.get(path) {
            Some(LineSet::Lines(lines)) => lines.iter().copied().collect(),
            other => panic!("{path}: {other:?}"),
        }
    }

    #[test]
    fn git_diff_gives_added_lines_per_new_path() {
        let changed = ChangedLines::parse(GIT_DIFF, "test").expect("valid diff");
        // `-- a new line` starts like a header but is counted as the hunk's content
        assert_eq!(lines(&changed, "README.md"), [4, 5, 12]);
        assert_eq!(lines(&changed, "docs/new.md"), [1]);
        assert!(!changed.files.contains_key("gone.md"));
    }

    #[test]
    fn moved_and_line_ending_only_changes_are_not_new() {
        let diff = "--- a.md\t2024-01-01\n+++ a.md\t2024-01-02\n@@ -1,3 +1,3 @@\n-- one\n-- two\r\n three\n+- two\n+- one\n three\n";
        let changed = ChangedLines::parse(diff, "test").expect("valid diff");
        assert_eq!(lines(&changed, "a.md"), Vec::<usize>::new());
    }

    #[test]
    fn quoted_names_and_bad_headers() {
        assert_eq!(unquote(r#""caf\303\251 list.md""#), "café list.md");
        let bad = "+++ b/a.md\n@@ -x +1 @@\n";
        assert!(matches!(
            ChangedLines::parse(bad, "p.diff"),
            Err(ChangedError::BadDiff { line: 2, .. })
        ));
    }
}
