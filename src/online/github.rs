//! Client for the GitHub REST API: is a listed repository active, archived, renamed or gone?

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::hash::{Hash, Hasher};
use std::pin::pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::StreamExt;
use futures_util::stream;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, LOCATION};
use serde::{Deserialize, Serialize};
use tokio::time::sleep;

use super::{
    MAX_SERVER_WAIT, OnlineError, USER_AGENT, client_builder, read_body_limited, retry_after,
};

/// A repository answer is a few kilobytes.
const MAX_REPO_JSON_BYTES: usize = 1024 * 1024;
/// GraphQL answers up to 100 repositories a query (GitHub's limit on nodes per connection, and
/// what keeps one query well under its cost limit).
pub const GRAPHQL_BATCH: usize = 100;
/// A batch answer: 100 short objects, plus errors.
const MAX_GRAPHQL_JSON_BYTES: usize = 8 * 1024 * 1024;
/// A rename answers one 301; a transfer chain is still short.
const MAX_REDIRECTS: u32 = 5;
/// A server that keeps saying "limit exhausted" after its own reset time is not waited on forever.
const MAX_RATE_LIMIT_WAITS: u32 = 3;
/// Retries of a 5xx or a transport error for one repository.
const MAX_RETRIES: u32 = 2;
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
/// GitHub documents waiting at least a minute after a secondary rate limit that names no time.
const UNNAMED_LIMIT_WAIT: Duration = Duration::from_secs(60);

/// How to reach the GitHub REST API.
#[derive(Clone, PartialEq, Eq)]
pub struct GithubApiSettings {
    pub base_url: String,
    /// Sent as `Authorization: Bearer` to `base_url`'s host only.
    pub token: Option<String>,
    /// Requests in flight at once.
    pub max_concurrency: usize,
    /// Limit on each whole request.
    pub timeout: Duration,
}

impl Default for GithubApiSettings {
    fn default() -> Self {
        Self {
            base_url: "https://api.github.com".to_owned(),
            token: None,
            max_concurrency: 8,
            timeout: Duration::from_secs(20),
        }
    }
}

// by hand so that a token never lands in a log
impl fmt::Debug for GithubApiSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GithubApiSettings")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("max_concurrency", &self.max_concurrency)
            .field("timeout", &self.timeout)
            .finish()
    }
}

/// `owner/name` of a repository. Equality and hashing ignore ASCII case, as GitHub does, while
/// the fields keep the spelling the list used for display.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RepoRef {
    pub owner: String,
    pub name: String,
}

impl RepoRef {
    pub fn new(owner: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            owner: owner.into(),
            name: name.into(),
        }
    }

    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

impl PartialEq for RepoRef {
    fn eq(&self, other: &Self) -> bool {
        self.owner.eq_ignore_ascii_case(&other.owner) && self.name.eq_ignore_ascii_case(&other.name)
    }
}

impl Eq for RepoRef {}

impl Hash for RepoRef {
    fn hash<H: Hasher>(&self, state: &mut H) {
        for byte in self.owner.bytes() {
            state.write_u8(byte.to_ascii_lowercase());
        }
        // '/' cannot occur in either part, so `ab/c` and `a/bc` hash apart
        state.write_u8(b'/');
        for byte in self.name.bytes() {
            state.write_u8(byte.to_ascii_lowercase());
        }
    }
}

impl fmt::Display for RepoRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// What GitHub says about a repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RepoStatus {
    Active,
    Archived,
    /// Renamed or transferred: GitHub redirects the old name to `new_full_name`.
    Renamed {
        new_full_name: String,
        archived: bool,
    },
    /// 404 (deleted or private), 410 or 451 (blocked, e.g. by a DMCA takedown): readers of the
    /// list cannot reach it either way.
    Missing,
}

/// What a repository shows on its GitHub page, for `awesome-github`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoAbout {
    pub description: Option<String>,
    pub topics: Vec<String>,
    /// Whether GitHub detected a licence.
    pub license: bool,
}

/// What the API said about a list of repositories, as far as it got.
#[derive(Debug, Default)]
pub struct RepoAnswers {
    pub statuses: HashMap<RepoRef, RepoStatus>,
    /// Repositories asked about and not answered (rate limit, token refused, API down).
    pub unanswered: Vec<RepoRef>,
    /// Why some went unanswered: the first error met.
    pub error: Option<OnlineError>,
    /// HTTP requests sent to the API.
    pub requests: usize,
}

/// Asks the GitHub REST API about repositories.
#[derive(Debug, Clone)]
pub struct GithubClient {
    http: reqwest::Client,
    base_url: url::Url,
    token: Option<HeaderValue>,
    max_concurrency: usize,
}

impl GithubClient {
    pub fn new(settings: GithubApiSettings) -> Result<Self, OnlineError> {
        let bad_base = |reason: String| OnlineError::BaseUrl {
            url: settings.base_url.clone(),
            reason,
        };
        let base_url = url::Url::parse(&settings.base_url).map_err(|e| bad_base(e.to_string()))?;
        if base_url.cannot_be_a_base() || !matches!(base_url.scheme(), "http" | "https") {
            return Err(bad_base("not an http(s) base URL".to_owned()));
        }
        let token = match &settings.token {
            // a token never crosses a network in cleartext
            Some(_)
                if base_url.scheme() == "http" && !crate::links::is_loopback_host(&base_url) =>
            {
                return Err(bad_base(
                    "the token is never sent over plain http except to a loopback address"
                        .to_owned(),
                ));
            }
            Some(token) => {
                let mut value = HeaderValue::try_from(format!("Bearer {token}"))
                    .map_err(|_| bad_base("the token is not a valid header value".to_owned()))?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        // redirects are followed by hand so the token goes only to the configured host
        let http = client_builder(USER_AGENT, settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(api_headers())
            .build()
            .map_err(OnlineError::Client)?;
        Ok(Self {
            http,
            base_url,
            token,
            max_concurrency: settings.max_concurrency.max(1),
        })
    }

    /// The status of as many repositories as the API will tell: with a token, GraphQL in
    /// batches of [`GRAPHQL_BATCH`] (500 repositories cost 5 requests); without, REST, one
    /// request each, stopping at the first rate limit so the rest are not asked in vain.
    pub async fn repo_statuses(&self, repos: &[RepoRef]) -> RepoAnswers {
        let mut seen = HashSet::new();
        let unique: Vec<&RepoRef> = repos.iter().filter(|repo| seen.insert(*repo)).collect();
        if self.token.is_some() {
            return self.graphql_statuses(&unique).await;
        }
        let stop = std::sync::atomic::AtomicBool::new(false);
        let stop = &stop;
        let requests = std::sync::atomic::AtomicUsize::new(0);
        let requests_ref = &requests;
        let mut answers = pin!(
            stream::iter(unique)
                .map(|repo| async move {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        return (repo, None);
                    }
                    requests_ref.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let status = self.status_of(repo).await;
                    if status.is_err() {
                        stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    }
                    (repo, Some(status))
                })
                .buffer_unordered(self.max_concurrency)
        );
        let mut result = RepoAnswers::default();
        while let Some((repo, status)) = answers.next().await {
            match status {
                Some(Ok(status)) => {
                    result.statuses.insert(repo.clone(), status);
                }
                Some(Err(error)) => {
                    result.unanswered.push(repo.clone());
                    result.error.get_or_insert(error);
                }
                None => result.unanswered.push(repo.clone()),
            }
        }
        result.requests = requests.load(std::sync::atomic::Ordering::Relaxed);
        result
    }

    async fn graphql_statuses(&self, repos: &[&RepoRef]) -> RepoAnswers {
        let mut result = RepoAnswers::default();
        for batch in repos.chunks(GRAPHQL_BATCH) {
            if result.error.is_some() {
                result.unanswered.extend(batch.iter().map(|r| (*r).clone()));
                continue;
            }
            result.requests += 1;
            match self.graphql_batch(batch).await {
                Ok(statuses) => {
                    for (repo, status) in batch.iter().zip(statuses) {
                        match status {
                            Some(status) => {
                                result.statuses.insert((*repo).clone(), status);
                            }
                            None => result.unanswered.push((*repo).clone()),
                        }
                    }
                }
                Err(error) => {
                    result.unanswered.extend(batch.iter().map(|r| (*r).clone()));
                    result.error = Some(error);
                }
            }
        }
        result
    }

    /// `{base}/graphql`, or `…/api/graphql` for a GitHub Enterprise base `…/api/v3`.
    fn graphql_url(&self) -> url::Url {
        let mut url = self.base_url.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty();
        }
        let ends_in_v3 = url.path().trim_end_matches('/').ends_with("/api/v3");
        if let Ok(mut segments) = url.path_segments_mut() {
            if ends_in_v3 {
                segments.pop();
            }
            segments.push("graphql");
        }
        url
    }

    /// One GraphQL query for up to 100 repositories; `None` where GitHub answered with an
    /// error other than "not found" (a SAML-protected organisation, say).
    async fn graphql_batch(
        &self,
        batch: &[&RepoRef],
    ) -> Result<Vec<Option<RepoStatus>>, OnlineError> {
        let url = self.graphql_url();
        let mut declarations = Vec::new();
        let mut fields = String::new();
        let mut variables = serde_json::Map::new();
        for (i, repo) in batch.iter().enumerate() {
            declarations.push(format!("$o{i}: String!, $n{i}: String!"));
            fields.push_str(&format!(
                " r{i}: repository(owner: $o{i}, name: $n{i}) {{ nameWithOwner isArchived }}"
            ));
            variables.insert(format!("o{i}"), repo.owner.clone().into());
            variables.insert(format!("n{i}"), repo.name.clone().into());
        }
        let query = format!("query({}) {{{fields} }}", declarations.join(", "));
        let body = serde_json::json!({ "query": query, "variables": variables });
        let mut retries = 0;
        let response = loop {
            let mut request = self
                .http
                .post(url.clone())
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.to_string());
            if let Some(token) = self.token.as_ref().filter(|_| self.is_base_origin(&url)) {
                request = request.header(AUTHORIZATION, token.clone());
            }
            match request.send().await {
                Ok(response) if response.status().is_server_error() => {
                    let error = OnlineError::Status {
                        url: url.to_string(),
                        status: response.status().as_u16(),
                    };
                    retries = self.count_retry(retries, &url, error).await?;
                }
                Ok(response) => break response,
                Err(source) => {
                    let error = OnlineError::Transport {
                        url: url.to_string(),
                        source,
                    };
                    retries = self.count_retry(retries, &url, error).await?;
                }
            }
        };
        let status = response.status();
        if matches!(status.as_u16(), 403 | 429) {
            if let Some(reset) = rate_limit_reset(&response, status) {
                return Err(OnlineError::RateLimited {
                    url: url.to_string(),
                    reset,
                });
            }
        }
        if !status.is_success() {
            return Err(OnlineError::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        let bytes = read_body_limited(response, MAX_GRAPHQL_JSON_BYTES, url.as_str()).await?;
        parse_graphql_batch(&bytes, batch, &url)
    }

    /// The status of each repository, keyed by the first spelling of it in `repos`.
    ///
    /// Stops at the first error; a rate limit that resets more than a minute from now is
    /// [`OnlineError::RateLimited`], never [`RepoStatus::Missing`].
    pub async fn repo_status(
        &self,
        repos: &[RepoRef],
    ) -> Result<HashMap<RepoRef, RepoStatus>, OnlineError> {
        let mut seen = HashSet::new();
        let unique: Vec<&RepoRef> = repos.iter().filter(|repo| seen.insert(*repo)).collect();
        let mut answers = pin!(
            stream::iter(unique)
                .map(|repo| async move { (repo, self.status_of(repo).await) })
                .buffer_unordered(self.max_concurrency)
        );
        let mut statuses = HashMap::with_capacity(repos.len());
        while let Some((repo, status)) = answers.next().await {
            statuses.insert(repo.clone(), status?);
        }
        Ok(statuses)
    }

    /// What each list repository shows on its page (description, topics, licence); `None`
    /// for a repository GitHub does not show.
    pub async fn repo_about(
        &self,
        repos: &[RepoRef],
    ) -> Result<HashMap<RepoRef, Option<RepoAbout>>, OnlineError> {
        let mut seen = HashSet::new();
        let unique: Vec<&RepoRef> = repos.iter().filter(|repo| seen.insert(*repo)).collect();
        let mut answers = pin!(
            stream::iter(unique)
                .map(|repo| async move { (repo, self.about_of(repo).await) })
                .buffer_unordered(self.max_concurrency)
        );
        let mut about = HashMap::with_capacity(repos.len());
        while let Some((repo, answer)) = answers.next().await {
            about.insert(repo.clone(), answer?);
        }
        Ok(about)
    }

    async fn about_of(&self, repo: &RepoRef) -> Result<Option<RepoAbout>, OnlineError> {
        #[derive(Deserialize)]
        struct Repository {
            description: Option<String>,
            #[serde(default)]
            topics: Vec<String>,
            license: Option<serde_json::Value>,
        }
        let Some((body, url)) = self.fetch_repo(repo).await? else {
            return Ok(None);
        };
        let repository: Repository =
            serde_json::from_slice(&body).map_err(|source| OnlineError::Json {
                url: url.to_string(),
                source,
            })?;
        Ok(Some(RepoAbout {
            description: repository.description.filter(|d| !d.trim().is_empty()),
            topics: repository.topics,
            license: repository.license.is_some_and(|l| !l.is_null()),
        }))
    }

    async fn status_of(&self, repo: &RepoRef) -> Result<RepoStatus, OnlineError> {
        match self.fetch_repo(repo).await? {
            Some((body, url)) => read_repo(&body, &url, repo),
            None => Ok(RepoStatus::Missing),
        }
    }

    /// The repository's JSON and the URL that answered it (after renames), or `None` for
    /// 404, 410 and 451.
    async fn fetch_repo(&self, repo: &RepoRef) -> Result<Option<(Vec<u8>, url::Url)>, OnlineError> {
        let mut url = self.repo_url(repo);
        let mut redirects = 0;
        let mut rate_limit_waits = 0;
        let mut retries = 0;
        loop {
            let mut request = self.http.get(url.clone());
            if let Some(token) = self.token.as_ref().filter(|_| self.is_base_origin(&url)) {
                request = request.header(AUTHORIZATION, token.clone());
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(source) => {
                    let error = OnlineError::Transport {
                        url: url.to_string(),
                        source,
                    };
                    retries = self.count_retry(retries, &url, error).await?;
                    continue;
                }
            };
            let status = response.status();
            match status.as_u16() {
                200 => {
                    let body =
                        read_body_limited(response, MAX_REPO_JSON_BYTES, url.as_str()).await?;
                    return Ok(Some((body, url)));
                }
                301 | 302 | 303 | 307 | 308 => {
                    url = redirect_target(&response, &url, redirects)?;
                    redirects += 1;
                }
                404 | 410 | 451 => return Ok(None),
                403 | 429 => {
                    let Some(reset) = rate_limit_reset(&response, status) else {
                        return Err(OnlineError::Status {
                            url: url.to_string(),
                            status: status.as_u16(),
                        });
                    };
                    let wait = until_epoch(SystemTime::now(), reset);
                    if wait > MAX_SERVER_WAIT || rate_limit_waits >= MAX_RATE_LIMIT_WAITS {
                        return Err(OnlineError::RateLimited {
                            url: url.to_string(),
                            reset,
                        });
                    }
                    rate_limit_waits += 1;
                    sleep(wait).await;
                }
                code if status.is_server_error() => {
                    let error = OnlineError::Status {
                        url: url.to_string(),
                        status: code,
                    };
                    retries = self.count_retry(retries, &url, error).await?;
                }
                code => {
                    return Err(OnlineError::Status {
                        url: url.to_string(),
                        status: code,
                    });
                }
            }
        }
    }

    /// Waits before retry number `retries + 1`, or gives up with `error`.
    async fn count_retry(
        &self,
        retries: u32,
        url: &url::Url,
        error: OnlineError,
    ) -> Result<u32, OnlineError> {
        if retries >= MAX_RETRIES {
            return Err(OnlineError::RetriesExhausted {
                url: url.to_string(),
                attempts: retries + 1,
                last: Box::new(error),
            });
        }
        sleep(FIRST_BACKOFF.saturating_mul(2u32.saturating_pow(retries))).await;
        Ok(retries + 1)
    }

    fn repo_url(&self, repo: &RepoRef) -> url::Url {
        let mut url = self.base_url.clone();
        // the base was checked to be a base URL in `new`, so the segments are there
        if let Ok(mut segments) = url.path_segments_mut() {
            segments
                .pop_if_empty()
                .extend(["repos", repo.owner.as_str(), repo.name.as_str()]);
        }
        url
    }

    fn is_base_origin(&self, url: &url::Url) -> bool {
        url.origin() == self.base_url.origin()
    }
}

/// A repository's status from its JSON: renamed when GitHub answers with another name.
fn read_repo(body: &[u8], url: &url::Url, asked: &RepoRef) -> Result<RepoStatus, OnlineError> {
    #[derive(Deserialize)]
    struct Repository {
        full_name: String,
        #[serde(default)]
        archived: bool,
    }
    let repository: Repository =
        serde_json::from_slice(body).map_err(|source| OnlineError::Json {
            url: url.to_string(),
            source,
        })?;
    Ok(
        if !repository
            .full_name
            .eq_ignore_ascii_case(&asked.full_name())
        {
            RepoStatus::Renamed {
                new_full_name: repository.full_name,
                archived: repository.archived,
            }
        } else if repository.archived {
            RepoStatus::Archived
        } else {
            RepoStatus::Active
        },
    )
}

#[derive(Deserialize)]
struct GraphqlAnswer {
    data: Option<HashMap<String, Option<GraphqlRepo>>>,
    #[serde(default)]
    errors: Vec<GraphqlError>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphqlRepo {
    name_with_owner: String,
    #[serde(default)]
    is_archived: bool,
}

#[derive(Deserialize)]
struct GraphqlError {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    path: Vec<serde_json::Value>,
    #[serde(default)]
    message: String,
}

/// Reads a batch answer: `rN` is the N-th repository; `null` with a NOT_FOUND error is a
/// missing repository. GitHub resolves a renamed repository to its new name.
fn parse_graphql_batch(
    bytes: &[u8],
    batch: &[&RepoRef],
    url: &url::Url,
) -> Result<Vec<Option<RepoStatus>>, OnlineError> {
    let answer: GraphqlAnswer =
        serde_json::from_slice(bytes).map_err(|source| OnlineError::Json {
            url: url.to_string(),
            source,
        })?;
    let error_of = |alias: &str| {
        answer
            .errors
            .iter()
            .find(|e| e.path.first().and_then(|p| p.as_str()) == Some(alias))
    };
    if answer
        .errors
        .iter()
        .any(|e| e.kind.as_deref() == Some("RATE_LIMITED"))
    {
        let reset = epoch_secs_after(SystemTime::now(), UNNAMED_LIMIT_WAIT);
        return Err(OnlineError::RateLimited {
            url: url.to_string(),
            reset,
        });
    }
    let Some(data) = answer.data else {
        let message = answer
            .errors
            .first()
            .map_or("no data", |e| e.message.as_str());
        return Err(OnlineError::Graphql {
            url: url.to_string(),
            message: message.to_owned(),
        });
    };
    Ok(batch
        .iter()
        .enumerate()
        .map(|(i, asked)| {
            let alias = format!("r{i}");
            match data.get(&alias) {
                Some(Some(repo)) => Some(
                    if !repo
                        .name_with_owner
                        .eq_ignore_ascii_case(&asked.full_name())
                    {
                        RepoStatus::Renamed {
                            new_full_name: repo.name_with_owner.clone(),
                            archived: repo.is_archived,
                        }
                    } else if repo.is_archived {
                        RepoStatus::Archived
                    } else {
                        RepoStatus::Active
                    },
                ),
                _ => match error_of(&alias).and_then(|e| e.kind.as_deref()) {
                    Some("NOT_FOUND") => Some(RepoStatus::Missing),
                    _ => None,
                },
            }
        })
        .collect())
}

fn api_headers() -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        ACCEPT,
        HeaderValue::from_static("application/vnd.github+json"),
    );
    headers.insert(
        "x-github-api-version",
        HeaderValue::from_static("2022-11-28"),
    );
    headers
}

fn redirect_target(
    response: &reqwest::Response,
    url: &url::Url,
    redirects: u32,
) -> Result<url::Url, OnlineError> {
    let bad = |reason: String| OnlineError::Redirect {
        url: url.to_string(),
        reason,
    };
    if redirects >= MAX_REDIRECTS {
        return Err(bad(format!("more than {MAX_REDIRECTS} redirects")));
    }
    let location = response
        .headers()
        .get(LOCATION)
        .ok_or_else(|| bad("no Location header".to_owned()))?
        .to_str()
        .map_err(|_| bad("unreadable Location header".to_owned()))?;
    let target = url
        .join(location)
        .map_err(|error| bad(format!("Location `{location}`: {error}")))?;
    if !matches!(target.scheme(), "http" | "https") {
        return Err(bad(format!("Location `{location}` is not http(s)")));
    }
    Ok(target)
}

/// When a 403/429 is a rate limit, the Unix time at which it lifts.
fn rate_limit_reset(response: &reqwest::Response, status: StatusCode) -> Option<u64> {
    let headers = response.headers();
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let now = SystemTime::now();
    if let Some(wait) = retry_after(response) {
        return Some(epoch_secs_after(now, wait));
    }
    if header("x-ratelimit-remaining").map(str::trim) == Some("0") {
        return Some(
            header("x-ratelimit-reset")
                .and_then(|reset| reset.trim().parse().ok())
                .unwrap_or_else(|| epoch_secs_after(now, UNNAMED_LIMIT_WAIT)),
        );
    }
    // a 403 without rate-limit headers is a real refusal; a bare 429 is a secondary limit
    (status == StatusCode::TOO_MANY_REQUESTS).then(|| epoch_secs_after(now, UNNAMED_LIMIT_WAIT))
}

/// The Unix time `wait` after `now`, rounded up; saturates, as `wait` comes from a server.
fn epoch_secs_after(now: SystemTime, wait: Duration) -> u64 {
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let at = since_epoch.saturating_add(wait);
    at.as_secs()
        .saturating_add(u64::from(at.subsec_nanos() > 0))
}

/// Time from `now` until the Unix time `epoch_secs`; zero if it has passed.
fn until_epoch(now: SystemTime, epoch_secs: u64) -> Duration {
    let since_epoch = now.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    Duration::from_secs(epoch_secs).saturating_sub(since_epoch)
}

/// Path segments that sit where an owner would but are GitHub's own pages.
const RESERVED_OWNERS: &[&str] = &[
    "about",
    "account",
    "apps",
    "codespaces",
    "collections",
    "contact",
    "customer-stories",
    "dashboard",
    "enterprise",
    "events",
    "explore",
    "features",
    "issues",
    "join",
    "login",
    "logout",
    "marketplace",
    "new",
    "notifications",
    "orgs",
    "organizations",
    "pricing",
    "pulls",
    "search",
    "security",
    "settings",
    "site",
    "sponsors",
    "stars",
    "topics",
    "trending",
    "users",
];

/// The repository a github.com URL points into: `https://github.com/OWNER/REPO` with an
/// optional `.git`, trailing slash, deeper path (`/tree/main/src`), query or fragment.
///
/// `None` for user and organisation pages, GitHub's own pages (`/topics/...`, `/orgs/...`,
/// `/sponsors/...`), gists and `*.github.io` sites.
pub fn parse_repo_url(url: &str) -> Option<RepoRef> {
    let url = url::Url::parse(url.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    if !matches!(url.host_str()?, "github.com" | "www.github.com") {
        return None;
    }
    let mut segments = url.path_segments()?;
    let owner = segments.next()?;
    let name = segments.next()?;
    let name = name.strip_suffix(".git").unwrap_or(name);
    let reserved = RESERVED_OWNERS
        .iter()
        .any(|reserved| reserved.eq_ignore_ascii_case(owner));
    (!reserved && is_owner_name(owner) && is_repo_name(name)).then(|| RepoRef::new(owner, name))
}

/// The repository whose status answers a link: the repository page itself, or a page the
/// repository's existence decides (`/tree/…`, `/blob/…`, `/releases…`, `/issues…`, `/pulls…`,
/// `/wiki…`). A deleted file under `/blob/` is not seen this way; the list links the
/// repository's code, and a rename or deletion of the repository is what rots.
pub fn repo_link(url: &str) -> Option<RepoRef> {
    let repo = parse_repo_url(url)?;
    let parsed = url::Url::parse(url.trim()).ok()?;
    let mut segments = parsed.path_segments()?.skip(2).filter(|s| !s.is_empty());
    let answered = match segments.next() {
        None => true,
        Some(page) => matches!(
            page,
            "tree" | "blob" | "releases" | "issues" | "pulls" | "wiki"
        ),
    };
    answered.then_some(repo)
}

/// `https://github.com/Old/Repo/tree/main` with `old/repo` → `new/repo2` gives
/// `https://github.com/new/repo2/tree/main`; `None` when the URL does not start with `old`.
pub fn renamed_url(written: &str, old: &str, new: &str) -> Option<String> {
    let lower = written.to_ascii_lowercase();
    let marker = "github.com/";
    let start = lower.find(marker)? + marker.len();
    let old_lower = old.to_ascii_lowercase();
    if !lower.get(start..)?.starts_with(&old_lower) {
        return None;
    }
    let end = start + old.len();
    let after = written.get(end..)?;
    if !(after.is_empty() || after.starts_with(['/', '?', '#']) || after.starts_with(".git")) {
        return None;
    }
    Some(format!("{}{new}{after}", written.get(..start)?))
}

/// GitHub logins: letters, digits and single inner hyphens, at most 39 characters.
fn is_owner_name(owner: &str) -> bool {
    (1..=39).contains(&owner.len())
        && owner
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-')
        && !owner.starts_with('-')
        && !owner.ends_with('-')
}

/// Repository names: letters, digits, `-`, `_` and `.`, but not `.` or `..`.
fn is_repo_name(name: &str) -> bool {
    (1..=100).contains(&name.len())
        && name
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'))
        && name != "."
        && name != ".."
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo(owner: &str, name: &str) -> Option<RepoRef> {
        Some(RepoRef::new(owner, name))
    }

    #[test]
    fn parses_repository_urls() {
        for (url, expected) in [
            (
                "https://github.com/huggingface/peft",
                repo("huggingface", "peft"),
            ),
            (
                "https://github.com/huggingface/peft/",
                repo("huggingface", "peft"),
            ),
            (
                "https://github.com/huggingface/peft.git",
                repo("huggingface", "peft"),
            ),
            (
                "http://www.github.com/microsoft/LoRA",
                repo("microsoft", "LoRA"),
            ),
            (
                "https://github.com/microsoft/LoRA/tree/main/loralib",
                repo("microsoft", "LoRA"),
            ),
            (
                "https://github.com/a/b/blob/main/README.md#usage",
                repo("a", "b"),
            ),
            ("https://github.com/a/b?tab=readme-ov-file", repo("a", "b")),
            ("https://github.com/a/b#readme", repo("a", "b")),
            ("https://GitHub.com/a/b", repo("a", "b")),
            (
                "https://github.com/user/user.github.io",
                repo("user", "user.github.io"),
            ),
            ("https://github.com/org/.github", repo("org", ".github")),
            (" https://github.com/a/b ", repo("a", "b")),
        ] {
            assert_eq!(parse_repo_url(url), expected, "{url}");
        }
        // the original spelling is kept for display
        assert_eq!(
            parse_repo_url("https://github.com/Microsoft/LoRA").map(|r| r.full_name()),
            Some("Microsoft/LoRA".to_owned())
        );
    }

    #[test]
    fn rejects_urls_that_are_not_repositories() {
        for url in [
            "https://github.com/huggingface",
            "https://github.com/huggingface/",
            "https://github.com/orgs/huggingface/repositories",
            "https://github.com/topics/llm",
            "https://github.com/sponsors/someone",
            "https://github.com/features/copilot",
            "https://github.com/marketplace/actions/x",
            "https://github.com/",
            "https://github.com",
            "https://gist.github.com/user/0123456789abcdef",
            "https://user.github.io/project",
            "https://github.io/a/b",
            "https://gitlab.com/a/b",
            "https://notgithub.com/a/b",
            "ftp://github.com/a/b",
            "github.com/a/b",
            "https://github.com/a/.git",
            "https://github.com/a/..",
            "https://github.com/-a/b",
            "https://github.com/a%20b/c",
            "not a url",
            "",
        ] {
            assert_eq!(parse_repo_url(url), None, "{url}");
        }
    }

    #[test]
    fn repo_refs_ignore_case() {
        let mut statuses = HashMap::new();
        statuses.insert(RepoRef::new("Microsoft", "LoRA"), RepoStatus::Active);
        assert_eq!(
            statuses.get(&RepoRef::new("microsoft", "lora")),
            Some(&RepoStatus::Active)
        );
        assert_ne!(RepoRef::new("ab", "c"), RepoRef::new("a", "bc"));
    }

    #[test]
    fn reset_arithmetic_saturates_on_absurd_server_values() {
        let now = UNIX_EPOCH + Duration::from_millis(1_700_000_000_500);
        assert_eq!(epoch_secs_after(now, Duration::from_secs(2)), 1_700_000_003);
        assert_eq!(epoch_secs_after(now, Duration::MAX), u64::MAX);
        assert_eq!(
            until_epoch(now, 1_700_000_002),
            Duration::from_millis(1_500)
        );
        assert_eq!(until_epoch(now, 0), Duration::ZERO);
        assert!(until_epoch(now, u64::MAX) > MAX_SERVER_WAIT);
    }

    #[test]
    fn settings_debug_hides_the_token() {
        let settings = GithubApiSettings {
            token: Some("ghp_secret".to_owned()),
            ..GithubApiSettings::default()
        };
        assert!(!format!("{settings:?}").contains("ghp_secret"));
    }

    #[test]
    fn new_rejects_bad_base_urls() {
        for base_url in ["not a url", "mailto:x@example.org", "file:///tmp"] {
            let settings = GithubApiSettings {
                base_url: base_url.to_owned(),
                ..GithubApiSettings::default()
            };
            assert!(GithubClient::new(settings).is_err(), "{base_url}");
        }
    }
}
