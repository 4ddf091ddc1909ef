//! Terminal output: `file:line:col`, the source lines with the fault underlined, help.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::{Summary, display_path, plural, summary_line};
use crate::diagnostic::{Applicability, Severity};
use crate::lint::FileReport;
use crate::source::floor_char_boundary;

/// Whether to colour the output (decided by the caller: a TTY and no `NO_COLOR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colors(pub bool);

/// The whole lines around `range`, and `range` shifted into them.
struct Window<'a> {
    text: &'a str,
    first_line: usize,
    range: Range<usize>,
}

fn window<'a>(report: &'a FileReport, range: &Range<usize>) -> Window<'a> {
    let doc = &report.document;
    let text = doc.text();
    let index = doc.line_index();
    let start = floor_char_boundary(text, range.start);
    let end = floor_char_boundary(text, range.end.max(start));
    let first = index.line_of(start);
    let last = index.line_of(end.saturating_sub(1).max(start));
    let mut from = index.line_start(first).min(text.len());
    // A BOM is not part of the first line an editor shows.
    if from == 0 && text.starts_with('\u{feff}') {
        from = 3;
    }
    let to = index.line_start(last + 1).min(text.len()).max(from);
    let lines = text[from..to].trim_end_matches(['\n', '\r']);
    let shifted_start = start.max(from) - from;
    let shifted_end = (end.max(from) - from).min(lines.len()).max(shifted_start);
    Window {
        text: lines,
        first_line: first + 1,
        range: shifted_start..shifted_end,
    }
}

fn level(severity: Severity) -> Level<'static> {
    match severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    }
}

pub fn render(reports: &[FileReport], colors: Colors) -> String {
    let renderer = if colors.0 {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for report in reports {
        let path = display_path(&report.path);
        for d in &report.diagnostics {
            let primary = window(report, &d.range);
            let mut snippet = Snippet::source(primary.text)
                .line_start(primary.first_line)
                .path(path.as_str())
                .fold(true)
                .annotation(AnnotationKind::Primary.span(primary.range.clone()));
            if let Some(url) = &d.url
                && primary.range.is_empty()
            {
                snippet =
                    snippet.annotation(AnnotationKind::Context.span(0..0).label(url.as_str()));
            }
            let mut group: Group<'_> = level(d.severity)
                .primary_title(d.message.as_str())
                .id(d.rule)
                .element(snippet);
            let related: Vec<(Window<'_>, &str)> = d
                .related
                .iter()
                .map(|label| (window(report, &label.range), label.message.as_str()))
                .collect();
            for (related_window, message) in &related {
                group = group.element(
                    Snippet::source(related_window.text)
                        .line_start(related_window.first_line)
                        .path(path.as_str())
                        .fold(true)
                        .annotation(
                            AnnotationKind::Context
                                .span(related_window.range.clone())
                                .label(*message),
                        ),
                );
            }
            if let Some(help) = &d.help {
                group = group.element(Level::HELP.message(help.as_str()));
            }
            out.push_str(&renderer.render(&[group]));
            out.push_str("\n\n");
        }
    }
    let summary = Summary::of(reports);
    if summary.findings() == 0 {
        out.push_str(&format!(
            "No problems found in {} ({}, {}).\n",
            plural(summary.files, "file", "files"),
            plural(summary.entries, "entry", "entries"),
            plural(summary.links, "link", "links"),
        ));
        return out;
    }
    out.push_str(&format!("Found {}.\n", summary_line(&summary)));
    // With hundreds of findings, the count per rule says where to start.
    let mut per_rule: Vec<(&str, usize)> = Vec::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        match per_rule.iter_mut().find(|(rule, _)| *rule == d.rule) {
            Some((_, n)) => *n += 1,
            None => per_rule.push((d.rule, 1)),
        }
    }
    per_rule.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let counts: Vec<String> = per_rule
        .iter()
        .map(|(rule, n)| format!("{n} {rule}"))
        .collect();
    out.push_str(&format!("By rule: {}.\n", counts.join(", ")));
    let fixable = |applicability| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == applicability)
            })
            .count()
    };
    let (safe, unsafe_) = (fixable(Applicability::Safe), fixable(Applicability::Unsafe));
    if safe + unsafe_ > 0 {
        let mut line = format!("{safe} fixable with `awesome-lint fix`");
        if unsafe_ > 0 {
            line.push_str(&format!(" ({unsafe_} more with `--unsafe-fixes`)"));
        }
        out.push_str(&line);
        out.push_str(".\n");
    }
    for report in reports {
        if let Some(hint) = crate::rules::duplicate_entry::cross_section_hint(&report.diagnostics) {
            out.push_str(&format!("{}: {hint}.\n", display_path(&report.path)));
        }
    }
    out
}
