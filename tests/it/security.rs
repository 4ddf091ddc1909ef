//! Nothing read from the repository being linted decides where the GitHub token goes (issue 13).
//! Each test starts a stand-in GitHub API on 127.0.0.1 that records the Authorization header
//! of every request, then runs the binary as a workflow would, with GITHUB_TOKEN set.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use axum::routing::get;
use tokio::net::TcpListener;

const TOKEN: &str = "ghs_workflow_secret";

type Seen = Arc<Mutex<Vec<Option<String>>>>;

/// A GitHub API that knows every repository as active and records what each request carried.
async fn recording_api() -> (std::net::SocketAddr, Seen) {
    let seen: Seen = Arc::default();
    let record = seen.clone();
    let router = Router::new().route(
        "/repos/{owner}/{name}",
        get(
            move |Path((owner, name)): Path<(String, String)>, headers: HeaderMap| {
                let record = record.clone();
                async move {
                    let auth = headers
                        .get(header::AUTHORIZATION)
                        .map(|v| v.to_str().unwrap_or("<binary>").to_owned());
                    record.lock().unwrap().push(auth);
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        serde_json::json!({"full_name": format!("{owner}/{name}"), "archived": false})
                            .to_string(),
                    )
                        .into_response()
                }
            },
        ),
    );
    // with a token the client asks GraphQL in batches: record that door too
    let record = seen.clone();
    let router = router.route(
        "/graphql",
        axum::routing::post(move |headers: HeaderMap| {
            let record = record.clone();
            async move {
                let auth = headers
                    .get(header::AUTHORIZATION)
                    .map(|v| v.to_str().unwrap_or("<binary>").to_owned());
                record.lock().unwrap().push(auth);
                (
                    [(header::CONTENT_TYPE, "application/json")],
                    serde_json::json!({"data": {"r0": {"nameWithOwner": "lab/tool", "isArchived": false}}})
                        .to_string(),
                )
                    .into_response()
            }
        }),
    );
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    (addr, seen)
}

/// A list with one repository and, when given, a config naming an API base.
fn repo_with_list(config: Option<String>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("README.md"),
        "- Tool [[Paper](https://arxiv.org/abs/2106.09685)] [[Code](https://github.com/lab/tool)]\n",
    )
    .expect("write list");
    if let Some(config) = config {
        std::fs::write(dir.path().join(".awesome-lint.toml"), config).expect("write config");
    }
    dir
}

/// Run `check --select github-repo-status` with GITHUB_TOKEN set and the given extra
/// arguments and environment.
async fn check(
    dir: &tempfile::TempDir,
    extra_args: &[String],
    env: &[(&str, String)],
) -> std::process::Output {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("awesome-lint"));
    command
        .current_dir(dir.path())
        .env_remove("AWESOME_LINT_OFFLINE")
        .env_remove("GITHUB_API_URL")
        .env("GITHUB_TOKEN", TOKEN)
        .args([
            "check",
            "README.md",
            "--format",
            "json",
            "--select",
            "github-repo-status",
        ])
        .args(extra_args);
    for (name, value) in env {
        command.env(name, value);
    }
    tokio::task::spawn_blocking(move || command.output().expect("binary runs"))
        .await
        .expect("blocking task")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_config_api_base_gets_no_token_and_one_warning() {
    let (addr, seen) = recording_api().await;
    let dir = repo_with_list(Some(format!("[online]\ngithub-api = \"http://{addr}\"\n")));
    let out = check(&dir, &[], &[]).await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let seen = seen.lock().unwrap().clone();
    assert!(!seen.is_empty(), "the config's API base is still asked");
    assert!(
        seen.iter().all(Option::is_none),
        "a token reached the config's host: {seen:?}"
    );
    assert_eq!(
        stderr.matches("the GitHub token is not sent there").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flag_api_base_gets_the_token() {
    let (addr, seen) = recording_api().await;
    let dir = repo_with_list(None);
    let out = check(
        &dir,
        &["--github-api".into(), format!("http://{addr}")],
        &[],
    )
    .await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen, [Some(format!("Bearer {TOKEN}"))]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_environment_api_base_gets_the_token_even_beside_a_config_one() {
    let (addr, seen) = recording_api().await;
    let (decoy, decoy_seen) = recording_api().await;
    let dir = repo_with_list(Some(format!("[online]\ngithub-api = \"http://{decoy}\"\n")));
    // the config differs from the trusted base, so the config's base is asked without the
    // token, and the trusted one is not asked at all
    let out = check(&dir, &[], &[("GITHUB_API_URL", format!("http://{addr}"))]).await;
    assert_eq!(out.status.code(), Some(0));
    assert!(seen.lock().unwrap().is_empty());
    assert!(decoy_seen.lock().unwrap().iter().all(Option::is_none));

    // the same base in config and environment keeps the token
    let dir = repo_with_list(Some(format!("[online]\ngithub-api = \"http://{addr}/\"\n")));
    let out = check(&dir, &[], &[("GITHUB_API_URL", format!("http://{addr}"))]).await;
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        seen.lock().unwrap().clone(),
        [Some(format!("Bearer {TOKEN}"))]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleartext_to_a_network_host_is_refused_before_anything_is_sent() {
    let dir = repo_with_list(None);
    // `.invalid` never resolves (RFC 6761); the refusal comes before any lookup
    let out = check(
        &dir,
        &["--github-api".into(), "http://ghe.invalid/api/v3".into()],
        &[],
    )
    .await;
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("over plain http"), "{stderr}");
    assert!(!stderr.contains(TOKEN));
}
