use std::collections::BTreeMap;

use crate::dates::{DateFormat, date_format};
use crate::diagnostic::Severity;
use crate::document::Document;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "table-date-format",
    default_severity: Severity::Info,
    summary: "a table column whose dates are written in several formats",
    doc: include_str!("../../rules/table-date-format.md"),
    network: false,
    fixable: false,
};

/// Mixed date formats make a column hard to scan and impossible to sort by eye.
#[derive(Debug, Default)]
pub struct TableDateFormat;

/// A column is a date column when at least this share of its non-empty cells are dates.
const DATE_COLUMN_SHARE: f64 = 0.6;

impl Rule for TableDateFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for table in doc.tables() {
            for (column, header) in table.header.cells.iter().enumerate() {
                let cells: Vec<_> = table
                    .rows
                    .iter()
                    .filter_map(|row| row.cells.get(column))
                    .filter(|cell| !cell.text.trim().is_empty())
                    .collect();
                let dated: Vec<(DateFormat, &crate::document::Cell)> = cells
                    .iter()
                    .filter_map(|cell| date_format(&cell.text).map(|f| (f, *cell)))
                    .collect();
                if dated.len() < 3 || (dated.len() as f64) < DATE_COLUMN_SHARE * cells.len() as f64
                {
                    continue;
                }
                let mut formats: BTreeMap<String, Vec<&crate::document::Cell>> = BTreeMap::new();
                for (format, cell) in &dated {
                    formats.entry(format.pattern()).or_default().push(cell);
                }
                if formats.len() < 2 {
                    continue;
                }
                let (majority, majority_cells) = formats
                    .iter()
                    .max_by_key(|(pattern, cells)| {
                        (cells.len(), std::cmp::Reverse((*pattern).clone()))
                    })
                    .map(|(p, c)| (p.clone(), c.len()))
                    .expect("at least two formats");
                let name = if header.text.is_empty() {
                    format!("{}", column + 1)
                } else {
                    header.text.clone()
                };
                let diagnostic = cx.report(
                    header.range.clone(),
                    format!(
                        "column `{name}` mixes {} date formats; most cells ({majority_cells} of {}) use `{majority}`",
                        formats.len(),
                        dated.len()
                    ),
                );
                for (pattern, cells) in formats.iter().filter(|(p, _)| **p != majority) {
                    diagnostic.related(
                        cells[0].range.clone(),
                        format!(
                            "`{pattern}` ({} {})",
                            cells.len(),
                            if cells.len() == 1 { "cell" } else { "cells" }
                        ),
                    );
                }
                diagnostic.help(format!("write every date in this column as `{majority}`"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::check_rule;

    #[test]
    fn mixed_and_uniform_columns() {
        let text = "| Year | Model |\n|---|---|\n| 4 Jan 2024 | a |\n| 2 Sep 2021 | b |\n| Dec 1 2023 | c |\n| 2024 | d |\n";
        let found = check_rule(&super::TableDateFormat, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "column `Year` mixes 3 date formats; most cells (2 of 4) use `D Mon YYYY`"
        );
        let uniform = "| Year | Model |\n|---|---|\n| 4 Jan 2024 | a |\n| 2 Sep 2021 | b |\n| 1 Dec 2023 | c |\n";
        assert_eq!(check_rule(&super::TableDateFormat, uniform), []);
    }
}
