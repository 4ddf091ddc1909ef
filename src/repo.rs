//! The linted file's place in its repository: where its relative links (`docs/x.md`,
//! `./assets/a.png`, `../CONTRIBUTING.md`) lead, and the anchors of the Markdown files they
//! reach. Besides reading the list itself, these are the only file reads of a check.
//!
//! The repository is the nearest folder at or above the file that holds `.git` (a folder, or
//! the file a worktree or submodule has). A file outside any repository — a README copied
//! elsewhere, standard input — has no repository to resolve against, and its relative links
//! are not checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::document::{AnchorSet, Document};

/// A link to a file of the repository, split as written: `docs/a.md?x=1#usage` has the path
/// `docs/a.md` and the fragment `usage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelativeLink<'a> {
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// The repository-relative part of a link, or `None` for a web or mail link, a fragment of
/// the same file (`#usage`) or an empty target.
pub fn relative_link(url: &str) -> Option<RelativeLink<'_>> {
    let url = url.trim();
    let (rest, fragment) = match url.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (url, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    // `[x]([https://a](https://b))` or `hhttps//…`: a broken web link is malformed-link's
    // finding, not a missing file
    if path.is_empty() || path.starts_with("//") || has_scheme(path) || path.contains("://") {
        return None;
    }
    Some(RelativeLink {
        path,
        query,
        fragment,
    })
}

/// `https:`, `mailto:`, `data:` … (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`).
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Where a relative path leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    File {
        path: PathBuf,
        /// The path from the repository root, with `/`.
        shown: String,
    },
    Directory,
    /// Every part exists but one or more differ in letter case: found on a case-insensitive
    /// disk, missing on GitHub. `corrected` is the link's path with the real names.
    WrongCase {
        shown: String,
        corrected: String,
    },
    Missing {
        shown: String,
    },
    /// `..` above the repository root: GitHub resolves it against its own pages
    /// (`../../issues`), other renderers against nothing; not followed.
    OutsideRepository,
}

/// A file being linted, inside a repository.
#[derive(Debug)]
pub struct RepoFile {
    /// The folder holding the file, absolute.
    dir: PathBuf,
    /// The repository root, absolute.
    root: PathBuf,
    listings: Mutex<HashMap<PathBuf, Option<Arc<Vec<String>>>>>,
    anchors: Mutex<HashMap<PathBuf, Option<Arc<AnchorSet>>>>,
}

impl RepoFile {
    /// The repository holding `file`, or `None` when no folder above it has `.git`.
    pub fn find(file: &Path) -> Option<Self> {
        let file = file.canonicalize().ok()?;
        let dir = file.parent()?.to_path_buf();
        let root = dir
            .ancestors()
            .find(|folder| folder.join(".git").exists())?
            .to_path_buf();
        Some(Self::new(dir, root))
    }

    /// A file in `dir` of the repository at `root` (both absolute, `dir` inside `root`).
    pub fn new(dir: PathBuf, root: PathBuf) -> Self {
        Self {
            dir,
            root,
            listings: Mutex::new(HashMap::new()),
            anchors: Mutex::new(HashMap::new()),
        }
    }

    /// Resolve a link's path the way GitHub does: relative to the file's folder, or to the
    /// repository root when it starts with `/`; percent-escapes decoded; names compared
    /// with their letter case.
    pub fn resolve(&self, written: &str) -> Target {
        let decoded = percent_encoding::percent_decode_str(written)
            .decode_utf8()
            .map_or_else(|_| written.to_string(), |d| d.into_owned());
        let mut parts: Vec<String> = if decoded.starts_with('/') {
            Vec::new()
        } else {
            match self.dir.strip_prefix(&self.root) {
                Ok(inside) => inside
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect(),
                Err(_) => return Target::OutsideRepository,
            }
        };
        for part in decoded.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Target::OutsideRepository;
                    }
                }
                name => parts.push(name.to_string()),
            }
        }
        let shown = parts.join("/");
        let mut path = self.root.clone();
        let mut renamed: HashMap<String, String> = HashMap::new();
        for part in &parts {
            match self.actual_name(&path, part) {
                Some(actual) => {
                    if actual != *part {
                        renamed.insert(part.clone(), actual.clone());
                    }
                    path.push(actual);
                }
                None => return Target::Missing { shown },
            }
        }
        if !renamed.is_empty() {
            let corrected = written
                .split('/')
                .map(|part| renamed.get(part).map_or(part, String::as_str))
                .collect::<Vec<_>>()
                .join("/");
            return Target::WrongCase { shown, corrected };
        }
        if path.is_dir() {
            Target::Directory
        } else {
            Target::File { path, shown }
        }
    }

    /// The name in `folder` that is `name`, exactly or else in another letter case.
    fn actual_name(&self, folder: &Path, name: &str) -> Option<String> {
        let listing = self.listing(folder)?;
        if listing.iter().any(|n| n == name) {
            return Some(name.to_string());
        }
        let lower = name.to_lowercase();
        let mut others = listing.iter().filter(|n| n.to_lowercase() == lower);
        match (others.next(), others.next()) {
            (Some(only), None) => Some(only.clone()),
            _ => None,
        }
    }

    fn listing(&self, folder: &Path) -> Option<Arc<Vec<String>>> {
        let mut listings = self.listings.lock().unwrap_or_else(|e| e.into_inner());
        listings
            .entry(folder.to_path_buf())
            .or_insert_with(|| {
                let entries = std::fs::read_dir(folder).ok()?;
                let names = entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect();
                Some(Arc::new(names))
            })
            .clone()
    }

    /// The anchors of a Markdown file of the repository (`None` when it cannot be read as
    /// Markdown), each file parsed once.
    pub fn anchors_of(&self, path: &Path) -> Option<Arc<AnchorSet>> {
        let mut cache = self.anchors.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let text = crate::error::read_markdown(path).ok()?;
                Some(Arc::new(Document::parse(text).anchor_set().clone()))
            })
            .clone()
    }
}

/// Whether a path names a Markdown file, whose fragments are heading anchors.
pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "md" | "markdown" | "mdown"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_are_split_and_web_links_left_out() {
        assert_eq!(
            relative_link("docs/a.md?x=1#usage"),
            Some(RelativeLink {
                path: "docs/a.md",
                query: Some("x=1"),
                fragment: Some("usage")
            })
        );
        assert_eq!(
            relative_link("./assets/a.png").map(|l| l.path),
            Some("./assets/a.png")
        );
        for url in [
            "https://x.org/a.md",
            "mailto:a@b.c",
            "//cdn.x.org/a.js",
            "#usage",
            "",
            "data:image/png;base64,xx",
        ] {
            assert_eq!(relative_link(url), None, "{url}");
        }
    }

    fn repo() -> (tempfile::TempDir, RepoFile) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(root.join("docs/img")).expect("mkdir");
        std::fs::write(root.join("docs/Guide.md"), "# Guide\n## Install\n").expect("write");
        std::fs::write(root.join("docs/img/a b.png"), "").expect("write");
        std::fs::write(root.join("README.md"), "").expect("write");
        let file = RepoFile::new(root.join("docs"), root);
        (dir, file)
    }

    #[test]
    fn paths_resolve_from_the_files_folder_or_the_root() {
        let (_dir, file) = repo();
        assert!(
            matches!(file.resolve("Guide.md"), Target::File { ref shown, .. } if shown == "docs/Guide.md")
        );
        assert!(matches!(
            file.resolve("./img/a%20b.png"),
            Target::File { .. }
        ));
        assert!(matches!(file.resolve("../README.md"), Target::File { .. }));
        assert!(matches!(
            file.resolve("/docs/Guide.md"),
            Target::File { .. }
        ));
        assert_eq!(file.resolve("img/"), Target::Directory);
        assert_eq!(
            file.resolve("../CONTRIBUTING.md"),
            Target::Missing {
                shown: "CONTRIBUTING.md".into()
            }
        );
        assert_eq!(file.resolve("../../issues"), Target::OutsideRepository);
        assert_eq!(
            file.resolve("./guide.md"),
            Target::WrongCase {
                shown: "docs/guide.md".into(),
                corrected: "./Guide.md".into()
            }
        );
    }

    #[test]
    fn anchors_of_another_file() {
        let (_dir, file) = repo();
        let Target::File { path, .. } = file.resolve("Guide.md") else {
            panic!("found")
        };
        let anchors = file.anchors_of(&path).expect("markdown");
        let ids: Vec<&str> = anchors.as_slice().iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["guide", "install"]);
        assert!(is_markdown(&path) && !is_markdown(Path::new("a.png")));
    }
}
