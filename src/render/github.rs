//! GitHub Actions workflow commands: `::error file=…,line=…::message`, escaped as the
//! actions/toolkit does it.

use std::fmt::Write;

use super::{display_path, span};
use crate::diagnostic::Severity;
use crate::lint::FileReport;

/// Message data: `%`, CR and LF are encoded.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Property values also encode `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Most severe first: GitHub shows only the first 10 errors and 10 warnings of a step.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    let mut ordered: Vec<(&FileReport, &crate::diagnostic::Diagnostic)> = reports
        .iter()
        .flat_map(|report| report.diagnostics.iter().map(move |d| (report, d)))
        .collect();
    // A stable sort keeps file and position order within one severity.
    ordered.sort_by_key(|(_, d)| std::cmp::Reverse(d.severity));
    for (report, d) in ordered {
        let file = escape_property(&display_path(&report.path));
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let (start, end) = span(report, &d.range);
        let mut properties = format!("file={file},line={},endLine={}", start.line, end.line);
        // GitHub ignores columns on annotations that span lines.
        if start.line == end.line {
            let _ = write!(properties, ",col={},endColumn={}", start.column, end.column);
        }
        let _ = write!(properties, ",title={}", escape_property(d.rule));
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let _ = writeln!(out, "::{command} {properties}::{}", escape_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_toolkit() {
        assert_eq!(escape_data("50% a\r\nb"), "50%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
