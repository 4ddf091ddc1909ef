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
    /// A stray closing tag: deleted.
    StrayCloser(&'static str),
    /// `</br>`: rewritten as `<br>`.
    BrCloser,
    /// An arXiv link in some non-canonical form: rewritten to `abs` without a version.
    Arxiv { id: String, form: &'static str },
    /// A model token GitHub would hide: wrapped in backticks.
    Hidden(&'static str),
}

impl Piece {
    fn written(&self) -> String {
        match self {
            Piece::Plain(text) => text.clone(),
            // A word first: a line that starts with a lone tag would open an HTML block,
            // which swallows the Markdown after it (as on GitHub).
            Piece::StrayCloser(tag) => format!("w</{tag}>"),
            Piece::BrCloser => "w</br>".to_string(),
            Piece::Arxiv { id, form } => format!(" [Paper]({})", form.replace("ID", id)),
            Piece::Hidden(token) => format!("w {token}"),
        }
    }

    fn fixed(&self) -> String {
        match self {
            Piece::Plain(text) => text.clone(),
            Piece::StrayCloser(_) => "w".to_string(),
            Piece::BrCloser => "w<br>".to_string(),
            Piece::Arxiv { id, .. } => format!(" [Paper](https://arxiv.org/abs/{id})"),
            Piece::Hidden(token) => format!("w `{token}`"),
        }
    }
}

fn arxiv() -> impl Strategy<Value = Piece> {
    let id = (8u32..=25, 1u32..=12, 0u32..99_999).prop_map(|(year, month, number)| {
        if year < 15 {
            format!("{year:02}{month:02}.{:04}", number % 10_000)
        } else {
            format!("{year:02}{month:02}.{number:05}")
        }
    });
    let form = prop_oneof![
        Just("https://arxiv.org/pdf/ID"),
        Just("https://arxiv.org/pdf/IDv2"),
        Just("https://arxiv.org/html/IDv1"),
        Just("http://www.arxiv.org/abs/ID"),
        Just("https://web3.arxiv.org/pdf/ID.pdf"),
        Just("https://arxiv.org/abs/ID"),
    ];
    (id, form).prop_map(|(id, form)| Piece::Arxiv { id, form })
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
        2 => arxiv(),
        1 => prop_oneof![Just("<pause>"), Just("</think>"), Just("<RET>")].prop_map(Piece::Hidden),
    ]
}

fn linter() -> Linter {
    // `abs` forced: under the default `auto` a generated list that happens to link 80 % pdf
    // keeps pdf, and the expected text here is the abs form.
    let config = Config::parse(
        "[rules.arxiv-url-format]\nstyle = \"abs\"\n",
        std::path::Path::new(".awesome-lint.toml"),
    )
    .unwrap();
    Linter::new(
        &config,
        &Selection {
            select: vec![
                "html-balance".into(),
                "arxiv-url-format".into(),
                "hidden-html".into(),
            ],
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

/// Markdown made of the pieces real lists are built from, in any order: the pipeline
/// (parse, every offline rule, every renderer, fix) must hold its invariants on all of it.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("- "),
        Just("* "),
        Just("1. "),
        Just("  "),
        Just("\t"),
        Just("# "),
        Just("## "),
        Just("\n"),
        Just("\r\n"),
        Just("\n\n"),
        Just("> "),
        Just("| "),
        Just(" | "),
        Just("|---|---|\n"),
        Just("["),
        Just("]"),
        Just("("),
        Just(")"),
        Just("[["),
        Just("]]"),
        Just("!["),
        Just("**"),
        Just("*"),
        Just("_"),
        Just("`"),
        Just("```\n"),
        Just("\\"),
        Just("&amp;"),
        Just("<"),
        Just(">"),
        Just("<div>"),
        Just("</div>"),
        Just("</em>"),
        Just("</br>"),
        Just("<details>"),
        Just("<a href=\"x\">"),
        Just("<!-- awesome-lint-disable -->"),
        Just("<!-- awesome-lint-enable -->"),
        Just("https://arxiv.org/pdf/2106.09685v2.pdf"),
        Just("https://arxiv.org/abs/2106.09685"),
        Just("http://www.arxiv.org/abs/cs/0306050"),
        Just("https://github.com/a/b"),
        Just("https://paperswithcode.com/paper/x"),
        Just("https://img.shields.io/badge/arXiv-2106.09685-b31b1b"),
        Just("https://aclanthology.org/2023.acl-long.1.pdf"),
        Just("#anchor"),
        Just("Paper"),
        Just("Code"),
        Just("arXiv"),
        Just("CVPR 2023"),
        Just("Title of a Paper"),
        Just("May 2023"),
        Just("2023/10"),
        Just("é"),
        Just("✨"),
        Just("中文"),
        Just("\u{feff}"),
        Just(" "),
        Just(": "),
        Just(" - "),
    ];
    proptest::collection::vec(piece, 0..120).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_pipeline_holds_its_invariants_on_any_markdown(text in markdownish()) {
        if let Err(broken) = awesome_lint::selftest::run_pipeline(&text) {
            panic!("{broken}\n--- input ---\n{text:?}");
        }
    }

    #[test]
    fn the_pipeline_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        if let Err(broken) = awesome_lint::selftest::run_pipeline(&text) {
            panic!("{broken}\n--- input ---\n{text:?}");
        }
    }
}

proptest! {
    /// Whatever a heading says, a link to the anchor the linter computes for it, written
    /// as the fix writes it, reaches the heading; the same text twice numbers the second.
    #[test]
    fn the_anchor_the_fix_writes_reaches_its_heading(
        title in "[a-zA-Z0-9 _\\-.,:()&'!?/中文é🚀⚙️\u{fe0f}`*]{1,30}",
    ) {
        use awesome_lint::document::{Document, anchor::link_form};
        let heading = format!("## x {title}\n\n## x {title}\n");
        let doc = Document::parse(heading.as_str());
        prop_assume!(doc.sections().len() == 2);
        let first = doc.sections()[0].anchor.clone();
        let second = doc.sections()[1].anchor.clone();
        prop_assert_eq!(&second, &format!("{first}-1"));
        let text = format!("[a](#{}) [b](#{})\n\n{heading}", link_form(&first), link_form(&second));
        let linked = Document::parse(text.as_str());
        prop_assert_eq!(linked.links().len(), 2);
        for link in linked.links() {
            let fragment = link.url.trim_start_matches('#');
            prop_assert!(linked.has_anchor(fragment), "{} in {:?}", link.url, text);
        }
    }
}
