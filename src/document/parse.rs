//! One pass of pulldown-cmark's offset iterator builds the whole `Document`.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::anchor::{Anchor, AnchorKind, AnchorSet, Slugger};
use super::fields::{
    Fields, Style, Token, bare_venue, clean_title, dedupe_aliases, extract, is_image_only,
};
use super::hosts::{
    exact_label_role, is_code_url, is_contribution_url, is_paper_link, label_role, url_role,
};
use super::html::{TagKind, scan_tags};
use super::{
    Cell, Document, Entry, EntryId, EntryKind, HtmlFragment, Link, LinkId, LinkKind, LinkRole, Row,
    Section, SectionId, Table, parse_badge,
};
use crate::source::LineIndex;

pub(super) fn parse(text: String) -> Document {
    let tree_thread = text.len() >= TREE_THREAD_FROM_BYTES;
    parse_with(text, tree_thread)
}

/// [`parse`], building the tree on a thread of its own or not.
fn parse_with(text: String, tree_thread: bool) -> Document {
    // A BOM is not Markdown: parse after it and shift every range by its length.
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[base..];
    let mut broken = Vec::new();
    let parser = super::tree::parser(body, base, &mut broken);
    let definitions: HashMap<String, (String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            let span = def.span.start + base..def.span.end + base;
            (normalize_label(label), (def.dest.to_string(), span))
        })
        .collect();
    let mut tree = super::tree::TreeParse::new(&parser, base);
    let mut builder = Builder {
        text: &text,
        definitions,
        sections: Vec::new(),
        section_stack: Vec::new(),
        heading: None,
        slugger: Slugger::default(),
        anchors: Vec::new(),
        entries: Vec::new(),
        items: Vec::new(),
        paragraph: None,
        links: Vec::new(),
        open_links: Vec::new(),
        html_anchor: None,
        tables: Vec::new(),
        table: None,
        html: Vec::new(),
        html_table: None,
        dropped: Vec::new(),
        link_paragraphs: Vec::new(),
        strong: 0,
        emphasis: 0,
        html_style: Style::default(),
        code_block: 0,
    };
    let events = parser
        .into_offset_iter()
        .map(|(event, range)| (event, range.start + base..range.end + base));
    if !tree_thread {
        for (event, range) in events {
            tree.event(event.clone(), range.clone());
            builder.event(event, range);
        }
        return builder.finish(tree.finish(broken));
    }
    // The tree's half of the pass runs beside the entries' half, on the events of the one
    // parse handed over in batches: a tenth of the parse moves off the main thread, and
    // no second copy of pulldown-cmark's own tree is made (issue 11).
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<_>>(TREE_BATCHES_AHEAD);
    let tree = std::thread::scope(|scope| {
        let helper = scope.spawn(move || {
            for batch in receiver {
                for (event, range) in batch {
                    tree.event(event, range);
                }
            }
            tree
        });
        let mut batch = Vec::with_capacity(TREE_BATCH);
        for (event, range) in events {
            batch.push((event.clone(), range.clone()));
            if batch.len() == TREE_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(TREE_BATCH));
                // a closed channel means the helper panicked: its join says so below
                let _ = sender.send(full);
            }
            builder.event(event, range);
        }
        let _ = sender.send(batch);
        drop(sender);
        match helper.join() {
            Ok(tree) => tree,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    builder.finish(tree.finish(broken))
}

/// From this size on the tree is built on a second thread (see [`parse`]); below it a thread
/// costs more than it saves.
const TREE_THREAD_FROM_BYTES: usize = 256 * 1024;
/// Events per batch handed to the tree's thread, and batches that may wait: enough to keep
/// the channel's cost per event small, little enough to hold no real part of the document.
const TREE_BATCH: usize = 1024;
const TREE_BATCHES_AHEAD: usize = 16;

/// Labels match case-insensitively with runs of whitespace folded (CommonMark).
fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Debug)]
struct HeadingBuilder {
    level: u8,
    /// The text as the entries and sections show it.
    title: String,
    /// The rendered text GitHub makes the anchor from: no image alt text, line breaks kept.
    anchor_text: String,
    /// The title without images and in-page links, for messages.
    label: String,
}

#[derive(Debug)]
struct ItemBuilder {
    entry: EntryId,
    start: usize,
    own_end: Option<usize>,
    tokens: Vec<Token>,
    links: Vec<LinkId>,
    depth: usize,
    /// Entries of the items nested in this one, in order.
    children: Vec<EntryId>,
}

#[derive(Debug)]
struct ParagraphBuilder {
    range: Range<usize>,
    tokens: Vec<Token>,
    links: Vec<LinkId>,
}

#[derive(Debug, Default)]
struct CellBuilder {
    start: usize,
    text: String,
    tokens: Vec<Token>,
}

#[derive(Debug)]
struct RowBuilder {
    range: Range<usize>,
    cells: Vec<(Cell, Vec<Token>)>,
    links: Vec<LinkId>,
    entry: Option<EntryId>,
}

#[derive(Debug)]
struct TableBuilder {
    start: usize,
    header: Option<Row>,
    title_column: Option<usize>,
    rows: Vec<Row>,
    row: Option<RowBuilder>,
    cell: Option<CellBuilder>,
    section: Option<SectionId>,
    /// What the header names, read once per table, not once per row (a 10 MB list has
    /// 10 000 rows: asking per row was 4% of `check`, issue 11).
    columns: HeaderColumns,
}

/// The columns a table's header names for a row's fields.
#[derive(Debug, Default, Clone, Copy)]
struct HeaderColumns {
    /// The first header holding `name`.
    name: Option<usize>,
    /// `Year`, `Date`, `Published`, …
    year: Option<usize>,
    /// `Venue`, `Conference`, `Journal`, …
    venue: Option<usize>,
}

impl HeaderColumns {
    fn of(header: &[Cell]) -> Self {
        let names: Vec<String> = header
            .iter()
            .map(|c| c.text.trim().to_lowercase())
            .collect();
        // `| Method | Year | … | Venue / Source |`: the columns say it (tamlhp/awesome-mamba-ts)
        let named = |words: &[&str]| {
            names.iter().position(|h| {
                words.iter().any(|w| {
                    h == w
                        || h.strip_prefix(w)
                            .is_some_and(|rest| rest.starts_with(' ') || rest.starts_with('/'))
                })
            })
        };
        Self {
            name: header
                .iter()
                .position(|h| h.text.to_lowercase().contains("name")),
            year: named(&["year", "date", "published", "time", "年份"]),
            venue: named(&[
                "venue",
                "conference",
                "journal",
                "publication",
                "published in",
                "会议",
            ]),
        }
    }
}

#[derive(Debug, Default)]
struct HtmlTableBuilder {
    title_column: Option<usize>,
    /// Columns whose header names a group (`Category`, `Type`): never a row's title.
    group_columns: Vec<usize>,
    /// For each column, how many more rows a `rowspan` cell above still fills.
    carried: Vec<usize>,
    row: Option<HtmlRowBuilder>,
}

#[derive(Debug)]
struct HtmlRowBuilder {
    entry: EntryId,
    start: usize,
    /// A row of `<th>` cells names the columns.
    header: bool,
    /// Each cell's text (tags removed), content range and tokens.
    cells: Vec<(String, Range<usize>, Vec<Token>)>,
    /// Each written cell's `rowspan` and `colspan`.
    spans: Vec<(usize, usize)>,
    cell: Option<HtmlCellBuilder>,
    links: Vec<LinkId>,
}

#[derive(Debug)]
struct HtmlCellBuilder {
    start: usize,
    spans: (usize, usize),
    tokens: Vec<Token>,
}

struct Builder<'a> {
    text: &'a str,
    definitions: HashMap<String, (String, Range<usize>)>,
    sections: Vec<Section>,
    section_stack: Vec<SectionId>,
    heading: Option<HeadingBuilder>,
    slugger: Slugger,
    anchors: Vec<Anchor>,
    entries: Vec<Entry>,
    items: Vec<ItemBuilder>,
    paragraph: Option<ParagraphBuilder>,
    links: Vec<Link>,
    open_links: Vec<LinkId>,
    html_anchor: Option<LinkId>,
    tables: Vec<Table>,
    table: Option<TableBuilder>,
    html: Vec<HtmlFragment>,
    html_table: Option<HtmlTableBuilder>,
    /// Entries folded into another (detail bullets) or that turned out to be group labels.
    dropped: Vec<bool>,
    /// Paragraphs outside lists with links, and the entry each became, if any: the links of
    /// the `- Title` / `- Authors` bullets below them (see `attach_link_paragraphs`).
    link_paragraphs: Vec<(ParagraphBuilder, Option<EntryId>)>,
    strong: usize,
    emphasis: usize,
    /// `<b>`, `<i>`, `<u>`/`<ins>` in HTML; reset at the end of each block.
    html_style: Style,
    code_block: usize,
}

impl Builder<'_> {
    fn current_section(&self) -> Option<SectionId> {
        self.sections.len().checked_sub(1)
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                if self.code_block > 0 {
                    return;
                }
                self.text_event(&text, range, true);
            }
            Event::Code(text) => self.text_event(&text, range, false),
            Event::SoftBreak | Event::HardBreak => self.break_event(range),
            Event::Html(_) => self.html_event(range, false),
            Event::InlineHtml(_) => self.html_event(range, true),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some(HeadingBuilder {
                    level: level as u8,
                    title: String::new(),
                    anchor_text: String::new(),
                    label: String::new(),
                });
            }
            Tag::List(_) => {
                if let Some(item) = self.items.last_mut() {
                    item.own_end.get_or_insert(range.start);
                }
            }
            Tag::Paragraph if !self.items.is_empty() && self.table.is_none() => {
                // A loose item's second paragraph: in the RAG survey each one is a paper.
                if let Some(item) = self.items.last_mut()
                    && item.own_end.is_none()
                    && !item.tokens.is_empty()
                {
                    item.tokens.push(Token::Paragraph(range.start));
                }
            }
            Tag::Paragraph if self.items.is_empty() && self.table.is_none() => {
                self.paragraph = Some(ParagraphBuilder {
                    range,
                    tokens: Vec::new(),
                    links: Vec::new(),
                });
            }
            Tag::Item => {
                let entry = self.push_entry(EntryKind::ListItem, range.clone());
                let depth = self.items.len();
                self.items.push(ItemBuilder {
                    entry,
                    start: range.start,
                    own_end: None,
                    tokens: Vec::new(),
                    links: Vec::new(),
                    depth,
                    children: Vec::new(),
                });
            }
            Tag::CodeBlock(_) => self.code_block += 1,
            Tag::Strong => self.strong += 1,
            Tag::Emphasis => self.emphasis += 1,
            Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            } => self.start_link(link_type, dest_url, id, range, false),
            Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            } => self.start_link(link_type, dest_url, id, range, true),
            Tag::Table(_) => {
                self.table = Some(TableBuilder {
                    start: range.start,
                    header: None,
                    title_column: None,
                    rows: Vec::new(),
                    row: None,
                    cell: None,
                    section: self.current_section(),
                    columns: HeaderColumns::default(),
                });
            }
            Tag::TableHead => self.start_row(range, false),
            Tag::TableRow => self.start_row(range, true),
            Tag::TableCell => {
                if let Some(table) = &mut self.table {
                    table.cell = Some(CellBuilder {
                        start: range.start,
                        ..Default::default()
                    });
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) => self.end_heading(range),
            TagEnd::Item => self.end_item(range),
            TagEnd::Paragraph => {
                self.html_style = Style::default();
                self.end_paragraph();
            }
            TagEnd::CodeBlock => self.code_block = self.code_block.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Link | TagEnd::Image => self.end_link(),
            TagEnd::TableCell => {
                if let Some(table) = &mut self.table
                    && let (Some(cell), Some(row)) = (table.cell.take(), &mut table.row)
                {
                    let cell_range = cell.start..range.end;
                    row.cells.push((
                        Cell {
                            text: cell.text.trim().to_string(),
                            range: cell_range,
                        },
                        cell.tokens,
                    ));
                }
            }
            TagEnd::TableHead => self.end_row(true),
            TagEnd::TableRow => self.end_row(false),
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    let header = table.header.unwrap_or(Row {
                        range: table.start..table.start,
                        cells: Vec::new(),
                        written_cells: 0,
                        entry: None,
                    });
                    self.tables.push(Table {
                        range: table.start..range.end,
                        header,
                        rows: table.rows,
                        section: table.section,
                    });
                }
            }
            _ => {}
        }
    }

    fn push_entry(&mut self, kind: EntryKind, range: Range<usize>) -> EntryId {
        self.entries.push(Entry {
            kind,
            range,
            section: self.current_section(),
            groups: Vec::new(),
            title: String::new(),
            title_range: None,
            aliases: Vec::new(),
            authors: None,
            venue: None,
            year: None,
            paper: None,
            code: None,
            links: Vec::new(),
            description: String::new(),
            depth: 0,
        });
        self.dropped.push(false);
        self.entries.len() - 1
    }

    fn style(&self) -> Style {
        Style {
            strong: self.strong > 0 || self.html_style.strong,
            emphasis: self.emphasis > 0 || self.html_style.emphasis,
            underline: self.html_style.underline,
        }
    }

    /// A line break: a space in headings, link texts and cells; a `Token::Break` for titles.
    fn break_event(&mut self, range: Range<usize>) {
        if self.heading.is_some() {
            let heading = self.heading.take();
            self.text_event(" ", range, false);
            // The rendered heading holds a line break there, and GitHub drops it.
            self.heading = heading.map(|mut heading| {
                heading.title.push(' ');
                heading.label.push(' ');
                heading.anchor_text.push('\n');
                heading
            });
            return;
        }
        if !self.open_links.is_empty() {
            self.text_event(" ", range, false);
            return;
        }
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.text.push(' ');
        }
        self.push_token(Token::Break(range));
    }

    fn text_event(&mut self, text: &str, range: Range<usize>, may_hold_urls: bool) {
        let in_image = self.open_links.iter().any(|&id| self.links[id].image);
        if let Some(heading) = &mut self.heading {
            heading.title.push_str(text);
            if !in_image {
                heading.anchor_text.push_str(text);
            }
            // xlite-dev ends every heading with `([©️back👆🏻](#paperlist))`; an icon's alt
            // text is no part of the name either.
            let decoration = self.open_links.iter().any(|&id| {
                let link = &self.links[id];
                link.image || link.url.starts_with('#')
            });
            if !decoration {
                heading.label.push_str(text);
            }
        }
        if !self.open_links.is_empty() {
            // Text inside a link is the link's text (and an image's alt text).
            for &id in &self.open_links {
                self.links[id].text.push_str(text);
            }
            if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
                cell.text.push_str(text);
            }
            return;
        }
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.text.push_str(text);
        }
        // Only text that is written as-is can hold a bare URL with a trustworthy range.
        let verbatim = self.text.get(range.clone()) == Some(text);
        // Most texts hold no URL (the pattern needs `://`): one token, no list of pieces
        if !(may_hold_urls && verbatim && self.heading.is_none() && text.contains("://")) {
            if !text.is_empty() {
                let token = Token::Text {
                    text: text.to_string(),
                    range: if verbatim {
                        range.start..range.start + text.len()
                    } else {
                        range
                    },
                    style: self.style(),
                };
                self.push_token(token);
            }
            return;
        }
        let mut pieces = Vec::new();
        let mut last = 0;
        for found in crate::scan::bare_urls(text) {
            let url = trim_url_end(&text[found.clone()]);
            if url.len() <= "https://".len() {
                continue;
            }
            let start = found.start;
            let end = start + url.len();
            pieces.push((last..start, None));
            pieces.push((start..end, Some(url.to_string())));
            last = end;
        }
        pieces.push((last..text.len(), None));
        for (piece, url) in pieces {
            let absolute = range.start + piece.start..range.start + piece.end;
            match url {
                Some(url) => {
                    let link = Link::new(url, absolute.clone(), absolute, LinkKind::Bare, false);
                    let id = self.new_link(link);
                    self.push_token(Token::Link(id));
                }
                None if !piece.is_empty() => {
                    let token = Token::Text {
                        text: text[piece].to_string(),
                        range: if verbatim { absolute } else { range.clone() },
                        style: self.style(),
                    };
                    self.push_token(token);
                }
                None => {}
            }
        }
    }

    fn push_token(&mut self, token: Token) {
        if let Some(cell) = self
            .html_table
            .as_mut()
            .and_then(|t| t.row.as_mut())
            .and_then(|r| r.cell.as_mut())
        {
            cell.tokens.push(token);
        } else if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            cell.tokens.push(token);
        } else if let Some(item) = self.items.last_mut() {
            if item.own_end.is_none() {
                item.tokens.push(token);
            }
        } else if let Some(paragraph) = &mut self.paragraph {
            paragraph.tokens.push(token);
        }
    }

    /// Register a link with the entry it belongs to, and return its id.
    fn new_link(&mut self, mut link: Link) -> LinkId {
        let id = self.links.len();
        link.section = self.current_section();
        if let Some(row) = self.html_table.as_mut().and_then(|t| t.row.as_mut()) {
            link.entry = Some(row.entry);
            row.links.push(id);
        } else if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
            link.entry = row.entry;
            row.links.push(id);
        } else if let Some(item) = self.items.last_mut() {
            link.entry = Some(item.entry);
            item.links.push(id);
        } else if let Some(paragraph) = &mut self.paragraph {
            paragraph.links.push(id);
        }
        self.links.push(link);
        id
    }

    /// A paragraph outside lists and tables is an entry when it opens with a bold title and
    /// has a link (hee9joon's list writes `**Title** \ *Authors* \ [[Paper](…)]`), or when it
    /// is a lone link to a paper.
    fn end_paragraph(&mut self) {
        let Some(paragraph) = self.paragraph.take() else {
            return;
        };
        let opening = paragraph.tokens.iter().find(|t| match t {
            Token::Text { text, .. } => !text.trim().is_empty(),
            Token::Link(id) => !is_image_only(*id, &self.links),
            Token::Break(_) | Token::Paragraph(_) => false,
        });
        // `**Missing any paper?** … [open an issue](…/issues/new)` asks for contributions
        let has_link = paragraph
            .links
            .iter()
            .any(|&id| !self.links[id].image && !is_contribution_url(&self.links[id].url));
        // `**Note:** Although …` opens a remark
        let opens_bold = opening.is_some_and(|t| {
            matches!(t, Token::Text { text, style, .. } if style.strong && !is_remark_label(text))
        });
        // `[Title](paper)` alone in a paragraph: the RAG survey lists its benchmarks that way
        let content: Vec<&Token> = paragraph
            .tokens
            .iter()
            .filter(|t| !matches!(t, Token::Text { text, .. } if text.trim().is_empty()))
            .filter(|t| !matches!(t, Token::Break(_)))
            .collect();
        let lone_paper_link = matches!(content.as_slice(), [Token::Link(id)]
            if !self.links[*id].image
                && is_paper_link(&self.links[*id])
                && exact_label_role(&self.links[*id].text, &self.links[*id].url).is_none());
        let titled_paper_line = !opens_bold && self.is_titled_paper_line(&paragraph.tokens);
        let is_entry = (opens_bold && has_link) || lone_paper_link || titled_paper_line;
        if !is_entry {
            if has_link {
                self.link_paragraphs.push((paragraph, None));
            }
            return;
        }
        let entry = self.push_entry(EntryKind::Paragraph, paragraph.range.clone());
        for &id in &paragraph.links {
            self.links[id].entry = Some(entry);
        }
        self.entries[entry].range = trim_range(self.text, paragraph.range.clone());
        self.link_paragraphs.push((
            ParagraphBuilder {
                range: paragraph.range.clone(),
                tokens: paragraph.tokens.clone(),
                links: paragraph.links.clone(),
            },
            Some(entry),
        ));
        if titled_paper_line {
            // the title wraps onto the next line: `… Label Noise: \n a Loss Correction Approach.`
            let joined: Vec<Token> = paragraph
                .tokens
                .iter()
                .map(|t| match t {
                    Token::Break(range) => Token::Text {
                        text: " ".to_string(),
                        range: range.clone(),
                        style: Style::default(),
                    },
                    other => other.clone(),
                })
                .collect();
            self.fill_entry(entry, &joined, paragraph.links);
        } else {
            self.fill_entry(entry, &paragraph.tokens, paragraph.links);
        }
    }

    /// `[-] 2015-CVPR - Title. [[Paper]](…) [[Code]](…)`: a paragraph of plain text, at most a
    /// few lines and under 40 words before its first link, whose links include a bracketed
    /// `[[Paper]]` (subeeshvasu's label-noise list writes its 32 papers so). A sentence that
    /// links "our paper" has no bracketed label.
    fn is_titled_paper_line(&self, tokens: &[Token]) -> bool {
        let Some(first_link) = tokens.iter().position(|t| matches!(t, Token::Link(_))) else {
            return false;
        };
        let before = &tokens[..first_link];
        let words: usize = before
            .iter()
            .filter_map(|t| match t {
                Token::Text { text, .. } => Some(text.split_whitespace().count()),
                _ => None,
            })
            .sum();
        let lines = before
            .iter()
            .filter(|t| matches!(t, Token::Break(_)))
            .count();
        // it opens with plain text (a bold opening is the bold-title paragraph's layout)
        let plain = before
            .iter()
            .find_map(|t| match t {
                Token::Text { text, style, .. } if !text.trim().is_empty() => Some(!style.any()),
                _ => None,
            })
            .unwrap_or(false);
        let bracketed_paper = tokens[first_link..].iter().any(|t| {
            let Token::Link(id) = t else { return false };
            let link = &self.links[*id];
            let bracketed = link.text.starts_with('[')
                || self
                    .text
                    .get(..link.range.start)
                    .is_some_and(|head| head.ends_with('['));
            // `[[Paper]]`, `[[PDF]]`, `[[Download PDF]]`
            let says_paper = exact_label_role(&link.text, &link.url) == Some(LinkRole::Paper)
                || link
                    .text
                    .to_lowercase()
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| word == "pdf");
            !link.image && bracketed && says_paper
        });
        (2..40).contains(&words) && lines <= 2 && plain && bracketed_paper
    }

    /// Set an entry's fields and link roles from its tokens.
    fn fill_entry(&mut self, entry_id: EntryId, tokens: &[Token], links: Vec<LinkId>) {
        let fields = extract(tokens, &self.links);
        for &id in &links {
            self.links[id].entry = Some(entry_id);
        }
        let entry = &mut self.entries[entry_id];
        let Fields {
            title,
            title_range,
            description,
            aliases,
            authors,
            venue,
            year,
        } = fields;
        entry.title = title;
        entry.title_range = title_range;
        entry.description = description;
        entry.aliases = aliases;
        entry.authors = authors;
        entry.venue = venue;
        entry.year = year;
        entry.links = links;
        self.assign_roles(entry_id, tokens);
    }

    fn start_link(
        &mut self,
        link_type: LinkType,
        dest: CowStr<'_>,
        label: CowStr<'_>,
        range: Range<usize>,
        image: bool,
    ) {
        let written = self.text.get(range.clone()).unwrap_or("");
        let (kind, url_range, reference) = match link_type {
            LinkType::Autolink | LinkType::Email => {
                let start = range.start + 1;
                (
                    LinkKind::Autolink,
                    start..range.end.saturating_sub(1).max(start),
                    None,
                )
            }
            LinkType::Reference
            | LinkType::Collapsed
            | LinkType::Shortcut
            | LinkType::ReferenceUnknown
            | LinkType::CollapsedUnknown
            | LinkType::ShortcutUnknown => {
                let key = normalize_label(&label);
                match self.definitions.get(&key) {
                    Some((_, span)) => {
                        let def_text = self.text.get(span.clone()).unwrap_or("");
                        let url_range = definition_url_range(def_text)
                            .map(|r| span.start + r.start..span.start + r.end)
                            .unwrap_or(span.clone());
                        (
                            LinkKind::Reference,
                            url_range,
                            Some((label.to_string(), span.clone())),
                        )
                    }
                    None => (LinkKind::Reference, range.clone(), None),
                }
            }
            _ => {
                let url_range = inline_url_range(written)
                    .map(|r| range.start + r.start..range.start + r.end)
                    .unwrap_or(range.clone());
                (LinkKind::Inline, url_range, None)
            }
        };
        let mut link = Link::new(dest.to_string(), url_range, range, kind, image);
        link.reference = reference;
        link.parent = self.open_links.last().copied();
        let id = self.new_link(link);
        if self.open_links.is_empty() {
            self.push_token(Token::Link(id));
        }
        self.open_links.push(id);
    }

    fn end_link(&mut self) {
        if let Some(id) = self.open_links.pop() {
            let link = &mut self.links[id];
            link.text = link.text.trim().to_string();
            if link.image {
                link.badge = parse_badge(&link.url, &link.text).map(Box::new);
            }
        }
    }

    fn html_event(&mut self, range: Range<usize>, inline: bool) {
        let Some(fragment) = self.text.get(range.clone()) else {
            return;
        };
        let tags = scan_tags(fragment);
        if !inline {
            self.html_heading(&range, &tags);
        }
        self.html.push(HtmlFragment {
            range: range.clone(),
            inline,
        });
        let mut text_from = range.start;
        for tag in tags {
            let at = range.start + tag.range.start..range.start + tag.range.end;
            if !inline {
                self.html_cell_text(text_from..at.start);
            }
            text_from = at.end;
            self.html_anchors(&tag, range.start);
            match (tag.name.as_str(), tag.kind) {
                ("a", TagKind::Open) => {
                    if let Some(href) = tag.attribute("href").filter(|a| !a.value.is_empty()) {
                        let id = self.new_link(html_link(&href.value, &range, &tag, href, false));
                        self.push_token(Token::Link(id));
                        self.html_anchor = Some(id);
                    }
                }
                ("a", TagKind::Close) => {
                    // An anchor in block HTML gets no text events: its text is the source
                    // between the tags (`<a href="…">Paper</a>`).
                    if let Some(id) = self.html_anchor.take()
                        && !inline
                        && let Some(between) = self.text.get(self.links[id].range.end..at.start)
                    {
                        self.links[id].text = strip_tags(between);
                    }
                }
                ("img", TagKind::Open | TagKind::SelfClosing) => {
                    if let Some(src) = tag.attribute("src").filter(|a| !a.value.is_empty()) {
                        let alt = tag.attribute("alt").map(|a| a.value.clone());
                        let mut link = html_link(&src.value, &range, &tag, src, true);
                        link.text = alt.unwrap_or_default();
                        link.badge = parse_badge(&link.url, &link.text).map(Box::new);
                        link.parent = self.html_anchor;
                        let id = self.new_link(link);
                        if self.html_anchor.is_none() {
                            self.push_token(Token::Link(id));
                        }
                    }
                }
                ("b" | "strong", TagKind::Open) => self.html_style.strong = true,
                ("b" | "strong", TagKind::Close) => self.html_style.strong = false,
                ("i" | "em", TagKind::Open) => self.html_style.emphasis = true,
                ("i" | "em", TagKind::Close) => self.html_style.emphasis = false,
                ("u" | "ins", TagKind::Open) => self.html_style.underline = true,
                ("u" | "ins", TagKind::Close) => self.html_style.underline = false,
                ("table", TagKind::Open) if !inline => {
                    self.html_table = Some(HtmlTableBuilder::default());
                }
                ("table", TagKind::Close) if !inline => {
                    self.end_html_row(at.start);
                    self.html_table = None;
                }
                ("tr", TagKind::Open) if self.html_table.is_some() => {
                    self.end_html_row(at.start);
                    let entry = self.push_entry(EntryKind::HtmlRow, at.clone());
                    if let Some(table) = &mut self.html_table {
                        table.row = Some(HtmlRowBuilder {
                            entry,
                            start: at.start,
                            header: false,
                            cells: Vec::new(),
                            spans: Vec::new(),
                            cell: None,
                            links: Vec::new(),
                        });
                    }
                }
                ("tr", TagKind::Close) => self.end_html_row(at.end),
                ("td" | "th", TagKind::Open) => {
                    if let Some(row) = self.html_table.as_mut().and_then(|t| t.row.as_mut()) {
                        row.header |= tag.name == "th";
                        let span = |name: &str| {
                            tag.attribute(name)
                                .and_then(|a| a.value.trim().parse::<usize>().ok())
                                .unwrap_or(1)
                        };
                        row.cell = Some(HtmlCellBuilder {
                            start: at.end,
                            spans: (span("rowspan"), span("colspan")),
                            tokens: Vec::new(),
                        });
                    }
                }
                ("td" | "th", TagKind::Close) => {
                    if let Some(row) = self.html_table.as_mut().and_then(|t| t.row.as_mut())
                        && let Some(cell) = row.cell.take()
                    {
                        let content = cell.start..at.start.max(cell.start);
                        let text = strip_tags(self.text.get(content.clone()).unwrap_or(""));
                        row.cells.push((text, content, cell.tokens));
                        row.spans.push(cell.spans);
                    }
                }
                _ => {}
            }
        }
        if !inline {
            self.html_cell_text(text_from..range.end);
            // An unclosed `<b>` in a block does not make the rest of the list bold.
            self.html_style = Style::default();
        }
    }

    /// Text between tags inside an HTML table cell (not inside an anchor: that is link text).
    fn html_cell_text(&mut self, range: Range<usize>) {
        if range.is_empty() || self.html_anchor.is_some() {
            return;
        }
        let style = self.style();
        let Some(text) = self.text.get(range.clone()) else {
            return;
        };
        if let Some(cell) = self
            .html_table
            .as_mut()
            .and_then(|t| t.row.as_mut())
            .and_then(|r| r.cell.as_mut())
        {
            cell.tokens.push(Token::Text {
                text: decode_entities(text),
                range,
                style,
            });
        }
    }

    /// Close the open `<tr>`: a header row names the columns; a data row is an entry.
    fn end_html_row(&mut self, end: usize) {
        let Some(table) = &mut self.html_table else {
            return;
        };
        let Some(row) = table.row.take() else {
            return;
        };
        let entry_id = row.entry;
        self.entries[entry_id].range = trim_range(self.text, row.start..end.max(row.start));
        // Place the written cells in their columns: a `rowspan` cell above fills its column
        // in this row (LLMSurvey's `<td rowspan="27">Publicly Accessible</td>` category).
        let written = !row.cells.is_empty();
        let (cells, spanning) = align_html_cells(&mut table.carried, row.cells, &row.spans);
        if row.header || !written {
            if row.header {
                let header: Vec<Cell> = cells
                    .iter()
                    .map(|(text, range, _)| Cell {
                        text: text.clone(),
                        range: range.clone(),
                    })
                    .collect();
                table.title_column = title_column(&header);
                table.group_columns = group_columns(&header);
            }
            self.dropped[entry_id] = true;
            for id in row.links {
                self.links[id].entry = None;
            }
            return;
        }
        // A cell that spans rows, or sits in a `Category` column, labels a group of rows.
        let group: Vec<bool> = (0..cells.len())
            .map(|c| spanning.get(c).copied().unwrap_or(false) || table.group_columns.contains(&c))
            .collect();
        let column = table.title_column.or_else(|| {
            cells.iter().position(|(_, _, tokens)| {
                tokens.iter().any(|t| {
                    matches!(t, Token::Link(id)
                        if !is_image_only(*id, &self.links)
                            && exact_label_role(&self.links[*id].text, "").is_none())
                })
            })
        });
        let mut tokens: Vec<Token> = Vec::new();
        if let Some((_, _, title_cell)) = column.and_then(|c| cells.get(c)) {
            tokens.extend(title_cell.iter().cloned());
        }
        for (index, (_, _, cell)) in cells.iter().enumerate() {
            if Some(index) != column {
                tokens.push(Token::Paragraph(
                    cell.first().and_then(|t| t.start(&self.links)).unwrap_or(0),
                ));
                tokens.extend(cell.iter().cloned());
            }
        }
        let links = row.links;
        self.fill_entry(entry_id, &tokens, links);
        let entry = &mut self.entries[entry_id];
        if entry.title.is_empty() || exact_label_role(&entry.title, "").is_some() {
            let text_cells: Vec<Cell> = cells
                .iter()
                .map(|(text, range, _)| Cell {
                    text: text.clone(),
                    range: range.clone(),
                })
                .collect();
            if let Some(cell) = title_cell(&text_cells, column, &group) {
                entry.title = clean_title(&cell.text);
                entry.title_range = Some(cell.range.clone());
            }
        }
    }

    /// `id="…"` on any element and `<a name="…">` are anchors (GitHub keeps both, prefixed
    /// with `user-content-`): synbol's heading `## 📝 <span id="head1"> *Introduction* </span>`.
    fn html_anchors(&mut self, tag: &super::HtmlTag, offset: usize) {
        if !matches!(tag.kind, TagKind::Open | TagKind::SelfClosing) {
            return;
        }
        let name = (tag.name == "a").then(|| tag.attribute("name")).flatten();
        for attribute in [tag.attribute("id"), name].into_iter().flatten() {
            if !attribute.value.is_empty() {
                self.anchors.push(Anchor {
                    id: attribute.value.clone(),
                    range: offset + attribute.value_range.start..offset + attribute.value_range.end,
                    kind: AnchorKind::Html,
                });
            }
        }
    }

    fn end_heading(&mut self, range: Range<usize>) {
        let Some(HeadingBuilder {
            level,
            title,
            anchor_text,
            label,
        }) = self.heading.take()
        else {
            return;
        };
        let title = title.trim().to_string();
        let anchor = self.slugger.slug(&anchor_text);
        let range = trim_range(self.text, range);
        self.anchors.push(Anchor {
            id: anchor.clone(),
            range: range.clone(),
            kind: AnchorKind::Heading(self.sections.len()),
        });
        // `### [Basic Models](#basic-models)`: the heading is its own link; its text is the label
        let label = match heading_label(&label) {
            label if label.is_empty() => heading_label(&title),
            label => label,
        };
        self.push_section(Section {
            level,
            title,
            label,
            anchor,
            range,
            parent: None,
            html: false,
        });
    }

    fn push_section(&mut self, mut section: Section) {
        while let Some(&top) = self.section_stack.last() {
            if self.sections[top].level >= section.level {
                self.section_stack.pop();
            } else {
                break;
            }
        }
        section.parent = self.section_stack.last().copied();
        self.sections.push(section);
        self.section_stack.push(self.sections.len() - 1);
    }

    /// `<h2 id="technique">Technique</h2>` as a block of its own, outside lists and tables:
    /// GitHub shows a heading, and the entries after it belong to it. It gets no anchor of
    /// GitHub's making (only its `id`, which `html_anchors` records).
    fn html_heading(&mut self, range: &Range<usize>, tags: &[super::HtmlTag]) {
        if !self.items.is_empty() || self.table.is_some() || self.html_table.is_some() {
            return;
        }
        for (index, open) in tags.iter().enumerate() {
            // `<h1 align="center">` is the list's title, above every section (the seed)
            let level = match open.name.as_str() {
                "h2" => 2,
                "h3" => 3,
                "h4" => 4,
                "h5" => 5,
                "h6" => 6,
                _ => continue,
            };
            if open.kind != TagKind::Open {
                continue;
            }
            let Some(close) = tags[index + 1..]
                .iter()
                .find(|t| t.name == open.name && t.kind == TagKind::Close)
            else {
                continue;
            };
            let inner = range.start + open.range.end..range.start + close.range.start;
            let title = decode_entities(&strip_tags(self.text.get(inner).unwrap_or("")));
            let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
            if title.is_empty() {
                continue;
            }
            let anchor = open
                .attribute("id")
                .map(|a| a.value.clone())
                .unwrap_or_default();
            self.push_section(Section {
                level,
                label: heading_label(&title),
                title,
                anchor,
                range: range.start + open.range.start..range.start + close.range.end,
                parent: None,
                html: true,
            });
        }
    }

    fn end_item(&mut self, range: Range<usize>) {
        self.html_style = Style::default();
        let Some(item) = self.items.pop() else {
            return;
        };
        let end = item.own_end.unwrap_or(range.end).max(item.start);
        let own = trim_range(self.text, item.start..end);
        self.entries[item.entry].range = own;
        self.entries[item.entry].depth = item.depth;
        let paragraphs: Vec<&[Token]> = item
            .tokens
            .split(|t| matches!(t, Token::Paragraph(_)))
            .filter(|p| !p.is_empty())
            .collect();
        let mut made = Vec::new();
        let linked: Vec<&&[Token]> = paragraphs
            .iter()
            .skip(1)
            .filter(|p| self.has_link(p))
            .collect();
        // `1. **Title.** Venue.` then, after a blank line, `*Authors*. [[pdf](…)]`: one paper
        // whose links sit in a byline paragraph, not a group label over one paper line.
        let byline = paragraphs.len() == 2 && self.is_byline(paragraphs[1]);
        if !linked.is_empty()
            && !byline
            && !self.has_link(paragraphs[0])
            && linked
                .iter()
                .all(|p| !extract(p, &self.links).title.is_empty())
        {
            // `- Latent Representation-based RAG` and its papers as indented paragraphs:
            // the first paragraph is a group label, each paper line an entry.
            let label = self.group_label(paragraphs[0]);
            self.dropped[item.entry] = true;
            self.add_group(item.entry, &label);
            made.extend(item.children.iter().copied().filter(|&c| !self.dropped[c]));
            for paragraph in &paragraphs[1..] {
                let mut units = self.split_units(paragraph);
                if units.is_empty() {
                    units.push(paragraph.to_vec());
                }
                for unit in units {
                    let id = self.push_entry(EntryKind::ListItem, self.units_range(&unit));
                    self.entries[id].depth = item.depth + 1;
                    self.entries[id].groups.push(label.clone());
                    let links = self.unit_links(&unit);
                    self.fill_entry(id, &unit, links);
                    made.push(id);
                }
            }
        } else {
            // Most items hold one paper: read their tokens in place, without copies.
            let units = self.split_units(&item.tokens);
            let several = units.len() > 1;
            let single = [item.tokens.as_slice()];
            let units: Vec<&[Token]> = if several {
                units.iter().map(Vec::as_slice).collect()
            } else {
                single.to_vec()
            };
            for (index, &unit) in units.iter().enumerate() {
                let id = if index == 0 {
                    item.entry
                } else {
                    self.push_entry(EntryKind::ListItem, 0..0)
                };
                let links = if several {
                    self.entries[id].range = self.units_range(unit);
                    self.unit_links(unit)
                } else {
                    item.links.clone()
                };
                self.entries[id].depth = item.depth;
                self.fill_entry(id, unit, links);
                made.push(id);
            }
            let own_links = item.links.iter().any(|&id| !self.links[id].image);
            let children: Vec<EntryId> = item
                .children
                .iter()
                .copied()
                .filter(|&c| !self.dropped[c])
                .collect();
            if !own_links && !several && !children.is_empty() {
                let details = children.iter().all(|&c| self.is_detail(c));
                let child_links = children
                    .iter()
                    .any(|&c| self.entries[c].links.iter().any(|&l| !self.links[l].image));
                if details && child_links {
                    self.absorb_details(item.entry, &children);
                } else if !details {
                    let label = self.entries[item.entry].title.clone();
                    self.dropped[item.entry] = true;
                    self.add_group(item.entry, &label);
                    made = children;
                }
            }
        }
        if let Some(parent) = self.items.last_mut() {
            parent.children.extend(made);
        }
    }

    fn has_link(&self, tokens: &[Token]) -> bool {
        tokens
            .iter()
            .any(|t| matches!(t, Token::Link(id) if !is_image_only(*id, &self.links)))
    }

    /// A paragraph that opens with emphasised text (the authors) before its first link:
    /// `*Ana Ruiz, Bo Chen*. [[pdf](…)], 2023.1`. A paper line under a group label opens with
    /// its title or its link instead.
    fn is_byline(&self, tokens: &[Token]) -> bool {
        let mut emphasised = false;
        for token in tokens {
            match token {
                Token::Text { text, style, .. } => {
                    if text.trim().is_empty() {
                        continue;
                    }
                    if style.emphasis && !style.strong {
                        emphasised = true;
                    } else if emphasised && text.trim().chars().all(|c| c.is_ascii_punctuation()) {
                        // the `.` after `*Authors*`
                    } else {
                        return false;
                    }
                }
                Token::Link(id) => return emphasised && !is_image_only(*id, &self.links),
                Token::Break(_) | Token::Paragraph(_) => return false,
            }
        }
        false
    }

    fn group_label(&self, tokens: &[Token]) -> String {
        let text: String = tokens
            .iter()
            .map(|t| match t {
                Token::Text { text, .. } => text.as_str(),
                _ => " ",
            })
            .collect();
        clean_title(&text)
    }

    /// Put `label` in front of the groups of every entry made since `ancestor` (its
    /// descendants: they start after it and end before it).
    fn add_group(&mut self, ancestor: EntryId, label: &str) {
        if label.is_empty() {
            return;
        }
        for entry in &mut self.entries[ancestor + 1..] {
            entry.groups.insert(0, label.to_string());
        }
    }

    /// A nested bullet that only adds to its parent: authors, `[[Paper]](…)`, `[[Code]](…)`
    /// (the gradient-boosting list writes each paper that way).
    fn is_detail(&self, child: EntryId) -> bool {
        let entry = &self.entries[child];
        let has_links = entry.links.iter().any(|&l| !self.links[l].image);
        !has_links || entry.title.is_empty() || self.detail_label(child).is_some()
    }

    /// `Paper:` in `- Paper: [AgentGym](…)`: a short label before the first link.
    fn detail_label(&self, child: EntryId) -> Option<&str> {
        let entry = &self.entries[child];
        let first = entry.links.iter().find(|&&l| !self.links[l].image)?;
        let before = self
            .text
            .get(entry.range.start..self.links[*first].range.start)?;
        let label = before
            .trim_start_matches(['-', '*', '+', ' '])
            .trim()
            .strip_suffix(':')?;
        (label.split_whitespace().count() <= 3).then_some(label)
    }

    fn absorb_details(&mut self, parent: EntryId, children: &[EntryId]) {
        for &child in children {
            self.dropped[child] = true;
            let child_links = std::mem::take(&mut self.entries[child].links);
            let no_links = child_links.iter().all(|&l| self.links[l].image);
            if no_links && self.entries[parent].authors.is_none() {
                let text = self.entries[child].title.clone();
                if text.contains(',') || text.split_whitespace().count() <= 4 {
                    self.entries[parent].authors = Some(text);
                }
            }
            // The label before a link says what it is: `- Codes: [Platform](github)`.
            let label = self.detail_label(child).map(str::to_string);
            let mut paper = self.entries[child].paper;
            let mut code = self.entries[child].code;
            for &id in &child_links {
                self.links[id].entry = Some(parent);
                let link = &self.links[id];
                if let Some(role) = label.as_deref().and_then(|l| label_role(l, &link.url))
                    && !link.image
                    && matches!(link.role, Some(LinkRole::Title | LinkRole::Other) | None)
                {
                    self.links[id].role = Some(role);
                    match role {
                        LinkRole::Paper => paper = paper.or(Some(id)),
                        LinkRole::Code => code = code.or(Some(id)),
                        _ => {}
                    }
                }
            }
            let child_end = self.entries[child].range.end;
            let entry = &mut self.entries[parent];
            entry.range.end = entry.range.end.max(child_end);
            entry.links.extend(child_links);
            entry.paper = entry.paper.or(paper);
            entry.code = entry.code.or(code);
        }
    }

    /// Split an item that lists several papers, one per line with its own links, into one
    /// unit per paper. A line with a paper link ends a unit; lines after the last one stay
    /// with it; a unit with no title of its own (`[[arXiv](…)]` on its own line) joins the
    /// one before. No units (an empty vector) when the tokens hold one paper.
    fn split_units(&self, tokens: &[Token]) -> Vec<Vec<Token>> {
        let lines: Vec<&[Token]> = tokens
            .split(|t| matches!(t, Token::Break(_) | Token::Paragraph(_)))
            .filter(|line| {
                line.iter()
                    .any(|t| !matches!(t, Token::Text { text, .. } if text.trim().is_empty()))
            })
            .collect();
        // most items are one line: one unit, whatever its links are
        if lines.len() < 2 {
            return Vec::new();
        }
        let has_paper = |line: &[Token]| {
            line.iter().any(|t| match t {
                Token::Link(id) => {
                    let link = &self.links[*id];
                    !link.image
                        && match label_role(&link.text, &link.url) {
                            Some(role) => role == LinkRole::Paper,
                            None => is_paper_link(link),
                        }
                }
                _ => false,
            })
        };
        if lines.iter().filter(|line| has_paper(line)).count() < 2 {
            // one unit: the caller reads `tokens` itself
            return Vec::new();
        }
        let mut units: Vec<Vec<Token>> = Vec::new();
        let mut current: Vec<Token> = Vec::new();
        for line in lines {
            if !current.is_empty() {
                current.push(Token::Break(0..0));
            }
            current.extend(line.iter().cloned());
            if has_paper(line) {
                units.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            match units.last_mut() {
                Some(last) => {
                    last.push(Token::Break(0..0));
                    last.extend(current);
                }
                None => units.push(current),
            }
        }
        let mut merged: Vec<Vec<Token>> = Vec::new();
        for unit in units {
            let titled = !extract(&unit, &self.links).title.is_empty();
            match merged.last_mut() {
                Some(last) if !titled => {
                    last.push(Token::Break(0..0));
                    last.extend(unit);
                }
                _ => merged.push(unit),
            }
        }
        merged
    }

    fn units_range(&self, unit: &[Token]) -> Range<usize> {
        let mut start = usize::MAX;
        let mut end = 0;
        for token in unit {
            let range = match token {
                Token::Text { range, .. } => range.clone(),
                Token::Link(id) => self.links[*id].range.clone(),
                Token::Break(_) | Token::Paragraph(_) => continue,
            };
            start = start.min(range.start);
            end = end.max(range.end);
        }
        if start > end { 0..0 } else { start..end }
    }

    /// The links written in a unit, images inside its links included, in order.
    fn unit_links(&self, unit: &[Token]) -> Vec<LinkId> {
        let mut links = Vec::new();
        for token in unit {
            if let Token::Link(id) = token {
                let outer = self.links[*id].range.clone();
                links.push(*id);
                links.extend(
                    (id + 1..self.links.len())
                        .take_while(|&child| self.links[child].range.start < outer.end)
                        .filter(|&child| self.links[child].range.end <= outer.end),
                );
            }
        }
        links
    }

    fn start_row(&mut self, range: Range<usize>, body: bool) {
        let entry =
            body.then(|| self.push_entry(EntryKind::TableRow { table: 0, row: 0 }, range.clone()));
        if let Some(table) = &mut self.table {
            table.row = Some(RowBuilder {
                range,
                cells: Vec::new(),
                links: Vec::new(),
                entry,
            });
        }
    }

    fn end_row(&mut self, header: bool) {
        let table_id = self.tables.len();
        let Some(table) = &mut self.table else {
            return;
        };
        let Some(row) = table.row.take() else {
            return;
        };
        let range = trim_range(self.text, first_line(self.text, row.range.clone()));
        let written_cells = split_written_cells(self.text.get(range.clone()).unwrap_or("")).len();
        let (cells, tokens): (Vec<Cell>, Vec<Vec<Token>>) = row.cells.into_iter().unzip();
        if header {
            table.title_column = title_column(&cells);
            table.columns = HeaderColumns::of(&cells);
            table.header = Some(Row {
                range,
                cells,
                written_cells,
                entry: None,
            });
            return;
        }
        let row_index = table.rows.len();
        let title_column = table.title_column;
        let columns = table.columns;
        table.rows.push(Row {
            range: range.clone(),
            cells: cells.clone(),
            written_cells,
            entry: row.entry,
        });
        let Some(entry_id) = row.entry else {
            return;
        };
        // The title is the title column's text, or its link's text; without a title
        // column, the first cell that holds a link. The other cells follow as paragraphs,
        // so a venue or a `[Paper]` link in them is read but never the title.
        let listing: Vec<bool> = tokens
            .iter()
            .map(|cell| self.lists_named_links(cell))
            .collect();
        let column = title_column.or_else(|| {
            tokens.iter().enumerate().position(|(index, t)| {
                !listing[index]
                    && t.iter().any(
                        |tok| matches!(tok, Token::Link(id) if !is_image_only(*id, &self.links)),
                    )
            })
        });
        let mut ordered: Vec<Token> = Vec::new();
        // `| 明白问题的重要性【[研究的艺术](…)·二】 |`: a cell that opens with text and links
        // inside it is one title, link text included.
        let mut whole_cell_title = None;
        if let Some(c) = column
            && let Some(cell) = tokens.get(c)
        {
            let opens_with_text = cell.iter().find_map(|t| match t {
                Token::Text { text, style, .. } if !text.trim().is_empty() => Some(!style.any()),
                Token::Link(id) if !is_image_only(*id, &self.links) => Some(false),
                _ => None,
            });
            let title_links = cell.iter().any(|t| {
                matches!(t, Token::Link(id)
                    if !is_image_only(*id, &self.links)
                        && exact_label_role(&self.links[*id].text, &self.links[*id].url).is_none())
            });
            let images = cell
                .iter()
                .any(|t| matches!(t, Token::Link(id) if is_image_only(*id, &self.links)));
            if opens_with_text == Some(true) && title_links && !images {
                whole_cell_title = cells
                    .get(c)
                    .map(|cell| (clean_title(&cell.text), cell.range.clone()));
            }
            ordered.extend(cell.iter().cloned());
        }
        for (index, cell) in tokens.iter().enumerate() {
            if Some(index) != column {
                let at = cell.first().and_then(|t| t.start(&self.links)).unwrap_or(0);
                ordered.push(Token::Paragraph(at));
                ordered.extend(cell.iter().cloned());
            }
        }
        let entry = &mut self.entries[entry_id];
        entry.kind = EntryKind::TableRow {
            table: table_id,
            row: row_index,
        };
        entry.range = range;
        self.fill_entry(entry_id, &ordered, row.links);
        self.demote_listed_links(entry_id, &tokens, &listing, column);
        // `| **VEGA** | [VEGA: Learning …](…) |`: the name column holds the paper's short name
        let name_column = columns.name.filter(|&c| Some(c) != column);
        let entry = &mut self.entries[entry_id];
        if let Some((title, range)) = whole_cell_title {
            entry.title = title;
            entry.title_range = Some(range);
            entry.aliases.clear();
        }
        // A title column that holds only `[Paper](…)`: the name is in the first cell with text
        // (`| SkillSieve | ClawHub triage | … | [Paper](…) |`).
        if entry.title.is_empty()
            && let Some(cell) = column
                .into_iter()
                .chain(0..cells.len())
                .filter_map(|c| cells.get(c))
                .find(|cell| {
                    let text = clean_title(&cell.text);
                    !text.is_empty()
                        && exact_label_role(&text, "").is_none()
                        && text.chars().any(char::is_alphabetic)
                })
        {
            entry.title = clean_title(&cell.text);
            entry.title_range = Some(cell.range.clone());
        }
        // `| Yelp | … | [Link](…) |`: a row named in a plain cell whose one link says only
        // "link" points at the named thing; it is the row's title link, as `[Yelp](…)` is.
        let generic: Vec<LinkId> = entry
            .links
            .iter()
            .copied()
            .filter(|&id| !self.links[id].image)
            .collect();
        if entry.paper.is_none()
            && let [only] = generic[..]
            && exact_label_role(&self.links[only].text, "") == Some(LinkRole::Other)
        {
            self.links[only].role = Some(LinkRole::Title);
        }
        let entry = &mut self.entries[entry_id];
        if let Some(name) = name_column.and_then(|c| cells.get(c)) {
            let name = clean_title(&name.text);
            if !name.is_empty() && name.split_whitespace().count() <= 3 {
                entry.aliases.push(name);
                dedupe_aliases(&mut entry.aliases, &entry.title);
            }
        }
        if entry.year.is_none()
            && let Some(cell) = columns.year.and_then(|c| cells.get(c))
        {
            entry.year = crate::scan::word_year(&cell.text).and_then(|y| y.parse().ok());
        }
        if entry.venue.is_none()
            && let Some(cell) = columns.venue.and_then(|c| cells.get(c))
        {
            let venue = clean_title(&cell.text);
            let venue = venue.trim_matches(['-', '–', '—', ' ']);
            if !venue.is_empty() && venue.split_whitespace().count() <= 6 {
                entry.venue = Some(venue.to_string());
            }
        }
    }

    /// A cell that lists several named resources (`[ZSRE](…), [ZSRE plus](…), [CounterFact+](…)`
    /// in zjunlp's benchmark table): no one of them is the row's paper or code.
    fn lists_named_links(&self, cell: &[Token]) -> bool {
        let named = cell
            .iter()
            .filter(|t| {
                matches!(t, Token::Link(id)
                    if !is_image_only(*id, &self.links)
                        && label_role(&self.links[*id].text, &self.links[*id].url).is_none()
                        && !clean_title(&self.links[*id].text).is_empty())
            })
            .count();
        named >= 2
    }

    /// The links of listing cells (other than the title column) are mentions; the row keeps
    /// a paper or code link only from its other cells. zjunlp's `ZSRE` row took the survey's
    /// arXiv id from the `ZSRE plus` link beside it.
    fn demote_listed_links(
        &mut self,
        entry_id: EntryId,
        cells: &[Vec<Token>],
        listing: &[bool],
        column: Option<usize>,
    ) {
        let mut demoted = Vec::new();
        for (index, cell) in cells.iter().enumerate() {
            if !listing[index] || Some(index) == column {
                continue;
            }
            for token in cell {
                if let Token::Link(id) = token {
                    self.links[*id].role = Some(LinkRole::Mention);
                    demoted.push(*id);
                }
            }
        }
        if demoted.is_empty() {
            return;
        }
        let entry = &self.entries[entry_id];
        let first_with = |role: LinkRole| {
            entry
                .links
                .iter()
                .copied()
                .find(|id| !demoted.contains(id) && self.links[*id].role == Some(role))
        };
        let paper = entry
            .paper
            .filter(|id| !demoted.contains(id))
            .or_else(|| first_with(LinkRole::Paper));
        let code = entry
            .code
            .filter(|id| !demoted.contains(id))
            .or_else(|| first_with(LinkRole::Code));
        let entry = &mut self.entries[entry_id];
        entry.paper = paper;
        entry.code = code;
    }

    /// Decide which link of an entry is its title, paper, code, a badge or a mention.
    fn assign_roles(&mut self, entry_id: EntryId, tokens: &[Token]) {
        let entry = &self.entries[entry_id];
        let title_range = entry.title_range.clone();
        let mut after_separator = false;
        let mut paper = None;
        let mut code = None;
        let mut seen_title = title_range.is_none();
        for token in tokens {
            let id = match token {
                Token::Text { text, range, .. } => {
                    if seen_title && title_range.as_ref().is_none_or(|t| range.start >= t.end) {
                        after_separator |= has_separator(text);
                    }
                    continue;
                }
                Token::Link(id) => *id,
                Token::Break(_) | Token::Paragraph(_) => continue,
            };
            let link = &self.links[id];
            let is_title = title_range.as_ref() == Some(&link.range);
            if is_title
                || title_range
                    .as_ref()
                    .is_some_and(|t| link.range.start >= t.end)
            {
                seen_title = true;
            }
            let label = label_role(&link.text, &link.url);
            let role = if is_title {
                LinkRole::Title
            } else if link.image {
                if link.badge.is_some() {
                    LinkRole::Badge
                } else {
                    LinkRole::Other
                }
            } else if let Some(role) = label.filter(|role| {
                *role != LinkRole::Other && !(*role == LinkRole::Code && is_document_url(&link.url))
            }) {
                role
            } else if after_separator {
                LinkRole::Mention
            } else if is_paper_link(link) {
                LinkRole::Paper
            } else if is_code_url(&link.url) {
                LinkRole::Code
            } else {
                url_role(&link.url).unwrap_or(LinkRole::Other)
            };
            self.links[id].role = Some(role);
            let counts_as_paper = role == LinkRole::Paper
                || (role == LinkRole::Title && is_paper_link(&self.links[id]));
            let counts_as_code = role == LinkRole::Code
                || (role == LinkRole::Title && is_code_url(&self.links[id].url));
            if counts_as_paper && paper.is_none() {
                paper = Some(id);
            }
            if counts_as_code && code.is_none() {
                code = Some(id);
            }
        }
        // Images inside links (`[![Code](badge)](repo)`) were not tokens; give them their role.
        let entry_links = self.entries[entry_id].links.clone();
        for id in entry_links {
            if self.links[id].role.is_none() {
                let link = &self.links[id];
                let role = if link.badge.is_some() {
                    LinkRole::Badge
                } else {
                    LinkRole::Other
                };
                self.links[id].role = Some(role);
            }
        }
        let entry = &mut self.entries[entry_id];
        entry.paper = paper;
        entry.code = code;
    }

    /// LutingWang's list: a paragraph `Mimic. *CVPR 2017*. [[CVF](…)] <[GitHub](…)> \- …`, then
    /// a list of two link-less bullets, `- Title` and `- Authors`. The bullets name the paper,
    /// the paragraph gives its short name, venue and links: one entry. The author bullet was
    /// an entry titled with names, and no paper had a link.
    fn attach_link_paragraphs(&mut self) {
        let paragraphs = std::mem::take(&mut self.link_paragraphs);
        if paragraphs.is_empty() {
            return;
        }
        let mut items: Vec<EntryId> = (0..self.entries.len())
            .filter(|&id| !self.dropped[id] && self.entries[id].kind == EntryKind::ListItem)
            .collect();
        items.sort_by_key(|&id| self.entries[id].range.start);
        for (paragraph, paragraph_entry) in paragraphs {
            let end = trim_range(self.text, paragraph.range.clone()).end;
            // items are sorted: a binary search keeps a 10 MB list linear (issue 11)
            let at = items.partition_point(|&id| self.entries[id].range.start < end);
            let (Some(&title_id), Some(&names_id)) = (items.get(at), items.get(at + 1)) else {
                continue;
            };
            let (title, names) = (&self.entries[title_id], &self.entries[names_id]);
            let gap = |from: usize, to: usize| self.text.get(from..to).unwrap_or("x").to_string();
            let lines_between = |from: usize, to: usize| gap(from, to).matches('\n').count();
            let linkless = |entry: &Entry| entry.links.iter().all(|&l| self.links[l].image);
            // the two bullets are the whole list: nothing but the next paragraph follows
            let third_adjacent = items.get(at + 2).is_some_and(|&next| {
                lines_between(names.range.end, self.entries[next].range.start) == 1
            });
            if !gap(end, title.range.start).trim().is_empty()
                || title.depth != 0
                || names.depth != 0
                || lines_between(title.range.end, names.range.start) != 1
                || third_adjacent
                || !linkless(title)
                || !linkless(names)
                || title.title.is_empty()
                || !is_name_list(&names.title)
            {
                continue;
            }
            let fields = extract(&paragraph.tokens, &self.links);
            let authors = names.title.clone();
            self.dropped[names_id] = true;
            if let Some(id) = paragraph_entry {
                self.dropped[id] = true;
            }
            for &id in &paragraph.links {
                self.links[id].entry = Some(title_id);
                self.links[id].role = None;
            }
            let entry = &mut self.entries[title_id];
            entry.authors = Some(authors);
            // `*NeurIPS 2017*. [[NeurIPS](…)]`: no short name, only the venue
            match bare_venue(&fields.title) {
                Some((venue, year)) => {
                    entry.venue = entry.venue.take().or(Some(venue));
                    entry.year = entry.year.or(Some(year));
                }
                None if !fields.title.is_empty() => {
                    entry.aliases.push(fields.title);
                    dedupe_aliases(&mut entry.aliases, &entry.title);
                }
                None => {}
            }
            entry.venue = entry.venue.take().or(fields.venue);
            entry.year = entry.year.or(fields.year);
            if entry.description.is_empty() {
                entry.description = fields.description;
            }
            entry.range.start = trim_range(self.text, paragraph.range.clone()).start;
            entry.links = paragraph.links.clone();
            self.assign_roles(title_id, &paragraph.tokens);
        }
    }

    /// `* **Title** <br>` then `* Ana Ruiz*, Bo Chen* <br>` and the venue and links: a space
    /// after the `*` that should open the italic author line made it a bullet of its own
    /// (ChanganVR/awesome-embodied-vision). The author bullet is the title's byline: its
    /// links, venue and year belong to the title's entry.
    fn fold_author_bullets(&mut self) {
        let mut items: Vec<EntryId> = (0..self.entries.len())
            .filter(|&id| !self.dropped[id] && self.entries[id].kind == EntryKind::ListItem)
            .collect();
        items.sort_by_key(|&id| self.entries[id].range.start);
        for pair in items.windows(2) {
            let (title_id, byline_id) = (pair[0], pair[1]);
            let (title, byline) = (&self.entries[title_id], &self.entries[byline_id]);
            let adjacent = title.depth == byline.depth
                && title.section == byline.section
                && self
                    .text
                    .get(title.range.end..byline.range.start)
                    .is_some_and(|gap| gap.trim().is_empty() && gap.matches('\n').count() == 1);
            let linkless = |entry: &Entry| entry.links.iter().all(|&l| self.links[l].image);
            if self.dropped[title_id]
                || !adjacent
                || title.title.is_empty()
                || !linkless(title)
                || linkless(byline)
            {
                continue;
            }
            if !is_name_list(&byline.title) {
                // dair-ai's `1. Presents a technique …` then `  - https://arxiv.org/…`: indented
                // less than the number's text, the URL bullet is a list of its own
                if byline.title.is_empty() && self.indent_of(byline) > self.indent_of(title) {
                    let moved = byline.links.clone();
                    self.absorb_details(title_id, &[byline_id]);
                    // the bare URL was its own bullet's title link; here it is a detail
                    for id in moved {
                        if self.links[id].role == Some(LinkRole::Title) {
                            let link = &self.links[id];
                            let url = &link.url;
                            self.links[id].role = Some(if is_paper_link(link) {
                                LinkRole::Paper
                            } else if is_code_url(url) {
                                LinkRole::Code
                            } else {
                                url_role(url).unwrap_or(LinkRole::Other)
                            });
                        }
                    }
                }
                continue;
            }
            let byline = self.entries[byline_id].clone();
            for &id in &byline.links {
                self.links[id].entry = Some(title_id);
            }
            self.dropped[byline_id] = true;
            let entry = &mut self.entries[title_id];
            entry.authors = Some(byline.title);
            entry.venue = entry.venue.take().or(byline.venue);
            entry.year = entry.year.or(byline.year);
            entry.paper = byline.paper;
            entry.code = byline.code;
            entry.links.extend(byline.links);
            entry.range.end = byline.range.end;
            if entry.description.is_empty() {
                entry.description = byline.description;
            }
        }
    }

    /// Items that announce or introduce rather than list:
    /// - under a News / Updates heading, dated announcements (zjunlp's `**2023-10-08 Our paper
    ///   "[Title](…)" has been accepted …**` was an entry titled `2023-10-08 Our paper "`);
    /// - link-less items before the first section heading, in a list whose entries below
    ///   have links (yzhao062's `In this repository, you will find many: 1. Books …`).
    fn drop_news_and_preamble(&mut self) {
        let news: Vec<bool> = self
            .sections
            .iter()
            .map(|section| is_news_heading(&section.label))
            .collect();
        let first_section = self
            .sections
            .iter()
            .find(|section| section.level >= 2)
            .map(|section| section.range.start);
        let linked_below = |entry: &Entry| {
            first_section.is_some_and(|start| entry.range.start >= start)
                && entry.links.iter().any(|&l| !self.links[l].image)
        };
        let has_linked_entries = self
            .entries
            .iter()
            .enumerate()
            .any(|(id, entry)| !self.dropped[id] && linked_below(entry));
        for id in 0..self.entries.len() {
            let entry = &self.entries[id];
            if self.dropped[id] || entry.kind != EntryKind::ListItem {
                continue;
            }
            // `## News` over new papers (`- 🔥 Streaming Attention Sinks [[Paper]](…)`) lists
            let under_news = entry.section.is_some_and(|s| news[s])
                && reads_as_announcement(self.text.get(entry.range.clone()).unwrap_or(""));
            let in_preamble = has_linked_entries
                && first_section.is_some_and(|start| entry.range.end <= start)
                && entry.links.iter().all(|&l| self.links[l].image);
            if under_news || in_preamble {
                self.dropped[id] = true;
            }
        }
    }

    /// The column an entry's first line starts at (its bullet's indentation).
    fn indent_of(&self, entry: &Entry) -> usize {
        let line_start = self
            .text
            .get(..entry.range.start)
            .and_then(|head| head.rfind('\n'))
            .map_or(0, |at| at + 1);
        entry.range.start - line_start
    }

    /// A contents line is navigation, not an entry: an item or row whose every link goes into
    /// this document (`* [Embodied Question Answering](#eqa)` on ChanganVR's list was a
    /// "copy" of the paper of that name) and whose title, if any, is one of those links.
    fn drop_navigation(&mut self) {
        for (id, entry) in self.entries.iter().enumerate() {
            if self.dropped[id] || entry.kind == EntryKind::Paragraph {
                continue;
            }
            let links: Vec<&Link> = entry
                .links
                .iter()
                .map(|&l| &self.links[l])
                .filter(|link| !link.image)
                .collect();
            if links.is_empty() || !links.iter().all(|link| is_in_document(&link.url)) {
                continue;
            }
            let titled_by_link = entry.title.is_empty()
                || links.iter().any(|link| {
                    link.role == Some(LinkRole::Title) || clean_title(&link.text) == entry.title
                });
            if titled_by_link {
                self.dropped[id] = true;
            }
        }
    }

    /// Drop group labels and folded detail bullets, put entries in source order, and renumber
    /// what points at them.
    fn finish(mut self, tree: super::tree::Tree) -> Document {
        self.attach_link_paragraphs();
        self.fold_author_bullets();
        self.drop_navigation();
        self.drop_news_and_preamble();
        let mut order: Vec<EntryId> = (0..self.entries.len())
            .filter(|&id| !self.dropped[id])
            .collect();
        order.sort_by_key(|&id| self.entries[id].range.start);
        let mut new_id = vec![None; self.entries.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = Some(new);
        }
        let mut slots: Vec<Option<Entry>> = self.entries.into_iter().map(Some).collect();
        let entries: Vec<Entry> = order.iter().filter_map(|&old| slots[old].take()).collect();
        for link in &mut self.links {
            link.entry = link
                .entry
                .and_then(|old| new_id.get(old).copied().flatten());
        }
        for table in &mut self.tables {
            for row in &mut table.rows {
                row.entry = row.entry.and_then(|old| new_id.get(old).copied().flatten());
            }
        }
        let text = self.text.to_string();
        Document {
            memo: super::Memo::default(),
            line_index: LineIndex::new(&text),
            text,
            sections: self.sections,
            entries,
            links: self.links,
            tables: self.tables,
            html: self.html,
            tree,
            // A heading's anchor is recorded when it closes, after the ids inside it: the
            // set puts them in source order.
            anchors: AnchorSet::new(self.anchors),
        }
    }
}

/// The text of an HTML fragment: tags removed, common entities decoded, whitespace folded.
/// A bold run that opens a remark, not a title: `Note:`, `Update:`.
fn is_remark_label(text: &str) -> bool {
    let Some(label) = text.trim().strip_suffix(':') else {
        return false;
    };
    matches!(
        label.trim().to_lowercase().as_str(),
        "note"
            | "notes"
            | "nb"
            | "n.b."
            | "tip"
            | "tips"
            | "hint"
            | "update"
            | "updates"
            | "news"
            | "warning"
            | "caution"
            | "important"
            | "disclaimer"
            | "remark"
            | "todo"
            | "p.s."
            | "ps"
            | "info"
            | "attention"
            | "reminder"
    )
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' if inside => {
                inside = false;
                text.push(' ');
            }
            _ if !inside => text.push(c),
            _ => {}
        }
    }
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let decoded = after
            .find(';')
            .filter(|&end| end <= 10)
            .and_then(|end| entity(&after[..end]).map(|c| (c, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of an HTML entity name (`emsp`, `#39`, `#x2014`), for the entities lists
/// write: spaces, quotes, dashes.
fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" | "emsp" | "ensp" | "thinsp" | "emsp13" | "emsp14" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "middot" => '·',
        "copy" => '©',
        _ => return None,
    })
}

fn html_link(
    url: &str,
    fragment_range: &Range<usize>,
    tag: &super::HtmlTag,
    attribute: &super::html::Attribute,
    image: bool,
) -> Link {
    let offset = fragment_range.start;
    Link::new(
        url.trim().to_string(),
        offset + attribute.value_range.start..offset + attribute.value_range.end,
        offset + tag.range.start..offset + tag.range.end,
        LinkKind::Html,
        image,
    )
}

/// An author list: two or more names of two to four words each, split by commas or `and`
/// (`Hongcheng Wang*, Yuxuan Wang*, Hao Dong`), or one name and `et al.`. A title such as
/// `Vision, Language, and Action` has one-word parts and is none.
fn is_name_list(text: &str) -> bool {
    let text = text.replace(" and ", ", ");
    let mut names = 0;
    for part in text.split(',') {
        let part = part.trim().trim_matches(['*', '†', '‡', '#', ' ']);
        if part.is_empty() {
            continue;
        }
        if matches!(part, "et al." | "et al" | "etc.") {
            names += 1;
            continue;
        }
        let part = part.strip_suffix(" et al.").unwrap_or(part);
        let words: Vec<&str> = part.split_whitespace().collect();
        let is_name_word = |word: &&str| {
            let word = word.trim_matches(['*', '†', '‡', '.', '-']);
            word.chars().next().is_some_and(char::is_uppercase)
                || matches!(
                    word,
                    "van" | "von" | "de" | "der" | "da" | "di" | "le" | "la"
                )
        };
        if !(2..=4).contains(&words.len()) || !words.iter().all(is_name_word) {
            return false;
        }
        names += 1;
    }
    names >= 2 || (names == 1 && text.contains("et al"))
}

/// `We release …`, `Our paper … has been accepted`, `This project has been listed …`.
fn reads_as_announcement(text: &str) -> bool {
    let lower = text.to_lowercase();
    let first_person = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .any(|word| matches!(word, "we" | "our" | "us" | "we've" | "we're" | "we'll"));
    first_person
        || [
            "has been",
            "have been",
            "is released",
            "are released",
            "accepted",
            "release",
            "is ready",
            "is created",
            "add a new",
            "this repo",
            "this list",
            "this project",
            "tutorial",
        ]
        .iter()
        .any(|phrase| lower.contains(phrase))
}

/// `## 🔔 News`, `## Updates`, `## What's New`: a heading over announcements.
fn is_news_heading(label: &str) -> bool {
    let words: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    matches!(
        words.as_str(),
        "news"
            | "latest news"
            | "recent news"
            | "updates"
            | "update"
            | "latest updates"
            | "recent updates"
            | "news and updates"
            | "news updates"
            | "what's new"
            | "whats new"
            | "announcements"
            | "changelog"
            | "change log"
    )
}

/// A file a reader opens as a document, not code: `github.com/…/blob/main/Tutorial.pdf`
/// labelled `[Github]` is the tutorial's slides (zjunlp/KnowledgeEditingPapers).
fn is_document_url(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url).to_lowercase();
    [".pdf", ".ppt", ".pptx", ".key", ".doc", ".docx"]
        .iter()
        .any(|ext| path.ends_with(ext))
}

/// A link into the document itself: `#x`, `./#x`, `README.md#x`, `./README.md#x` (GitHub
/// resolves the last three against the rendered README).
fn is_in_document(url: &str) -> bool {
    let path = url.strip_prefix("./").unwrap_or(url);
    let Some((file, _fragment)) = path.split_once('#') else {
        return false;
    };
    file.is_empty() || file.eq_ignore_ascii_case("readme.md")
}

fn has_separator(text: &str) -> bool {
    let text = text.trim_start_matches(']');
    text.contains(" - ")
        || text.contains(" – ")
        || text.contains(" — ")
        || text.trim_start().starts_with("- ")
        || text.trim_start().starts_with("– ")
        || text.trim_start().starts_with("— ")
        || text.trim_start().starts_with(": ")
}

/// `https://x)` → `https://x` when the parenthesis closes text around the URL.
fn trim_url_end(url: &str) -> &str {
    let mut url = url;
    loop {
        let trimmed = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
        let trimmed = if trimmed.ends_with(')')
            && trimmed.matches('(').count() < trimmed.matches(')').count()
        {
            &trimmed[..trimmed.len() - 1]
        } else {
            trimmed
        };
        if trimmed.len() == url.len() {
            return url;
        }
        url = trimmed;
    }
}

/// Where the destination sits in `[text](dest "title")` (after the last top-level `](`).
fn inline_url_range(written: &str) -> Option<Range<usize>> {
    let bytes = written.as_bytes();
    if !written.ends_with(')') {
        return None;
    }
    // Walk back from the closing `)` to its matching `(`, skipping nested parentheses.
    let mut depth = 0usize;
    let mut open = None;
    for i in (0..bytes.len()).rev() {
        match bytes[i] {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    if i > 0 && bytes[i - 1] == b']' {
                        open = Some(i);
                        break;
                    }
                    return None;
                }
            }
            _ => {}
        }
    }
    let open = open?;
    let inner = &written[open + 1..written.len() - 1];
    destination_in(inner).map(|r| open + 1 + r.start..open + 1 + r.end)
}

/// Where the URL sits in `[label]: url "title"`.
fn definition_url_range(def: &str) -> Option<Range<usize>> {
    let colon = def.find("]:")? + 2;
    destination_in(&def[colon..]).map(|r| colon + r.start..colon + r.end)
}

/// The destination at the start of `  <url> "title"` or `url 'title'`.
fn destination_in(text: &str) -> Option<Range<usize>> {
    let start = text.len() - text.trim_start().len();
    let rest = &text[start..];
    if let Some(stripped) = rest.strip_prefix('<') {
        let end = stripped.find('>')?;
        return Some(start + 1..start + 1 + end);
    }
    let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    Some(start..start + end)
}

fn first_line(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = text.get(range.clone()).unwrap_or("");
    match slice.find('\n') {
        Some(n) => range.start..range.start + n,
        None => range,
    }
}

fn trim_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = text.get(range.clone()).unwrap_or("");
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    start..end.max(start)
}

/// The cells of a table row as written, split on `|` that is not escaped. GFM splits on a
/// `|` even inside a code span (`a|b`), so a code span does not protect it.
pub fn split_written_cells(row: &str) -> Vec<&str> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = match row.strip_suffix('|') {
        Some(inner) if !inner.ends_with('\\') => inner,
        _ => row,
    };
    if row.trim().is_empty() {
        return Vec::new();
    }
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in row.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '|' => {
                cells.push(&row[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    cells.push(&row[start..]);
    cells
}

/// The column that names the listed thing: `Title`, `Paper`, `Name`, `Method`.
fn title_column(header: &[Cell]) -> Option<usize> {
    let find = |words: &[&str]| {
        header.iter().position(|cell| {
            let text = cell.text.to_lowercase();
            words.iter().any(|w| text.contains(w))
        })
    };
    // `| Category | Model | Release Time | Link |`: a column named "Model" names the row
    let model = || {
        header.iter().position(|cell| {
            matches!(
                cell.text.trim().to_lowercase().as_str(),
                "model" | "models" | "llm" | "模型"
            )
        })
    };
    find(&["title", "标题"])
        .or_else(|| find(&["paper", "论文"]))
        .or_else(|| find(&["name", "method"]))
        .or_else(model)
}

/// Words of a header cell that names a group of rows rather than the row itself.
fn group_columns(header: &[Cell]) -> Vec<usize> {
    const GROUP_HEADERS: &[&str] = &[
        "category",
        "categories",
        "type",
        "class",
        "group",
        "domain",
        "field",
        "area",
        "topic",
        "分类",
        "类别",
    ];
    header
        .iter()
        .enumerate()
        .filter(|(_, cell)| GROUP_HEADERS.contains(&cell.text.trim().to_lowercase().as_str()))
        .map(|(index, _)| index)
        .collect()
}

/// The cell that names a row when its title column says only "Paper" or "Link": the title
/// column if it holds a name, else the first cell with words that is no group label, no
/// link label and no date (`| Quill-7 | 2023/04 | [Paper](…) |` names "Quill-7").
fn title_cell<'c>(cells: &'c [Cell], column: Option<usize>, group: &[bool]) -> Option<&'c Cell> {
    column
        .into_iter()
        .chain(0..cells.len())
        .filter(|&c| !group.get(c).copied().unwrap_or(false))
        .filter_map(|c| cells.get(c))
        .find(|cell| {
            let text = clean_title(&cell.text);
            !text.is_empty()
                && exact_label_role(&text, "").is_none()
                && text.chars().any(char::is_alphabetic)
                && crate::dates::date_format(&text).is_none()
        })
}

/// Put the written cells of an HTML row in their columns. A cell of an earlier row whose
/// `rowspan` still covers a column leaves an empty placeholder there; a `colspan` cell fills
/// its extra columns with placeholders. Returns the cells and, per column, whether the cell
/// spans rows (a group label such as a category).
#[allow(clippy::type_complexity)]
fn align_html_cells(
    carried: &mut Vec<usize>,
    written: Vec<(String, Range<usize>, Vec<Token>)>,
    spans: &[(usize, usize)],
) -> (Vec<(String, Range<usize>, Vec<Token>)>, Vec<bool>) {
    // Spans beyond any real table are typos; the cap keeps a hostile value from looping long.
    const MAX_COLSPAN: usize = 64;
    let placeholder = || (String::new(), 0..0, Vec::new());
    let mut cells = Vec::with_capacity(written.len());
    let mut spanning = Vec::with_capacity(written.len());
    let mut written = written.into_iter().zip(spans.iter().copied());
    let mut column = 0;
    loop {
        if let Some(left) = carried.get_mut(column)
            && *left > 0
        {
            *left -= 1;
            cells.push(placeholder());
            spanning.push(true);
            column += 1;
            continue;
        }
        let Some((cell, (rowspan, colspan))) = written.next() else {
            break;
        };
        let width = colspan.clamp(1, MAX_COLSPAN);
        if carried.len() < column + width {
            carried.resize(column + width, 0);
        }
        for slot in &mut carried[column..column + width] {
            *slot = rowspan.saturating_sub(1);
        }
        cells.push(cell);
        spanning.push(rowspan > 1);
        for _ in 1..width {
            cells.push(placeholder());
            spanning.push(rowspan > 1);
        }
        column += width;
    }
    for left in carried.iter_mut().skip(column) {
        *left = left.saturating_sub(1);
    }
    (cells, spanning)
}

/// A heading's text without what its decorations leave behind: the brackets of a dropped
/// back-link (`📖Topics ([©️back👆🏻](#paperlist))` → `📖Topics`) and doubled spaces.
fn heading_label(text: &str) -> String {
    let mut label = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for empty in ["()", "[]", "( )", "[ ]"] {
        label = label.replace(empty, "");
    }
    label.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture list, one after another: more than the threshold, and every layout the
    /// tests know (reference definitions, fenced code, HTML blocks, tables, nested lists).
    fn all_fixtures() -> String {
        let once = crate::test_util::all_fixture_lists();
        let mut text = String::new();
        while text.len() < TREE_THREAD_FROM_BYTES * 2 {
            text.push_str(&once);
        }
        text
    }

    #[test]
    fn the_tree_built_on_its_own_thread_is_the_tree_built_inline() {
        let text = all_fixtures();
        let threaded = parse_with(text.clone(), true);
        let inline = parse_with(text, false);
        assert!(!inline.tree().items.is_empty() && !inline.tree().definitions.is_empty());
        assert_eq!(
            format!("{:?}", threaded.tree()),
            format!("{:?}", inline.tree())
        );
        assert_eq!(
            format!("{:?}", threaded.entries()),
            format!("{:?}", inline.entries())
        );
        assert_eq!(
            format!("{:?}", threaded.links()),
            format!("{:?}", inline.links())
        );
    }
}
