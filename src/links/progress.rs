//! Reporting progress while links are checked.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::LinkOutcome;

/// Told about each unique URL as its check ends. Called from the task that awaits
/// `check_all`, never concurrently.
pub trait Progress: Send + Sync {
    /// `total` unique URLs are about to be checked.
    fn start(&self, total: usize);
    fn finished(&self, url: &str, outcome: &LinkOutcome);
    fn done(&self);
}

/// Reports nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _total: usize) {}
    fn finished(&self, _url: &str, _outcome: &LinkOutcome) {}
    fn done(&self) {}
}

/// A progress bar on stderr: done/total, failures so far and the slowest host. Drawn only
/// when stderr is a terminal, so CI logs and pipes get nothing.
pub struct TerminalProgress {
    bar: ProgressBar,
    tally: Mutex<Tally>,
}

#[derive(Default)]
struct Tally {
    failures: usize,
    /// Host → (total time of its checks, number of checks).
    hosts: HashMap<String, (Duration, u32)>,
}

impl Tally {
    /// The host whose checks took longest on average.
    fn slowest_host(&self) -> Option<(&str, Duration)> {
        self.hosts
            .iter()
            .map(|(host, (total, count))| (host.as_str(), *total / (*count).max(1)))
            .max_by_key(|(_, mean)| *mean)
    }
}

impl TerminalProgress {
    pub fn new() -> Self {
        let target = if std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        if let Ok(style) = ProgressStyle::with_template("{spinner} {pos}/{len} links  {wide_msg}") {
            bar.set_style(style);
        }
        Self {
            bar,
            tally: Mutex::new(Tally::default()),
        }
    }
}

impl Default for TerminalProgress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for TerminalProgress {
    fn start(&self, total: usize) {
        self.bar.set_length(total as u64);
        if !self.bar.is_hidden() {
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    fn finished(&self, url: &str, outcome: &LinkOutcome) {
        let mut tally = self.tally.lock().unwrap_or_else(PoisonError::into_inner);
        if outcome.status.is_failure() {
            tally.failures += 1;
        }
        if outcome.attempts > 0 {
            if let Some(host) = url::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
            {
                let entry = tally.hosts.entry(host).or_default();
                entry.0 += outcome.elapsed;
                entry.1 += 1;
            }
        }
        let mut message = format!("{} failing", tally.failures);
        if let Some((host, mean)) = tally.slowest_host() {
            message.push_str(&format!(
                "  slowest host {host} ({:.1} s)",
                mean.as_secs_f64()
            ));
        }
        drop(tally);
        self.bar.set_message(message);
        self.bar.inc(1);
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}
