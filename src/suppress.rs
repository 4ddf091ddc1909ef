//! Inline comments that turn rules off, with markdownlint's grammar:
//! `<!-- awesome-lint-disable [ids] -->`, `<!-- awesome-lint-enable [ids] -->`,
//! `<!-- awesome-lint-disable-next-line [ids] -->`, `<!-- awesome-lint-disable-line [ids] -->`.
//! No id means every rule.
//!
//! Also remark's grammar, which lists written for upstream awesome-lint already carry:
//! `<!--lint disable [ids]-->`, `<!--lint enable [ids]-->`, and `<!--lint ignore [ids]-->`
//! for the node that follows the comment only.

use crate::document::html::TagKind;
use crate::document::{Document, scan_tags};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    DisableLine,
    DisableNextLine,
    /// remark's `ignore`: the lines of the next node, inclusive.
    Ignore {
        first: usize,
        last: usize,
    },
}

#[derive(Debug)]
struct Directive {
    /// 0-based line of the comment.
    line: usize,
    kind: Kind,
    /// Empty: every rule.
    rules: Vec<String>,
}

impl Directive {
    fn covers(&self, rule: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule)
    }
}

#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

impl Suppressions {
    pub fn from_document(doc: &Document) -> Self {
        let mut directives = Vec::new();
        for fragment in doc.html() {
            let text = doc.slice(fragment.range.clone());
            // Directives are comments: most fragments (`<img>`, `<br>`, badges) hold none,
            // and scanning them all was 2% of `check` on a 10 MB list (issue 11)
            if !text.contains("<!--") {
                continue;
            }
            for tag in scan_tags(text) {
                if tag.kind != TagKind::Comment {
                    continue;
                }
                let Some(body) = tag.comment_body(text) else {
                    continue;
                };
                let mut words = body.split_whitespace();
                let offset = fragment.range.start + tag.range.start;
                let kind = match words.next() {
                    Some("awesome-lint-disable") => Kind::Disable,
                    Some("awesome-lint-enable") => Kind::Enable,
                    Some("awesome-lint-disable-line") => Kind::DisableLine,
                    Some("awesome-lint-disable-next-line") => Kind::DisableNextLine,
                    Some("lint") => match words.next() {
                        Some("disable") => Kind::Disable,
                        Some("enable") => Kind::Enable,
                        Some("ignore") => {
                            let end = fragment.range.start + tag.range.end;
                            match next_node_lines(doc, end) {
                                Some((first, last)) => Kind::Ignore { first, last },
                                None => continue,
                            }
                        }
                        _ => continue,
                    },
                    _ => continue,
                };
                directives.push(Directive {
                    line: doc.line_index().line_of(offset),
                    kind,
                    rules: words.map(str::to_string).collect(),
                });
            }
        }
        Self { directives }
    }

    /// Whether `rule` is turned off at 0-based `line`.
    pub fn suppresses(&self, rule: &str, line: usize) -> bool {
        let mut disabled = false;
        for directive in self.directives.iter().filter(|d| d.covers(rule)) {
            match directive.kind {
                Kind::Disable if directive.line <= line => disabled = true,
                Kind::Enable if directive.line <= line => disabled = false,
                Kind::DisableLine if directive.line == line => return true,
                Kind::DisableNextLine if directive.line + 1 == line => return true,
                Kind::Ignore { first, last } if (first..=last).contains(&line) => return true,
                _ => {}
            }
        }
        disabled
    }
}

/// The 0-based lines of the node after offset `end`: the outermost block starting first after
/// it (a whole list, not only its first item, as remark's next sibling is the list).
fn next_node_lines(doc: &Document, end: usize) -> Option<(usize, usize)> {
    let blocks = &doc.tree().blocks;
    let start = blocks
        .iter()
        .map(|b| b.range.start)
        .filter(|&s| s >= end)
        .min()?;
    let last = blocks
        .iter()
        .filter(|b| b.range.start == start)
        .map(|b| b.range.end)
        .max()?;
    let lines = doc.line_index();
    Some((
        lines.line_of(start),
        lines.line_of(last.saturating_sub(1).max(start)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Suppressions {
        Suppressions::from_document(&Document::parse(text))
    }

    #[test]
    fn regions_lines_and_next_lines() {
        let s = at(
            "a\n<!-- awesome-lint-disable table-shape -->\nb\n<!-- awesome-lint-enable table-shape -->\nc\n",
        );
        assert!(!s.suppresses("table-shape", 0));
        assert!(s.suppresses("table-shape", 2));
        assert!(!s.suppresses("html-balance", 2));
        assert!(!s.suppresses("table-shape", 4));

        let s = at("<!-- awesome-lint-disable-next-line -->\nx\ny\n");
        assert!(s.suppresses("any-rule", 1));
        assert!(!s.suppresses("any-rule", 2));

        let s = at("- item <!-- awesome-lint-disable-line duplicate-entry -->\n- next\n");
        assert!(s.suppresses("duplicate-entry", 0));
        assert!(!s.suppresses("duplicate-entry", 1));
    }

    #[test]
    fn remark_comments() {
        let s = at(
            "a\n\n<!--lint disable awesome-list-item-->\n\nb\n\n<!--lint enable awesome-list-item-->\n\nc\n",
        );
        assert!(!s.suppresses("awesome-list-item", 0));
        assert!(s.suppresses("awesome-list-item", 4));
        assert!(!s.suppresses("awesome-toc", 4));
        assert!(!s.suppresses("awesome-list-item", 8));

        // `ignore` covers the next node: here a whole two-item list, then nothing.
        let s = at(
            "<!--lint ignore awesome-list-item-->\n- [a](https://a.io)\n- [b](https://b.io)\n\n- c\n\npara\n",
        );
        assert!(s.suppresses("awesome-list-item", 1));
        assert!(s.suppresses("awesome-list-item", 2));
        assert!(!s.suppresses("awesome-list-item", 6));
        assert!(!s.suppresses("awesome-heading", 1));

        let s = at("<!--lint ignore-->\n# heading\n\ntext\n");
        assert!(s.suppresses("awesome-heading", 1));
        assert!(!s.suppresses("awesome-heading", 3));
    }
}
