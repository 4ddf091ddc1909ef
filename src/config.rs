//! `.awesome-lint.toml`: rule levels and options. Unknown keys are errors that name their
//! line, so a typo never silently turns a rule on or off.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Severity;
use crate::registry;

pub const CONFIG_FILE: &str = ".awesome-lint.toml";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

/// A rule's level: off, or a severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(Level::Off),
            other => other.parse().map(Level::On).map_err(|_| {
                format!("unknown level `{other}` (expected off, info, warning or error)")
            }),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RuleSetting {
    Level(String),
    Table(toml::Table),
}

/// Which rule set a list gets on top of the rules on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    /// The awesome guideline rules when the list carries the Awesome badge
    #[default]
    Auto,
    /// The awesome guideline rules always (`awesome-heading`, `awesome-list-item`, …)
    Awesome,
    /// No guideline rules unless a rule is selected or given a level
    None,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// `preset = "awesome"`: see `Preset`.
    preset: Option<Preset>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<RuleSetting>>,
    #[serde(default)]
    links: LinksConfig,
    #[serde(default)]
    online: OnlineConfig,
}

/// An accepted status: `200` or a range `"200..=299"` / `"200-299"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Accept {
    Status(u16),
    Range(String),
}

/// `[links]`: how the link checker behaves.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LinksConfig {
    /// URLs matching any of these regular expressions are never requested.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Statuses counted as alive (default: 200–299).
    pub accept: Option<Spanned<Vec<Accept>>>,
    /// Seconds per request.
    pub timeout: Option<f64>,
    pub max_retries: Option<u32>,
    pub max_concurrency: Option<usize>,
    pub host_concurrency: Option<usize>,
    /// Least seconds between two requests to one host.
    pub host_interval: Option<f64>,
    pub user_agent: Option<String>,
    /// Extra headers per host: `[links.headers."example.org"] Authorization = "…"`.
    #[serde(default)]
    pub headers: BTreeMap<String, BTreeMap<String, String>>,
}

/// `[online]`: the metadata APIs, so tests and mirrors can point elsewhere.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OnlineConfig {
    pub arxiv_api: Option<String>,
    pub github_api: Option<String>,
    /// Seconds between two arXiv API requests (the API asks for 3).
    pub arxiv_interval: Option<f64>,
}

/// One rule's configuration as written: its level and its own options.
#[derive(Debug, Clone)]
pub struct RuleConfig {
    pub level: Option<Level>,
    pub options: toml::Table,
    /// 1-based line of the setting, for errors in the options.
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Where the config came from; `None` for the defaults.
    pub path: Option<PathBuf>,
    pub preset: Option<Preset>,
    pub rules: BTreeMap<String, RuleConfig>,
    pub links: LinksConfig,
    pub online: OnlineConfig,
    /// Exclude patterns, compiled (checked when the file is read).
    pub exclude: Vec<regex::Regex>,
    /// Accepted statuses, parsed.
    pub accept: Vec<std::ops::RangeInclusive<u16>>,
}

impl Config {
    /// Find `.awesome-lint.toml` in `dir` or its parents.
    pub fn discover(dir: &Path) -> Result<Self, ConfigError> {
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        for ancestor in dir.ancestors() {
            let candidate = ancestor.join(CONFIG_FILE);
            if candidate.is_file() {
                return Self::load(&candidate);
            }
        }
        Ok(Self::default())
    }

    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let invalid = |line: usize, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            message,
        };
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(s.start)).unwrap_or(1);
            invalid(line, e.message().to_string())
        })?;
        let mut rules = BTreeMap::new();
        for (id, setting) in file.rules {
            let line = line_of(id.span().start);
            if registry::find(id.get_ref()).is_none() {
                return Err(invalid(line, format!("unknown rule `{}`", id.get_ref())));
            }
            let (level, options) = match setting.into_inner() {
                RuleSetting::Level(level) => (
                    Some(level.parse().map_err(|m| invalid(line, m))?),
                    toml::Table::new(),
                ),
                RuleSetting::Table(mut table) => {
                    let level = match table.remove("level") {
                        None => None,
                        Some(toml::Value::String(level)) => {
                            Some(level.parse().map_err(|m| invalid(line, m))?)
                        }
                        Some(other) => {
                            return Err(invalid(
                                line,
                                format!("`level` must be a string, not {}", other.type_str()),
                            ));
                        }
                    };
                    (level, table)
                }
            };
            rules.insert(
                id.into_inner(),
                RuleConfig {
                    level,
                    options,
                    line,
                },
            );
        }
        let mut exclude = Vec::new();
        for pattern in &file.links.exclude {
            let regex = regex::Regex::new(pattern.get_ref()).map_err(|e| {
                invalid(
                    line_of(pattern.span().start),
                    format!("invalid exclude pattern: {e}"),
                )
            })?;
            exclude.push(regex);
        }
        let mut accept = Vec::new();
        if let Some(items) = &file.links.accept {
            for item in items.get_ref() {
                accept.push(match item {
                    Accept::Status(status) => *status..=*status,
                    Accept::Range(range) => parse_status_range(range).ok_or_else(|| {
                        invalid(
                            line_of(items.span().start),
                            format!("invalid status range `{range}` (write 200 or \"200..=299\")"),
                        )
                    })?,
                });
            }
        }
        Ok(Self {
            path: Some(path.to_path_buf()),
            preset: file.preset,
            rules,
            links: file.links,
            online: file.online,
            exclude,
            accept,
        })
    }

    /// An error in a rule's options, pointed at the rule's line.
    pub fn option_error(&self, rule: &str, message: String) -> ConfigError {
        let line = self.rules.get(rule).map_or(1, |r| r.line);
        ConfigError::Invalid {
            path: self
                .path
                .clone()
                .unwrap_or_else(|| PathBuf::from(CONFIG_FILE)),
            line,
            message: format!("[rules.{rule}]: {message}"),
        }
    }
}

/// `200..=299`, `200..299` (exclusive end) or `200-299`.
fn parse_status_range(text: &str) -> Option<std::ops::RangeInclusive<u16>> {
    let text = text.trim();
    let (start, end) = if let Some((a, b)) = text.split_once("..=") {
        (a.trim().parse().ok()?, b.trim().parse().ok()?)
    } else if let Some((a, b)) = text.split_once("..") {
        (
            a.trim().parse().ok()?,
            b.trim().parse::<u16>().ok()?.checked_sub(1)?,
        )
    } else if let Some((a, b)) = text.split_once('-') {
        (a.trim().parse().ok()?, b.trim().parse().ok()?)
    } else {
        let status = text.parse().ok()?;
        (status, status)
    };
    (start <= end).then_some(start..=end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("t.toml")).map_err(|e| e.to_string())
    }

    #[test]
    fn levels_and_tables() {
        let config =
            parse("[rules]\ntable-shape = \"off\"\n[rules.html-balance]\nlevel = \"error\"\n")
                .unwrap();
        assert_eq!(config.rules["table-shape"].level, Some(Level::Off));
        assert_eq!(
            config.rules["html-balance"].level,
            Some(Level::On(Severity::Error))
        );
    }

    #[test]
    fn links_and_online_tables() {
        let config = parse("[links]\nexclude = [\"^https://example\\\\.org\"]\naccept = [200, \"300..=399\", \"429\"]\ntimeout = 5\n[links.headers.\"api.example.org\"]\nAuthorization = \"token\"\n[online]\narxiv-api = \"http://127.0.0.1:9/api\"\n").unwrap();
        assert_eq!(config.accept, [200..=200, 300..=399, 429..=429]);
        assert!(config.exclude[0].is_match("https://example.org/x"));
        assert_eq!(config.links.timeout, Some(5.0));
        assert_eq!(
            config.online.arxiv_api.as_deref(),
            Some("http://127.0.0.1:9/api")
        );
        assert_eq!(
            parse("[links]\nexclude = [\"(\"]\n")
                .unwrap_err()
                .lines()
                .next()
                .unwrap()
                .split(':')
                .take(2)
                .collect::<Vec<_>>(),
            ["t.toml", "2"]
        );
        assert_eq!(
            parse("[links]\n\naccept = [\"2xx\"]\n").unwrap_err(),
            "t.toml:3: invalid status range `2xx` (write 200 or \"200..=299\")"
        );
        assert!(
            parse("[links]\ntimeot = 5\n")
                .unwrap_err()
                .starts_with("t.toml:2: unknown field `timeot`")
        );
    }

    #[test]
    fn unknown_keys_name_their_line() {
        assert_eq!(
            parse("\n[rulez]\n").unwrap_err(),
            "t.toml:2: unknown field `rulez`, expected one of `preset`, `rules`, `links`, `online`"
        );
        assert_eq!(
            parse("[rules]\n\nno-such-rule = \"off\"\n").unwrap_err(),
            "t.toml:3: unknown rule `no-such-rule`"
        );
        assert_eq!(
            parse("[rules]\ntable-shape = \"loud\"\n").unwrap_err(),
            "t.toml:2: unknown level `loud` (expected off, info, warning or error)"
        );
    }
}
