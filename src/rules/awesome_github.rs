use std::path::{Path, PathBuf};

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::network::Needs;
use crate::online::{RepoRef, parse_repo_url};
use crate::rule::{Context, Rule, RuleMeta};
use crate::rules::awesome_contributing::folder_of;

pub static META: RuleMeta = RuleMeta {
    id: "awesome-github",
    default_severity: Severity::Error,
    summary: "the list's GitHub repository lacks a description, the awesome topics or a licence",
    doc: include_str!("../../rules/awesome-github.md"),
    network: true,
    fixable: false,
};

/// sindresorhus/awesome finds lists through their repository page: a description, the
/// `awesome` and `awesome-list` topics, and a licence GitHub recognises.
#[derive(Debug, Default)]
pub struct AwesomeGithub;

/// The git folder of the repository holding `dir`: `.git` itself, or where a `.git` file
/// (worktrees, submodules) points, with its `commondir` for the shared config.
fn git_dir(dir: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().ok()?;
    for ancestor in dir.ancestors() {
        let dot_git = ancestor.join(".git");
        if dot_git.is_dir() {
            return Some(dot_git);
        }
        if dot_git.is_file() {
            let text = std::fs::read_to_string(&dot_git).ok()?;
            let target = text.trim().strip_prefix("gitdir:")?.trim();
            let gitdir = ancestor.join(target);
            return match std::fs::read_to_string(gitdir.join("commondir")) {
                Ok(common) => Some(gitdir.join(common.trim())),
                Err(_) => Some(gitdir),
            };
        }
    }
    None
}

/// The `url` of `[remote "origin"]` in a git config.
fn origin_url(config: &str) -> Option<String> {
    let mut in_origin = false;
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            let section: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            in_origin = section == "[remote\"origin\"]";
            continue;
        }
        if in_origin
            && let Some((key, value)) = line.split_once('=')
            && key.trim() == "url"
        {
            return Some(value.trim().to_string());
        }
    }
    None
}

/// `git@github.com:owner/name.git` and `ssh://git@github.com/owner/name` as https URLs.
fn https_form(url: &str) -> String {
    if let Some(rest) = url.strip_prefix("git@github.com:") {
        return format!("https://github.com/{rest}");
    }
    if let Some(rest) = url.strip_prefix("ssh://git@github.com/") {
        return format!("https://github.com/{rest}");
    }
    url.to_string()
}

/// The GitHub repository the list at `path` belongs to (its `origin` remote), if any.
pub fn list_repository(path: &Path) -> Option<RepoRef> {
    let git = git_dir(&folder_of(path))?;
    let config = std::fs::read_to_string(git.join("config")).ok()?;
    parse_repo_url(&https_form(&origin_url(&config)?))
}

impl Rule for AwesomeGithub {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn needs_at(&self, _doc: &Document, path: Option<&Path>, needs: &mut Needs) {
        if let Some(repo) = path.and_then(list_repository) {
            needs.add_repo_about(repo);
        }
    }

    fn check(&self, _doc: &Document, cx: &mut Context) {
        // Offline, on standard input, outside a GitHub repository: nothing to ask.
        let Some(repo) = cx.path().and_then(list_repository) else {
            return;
        };
        let Some(about) = cx
            .online()
            .and_then(|data| data.repo_about.as_ref())
            .and_then(|answers| answers.get(&repo))
            .cloned()
            .flatten()
        else {
            return;
        };
        let name = repo.full_name();
        if about.description.is_none() {
            cx.report(
                0..0,
                format!("the repository {name} should have a description"),
            )
            .help("describe the list in the repository's About box on GitHub");
        }
        for topic in ["awesome", "awesome-list"] {
            if !about.topics.iter().any(|t| t == topic) {
                cx.report(
                    0..0,
                    format!("the repository {name} should have \"{topic}\" as a GitHub topic"),
                )
                .help(format!(
                    "add the `{topic}` topic in the repository's About box"
                ));
            }
        }
        if !about.license {
            cx.report(
                0..0,
                format!("license of {name} was not detected by GitHub"),
            )
            .help("add a `license` file with a licence GitHub recognises (CC0-1.0 is usual)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_origin_remote() {
        let config = "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://github.com/a/up.git\n[remote \"origin\"]\n\turl = git@github.com:owner/awesome-x.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n";
        let url = origin_url(config).unwrap();
        assert_eq!(
            parse_repo_url(&https_form(&url)),
            Some(RepoRef::new("owner", "awesome-x"))
        );
        assert_eq!(origin_url("[remote \"fork\"]\nurl = x\n"), None);
    }

    #[test]
    fn list_repository_from_a_worktree_of_files() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(list_repository(&dir.path().join("readme.md")), None);
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(
            dir.path().join(".git/config"),
            "[remote \"origin\"]\n\turl = https://github.com/owner/awesome-x\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("docs")).unwrap();
        assert_eq!(
            list_repository(&dir.path().join("docs/readme.md")),
            Some(RepoRef::new("owner", "awesome-x"))
        );
        std::fs::write(
            dir.path().join(".git/config"),
            "[remote \"origin\"]\n\turl = https://gitlab.com/owner/awesome-x\n",
        )
        .unwrap();
        assert_eq!(list_repository(&dir.path().join("readme.md")), None);
    }
}
