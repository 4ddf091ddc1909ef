//! When to try again: backoff steps and Retry-After.

use std::time::{Duration, SystemTime};

/// Longest wait a server can impose with Retry-After; beyond this a list check would stall.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// Longest backoff step between two tries of one URL.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// The wait before retry number `retry` (1-based): `base * 2^(retry-1)`, capped, with the upper
/// half jittered so URLs that failed together do not come back together.
pub(crate) fn backoff(base: Duration, retry: u32) -> Duration {
    let doublings = retry.saturating_sub(1).min(16);
    let full = base.saturating_mul(1 << doublings).min(MAX_BACKOFF);
    let half = full / 2;
    half + half.mul_f64(fastrand::f64())
}

/// Parses a Retry-After value (see [`crate::online::parse_retry_after`]), capped at
/// [`MAX_RETRY_AFTER`]: the link checker waits that long at most, then retries anyway.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    crate::online::parse_retry_after(value, now).map(|delay| delay.min(MAX_RETRY_AFTER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_as_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        let later = "Sun, 06 Nov 1994 08:49:47 GMT";
        assert_eq!(parse_retry_after(later, now), Some(Duration::from_secs(10)));
        let earlier = "Sun, 06 Nov 1994 08:49:00 GMT";
        assert_eq!(parse_retry_after(earlier, now), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_is_capped_and_garbage_ignored() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after("86400", now), Some(MAX_RETRY_AFTER));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn backoff_doubles_within_jitter_and_caps() {
        let base = Duration::from_millis(100);
        for retry in 1..=4 {
            let full = Duration::from_millis(100 << (retry - 1));
            let wait = backoff(base, retry);
            assert!(wait >= full / 2 && wait <= full, "retry {retry}: {wait:?}");
        }
        assert!(backoff(base, 40) <= MAX_BACKOFF);
        assert_eq!(backoff(Duration::ZERO, 3), Duration::ZERO);
    }
}
