//! Apply fixes: non-overlapping edits, all edits of one fix or none, repeated until the
//! rules have nothing left to fix. Every byte outside the edits stays as it was.

use std::ops::Range;

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::document::Document;
use crate::lint::Linter;

/// At most this many lint-and-fix rounds (a fix may make room for another).
const MAX_ROUNDS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixResult {
    pub text: String,
    /// Findings fixed, over all rounds.
    pub fixed: usize,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    // Two insertions at one point conflict too: their order would be arbitrary.
    (a.start < b.end && b.start < a.end) || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// One round: apply every applicable fix that does not overlap a fix already taken.
/// Fixes are taken in source order, so the outcome does not depend on rule order.
/// Returns the new text and how many findings were fixed.
pub fn apply_fixes(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            d.fix.as_ref().is_some_and(|f| {
                !f.edits.is_empty()
                    && (f.applicability == Applicability::Safe
                        || (unsafe_fixes && f.applicability == Applicability::Unsafe))
            })
        })
        .collect();
    candidates.sort_by_key(|d| {
        let fix = d.fix.as_ref().expect("filtered");
        let start = fix.edits.iter().map(|e| e.range.start).min().unwrap_or(0);
        (start, d.rule, d.range.start)
    });
    let mut taken: Vec<Edit> = Vec::new();
    let mut fixed = 0;
    for diagnostic in candidates {
        let fix = diagnostic.fix.as_ref().expect("filtered");
        let valid = fix.edits.iter().all(|e| {
            e.range.start <= e.range.end
                && text.is_char_boundary(e.range.start)
                && text.is_char_boundary(e.range.end)
                && e.range.end <= text.len()
        });
        if !valid {
            continue;
        }
        // The same edit from two findings (two uses of one reference definition) is one edit.
        let new_edits: Vec<&Edit> = fix.edits.iter().filter(|e| !taken.contains(e)).collect();
        let conflict = new_edits
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(&t.range, &e.range)));
        if conflict {
            continue;
        }
        taken.extend(new_edits.into_iter().cloned());
        fixed += 1;
    }
    taken.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for edit in &taken {
        out.push_str(&text[last..edit.range.start]);
        out.push_str(&edit.replacement);
        last = edit.range.end;
    }
    out.push_str(&text[last..]);
    (out, fixed)
}

/// Lint and fix until nothing applicable is left (or `MAX_ROUNDS`).
pub fn fix_text(
    linter: &Linter,
    text: &str,
    unsafe_fixes: bool,
    online: Option<&crate::network::OnlineData>,
) -> FixResult {
    fix_text_in(linter, text, unsafe_fixes, online, None)
}

/// [`fix_text`] for a file of a repository, so fixes of relative links can be made too.
pub fn fix_text_in(
    linter: &Linter,
    text: &str,
    unsafe_fixes: bool,
    online: Option<&crate::network::OnlineData>,
    path: Option<&std::path::Path>,
) -> FixResult {
    let repo = path.and_then(crate::repo::RepoFile::find);
    let mut current = text.to_string();
    let mut fixed = 0;
    for _ in 0..MAX_ROUNDS {
        let doc = Document::parse(current.as_str());
        let diagnostics = linter.lint_in(&doc, online, path, repo.as_ref());
        let (next, count) = apply_fixes(&current, &diagnostics, unsafe_fixes);
        if count == 0 || next == current {
            break;
        }
        fixed += count;
        current = next;
    }
    FixResult {
        text: current,
        fixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn finding(rule: &'static str, fix: Fix) -> Diagnostic {
        Diagnostic {
            rule,
            severity: Severity::Warning,
            message: String::new(),
            range: fix.edits[0].range.clone(),
            url: None,
            help: None,
            related: Vec::new(),
            fix: Some(fix),
        }
    }

    #[test]
    fn overlapping_fixes_resolve_in_source_order() {
        let text = "abcdef";
        let diagnostics = [
            finding("b", Fix::safe(Edit::replace(2..5, "X"))),
            finding("a", Fix::safe(Edit::replace(1..3, "Y"))),
            finding("c", Fix::safe(Edit::replace(5..6, "Z"))),
        ];
        let (out, fixed) = apply_fixes(text, &diagnostics, false);
        assert_eq!((out.as_str(), fixed), ("aYdeZ", 2));
    }

    #[test]
    fn unsafe_fixes_need_the_flag_and_edits_go_together() {
        let text = "one two";
        let both = Fix {
            applicability: Applicability::Unsafe,
            edits: vec![Edit::replace(0..3, "1"), Edit::replace(4..7, "2")],
        };
        let diagnostics = [finding("r", both)];
        assert_eq!(apply_fixes(text, &diagnostics, false).0, "one two");
        assert_eq!(apply_fixes(text, &diagnostics, true).0, "1 2");
    }

    #[test]
    fn the_same_edit_twice_is_applied_once() {
        let text = "[a]: http://x\n";
        let edit = Edit::replace(5..13, "https://y");
        let diagnostics = [
            finding("r", Fix::safe(edit.clone())),
            finding("r", Fix::safe(edit)),
        ];
        assert_eq!(
            apply_fixes(text, &diagnostics, false),
            ("[a]: https://y\n".to_string(), 2)
        );
    }
}
