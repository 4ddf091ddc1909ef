//! Checks every http(s) URL in a Markdown file and prints the failing ones as JSON, in the
//! shape `awesome-lint check --format json` will use. A stand-in for measuring `src/links/`
//! until the CLI is wired; see `benches/linkfarm.sh`.
//!
//! ```text
//! cargo run --release --example checklinks -- FILE [--timeout SECS] [--allow-private] [--host-concurrency N] [--max-concurrency N]
//! ```

use std::process::ExitCode;
use std::time::Duration;

use awesome_lint::links::{Checker, LinkSettings, TerminalProgress};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("checklinks: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let mut file = None;
    let mut settings = LinkSettings::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--allow-private" => settings.allow_private = true,
            "--timeout" => {
                let value = args.next().ok_or("--timeout needs seconds")?;
                let seconds: f64 = value
                    .parse()
                    .map_err(|_| format!("--timeout: `{value}` is not a number"))?;
                settings.timeout = Duration::try_from_secs_f64(seconds)
                    .map_err(|error| format!("--timeout: {error}"))?;
            }
            "--host-concurrency" | "--max-concurrency" => {
                let value = args.next().ok_or(format!("{arg} needs a number"))?;
                let limit: usize = value
                    .parse()
                    .map_err(|_| format!("{arg}: `{value}` is not a number"))?;
                if arg == "--host-concurrency" {
                    settings.host_concurrency = limit;
                } else {
                    settings.max_concurrency = limit;
                }
            }
            _ if file.is_none() && !arg.starts_with("--") => file = Some(arg),
            _ => return Err(format!("unexpected argument `{arg}`")),
        }
    }
    let file = file.ok_or("usage: checklinks FILE [--timeout SECS] [--allow-private] [--host-concurrency N] [--max-concurrency N]")?;
    let text = std::fs::read_to_string(&file).map_err(|error| format!("{file}: {error}"))?;
    let url_pattern =
        regex::Regex::new(r#"https?://[^\s<>()\[\]"'`]+"#).map_err(|error| error.to_string())?;
    let urls: Vec<String> = url_pattern
        .find_iter(&text)
        .map(|found| found.as_str().to_owned())
        .collect();

    let checker = Checker::new(settings).map_err(|error| error.to_string())?;
    let runtime = tokio::runtime::Runtime::new().map_err(|error| error.to_string())?;
    let outcomes = runtime.block_on(checker.check_all(&urls, &TerminalProgress::new()));

    let mut failing: Vec<_> = outcomes
        .iter()
        .filter(|(_, outcome)| outcome.status.is_failure())
        .collect();
    failing.sort_by(|a, b| a.0.cmp(b.0));
    let diagnostics: Vec<_> = failing
        .into_iter()
        .map(|(url, outcome)| {
            serde_json::json!({
                "rule": "dead-link",
                "url": url,
                "message": outcome.status.to_string(),
                "attempts": outcome.attempts,
                "elapsed_ms": outcome.elapsed.as_millis(),
            })
        })
        .collect();
    println!("{}", serde_json::json!({ "diagnostics": diagnostics }));
    Ok(())
}
