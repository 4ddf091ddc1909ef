//! The link checker against servers the tests start on loopback: axum for well-formed answers,
//! raw sockets on threads for what a polite server would never do. Nothing leaves 127.0.0.1.

use std::collections::HashMap;
use std::future::Future;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use awesome_lint::links::{
    BlockReason, Cache, Checker, DeadReason, ErrorKind, ExclusionReason, LinkOutcome, LinkSettings,
    LinkStatus, NoProgress, Progress, UncheckedReason,
};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};

// ---------------------------------------------------------------- helpers

/// Settings for tests: loopback allowed, short waits.
fn settings() -> LinkSettings {
    LinkSettings {
        allow_private: true,
        timeout: Duration::from_secs(2),
        retry_backoff: Duration::from_millis(10),
        ..LinkSettings::default()
    }
}

async fn check_with(settings: LinkSettings, urls: &[String]) -> HashMap<String, LinkOutcome> {
    let checker = Checker::new(settings).expect("checker");
    checker.check_all(urls, &NoProgress).await
}

async fn check_one(settings: LinkSettings, url: &str) -> LinkOutcome {
    let mut results = check_with(settings, &[url.to_owned()]).await;
    results.remove(url).expect("an outcome for the url")
}

/// One request as the axum server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    host: String,
    authorization: Option<String>,
    accept_language: Option<String>,
    /// How many requests this path has had, this one included.
    nth: usize,
    at: Instant,
}

struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Seen>>>,
    max_in_flight: Arc<AtomicUsize>,
}

impl Server {
    /// Serves every request with `respond`, recording it first.
    async fn start<F, Fut>(respond: F) -> Server
    where
        F: Fn(Seen) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = Response> + Send + 'static,
    {
        let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let app = {
            let log = Arc::clone(&log);
            let max_in_flight = Arc::clone(&max_in_flight);
            axum::Router::new().fallback(move |request: Request| {
                let log = Arc::clone(&log);
                let in_flight = Arc::clone(&in_flight);
                let max_in_flight = Arc::clone(&max_in_flight);
                let respond = respond.clone();
                async move {
                    let seen = record(&log, &request);
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    max_in_flight.fetch_max(now, Ordering::SeqCst);
                    let response = respond(seen).await;
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    response
                }
            })
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let port = listener.local_addr().expect("address").port();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Server {
            port,
            log,
            max_in_flight,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The same server under another host name, which the checker treats as another host.
    fn url_on(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.log.lock().expect("log").clone()
    }

    fn requests_to(&self, path: &str) -> Vec<Seen> {
        self.seen().into_iter().filter(|s| s.path == path).collect()
    }
}

fn record(log: &Mutex<Vec<Seen>>, request: &Request) -> Seen {
    let headers: &HeaderMap = request.headers();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &axum::http::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let mut log = log.lock().expect("log");
    let path = request.uri().path().to_owned();
    let nth = log.iter().filter(|s| s.path == path).count() + 1;
    let seen = Seen {
        method: request.method().clone(),
        host: text(header::HOST).unwrap_or_default(),
        authorization: text(header::AUTHORIZATION),
        accept_language: text(header::ACCEPT_LANGUAGE),
        path,
        nth,
        at: Instant::now(),
    };
    log.push(seen.clone());
    seen
}

fn status(code: u16) -> Response {
    let code = StatusCode::from_u16(code).expect("status");
    (code, "body").into_response()
}

fn redirect(code: u16, location: &str) -> Response {
    let code = StatusCode::from_u16(code).expect("status");
    (code, [(header::LOCATION, location.to_owned())]).into_response()
}

fn methods(seen: &[Seen]) -> Vec<Method> {
    seen.iter().map(|s| s.method.clone()).collect()
}

/// A server for misbehaviour hyper would never produce: each of up to `connections`
/// connections is handed to `handle` on its own thread; it stops accepting after 5 s.
fn raw_server<H>(connections: usize, handle: H) -> SocketAddr
where
    H: Fn(usize, TcpStream) + Clone + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut served = 0;
        while served < connections && Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    let _ = stream.set_nonblocking(false);
                    let handle = handle.clone();
                    let index = served;
                    std::thread::spawn(move || handle(index, stream));
                    served += 1;
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
    });
    address
}

/// Reads a request head (up to the blank line) and returns its method.
fn read_head(stream: &mut TcpStream) -> String {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(3)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 65_536 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => break,
        }
    }
    let text = String::from_utf8_lossy(&head);
    text.split(' ').next().unwrap_or_default().to_owned()
}

// ---------------------------------------------------------------- plain answers

#[tokio::test]
async fn ok_is_alive_after_one_head() {
    let server = Server::start(|_| async { status(200) }).await;
    let url = server.url("/page");
    let outcome = check_one(settings(), &url).await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 1);
    assert_eq!(outcome.final_url.as_deref(), Some(url.as_str()));
    assert_eq!(methods(&server.seen()), [Method::HEAD]);
}

#[tokio::test]
async fn not_found_is_dead_without_retry() {
    let server = Server::start(|_| async { status(404) }).await;
    let outcome = check_one(settings(), &server.url("/missing")).await;
    assert_eq!(outcome.status, LinkStatus::Dead(DeadReason::Status(404)));
    assert_eq!(outcome.attempts, 1);
}

#[tokio::test]
async fn gone_is_dead_without_retry() {
    let server = Server::start(|_| async { status(410) }).await;
    let outcome = check_one(settings(), &server.url("/gone")).await;
    assert_eq!(outcome.status, LinkStatus::Dead(DeadReason::Status(410)));
    assert_eq!(outcome.attempts, 1);
}

#[tokio::test]
async fn accepted_status_is_alive_without_get_fallback() {
    let server = Server::start(|_| async { status(403) }).await;
    let mut accepting = settings();
    accepting.accept.push(403..=403);
    let outcome = check_one(accepting, &server.url("/members")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(403));
    assert_eq!(methods(&server.seen()), [Method::HEAD]);
}

// ---------------------------------------------------------------- redirects

#[tokio::test]
async fn permanent_redirect_chain_ends_alive_with_final_url() {
    let server = Server::start(|seen: Seen| async move {
        match seen.path.as_str() {
            "/old" => redirect(301, "/older"),
            "/older" => redirect(308, "new#section"),
            "/temporary" => redirect(302, "/new"),
            _ => status(200),
        }
    })
    .await;
    let permanent = check_one(settings(), &server.url("/old")).await;
    assert_eq!(
        permanent.status,
        LinkStatus::Redirected {
            status: 200,
            permanent: true,
            final_url: server.url("/new"),
        }
    );
    assert_eq!(permanent.attempts, 3);
    assert_eq!(permanent.final_url, Some(server.url("/new")));

    let temporary = check_one(settings(), &server.url("/temporary")).await;
    assert!(
        matches!(
            temporary.status,
            LinkStatus::Redirected {
                permanent: false,
                ..
            }
        ),
        "{:?}",
        temporary.status
    );
}

#[tokio::test]
async fn redirect_loop_is_detected() {
    let server = Server::start(|seen: Seen| async move {
        match seen.path.as_str() {
            "/a" => redirect(302, "/b"),
            _ => redirect(302, "/a#again"),
        }
    })
    .await;
    let outcome = check_one(settings(), &server.url("/a")).await;
    assert_eq!(outcome.status, LinkStatus::Error(ErrorKind::RedirectLoop));
    assert_eq!(outcome.attempts, 2);
}

#[tokio::test]
async fn redirect_chain_longer_than_the_limit_is_an_error() {
    let server = Server::start(|seen: Seen| async move {
        let step: u32 = seen.path.trim_start_matches("/hop/").parse().unwrap_or(0);
        redirect(302, &format!("/hop/{}", step + 1))
    })
    .await;
    let limited = LinkSettings {
        max_redirects: 2,
        ..settings()
    };
    let outcome = check_one(limited, &server.url("/hop/0")).await;
    assert_eq!(
        outcome.status,
        LinkStatus::Error(ErrorKind::TooManyRedirects(2))
    );
    assert_eq!(outcome.attempts, 3);
}

// ---------------------------------------------------------------- HEAD and GET

#[tokio::test]
async fn head_refused_falls_back_to_get_and_host_is_remembered() {
    let server = Server::start(|seen: Seen| async move {
        if seen.method == Method::HEAD {
            status(405)
        } else {
            status(200)
        }
    })
    .await;
    let checker = Checker::new(settings()).expect("checker");
    let first = server.url("/first");
    let outcome = checker
        .check_all(std::slice::from_ref(&first), &NoProgress)
        .await;
    assert_eq!(outcome[&first].status, LinkStatus::Ok(200));
    assert_eq!(outcome[&first].attempts, 2);
    assert_eq!(
        methods(&server.requests_to("/first")),
        [Method::HEAD, Method::GET]
    );

    // The host lied to HEAD once; the same checker asks it with GET straight away.
    let second = server.url("/second");
    let outcome = checker
        .check_all(std::slice::from_ref(&second), &NoProgress)
        .await;
    assert_eq!(outcome[&second].status, LinkStatus::Ok(200));
    assert_eq!(methods(&server.requests_to("/second")), [Method::GET]);
}

// ---------------------------------------------------------------- retries

#[tokio::test]
async fn too_many_requests_honours_retry_after() {
    let server = Server::start(|seen: Seen| async move {
        if seen.nth == 1 {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "1")],
                "slow down",
            )
                .into_response()
        } else {
            status(200)
        }
    })
    .await;
    let started = Instant::now();
    let outcome = check_one(settings(), &server.url("/limited")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 2);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_secs(1),
        "Retry-After ignored: {elapsed:?}"
    );
    assert!(elapsed < Duration::from_millis(1900), "{elapsed:?}");
}

#[tokio::test]
async fn limiting_host_pauses_without_slowing_other_hosts() {
    // Every /busy page says 429 once, as a rate-limited host does to everything at once.
    let server = Server::start(|seen: Seen| async move {
        if seen.path.starts_with("/busy") && seen.nth == 1 {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "1")],
                "slow down",
            )
                .into_response()
        } else {
            status(200)
        }
    })
    .await;
    // One request at a time per host: whichever two busy pages come first, their two 429s in
    // a row pause `localhost`, and the first request to each of the other two busy pages must
    // wait out the pause (without it they would start at once).
    let one_at_a_time = LinkSettings {
        host_concurrency: 1,
        ..settings()
    };
    let limited: Vec<String> = (0..4)
        .map(|i| server.url_on("localhost", &format!("/busy/{i}")))
        .collect();
    let calm: Vec<String> = (0..4).map(|i| server.url(&format!("/calm/{i}"))).collect();
    let all: Vec<String> = limited.iter().chain(&calm).cloned().collect();
    let results = check_with(one_at_a_time, &all).await;
    assert!(
        results.values().all(|o| o.status == LinkStatus::Ok(200)),
        "{results:?}"
    );

    let mut first_tries: Vec<Instant> = server
        .seen()
        .iter()
        .filter(|seen| seen.path.starts_with("/busy") && seen.nth == 1)
        .map(|seen| seen.at)
        .collect();
    first_tries.sort();
    assert_eq!(first_tries.len(), 4);
    let gap = first_tries[2] - first_tries[1];
    assert!(
        gap >= Duration::from_millis(900),
        "the paused host was asked after {gap:?}"
    );
    for url in &calm {
        assert!(
            results[url].elapsed < Duration::from_millis(500),
            "{url} was slowed"
        );
    }
}

#[tokio::test]
async fn service_unavailable_then_ok_is_alive() {
    let server = Server::start(|seen: Seen| async move {
        if seen.nth == 1 {
            status(503)
        } else {
            status(200)
        }
    })
    .await;
    let outcome = check_one(settings(), &server.url("/flaky")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 2);
}

#[tokio::test]
async fn server_error_is_reported_after_every_retry_failed() {
    let server = Server::start(|_| async { status(500) }).await;
    let outcome = check_one(settings(), &server.url("/broken")).await;
    assert_eq!(outcome.status, LinkStatus::Error(ErrorKind::Status(500)));
    assert_eq!(outcome.attempts, 1 + settings().max_retries);
}

// ---------------------------------------------------------------- misbehaving servers

#[tokio::test]
async fn hanging_server_times_out_and_is_retried_once_with_get() {
    let methods_seen = Arc::new(Mutex::new(Vec::new()));
    let address = {
        let methods_seen = Arc::clone(&methods_seen);
        raw_server(4, move |_, mut stream| {
            let method = read_head(&mut stream);
            methods_seen.lock().expect("methods").push(method);
            // Never answer; hold the connection until the client gives up.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(3)));
            let _ = stream.read(&mut [0u8; 16]);
        })
    };
    let quick = LinkSettings {
        timeout: Duration::from_millis(300),
        ..settings()
    };
    let started = Instant::now();
    let outcome = check_one(quick, &format!("http://{address}/hang")).await;
    assert_eq!(outcome.status, LinkStatus::Error(ErrorKind::Timeout));
    assert_eq!(outcome.attempts, 2);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(*methods_seen.lock().expect("methods"), ["HEAD", "GET"]);
}

/// A server whose HEAD waits `head_wait` before answering 200 and whose GET waits `get_wait`
/// before answering `get_status`.
async fn head_get_server(head_wait: Duration, get_wait: Duration, get_status: u16) -> Server {
    Server::start(move |seen: Seen| async move {
        if seen.method == Method::HEAD {
            tokio::time::sleep(head_wait).await;
            status(200)
        } else {
            tokio::time::sleep(get_wait).await;
            status(get_status)
        }
    })
    .await
}

const HOUR: Duration = Duration::from_secs(3600);

#[tokio::test]
async fn head_that_hangs_gets_a_get_beside_it_long_before_it_times_out() {
    // Some servers never answer HEAD. Asked one after the other, the GET would start only when
    // the HEAD timed out; beside it, the page's answer comes half a timeout in.
    let server = head_get_server(HOUR, Duration::ZERO, 200).await;
    let timeout = Duration::from_secs(1);
    let outcome = check_one(
        LinkSettings {
            timeout,
            ..settings()
        },
        &server.url("/no-head"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 2);
    assert_eq!(methods(&server.seen()), [Method::HEAD, Method::GET]);
    assert!(
        outcome.elapsed < timeout.mul_f64(0.9),
        "took {:?} of a {timeout:?} timeout",
        outcome.elapsed
    );
}

#[tokio::test]
async fn page_where_head_and_get_both_hang_times_out_after_about_one_timeout() {
    let server = head_get_server(HOUR, HOUR, 200).await;
    let timeout = Duration::from_secs(1);
    let outcome = check_one(
        LinkSettings {
            timeout,
            ..settings()
        },
        &server.url("/hang"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Error(ErrorKind::Timeout));
    assert_eq!(outcome.attempts, 2);
    assert_eq!(methods(&server.seen()), [Method::HEAD, Method::GET]);
    // One after the other, the two would take two timeouts; side by side, one and a half.
    assert!(outcome.elapsed >= timeout, "{:?}", outcome.elapsed);
    assert!(
        outcome.elapsed < timeout.mul_f64(1.8),
        "took {:?} of a {timeout:?} timeout",
        outcome.elapsed
    );
}

#[tokio::test]
async fn slow_head_answer_wins_over_the_hedged_get_and_cancels_it() {
    // The HEAD answers 200 after 70 % of the timeout, the GET (sent at 50 %) would hang: the
    // HEAD's answer decides, at once, and the GET is not waited for.
    let timeout = Duration::from_secs(1);
    let server = head_get_server(timeout.mul_f64(0.7), HOUR, 404).await;
    let outcome = check_one(
        LinkSettings {
            timeout,
            ..settings()
        },
        &server.url("/slow-head"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 2);
    assert!(outcome.elapsed < timeout, "{:?}", outcome.elapsed);
}

#[tokio::test]
async fn hedged_get_answer_decides_when_the_head_hangs() {
    // A page missing for GET is dead even though its HEAD never answered.
    let server = head_get_server(HOUR, Duration::ZERO, 404).await;
    let timeout = Duration::from_secs(1);
    let outcome = check_one(
        LinkSettings {
            timeout,
            ..settings()
        },
        &server.url("/gone"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Dead(DeadReason::Status(404)));
    assert!(outcome.elapsed < timeout, "{:?}", outcome.elapsed);
}

#[tokio::test]
async fn head_answered_inside_the_hedge_delay_sends_no_get() {
    let timeout = Duration::from_secs(1);
    let server = head_get_server(timeout.mul_f64(0.1), Duration::ZERO, 404).await;
    let outcome = check_one(
        LinkSettings {
            timeout,
            ..settings()
        },
        &server.url("/quick-enough"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 1);
    assert_eq!(methods(&server.seen()), [Method::HEAD]);
}

#[tokio::test]
async fn no_hedge_when_timeouts_may_not_be_retried() {
    // With no timeout retry allowed there is no GET after a hung HEAD, so none beside it.
    let server = head_get_server(HOUR, Duration::ZERO, 200).await;
    let outcome = check_one(
        LinkSettings {
            timeout: Duration::from_millis(400),
            timeout_retries: 0,
            ..settings()
        },
        &server.url("/no-head"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Error(ErrorKind::Timeout));
    assert_eq!(outcome.attempts, 1);
    assert_eq!(methods(&server.seen()), [Method::HEAD]);
}

#[tokio::test]
async fn get_that_hangs_once_gets_its_retry_long_before_it_times_out() {
    // A host that answered HEAD wrongly once is asked with GET from then on; a GET that hangs
    // (a dropped packet, a stuck worker) gets its retry after a third of the timeout while
    // the host has a free slot, after half of it when the host is busy.
    let server = Server::start(|seen: Seen| async move {
        match (seen.path.as_str(), seen.method) {
            ("/no-head", Method::HEAD) => status(405),
            ("/stuck-once", _) if seen.nth == 1 => {
                tokio::time::sleep(HOUR).await;
                status(200)
            }
            _ => status(200),
        }
    })
    .await;
    let timeout = Duration::from_secs(1);
    let checker = Checker::new(LinkSettings {
        timeout,
        ..settings()
    })
    .expect("checker");
    let first = checker
        .check_all(&[server.url("/no-head")], &NoProgress)
        .await;
    assert!(first.values().all(|o| o.status == LinkStatus::Ok(200)));
    let url = server.url("/stuck-once");
    let outcome = checker
        .check_all(std::slice::from_ref(&url), &NoProgress)
        .await[&url]
        .clone();
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 2);
    assert_eq!(
        methods(&server.requests_to("/stuck-once")),
        [Method::GET, Method::GET]
    );
    assert!(
        outcome.elapsed < timeout.mul_f64(0.9),
        "took {:?} of a {timeout:?} timeout",
        outcome.elapsed
    );
}

/// When each GET connection of a raw server opened and closed, in the order they came.
type Lifetimes = Arc<Mutex<Vec<(Instant, Option<Instant>)>>>;

/// Refuses HEAD with 405 and lets every GET hang until the client closes its connection,
/// noting each GET's lifetime.
fn head_refused_get_hangs_server(connections: usize) -> (SocketAddr, Lifetimes) {
    let lifetimes: Lifetimes = Arc::new(Mutex::new(Vec::new()));
    let address = {
        let lifetimes = Arc::clone(&lifetimes);
        raw_server(connections, move |_, mut stream| {
            if read_head(&mut stream) == "HEAD" {
                let _ = stream.write_all(
                    b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                return;
            }
            let index = {
                let mut lifetimes = lifetimes.lock().expect("lifetimes");
                lifetimes.push((Instant::now(), None));
                lifetimes.len() - 1
            };
            // Never answer; the read ends when the client closes the connection.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(4)));
            let _ = stream.read(&mut [0u8; 16]);
            lifetimes.lock().expect("lifetimes")[index].1 = Some(Instant::now());
        })
    };
    (address, lifetimes)
}

/// Check a page whose HEAD is refused and whose GETs hang, with `host_concurrency` slots on
/// its host: it times out after HEAD, a GET and that GET's retry. The two GETs' lifetimes.
async fn two_hanging_gets(
    host_concurrency: usize,
    timeout: Duration,
) -> [(Instant, Option<Instant>); 2] {
    let (address, lifetimes) = head_refused_get_hangs_server(3);
    let outcome = check_one(
        LinkSettings {
            timeout,
            host_concurrency,
            ..settings()
        },
        &format!("http://{address}/hang"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Error(ErrorKind::Timeout));
    assert_eq!(outcome.attempts, 3, "HEAD, GET, its retry");
    // The server thread notes the close a moment after the client made it.
    std::thread::sleep(Duration::from_millis(200));
    let lifetimes = lifetimes.lock().expect("lifetimes").clone();
    let [first, second] = lifetimes[..] else {
        panic!("expected two GETs, saw {lifetimes:?}");
    };
    [first, second]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_retry_takes_the_place_of_a_hanging_get_on_a_busy_host() {
    // After a refused HEAD the page is asked with GET, which hangs: with no free slot on the
    // host, its retry (the same question again) goes out after half the timeout and the first
    // GET is dropped then, instead of both holding a connection for a whole timeout. On the
    // 10 000-link farm such pairs held 80 % of all slot time. The retry keeps a whole timeout.
    let timeout = Duration::from_millis(800);
    let lifetimes = two_hanging_gets(1, timeout).await;
    let [(first_opened, first_closed), (second_opened, second_closed)] = lifetimes;
    let first_closed = first_closed.expect("the first GET was closed");
    let second_closed = second_closed.expect("the retry was closed");
    let slack = Duration::from_millis(100);
    assert!(
        first_closed < second_opened + slack,
        "the first GET stayed open beside its retry: {lifetimes:?}"
    );
    assert!(
        first_closed - first_opened < timeout.mul_f64(0.8),
        "the first GET was held {:?}",
        first_closed - first_opened
    );
    assert!(
        second_closed - second_opened + slack >= timeout,
        "the retry was cut short after {:?}",
        second_closed - second_opened
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hanging_get_on_an_idle_host_gets_its_retry_beside_it_early() {
    // A free slot nobody waits for (the end of a run): the retry goes out after a third of
    // the timeout, beside the first GET, which keeps its whole timeout.
    let timeout = Duration::from_millis(800);
    let [(first_opened, first_closed), (second_opened, _)] = two_hanging_gets(2, timeout).await;
    let first_closed = first_closed.expect("the first GET was closed");
    assert!(
        second_opened - first_opened < timeout.mul_f64(0.45),
        "the retry waited {:?}",
        second_opened - first_opened
    );
    assert!(
        first_closed - first_opened + Duration::from_millis(100) >= timeout,
        "the first GET was cut short after {:?}",
        first_closed - first_opened
    );
}

#[tokio::test]
async fn get_that_answers_slower_than_half_the_timeout_is_alive() {
    // Cutting a GET short for its retry must not cost a slow page: the retry waits a whole
    // timeout.
    let timeout = Duration::from_secs(1);
    let server = Server::start(move |seen: Seen| async move {
        if seen.method == Method::HEAD {
            status(405)
        } else {
            tokio::time::sleep(timeout.mul_f64(0.7)).await;
            status(200)
        }
    })
    .await;
    let outcome = check_one(
        LinkSettings {
            timeout,
            ..settings()
        },
        &server.url("/slow-get"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(
        methods(&server.seen()),
        [Method::HEAD, Method::GET, Method::GET]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hedged_get_waits_for_a_slot_of_its_own() {
    // One slot on the host: the GET beside a hung HEAD cannot go out until the HEAD has timed
    // out and given its slot back, so the page takes one timeout, never two requests at once.
    let server = head_get_server(HOUR, Duration::ZERO, 200).await;
    let timeout = Duration::from_millis(500);
    let outcome = check_one(
        LinkSettings {
            timeout,
            host_concurrency: 1,
            ..settings()
        },
        &server.url("/one-slot"),
    )
    .await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 2);
    assert!(outcome.elapsed >= timeout, "{:?}", outcome.elapsed);
    let seen = server.seen();
    assert_eq!(methods(&seen), [Method::HEAD, Method::GET]);
    assert!(seen[1].at - seen[0].at >= timeout, "{seen:?}");
}

/// Answers HEAD with 405 so the checker must GET, then sends `body_len` announced bytes with
/// `write_body`; `written` counts what the socket accepted.
fn get_only_server<W>(write_body: W) -> (SocketAddr, Arc<AtomicU64>, mpsc::Receiver<()>)
where
    W: Fn(&mut TcpStream, &AtomicU64) + Clone + Send + 'static,
{
    let written = Arc::new(AtomicU64::new(0));
    let (finished, done) = mpsc::channel();
    let address = {
        let written = Arc::clone(&written);
        raw_server(2, move |_, mut stream| {
            if read_head(&mut stream) == "HEAD" {
                let _ = stream.write_all(
                    b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
                return;
            }
            write_body(&mut stream, &written);
            let _ = finished.send(());
        })
    };
    (address, written, done)
}

#[tokio::test]
async fn slow_drip_body_is_not_waited_for() {
    let (address, written, done) = get_only_server(|stream, written| {
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        for _ in 0..60 {
            if stream.write_all(b"x").is_err() {
                return;
            }
            written.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(50));
        }
    });
    let started = Instant::now();
    let outcome = check_one(settings(), &format!("http://{address}/drip")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
    // The drip stops at the first write after the checker hung up.
    assert!(
        done.recv_timeout(Duration::from_secs(2)).is_ok(),
        "server kept dripping"
    );
    assert!(written.load(Ordering::SeqCst) < 20);
}

#[tokio::test]
async fn huge_body_is_not_downloaded() {
    const SIZE: u64 = 64 << 20;
    let (address, written, done) = get_only_server(|stream, written| {
        let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {SIZE}\r\n\r\n");
        let _ = stream.write_all(head.as_bytes());
        let chunk = vec![0u8; 64 << 10];
        for _ in 0..SIZE / (64 << 10) {
            if stream.write_all(&chunk).is_err() {
                return;
            }
            written.fetch_add(chunk.len() as u64, Ordering::SeqCst);
        }
    });
    let started = Instant::now();
    let outcome = check_one(settings(), &format!("http://{address}/big.tar")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert!(
        done.recv_timeout(Duration::from_secs(3)).is_ok(),
        "server still writing"
    );
    let sent = written.load(Ordering::SeqCst);
    assert!(sent < 16 << 20, "{} MiB went out", sent >> 20);
}

/// Closing a socket with unread input makes the kernel send RST instead of FIN.
fn reset(mut stream: TcpStream) {
    let _ = stream.read(&mut [0u8; 1]);
    drop(stream);
}

#[tokio::test]
async fn connection_reset_is_retried() {
    let address = raw_server(4, |index, mut stream| {
        if index == 0 {
            reset(stream);
        } else {
            read_head(&mut stream);
            let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let outcome = check_one(settings(), &format!("http://{address}/once")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 2);
}

#[tokio::test]
async fn connection_reset_every_time_is_an_error() {
    let address = raw_server(8, |_, stream| reset(stream));
    let outcome = check_one(settings(), &format!("http://{address}/always")).await;
    assert_eq!(
        outcome.status,
        LinkStatus::Error(ErrorKind::ConnectionReset)
    );
    assert_eq!(outcome.attempts, 1 + settings().max_retries);
}

#[tokio::test]
async fn tls_failure_is_an_error_not_a_dead_link() {
    // A plain-HTTP server behind an https URL: the handshake meets garbage.
    let server = Server::start(|_| async { status(200) }).await;
    let url = format!("https://127.0.0.1:{}/", server.port);
    let outcome = check_one(settings(), &url).await;
    assert!(
        matches!(outcome.status, LinkStatus::Error(ErrorKind::Tls(_))),
        "{:?}",
        outcome.status
    );
    assert_eq!(outcome.attempts, 1, "a TLS failure is not retried");
}

// ---------------------------------------------------------------- names and addresses

#[tokio::test]
async fn unresolvable_host_is_dead() {
    // `.invalid` is answered by the checker's resolver itself (RFC 6761): no DNS query leaves.
    let started = Instant::now();
    let outcome = check_one(settings(), "http://no-such-host.invalid/page").await;
    assert!(
        matches!(outcome.status, LinkStatus::Dead(DeadReason::Dns(_))),
        "{:?}",
        outcome.status
    );
    assert_eq!(outcome.attempts, 1);
    assert!(started.elapsed() < Duration::from_millis(500));
}

#[tokio::test]
async fn refused_connection_is_dead() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let outcome = check_one(settings(), &format!("http://127.0.0.1:{port}/")).await;
    assert_eq!(
        outcome.status,
        LinkStatus::Dead(DeadReason::ConnectionRefused)
    );
    assert_eq!(outcome.attempts, 1);
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let server = Server::start(|_| async { status(200) }).await;
    let public_only = LinkSettings {
        allow_private: false,
        ..settings()
    };
    let literal = server.url("/literal");
    let named = server.url_on("localhost", "/named");
    let results = check_with(public_only, &[literal.clone(), named.clone()]).await;
    assert_eq!(
        results[&literal].status,
        LinkStatus::Excluded(ExclusionReason::PrivateAddress("127.0.0.1".to_owned()))
    );
    assert!(
        matches!(&results[&named].status, LinkStatus::Excluded(ExclusionReason::PrivateAddress(a)) if a == "127.0.0.1"),
        "{:?}",
        results[&named].status
    );
    assert!(server.seen().is_empty(), "a refused address was contacted");
}

#[tokio::test]
async fn token_never_follows_a_redirect_to_another_host() {
    let server = Server::start(|seen: Seen| async move {
        let port = seen.host.rsplit(':').next().unwrap_or_default().to_owned();
        match seen.path.as_str() {
            "/to-other" => redirect(302, &format!("http://127.0.0.1:{port}/landing")),
            "/to-token-host" => redirect(302, &format!("http://localhost:{port}/welcome")),
            _ => status(200),
        }
    })
    .await;
    let with_token = LinkSettings {
        github_token: Some("sekrit".to_owned()),
        token_hosts: vec!["localhost".to_owned()],
        ..settings()
    };
    let urls = [
        server.url_on("localhost", "/to-other"),
        server.url("/to-token-host"),
    ];
    let results = check_with(with_token, &urls).await;
    assert!(results.values().all(|o| o.status.is_alive()), "{results:?}");
    let auth = |path| server.requests_to(path)[0].authorization.clone();
    assert_eq!(auth("/to-other").as_deref(), Some("Bearer sekrit"));
    assert_eq!(auth("/landing"), None, "token leaked across the redirect");
    assert_eq!(auth("/to-token-host"), None);
    assert_eq!(auth("/welcome").as_deref(), Some("Bearer sekrit"));

    // With the default token hosts (GitHub's), a local server never sees it.
    let github_only = LinkSettings {
        github_token: Some("sekrit".to_owned()),
        ..settings()
    };
    check_one(github_only, &server.url_on("localhost", "/plain")).await;
    assert_eq!(auth("/plain"), None);
}

// ---------------------------------------------------------------- limits

async fn slow_server() -> Server {
    Server::start(|_| async {
        tokio::time::sleep(Duration::from_millis(60)).await;
        status(200)
    })
    .await
}

#[tokio::test]
async fn per_host_concurrency_is_respected() {
    let server = slow_server().await;
    let urls: Vec<String> = (0..12).map(|i| server.url(&format!("/p/{i}"))).collect();
    let limited = LinkSettings {
        host_concurrency: 3,
        ..settings()
    };
    let results = check_with(limited, &urls).await;
    assert!(results.values().all(|o| o.status == LinkStatus::Ok(200)));
    let max = server.max_in_flight.load(Ordering::SeqCst);
    assert!((2..=3).contains(&max), "max in flight {max}");
}

#[tokio::test]
async fn global_concurrency_is_respected_across_hosts() {
    let server = slow_server().await;
    let urls: Vec<String> = (0..6)
        .flat_map(|i| {
            [
                server.url(&format!("/a/{i}")),
                server.url_on("localhost", &format!("/b/{i}")),
            ]
        })
        .collect();
    let limited = LinkSettings {
        max_concurrency: 2,
        ..settings()
    };
    let results = check_with(limited, &urls).await;
    assert!(results.values().all(|o| o.status == LinkStatus::Ok(200)));
    let max = server.max_in_flight.load(Ordering::SeqCst);
    assert!(max <= 2, "max in flight {max}");
}

#[tokio::test]
async fn host_interval_spaces_request_starts() {
    let server = Server::start(|_| async { status(200) }).await;
    let urls: Vec<String> = (0..4).map(|i| server.url(&format!("/i/{i}"))).collect();
    let spaced = LinkSettings {
        host_interval: Duration::from_millis(80),
        ..settings()
    };
    check_with(spaced, &urls).await;
    let mut starts: Vec<Instant> = server.seen().iter().map(|s| s.at).collect();
    starts.sort();
    assert_eq!(starts.len(), 4);
    for pair in starts.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= Duration::from_millis(70), "gap {gap:?}");
    }
}

/// A server that, like the link farm and busy real hosts, answers 429 (Retry-After: 0) while
/// more than `busy_above` requests are in flight, and 200 after `latency` otherwise. Returns
/// the server and the count of 429s it sent.
async fn crowded_server(busy_above: usize, latency: Duration) -> (Server, Arc<AtomicUsize>) {
    let in_flight = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let server = {
        let refused = Arc::clone(&refused);
        Server::start(move |_| {
            let in_flight = Arc::clone(&in_flight);
            let refused = Arc::clone(&refused);
            async move {
                let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                let response = if now > busy_above {
                    refused.fetch_add(1, Ordering::SeqCst);
                    (
                        StatusCode::TOO_MANY_REQUESTS,
                        [(header::RETRY_AFTER, "0")],
                        "busy",
                    )
                        .into_response()
                } else {
                    tokio::time::sleep(latency).await;
                    status(200)
                };
                in_flight.fetch_sub(1, Ordering::SeqCst);
                response
            }
        })
        .await
    };
    (server, refused)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quick_host_gets_more_slots_up_to_the_cap_and_never_more() {
    // The limit starts below 12 and must grow to reach it; the server would answer 429
    // above 12, so any request beyond the cap shows up as a 429.
    let (server, refused) = crowded_server(12, Duration::from_millis(20)).await;
    let urls: Vec<String> = (0..300).map(|i| server.url(&format!("/p/{i}"))).collect();
    let capped = LinkSettings {
        host_concurrency: 12,
        ..settings()
    };
    let results = check_with(capped, &urls).await;
    assert!(results.values().all(|o| o.status == LinkStatus::Ok(200)));
    assert_eq!(server.max_in_flight.load(Ordering::SeqCst), 12);
    assert_eq!(refused.load(Ordering::SeqCst), 0);
    assert_eq!(server.seen().len(), 300, "one request per link");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_host_that_limits_below_the_cap_gets_fewer_slots() {
    // Cap 32, but the host takes only 4 at once. With a limit that never shrank, two thirds
    // of the requests were refused (587 of 887); halving on the 429s keeps it to about a
    // third (the limit still probes above 4 once per round).
    let (server, refused) = crowded_server(4, Duration::from_millis(20)).await;
    let urls: Vec<String> = (0..300).map(|i| server.url(&format!("/p/{i}"))).collect();
    let results = check_with(settings(), &urls).await;
    assert!(results.values().all(|o| o.status == LinkStatus::Ok(200)));
    let refused = refused.load(Ordering::SeqCst);
    let requests = server.seen().len();
    assert!(
        refused * 2 < requests,
        "{refused} of {requests} requests refused with 429"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_request_gives_its_slot_back_when_it_times_out() {
    // One slot on the host. The hanging page holds its connection open for 3 s whatever the
    // client does; the other pages must not wait for that, only for the 300 ms timeout.
    let server = Server::start(|seen: Seen| async move {
        if seen.path == "/hang" {
            tokio::time::sleep(Duration::from_secs(3)).await;
        }
        status(200)
    })
    .await;
    let one_slot = LinkSettings {
        host_concurrency: 1,
        timeout: Duration::from_millis(300),
        ..settings()
    };
    let mut urls = vec![server.url("/hang")];
    urls.extend((0..3).map(|i| server.url(&format!("/ok/{i}"))));
    let results = check_with(one_slot, &urls).await;
    let hang = &results[&urls[0]];
    assert_eq!(hang.status, LinkStatus::Error(ErrorKind::Timeout));
    assert_eq!(hang.attempts, 2);
    for url in &urls[1..] {
        assert_eq!(results[url].status, LinkStatus::Ok(200));
        assert!(
            results[url].elapsed < Duration::from_millis(1500),
            "{url} waited {:?} for a hung request",
            results[url].elapsed
        );
    }
}

// ---------------------------------------------------------------- dedupe, exclusion, cache

#[derive(Default)]
struct Recorder {
    total: Mutex<Option<usize>>,
    finished: Mutex<Vec<String>>,
    done: AtomicUsize,
}

impl Progress for Recorder {
    fn start(&self, total: usize) {
        *self.total.lock().expect("total") = Some(total);
    }
    fn finished(&self, url: &str, _outcome: &LinkOutcome) {
        self.finished.lock().expect("finished").push(url.to_owned());
    }
    fn done(&self) {
        self.done.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn same_url_with_other_fragments_is_checked_once() {
    let server = Server::start(|_| async { status(200) }).await;
    let urls = vec![
        server.url("/paper#abstract"),
        server.url("/paper#results"),
        server.url("/paper"),
        server.url("/paper"),
    ];
    let checker = Checker::new(settings()).expect("checker");
    let progress = Recorder::default();
    let results = checker.check_all(&urls, &progress).await;
    assert_eq!(server.seen().len(), 1);
    assert_eq!(results.len(), 3);
    assert!(
        urls.iter()
            .all(|u| results[u].status == LinkStatus::Ok(200))
    );
    assert_eq!(*progress.total.lock().expect("total"), Some(1));
    assert_eq!(
        *progress.finished.lock().expect("finished"),
        [server.url("/paper")]
    );
    assert_eq!(progress.done.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn excluded_and_unsupported_urls_are_never_requested() {
    let server = Server::start(|_| async { status(200) }).await;
    let excluding = LinkSettings {
        exclude: vec![regex::Regex::new("/skip/").expect("regex")],
        ..settings()
    };
    let skipped = server.url("/skip/me");
    let urls = [
        skipped.clone(),
        "mailto:someone@example.org".to_owned(),
        "http://".to_owned(),
    ];
    let results = check_with(excluding, &urls).await;
    assert_eq!(
        results[&skipped].status,
        LinkStatus::Excluded(ExclusionReason::Pattern("/skip/".to_owned()))
    );
    assert_eq!(
        results["mailto:someone@example.org"].status,
        LinkStatus::Excluded(ExclusionReason::Scheme("mailto".to_owned()))
    );
    assert!(matches!(
        results["http://"].status,
        LinkStatus::Error(ErrorKind::InvalidUrl(_))
    ));
    assert!(results.values().all(|o| o.attempts == 0));
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn cache_answers_good_links_and_never_remembers_failures() {
    let server = Server::start(|seen: Seen| async move {
        if seen.path == "/fine" {
            status(200)
        } else {
            status(404)
        }
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(".awesome-lint-cache.json");
    let urls = vec![server.url("/fine"), server.url("/missing")];
    let day = Duration::from_secs(86_400);

    let mut cache = Cache::load(&path, day).expect("no cache yet");
    let checker = Checker::new(settings()).expect("checker");
    let first = checker
        .check_all_cached(&urls, &mut cache, &NoProgress)
        .await;
    assert_eq!(first[&urls[0]].status, LinkStatus::Ok(200));
    cache.save().expect("save");

    let mut reloaded = Cache::load(&path, day).expect("load");
    assert_eq!(reloaded.len(), 1);
    let checker = Checker::new(settings()).expect("checker");
    let second = checker
        .check_all_cached(&urls, &mut reloaded, &NoProgress)
        .await;
    assert_eq!(second[&urls[0]].status, LinkStatus::Ok(200));
    assert_eq!(second[&urls[0]].attempts, 0, "not answered from the cache");
    assert_eq!(server.requests_to("/fine").len(), 1);
    assert_eq!(
        second[&urls[1]].status,
        LinkStatus::Dead(DeadReason::Status(404))
    );
    assert_eq!(
        server.requests_to("/missing").len(),
        2,
        "a failure was cached"
    );
}

// ---------------------------------------------------------------- blocked is not dead

/// A server that answers every request to `path` with `code` and `headers`.
async fn refusing(code: u16, headers: &'static [(&'static str, &'static str)]) -> Server {
    Server::start(move |_| async move {
        let mut response = status(code);
        for (name, value) in headers {
            response.headers_mut().insert(
                axum::http::HeaderName::from_static(name),
                axum::http::HeaderValue::from_static(value),
            );
        }
        response
    })
    .await
}

#[tokio::test]
async fn refusals_are_blocked_after_one_browser_like_get() {
    for code in [401, 403, 451, 999] {
        let headers: &'static [(&str, &str)] = if code == 401 {
            &[("www-authenticate", "Basic realm=\"members\"")]
        } else {
            &[]
        };
        let server = refusing(code, headers).await;
        let outcome = check_one(settings(), &server.url("/paper")).await;
        assert_eq!(
            outcome.status,
            LinkStatus::Blocked(BlockReason::Status(code)),
            "{code}"
        );
        let seen = server.seen();
        assert_eq!(methods(&seen), [Method::HEAD, Method::GET], "{code}");
        assert!(
            seen[1].accept_language.is_some(),
            "{code}: the GET asks like a browser"
        );
        assert_eq!(outcome.attempts, 2);
    }
}

#[tokio::test]
async fn bot_challenges_are_blocked_and_never_retried_as_outages() {
    let cloudflare: &'static [(&str, &str)] =
        &[("cf-mitigated", "challenge"), ("server", "cloudflare")];
    for code in [403, 503] {
        let server = refusing(code, cloudflare).await;
        let outcome = check_one(settings(), &server.url("/challenge")).await;
        assert_eq!(
            outcome.status,
            LinkStatus::Blocked(BlockReason::Challenge {
                status: code,
                vendor: "Cloudflare"
            }),
            "{code}"
        );
        assert_eq!(
            server.seen().len(),
            2,
            "{code}: HEAD and one GET, no retries"
        );
    }
    let datadome = refusing(403, &[("x-datadome", "protected")]).await;
    let outcome = check_one(settings(), &datadome.url("/x")).await;
    assert!(matches!(
        outcome.status,
        LinkStatus::Blocked(BlockReason::Challenge {
            vendor: "DataDome",
            ..
        })
    ));
}

#[tokio::test]
async fn a_host_that_wants_browser_headers_is_alive() {
    // ScienceDirect-style: refuses requests without Accept-Language, serves those with it.
    let server = Server::start(|seen: Seen| async move {
        if seen.accept_language.is_some() {
            status(200)
        } else {
            status(403)
        }
    })
    .await;
    let outcome = check_one(settings(), &server.url("/article")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
}

#[tokio::test]
async fn a_refused_head_then_not_found_is_dead() {
    let server = Server::start(|seen: Seen| async move {
        if seen.method == Method::HEAD {
            status(403)
        } else {
            status(404)
        }
    })
    .await;
    let outcome = check_one(settings(), &server.url("/gone")).await;
    assert_eq!(outcome.status, LinkStatus::Dead(DeadReason::Status(404)));
}

#[tokio::test]
async fn accepted_refusal_counts_as_alive() {
    let server = refusing(403, &[]).await;
    let accepting = LinkSettings {
        accept: vec![200..=299, 403..=403],
        ..settings()
    };
    let outcome = check_one(accepting, &server.url("/paper")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(403));
    assert_eq!(outcome.attempts, 1);
}

#[tokio::test]
async fn listed_blocking_hosts_are_not_requested_unless_asked() {
    let server = refusing(403, &[]).await;
    let listed = LinkSettings {
        blocking_hosts: vec![("localhost".to_owned(), "403".to_owned())],
        ..settings()
    };
    let url = server.url_on("localhost", "/doi/1");
    let outcome = check_one(listed.clone(), &url).await;
    assert_eq!(
        outcome.status,
        LinkStatus::Blocked(BlockReason::Listed {
            answers: "403".to_owned()
        })
    );
    assert_eq!(outcome.attempts, 0);
    assert!(server.seen().is_empty());

    let checking = LinkSettings {
        check_blocking_hosts: true,
        ..listed
    };
    let outcome = check_one(checking, &url).await;
    assert_eq!(
        outcome.status,
        LinkStatus::Blocked(BlockReason::Status(403))
    );
    assert_eq!(server.seen().len(), 2);
}

// ---------------------------------------------------------------- 429 is not a finding

#[tokio::test]
async fn a_host_that_answers_429_forever_leaves_its_links_unchecked_within_max_wait() {
    let server = Server::start(|_| async {
        (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, "0")],
            "slow down",
        )
            .into_response()
    })
    .await;
    let other = Server::start(|_| async { status(200) }).await;
    let patient = LinkSettings {
        max_wait: Duration::from_millis(1500),
        ..settings()
    };
    let limited: Vec<String> = (0..6).map(|i| server.url(&format!("/p/{i}"))).collect();
    let fine: Vec<String> = (0..3)
        .map(|i| other.url_on("localhost", &format!("/p/{i}")))
        .collect();
    let all: Vec<String> = limited.iter().chain(&fine).cloned().collect();
    let started = Instant::now();
    let results = check_with(patient, &all).await;
    let elapsed = started.elapsed();
    for url in &limited {
        assert_eq!(
            results[url].status,
            LinkStatus::Unchecked(UncheckedReason::RateLimited),
            "{url}"
        );
        assert!(!results[url].status.is_failure());
    }
    for url in &fine {
        assert_eq!(results[url].status, LinkStatus::Ok(200));
        assert!(
            results[url].elapsed < Duration::from_millis(500),
            "{url} waited"
        );
    }
    assert!(
        elapsed < Duration::from_secs(4),
        "max_wait bounds the run: {elapsed:?}"
    );
}

#[tokio::test]
async fn a_429_does_not_spend_the_retries() {
    // More 429s than max_retries, then an answer: alive, not "status 429 after retries".
    let server = Server::start(|seen: Seen| async move {
        if seen.nth <= 5 {
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "0")],
                "slow down",
            )
                .into_response()
        } else {
            status(200)
        }
    })
    .await;
    let outcome = check_one(settings(), &server.url("/busy")).await;
    assert_eq!(outcome.status, LinkStatus::Ok(200));
    assert_eq!(outcome.attempts, 6);
}

#[tokio::test]
async fn a_redirect_into_a_listed_host_stops_there() {
    // doi.org answers with a redirect to dl.acm.org, which is listed: it is not asked.
    let server = Server::start(|seen: Seen| async move {
        if seen.host.starts_with("127.0.0.1") {
            let port = seen.host.rsplit(':').next().unwrap_or_default().to_owned();
            redirect(302, &format!("http://localhost:{port}/doi/10.1145/1"))
        } else {
            status(403)
        }
    })
    .await;
    let listed = LinkSettings {
        blocking_hosts: vec![("localhost".to_owned(), "403".to_owned())],
        ..settings()
    };
    let outcome = check_one(listed, &server.url("/10.1145/1")).await;
    assert!(
        matches!(
            outcome.status,
            LinkStatus::Blocked(BlockReason::Listed { .. })
        ),
        "{outcome:?}"
    );
    assert!(
        outcome
            .final_url
            .is_some_and(|url| url.contains("localhost"))
    );
    assert_eq!(server.seen().len(), 1, "only the redirect was requested");
}
