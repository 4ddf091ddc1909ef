//! A Markdown report: for a scheduled job's issue or a pull request's job summary.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Summary, display_path, span, summary_line};
use crate::lint::FileReport;

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

pub fn render(reports: &[FileReport]) -> String {
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
    for report in reports.iter().filter(|r| !r.diagnostics.is_empty()) {
        let path = display_path(&report.path);
        let _ = writeln!(out, "\n## {path}\n");
        out.push_str("| Line | Severity | Rule | Message |\n|---:|---|---|---|\n");
        for d in &report.diagnostics {
            let (start, _) = span(report, &d.range);
            let mut message = cell(&d.message);
            if let Some(help) = &d.help {
                let _ = write!(message, " — {}", cell(help));
            }
            let _ = writeln!(
                out,
                "| {} | {} | `{}` | {} |",
                start.line, d.severity, d.rule, message
            );
        }
        unverified_by_host(&mut out, report);
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
