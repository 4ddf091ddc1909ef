use crate::diagnostic::Severity;
use crate::document::Document;
use crate::document::tree::{Inline, InlineKind, to_string};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "no-repeat-item-in-description",
    default_severity: Severity::Error,
    summary: "a description starts with the name of its item",
    doc: include_str!("../../rules/no-repeat-item-in-description.md"),
    network: false,
    fixable: false,
};

/// `- [Foo](url) - Foo is a tool.` says the name twice; `- [Foo](url) - Tool for…` does not.
#[derive(Debug, Default)]
pub struct NoRepeatItemInDescription;

const SEPARATOR: &str = " - ";

/// The main link: the first link that is not a badge (an image inside it, or another link
/// right after it).
fn main_link(nodes: &[Inline]) -> Option<usize> {
    (0..nodes.len()).find(|&i| {
        let node = &nodes[i];
        if node.kind != InlineKind::Link {
            return false;
        }
        let next = nodes[i + 1..]
            .iter()
            .find(|n| n.kind != InlineKind::Text || !n.text.trim().is_empty());
        let has_image = node.children.iter().any(|c| c.kind == InlineKind::Image);
        !has_image && !next.is_some_and(|n| n.kind == InlineKind::Link)
    })
}

/// The description after ` - `, when only formatting or whitespace comes before the dash.
fn description_after(nodes: &[Inline]) -> Option<String> {
    for (i, node) in nodes.iter().enumerate() {
        if node.kind == InlineKind::Text
            && let Some((_, after)) = node.text.split_once(SEPARATOR)
        {
            let rest = to_string(&nodes[i + 1..]);
            return Some(format!("{after}{rest}").trim().to_string());
        }
        let formatting = matches!(
            node.kind,
            InlineKind::Emphasis | InlineKind::Strong | InlineKind::InlineCode
        );
        let blank = node.kind == InlineKind::Text && node.text.trim().is_empty();
        if !formatting && !blank {
            return None;
        }
    }
    None
}

impl Rule for NoRepeatItemInDescription {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for item in &doc.tree().items {
            let Some(nodes) = &item.paragraph else {
                continue;
            };
            let Some(index) = main_link(nodes) else {
                continue;
            };
            let link = &nodes[index];
            let name = link.text.trim();
            if name.is_empty() {
                continue;
            }
            let Some(description) = description_after(&nodes[index + 1..]) else {
                continue;
            };
            let lower = description.to_lowercase();
            let name_lower = name.to_lowercase();
            let Some(after) = lower.strip_prefix(&name_lower) else {
                continue;
            };
            // `Foo - Foobar helps`: only the whole name, followed by a word boundary.
            if after.is_empty()
                || after.starts_with(|c: char| c.is_whitespace() || ".,!?:-".contains(c))
            {
                cx.report(
                    link.range.clone(),
                    format!("list item description should not start with the item name \"{name}\""),
                )
                .help(format!("start the description with what {name} is or does"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    fn count(text: &str) -> usize {
        check_rule(&NoRepeatItemInDescription, text).len()
    }

    #[test]
    fn repeated_names() {
        assert_eq!(count("- [Foo](https://foo.io) - Foo is a tool.\n"), 1);
        assert_eq!(count("- [Foo](https://foo.io) - foo: a tool.\n"), 1);
        assert_eq!(count("- [Foo](https://foo.io) - **Foo** is a tool.\n"), 1);
        assert_eq!(count("- [Foo](https://foo.io) - Foobar helps.\n"), 0);
        assert_eq!(count("- [Foo](https://foo.io) - A tool.\n"), 0);
        assert_eq!(count("- [Foo](https://foo.io)\n"), 0);
        // The badge is not the item's name; the link after it is.
        assert_eq!(
            count(
                "- [![CI](https://i.io/b.svg)](https://ci.io) [Foo](https://foo.io) - Foo tool.\n"
            ),
            1
        );
    }
}
