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

fn entry<'a>(doc: &'a Document, title: &str) -> &'a awesome_lint::document::Entry {
    doc.entries()
        .iter()
        .find(|e| e.title == title)
        .unwrap_or_else(|| {
            let titles: Vec<_> = doc.entries().iter().map(|e| &e.title).collect();
            panic!("no entry titled {title:?} in {titles:?}")
        })
}

fn url(doc: &Document, id: Option<usize>) -> Option<&str> {
    id.map(|id| doc.link(id).url.as_str())
}

#[test]
fn layout_numbered_table_cells_with_descriptions() {
    let doc = Document::parse(fixture("layouts/numbered-table-cells.md"));
    let titles: Vec<_> = doc.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Chain-of-Thought Hub",
            "Scaling Laws for Sparse Retrieval",
            "Faithful Reasoning"
        ]
    );
    let hub = &doc.entries()[0];
    assert_eq!(
        url(&doc, hub.paper),
        Some("https://arxiv.org/abs/2305.17306")
    );
    let tweet = doc.entry_links(hub, LinkRole::Tweet).next().unwrap();
    assert!(tweet.url.starts_with("https://twitter.com/"));
    assert_eq!(
        url(&doc, doc.entries()[2].code),
        Some("https://github.com/example/faithful")
    );
}

#[test]
fn layout_nicknames_become_aliases() {
    let doc = Document::parse(fixture("layouts/nickname-titles.md"));
    let foogen = entry(&doc, "Fast Image Generation with Foo Priors");
    assert_eq!(foogen.aliases, ["FooGen"]);
    assert_eq!(
        url(&doc, foogen.paper),
        Some("https://openreview.net/pdf?id=FooGen123")
    );
    assert_eq!(
        entry(&doc, "Bar Networks for Dense Prediction").aliases,
        ["BarNet"]
    );
    assert_eq!(entry(&doc, "Learning Baz from Scratch").aliases, ["Baz"]);
    // a plain `Name: Title` is the paper's own title: kept whole, the name an alias too
    let lora = entry(&doc, "LoRA: Low-Rank Adaptation of Large Language Models");
    assert_eq!(lora.aliases, ["LoRA"]);
    // the copy in another section under another link now has the same title
    let copies: Vec<_> = doc
        .entries()
        .iter()
        .filter(|e| e.title == "Fast Image Generation with Foo Priors")
        .map(|e| doc.section_path(e.section))
        .collect();
    assert_eq!(
        copies,
        [
            "Nicknames before titles > Generation",
            "Nicknames before titles > Copies"
        ]
    );
}

#[test]
fn layout_underlined_nickname_quoted_title_authors_venue() {
    let doc = Document::parse(fixture("layouts/underlined-nickname.md"));
    let foo = entry(&doc, "Foo-2: Large-scale Pre-trained Models for Bar");
    assert_eq!(foo.aliases, ["Foo-2"]);
    assert_eq!(foo.authors.as_deref(), Some("A. Author, B. Author et al"));
    assert_eq!(foo.venue.as_deref(), Some("arXiv"));
    assert_eq!(foo.year, Some(2021));
    assert_eq!(
        url(&doc, foo.paper),
        Some("https://arxiv.org/abs/2106.10715")
    );
    let checkpoint = doc.entry_links(foo, LinkRole::Model).next().unwrap();
    assert_eq!(checkpoint.url, "https://huggingface.co/example/foo-2");
    assert_eq!(foo.code, None);
    // `(**context2vec**)` after the links
    let c2v = entry(
        &doc,
        "context2vec: Learning Generic Context Embedding with Bidirectional LSTM",
    );
    assert_eq!(c2v.aliases, ["context2vec"]);
    assert_eq!(c2v.venue.as_deref(), Some("CoNLL"));
    assert_eq!(c2v.year, Some(2016));
    assert_eq!(
        c2v.authors.as_deref(),
        Some("Oren Melamud, Jacob Goldberger, Ido Dagan")
    );
}

#[test]
fn layout_category_bullets_are_groups_of_paper_lines() {
    let doc = Document::parse(fixture("layouts/category-bullets.md"));
    let paths: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), doc.entry_path(e)))
        .collect();
    assert_eq!(
        paths,
        [
            (
                "REALM: Retrieval-Augmented Language Model Pre-Training",
                "Category bullets > Methods > Query-based RAG".to_string()
            ),
            (
                "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks",
                "Category bullets > Methods > Query-based RAG".to_string()
            ),
            (
                "Active Retrieval Augmented Generation",
                "Category bullets > Methods > Retriever Enhancement > Recursive Retrieve"
                    .to_string()
            ),
            (
                "KILT: a Benchmark for Knowledge Intensive Language Tasks",
                "Category bullets > Benchmarks".to_string()
            ),
        ]
    );
    assert!(doc.entries().iter().all(|e| e.paper.is_some()));
}

#[test]
fn rag_survey_excerpt_lists_its_papers_not_its_categories() {
    let doc = Document::parse(fixture("layouts/rag-survey-excerpt.md"));
    assert!(doc.entries().iter().all(|e| e.paper.is_some()));
    assert!(doc.entries().len() >= 20, "{}", doc.entries().len());
    assert!(
        doc.entries()
            .iter()
            .all(|e| e.groups.first().is_some_and(|g| g.ends_with("RAG")))
    );
}

#[test]
fn layout_html_table_rows_are_entries() {
    let doc = Document::parse(fixture("layouts/html-table.md"));
    assert_eq!(doc.entries().len(), 2);
    let first = &doc.entries()[0];
    assert_eq!(first.kind, EntryKind::HtmlRow);
    assert_eq!(first.title, "Agent Learning from Live Feedback");
    assert_eq!(
        url(&doc, first.paper),
        Some("https://arxiv.org/abs/2603.00001")
    );
    assert_eq!(
        url(&doc, first.code),
        Some("https://github.com/example/agent-rl")
    );
    assert_eq!(doc.section_path(first.section), "HTML tables > Agents");
    let second = &doc.entries()[1];
    assert_eq!(second.title, "Skills & Tools for Agents");
    assert_eq!(
        url(&doc, second.paper),
        Some("https://arxiv.org/abs/2603.00002")
    );
    assert_eq!(second.code, None);
    assert_eq!(doc.entry_links(second, LinkRole::Dataset).count(), 1);
    // the header row is not an entry, and HTML rows are not Markdown tables
    assert!(doc.tables().is_empty());
}

#[test]
fn layout_link_roles() {
    let doc = Document::parse(fixture("layouts/link-roles.md"));
    let data = entry(&doc, "Open Instruction Data for Everyone");
    // `[[Source]]` on a Hugging Face dataset is the dataset, not the code
    assert_eq!(data.code, None);
    assert_eq!(doc.entry_links(data, LinkRole::Dataset).count(), 1);
    let tiny = entry(&doc, "Tiny Math Models");
    let roles: Vec<_> = tiny
        .links
        .iter()
        .map(|&id| doc.link(id).role.unwrap().name())
        .collect();
    assert_eq!(
        roles,
        [
            "model", "project", "demo", "blog", "video", "slides", "dataset"
        ]
    );
    assert_eq!(tiny.code, None);
    assert_eq!(tiny.paper, None);
    // a link labelled official is the code, wherever it is hosted
    let whisper = entry(&doc, "Robust Speech Recognition");
    assert_eq!(url(&doc, whisper.code), Some("https://example.org/whisper"));
}

#[test]
fn layout_paper_links_on_other_hosts() {
    let doc = Document::parse(fixture("layouts/other-paper-hosts.md"));
    let papers: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| url(&doc, e.paper).is_some())
        .collect();
    // a PDF, USENIX, Nature: papers; a project's home page: not
    assert_eq!(papers, [true, true, true, false]);
}

#[test]
fn layout_markers_and_trailing_venues_leave_titles() {
    let doc = Document::parse(fixture("layouts/title-markers.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), e.venue.as_deref(), e.year))
        .collect();
    assert_eq!(
        fields,
        [
            ("Streaming Attention Sinks", None, None),
            ("Speculative Decoding Revisited", Some("ICML"), Some(2024)),
            ("Long Context Scaling", Some("NeurIPS"), Some(2023)),
            ("Retracted Results on Tiny Models", None, None),
        ]
    );
}

#[test]
fn layout_entries_without_links() {
    let doc = Document::parse(fixture("layouts/no-links.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), e.venue.as_deref(), e.year, e.links.len()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Learning Representations by Back-propagating Errors",
                Some("Nature"),
                Some(1986),
                0
            ),
            (
                "Gradient-Based Learning Applied to Document Recognition",
                Some("IEEE"),
                Some(1998),
                0
            ),
        ]
    );
}

#[test]
fn layout_multi_line_items_split_per_paper() {
    let doc = Document::parse(fixture("layouts/multi-line-items.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), url(&doc, e.paper), url(&doc, e.code)))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Attention Is All You Need",
                Some("https://arxiv.org/abs/1706.03762"),
                Some("https://github.com/tensorflow/tensor2tensor")
            ),
            // the lazy continuation line is its own paper, with its own links and badge
            (
                "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale",
                Some("https://arxiv.org/abs/2010.11929"),
                None
            ),
            // a second line with only `[[arXiv]]` has no title of its own: same paper
            (
                "Training data-efficient image transformers",
                Some("https://arxiv.org/abs/2012.12877"),
                None
            ),
        ]
    );
    let vit = &doc.entries()[1];
    assert_eq!(doc.entry_links(vit, LinkRole::Badge).count(), 1);
    assert_eq!(doc.entries()[2].links.len(), 2);
}

#[test]
fn gradient_boosting_detail_bullets_fold_into_their_paper() {
    let doc = Document::parse(
        "## 2025\n\n- **Free Lunch in the Forest (AAAI 2025)**\n  - Youssouf Emine, Alexandre Forel\n  - [[Paper]](https://arxiv.org/abs/2408.16167)\n  - [[Code]](https://github.com/eminyous/fipe)\n",
    );
    assert_eq!(doc.entries().len(), 1);
    let paper = &doc.entries()[0];
    assert_eq!(paper.title, "Free Lunch in the Forest");
    assert_eq!(paper.venue.as_deref(), Some("AAAI"));
    assert_eq!(paper.year, Some(2025));
    assert_eq!(
        paper.authors.as_deref(),
        Some("Youssouf Emine, Alexandre Forel")
    );
    assert_eq!(
        url(&doc, paper.paper),
        Some("https://arxiv.org/abs/2408.16167")
    );
    assert_eq!(
        url(&doc, paper.code),
        Some("https://github.com/eminyous/fipe")
    );
}

/// Where the real lists are: `AWESOME_LINT_CORPUS`, or a `shared/corpus` folder beside an
/// ancestor of the checkout (`../shared/corpus` from the main worktree).
fn corpus_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("AWESOME_LINT_CORPUS") {
        return dir.into();
    }
    crate::support::root()
        .ancestors()
        .map(|a| a.join("shared").join("corpus"))
        .find(|dir| dir.is_dir())
        .expect("the corpus: set AWESOME_LINT_CORPUS to the folder of real lists")
}

/// The hand-labelled sample (tests/data/entry-sample.tsv): every sampled line's entry has the
/// labelled title, aliases, paper, code and place.
#[test]
fn hand_labelled_sample_of_the_corpus() {
    let sample =
        std::fs::read_to_string(crate::support::root().join("tests/data/entry-sample.tsv"))
            .expect("tests/data/entry-sample.tsv");
    let mut rows = sample
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = rows.next().expect("header").split('\t').collect();
    assert_eq!(
        header,
        [
            "list", "line", "title", "aliases", "paper", "code", "section"
        ]
    );
    let corpus = corpus_dir();
    let mut docs: std::collections::HashMap<&str, Document> = std::collections::HashMap::new();
    let mut per_list: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut wrong = Vec::new();
    for row in rows {
        let cells: Vec<&str> = row.split('\t').collect();
        let [list, line, title, aliases, paper, code, section] = cells[..] else {
            panic!("bad sample row {row:?}");
        };
        *per_list.entry(list).or_default() += 1;
        let doc = docs.entry(list).or_insert_with(|| {
            let text = std::fs::read_to_string(corpus.join(list))
                .unwrap_or_else(|e| panic!("{list}: {e}"));
            Document::parse(text)
        });
        let line: usize = line.parse().expect("line number");
        let at = |offset: usize| doc.line_index().position(doc.text(), offset).line;
        let found = doc
            .entries()
            .iter()
            .find(|e| at(e.range.start) <= line && line <= at(e.range.end));
        let got = match found {
            None => [
                "-".to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ],
            Some(e) => {
                let mut got_aliases = e.aliases.clone();
                got_aliases.sort();
                [
                    e.title.clone(),
                    got_aliases.join("|"),
                    url(doc, e.paper).unwrap_or("").to_string(),
                    url(doc, e.code).unwrap_or("").to_string(),
                    doc.entry_path(e),
                ]
            }
        };
        let mut want_aliases: Vec<&str> = aliases.split('|').filter(|a| !a.is_empty()).collect();
        want_aliases.sort();
        let want = [title, &want_aliases.join("|"), paper, code, section];
        if got.iter().map(String::as_str).ne(want) {
            wrong.push(format!("{list}:{line}\n  want {want:?}\n  got  {got:?}"));
        }
    }
    // at least 30 labelled lines per corpus list
    assert!(per_list.len() >= 26, "{per_list:?}");
    assert!(per_list.values().all(|&n| n >= 30), "{per_list:?}");
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_rows_only_link_named_link_is_its_title_link() {
    // the seed's dataset table lists Yelp twice with the same `[Link](…)`
    let text = "## Datasets\n\n| Dataset | Task | Link |\n|---|---|---|\n| Yelp | Sentiment | [Link](https://www.kaggle.com/datasets/yelp-dataset/yelp-dataset) |\n| IMDB | Sentiment | [Link](https://ai.stanford.edu/~amaas/data/sentiment/) |\n| Yelp | Sentiment | [Link](https://www.kaggle.com/datasets/yelp-dataset/yelp-dataset) |\n";
    let doc = Document::parse(text);
    let titles: Vec<_> = doc.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(titles, ["Yelp", "IMDB", "Yelp"]);
    assert!(
        doc.entries()
            .iter()
            .all(|e| doc.entry_links(e, LinkRole::Title).count() == 1)
    );
    let report = crate::support::lint("datasets.md", text);
    let duplicates: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "duplicate-entry")
        .collect();
    assert_eq!(duplicates.len(), 1, "{duplicates:?}");
}

#[test]
fn a_title_never_comes_from_another_cell() {
    // mli's list: a 标题 (title) column, talks without a paper link, videos as badge links
    let text = "| 日期 | 标题 | 视频 |\n| --: | -- | -- |\n| 7/31/24 | Llama 3.1论文精读 · 1. 导言 | [![bilibili](https://img.shields.io/badge/bilibili-1-blue)](https://www.bilibili.com/video/BV1) |\n";
    let doc = Document::parse(text);
    assert_eq!(doc.entries()[0].title, "Llama 3.1论文精读 · 1. 导言");
    // without a title column, a cell holding only a badge link is not the title
    let text = "| Project | Description | Links |\n|:--|:--|:-:|\n| HKUDS/nanobot | Ultra-lightweight alternative | [![Stars](https://img.shields.io/github/stars/HKUDS/nanobot?style=social)](https://github.com/HKUDS/nanobot) |\n";
    let doc = Document::parse(text);
    assert_eq!(doc.entries()[0].title, "HKUDS/nanobot");
    assert_eq!(
        url(&doc, doc.entries()[0].code),
        Some("https://github.com/HKUDS/nanobot")
    );
}

#[test]
fn layout_html_table_with_rowspan_category_names_rows_by_model() {
    // LLMSurvey's table of models: `Category | Model | Release Time | Size(B) | Link`, the
    // category cell spans rows and the link says only "Paper"
    let doc = Document::parse(fixture("layouts/html-table-rowspan.md"));
    let titles: Vec<&str> = doc.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Quill-7",
            "Lark-Base",
            "Lark-Chat",
            "Heron",
            "Heron-Instruct",
            "Quill-7",
            "Wren-3",
            "Wren-3-Chat"
        ]
    );
    assert!(doc.entries().iter().all(|e| e.paper.is_some()));
    assert_eq!(
        url(&doc, doc.entries()[2].paper),
        Some("https://arxiv.org/abs/2306.00022")
    );
}

#[test]
fn a_name_of_several_words_before_a_quoted_title_is_an_alias() {
    // LLMSurvey: `<u>Flan-PaLM && Flan-U-PaLM</u>: **"Scaling …"**`, `<u>ERNIE 3.0 Titan</u>: …`
    let doc = Document::parse(fixture("duplicates/named-resources-one-paper.md"));
    let lark = &doc.entries()[2];
    assert_eq!(lark.title, "Scaling Instruction Tuned Lark Models");
    assert_eq!(lark.aliases, ["Lark-Max", "Lark-Max-Chat"]);
    let text = "# L\n\n## M\n\n1. <u>ERNIE 3.0 Titan</u>: **\"ERNIE 3.0 Titan: Exploring Larger-scale Knowledge Enhanced Pre-training\"**.  *Shuohuan Wang et al. *arXiv 2021. [[Paper](https://arxiv.org/abs/2112.12731)]\n";
    let doc = Document::parse(text.to_string());
    assert_eq!(
        doc.entries()[0].title,
        "ERNIE 3.0 Titan: Exploring Larger-scale Knowledge Enhanced Pre-training"
    );
    assert_eq!(doc.entries()[0].aliases, ["ERNIE 3.0 Titan"]);
}

#[test]
fn layout_numbered_bold_paragraphs_take_the_quoted_title() {
    // floodsung's roadmap: `**[0]** Authors. "**Title**." Venue. [[pdf]](…) **(note)**`
    let doc = Document::parse(fixture("layouts/numbered-bold-paragraphs.md"));
    let titles: Vec<&str> = doc.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Deep models",
            "Deep models",
            "Quick graph sparsifiers for large networks"
        ]
    );
    assert_eq!(
        url(&doc, doc.entries()[2].paper),
        Some("https://arxiv.org/pdf/1511.00001")
    );
}
