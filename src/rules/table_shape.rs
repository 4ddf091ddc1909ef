use crate::diagnostic::Severity;
use crate::document::{Document, split_written_cells};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "table-shape",
    default_severity: Severity::Warning,
    summary: "a table row whose cell count differs from the header row",
    doc: include_str!("../../rules/table-shape.md"),
    network: false,
    fixable: false,
};

/// GitHub pads short rows with empty cells and drops the cells of long ones without a word,
/// so a row written with a missing `|` silently shifts its links into the wrong column.
#[derive(Debug, Default)]
pub struct TableShape;

impl Rule for TableShape {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for table in doc.tables() {
            let expected = table.header.written_cells;
            for row in &table.rows {
                let found = row.written_cells;
                if found == expected || only_hidden_extras(doc.slice(row.range.clone()), expected) {
                    continue;
                }
                let diagnostic = cx.report(
                    row.range.clone(),
                    format!(
                        "row has {found} {} but the header has {expected}",
                        cells(found)
                    ),
                );
                diagnostic.related(table.header.range.clone(), "header row");
                if found < expected {
                    diagnostic.help(format!(
                        "add {} or remove the header's extra column",
                        count_cells(expected - found)
                    ));
                } else {
                    diagnostic
                        .help("remove the extra cells, or write a `|` inside a cell as `\\|`");
                }
            }
        }
    }
}

/// Extra cells that are empty or hold only the `[//]: #` comment idiom lose nothing when
/// GitHub drops them (horseee/Awesome-Efficient-LLM marks rows with `| [//]: #Recommend`).
fn only_hidden_extras(row: &str, expected: usize) -> bool {
    let cells = split_written_cells(row);
    cells.len() > expected
        && cells[expected..].iter().all(|cell| {
            let cell = cell.trim();
            cell.is_empty() || cell.starts_with("[//]: #") || cell.starts_with("[//]: <>")
        })
}

fn cells(n: usize) -> &'static str {
    if n == 1 { "cell" } else { "cells" }
}

fn count_cells(n: usize) -> String {
    if n == 1 {
        "the missing cell".to_string()
    } else {
        format!("the {n} missing cells")
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::check_rule;

    #[test]
    fn short_and_long_rows() {
        let text = "| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n| 1 | 2 |\n| 1 | 2 | 3 | 4 |\n";
        let found = check_rule(&super::TableShape, text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "row has 2 cells but the header has 3",
                "row has 4 cells but the header has 3"
            ]
        );
        assert_eq!(&text[found[0].range.clone()], "| 1 | 2 |");
    }

    #[test]
    fn escaped_pipes_are_not_separators_but_pipes_in_code_are() {
        let text = "| a | b |\n|---|---|\n| `x\\|y` | a \\| b |\nno | pipes at ends\n";
        assert!(check_rule(&super::TableShape, text).is_empty());
        // GitHub splits `a|b` inside backticks: the row has 3 cells
        let text = "| a | b |\n|---|---|\n| `x|y` | b |\n";
        assert_eq!(check_rule(&super::TableShape, text).len(), 1);
    }

    #[test]
    fn hidden_comment_cells_are_not_extra() {
        let text = "| a | b |\n|---|---|\n| 1 | 2 | [//]: #Recommend\n| 1 | 2 | |\n";
        assert!(check_rule(&super::TableShape, text).is_empty());
    }
}
