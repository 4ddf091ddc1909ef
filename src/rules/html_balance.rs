use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::html::{TagKind, is_void};
use crate::document::{Document, HtmlTag, scan_tags};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "html-balance",
    default_severity: Severity::Warning,
    summary: "an HTML closing tag without its opening tag, or an element never closed",
    doc: include_str!("../../rules/html-balance.md"),
    network: false,
    fixable: true,
};

/// A stray `</em>` in a heading is harmless on GitHub but breaks other renderers and
/// hides the tag the author meant; an unclosed `<details>` swallows the rest of the list.
#[derive(Debug, Default)]
pub struct HtmlBalance;

/// Elements whose end tag HTML lets authors leave out.
fn end_tag_optional(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "option"
            | "colgroup"
            | "caption"
            | "rb"
            | "rt"
            | "rp"
            | "optgroup"
            | "html"
            | "head"
            | "body"
    )
}

impl Rule for HtmlBalance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let mut open: Vec<(String, std::ops::Range<usize>)> = Vec::new();
        for fragment in doc.html() {
            let text = doc.slice(fragment.range.clone());
            for tag in scan_tags(text) {
                let range =
                    fragment.range.start + tag.range.start..fragment.range.start + tag.range.end;
                self.visit(&tag, range, &mut open, cx);
            }
        }
        for (name, range) in open {
            if !end_tag_optional(&name) {
                cx.report(range, format!("`<{name}>` is never closed"))
                    .help(format!("add `</{name}>` where the element ends"));
            }
        }
    }
}

impl HtmlBalance {
    fn visit(
        &self,
        tag: &HtmlTag,
        range: std::ops::Range<usize>,
        open: &mut Vec<(String, std::ops::Range<usize>)>,
        cx: &mut Context,
    ) {
        match tag.kind {
            TagKind::Open if !is_void(&tag.name) => open.push((tag.name.clone(), range)),
            TagKind::Close if is_void(&tag.name) => {
                // Browsers read `</br>` as `<br>` and ignore other void closers: the fix
                // keeps what the page shows.
                let (help, replacement) = if tag.name == "br" {
                    ("write it as `<br>`", "<br>")
                } else {
                    ("remove it: void elements have no closing tag", "")
                };
                cx.report(
                    range.clone(),
                    format!("`</{}>` closes a void element", tag.name),
                )
                .help(help)
                .fix(Fix::safe(Edit::replace(range, replacement)));
            }
            TagKind::Close => match open.iter().rposition(|(name, _)| *name == tag.name) {
                Some(at) => {
                    for (name, unclosed) in open.drain(at..).skip(1) {
                        if !end_tag_optional(&name) {
                            cx.report(unclosed, format!("`<{name}>` is never closed"))
                                .related(
                                    range.clone(),
                                    format!("`</{}>` closes its parent here", tag.name),
                                )
                                .help(format!("add `</{name}>` before `</{}>`", tag.name));
                        }
                    }
                }
                None => {
                    let diagnostic = cx.report(
                        range.clone(),
                        format!("`</{}>` has no opening tag", tag.name),
                    );
                    diagnostic.help(format!("remove the stray `</{}>`", tag.name));
                    // Deleting a closer that opens nothing changes no rendering: safe.
                    diagnostic.fix(Fix::safe(Edit::delete(range)));
                }
            },
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::check_rule;

    #[test]
    fn stray_closer_in_heading() {
        let text = "<h1 align=\"center\">✨ Awesome PEFT</em> ✨</h1>\n";
        let found = check_rule(&super::HtmlBalance, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`</em>` has no opening tag");
        assert_eq!(&text[found[0].range.clone()], "</em>");
    }

    #[test]
    fn balanced_details_across_blocks_and_optional_ends() {
        let text = "<details>\n<summary>More</summary>\n\n- item\n\n</details>\n\n<p align=\"center\">\n<img src=\"x.png\">\n<br>\n";
        assert_eq!(check_rule(&super::HtmlBalance, text), []);
    }

    #[test]
    fn unclosed_inner_element() {
        let text = "<div><b>bold</div>\n";
        let found = check_rule(&super::HtmlBalance, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`<b>` is never closed");
    }
}
