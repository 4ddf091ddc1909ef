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
                // `May` reads the same in every word style: it counts with the column's
                // own style when one fits (ChenHsing L485 writes `May, 2023` among
                // `Jun., 2025`), and as its own format only when none does.
                let mut firm: BTreeMap<String, (DateFormat, usize)> = BTreeMap::new();
                for (format, _) in dated.iter().filter(|(f, _)| !f.month_ambiguous()) {
                    firm.entry(format.pattern())
                        .or_insert_with(|| (format.clone(), 0))
                        .1 += 1;
                }
                let mut formats: BTreeMap<String, Vec<&crate::document::Cell>> = BTreeMap::new();
                for (format, cell) in &dated {
                    let pattern = if format.month_ambiguous() {
                        firm.iter()
                            .filter(|(_, (firm_format, _))| format.agrees_with(firm_format))
                            .max_by_key(|(_, (_, count))| *count)
                            .map_or_else(|| format.pattern(), |(pattern, _)| pattern.clone())
                    } else {
                        format.pattern()
                    };
                    formats.entry(pattern).or_default().push(cell);
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
                    trimmed(doc, header.range.clone()),
                    format!(
                        "column `{name}` mixes {} date formats; most cells ({majority_cells} of {}) use `{majority}`",
                        formats.len(),
                        dated.len()
                    ),
                );
                for (pattern, cells) in formats.iter().filter(|(p, _)| **p != majority) {
                    diagnostic.related(
                        trimmed(doc, cells[0].range.clone()),
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

/// A cell's range without its padding: the underline goes under the date, not the spaces
/// around it.
fn trimmed(doc: &Document, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let text = doc.slice(range.clone());
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.end - (text.len() - text.trim_end().len());
    if start < end { start..end } else { range }
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

    #[test]
    fn may_fits_every_word_style_and_the_date_is_underlined() {
        // ChenHsing L485: `May, 2023` in a `Mon., YYYY` column; L680 in a `Mon, YYYY` one.
        let text = "| Title | Pub. & Date |\n|---|---|\n| A | Jun., 2025 |\n| B | Oct., 2024 |\n| C |  Jan., 2024  |\n| D | May, 2023 |\n| E | May, 2023 |\n\n| Title | Pub. Date |\n|---|---|\n| A | Dec, 2023 |\n| B | May, 2023 |\n| C | Nov, 2023 |\n| D | May, 2023 |\n";
        assert_eq!(check_rule(&super::TableDateFormat, text), []);
        let mixed = "| Title | Date |\n|---|---|\n| A |  Dec, 2023 |\n| B | Nov, 2023 |\n| C |  December, 2023  |\n| D | May, 2023 |\n";
        let found = check_rule(&super::TableDateFormat, mixed);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "column `Date` mixes 2 date formats; most cells (3 of 4) use `Mon, YYYY`"
        );
        assert_eq!(&mixed[found[0].range.clone()], "Date");
        assert_eq!(&mixed[found[0].related[0].range.clone()], "December, 2023");
    }
}
