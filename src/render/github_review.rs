//! A pull-request review for the GitHub REST API (`POST /repos/{owner}/{repo}/pulls/{number}/reviews`):
//! the safe fixes on changed lines as comments with ```` ```suggestion ```` blocks, so a
//! contributor accepts each with one click.

use std::ops::Range;

use serde::Serialize;

use super::{display_path, plural};
use crate::changed::ChangedLines;
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::lint::FileReport;

#[derive(Serialize)]
struct Review {
    event: &'static str,
    body: String,
    comments: Vec<Comment>,
}

#[derive(Serialize)]
struct Comment {
    path: String,
    /// The last line the suggestion replaces (1-based, new side of the diff).
    line: usize,
    /// The first, when the suggestion spans several lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    start_line: Option<usize>,
    side: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_side: Option<&'static str>,
    body: String,
}

/// Safe fixes whose lines overlap become one suggestion: two suggestions on one line would
/// make the second stale once the first is accepted.
struct Suggestion<'a> {
    /// 0-based first and last line.
    lines: Range<usize>,
    findings: Vec<&'a Diagnostic>,
}

fn safe_edits(d: &Diagnostic) -> Option<&[Edit]> {
    let fix = d.fix.as_ref()?;
    (fix.applicability == Applicability::Safe && !fix.edits.is_empty())
        .then_some(fix.edits.as_slice())
}

/// `changed`: the lines a suggestion may touch (GitHub accepts review comments only on the
/// diff); `None` takes every line.
pub fn render(reports: &[FileReport], changed: Option<&ChangedLines>) -> String {
    let mut comments = Vec::new();
    let mut findings = 0;
    for report in reports {
        findings += report.diagnostics.len();
        let doc = &report.document;
        let text = doc.text();
        let index = doc.line_index();
        let lines = match changed.map(|c| c.lines_for(&report.path)) {
            Some(Ok(Some(lines))) => Some(lines.clone()),
            Some(_) => continue,
            None => None,
        };
        let mut suggestions: Vec<Suggestion<'_>> = Vec::new();
        for d in &report.diagnostics {
            let Some(edits) = safe_edits(d) else { continue };
            let valid = edits.iter().all(|e| {
                e.range.start <= e.range.end
                    && e.range.end <= text.len()
                    && text.is_char_boundary(e.range.start)
                    && text.is_char_boundary(e.range.end)
            });
            if !valid {
                continue;
            }
            let first = edits.iter().map(|e| e.range.start).min().unwrap_or(0);
            let last = edits.iter().map(|e| e.range.end).max().unwrap_or(0);
            let span = index.line_of(first)..index.line_of(last.max(first)) + 1;
            if let Some(lines) = &lines
                && !span.clone().all(|line| lines.contains(line + 1))
            {
                continue;
            }
            match suggestions
                .iter_mut()
                .find(|s| s.lines.start < span.end && span.start < s.lines.end)
            {
                Some(existing) => {
                    existing.lines =
                        existing.lines.start.min(span.start)..existing.lines.end.max(span.end);
                    existing.findings.push(d);
                }
                None => suggestions.push(Suggestion {
                    lines: span,
                    findings: vec![d],
                }),
            }
        }
        let path = display_path(&report.path);
        for suggestion in suggestions {
            let from = index.line_start(suggestion.lines.start).min(text.len());
            let to = index.line_start(suggestion.lines.end).min(text.len());
            let mut edits: Vec<&Edit> = Vec::new();
            for d in &suggestion.findings {
                let new: Vec<&Edit> = safe_edits(d)
                    .unwrap_or_default()
                    .iter()
                    .filter(|e| !edits.contains(e))
                    .collect();
                let overlaps = new.iter().any(|e| {
                    edits
                        .iter()
                        .any(|t| e.range.start < t.range.end && t.range.start < e.range.end)
                });
                if !overlaps {
                    edits.extend(new);
                }
            }
            edits.sort_by_key(|e| (e.range.start, e.range.end));
            let mut replaced = String::new();
            let mut last = from;
            for edit in &edits {
                replaced.push_str(&text[last..edit.range.start]);
                replaced.push_str(&edit.replacement);
                last = edit.range.end;
            }
            replaced.push_str(&text[last..to]);
            let replaced = replaced.replace("\r\n", "\n");
            let replaced = replaced.strip_suffix('\n').unwrap_or(&replaced);
            let mut body = String::new();
            for d in &suggestion.findings {
                body.push_str(&format!("**{}**: {}", d.rule, d.message));
                if let Some(help) = &d.help {
                    body.push_str(&format!(" ({help})"));
                }
                body.push('\n');
            }
            // A fence longer than any backtick run in the text keeps the block closed.
            let fence = "`".repeat(longest_backtick_run(replaced).max(2) + 1);
            body.push_str(&format!("\n{fence}suggestion\n{replaced}\n{fence}\n"));
            let first_line = suggestion.lines.start + 1;
            let last_line = suggestion.lines.end;
            let multi = last_line > first_line;
            comments.push(Comment {
                path: path.clone(),
                line: last_line,
                start_line: multi.then_some(first_line),
                side: "RIGHT",
                start_side: multi.then_some("RIGHT"),
                body,
            });
        }
    }
    let body = if comments.is_empty() {
        format!(
            "awesome-lint: {}, none with a safe fix",
            plural(findings, "finding", "findings")
        )
    } else {
        format!(
            "awesome-lint: {}; {} with a fix to accept",
            plural(findings, "finding", "findings"),
            plural(comments.len(), "suggestion", "suggestions")
        )
    };
    let review = Review {
        event: "COMMENT",
        body,
        comments,
    };
    let mut out = serde_json::to_string_pretty(&review).expect("plain data serializes");
    out.push('\n');
    out
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::Document;
    use crate::lint::{Linter, Selection};

    fn report(text: &str) -> FileReport {
        let linter = Linter::new(
            &Config::default(),
            &Selection {
                offline: true,
                ..Default::default()
            },
        )
        .expect("default config");
        let document = Document::parse(text);
        let diagnostics = linter.lint(&document);
        FileReport {
            path: "./README.md".to_string(),
            document,
            diagnostics,
        }
    }

    #[test]
    fn two_fixes_on_one_line_are_one_suggestion() {
        let text = "# List\n\n- A paper about many things [[Paper](http://arxiv.org/pdf/2106.09685.pdf)] [[v2](https://arxiv.org/pdf/2404.15159v2)]\n";
        let json: serde_json::Value =
            serde_json::from_str(&render(&[report(text)], None)).expect("json");
        let comments = json["comments"].as_array().expect("comments");
        assert_eq!(comments.len(), 1, "{json:#}");
        assert_eq!(comments[0]["path"], "README.md");
        assert_eq!(comments[0]["line"], 3);
        assert_eq!(comments[0]["side"], "RIGHT");
        let body = comments[0]["body"].as_str().expect("body");
        // every arXiv link of this file is a pdf link: its house style is pdf
        assert!(
            body.contains("```suggestion\n- A paper about many things [[Paper](https://arxiv.org/pdf/2106.09685)] [[v2](https://arxiv.org/pdf/2404.15159)]\n```"),
            "{body}"
        );
    }
}
