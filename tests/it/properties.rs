//! Properties of `fix` over generated lists: a second run changes nothing, and every byte
//! outside the edits survives (line endings, BOM, trailing spaces, final newline).

use awesome_lint::config::Config;
use awesome_lint::fix::fix_text;
use awesome_lint::lint::{Linter, Selection};
use proptest::prelude::*;

/// A piece of a generated list, and what `fix` must turn it into.
#[derive(Debug, Clone)]
enum Piece {
    /// Text no rule touches.
    Plain(String),
    /// A stray closing tag inside a paragraph: deleted.
    StrayCloser(&'static str),
    /// `</br>`: rewritten as `<br>`.
    BrCloser,
}

impl Piece {
    fn written(&self) -> String {
        match self {
            Piece::Plain(text) => text.clone(),
            Piece::StrayCloser(tag) => format!("</{tag}>"),
            Piece::BrCloser => "</br>".to_string(),
        }
    }

    fn fixed(&self) -> String {
        match self {
            Piece::Plain(text) => text.clone(),
            Piece::StrayCloser(_) => String::new(),
            Piece::BrCloser => "<br>".to_string(),
        }
    }
}

fn plain() -> impl Strategy<Value = Piece> {
    // Words, spaces (trailing ones too), CR LF and LF line breaks, non-ASCII letters;
    // never `<`, `|` or `#`, which would make HTML, tables or headings.
    proptest::string::string_regex("([a-zA-Zé✨][a-zA-Zé✨ ]{0,11}( |  )?)?(\r\n|\n)?")
        .expect("valid regex")
        .prop_map(Piece::Plain)
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        6 => plain(),
        1 => prop_oneof![Just("em"), Just("b"), Just("sup")].prop_map(Piece::StrayCloser),
        1 => Just(Piece::BrCloser),
    ]
}

fn linter() -> Linter {
    Linter::new(
        &Config::default(),
        &Selection {
            select: vec!["html-balance".into()],
            offline: true,
            ..Default::default()
        },
    )
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fix_changes_only_the_findings_and_is_idempotent(
        bom in any::<bool>(),
        pieces in proptest::collection::vec(piece(), 0..24),
    ) {
        // Each line starts with a word so no piece begins a block of its own.
        let prefix = if bom { "\u{feff}Start " } else { "Start " };
        let written: String = std::iter::once(prefix.to_string()).chain(pieces.iter().map(Piece::written)).collect();
        let expected: String = std::iter::once(prefix.to_string()).chain(pieces.iter().map(Piece::fixed)).collect();
        let linter = linter();
        let once = fix_text(&linter, &written, false, None);
        prop_assert_eq!(&once.text, &expected);
        let twice = fix_text(&linter, &once.text, false, None);
        prop_assert_eq!(twice.fixed, 0);
        prop_assert_eq!(twice.text, once.text);
    }
}
