use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "no-unused-definitions",
    default_severity: Severity::Warning,
    summary: "a link reference definition that nothing uses",
    doc: include_str!("../../rules/no-unused-definitions.md"),
    network: false,
    fixable: true,
};

/// A `[label]: url` nothing refers to is a link the reader never sees, often what is left
/// of an entry that was removed.
#[derive(Debug, Default)]
pub struct NoUnusedDefinitions;

impl Rule for NoUnusedDefinitions {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let text = doc.text();
        for footnote in doc.tree().footnotes.iter().filter(|d| !d.used) {
            let first_line = crate::document::tree::first_line_range(text, footnote.range.clone());
            cx.report(
                first_line,
                format!("found unused footnote definition `^{}`", footnote.label),
            )
            .help(format!(
                "refer to it with `[^{}]`, or remove it",
                footnote.label
            ));
        }
        for definition in doc.tree().definitions.iter().filter(|d| !d.used) {
            let diagnostic = cx
                .report(
                    definition.range.clone(),
                    format!("found unused definition `{}`", definition.label),
                )
                .help("remove the definition, or link to it");
            // Deleting the whole line is safe when the definition is alone on it.
            let start = definition.range.start;
            let end = definition.range.end;
            let line_start = text[..start].rfind('\n').map_or(0, |n| n + 1);
            let rest = &text[end..];
            let line_end = rest.find('\n').map_or(text.len(), |n| end + n + 1);
            let alone =
                text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
            if alone {
                diagnostic.fix(Fix::unsafe_edit(Edit::delete(line_start..line_end)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    #[test]
    fn unused_definitions() {
        let found = check_rule(
            &NoUnusedDefinitions,
            "[a][used] and [Short]\n\n[used]: https://a.io\n[short]: https://b.io\n[gone]: https://c.io\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "found unused definition `gone`");
        let found = check_rule(
            &NoUnusedDefinitions,
            "![img][pic]\n\n[pic]: https://a.io/x.png\n",
        );
        assert!(found.is_empty());
        let found = check_rule(
            &NoUnusedDefinitions,
            "Text[^a].\n\n[^a]: Used.\n[^b]: Not used.\n",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "found unused footnote definition `^b`");
    }
}
