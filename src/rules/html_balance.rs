use std::ops::Range;

use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::html::{TagKind, is_html_element, is_void, reads_as_text};
use crate::document::{Document, scan_tags};
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

/// A tag of an HTML element, placed in the document.
struct Placed {
    name: String,
    kind: TagKind,
    range: Range<usize>,
}

impl Rule for HtmlBalance {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        // Tag-like tokens that are no HTML element (`<pause>`, `</think>`) are hidden-html's:
        // GitHub drops them, so they open and close nothing.
        // An HTML block comes line by line; a tag may go on over the next line
        // (`<td\n  align="center">`), so the lines of one block are read as one text
        let mut blocks: Vec<(Range<usize>, bool)> = Vec::new();
        for fragment in doc.html() {
            match blocks.last_mut() {
                Some((last, false))
                    if !fragment.inline
                        && last.end <= fragment.range.start
                        && doc
                            .slice(last.end..fragment.range.start)
                            .chars()
                            .all(|c| c == ' ' || c == '\t' || c == '\r' || c == '\n')
                        && !doc.slice(last.end..fragment.range.start).contains("\n\n") =>
                {
                    last.end = fragment.range.end;
                }
                _ => blocks.push((fragment.range.clone(), fragment.inline)),
            }
        }
        let mut tags = Vec::new();
        for (range, _) in blocks {
            let text = doc.slice(range.clone());
            for tag in scan_tags(text) {
                let start = range.start;
                let written = doc.slice(start + tag.range.start..start + tag.range.end);
                if tag.kind == TagKind::Comment
                    || !is_html_element(&tag.name)
                    || reads_as_text(written)
                {
                    continue;
                }
                tags.push(Placed {
                    name: tag.name,
                    kind: tag.kind,
                    range: start + tag.range.start..start + tag.range.end,
                });
            }
        }
        let mut open: Vec<(String, Range<usize>)> = Vec::new();
        for (index, tag) in tags.iter().enumerate() {
            match tag.kind {
                TagKind::Open if !is_void(&tag.name) => {
                    if let Some(at) = closer_missing_its_angle(doc, tag) {
                        let closer = at..at + tag.name.len() + 2;
                        cx.report(
                            closer.clone(),
                            format!("`/{}>` is missing its `<`", tag.name),
                        )
                        .related(tag.range.clone(), format!("`<{}>` opens here", tag.name))
                        .help(format!("write `</{}>`", tag.name))
                        .fix(Fix::safe(Edit::replace(at..at, "<")));
                    } else {
                        open.push((tag.name.clone(), tag.range.clone()));
                    }
                }
                TagKind::Close => close(tag, &tags[index + 1..], &mut open, cx),
                _ => {}
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

fn close(tag: &Placed, later: &[Placed], open: &mut Vec<(String, Range<usize>)>, cx: &mut Context) {
    let range = tag.range.clone();
    if is_void(&tag.name) {
        // Browsers read `</br>` as `<br>` and ignore other void closers: the fix keeps
        // what the page shows.
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
        return;
    }
    if let Some(at) = open.iter().rposition(|(name, _)| *name == tag.name) {
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
        return;
    }
    // promptslab opens `<h4 align="center">` and ends the block with `</p>`: one slip, and
    // the closer the author meant is the open element's, when nothing later closes it.
    let meant = open.last().filter(|(name, _)| {
        !end_tag_optional(name)
            && !later
                .iter()
                .any(|t| t.kind == TagKind::Close && t.name == *name)
    });
    if let Some((name, opened)) = meant.cloned() {
        open.pop();
        cx.report(
            range.clone(),
            format!("`</{}>` closes `<{name}>`", tag.name),
        )
        .related(opened, format!("`<{name}>` opens here"))
        .help(format!("write `</{name}>`"))
        .fix(Fix::safe(Edit::replace(range, format!("</{name}>"))));
        return;
    }
    // Deleting a closer that opens nothing changes no rendering and hides no text: safe.
    cx.report(
        range.clone(),
        format!("`</{}>` has no opening tag", tag.name),
    )
    .help(format!(
        "remove the stray `</{0}>`, or add the `<{0}>` it was meant to close",
        tag.name
    ))
    .fix(Fix::safe(Edit::delete(range)));
}

/// Where `/name>` stands without its `<` on the line of an opening tag (AIoT writes
/// `<ins>arXiv, 2024/ins>`), before any real closer.
/// How far after an unclosed tag a `/name>` slip is looked for.
const SLIP_WINDOW: usize = 512;

fn closer_missing_its_angle(doc: &Document, tag: &Placed) -> Option<usize> {
    let text = doc.text();
    let rest = text.get(tag.range.end..)?;
    // the slip sits inside a short element (`<ins>arXiv, 2024/ins>`); looking only this far
    // keeps a line of 30 000 unclosed tags linear instead of rescanning the line per tag
    let window = crate::source::floor_char_boundary(rest, SLIP_WINDOW);
    let line = &rest[..rest[..window].find('\n').unwrap_or(window)];
    let lower = line.to_ascii_lowercase();
    let at = lower.find(&format!("/{}>", tag.name))?;
    (at == 0 || line.as_bytes()[at - 1] != b'<').then_some(tag.range.end + at)
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
    fn mismatched_closer_is_one_finding_that_renames_it() {
        // promptslab: `<h4 align="center">` … `</p>`.
        let text = "<p align=\"center\">\nhttps://promptslab.github.io\n  </p>\n <h4 align=\"center\">\n  <a href=\"https://awesome.re\"><img src=\"https://awesome.re/badge.svg\" alt=\"Awesome\" /></a>\n</p>\n";
        let found = check_rule(&super::HtmlBalance, text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, "`</p>` closes `<h4>`");
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "</h4>");
        assert_eq!(&text[fix.edits[0].range.clone()], "</p>");
    }

    /// LLM-Agent-Survey writes `<td rowspan='2'align='center'>`, and tags go on over two
    /// lines of a block: each `</td>` was called stray, and its safe fix deleted it.
    #[test]
    fn glued_attributes_and_tags_over_two_lines_open_their_element() {
        let text = "<table>\n<tr>\n<td rowspan='2'align='center'>Model</td>\n<td align=\"center\"colspan=\"2\">A</td>\n<td\n  align=\"center\">B</td>\n</tr>\n</table>\n";
        assert_eq!(check_rule(&super::HtmlBalance, text), []);
        // a real stray closer in the same table is still one
        let stray = text
            .replace("<td align=center>", "")
            .replace("</tr>", "</td>\n</tr>");
        assert_eq!(check_rule(&super::HtmlBalance, &stray).len(), 1);
    }

    #[test]
    fn a_later_closer_keeps_the_stray_a_stray() {
        let text = "<details>\n<summary>More</summary>\n\nstray </b> here\n\n</details>\n";
        let found = check_rule(&super::HtmlBalance, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "`</b>` has no opening tag");
    }

    #[test]
    fn closer_without_its_angle() {
        // AIoT: `<ins>arXiv, 2024/ins>`.
        let text = "- GaLore, <ins>arXiv, 2024/ins> [[Paper](https://arxiv.org/abs/2403.03507)]\n- ReFT, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2404.03592)]\n";
        let found = check_rule(&super::HtmlBalance, text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].message, "`/ins>` is missing its `<`");
        assert_eq!(&text[found[0].range.clone()], "/ins>");
        let fix = found[0].fix.as_ref().unwrap();
        let mut fixed = text.to_string();
        fixed.replace_range(fix.edits[0].range.clone(), &fix.edits[0].replacement);
        assert!(fixed.starts_with("- GaLore, <ins>arXiv, 2024</ins> [[Paper]"));
    }

    #[test]
    fn tokens_that_are_no_html_element_are_not_balanced() {
        let text = "- Quiet-STaR inserts <pause> tokens and ends with </think> [[Paper](https://arxiv.org/abs/2403.09629)]\n";
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
