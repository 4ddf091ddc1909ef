use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "no-undefined-references",
    default_severity: Severity::Warning,
    summary: "a reference link whose label has no definition",
    doc: include_str!("../../rules/no-undefined-references.md"),
    network: false,
    fixable: true,
};

/// `[text][label]` without `[label]: url` renders as bracketed text, not as a link.
#[derive(Debug, Default)]
pub struct NoUndefinedReferences;

/// Bracketed text that is a tag, not a reference: `[2023]`, `[2023/06]`, `[12]`,
/// `[CVPR 2023]`, `[NeurIPS'22]`, `[v1.2]` — anything with a digit. Paper lists date and
/// number their entries this way; upstream reports every one of them.
static TAG_WITH_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d").expect("digit pattern is valid"));

/// GitHub alerts (`> [!NOTE]`).
static ALERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^!(note|tip|important|warning|caution)$").expect("alert pattern is valid")
});

/// Words that name a link in paper lists: a bare `[Code]` is a link whose URL was forgotten.
const LINK_WORDS: [&str; 14] = [
    "paper", "pdf", "code", "github", "project", "website", "demo", "arxiv", "video", "slides",
    "blog", "dataset", "homepage", "page",
];

/// Whether bracketed text is meant as a reference. `[text][label]` and `[label][]` always
/// are. A shortcut `[label]` is a tag when it holds a digit (`[2023]`, `[CVPR 2023]`), and
/// in a list that defines no reference at all it is a tag too (`[**OneComp**] Title` in
/// xlite-dev's tables) unless it names a link (`[Code]`).
fn is_reference_like(label: &str, written: &str, after: &str, has_definitions: bool) -> bool {
    let label = label.trim();
    if label.is_empty()
        || label.starts_with('^')
        || ALERT.is_match(label)
        || matches!(label, "x" | "X" | " ")
    {
        return false;
    }
    let shortcut = !written.contains("][") && !after.starts_with("[]");
    if !shortcut {
        return true;
    }
    let names_a_link = LINK_WORDS.contains(&label.to_lowercase().as_str());
    // `[Previously known as CaptainDuckDuck]` (awesome-docker): an aside in brackets; a
    // reference label is a name, not a sentence.
    let aside = label.split_whitespace().count() >= 4;
    !TAG_WITH_DIGIT.is_match(label) && !aside && (has_definitions || names_a_link)
}

/// What follows a bracketed label that was meant as an inline link.
#[derive(Debug, PartialEq, Eq)]
enum Attempt {
    /// Spaces, then `(http…)`: how many spaces.
    Spaced(usize),
    /// `(text)` right after the brackets that is no URL (spaces in it, no scheme).
    NotAUrl,
}

fn inline_attempt(after: &str) -> Option<Attempt> {
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    let rest = after[spaces..].strip_prefix('(')?;
    let inside = &rest[..rest.find([')', '\n'])?];
    let url_like = ["http://", "https://", "www."]
        .iter()
        .any(|scheme| inside.trim_start().starts_with(scheme))
        && !inside.trim().contains(char::is_whitespace);
    match (spaces, url_like) {
        (1.., true) => Some(Attempt::Spaced(spaces)),
        (0, false) if inside.contains(' ') => Some(Attempt::NotAUrl),
        _ => None,
    }
}

/// Whether the brackets are the whole of a bold or italic span, `**[Paper]**`: a tag quoted
/// in prose (REAL-Lab's "annotated with **[Paper]** tags"), not a link that lost its URL.
fn is_quoted_tag(before: &str, after: &str) -> bool {
    ["**", "__", "*", "_"]
        .iter()
        .any(|mark| before.ends_with(mark) && after.starts_with(mark))
}

/// The document's link ranges sorted by start, each with the furthest end of any link starting
/// at or before it: whether a link encloses a reference is one binary search, not a scan of
/// every link per reference (a 10 MB list has 100 000 links and 40 000 bracketed tags).
struct LinkSpans {
    starts: Vec<usize>,
    furthest_end: Vec<usize>,
}

impl LinkSpans {
    fn of(doc: &Document) -> Self {
        let mut spans: Vec<(usize, usize)> = doc
            .links()
            .iter()
            .map(|link| (link.range.start, link.range.end))
            .collect();
        spans.sort_unstable();
        let mut furthest = 0;
        let furthest_end = spans
            .iter()
            .map(|&(_, end)| {
                furthest = furthest.max(end);
                furthest
            })
            .collect();
        Self {
            starts: spans.iter().map(|&(start, _)| start).collect(),
            furthest_end,
        }
    }

    /// Whether a link starts before `range` and ends at or after its end.
    fn encloses(&self, range: &std::ops::Range<usize>) -> bool {
        let before = self.starts.partition_point(|&start| start < range.start);
        before > 0 && self.furthest_end[before - 1] >= range.end
    }
}

impl Rule for NoUndefinedReferences {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let has_definitions = !doc.tree().definitions.is_empty();
        let links = LinkSpans::of(doc);
        for reference in &doc.tree().broken_references {
            let written = doc.slice(reference.range.clone());
            let after = doc.text().get(reference.range.end..).unwrap_or("");
            let before = doc.text().get(..reference.range.start).unwrap_or("");
            if !is_reference_like(&reference.label, written, after, has_definitions)
                || is_quoted_tag(before, after)
            {
                continue;
            }
            // `[[Code]](url)`: brackets inside a link's text are the link's text.
            if links.encloses(&reference.range) {
                continue;
            }
            let diagnostic = cx.report(
                reference.range.clone(),
                format!(
                    "found reference to undefined definition `{}`",
                    reference.label
                ),
            );
            match inline_attempt(after) {
                // `[[Website] (https://…)]`: a space kept the URL from the brackets
                Some(Attempt::Spaced(spaces)) => {
                    let end = reference.range.end;
                    diagnostic
                        .help("remove the space between `]` and `(`: with it, the URL is not the link's")
                        .fix(Fix::safe(Edit::delete(end..end + spaces)));
                }
                // `[[Paper](Don't Copy the Teacher: …)]`: a title where the URL goes
                Some(Attempt::NotAUrl) => {
                    diagnostic
                        .help("the text in parentheses is not a URL: put the link's URL there");
                }
                None => {
                    diagnostic.help(format!(
                        "add `[{}]: <url>` or write the link inline",
                        reference.label
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    fn labels(text: &str) -> Vec<String> {
        check_rule(&NoUndefinedReferences, text)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn undefined_references() {
        assert_eq!(
            labels("[a][missing] and [b][] and [Code]\n"),
            [
                "found reference to undefined definition `missing`",
                "found reference to undefined definition `b`",
                "found reference to undefined definition `Code`",
            ]
        );
        assert!(labels("[a][ok]\n\n[ok]: https://a.io\n").is_empty());
        // With definitions in the list, a shortcut is a reference.
        assert_eq!(
            labels("[Foo] and [bar][ok]\n\n[ok]: https://a.io\n"),
            ["found reference to undefined definition `Foo`"]
        );
    }

    #[test]
    fn tags_and_idioms_are_not_references() {
        let text = "- [2023/06] Title [[Paper](https://arxiv.org/abs/2301.00001)] [CVPR 2023]\n\
                    - [12] Another [[Code](https://github.com/a/b)]\n\n\
                    | [**OneComp**] One-line compression | [[pdf]](https://arxiv.org/pdf/2603.28845) |\n\
                    |---|---|\n\n\
                    - [ ] task\n- [x] done\n\n\
                    > [!NOTE]\n> Heads up.\n\n\
                    Text with a footnote[^1] and [[Code]](https://github.com/a/b).\n";
        assert!(labels(text).is_empty(), "{:?}", labels(text));
        // awesome-docker's aside and REAL-Lab's quoted tag, in lists that define references
        let text = "- [Cap](https://cap.io) - [Previously known as CaptainDuck] A web server.\n\
                    > Each tool is annotated with **[Paper]** tags, or *[Code]*.\n\n\
                    [ok]: https://a.io\n";
        assert!(labels(text).is_empty(), "{:?}", labels(text));
        // A short label is still a reference, and a bare link word still a lost URL.
        assert_eq!(
            labels("[Three Word Label] and [Paper] and [ok][]\n\n[ok]: https://a.io\n"),
            [
                "found reference to undefined definition `Three Word Label`",
                "found reference to undefined definition `Paper`",
            ]
        );
    }

    /// GT-RIPL's robotics list: `[[Website] (https://…)]` lost its link to a space, and
    /// `[[Paper](Title: words)]` holds a title where the URL goes. Both are still findings;
    /// the help names the cause, and the space gets a safe fix.
    #[test]
    fn inline_links_broken_by_a_space_or_a_title() {
        let text = "- **Y**: Title. [[Website] (https://progport.example.org/)]\n- **X**: Title. [[Paper](Don't Copy the Teacher: Data)]\n- **Z**: Title. [[Code]]\n";
        let found = check_rule(&NoUndefinedReferences, text);
        let helps: Vec<&str> = found
            .iter()
            .map(|d| d.help.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            helps,
            [
                "remove the space between `]` and `(`: with it, the URL is not the link's",
                "the text in parentheses is not a URL: put the link's URL there",
                "add `[Code]: <url>` or write the link inline",
            ]
        );
        assert!(found[0].fix.is_some());
        assert!(found[1].fix.is_none() && found[2].fix.is_none());
        let fixed = crate::fix::apply_fixes(text, &found, false).0;
        assert!(fixed.starts_with("- **Y**: Title. [[Website](https://progport.example.org/)]\n"));
    }
}
