use serde::Serialize;

use super::{Summary, display_path, span};
use crate::diagnostic::Applicability;
use crate::lint::FileReport;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: Option<&'a str>,
    url: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    fix: Option<JsonFix>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: String,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonFix {
    applicability: Applicability,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonEdit {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: String,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    entries: usize,
    links: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

pub fn render(reports: &[FileReport]) -> String {
    let mut diagnostics = Vec::new();
    for report in reports {
        let file = display_path(&report.path);
        for d in &report.diagnostics {
            let (start, end) = span(report, &d.range);
            diagnostics.push(JsonDiagnostic {
                rule: d.rule,
                severity: d.severity.as_str(),
                file: file.clone(),
                line: start.line,
                column: start.column,
                end_line: end.line,
                end_column: end.column,
                message: &d.message,
                help: d.help.as_deref(),
                url: d.url.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|label| {
                        let (at, _) = span(report, &label.range);
                        JsonRelated {
                            file: file.clone(),
                            line: at.line,
                            column: at.column,
                            message: &label.message,
                        }
                    })
                    .collect(),
                fix: d.fix.as_ref().map(|fix| JsonFix {
                    applicability: fix.applicability,
                    edits: fix
                        .edits
                        .iter()
                        .map(|edit| {
                            let (start, end) = span(report, &edit.range);
                            JsonEdit {
                                line: start.line,
                                column: start.column,
                                end_line: end.line,
                                end_column: end.column,
                                replacement: edit.replacement.clone(),
                            }
                        })
                        .collect(),
                }),
            });
        }
    }
    let s = Summary::of(reports);
    let output = Output {
        version: 1,
        diagnostics,
        summary: JsonSummary {
            files: s.files,
            entries: s.entries,
            links: s.links,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
        },
    };
    let mut text = serde_json::to_string_pretty(&output).expect("plain data serializes");
    text.push('\n');
    text
}
