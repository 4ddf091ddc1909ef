//! Remembering good answers between runs, so a daily CI job does not hammer the same hosts.
//!
//! The file is JSON: `{"version": 1, "entries": [{"url", "status", "checked_at"}]}`, with
//! `checked_at` in Unix seconds. Only alive links (ok or redirected) are stored: a failure may be
//! transient, and caching it would hide the recovery or keep reporting a fixed link.
//!
//! A missing file is an empty cache. A file of another version is ignored (the format moved on;
//! the next save replaces it). A file that is not a cache at all is an error,
//! [`LinkError::CacheCorrupt`]: something else wrote it, and overwriting it silently could destroy
//! a user's file that merely has the cache's name.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::{LinkError, LinkOutcome, LinkStatus, normalize_for_dedupe};

/// Where the cache lives unless configured otherwise.
pub const DEFAULT_CACHE_FILE: &str = ".awesome-lint-cache.json";

const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheEntry {
    pub url: String,
    pub status: CachedStatus,
    /// Unix seconds.
    pub checked_at: u64,
}

/// The part of a [`LinkStatus`] worth keeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CachedStatus {
    Ok {
        status: u16,
    },
    Redirected {
        status: u16,
        permanent: bool,
        final_url: String,
    },
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    version: u32,
    entries: Vec<CacheEntry>,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    max_age: Duration,
    entries: HashMap<String, CacheEntry>,
}

impl Cache {
    /// An empty cache that will be saved to `path`.
    pub fn new(path: impl Into<PathBuf>, max_age: Duration) -> Self {
        Self {
            path: path.into(),
            max_age,
            entries: HashMap::new(),
        }
    }

    /// Reads the cache at `path`, dropping entries older than `max_age`.
    pub fn load(path: impl Into<PathBuf>, max_age: Duration) -> Result<Self, LinkError> {
        let mut cache = Self::new(path, max_age);
        let text = match std::fs::read_to_string(&cache.path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(cache),
            Err(source) => {
                return Err(LinkError::CacheRead {
                    path: cache.path,
                    source,
                });
            }
        };
        let corrupt = |source| LinkError::CacheCorrupt {
            path: cache.path.clone(),
            source,
        };
        let version: VersionOnly = serde_json::from_str(&text).map_err(corrupt)?;
        if version.version != FORMAT_VERSION {
            return Ok(cache);
        }
        let file: CacheFile = serde_json::from_str(&text).map_err(corrupt)?;
        let now = unix_now();
        cache.entries = file
            .entries
            .into_iter()
            .filter(|entry| is_fresh(entry.checked_at, now, max_age))
            .map(|entry| (entry.url.clone(), entry))
            .collect();
        Ok(cache)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The remembered outcome for `url` (fragment ignored), if still fresh. It has
    /// `attempts == 0`: nothing was sent.
    pub fn get(&self, url: &str) -> Option<LinkOutcome> {
        let key = normalize_for_dedupe(url);
        let entry = self.entries.get(&key)?;
        if !is_fresh(entry.checked_at, unix_now(), self.max_age) {
            return None;
        }
        let (status, final_url) = match &entry.status {
            CachedStatus::Ok { status } => (LinkStatus::Ok(*status), key),
            CachedStatus::Redirected {
                status,
                permanent,
                final_url,
            } => (
                LinkStatus::Redirected {
                    status: *status,
                    permanent: *permanent,
                    final_url: final_url.clone(),
                },
                final_url.clone(),
            ),
        };
        Some(LinkOutcome {
            status,
            attempts: 0,
            final_url: Some(final_url),
            elapsed: Duration::ZERO,
        })
    }

    /// Remembers `outcome` if the link was alive; returns whether it was stored.
    pub fn insert(&mut self, url: &str, outcome: &LinkOutcome) -> bool {
        let status = match &outcome.status {
            LinkStatus::Ok(status) => CachedStatus::Ok { status: *status },
            LinkStatus::Redirected {
                status,
                permanent,
                final_url,
            } => CachedStatus::Redirected {
                status: *status,
                permanent: *permanent,
                final_url: final_url.clone(),
            },
            LinkStatus::Dead(_)
            | LinkStatus::Error(_)
            | LinkStatus::Excluded(_)
            | LinkStatus::Blocked(_)
            | LinkStatus::Unchecked(_) => return false,
        };
        let key = normalize_for_dedupe(url);
        let entry = CacheEntry {
            url: key.clone(),
            status,
            checked_at: unix_now(),
        };
        self.entries.insert(key, entry);
        true
    }

    /// Writes the cache atomically: a temporary file beside it, then renamed over it, so a
    /// crash or a concurrent reader never sees half a file.
    pub fn save(&self) -> Result<(), LinkError> {
        let write_error = |source| LinkError::CacheWrite {
            path: self.path.clone(),
            source,
        };
        let mut entries: Vec<&CacheEntry> = self.entries.values().collect();
        entries.sort_by(|a, b| a.url.cmp(&b.url));
        let file = serde_json::json!({ "version": FORMAT_VERSION, "entries": entries });
        let text = serde_json::to_string_pretty(&file)
            .map_err(io::Error::from)
            .map_err(write_error)?;
        crate::atomic::write_atomically(&self.path, &(text + "\n")).map_err(write_error)
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|since| since.as_secs())
        .unwrap_or(0)
}

/// An entry from the future (a clock set back) counts as fresh: its age is unknown, and
/// the next check of that link renews it.
fn is_fresh(checked_at: u64, now: u64, max_age: Duration) -> bool {
    now.saturating_sub(checked_at) <= max_age.as_secs()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::{DeadReason, ErrorKind};

    fn outcome(status: LinkStatus) -> LinkOutcome {
        LinkOutcome {
            status,
            attempts: 1,
            final_url: None,
            elapsed: Duration::from_millis(5),
        }
    }

    #[test]
    fn round_trip_keeps_good_results_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cache.json");
        let mut cache =
            Cache::load(&path, Duration::from_secs(3600)).expect("missing file is empty");
        assert!(cache.is_empty());
        assert!(cache.insert("https://a.org/x#top", &outcome(LinkStatus::Ok(200))));
        let redirected = LinkStatus::Redirected {
            status: 200,
            permanent: true,
            final_url: "https://b.org/".to_owned(),
        };
        assert!(cache.insert("https://a.org/old", &outcome(redirected.clone())));
        assert!(!cache.insert(
            "https://a.org/gone",
            &outcome(LinkStatus::Dead(DeadReason::Status(404)))
        ));
        assert!(!cache.insert(
            "https://a.org/slow",
            &outcome(LinkStatus::Error(ErrorKind::Timeout))
        ));
        cache.save().expect("save");

        let loaded = Cache::load(&path, Duration::from_secs(3600)).expect("load");
        assert_eq!(loaded.len(), 2);
        let hit = loaded.get("https://a.org/x").expect("cached");
        assert_eq!((hit.status, hit.attempts), (LinkStatus::Ok(200), 0));
        assert_eq!(
            loaded.get("https://a.org/old").map(|o| o.status),
            Some(redirected)
        );
        assert!(loaded.get("https://a.org/gone").is_none());
    }

    #[test]
    fn old_entries_are_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cache.json");
        let now = unix_now();
        let text = serde_json::json!({"version": 1, "entries": [
            {"url": "https://a.org/fresh", "status": {"kind": "ok", "status": 200}, "checked_at": now - 10},
            {"url": "https://a.org/stale", "status": {"kind": "ok", "status": 200}, "checked_at": now - 7200},
        ]});
        std::fs::write(&path, text.to_string()).expect("write");
        let cache = Cache::load(&path, Duration::from_secs(3600)).expect("load");
        assert!(cache.get("https://a.org/fresh").is_some());
        assert!(cache.get("https://a.org/stale").is_none());
    }

    #[test]
    fn corrupt_file_is_a_clear_error_and_other_versions_are_ignored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cache.json");
        std::fs::write(&path, "# my notes, not a cache").expect("write");
        let error = Cache::load(&path, Duration::from_secs(60)).expect_err("corrupt");
        assert!(matches!(error, LinkError::CacheCorrupt { .. }), "{error:?}");
        assert!(error.to_string().contains("cache.json"));

        std::fs::write(&path, r#"{"version": 99, "entries": "whatever"}"#).expect("write");
        let cache = Cache::load(&path, Duration::from_secs(60)).expect("future version");
        assert!(cache.is_empty());
    }
}
