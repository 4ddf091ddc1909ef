use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "final-newline",
    default_severity: Severity::Warning,
    summary: "the file does not end with a newline",
    doc: include_str!("../../rules/final-newline.md"),
    network: false,
    fixable: true,
};

/// POSIX tools and `git diff` expect a final newline (`\ No newline at end of file`).
#[derive(Debug, Default)]
pub struct FinalNewline;

impl Rule for FinalNewline {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let text = doc.text();
        if text.is_empty() || text.ends_with('\n') {
            return;
        }
        let end = text.len();
        let last_char = text.char_indices().next_back().map_or(end, |(at, _)| at);
        cx.report(last_char..end, "missing newline character at end of file")
            .help("end the file with a newline")
            .fix(Fix::safe(Edit::replace(end..end, "\n")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    #[test]
    fn final_newline() {
        assert!(check_rule(&FinalNewline, "a\n").is_empty());
        assert!(check_rule(&FinalNewline, "").is_empty());
        assert!(check_rule(&FinalNewline, "a\r\n").is_empty());
        let found = check_rule(&FinalNewline, "a\nbé");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].range, 3..5);
    }
}
