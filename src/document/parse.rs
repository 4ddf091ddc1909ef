//! One pass of pulldown-cmark's offset iterator builds the whole `Document`.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;

use super::html::{TagKind, scan_tags};
use super::{
    Cell, Document, Entry, EntryId, EntryKind, HtmlFragment, Link, LinkId, LinkKind, LinkRole, Row,
    Section, SectionId, Table, parse_badge,
};
use crate::source::LineIndex;

static BARE_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"https?://[^\s<>\[\]"'`]+"#).expect("bare URL pattern is valid"));

/// Leading tags that are not part of a title: `[2023/06]`, `[12]`, `1.`, `(ICLR 2024)`.
static LEADING_TAGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:\[[^\]]*\]|\d+\.)\s*)+").expect("leading tag pattern is valid")
});

pub(super) fn parse(text: String) -> Document {
    // A BOM is not Markdown: parse after it and shift every range by its length.
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let body = &text[base..];
    let parser = Parser::new_ext(body, options);
    let definitions: HashMap<String, (String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| {
            let span = def.span.start + base..def.span.end + base;
            (normalize_label(label), (def.dest.to_string(), span))
        })
        .collect();
    let mut builder = Builder {
        text: &text,
        definitions,
        sections: Vec::new(),
        section_stack: Vec::new(),
        heading: None,
        entries: Vec::new(),
        items: Vec::new(),
        paragraph: None,
        links: Vec::new(),
        open_links: Vec::new(),
        html_anchor: None,
        tables: Vec::new(),
        table: None,
        html: Vec::new(),
        strong: 0,
        code_block: 0,
    };
    for (event, range) in parser.into_offset_iter() {
        builder.event(event, range.start + base..range.end + base);
    }
    builder.finish()
}

/// Labels match case-insensitively with runs of whitespace folded (CommonMark).
fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[derive(Debug)]
enum Token {
    Text {
        text: String,
        range: Range<usize>,
        strong: bool,
    },
    Link(LinkId),
}

#[derive(Debug)]
struct ItemBuilder {
    entry: EntryId,
    start: usize,
    own_end: Option<usize>,
    tokens: Vec<Token>,
    links: Vec<LinkId>,
    depth: usize,
}

#[derive(Debug)]
struct HeadingBuilder {
    level: u8,
    title: String,
    /// The title without images and in-page links, for messages.
    label: String,
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
}

struct Builder<'a> {
    text: &'a str,
    definitions: HashMap<String, (String, Range<usize>)>,
    sections: Vec<Section>,
    section_stack: Vec<SectionId>,
    heading: Option<HeadingBuilder>,
    entries: Vec<Entry>,
    items: Vec<ItemBuilder>,
    paragraph: Option<ParagraphBuilder>,
    links: Vec<Link>,
    open_links: Vec<LinkId>,
    html_anchor: Option<LinkId>,
    tables: Vec<Table>,
    table: Option<TableBuilder>,
    html: Vec<HtmlFragment>,
    strong: usize,
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
            Event::SoftBreak | Event::HardBreak => self.text_event(" ", range, false),
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
                    label: String::new(),
                });
            }
            Tag::List(_) => {
                if let Some(item) = self.items.last_mut() {
                    item.own_end.get_or_insert(range.start);
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
                });
            }
            Tag::CodeBlock(_) => self.code_block += 1,
            Tag::Strong => self.strong += 1,
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
            TagEnd::Paragraph => self.end_paragraph(),
            TagEnd::CodeBlock => self.code_block = self.code_block.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
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
            title: String::new(),
            title_range: None,
            paper: None,
            code: None,
            links: Vec::new(),
            description: String::new(),
            depth: 0,
            aliases: Vec::new(),
        });
        self.entries.len() - 1
    }

    fn text_event(&mut self, text: &str, range: Range<usize>, may_hold_urls: bool) {
        if let Some(heading) = &mut self.heading {
            heading.title.push_str(text);
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
        let mut pieces = Vec::new();
        let mut last = 0;
        if may_hold_urls && verbatim && self.heading.is_none() {
            for found in BARE_URL.find_iter(text) {
                let url = trim_url_end(found.as_str());
                if url.len() <= "https://".len() {
                    continue;
                }
                let start = found.start();
                let end = start + url.len();
                pieces.push((last..start, None));
                pieces.push((start..end, Some(url.to_string())));
                last = end;
            }
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
                        strong: self.strong > 0,
                    };
                    self.push_token(token);
                }
                None => {}
            }
        }
    }

    fn push_token(&mut self, token: Token) {
        if let Some(cell) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
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
        if let Some(row) = self.table.as_mut().and_then(|t| t.row.as_mut()) {
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
    /// has a link: hee9joon's list writes `**Title** \ *Authors* \ [[Paper](…)]`.
    fn end_paragraph(&mut self) {
        let Some(paragraph) = self.paragraph.take() else {
            return;
        };
        let opens_bold = paragraph
            .tokens
            .iter()
            .find(|t| match t {
                Token::Text { text, .. } => !text.trim().is_empty(),
                Token::Link(id) => !is_image_only(*id, &self.links),
            })
            .is_some_and(|t| matches!(t, Token::Text { strong: true, .. }));
        let has_link = paragraph.links.iter().any(|&id| !self.links[id].image);
        if !opens_bold || !has_link {
            return;
        }
        let (title, title_range, description) = list_title(&paragraph.tokens, &self.links);
        let entry = self.push_entry(EntryKind::Paragraph, paragraph.range.clone());
        for &id in &paragraph.links {
            self.links[id].entry = Some(entry);
        }
        let range = trim_range(self.text, paragraph.range);
        let record = &mut self.entries[entry];
        record.range = range;
        record.title = title;
        record.title_range = title_range;
        record.description = description;
        record.links = paragraph.links;
        self.assign_roles(entry, &paragraph.tokens);
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
                link.badge = parse_badge(&link.url, &link.text);
            }
        }
    }

    fn html_event(&mut self, range: Range<usize>, inline: bool) {
        let Some(fragment) = self.text.get(range.clone()) else {
            return;
        };
        let tags = scan_tags(fragment);
        self.html.push(HtmlFragment {
            range: range.clone(),
            inline,
        });
        for tag in tags {
            match (tag.name.as_str(), tag.kind) {
                ("a", TagKind::Open) => {
                    if let Some(href) = tag.attribute("href").filter(|a| !a.value.is_empty()) {
                        let id = self.new_link(html_link(&href.value, &range, &tag, href, false));
                        self.push_token(Token::Link(id));
                        self.html_anchor = Some(id);
                    }
                }
                ("a", TagKind::Close) => self.html_anchor = None,
                ("img", TagKind::Open | TagKind::SelfClosing) => {
                    if let Some(src) = tag.attribute("src").filter(|a| !a.value.is_empty()) {
                        let alt = tag.attribute("alt").map(|a| a.value.clone());
                        let mut link = html_link(&src.value, &range, &tag, src, true);
                        link.text = alt.unwrap_or_default();
                        link.badge = parse_badge(&link.url, &link.text);
                        link.parent = self.html_anchor;
                        let id = self.new_link(link);
                        if self.html_anchor.is_none() {
                            self.push_token(Token::Link(id));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn end_heading(&mut self, range: Range<usize>) {
        let Some(HeadingBuilder {
            level,
            title,
            label,
        }) = self.heading.take()
        else {
            return;
        };
        while let Some(&top) = self.section_stack.last() {
            if self.sections[top].level >= level {
                self.section_stack.pop();
            } else {
                break;
            }
        }
        let title = title.trim().to_string();
        let mut anchor = github_anchor(&title);
        let taken = self
            .sections
            .iter()
            .filter(|s| s.anchor == anchor || strip_counter(&s.anchor) == anchor)
            .count();
        if taken > 0 {
            anchor = format!("{anchor}-{taken}");
        }
        let label = heading_label(&label);
        self.sections.push(Section {
            level,
            title,
            label,
            anchor,
            range: trim_range(self.text, range),
            parent: self.section_stack.last().copied(),
        });
        self.section_stack.push(self.sections.len() - 1);
    }

    fn end_item(&mut self, range: Range<usize>) {
        let Some(item) = self.items.pop() else {
            return;
        };
        let end = item.own_end.unwrap_or(range.end).max(item.start);
        let own = trim_range(self.text, item.start..end);
        let links = item.links;
        let (title, title_range, description) = list_title(&item.tokens, &self.links);
        let entry = &mut self.entries[item.entry];
        entry.range = own;
        entry.depth = item.depth;
        entry.title = title;
        entry.title_range = title_range;
        entry.description = description;
        entry.links = links;
        self.assign_roles(item.entry, &item.tokens);
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
        // column, the first cell that holds a link.
        let column = title_column.or_else(|| {
            tokens.iter().position(|t| {
                t.iter()
                    .any(|tok| matches!(tok, Token::Link(id) if !self.links[*id].image))
            })
        });
        let (title, title_range) = match column.and_then(|c| tokens.get(c).map(|t| (c, t))) {
            Some((c, cell_tokens)) => {
                let (title, title_range, _) = list_title(cell_tokens, &self.links);
                if title.is_empty() {
                    (clean_title(&cells[c].text), Some(cells[c].range.clone()))
                } else {
                    (title, title_range)
                }
            }
            None => (String::new(), None),
        };
        let all_tokens: Vec<Token> = tokens.into_iter().flatten().collect();
        let entry = &mut self.entries[entry_id];
        entry.kind = EntryKind::TableRow {
            table: table_id,
            row: row_index,
        };
        entry.range = range;
        entry.title = title;
        entry.title_range = title_range;
        entry.links = row.links;
        self.assign_roles(entry_id, &all_tokens);
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
            let label = label_role(&link.text);
            let role = if is_title {
                LinkRole::Title
            } else if link.image {
                if link.badge.is_some() {
                    LinkRole::Badge
                } else {
                    LinkRole::Other
                }
            } else if let Some(role) = label {
                role
            } else if after_separator {
                LinkRole::Mention
            } else if is_paper_url(&link.url) {
                LinkRole::Paper
            } else if is_code_url(&link.url) {
                LinkRole::Code
            } else {
                LinkRole::Other
            };
            self.links[id].role = Some(role);
            let counts_as_paper = role == LinkRole::Paper
                || (role == LinkRole::Title && is_paper_url(&self.links[id].url));
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

    fn finish(self) -> Document {
        let text = self.text.to_string();
        Document {
            line_index: LineIndex::new(&text),
            text,
            sections: self.sections,
            entries: self.entries,
            links: self.links,
            tables: self.tables,
            html: self.html,
        }
    }
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

/// The title of a list item (or table cell) from its tokens: the text of a leading link
/// (`[Title](url) - …`), a leading bold run (`**Title** …`), or the text before the first
/// link or badge (`Title [[Paper](…)]`). Returns the title, where it is, and the description.
fn list_title(tokens: &[Token], links: &[Link]) -> (String, Option<Range<usize>>, String) {
    let mut index = 0;
    // Skip what precedes a title: whitespace, `[2023/06]`-style tags, images and badges.
    loop {
        match tokens.get(index) {
            Some(Token::Link(id)) if is_image_only(*id, links) => index += 1,
            Some(Token::Text { strong: false, .. }) => {
                // The parser splits `[2023/10] ` into `[`, `2023/10`, `] `: judge the run.
                let run: Vec<&Token> = tokens[index..]
                    .iter()
                    .take_while(|t| matches!(t, Token::Text { strong: false, .. }))
                    .collect();
                let (text, _) = join_text(&run);
                if !LEADING_TAGS.replace(&text, "").trim().is_empty() {
                    break;
                }
                index += run.len();
            }
            _ => break,
        }
    }
    let Some(first) = tokens.get(index) else {
        return (String::new(), None, String::new());
    };
    let (title, range, rest) = match first {
        Token::Link(id) => {
            let link = &links[*id];
            (link.text.clone(), Some(link.range.clone()), index + 1)
        }
        Token::Text { strong: true, .. } => {
            let run: Vec<&Token> = tokens[index..]
                .iter()
                .take_while(|t| matches!(t, Token::Text { strong: true, .. }))
                .collect();
            let (text, range) = join_text(&run);
            let consumed = index + run.len();
            // `**EfficientViT**: "EfficientViT: Memory Efficient …", CVPR, 2023`: the short
            // name in bold is followed by the paper's full title in quotes.
            let rest: Vec<&Token> = tokens[consumed..]
                .iter()
                .take_while(|t| matches!(t, Token::Text { .. }))
                .collect();
            let (after, after_range) = join_text(&rest);
            match quoted(after.trim_start().trim_start_matches(':')) {
                Some(full) if after.trim_start().starts_with(':') => (
                    full.to_string(),
                    after_range.or(range),
                    consumed + rest.len(),
                ),
                _ => (text, range, consumed),
            }
        }
        Token::Text { .. } => {
            let run: Vec<&Token> = tokens[index..]
                .iter()
                .take_while(|t| matches!(t, Token::Text { .. }))
                .collect();
            let (text, range) = join_text(&run);
            let text = LEADING_TAGS.replace(&text, "").into_owned();
            match quoted(&text) {
                Some(inner) => {
                    let consumed = index + run.len();
                    (inner.to_string(), range, consumed)
                }
                None => (text, range, index + run.len()),
            }
        }
    };
    let description: String = tokens[rest..]
        .iter()
        .filter_map(|t| match t {
            Token::Text { text, .. } => Some(text.as_str()),
            Token::Link(_) => None,
        })
        .collect();
    let description = description
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_start_matches(['-', '–', '—', ':', ']', ' ', ','])
        .trim()
        .to_string();
    (clean_title(&title), range, description)
}

/// An image, or a link whose only content is an image (`[![Star](badge)](repo)`).
fn is_image_only(id: LinkId, links: &[Link]) -> bool {
    let link = &links[id];
    link.image
        || links
            .iter()
            .skip(id + 1)
            .take_while(|child| child.range.start < link.range.end)
            .any(|child| child.parent == Some(id) && child.image && child.text == link.text)
}

fn join_text(run: &[&Token]) -> (String, Option<Range<usize>>) {
    let mut text = String::new();
    let mut range: Option<Range<usize>> = None;
    for token in run {
        if let Token::Text {
            text: t, range: r, ..
        } = token
        {
            text.push_str(t);
            range = Some(match range {
                Some(existing) => existing.start..r.end.max(existing.end),
                None => r.clone(),
            });
        }
    }
    (text, range)
}

/// `"Title", Venue, 2023` → `Title` (the cmhungsteve list quotes its titles).
fn quoted(text: &str) -> Option<&str> {
    let text = text.trim_start();
    let (open, close) = match text.chars().next()? {
        '"' => ('"', '"'),
        '“' => ('“', '”'),
        _ => return None,
    };
    let inner = &text[open.len_utf8()..];
    let end = inner.find(close)?;
    Some(&inner[..end])
}

/// Fold whitespace and cut the punctuation that joins a title to what follows it.
pub(crate) fn clean_title(title: &str) -> String {
    let folded = title.split_whitespace().collect::<Vec<_>>().join(" ");
    LEADING_TAGS
        .replace(&folded, "")
        .trim_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '[' | '(' | ',' | ':' | '-' | '–' | '—' | '|' | ';' | '*' | '_'
                )
        })
        .trim_end_matches('.')
        .trim()
        .to_string()
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

/// The role a link's text gives it: `[Paper]`, `[PDF]`, `[arXiv]`, `[Code]`, `[GitHub]`.
fn label_role(text: &str) -> Option<LinkRole> {
    let label: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    match label.as_str() {
        "paper" | "pdf" | "paper pdf" | "arxiv" | "arxiv paper" | "openreview" | "acl"
        | "acl anthology" | "doi" | "preprint" | "proceedings" | "publication" | "article" => {
            Some(LinkRole::Paper)
        }
        "code" | "github" | "gitlab" | "official code" | "repo" | "repository" | "pytorch"
        | "tensorflow" | "jax" | "source" | "source code" | "github repo" | "project code" => {
            Some(LinkRole::Code)
        }
        _ => None,
    }
}

fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url.trim())
        .ok()?
        .host_str()
        .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
}

/// Links that are the paper itself.
fn is_paper_url(url: &str) -> bool {
    crate::identity::paper_key(url).is_some()
}

fn is_code_url(url: &str) -> bool {
    matches!(
        host_of(url).as_deref(),
        Some("github.com" | "gitlab.com" | "bitbucket.org" | "codeberg.org")
    )
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
    find(&["title"])
        .or_else(|| find(&["paper"]))
        .or_else(|| find(&["name", "method"]))
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

/// GitHub's heading anchor: lower case, spaces to `-`, punctuation and emoji dropped.
pub(crate) fn github_anchor(title: &str) -> String {
    title
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

fn strip_counter(anchor: &str) -> &str {
    match anchor.rsplit_once('-') {
        Some((base, n)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => base,
        _ => anchor,
    }
}
