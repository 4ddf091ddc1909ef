use crate::diagnostic::Severity;
use crate::document::{Document, Entry};
use crate::identity::{arxiv_id, titles_match};
use crate::network::Needs;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "arxiv-title-mismatch",
    default_severity: Severity::Warning,
    summary: "an entry whose title is not the title of the arXiv paper it links to",
    doc: include_str!("../../rules/arxiv-title-mismatch.md"),
    network: true,
    fixable: false,
};

/// Rows copied and edited by hand end up with one paper's title and another's link (the
/// seed's Mamba and Mamba-2 rows are swapped).
#[derive(Debug, Default)]
pub struct ArxivTitleMismatch;

/// Short names (`LLaMA`, `Mistral 7B`) are labels, not titles: comparing them to the paper's
/// title says nothing.
const MIN_TITLE_WORDS: usize = 3;

fn checked(doc: &Document, entry: &Entry) -> Option<String> {
    if entry.title.split_whitespace().count() < MIN_TITLE_WORDS {
        return None;
    }
    arxiv_id(&doc.link(entry.paper?).url)
}

impl Rule for ArxivTitleMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn needs(&self, doc: &Document, needs: &mut Needs) {
        needs
            .arxiv_ids
            .extend(doc.entries().iter().filter_map(|e| checked(doc, e)));
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let Some(metadata) = cx.online().and_then(|o| o.arxiv.as_ref()) else {
            return;
        };
        for entry in doc.entries() {
            let Some(id) = checked(doc, entry) else {
                continue;
            };
            let Some(meta) = metadata.get(&id) else {
                continue;
            };
            if titles_match(&entry.title, &meta.title) {
                continue;
            }
            let range = entry.title_range.clone().unwrap_or(entry.range.clone());
            let paper = doc.link(entry.paper.expect("checked"));
            cx.report(
                range,
                format!("title does not match arXiv:{id}, `{}`", meta.title),
            )
            .url(doc.slice(paper.url_range.clone()))
            .related(paper.range.clone(), format!("links arXiv:{id}"))
            .help("fix the title or the link: they name different papers");
        }
    }
}
