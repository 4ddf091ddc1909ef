//! Per-host politeness: an in-flight limit, a minimum gap between request starts, and a pause
//! ("not before") that a host imposes with 429 or 503 on itself alone.
//!
//! A single 429 or 503 delays only the URL that got it (by its Retry-After): one page can be
//! limited on its own (GitHub limits /search apart from repository pages), and the link farm's
//! `/limited/` pages are. The whole host pauses when most of its recent answers are 429 or 503,
//! which is what a server limiting *us* looks like; pausing the host at every single 429 cost
//! 3 s of 14 s on the link farm, stalling each host once per limited page.
//!
//! The in-flight limit adapts (AIMD, as TCP does): it starts at [`START_LIMIT`], doubles each
//! round of quick answers until the host first slows us down and then grows by one per round, and halves when half of the recent answers were 429,
//! 503 or timeouts (with at least one 429 / 503 among them), never below 1 nor above the
//! configured cap. One limited page or one hanging
//! page (the farm has 4 % of each) does not shrink it: a host that limits *us* answers most
//! requests that way. A request that timed out has already given its slot back.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use super::retry::MAX_RETRY_AFTER;

/// What one request told us about its host.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Signal {
    /// Any answer that is not a limit; `quick` when well inside the timeout.
    Answered { quick: bool },
    /// 429 or 503, with how long to wait before asking again.
    Limited(Duration),
    /// A request sent at `sent` got no answer in time.
    TimedOut { sent: Instant },
}

/// Where a host's in-flight limit starts: the fixed limit this checker used before it
/// adapted, which no host of the link farm or the corpus limited.
const START_LIMIT: f64 = 16.0;

/// The adaptive in-flight limit of one host.
struct Window {
    /// Current limit; fractional so that additive increase can add 1/limit per answer.
    limit: f64,
    cap: f64,
    in_flight: usize,
    /// When the limit last shrank: one burst of slow-downs shrinks it once.
    shrunk_at: Option<Instant>,
    /// When the host last answered quickly.
    last_quick: Option<Instant>,
}

pub(crate) struct HostState {
    window: Mutex<Window>,
    /// Woken when a slot frees or the limit grows.
    freed: Notify,
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
    /// The same answers: 1 for 429 / 503 or a timeout.
    recent_slow: u32,
    recent_len: u32,
}

impl Schedule {
    fn remember_signal(&mut self, limited: bool, slow: bool) {
        let mask = (1 << RECENT_ANSWERS) - 1;
        self.recent_limited = ((self.recent_limited << 1) | u32::from(limited)) & mask;
        self.recent_slow = ((self.recent_slow << 1) | u32::from(slow)) & mask;
        self.recent_len = (self.recent_len + 1).min(RECENT_ANSWERS);
    }

    /// At least two, and half, of the recent answers said "slow down", one of them with a 429
    /// or 503. A quarter was too eager: on the link farm 8 % of pages answer 429 or 503 once
    /// and 4 % hang, so a quarter of 16 came up often, and the limit of every host hovered
    /// far below its cap (63 s for 10 000 links instead of 25). Timeouts alone do not shrink the limit: a host whose remaining pages all
    /// hang (the link farm's /hang/ pages once its quick pages are done) would then time them
    /// out one after another, 5 s each, instead of side by side.
    fn host_is_overloaded(&self) -> bool {
        let slow = self.recent_slow.count_ones();
        slow >= 2 && slow * 2 >= self.recent_len && self.recent_limited != 0
    }

    /// At least two of the recent answers, and at least half of them, were 429 / 503.
    fn host_is_limiting(&self) -> bool {
        let limited = self.recent_limited.count_ones();
        limited >= 2 && limited * 2 >= self.recent_len
    }
}

impl HostState {
    fn new(concurrency: usize, interval: Duration) -> Self {
        let cap = concurrency.max(1) as f64;
        Self {
            window: Mutex::new(Window {
                limit: START_LIMIT.min(cap),
                cap,
                in_flight: 0,
                shrunk_at: None,
                last_quick: None,
            }),
            freed: Notify::new(),
            interval,
            schedule: Mutex::new(Schedule::default()),
            head_unreliable: AtomicBool::new(false),
        }
    }

    fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        // Plain data, never held across an await.
        self.window.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for an in-flight slot on this host; the slot is given back when dropped.
    pub(crate) async fn acquire(&self) -> HostSlot<'_> {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            // Registered before looking, so a slot freed in between still wakes us.
            freed.as_mut().enable();
            {
                let mut window = self.window();
                if (window.in_flight as f64) < window.limit.floor().max(1.0) {
                    window.in_flight += 1;
                    return HostSlot { host: self };
                }
            }
            freed.await;
        }
    }

    /// The current in-flight limit.
    #[cfg(test)]
    pub(crate) fn limit(&self) -> usize {
        self.window().limit as usize
    }

    fn adapt(&self, signal: Signal, overloaded: bool) {
        let mut window = self.window();
        match signal {
            Signal::Answered { quick: true } if !overloaded => {
                // Slow start until the host first slows us down: +1 per quick answer (the
                // limit doubles each round). A host with more hanging pages than slots would
                // otherwise time them out in waves (12 hangs on one farm host at a limit of 8:
                // 20 s instead of 10). Then additive increase, +1 per round.
                let step = if window.shrunk_at.is_none() {
                    1.0
                } else {
                    1.0 / window.limit
                };
                let grown = (window.limit + step).min(window.cap);
                let crossed = grown.floor() > window.limit.floor();
                window.limit = grown;
                if crossed {
                    self.freed.notify_one();
                }
            }
            Signal::Limited(_) | Signal::TimedOut { .. } if overloaded => {
                let now = Instant::now();
                // One shrink per burst: the answers to requests sent before the last shrink
                // say nothing new.
                let recently = window
                    .shrunk_at
                    .is_some_and(|at| now.duration_since(at) < Duration::from_millis(500));
                if !recently {
                    window.limit = (window.limit / 2.0).max(1.0);
                    window.shrunk_at = Some(now);
                }
            }
            _ => {}
        }
    }

    fn schedule(&self) -> std::sync::MutexGuard<'_, Schedule> {
        // The lock guards plain data and is never held across an await or a panic point.
        self.schedule.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sleeps until the host is not paused, and says whether that came before `deadline`.
    /// The pause may grow while we sleep (another 429), so look again after waking; a pause
    /// that ends after the deadline is not waited for.
    pub(crate) async fn wait_until_open(&self, deadline: Option<Instant>) -> bool {
        loop {
            let not_before = self.schedule().not_before;
            match not_before {
                Some(at) if deadline.is_some_and(|deadline| at > deadline) => return false,
                Some(at) if at > Instant::now() => tokio::time::sleep_until(at).await,
                _ => return true,
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

    /// Records what one request said about the host: adapts the in-flight limit and, when
    /// most recent answers were 429 / 503, pauses the whole host for the asked wait (capped),
    /// never shortening a longer pause.
    pub(crate) fn record_answer(&self, signal: Signal) {
        let signal = match signal {
            // The host answered other requests quickly while this one hung: the page hangs,
            // not the host (the link farm's /hang/ pages, a dead mirror behind a live site).
            // Counting it would shrink the limit just when the host's other hanging pages
            // need slots to time out in parallel.
            Signal::TimedOut { sent } if self.window().last_quick.is_some_and(|at| at > sent) => {
                Signal::Answered { quick: false }
            }
            Signal::Answered { quick: true } => {
                self.window().last_quick = Some(Instant::now());
                signal
            }
            other => other,
        };
        let overloaded = {
            let mut schedule = self.schedule();
            let limited = matches!(signal, Signal::Limited(_));
            schedule.remember_signal(
                limited,
                limited || matches!(signal, Signal::TimedOut { .. }),
            );
            if let Signal::Limited(pause) = signal {
                if schedule.host_is_limiting() {
                    let until = Instant::now() + pause.min(MAX_RETRY_AFTER);
                    if schedule.not_before.is_none_or(|current| current < until) {
                        schedule.not_before = Some(until);
                    }
                }
            }
            schedule.host_is_overloaded()
        };
        self.adapt(signal, overloaded);
    }

    pub(crate) fn head_unreliable(&self) -> bool {
        self.head_unreliable.load(Ordering::Relaxed)
    }

    pub(crate) fn mark_head_unreliable(&self) {
        self.head_unreliable.store(true, Ordering::Relaxed);
    }
}

/// An in-flight slot on a host.
pub(crate) struct HostSlot<'a> {
    host: &'a HostState,
}

impl Drop for HostSlot<'_> {
    fn drop(&mut self) {
        let mut window = self.host.window();
        window.in_flight = window.in_flight.saturating_sub(1);
        drop(window);
        self.host.freed.notify_one();
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

    fn limit(millis: u64) -> Signal {
        Signal::Limited(Duration::from_millis(millis))
    }

    fn fine() -> Signal {
        Signal::Answered { quick: true }
    }

    #[test]
    fn one_limited_page_does_not_pause_the_host() {
        let host = HostState::new(4, Duration::ZERO);
        for _ in 0..5 {
            host.record_answer(fine());
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
        host.record_answer(fine());
        host.record_answer(limit(120));
        host.record_answer(limit(120));
        host.record_answer(limit(10));
        host.wait_until_open(None).await;
        assert!(begin.elapsed() >= Duration::from_millis(120));
    }

    #[test]
    fn limiting_is_judged_on_recent_answers() {
        let host = HostState::new(4, Duration::ZERO);
        host.record_answer(limit(10));
        host.record_answer(limit(10));
        for _ in 0..RECENT_ANSWERS {
            host.record_answer(fine());
        }
        let mut schedule = host.schedule();
        assert!(!schedule.host_is_limiting());
        schedule.remember_signal(true, true);
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

    #[test]
    fn limit_grows_on_quick_answers_up_to_the_cap() {
        let host = HostState::new(40, Duration::ZERO);
        assert_eq!(host.limit(), 16);
        for _ in 0..1000 {
            host.record_answer(fine());
        }
        assert_eq!(host.limit(), 40);
        // Slow answers do not grow it.
        let slow = HostState::new(40, Duration::ZERO);
        for _ in 0..1000 {
            slow.record_answer(Signal::Answered { quick: false });
        }
        assert_eq!(slow.limit(), 16);
    }

    #[test]
    fn limit_halves_when_the_host_slows_us_down_but_not_for_one_bad_page() {
        let host = HostState::new(32, Duration::ZERO);
        for _ in 0..2000 {
            host.record_answer(fine());
        }
        assert_eq!(host.limit(), 32);
        // One hanging page among quick ones: no shrink.
        host.record_answer(Signal::TimedOut {
            sent: Instant::now(),
        });
        assert_eq!(host.limit(), 32);
        for _ in 0..8 {
            host.record_answer(limit(10));
        }
        assert_eq!(host.limit(), 16, "one burst shrinks once");
        let floor = HostState::new(1, Duration::ZERO);
        for _ in 0..20 {
            floor.record_answer(limit(10));
        }
        assert_eq!(floor.limit(), 1);
    }

    #[tokio::test]
    async fn slots_wait_for_the_limit_and_come_back_when_dropped() {
        let host = Arc::new(HostState::new(2, Duration::ZERO));
        let first = host.acquire().await;
        let _second = host.acquire().await;
        let waiter = {
            let host = Arc::clone(&host);
            tokio::spawn(async move {
                let _third = host.acquire().await;
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!waiter.is_finished());
        drop(first);
        tokio::time::timeout(Duration::from_secs(1), waiter)
            .await
            .expect("a freed slot wakes the waiter")
            .expect("joined");
    }

    #[test]
    fn a_page_that_hangs_while_its_host_answers_does_not_shrink_the_limit() {
        let host = HostState::new(32, Duration::ZERO);
        let sent = Instant::now();
        for _ in 0..2000 {
            host.record_answer(fine());
        }
        for _ in 0..16 {
            host.record_answer(Signal::TimedOut { sent });
        }
        assert_eq!(host.limit(), 32);
        // Timeouts with a 429 among them do shrink it.
        host.record_answer(limit(10));
        for _ in 0..8 {
            host.record_answer(Signal::TimedOut {
                sent: Instant::now(),
            });
        }
        assert!(host.limit() < 32);
    }
}
