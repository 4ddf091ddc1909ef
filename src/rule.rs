//! The rule interface: metadata, a pure check over a `Document`, and per-rule options.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case id naming the problem (`duplicate-entry`); configs depend on it.
    pub id: &'static str,
    pub default_severity: Severity,
    /// One line, lower case, no period.
    pub summary: &'static str,
    /// The documentation page, `rules/<id>.md`, embedded in the binary.
    pub doc: &'static str,
    /// Whether the rule asks the network (skipped with `--offline`).
    pub network: bool,
    /// Whether some of its findings carry a fix.
    pub fixable: bool,
}

pub trait Rule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Read the rule's own options from its `[rules.<id>]` table (without `level`).
    /// Rules without options accept only an empty table.
    fn configure(&mut self, options: toml::Table) -> Result<(), String> {
        match options.keys().next() {
            None => Ok(()),
            Some(key) => Err(format!("unknown option `{key}`")),
        }
    }

    /// Network rules say what they need from the network for this document; the run
    /// fetches it once for every file and hands the answers over in `Context::online`.
    fn needs(&self, _doc: &Document, _needs: &mut crate::network::Needs) {}

    /// Like `needs`, for rules that also look at where the file is (its repository).
    fn needs_at(
        &self,
        doc: &Document,
        _path: Option<&std::path::Path>,
        needs: &mut crate::network::Needs,
    ) {
        self.needs(doc, needs);
    }

    fn check(&self, doc: &Document, cx: &mut Context);
}

/// Deserialize a rule's options with serde (`deny_unknown_fields` on the options struct
/// turns typos into errors).
pub fn options_from<T: serde::de::DeserializeOwned>(options: toml::Table) -> Result<T, String> {
    toml::Value::Table(options)
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_string())
}

/// What a rule can see besides the document, and where its findings go.
pub struct Context<'a> {
    online: Option<&'a crate::network::OnlineData>,
    /// The linted file on disk; `None` for standard input and texts linted in memory.
    path: Option<&'a std::path::Path>,
    repo: Option<&'a crate::repo::RepoFile>,
    severity: Severity,
    /// Whether the user set the rule's level; then it wins over a rule's own choice.
    configured: bool,
    rule: &'static str,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    pub fn new(rule: &'static RuleMeta, severity: Severity, configured: bool) -> Self {
        Self {
            online: None,
            path: None,
            repo: None,
            severity,
            configured,
            rule: rule.id,
            diagnostics: Vec::new(),
        }
    }

    /// With the answers of the network step (what network rules asked for).
    pub fn with_online(mut self, online: Option<&'a crate::network::OnlineData>) -> Self {
        self.online = online;
        self
    }

    /// With the path of the linted file, for rules that look beside it (`contributing.md`).
    pub fn with_path(mut self, path: Option<&'a std::path::Path>) -> Self {
        self.path = path;
        self
    }

    /// The linted file on disk, when there is one.
    pub fn path(&self) -> Option<&'a std::path::Path> {
        self.path
    }

    /// The network's answers; `None` when the run is offline.
    pub fn online(&self) -> Option<&'a crate::network::OnlineData> {
        self.online
    }

    /// With the linted file's place in its repository (for relative links to files).
    pub fn with_repo(mut self, repo: Option<&'a crate::repo::RepoFile>) -> Self {
        self.repo = repo;
        self
    }

    /// The linted file's repository; `None` for standard input and files outside one.
    pub fn repo(&self) -> Option<&'a crate::repo::RepoFile> {
        self.repo
    }

    /// Record a finding and return it for `.help()`, `.fix()`, `.related()`, `.url()`.
    pub fn report(&mut self, range: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.report_as(self.severity, range, message)
    }

    /// Record a finding at a severity the rule chooses for this case (a duplicate within one
    /// section is worse than across sections); a level set in the config still wins.
    pub fn report_as(
        &mut self,
        severity: Severity,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let severity = if self.configured {
            self.severity
        } else {
            severity
        };
        self.diagnostics.push(Diagnostic {
            rule: self.rule,
            severity,
            message: message.into(),
            range,
            url: None,
            help: None,
            related: Vec::new(),
            fix: None,
        });
        self.diagnostics.last_mut().expect("just pushed")
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}
