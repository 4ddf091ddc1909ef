//! The pipeline: configured rules over a parsed document, inline suppressions applied.

use crate::config::{Config, Level, Preset};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::error::Error;
use crate::registry;
use crate::rule::{Context, Rule, RuleMeta};
use crate::suppress::Suppressions;
use std::sync::atomic::{AtomicUsize, Ordering};

/// From this size on the rules run on two threads: the 10 MB bench list spends 42% of its
/// instructions in the rules, which share nothing but the read-only `Document` (issue 11).
/// Below it a thread costs more than it saves.
const PARALLEL_FROM_BYTES: usize = 256 * 1024;

/// Rule choices from the command line, on top of the config.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only these rules (enabled even when the config turns them off).
    pub select: Vec<String>,
    /// Never these rules.
    pub ignore: Vec<String>,
    /// Skip rules that need the network.
    pub offline: bool,
    /// `--preset`: wins over the config's `preset`.
    pub preset: Option<Preset>,
}

/// The enabled rules, configured, with their effective severities.
pub struct Linter {
    rules: Vec<(Box<dyn Rule>, Severity, bool)>,
    /// Guideline rules that run only on a list carrying the Awesome badge (`preset = "auto"`,
    /// neither selected nor given a level).
    badge_gated: Vec<&'static str>,
}

impl Linter {
    pub fn new(config: &Config, selection: &Selection) -> Result<Self, Error> {
        for (ids, option) in [
            (&selection.select, "--select"),
            (&selection.ignore, "--ignore"),
        ] {
            if let Some(id) = ids.iter().find(|id| registry::find(id).is_none()) {
                return Err(Error::UnknownRule {
                    id: id.clone(),
                    option,
                });
            }
        }
        let preset = selection.preset.or(config.preset).unwrap_or_default();
        let mut rules = Vec::new();
        let mut badge_gated = Vec::new();
        for mut rule in registry::all_rules() {
            let meta = rule.meta();
            let rule_config = config.rules.get(meta.id);
            let configured_level = rule_config.and_then(|c| c.level);
            let level = configured_level.unwrap_or(Level::On(meta.default_severity));
            let selected = selection.select.iter().any(|id| id == meta.id);
            let severity = match level {
                Level::On(severity) => severity,
                Level::Off if selected => meta.default_severity,
                Level::Off => continue,
            };
            if (!selection.select.is_empty() && !selected)
                || selection.ignore.iter().any(|id| id == meta.id)
                || (selection.offline && meta.network)
            {
                continue;
            }
            // A paper list without the Awesome badge is not asking to be judged by
            // sindresorhus/awesome's guidelines; naming the rule is.
            if registry::is_guideline(meta.id) && !selected && configured_level.is_none() {
                match preset {
                    Preset::Awesome => {}
                    Preset::Auto => badge_gated.push(meta.id),
                    Preset::None => continue,
                }
            }
            if let Some(rule_config) = rule_config {
                rule.configure(rule_config.options.clone())
                    .map_err(|message| config.option_error(meta.id, message))?;
            }
            rules.push((
                rule,
                severity,
                matches!(configured_level, Some(Level::On(_))),
            ));
        }
        Ok(Self { rules, badge_gated })
    }

    pub fn rules(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.rules.iter().map(|(rule, _, _)| rule.meta())
    }

    /// Whether any enabled rule needs the network.
    pub fn has_network_rules(&self) -> bool {
        self.rules().any(|meta| meta.network)
    }

    /// Collect what the enabled network rules need for `doc`.
    pub fn needs(&self, doc: &Document, needs: &mut crate::network::Needs) {
        self.needs_file(doc, None, needs);
    }

    /// Collect what the enabled network rules need for `doc`, read from `path`.
    pub fn needs_file(
        &self,
        doc: &Document,
        path: Option<&std::path::Path>,
        needs: &mut crate::network::Needs,
    ) {
        let awesome =
            !self.badge_gated.is_empty() && crate::rules::awesome_badge::carries_awesome_badge(doc);
        for (rule, _, _) in &self.rules {
            if !awesome && self.badge_gated.contains(&rule.meta().id) {
                continue;
            }
            rule.needs_at(doc, path, needs);
        }
    }

    /// Run every enabled rule offline; findings sorted by position, suppressed ones dropped.
    pub fn lint(&self, doc: &Document) -> Vec<Diagnostic> {
        self.lint_with(doc, None)
    }

    /// Run every enabled rule, network rules with the answers in `online` (they report
    /// nothing without them).
    pub fn lint_with(
        &self,
        doc: &Document,
        online: Option<&crate::network::OnlineData>,
    ) -> Vec<Diagnostic> {
        self.lint_in(doc, online, None, None)
    }

    /// Run every enabled rule on a file read from `path`: rules such as
    /// `awesome-contributing` look beside it, and relative links resolve in its repository;
    /// without a path they stay quiet.
    pub fn lint_file(
        &self,
        doc: &Document,
        path: Option<&std::path::Path>,
        online: Option<&crate::network::OnlineData>,
    ) -> Vec<Diagnostic> {
        let repo = path.and_then(crate::repo::RepoFile::find);
        self.lint_in(doc, online, path, repo.as_ref())
    }

    /// Run every enabled rule with the network's answers, the file's path and its repository.
    pub fn lint_in(
        &self,
        doc: &Document,
        online: Option<&crate::network::OnlineData>,
        path: Option<&std::path::Path>,
        repo: Option<&crate::repo::RepoFile>,
    ) -> Vec<Diagnostic> {
        let threads = doc.text().len() >= PARALLEL_FROM_BYTES;
        self.run_rules(doc, online, path, repo, threads)
    }

    /// [`Linter::lint_in`], the rules on two threads or on the caller's alone.
    fn run_rules(
        &self,
        doc: &Document,
        online: Option<&crate::network::OnlineData>,
        path: Option<&std::path::Path>,
        repo: Option<&crate::repo::RepoFile>,
        threads: bool,
    ) -> Vec<Diagnostic> {
        let awesome =
            !self.badge_gated.is_empty() && crate::rules::awesome_badge::carries_awesome_badge(doc);
        let chosen: Vec<&(Box<dyn Rule>, Severity, bool)> = self
            .rules
            .iter()
            .filter(|(rule, _, _)| !(rule.meta().network && online.is_none()))
            .filter(|(rule, _, _)| awesome || !self.badge_gated.contains(&rule.meta().id))
            .collect();
        let run = |(rule, severity, configured): &(Box<dyn Rule>, Severity, bool)| {
            let mut cx = Context::new(rule.meta(), *severity, *configured)
                .with_online(online)
                .with_path(path)
                .with_repo(repo);
            rule.check(doc, &mut cx);
            cx.into_diagnostics()
        };
        // Each rule's findings in its slot, so the order (and the output) does not depend on
        // which thread ran which rule.
        let mut found: Vec<Vec<Diagnostic>> = Vec::new();
        let suppressions = if !threads {
            found.extend(chosen.iter().map(|&rule| run(rule)));
            Suppressions::from_document(doc)
        } else {
            let next = AtomicUsize::new(0);
            let work = || {
                let mut done = Vec::new();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&rule) = chosen.get(index) else {
                        break done;
                    };
                    done.push((index, run(rule)));
                }
            };
            let (suppressions, mut done) = std::thread::scope(|scope| {
                let helper = scope.spawn(work);
                let suppressions = Suppressions::from_document(doc);
                let mut done = work();
                match helper.join() {
                    Ok(theirs) => done.extend(theirs),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
                (suppressions, done)
            });
            done.sort_by_key(|(index, _)| *index);
            found.extend(done.into_iter().map(|(_, diagnostics)| diagnostics));
            suppressions
        };
        let mut diagnostics: Vec<Diagnostic> = found.into_iter().flatten().collect();
        diagnostics
            .retain(|d| !suppressions.suppresses(d.rule, doc.line_index().line_of(d.range.start)));
        diagnostics.sort_by(|a, b| {
            (a.range.start, a.rule, &a.message).cmp(&(b.range.start, b.rule, &b.message))
        });
        diagnostics
    }
}

/// A linted file: what renderers and `fix` need.
pub struct FileReport {
    /// The path as the user wrote it (`-` for stdin).
    pub path: String,
    pub document: Document,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_on_two_threads_find_what_they_find_on_one() {
        let doc = Document::parse(crate::test_util::all_fixture_lists());
        let linter = Linter::new(&Config::default(), &Selection::default()).expect("defaults");
        let one = linter.run_rules(&doc, None, None, None, false);
        let two = linter.run_rules(&doc, None, None, None, true);
        // copies across the fixtures make duplicate-entry findings from the shared grouping
        assert!(one.iter().any(|d| d.rule == "duplicate-entry"));
        assert_eq!(one, two);
    }
}
