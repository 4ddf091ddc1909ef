use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::document::tree::{Inline, InlineKind, ListItem, Tree, to_string};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "awesome-list-item",
    default_severity: Severity::Error,
    summary: "a list item is not `[name](url) - Description.`",
    doc: include_str!("../../rules/awesome-list-item.md"),
    network: false,
    fixable: true,
};

/// The awesome guidelines' entry shape: a link, ` - `, a capitalised description ending in
/// punctuation.
#[derive(Debug, Default)]
pub struct AwesomeListItem;

/// What a description may hold besides text.
const DESCRIPTION_NODES: [InlineKind; 10] = [
    InlineKind::Emphasis,
    InlineKind::FootnoteReference,
    InlineKind::Html,
    InlineKind::Image,
    InlineKind::InlineCode,
    InlineKind::Link,
    InlineKind::LinkReference,
    InlineKind::Strong,
    InlineKind::Text,
    InlineKind::Break,
];

/// What a description may end with. Inline code is accepted, unlike upstream: a command
/// such as `npm i x` is clearer without a period glued to it.
const SUFFIX_NODES: [InlineKind; 7] = [
    InlineKind::Emphasis,
    InlineKind::Html,
    InlineKind::Image,
    InlineKind::Link,
    InlineKind::Strong,
    InlineKind::Text,
    InlineKind::InlineCode,
];

/// What a link's text may be made of (a badge as the main link is not a name).
const LINK_TEXT_NODES: [InlineKind; 4] = [
    InlineKind::Emphasis,
    InlineKind::InlineCode,
    InlineKind::Strong,
    InlineKind::Text,
];

static INVALID_WHITESPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\s\u{00A0}]-[\s\u{00A0}]").expect("valid pattern"));
/// Only real dashes: upstream's pattern also takes a `/`, and calls ` / x` an en-dash.
static LONG_DASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[\u{2013}\u{2014}]").expect("valid pattern"));
static DASH_BEFORE_CAPITAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r" - [A-Z]").expect("valid pattern"));
static ONLY_PARENTHETICAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s\([^)]+\)\s*$").expect("valid pattern"));
/// A bracketed year after the title, with a venue maybe: ` [2023]`, ` [2023, NeurIPS 2024]`.
static YEAR_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ \[[^\[\]]*\b(?:19|20)\d{2}\b[^\[\]]*\]").expect("valid pattern")
});
static PARENTHETICAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\([^)]+\)$").expect("valid pattern"));
/// Emoji and GitHub emoji shortcodes (`:yen:` marks paid products in awesome-docker) before
/// the first word: they are not the word.
static LEADING_EMOJI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\s|:[a-z0-9_+-]+:)*").expect("valid pattern"));
static WORD_SPLIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[- ;./'’·]").expect("valid pattern"));

/// Emoji and the joiners and selectors that build them.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0x2300..=0x23FF
        | 0x2190..=0x21FF | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
        || matches!(c, '©' | '®' | '™' | '‼' | '⁉')
}

fn ends_with_emoji(text: &str) -> bool {
    text.chars().next_back().is_some_and(is_emoji)
}

fn without_emoji(text: &str) -> String {
    text.chars().filter(|&c| !is_emoji(c)).collect()
}

fn words(text: &str) -> Vec<&str> {
    WORD_SPLIT.split(text).filter(|w| !w.is_empty()).collect()
}

fn is_absolute_url(url: &str) -> bool {
    let url = url.trim();
    !url.contains(' ') && url::Url::parse(url).is_ok()
}

/// The sentence marks a description may end with, the CJK full-width ones included
/// (upstream knows only the Latin ones and reports `工具。`).
fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn valid_suffix(description: &str, suffix: &str) -> bool {
    let description = description.trim_end();
    let mut chars = description.chars().rev();
    let last = chars.next();
    // A closing quote after the mark (`“It works.”`) or the mark after a quote (`“X”.`)
    // both pass; a mark on both sides (`“X.”.`) does not.
    match last {
        Some(c) if is_terminal(c) => {
            let before: String = description
                .trim_end_matches(is_terminal)
                .chars()
                .rev()
                .take(2)
                .collect();
            let mut before = before.chars();
            let quote = before.next();
            let mark = before.next();
            return !(matches!(quote, Some('"' | '”')) && mark.is_some_and(is_terminal));
        }
        Some('"' | '”') if chars.next().is_some_and(is_terminal) => return true,
        _ => {}
    }
    if !description.contains(is_terminal) {
        let tokens = words(description);
        if tokens.len() > 2 || !tokens.last().is_some_and(|t| ends_with_emoji(t)) {
            return false;
        }
    }
    suffix.trim_end().ends_with(')') || ends_with_emoji(suffix)
}

/// The first word of a description must look like the start of a sentence or a name.
fn valid_casing(text: &str) -> Result<(), &'static str> {
    let stripped = text.get(3..).unwrap_or("");
    let stripped = stripped.trim_start_matches(|c: char| is_emoji(c) || c.is_whitespace());
    let stripped = &stripped[LEADING_EMOJI.find(stripped).map_or(0, |m| m.end())..];
    let Some(first) = words(stripped).first().copied() else {
        return Err("list item description must start with a non-empty string");
    };
    // `/usr/bin`, `@scope`, `#tag`, `$var`, `~/.config`
    if stripped
        .trim_start()
        .starts_with(['/', '@', '#', '$', '~', '&', '%'])
    {
        return Ok(());
    }
    if first.starts_with(['"', '\'', '(', '“', '‘']) || first.contains(|c: char| c.is_ascii_digit())
    {
        return Ok(());
    }
    if first == "npm" {
        return Ok(());
    }
    let letters: Vec<char> = first.chars().filter(|c| c.is_alphanumeric()).collect();
    // Scripts without letter case (CJK, Arabic, Devanagari…) have nothing to capitalise.
    let Some(&initial) = letters.iter().find(|c| c.is_alphabetic()) else {
        return Ok(());
    };
    if !initial.is_lowercase() || letters.iter().any(|c| c.is_uppercase()) {
        return Ok(());
    }
    Err("list item description must start with valid casing")
}

/// A separator written with a long dash or no-break spaces, as it stands in the source.
static ODD_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t\u{00A0}]*(?:[\u{2013}\u{2014}]|[ \t\u{00A0}]-)[ \t\u{00A0}]*")
        .expect("valid pattern")
});

/// The edit that makes an en-dash, em-dash or no-break-space separator ` - `: the same
/// separator in the guidelines' spelling, so safe. `tag_len` skips a year tag before it.
/// None when the source is not written as the text reads (an entity, an escape) or no
/// description follows.
fn separator_edit(source: &str, description: &[Inline], tag_len: usize) -> Option<Edit> {
    let prefix = description.first()?;
    let written = source.get(prefix.range.clone())?;
    if written.get(..tag_len)? != prefix.text.get(..tag_len)? {
        return None;
    }
    let rest = written.get(tag_len..)?;
    let separator = ODD_SEPARATOR.find(rest)?;
    let nothing_follows = separator.end() == rest.len() && description.len() == 1;
    if nothing_follows || !separator.as_str().contains(['-', '–', '—']) {
        return None;
    }
    let start = prefix.range.start + tag_len;
    Some(Edit::replace(start..start + separator.end(), " - "))
}

/// The edit that makes a colon separator, `[Name](url): Description.` (every entry of
/// Danielskry's RAG list), the guidelines' ` - `: the same separation in another spelling.
/// None when the colon is not the first thing after the link, or nothing follows it.
fn colon_edit(source: &str, prefix: &Inline, tag_len: usize) -> Option<Edit> {
    if prefix.kind != InlineKind::Text || tag_len != 0 {
        return None;
    }
    let written = source.get(prefix.range.clone())?;
    let rest = written.strip_prefix(':')?;
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let after = &rest[spaces..];
    if spaces == 0 || after.is_empty() || after.starts_with(['\n', '\r']) {
        return None;
    }
    let start = prefix.range.start;
    Some(Edit::replace(start..start + 1 + spaces, " - "))
}

/// The edit that ends a description with a period: the last text of the item ends in a
/// letter or digit, written as it reads (no escape or entity at its end).
fn period_edit(source: &str, suffix: &Inline) -> Option<Edit> {
    if suffix.kind != InlineKind::Text {
        return None;
    }
    let written = source.get(suffix.range.clone())?.trim_end();
    let text = suffix.text.trim_end();
    if !text.ends_with(char::is_alphanumeric) || !written.ends_with(text.chars().last()?) {
        return None;
    }
    let at = suffix.range.start + written.len();
    Some(Edit::replace(at..at, "."))
}

/// Whether a description opens with badges and then the dash, `![](stars.svg) - Does.`
/// (EthicalML's production-ML list puts a stars badge between every name and its dash).
fn badge_then_dash(description: &[Inline]) -> bool {
    let badges = description
        .iter()
        .take_while(|node| is_badge(node) || is_blank_text(node))
        .count();
    description[..badges].iter().any(is_badge)
        && description.get(badges).is_some_and(|node| {
            node.kind == InlineKind::Text && node.text.trim_start().starts_with("- ")
        })
}

/// Whether the description opens with the entry's own name, written as the name is
/// (`dogpile.cache is a caching API.` in awesome-python): a name keeps its case, and
/// repeating it is `no-repeat-item-in-description`'s finding, not a casing one.
fn starts_with_name(description: &str, name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && description
            .strip_prefix(" - ")
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| !rest.starts_with(char::is_alphanumeric))
}

/// Whether `nodes` is only links in brackets after the title, the paper idiom
/// `[Title](url) [[Paper](…)] [[Code](…)]`: citation links, not a description.
fn only_bracketed_links(nodes: &[Inline]) -> bool {
    nodes.iter().any(Inline::is_link)
        && nodes.iter().all(|node| match node.kind {
            InlineKind::Text => node
                .text
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '[' | ']' | '|' | ',' | '(' | ')')),
            InlineKind::Link | InlineKind::LinkReference | InlineKind::Image | InlineKind::Html => {
                true
            }
            _ => false,
        })
}

impl Rule for AwesomeListItem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let tree = doc.tree();
        for range in &tree.unspaced_markers {
            cx.report(
                range.clone(),
                "list item marker must be followed by a space",
            )
            .help("write `- [Name](url)`: without the space it is a paragraph, not an item");
        }
        // With a `## Contents`, the lists before the first section are the contents.
        let scope_start = match tree
            .headings
            .iter()
            .position(|h| h.level == 2 && h.text.trim() == "Contents")
        {
            Some(toc) => match tree.headings.get(toc + 1) {
                Some(section) => section.range.start,
                None => return,
            },
            None => 0,
        };
        // Link spans sorted once: asking every item about every link of the file was
        // quadratic (3 s of a 10 MB list).
        let mut spans: Vec<(usize, usize)> = doc
            .links()
            .iter()
            .filter(|link| !link.image)
            .map(|link| (link.range.start, link.range.end))
            .collect();
        spans.sort_unstable();
        let contents = contents_lists(tree);
        for (index, list) in tree.lists.iter().enumerate() {
            if list.range.start < scope_start || contents.contains(&index) {
                continue;
            }
            for &item in &list.items {
                check_item(cx, doc.text(), &tree.items[item], list.depth, &spans);
            }
        }
    }
}

/// An image, or a link around nothing but images: a badge.
fn is_badge(node: &Inline) -> bool {
    match node.kind {
        InlineKind::Image => true,
        InlineKind::Link | InlineKind::LinkReference => {
            !node.children.is_empty()
                && node
                    .children
                    .iter()
                    .all(|child| child.kind == InlineKind::Image || is_blank_text(child))
                && node
                    .children
                    .iter()
                    .any(|child| child.kind == InlineKind::Image)
        }
        _ => false,
    }
}

/// Whether a paragraph is only resource links with no words of its own: badges (images,
/// links around images), HTML links such as `<a href=…><img …></a>` or `<a href=…>Code</a>`,
/// and blank text between them.
fn only_badges(nodes: &[Inline]) -> bool {
    let mut html_depth = 0usize;
    let mut any = false;
    for node in nodes {
        match node.kind {
            InlineKind::Html => {
                let tag = node.text.trim();
                if tag.starts_with("<!") {
                    return false;
                }
                if tag.starts_with("</") {
                    html_depth = html_depth.saturating_sub(1);
                } else if tag.starts_with("<a") || tag.starts_with("<A") {
                    html_depth += 1;
                    any = true;
                }
            }
            InlineKind::Text if html_depth > 0 || node.text.trim().is_empty() => {}
            _ if is_badge(node) => any = true,
            _ => return false,
        }
    }
    any
}

fn is_blank_text(node: &Inline) -> bool {
    node.kind == InlineKind::Text && node.text.trim().is_empty()
}

/// Whether an item is one line of a table of contents: nothing but a link into this
/// repository (`[Tools](#tools)`, `[Video](README_2.md#video)`), maybe followed by HTML or
/// images (synbol's paper-count badges), or only a nested list (`- - [Sub](#sub)`).
fn is_contents_item(item: &ListItem) -> Option<bool> {
    let Some(nodes) = &item.paragraph else {
        return item.sublist.map(|_| false);
    };
    let (link, rest) = nodes.split_first()?;
    if link.kind != InlineKind::Link || link.url.is_empty() || is_absolute_url(&link.url) {
        return None;
    }
    // Badges, HTML, or a few words about the section (`[Attention](#attention) | a class of
    // training-free techniques`, wenhao728's contents), but no second link. Words after a
    // dash are the entry shape, `[Foo](#foo) - Does things.`: an entry with a relative link.
    if rest.first().is_some_and(|node| {
        node.kind == InlineKind::Text && node.text.trim_start().starts_with(['-', '–', '—'])
    }) {
        return None;
    }
    let decoration = rest.iter().all(|node| match node.kind {
        InlineKind::Text
        | InlineKind::Html
        | InlineKind::Image
        | InlineKind::Emphasis
        | InlineKind::Strong
        | InlineKind::InlineCode => !node.is_link() && node.children.iter().all(|c| !c.is_link()),
        _ => false,
    });
    decoration.then(|| link.url.contains('#'))
}

/// The lists that are a table of contents by their shape, whatever the heading above them
/// (`## Table of Contents`, `## 📖 Contents`, none): every item of the list and of the lists
/// nested in it links to a heading of this repository and says nothing else. Upstream only
/// knows `## Contents` and reports each line of any other contents list as an entry with a
/// relative URL (82 lines of cmhungsteve's list, 18 of liushunyu's).
fn contents_lists(tree: &Tree) -> Vec<usize> {
    let mut contents = Vec::new();
    let mut index = 0;
    while index < tree.lists.len() {
        let root = &tree.lists[index];
        let end = tree.lists[index..]
            .iter()
            .position(|list| list.range.start >= root.range.end)
            .map_or(tree.lists.len(), |offset| index + offset);
        let mut anchors = false;
        let all_contents = tree.lists[index..end].iter().all(|list| {
            list.items.iter().all(
                |&item| match tree.items.get(item).and_then(is_contents_item) {
                    Some(anchor) => {
                        anchors |= anchor;
                        true
                    }
                    None => false,
                },
            )
        });
        if all_contents && anchors {
            contents.extend(index..end);
        }
        index = end.max(index + 1);
    }
    contents
}

fn check_item(
    cx: &mut Context,
    source: &str,
    item: &ListItem,
    depth: usize,
    link_spans: &[(usize, usize)],
) {
    let nodes = match &item.paragraph {
        Some(nodes) if !nodes.is_empty() => nodes,
        _ => {
            cx.report(item.range.clone(), "invalid list item")
                .help("start the item with `[name](url) - Description.`");
            return;
        }
    };
    // Group labels, a leading emoji, the paper idiom `Title [[Paper](url)]`: not entries.
    if nodes[0].kind == InlineKind::Text {
        return;
    }
    // `- (CVPR 24') Title, *Authors*` and under it `- <a href=…><img …></a> <a …>…`: a nested
    // row of badge links is its parent entry's resources, not an entry without a name
    // (wenhao728's video-editing list, every paper). At the top level such a row is still
    // reported.
    if depth > 0 && only_badges(nodes) {
        return;
    }
    // The same idiom behind badges, `[![arXiv](…)](abs) [![NeurIPS](…)](abs) Title` (every
    // entry of liushunyu's list): upstream skips badges before the main link, and what
    // follows them here is a title, not a link. A dash after the badges still makes the
    // badge the entry's name.
    let badges = nodes
        .iter()
        .take_while(|node| is_badge(node) || is_blank_text(node))
        .count();
    if badges > 0
        && nodes.get(badges).is_some_and(|node| {
            node.kind == InlineKind::Text && !node.text.trim_start().starts_with(['-', '–', '—'])
        })
    {
        return;
    }
    // The same idiom with the title in bold or italics, `**Title**, Venue. [[Paper](url)]`,
    // the links often in a later paragraph of the item (synbol's list): a title and its
    // citation links, not a malformed link. Upstream reports these; a bold label with no
    // link at all still is.
    let emphasised = matches!(nodes[0].kind, InlineKind::Strong | InlineKind::Emphasis);
    let title_end = nodes[0].range.end;
    let first = link_spans.partition_point(|&(start, _)| start < title_end);
    let links_follow = link_spans[first..]
        .iter()
        .take_while(|&&(start, _)| start < item.range.end)
        .any(|&(_, end)| end <= item.range.end);
    if emphasised
        && nodes[0].images().is_empty()
        && !nodes[0].children.iter().any(Inline::is_link)
        && links_follow
    {
        return;
    }
    // A bold label and a colon, `**✅ Search by author**: type the name…` (Westlake's
    // feature list): prose in bullets, not an entry without its link.
    let labelled = emphasised
        && !nodes.iter().any(Inline::is_link)
        && (nodes[0].text.trim_end().ends_with(':')
            || nodes
                .get(1)
                .is_some_and(|n| n.kind == InlineKind::Text && n.text.starts_with(':')));
    // A bold subject opening a sentence, `**PEFT** seeks to exceed…` (synbol's intro): prose
    // as well. A bold title followed by its venue (`**Title,** CVPR 2024.`) is not.
    let sentence = emphasised
        && !nodes.iter().any(Inline::is_link)
        && nodes.get(1).is_some_and(|n| {
            n.kind == InlineKind::Text && n.text.trim_start().starts_with(char::is_lowercase)
        });
    // `- **Key Dimensions**` alone, its points in sub-bullets without links (Danielskry's
    // RAG list): a group label in bold has no link to be invalid
    let bold_label =
        emphasised && !nodes.iter().any(Inline::is_link) && nodes[1..].iter().all(is_blank_text);
    if labelled || sentence || bold_label {
        return;
    }
    let followed_by_dash = |i: usize| {
        nodes
            .get(i + 1)
            .is_some_and(|n| n.kind == InlineKind::Text && n.text.starts_with(" - "))
    };
    let index = (0..nodes.len())
        .find(|&i| nodes[i].is_link() && followed_by_dash(i))
        .or_else(|| nodes.iter().position(Inline::is_link))
        .unwrap_or(0);
    let link = &nodes[index];
    let description = &nodes[index + 1..];
    match link.kind {
        InlineKind::LinkReference => {}
        InlineKind::Link => {
            if !is_absolute_url(&link.url) {
                let help = if link.url.starts_with('#') {
                    "link the entry to an absolute URL; a table of contents belongs under `## Contents`"
                } else {
                    "link the entry to an absolute URL (`https://…`)"
                };
                cx.report(link.range.clone(), "invalid list item link URL")
                    .help(help);
                return;
            }
            if link.text.is_empty() {
                cx.report(link.range.clone(), "invalid list item link text")
                    .help("write the entry's name as the link text");
                return;
            }
            if let Some(child) = link
                .children
                .iter()
                .find(|c| !LINK_TEXT_NODES.contains(&c.kind))
            {
                cx.report(child.range.clone(), "invalid list item link")
                    .help("make the main link's text the entry's name, not an image");
                return;
            }
        }
        _ => {
            cx.report(link.range.clone(), "invalid list item link")
                .help("start the item with `[name](url)`");
            return;
        }
    }
    // `[MedRAX: …](https://arxiv.org/abs/…) — **ICML** <sub>2025-02 · 68 citations</sub>`: a
    // paper and its venue and date, no description to judge (JXLiu's 303 entries; upstream
    // reports every one)
    if link.kind == InlineKind::Link
        && crate::document::is_paper_url(&link.url)
        && (only_metadata(description) || citation_tail(description))
    {
        return;
    }
    check_description(cx, source, &link.text, description);
}

/// Whether what follows a paper's link is a citation's tail, italic authors and a venue
/// with its year: `[**Title.**](https://arxiv.org/abs/…) *Y. Tay, D. Bahri.* Arxiv 2022.`
/// (Xnhyacinth's long-context list, 43 entries). A few plain words with a year, no dash.
fn citation_tail(description: &[Inline]) -> bool {
    let mut plain = String::new();
    let mut authors = false;
    for node in description {
        match node.kind {
            InlineKind::Text => plain.push_str(&node.text),
            InlineKind::Emphasis => {
                authors = true;
                plain.push(' ');
            }
            InlineKind::Strong | InlineKind::Html | InlineKind::Break => plain.push(' '),
            _ => return false,
        }
    }
    if !authors
        || [" - ", " – ", " — "]
            .iter()
            .any(|dash| plain.contains(dash))
    {
        return false;
    }
    let words: Vec<&str> = plain.split_whitespace().collect();
    let has_year = words.iter().any(|word| {
        let digits = word.trim_matches(|c: char| !c.is_ascii_digit());
        digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20"))
    });
    !plain.trim_start().starts_with(['-', '–', '—']) && has_year && words.len() <= 6
}

/// Whether what follows a paper's link is only its venue and date — bold or code runs,
/// `<sub>…</sub>` — and no sentence: ` — **ICML** <sub>2025-02 · 68 citations</sub>`. A
/// plain word outside such markup (`— Measures lift.`) makes it a description.
fn only_metadata(description: &[Inline]) -> bool {
    let mut html_depth = 0usize;
    for node in description {
        match node.kind {
            InlineKind::Html => {
                let tag = node.text.trim();
                if tag.starts_with("</") {
                    html_depth = html_depth.saturating_sub(1);
                } else if !tag.ends_with("/>") {
                    html_depth += 1;
                }
            }
            InlineKind::Text if html_depth == 0 => {
                if node.text.chars().any(char::is_alphabetic) {
                    return false;
                }
            }
            InlineKind::Text
            | InlineKind::Strong
            | InlineKind::Emphasis
            | InlineKind::InlineCode
            | InlineKind::Break => {}
            _ => return false,
        }
    }
    true
}

fn check_description(cx: &mut Context, source: &str, name: &str, description: &[Inline]) {
    let (Some(prefix), Some(suffix)) = (description.first(), description.last()) else {
        return;
    };
    let text = to_string(description);
    let prefix_text = prefix.text_value();
    // The paper idiom `[Title](url) [2023] - Description.` (promptslab's list): the year
    // tag belongs to the title, and the separator and description are judged after it.
    // Upstream reports every such entry as missing its dash, even when the dash is there.
    let (text, prefix_text, tag_len) = match YEAR_TAG.find(prefix_text) {
        Some(tag) if prefix.kind == InlineKind::Text => {
            let rest = &prefix_text[tag.end()..];
            if rest.trim().is_empty() && description.len() == 1 {
                return;
            }
            (
                text.get(tag.end()..).unwrap_or("").to_string(),
                rest,
                tag.end(),
            )
        }
        _ => (text, prefix_text, 0),
    };
    // ` - :yen:`, ` - 💲`: a dash and only a marker (awesome-docker marks paid products
    // so), the emoji-only description upstream accepts without the dash.
    if let Some(rest) = text.strip_prefix(" - ")
        && !rest.trim().is_empty()
        && without_emoji(&LEADING_EMOJI.replace(rest, ""))
            .trim()
            .is_empty()
    {
        return;
    }
    if !text.starts_with(" - ") {
        let bare = without_emoji(&text);
        let bare = bare.trim();
        if bare.is_empty() || ONLY_PARENTHETICAL.is_match(&text) || PARENTHETICAL.is_match(bare) {
            return;
        }
        if only_bracketed_links(description) {
            return;
        }
    }
    // `- [Kernel](…) -⏎  Integration framework …`: the line wraps after the dash, which
    // GitHub shows as a space
    let after_dash = prefix_text
        .strip_prefix(" -")
        .map(|rest| rest.trim_start_matches([' ', '\t']));
    let wrapped = after_dash.is_some_and(|rest| {
        rest.starts_with('\n')
            || rest.starts_with("\r\n")
            || (rest.is_empty()
                && description
                    .get(1)
                    .is_some_and(|n| n.kind == InlineKind::Break))
    });
    // `[NeuralTalk](…) -` and nothing after: the dash is there, the description is not
    if prefix.kind == InlineKind::Text
        && prefix_text.trim() == "-"
        && description.len() == 1
        && !wrapped
    {
        cx.report(
            prefix.range.clone(),
            "list item description is empty after the dash",
        )
        .help("write the description after ` - `, or remove the dash");
        return;
    }
    // `[snnTorch](…) ![](stars.svg) - snnTorch is …`: badges, then the dash; the name the
    // description opens with keeps its case
    let badge_dash = badge_then_dash(description);
    let valid_prefix = badge_dash
        || (prefix.kind == InlineKind::Text
            && (prefix_text.starts_with(" - ")
                || wrapped
                || (ends_with_emoji(prefix_text) && text == prefix_text)));
    if !valid_prefix {
        let (message, help, fixable) = if INVALID_WHITESPACE.is_match(prefix_text) {
            (
                "list item link and description separated by invalid whitespace",
                "use plain spaces around the dash: ` - `",
                true,
            )
        } else if LONG_DASH.is_match(prefix_text) {
            (
                "list item link and description separated by invalid en-dash or em-dash",
                "use a hyphen-minus between name and description: ` - `",
                true,
            )
        } else if DASH_BEFORE_CAPITAL.is_match(&text) {
            return;
        } else {
            (
                "list item link and description must be separated with a dash",
                "write ` - ` between the link and the description",
                false,
            )
        };
        let diagnostic = cx.report(prefix.range.clone(), message).help(help);
        if fixable && let Some(edit) = separator_edit(source, description, tag_len) {
            diagnostic.fix(Fix::safe(edit));
        } else if let Some(edit) = colon_edit(source, prefix, tag_len) {
            diagnostic.fix(Fix::safe(edit));
        }
        return;
    }
    if !SUFFIX_NODES.contains(&suffix.kind)
        || (suffix.kind == InlineKind::Text && !valid_suffix(&text, suffix.text_value()))
    {
        let diagnostic = cx
            .report(
                suffix.range.clone(),
                "list item description must end with proper punctuation",
            )
            .help("end the description with a period");
        if let Some(edit) = period_edit(source, suffix) {
            diagnostic.fix(Fix::safe(edit));
        }
        return;
    }
    if let Some(node) = description
        .iter()
        .find(|n| !DESCRIPTION_NODES.contains(&n.kind))
    {
        cx.report(
            node.range.clone(),
            "list item description contains invalid markdown",
        )
        .help("keep the description to text, emphasis, code and links");
        return;
    }
    if !badge_dash
        && (description.len() == 1 || prefix_text.chars().count() > 3)
        && !starts_with_name(prefix_text, name)
        && let Err(message) = valid_casing(prefix_text)
    {
        cx.report(prefix.range.clone(), message)
            .help("start the description with a capital letter");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    fn messages(text: &str) -> Vec<String> {
        check_rule(&AwesomeListItem, text)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn entry_shapes() {
        for good in [
            "- [Foo](https://foo.io) - Does things.\n",
            "- [Foo](https://foo.io)\n",
            "- [Foo](https://foo.io) 🚀\n",
            "- [Foo](https://foo.io) (deprecated)\n",
            "- [Foo](https://foo.io) - The `foo` tool, with [docs](https://d.io).\n",
            "- [Foo](https://foo.io) - Install with `npm i foo`\n",
            "- [Foo](https://foo.io) - iOS first.\n",
            "- [Foo](https://foo.io) - 自然语言处理工具。\n",
            "- [GPT-3](https://openai.com/api/) - OpenAI's API.\n",
            "- [GPT-3](https://openai.com/api/) - OpenAI’s API.\n",
            "- [DALL·E 2](https://openai.com/dall-e-2/) - DALL·E 2 draws.\n",
            "- [iqvoc](https://github.com/innoq/iqvoc) - SKOS(-XL) vocabulary manager.\n",
            "- [Bridge](https://github.com/bridgedotnet/Bridge) - C# to JavaScript transpiler.\n",
            "- [Telegram](https://t.me/x) - सॉफ्टवेयर डेवलपर्स के लिए टेलीग्राम चैट.\n",
            "- [Buddy](https://buddy.works) - :yen: The best of Git.\n",
            "- [Buddy](https://buddy.works) - 💴 The best of Git.\n",
            "- [/funkg/pedia](https://funkinchan.club/wiki) - /funkg/ mod wiki.\n",
            "- [Foo](https://foo.io) - /usr/bin replacement.\n",
            "- [Foo](https://foo.io) - \"Quoted\" start.\n",
            "- [Foo](https://foo.io) - He said “hello.”\n",
            "- [Foo](https://foo.io) - Works (mostly).\n",
            "- Group label\n",
            "- Title of a paper [[Paper](https://arxiv.org/abs/2301.00001)]\n",
            "- [Title](https://arxiv.org/abs/2301.00001) [[Code](https://github.com/a/b)]\n",
            "- [![Stars](https://img.shields.io/x)](https://github.com/a/b) [Foo](https://foo.io) - Does things.\n",
            "- [Foo][foo] - Does things.\n\n[foo]: https://foo.io\n",
            "- **[1] AdaptFormer: Adapting ViTs,** NeurIPS 2022.\n  [[Paper](https://arxiv.org/abs/2205.13535)][[Code](https://github.com/a/b)]\n",
            "- *Title*. [[pdf](https://arxiv.org/pdf/1810.04805)]\n",
            "- **Title,** NeurIPS 2022.\n\n  *Authors.*\n\n  [[Paper](https://arxiv.org/abs/2205.13535)]\n",
            // awesome-docker's paid marker after the dash, synbol's prose bullet
            "- [Docker Training](https://training.example.org) - :yen:\n",
            "- [Docker Training](https://training.example.org) - 💴\n",
            "- **PEFT** seeks to match full fine-tuning with few parameters.\n",
        ] {
            assert!(messages(good).is_empty(), "{good}: {:?}", messages(good));
        }
    }

    #[test]
    fn each_message() {
        let cases = [
            (
                "- [Foo](https://foo.io) - does things.\n",
                "list item description must start with valid casing",
            ),
            (
                "- [Foo](https://foo.io) - Does things\n",
                "list item description must end with proper punctuation",
            ),
            (
                "- [Foo](https://foo.io) – Does things.\n",
                "list item link and description separated by invalid en-dash or em-dash",
            ),
            (
                "- [Foo](https://foo.io)\u{a0}-\u{a0}Does things.\n",
                "list item link and description separated by invalid whitespace",
            ),
            (
                "- [Foo](https://foo.io), does things.\n",
                "list item link and description must be separated with a dash",
            ),
            (
                "- [Foo](#foo) - Does things.\n",
                "invalid list item link URL",
            ),
            (
                "- [Foo](foo.md) - Does things.\n",
                "invalid list item link URL",
            ),
            (
                "- [![Foo](https://i.io/x.png)](https://foo.io) - Does things.\n",
                "invalid list item link",
            ),
            ("- **Foo** - Does things.\n", "invalid list item link"),
            (
                "- **[9] Gradient Selection,** CVPR 2024.\n",
                "invalid list item link",
            ),
            (
                "- [Foo](https://foo.io) - :yen: paid plans only\n",
                "list item description must end with proper punctuation",
            ),
            (
                "- [Foo](https://foo.io) - Does ~~things~~.\n",
                "list item description contains invalid markdown",
            ),
            (
                "- [Foo](https://foo.io) - Does things. “Quoted.”.\n",
                "list item description must end with proper punctuation",
            ),
            ("- \n", "invalid list item"),
            (
                "-[Foo](https://foo.io) - Does things.\n",
                "list item marker must be followed by a space",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(messages(text), [message], "{text}");
        }
    }

    #[test]
    fn contents_are_out_of_scope() {
        let text = "# A\n\n## Contents\n\n- [Tools](#tools)\n\n## Tools\n\n- [Foo](https://foo.io) - does.\n";
        assert_eq!(
            messages(text),
            ["list item description must start with valid casing"]
        );
    }
}
