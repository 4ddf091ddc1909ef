//! duplicate-entry and shared-paper-link on small fixtures of real list layouts: every case
//! here was a false or noisy finding on a corpus list (issue 8).

use awesome_lint::config::Config;
use awesome_lint::diagnostic::{Diagnostic, Severity};
use awesome_lint::document::Document;
use awesome_lint::lint::{FileReport, Linter, Selection};
use awesome_lint::render::{Colors, Format, render};

use crate::support::{fixture, lint};

fn findings(name: &str, rule: &str) -> (FileReport, Vec<Diagnostic>) {
    let report = lint(name, &fixture(name));
    let found = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == rule)
        .cloned()
        .collect();
    (report, found)
}

fn line(report: &FileReport, at: usize) -> usize {
    let doc = &report.document;
    doc.line_index().position(doc.text(), at).line
}

fn lines_of_related(report: &FileReport, d: &Diagnostic) -> Vec<usize> {
    d.related
        .iter()
        .map(|r| line(report, r.range.start))
        .collect()
}

/// The line a fixture's entry starts on, found by a piece of its text.
fn line_with(report: &FileReport, needle: &str) -> usize {
    let at = report
        .document
        .text()
        .match_indices(needle)
        .map(|(at, _)| at)
        .next()
        .unwrap_or_else(|| panic!("{needle} not in fixture"));
    line(report, at)
}

#[test]
fn xlite_rows_sharing_a_link_name_different_papers() {
    let (report, shared) = findings("duplicates/xlite-table-rows.md", "shared-paper-link");
    let messages: Vec<&str> = shared.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`Parallel Decoding` and `Multi-Token Speculative Decoding` both link arXiv 2404.09221: one of the links is probably wrong",
            "`Tensor Product` and `HADACORE` both link arXiv 2407.09621: one of the links is probably wrong",
        ]
    );
    for d in &shared {
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.related.len(), 1, "{d:#?}");
        assert!(!d.help.as_deref().unwrap_or("").contains("remove"));
    }
    let (_, duplicates) = findings("duplicates/xlite-table-rows.md", "duplicate-entry");
    assert!(
        duplicates
            .iter()
            .all(|d| !d.message.contains("2404.09221") && !d.message.contains("2407.09621")),
        "{duplicates:#?}"
    );
    let _ = report;
}

#[test]
fn xlite_mooncake_one_finding_advice_on_the_later_copy_only() {
    let (report, duplicates) = findings("duplicates/xlite-table-rows.md", "duplicate-entry");
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    let d = &duplicates[0];
    // the Trending copy is a summary; the other three are one group
    assert_eq!(d.message, "paper listed 3 times in 2 sections (same title)");
    assert_eq!(d.severity, Severity::Error);
    let framework = report
        .document
        .text()
        .match_indices("🔥[**Mooncake**]")
        .map(|(at, _)| line(&report, at))
        .collect::<Vec<_>>();
    assert_eq!(
        framework.len(),
        4,
        "Trending, prefill/decode, the framework's two"
    );
    assert_eq!(line(&report, d.range.start), framework[3], "the later copy");
    assert_eq!(
        d.help.as_deref(),
        Some("remove this copy: the section lists it above")
    );
    assert_eq!(lines_of_related(&report, d).len(), 2);
    let labels: Vec<&str> = d.related.iter().map(|r| r.message.as_str()).collect();
    assert_eq!(
        labels,
        [
            "also under `📖Contents > 📖Disaggregating Prefill and Decoding`, identical",
            "listed above in this section, identical",
        ]
    );
}

#[test]
fn cmhungsteve_extension_on_the_conference_papers_link() {
    let (_, shared) = findings(
        "duplicates/cmhungsteve-nested-items.md",
        "shared-paper-link",
    );
    assert_eq!(shared.len(), 1, "{shared:#?}");
    assert_eq!(
        shared[0].message,
        "`Panoptic-PartFormer` and `PanopticPartFormer++` both link arXiv 2204.04655: one of the links is probably wrong"
    );
    let (_, duplicates) = findings("duplicates/cmhungsteve-nested-items.md", "duplicate-entry");
    assert_eq!(duplicates, []);
}

#[test]
fn westlake_three_works_on_one_link_give_one_finding() {
    let (report, shared) = findings("duplicates/westlake-badge-links.md", "shared-paper-link");
    assert_eq!(shared.len(), 1, "{shared:#?}");
    let d = &shared[0];
    assert_eq!(
        d.message,
        "`Style Injection in Diffusion`, `HiCAST` and `ArtBank` all link arXiv 2312.09008: one of the links is probably wrong"
    );
    assert_eq!(
        line(&report, d.range.start),
        line_with(
            &report,
            "](https://arxiv.org/abs/2312.09008)\n[![Code](https://img.shields.io/github/stars/wd1511"
        )
    );
    assert_eq!(lines_of_related(&report, d).len(), 2);
    let (_, duplicates) = findings("duplicates/westlake-badge-links.md", "duplicate-entry");
    assert_eq!(duplicates, []);
}

#[test]
fn aiot_duquant_on_omniquants_link() {
    let (_, shared) = findings("duplicates/aiot-venue-tags.md", "shared-paper-link");
    assert_eq!(shared.len(), 1);
    assert!(
        shared[0].message.ends_with(
            "and `OmniQuant` both link arXiv 2308.13137: one of the links is probably wrong"
        ),
        "{}",
        shared[0].message
    );
    let (_, duplicates) = findings("duplicates/aiot-venue-tags.md", "duplicate-entry");
    assert_eq!(duplicates, []);
}

#[test]
fn wooodyy_fireact_on_voyagers_id_is_two_groups_and_one_wrong_link() {
    let name = "duplicates/wooodyy-dated-bold-items.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    let messages: Vec<&str> = duplicates.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "paper listed 3 times in 3 sections (same arXiv id 2305.16291)",
            "paper listed 2 times in this section (same arXiv id 2310.10634)",
            "paper listed 2 times in 2 sections (same arXiv id 2305.16291)",
        ]
    );
    // Voyager: at its second copy, the other two related once each
    let voyager = &duplicates[0];
    assert_eq!(voyager.related.len(), 2);
    assert_eq!(voyager.severity, Severity::Warning);
    // the copy in 2.1.1 lists the code link before the project page: still identical
    assert!(
        voyager
            .related
            .iter()
            .all(|r| r.message.ends_with("identical")),
        "{voyager:#?}"
    );
    // OpenAgents L440/L454: exactly one finding, at the later copy
    let open_agents = &duplicates[1];
    assert_eq!(open_agents.severity, Severity::Error);
    let copies: Vec<usize> = report
        .document
        .text()
        .match_indices("**OpenAgents:")
        .map(|(at, _)| line(&report, at))
        .collect();
    assert_eq!(line(&report, open_agents.range.start), copies[1]);
    assert_eq!(lines_of_related(&report, open_agents), [copies[0]]);

    let (_, shared) = findings(name, "shared-paper-link");
    assert_eq!(shared.len(), 1);
    assert_eq!(
        shared[0].message,
        "`FireAct` and `Voyager` both link arXiv 2305.16291: one of the links is probably wrong"
    );
    assert_eq!(shared[0].related.len(), 4, "every other holder of the link");
}

#[test]
fn synbol_shared_link_dataset_row_and_linkless_copy() {
    let name = "duplicates/synbol-numbered-bold.md";
    let (report, shared) = findings(name, "shared-paper-link");
    assert_eq!(shared.len(), 1, "{shared:#?}");
    assert_eq!(
        shared[0].message,
        "`SCT` and `Revisit Parameter-Efficient Transfer Learning` both link arXiv 2303.07910: one of the links is probably wrong"
    );
    let (_, duplicates) = findings(name, "duplicate-entry");
    // the FGVC row cites Visual Prompt Tuning: a dataset, not a second copy of the paper
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    let d = &duplicates[0];
    assert_eq!(
        d.message,
        "paper listed 2 times in this section (same title)"
    );
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(
        line(&report, d.range.start),
        line_with(&report, "- **[9] Gradient-based")
    );
    assert_eq!(
        d.related[0].message,
        "listed above in this section, with link `https://arxiv.org/abs/2312.10136`"
    );
}

#[test]
fn bradyfu_datasets_citing_one_paper_are_different_resources() {
    let name = "duplicates/bradyfu-dataset-table.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    // CLEVR-ATVC and Fruit-ATVC cite one paper; IMAD is listed twice
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    assert_eq!(
        duplicates[0].message,
        "resource listed 2 times in this section (same name and paper)"
    );
    let imad: Vec<usize> = report
        .document
        .text()
        .match_indices("| **IMAD**")
        .map(|(at, _)| line(&report, at))
        .collect();
    assert_eq!(line(&report, duplicates[0].range.start), imad[1]);
    let (_, shared) = findings(name, "shared-paper-link");
    assert_eq!(shared, []);
}

#[test]
fn promptslab_tables_compared_like_items_and_start_here_is_a_summary() {
    let name = "duplicates/promptslab-start-here.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    let d = &duplicates[0];
    assert_eq!(
        d.message,
        "resource listed 2 times in 2 sections (same link)"
    );
    assert_eq!(
        line(&report, d.range.start),
        line_with(&report, "| **DSPy** | Multiple")
    );
    assert_eq!(
        d.related[0].message,
        "also under `Tools and Code > Agent Frameworks`, identical"
    );
}

#[test]
fn a_group_of_n_copies_is_one_finding_with_n_minus_1_related() {
    // issue 11: the output grows with the copies, not with their square
    let mut text = String::from("# List\n\n");
    for section in 0..50 {
        text.push_str(&format!("## Topic {section}\n\n"));
        text.push_str("- ReAct: Synergizing Reasoning and Acting in Language Models [[paper](https://arxiv.org/abs/2210.03629)]\n\n");
    }
    let report = lint("generated.md", &text);
    let duplicates: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "duplicate-entry")
        .collect();
    assert_eq!(duplicates.len(), 1);
    assert_eq!(duplicates[0].related.len(), 49);
    let json = render(Format::Json, &[report], Colors(false));
    assert!(json.len() < 20_000, "{} bytes", json.len());
}

fn lint_with(config: &str, text: &str) -> Vec<Diagnostic> {
    let config =
        Config::parse(config, std::path::Path::new(".awesome-lint.toml")).expect("valid config");
    let linter = Linter::new(
        &config,
        &Selection {
            offline: true,
            ..Default::default()
        },
    )
    .expect("valid");
    linter
        .lint(&Document::parse(text))
        .into_iter()
        .filter(|d| d.rule == "duplicate-entry")
        .collect()
}

#[test]
fn allow_cross_section_silences_identical_copies_only() {
    let config = "[rules.duplicate-entry]\nallow-cross-section = true\n";
    let identical = "## A\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)] [[code](https://github.com/ysymyth/ReAct)]\n\n## B\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)] [[code](https://github.com/ysymyth/ReAct)]\n";
    assert_eq!(lint_with(config, identical), []);
    let out_of_sync = identical.replacen("abs/2210.03629", "pdf/2210.03629v2", 1);
    let found = lint_with(config, &out_of_sync);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].related[0].message,
        "also under `A`, with link `https://arxiv.org/pdf/2210.03629v2`"
    );
    assert_eq!(
        found[0].help.as_deref(),
        Some(
            "keep one entry and link it from the other sections, or make the copies agree on their link"
        )
    );
    let other_code = identical.replacen("ysymyth/ReAct", "someone/react-fork", 1);
    assert_eq!(lint_with(config, &other_code).len(), 1);
    // hymie122 pastes BibTeX's lower-cased title in one taxonomy: letter case is no difference
    let lower_case = identical.replacen(
        "ReAct: Synergizing Reasoning and Acting",
        "React: synergizing reasoning and acting",
        1,
    );
    assert_eq!(lint_with(config, &lower_case), []);
    let reworded = identical.replacen("Synergizing", "Combining", 1);
    assert_eq!(lint_with(config, &reworded).len(), 1);
}

#[test]
fn mostly_identical_cross_section_copies_get_one_summary_hint() {
    let mut text = String::new();
    for (id, title) in [
        ("2210.03629", "ReAct: Synergizing Reasoning and Acting"),
        ("2305.16291", "Voyager: An Open-Ended Embodied Agent"),
        (
            "2303.11366",
            "Reflexion: Language Agents with Verbal Reinforcement Learning",
        ),
    ] {
        for section in ["Planning", "Memory"] {
            text.push_str(&format!(
                "## {section} {id}\n\n- {title} [[paper](https://arxiv.org/abs/{id})]\n\n"
            ));
        }
    }
    let report = lint("topics.md", &text);
    let pretty = render(Format::Pretty, &[report], Colors(false));
    let hints: Vec<&str> = pretty
        .lines()
        .filter(|l| l.contains("allow-cross-section = true"))
        .collect();
    assert_eq!(
        hints,
        [
            "fixtures/topics.md: 3 of 3 duplicate groups are identical copies in different sections: if the list files entries under several topics on purpose, set `allow-cross-section = true` under `[rules.duplicate-entry]`."
        ]
    );
    // the seed: 10 of its 15 groups are identical copies in two sections (one links its code
    // repository as `…/Bert-n-Pals` and `…/Bert-n-Pals?tab=readme-ov-file`, one repository)
    let seed = lint("awesome-peft.md", &fixture("awesome-peft.md"));
    let pretty = render(Format::Pretty, &[seed], Colors(false));
    assert!(pretty.contains("fixtures/awesome-peft.md: 10 of 15 duplicate groups are identical"));
    // one same-section repeat, one pair that differs, one identical pair: no hint
    let mixed = lint("duplicate-entry.md", &fixture("duplicate-entry.md"));
    let pretty = render(Format::Pretty, &[mixed], Colors(false));
    assert!(!pretty.contains("allow-cross-section = true"), "{pretty}");
}

#[test]
fn section_labels_drop_the_h1_icons_and_back_links() {
    let doc = Document::parse(fixture("duplicates/xlite-table-rows.md"));
    let entry = doc
        .entries()
        .iter()
        .find(|e| e.title.contains("Tensor-Product"))
        .expect("row");
    assert_eq!(
        doc.section_label(entry.section),
        "📖Contents > 📖GEMM/Tensor Cores/MMA/Parallel"
    );
    let doc = Document::parse(
        "# Title\n\n## A ![icon](https://x.org/i.png)\n\n### B\n\n#### C\n\n- [x](https://x.org)\n\n# Only\n\n- [y](https://y.org)\n",
    );
    assert_eq!(doc.section_label(doc.entries()[0].section), "B > C");
    assert_eq!(doc.section_label(doc.entries()[1].section), "Only");
    // thunlp/GNNPapers: every heading is a back-link to the contents
    let doc = Document::parse(
        "# GNN\n\n## [Content](#content)\n\n## [Survey papers](#content)\n\n1. **A Survey.** [paper](https://x.org/a.pdf)\n".to_string(),
    );
    assert_eq!(doc.section_label(doc.entries()[0].section), "Survey papers");
}

#[test]
fn benedek_code_sub_items_of_two_papers_are_no_duplicate() {
    // two papers of one author link one repository from `  - [[Code]](…)` sub-items
    let (_, duplicates) = findings("duplicates/benedek-sub-items.md", "duplicate-entry");
    assert_eq!(duplicates, []);
}

#[test]
fn hannibal_models_citing_their_paper_are_other_resources() {
    // `OPT-1.3|6.7|13|30|66B` and `DeepSeek-v2-236B-MoE` are models that link the paper
    // the milestone table lists: neither copies nor wrong links
    let name = "duplicates/hannibal-model-items.md";
    let (_, duplicates) = findings(name, "duplicate-entry");
    assert_eq!(duplicates, []);
    let (_, shared) = findings(name, "shared-paper-link");
    assert_eq!(shared, []);
}

#[test]
fn dataset_rows_titled_link_are_named_by_their_first_cell() {
    // CIFAR-10 and CIFAR-100 share a download page; Yelp is listed twice
    let name = "duplicates/peft-dataset-table.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    assert_eq!(
        line(&report, duplicates[0].range.start),
        line_with(&report, "| Yelp            |")
    );
}

#[test]
fn llmsurvey_models_citing_one_paper_are_not_copies() {
    // Flan-PaLM and Flan-U-PaLM rows link one paper; their link cells say only "Paper"
    let name = "layouts/html-table-rowspan.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    let quill: Vec<usize> = report
        .document
        .text()
        .match_indices("<td>Quill-7</td>")
        .map(|(at, _)| line(&report, at))
        .collect();
    assert_eq!(line(&report, duplicates[0].range.start) + 1, quill[1]);
    assert_eq!(
        duplicates[0].message,
        "resource listed 2 times in this section (same name and paper)"
    );
    let (_, shared) = findings(name, "shared-paper-link");
    assert_eq!(shared, []);
}

#[test]
fn llmsurvey_named_resources_of_one_paper_are_not_copies() {
    // T5, C4 and T5 bias cite one paper; Flan-T5 and `Flan-PaLM && Flan-U-PaLM` another.
    // Only the Quill entry listed again under the same name is a copy.
    let name = "duplicates/named-resources-one-paper.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    assert_eq!(
        line(&report, duplicates[0].range.start),
        line_with(&report, "## Evaluated models") + 2
    );
    assert_eq!(
        lines_of_related(&report, &duplicates[0]),
        [line_with(&report, "## Open models") + 2]
    );
    let (_, shared) = findings(name, "shared-paper-link");
    assert_eq!(shared, []);
}

#[test]
fn xlite_topic_tags_do_not_name_different_resources() {
    // one row tagged `[**vLLM**]` in one section and `[**PagedAttention**]` in another,
    // with one repository: still one paper listed twice
    let text = "# Inference\n\n## Frameworks\n\n| Date | Title | Paper | Code |\n|:---:|:---:|:---:|:---:|\n|2023.09|🔥[**vLLM**] Efficient Memory Management for Large Language Model Serving with PagedAttention(@UC Berkeley etc) |[[pdf]](https://arxiv.org/pdf/2309.06180.pdf)|[[vllm]](https://github.com/vllm-project/vllm)|\n\n## KV Cache\n\n| Date | Title | Paper | Code |\n|:---:|:---:|:---:|:---:|\n|2023.09|🔥[**PagedAttention**] Efficient Memory Management for Large Language  Model Serving with PagedAttention(@UC Berkeley etc) |[[pdf]](https://arxiv.org/pdf/2309.06180.pdf)|[[vllm]](https://github.com/vllm-project/vllm)|\n";
    let report = lint("tags.md", text);
    let duplicates: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "duplicate-entry")
        .collect();
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
}

#[test]
fn mli_videos_about_one_paper_are_not_copies_of_it() {
    // two videos on ResNet, and each recorded paper again in the catalogue: all meant;
    // only the catalogue's second EfficientNet row is a copy
    let name = "duplicates/video-table.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    let efficientnet: Vec<usize> = report
        .document
        .text()
        .match_indices("[EfficientNet]")
        .map(|(at, _)| line(&report, at))
        .collect();
    assert_eq!(line(&report, duplicates[0].range.start), efficientnet[1]);
    let (_, shared) = findings(name, "shared-paper-link");
    assert_eq!(shared, []);
}

#[test]
fn floodsung_book_and_review_of_one_short_title_are_two_works() {
    let (_, duplicates) = findings("layouts/numbered-bold-paragraphs.md", "duplicate-entry");
    assert_eq!(duplicates, []);
    // a two-word title that says enough still joins two links (hymie122 L52/L680)
    let text = "# R\n\n## A\n\n- [Instance-conditioned gan](https://proceedings.neurips.cc/paper/2021/file/e7ac288b0f2d41445904d071ba37aaff-Paper.pdf)\n\n## B\n\n- [Instance-conditioned gan](https://arxiv.org/abs/2109.05070)\n";
    let report = lint("short.md", text);
    assert_eq!(
        report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "duplicate-entry")
            .count(),
        1
    );
}

/// Different works behind one link, from lists the tool had never seen: each was an error
/// that said "remove this copy" of a real, different paper (zeke-xie: two papers of one
/// author under one PMLR link, ICLR and ICML; tamlhp: `Bi-Mamba` and `Bi-Mamba+`, two
/// methods on one DOI). A method listed again for another task (`GridWalk (multi-task)`) is
/// deliberate and silent.
#[test]
fn different_works_on_one_link_are_never_copies_to_remove() {
    let name = "duplicates/different-works-one-link.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    assert!(duplicates.is_empty(), "{duplicates:#?}");
    let (_, shared) = findings(name, "shared-paper-link");
    let messages: Vec<&str> = shared.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`Gradient descent provably trains over-parameterized neural networks` and `Gradient descent reaches global minima of deep neural …` both link PMLR paper v97/example19c: one of the links is probably wrong",
            "`Duo-Scan` and `Duo-Scan+` both link arXiv 2404.00071: one of the links is probably wrong",
            "`ResStack` and `CauseFill` both link DOI 10.1016/j.example.2025.000073: one of the links is probably wrong",
        ]
    );
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| !d.message.contains("GridWalk")),
        "{:#?}",
        report.diagnostics
    );
}

/// BradyFU lists `Video-ChatGPT` as a dataset and as a benchmark: one paper, one name, and
/// `[Link]`s to two parts of its repository page (`#video-instruction-dataset…`,
/// `#quantitative-evaluation…`). "Make the copies agree on their code link" would wreck one;
/// they are two resources. The same row twice is still a copy.
#[test]
fn resources_of_one_paper_at_different_anchors_are_not_copies() {
    let name = "duplicates/resource-anchors.md";
    let (report, duplicates) = findings(name, "duplicate-entry");
    assert_eq!(duplicates.len(), 1, "{duplicates:#?}");
    // zero-based: the second benchmark row (line 15) repeats the first (line 14)
    assert_eq!(line(&report, duplicates[0].range.start), 14);
    assert_eq!(lines_of_related(&report, &duplicates[0]), [13]);
}
