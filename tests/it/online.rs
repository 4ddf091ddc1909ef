//! The metadata clients against mock arXiv and GitHub APIs served on 127.0.0.1 by each test.

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use tokio::net::TcpListener;

/// Serves `router` on a free port of 127.0.0.1 until the test's runtime ends.
async fn serve(listener: TcpListener, router: Router) {
    tokio::spawn(async move {
        axum::serve(listener, router)
            .await
            .expect("mock server runs");
    });
}

async fn bind() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    (listener, addr)
}

fn epoch_secs_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs()
}

mod arxiv {
    use std::collections::{HashMap, VecDeque};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use awesome_lint::online::{ArxivApiSettings, ArxivClient, OnlineError};
    use axum::Router;
    use axum::extract::{Query, State};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use tokio::time::Instant;

    use super::{bind, serve};

    /// An id the mock answers with an error entry, as arXiv does for ids it does not have.
    const UNKNOWN_ID: &str = "2401.99999";

    /// What the mock answers instead of a feed, one scripted answer per request, in order.
    enum Scripted {
        Status(u16),
        Unavailable { retry_after: &'static str },
        Hang(Duration),
        Body(&'static str),
    }

    struct Request {
        at: Instant,
        ids: Vec<String>,
        max_results: Option<usize>,
    }

    #[derive(Default)]
    struct Mock {
        script: Mutex<VecDeque<Scripted>>,
        requests: Mutex<Vec<Request>>,
    }

    impl Mock {
        fn requests(&self) -> std::sync::MutexGuard<'_, Vec<Request>> {
            self.requests.lock().expect("requests lock")
        }
    }

    async fn query(
        State(mock): State<Arc<Mock>>,
        Query(params): Query<HashMap<String, String>>,
    ) -> Response {
        let ids: Vec<String> = params
            .get("id_list")
            .map(|list| list.split(',').map(str::to_owned).collect())
            .unwrap_or_default();
        let max_results = params.get("max_results").and_then(|n| n.parse().ok());
        mock.requests().push(Request {
            at: Instant::now(),
            ids: ids.clone(),
            max_results,
        });
        let scripted = mock.script.lock().expect("script lock").pop_front();
        match scripted {
            Some(Scripted::Status(code)) => {
                return StatusCode::from_u16(code)
                    .expect("valid status")
                    .into_response();
            }
            Some(Scripted::Unavailable { retry_after }) => {
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [("retry-after", retry_after)],
                    "busy",
                )
                    .into_response();
            }
            Some(Scripted::Hang(delay)) => tokio::time::sleep(delay).await,
            Some(Scripted::Body(body)) => return body.into_response(),
            None => {}
        }
        // like the real API, which answers 10 entries unless told otherwise
        let shown = ids.len().min(max_results.unwrap_or(10));
        (
            [("content-type", "application/atom+xml; charset=utf-8")],
            feed(&ids[..shown]),
        )
            .into_response()
    }

    fn feed(ids: &[String]) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <feed xmlns=\"http://www.w3.org/2005/Atom\">\n  \
             <title type=\"html\">ArXiv Query: id_list=...</title>\n  \
             <id>http://arxiv.org/api/abc</id>\n",
        );
        for id in ids {
            if id == UNKNOWN_ID {
                xml.push_str(&format!(
                    "  <entry>\n    <id>http://arxiv.org/api/errors#incorrect_id_format_for_{id}</id>\n    \
                     <title>Error</title>\n    <summary>incorrect id format for {id}</summary>\n    \
                     <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>\n"
                ));
            } else {
                xml.push_str(&format!(
                    "  <entry>\n    <id>http://arxiv.org/abs/{id}v2</id>\n    \
                     <published>2021-06-17T17:37:18Z</published>\n    \
                     <title>Paper {id}: Tables &amp; Chairs, wrapped over\n  two   lines</title>\n    \
                     <author>\n      <name>Ada  Lovelace</name>\n    </author>\n    \
                     <author>\n      <name>Alan Turing</name>\n    </author>\n  </entry>\n"
                ));
            }
        }
        xml.push_str("</feed>\n");
        xml
    }

    async fn start(script: Vec<Scripted>) -> (Arc<Mock>, String) {
        let mock = Arc::new(Mock {
            script: Mutex::new(script.into()),
            ..Mock::default()
        });
        let router = Router::new()
            .route("/api/query", get(query))
            .with_state(mock.clone());
        let (listener, addr) = bind().await;
        serve(listener, router).await;
        (mock, format!("http://{addr}/api/query"))
    }

    fn client(base_url: String, interval: Duration) -> ArxivClient {
        ArxivClient::new(ArxivApiSettings {
            base_url,
            batch_size: 100,
            interval,
            max_retries: 2,
            timeout: Duration::from_millis(500),
        })
        .expect("client builds")
    }

    fn ids(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|id| (*id).to_owned()).collect()
    }

    #[tokio::test]
    async fn fetch_folds_titles_and_keys_by_id_without_version() {
        let (_mock, base) = start(vec![]).await;
        let papers = client(base, Duration::from_millis(10))
            .fetch(&ids(&["2106.09685v1", "hep-th/9711200"]))
            .await
            .expect("fetch succeeds");

        assert_eq!(papers.len(), 2);
        let lora = &papers["2106.09685"];
        assert_eq!(lora.id, "2106.09685");
        assert_eq!(lora.version, Some(2));
        assert_eq!(
            lora.title,
            "Paper 2106.09685: Tables & Chairs, wrapped over two lines"
        );
        assert_eq!(lora.published.as_deref(), Some("2021-06-17T17:37:18Z"));
        assert_eq!(lora.authors, ["Ada Lovelace", "Alan Turing"]);
        assert_eq!(papers["hep-th/9711200"].version, Some(2));
    }

    #[tokio::test]
    async fn fetch_asks_for_more_than_the_default_ten_results() {
        let (mock, base) = start(vec![]).await;
        let wanted: Vec<String> = (1..=12).map(|n| format!("2301.{n:05}")).collect();
        let papers = client(base, Duration::from_millis(10))
            .fetch(&wanted)
            .await
            .expect("fetch succeeds");

        assert_eq!(papers.len(), 12);
        let requests = mock.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].max_results, Some(12));
    }

    #[tokio::test]
    async fn fetch_retries_a_503_after_its_retry_after() {
        let (mock, base) = start(vec![Scripted::Unavailable { retry_after: "1" }]).await;
        let papers = client(base, Duration::from_millis(10))
            .fetch(&ids(&["2106.09685"]))
            .await
            .expect("the retry succeeds");

        assert!(papers.contains_key("2106.09685"));
        let requests = mock.requests();
        assert_eq!(requests.len(), 2);
        assert!(requests[1].at - requests[0].at >= Duration::from_secs(1));
    }

    #[tokio::test]
    async fn fetch_skips_error_entries_and_never_sends_malformed_ids() {
        let (mock, base) = start(vec![]).await;
        let papers = client(base, Duration::from_millis(10))
            .fetch(&ids(&[
                "2106.09685",
                UNKNOWN_ID,
                "not-an-id",
                "2106.09685v3",
                "",
            ]))
            .await
            .expect("fetch succeeds");

        assert_eq!(papers.keys().collect::<Vec<_>>(), ["2106.09685"]);
        let requests = mock.requests();
        assert_eq!(requests.len(), 1);
        // a malformed id would turn the whole batch into an error entry
        assert_eq!(requests[0].ids, ["2106.09685", UNKNOWN_ID]);
    }

    #[tokio::test]
    async fn fetch_batches_ids_and_keeps_the_interval_between_requests() {
        let interval = Duration::from_millis(50);
        let (mock, base) = start(vec![]).await;
        let wanted: Vec<String> = (1..=250).map(|n| format!("2401.{n:05}")).collect();
        let papers = client(base, interval)
            .fetch(&wanted)
            .await
            .expect("fetch succeeds");

        assert_eq!(papers.len(), 250);
        let requests = mock.requests();
        let sizes: Vec<usize> = requests.iter().map(|request| request.ids.len()).collect();
        assert_eq!(sizes, [100, 100, 50]);
        for request in requests.iter() {
            assert_eq!(request.max_results, Some(request.ids.len()));
        }
        for pair in requests.windows(2) {
            let gap = pair[1].at - pair[0].at;
            assert!(gap >= interval, "requests only {gap:?} apart");
        }
    }

    #[tokio::test]
    async fn fetch_retries_after_a_timeout() {
        let (mock, base) = start(vec![Scripted::Hang(Duration::from_secs(3))]).await;
        let papers = client(base, Duration::from_millis(10))
            .fetch(&ids(&["2106.09685"]))
            .await
            .expect("the retry succeeds");

        assert!(papers.contains_key("2106.09685"));
        assert_eq!(mock.requests().len(), 2);
    }

    #[tokio::test]
    async fn fetch_gives_up_after_max_retries() {
        let script = (0..5).map(|_| Scripted::Status(500)).collect();
        let (mock, base) = start(script).await;
        let error = client(base, Duration::from_millis(10))
            .fetch(&ids(&["2106.09685"]))
            .await
            .expect_err("every attempt fails");

        assert!(
            matches!(&error, OnlineError::RetriesExhausted { attempts: 3, last, .. }
                if matches!(**last, OnlineError::Status { status: 500, .. })),
            "{error:?}"
        );
        assert_eq!(mock.requests().len(), 3);
    }

    #[tokio::test]
    async fn fetch_does_not_retry_a_client_error() {
        let (mock, base) = start(vec![Scripted::Status(400)]).await;
        let error = client(base, Duration::from_millis(10))
            .fetch(&ids(&["2106.09685"]))
            .await
            .expect_err("400 is final");

        assert!(
            matches!(error, OnlineError::Status { status: 400, .. }),
            "{error:?}"
        );
        assert_eq!(mock.requests().len(), 1);
    }

    #[tokio::test]
    async fn fetch_refuses_to_wait_an_hour() {
        let (mock, base) = start(vec![Scripted::Unavailable {
            retry_after: "3600",
        }])
        .await;
        let error = client(base, Duration::from_millis(10))
            .fetch(&ids(&["2106.09685"]))
            .await
            .expect_err("an hour is too long");

        assert!(
            matches!(error, OnlineError::WaitTooLong { wait, .. } if wait == Duration::from_secs(3600)),
            "{error:?}"
        );
        assert_eq!(mock.requests().len(), 1);
    }

    #[tokio::test]
    async fn fetch_reports_a_page_that_is_not_a_feed() {
        let (_mock, base) = start(vec![Scripted::Body(
            "<html><body>Rate exceeded.</body></html>",
        )])
        .await;
        let error = client(base, Duration::from_millis(10))
            .fetch(&ids(&["2106.09685"]))
            .await
            .expect_err("not a feed");

        assert!(matches!(error, OnlineError::Feed { .. }), "{error:?}");
    }

    #[tokio::test]
    async fn fetch_of_nothing_sends_nothing() {
        let (mock, base) = start(vec![]).await;
        let papers = client(base, Duration::from_millis(10))
            .fetch(&ids(&["", "nonsense"]))
            .await
            .expect("nothing to do");

        assert!(papers.is_empty());
        assert_eq!(mock.requests().len(), 0);
    }
}

mod github {
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use awesome_lint::online::{GithubApiSettings, GithubClient, OnlineError, RepoRef, RepoStatus};
    use axum::Router;
    use axum::extract::{Path, State};
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::{IntoResponse, Response};
    use axum::routing::get;
    use tokio::time::Instant;

    use super::{bind, epoch_secs_now, serve};

    const TOKEN: &str = "test-token";

    struct Request {
        path: String,
        authorization: Option<String>,
        accept: Option<String>,
        api_version: Option<String>,
        user_agent: Option<String>,
    }

    struct Mock {
        addr: std::net::SocketAddr,
        /// When set, `/repos/...` answers 401 to requests without this bearer token.
        token: Option<&'static str>,
        requests: Mutex<Vec<Request>>,
        /// The reset announced to the first request for `octo/limited`.
        limited_reset: Mutex<Option<u64>>,
        flaky_failed: Mutex<bool>,
        slow_in_flight: AtomicUsize,
        slow_most_in_flight: AtomicUsize,
    }

    impl Mock {
        fn record(&self, path: String, headers: &HeaderMap) {
            let header = |name: &str| {
                headers
                    .get(name)
                    .and_then(|value| value.to_str().ok())
                    .map(str::to_owned)
            };
            self.requests.lock().expect("requests lock").push(Request {
                path,
                authorization: header("authorization"),
                accept: header("accept"),
                api_version: header("x-github-api-version"),
                user_agent: header("user-agent"),
            });
        }

        fn requests_to(&self, path: &str) -> Vec<Option<String>> {
            self.requests
                .lock()
                .expect("requests lock")
                .iter()
                .filter(|request| request.path == path)
                .map(|request| request.authorization.clone())
                .collect()
        }
    }

    fn repo_json(full_name: &str, archived: bool) -> Response {
        (
            [("content-type", "application/json; charset=utf-8")],
            format!(
                r#"{{"id":1,"name":"x","full_name":"{full_name}","private":false,"archived":{archived},"disabled":false}}"#
            ),
        )
            .into_response()
    }

    fn redirect(location: String) -> Response {
        (
            StatusCode::MOVED_PERMANENTLY,
            [("location", location)],
            r#"{"message":"Moved Permanently"}"#,
        )
            .into_response()
    }

    fn rate_limited(reset: u64) -> Response {
        (
            StatusCode::FORBIDDEN,
            [
                ("x-ratelimit-limit", "60".to_owned()),
                ("x-ratelimit-remaining", "0".to_owned()),
                ("x-ratelimit-reset", reset.to_string()),
            ],
            r#"{"message":"API rate limit exceeded"}"#,
        )
            .into_response()
    }

    async fn repos(
        State(mock): State<Arc<Mock>>,
        Path((owner, name)): Path<(String, String)>,
        headers: HeaderMap,
    ) -> Response {
        mock.record(format!("/repos/{owner}/{name}"), &headers);
        if let Some(token) = mock.token {
            let expected = format!("Bearer {token}");
            if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&expected) {
                return (StatusCode::UNAUTHORIZED, r#"{"message":"Bad credentials"}"#)
                    .into_response();
            }
        }
        let port = mock.addr.port();
        match (owner.to_lowercase().as_str(), name.to_lowercase().as_str()) {
            // GitHub keeps its own spelling; a case difference is not a rename
            ("octo", "active") => repo_json("Octo/Active", false),
            ("octo", "archived") => repo_json("octo/archived", true),
            ("octo", "old-name") => redirect(format!("http://{}/repositories/42", mock.addr)),
            ("octo", "elsewhere") => redirect(format!("http://localhost:{port}/repositories/7")),
            ("octo", "loop") => redirect(format!("http://{}/repos/octo/loop", mock.addr)),
            ("octo", "blocked") => (
                StatusCode::UNAVAILABLE_FOR_LEGAL_REASONS,
                r#"{"message":"Repository access blocked"}"#,
            )
                .into_response(),
            ("octo", "limited") => {
                let mut announced = mock.limited_reset.lock().expect("reset lock");
                match *announced {
                    None => {
                        let reset = epoch_secs_now() + 1;
                        *announced = Some(reset);
                        rate_limited(reset)
                    }
                    // a client that comes back before the reset has not waited
                    Some(reset) if epoch_secs_now() < reset => {
                        (StatusCode::IM_A_TEAPOT, "too early").into_response()
                    }
                    Some(_) => repo_json("octo/limited", false),
                }
            }
            ("octo", "far-limit") => rate_limited(epoch_secs_now() + 3600),
            ("octo", "absurd-reset") => rate_limited(u64::MAX),
            ("octo", "absurd-retry-after") => (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", u64::MAX.to_string())],
                r#"{"message":"You have exceeded a secondary rate limit"}"#,
            )
                .into_response(),
            ("octo", "flaky") => {
                let mut failed = mock.flaky_failed.lock().expect("flaky lock");
                if *failed {
                    repo_json("octo/flaky", false)
                } else {
                    *failed = true;
                    StatusCode::BAD_GATEWAY.into_response()
                }
            }
            ("octo", "huge") => {
                let padding = "x".repeat(2 * 1024 * 1024);
                (
                    [("content-type", "application/json")],
                    format!(r#"{{"full_name":"octo/huge","archived":false,"pad":"{padding}"}}"#),
                )
                    .into_response()
            }
            ("slow", name) => {
                let now = mock.slow_in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                mock.slow_most_in_flight.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(100)).await;
                mock.slow_in_flight.fetch_sub(1, Ordering::SeqCst);
                repo_json(&format!("slow/{name}"), false)
            }
            _ => (StatusCode::NOT_FOUND, r#"{"message":"Not Found"}"#).into_response(),
        }
    }

    async fn repositories(
        State(mock): State<Arc<Mock>>,
        Path(id): Path<u64>,
        headers: HeaderMap,
    ) -> Response {
        mock.record(format!("/repositories/{id}"), &headers);
        match id {
            42 => repo_json("new-owner/new-name", false),
            7 => repo_json("octo/elsewhere", false),
            _ => StatusCode::NOT_FOUND.into_response(),
        }
    }

    async fn start(token: Option<&'static str>) -> (Arc<Mock>, String) {
        let (listener, addr) = bind().await;
        let mock = Arc::new(Mock {
            addr,
            token,
            requests: Mutex::default(),
            limited_reset: Mutex::default(),
            flaky_failed: Mutex::default(),
            slow_in_flight: AtomicUsize::new(0),
            slow_most_in_flight: AtomicUsize::new(0),
        });
        let router = Router::new()
            .route("/repos/{owner}/{name}", get(repos))
            .route("/repositories/{id}", get(repositories))
            .with_state(mock.clone());
        serve(listener, router).await;
        (mock, format!("http://{addr}"))
    }

    fn client(base_url: String, token: Option<&str>) -> GithubClient {
        GithubClient::new(GithubApiSettings {
            base_url,
            token: token.map(str::to_owned),
            max_concurrency: 4,
            timeout: Duration::from_secs(1),
        })
        .expect("client builds")
    }

    fn repo(full_name: &str) -> RepoRef {
        let (owner, name) = full_name.split_once('/').expect("owner/name");
        RepoRef::new(owner, name)
    }

    #[tokio::test]
    async fn reports_active_archived_renamed_and_missing_repositories() {
        let (mock, base) = start(Some(TOKEN)).await;
        let asked = [
            "octo/active",
            "octo/archived",
            "octo/old-name",
            "octo/gone",
            "octo/blocked",
        ]
        .map(repo);
        let statuses = client(base, Some(TOKEN))
            .repo_status(&asked)
            .await
            .expect("statuses");

        let expected: HashMap<RepoRef, RepoStatus> = [
            (repo("octo/active"), RepoStatus::Active),
            (repo("octo/archived"), RepoStatus::Archived),
            (
                repo("octo/old-name"),
                RepoStatus::Renamed {
                    new_full_name: "new-owner/new-name".to_owned(),
                    archived: false,
                },
            ),
            (repo("octo/gone"), RepoStatus::Missing),
            (repo("octo/blocked"), RepoStatus::Missing),
        ]
        .into();
        assert_eq!(statuses, expected);

        // every request, the followed redirect included, went to the base host and carried
        // the token and the headers GitHub asks for
        let requests = mock.requests.lock().expect("requests lock");
        assert_eq!(requests.len(), 6);
        for request in requests.iter() {
            assert_eq!(request.authorization.as_deref(), Some("Bearer test-token"));
            assert_eq!(
                request.accept.as_deref(),
                Some("application/vnd.github+json")
            );
            assert_eq!(request.api_version.as_deref(), Some("2022-11-28"));
            let user_agent = request.user_agent.as_deref().unwrap_or_default();
            assert!(user_agent.starts_with("awesome-lint/"), "{user_agent}");
        }
    }

    #[tokio::test]
    async fn token_does_not_follow_a_redirect_to_another_host() {
        let (mock, base) = start(Some(TOKEN)).await;
        let statuses = client(base, Some(TOKEN))
            .repo_status(&[repo("octo/elsewhere")])
            .await
            .expect("status");

        assert_eq!(statuses[&repo("octo/elsewhere")], RepoStatus::Active);
        assert_eq!(
            mock.requests_to("/repos/octo/elsewhere"),
            [Some("Bearer test-token".to_owned())]
        );
        // http://localhost:PORT is not the configured http://127.0.0.1:PORT
        assert_eq!(mock.requests_to("/repositories/7"), [None]);
    }

    #[tokio::test]
    async fn no_token_means_no_authorization_header() {
        let (mock, base) = start(None).await;
        client(base, None)
            .repo_status(&[repo("octo/active"), repo("octo/old-name")])
            .await
            .expect("statuses");

        let requests = mock.requests.lock().expect("requests lock");
        assert_eq!(requests.len(), 3);
        assert!(
            requests
                .iter()
                .all(|request| request.authorization.is_none())
        );
    }

    #[tokio::test]
    async fn waits_for_a_rate_limit_to_reset() {
        let (mock, base) = start(None).await;
        let started = Instant::now();
        let statuses = client(base, None)
            .repo_status(&[repo("octo/limited")])
            .await
            .expect("status after the reset");

        assert_eq!(statuses[&repo("octo/limited")], RepoStatus::Active);
        assert_eq!(mock.requests_to("/repos/octo/limited").len(), 2);
        assert!(started.elapsed() < Duration::from_secs(2));
    }

    #[tokio::test]
    async fn a_distant_rate_limit_reset_is_an_error_not_a_missing_repository() {
        let (_mock, base) = start(None).await;
        let started = Instant::now();
        let error = client(base, None)
            .repo_status(&[repo("octo/far-limit"), repo("octo/gone")])
            .await
            .expect_err("rate limited");

        let OnlineError::RateLimited { reset, .. } = error else {
            panic!("expected RateLimited, got {error:?}");
        };
        assert!(reset >= epoch_secs_now() + 3000);
        assert!(started.elapsed() < Duration::from_secs(1));
    }

    #[tokio::test]
    async fn absurd_rate_limit_headers_are_errors_not_panics() {
        let (_mock, base) = start(None).await;
        let github = client(base, None);
        for name in ["octo/absurd-reset", "octo/absurd-retry-after"] {
            let error = github
                .repo_status(&[repo(name)])
                .await
                .expect_err("rate limited");
            assert!(
                matches!(
                    error,
                    OnlineError::RateLimited {
                        reset: u64::MAX,
                        ..
                    }
                ),
                "{name}: {error:?}"
            );
        }
    }

    #[tokio::test]
    async fn asks_once_for_repositories_that_differ_only_in_case() {
        let (mock, base) = start(None).await;
        let statuses = client(base, None)
            .repo_status(&[
                repo("Octo/Active"),
                repo("octo/active"),
                repo("OCTO/ACTIVE"),
            ])
            .await
            .expect("statuses");

        assert_eq!(statuses.len(), 1);
        let (key, status) = statuses.iter().next().expect("one status");
        assert_eq!(key.full_name(), "Octo/Active");
        assert_eq!(*status, RepoStatus::Active);
        assert_eq!(statuses[&repo("octo/ACTIVE")], RepoStatus::Active);
        assert_eq!(mock.requests.lock().expect("requests lock").len(), 1);
    }

    #[tokio::test]
    async fn retries_a_server_error() {
        let (mock, base) = start(None).await;
        let statuses = client(base, None)
            .repo_status(&[repo("octo/flaky")])
            .await
            .expect("status after a retry");

        assert_eq!(statuses[&repo("octo/flaky")], RepoStatus::Active);
        assert_eq!(mock.requests_to("/repos/octo/flaky").len(), 2);
    }

    #[tokio::test]
    async fn a_redirect_loop_is_an_error() {
        let (mock, base) = start(None).await;
        let error = client(base, None)
            .repo_status(&[repo("octo/loop")])
            .await
            .expect_err("loop");

        assert!(matches!(error, OnlineError::Redirect { .. }), "{error:?}");
        assert_eq!(mock.requests_to("/repos/octo/loop").len(), 6);
    }

    #[tokio::test]
    async fn a_huge_answer_is_refused() {
        let (_mock, base) = start(None).await;
        let error = client(base, None)
            .repo_status(&[repo("octo/huge")])
            .await
            .expect_err("too large");

        assert!(
            matches!(error, OnlineError::BodyTooLarge { .. }),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn bad_credentials_are_an_error_not_a_missing_repository() {
        let (_mock, base) = start(Some(TOKEN)).await;
        let error = client(base, Some("wrong"))
            .repo_status(&[repo("octo/active")])
            .await
            .expect_err("401");

        assert!(
            matches!(error, OnlineError::Status { status: 401, .. }),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn keeps_requests_in_flight_within_max_concurrency() {
        let (mock, base) = start(None).await;
        let slow: Vec<RepoRef> = (0..8)
            .map(|n| RepoRef::new("slow", format!("r{n}")))
            .collect();
        let statuses = GithubClient::new(GithubApiSettings {
            base_url: base,
            token: None,
            max_concurrency: 2,
            timeout: Duration::from_secs(1),
        })
        .expect("client builds")
        .repo_status(&slow)
        .await
        .expect("statuses");

        assert_eq!(statuses.len(), 8);
        assert_eq!(mock.slow_most_in_flight.load(Ordering::SeqCst), 2);
    }
}

/// GitHub at the scale of real lists: 500 repositories, GraphQL batches with a token, REST
/// without one until the rate limit, and what is left unanswered counted, never guessed.
mod github_scale {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    use awesome_lint::online::{GithubApiSettings, GithubClient, OnlineError, RepoRef, RepoStatus};
    use axum::Router;
    use axum::body::Bytes;
    use axum::extract::{Path, State};
    use axum::http::{HeaderMap, StatusCode, header};
    use axum::response::{IntoResponse, Response};
    use axum::routing::{get, post};

    use super::{bind, epoch_secs_now, serve};

    const TOKEN: &str = "scale-token";
    /// REST answers this many requests, then says the limit is spent (as GitHub does at 60
    /// an hour without a token).
    const REST_BUDGET: usize = 10;

    #[derive(Default)]
    struct Mock {
        graphql_requests: AtomicUsize,
        rest_requests: AtomicUsize,
        largest_batch: AtomicUsize,
        /// Answer every GraphQL query with a RATE_LIMITED error.
        graphql_limited: bool,
    }

    /// `lab/repo-N`: N % 5 = 0 active, 1 archived, 2 renamed to `new-home/repo-N`, 3 missing,
    /// 4 active under another spelling of the owner.
    fn truth(n: usize) -> RepoStatus {
        match n % 5 {
            1 => RepoStatus::Archived,
            2 => RepoStatus::Renamed {
                new_full_name: format!("new-home/repo-{n}"),
                archived: false,
            },
            3 => RepoStatus::Missing,
            _ => RepoStatus::Active,
        }
    }

    fn number(name: &str) -> Option<usize> {
        name.strip_prefix("repo-")?.parse().ok()
    }

    fn answer(owner: &str, name: &str) -> Option<serde_json::Value> {
        let n = number(name).filter(|_| owner.eq_ignore_ascii_case("lab"))?;
        match truth(n) {
            RepoStatus::Missing => None,
            RepoStatus::Renamed { new_full_name, .. } => {
                Some(serde_json::json!({"nameWithOwner": new_full_name, "isArchived": false}))
            }
            status => Some(serde_json::json!({
                "nameWithOwner": format!("lab/{name}"),
                "isArchived": status == RepoStatus::Archived,
            })),
        }
    }

    async fn graphql(State(mock): State<Arc<Mock>>, headers: HeaderMap, body: Bytes) -> Response {
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        mock.graphql_requests.fetch_add(1, Ordering::SeqCst);
        let bearer = format!("Bearer {TOKEN}");
        if headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            != Some(&bearer)
        {
            return (StatusCode::UNAUTHORIZED, "requires authentication").into_response();
        }
        if mock.graphql_limited {
            return json(serde_json::json!({
                "data": null,
                "errors": [{"type": "RATE_LIMITED", "message": "API rate limit exceeded"}]
            }));
        }
        let variables = body["variables"].as_object().cloned().unwrap_or_default();
        let count = variables.len() / 2;
        mock.largest_batch.fetch_max(count, Ordering::SeqCst);
        let mut data = serde_json::Map::new();
        let mut errors = Vec::new();
        for i in 0..count {
            let owner = variables[&format!("o{i}")].as_str().unwrap_or_default();
            let name = variables[&format!("n{i}")].as_str().unwrap_or_default();
            let alias = format!("r{i}");
            match answer(owner, name) {
                Some(repo) => {
                    data.insert(alias, repo);
                }
                None => {
                    data.insert(alias.clone(), serde_json::Value::Null);
                    errors.push(serde_json::json!({
                        "type": "NOT_FOUND",
                        "path": [alias],
                        "message": format!("Could not resolve to a Repository with the name '{owner}/{name}'."),
                    }));
                }
            }
        }
        json(serde_json::json!({"data": data, "errors": errors}))
    }

    async fn rest(
        State(mock): State<Arc<Mock>>,
        Path((owner, name)): Path<(String, String)>,
    ) -> Response {
        let served = mock.rest_requests.fetch_add(1, Ordering::SeqCst);
        if served >= REST_BUDGET {
            let reset = (epoch_secs_now() + 3600).to_string();
            return (
                StatusCode::FORBIDDEN,
                [
                    ("x-ratelimit-remaining", "0".to_owned()),
                    ("x-ratelimit-reset", reset),
                ],
                "API rate limit exceeded",
            )
                .into_response();
        }
        match answer(&owner, &name) {
            Some(repo) => json(serde_json::json!({
                "full_name": repo["nameWithOwner"],
                "archived": repo["isArchived"],
            })),
            None => StatusCode::NOT_FOUND.into_response(),
        }
    }

    fn json(value: serde_json::Value) -> Response {
        (
            [(header::CONTENT_TYPE, "application/json")],
            value.to_string(),
        )
            .into_response()
    }

    async fn start(mock: Mock) -> (Arc<Mock>, String) {
        let mock = Arc::new(mock);
        let (listener, addr) = bind().await;
        let router = Router::new()
            .route("/graphql", post(graphql))
            .route("/repos/{owner}/{name}", get(rest))
            .with_state(Arc::clone(&mock));
        serve(listener, router).await;
        (mock, format!("http://{addr}"))
    }

    fn client(base_url: String, token: Option<&str>) -> GithubClient {
        GithubClient::new(GithubApiSettings {
            base_url,
            token: token.map(str::to_owned),
            max_concurrency: 4,
            timeout: Duration::from_secs(5),
        })
        .expect("client builds")
    }

    fn repos() -> Vec<RepoRef> {
        (0..500)
            .map(|n| {
                let owner = if n % 5 == 4 { "LAB" } else { "lab" };
                RepoRef::new(owner, format!("repo-{n}"))
            })
            .collect()
    }

    #[tokio::test]
    async fn five_hundred_repositories_in_five_graphql_requests_with_a_token() {
        let (mock, base) = start(Mock::default()).await;
        let answers = client(base, Some(TOKEN)).repo_statuses(&repos()).await;
        assert!(answers.error.is_none(), "{:?}", answers.error);
        assert!(answers.unanswered.is_empty());
        assert_eq!(answers.statuses.len(), 500);
        for (n, repo) in repos().iter().enumerate() {
            assert_eq!(answers.statuses.get(repo), Some(&truth(n)), "{repo}");
        }
        let requests = mock.graphql_requests.load(Ordering::SeqCst);
        assert!(requests <= 6, "{requests} API requests");
        assert_eq!(requests, answers.requests);
        assert_eq!(mock.largest_batch.load(Ordering::SeqCst), 100);
        assert_eq!(mock.rest_requests.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn without_a_token_rest_stops_at_the_rate_limit_and_counts_the_rest() {
        let (mock, base) = start(Mock::default()).await;
        let answers = client(base, None).repo_statuses(&repos()).await;
        assert!(matches!(
            answers.error,
            Some(OnlineError::RateLimited { .. })
        ));
        assert_eq!(answers.statuses.len() + answers.unanswered.len(), 500);
        assert_eq!(answers.statuses.len(), REST_BUDGET);
        // Only what was in flight when the limit came is asked in vain.
        let rest = mock.rest_requests.load(Ordering::SeqCst);
        assert!(rest <= REST_BUDGET + 4, "{rest} REST requests");
        assert_eq!(mock.graphql_requests.load(Ordering::SeqCst), 0);
    }

    #[tokio::test]
    async fn a_refused_token_and_a_spent_graphql_limit_leave_everything_unanswered() {
        let (mock, base) = start(Mock::default()).await;
        let answers = client(base, Some("wrong")).repo_statuses(&repos()).await;
        assert!(
            matches!(answers.error, Some(OnlineError::Status { status: 401, .. })),
            "{:?}",
            answers.error
        );
        assert_eq!(answers.unanswered.len(), 500);
        assert_eq!(
            mock.graphql_requests.load(Ordering::SeqCst),
            1,
            "stops at the first refusal"
        );

        let (mock, base) = start(Mock {
            graphql_limited: true,
            ..Mock::default()
        })
        .await;
        let answers = client(base, Some(TOKEN)).repo_statuses(&repos()).await;
        assert!(matches!(
            answers.error,
            Some(OnlineError::RateLimited { .. })
        ));
        assert!(answers.statuses.is_empty());
        assert_eq!(mock.graphql_requests.load(Ordering::SeqCst), 1);
    }
}
