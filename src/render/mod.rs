//! Renderers: the same reports as terminal text, JSON, GitHub workflow commands, SARIF or
//! a Markdown report. Byte ranges become 1-based lines and character columns only here.

mod github;
pub mod github_review;
mod json;
pub mod markdown;
mod pretty;
mod sarif;

use crate::diagnostic::Severity;
use crate::lint::FileReport;
use crate::source::Position;

pub use pretty::Colors;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source snippets with carets and help (the default on a terminal)
    Pretty,
    /// A stable JSON document for other tools
    Json,
    /// GitHub Actions workflow commands (annotations on pull requests)
    Github,
    /// SARIF 2.1.0, for code scanning
    Sarif,
    /// A Markdown report, for an issue or a job summary
    Markdown,
    /// A pull-request review (JSON for GitHub's REST API) suggesting the safe fixes
    GithubReview,
}

/// Totals over every linted file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub entries: usize,
    pub links: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Self {
        let mut summary = Summary {
            files: reports.len(),
            ..Default::default()
        };
        for report in reports {
            summary.entries += report.document.entries().len();
            summary.links += report.document.links().len();
            summary.errors += report.count(Severity::Error);
            summary.warnings += report.count(Severity::Warning);
            summary.infos += report.count(Severity::Info);
        }
        summary
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}

pub fn render(format: Format, reports: &[FileReport], colors: Colors) -> String {
    render_with(format, reports, colors, &RenderOptions::default())
}

/// What some formats take from the run besides the reports.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions<'a> {
    pub markdown: markdown::MarkdownOptions,
    /// The lines a review may suggest changes on (`--changed-since`, `--diff-file`).
    pub changed: Option<&'a crate::changed::ChangedLines>,
}

pub fn render_with(
    format: Format,
    reports: &[FileReport],
    colors: Colors,
    options: &RenderOptions<'_>,
) -> String {
    match format {
        Format::Pretty => pretty::render(reports, colors),
        Format::Json => json::render(reports),
        Format::Github => github::render(reports),
        Format::Sarif => sarif::render(reports),
        Format::Markdown => markdown::render(reports, &options.markdown),
        Format::GithubReview => github_review::render(reports, options.changed),
    }
}

/// Start and end positions of a byte range in a report's document.
pub(crate) fn span(report: &FileReport, range: &std::ops::Range<usize>) -> (Position, Position) {
    let doc = &report.document;
    let index = doc.line_index();
    (
        index.position(doc.text(), range.start),
        index.position(doc.text(), range.end),
    )
}

/// `README.md`, not `./README.md`; forward slashes on every platform.
pub(crate) fn display_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    path.strip_prefix("./").map(str::to_string).unwrap_or(path)
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `3 errors, 1 warning, 0 infos in 1 file (114 entries, 300 links)`
pub(crate) fn summary_line(summary: &Summary) -> String {
    format!(
        "{}, {}, {} in {} ({}, {})",
        plural(summary.errors, "error", "errors"),
        plural(summary.warnings, "warning", "warnings"),
        plural(summary.infos, "info", "infos"),
        plural(summary.files, "file", "files"),
        plural(summary.entries, "entry", "entries"),
        plural(summary.links, "link", "links"),
    )
}
