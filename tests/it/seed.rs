//! What a careful maintainer finds in the seed list, rule by rule.

use std::collections::BTreeMap;

use awesome_lint::config::Config;
use awesome_lint::document::Document;
use awesome_lint::fix::fix_text;
use awesome_lint::identity::arxiv_ref;
use awesome_lint::lint::{Linter, Selection};

use crate::support::{fixture, lint};

fn counts(name: &str) -> BTreeMap<&'static str, usize> {
    let report = lint(name, &fixture(name));
    let mut counts = BTreeMap::new();
    for d in &report.diagnostics {
        *counts.entry(d.rule).or_default() += 1;
    }
    counts
}

#[test]
fn seed_findings_per_rule() {
    let counts = counts("awesome-peft.md");
    let expected: BTreeMap<&str, usize> = [
        ("arxiv-url-format", 103),
        ("badge-venue-mismatch", 3),
        ("dead-host", 24),
        ("duplicate-entry", 15),
        ("html-balance", 2),
        ("table-date-format", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(counts, expected);
}

#[test]
fn seed_duplicates_form_15_groups_5_with_different_urls() {
    let report = lint("awesome-peft.md", &fixture("awesome-peft.md"));
    let duplicates: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "duplicate-entry")
        .collect();
    // one finding per group, naming each other copy once: 14 pairs and MOELoRA's three
    assert_eq!(duplicates.len(), 15);
    let related: usize = duplicates.iter().map(|d| d.related.len()).sum();
    assert_eq!(related, 16);
    let different_urls: Vec<_> = duplicates
        .iter()
        .filter(|d| d.related.iter().any(|r| r.message.contains("with link `")))
        .map(|d| d.url.clone().unwrap_or_default())
        .collect();
    // Conditional Adapters (NeurIPS), LLM-Adapters (ACL), MOELoRA (its v1 title), MixLoRA
    // and Mixture-of-LoRAs (html/…vN)
    assert_eq!(
        different_urls,
        [
            "https://proceedings.neurips.cc/paper_files/paper/2023/file/19d7204af519eae9993f7f72377a0ec0-Paper-Conference.pdf",
            "https://arxiv.org/pdf/2310.18339v1",
            "https://arxiv.org/pdf/2304.01933",
            "https://arxiv.org/pdf/2404.15159",
            "https://arxiv.org/pdf/2403.03432",
        ]
    );
}

#[test]
fn seed_arxiv_links_by_form() {
    let doc = Document::parse(fixture("awesome-peft.md"));
    let arxiv: Vec<_> = doc
        .links()
        .iter()
        .filter(|l| !l.image)
        .filter_map(|l| arxiv_ref(&l.url).map(|a| (a, doc.slice(l.url_range.clone()))))
        .collect();
    assert_eq!(arxiv.len(), 161);
    let report = lint("awesome-peft.md", &fixture("awesome-peft.md"));
    let urls: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "arxiv-url-format")
        .filter_map(|d| d.url.as_deref())
        .collect();
    let count = |pattern: &str| {
        urls.iter()
            .filter(|u| regex::Regex::new(pattern).unwrap().is_match(u))
            .count()
    };
    assert_eq!(count(r"^https://arxiv\.org/pdf/\d{4}\.\d{4,5}$"), 90);
    assert_eq!(count(r"^https://arxiv\.org/html/\d{4}\.\d{4,5}v\d+$"), 8);
    assert_eq!(count(r"^https://arxiv\.org/pdf/\d{4}\.\d{4,5}v\d+$"), 2);
    assert_eq!(count(r"^https://www\.arxiv\.org/"), 1);
    assert_eq!(count(r"^https://web3\.arxiv\.org/"), 1);
    assert_eq!(count(r"^https://ar5iv\.labs\.arxiv\.org/"), 1);
    assert_eq!(urls.len(), 103);
}

#[test]
fn fixing_the_seed_leaves_no_arxiv_url_finding() {
    let linter = Linter::new(
        &Config::default(),
        &Selection {
            offline: true,
            ..Default::default()
        },
    )
    .unwrap();
    let text = fixture("awesome-peft.md");
    let safe = fix_text(&linter, &text, false, None);
    assert_eq!(safe.fixed, 103 + 2);
    let after = linter.lint(&Document::parse(safe.text.as_str()));
    assert!(
        after
            .iter()
            .all(|d| d.rule != "arxiv-url-format" && d.rule != "html-balance")
    );
    // Unsafe fixes move paperswithcode links whose entry has an arXiv id to Hugging Face
    let all = fix_text(&linter, &text, true, None);
    let dead_left = linter
        .lint(&Document::parse(all.text.as_str()))
        .iter()
        .filter(|d| d.rule == "dead-host")
        .count();
    // Two entries have no arXiv id to point at: one links the ACL Anthology, one NeurIPS
    assert_eq!(dead_left, 2);
    assert!(
        all.text
            .contains("https://huggingface.co/papers/2007.07779")
    );
    // Lines the fixes did not touch are byte for byte the same
    for (before, after) in text.lines().zip(all.text.lines()) {
        if !before.contains("arxiv")
            && !before.contains("paperswithcode")
            && !before.contains("</em>")
        {
            assert_eq!(before, after);
        }
    }
}

#[test]
fn corpus_fixtures_stay_quiet_where_they_should() {
    // awesome-python lists no papers; its one repeat is uv listed twice under one name
    let python = counts("corpus/vinta-awesome-python.md");
    assert_eq!(python.get("duplicate-entry"), Some(&1), "{python:?}");
    assert_eq!(python.len(), 1, "{python:?}");
    let false_friends = lint("duplicate-entry.md", &fixture("duplicate-entry.md"));
    let lines: Vec<usize> = false_friends
        .diagnostics
        .iter()
        .map(|d| false_friends.document.line_index().line_of(d.range.start) + 1)
        .collect();
    assert_eq!(lines, [9, 13, 14]);
}
