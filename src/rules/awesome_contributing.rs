use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "awesome-contributing",
    default_severity: Severity::Error,
    summary: "no contributing.md beside the list, or an empty one",
    doc: include_str!("../../rules/awesome-contributing.md"),
    network: false,
    fixable: false,
};

/// An awesome list takes contributions; `contributing.md` says how.
#[derive(Debug, Default)]
pub struct AwesomeContributing;

/// The first file in `dir` or `dir/.github` whose name, in any letter case, is one of `names`.
pub(crate) fn find_beside(dir: &Path, names: &[&str]) -> Option<PathBuf> {
    [dir.to_path_buf(), dir.join(".github")]
        .into_iter()
        .find_map(|folder| {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
                .ok()?
                .filter_map(Result::ok)
                .filter(|entry| {
                    let name = entry.file_name().to_string_lossy().to_lowercase();
                    names.contains(&name.as_str()) && entry.path().is_file()
                })
                .map(|entry| entry.path())
                .collect();
            found.sort();
            found.into_iter().next()
        })
}

/// The folder of the linted file (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether a file holds nothing but whitespace (an unreadable file counts as not empty:
/// the rule judges content, not permissions).
pub(crate) fn is_blank(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|bytes| bytes.iter().all(u8::is_ascii_whitespace))
}

impl Rule for AwesomeContributing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, cx: &mut Context) {
        // Standard input and in-memory texts have no folder to look in, and a file outside a
        // git repository (a downloaded copy of a list) has no repository whose files it could
        // judge: its contributing.md lives where the list does.
        let Some(path) = cx.path() else {
            return;
        };
        if cx.repo().is_none() {
            return;
        }
        match find_beside(&folder_of(path), &["contributing.md"]) {
            None => {
                cx.report(0..0, "missing file contributing.md")
                    .help("add contributing.md beside the list (or in .github/) saying how to add an entry");
            }
            Some(found) if is_blank(&found) => {
                cx.report(0..0, "contributing.md file must not be empty")
                    .help(format!(
                        "write the contribution guidelines in {}",
                        found.display()
                    ));
            }
            Some(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Context;

    fn run(dir: &Path) -> Vec<String> {
        let doc = Document::parse("# A\n");
        let list = dir.join("readme.md");
        let repo = crate::repo::RepoFile::new(dir.to_path_buf(), dir.to_path_buf());
        let mut cx = Context::new(&META, META.default_severity, false)
            .with_path(Some(&list))
            .with_repo(Some(&repo));
        AwesomeContributing.check(&doc, &mut cx);
        cx.into_diagnostics()
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_copy_outside_a_repository_is_not_judged() {
        let dir = tempfile::tempdir().unwrap();
        let doc = Document::parse("# A\n");
        let list = dir.path().join("readme.md");
        let mut cx = Context::new(&META, META.default_severity, false).with_path(Some(&list));
        AwesomeContributing.check(&doc, &mut cx);
        assert!(cx.into_diagnostics().is_empty());
    }

    #[test]
    fn contributing_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(run(dir.path()), ["missing file contributing.md"]);
        std::fs::write(dir.path().join("Contributing.MD"), " \n").unwrap();
        assert_eq!(run(dir.path()), ["contributing.md file must not be empty"]);
        std::fs::write(dir.path().join("Contributing.MD"), "Send a pull request.\n").unwrap();
        assert!(run(dir.path()).is_empty());

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".github")).unwrap();
        std::fs::write(dir.path().join(".github/CONTRIBUTING.md"), "Yes.\n").unwrap();
        assert!(run(dir.path()).is_empty());
    }

    #[test]
    fn no_path_no_finding() {
        let doc = Document::parse("# A\n");
        let mut cx = Context::new(&META, META.default_severity, false);
        AwesomeContributing.check(&doc, &mut cx);
        assert!(cx.into_diagnostics().is_empty());
    }
}
