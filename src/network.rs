//! The network step of a run: network rules say what they need (URLs, arXiv ids,
//! repositories), this module asks the link checker and the metadata APIs once for all files,
//! and rules read the answers from their `Context`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::links::{
    Cache, Checker, DeadReason, ErrorKind, LinkError, LinkOutcome, LinkSettings, LinkStatus,
    NoProgress, Progress, TerminalProgress, UncheckedReason,
};
use crate::online::github::renamed_url;
use crate::online::{
    ArxivApiSettings, ArxivClient, ArxivMeta, GithubApiSettings, GithubClient, OnlineError,
    RepoAbout, RepoAnswers, RepoRef, RepoStatus, repo_link,
};
use crate::probe::ProbeTarget;

/// What the enabled network rules ask for, over every linted file.
#[derive(Debug, Default)]
pub struct Needs {
    pub urls: BTreeSet<String>,
    pub arxiv_ids: BTreeSet<String>,
    pub repos: Vec<RepoRef>,
    /// The lists' own repositories, for their description, topics and licence.
    pub repo_about: Vec<RepoRef>,
}

impl Needs {
    pub fn add_repo_about(&mut self, repo: RepoRef) {
        if !self.repo_about.contains(&repo) {
            self.repo_about.push(repo);
        }
    }

    pub fn add_repo(&mut self, repo: RepoRef) {
        if !self.repos.contains(&repo) {
            self.repos.push(repo);
        }
    }

    /// Add what `other` needs (another file's needs).
    pub fn extend(&mut self, other: Needs) {
        self.urls.extend(other.urls);
        self.arxiv_ids.extend(other.arxiv_ids);
        for repo in other.repos {
            self.add_repo(repo);
        }
        for repo in other.repo_about {
            self.add_repo_about(repo);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.urls.is_empty()
            && self.arxiv_ids.is_empty()
            && self.repos.is_empty()
            && self.repo_about.is_empty()
    }

    /// What `known` does not answer yet (a source that failed as a whole is asked again).
    pub fn without(self, known: &OnlineData) -> Needs {
        Needs {
            urls: self
                .urls
                .into_iter()
                .filter(|url| !known.links.contains_key(url))
                .collect(),
            arxiv_ids: self
                .arxiv_ids
                .into_iter()
                .filter(|id| known.arxiv.as_ref().is_none_or(|m| !m.contains_key(id)))
                .collect(),
            repos: self
                .repos
                .into_iter()
                .filter(|repo| known.repos.as_ref().is_none_or(|m| !m.contains_key(repo)))
                .collect(),
            repo_about: self
                .repo_about
                .into_iter()
                .filter(|repo| {
                    known
                        .repo_about
                        .as_ref()
                        .is_none_or(|m| !m.contains_key(repo))
                })
                .collect(),
        }
    }
}

/// The answers. A source that failed as a whole (the arXiv API down, the GitHub rate limit
/// spent) is `None`, and its rules stay quiet rather than guess.
#[derive(Debug, Default, Clone)]
pub struct OnlineData {
    pub links: HashMap<String, LinkOutcome>,
    /// No link could be reached at all: the machine is offline, not the links dead.
    pub network_down: bool,
    pub arxiv: Option<HashMap<String, ArxivMeta>>,
    pub repos: Option<HashMap<RepoRef, RepoStatus>>,
    /// The lists' repositories (`None` inside: GitHub does not show the repository).
    pub repo_about: Option<HashMap<RepoRef, Option<RepoAbout>>>,
    /// Problems to tell the user once (on stderr), not per link.
    pub warnings: Vec<String>,
}

impl OnlineData {
    /// These answers with `newer` ones added (warnings were shown when they were fetched).
    pub fn merged(mut self, newer: OnlineData) -> OnlineData {
        self.links.extend(newer.links);
        self.network_down |= newer.network_down;
        self.arxiv = match (self.arxiv, newer.arxiv) {
            (Some(mut old), Some(new)) => {
                old.extend(new);
                Some(old)
            }
            (old, new) => new.or(old),
        };
        self.repos = match (self.repos, newer.repos) {
            (Some(mut old), Some(new)) => {
                old.extend(new);
                Some(old)
            }
            (old, new) => new.or(old),
        };
        self.repo_about = match (self.repo_about, newer.repo_about) {
            (Some(mut old), Some(new)) => {
                old.extend(new);
                Some(old)
            }
            (old, new) => new.or(old),
        };
        self
    }
}

/// Everything the network step needs to know; built from `[links]`, `[online]` and flags.
#[derive(Debug, Clone, Default)]
pub struct NetworkSettings {
    pub links: LinkSettings,
    pub arxiv: ArxivApiSettings,
    pub github: GithubApiSettings,
    /// Cache file and how old a good result may be before it is checked again.
    pub cache: Option<(PathBuf, Duration)>,
    /// Draw a progress bar (only ever on a terminal).
    pub progress: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    #[error(transparent)]
    Links(#[from] LinkError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("{path}: {message}")]
    MetadataCache { path: PathBuf, message: String },
}

/// Fetch what `needs` asks for: links, arXiv metadata and repositories, concurrently.
pub fn fetch(needs: &Needs, settings: &NetworkSettings) -> Result<OnlineData, NetworkError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(NetworkError::Runtime)?;
    runtime.block_on(fetch_async(needs, settings))
}

async fn fetch_async(
    needs: &Needs,
    settings: &NetworkSettings,
) -> Result<OnlineData, NetworkError> {
    let mut data = OnlineData::default();
    // GitHub repository links are answered by the GitHub API, with github-repo-status's
    // repositories: github.com answers a burst of page requests with 429 long before a list
    // of thousands is done, and one GraphQL query answers 100 repositories.
    let mut github_links: Vec<(String, RepoRef)> = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    for url in &needs.urls {
        match repo_link(url) {
            Some(repo) => github_links.push((url.clone(), repo)),
            None => urls.push(url.clone()),
        }
    }
    let mut wanted_repos = needs.repos.clone();
    for (_, repo) in &github_links {
        if !wanted_repos.contains(repo) {
            wanted_repos.push(repo.clone());
        }
    }
    let mut targets = Vec::new();
    if !needs.arxiv_ids.is_empty() {
        targets.extend(ProbeTarget::of_url(&settings.arxiv.base_url, true));
    }
    if !wanted_repos.is_empty() || !needs.repo_about.is_empty() {
        targets.extend(ProbeTarget::of_url(&settings.github.base_url, true));
    }
    targets.extend(
        urls.iter()
            .filter(|url| !settings.links.exclude.iter().any(|re| re.is_match(url)))
            .filter_map(|url| ProbeTarget::of_url(url, false)),
    );
    if let Some(reasons) = crate::probe::network_down(targets, settings.links.allow_private).await {
        data.network_down = true;
        data.warnings.push(format!(
            "the network looks down ({}): network rules skipped, offline findings only",
            reasons.join("; ")
        ));
        return Ok(data);
    }
    let mut cache = match &settings.cache {
        Some((path, max_age)) => Some(Cache::load(path.clone(), *max_age)?),
        None => None,
    };
    let mut arxiv_cache = match &settings.cache {
        Some((path, max_age)) => Some(MetadataCache::load(metadata_path(path), *max_age)?),
        None => None,
    };
    let links = async {
        if urls.is_empty() {
            return Ok(HashMap::new());
        }
        let checker = Checker::new(settings.links.clone())?;
        let terminal;
        let progress: &dyn Progress = if settings.progress {
            terminal = TerminalProgress::new();
            &terminal
        } else {
            &NoProgress
        };
        Ok::<_, NetworkError>(match cache.as_mut() {
            Some(cache) => checker.check_all_cached(&urls, cache, progress).await,
            None => checker.check_all(&urls, progress).await,
        })
    };
    let wanted_ids: Vec<String> = needs
        .arxiv_ids
        .iter()
        .filter(|id| arxiv_cache.as_ref().is_none_or(|c| c.get(id).is_none()))
        .cloned()
        .collect();
    let arxiv = async {
        if wanted_ids.is_empty() {
            return Ok(HashMap::new());
        }
        ArxivClient::new(settings.arxiv.clone())?
            .fetch(&wanted_ids)
            .await
    };
    let repos = async {
        if wanted_repos.is_empty() {
            return Ok(RepoAnswers::default());
        }
        Ok::<_, OnlineError>(
            GithubClient::new(settings.github.clone())?
                .repo_statuses(&wanted_repos)
                .await,
        )
    };
    let repo_about = async {
        if needs.repo_about.is_empty() {
            return Ok(HashMap::new());
        }
        GithubClient::new(settings.github.clone())?
            .repo_about(&needs.repo_about)
            .await
    };
    let (links, arxiv, repos, repo_about) = tokio::join!(links, arxiv, repos, repo_about);
    data.repo_about = match repo_about {
        Ok(about) => Some(about),
        Err(error) => {
            data.warnings.push(format!(
                "GitHub unavailable, the list's repository not checked: {error}"
            ));
            None
        }
    };
    data.links = links?;
    data.network_down = network_down(&data.links);
    if data.network_down {
        data.warnings.push(format!(
            "none of {} links could be reached (every host failed to resolve or connect): the network looks down, so no link is reported dead",
            data.links.len()
        ));
    }
    data.arxiv = match arxiv {
        Ok(fetched) => {
            let mut all: HashMap<String, ArxivMeta> = needs
                .arxiv_ids
                .iter()
                .filter_map(|id| {
                    arxiv_cache
                        .as_ref()?
                        .get(id)
                        .map(|m| (id.clone(), m.clone()))
                })
                .collect();
            if let Some(cache) = arxiv_cache.as_mut() {
                for (id, meta) in &fetched {
                    cache.insert(id, meta);
                }
            }
            all.extend(fetched);
            Some(all)
        }
        Err(error) => {
            data.warnings.push(format!(
                "arXiv metadata unavailable, titles not checked: {}",
                chain(&error)
            ));
            None
        }
    };
    let mut github_unavailable = None;
    data.repos = match repos {
        Ok(answers) => {
            if let Some(error) = &answers.error {
                let reason = chain(error);
                data.warnings.push(format!(
                    "GitHub: {} of {} repositories not checked: {}{}",
                    answers.unanswered.len(),
                    wanted_repos.len(),
                    reason,
                    if settings.github.token.is_none() {
                        " (give a token with --github-token or GITHUB_TOKEN)"
                    } else {
                        ""
                    }
                ));
                github_unavailable = Some(short_reason(error));
            }
            Some(answers.statuses)
        }
        Err(error) => {
            data.warnings.push(format!(
                "GitHub unavailable, repositories not checked: {}",
                chain(&error)
            ));
            github_unavailable = Some(short_reason(&error));
            None
        }
    };
    for (url, repo) in github_links {
        let status = data.repos.as_ref().and_then(|statuses| statuses.get(&repo));
        let outcome = github_outcome(&url, &repo, status, github_unavailable.as_deref());
        data.links.insert(url, outcome);
    }
    for (host, count) in rate_limited_hosts(&data.links) {
        data.warnings.push(format!(
            "{count} links on {host} not checked: the host kept answering 429 (give a token, use --cache, or lower --host-concurrency)"
        ));
    }
    if let Some(cache) = cache {
        cache.save()?;
    }
    if let Some(cache) = arxiv_cache {
        cache.save()?;
    }
    Ok(data)
}

/// The error and its causes in one line, with URLs cut to a readable length (a batch URL of
/// the arXiv API is several kilobytes).
fn chain(error: &OnlineError) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    cut_urls(&text)
}

/// Longest URL shown in a warning; the host and the start of the path name it well enough.
const MAX_SHOWN_URL: usize = 80;

/// `text` with every URL longer than [`MAX_SHOWN_URL`] characters cut, ending in `…`.
pub fn cut_urls(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(1024));
    let mut rest = text;
    while let Some(at) = rest.find("http") {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let end = from
            .find(|c: char| c.is_whitespace() || matches!(c, '`' | '"' | '\'' | ')' | '>'))
            .unwrap_or(from.len());
        let (url, after) = from.split_at(end);
        if url.chars().count() > MAX_SHOWN_URL {
            out.extend(url.chars().take(MAX_SHOWN_URL - 1));
            out.push('…');
        } else {
            out.push_str(url);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// What the user should read when GitHub could not be asked: the kind of failure, no URL.
fn short_reason(error: &OnlineError) -> String {
    match error {
        OnlineError::RateLimited { .. } => "the GitHub API rate limit is spent".to_owned(),
        OnlineError::Status { status: 401, .. } => {
            "the GitHub API refused the token (401)".to_owned()
        }
        OnlineError::Status { status, .. } => format!("the GitHub API answered {status}"),
        _ => "the GitHub API did not answer".to_owned(),
    }
}

/// A GitHub repository link's outcome from its repository's status: missing is dead, renamed
/// is a permanent redirect to the same page under the new name, archived is alive.
fn github_outcome(
    url: &str,
    repo: &RepoRef,
    status: Option<&RepoStatus>,
    unavailable: Option<&str>,
) -> LinkOutcome {
    let status = match status {
        Some(RepoStatus::Active | RepoStatus::Archived) => LinkStatus::Ok(200),
        Some(RepoStatus::Missing) => {
            LinkStatus::Dead(DeadReason::RepositoryMissing(repo.full_name()))
        }
        Some(RepoStatus::Renamed { new_full_name, .. }) => {
            let written = crate::links::normalize_for_dedupe(url.trim());
            match renamed_url(&written, &repo.full_name(), new_full_name) {
                Some(final_url) => LinkStatus::Redirected {
                    status: 200,
                    permanent: true,
                    final_url,
                },
                None => LinkStatus::Ok(200),
            }
        }
        None => LinkStatus::Unchecked(UncheckedReason::GithubUnavailable(
            unavailable
                .unwrap_or("the GitHub API did not answer")
                .to_owned(),
        )),
    };
    LinkOutcome {
        final_url: match &status {
            LinkStatus::Redirected { final_url, .. } => Some(final_url.clone()),
            _ => None,
        },
        status,
        attempts: 0,
        elapsed: Duration::ZERO,
    }
}

/// Hosts whose links stayed unanswered because they kept answering 429, with how many.
fn rate_limited_hosts(links: &HashMap<String, LinkOutcome>) -> Vec<(String, usize)> {
    let mut per_host: std::collections::BTreeMap<String, HashSet<String>> = Default::default();
    for (url, outcome) in links {
        if outcome.status == LinkStatus::Unchecked(UncheckedReason::RateLimited) {
            let host = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            per_host
                .entry(host)
                .or_default()
                .insert(crate::links::normalize_for_dedupe(url));
        }
    }
    per_host
        .into_iter()
        .map(|(host, urls)| (host, urls.len()))
        .collect()
}

/// True when several links on several hosts were requested and not one HTTP response came
/// back (every request failed to resolve, connect or finish): the machine is offline, and
/// calling every link dead would be a false alarm on each of them.
fn network_down(links: &HashMap<String, LinkOutcome>) -> bool {
    // Links answered without a request (GitHub repositories, cache hits) say nothing here.
    let requested: Vec<&LinkOutcome> = links
        .values()
        .filter(|o| o.attempts > 0 && !matches!(o.status, LinkStatus::Excluded(_)))
        .collect();
    let hosts: HashSet<String> = links
        .keys()
        .filter_map(|u| url::Url::parse(u).ok()?.host_str().map(str::to_string))
        .collect();
    requested.len() >= 3
        && hosts.len() >= 2
        && requested.iter().all(|o| {
            matches!(
                o.status,
                LinkStatus::Dead(DeadReason::Dns(_) | DeadReason::ConnectionRefused)
                    | LinkStatus::Error(
                        ErrorKind::Transport(_)
                            | ErrorKind::ConnectionReset
                            | ErrorKind::Timeout
                            | ErrorKind::Tls(_)
                    )
            )
        })
}

fn metadata_path(links_cache: &std::path::Path) -> PathBuf {
    let mut name = links_cache
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "awesome-lint-cache".into());
    name.push_str("-arxiv.json");
    links_cache.with_file_name(name)
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// arXiv metadata cached beside the link cache: titles do not change often, and the API
/// asks for one request every three seconds.
#[derive(Debug)]
struct MetadataCache {
    path: PathBuf,
    entries: HashMap<String, CachedMeta>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedMeta {
    meta: ArxivMeta,
    fetched_at: u64,
}

impl MetadataCache {
    fn load(path: PathBuf, max_age: Duration) -> Result<Self, NetworkError> {
        let entries: HashMap<String, CachedMeta> = match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| NetworkError::MetadataCache {
                path: path.clone(),
                message: format!("corrupt ({e}); delete it to start afresh"),
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => HashMap::new(),
            Err(e) => {
                return Err(NetworkError::MetadataCache {
                    path,
                    message: e.to_string(),
                });
            }
        };
        let now = unix_now();
        let entries = entries
            .into_iter()
            .filter(|(_, c)| now.saturating_sub(c.fetched_at) <= max_age.as_secs())
            .collect();
        Ok(Self { path, entries })
    }

    fn get(&self, id: &str) -> Option<&ArxivMeta> {
        self.entries.get(id).map(|c| &c.meta)
    }

    fn insert(&mut self, id: &str, meta: &ArxivMeta) {
        self.entries.insert(
            id.to_string(),
            CachedMeta {
                meta: meta.clone(),
                fetched_at: unix_now(),
            },
        );
    }

    fn save(&self) -> Result<(), NetworkError> {
        let text = serde_json::to_string_pretty(&self.entries).expect("plain data serializes");
        crate::atomic::write_atomically(&self.path, &text).map_err(|e| {
            NetworkError::MetadataCache {
                path: self.path.clone(),
                message: e.to_string(),
            }
        })
    }
}
