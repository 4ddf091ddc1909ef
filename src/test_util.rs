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
