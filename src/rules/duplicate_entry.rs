use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::document::{Document, Entry, LinkRole};
use crate::identity::{PaperKey, paper_key, resource_key, title_key};
use crate::rule::{Context, Rule, RuleMeta, options_from};

pub static META: RuleMeta = RuleMeta {
    id: "duplicate-entry",
    default_severity: Severity::Warning,
    summary: "the same paper or resource listed more than once",
    doc: include_str!("../../rules/duplicate-entry.md"),
    network: false,
    fixable: false,
};

/// The same paper under two URLs (arXiv `pdf` vs `abs`, arXiv vs the ACL Anthology) is still
/// one paper: entries are grouped by every identity they carry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct DuplicateEntry {
    /// Lists that file a paper under several topics on purpose report only repeats within
    /// one section.
    allow_cross_section: bool,
    /// Sections that repeat entries of the rest of the list by design, matched as words in
    /// the entry's own heading: BradyFU's "✨ Highlights of NJU-MiG", xlite-dev's
    /// "📖Trending LLM/VLM Topics", Hannibal046's "Trending LLM Projects".
    summary_sections: Vec<String>,
}

impl Default for DuplicateEntry {
    fn default() -> Self {
        Self {
            allow_cross_section: false,
            summary_sections: ["highlights", "news", "trending"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl DuplicateEntry {
    fn in_summary_section(&self, doc: &Document, entry: &Entry) -> bool {
        let Some(section) = entry.section else {
            return false;
        };
        let title = doc.sections()[section].title.to_lowercase();
        let words: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        self.summary_sections.iter().any(|phrase| {
            let phrase: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
            !phrase.is_empty()
                && words
                    .windows(phrase.len())
                    .any(|w| w.iter().zip(&phrase).all(|(a, b)| *a == b))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    Paper(PaperKey),
    /// A link that is not a paper, with the entry's title: `[hatch](…/pypa/hatch)` and
    /// `[hatchling](…/pypa/hatch)` are two tools in one repository, not a duplicate.
    Resource(String, String),
    Title(String),
}

/// Shortest title key that is specific enough to identify a paper on its own.
const MIN_TITLE_KEY: usize = 8;

fn identities(doc: &Document, entry: &Entry) -> Vec<Identity> {
    let mut keys = Vec::new();
    let paper = entry.paper.map(|id| doc.link(id));
    if let Some(key) = paper.and_then(|link| paper_key(&link.url)) {
        keys.push(Identity::Paper(key));
    }
    if paper.is_some() {
        let title = title_key(&entry.title);
        if title.chars().count() >= MIN_TITLE_KEY {
            keys.push(Identity::Title(title));
        }
    } else if let Some(link) = doc.entry_links(entry, LinkRole::Title).next()
        && !link.url.starts_with('#')
        && let Some(key) = resource_key(&link.url)
    {
        keys.push(Identity::Resource(key, title_key(&entry.title)));
    }
    keys
}

/// Two entries with different ids of the same kind (two arXiv ids) are two papers, however
/// alike their titles: cmhungsteve's list has two different papers called `EfficientViT`.
fn conflicting(a: &[Identity], b: &[Identity]) -> bool {
    a.iter().any(|x| {
        b.iter().any(|y| match (x, y) {
            (Identity::Paper(p), Identity::Paper(q)) => {
                std::mem::discriminant(p) == std::mem::discriminant(q) && p != q
            }
            _ => false,
        })
    })
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

impl Rule for DuplicateEntry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn configure(&mut self, options: toml::Table) -> Result<(), String> {
        *self = options_from(options)?;
        Ok(())
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let entries = doc.entries();
        let keys: Vec<Vec<Identity>> = entries
            .iter()
            .map(|e| {
                if self.in_summary_section(doc, e) {
                    Vec::new()
                } else {
                    identities(doc, e)
                }
            })
            .collect();
        let mut parent: Vec<usize> = (0..entries.len()).collect();
        let mut holders: HashMap<(Identity, Option<usize>), Vec<usize>> = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            // With allow-cross-section, identities only meet within their own section.
            let scope = self.allow_cross_section.then_some(entry.section).flatten();
            for key in &keys[i] {
                let others = holders.entry((key.clone(), scope)).or_default();
                for &j in others.iter() {
                    if matches!(key, Identity::Title(_)) && conflicting(&keys[i], &keys[j]) {
                        continue;
                    }
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
                others.push(i);
            }
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..entries.len() {
            let root = find(&mut parent, i);
            groups.entry(root).or_default().push(i);
        }
        let mut groups: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
        groups.sort();
        for group in groups {
            let kind = if entries[group[0]].paper.is_some() {
                "paper"
            } else {
                "resource"
            };
            for (position, &i) in group.iter().enumerate().skip(1) {
                let entry = &entries[i];
                let same_section = group
                    .iter()
                    .any(|&j| j != i && entries[j].section == entry.section);
                let severity = if same_section {
                    Severity::Error
                } else {
                    Severity::Warning
                };
                let first = &entries[group[0]];
                let message = if first.section == entry.section {
                    format!(
                        "{kind} listed {} times, {} in this section",
                        group.len(),
                        ordinal(position + 1)
                    )
                } else {
                    format!(
                        "{kind} listed {} times, first under `{}`",
                        group.len(),
                        doc.section_path(first.section)
                    )
                };
                let diagnostic = cx.report_as(severity, first_line(doc, entry), message);
                for &j in group.iter().filter(|&&j| j != i) {
                    let other = &entries[j];
                    let label = match (paper_url(doc, other), paper_url(doc, entry)) {
                        (Some(a), Some(b)) if a != b => format!("also listed here, as {a}"),
                        _ => "also listed here".to_string(),
                    };
                    diagnostic.related(first_line(doc, other), label);
                }
                if let Some(url) = paper_url(doc, entry) {
                    diagnostic.url(url);
                }
                diagnostic.help(if same_section {
                    "remove this entry: the section lists it already"
                } else {
                    "keep one entry and link it from the other sections, or set `allow-cross-section`"
                });
            }
        }
    }
}

fn paper_url(doc: &Document, entry: &Entry) -> Option<String> {
    let link = match entry.paper {
        Some(id) => doc.link(id),
        None => doc.entry_links(entry, LinkRole::Title).next()?,
    };
    Some(doc.slice(link.url_range.clone()).to_string())
}

fn ordinal(n: usize) -> String {
    match n {
        2 => "the second".to_string(),
        3 => "the third".to_string(),
        n => format!("number {n}"),
    }
}

/// An entry-level finding points at the entry's first line.
fn first_line(doc: &Document, entry: &Entry) -> Range<usize> {
    let text = doc.slice(entry.range.clone());
    let end = text.find(['\n', '\r']).unwrap_or(text.len());
    entry.range.start..entry.range.start + end
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Severity;
    use crate::test_util::check_rule;

    #[test]
    fn same_paper_under_different_urls() {
        let text = "## A\n\n- MixLoRA: Enhancing LLM Fine-Tuning [[Paper](https://arxiv.org/html/2404.15159v2)]\n\n## B\n\n- MixLoRA: Enhancing LLM Fine-Tuning [[Paper](https://arxiv.org/pdf/2404.15159)]\n- Conditional Adapters: Parameter-efficient Transfer Learning [[Paper](https://arxiv.org/pdf/2304.04947)]\n- Conditional Adapters: Parameter-Efficient Transfer Learning [[Paper](https://proceedings.neurips.cc/paper_files/paper/2023/file/19d7204af519eae9993f7f72377a0ec0-Paper-Conference.pdf)]\n";
        let found = check_rule(&super::DuplicateEntry::default(), text);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(found[0].message.starts_with("paper listed 2 times"));
        assert_eq!(found[1].severity, Severity::Error);
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn variants_and_mentions_are_not_duplicates() {
        let text = "- LoRA: Low-Rank Adaptation of Large Language Models [[Paper](https://arxiv.org/abs/2106.09685)]\n- LoRA+: Efficient Low Rank Adaptation of Large Models [[Paper](https://arxiv.org/abs/2402.12354)] [[Code](https://github.com/microsoft/LoRA)]\n- DoRA: Weight-Decomposed Low-Rank Adaptation [[Paper](https://arxiv.org/abs/2402.09353)]\n- Delta-LoRA: Fine-Tuning High-Rank Parameters [[Paper](https://arxiv.org/abs/2309.02411)] - builds on [LoRA](https://arxiv.org/abs/2106.09685)\n";
        assert_eq!(check_rule(&super::DuplicateEntry::default(), text), []);
    }

    #[test]
    fn same_name_different_papers_or_tools() {
        let text = "- **EfficientViT**: \"EfficientViT: Memory Efficient Vision Transformer\", CVPR, 2023. [[Paper](https://arxiv.org/abs/2305.07027)]\n- **EfficientViT**: \"EfficientViT: Enhanced Linear Attention\", ICCV, 2023. [[Paper](https://arxiv.org/abs/2205.14756)]\n- [hatch](https://github.com/pypa/hatch) - project manager\n- [hatchling](https://github.com/pypa/hatch) - build backend\n- [Llama 3.2](https://llama.meta.com/)\n- [Llama 3.1](https://llama.meta.com/)\n";
        assert_eq!(check_rule(&super::DuplicateEntry::default(), text), []);
        let text = "- [uv](https://github.com/astral-sh/uv) - installer\n- [uv](https://github.com/astral-sh/uv/) - environments\n";
        assert_eq!(check_rule(&super::DuplicateEntry::default(), text).len(), 1);
    }

    #[test]
    fn summary_sections_repeat_by_design() {
        let text = "## ✨ Highlights\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)]\n\n## Planning\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)]\n\n## Acting\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)]\n";
        let found = check_rule(&super::DuplicateEntry::default(), text);
        assert_eq!(found.len(), 1, "only the repeat outside the highlights");
        assert_eq!(found[0].related.len(), 1);
        let rule: super::DuplicateEntry =
            crate::rule::options_from(toml::from_str("summary-sections = []").unwrap()).unwrap();
        assert_eq!(check_rule(&rule, text).len(), 2);
    }

    #[test]
    fn allow_cross_section_keeps_only_same_section_repeats() {
        let rule = super::DuplicateEntry {
            allow_cross_section: true,
            ..Default::default()
        };
        let text = "## A\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)]\n\n## B\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)]\n";
        assert_eq!(check_rule(&rule, text), []);
    }
}
