//! The document model on real lists: entries, titles, links, badges, tables.

use awesome_lint::document::{Document, EntryKind, LinkKind, LinkRole};

use crate::support::fixture;

fn list_items(doc: &Document) -> Vec<&awesome_lint::document::Entry> {
    doc.entries()
        .iter()
        .filter(|e| e.kind == EntryKind::ListItem)
        .collect()
}

#[test]
fn seed_has_114_list_entries_and_66_table_rows() {
    let doc = Document::parse(fixture("awesome-peft.md"));
    let items = list_items(&doc);
    assert_eq!(items.len(), 114);
    let rows: Vec<_> = doc
        .entries()
        .iter()
        .filter(|e| matches!(e.kind, EntryKind::TableRow { .. }))
        .collect();
    assert_eq!(rows.len(), 66);
    assert_eq!(doc.tables().len(), 1);
    assert_eq!(doc.tables()[0].header.written_cells, 4);
    // 18 sections of list entries, each entry with a title and a paper link
    assert!(
        items
            .iter()
            .all(|e| !e.title.is_empty() && e.paper.is_some())
    );
    let sections: std::collections::BTreeSet<_> = items.iter().map(|e| e.section).collect();
    assert_eq!(sections.len(), 18);
}

#[test]
fn seed_entry_titles_links_and_badges() {
    let doc = Document::parse(fixture("awesome-peft.md"));
    let items = list_items(&doc);
    let first = items[0];
    assert_eq!(first.title, "Parameter-Efficient Transfer Learning for NLP");
    assert_eq!(doc.section_path(first.section), "🚀 Serial Adapters");
    assert_eq!(
        doc.sections()[first.section.unwrap()].anchor,
        "-serial-adapters"
    );
    let paper = doc.link(first.paper.unwrap());
    assert_eq!(paper.url, "https://arxiv.org/abs/1902.00751");
    assert_eq!(paper.text, "Paper");
    assert_eq!(
        doc.slice(paper.url_range.clone()),
        "https://arxiv.org/abs/1902.00751"
    );
    let code = doc.link(first.code.unwrap());
    assert_eq!(code.url, "https://github.com/google-research/adapter-bert");
    // the unlinked arXiv badge and the code badge inside the code link
    let badges: Vec<_> = doc.entry_links(first, LinkRole::Badge).collect();
    assert_eq!(badges.len(), 2);
    let arxiv = badges[0].badge.as_ref().unwrap();
    assert_eq!(arxiv.alt, "arXiv");
    assert_eq!(arxiv.message.as_deref(), Some("arXiv"));
    assert_eq!(badges[1].parent, first.code);
    assert_eq!(
        badges[1].badge.as_ref().unwrap().message.as_deref(),
        Some("👩💻 Code")
    );

    // An ACL Anthology paper link with an arXiv badge beside it
    let acl = items
        .iter()
        .find(|e| e.title == "Cross-Lingual Transfer with Target Language-Ready Task Adapters")
        .unwrap();
    assert_eq!(
        doc.link(acl.paper.unwrap()).url,
        "https://aclanthology.org/2023.findings-acl.13.pdf"
    );
    // An entry without a code link
    let orch = items
        .iter()
        .find(|e| e.title.starts_with("OrchMoE"))
        .unwrap();
    assert_eq!(orch.code, None);
}

#[test]
fn seed_table_rows_take_their_title_from_the_paper_title_column() {
    let doc = Document::parse(fixture("awesome-peft.md"));
    let row = doc
        .entries()
        .iter()
        .find(|e| matches!(e.kind, EntryKind::TableRow { row: 0, .. }))
        .unwrap();
    assert_eq!(row.title, "The Llama 3 Herd of Models");
    assert_eq!(
        doc.link(row.paper.unwrap()).url,
        "https://arxiv.org/abs/2407.21783"
    );
    assert_eq!(
        doc.link(row.code.unwrap()).url,
        "https://github.com/meta-llama/llama3"
    );
    assert_eq!(
        doc.section_path(row.section),
        "PEFT Methods in NLP Tasks > Models and Papers"
    );
}

#[test]
fn seed_header_html_links_and_images_are_extracted() {
    let doc = Document::parse(fixture("awesome-peft.md"));
    let html: Vec<_> = doc
        .links()
        .iter()
        .filter(|l| l.kind == LinkKind::Html)
        .collect();
    // 5 shields images, the commit-activity <a href>, the imgur banner
    assert_eq!(html.len(), 7);
    let anchor = html.iter().find(|l| !l.image).unwrap();
    assert!(anchor.url.ends_with("/graphs/commit-activity"));
    let maintained = html
        .iter()
        .find(|l| l.text == "Maintenance")
        .expect("the Maintenance badge");
    assert_eq!(
        maintained.parent.map(|p| &doc.link(p).url),
        Some(&anchor.url)
    );
    assert_eq!(
        maintained.badge.as_ref().unwrap().message.as_deref(),
        Some("yes")
    );
    assert_eq!(
        maintained.badge.as_ref().unwrap().label.as_deref(),
        Some("Maintained?")
    );
    for link in &html {
        assert_eq!(doc.slice(link.url_range.clone()), link.url);
    }
}

#[test]
fn every_url_range_holds_the_url_as_written() {
    for name in crate::support::all_fixtures() {
        let doc = Document::parse(fixture(&name));
        for link in doc.links() {
            let written = doc.slice(link.url_range.clone());
            assert!(
                !written.is_empty() || link.url.is_empty(),
                "{name}: empty url range for {}",
                link.url
            );
            if !link.url.contains(['&', '\\', '%', ' ']) && link.kind != LinkKind::Reference {
                assert_eq!(written, link.url, "{name}: {:?}", link.range);
            }
        }
    }
}

#[test]
fn reference_links_resolve_to_their_definitions() {
    let text = fixture("reference-links.md");
    let doc = Document::parse(text.as_str());
    let titles: Vec<_> = doc.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "LoRA: Low-Rank Adaptation of Large Language Models",
            "QLoRA: Efficient Finetuning of Quantized LLMs",
            "DoRA"
        ]
    );
    let lora = &doc.entries()[0];
    let paper = doc.link(lora.paper.unwrap());
    assert_eq!(paper.kind, LinkKind::Reference);
    assert_eq!(paper.url, "https://arxiv.org/abs/2106.09685");
    // The URL range is in the definition, so a fix edits it once for every use
    let (label, definition) = paper.reference.clone().unwrap();
    assert_eq!(label, "lora");
    assert_eq!(
        doc.slice(definition),
        "[lora]: https://arxiv.org/abs/2106.09685"
    );
    assert_eq!(
        doc.slice(paper.url_range.clone()),
        "https://arxiv.org/abs/2106.09685"
    );
    let code = doc.link(lora.code.unwrap());
    assert_eq!(
        doc.slice(code.url_range.clone()),
        "https://github.com/microsoft/LoRA"
    );
    // Labels match case-insensitively: [Paper][qlora] → [QLoRA]:
    let qlora = doc.link(doc.entries()[1].paper.unwrap());
    assert_eq!(qlora.url, "https://arxiv.org/pdf/2305.14314");
    // A shortcut reference is the title link
    let dora = &doc.entries()[2];
    assert_eq!(
        doc.link(dora.paper.unwrap()).url,
        "https://arxiv.org/abs/2402.09353"
    );
    assert_eq!(dora.description, "weight-decomposed low-rank adaptation");
}

#[test]
fn crlf_and_bom_keep_exact_ranges() {
    let text = fixture("crlf-bom.md");
    assert!(text.starts_with('\u{feff}') && text.contains("\r\n"));
    let doc = Document::parse(text.as_str());
    assert_eq!(doc.sections()[0].title, "CRLF and BOM");
    assert_eq!(doc.slice(doc.sections()[0].range.clone()), "# CRLF and BOM");
    let entry = &doc.entries()[0];
    assert_eq!(
        entry.title,
        "LoRA: Low-Rank Adaptation of Large Language Models"
    );
    let paper = doc.link(entry.paper.unwrap());
    assert_eq!(
        doc.slice(paper.url_range.clone()),
        "https://arxiv.org/abs/2106.09685"
    );
    let at = doc.line_index().position(doc.text(), paper.url_range.start);
    assert_eq!((at.line, at.column), (3, 63));
}

#[test]
fn calpt_bold_titles_and_pdf_links() {
    let doc = Document::parse(fixture("corpus/calpt-awesome-adapter-resources.md"));
    let entry = doc
        .entries()
        .iter()
        .find(|e| e.title == "K-Adapter: Infusing Knowledge into Pre-Trained Models with Adapters")
        .expect("K-Adapter entry");
    assert_eq!(
        doc.link(entry.paper.unwrap()).url,
        "https://aclanthology.org/2021.findings-acl.121.pdf"
    );
    assert_eq!(
        doc.link(entry.code.unwrap()).url,
        "https://github.com/microsoft/K-Adapter"
    );
}

#[test]
fn hannibal_table_titles_are_link_texts() {
    let doc = Document::parse(fixture("corpus/Hannibal046-Awesome-LLM.md"));
    let entry = doc
        .entries()
        .iter()
        .find(|e| e.title == "Switch Transformers: Scaling to Trillion Parameter Models with Simple and Efficient Sparsity")
        .expect("Switch Transformers row");
    assert!(matches!(entry.kind, EntryKind::TableRow { .. }));
    assert_eq!(
        doc.link(entry.paper.unwrap()).url,
        "https://arxiv.org/pdf/2101.03961.pdf"
    );
}

#[test]
fn wooooddyy_dated_bold_titles() {
    let doc = Document::parse(fixture("corpus/WooooDyy-LLM-Agent-Paper-List.md"));
    let with_paper: Vec<_> = doc.entries().iter().filter(|e| e.paper.is_some()).collect();
    assert!(with_paper.len() > 300, "{}", with_paper.len());
    // `- [2023/10] **Title** *Authors.* [[paper](…)]`: no date in the title
    assert!(with_paper.iter().all(|e| !e.title.starts_with('[')));
    assert!(
        with_paper
            .iter()
            .any(|e| e.title == "ReAct: Synergizing Reasoning and Acting in Language Models")
    );
}

#[test]
fn vinta_link_titles_descriptions_and_mentions() {
    let doc = Document::parse(fixture("corpus/vinta-awesome-python.md"));
    let django = doc
        .entries()
        .iter()
        .find(|e| e.title == "django")
        .expect("django entry");
    assert_eq!(
        doc.link(django.code.unwrap()).url,
        "https://github.com/django/django"
    );
    assert_eq!(django.paper, None);
    assert!(!django.description.is_empty());
}

#[test]
fn synbol_numbered_bold_titles() {
    let doc = Document::parse(fixture("corpus/synbol-Awesome-PETL.md"));
    let titles: Vec<_> = doc.entries().iter().map(|e| e.title.as_str()).collect();
    assert!(titles.contains(
        &"UniAdapter: Unified Parameter-Efficient Transfer Learning for Cross-modal Modeling"
    ));
    assert!(
        titles
            .iter()
            .all(|t| !t.starts_with(|c: char| c.is_ascii_digit() && t.contains("] ")))
    );
}

#[test]
fn mentions_in_descriptions_are_not_the_entry() {
    let doc = Document::parse(
        "- Delta-LoRA: Fine-Tuning High-Rank Parameters [[Paper](https://arxiv.org/abs/2309.02411)] - builds on [LoRA](https://arxiv.org/abs/2106.09685)\n",
    );
    let entry = &doc.entries()[0];
    assert_eq!(
        doc.link(entry.paper.unwrap()).url,
        "https://arxiv.org/abs/2309.02411"
    );
    let mentions: Vec<_> = doc
        .entry_links(entry, LinkRole::Mention)
        .map(|l| l.url.as_str())
        .collect();
    assert_eq!(mentions, ["https://arxiv.org/abs/2106.09685"]);
}

#[test]
fn hee9joon_paragraph_entries() {
    // `**Title** \ *Authors* \ arXiv 2022. [[Paper](…)] \ date` paragraphs are entries
    let doc = Document::parse(fixture("corpus/hee9joon-Awesome-Diffusion-Models-head.md"));
    let paragraphs: Vec<_> = doc
        .entries()
        .iter()
        .filter(|e| e.kind == EntryKind::Paragraph)
        .collect();
    assert!(paragraphs.len() > 40, "{}", paragraphs.len());
    let luo = paragraphs
        .iter()
        .find(|e| e.title == "Understanding Diffusion Models: A Unified Perspective")
        .expect("Calvin Luo's paper");
    assert_eq!(
        doc.link(luo.paper.unwrap()).url,
        "https://arxiv.org/abs/2208.11970"
    );
    assert_eq!(
        doc.section_path(luo.section),
        "Resources > Introductory Papers"
    );
    // A plain paragraph with a link is not an entry
    let doc = Document::parse(
        "See [the guide](https://example.org) for more.\n\n**Note** no link here.\n",
    );
    assert!(doc.entries().is_empty());
}
