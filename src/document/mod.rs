//! A Markdown list parsed once into what rules read: sections, entries, links, badges,
//! tables and HTML fragments, all with exact byte ranges into the original text.

pub mod anchor;
mod badge;
mod fields;
mod hosts;
pub mod html;
mod parse;
pub mod tree;

use std::any::Any;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

pub use anchor::{Anchor, AnchorKind, AnchorSet};
pub use badge::{Badge, parse_badge};
pub(crate) use hosts::{is_paper_url, url_role};
pub use html::{HtmlTag, scan_tags};
pub use parse::split_written_cells;

use crate::identity::{self, ArxivRef, PaperKey};
use crate::source::LineIndex;

pub type SectionId = usize;
pub type EntryId = usize;
pub type LinkId = usize;
pub type TableId = usize;

/// A heading and the part of the document under it.
#[derive(Debug, Clone)]
pub struct Section {
    pub level: u8,
    pub title: String,
    /// The title as a message names it: without images and in-page back-links.
    pub label: String,
    /// GitHub's anchor for the heading (`-serial-adapters` for `## 🚀 Serial Adapters`),
    /// de-duplicated like GitHub does (see [`anchor`]).
    pub anchor: String,
    pub range: Range<usize>,
    pub parent: Option<SectionId>,
    /// A heading written as an HTML block (`<h2 id="x">Title</h2>`): GitHub gives it no
    /// anchor of its own, and the Markdown tree has no heading for it.
    pub html: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](url)`
    Inline,
    /// `[text][label]`, `[label][]` or `[label]`, resolved through `[label]: url`.
    Reference,
    /// `<https://…>`
    Autolink,
    /// A URL written as plain text.
    Bare,
    /// `<a href>` or `<img src>` in inline or block HTML.
    Html,
}

/// What a link does for the entry it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkRole {
    /// The link whose text is the entry's title (`- [Title](url) - description`).
    Title,
    /// The paper itself (`[Paper](…)`, `[arXiv](…)`, or a title link to a paper).
    Paper,
    /// The code (`[Code](…)`, `[GitHub](…)`, a code badge).
    Code,
    /// A badge image.
    Badge,
    /// A link inside the entry's description that names another resource.
    Mention,
    /// A dataset (`[Dataset]`, `[Data]`, a `huggingface.co/datasets/…` link).
    Dataset,
    /// Trained weights: `[Model]`, `[Checkpoint]`, `[Weights]`, a Hugging Face model page.
    Model,
    /// A project or home page (`[Project]`, `[Website]`, `[Homepage]`, `[Page]`).
    Project,
    /// A live demo (`[Demo]`, `[Colab]`, `[Playground]`).
    Demo,
    /// A blog post or news article about the work (`[Blog]`, `[Post]`, `[Zhihu]`).
    Blog,
    /// A post on a social network (`[Tweet]`, `[X]`, `[Thread]`).
    Tweet,
    /// A talk or video (`[Video]`, `[Talk]`, `[YouTube]`, `[Bilibili]`).
    Video,
    /// Slides or a poster (`[Slides]`, `[Poster]`).
    Slides,
    /// Any other link of the entry.
    Other,
}

impl LinkRole {
    /// The role's name in `entries --json` and the docs.
    pub fn name(self) -> &'static str {
        match self {
            LinkRole::Title => "title",
            LinkRole::Paper => "paper",
            LinkRole::Code => "code",
            LinkRole::Badge => "badge",
            LinkRole::Mention => "mention",
            LinkRole::Dataset => "dataset",
            LinkRole::Model => "model",
            LinkRole::Project => "project",
            LinkRole::Demo => "demo",
            LinkRole::Blog => "blog",
            LinkRole::Tweet => "tweet",
            LinkRole::Video => "video",
            LinkRole::Slides => "slides",
            LinkRole::Other => "other",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Link {
    /// The destination as parsed (escapes and entities resolved).
    pub url: String,
    /// Where the destination is written: inside the link, or in the `[label]: url`
    /// definition for a reference link. A fix edits this range.
    pub url_range: Range<usize>,
    /// The whole link or image as written (`[text](url)`, `![alt](src)`, `<a href=…>`).
    pub range: Range<usize>,
    /// The link text, or an image's alt text.
    pub text: String,
    pub kind: LinkKind,
    pub image: bool,
    /// For a reference link, the label and the range of its definition.
    pub reference: Option<(String, Range<usize>)>,
    /// The link wrapping this image (`[![Code](badge)](repo)`).
    pub parent: Option<LinkId>,
    /// Boxed: most links are no badge, and a 10 MB list holds 150 000 links (issue 11).
    pub badge: Option<Box<Badge>>,
    pub entry: Option<EntryId>,
    pub role: Option<LinkRole>,
    pub section: Option<SectionId>,
    /// The destination as an arXiv link and as a paper, each worked out on first use and
    /// kept: the parser, the grouping and several rules ask about every link, and splitting
    /// URLs again was a tenth of `check` on a 10 MB list (issue 11). Boxed: a link that is
    /// no paper pays 16 bytes for both, not 100 (a 10 MB list holds 150 000 links).
    arxiv: OnceLock<Option<Box<ArxivRef>>>,
    paper_key: OnceLock<Option<Box<PaperKey>>>,
}

impl Link {
    /// A link as found, before the parser knows its entry, role, parent or badge.
    pub(crate) fn new(
        url: String,
        url_range: Range<usize>,
        range: Range<usize>,
        kind: LinkKind,
        image: bool,
    ) -> Self {
        Self {
            url,
            url_range,
            range,
            text: String::new(),
            kind,
            image,
            reference: None,
            parent: None,
            badge: None,
            entry: None,
            role: None,
            section: None,
            arxiv: OnceLock::new(),
            paper_key: OnceLock::new(),
        }
    }

    /// [`identity::arxiv_ref`] of the destination, worked out once.
    pub fn arxiv_ref(&self) -> Option<&ArxivRef> {
        self.arxiv
            .get_or_init(|| identity::arxiv_ref(&self.url).map(Box::new))
            .as_deref()
    }

    /// [`identity::paper_key`] of the destination, worked out once.
    pub fn paper_key(&self) -> Option<&PaperKey> {
        self.paper_key
            .get_or_init(|| {
                let key = match self.arxiv_ref() {
                    Some(arxiv) => Some(PaperKey::Arxiv(arxiv.id.clone())),
                    None => identity::paper_key_beside_arxiv(&self.url),
                };
                key.map(Box::new)
            })
            .as_deref()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    ListItem,
    /// A paragraph that opens with a bold title and has a link (`**Title** \ … [[Paper](…)]`).
    Paragraph,
    TableRow {
        table: TableId,
        row: usize,
    },
    /// A `<tr>` of an HTML `<table>` with `<td>` cells (not in `Document::tables`).
    HtmlRow,
}

/// One listed thing: a list item, a table row, or a paragraph written as an entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub kind: EntryKind,
    /// The entry's own text: a list item up to its nested list, a table row.
    pub range: Range<usize>,
    pub section: Option<SectionId>,
    /// Labels of the bullets the entry is listed under inside its section
    /// (`- Latent Representation-based RAG` above indented paper lines), outermost first.
    pub groups: Vec<String>,
    pub title: String,
    pub title_range: Option<Range<usize>>,
    /// Short names the list gives the paper besides its title (`***FooGen:*** Title`,
    /// `<u>Foo-2</u>: …`, `(**Foo**)` after the links).
    pub aliases: Vec<String>,
    /// The author line as written (`A. Author, B. Author`), when the entry has one.
    pub authors: Option<String>,
    /// The venue as written (`NeurIPS`, `arXiv`, `ICLR Oral`), without the year.
    pub venue: Option<String>,
    pub year: Option<u16>,
    pub paper: Option<LinkId>,
    pub code: Option<LinkId>,
    /// Every link and image of the entry, in source order.
    pub links: Vec<LinkId>,
    /// The text after the title, links removed.
    pub description: String,
    /// Nesting depth of a list item (0 at top level); 0 for table rows.
    pub depth: usize,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub range: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub range: Range<usize>,
    pub cells: Vec<Cell>,
    /// Cells as written in the source; the parser pads or cuts rows to the header width.
    pub written_cells: usize,
    pub entry: Option<EntryId>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub range: Range<usize>,
    pub header: Row,
    pub rows: Vec<Row>,
    pub section: Option<SectionId>,
}

/// Raw HTML as it appears in the document, inline or as a block.
#[derive(Debug, Clone)]
pub struct HtmlFragment {
    pub range: Range<usize>,
    pub inline: bool,
}

/// Results several rules derive from one document (duplicate-entry and shared-paper-link
/// both group the copies of each paper), computed once and shared: rumdl's `LintContext`
/// caches in the same spirit. One lock per key, held while the value is made: a rule on the
/// other lint thread that asks meanwhile waits for it instead of making it a second time.
#[derive(Default)]
pub(crate) struct Memo(Mutex<HashMap<String, MemoCell>>);

type MemoCell = Arc<Mutex<Option<Arc<dyn Any + Send + Sync>>>>;

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

#[derive(Debug)]
pub struct Document {
    /// Derived results shared between rules; see [`Document::memo`].
    memo: Memo,
    text: String,
    line_index: LineIndex,
    sections: Vec<Section>,
    entries: Vec<Entry>,
    links: Vec<Link>,
    tables: Vec<Table>,
    html: Vec<HtmlFragment>,
    tree: tree::Tree,
    anchors: AnchorSet,
}

impl Document {
    /// Parse a Markdown text. Never fails: any text is some Markdown.
    pub fn parse(text: impl Into<String>) -> Self {
        parse::parse(text.into())
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The value `make` derives from this document, made once per `key` and shared by every
    /// rule that asks with the same key. A poisoned lock (a rule panicked) only costs the
    /// sharing: the value is then made again.
    pub(crate) fn memo<T: Any + Send + Sync>(&self, key: &str, make: impl FnOnce() -> T) -> Arc<T> {
        let slot = self
            .memo
            .0
            .lock()
            .ok()
            .map(|mut memo| memo.entry(key.to_string()).or_default().clone());
        let Some(slot) = slot else {
            return Arc::new(make());
        };
        let Ok(mut slot) = slot.lock() else {
            return Arc::new(make());
        };
        if let Some(value) = slot.as_ref().and_then(|v| v.clone().downcast::<T>().ok()) {
            return value;
        }
        let value = Arc::new(make());
        *slot = Some(value.clone());
        value
    }

    /// The text, without the rest of the model.
    pub fn into_text(self) -> String {
        self.text
    }

    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn links(&self) -> &[Link] {
        &self.links
    }

    pub fn link(&self, id: LinkId) -> &Link {
        &self.links[id]
    }

    pub fn tables(&self) -> &[Table] {
        &self.tables
    }

    pub fn html(&self) -> &[HtmlFragment] {
        &self.html
    }

    /// The node-level view (list items' inline nodes, headings, blocks, definitions) that
    /// the guideline rules judge.
    pub fn tree(&self) -> &tree::Tree {
        &self.tree
    }

    /// Every place a `#fragment` can reach: heading anchors and HTML ids, in source order.
    pub fn anchors(&self) -> &[Anchor] {
        self.anchors.as_slice()
    }

    /// The anchors indexed, to find a fragment's target or suggest one.
    pub fn anchor_set(&self) -> &AnchorSet {
        &self.anchors
    }

    /// Whether a link's fragment (without `#`) lands somewhere in this document.
    pub fn has_anchor(&self, fragment: &str) -> bool {
        self.anchors.reaches(fragment)
    }

    /// The links that `keep` accepts, each written URL once: the uses of one reference
    /// definition (`[Paper][lora]` twice, `[lora]: url` once) share a `url_range`, and a rule
    /// reports and fixes the URL where it is written, not at every use.
    pub fn links_once(&self, keep: impl Fn(&Link) -> bool) -> impl Iterator<Item = &Link> {
        let mut seen = std::collections::HashSet::new();
        self.links
            .iter()
            .filter(move |link| keep(link) && seen.insert(link.url_range.clone()))
    }

    /// The source text of a range (empty when the range is not valid in this text).
    pub fn slice(&self, range: Range<usize>) -> &str {
        self.text.get(range).unwrap_or("")
    }

    /// Where an entry is listed: its section path, then the bullets it is grouped under.
    pub fn entry_path(&self, entry: &Entry) -> String {
        let mut path = self.section_path(entry.section);
        for group in &entry.groups {
            if !path.is_empty() {
                path.push_str(" > ");
            }
            path.push_str(group);
        }
        path
    }

    /// The headings from the top down to `section`, joined with ` > `, each as a message
    /// names it: without badges' alt text (`Awesome Foo Awesome lint` was the name of
    /// `# Awesome Foo [![Awesome](…)](…) [![lint](…)](…)`) and in-page back-links.
    pub fn section_path(&self, section: Option<SectionId>) -> String {
        let mut titles = Vec::new();
        let mut current = section;
        while let Some(id) = current {
            let heading = &self.sections[id];
            let name = if heading.label.is_empty() {
                &heading.title
            } else {
                &heading.label
            };
            titles.push(name.as_str());
            current = self.sections[id].parent;
        }
        titles.reverse();
        titles.join(" > ")
    }

    /// Where a section is, as a message says it: its last two headings, without the list's
    /// H1 title (every entry is under it) and without icons and back-links.
    pub fn section_label(&self, section: Option<SectionId>) -> String {
        let mut labels = Vec::new();
        let mut current = section;
        while let Some(id) = current {
            let heading = &self.sections[id];
            let is_own = Some(id) == section;
            if (is_own || heading.level > 1) && !heading.label.is_empty() {
                labels.push(heading.label.as_str());
            }
            if labels.len() == 2 {
                break;
            }
            current = heading.parent;
        }
        labels.reverse();
        labels.join(" > ")
    }

    /// The links of an entry with a given role.
    pub fn entry_links(&self, entry: &Entry, role: LinkRole) -> impl Iterator<Item = &Link> {
        entry
            .links
            .iter()
            .map(|&id| &self.links[id])
            .filter(move |link| link.role == Some(role))
    }
}
