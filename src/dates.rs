//! Date formats of table cells, for telling when a "Year"/"Date" column mixes styles.
//!
//! The seed's model table writes `31 July 2024`, `4 Jan 2024`, `Dec 1 2023`, `2024`, `Aug 2021`
//! and `July 2002` in one column; [`date_format`] names the pattern of each cell so a rule can
//! count them.
//!
//! Decisions:
//! - Full month names (`June`, `July`, `April`) and three-letter abbreviations (`Jun`, `Jul`,
//!   `Apr`) are different formats; `Sep` and `Sept` are both abbreviations; an abbreviation with
//!   a period (`Sep.`) is a third style, `Mon.`. Case is ignored (`JAN` = `Jan`).
//! - `May` is spelled the same in both styles. It is classified as a full name, and
//!   [`DateFormat::agrees_with`] lets it agree with the abbreviated styles too, so a column of
//!   `D Mon YYYY` is not faulted for `15 May 2024`, nor a column of `Mon., YYYY` for
//!   `May, 2023` (May takes no period: ChenHsing's list writes `Jun., 2025` above `May, 2023`).
//! - One- and two-digit days are one format (`4 Jan 2024` and `21 Nov 2023`: `D Mon YYYY`), and
//!   so are padded and unpadded numeric months (`2023-4` and `2023-04`: `YYYY-MM`).
//! - Punctuation a reader sees is part of the format: `Dec 1, 2023` is `Mon D, YYYY`, not
//!   `Mon D YYYY`, and `[2023/06]` is `[YYYY/MM]`, not `YYYY/MM`.
//! - Years are 1900–2099, days 1–31, months 1–12; anything else is not a date. Day-first and
//!   month-first numeric dates (`05/04/2023`) are ambiguous and not classified.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// How a date writes its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MonthStyle {
    /// `July`, `May`.
    Full,
    /// `Jul`, `Sep`, `Sept`.
    Abbreviated,
    /// `Jul.`, `Sept.`.
    AbbreviatedWithPeriod,
    /// `07`, `7`.
    Numeric,
}

impl MonthStyle {
    fn placeholder(self) -> &'static str {
        match self {
            MonthStyle::Full => "Month",
            MonthStyle::Abbreviated => "Mon",
            MonthStyle::AbbreviatedWithPeriod => "Mon.",
            MonthStyle::Numeric => "MM",
        }
    }
}

/// The pattern of a date as written, such as `D Month YYYY`.
#[derive(Debug, Clone)]
pub struct DateFormat {
    /// The pattern with `{M}` where the month goes, e.g. `D {M} YYYY`.
    shape: String,
    month: Option<MonthStyle>,
    /// The cell's month is `May`, which reads the same full and abbreviated.
    month_ambiguous: bool,
}

impl DateFormat {
    /// The human-readable pattern: `D Month YYYY`, `Mon D YYYY`, `YYYY`, `[YYYY/MM]`, …
    pub fn pattern(&self) -> String {
        match self.month {
            Some(style) => self.shape.replace("{M}", style.placeholder()),
            None => self.shape.clone(),
        }
    }

    /// Whether the month is `May`, which reads the same in every word style.
    pub fn month_ambiguous(&self) -> bool {
        self.month_ambiguous
    }

    /// How the month is written, if the date has one.
    pub fn month_style(&self) -> Option<MonthStyle> {
        self.month
    }

    /// Whether a cell of this format would look the same written in `other`'s format: equal
    /// formats agree, and a `May` date agrees with both the full and the abbreviated style.
    pub fn agrees_with(&self, other: &DateFormat) -> bool {
        if self == other {
            return true;
        }
        let word_month = |style: Option<MonthStyle>| {
            matches!(
                style,
                Some(
                    MonthStyle::Full | MonthStyle::Abbreviated | MonthStyle::AbbreviatedWithPeriod
                )
            )
        };
        (self.month_ambiguous || other.month_ambiguous)
            && self.shape == other.shape
            && word_month(self.month)
            && word_month(other.month)
    }

    fn key(&self) -> (&str, Option<MonthStyle>) {
        (&self.shape, self.month)
    }
}

// Equality ignores `month_ambiguous`: `15 May 2024` has the format `D Month YYYY`, like
// `31 July 2024`.
impl PartialEq for DateFormat {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for DateFormat {}

impl Hash for DateFormat {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

impl PartialOrd for DateFormat {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateFormat {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl fmt::Display for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.pattern())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    Number { value: u32, digits: usize },
    Month { style: MonthStyle, may: bool },
    Separator(char),
    Space,
}

const FULL_MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const SHORT_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_word(word: &str) -> Option<(MonthStyle, bool)> {
    let lower = word.to_lowercase();
    if lower == "may" {
        return Some((MonthStyle::Full, true));
    }
    if FULL_MONTHS.contains(&lower.as_str()) {
        return Some((MonthStyle::Full, false));
    }
    (SHORT_MONTHS.contains(&lower.as_str()) || lower == "sept")
        .then_some((MonthStyle::Abbreviated, false))
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            tokens.push(Token::Space);
        } else if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            if digits.len() > 4 {
                return None;
            }
            let value = digits.parse().ok()?;
            tokens.push(Token::Number {
                value,
                digits: digits.len(),
            });
        } else if c.is_alphabetic() {
            let mut word = String::new();
            while let Some(&l) = chars.peek().filter(|l| l.is_alphabetic()) {
                word.push(l);
                chars.next();
            }
            let (mut style, may) = month_word(&word)?;
            if style == MonthStyle::Abbreviated && chars.peek() == Some(&'.') {
                chars.next();
                style = MonthStyle::AbbreviatedWithPeriod;
            }
            tokens.push(Token::Month { style, may });
        } else if matches!(c, '-' | '/' | '.' | ',') {
            chars.next();
            tokens.push(Token::Separator(c));
        } else {
            return None;
        }
    }
    Some(tokens)
}

fn is_year(token: &Token) -> bool {
    matches!(
        token,
        Token::Number {
            value: 1900..=2099,
            digits: 4
        }
    )
}

fn is_day(token: &Token) -> bool {
    matches!(
        token,
        Token::Number {
            value: 1..=31,
            digits: 1 | 2
        }
    )
}

fn is_month_number(token: &Token) -> bool {
    matches!(
        token,
        Token::Number {
            value: 1..=12,
            digits: 1 | 2
        }
    )
}

/// The format of a date written in a table cell, or `None` when the cell is not a date this
/// module knows. Surrounding whitespace is ignored; surrounding `[…]` or `(…)` is part of the
/// format. See the module documentation for the decisions behind the patterns.
pub fn date_format(cell: &str) -> Option<DateFormat> {
    let cell = cell.trim();
    let (open, inner, close) = [('[', ']'), ('(', ')')]
        .iter()
        .find_map(|&(open, close)| {
            cell.strip_prefix(open)
                .and_then(|rest| rest.strip_suffix(close))
                .map(|inner| (Some(open), inner.trim(), Some(close)))
        })
        .unwrap_or((None, cell, None));
    let tokens = tokenize(inner)?;
    let (shape, month) = classify(&tokens)?;
    let month_ambiguous = tokens
        .iter()
        .any(|t| matches!(t, Token::Month { may: true, .. }));
    let mut wrapped = String::new();
    wrapped.extend(open);
    wrapped.push_str(&shape);
    wrapped.extend(close);
    Some(DateFormat {
        shape: wrapped,
        month,
        month_ambiguous,
    })
}

fn classify(tokens: &[Token]) -> Option<(String, Option<MonthStyle>)> {
    use Token::{Month, Separator, Space};
    let numeric = Some(MonthStyle::Numeric);
    let shape = |s: &str, m: Option<MonthStyle>| Some((s.to_owned(), m));
    match tokens {
        [y] if is_year(y) => shape("YYYY", None),
        [d, Space, Month { style, .. }, Space, y] if is_day(d) && is_year(y) => {
            shape("D {M} YYYY", Some(*style))
        }
        [d, Space, Month { style, .. }, Separator(','), Space, y] if is_day(d) && is_year(y) => {
            shape("D {M}, YYYY", Some(*style))
        }
        [Month { style, .. }, Space, d, Space, y] if is_day(d) && is_year(y) => {
            shape("{M} D YYYY", Some(*style))
        }
        [Month { style, .. }, Space, d, Separator(','), Space, y] if is_day(d) && is_year(y) => {
            shape("{M} D, YYYY", Some(*style))
        }
        [Month { style, .. }, Space, y] if is_year(y) => shape("{M} YYYY", Some(*style)),
        [Month { style, .. }, Separator(','), Space, y] if is_year(y) => {
            shape("{M}, YYYY", Some(*style))
        }
        [y, Separator(s), m] if is_year(y) && is_month_number(m) && *s != ',' => {
            Some((format!("YYYY{s}{{M}}"), numeric))
        }
        [y, Separator(s), m, Separator(s2), d]
            if s == s2 && *s != ',' && is_year(y) && is_month_number(m) && is_day(d) =>
        {
            Some((format!("YYYY{s}{{M}}{s}DD"), numeric))
        }
        [m, Separator(s), y] if is_month_number(m) && is_year(y) && *s != ',' => {
            Some((format!("{{M}}{s}YYYY"), numeric))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn pattern(cell: &str) -> String {
        date_format(cell)
            .unwrap_or_else(|| panic!("not a date: {cell:?}"))
            .to_string()
    }

    #[test]
    fn word_month_formats() {
        assert_eq!(pattern("31 July 2024"), "D Month YYYY");
        assert_eq!(pattern("4 Jan 2024"), "D Mon YYYY");
        assert_eq!(pattern("21 Nov 2023"), "D Mon YYYY");
        assert_eq!(pattern("Dec 1 2023"), "Mon D YYYY");
        assert_eq!(pattern("Nov 30 2022"), "Mon D YYYY");
        assert_eq!(pattern("December 1 2023"), "Month D YYYY");
        assert_eq!(pattern("Dec 1, 2023"), "Mon D, YYYY");
        assert_eq!(pattern("1 Dec, 2023"), "D Mon, YYYY");
        assert_eq!(pattern("Aug 2021"), "Mon YYYY");
        assert_eq!(pattern("July 2002"), "Month YYYY");
        assert_eq!(pattern("July, 2002"), "Month, YYYY");
        assert_eq!(pattern("2 Sept 2021"), "D Mon YYYY");
        assert_eq!(pattern("2 Sep. 2021"), "D Mon. YYYY");
        assert_eq!(pattern("2 SEP 2021"), "D Mon YYYY");
        assert_eq!(pattern("  4   Jan 2024 "), "D Mon YYYY");
    }

    #[test]
    fn numeric_formats() {
        assert_eq!(pattern("2024"), "YYYY");
        assert_eq!(pattern("2023-04-05"), "YYYY-MM-DD");
        assert_eq!(pattern("2023/04/05"), "YYYY/MM/DD");
        assert_eq!(pattern("2023-04"), "YYYY-MM");
        assert_eq!(pattern("2023-4"), "YYYY-MM");
        assert_eq!(pattern("2023/04"), "YYYY/MM");
        assert_eq!(pattern("2023.04"), "YYYY.MM");
        assert_eq!(pattern("04/2023"), "MM/YYYY");
        assert_eq!(pattern("[2023/06]"), "[YYYY/MM]");
        assert_eq!(pattern("(2023)"), "(YYYY)");
        assert_ne!(date_format("[2023/06]"), date_format("2023/06"));
    }

    #[test]
    fn not_dates() {
        for cell in [
            "",
            "Year",
            "---------",
            "2023-13",
            "2023-04/05",
            "32 Jan 2024",
            "0 Jan 2024",
            "Jan 2024 Feb",
            "1850",
            "20240",
            "05/04/2023",
            "LLaMA3-8B",
            "Q3 2024",
            "Mayo 2024",
            "2023,04",
            "[2023/06",
            "**2024**",
        ] {
            assert_eq!(date_format(cell), None, "{cell:?}");
        }
    }

    #[test]
    fn may_is_full_but_agrees_with_abbreviations() {
        let may = date_format("15 May 2024").expect("date");
        let july = date_format("31 July 2024").expect("date");
        let jan = date_format("4 Jan 2024").expect("date");
        assert_eq!(may, july);
        assert_eq!(may.month_style(), Some(MonthStyle::Full));
        assert!(may.agrees_with(&jan) && jan.agrees_with(&may));
        assert!(!july.agrees_with(&jan));
        assert!(!may.agrees_with(&date_format("Dec 1 2023").expect("date")));
    }

    /// The "Year" column of the seed's model table (shared/corpus/seed__awesome-peft.md,
    /// lines 544–609), cell by cell.
    const SEED_YEAR_COLUMN: [&str; 66] = [
        "31 July 2024",
        "4 Jan 2024",
        "21 Nov 2023",
        "24 Aug 2023",
        "15 May 2024",
        "10 Oct 2023",
        "16 Mar 2024",
        "18 June 2024",
        "14 Feb 2024",
        "26 June 2024",
        "31 May 2024",
        "Dec 1 2023",
        "14 Dec 2024",
        "16 April 2024",
        "2024",
        "7 May 2021",
        "10 April 2022",
        "18 Aug 2024",
        "24 Aug 2023",
        "18 July 2023",
        "27 Feb 2023",
        "12 April 2022",
        "9 June 2023",
        "19 April 2023",
        "1 Nov 2019",
        "11 Oct 2018",
        "18 Nov 2021",
        "30 Nov 2023",
        "2 Sep 2021",
        "25 Mar 2022",
        "16 Nov 2022",
        "29 Jan 2023",
        "27 June 2023",
        "29 Nov 2023",
        "15 Mar 2023",
        "2024",
        "Aug 2021",
        "Feb 2019",
        "Nov 30 2022",
        "2 May 2022",
        "26 July 2019",
        "23 Oct 2019",
        "20 Oct 2022",
        "29 Oct 2019",
        "22 Oct 2020",
        "26 Sep 2019",
        "2 Oct 2019",
        "28 May 2020",
        "14 Feb 2020",
        "27 April 2020",
        "8 Nov 2019",
        "23 Mar 2020",
        "5 Oct 2022",
        "July 2002",
        "29 Apr 2021",
        "5 June 2020",
        "5 Aug 2022",
        "Sep 2022",
        "5 Nov 2019",
        "18 Apr 2020",
        "4 Mar 2020",
        "6 Apr 2020",
        "12 June 2017",
        "10 Apr 2020",
        "19 June 2019",
        "26 Feb 2024",
    ];

    #[test]
    fn seed_year_column_formats() {
        let formats: BTreeSet<String> = SEED_YEAR_COLUMN.iter().map(|cell| pattern(cell)).collect();
        let expected: BTreeSet<String> = [
            "D Month YYYY",
            "D Mon YYYY",
            "Mon D YYYY",
            "YYYY",
            "Mon YYYY",
            "Month YYYY",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(formats, expected);
        assert_eq!(formats.len(), 6);
    }

    proptest::proptest! {
        #[test]
        fn date_format_never_panics(s in "\\PC*") {
            let _ = date_format(&s);
        }
    }
}
