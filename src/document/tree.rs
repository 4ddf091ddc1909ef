//! The node-level view the guideline rules read (ported from upstream awesome-lint, which
//! works on remark's syntax tree): every list item's first paragraph as a row of inline
//! nodes, headings with their inline nodes, the block outline, reference definitions and the
//! bracketed labels that look like references but resolve to nothing.
//!
//! Entries (`Document::entries`) answer "what is listed"; this answers "how is it written",
//! which `awesome-list-item` and friends judge node by node like remark does.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{BrokenLink, Event, LinkType, Options, Parser, Tag, TagEnd};

/// The kind of an inline node, named after remark's (mdast) node types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InlineKind {
    Text,
    /// `[text](url)` or `<url>`.
    Link,
    /// `[text][label]`, `[label][]`, `[label]` with a definition.
    LinkReference,
    Image,
    InlineCode,
    Emphasis,
    Strong,
    Delete,
    Html,
    FootnoteReference,
    Break,
}

#[derive(Debug, Clone)]
pub struct Inline {
    pub kind: InlineKind,
    pub range: Range<usize>,
    /// The node's text as remark's `toString` gives it: text and code values of the node and
    /// its descendants, image alt text included; raw HTML for an HTML node.
    pub text: String,
    /// A link's or image's destination.
    pub url: String,
    pub children: Vec<Inline>,
}

impl Inline {
    fn new(kind: InlineKind, range: Range<usize>) -> Self {
        Self {
            kind,
            range,
            text: String::new(),
            url: String::new(),
            children: Vec::new(),
        }
    }

    pub fn is_link(&self) -> bool {
        matches!(self.kind, InlineKind::Link | InlineKind::LinkReference)
    }

    /// Images anywhere under this node (a badge inside a link).
    pub fn images(&self) -> Vec<&Inline> {
        let mut found = Vec::new();
        for child in &self.children {
            if child.kind == InlineKind::Image {
                found.push(child);
            }
            found.extend(child.images());
        }
        found
    }
}

/// One list item: where it is, how deep, and its first block.
#[derive(Debug, Clone)]
pub struct ListItem {
    pub range: Range<usize>,
    /// Index of its list in `Tree::lists`.
    pub list: usize,
    /// The inline nodes of its first block when that block is a paragraph; `None` when the
    /// item is empty or opens with another block.
    pub paragraph: Option<Vec<Inline>>,
    /// Where the first paragraph is, when there is one.
    pub paragraph_range: Option<Range<usize>>,
    /// Where its first nested list starts, if it has one.
    pub sublist: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct List {
    pub range: Range<usize>,
    /// 0 for a list at the top of the document (or in a block quote), 1 inside an item, …
    pub depth: usize,
    /// Indices into `Tree::items`, in order.
    pub items: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub range: Range<usize>,
    pub inlines: Vec<Inline>,
    /// `toString` of the heading.
    pub text: String,
}

/// What a top-level block is, for the rules that care which node opens the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Heading,
    Html,
    List,
    Other,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
    /// Nesting depth: 0 for the document's own children.
    pub depth: usize,
}

#[derive(Debug, Clone)]
pub struct Definition {
    /// The label as written.
    pub label: String,
    pub range: Range<usize>,
    /// Whether some link or image refers to it.
    pub used: bool,
}

/// `[text][label]`, `[label][]` or `[label]` whose label has no definition.
#[derive(Debug, Clone)]
pub struct BrokenReference {
    pub label: String,
    pub range: Range<usize>,
}

#[derive(Debug, Default)]
pub struct Tree {
    pub items: Vec<ListItem>,
    pub lists: Vec<List>,
    pub headings: Vec<Heading>,
    /// Every block (paragraph, heading, list, item, table, quote, code, HTML), in source
    /// order of their start.
    pub blocks: Vec<Block>,
    pub definitions: Vec<Definition>,
    /// Footnote definitions (`[^1]: text`), `used` when some `[^1]` refers to them.
    pub footnotes: Vec<Definition>,
    pub broken_references: Vec<BrokenReference>,
    /// Paragraphs that open with `-` glued to a link (`-[Name](url)`): a list item whose
    /// marker lacks its space, which Markdown reads as a paragraph.
    pub unspaced_markers: Vec<Range<usize>>,
}

/// Labels match case-insensitively with runs of whitespace folded (CommonMark).
pub(crate) fn normalize_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The options both halves of the document model parse with.
pub(super) const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_FOOTNOTES);

/// A parser over `body` that records the bracketed labels resolving to nothing in `broken`
/// (shifted by `base`, the offset of `body` in the document after a BOM). One parser feeds
/// both the entries' builder and the tree: a second pass over a 10 MB list cost 5% of
/// `check` (issue 11).
pub(super) fn parser<'a>(
    body: &'a str,
    base: usize,
    broken: &'a mut Vec<BrokenReference>,
) -> Parser<'a, impl pulldown_cmark::BrokenLinkCallback<'a> + 'a> {
    let callback = move |link: BrokenLink<'_>| {
        broken.push(BrokenReference {
            label: link.reference.to_string(),
            range: link.span.start + base..link.span.end + base,
        });
        None
    };
    Parser::new_with_broken_link_callback(body, OPTIONS, Some(callback))
}

/// The tree's half of the one pass over the parser's events.
pub(super) struct TreeParse {
    builder: TreeBuilder,
    definitions: Vec<Definition>,
}

impl TreeParse {
    /// Start with the parser's reference definitions (before its events are read).
    pub(super) fn new<'a, F: pulldown_cmark::BrokenLinkCallback<'a>>(
        parser: &Parser<'a, F>,
        base: usize,
    ) -> Self {
        let mut definitions: Vec<Definition> = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| Definition {
                label: label.to_string(),
                range: def.span.start + base..def.span.end + base,
                used: false,
            })
            .collect();
        definitions.sort_by_key(|d| d.range.start);
        Self {
            builder: TreeBuilder::default(),
            definitions,
        }
    }

    /// One event, its range already shifted past a BOM.
    pub(super) fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        self.builder.event(event, range);
    }

    /// The tree, with the broken references the parser recorded.
    pub(super) fn finish(self, broken: Vec<BrokenReference>) -> Tree {
        let Self {
            builder,
            mut definitions,
        } = self;
        let mut tree = builder.tree;
        for definition in &mut definitions {
            definition.used = builder
                .used_labels
                .contains(&normalize_label(&definition.label));
        }
        tree.definitions = definitions;
        for footnote in &mut tree.footnotes {
            footnote.used = builder
                .used_footnotes
                .contains(&normalize_label(&footnote.label));
        }
        tree.blocks.sort_by_key(|b| b.range.start);
        tree.broken_references = broken;
        tree
    }
}

#[derive(Default)]
struct TreeBuilder {
    tree: Tree,
    /// How many blocks are open.
    depth: usize,
    /// Open lists (indices into `tree.lists`).
    list_stack: Vec<usize>,
    /// Open items, innermost last.
    item_stack: Vec<ItemFrame>,
    /// Inline nodes being built: a stack of open containers; the bottom one collects the row.
    inline_stack: Vec<Inline>,
    /// What the collected row belongs to.
    collecting: Option<Collecting>,
    used_labels: HashSet<String>,
    used_footnotes: HashSet<String>,
    in_code_block: usize,
}

#[derive(Debug)]
struct ItemFrame {
    id: usize,
    /// The block depth of the item's own children.
    children_depth: usize,
    /// Whether the item's first block has started.
    first_block_seen: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Collecting {
    ItemParagraph(usize),
    /// Any other paragraph: only checked for `-[Name](url)`, then dropped.
    Paragraph,
    /// A tight item's first paragraph: pulldown-cmark gives no paragraph events for it.
    TightItem(usize),
    Heading(usize),
}

impl TreeBuilder {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) if self.in_code_block == 0 => {
                self.inline_content(&range);
                self.push_text(&text, range);
            }
            Event::Code(code) => {
                self.inline_content(&range);
                self.leaf(InlineKind::InlineCode, &code, range);
            }
            Event::InlineHtml(html) => {
                self.inline_content(&range);
                self.leaf(InlineKind::Html, &html, range);
            }
            Event::SoftBreak => {
                self.inline_content(&range);
                self.push_text("\n", range);
            }
            Event::HardBreak => {
                self.inline_content(&range);
                self.leaf(InlineKind::Break, "", range);
            }
            Event::FootnoteReference(label) => {
                self.used_footnotes.insert(normalize_label(&label));
                self.inline_content(&range);
                self.leaf(InlineKind::FootnoteReference, &label, range);
            }
            _ => {}
        }
    }

    /// A block starts: record it, and note whether it is the first block of an item.
    fn open_block(&mut self, kind: BlockKind, range: &Range<usize>) {
        if let Some(frame) = self.item_stack.last_mut()
            && frame.children_depth == self.depth
        {
            frame.first_block_seen = true;
        }
        if matches!(self.collecting, Some(Collecting::TightItem(_))) {
            // A nested list ends a tight item's text.
            self.finish_row();
        }
        self.tree.blocks.push(Block {
            kind,
            range: range.clone(),
            depth: self.depth,
        });
        self.depth += 1;
    }

    /// Inline content outside any paragraph or heading is a tight item's first paragraph.
    fn inline_content(&mut self, range: &Range<usize>) {
        if self.collecting.is_some() {
            return;
        }
        if let Some(frame) = self.item_stack.last_mut()
            && frame.children_depth == self.depth
            && !frame.first_block_seen
        {
            frame.first_block_seen = true;
            let id = frame.id;
            self.tree.items[id].paragraph_range = Some(range.clone());
            self.collecting = Some(Collecting::TightItem(id));
            self.inline_stack = vec![Inline::new(InlineKind::Text, range.clone())];
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.open_block(BlockKind::Heading, &range);
                self.tree.headings.push(Heading {
                    level: level as u8,
                    range: range.clone(),
                    inlines: Vec::new(),
                    text: String::new(),
                });
                self.collecting = Some(Collecting::Heading(self.tree.headings.len() - 1));
                self.inline_stack = vec![Inline::new(InlineKind::Text, range)];
            }
            Tag::Paragraph => {
                let first_in_item = self
                    .item_stack
                    .last()
                    .filter(|f| f.children_depth == self.depth && !f.first_block_seen)
                    .map(|f| f.id);
                self.open_block(BlockKind::Other, &range);
                if let Some(item) = first_in_item {
                    self.tree.items[item].paragraph_range = Some(range.clone());
                    self.collecting = Some(Collecting::ItemParagraph(item));
                    self.inline_stack = vec![Inline::new(InlineKind::Text, range)];
                } else if self.collecting.is_none() {
                    self.collecting = Some(Collecting::Paragraph);
                    self.inline_stack = vec![Inline::new(InlineKind::Text, range)];
                }
            }
            Tag::List(_) => {
                if let Some(frame) = self.item_stack.last() {
                    self.tree.items[frame.id].sublist.get_or_insert(range.start);
                }
                let nesting = self.item_stack.len();
                self.open_block(BlockKind::List, &range);
                self.tree.lists.push(List {
                    range,
                    depth: nesting,
                    items: Vec::new(),
                });
                self.list_stack.push(self.tree.lists.len() - 1);
            }
            Tag::Item => {
                self.open_block(BlockKind::Other, &range);
                let list = self.list_stack.last().copied().unwrap_or(0);
                self.tree.items.push(ListItem {
                    range,
                    list,
                    paragraph: None,
                    paragraph_range: None,
                    sublist: None,
                });
                let id = self.tree.items.len() - 1;
                if let Some(list) = self.tree.lists.get_mut(list) {
                    list.items.push(id);
                }
                self.item_stack.push(ItemFrame {
                    id,
                    children_depth: self.depth,
                    first_block_seen: false,
                });
            }
            Tag::CodeBlock(_) => {
                self.in_code_block += 1;
                self.open_block(BlockKind::Other, &range);
            }
            Tag::HtmlBlock => self.open_block(BlockKind::Html, &range),
            Tag::FootnoteDefinition(label) => {
                self.tree.footnotes.push(Definition {
                    label: label.to_string(),
                    range: range.clone(),
                    used: false,
                });
                self.open_block(BlockKind::Other, &range);
            }
            Tag::BlockQuote(_) | Tag::Table(_) | Tag::DefinitionList => {
                self.open_block(BlockKind::Other, &range)
            }
            Tag::Emphasis => self.open_inline(InlineKind::Emphasis, range, String::new()),
            Tag::Strong => self.open_inline(InlineKind::Strong, range, String::new()),
            Tag::Strikethrough => self.open_inline(InlineKind::Delete, range, String::new()),
            Tag::Link {
                link_type,
                dest_url,
                id,
                ..
            } => {
                let kind = self.reference_kind(link_type, &id, InlineKind::Link);
                self.open_inline(kind, range, dest_url.to_string());
            }
            Tag::Image {
                link_type,
                dest_url,
                id,
                ..
            } => {
                self.reference_kind(link_type, &id, InlineKind::Image);
                self.open_inline(InlineKind::Image, range, dest_url.to_string());
            }
            _ => {}
        }
    }

    /// Note a reference's label as used; a resolved reference link is a `LinkReference`.
    fn reference_kind(
        &mut self,
        link_type: LinkType,
        label: &str,
        plain: InlineKind,
    ) -> InlineKind {
        match link_type {
            LinkType::Reference | LinkType::Collapsed | LinkType::Shortcut => {
                self.used_labels.insert(normalize_label(label));
                if plain == InlineKind::Link {
                    InlineKind::LinkReference
                } else {
                    plain
                }
            }
            _ => plain,
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph => {
                self.finish_row();
                self.depth = self.depth.saturating_sub(1);
            }
            TagEnd::List(_) => {
                self.list_stack.pop();
                self.depth = self.depth.saturating_sub(1);
            }
            TagEnd::Item => {
                if matches!(self.collecting, Some(Collecting::TightItem(_))) {
                    self.finish_row();
                }
                self.item_stack.pop();
                self.depth = self.depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.in_code_block = self.in_code_block.saturating_sub(1);
                self.depth = self.depth.saturating_sub(1);
            }
            TagEnd::HtmlBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::Table
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionList => {
                self.depth = self.depth.saturating_sub(1);
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image => self.close_inline(range),
            _ => {}
        }
    }

    fn open_inline(&mut self, kind: InlineKind, range: Range<usize>, url: String) {
        self.inline_content(&range);
        if self.collecting.is_none() {
            return;
        }
        let mut node = Inline::new(kind, range);
        node.url = url;
        self.inline_stack.push(node);
    }

    fn close_inline(&mut self, range: Range<usize>) {
        if self.collecting.is_none() || self.inline_stack.len() < 2 {
            return;
        }
        let Some(mut node) = self.inline_stack.pop() else {
            return;
        };
        node.range = node.range.start..range.end.max(node.range.start);
        let text = node.text.clone();
        for open in &mut self.inline_stack[1..] {
            open.text.push_str(&text);
        }
        if let Some(parent) = self.inline_stack.last_mut() {
            parent.children.push(node);
        }
    }

    /// Text joins the text node before it, as in remark (pulldown-cmark splits text at
    /// brackets and entities).
    fn push_text(&mut self, text: &str, range: Range<usize>) {
        if self.collecting.is_none() {
            return;
        }
        for open in &mut self.inline_stack[1..] {
            open.text.push_str(text);
        }
        let Some(parent) = self.inline_stack.last_mut() else {
            return;
        };
        if let Some(last) = parent.children.last_mut()
            && last.kind == InlineKind::Text
        {
            last.text.push_str(text);
            last.range.end = range.end.max(last.range.end);
            return;
        }
        let mut node = Inline::new(InlineKind::Text, range);
        node.text = text.to_string();
        parent.children.push(node);
    }

    fn leaf(&mut self, kind: InlineKind, text: &str, range: Range<usize>) {
        if self.collecting.is_none() {
            return;
        }
        // An HTML node has no text for `toString`; code and footnote labels do.
        let counted = if kind == InlineKind::Html { "" } else { text };
        for open in &mut self.inline_stack[1..] {
            open.text.push_str(counted);
        }
        let mut node = Inline::new(kind, range);
        node.text = text.to_string();
        if let Some(parent) = self.inline_stack.last_mut() {
            parent.children.push(node);
        }
    }

    /// Close the row being collected and store it where it belongs.
    fn finish_row(&mut self) {
        let Some(collecting) = self.collecting.take() else {
            return;
        };
        // Links left open by malformed input close here.
        while self.inline_stack.len() > 1 {
            let end = self.inline_stack.last().map_or(0, |n| n.range.end);
            self.collecting = Some(collecting);
            self.close_inline(end..end);
            self.collecting = None;
        }
        let Some(root) = self.inline_stack.pop() else {
            return;
        };
        let end = root.children.last().map(|n| n.range.end);
        match collecting {
            Collecting::ItemParagraph(id) | Collecting::TightItem(id) => {
                let item = &mut self.tree.items[id];
                if let (Some(range), Some(end)) = (&mut item.paragraph_range, end) {
                    range.end = range.end.max(end);
                }
                item.paragraph = Some(root.children);
            }
            Collecting::Paragraph => {
                if let [first, second, ..] = root.children.as_slice()
                    && first.kind == InlineKind::Text
                    && first.text == "-"
                    && second.is_link()
                {
                    self.tree.unspaced_markers.push(root.range.clone());
                }
            }
            Collecting::Heading(id) => {
                let heading = &mut self.tree.headings[id];
                heading.text = root.children.iter().map(|n| n.text_value()).collect();
                heading.inlines = root.children;
            }
        }
    }
}

impl Inline {
    /// remark's `toString`: an HTML node counts as nothing.
    pub fn text_value(&self) -> &str {
        if self.kind == InlineKind::Html {
            ""
        } else {
            &self.text
        }
    }
}

/// remark's `toString` of a row of nodes.
pub fn to_string(nodes: &[Inline]) -> String {
    nodes.iter().map(Inline::text_value).collect()
}

/// The first line of `range` in `text` (a footnote definition may run over many).
pub fn first_line_range(text: &str, range: Range<usize>) -> Range<usize> {
    let slice = text.get(range.clone()).unwrap_or("");
    let slice = slice.trim_end();
    match slice.find('\n') {
        Some(n) => range.start..range.start + n,
        None => range.start..range.start + slice.len(),
    }
}
