//! Network rules end to end: the binary against servers each test starts on 127.0.0.1.
//! Lists and configs point only at those servers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::net::TcpListener;

pub(crate) async fn serve(router: Router) -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("server runs") });
    addr
}

/// Run the binary in `dir` (blocking, off the runtime that serves the mocks).
pub(crate) async fn run(dir: std::path::PathBuf, args: Vec<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || {
        std::process::Command::new(assert_cmd::cargo::cargo_bin("awesome-lint"))
            .current_dir(dir)
            .env_remove("AWESOME_LINT_OFFLINE")
            .env_remove("GITHUB_TOKEN")
            .args(args)
            .output()
            .expect("binary runs")
    })
    .await
    .expect("blocking task")
}

fn json(value: serde_json::Value) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

pub(crate) fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

pub(crate) fn findings(output: &std::process::Output) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stderr)));
    json["diagnostics"].as_array().cloned().unwrap_or_default()
}

/// A temporary list folder: `README.md` holding `readme`, `.awesome-lint.toml` holding
/// `config` (the base URLs of the stand-in APIs).
pub(crate) fn list_dir(readme: &str, config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), readme).unwrap();
    std::fs::write(dir.path().join(".awesome-lint.toml"), config).unwrap();
    dir
}

/// A small web: `/ok`, `/gone` (404), `/moved` (301 to `/ok`), `/home` (301 to `/`),
/// `/flaky` (503 once, then 200), and HEAD refused on `/nohead`.
fn web() -> Router {
    let hits: Arc<Mutex<HashMap<String, usize>>> = Arc::default();
    Router::new()
        .route("/", get(|| async { "home" }))
        .route("/ok", get(|| async { "ok" }))
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/moved",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/ok")]) }),
        )
        .route(
            "/home",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/")]) }),
        )
        .route(
            "/flaky",
            get(move || {
                let hits = hits.clone();
                async move {
                    let mut hits = hits.lock().unwrap();
                    let n = hits.entry("flaky".into()).or_default();
                    *n += 1;
                    if *n == 1 {
                        StatusCode::SERVICE_UNAVAILABLE
                    } else {
                        StatusCode::OK
                    }
                }
            }),
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dead_links_redirects_and_the_private_address_guard() {
    let addr = serve(web()).await;
    let dir = tempfile::tempdir().unwrap();
    let list = format!(
        "# Links\n\n- Alive [[Paper](http://{addr}/ok)]\n- Gone [[Paper](http://{addr}/gone)]\n- Moved [[Paper](http://{addr}/moved#results)]\n- Home [[Paper](http://{addr}/home)]\n- Flaky [[Paper](http://{addr}/flaky)]\n- Gone again [[Paper](http://{addr}/gone#section)]\n"
    );
    std::fs::write(dir.path().join("README.md"), &list).unwrap();
    let base = [
        "check",
        "README.md",
        "--format",
        "json",
        "--select",
        "dead-link,redirect",
    ];

    // Without --allow-private a document's loopback links are refused, never requested.
    let refused = run(dir.path().into(), args(&base)).await;
    assert_eq!(refused.status.code(), Some(0));
    assert!(findings(&refused).is_empty());

    let mut checked_args = args(&base);
    checked_args.push("--allow-private".into());
    let checked = run(dir.path().into(), checked_args).await;
    assert_eq!(
        checked.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    let found = findings(&checked);
    let summary: Vec<(String, String, String)> = found
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["url"]
                    .as_str()
                    .unwrap()
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "dead-link".into(),
                "gone".into(),
                "dead link: status 404 (1 attempt)".into()
            ),
            (
                "redirect".into(),
                "moved#results".into(),
                format!("link redirects permanently to http://{addr}/ok")
            ),
            (
                "redirect".into(),
                "home".into(),
                format!("link redirects permanently to http://{addr}/")
            ),
            (
                "dead-link".into(),
                "gone#section".into(),
                "dead link: status 404 (1 attempt)".into()
            ),
        ]
    );
    assert_eq!(found[0]["severity"], "error");
    // The move keeps its fragment; a redirect to the home page offers no fix
    assert_eq!(found[1]["fix"]["applicability"], "unsafe");
    assert_eq!(
        found[1]["fix"]["edits"][0]["replacement"],
        format!("http://{addr}/ok#results")
    );
    assert!(found[2]["fix"].is_null());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_fix_asks_the_network_once() {
    let requests: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = requests.clone();
    let counting = web().layer(axum::middleware::from_fn(
        move |request: axum::extract::Request, next: axum::middleware::Next| {
            let seen = seen.clone();
            async move {
                seen.lock().unwrap().push(request.uri().path().to_string());
                next.run(request).await
            }
        },
    ));
    let addr = serve(counting).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        format!(
            "- Alive [[Paper](http://{addr}/ok)] </em>\n- Gone [[Paper](http://{addr}/gone)]\n"
        ),
    )
    .unwrap();
    let out = run(
        dir.path().into(),
        args(&[
            "check",
            "README.md",
            "--fix",
            "--format",
            "json",
            "--select",
            "dead-link,html-balance",
            "--allow-private",
        ]),
    )
    .await;
    assert!(String::from_utf8_lossy(&out.stderr).contains("fixed 1 finding"));
    let rules: Vec<_> = findings(&out)
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules, ["dead-link"]);
    // The fix and the report after it share one round of link checks
    let mut paths = requests.lock().unwrap().clone();
    paths.sort();
    assert_eq!(paths, ["/gone", "/ok"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_response_from_any_host_means_the_network_is_down() {
    // Closed ports on three loopback addresses: every connection is refused.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("README.md"),
        "- A [[Paper](http://127.0.0.1:9/a)]\n- B [[Paper](http://127.0.0.2:9/b)]\n- C [[Paper](http://127.0.0.3:9/c)]\n",
    )
    .unwrap();
    let out = run(
        dir.path().into(),
        args(&[
            "check",
            "README.md",
            "--format",
            "json",
            "--select",
            "dead-link",
            "--allow-private",
            "--max-retries",
            "0",
        ]),
    )
    .await;
    assert_eq!(out.status.code(), Some(0));
    assert!(findings(&out).is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the network looks down"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_network_is_noticed_within_seconds_and_offline_findings_stay() {
    // Names that never resolve (answered without a DNS query) and a loopback port that
    // refuses, with the default retries: the probe decides before any retry schedule runs.
    let dir = list_dir(
        "- A [[Paper](http://www.arxiv.org/abs/2106.09685v2)] [[Code](https://github.com/lab/a)]\n- B [[Site](https://site-b.invalid/)]\n- C [[Site](https://site-c.invalid/)]\n- D [[Site](http://127.0.0.1:9/d)]\n",
        // no real name is looked up: the arXiv link is excluded from link checks, and the
        // APIs (GitHub's answers github.com links too) live under `.invalid`
        "[links]\nexclude = [\"arxiv\\\\.org\"]\n\n[online]\narxiv-api = \"https://export.arxiv.invalid/api/query\"\ngithub-api = \"https://api.github.invalid\"\n",
    );
    let start = std::time::Instant::now();
    let out = run(
        dir.path().into(),
        args(&["check", "README.md", "--format", "json", "--allow-private"]),
    )
    .await;
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        elapsed < std::time::Duration::from_secs(5),
        "{elapsed:?}: {stderr}"
    );
    assert_eq!(
        stderr.matches("awesome-lint: warning:").count(),
        1,
        "one warning: {stderr}"
    );
    assert!(stderr.contains("the network looks down ("), "{stderr}");
    assert!(stderr.contains("does not resolve"), "{stderr}");
    assert!(
        !stderr.contains("arxiv.org:"),
        "an excluded link was probed: {stderr}"
    );
    let rules: Vec<String> = findings(&out)
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(rules, ["arxiv-url-format"], "{stderr}");
}

const MAMBA_FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/abs/2405.21060v1</id>
    <title>Transformers are SSMs: Generalized Models and Efficient Algorithms Through
  Structured State Space Duality</title>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2312.00752v2</id>
    <title>Mamba: Linear-Time Sequence Modeling with Selective State Spaces</title>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2407.21783v3</id>
    <title>The Llama 3 Herd of Models</title>
  </entry>
</feed>"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_mamba_rows_have_swapped_titles() {
    let requests: Arc<Mutex<Vec<HashMap<String, String>>>> = Arc::default();
    let seen = requests.clone();
    let api = Router::new().route(
        "/api/query",
        get(move |Query(query): Query<HashMap<String, String>>| {
            let seen = seen.clone();
            async move {
                seen.lock().unwrap().push(query);
                MAMBA_FEED
            }
        }),
    );
    let addr = serve(api).await;
    let dir = list_dir(
        &crate::support::fixture("awesome-peft.md"),
        &format!("[online]\narxiv-api = \"http://{addr}/api/query\"\narxiv-interval = 0\n"),
    );
    let out = run(
        dir.path().into(),
        args(&[
            "check",
            "README.md",
            "--format",
            "json",
            "--select",
            "arxiv-title-mismatch",
            "--fail-on",
            "never",
        ]),
    )
    .await;
    let found = findings(&out);
    let lines: Vec<_> = found.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [554, 555], "{found:#?}");
    assert_eq!(found[0]["url"], "https://arxiv.org/abs/2405.21060");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("Transformers are SSMs: Generalized Models")
    );
    // One batch: the seed's 160-odd arXiv ids in two requests of at most 100, max_results set
    let asked: Vec<String> = {
        let requests = requests.lock().unwrap();
        assert_eq!(requests.len(), 2);
        for query in requests.iter() {
            let ids = query["id_list"].split(',').count();
            assert!(ids <= 100);
            assert_eq!(query["max_results"], ids.to_string());
        }
        requests
            .iter()
            .flat_map(|q| {
                q["id_list"]
                    .split(',')
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    assert!(asked.contains(&"2405.21060".to_string()));

    // With --cache, metadata the API gave is kept: a second run asks only for the rest.
    let cached = [
        "check",
        "README.md",
        "--format",
        "json",
        "--select",
        "arxiv-title-mismatch",
        "--fail-on",
        "never",
        "--cache",
        "cache.json",
    ];
    let first = run(dir.path().into(), args(&cached)).await;
    assert_eq!(findings(&first).len(), 2);
    assert!(dir.path().join("cache-arxiv.json").is_file());
    requests.lock().unwrap().clear();
    let second = run(dir.path().into(), args(&cached)).await;
    assert_eq!(findings(&second).len(), 2, "answers come from the cache");
    let asked_again: Vec<String> = requests
        .lock()
        .unwrap()
        .iter()
        .flat_map(|q| {
            q["id_list"]
                .split(',')
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(asked_again.len(), asked.len() - 3);
    assert!(!asked_again.contains(&"2405.21060".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_repositories_archived_renamed_missing_and_fixed() {
    let api = Router::new()
        .route(
            "/repos/{owner}/{name}",
            get(
                |Path((owner, name)): Path<(String, String)>, headers: HeaderMap| async move {
                    assert!(
                        headers.get(header::AUTHORIZATION).is_none(),
                        "no token was given"
                    );
                    let full = format!("{owner}/{name}").to_lowercase();
                    match full.as_str() {
                        "lab/active" => {
                            json(serde_json::json!({"full_name": "lab/active", "archived": false}))
                        }
                        "lab/frozen" => {
                            json(serde_json::json!({"full_name": "lab/frozen", "archived": true}))
                        }
                        "old-owner/tool" => (
                            StatusCode::MOVED_PERMANENTLY,
                            [(header::LOCATION, "/repositories/7")],
                        )
                            .into_response(),
                        _ => StatusCode::NOT_FOUND.into_response(),
                    }
                },
            ),
        )
        .route(
            "/repositories/7",
            get(|| async {
                json(serde_json::json!({"full_name": "new-owner/tool", "archived": false}))
            }),
        );
    let addr = serve(api).await;
    let dir = list_dir(
        "- Active [[Paper](https://arxiv.org/abs/2106.09685)] [[Code](https://github.com/lab/active)]\n- Frozen [[Paper](https://arxiv.org/abs/2106.09686)] [[Code](https://github.com/lab/frozen)]\n- Moved [[Paper](https://arxiv.org/abs/2106.09687)] [[Code](https://github.com/Old-Owner/tool/tree/main/src)]\n- Lost [[Paper](https://arxiv.org/abs/2106.09688)] [[Code](https://github.com/lab/lost)]\n",
        &format!("[online]\ngithub-api = \"http://{addr}\"\n"),
    );
    let check = [
        "check",
        "README.md",
        "--format",
        "json",
        "--select",
        "github-repo-status",
    ];
    let out = run(dir.path().into(), args(&check)).await;
    let messages: Vec<_> = findings(&out)
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        messages,
        [
            "repository lab/frozen is archived",
            "repository Old-Owner/tool moved to new-owner/tool",
            "repository lab/lost does not exist",
        ]
    );
    let fixed = run(
        dir.path().into(),
        args(&["fix", "README.md", "--select", "github-repo-status"]),
    )
    .await;
    assert!(String::from_utf8_lossy(&fixed.stderr).contains("fixed 1 finding, 2 findings remain"));
    let text = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(text.contains("[[Code](https://github.com/new-owner/tool/tree/main/src)]"));
}

/// awesome-github: the list's own repository (its `origin` remote) asked of a mock GitHub.
#[tokio::test(flavor = "multi_thread")]
async fn awesome_github_reads_the_list_repository() {
    let api = Router::new()
        .route(
            "/repos/owner/awesome-bare",
            get(|| async {
                json(serde_json::json!({"full_name": "owner/awesome-bare", "description": "", "topics": ["awesome"], "license": null}))
            }),
        )
        .route(
            "/repos/owner/awesome-topic",
            get(|| async {
                json(serde_json::json!({"full_name": "owner/awesome-topic", "description": "Kites.", "topics": ["awesome-list"], "license": {"spdx_id": "MIT"}}))
            }),
        )
        .route(
            "/repos/owner/awesome-denied",
            get(|| async {
                (
                    StatusCode::UNAUTHORIZED,
                    json(serde_json::json!({"message": "Bad credentials"})),
                )
            }),
        )
        .route(
            "/repos/owner/awesome-good",
            get(|| async {
                json(serde_json::json!({"full_name": "owner/awesome-good", "description": "Good things.", "topics": ["awesome", "awesome-list"], "license": {"spdx_id": "CC0-1.0"}}))
            }),
        );
    let addr = serve(api).await;
    let list = "# Awesome Things [![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n\n- [Foo](http://127.0.0.1:9/foo) - Does things.\n";
    let mut messages_by_repo = Vec::new();
    let mut stderr_by_repo = Vec::new();
    for name in [
        "awesome-bare",
        "awesome-good",
        "awesome-topic",
        "gitlab",
        "awesome-denied",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("readme.md"), list).unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(
            dir.path().join(".git/config"),
            if name == "gitlab" {
                // upstream says "Repository should be on GitHub"; a list elsewhere has no
                // GitHub About box to judge, so we say nothing
                "[remote \"origin\"]\n\turl = https://gitlab.com/owner/awesome-kites.git\n"
                    .to_string()
            } else {
                format!("[remote \"origin\"]\n\turl = git@github.com:owner/{name}.git\n")
            },
        )
        .unwrap();
        std::fs::write(
            dir.path().join(".awesome-lint.toml"),
            format!("[online]\ngithub-api = \"http://{addr}\"\n"),
        )
        .unwrap();
        let check = ["check", "--format", "json", "--select", "awesome-github"];
        let out = run(dir.path().into(), args(&check)).await;
        let messages: Vec<String> = findings(&out)
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect();
        messages_by_repo.push(messages);
        stderr_by_repo.push(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    assert_eq!(
        messages_by_repo[0],
        [
            "license of owner/awesome-bare was not detected by GitHub",
            "the repository owner/awesome-bare should have \"awesome-list\" as a GitHub topic",
            "the repository owner/awesome-bare should have a description",
        ]
    );
    assert!(messages_by_repo[1].is_empty(), "{:?}", messages_by_repo[1]);
    assert_eq!(
        messages_by_repo[2],
        ["the repository owner/awesome-topic should have \"awesome\" as a GitHub topic"]
    );
    assert!(messages_by_repo[3].is_empty(), "{:?}", messages_by_repo[3]);
    // upstream: "Unauthorized access or token is invalid" as a finding; here GitHub's
    // refusal is not the list's fault: no finding, and stderr says what happened
    assert!(messages_by_repo[4].is_empty(), "{:?}", messages_by_repo[4]);
    assert!(
        stderr_by_repo[4].contains("the list's repository not checked")
            && stderr_by_repo[4].contains("401"),
        "{}",
        stderr_by_repo[4]
    );
}

/// A host that answers 429 to everything, and one that refuses robots with 403 or a
/// Cloudflare challenge, beside a host that works.
fn unfriendly_web() -> Router {
    Router::new()
        .route(
            "/busy/{n}",
            get(|| async {
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(header::RETRY_AFTER, "0")],
                    "slow down",
                )
                    .into_response()
            }),
        )
        .route(
            "/forbidden/{n}",
            get(|| async { StatusCode::FORBIDDEN.into_response() }),
        )
        .route(
            "/challenge/{n}",
            get(|| async {
                (
                    StatusCode::FORBIDDEN,
                    [("cf-mitigated", "challenge"), ("server", "cloudflare")],
                    "<html>Just a moment...</html>",
                )
                    .into_response()
            }),
        )
        .route("/ok/{n}", get(|| async { "ok" }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limits_and_refusals_are_one_summary_per_host_never_dead_links() {
    let addr = serve(unfriendly_web()).await;
    let port = addr.port();
    let dir = tempfile::tempdir().unwrap();
    let mut list = String::new();
    for n in 0..5 {
        list.push_str(&format!(
            "- Busy {n} [[Paper](http://127.0.0.1:{port}/busy/{n})]\n"
        ));
    }
    for n in 0..3 {
        list.push_str(&format!(
            "- Refused {n} [[Paper](http://localhost:{port}/forbidden/{n})] [[Code](http://localhost:{port}/challenge/{n})]\n"
        ));
    }
    list.push_str(&format!("- Fine [[Paper](http://localhost:{port}/ok/1)]\n"));
    std::fs::write(dir.path().join("README.md"), list).unwrap();
    let check = [
        "check",
        "README.md",
        "--format",
        "json",
        "--select",
        "dead-link,unverified-link",
        "--allow-private",
        "--max-wait",
        "1",
    ];
    let out = run(dir.path().into(), args(&check)).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let found = findings(&out);
    assert!(
        found.iter().all(|d| d["rule"] == "unverified-link"),
        "no per-link finding: {found:#?}"
    );
    let messages: Vec<&str> = found
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "5 links on 127.0.0.1 not checked: the host kept answering 429",
            "6 links on localhost could not be verified: the host refuses automated requests (403; Cloudflare challenge, 403)",
        ]
    );
    assert_eq!(found[0]["related"].as_array().map(Vec::len), Some(5));
    // File-level: at the file's start, not at one of the links, and no link as its url.
    assert_eq!(
        (&found[0]["line"], &found[0]["column"]),
        (&1.into(), &1.into())
    );
    assert!(found[0]["url"].is_null(), "{:#}", found[0]);
    assert_eq!(found[0]["severity"], "info");
    assert_eq!(found[1]["severity"], "info");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("429")).collect();
    assert_eq!(
        warnings,
        [
            "awesome-lint: warning: 5 links on 127.0.0.1 not checked: the host kept answering 429 (give a token, use --cache, or lower --host-concurrency)"
        ]
    );

    // SARIF: the same single note for the limiting host, at the file's first line.
    let mut sarif_args = check.to_vec();
    sarif_args[3] = "sarif";
    let sarif = run(dir.path().into(), args(&sarif_args)).await;
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let limited: Vec<&serde_json::Value> = results
        .iter()
        .filter(|r| r["message"]["text"].as_str().unwrap_or("").contains("429"))
        .collect();
    assert_eq!(limited.len(), 1, "{results:#?}");
    assert_eq!(limited[0]["level"], "note");
    assert_eq!(
        limited[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    assert!(results.iter().all(|r| r["ruleId"] == "unverified-link"));

    // Pretty: one note, no finding on any busy link's line.
    let mut pretty_args = check.to_vec();
    pretty_args[3] = "pretty";
    let pretty = run(dir.path().into(), args(&pretty_args)).await;
    let text = String::from_utf8_lossy(&pretty.stdout);
    assert_eq!(text.matches("kept answering 429").count(), 1, "{text}");
    assert!(!text.contains("dead-link"), "{text}");

    // The Markdown report lists the unverified links under their host.
    let markdown = run(
        dir.path().into(),
        args(&[
            "check",
            "README.md",
            "--format",
            "markdown",
            "--select",
            "unverified-link",
            "--allow-private",
            "--max-wait",
            "1",
        ]),
    )
    .await;
    let report = String::from_utf8_lossy(&markdown.stdout);
    assert!(report.contains("### Unverified links by host"), "{report}");
    assert!(
        report.contains(&format!("- line 6: <http://localhost:{port}/forbidden/0>")),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn github_repository_links_are_answered_by_the_api_not_by_github_pages() {
    let api = Router::new().route(
        "/repos/{owner}/{name}",
        get(|Path((owner, name)): Path<(String, String)>| async move {
            match format!("{owner}/{name}").to_lowercase().as_str() {
                "lab/active" => {
                    json(serde_json::json!({"full_name": "lab/active", "archived": false}))
                }
                "old-owner/tool" => {
                    json(serde_json::json!({"full_name": "new-owner/tool", "archived": false}))
                }
                _ => StatusCode::NOT_FOUND.into_response(),
            }
        }),
    );
    let addr = serve(api).await;
    let dir = list_dir(
        "- Active [Code](https://github.com/lab/active/tree/main)\n- Moved [Code](https://github.com/Old-Owner/tool)\n- Lost [Code](https://github.com/lab/lost/issues/3)\n",
        &format!("[online]\ngithub-api = \"http://{addr}\"\n"),
    );
    let out = run(
        dir.path().into(),
        args(&[
            "check",
            "README.md",
            "--format",
            "json",
            "--select",
            "dead-link,redirect",
        ]),
    )
    .await;
    let found: Vec<(String, String)> = findings(&out)
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "redirect".to_owned(),
                "link redirects permanently to https://github.com/new-owner/tool".to_owned()
            ),
            (
                "dead-link".to_owned(),
                "dead link: GitHub repository lab/lost does not exist".to_owned()
            ),
        ],
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_github_links_take_at_most_six_api_requests_with_a_token() {
    // `lab/repo-N`: N % 5 = 2 renamed to `new-home/repo-N`, 3 missing, the rest active.
    let graphql_requests = Arc::new(Mutex::new(0usize));
    let rest_requests = Arc::new(Mutex::new(0usize));
    let api = {
        let graphql_requests = Arc::clone(&graphql_requests);
        let rest_requests = Arc::clone(&rest_requests);
        Router::new()
            .route(
                "/graphql",
                axum::routing::post(move |headers: HeaderMap, body: String| {
                    let graphql_requests = Arc::clone(&graphql_requests);
                    async move {
                        *graphql_requests.lock().unwrap() += 1;
                        if headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok())
                            != Some("Bearer scale-token")
                        {
                            return StatusCode::UNAUTHORIZED.into_response();
                        }
                        let body: serde_json::Value =
                            serde_json::from_str(&body).unwrap_or_default();
                        let variables = body["variables"].as_object().cloned().unwrap_or_default();
                        let mut data = serde_json::Map::new();
                        let mut errors = Vec::new();
                        for i in 0..variables.len() / 2 {
                            let name = variables[&format!("n{i}")].as_str().unwrap_or_default();
                            let n: usize = name
                                .strip_prefix("repo-")
                                .and_then(|n| n.parse().ok())
                                .unwrap_or(3);
                            let alias = format!("r{i}");
                            let repo = match n % 5 {
                                2 => serde_json::json!({"nameWithOwner": format!("new-home/{name}"), "isArchived": false}),
                                3 => {
                                    errors.push(serde_json::json!({"type": "NOT_FOUND", "path": [alias.clone()], "message": "not found"}));
                                    serde_json::Value::Null
                                }
                                _ => serde_json::json!({"nameWithOwner": format!("lab/{name}"), "isArchived": false}),
                            };
                            data.insert(alias, repo);
                        }
                        json(serde_json::json!({"data": data, "errors": errors}))
                    }
                }),
            )
            .route(
                "/repos/{owner}/{name}",
                get(move || {
                    let rest_requests = Arc::clone(&rest_requests);
                    async move {
                        *rest_requests.lock().unwrap() += 1;
                        StatusCode::NOT_FOUND.into_response()
                    }
                }),
            )
    };
    let addr = serve(api).await;
    let dir = tempfile::tempdir().unwrap();
    let list: String = (0..500)
        .map(|n| format!("- Repo {n} [Code](https://github.com/lab/repo-{n})\n"))
        .collect();
    std::fs::write(dir.path().join("README.md"), list).unwrap();
    let api_base = format!("http://{addr}");
    let out = run(
        dir.path().into(),
        args(&[
            "check",
            "README.md",
            "--format",
            "json",
            "--select",
            "dead-link,redirect",
            "--github-api",
            &api_base,
            "--github-token",
            "scale-token",
        ]),
    )
    .await;
    let found = findings(&out);
    let count = |rule: &str| found.iter().filter(|d| d["rule"] == rule).count();
    assert_eq!(
        (count("dead-link"), count("redirect")),
        (100, 100),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let requests = *graphql_requests.lock().unwrap();
    assert!((1..=6).contains(&requests), "{requests} GraphQL requests");
    assert_eq!(*rest_requests.lock().unwrap(), 0);
}
