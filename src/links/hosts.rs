//! Per-host politeness: an in-flight limit, a minimum gap between request starts, and a pause
//! ("not before") that a host imposes with 429 or 503 on itself alone.
//!
//! A single 429 or 503 delays only the URL that got it (by its Retry-After): one page can be
//! limited on its own (GitHub limits /search apart from repository pages), and the link farm's
//! `/limited/` pages are. The whole host pauses when most of its recent answers are 429 or 503,
//! which is what a server limiting *us* looks like; pausing the host at every single 429 cost
//! 3 s of 14 s on the link farm, stalling each host once per limited page.
//!
//! The in-flight limit adapts (AIMD, as TCP does). It starts at [`START_LIMIT`] and grows by one
//! per quick answer (doubling each round trip) until the host first slows us down; from then on
//! by one per round trip (1/limit per quick answer). It halves when the host is overloaded:
//! of its recent answers, half said "slow down" (429, 503, or a timeout while the host answered
//! nothing else) and at least a quarter were 429 / 503. Never below 1 nor above the cap.
//!
//! Timeouts alone do not shrink it. On the link farm 4 % of pages hang: once 32 of them are in
//! flight the host answers nothing for a whole timeout and looks dead, though it is not; halving
//! then made each host time its hangs out in waves (the limit sat at 17 of 32, and 10 000 links
//! took 55 s). A host that truly is down gains nothing from a smaller limit either: its links
//! would time out one after another instead of side by side.
//!
//! The slots are a fair (first come, first served) [`Semaphore`]: growing adds a permit,
//! shrinking takes idle permits away and owes the rest, which slots in flight pay back as they
//! finish. The hand-written wait queue this replaces let newcomers overtake a woken waiter, which
//! then queued again at the back. A request that timed out gives its slot back at once, whatever
//! the server does with the connection.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use super::retry::MAX_RETRY_AFTER;

/// What one request told us about its host; `sent` is when that request went out.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Signal {
    /// Any answer that is not a limit; `quick` when well inside the timeout.
    Answered { quick: bool, sent: Instant },
    /// 429 or 503, with how long to wait before asking again.
    Limited { wait: Duration, sent: Instant },
    /// No answer in time.
    TimedOut { sent: Instant },
}

/// Where a host's in-flight limit starts: low, as a stranger to the host; slow start doubles it
/// each round trip, so a host that answers 50 ms apart reaches 32 in 100 ms.
const START_LIMIT: usize = 8;

/// Fewer recent answers than this say nothing about overload: the link farm's first answers
/// hold a 429 or 503 page often enough (8 % of pages) that two of the first three halved the
/// limit of some host in most runs.
const MIN_ANSWERS_TO_JUDGE: u32 = 8;

/// The adaptive in-flight limit of one host.
struct Window {
    /// Current limit; fractional so that additive increase can add 1/limit per answer.
    limit: f64,
    cap: f64,
    /// Slots handed out and not yet back.
    in_flight: usize,
    /// Permits the semaphore holds beyond the limit after a shrink; finished slots pay them
    /// back instead of returning their permit.
    owed: usize,
    /// When the limit last shrank; answers to requests sent before then say nothing new.
    shrunk_at: Option<Instant>,
    /// When the latest request that got a quick answer was sent.
    last_quick: Option<Instant>,
}

pub(crate) struct HostState {
    /// One permit per free slot under the current limit.
    slots: Semaphore,
    window: Mutex<Window>,
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

    /// Half of the recent answers said "slow down" and a quarter were 429 / 503, out of
    /// enough answers to judge. On the link farm 8 % of pages answer 429 or 503 once and 4 %
    /// hang; these thresholds leave such a host at its cap, while a host that limits us
    /// answers most requests with 429 and crosses them within 16 answers.
    fn host_is_overloaded(&self) -> bool {
        let len = self.recent_len;
        let slow = self.recent_slow.count_ones();
        let limited = self.recent_limited.count_ones();
        len >= MIN_ANSWERS_TO_JUDGE && slow * 2 >= len && limited * 4 >= len
    }

    /// At least two of the recent answers, and at least half of them, were 429 / 503.
    fn host_is_limiting(&self) -> bool {
        let limited = self.recent_limited.count_ones();
        limited >= 2 && limited * 2 >= self.recent_len
    }
}

impl HostState {
    fn new(concurrency: usize, interval: Duration) -> Self {
        let cap = concurrency.clamp(1, Semaphore::MAX_PERMITS);
        let start = START_LIMIT.min(cap);
        Self {
            slots: Semaphore::new(start),
            window: Mutex::new(Window {
                limit: start as f64,
                cap: cap as f64,
                in_flight: 0,
                owed: 0,
                shrunk_at: None,
                last_quick: None,
            }),
            interval,
            schedule: Mutex::new(Schedule::default()),
            head_unreliable: AtomicBool::new(false),
        }
    }

    fn window(&self) -> std::sync::MutexGuard<'_, Window> {
        // Plain data, never held across an await.
        self.window.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits, in turn, for an in-flight slot on this host; the slot is given back when
    /// dropped. `None` only if the semaphore were closed, which nothing does.
    pub(crate) async fn acquire(&self) -> Option<HostSlot<'_>> {
        let permit: SemaphorePermit<'_> = self.slots.acquire().await.ok()?;
        // The permit's count lives in `Window` from here on, so shrinking can take it back.
        permit.forget();
        self.window().in_flight += 1;
        Some(HostSlot { host: self })
    }

    /// A slot if one is free now and nobody waits for it (the semaphore is fair: a waiter
    /// would have taken a free permit).
    pub(crate) fn try_acquire(&self) -> Option<HostSlot<'_>> {
        let permit = self.slots.try_acquire().ok()?;
        permit.forget();
        self.window().in_flight += 1;
        Some(HostSlot { host: self })
    }

    /// Whether a 429 / 503 pause holds the host now.
    pub(crate) fn is_paused(&self) -> bool {
        self.schedule()
            .not_before
            .is_some_and(|at| at > Instant::now())
    }

    /// The current in-flight limit.
    #[cfg(test)]
    pub(crate) fn limit(&self) -> usize {
        self.window().limit as usize
    }

    /// Slots in flight now.
    #[cfg(test)]
    pub(crate) fn in_flight(&self) -> usize {
        self.window().in_flight
    }

    /// Adds a slot: pays a debt first, else a new permit.
    fn grant_one(&self, window: &mut Window) {
        if window.owed > 0 {
            window.owed -= 1;
        } else {
            self.slots.add_permits(1);
        }
    }

    fn adapt(&self, signal: Signal, overloaded: bool) {
        let mut window = self.window();
        match signal {
            Signal::Answered { quick: true, .. } if !overloaded => {
                // Slow start until the host first slows us down: +1 per quick answer (the
                // limit doubles each round). A host with more hanging pages than slots would
                // otherwise time them out in waves. Then additive increase, +1 per round.
                let step = if window.shrunk_at.is_none() {
                    1.0
                } else {
                    1.0 / window.limit
                };
                let grown = (window.limit + step).min(window.cap);
                let added = grown.floor() as usize - window.limit.floor() as usize;
                window.limit = grown;
                for _ in 0..added {
                    self.grant_one(&mut window);
                }
            }
            Signal::Limited { sent, .. } | Signal::TimedOut { sent } if overloaded => {
                // One shrink per round: answers to requests sent before the last shrink were
                // sent under the old limit and say nothing new.
                if window.shrunk_at.is_some_and(|at| sent < at) {
                    return;
                }
                let shrunk = (window.limit / 2.0).max(1.0);
                let removed = window.limit.floor() as usize - shrunk.floor() as usize;
                window.limit = shrunk;
                window.shrunk_at = Some(Instant::now());
                for _ in 0..removed {
                    match self.slots.try_acquire() {
                        Ok(idle) => idle.forget(),
                        Err(_) => window.owed += 1,
                    }
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
            // The host quickly answered a request sent after this one: the page hangs, not
            // the host (the link farm's /hang/ pages, a dead mirror behind a live site).
            Signal::TimedOut { sent } if self.window().last_quick.is_some_and(|at| at > sent) => {
                Signal::Answered { quick: false, sent }
            }
            Signal::Answered { quick: true, sent } => {
                let mut window = self.window();
                window.last_quick = window.last_quick.max(Some(sent));
                signal
            }
            other => other,
        };
        let overloaded = {
            let mut schedule = self.schedule();
            let limited = matches!(signal, Signal::Limited { .. });
            schedule.remember_signal(
                limited,
                limited || matches!(signal, Signal::TimedOut { .. }),
            );
            if let Signal::Limited { wait, .. } = signal {
                if schedule.host_is_limiting() {
                    let until = Instant::now() + wait.min(MAX_RETRY_AFTER);
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
        self.host.grant_one(&mut window);
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
        Signal::Limited {
            wait: Duration::from_millis(millis),
            sent: Instant::now(),
        }
    }

    fn fine() -> Signal {
        Signal::Answered {
            quick: true,
            sent: Instant::now(),
        }
    }

    /// Grows `host` to its cap with quick answers.
    fn grow(host: &HostState) {
        for _ in 0..2000 {
            host.record_answer(fine());
        }
    }

    /// Free permits plus slots in flight, less what is owed: must equal the limit.
    fn accounted(host: &HostState) -> usize {
        let window = host.window();
        host.slots.available_permits() + window.in_flight - window.owed
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
    fn limit_starts_low_and_grows_on_quick_answers_up_to_the_cap() {
        let host = HostState::new(40, Duration::ZERO);
        assert_eq!(host.limit(), START_LIMIT);
        assert_eq!(host.slots.available_permits(), START_LIMIT);
        // Slow start: one more per quick answer.
        for _ in 0..4 {
            host.record_answer(fine());
        }
        assert_eq!(host.limit(), START_LIMIT + 4);
        grow(&host);
        assert_eq!(host.limit(), 40);
        assert_eq!(host.slots.available_permits(), 40);
        // Slow answers do not grow it.
        let slow = HostState::new(40, Duration::ZERO);
        for _ in 0..1000 {
            slow.record_answer(Signal::Answered {
                quick: false,
                sent: Instant::now(),
            });
        }
        assert_eq!(slow.limit(), START_LIMIT);
        // Nor does a cap below the start.
        assert_eq!(HostState::new(3, Duration::ZERO).limit(), 3);
    }

    #[test]
    fn limit_halves_when_the_host_slows_us_down_but_not_for_one_bad_page() {
        let host = HostState::new(32, Duration::ZERO);
        grow(&host);
        assert_eq!(host.limit(), 32);
        // One hanging page among quick ones: no shrink.
        host.record_answer(Signal::TimedOut {
            sent: Instant::now(),
        });
        assert_eq!(host.limit(), 32);
        // A burst of 429s to requests sent together shrinks it once.
        let sent = Instant::now();
        for _ in 0..8 {
            host.record_answer(Signal::Limited {
                wait: Duration::from_millis(10),
                sent,
            });
        }
        assert_eq!(host.limit(), 16, "one burst shrinks once");
        // 429s to requests sent after the shrink are news: it halves again.
        host.record_answer(limit(10));
        assert_eq!(host.limit(), 8);
        // Then, once the 429s are out of the recent answers, it grows by one per round
        // (1/limit per answer), not by one per answer.
        for _ in 0..2 * RECENT_ANSWERS {
            host.record_answer(fine());
        }
        assert!((9..=11).contains(&host.limit()), "{}", host.limit());
        let floor = HostState::new(1, Duration::ZERO);
        for _ in 0..20 {
            floor.record_answer(limit(10));
        }
        assert_eq!(floor.limit(), 1);
    }

    #[test]
    fn the_first_answers_are_too_few_to_shrink_the_limit() {
        // The link farm's 429 and 503 pages (8 %) came two in the first three answers often
        // enough to halve some host's limit in most runs.
        let host = HostState::new(32, Duration::ZERO);
        host.record_answer(limit(10));
        host.record_answer(limit(10));
        host.record_answer(fine());
        assert_eq!(host.limit(), START_LIMIT + 1);
    }

    #[test]
    fn timeouts_alone_never_shrink_the_limit() {
        // 32 hanging pages in flight make a live host look dead for a whole timeout; and a
        // dead host's links are better timed out side by side.
        let host = HostState::new(32, Duration::ZERO);
        grow(&host);
        for _ in 0..64 {
            host.record_answer(Signal::TimedOut {
                sent: Instant::now(),
            });
        }
        assert_eq!(host.limit(), 32);
        // Timeouts with 429s among them (a quarter) do.
        for _ in 0..4 {
            host.record_answer(limit(10));
        }
        assert_eq!(host.limit(), 16);
    }

    #[test]
    fn a_page_that_hangs_while_its_host_answers_does_not_count_as_slow() {
        let host = HostState::new(32, Duration::ZERO);
        let sent = Instant::now();
        grow(&host);
        for _ in 0..RECENT_ANSWERS {
            host.record_answer(Signal::TimedOut { sent });
        }
        assert_eq!(host.schedule().recent_slow, 0);
    }

    #[tokio::test]
    async fn slots_wait_for_the_limit_and_come_back_when_dropped() {
        let host = Arc::new(HostState::new(2, Duration::ZERO));
        let first = host.acquire().await.expect("slot");
        let _second = host.acquire().await.expect("slot");
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

    #[tokio::test]
    async fn a_shrink_below_the_slots_in_flight_is_paid_back_as_they_finish() {
        let host = HostState::new(8, Duration::ZERO);
        let mut held = Vec::new();
        for _ in 0..8 {
            held.push(host.acquire().await.expect("slot"));
        }
        for _ in 0..RECENT_ANSWERS {
            host.record_answer(limit(10));
        }
        // 8 → 4 → 2 → 1, one halving per round; here each 429 is news.
        assert_eq!(host.limit(), 1);
        assert_eq!(accounted(&host), 1);
        // Seven of the eight slots in flight pay the debt; only the eighth frees a slot.
        held.truncate(1);
        assert_eq!(host.slots.available_permits(), 0);
        drop(held);
        assert_eq!(host.slots.available_permits(), 1);
        assert_eq!(host.in_flight(), 0);
        let _only = host.acquire().await.expect("slot");
        assert!(host.slots.try_acquire().is_err());
    }

    #[tokio::test]
    async fn slots_are_handed_out_in_arrival_order() {
        // The old wait queue let a newcomer take a freed slot from a woken waiter, which
        // then queued again at the back.
        let host = Arc::new(HostState::new(1, Duration::ZERO));
        let held = host.acquire().await.expect("slot");
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut waiters = Vec::new();
        for n in 0..5 {
            let host = Arc::clone(&host);
            let order = Arc::clone(&order);
            waiters.push(tokio::spawn(async move {
                let _slot = host.acquire().await;
                order.lock().expect("order").push(n);
                tokio::task::yield_now().await;
            }));
            // Each waiter queues before the next is spawned.
            tokio::task::yield_now().await;
        }
        drop(held);
        for waiter in waiters {
            waiter.await.expect("joined");
        }
        assert_eq!(*order.lock().expect("order"), [0, 1, 2, 3, 4]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn in_flight_never_exceeds_the_limit_while_it_moves() {
        let host = Arc::new(HostState::new(12, Duration::ZERO));
        let peak_over = Arc::new(Mutex::new(0usize));
        let mut tasks = Vec::new();
        for n in 0..400u32 {
            let host = Arc::clone(&host);
            let peak_over = Arc::clone(&peak_over);
            tasks.push(tokio::spawn(async move {
                let Some(_slot) = host.acquire().await else {
                    return;
                };
                {
                    // Counted under the window lock: in flight may exceed the limit only by
                    // what a shrink owes.
                    let window = host.window();
                    let over = window
                        .in_flight
                        .saturating_sub(window.limit.floor() as usize);
                    assert!(over <= window.owed, "{over} over, {} owed", window.owed);
                    let mut peak = peak_over.lock().expect("peak");
                    *peak = (*peak).max(window.in_flight);
                }
                tokio::time::sleep(Duration::from_millis(1)).await;
                // Every fifth answer a 429: the limit swings between shrinking and growing.
                host.record_answer(if n % 5 == 0 { limit(0) } else { fine() });
            }));
        }
        for task in tasks {
            task.await.expect("no assertion failed");
        }
        assert_eq!(accounted(&host), host.limit());
        assert!(*peak_over.lock().expect("peak") <= 12);
    }
}
