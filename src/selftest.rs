//! The whole offline pipeline on one text, with its invariants checked: parse, every offline
//! rule, every renderer, fix. The fuzz target (`fuzz/`) and the property tests both drive it,
//! so a crash or a broken invariant found by one is a case for the other.

use crate::config::Config;
use crate::document::Document;
use crate::fix::fix_text;
use crate::lint::{FileReport, Linter, Selection};
use crate::render::{self, Colors, Format};

/// Run everything offline on `text`. Panics are the caller's to catch; a broken invariant is
/// an `Err` that says which.
pub fn run_pipeline(text: &str) -> Result<(), String> {
    let selection = Selection {
        // every rule, also those off by default
        select: crate::registry::all_metas()
            .iter()
            .filter(|meta| !meta.network)
            .map(|meta| meta.id.to_owned())
            .collect(),
        offline: true,
        ..Default::default()
    };
    let linter = Linter::new(&Config::default(), &selection).map_err(|e| format!("linter: {e}"))?;
    let document = Document::parse(text);
    let diagnostics = linter.lint(&document);
    for diagnostic in &diagnostics {
        let ranges = std::iter::once(&diagnostic.range)
            .chain(diagnostic.related.iter().map(|label| &label.range));
        for range in ranges {
            if range.start > range.end || range.end > text.len() {
                return Err(format!(
                    "{}: range {range:?} outside a text of {} bytes",
                    diagnostic.rule,
                    text.len()
                ));
            }
        }
    }
    let report = FileReport {
        path: "README.md".to_owned(),
        document,
        diagnostics,
    };
    let index = report.document.line_index();
    let lines = text.split('\n').count();
    for diagnostic in &report.diagnostics {
        let position = index.position(text, diagnostic.range.start);
        if position.line == 0 || position.line > lines || position.column == 0 {
            return Err(format!("{}: position {position:?}", diagnostic.rule));
        }
    }
    let reports = [report];
    for format in [
        Format::Pretty,
        Format::Json,
        Format::Github,
        Format::Sarif,
        Format::Markdown,
    ] {
        let output = render::render(format, &reports, Colors(false));
        if matches!(format, Format::Json | Format::Sarif) {
            serde_json::from_str::<serde_json::Value>(&output)
                .map_err(|e| format!("{format:?} output does not parse: {e}"))?;
        }
    }
    // fix runs rounds until nothing is left, so a second run must find nothing to change
    let once = fix_text(&linter, text, true, None);
    let twice = fix_text(&linter, &once.text, true, None);
    if twice.text != once.text {
        return Err(format!(
            "fix is not idempotent: a second run fixed {} more",
            twice.fixed
        ));
    }
    Ok(())
}
