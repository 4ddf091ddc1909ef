//! Issue 8: findings a maintainer acts on. Each fixture copies the layout of a corpus list
//! where an earlier version of a rule was wrong or noisy; each test fails on that version.

use awesome_lint::config::Config;
use awesome_lint::diagnostic::{Applicability, Diagnostic};
use awesome_lint::document::Document;
use awesome_lint::fix::fix_text;
use awesome_lint::lint::{FileReport, Linter, Selection};

use crate::support::{fixture, lint};

fn findings<'r>(report: &'r FileReport, rule: &str) -> Vec<&'r Diagnostic> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .collect()
}

fn lines(report: &FileReport, rule: &str) -> Vec<usize> {
    findings(report, rule)
        .iter()
        .map(|d| report.document.line_index().line_of(d.range.start) + 1)
        .collect()
}

fn messages(report: &FileReport, rule: &str) -> Vec<String> {
    findings(report, rule)
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

fn linter(config: &str) -> Linter {
    let config = Config::parse(config, std::path::Path::new(".awesome-lint.toml")).unwrap();
    Linter::new(
        &config,
        &Selection {
            offline: true,
            ..Default::default()
        },
    )
    .unwrap()
}

fn fixed(name: &str, unsafe_fixes: bool) -> String {
    fix_text(&linter(""), &fixture(name), unsafe_fixes, None).text
}

#[test]
fn pdf_labels_and_abs_pdf_pairs_keep_the_pdf_page() {
    let report = lint("arxiv-url-format.md", &fixture("arxiv-url-format.md"));
    // xlite-dev's `[[pdf]]` cells (L7, L8) and calpt's `[[Paper PDF]]` (L14) stay pdf; the
    // QLoRA pair (L20) keeps both pages; only real slips are reported.
    assert_eq!(lines(&report, "arxiv-url-format"), [9, 16, 24, 28]);
    assert_eq!(
        messages(&report, "arxiv-url-format"),
        [
            "arXiv link not in canonical form: browse.arxiv.org host, `.pdf` suffix, version v1",
            "arXiv link not in canonical form: `.pdf` suffix, version v2",
            "arXiv link not in canonical form: pdf page instead of abs",
            "arXiv link not in canonical form: http scheme, www.arxiv.org host, version v3",
        ]
    );
    let text = fixed("arxiv-url-format.md", false);
    assert!(text.contains("|[[pdf]](https://arxiv.org/pdf/2312.07104)|"));
    assert!(text.contains("[[Paper PDF]](https://arxiv.org/pdf/1902.00751)"));
    assert!(text.contains("[[Paper PDF]](https://arxiv.org/pdf/2106.09685.pdf)"));
    assert!(text.contains("([Paper](https://arxiv.org/pdf/2305.14314.pdf))"));
    assert!(text.contains("[[Paper](https://arxiv.org/abs/2007.07779)]"));
}

#[test]
fn a_file_that_links_pdfs_keeps_its_house_style() {
    // BradyFU links 543 of 551 papers as pdf: only the abs link and the www host are off.
    let report = lint(
        "arxiv-pdf-house-style.md",
        &fixture("arxiv-pdf-house-style.md"),
    );
    assert_eq!(lines(&report, "arxiv-url-format"), [14, 15]);
    // `style = "abs"` overrides the house style.
    let forced = linter("[rules.arxiv-url-format]\nstyle = \"abs\"\n")
        .lint(&Document::parse(fixture("arxiv-pdf-house-style.md")));
    assert_eq!(
        forced
            .iter()
            .filter(|d| d.rule == "arxiv-url-format")
            .count(),
        10
    );
}

#[test]
fn malformed_links_from_the_corpus() {
    let report = lint("malformed-link.md", &fixture("malformed-link.md"));
    assert_eq!(
        lines(&report, "malformed-link"),
        [7, 11, 16, 21, 22, 22, 23, 24, 25, 26]
    );
    let found = findings(&report, "malformed-link");
    let applicability: Vec<_> = found
        .iter()
        .map(|d| d.fix.as_ref().map(|f| f.applicability))
        .collect();
    use Applicability::{Safe, Unsafe};
    assert_eq!(
        applicability,
        [
            Some(Unsafe),
            None,
            None,
            Some(Safe),
            Some(Safe),
            Some(Safe),
            None,
            Some(Safe),
            None,
            None
        ]
    );
    // ChenHsing L422: the badge around the pasted link is no venue contradiction.
    assert!(findings(&report, "badge-venue-mismatch").is_empty());
    let text = fixed("malformed-link.md", false);
    assert!(text.contains("[[Paper](https://arxiv.org/abs/2106.09685)]"));
    assert!(text.contains("[[Code](http://github.com/artidoro/qlora)]"));
    assert!(text.contains("[[Paper](https://arxiv.org/abs/2404.02948)]"));
    let unsafe_text = fixed("malformed-link.md", true);
    assert!(unsafe_text.contains(
        "[![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2411.11045)"
    ));
}

#[test]
fn tokens_github_hides_are_shown_as_code() {
    let report = lint("hidden-html.md", &fixture("hidden-html.md"));
    assert_eq!(
        messages(&report, "hidden-html"),
        [
            "`<pause>` is no HTML element, so GitHub hides it",
            "`<think>` is no HTML element, so GitHub hides it",
            "`</think>` is no HTML element, so GitHub hides it",
            "`<API>` is no HTML element, so GitHub hides it",
            "`</API>` is no HTML element, so GitHub hides it"
        ]
    );
    // They open and close nothing for html-balance.
    assert!(findings(&report, "html-balance").is_empty());
    let text = fixed("hidden-html.md", false);
    assert!(text.contains("between `<think>` and `</think>` before"));
    assert!(text.contains("inserting `<pause>` tokens"));
}

#[test]
fn html_slips_are_one_finding_each_and_no_text_is_deleted() {
    let report = lint("html-balance-slips.md", &fixture("html-balance-slips.md"));
    assert_eq!(
        messages(&report, "html-balance"),
        [
            "`</p>` closes `<h4>`",
            "`/ins>` is missing its `<`",
            "`/ins>` is missing its `<`",
            "`</ins>` has no opening tag",
        ]
    );
    let text = fixed("html-balance-slips.md", false);
    assert!(text.contains("  <img src=\"https://img.shields.io/badge/Last%20Updated-February%202026-brightgreen\" alt=\"Last Updated\" />\n</h4>\n"));
    assert!(text.contains("<ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2406.02290)]"));
    // Every word a reader saw is still there.
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !matches!(*w, "p" | "h4" | "ins"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(words(&text), words(&fixture("html-balance-slips.md")));
    let after = lint("fixed.md", &text);
    assert!(findings(&after, "html-balance").is_empty());
}

#[test]
fn may_fits_the_column_and_the_date_is_underlined() {
    let report = lint("table-date-format.md", &fixture("table-date-format.md"));
    // The Editing table (`Jun., 2025` … `May, 2023`) is uniform; Generation has a September.
    let found = findings(&report, "table-date-format");
    assert_eq!(found.len(), 1);
    let text = fixture("table-date-format.md");
    assert_eq!(&text[found[0].related[0].range.clone()], "September, 2023");
    assert_eq!(&text[found[0].range.clone()], "Pub. Date");
}

#[test]
fn only_paper_pages_move_to_hugging_face() {
    let report = lint("dead-host.md", &fixture("dead-host.md"));
    let found = findings(&report, "dead-host");
    assert_eq!(found.len(), 3);
    // WooooDyy L368: a dataset page gets help only, and no claim of a redirect.
    assert!(found[0].fix.is_none());
    assert!(!found[0].help.as_ref().unwrap().contains("redirect"));
    assert!(found[0].help.as_ref().unwrap().contains("link the dataset"));
    assert_eq!(
        found[1].fix.as_ref().map(|f| f.applicability),
        Some(Applicability::Unsafe)
    );
    assert!(found[2].fix.is_none());
    let text = fixed("dead-host.md", true);
    assert!(text.contains("[[code](https://huggingface.co/papers/2305.16291)]"));
    assert!(text.contains("[[dataset](https://paperswithcode.com/dataset/toolbench)]"));
}

#[test]
fn badges_name_venues_years_and_spellings() {
    let report = lint(
        "badge-venue-mismatch.md",
        &fixture("badge-venue-mismatch.md"),
    );
    assert_eq!(
        messages(&report, "badge-venue-mismatch"),
        [
            "badge says arXiv but the entry's paper link goes to Findings of ACL 2023",
            "badge shows EMNLP but its alt text says arXiv",
            "badge says arXiv but the link it wraps goes to ICCV 2023",
            "badge names arXiv:2106.09685 but the link goes to arXiv:2402.12354",
            "badge says CVPR but the link it wraps goes to ICCV 2023",
            "badge says CVPR 2022 but the link it wraps goes to CVPR 2023",
            "badge says NeurIPS 2022 but the link it stands beside goes to NeurIPS 2021",
            "badge says EMNLP 2022 but the link it stands beside goes to EMNLP 2023",
            "badge label `NeulIPS` misspells NeurIPS",
            "badge label `JCLR` misspells ICLR",
        ]
    );
    let helps: Vec<_> = findings(&report, "badge-venue-mismatch")
        .iter()
        .filter_map(|d| d.help.clone())
        .collect();
    // Help names venues, never a host.
    assert!(
        helps
            .iter()
            .all(|h| !h.contains("CVF Open Access") && !h.contains("thecvf.com"))
    );
}

#[test]
fn liushunyu_alt_text_habit_is_one_finding() {
    let mut text = String::from("# DPO\n\n");
    for (n, venue) in ["NeurIPS", "ICLR", "ICML", "EMNLP", "ACL", "COLM"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!(
            "- [![arXiv](https://img.shields.io/badge/arXiv-2305.1829{n}-b31b1b.svg)](https://arxiv.org/abs/2305.1829{n}) [![arXiv](https://img.shields.io/badge/{venue}-2024-b31b1b.svg)](https://arxiv.org/abs/2305.1829{n}) Paper {n}\n"
        ));
    }
    let report = lint("liushunyu.md", &text);
    assert_eq!(
        messages(&report, "badge-venue-mismatch"),
        ["6 badges show a venue but their alt text says arXiv"]
    );
}
