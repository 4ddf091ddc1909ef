//! Helpers for unit tests of rules.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rule::{Context, Rule};

/// Run one rule, with the options it has, on a text.
pub fn check_rule(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
    let doc = Document::parse(text);
    let mut cx = Context::new(rule.meta(), rule.meta().default_severity, false);
    rule.check(&doc, &mut cx);
    cx.into_diagnostics()
}

/// Every fixture list of `fixtures/`, in name order, one after another with a newline
/// between: every layout the tests know in one text.
pub fn all_fixture_lists() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures are readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|name| std::fs::read_to_string(name).expect("fixture is text") + "\n")
        .collect()
}
