//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

use serde_json::{Value, json};

use super::{display_path, span};
use crate::diagnostic::Severity;
use crate::lint::FileReport;
use crate::registry;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The first paragraph under `## What it checks` in a rule's page.
fn full_description(doc: &str) -> String {
    let after = doc
        .split_once("## What it checks")
        .map_or(doc, |(_, rest)| rest);
    after
        .trim_start()
        .split("\n\n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// FNV-1a: a fingerprint must stay the same across versions and platforms, which std's
/// hasher does not promise.
fn fnv1a(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

fn region(report: &FileReport, range: &std::ops::Range<usize>) -> Value {
    let (start, end) = span(report, range);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
    })
}

pub fn render(reports: &[FileReport]) -> String {
    let metas = registry::all_metas();
    let rules: Vec<Value> = metas
        .iter()
        .map(|meta| {
            json!({
                "id": meta.id,
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": full_description(meta.doc) },
                "help": { "text": meta.doc, "markdown": meta.doc },
                "defaultConfiguration": { "level": level(meta.default_severity) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for report in reports {
        let uri = display_path(&report.path);
        let location = |range: &std::ops::Range<usize>| {
            json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                    "region": region(report, range),
                }
            })
        };
        // Fingerprints name the rule, the file and the text at fault, plus an occurrence
        // counter: they survive lines moving above the finding.
        let mut seen = std::collections::HashMap::new();
        for d in &report.diagnostics {
            let snippet = report.document.slice(d.range.clone()).trim().to_string();
            let occurrence = seen
                .entry((d.rule, snippet.clone()))
                .and_modify(|n| *n += 1)
                .or_insert(0usize);
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": metas.iter().position(|m| m.id == d.rule).unwrap_or(0),
                "level": level(d.severity),
                "message": { "text": match &d.help {
                    Some(help) => format!("{}\nhelp: {help}", d.message),
                    None => d.message.clone(),
                } },
                "locations": [location(&d.range)],
                "partialFingerprints": {
                    "awesomeLint/v1": fnv1a(&[d.rule, &uri, &snippet, &occurrence.to_string()]),
                },
            });
            if !d.related.is_empty() {
                result["relatedLocations"] = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, label)| {
                        let mut related = location(&label.range);
                        related["id"] = json!(i + 1);
                        related["message"] = json!({ "text": label.message });
                        related
                    })
                    .collect();
            }
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|edit| {
                        json!({
                            "deletedRegion": region(report, &edit.range),
                            "insertedContent": { "text": edit.replacement },
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": { "text": d.help.clone().unwrap_or_else(|| d.message.clone()) },
                    "artifactChanges": [{
                        "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                        "replacements": replacements,
                    }],
                }]);
            }
            results.push(result);
        }
    }
    let sarif = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "awesome-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/awesome-lint/awesome-lint",
                "rules": rules,
            }},
            "originalUriBaseIds": { "%SRCROOT%": { "uri": "file:///" } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&sarif).expect("plain data serializes");
    text.push('\n');
    text
}
