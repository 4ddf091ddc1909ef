use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::document::tree::{BlockKind, InlineKind};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "awesome-heading",
    default_severity: Severity::Error,
    summary: "the list has no main heading, more than one, or one not in title case",
    doc: include_str!("../../rules/awesome-heading.md"),
    network: false,
    fixable: false,
};

static COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?(-->|$)").expect("comment pattern is valid"));

/// One H1 names the list; the awesome guidelines want it in title case.
#[derive(Debug, Default)]
pub struct AwesomeHeading;

/// Words title case leaves in lower case inside a title.
const MINOR_WORDS: [&str; 22] = [
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on",
    "or", "per", "so", "the", "to", "via", "vs", "with",
];

/// Whether a heading's text is in title case: every word starts with a capital, a digit or a
/// letter without case, except minor words inside the title; a word with a capital anywhere
/// is a name written its own way (`iOS`, `macOS`, `eBPF`) and passes.
pub(crate) fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.iter().enumerate().all(|(index, word)| {
        let letters: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        let Some(first) = letters.chars().next() else {
            return true;
        };
        if !first.is_lowercase() || letters.chars().any(char::is_uppercase) {
            return true;
        }
        let lower = letters.to_lowercase();
        (index > 0 && index + 1 < words.len() && MINOR_WORDS.contains(&lower.as_str()))
            || lower == "npm"
            || looks_like_file_name(word)
    })
}

/// `awesome-lint.js`, `tsconfig.json`: a file name keeps its case.
fn looks_like_file_name(word: &str) -> bool {
    word.rsplit_once('.').is_some_and(|(name, ext)| {
        !name.is_empty()
            && !ext.is_empty()
            && ext.len() <= 10
            && ext.chars().all(|c| c.is_ascii_alphanumeric())
            && !ext.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// A leading HTML block that stands for the heading: a heading tag, or a centred block with
/// an image (a logo).
fn is_html_heading(html: &str) -> bool {
    // A commented-out header is not a header (Westlake-AGI-Lab's list opens with one; upstream
    // counts it and then calls the real `#` heading a second one).
    let lower = COMMENT.replace_all(html, "").to_ascii_lowercase();
    let heading_tag =
        (1..=6).any(|n| lower.contains(&format!("<h{n}>")) || lower.contains(&format!("<h{n} ")));
    let centred = lower.contains("align=\"center\"") || lower.contains("align='center'");
    heading_tag || (centred && lower.contains("<img"))
}

impl Rule for AwesomeHeading {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let tree = doc.tree();
        let first = tree.blocks.iter().find(|b| b.depth == 0);
        let mut count = 0;
        if let Some(first) = first
            && first.kind == BlockKind::Html
            && is_html_heading(doc.slice(first.range.clone()))
        {
            count += 1;
        }
        for heading in &tree.headings {
            let opens = first.is_some_and(|b| b.range.start == heading.range.start);
            if heading.level > 1 {
                if !opens {
                    continue;
                }
                cx.report(
                    heading.range.clone(),
                    "main list heading must be of depth 1",
                )
                .help("write the list's name as a `#` heading");
            }
            let not_title_case = heading
                .inlines
                .iter()
                .filter(|n| n.kind == InlineKind::Text)
                .any(|n| !is_title_case(&n.text));
            if not_title_case {
                cx.report(heading.range.clone(), "main heading must be in title case")
                    .help("capitalise each word of the list's name");
            }
            count += 1;
            if count > 1 {
                // ` # [SUN RGB-D](…) - A benchmark.` (jbhuang0604's list): an entry whose
                // `-` slipped to `#`, not a section
                let entry = heading.inlines.first().is_some_and(|n| n.is_link())
                    && heading.inlines.get(1).is_some_and(|n| {
                        n.kind == InlineKind::Text
                            && n.text.trim_start().starts_with(['-', '–', '—'])
                    });
                let help = if entry {
                    "this is an entry: write it as a list item, `- [Name](url) - Description.`"
                } else {
                    "make the other `#` headings `##` sections"
                };
                cx.report(heading.range.clone(), "list can only have one heading")
                    .help(help);
            }
        }
        if count == 0 {
            cx.report(0..0, "missing main list heading")
                .help("start the list with a `#` heading that names it");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    fn messages(text: &str) -> Vec<String> {
        check_rule(&AwesomeHeading, text)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn title_case() {
        for good in [
            "Awesome Lint",
            "Awesome-LLM ",
            "Awesome Style Transfer with Diffusion Models",
            "Awesome iOS",
            "Awesome 3D Printing",
            "🥳Awesome Things",
            "Awesome 自然语言处理",
            "Awesome awesome-lint.js",
        ] {
            assert!(is_title_case(good), "{good}");
        }
        for bad in ["Awesome lint", "awesome Lint", "Awesome Things of"] {
            assert!(!is_title_case(bad), "{bad}");
        }
    }

    #[test]
    fn one_main_heading() {
        assert!(messages("# Awesome Lint\n\n## Contents\n").is_empty());
        assert_eq!(
            messages("## Contents\n"),
            ["main list heading must be of depth 1"]
        );
        assert_eq!(
            messages("# Awesome Lint\n\n# Second\n"),
            ["list can only have one heading"]
        );
        assert_eq!(
            messages("Text\n\n## Contents\n"),
            ["missing main list heading"]
        );
        assert_eq!(
            messages("# awesome lint\n"),
            ["main heading must be in title case"]
        );
        assert!(messages("<h1 align=\"center\">Awesome</h1>\n\n## Contents\n").is_empty());
        assert!(
            messages("<div align=\"center\">\n<img src=\"logo.svg\">\n</div>\n\n## Contents\n")
                .is_empty()
        );
        assert_eq!(
            messages("<div align=\"center\">\nhi\n</div>\n\n## Contents\n"),
            ["missing main list heading"]
        );
        assert!(
            messages(
                "<!-- <div align=\"center\"><img src=\"logo.svg\"></div> -->\n\n# Awesome Lint\n"
            )
            .is_empty()
        );
    }

    /// jbhuang0604's list has ` # [SUN RGB-D](…) - A benchmark suite.`: an entry whose
    /// bullet slipped to `#`. Turning it into a `##` section, as the usual help says, would
    /// make an entry a heading.
    #[test]
    fn an_entry_written_as_a_heading_is_told_to_be_an_item() {
        let found = check_rule(
            &AwesomeHeading,
            "# Awesome Vision\n\n## Datasets\n\n # [SUN RGB-D](http://rgbd.example.org/) - A RGB-D benchmark suite.\n\n# Second\n",
        );
        let helps: Vec<&str> = found
            .iter()
            .filter(|d| d.message == "list can only have one heading")
            .filter_map(|d| d.help.as_deref())
            .collect();
        assert_eq!(
            helps,
            [
                "this is an entry: write it as a list item, `- [Name](url) - Description.`",
                "make the other `#` headings `##` sections"
            ]
        );
    }
}
