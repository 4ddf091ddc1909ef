//! Byte offsets to human positions. Everything inside the linter works on byte ranges;
//! only renderers turn them into 1-based lines and 1-based character columns.

/// Line starts of one source text, for byte offset → (line, column) lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

/// A 1-based line and a 1-based column counted in characters (not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self { line_starts }
    }

    /// The 0-based line holding `offset` (an offset at a `\n` belongs to that line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// The position of a byte offset. Offsets inside a UTF-8 sequence or past the end are
    /// clamped, so a bad range can never panic a renderer. A UTF-8 BOM at the start of the
    /// file is not counted as a column: editors do not show it.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let mut column = text[start..offset].chars().count() + 1;
        if line == 0 && text.starts_with('\u{feff}') && offset >= 3 {
            column -= 1;
        }
        Position {
            line: line + 1,
            column,
        }
    }

    /// The text of the 0-based line `line` without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line: usize) -> &'a str {
        let start = self.line_start(line).min(text.len());
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        text[start..end].trim_end_matches(['\n', '\r'])
    }
}

/// The largest char boundary at or below `offset` (str::floor_char_boundary is unstable).
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let text = "ab\n✨ x\r\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 2, column: 1 });
        // `x` follows a 3-byte sparkle and a space: column 3, not 5
        assert_eq!(index.position(text, 7), Position { line: 2, column: 3 });
        assert_eq!(index.position(text, 10), Position { line: 3, column: 1 });
        assert_eq!(index.line_text(text, 1), "✨ x");
    }

    #[test]
    fn bom_is_not_a_column_and_bad_offsets_are_clamped() {
        let text = "\u{feff}# Title";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 3), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 1), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 999).line, 1);
    }
}
