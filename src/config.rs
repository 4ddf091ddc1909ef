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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<RuleSetting>>,
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
    pub rules: BTreeMap<String, RuleConfig>,
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
        Ok(Self {
            path: Some(path.to_path_buf()),
            rules,
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
    fn unknown_keys_name_their_line() {
        assert_eq!(
            parse("\n[rulez]\n").unwrap_err(),
            "t.toml:2: unknown field `rulez`, expected `rules`"
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
