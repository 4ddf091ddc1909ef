//! Byte offsets to human positions. Everything inside the linter works on byte ranges;
//! only renderers turn them into 1-based lines and 1-based character columns.

/// Line starts of one source text, for byte offset → (line, column) lookups.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// `(byte offset, characters before it)` at the first char boundary of every
    /// [`CHECKPOINT`] bytes, so a column on a long line costs at most one checkpoint's
    /// worth of counting: 90 000 findings on one 450 KB line were quadratic without them.
    checkpoints: Vec<(usize, usize)>,
}

const CHECKPOINT: usize = 4096;

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
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut chars = 0;
        let mut at = 0;
        while at < text.len() {
            checkpoints.push((at, chars));
            let next = floor_char_boundary(text, at + CHECKPOINT).max(at + 1);
            let next = ceil_char_boundary(text, next);
            chars += text[at..next].chars().count();
            at = next;
        }
        Self {
            line_starts,
            checkpoints,
        }
    }

    /// Characters in `text[..offset]`; `offset` is a char boundary.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let at = self
            .checkpoints
            .partition_point(|&(start, _)| start <= offset);
        let (start, chars) = at
            .checked_sub(1)
            .map_or((0, 0), |index| self.checkpoints[index]);
        chars + text[start..offset].chars().count()
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
        let mut column = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
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

/// The smallest char boundary at or above `offset`.
fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
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
    fn columns_on_long_lines_match_a_plain_count() {
        // a long line mixing 1-, 2-, 3- and 4-byte characters crosses many checkpoints
        let line: String = "aé✨𝔸 ".repeat(5_000);
        let text = format!("first\n{line}\nlast");
        let index = LineIndex::new(&text);
        let line_start = 6;
        for (offset, _) in text.char_indices().step_by(997) {
            let expected = if offset < line_start {
                text[..offset].chars().count() + 1
            } else if offset <= line_start + line.len() {
                text[line_start..offset].chars().count() + 1
            } else {
                text[line_start + line.len() + 1..offset].chars().count() + 1
            };
            assert_eq!(index.position(&text, offset).column, expected, "{offset}");
        }
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
