//! Layouts of paper lists outside the corpus, found by reading the tool's output on lists it
//! had never seen (issue 7): each was misread before, and each misreading made a rule wrong.

use awesome_lint::diagnostic::Severity;
use awesome_lint::document::{Document, LinkRole};

use crate::support::{fixture, lint};

fn url(doc: &Document, id: Option<usize>) -> Option<&str> {
    id.map(|id| doc.link(id).url.as_str())
}

/// `1. **Title.** Venue.`, a blank line, then `*Authors*. [[pdf](…)], [[project](repo)]`.
/// The title was the author list, and the bold title became a group label.
#[test]
fn title_paragraph_then_byline_paragraph_is_one_paper() {
    let doc = Document::parse(fixture("layouts/title-then-byline.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.authors.as_deref(),
                url(&doc, e.paper),
                url(&doc, e.code),
                e.groups.len(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Sparse Prompt Routing for Frozen Encoders",
                Some("Ana Ruiz, Bo Chen, Carla Diaz"),
                Some("https://arxiv.org/abs/2301.00011"),
                // a repository labelled "project" is the code
                Some("https://github.com/example/sparse-routing"),
                0
            ),
            (
                "Prompts All the Way Down",
                Some("Bo Chen, Ana Ruiz"),
                Some("https://aclanthology.org/2022.acl-long.901/"),
                None,
                0
            ),
            (
                "Prompts All the Way Down, Again",
                Some("Bo Chen, Ana Ruiz, Dev Patel"),
                Some("https://arxiv.org/abs/2301.00011"),
                None,
                0
            ),
        ]
    );
    let second = &doc.entries()[1];
    assert_eq!(second.venue.as_deref(), Some("ACL"));
    assert_eq!(second.year, Some(2022));
}

/// Two different papers on one arXiv link are a wrong link, never "remove this copy" (the
/// old reading compared author lists and called them one paper).
#[test]
fn byline_layout_two_papers_on_one_link_are_a_shared_link_not_a_duplicate() {
    let report = lint(
        "layouts/title-then-byline.md",
        &fixture("layouts/title-then-byline.md"),
    );
    let rules: Vec<(&str, Severity)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.severity))
        .collect();
    assert_eq!(rules, [("shared-paper-link", Severity::Warning)]);
    assert!(
        report.diagnostics[0].message.starts_with(
            "`Sparse Prompt Routing for Frozen Encoders` and `Prompts All the Way Down, Again`"
        ),
        "{}",
        report.diagnostics[0].message
    );
}

/// `- (*NeurIPS'23*) Title [[paper](…)]`: the venue tag opens the entry. The title was
/// "NeurIPS'23) Title".
#[test]
fn venue_tag_before_the_title_is_the_venue() {
    let doc = Document::parse(fixture("layouts/venue-first.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.venue.as_deref(),
                e.year,
                e.aliases.len(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Graph Prompts for Frozen Encoders",
                Some("NeurIPS"),
                Some(2023),
                0
            ),
            (
                "Label Propagation with Language Priors",
                Some("ICLR"),
                Some(2024),
                0
            ),
            (
                "Joining Graphs and Language Models: A Survey",
                Some("IEEE Intelligent Systems"),
                Some(2023),
                0
            ),
            (
                "Retrieval over Knowledge Graphs",
                Some("ACL"),
                Some(2022),
                0
            ),
            (
                "Graph Tokens for Long Contexts",
                Some("arXiv"),
                Some(2024),
                0
            ),
        ]
    );
    assert_eq!(
        url(&doc, doc.entries()[0].code),
        Some("https://github.com/example/graph-prompts")
    );
}

/// `<h2 id="…">Methods</h2>` blocks are sections: the entries under them were filed under the
/// Markdown heading before, so one paper under two HTML headings was "listed 2 times in this
/// section" (an error) instead of a cross-section copy.
#[test]
fn html_block_headings_are_sections() {
    let doc = Document::parse(fixture("layouts/html-headings.md"));
    let paths: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), doc.entry_path(e)))
        .collect();
    assert_eq!(
        paths,
        [
            (
                "Chain Sketches: Prompting for Drafts",
                "Methods".to_string()
            ),
            ("Tree Sketches for Planning", "Methods".to_string()),
            (
                "Chain Sketches: Prompting for Drafts",
                "Benchmarks > Math & Logic".to_string()
            ),
        ]
    );
    // GitHub makes no anchor for an HTML heading; its id is the anchor
    assert!(doc.sections().iter().all(|s| s.html));
    assert_eq!(doc.sections()[0].anchor, "methods");

    let report = lint(
        "layouts/html-headings.md",
        &fixture("layouts/html-headings.md"),
    );
    let found: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, d.severity, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [(
            "duplicate-entry",
            Severity::Warning,
            "paper listed 2 times in 2 sections (same arXiv id 2301.00031)"
        )]
    );
}

/// `**Note:** … **[here](repo)**!` and `**Missing a paper?**` paragraphs are remarks, not
/// papers: the note's repository link was a code link of an entry titled "Although …".
#[test]
fn remarks_in_bold_are_not_entries() {
    let doc = Document::parse(fixture("layouts/html-headings.md"));
    assert_eq!(doc.entries().len(), 3);
    assert!(
        doc.entries()
            .iter()
            .all(|e| doc.entry_links(e, LinkRole::Code).next().is_none())
    );
}

/// Titles misread on lists outside the corpus: `<[Title](…)> by …` (the title was `<` or
/// empty), `(Preprint 23')` (kept in the title), `. In *ICML 2021*` after a question mark
/// (kept in the title), a question mark inside a title (cut there), and a year with no known
/// venue (`, 2002.`, `(2024.01.08)`).
#[test]
fn title_forms_of_unseen_lists() {
    let doc = Document::parse(fixture("layouts/title-forms.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.aliases.join("|"),
                e.authors.as_deref(),
                e.venue.as_deref(),
                e.year,
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Near-optimal Sweeps for Sparse Rewards",
                "SWEEP".to_string(),
                Some("Ana Ruiz and Bo Chen"),
                None,
                Some(2002)
            ),
            (
                "Count-based Curiosity Revisited",
                String::new(),
                Some("Carla Diaz"),
                None,
                Some(2017)
            ),
            (
                "Sketchy: Fast Sketch-Guided Video Editing",
                String::new(),
                Some("Ruiz et al"),
                Some("Preprint"),
                Some(2023)
            ),
            (
                "FlowEdit: Optical Flow Guided Video Editing",
                String::new(),
                Some("Chen et al"),
                Some("CVPR"),
                Some(2024)
            ),
            (
                "Heavy Tails in Stochastic Descent",
                String::new(),
                None,
                Some("ICML"),
                Some(2021)
            ),
            (
                "Does Width Help Generalisation?",
                String::new(),
                None,
                Some("NeurIPS"),
                Some(2023)
            ),
            (
                "Can Small Models Plan? A Study on Toy Worlds",
                String::new(),
                None,
                None,
                Some(2024)
            ),
            (
                "Session Clocks for Recommendation",
                String::new(),
                None,
                None,
                Some(2019)
            ),
            (
                "Session Clocks for Recommendation",
                String::new(),
                None,
                None,
                Some(2019)
            ),
        ]
    );
}

/// `### [Basic Models](#basic-models)`: a heading that is its own link still names its
/// section in messages (it was "also under ``").
#[test]
fn a_heading_that_is_a_link_names_its_section() {
    let report = lint("layouts/title-forms.md", &fixture("layouts/title-forms.md"));
    let duplicate = report
        .diagnostics
        .iter()
        .find(|d| d.rule == "duplicate-entry")
        .expect("the copy under two link headings is found");
    assert_eq!(
        duplicate.related[0].message,
        "also under `Headings that are links > Basic Models`, identical"
    );
}

/// `| Method | Year | … | Venue / Source | Code |`: the year and venue are columns
/// (tamlhp/awesome-mamba-ts: all 86 rows had neither).
#[test]
fn table_year_and_venue_columns_are_fields() {
    let doc = Document::parse(fixture("layouts/table-year-venue.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), e.venue.as_deref(), e.year))
        .collect();
    assert_eq!(
        fields,
        [
            ("GridWalk", Some("NeurIPS"), Some(2024)),
            ("HoloState", None, Some(2020)),
            (
                "ResStack",
                Some("Expert Systems with Applications"),
                Some(2025)
            ),
        ]
    );
}

/// Contents lines are navigation: an item or row whose only links go into the document
/// (`#x`, `./#x`, `README.md#x`) is no entry. On ChanganVR/awesome-embodied-vision the line
/// `* [Embodied Question Answering](#eqa)` was a duplicate-entry "copy" of that paper, and 118
/// of the 129 entries of ML-Papers-of-the-Week's start were its contents.
#[test]
fn contents_lines_are_not_entries() {
    let name = "layouts/contents-lines.md";
    let doc = Document::parse(fixture(name));
    let titles: Vec<&str> = doc.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Visual Question Answering",
            // a paper that also points into the document is still a paper
            "Asking Better Questions",
            "A Survey of Robot Perception",
        ]
    );
    let report = lint(name, &fixture(name));
    let rules: Vec<&str> = report.diagnostics.iter().map(|d| d.rule).collect();
    assert_eq!(rules, Vec::<&str>::new());

    let readme_forms = Document::parse(
        "- [Benchmarks](README.md#benchmarks)\n- [Simulators](./README.md#simulators)\n\
         - [Other list](other.md#top)\n- **A Paper With Notes** [notes](#notes)\n",
    );
    let titles: Vec<&str> = readme_forms
        .entries()
        .iter()
        .map(|e| e.title.as_str())
        .collect();
    assert_eq!(titles, ["Other list", "A Paper With Notes"]);
}

/// A cell that lists several named resources names none of them the row's paper: zjunlp's
/// `| **Fact** | [ZSRE](github), [ZSRE plus](arXiv survey), [CounterFact+](arXiv) |` row was
/// "ZSRE" with the survey's arXiv id, which shared-paper-link and duplicate-entry then
/// attributed to ZSRE.
#[test]
fn a_cell_of_several_named_links_gives_the_row_no_paper() {
    let doc = Document::parse(fixture("layouts/benchmark-cells.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), url(&doc, e.paper), url(&doc, e.code)))
        .collect();
    assert_eq!(
        fields,
        [
            ("Facts", None, None),
            ("ToneShift", Some("https://arxiv.org/abs/2206.10003"), None),
            (
                "PatchBench",
                Some("https://arxiv.org/abs/2310.10004"),
                Some("https://github.com/example/patchbench")
            ),
        ]
    );
    let listed: Vec<Option<LinkRole>> = doc
        .entry_links(&doc.entries()[0], LinkRole::Mention)
        .map(|l| l.role)
        .collect();
    assert_eq!(listed.len(), 3);
}

/// `* **Title** <br>` then `* Authors* <br>` (a space after the `*` that opens the italic
/// author line) then the venue and links: the author line is the title's byline, not an
/// entry that takes the paper (ChanganVR/awesome-embodied-vision line 129).
#[test]
fn an_author_line_split_off_as_a_bullet_belongs_to_the_title_above() {
    let doc = Document::parse(fixture("layouts/split-author-bullet.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.authors.as_deref(),
                url(&doc, e.paper),
                e.year,
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Listening While Walking: Sound-Guided Navigation in New Homes",
                Some("Lea Moreau*, Tomas Berg*, Ines Kahn"),
                Some("https://arxiv.org/abs/2304.20001"),
                Some(2023)
            ),
            (
                "Echo Maps for Agents",
                Some("Tomas Berg, Lea Moreau"),
                Some("https://arxiv.org/abs/2203.20002"),
                Some(2022)
            ),
            // a title with commas is no author list: the bullet above keeps no links
            ("Open problems in embodied agents", None, None, None),
            (
                "Vision, Language, and Action",
                None,
                Some("https://arxiv.org/abs/2401.20003"),
                None
            ),
        ]
    );
    let first = &doc.entries()[0];
    assert_eq!(doc.slice(first.range.clone()).lines().count(), 3);
}

/// hoya012's `- **[R-CNN]** Title | Authors | **[CVPR' 14]** |[pdf] [code]`: the title was
/// empty (the bracketed bold name read as a marker), or the whole piped line without a name.
#[test]
fn piped_items_name_title_authors_and_venue() {
    let doc = Document::parse(fixture("layouts/piped-items.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.aliases.join("|"),
                e.authors.as_deref(),
                e.venue.as_deref(),
                e.year,
                url(&doc, e.code),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Quick Region Detectors for Everyday Scenes",
                "Quick-Det".to_string(),
                Some("Ana Ruiz, et al."),
                Some("CVPR"),
                Some(2015),
                Some("https://github.com/example/quick-det")
            ),
            (
                "Box Proposal Networks for Fast Detection",
                "Box Net|BPN".to_string(),
                Some("Bo Chen, et al."),
                Some("NIPS"),
                Some(2015),
                None
            ),
            (
                "Spotting Small Objects with Adversarial Upsampling",
                String::new(),
                Some("Carla Diaz, et al."),
                Some("CVPR"),
                Some(2018),
                None
            ),
        ]
    );
}

/// subeeshvasu's label-noise list: `[-] 2015-CVPR - Title. [[Paper]](…)` paragraphs, the
/// title sometimes wrapped onto a second line. None of its 32 papers was an entry, so the
/// empty `[[Paper]]()` was never reported either. A sentence that links "our paper" stays
/// prose.
#[test]
fn tagged_paper_paragraphs_are_entries() {
    let name = "layouts/tagged-paper-paragraphs.md";
    let doc = Document::parse(fixture(name));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.venue.as_deref(),
                e.year,
                url(&doc, e.code),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("A Short Tour of Annotation Noise", None, Some(2014), None),
            (
                "Regularising Deep Networks with Unreliable Annotations",
                Some("ICLR"),
                Some(2016),
                None
            ),
            (
                "Correcting the Loss for Noisy Targets",
                Some("CVPR"),
                Some(2017),
                Some("https://github.com/example/loss-fix")
            ),
            ("201", None, None, None),
        ]
    );
    let report = lint(name, &fixture(name));
    let found: Vec<(&str, usize)> = report
        .diagnostics
        .iter()
        .map(|d| (d.rule, doc.line_index().line_of(d.range.start) + 1))
        .collect();
    assert_eq!(found, [("malformed-link", 12)]);
}

/// LutingWang's list: `Nick. *CVPR 2017*. [[CVF](…)] <[GitHub](…)> \- …`, then `- Title` and
/// `- Authors` bullets. The author bullet was an entry titled with names, and none of the 24
/// papers had its paper or code link.
#[test]
fn a_link_paragraph_above_title_and_author_bullets_is_one_paper() {
    let doc = Document::parse(fixture("layouts/link-paragraph-then-bullets.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.aliases.join("|"),
                e.authors.as_deref(),
                e.venue.as_deref(),
                e.year,
                url(&doc, e.paper),
                url(&doc, e.code),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Copying Features Near Objects for Small Detectors",
                "Copycat".to_string(),
                Some("Ana Ruiz and Bo Chen and Carla Diaz"),
                Some("CVPR"),
                Some(2019),
                Some(
                    "https://openaccess.thecvf.com/content_CVPR_2019/html/Copycat_CVPR_2019_paper.html"
                ),
                Some("https://github.com/example/copycat")
            ),
            (
                "Rank Distillation for Dense Detectors",
                String::new(),
                Some("Dev Patel and Eli Stone"),
                Some("NeurIPS"),
                Some(2021),
                Some("https://arxiv.org/abs/2110.50001"),
                None
            ),
            // a list of three, whose second bullet is no author list, is left alone
            (
                "Getting started with detection",
                String::new(),
                None,
                None,
                None,
                None,
                None
            ),
            (
                "Datasets, metrics, and baselines",
                String::new(),
                None,
                None,
                None,
                None,
                None
            ),
            (
                "Object Detection in Twenty Years",
                String::new(),
                None,
                None,
                None,
                Some("https://arxiv.org/abs/1905.05055"),
                None
            ),
        ]
    );
}

/// dair-ai/ML-Papers-of-the-Week: `1. Prose about a paper.` then `  - https://arxiv.org/…`,
/// indented less than the number's text, so a list of its own: each paper was two entries,
/// one without a link and one without a title. And GT-RIPL/Awesome-LLM-Robotics' quoted
/// titles: wrapped onto the next line, after a name with no colon, after a bracketed name,
/// and after a name of several words (beside a link with no URL).
#[test]
fn prose_items_with_url_bullets_and_quoted_titles() {
    let doc = Document::parse(fixture("layouts/prose-items-and-quoted-titles.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), e.aliases.join("|"), url(&doc, e.paper)))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Shows how to shrink large language models without any retraining",
                String::new(),
                Some("https://arxiv.org/abs/2301.60001")
            ),
            (
                "Introduces a speech model that clones a voice from three seconds of audio",
                String::new(),
                None
            ),
            (
                "A new benchmark for household robots",
                String::new(),
                Some("https://arxiv.org/abs/2301.60002")
            ),
            (
                "Talking to the Kitchen: Interactive Multimodal Perception with Large Language Models",
                "Sprout".to_string(),
                Some("https://arxiv.org/abs/2303.60003")
            ),
            (
                "Where do we stand in the search for an Artificial Visual Cortex?",
                "VisionBench".to_string(),
                Some("https://arxiv.org/abs/2303.60004")
            ),
            (
                "Language Models as General Policies for Embodied Tasks",
                "PolicyLM".to_string(),
                Some("https://arxiv.org/abs/2310.60005")
            ),
            (
                "Mind the Student: Data and Model Pitfalls in Embodied Dialogue",
                "Mind the Student".to_string(),
                None
            ),
        ]
    );
    // the demo page is the project link, not a title
    let demo = &doc.entries()[1];
    let roles: Vec<Option<LinkRole>> = demo.links.iter().map(|&l| doc.link(l).role).collect();
    assert_eq!(roles, [Some(LinkRole::Project)]);
}

/// Announcements and introductions are no entries: dated bullets under a News heading
/// (zjunlp's `**2023-10-08 Our paper "[Title](…)" has been accepted …**` was an entry titled
/// `2023-10-08 Our paper "`), and link-less items before the first section in a list whose
/// entries have links (yzhao062's `In this repository, you will find many: 1. Books …`).
/// Section paths leave out badge alt text: every entry was under `Awesome Model Repair
/// Awesome lint`.
#[test]
fn news_and_introduction_items_are_not_entries() {
    let doc = Document::parse(fixture("layouts/news-and-intro.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), doc.entry_path(e)))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Repairing Facts in Language Models",
                "Awesome Model Repair > Papers".to_string()
            ),
            (
                "Patching Models without Retraining",
                "Awesome Model Repair > Papers".to_string()
            ),
            // a link-less paper under a section heading is still an entry
            (
                "A repair method we have not read yet",
                "Awesome Model Repair > Papers".to_string()
            ),
        ]
    );
}

/// `*Ana Ruiz\*, Bo Chen\*, …*`: escaped asterisks (co-first authors) inside an italic author
/// line cut the authors to `Ana Ruiz` (ChanganVR's VirtualHome, PyRobot). An italic
/// affiliation in parentheses is no author list.
#[test]
fn escaped_asterisks_stay_in_the_author_list() {
    let doc = Document::parse(fixture("layouts/escaped-author-marks.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), e.authors.as_deref()))
        .collect();
    assert_eq!(
        fields,
        [
            (
                "HomeSim: Simulating Chores as Programs",
                Some("Ana Ruiz*, Bo Chen*, Carla Diaz*, Dev Patel")
            ),
            ("FlowNet-X: Attention for Robust Optical Flow", None),
        ]
    );
    let first = &doc.entries()[0];
    assert_eq!(
        (first.venue.as_deref(), first.year),
        (Some("CVPR"), Some(2018))
    );
}

/// `[[Github](github.com/…/blob/main/Tutorial.pdf)]` is a document kept on GitHub, not the
/// entry's code (zjunlp's AACL tutorial slides); and zjunlp's `**Title, EMNLP 2023 Main
/// Conference Paper**` kept its venue in the title.
#[test]
fn a_pdf_kept_on_github_is_no_code_link() {
    let doc = Document::parse(fixture("layouts/document-links.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| (e.title.as_str(), url(&doc, e.code)))
        .collect();
    assert_eq!(
        fields,
        [
            ("Repairing Language Models", None),
            (
                "Repair Toolkit: Fixing Facts at Scale",
                Some("https://github.com/example/repair-toolkit")
            ),
            (
                "Repairing Facts in Language Models: Problems and Methods",
                None
            ),
        ]
    );
    // `…, EMNLP 2023 Main Conference Paper` inside the bold title is its venue and track
    let overview = &doc.entries()[2];
    assert_eq!(
        (overview.venue.as_deref(), overview.year),
        (Some("EMNLP"), Some(2023))
    );
}

/// yzhao062's references in the Harvard style, `Angiulli, F. and Pizzuti, C., 2002, August.
/// Title. In *Venue* pp. 15-27. [[HTML]](…)`: the title was `Angiulli, F. and Pizzuti, C.,
/// 2002, August`, and the same reference as a paragraph with `[[Download PDF]]` was no entry.
#[test]
fn harvard_style_references_name_title_authors_and_year() {
    let doc = Document::parse(fixture("layouts/citation-references.md"));
    let fields: Vec<_> = doc
        .entries()
        .iter()
        .map(|e| {
            (
                e.title.as_str(),
                e.authors.as_deref(),
                e.year,
                url(&doc, e.paper),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (
                "Fast outlier scores in high dimensional spaces",
                Some("Ruiz, A. and Chen, B."),
                Some(2002),
                Some("https://link.springer.com/chapter/10.1007/3-540-90001-3_2")
            ),
            (
                "Graph based outlier detection and description: a survey",
                Some("Diaz, C., Patel, D. and Stone, E."),
                Some(2015),
                Some("https://arxiv.org/pdf/1404.9002.pdf")
            ),
        ]
    );
}

/// `- Paper: [Title](arxiv)` (yunlong10's and tensorchord's weekly lists, a sixth-round
/// reader): the label names the link's role and the link text is the title; every such
/// entry had an empty title, so messages could not name the repeated paper. A link whose
/// text is itself a role (`[[pdf](…)]`) leaves the label as the only words, as before.
#[test]
fn a_role_label_before_a_titled_link() {
    let doc = Document::parse(fixture("layouts/labelled-links.md"));
    let titles: Vec<&str> = doc.entries().iter().map(|e| e.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Kite Act: A Benchmark for In-Context Kite Flying",
            "Dynamic Spool: Efficient Winding Models",
            "spool-lab/dynamic-spool",
            "Kite Act: A Benchmark for In-Context Kite Flying",
            "Paper",
        ]
    );
    let report = lint(
        "layouts/labelled-links.md",
        &fixture("layouts/labelled-links.md"),
    );
    let duplicates: Vec<&str> = report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "duplicate-entry")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        duplicates,
        ["paper listed 2 times in this section (same arXiv id 2412.01001)"]
    );
}
