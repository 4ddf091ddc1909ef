//! Checking many URLs at once: dedupe, limits, redirects, retries.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use reqwest::header::{
    ACCEPT, ACCEPT_LANGUAGE, AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, LOCATION,
    RETRY_AFTER, SERVER,
};
use reqwest::{Method, redirect};
use tokio::sync::{Semaphore, SemaphorePermit, oneshot};
use tokio::task::JoinSet;
use tokio::time::Instant;
use url::Url;

use super::cache::Cache;
use super::hosts::{HostSlot, HostState, Hosts, Signal};
use super::net::{self, Failure, GuardedResolver};
use super::progress::Progress;
use super::retry::{backoff, parse_retry_after};
use super::{
    BlockReason, DeadReason, ErrorKind, ExclusionReason, LinkError, LinkOutcome, LinkSettings,
    LinkStatus, UncheckedReason, normalize_for_dedupe,
};

/// Statuses to a HEAD that say "HEAD is not welcome here", not "the page is missing":
/// the answer to a GET decides.
const HEAD_REFUSED: [u16; 4] = [400, 403, 405, 501];

/// Statuses with which a host turns away automated clients while a reader's browser gets the
/// page: ACM DL and IEEE Xplore answer 403, LinkedIn 999, members-only pages 401, a page
/// blocked in one country 451. None of them is evidence that the page is gone.
const BLOCKING: [u16; 4] = [401, 403, 451, 999];

/// What a browser sends, so a host that filters on these lets the checker through. The
/// User-Agent stays honest.
const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
const BROWSER_ACCEPT_LANGUAGE: &str = "en-US,en;q=0.9";

/// Checks links. Build one per run so connections and host state are shared; clones share them.
#[derive(Clone)]
pub struct Checker {
    inner: Arc<Inner>,
}

struct Inner {
    settings: LinkSettings,
    client: reqwest::Client,
    global: Semaphore,
    hosts: Hosts,
    /// `(lower-case host, name, value)`, validated once.
    host_headers: Vec<(String, HeaderName, HeaderValue)>,
    token: Option<HeaderValue>,
    /// Set by `AWESOME_LINT_TRACE_REQUESTS`: each request's queue, start and end times go to
    /// stderr, counted from this instant, to see where a run's time goes.
    trace_origin: Option<Instant>,
}

/// The part of a response the checker looks at; the body is never read.
#[derive(Debug)]
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<std::time::Duration>,
    /// The vendor of a bot challenge the response carries, if any.
    challenge: Option<&'static str>,
    quick: bool,
    /// When the request went out.
    sent: Instant,
}

impl Answer {
    /// Why this answer turns the checker away, unless the user accepts its status.
    fn block(&self, settings: &LinkSettings) -> Option<BlockReason> {
        if settings.accepts(self.status) {
            return None;
        }
        match self.challenge {
            Some(vendor) => Some(BlockReason::Challenge {
                status: self.status,
                vendor,
            }),
            None => BLOCKING
                .contains(&self.status)
                .then_some(BlockReason::Status(self.status)),
        }
    }
}

/// A bot wall recognisable from headers alone: Cloudflare marks its challenges with
/// `cf-mitigated: challenge`, DataDome sets `x-datadome` (and `server: DataDome`), AWS WAF
/// sets `x-amzn-waf-action`.
fn challenge_vendor(headers: &HeaderMap) -> Option<&'static str> {
    let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if value("cf-mitigated").is_some_and(|v| v.trim().eq_ignore_ascii_case("challenge")) {
        return Some("Cloudflare");
    }
    if headers.contains_key("x-datadome")
        || value(SERVER.as_str()).is_some_and(|v| v.trim().eq_ignore_ascii_case("datadome"))
    {
        return Some("DataDome");
    }
    if value("x-amzn-waf-action").is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "challenge" | "captcha"
        )
    }) {
        return Some("AWS WAF");
    }
    None
}

/// A slot on a host and a global one, held for one request, or for a request and the retry
/// that takes its place.
struct Lease<'a> {
    _host_slot: HostSlot<'a>,
    _global_slot: SemaphorePermit<'a>,
    /// When the wait for the slots began (for `AWESOME_LINT_TRACE_REQUESTS`).
    queued: Instant,
}

/// One request's line for `AWESOME_LINT_TRACE_REQUESTS`, written when it is dropped: at its
/// answer, or unanswered when its hedge made it unneeded (`Dropped`).
struct RequestTrace<'a> {
    origin: Instant,
    method: Method,
    url: &'a Url,
    queued: Instant,
    sent: Instant,
    outcome: Option<String>,
}

impl Drop for RequestTrace<'_> {
    fn drop(&mut self) {
        let millis = |at: Instant| at.saturating_duration_since(self.origin).as_millis();
        eprintln!(
            "trace {} {} queued={} sent={} end={} {} {}",
            self.url.host_str().unwrap_or_default(),
            self.method,
            millis(self.queued),
            millis(self.sent),
            millis(Instant::now()),
            self.outcome.as_deref().unwrap_or("Dropped"),
            self.url,
        );
    }
}

/// What one URL has spent so far, over all hops of its redirect chain.
#[derive(Default)]
struct Budget {
    requests: u32,
    retries: u32,
    timeout_retries: u32,
    /// 429s waited out so far.
    limited_waits: u32,
    /// Until when a 429 may be waited out (`None`: not at all).
    deadline: Option<Instant>,
}

/// What became of a HEAD with its hedged GET: which answer is used, and how the HEAD refused
/// itself if it did.
struct Hedged {
    method: Method,
    result: Result<Answer, Failure>,
    refused_head: Option<u16>,
}

impl Hedged {
    fn first(method: Method, result: Result<Answer, Failure>) -> Self {
        Self {
            method,
            result,
            refused_head: None,
        }
    }
}

/// The share of the timeout after which an unanswered request gets its timeout retry beside
/// it: a page where both hang takes 1.5 timeouts instead of 2. A quarter (1.25) cost the
/// 10 000-link farm 6 s instead of saving time: its slow pages (1.5 s of 5) got a GET each,
/// which the farm kept serving after the checker dropped it, so hosts went over their 32
/// connections and answered 429, and the checker halved its limits.
const HEDGE_AFTER: f64 = 0.5;

/// The share of the timeout after which an unanswered request gets its retry beside it when
/// its host has a slot that nobody waits for: at the end of a run, when a host's last pages
/// hang, its slots sit idle, and each of those pages would otherwise wait half a timeout for
/// its retry. The earlier, the more merely slow pages get a GET they did not need: at a
/// quarter (1.25 s of 5) the farm's slow pages (1.5 s) got one each, and the 1 000 links with
/// 10 % blocked went from 1.35 to 1.38 requests per URL for 0.1 s less.
const HEDGE_IDLE_AFTER: f64 = 1.0 / 3.0;

/// Stands in for a `max_wait` too long to add to an instant: a year.
const FAR: std::time::Duration = std::time::Duration::from_secs(365 * 24 * 3600);

impl Checker {
    pub fn new(settings: LinkSettings) -> Result<Self, LinkError> {
        let limits = 1..=Semaphore::MAX_PERMITS;
        if !limits.contains(&settings.max_concurrency)
            || !limits.contains(&settings.host_concurrency)
        {
            return Err(LinkError::Settings(format!(
                "max_concurrency and host_concurrency must be between 1 and {}",
                Semaphore::MAX_PERMITS
            )));
        }
        let host_headers = settings
            .headers
            .iter()
            .map(|(host, name, value)| {
                let invalid = |reason: String| LinkError::Header {
                    host: host.clone(),
                    name: name.clone(),
                    reason,
                };
                let header_name = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|error| invalid(error.to_string()))?;
                let header_value =
                    HeaderValue::from_str(value).map_err(|error| invalid(error.to_string()))?;
                Ok((host.to_ascii_lowercase(), header_name, header_value))
            })
            .collect::<Result<Vec<_>, LinkError>>()?;
        let token = match &settings.github_token {
            Some(token) => {
                let mut value = HeaderValue::from_str(&format!("Bearer {}", token.trim()))
                    .map_err(|_| LinkError::Header {
                        host: settings.token_hosts.join(", "),
                        name: AUTHORIZATION.to_string(),
                        reason: "the GitHub token holds characters a header cannot carry"
                            .to_owned(),
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        // reqwest is built without a crypto provider so the project picks one; another part of
        // the program may have installed it already, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(redirect::Policy::none())
            .retry(reqwest::retry::never())
            .no_proxy()
            .user_agent(settings.user_agent.as_str())
            .connect_timeout(settings.timeout)
            .pool_max_idle_per_host(settings.host_concurrency)
            .dns_resolver(Arc::new(GuardedResolver::new(settings.allow_private)))
            .build()
            .map_err(LinkError::Client)?;
        Ok(Self {
            inner: Arc::new(Inner {
                global: Semaphore::new(settings.max_concurrency),
                hosts: Hosts::new(settings.host_concurrency, settings.host_interval),
                settings,
                client,
                host_headers,
                token,
                trace_origin: std::env::var_os("AWESOME_LINT_TRACE_REQUESTS")
                    .is_some_and(|value| !value.is_empty())
                    .then(Instant::now),
            }),
        })
    }

    /// Checks every URL, each unique one (see [`normalize_for_dedupe`]) once. The map has an
    /// entry for every input string.
    pub async fn check_all(
        &self,
        urls: &[String],
        progress: &dyn Progress,
    ) -> HashMap<String, LinkOutcome> {
        self.run(urls, None, progress).await
    }

    /// Like [`Checker::check_all`], but answers from `cache` where it can and stores the new
    /// good results in it (the caller saves it).
    pub async fn check_all_cached(
        &self,
        urls: &[String],
        cache: &mut Cache,
        progress: &dyn Progress,
    ) -> HashMap<String, LinkOutcome> {
        self.run(urls, Some(cache), progress).await
    }

    async fn run(
        &self,
        urls: &[String],
        mut cache: Option<&mut Cache>,
        progress: &dyn Progress,
    ) -> HashMap<String, LinkOutcome> {
        let mut unique: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for url in urls {
            let key = normalize_for_dedupe(url);
            if seen.insert(key.clone()) {
                unique.push(key);
            }
        }
        // Callers hand URLs over sorted (a BTreeSet), which puts a host's similar pages side by
        // side: on the link farm every /flaky/ page of a host answered 503 in one burst, which
        // halved its limit down to 1, and its /hang/ pages filled every slot at once. Pages with
        // a common path often behave alike on real hosts too (a dead mirror's directory, a
        // rate-limited /search), so check them in a shuffled order, the same on every run.
        fastrand::Rng::with_seed(0x5eed).shuffle(&mut unique);
        progress.start(unique.len());

        let deadline = Instant::now() + self.inner.settings.max_wait.min(FAR);
        let mut by_key: HashMap<String, LinkOutcome> = HashMap::with_capacity(unique.len());
        // Each host's URLs in a queue, worked off by twice `host_concurrency` tasks: a task
        // waiting out a 429 or a backoff holds no slot, and with only as many tasks as slots
        // the link farm's hosts kept 4 to 10 slots idle. One task per URL held the future of
        // every waiting URL from the start: 10 000 links took 28 MB above the 38 MB of the
        // lint itself.
        let mut queues: Vec<VecDeque<String>> = Vec::new();
        let mut queue_of_host: HashMap<String, usize> = HashMap::new();
        let mut pending: HashSet<String> = HashSet::new();
        for key in unique {
            if let Some(hit) = cache.as_deref().and_then(|cache| cache.get(&key)) {
                progress.finished(&key, &hit);
                by_key.insert(key, hit);
                continue;
            }
            let host = Url::parse(&key)
                .ok()
                .and_then(|url| url.host_str().map(str::to_ascii_lowercase))
                .unwrap_or_default();
            let index = *queue_of_host.entry(host).or_insert_with(|| {
                queues.push(VecDeque::new());
                queues.len() - 1
            });
            pending.insert(key.clone());
            queues[index].push_back(key);
        }
        let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
        let mut workers = JoinSet::new();
        for queue in queues {
            let workers_for_host = queue
                .len()
                .min(self.inner.settings.host_concurrency.saturating_mul(2));
            let queue = Arc::new(Mutex::new(queue));
            for _ in 0..workers_for_host {
                let queue = Arc::clone(&queue);
                let inner = Arc::clone(&self.inner);
                let sender = sender.clone();
                workers.spawn(async move {
                    loop {
                        let next = queue
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .pop_front();
                        let Some(url) = next else { break };
                        let outcome = inner.check(&url, deadline).await;
                        if sender.send((url, outcome)).is_err() {
                            break;
                        }
                    }
                });
            }
        }
        drop(sender);
        while let Some((key, outcome)) = receiver.recv().await {
            pending.remove(&key);
            progress.finished(&key, &outcome);
            if let Some(cache) = cache.as_deref_mut() {
                cache.insert(&key, &outcome);
            }
            by_key.insert(key, outcome);
        }
        // Only a panic leaves a URL without an outcome; say so instead of dropping it.
        let mut stopped = None;
        while let Some(joined) = workers.join_next().await {
            if let Err(error) = joined {
                stopped.get_or_insert_with(|| error.to_string());
            }
        }
        for key in pending {
            let why = stopped.as_deref().unwrap_or("no answer");
            let outcome = LinkOutcome {
                status: LinkStatus::Error(ErrorKind::Transport(format!(
                    "the check stopped: {why}"
                ))),
                attempts: 0,
                final_url: None,
                elapsed: std::time::Duration::ZERO,
            };
            progress.finished(&key, &outcome);
            by_key.insert(key, outcome);
        }
        progress.done();

        urls.iter()
            .filter_map(|url| {
                let outcome = by_key.get(&normalize_for_dedupe(url))?;
                Some((url.clone(), outcome.clone()))
            })
            .collect()
    }
}

impl Inner {
    async fn check(&self, url: &str, deadline: Instant) -> LinkOutcome {
        let started = Instant::now();
        let mut budget = Budget {
            deadline: Some(deadline),
            ..Budget::default()
        };
        let (status, final_url) = self.follow(url, &mut budget).await;
        LinkOutcome {
            status,
            attempts: budget.requests,
            final_url: final_url.map(String::from),
            elapsed: started.elapsed(),
        }
    }

    /// Follows the redirect chain from `input`; returns the status and the last URL requested.
    async fn follow(&self, input: &str, budget: &mut Budget) -> (LinkStatus, Option<Url>) {
        if let Some(pattern) = self.settings.exclude.iter().find(|re| re.is_match(input)) {
            let reason = ExclusionReason::Pattern(pattern.as_str().to_owned());
            return (LinkStatus::Excluded(reason), None);
        }
        let mut current = match Url::parse(input) {
            Ok(url) => url,
            Err(error) => {
                return (
                    LinkStatus::Error(ErrorKind::InvalidUrl(error.to_string())),
                    None,
                );
            }
        };
        if !matches!(current.scheme(), "http" | "https") {
            let reason = ExclusionReason::Scheme(current.scheme().to_owned());
            return (LinkStatus::Excluded(reason), None);
        }
        if current.host_str().is_none_or(str::is_empty) {
            let error = ErrorKind::InvalidUrl("no host".to_owned());
            return (LinkStatus::Error(error), None);
        }
        current.set_fragment(None);

        let mut chain = vec![current.clone()];
        let mut permanent = true;
        loop {
            // Checked at every hop: doi.org redirects to dl.acm.org.
            let listed = current
                .host_str()
                .and_then(|host| self.settings.listed_blocking(host));
            if let Some(answers) = listed {
                let reason = BlockReason::Listed {
                    answers: answers.to_owned(),
                };
                let reached = (budget.requests > 0).then_some(current);
                return (LinkStatus::Blocked(reason), reached);
            }
            let answer = match self.request(&current, budget).await {
                Ok(answer) => answer,
                Err(status) => {
                    let requested = (budget.requests > 0).then_some(current);
                    return (status, requested);
                }
            };
            let status = answer.status;
            let location = answer.location.clone().filter(|_| is_redirect(status));
            let Some(location) = location else {
                return (self.final_status(&answer, &chain, permanent), Some(current));
            };
            let mut next = match current.join(&location) {
                Ok(next) => next,
                Err(error) => {
                    let message = format!("cannot follow Location `{location}`: {error}");
                    return (
                        LinkStatus::Error(ErrorKind::BadRedirect(message)),
                        Some(current),
                    );
                }
            };
            next.set_fragment(None);
            if !matches!(next.scheme(), "http" | "https") {
                let message = format!("redirects to unsupported scheme `{}`", next.scheme());
                return (
                    LinkStatus::Error(ErrorKind::BadRedirect(message)),
                    Some(current),
                );
            }
            if chain.contains(&next) {
                return (LinkStatus::Error(ErrorKind::RedirectLoop), Some(current));
            }
            if chain.len() > self.settings.max_redirects {
                let error = ErrorKind::TooManyRedirects(self.settings.max_redirects);
                return (LinkStatus::Error(error), Some(current));
            }
            permanent &= matches!(status, 301 | 308);
            chain.push(next.clone());
            current = next;
        }
    }

    fn final_status(&self, answer: &Answer, chain: &[Url], permanent: bool) -> LinkStatus {
        let status = answer.status;
        if let Some(reason) = answer.block(&self.settings) {
            LinkStatus::Blocked(reason)
        } else if status == 429 {
            LinkStatus::Unchecked(UncheckedReason::RateLimited)
        } else if self.settings.accepts(status) {
            match chain {
                [_] | [] => LinkStatus::Ok(status),
                [.., last] => LinkStatus::Redirected {
                    status,
                    permanent,
                    final_url: last.to_string(),
                },
            }
        } else if is_transient_status(status) {
            LinkStatus::Error(ErrorKind::Status(status))
        } else {
            LinkStatus::Dead(DeadReason::Status(status))
        }
    }

    /// One hop: HEAD (or GET), the GET fallback, and retries. `Err` is a final status for
    /// the whole link.
    async fn request(&self, url: &Url, budget: &mut Budget) -> Result<Answer, LinkStatus> {
        if !self.settings.allow_private {
            if let Some(ip) = net::literal_ip(url).filter(|ip| net::is_private_address(*ip)) {
                let reason = ExclusionReason::PrivateAddress(ip.to_string());
                return Err(LinkStatus::Excluded(reason));
            }
        }
        let host = self.hosts.get(url.host_str().unwrap_or_default());
        let mut method = if host.head_unreliable() {
            Method::GET
        } else {
            Method::HEAD
        };
        let mut refused_head = None;
        loop {
            budget.requests += 1;
            let may_hedge = budget.retries < self.settings.max_retries
                && budget.timeout_retries < self.settings.timeout_retries;
            let result = if may_hedge {
                let hedged = self.send_hedged(&host, method.clone(), url, budget).await;
                if hedged.method != method {
                    method = hedged.method;
                    refused_head = refused_head.or(hedged.refused_head);
                }
                hedged.result
            } else {
                self.send(&host, method.clone(), url, budget.deadline, None)
                    .await
            };
            let failure = match result {
                Ok(answer) => {
                    let status = answer.status;
                    let blocked = answer.block(&self.settings).is_some();
                    if method == Method::HEAD
                        && (HEAD_REFUSED.contains(&status) || blocked)
                        && !self.settings.accepts(status)
                    {
                        host.record_answer(Signal::Answered {
                            quick: answer.quick,
                            sent: answer.sent,
                        });
                        refused_head = Some(status);
                        method = Method::GET;
                        continue;
                    }
                    // Waits for 429s grow on their own count, as they do not use up retries.
                    let step = if status == 429 {
                        budget.limited_waits + 1
                    } else {
                        budget.retries + 1
                    };
                    let wait = backoff(self.settings.retry_backoff, step);
                    let wait = answer.retry_after.map_or(wait, |asked| asked.max(wait));
                    let limited = matches!(status, 429 | 503) && !blocked;
                    host.record_answer(if limited {
                        Signal::Limited {
                            wait,
                            sent: answer.sent,
                        }
                    } else {
                        Signal::Answered {
                            quick: answer.quick,
                            sent: answer.sent,
                        }
                    });
                    // A 429 is the host's state, not the link's: wait for it as long as the
                    // run allows, without spending the link's retries.
                    if status == 429 && !self.settings.accepts(status) {
                        let in_time = budget
                            .deadline
                            .is_some_and(|deadline| Instant::now() + wait < deadline);
                        if in_time {
                            budget.limited_waits += 1;
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        return Ok(answer);
                    }
                    if is_transient_status(status)
                        && !blocked
                        && !self.settings.accepts(status)
                        && budget.retries < self.settings.max_retries
                    {
                        budget.retries += 1;
                        tokio::time::sleep(wait).await;
                        continue;
                    }
                    if refused_head.is_some_and(|head_status| head_status != status) {
                        host.mark_head_unreliable();
                    }
                    return Ok(answer);
                }
                Err(failure) => failure,
            };
            let timed_out = failure == Failure::Timeout;
            let may_retry = failure.is_transient()
                && budget.retries < self.settings.max_retries
                && (!timed_out || budget.timeout_retries < self.settings.timeout_retries);
            if !may_retry {
                return Err(status_of_failure(failure));
            }
            budget.retries += 1;
            if timed_out {
                budget.timeout_retries += 1;
                // Some servers never answer HEAD at all; the retry asks the way browsers do.
                // The timeout was wait enough, so no backoff on top.
                method = Method::GET;
            } else {
                tokio::time::sleep(backoff(self.settings.retry_backoff, budget.retries)).await;
            }
        }
    }

    /// A request (`first`: HEAD, or GET on a host that answers HEAD wrongly) and its timeout
    /// retry, a GET, once the first has gone unanswered for [`HEDGE_AFTER`] of the timeout.
    ///
    /// After a HEAD, the GET goes beside it and the first conclusive answer wins; the other
    /// request is dropped (which closes its connection and gives its slots back). A HEAD
    /// refused (405 and the like) is not conclusive. Some servers never answer HEAD, and some
    /// answer it slowly while their GET hangs: each method keeps its whole timeout, and the
    /// GET takes a host and a global slot of its own, so a host never has more in flight than
    /// its limit. A page where both hang takes one and a half timeouts instead of two.
    ///
    /// After a GET, the retry is the same question again: it takes over the first request's
    /// slots and the first is dropped. Two GETs side by side held two slots for a whole
    /// timeout each, and on the 10 000-link farm, where hosts that answered HEAD wrongly are
    /// asked with GET, hanging pages held 80 % of all slot time: the host with the most of
    /// them finished 5 s after the others. The retry keeps its whole timeout, so a server slow
    /// to answer is not cut short; only a first try that would have answered between half the
    /// timeout and the timeout, while its retry does not, is lost.
    ///
    /// The hedged GET stands for the timeout retry: it is charged as one only when its answer
    /// is the one used.
    async fn send_hedged(
        &self,
        host: &HostState,
        first: Method,
        url: &Url,
        budget: &mut Budget,
    ) -> Hedged {
        let budget_deadline = budget.deadline;
        let lease = match self.lease(host, budget.deadline).await {
            Ok(lease) => lease,
            Err(failure) => return Hedged::first(first, Err(failure)),
        };
        let timeout = self.settings.timeout;
        let queued = lease.queued;
        // Held until the first request is done (or its retry, which takes the slots over).
        let mut lease = Some(lease);
        let (first_sent, first_went_out) = oneshot::channel();
        let mut first_request =
            Box::pin(self.send_on(queued, host, first.clone(), url, timeout, Some(first_sent)));
        let refuses = |answer: &Answer| first == Method::HEAD && self.refuses_head(answer);
        // The hedge clock starts when the first request goes out (after the host's interval),
        // not while it waits: a host's queue is no sign that the page hangs.
        let sent = tokio::select! {
            result = &mut first_request => return Hedged::first(first, result),
            went_out = first_went_out => match went_out {
                Ok(()) => Instant::now(),
                Err(_) => return Hedged::first(first, first_request.await),
            },
        };
        tokio::select! {
            result = &mut first_request => return Hedged::first(first, result),
            () = tokio::time::sleep_until(sent + timeout.mul_f64(HEDGE_IDLE_AFTER)) => {}
        }
        // A slot nobody waits for is free to use: the retry goes out now, beside the first.
        let mut idle = self.try_lease(host);
        if idle.is_none() {
            tokio::select! {
                result = &mut first_request => return Hedged::first(first, result),
                () = tokio::time::sleep_until(sent + timeout.mul_f64(HEDGE_AFTER)) => {}
            }
            if first == Method::GET {
                // Dropping the first GET closes its connection; its slots carry the retry.
                drop(first_request);
                budget.requests += 1;
                budget.retries += 1;
                budget.timeout_retries += 1;
                let result = self
                    .send_on(queued, host, Method::GET, url, timeout, None)
                    .await;
                return Hedged::first(Method::GET, result);
            }
            idle = self.try_lease(host);
        }

        let (get_sent, mut get_went_out) = oneshot::channel();
        let get = async move {
            match idle {
                Some(lease) => {
                    self.send_on(
                        lease.queued,
                        host,
                        Method::GET,
                        url,
                        timeout,
                        Some(get_sent),
                    )
                    .await
                }
                None => {
                    self.send(host, Method::GET, url, budget_deadline, Some(get_sent))
                        .await
                }
            }
        };
        tokio::pin!(get);
        let mut first_result: Option<Result<Answer, Failure>> = None;
        let mut refused_head = None;
        let get_result = loop {
            tokio::select! {
                result = &mut first_request, if first_result.is_none() => match result {
                    Ok(answer) if !refuses(&answer) => {
                        // The GET may not have gone out yet; count it only if it did.
                        budget.requests += u32::from(get_went_out.try_recv().is_ok());
                        return Hedged::first(first, Ok(answer));
                    }
                    Ok(answer) => {
                        host.record_answer(Signal::Answered {
                            quick: answer.quick,
                            sent: answer.sent,
                        });
                        refused_head = Some(answer.status);
                        first_result = Some(Ok(answer));
                        // Its slots go back: a GET still waiting for one may need them.
                        drop(lease.take());
                    }
                    Err(failure) => {
                        first_result = Some(Err(failure));
                        drop(lease.take());
                    }
                },
                result = &mut get => break result,
            }
        };
        budget.requests += u32::from(get_went_out.try_recv().is_ok());
        // A GET that failed while the first request has not answered yet leaves that to decide.
        if get_result.is_err() && first_result.is_none() {
            match first_request.await {
                Ok(answer) if !refuses(&answer) => return Hedged::first(first, Ok(answer)),
                Ok(answer) => {
                    host.record_answer(Signal::Answered {
                        quick: answer.quick,
                        sent: answer.sent,
                    });
                    refused_head = Some(answer.status);
                }
                Err(_) => {}
            }
        }
        // The GET's answer is used: it was the timeout retry.
        budget.retries += 1;
        budget.timeout_retries += 1;
        Hedged {
            method: Method::GET,
            result: get_result,
            refused_head,
        }
    }

    /// A HEAD answer that says "ask with GET" rather than anything about the page.
    fn refuses_head(&self, answer: &Answer) -> bool {
        (HEAD_REFUSED.contains(&answer.status) || answer.block(&self.settings).is_some())
            && !self.settings.accepts(answer.status)
    }

    /// Sends one request within the global and per-host limits and reads only its head;
    /// `went_out` hears when it is sent.
    async fn send(
        &self,
        host: &HostState,
        method: Method,
        url: &Url,
        deadline: Option<Instant>,
        went_out: Option<oneshot::Sender<()>>,
    ) -> Result<Answer, Failure> {
        let lease = self.lease(host, deadline).await?;
        let timeout = self.settings.timeout;
        self.send_on(lease.queued, host, method, url, timeout, went_out)
            .await
    }

    /// Waits for a slot on `host` and a global one, in that order.
    async fn lease<'a>(
        &'a self,
        host: &'a HostState,
        deadline: Option<Instant>,
    ) -> Result<Lease<'a>, Failure> {
        let queued = Instant::now();
        let closed = || Failure::Transport("request limiter closed".to_owned());
        let host_slot = host.acquire().await.ok_or_else(closed)?;
        // Wait out a pause before taking a global slot, so a paused host does not hold slots
        // that other hosts could use.
        if !host.wait_until_open(deadline).await {
            return Err(Failure::RateLimited);
        }
        let global_slot = self.global.acquire().await.map_err(|_| closed())?;
        Ok(Lease {
            _host_slot: host_slot,
            _global_slot: global_slot,
            queued,
        })
    }

    /// A host slot and a global one if both are free now and the host is not paused.
    fn try_lease<'a>(&'a self, host: &'a HostState) -> Option<Lease<'a>> {
        let host_slot = host.try_acquire()?;
        if host.is_paused() {
            return None;
        }
        let global_slot = self.global.try_acquire().ok()?;
        Some(Lease {
            _host_slot: host_slot,
            _global_slot: global_slot,
            queued: Instant::now(),
        })
    }

    /// Sends one request on slots the caller holds (waited for since `queued`), waiting at most
    /// `patience` for its head.
    /// Only a wait of the whole timeout tells the host's limit about a timeout: a shorter one
    /// is a first try cut short for its retry.
    async fn send_on(
        &self,
        queued: Instant,
        host: &HostState,
        method: Method,
        url: &Url,
        patience: std::time::Duration,
        went_out: Option<oneshot::Sender<()>>,
    ) -> Result<Answer, Failure> {
        host.wait_for_turn().await;
        let mut headers = self.headers_for(url);
        if method == Method::GET {
            // A GET is the second try of a refused HEAD, or a host that answers HEAD wrongly:
            // ask the way a browser does, as some hosts filter on these headers.
            headers
                .entry(ACCEPT)
                .or_insert(HeaderValue::from_static(BROWSER_ACCEPT));
            headers
                .entry(ACCEPT_LANGUAGE)
                .or_insert(HeaderValue::from_static(BROWSER_ACCEPT_LANGUAGE));
        }
        let request = self
            .client
            .request(method.clone(), url.clone())
            .headers(headers);
        let sent = Instant::now();
        if let Some(went_out) = went_out {
            // Nobody listening any more is fine.
            let _ = went_out.send(());
        }
        // Reports on drop, so a request dropped for its hedge shows too.
        let mut trace = self.trace_origin.map(|origin| RequestTrace {
            origin,
            method: method.clone(),
            url,
            queued,
            sent,
            outcome: None,
        });
        let result = match tokio::time::timeout(patience, request.send()).await {
            Err(_elapsed) => {
                if patience >= self.settings.timeout {
                    host.record_answer(Signal::TimedOut { sent });
                }
                Err(Failure::Timeout)
            }
            Ok(Err(error)) => Err(net::classify(&error)),
            Ok(Ok(response)) => Ok(self.answer_of(response, sent)),
        };
        if let Some(trace) = &mut trace {
            trace.outcome = Some(match &result {
                Ok(answer) => answer.status.to_string(),
                Err(failure) => format!("{failure:?}"),
            });
        }
        result
    }

    /// The part of `response` the checker looks at; the body is dropped unread, which closes
    /// it: a 64 MiB file costs only what the socket buffers took in.
    fn answer_of(&self, response: reqwest::Response, sent: Instant) -> Answer {
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|value: &HeaderValue| value.to_str().ok())
        };
        Answer {
            status: response.status().as_u16(),
            location: header(LOCATION).map(str::to_owned),
            retry_after: header(RETRY_AFTER)
                .and_then(|value| parse_retry_after(value, SystemTime::now())),
            challenge: challenge_vendor(response.headers()),
            // Quick: well inside the timeout; what lets a host's limit grow.
            quick: sent.elapsed().saturating_mul(4) < self.settings.timeout,
            sent,
        }
    }

    /// Headers for one hop, decided from that hop's own host: a redirect to another host
    /// never carries what was meant for the first one.
    fn headers_for(&self, url: &Url) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let host = url.host_str().unwrap_or_default();
        for (header_host, name, value) in &self.host_headers {
            if header_host.eq_ignore_ascii_case(host) {
                headers.insert(name.clone(), value.clone());
            }
        }
        if let Some(token) = &self.token {
            if sends_token(url, &self.settings.token_hosts) {
                headers.insert(AUTHORIZATION, token.clone());
            }
        }
        headers
    }
}

/// The token goes to the token hosts only, and never in cleartext over a network: https, or
/// plain http to this machine (which is how tests see it).
fn sends_token(url: &Url, token_hosts: &[String]) -> bool {
    let host = url.host_str().unwrap_or_default();
    let listed = token_hosts
        .iter()
        .any(|token_host| token_host.eq_ignore_ascii_case(host));
    listed && (url.scheme() == "https" || net::is_loopback_host(url))
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

/// Statuses that say "not now" rather than "not here".
fn is_transient_status(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}

fn status_of_failure(failure: Failure) -> LinkStatus {
    match failure {
        Failure::Timeout => LinkStatus::Error(ErrorKind::Timeout),
        Failure::Reset => LinkStatus::Error(ErrorKind::ConnectionReset),
        Failure::Refused => LinkStatus::Dead(DeadReason::ConnectionRefused),
        Failure::Dns(message) => LinkStatus::Dead(DeadReason::Dns(message)),
        Failure::Private(address) => LinkStatus::Excluded(ExclusionReason::PrivateAddress(address)),
        Failure::Tls(message) => LinkStatus::Error(ErrorKind::Tls(message)),
        Failure::Transport(message) => LinkStatus::Error(ErrorKind::Transport(message)),
        Failure::RateLimited => LinkStatus::Unchecked(UncheckedReason::RateLimited),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        LinkSettings::default().token_hosts
    }

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test url")
    }

    #[test]
    fn token_goes_to_github_over_https_only() {
        assert!(sends_token(&url("https://github.com/a/b"), &hosts()));
        assert!(sends_token(
            &url("https://API.GitHub.com/repos/a/b"),
            &hosts()
        ));
        assert!(!sends_token(&url("http://github.com/a/b"), &hosts()));
        assert!(!sends_token(&url("https://gist.github.com/a"), &hosts()));
        assert!(!sends_token(&url("https://github.com.evil.org/"), &hosts()));
        assert!(!sends_token(&url("https://evil.org/github.com"), &hosts()));
    }

    #[test]
    fn token_may_cross_loopback_in_cleartext() {
        let local = vec!["localhost".to_owned()];
        assert!(sends_token(&url("http://localhost:8080/"), &local));
        assert!(!sends_token(&url("http://127.0.0.1:8080/"), &local));
    }

    #[test]
    fn statuses_sort_into_dead_and_transient() {
        for status in [408, 429, 500, 502, 503, 504] {
            assert!(is_transient_status(status), "{status}");
        }
        for status in [400, 401, 403, 404, 410, 451] {
            assert!(!is_transient_status(status), "{status}");
        }
    }

    #[test]
    fn zero_limits_are_rejected() {
        let settings = LinkSettings {
            host_concurrency: 0,
            ..LinkSettings::default()
        };
        assert!(matches!(
            Checker::new(settings),
            Err(LinkError::Settings(_))
        ));
    }

    #[test]
    fn bad_headers_are_rejected_with_context() {
        let settings = LinkSettings {
            headers: vec![("a.org".into(), "bad header".into(), "x".into())],
            ..LinkSettings::default()
        };
        let error = Checker::new(settings).err().expect("invalid name");
        assert!(error.to_string().contains("a.org"), "{error}");
    }
}
