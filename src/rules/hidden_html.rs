use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::html::{TagKind, is_html_element, reads_as_text};
use crate::document::{Document, scan_tags};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "hidden-html",
    default_severity: Severity::Warning,
    summary: "a tag-like token that is no HTML element, which GitHub hides",
    doc: include_str!("../../rules/hidden-html.md"),
    network: false,
    fixable: true,
};

/// Papers about language models name their special tokens (`<pause>`, `</think>`, `<RET>`);
/// Markdown reads them as raw HTML and GitHub's sanitizer drops every tag it does not know, so
/// the description silently loses the word it is about.
#[derive(Debug, Default)]
pub struct HiddenHtml;

impl Rule for HiddenHtml {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        // Inside `<svg>` and `<math>` the elements are SVG's and MathML's (`<path>`, `<mi>`).
        let mut foreign_depth = 0usize;
        for fragment in doc.html() {
            let text = doc.slice(fragment.range.clone());
            for tag in scan_tags(text) {
                if matches!(tag.name.as_str(), "svg" | "math") {
                    match tag.kind {
                        TagKind::Open => foreign_depth += 1,
                        TagKind::Close => foreign_depth = foreign_depth.saturating_sub(1),
                        _ => {}
                    }
                }
                let range =
                    fragment.range.start + tag.range.start..fragment.range.start + tag.range.end;
                let written = doc.slice(range.clone());
                let prose = tag.kind != TagKind::Comment && reads_as_text(written);
                if tag.kind == TagKind::Comment
                    || (is_html_element(&tag.name) && !prose)
                    || foreign_depth > 0
                {
                    continue;
                }
                let escaped = written.replace('<', "&lt;").replace('>', "&gt;");
                // Inside an HTML block Markdown is not read, so a code span would show its
                // backticks: escape the angle brackets there instead.
                // Prose in angle brackets (a title) would turn into code in backticks.
                // A backtick beside the tag (`<Paper>\``) would pair with the new ones and
                // leave the tag outside any code span: escape there too.
                let text = doc.text();
                let beside_backtick =
                    text[..range.start].ends_with('`') || text[range.end..].starts_with('`');
                let replacement = if fragment.inline && !prose && !beside_backtick {
                    format!("`{written}`")
                } else {
                    escaped.clone()
                };
                // In a heading the shown text makes the anchor: showing the token changes
                // the heading's `#anchor`, and links to it break. A human decides there.
                let line_start = doc.text()[..range.start].rfind('\n').map_or(0, |at| at + 1);
                let in_heading = doc.text()[line_start..range.start]
                    .trim_start()
                    .starts_with('#');
                let edit = Edit::replace(range.clone(), replacement);
                let fix = if in_heading {
                    Fix::unsafe_edit(edit)
                } else {
                    Fix::safe(edit)
                };
                if prose {
                    cx.report(
                        range,
                        format!("`{written}` is text in angle brackets, which GitHub hides as an HTML tag"),
                    )
                    .help(format!("write `{escaped}` to show it"))
                    .fix(fix);
                    continue;
                }
                cx.report(
                    range,
                    format!("`{written}` is no HTML element, so GitHub hides it"),
                )
                .help(format!("write `` `{written}` `` or `{escaped}` to show it"))
                .fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::check_rule;

    #[test]
    fn prose_in_angle_brackets_is_hidden_text_not_an_unclosed_tag() {
        // apexrl/RL-Exploration-Paper-Lists writes titles in angle brackets; one has no link
        let text = "* **[Pursuit]** <A class of rapidly converging algorithms for learning automata> by M. Thathachar, 1984.\n* <a href=\"https://example.org\">x</a> <img src=\"a.png\" alt=\"b\">\n";
        let found = check_rule(&super::HiddenHtml, text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "`<A class of rapidly converging algorithms for learning automata>` is text in angle brackets, which GitHub hides as an HTML tag"
        );
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(
            fix.edits[0].replacement,
            "&lt;A class of rapidly converging algorithms for learning automata&gt;"
        );
        // and it opens no `<a>` that html-balance would ask to close
        assert!(check_rule(&crate::rules::html_balance::HtmlBalance, text).is_empty());
    }

    #[test]
    fn model_tokens_in_descriptions() {
        let text = "- Quiet-STaR: thoughts between <pause> and </think> tokens, <RET> too [[Paper](https://arxiv.org/abs/2403.09629)]\n- <b>bold</b> and <details><summary>x</summary>y</details> and `<pause>` in code\n";
        let found = check_rule(&super::HiddenHtml, text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`<pause>` is no HTML element, so GitHub hides it",
                "`</think>` is no HTML element, so GitHub hides it",
                "`<RET>` is no HTML element, so GitHub hides it"
            ]
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("write `` `<pause>` `` or `&lt;pause&gt;` to show it")
        );
        let fix = found[2].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "`<RET>`");
    }

    #[test]
    fn in_a_heading_the_fix_is_unsafe() {
        let text = "## Tokens like <pause>\n\n- <pause> in prose\n";
        let found = check_rule(&super::HiddenHtml, text);
        let kinds: Vec<_> = found
            .iter()
            .map(|d| d.fix.as_ref().unwrap().applicability)
            .collect();
        use crate::diagnostic::Applicability::{Safe, Unsafe};
        assert_eq!(kinds, [Unsafe, Safe]);
    }

    #[test]
    fn svg_and_math_children_are_not_hidden_tokens() {
        let text = "<svg width=\"10\"><path d=\"M0 0\"></path><circle r=\"1\"/></svg>\n\n<math><mi>x</mi></math>\n";
        assert_eq!(check_rule(&super::HiddenHtml, text), []);
    }

    #[test]
    fn in_an_html_block_the_fix_escapes() {
        let text = "<p>Use the <eos> token</p>\n";
        let found = check_rule(&super::HiddenHtml, text);
        assert_eq!(found.len(), 1);
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].replacement, "&lt;eos&gt;");
    }

    /// The pipeline property found `<Paper>\`` growing backticks on every `fix`: the
    /// wrapped token's new backticks paired with the one beside it, so the tag stayed HTML.
    #[test]
    fn a_tag_beside_a_backtick_is_escaped_not_wrapped() {
        let text = "See <Paper>` here.\n";
        let found = check_rule(&super::HiddenHtml, text);
        assert_eq!(found.len(), 1);
        let (fixed, _) = crate::fix::apply_fixes(text, &found, false);
        assert_eq!(fixed, "See &lt;Paper&gt;` here.\n");
        assert_eq!(check_rule(&super::HiddenHtml, &fixed), []);
    }
}
