use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::document::{Document, Entry, LinkId};
use crate::identity::{arxiv_id, title_similarity, titles_match};
use crate::network::Needs;
use crate::online::ArxivMeta;
use crate::rule::{Context, Rule, RuleMeta};
use crate::title_compare::{
    Comparison, Names, TitleWords, compare, content_words, strip_attachments, understood_script,
};

pub static META: RuleMeta = RuleMeta {
    id: "arxiv-title-mismatch",
    default_severity: Severity::Warning,
    summary: "an entry whose arXiv link points at another paper than its title names",
    doc: include_str!("../../rules/arxiv-title-mismatch.md"),
    network: true,
    fixable: false,
};

/// Rows copied and edited by hand end up with one paper's title and another's link (the
/// seed's Mamba and Mamba-2 rows are swapped; WooooDyy links FireAct to Voyager's id).
///
/// Lists write one paper's title many ways, so a title that differs from arXiv's is no
/// finding. The rule reports only positive evidence of another paper: the title is the arXiv
/// title of another link in the list, or it shares almost no words with the linked paper's
/// title, or both have a short name before a colon and the names differ.
#[derive(Debug, Default)]
pub struct ArxivTitleMismatch;

/// Short names (`LLaMA`, `Mistral 7B`) are labels, not titles: comparing them to the paper's
/// title says nothing.
const MIN_TITLE_WORDS: usize = 3;

/// At most this share of either title's words in the other is no more than two papers of one
/// field have in common (`Mamba: …` and `Transformers are SSMs: …` share 2 of 8).
const UNRELATED_OVERLAP: f64 = 0.25;

/// Fewer content words than this on either side (`How to Do It`) is too little to call two
/// titles unrelated.
const MIN_CONTENT_WORDS: usize = 2;

/// With different names before their colons, titles sharing less than this are two papers
/// (`FireAct: Toward Language Agent Fine-tuning` and `Voyager: An Open-Ended Embodied Agent
/// with Large Language Models` share `language` and `agent`).
const DIFFERENT_NAMES_OVERLAP: f64 = 0.5;

/// Headings of sections that announce things rather than list papers: `News`, `Updates`.
static NEWS_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:latest\s+|recent\s+)?(?:news|updates?|news\s+(?:and|&)\s+updates?|changelog|change\s+log|what'?s\s+new|announcements?)\W*$",
    )
    .expect("valid regex")
});

/// A list item that opens as an announcement: `- [News] The updated version is available on
/// [arXiv](…)`.
static NEWS_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[-*+]|\d+[.)])?\s*\W{0,4}\s*(?:news|updates?)\b").expect("valid regex")
});

/// Sites where a link is a talk, a video or a post about a paper, not the paper.
const COMMENTARY_HOSTS: &[&str] = &[
    "b23.tv",
    "bilibili.com",
    "linkedin.com",
    "medium.com",
    "reddit.com",
    "slideslive.com",
    "substack.com",
    "towardsdatascience.com",
    "twitter.com",
    "videolectures.net",
    "vimeo.com",
    "x.com",
    "youtu.be",
    "youtube.com",
    "zhihu.com",
];

/// The title to compare and the arXiv id of the entry's own paper link, for entries the rule
/// can judge.
fn checked(doc: &Document, entry: &Entry) -> Option<(String, String)> {
    let paper = doc.link(entry.paper?);
    if paper.image {
        return None;
    }
    let id = arxiv_id(&paper.url)?;
    let title = strip_attachments(&entry.title);
    if title.split_whitespace().count() < MIN_TITLE_WORDS || !understood_script(&title) {
        return None;
    }
    if in_news(doc, entry) || main_link_is_commentary(doc, entry) {
        return None;
    }
    Some((id, title))
}

fn in_news(doc: &Document, entry: &Entry) -> bool {
    let mut section = entry.section;
    while let Some(id) = section {
        let heading = &doc.sections()[id];
        if NEWS_HEADING.is_match(heading.title.trim()) {
            return true;
        }
        section = heading.parent;
    }
    NEWS_ITEM.is_match(doc.slice(entry.range.clone()))
}

/// The entry's first link (badges aside) is a video, a talk or a blog post: the arXiv link
/// is a reference of the post, and the title is the post's (`mli/paper-reading`).
fn main_link_is_commentary(doc: &Document, entry: &Entry) -> bool {
    let Some(first) = entry
        .links
        .iter()
        .map(|&id| doc.link(id))
        .find(|link| !link.image && link.badge.is_none())
    else {
        return false;
    };
    let Ok(url) = url::Url::parse(first.url.trim()) else {
        return false;
    };
    let Some(host) = url.host_str().map(str::to_ascii_lowercase) else {
        return false;
    };
    let on_host = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    COMMENTARY_HOSTS.iter().any(|domain| on_host(domain))
        || host.starts_with("blog.")
        || (on_host("huggingface.co")
            && url.path_segments().and_then(|mut s| s.next()) == Some("blog"))
}

/// Every arXiv id linked in the document (images aside), with its links in source order.
fn arxiv_links(doc: &Document) -> BTreeMap<String, Vec<LinkId>> {
    let mut linked: BTreeMap<String, Vec<LinkId>> = BTreeMap::new();
    for (link_id, link) in doc.links().iter().enumerate() {
        if link.image {
            continue;
        }
        if let Some(id) = arxiv_id(&link.url) {
            linked.entry(id).or_default().push(link_id);
        }
    }
    linked
}

impl Rule for ArxivTitleMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn needs(&self, doc: &Document, needs: &mut Needs) {
        if !doc.entries().iter().any(|e| checked(doc, e).is_some()) {
            return;
        }
        // every linked id: a title may be the title of another link of the list
        needs.arxiv_ids.extend(arxiv_links(doc).into_keys());
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let Some(metadata) = cx.online().and_then(|o| o.arxiv.as_ref()) else {
            return;
        };
        let linked = arxiv_links(doc);
        let mut others: Option<LinkedTitles> = None;
        for entry in doc.entries() {
            let Some((id, title)) = checked(doc, entry) else {
                continue;
            };
            let Some(meta) = metadata.get(&id) else {
                continue;
            };
            if titles_match(&title, &meta.title) || titles_match(&entry.title, &meta.title) {
                continue;
            }
            let range = entry.title_range.clone().unwrap_or(entry.range.clone());
            let paper = doc.link(entry.paper.expect("checked entries have a paper"));
            let line_of = |offset: usize| doc.line_index().position(doc.text(), offset).line;

            let others = others.get_or_insert_with(|| LinkedTitles::new(metadata, &linked));
            if let Some((other, link_id)) = others.title_of_another_link(doc, entry, &title) {
                let other_link = doc.link(link_id);
                let other_line = line_of(other_link.range.start);
                let swapped = other_link
                    .entry
                    .map(|e| &doc.entries()[e])
                    .and_then(|e| checked(doc, e))
                    .is_some_and(|(_, other_title)| titles_match(&other_title, &meta.title));
                let help = if swapped {
                    format!(
                        "swap the arXiv links of L{} and L{other_line}: each row links the other's paper",
                        line_of(entry.range.start)
                    )
                } else {
                    format!("link arXiv:{} here, or fix the title", other.id)
                };
                cx.report(
                    range,
                    format!(
                        "links arXiv:{id} (\u{201c}{}\u{201d}), but this is the title of arXiv:{}, linked at L{other_line}",
                        meta.title, other.id
                    ),
                )
                .url(doc.slice(paper.url_range.clone()))
                .related(paper.range.clone(), format!("links arXiv:{id}"))
                .related(
                    other_link.range.clone(),
                    format!("arXiv:{} is linked here", other.id),
                )
                .help(help);
                continue;
            }

            let comparison = compare(&TitleWords::new(&title), &TitleWords::new(&meta.title));
            let Some(reason) = evidence(&comparison) else {
                continue;
            };
            let diagnostic = cx
                .report(
                    range,
                    format!(
                        "title does not match arXiv:{id} (\u{201c}{}\u{201d}): {reason}",
                        meta.title
                    ),
                )
                .url(doc.slice(paper.url_range.clone()))
                .related(paper.range.clone(), format!("links arXiv:{id}"))
                .help(
                    "link the paper the title names; if the link is right, arXiv renamed the \
                     paper: use its current title",
                );
            // WooooDyy lists Voyager under its own title six times: say so
            if let Some(own) = listed_under_its_title(doc, entry, meta, &linked) {
                let line = line_of(own.range.start);
                diagnostic.related(
                    own.title_range.clone().unwrap_or(own.range.clone()),
                    format!("L{line} lists arXiv:{id} under its own title"),
                );
            }
        }
    }
}

/// Why the comparison shows another paper, or `None` when it does not.
fn evidence(comparison: &Comparison) -> Option<String> {
    let overlap = comparison.overlap();
    let (shared, of) = if comparison.shared_first * comparison.second_words
        >= comparison.shared_second * comparison.first_words
    {
        (comparison.shared_first, comparison.first_words)
    } else {
        (comparison.shared_second, comparison.second_words)
    };
    let words = format!("shares {shared} of {of} words");
    match &comparison.names {
        Names::Agree => None,
        Names::Differ { first, second } if overlap < DIFFERENT_NAMES_OVERLAP => {
            Some(format!("names {first}, the paper is {second}; {words}"))
        }
        _ if overlap <= UNRELATED_OVERLAP
            && comparison.first_words.min(comparison.second_words) >= MIN_CONTENT_WORDS =>
        {
            Some(words)
        }
        _ => None,
    }
}

/// The arXiv titles of every link in the list, indexed by word: a title is compared in full
/// only with titles that share enough words to match it, so a list of thousands of papers
/// (hee9joon's 2,600 diffusion papers) is not compared pair by pair.
struct LinkedTitles<'a> {
    /// Each paper, its links, and its number of content words.
    papers: Vec<(&'a ArxivMeta, &'a [LinkId], usize)>,
    by_word: HashMap<String, Vec<usize>>,
}

impl<'a> LinkedTitles<'a> {
    fn new(
        metadata: &'a HashMap<String, ArxivMeta>,
        linked: &'a BTreeMap<String, Vec<LinkId>>,
    ) -> Self {
        let mut papers = Vec::new();
        let mut by_word: HashMap<String, Vec<usize>> = HashMap::new();
        for (id, links) in linked {
            let Some(meta) = metadata.get(id) else {
                continue;
            };
            let words = content_words(&meta.title);
            let count = words.len();
            for word in words {
                by_word.entry(word).or_default().push(papers.len());
            }
            papers.push((meta, links.as_slice(), count));
        }
        Self { papers, by_word }
    }

    /// Another arXiv id linked in the list (not by `entry`) whose title is `title`, and the
    /// link to point at: the one that is its own row's paper link, if any.
    fn title_of_another_link(
        &self,
        doc: &Document,
        entry: &Entry,
        title: &str,
    ) -> Option<(&'a ArxivMeta, LinkId)> {
        let words = content_words(title);
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for word in &words {
            for &paper in self
                .by_word
                .get(word)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                *shared.entry(paper).or_default() += 1;
            }
        }
        // `titles_match` wants a Dice coefficient of 0.8 (2s >= 0.8 (a + b)), or the title to
        // be the other's main title (every word shared); 0.7 leaves room for the words the two
        // comparisons fold differently
        let mut candidates: Vec<usize> = shared
            .into_iter()
            .filter(|&(paper, count)| {
                let (a, b) = (words.len(), self.papers[paper].2);
                count == a || 20 * count >= 7 * (a + b)
            })
            .map(|(paper, _)| paper)
            .collect();
        candidates.sort_unstable();
        let mut best: Option<(f64, &ArxivMeta, &[LinkId])> = None;
        for paper in candidates {
            let (meta, links, _) = self.papers[paper];
            if links.iter().any(|link| entry.links.contains(link))
                || !titles_match(title, &meta.title)
            {
                continue;
            }
            let score = title_similarity(title, &meta.title);
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, meta, links));
            }
        }
        let (_, meta, links) = best?;
        let own_row = links.iter().copied().find(|&l| {
            doc.link(l)
                .entry
                .is_some_and(|e| doc.entries()[e].paper == Some(l))
        });
        Some((meta, own_row.or(links.first().copied())?))
    }
}

/// Another entry that links `meta`'s paper as its own and whose title is arXiv's.
fn listed_under_its_title<'d>(
    doc: &'d Document,
    entry: &Entry,
    meta: &ArxivMeta,
    linked: &BTreeMap<String, Vec<LinkId>>,
) -> Option<&'d Entry> {
    linked.get(&meta.id)?.iter().find_map(|&link_id| {
        let other = &doc.entries()[doc.link(link_id).entry?];
        (other.paper == Some(link_id)
            && other.range != entry.range
            && titles_match(&strip_attachments(&other.title), &meta.title))
        .then_some(other)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_entry(markdown: &str) -> (Document, usize) {
        let doc = Document::parse(markdown);
        (doc, 0)
    }

    #[test]
    fn skips_news_items_and_sections() {
        let (doc, i) = doc_entry(
            "- [News] The updated version is available on [arXiv](https://arxiv.org/abs/2310.10647).\n",
        );
        assert_eq!(checked(&doc, &doc.entries()[i]), None);
        let doc = Document::parse(
            "## 🔥 News\n\n- Our survey of video diffusion models [[Paper](https://arxiv.org/abs/2310.10647)]\n",
        );
        // an announcement under a News heading is no entry at all now
        assert!(doc.entries().iter().all(|e| checked(&doc, e).is_none()));
        let doc = Document::parse(
            "## Knowledge Update\n\n- Editing Large Language Models in Place [[Paper](https://arxiv.org/abs/2310.10647)]\n",
        );
        assert!(checked(&doc, &doc.entries()[0]).is_some());
    }

    #[test]
    fn skips_talks_about_a_paper() {
        let doc = Document::parse(
            "- [Reading the Llama 3 paper, part two](https://www.youtube.com/watch?v=x) [[Paper](https://arxiv.org/abs/2407.21783)]\n",
        );
        assert_eq!(checked(&doc, &doc.entries()[0]), None);
        let doc = Document::parse(
            "- [The Llama 3 Herd of Models](https://arxiv.org/abs/2407.21783) [[Video](https://www.youtube.com/watch?v=x)]\n",
        );
        assert!(checked(&doc, &doc.entries()[0]).is_some());
    }

    #[test]
    fn evidence_needs_names_or_no_words_in_common() {
        let words = |a: &str, b: &str| evidence(&compare(&TitleWords::new(a), &TitleWords::new(b)));
        assert_eq!(
            words(
                "FireAct: Toward Language Agent Fine-tuning",
                "Voyager: An Open-Ended Embodied Agent with Large Language Models"
            )
            .as_deref(),
            Some("names FireAct, the paper is Voyager; shares 1 of 4 words")
        );
        assert_eq!(
            words(
                "Tree of Thoughts: Deliberate Problem Solving with LLMs",
                "Tree of Thoughts: Deliberate Problem Solving with Large Language Models"
            ),
            None
        );
        assert_eq!(
            words(
                "Large Language Models are Zero-Shot Reasoners",
                "LLM-grounded Video Diffusion Models"
            )
            .as_deref(),
            Some("shares 0 of 3 words")
        );
        // a title of stop words says nothing
        assert_eq!(words("How to Do It", "Attention Is All You Need"), None);
        assert_eq!(
            words(
                "ViT-Adapter: Exploring Plain Vision Transformer for Accurate Dense Predictions",
                "Vision Transformer Adapter for Dense Predictions"
            ),
            None
        );
    }
}
