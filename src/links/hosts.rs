//! Per-host politeness: an in-flight limit, a minimum gap between request starts, and a pause
//! ("not before") that a host imposes with 429 or 503 on itself alone.
//!
//! A single 429 or 503 delays only the URL that got it (by its Retry-After): one page can be
//! limited on its own (GitHub limits /search apart from repository pages), and the link farm's
//! `/limited/` pages are. The whole host pauses when most of its recent answers are 429 or 503,
//! which is what a server limiting *us* looks like; pausing the host at every single 429 cost
//! 3 s of 14 s on the link farm, stalling each host once per limited page.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use super::retry::MAX_RETRY_AFTER;

pub(crate) struct HostState {
    permits: Semaphore,
    interval: Duration,
    schedule: Mutex<Schedule>,
    /// The host answered GET differently from HEAD once; ask it with GET from then on.
    head_unreliable: AtomicBool,
}

/// Stands in for an interval too long to add to an instant: a year.
const FAR: Duration = Duration::from_secs(365 * 24 * 3600);

/// How many recent answers decide whether a host is limiting us.
const RECENT_ANSWERS: u32 = 16;

#[derive(Default)]
struct Schedule {
    /// No request to this host starts before this instant (429 / 503 pause).
    not_before: Option<Instant>,
    /// The earliest start allowed by `interval` after the last reserved start.
    next_start: Option<Instant>,
    /// The last `recent_len` answers, newest in bit 0: 1 for 429 / 503.
    recent_limited: u32,
    recent_len: u32,
}

impl Schedule {
    fn remember(&mut self, limited: bool) {
        let mask = (1 << RECENT_ANSWERS) - 1;
        self.recent_limited = ((self.recent_limited << 1) | u32::from(limited)) & mask;
        self.recent_len = (self.recent_len + 1).min(RECENT_ANSWERS);
    }

    /// At least two of the recent answers, and at least half of them, were 429 / 503.
    fn host_is_limiting(&self) -> bool {
        let limited = self.recent_limited.count_ones();
        limited >= 2 && limited * 2 >= self.recent_len
    }
}

impl HostState {
    fn new(concurrency: usize, interval: Duration) -> Self {
        Self {
            permits: Semaphore::new(concurrency),
            interval,
            schedule: Mutex::new(Schedule::default()),
            head_unreliable: AtomicBool::new(false),
        }
    }

    /// Waits for an in-flight slot on this host. The semaphore is never closed, so `None`
    /// cannot happen in practice; the caller treats it as a transport failure.
    pub(crate) async fn acquire(&self) -> Option<SemaphorePermit<'_>> {
        self.permits.acquire().await.ok()
    }

    fn schedule(&self) -> std::sync::MutexGuard<'_, Schedule> {
        // The lock guards plain data and is never held across an await or a panic point.
        self.schedule.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sleeps until the host is not paused. The pause may grow while we sleep (another 429),
    /// so look again after waking; each round ends at a later instant, at most
    /// `MAX_RETRY_AFTER` after the last pause was set.
    pub(crate) async fn wait_until_open(&self) {
        loop {
            let not_before = self.schedule().not_before;
            match not_before {
                Some(at) if at > Instant::now() => tokio::time::sleep_until(at).await,
                _ => return,
            }
        }
    }

    /// Reserves the next start instant (honouring the interval and any pause) and sleeps
    /// until it.
    pub(crate) async fn wait_for_turn(&self) {
        let start = {
            let mut schedule = self.schedule();
            let now = Instant::now();
            let start = [Some(now), schedule.next_start, schedule.not_before]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(now);
            if !self.interval.is_zero() {
                // An absurd interval from a config file means "never again", not a panic.
                schedule.next_start = Some(start.checked_add(self.interval).unwrap_or(start + FAR));
            }
            start
        };
        tokio::time::sleep_until(start).await;
    }

    /// Records one answer from the host. `limit` is `Some(pause)` for a 429 / 503; when most
    /// recent answers were such, the whole host pauses for `pause` (capped), never shortening
    /// a longer pause.
    pub(crate) fn record_answer(&self, limit: Option<Duration>) {
        let mut schedule = self.schedule();
        schedule.remember(limit.is_some());
        if let Some(pause) = limit.filter(|_| schedule.host_is_limiting()) {
            let until = Instant::now() + pause.min(MAX_RETRY_AFTER);
            if schedule.not_before.is_none_or(|current| current < until) {
                schedule.not_before = Some(until);
            }
        }
    }

    pub(crate) fn head_unreliable(&self) -> bool {
        self.head_unreliable.load(Ordering::Relaxed)
    }

    pub(crate) fn mark_head_unreliable(&self) {
        self.head_unreliable.store(true, Ordering::Relaxed);
    }
}

/// The state of every host seen in one checker, created on first use.
pub(crate) struct Hosts {
    concurrency: usize,
    interval: Duration,
    by_name: Mutex<HashMap<String, Arc<HostState>>>,
}

impl Hosts {
    pub(crate) fn new(concurrency: usize, interval: Duration) -> Self {
        Self {
            concurrency,
            interval,
            by_name: Mutex::new(HashMap::new()),
        }
    }

    /// Keyed by host name alone: different ports on one host are usually one machine to be
    /// polite to.
    pub(crate) fn get(&self, host: &str) -> Arc<HostState> {
        let mut by_name = self.by_name.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(
            by_name
                .entry(host.to_ascii_lowercase())
                .or_insert_with(|| Arc::new(HostState::new(self.concurrency, self.interval))),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn interval_spaces_starts() {
        let host = HostState::new(4, Duration::from_millis(30));
        let begin = Instant::now();
        host.wait_for_turn().await;
        host.wait_for_turn().await;
        host.wait_for_turn().await;
        let elapsed = begin.elapsed();
        assert!(elapsed >= Duration::from_millis(60), "{elapsed:?}");
    }

    fn limit(millis: u64) -> Option<Duration> {
        Some(Duration::from_millis(millis))
    }

    #[test]
    fn one_limited_page_does_not_pause_the_host() {
        let host = HostState::new(4, Duration::ZERO);
        for _ in 0..5 {
            host.record_answer(None);
        }
        host.record_answer(limit(1000));
        assert!(host.schedule().not_before.is_none());
        // A lone 429 as the very first answer is not enough either.
        let fresh = HostState::new(4, Duration::ZERO);
        fresh.record_answer(limit(1000));
        assert!(fresh.schedule().not_before.is_none());
    }

    #[tokio::test]
    async fn a_limiting_host_pauses_and_the_pause_never_shrinks() {
        let host = HostState::new(4, Duration::ZERO);
        let begin = Instant::now();
        host.record_answer(None);
        host.record_answer(limit(120));
        host.record_answer(limit(120));
        host.record_answer(limit(10));
        host.wait_until_open().await;
        assert!(begin.elapsed() >= Duration::from_millis(120));
    }

    #[test]
    fn limiting_is_judged_on_recent_answers() {
        let host = HostState::new(4, Duration::ZERO);
        host.record_answer(limit(10));
        host.record_answer(limit(10));
        for _ in 0..RECENT_ANSWERS {
            host.record_answer(None);
        }
        let mut schedule = host.schedule();
        assert!(!schedule.host_is_limiting());
        schedule.remember(true);
        assert!(!schedule.host_is_limiting());
    }

    #[tokio::test]
    async fn absurd_interval_does_not_panic() {
        let host = HostState::new(1, Duration::MAX);
        host.wait_for_turn().await;
        assert!(host.schedule().next_start.is_some());
    }

    #[test]
    fn pause_is_capped() {
        let host = HostState::new(4, Duration::ZERO);
        host.record_answer(limit(3_600_000));
        host.record_answer(limit(3_600_000));
        let until = host.schedule().not_before.expect("paused");
        assert!(until <= Instant::now() + MAX_RETRY_AFTER);
    }
}
