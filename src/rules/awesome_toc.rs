use std::collections::{HashMap, HashSet};

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::document::tree::{BlockKind, Heading, Inline, Tree};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "awesome-toc",
    default_severity: Severity::Error,
    summary: "the table of contents does not match the sections",
    doc: include_str!("../../rules/awesome-toc.md"),
    network: false,
    fixable: false,
};

/// A `## Contents` list that drifts from the headings sends readers to anchors that are gone.
#[derive(Debug, Default)]
pub struct AwesomeToc;

/// Sections a table of contents may leave out.
const OPTIONAL_SECTIONS: [&str; 3] = ["Contributing", "Footnotes", "Related Lists"];

/// ToC lists may nest one level (`##` items with `###` sub-items).
const MAX_DEPTH: usize = 1;

struct Toc<'a> {
    doc: &'a Document,
    tree: &'a Tree,
    /// Top-level headings, as indices into `tree.headings`.
    top: Vec<usize>,
    /// `#anchor` → whether a ToC item already used it.
    anchors: HashMap<String, bool>,
    /// The level of the sections the contents lists: 2, or 1 when the list groups its
    /// sections under more `#` headings after the contents (`# Resources` / `## Posts`,
    /// which awesome-heading reports): the contents follows the list as written.
    section_level: u8,
}

fn is_toc_heading(heading: &Heading) -> bool {
    heading.level == 2 && heading.text.trim() == "Contents"
}

/// The first link in a row of nodes, depth first.
fn first_link(nodes: &[Inline]) -> Option<&Inline> {
    nodes.iter().find_map(|node| {
        if node.is_link() {
            Some(node)
        } else {
            first_link(&node.children)
        }
    })
}

impl Rule for AwesomeToc {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let tree = doc.tree();
        // One set, not a scan of every block per heading and list: a 10 MB list has
        // 30 000 headings and a million blocks (issue 11).
        let top_blocks: HashSet<(usize, BlockKind)> = tree
            .blocks
            .iter()
            .filter(|b| b.depth == 0)
            .map(|b| (b.range.start, b.kind))
            .collect();
        let top_level = |start: usize, kind: BlockKind| top_blocks.contains(&(start, kind));
        let top: Vec<usize> = (0..tree.headings.len())
            .filter(|&i| top_level(tree.headings[i].range.start, BlockKind::Heading))
            .collect();
        let Some(&toc_index) = top.iter().find(|&&i| is_toc_heading(&tree.headings[i])) else {
            return;
        };
        let toc = &tree.headings[toc_index];
        // GitHub's anchors, in document order: the parser's, which the heading-anchor
        // function of issue 16 will compute.
        let anchors = doc
            .sections()
            .iter()
            .filter(|s| !s.html)
            .map(|s| (format!("#{}", s.anchor), false))
            .collect();
        // `#` groups after the contents, when the contents opens with the first of them;
        // a stray `#` heading (a setext title further down) leaves the sections at `##`
        let groups: Vec<usize> = top
            .iter()
            .copied()
            .filter(|&i| i > toc_index && tree.headings[i].level == 1)
            .collect();
        let first_item = tree
            .lists
            .iter()
            .find(|l| l.range.start > toc.range.start && top_level(l.range.start, BlockKind::List))
            .and_then(|l| l.items.first())
            .and_then(|&item| tree.items[item].paragraph.as_deref())
            .and_then(first_link)
            .map(|link| link.text.clone());
        let section_level = match (groups.as_slice(), first_item) {
            ([first, _, ..], Some(text)) if tree.headings[*first].text == text => 1,
            _ => 2,
        };
        let mut state = Toc {
            doc,
            tree,
            top,
            anchors,
            section_level,
        };
        let before = state.top.iter().filter(|&&i| i < toc_index).count();
        let html_before = tree
            .blocks
            .iter()
            .any(|b| b.depth == 0 && b.kind == BlockKind::Html && b.range.start < toc.range.start);
        if before > 1 {
            cx.report(
                toc.range.clone(),
                "table of contents must be the first section",
            )
            .help("move `## Contents` right after the list's introduction");
        } else if before == 0 && !html_before {
            cx.report(
                toc.range.clone(),
                "first heading should be name of awesome list",
            )
            .help("put the list's `#` heading before `## Contents`");
        }
        let sections: Vec<usize> = state
            .top
            .iter()
            .copied()
            .filter(|&i| {
                i > toc_index
                    && tree.headings[i].level == section_level
                    && !OPTIONAL_SECTIONS.contains(&tree.headings[i].text.as_str())
            })
            .collect();
        let Some(&first_section) = sections.first() else {
            cx.report(toc.range.clone(), "missing content headers")
                .help("add `##` sections for the list's content");
            return;
        };
        let section_start = tree.headings[first_section].range.start;
        let lists: Vec<usize> = (0..tree.lists.len())
            .filter(|&l| {
                let range = &tree.lists[l].range;
                top_level(range.start, BlockKind::List)
                    && range.start > toc.range.start
                    && range.start < section_start
            })
            .collect();
        match lists.as_slice() {
            [] => {
                cx.report(
                    toc.range.clone(),
                    "missing or invalid table of contents list",
                )
                .help("list the sections under `## Contents` as links to their anchors");
            }
            [list] => state.validate(cx, *list, &sections, 0),
            _ => {
                cx.report(toc.range.clone(), "multiple table of contents lists found")
                    .help("keep one list under `## Contents`");
            }
        }
    }
}

impl Toc<'_> {
    fn text(&self, heading: usize) -> &str {
        &self.tree.headings[heading].text
    }

    fn validate(&mut self, cx: &mut Context, list: usize, headings: &[usize], depth: usize) {
        let items = self.tree.lists[list].items.clone();
        let list_range = self.tree.lists[list].range.clone();
        let mut index = 0;
        while index < items.len() {
            let item = &self.tree.items[items[index]];
            let range = item.paragraph_range.clone().unwrap_or(item.range.clone());
            let nodes = item.paragraph.as_deref().unwrap_or(&[]);
            let Some(link) = first_link(nodes) else {
                let text = crate::document::tree::to_string(nodes);
                cx.report(
                    range,
                    format!("toc item \"{index}\" missing link \"{}\"", text.trim()),
                )
                .help("link the item to its section's anchor");
                return;
            };
            let text = link.text.clone();
            let url = percent_encoding::percent_decode_str(&link.url)
                .decode_utf8_lossy()
                .into_owned();
            if text.is_empty() {
                cx.report(range, format!("toc item \"{url}\" missing link text"))
                    .help("write the section's name as the link text");
                return;
            }
            let Some(&heading) = headings.get(index) else {
                if OPTIONAL_SECTIONS.contains(&text.as_str()) {
                    cx.report(range, format!("toc should not contain section \"{text}\""))
                        .help("remove the item: this section needs no entry in the contents");
                } else {
                    cx.report(
                        range,
                        format!("toc item \"{text}\" missing corresponding heading"),
                    )
                    .help("add the section, or remove the item");
                }
                return;
            };
            let heading_text = self.text(heading).to_string();
            if text != heading_text {
                cx.report(
                    range,
                    format!("toc item \"{text}\" does not match corresponding heading \"{heading_text}\""),
                )
                .help("list the sections in the order and with the names of their headings");
                return;
            }
            match self.anchors.get_mut(&url) {
                Some(used @ false) => *used = true,
                Some(true) => {
                    cx.report(
                        range,
                        format!("toc item \"{text}\" has duplicate link \"{url}\""),
                    )
                    .help("link each section once");
                    return;
                }
                None => {
                    cx.report(
                        range,
                        format!("toc item \"{text}\" link \"{url}\" not found"),
                    )
                    .help(format!(
                        "link to the heading's anchor, `#{}`",
                        self.anchor_of(heading)
                    ));
                    return;
                }
            }
            if let Some(sub_start) = item.sublist {
                let range = item.range.clone();
                // Under `#` groups a contents list holds their `##` and `###` sections too
                let max_depth = MAX_DEPTH + usize::from(2 - self.section_level);
                if depth < max_depth {
                    let next = headings.get(index + 1).copied();
                    let level = depth + 1 + usize::from(self.section_level);
                    let subheadings = self.subheadings(heading, next, level);
                    if let Some(sub) = (0..self.tree.lists.len())
                        .find(|&l| self.tree.lists[l].range.start == sub_start)
                    {
                        self.validate(cx, sub, &subheadings, depth + 1);
                    }
                } else {
                    cx.report(
                        range,
                        format!("exceeded max depth of {} levels", max_depth + 1),
                    )
                    .help("list only `##` and `###` sections in the contents");
                }
            }
            index += 1;
        }
        for &heading in &headings[index.min(headings.len())..] {
            cx.report(
                list_range.start..list_range.start,
                format!("toc missing item for \"{}\"", self.text(heading)),
            )
            .help("add the section to the contents");
        }
    }

    /// Headings and sections come from the same parse, one section per heading, in order.
    fn anchor_of(&self, heading: usize) -> String {
        self.doc
            .sections()
            .iter()
            .filter(|s| !s.html)
            .nth(heading)
            .map_or_else(String::new, |s| s.anchor.clone())
    }

    /// Top-level headings of `level` between `heading` and `next`, outside optional sections.
    fn subheadings(&self, heading: usize, next: Option<usize>, level: usize) -> Vec<usize> {
        let mut parent_optional = false;
        let mut found = Vec::new();
        for &i in &self.top {
            let h = &self.tree.headings[i];
            if h.level == self.section_level {
                parent_optional = OPTIONAL_SECTIONS.contains(&h.text.as_str());
            }
            let inside = i > heading && next.is_none_or(|n| i < n);
            if inside && usize::from(h.level) == level && !parent_optional {
                found.push(i);
            }
        }
        found
    }
}
