//! A Markdown report: for a scheduled job's issue or a pull request's job summary.

use std::collections::BTreeMap;
use std::fmt::Write;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::{Summary, display_path, span, summary_line};
use crate::lint::FileReport;

/// GitHub's limit for one step's job summary.
pub const GITHUB_SUMMARY_LIMIT: usize = 1024 * 1024;

/// Where a line of a linted file can be seen on the web: `{server}/{repo}/blob/{sha}/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLinks {
    pub blob_base: String,
}

impl SourceLinks {
    /// From `GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA`, as a workflow run
    /// sets them; `None` unless all three are set.
    pub fn from_env() -> Option<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Some(Self::new(
            &var("GITHUB_SERVER_URL")?,
            &var("GITHUB_REPOSITORY")?,
            &var("GITHUB_SHA")?,
        ))
    }

    pub fn new(server: &str, repository: &str, sha: &str) -> Self {
        Self {
            blob_base: format!(
                "{}/{}/blob/{}/",
                server.trim_end_matches('/'),
                repository.trim_matches('/'),
                sha
            ),
        }
    }

    fn line_url(&self, path: &str, line: usize) -> String {
        // Path segments keep their slashes; spaces, `#` and `?` are encoded.
        const SEGMENT: &AsciiSet = &CONTROLS
            .add(b' ')
            .add(b'"')
            .add(b'#')
            .add(b'%')
            .add(b'<')
            .add(b'>')
            .add(b'?')
            .add(b'`')
            .add(b'{')
            .add(b'}')
            .add(b'(')
            .add(b')');
        format!(
            "{}{}#L{line}",
            self.blob_base,
            utf8_percent_encode(path, SEGMENT)
        )
    }
}

#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    pub links: Option<SourceLinks>,
    /// Cut the report (with a note saying how much is missing) to stay within this size.
    pub max_bytes: usize,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        Self {
            links: None,
            max_bytes: GITHUB_SUMMARY_LIMIT,
        }
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn render(reports: &[FileReport], options: &MarkdownOptions) -> String {
    let summary = Summary::of(reports);
    let mut out = String::from("# awesome-lint report\n\n");
    let _ = writeln!(out, "{}\n", summary_line(&summary));
    if summary.findings() == 0 {
        out.push_str("No problems found.\n");
        return out;
    }
    let mut per_rule: BTreeMap<&str, usize> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        *per_rule.entry(d.rule).or_default() += 1;
    }
    out.push_str("| Rule | Findings |\n|---|---:|\n");
    for (rule, count) in &per_rule {
        let _ = writeln!(out, "| `{rule}` | {count} |");
    }
    // Room for the note that says the report was cut.
    let budget = options.max_bytes.saturating_sub(400);
    let mut shown = 0;
    'files: for report in reports.iter().filter(|r| !r.diagnostics.is_empty()) {
        let path = display_path(&report.path);
        let heading =
            format!("\n## {path}\n\n| Line | Severity | Rule | Message |\n|---:|---|---|---|\n");
        if out.len() + heading.len() > budget {
            break;
        }
        out.push_str(&heading);
        for d in &report.diagnostics {
            let (start, _) = span(report, &d.range);
            let mut message = cell(&d.message);
            if let Some(help) = &d.help {
                let _ = write!(message, " — {}", cell(help));
            }
            let line = match &options.links {
                Some(links) => format!("[{}]({})", start.line, links.line_url(&path, start.line)),
                None => start.line.to_string(),
            };
            let row = format!("| {line} | {} | `{}` | {message} |\n", d.severity, d.rule);
            if out.len() + row.len() > budget {
                break 'files;
            }
            out.push_str(&row);
            shown += 1;
        }
        unverified_by_host(&mut out, report);
    }
    let total = summary.findings();
    if shown < total {
        let _ = writeln!(
            out,
            "\n> [!NOTE]\n> This report is cut short to stay under {} bytes: {} of {total} findings \
are not listed. Run `awesome-lint check` on the list to see them all.",
            options.max_bytes,
            total - shown
        );
    }
    out
}

/// The links `unverified-link` summarised, grouped by host, so a maintainer can open them.
fn unverified_by_host(out: &mut String, report: &FileReport) {
    let groups: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "unverified-link")
        .collect();
    if groups.is_empty() {
        return;
    }
    out.push_str("\n### Unverified links by host\n");
    for d in groups {
        let host = d
            .url
            .as_deref()
            .and_then(|u| url::Url::parse(u.trim()).ok())
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "?".to_owned());
        let _ = writeln!(out, "\n**{}** — {}\n", cell(&host), cell(&d.message));
        for label in &d.related {
            let (at, _) = span(report, &label.range);
            let _ = writeln!(
                out,
                "- line {}: <{}>",
                at.line,
                label.message.replace('>', "%3E")
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::document::Document;
    use crate::lint::{Linter, Selection};

    fn report(path: &str, text: &str) -> FileReport {
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
            path: path.to_string(),
            document,
            diagnostics,
        }
    }

    const LIST: &str = "# List\n\n- [A](http://arxiv.org/pdf/2106.09685.pdf)\n- [B](http://arxiv.org/pdf/2404.15159.pdf)\n- [C](http://arxiv.org/pdf/2304.04947.pdf)\n";

    #[test]
    fn lines_link_to_the_file_at_the_commit() {
        let options = MarkdownOptions {
            links: Some(SourceLinks::new(
                "https://github.example/",
                "octo/list",
                "abc123",
            )),
            ..Default::default()
        };
        let out = render(&[report("./docs/my list.md", LIST)], &options);
        assert!(
            out.contains(
                "| [3](https://github.example/octo/list/blob/abc123/docs/my%20list.md#L3) |"
            ),
            "{out}"
        );
    }

    #[test]
    fn a_report_over_the_limit_is_cut_with_a_note() {
        let reports = [report("README.md", LIST)];
        let full = render(&reports, &MarkdownOptions::default());
        assert!(!full.contains("cut short"));
        let max_bytes = full.len() + 400 - 60;
        let cut = render(
            &reports,
            &MarkdownOptions {
                links: None,
                max_bytes,
            },
        );
        assert!(cut.len() <= max_bytes, "{} > {max_bytes}", cut.len());
        assert!(cut.contains("1 of 3 findings are not listed"), "{cut}");
    }
}
