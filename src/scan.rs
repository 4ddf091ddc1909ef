//! Hand-written scanners for the patterns nearly every list meets. Compiling one of these
//! regexes cost 0.3–3.9 M instructions, the eighteen the seed compiled 23 M of its 81 M: more
//! than reading the whole list (issue 11). Each scanner finds exactly what its pattern found —
//! the tests keep the pattern as the oracle — and hands the rare text where the pattern's
//! Unicode `\d` reaches beyond `0-9` (a non-ASCII digit) to the pattern itself.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Whether the Unicode `\d` of a pattern can only match `0-9` in `text`: every decimal digit
/// is numeric, so text without a non-ASCII numeric character has no other digits.
pub(crate) fn digits_are_ascii(text: &str) -> bool {
    text.is_ascii() || !text.chars().any(|c| !c.is_ascii() && c.is_numeric())
}

/// A character of the regex crate's `\w` (Unicode, as in the patterns these scanners replace).
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::is_word_character(c)
    }
}

fn word_before(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(is_word_char)
}

fn word_after(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

fn digits_at(bytes: &[u8], at: usize, count: usize) -> bool {
    bytes
        .get(at..at + count)
        .is_some_and(|run| run.iter().all(u8::is_ascii_digit))
}

/// The number of ASCII digits from `at`, at most `max`.
fn digit_run(bytes: &[u8], at: usize, max: usize) -> usize {
    bytes
        .get(at..)
        .unwrap_or_default()
        .iter()
        .take(max)
        .take_while(|b| b.is_ascii_digit())
        .count()
}

/// `(?:19|20)\d{2}` at `at`.
fn year_at(bytes: &[u8], at: usize) -> bool {
    digits_at(bytes, at, 4) && matches!(&bytes[at..at + 2], b"19" | b"20")
}

/// The length of a `['’]` at `at`.
fn quote_at(text: &str, at: usize) -> Option<usize> {
    match text[at..].chars().next() {
        Some(c @ ('\'' | '’')) => Some(c.len_utf8()),
        _ => None,
    }
}

fn captures_range(caps: &regex::Captures<'_>, group: usize) -> Option<Range<usize>> {
    caps.get(group).map(|m| m.range())
}

static WORD_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b((?:19|20)\d{2})\b").expect("year pattern is valid"));

/// The first year that stands as a word (`\b((?:19|20)\d{2})\b`): `2023` in `2023-05`, not in
/// `v2023`.
pub(crate) fn word_year(text: &str) -> Option<&str> {
    if !digits_are_ascii(text) {
        return WORD_YEAR
            .captures(text)
            .and_then(|caps| caps.get(1))
            .map(|m| m.as_str());
    }
    word_year_ascii(text).map(|range| &text[range])
}

fn word_year_ascii(text: &str) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(3))
        .find(|&at| year_at(bytes, at) && !word_before(text, at) && !word_after(text, at + 4))
        .map(|at| at..at + 4)
}

static BRACKETED_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\[(]((?:19|20)\d{2})[\])]").expect("year pattern is valid"));

/// The first year in brackets or parentheses (`[\[(]((?:19|20)\d{2})[\])]`): `(2023)`, `[2023)`.
pub(crate) fn bracketed_year(text: &str) -> Option<&str> {
    if !digits_are_ascii(text) {
        return BRACKETED_YEAR
            .captures(text)
            .and_then(|caps| caps.get(1))
            .map(|m| m.as_str());
    }
    bracketed_year_ascii(text).map(|range| &text[range])
}

fn bracketed_year_ascii(text: &str) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(5))
        .find(|&at| {
            matches!(bytes[at], b'[' | b'(')
                && year_at(bytes, at + 1)
                && matches!(bytes[at + 5], b']' | b')')
        })
        .map(|at| at + 1..at + 5)
}

static LOOSE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:,\s*((?:19|20)\d{2})\s*(?:[.,;]|$))|\(((?:19|20)\d{2})[./-]\d{1,2}(?:[./-]\d{1,2})?\)",
    )
    .expect("loose year pattern is valid")
});

/// A year without a venue: `, 2016.` / `, 2016` at the end, or a date in parentheses
/// `(2024.01.08)`. The pattern `(?:,\s*((?:19|20)\d{2})\s*(?:[.,;]|$))|\(((?:19|20)\d{2})[./-]\d{1,2}(?:[./-]\d{1,2})?\)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LooseYear {
    /// The whole match, comma or parentheses included.
    pub whole: Range<usize>,
    pub year: Range<usize>,
}

/// The first loose year in `text`.
pub(crate) fn loose_year(text: &str) -> Option<LooseYear> {
    if !digits_are_ascii(text) {
        let caps = LOOSE_YEAR.captures(text)?;
        return Some(LooseYear {
            whole: captures_range(&caps, 0)?,
            year: captures_range(&caps, 1).or_else(|| captures_range(&caps, 2))?,
        });
    }
    loose_year_ascii(text)
}

fn skip_whitespace(text: &str, mut at: usize) -> usize {
    while let Some(c) = text[at..].chars().next().filter(|c| c.is_whitespace()) {
        at += c.len_utf8();
    }
    at
}

fn loose_year_ascii(text: &str) -> Option<LooseYear> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|at| match bytes[at] {
        b',' => {
            let year = skip_whitespace(text, at + 1);
            if !year_at(bytes, year) {
                return None;
            }
            let after = skip_whitespace(text, year + 4);
            let end = match bytes.get(after) {
                None => after,
                Some(b'.' | b',' | b';') => after + 1,
                Some(_) => return None,
            };
            Some(LooseYear {
                whole: at..end,
                year: year..year + 4,
            })
        }
        b'(' => {
            let year = at + 1;
            if !year_at(bytes, year) {
                return None;
            }
            // `[./-]\d{1,2}` once or twice, then `)`; a third digit matches neither way
            let mut next = year + 4;
            for part in 0..2 {
                if !matches!(bytes.get(next), Some(b'.' | b'/' | b'-')) {
                    if part == 0 {
                        return None;
                    }
                    break;
                }
                let digits = digit_run(bytes, next + 1, 3);
                if !(1..=2).contains(&digits) {
                    return None;
                }
                next += 1 + digits;
            }
            (bytes.get(next) == Some(&b')')).then(|| LooseYear {
                whole: at..next + 1,
                year: year..year + 4,
            })
        }
        _ => None,
    })
}

static VENUE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"((?:[A-Za-z][A-Za-z&]*(?:[ -](?:[A-Za-z][A-Za-z&]*))*))[\s,\-]*(?:['’](\d{2})\b|\b(\d{2})['’](?:[^\w]|$)|((?:19|20)\d{2})\b)",
    )
    .expect("venue pattern is valid")
});

/// Words followed by a year: `NeurIPS 2023`, `ICLR'24`, `EMNLP-23'`, `Findings of ACL, 2023`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VenueYear {
    pub whole: Range<usize>,
    /// The words before the year.
    pub words: Range<usize>,
    /// A two-digit year: `'23` or `23'`.
    pub short: Option<Range<usize>>,
    /// A four-digit year.
    pub full: Option<Range<usize>>,
}

/// Every `Venue Year` in `text`, left to right and not overlapping, as the pattern
/// `((?:[A-Za-z][A-Za-z&]*(?:[ -](?:[A-Za-z][A-Za-z&]*))*))[\s,\-]*(?:['’](\d{2})\b|\b(\d{2})['’](?:[^\w]|$)|((?:19|20)\d{2})\b)`
/// found them.
pub(crate) fn venue_years(text: &str) -> Vec<VenueYear> {
    if !digits_are_ascii(text) {
        return VENUE_YEAR
            .captures_iter(text)
            .filter_map(|caps| {
                Some(VenueYear {
                    whole: captures_range(&caps, 0)?,
                    words: captures_range(&caps, 1)?,
                    short: captures_range(&caps, 2).or_else(|| captures_range(&caps, 3)),
                    full: captures_range(&caps, 4),
                })
            })
            .collect();
    }
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(next) = venue_year_ascii(text, from) {
        from = next.whole.end;
        found.push(next);
    }
    found
}

/// The first `Venue Year` from `from`. Where the words start inside a run of words, they end
/// where the run ends and the year after them is the same: one try per run is enough.
fn venue_year_ascii(text: &str, from: usize) -> Option<VenueYear> {
    let bytes = text.as_bytes();
    let mut start = from;
    while start < bytes.len() {
        if !bytes[start].is_ascii_alphabetic() {
            start += 1;
            continue;
        }
        let words_end = words_end(bytes, start);
        if let Some((short, full, end)) = year_after_words(text, words_end) {
            return Some(VenueYear {
                whole: start..end,
                words: start..words_end,
                short,
                full,
            });
        }
        start = words_end;
    }
    None
}

/// The end of `[A-Za-z][A-Za-z&]*(?:[ -][A-Za-z][A-Za-z&]*)*` from a letter at `start`.
fn words_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    loop {
        while at < bytes.len() && (bytes[at].is_ascii_alphabetic() || bytes[at] == b'&') {
            at += 1;
        }
        if at + 1 < bytes.len()
            && matches!(bytes[at], b' ' | b'-')
            && bytes[at + 1].is_ascii_alphabetic()
        {
            at += 2;
        } else {
            return at;
        }
    }
}

type YearAfterWords = (Option<Range<usize>>, Option<Range<usize>>, usize);

/// `[\s,\-]*` then `'23`, `23'` or `2023` as whole words: the two-digit year, the four-digit
/// year and the end of the match. No shorter run of words or separators can match where the
/// longest did not, since a letter or separator cannot start a year.
fn year_after_words(text: &str, words_end: usize) -> Option<YearAfterWords> {
    let bytes = text.as_bytes();
    let mut at = words_end;
    while let Some(c) = text[at..]
        .chars()
        .next()
        .filter(|&c| c.is_whitespace() || c == ',' || c == '-')
    {
        at += c.len_utf8();
    }
    if let Some(quote) = quote_at(text, at) {
        let digits = at + quote;
        if digits_at(bytes, digits, 2) && !word_after(text, digits + 2) {
            return Some((Some(digits..digits + 2), None, digits + 2));
        }
    }
    if digits_at(bytes, at, 2)
        && !word_before(text, at)
        && let Some(quote) = quote_at(text, at + 2)
    {
        let after = at + 2 + quote;
        match text[after..].chars().next() {
            None => return Some((Some(at..at + 2), None, after)),
            Some(c) if !is_word_char(c) => {
                return Some((Some(at..at + 2), None, after + c.len_utf8()));
            }
            Some(_) => {}
        }
    }
    if year_at(bytes, at) && !word_after(text, at + 4) {
        return Some((None, Some(at..at + 4), at + 4));
    }
    None
}

static NEW_ARXIV_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{4}\.\d{4,5}(?:[vV]\d+)?").expect("valid regex"));

/// Every new-style arXiv id with its version, left to right and not overlapping, as
/// `\d{4}\.\d{4,5}(?:[vV]\d+)?` found them: `2106.09685v2` in `arXiv:2106.09685v2`.
pub(crate) fn new_arxiv_ids(text: &str) -> Vec<Range<usize>> {
    if !digits_are_ascii(text) {
        return NEW_ARXIV_ID.find_iter(text).map(|m| m.range()).collect();
    }
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at + 9 <= bytes.len() {
        let number = digit_run(bytes, at + 5, 5);
        if digits_at(bytes, at, 4) && bytes[at + 4] == b'.' && number >= 4 {
            let mut end = at + 5 + number;
            if matches!(bytes.get(end), Some(b'v' | b'V')) {
                let version = digit_run(bytes, end + 1, usize::MAX);
                if version > 0 {
                    end += 1 + version;
                }
            }
            found.push(at..end);
            at = end;
        } else {
            at += 1;
        }
    }
    found
}

/// Whether `text` may hold an old-style arXiv id (`hep-th/9711200`): its pattern
/// `([A-Za-z]+(?:-[A-Za-z]+)?)(?:\.[A-Za-z-]+)?/(\d{7})(?:[vV]\d+)?` needs a slash and seven
/// digits, which badge texts and titles rarely have.
pub(crate) fn may_hold_old_arxiv_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    !digits_are_ascii(text)
        || bytes
            .iter()
            .enumerate()
            .any(|(at, &b)| b == b'/' && digits_at(bytes, at + 1, 7))
}

static ACL_NEW_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})\.([a-z]+)(?:-[a-z0-9]+)*\.\d+$").expect("ACL id pattern is valid")
});

/// A new ACL Anthology id (`2023.emnlp-main.319`, `2023.findings-acl.13`), as
/// `^(\d{4})\.([a-z]+)(?:-[a-z0-9]+)*\.\d+$` read it: its year and its first name.
pub(crate) fn acl_new_id(id: &str) -> Option<(&str, &str)> {
    if !digits_are_ascii(id) {
        let caps = ACL_NEW_ID.captures(id)?;
        return Some((caps.get(1)?.as_str(), caps.get(2)?.as_str()));
    }
    let bytes = id.as_bytes();
    if !(digits_at(bytes, 0, 4) && bytes.get(4) == Some(&b'.')) {
        return None;
    }
    let run = |from: usize, part: fn(&u8) -> bool| {
        from + bytes[from..].iter().take_while(|b| part(b)).count()
    };
    let name_end = run(5, u8::is_ascii_lowercase);
    if name_end == 5 {
        return None;
    }
    let mut at = name_end;
    while bytes.get(at) == Some(&b'-') {
        let part_end = run(at + 1, |b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if part_end == at + 1 {
            return None;
        }
        at = part_end;
    }
    let number = bytes.get(at + 1..).unwrap_or_default();
    (bytes.get(at) == Some(&b'.') && !number.is_empty() && number.iter().all(u8::is_ascii_digit))
        .then(|| (&id[..4], &id[5..name_end]))
}

static ACL_OLD_ID: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Z])(\d{2})-\d{4}$").expect("ACL id pattern is valid"));

/// An old ACL Anthology id (`D19-1165`), as `^([A-Z])(\d{2})-\d{4}$` read it: its letter and
/// its two-digit year.
pub(crate) fn acl_old_id(id: &str) -> Option<(&str, &str)> {
    if !digits_are_ascii(id) {
        let caps = ACL_OLD_ID.captures(id)?;
        return Some((caps.get(1)?.as_str(), caps.get(2)?.as_str()));
    }
    let bytes = id.as_bytes();
    (bytes.len() == 8
        && bytes[0].is_ascii_uppercase()
        && digits_at(bytes, 1, 2)
        && bytes[3] == b'-'
        && digits_at(bytes, 4, 4))
    .then(|| (&id[..1], &id[1..3]))
}

static NEURIPS_PATH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^/paper(?:_files/paper)?/(\d{4})/").expect("NeurIPS pattern is valid")
});

/// The year in a NeurIPS proceedings path (`/paper/2021/…`, `/paper_files/paper/2023/…`), as
/// `^/paper(?:_files/paper)?/(\d{4})/` read it.
pub(crate) fn neurips_path_year(path: &str) -> Option<&str> {
    if !digits_are_ascii(path) {
        return NEURIPS_PATH
            .captures(path)
            .and_then(|caps| caps.get(1))
            .map(|m| m.as_str());
    }
    let rest = path.strip_prefix("/paper")?;
    let rest = rest.strip_prefix("_files/paper").unwrap_or(rest);
    let bytes = rest.as_bytes();
    (bytes.first() == Some(&b'/') && digits_at(bytes, 1, 4) && bytes.get(5) == Some(&b'/'))
        .then(|| &rest[1..5])
}

static SHORT_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:['’]|[a-z])(\d{2})(?:\D|$)").expect("year pattern is valid")
});

/// The first two-digit year after a quote or a letter (`ICML'23`, `CVPR24`), as
/// `(?i)(?:['’]|[a-z])(\d{2})(?:\D|$)` read it.
pub(crate) fn short_year(text: &str) -> Option<&str> {
    if !digits_are_ascii(text) {
        return SHORT_YEAR
            .captures(text)
            .and_then(|caps| caps.get(1))
            .map(|m| m.as_str());
    }
    let bytes = text.as_bytes();
    text.char_indices().find_map(|(at, c)| {
        // `(?i)[a-z]` folds in the long s and the Kelvin sign
        let opens = matches!(c, '\'' | '’' | 'ſ' | '\u{212a}') || c.is_ascii_alphabetic();
        let digits = at + c.len_utf8();
        (opens
            && digits_at(bytes, digits, 2)
            && !bytes.get(digits + 2).is_some_and(u8::is_ascii_digit))
        .then(|| &text[digits..digits + 2])
    })
}

/// Every bare URL in `text`, left to right, as `https?://[^\s<>\[\]"'`]+` found them.
pub(crate) fn bare_urls(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("http") {
        let start = from + offset;
        let mut after_scheme = start + 4;
        if text[after_scheme..].starts_with('s') {
            after_scheme += 1;
        }
        if let Some(path) = text[after_scheme..].strip_prefix("://") {
            let length: usize = path
                .chars()
                .take_while(|&c| !(c.is_whitespace() || "<>[]\"'`".contains(c)))
                .map(char::len_utf8)
                .sum();
            if length > 0 {
                let end = after_scheme + 3 + length;
                found.push(start..end);
                from = end;
                continue;
            }
        }
        from = start + 1;
    }
    found
}

/// Whether `text` holds `word` (ASCII lower case) as a whole word in any case, as
/// `(?i)\bword\b` would: no other character folds to the letters of `paper` and `pdf` (a test
/// checks every character).
pub(crate) fn has_word_ignoring_case(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(word.len() - 1)).any(|at| {
        bytes[at..at + word.len()].eq_ignore_ascii_case(word.as_bytes())
            && !word_before(text, at)
            && !word_after(text, at + word.len())
    })
}

/// Where a first sentence ends (`… sparse retrieval. This paper …`): the position of the full
/// stop of the first `([a-z)]{3}[?!]?)\.\s+[A-Z]`.
pub(crate) fn sentence_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let lower = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|&b| b.is_ascii_lowercase() || b == b')')
    };
    (0..bytes.len()).find_map(|at| {
        if !(lower(at) && lower(at + 1) && lower(at + 2)) {
            return None;
        }
        let mut stop = at + 3;
        if matches!(bytes.get(stop), Some(b'?' | b'!')) {
            stop += 1;
        }
        if bytes.get(stop) != Some(&b'.') {
            return None;
        }
        let capital = skip_whitespace(text, stop + 1);
        (capital > stop + 1 && bytes.get(capital).is_some_and(u8::is_ascii_uppercase))
            .then_some(stop)
    })
}

/// Where a closing `(@organisation)` starts, white space before it included, as
/// `\s*\(@[^()]*\)\s*$` finds it: the last bracket before the closing one must open it.
pub(crate) fn organisation_suffix(text: &str) -> Option<usize> {
    let trimmed = text.trim_end();
    let inside = trimmed.strip_suffix(')')?;
    let open = inside.rfind(['(', ')'])?;
    if !inside[open..].starts_with("(@") {
        return None;
    }
    Some(inside[..open].trim_end().len())
}

/// What precedes a title and is not part of it: `[2023/06]`, `[12]`, `1.`, `6)`, `[NEW]`,
/// `(New)`, and emoji markers such as 🔥 ⭐ 🆕 ⚠️ or `:star:`.
pub(crate) static LEADING_TAGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:(?:\[[^\]]*\]|\((?i:new|hot|updated?)\)|\d{1,4}[.)](?:\s|$)|:[a-z0-9_+-]+:|[\p{Extended_Pictographic}\x{FE0F}\x{200D}\x{20E3}]+)\s*)+",
    )
    .expect("leading tag pattern is valid")
});

/// `[\p{Extended_Pictographic}\x{FE0F}\x{200D}\x{20E3}]` as sorted ranges, from the tables of
/// regex-syntax: parsing a class is cheap, compiling a pattern around it is not.
static PICTOGRAPHIC: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
    use regex_syntax::hir::{Class, HirKind};
    let hir = regex_syntax::parse(r"[\p{Extended_Pictographic}\x{FE0F}\x{200D}\x{20E3}]")
        .expect("emoji class is valid");
    let HirKind::Class(Class::Unicode(class)) = hir.kind() else {
        panic!("an emoji class parses to a Unicode class");
    };
    class
        .ranges()
        .iter()
        .map(|r| (r.start(), r.end()))
        .collect()
});

/// An emoji or a joiner, selector or keycap that builds one.
fn is_pictographic(c: char) -> bool {
    !c.is_ascii()
        && PICTOGRAPHIC
            .binary_search_by(|&(start, end)| {
                if end < c {
                    std::cmp::Ordering::Less
                } else if start > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// `text` without the tags and markers before its title ([`LEADING_TAGS`]).
pub(crate) fn strip_leading_tags(text: &str) -> &str {
    if !digits_are_ascii(text) {
        return match LEADING_TAGS.find(text) {
            Some(found) => &text[found.end()..],
            None => text,
        };
    }
    let mut at = skip_whitespace(text, 0);
    let mut end = 0;
    // each tag is a single way to read its first character, so the greedy reading is the match
    while let Some(next) = leading_tag_end(text, at) {
        at = skip_whitespace(text, next);
        end = at;
    }
    &text[end..]
}

/// The end of one leading tag at `at`.
fn leading_tag_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let rest = &text[at..];
    let first = rest.chars().next()?;
    match first {
        '[' => rest.find(']').map(|close| at + close + 1),
        '(' => ["updated", "update", "new", "hot"].iter().find_map(|word| {
            let tag = bytes.get(at + 1..at + 2 + word.len())?;
            (tag[..word.len()].eq_ignore_ascii_case(word.as_bytes()) && tag[word.len()] == b')')
                .then_some(at + 2 + word.len())
        }),
        '0'..='9' => {
            let digits = digit_run(bytes, at, 5);
            let mark = at + digits;
            if digits > 4 || !matches!(bytes.get(mark), Some(b'.' | b')')) {
                return None;
            }
            match text[mark + 1..].chars().next() {
                None => Some(mark + 1),
                Some(c) if c.is_whitespace() => Some(mark + 1 + c.len_utf8()),
                Some(_) => None,
            }
        }
        ':' => {
            let name = bytes[at + 1..]
                .iter()
                .take_while(|&&b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'+' | b'-')
                })
                .count();
            (name > 0 && bytes.get(at + 1 + name) == Some(&b':')).then_some(at + name + 2)
        }
        _ => {
            let emoji: usize = rest
                .chars()
                .take_while(|&c| is_pictographic(c))
                .map(char::len_utf8)
                .sum();
            (emoji > 0).then_some(at + emoji)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    // the patterns these scanners replaced, kept as their oracles
    static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"https?://[^\s<>\[\]"'`]+"#).expect("bare URL pattern is valid")
    });
    static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"([a-z)]{3}[?!]?)\.\s+[A-Z]").expect("sentence pattern is valid")
    });
    static ORGANISATION: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\s*\(@[^()]*\)\s*$").expect("organisation pattern is valid"));

    /// Text from the characters the patterns care about, plus a word mark, a non-ASCII letter
    /// and non-ASCII white space.
    fn text_from(alphabet: &'static [&'static str]) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(alphabet), 0..24)
            .prop_map(|pieces| pieces.concat())
    }

    const YEARS: &[&str] = &[
        "19", "20", "2", "0", "1", "9", "3", "[", "]", "(", ")", ",", ".", ";", "/", "-", " ", "a",
        "Z", "_", "é", "\u{300}", "\u{a0}", "'", "’", "\n", "٣",
    ];

    fn venue_years_by_pattern(text: &str) -> Vec<VenueYear> {
        VENUE_YEAR
            .captures_iter(text)
            .map(|caps| VenueYear {
                whole: caps.get(0).unwrap().range(),
                words: caps.get(1).unwrap().range(),
                short: caps.get(2).or(caps.get(3)).map(|m| m.range()),
                full: caps.get(4).map(|m| m.range()),
            })
            .collect()
    }

    #[test]
    fn venue_years_read_the_seed_forms() {
        for (text, words, year) in [
            ("NeurIPS 2023", "NeurIPS", "2023"),
            ("(ICLR'24)", "ICLR", "24"),
            ("EMNLP-23' main", "EMNLP", "23"),
            ("Findings of ACL, 2023.", "Findings of ACL", "2023"),
            ("In Proc. CVPR 2022", "CVPR", "2022"),
        ] {
            let found = venue_years(text);
            assert_eq!(found, venue_years_by_pattern(text), "{text}");
            let first = &found[0];
            assert_eq!(&text[first.words.clone()], words);
            let found_year = first.short.clone().or(first.full.clone()).unwrap();
            assert_eq!(&text[found_year], year);
        }
        // a year glued to letters after it, or a longer number, is no year
        assert!(venue_years("v2023x ICLR 20234").is_empty());
        assert!(venue_years_by_pattern("v2023x ICLR 20234").is_empty());
    }

    proptest! {
        #[test]
        fn venue_years_agree_with_the_pattern(text in text_from(&[
            "NeurIPS", "ICLR", "a", "Z", "&", " ", "-", ",", "'", "’", "19", "20", "2", "3", "0",
            "9", "\t", "\u{a0}", "é", "\u{300}", "_", ".", "(", ")", "٣",
        ])) {
            prop_assert_eq!(venue_years(&text), venue_years_by_pattern(&text), "{:?}", text);
        }

        #[test]
        fn word_years_agree_with_the_pattern(text in text_from(YEARS)) {
            let by_pattern = WORD_YEAR.captures(&text).map(|c| c.get(1).unwrap().as_str());
            prop_assert_eq!(word_year(&text), by_pattern, "{:?}", text);
        }

        #[test]
        fn bracketed_years_agree_with_the_pattern(text in text_from(YEARS)) {
            let by_pattern = BRACKETED_YEAR.captures(&text).map(|c| c.get(1).unwrap().as_str());
            prop_assert_eq!(bracketed_year(&text), by_pattern, "{:?}", text);
        }

        #[test]
        fn loose_years_agree_with_the_pattern(text in text_from(YEARS)) {
            let by_pattern = LOOSE_YEAR.captures(&text).map(|c| LooseYear {
                whole: c.get(0).unwrap().range(),
                year: c.get(1).or(c.get(2)).unwrap().range(),
            });
            prop_assert_eq!(loose_year(&text), by_pattern, "{:?}", text);
        }
        #[test]
        fn new_arxiv_ids_agree_with_the_pattern(text in text_from(&[
            "2106", "0968", "5", "1", ".", "v", "V", "2", "a", " ", "/", "٣",
        ])) {
            let by_pattern: Vec<_> = NEW_ARXIV_ID.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(new_arxiv_ids(&text), by_pattern, "{:?}", text);
        }

        #[test]
        fn old_arxiv_ids_are_never_skipped(text in text_from(&[
            "hep", "-", "th", ".", "GT", "/", "9711", "200", "0", "v", "2", " ", "é", "٣",
        ])) {
            let old_id = regex::Regex::new(
                r"([A-Za-z]+(?:-[A-Za-z]+)?)(?:\.[A-Za-z-]+)?/(\d{7})(?:[vV]\d+)?",
            ).unwrap();
            prop_assert!(may_hold_old_arxiv_id(&text) || !old_id.is_match(&text), "{:?}", text);
        }

        #[test]
        fn acl_new_ids_agree_with_the_pattern(text in text_from(&[
            "2023", "20", ".", "emnlp", "a", "-", "main", "1", "9", ".", "319", "A", "٣", "_",
        ])) {
            let by_pattern = ACL_NEW_ID
                .captures(&text)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            prop_assert_eq!(acl_new_id(&text), by_pattern, "{:?}", text);
        }

        #[test]
        fn acl_old_ids_agree_with_the_pattern(text in text_from(&[
            "D", "d", "19", "1", "-", "1165", "٣", "é",
        ])) {
            let by_pattern = ACL_OLD_ID
                .captures(&text)
                .map(|c| (c.get(1).unwrap().as_str(), c.get(2).unwrap().as_str()));
            prop_assert_eq!(acl_old_id(&text), by_pattern, "{:?}", text);
        }

        #[test]
        fn neurips_years_agree_with_the_pattern(text in text_from(&[
            "/paper", "_files", "/", "2021", "2", "x", "٣",
        ])) {
            let by_pattern = NEURIPS_PATH.captures(&text).map(|c| c.get(1).unwrap().as_str());
            prop_assert_eq!(neurips_path_year(&text), by_pattern, "{:?}", text);
        }

        #[test]
        fn short_years_agree_with_the_pattern(text in text_from(&[
            "ICML", "'", "’", "2", "3", "-", " ", "ſ", "\u{212a}", "é", "٣", "_", "z",
        ])) {
            let by_pattern = SHORT_YEAR.captures(&text).map(|c| c.get(1).unwrap().as_str());
            prop_assert_eq!(short_year(&text), by_pattern, "{:?}", text);
        }
        #[test]
        fn bare_urls_agree_with_the_pattern(text in text_from(&[
            "http", "s", "://", ":", "/", "a", ".", " ", "\u{a0}", "<", "]", "\"", "`", "é", "h",
        ])) {
            let by_pattern: Vec<_> = BARE_URL.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(bare_urls(&text), by_pattern, "{:?}", text);
        }

        #[test]
        fn words_agree_with_the_pattern(text in text_from(&[
            "pdf", "PDF", "Pa", "per", "p", "d", "f", "_", " ", "-", "é", "\u{300}", "1",
        ])) {
            for (word, pattern) in [("pdf", r"(?i)\bpdf\b"), ("paper", r"(?i)\bpaper\b")] {
                let by_pattern = Regex::new(pattern).unwrap().is_match(&text);
                prop_assert_eq!(has_word_ignoring_case(&text, word), by_pattern, "{:?}", text);
            }
        }

        #[test]
        fn sentence_ends_agree_with_the_pattern(text in text_from(&[
            "abc", "a", ")", "?", "!", ".", " ", "\u{a0}", "\n", "T", "b", "é", "A",
        ])) {
            let by_pattern = SENTENCE_END.captures(&text).map(|c| c.get(1).unwrap().end());
            prop_assert_eq!(sentence_end(&text), by_pattern, "{:?}", text);
        }

        #[test]
        fn organisations_agree_with_the_pattern(text in text_from(&[
            "(@", "(", ")", "@", "x", " ", "\u{a0}", "\n", "é",
        ])) {
            let by_pattern = ORGANISATION.find(&text).map(|m| m.start());
            prop_assert_eq!(organisation_suffix(&text), by_pattern, "{:?}", text);
        }
        #[test]
        fn leading_tags_agree_with_the_pattern(text in text_from(&[
            "[", "]", "(", ")", "New", "hot", "UPDATE", "d", "1", "2023", "5", ".", ")", ":",
            "star", "_", "+", " ", "\u{a0}", "\n", "🔥", "⭐", "\u{fe0f}", "\u{200d}", "\u{20e3}",
            "©", "é", "a", "٣",
        ])) {
            let by_pattern = LEADING_TAGS.replace(&text, "");
            prop_assert_eq!(strip_leading_tags(&text), &*by_pattern, "{:?}", text);
        }
    }

    #[test]
    fn the_emoji_class_is_the_patterns() {
        let pattern = Regex::new(r"^[\p{Extended_Pictographic}\x{FE0F}\x{200D}\x{20E3}]$").unwrap();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                is_pictographic(c),
                pattern.is_match(c.encode_utf8(&mut [0; 4])),
                "{c:?}"
            );
        }
    }

    /// `(?i)` folds `k` and `s` into non-ASCII letters; the letters of `paper` and `pdf` fold
    /// into nothing but their two ASCII cases.
    #[test]
    fn paper_and_pdf_fold_only_to_ascii() {
        for letter in ['p', 'a', 'e', 'r', 'd', 'f'] {
            let pattern = Regex::new(&format!("(?i)^{letter}$")).unwrap();
            let folded: Vec<char> = (0..=u32::from(char::MAX))
                .filter_map(char::from_u32)
                .filter(|c| pattern.is_match(c.encode_utf8(&mut [0; 4])))
                .collect();
            assert_eq!(folded, [letter.to_ascii_uppercase(), letter], "{letter}");
        }
    }
}
