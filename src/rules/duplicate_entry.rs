use std::ops::Range;

use serde::Deserialize;

use super::copies::{self, Group};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Entry, EntryKind, LinkRole, Table};
use crate::rule::{Context, Rule, RuleMeta, options_from};
use crate::venues::Venues;

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
    /// one section, and copies that disagree (other link, title, venue or code link).
    allow_cross_section: bool,
    /// Sections that repeat entries of the rest of the list by design, matched as words in
    /// the entry's own heading: BradyFU's "✨ Highlights of NJU-MiG", xlite-dev's
    /// "📖Trending LLM/VLM Topics", Hannibal046's "Trending LLM Projects", promptslab's
    /// onboarding path "🚀 Start Here".
    summary_sections: Vec<String>,
}

impl Default for DuplicateEntry {
    fn default() -> Self {
        Self {
            allow_cross_section: false,
            summary_sections: copies::SUMMARY_SECTIONS.map(String::from).to_vec(),
        }
    }
}

/// The help of a group whose copies sit in different sections and agree in everything: the
/// summary counts these to suggest `allow-cross-section` once instead of on every finding.
pub const IDENTICAL_COPIES_HELP: &str = "keep one entry and link it from the other sections, or set `allow-cross-section` if the list files a paper under several topics";

/// What a reader sees of one copy, to tell how copies differ.
#[derive(Debug, PartialEq)]
struct Version {
    /// The paper link (or the link that names a resource) as written.
    link: Option<String>,
    title: String,
    venues: Vec<String>,
    code: Option<String>,
    /// What the code link is compared by: its repository (`github.com/hkunlp/x` and
    /// `github.com/HKUNLP/x/` are one, jxzhangjhu's list writes both), or the URL as written
    /// when it names no resource. Worked out once per copy.
    code_key: Option<CodeKey>,
}

#[derive(Debug, PartialEq)]
enum CodeKey {
    Resource(String),
    Written(String),
}

impl CodeKey {
    fn of(url: &str) -> Self {
        crate::identity::resource_key(url)
            .map_or_else(|| CodeKey::Written(url.to_string()), CodeKey::Resource)
    }
}

/// Whether every copy is a row of a results table, each in a table of its own:
/// NLP-progress lists ULMFiT's Yelp error rate in a fine-grained and in a binary table, with
/// the same model and paper; two results, not a paper listed twice. Inside one table a
/// repeated row is still a copy.
fn results_in_different_tables(doc: &Document, copies: &[&Entry]) -> bool {
    let mut tables = Vec::with_capacity(copies.len());
    for entry in copies {
        let EntryKind::TableRow { table, .. } = entry.kind else {
            return false;
        };
        if tables.contains(&table) {
            return false;
        }
        tables.push(table);
    }
    tables
        .iter()
        .all(|&table| doc.tables().get(table).is_some_and(is_results_table))
}

/// A table whose rows carry scores: a column (not the first) whose filled cells are
/// numbers, `29.98`, `95.1%`, `1,024`, `±0.3`, and at least one row.
fn is_results_table(table: &Table) -> bool {
    let columns = table.header.cells.len();
    (1..columns).any(|column| {
        let mut filled = 0;
        let numeric = table.rows.iter().all(|row| {
            let text = row.cells.get(column).map_or("", |cell| cell.text.trim());
            if text.is_empty() || text == "-" {
                return true;
            }
            filled += 1;
            is_score(text)
        });
        numeric && filled > 0
    })
}

fn is_score(text: &str) -> bool {
    let core = text.trim_matches(|c: char| "%*±~<>≈ ".contains(c));
    !core.is_empty()
        && core.chars().any(|c| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '±' | '(' | ')'))
        && !looks_like_date(core)
}

/// `2018`, `2023.04`, `2023.4.12`: a date column is no score.
fn looks_like_date(text: &str) -> bool {
    let year = text.split('.').next().unwrap_or("");
    year.len() == 4 && (year.starts_with("19") || year.starts_with("20"))
}

/// Titles that differ only in letter case are one title: hymie122's survey pastes BibTeX's
/// lower-cased titles in one taxonomy (`Inferfix: End-to-end program repair with llms`) and
/// the paper's casing in the other (`InferFix: End-to-End Program Repair with LLMs`).
fn same_title(a: &str, b: &str) -> bool {
    a == b || a.to_lowercase() == b.to_lowercase()
}

impl Version {
    fn of(doc: &Document, entry: &Entry) -> Self {
        let venues = Venues::builtin();
        // synbol writes `[[Code]()]` for code to come: no code link yet.
        let code = entry
            .code
            .map(|id| doc.slice(doc.link(id).url_range.clone()).to_string())
            .filter(|url| !url.trim().is_empty());
        Version {
            link: main_url(doc, entry),
            // xlite-dev rates a row with 🔥 or 🔥🔥: a mark, not a different title.
            title: entry
                .title
                .trim_start_matches(|c: char| !c.is_alphanumeric() && !"[(\"“'".contains(c))
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            venues: doc
                .entry_links(entry, LinkRole::Badge)
                .filter_map(|link| link.badge.as_ref())
                .filter(|badge| badge.texts().any(|t| venues.venue_of_label(t).is_some()))
                .map(|badge| badge.texts().collect::<Vec<_>>().join(" "))
                .collect(),
            code_key: code.as_deref().map(CodeKey::of),
            code,
        }
    }

    /// How `other` differs from `self`, as the related label says it.
    fn differences(&self, other: &Version) -> Vec<String> {
        let mut found = Vec::new();
        if self.link != other.link {
            found.push(match &other.link {
                Some(link) => format!("link `{link}`"),
                None => "no link".to_string(),
            });
        }
        if !same_title(&self.title, &other.title) {
            found.push(format!("title `{}`", other.title));
        }
        if self.venues != other.venues {
            found.push(match other.venues.as_slice() {
                [] => "no venue badge".to_string(),
                venues => format!("venue `{}`", venues.join(", ")),
            });
        }
        if self.code_key != other.code_key {
            found.push(match &other.code {
                Some(code) => format!("code `{code}`"),
                None => "no code link".to_string(),
            });
        }
        found
    }

    /// Which parts differ, for the help: `link, code link`.
    fn differing_parts(versions: &[Version]) -> Vec<&'static str> {
        let first = &versions[0];
        let mut parts = Vec::new();
        let mut note = |differs: bool, part: &'static str| {
            if differs {
                parts.push(part);
            }
        };
        note(versions.iter().any(|v| v.link != first.link), "link");
        note(
            versions.iter().any(|v| !same_title(&v.title, &first.title)),
            "title",
        );
        note(versions.iter().any(|v| v.venues != first.venues), "venue");
        note(
            versions.iter().any(|v| v.code_key != first.code_key),
            "code link",
        );
        parts
    }
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
        let copies = copies::find_outside(doc, &self.summary_sections);
        for group in &copies.groups {
            self.report(doc, cx, group);
        }
    }
}

impl DuplicateEntry {
    /// One finding per group, at the copy a maintainer should act on: the later of two copies
    /// in one section, else the second copy. Every other copy is related, once.
    fn report(&self, doc: &Document, cx: &mut Context, group: &Group) {
        let entries = doc.entries();
        let copies: Vec<&Entry> = group.entries.iter().map(|&i| &entries[i]).collect();
        if results_in_different_tables(doc, &copies) {
            return;
        }
        let repeat =
            (1..copies.len()).find(|&p| copies[..p].iter().any(|e| e.section == copies[p].section));
        let at = repeat.unwrap_or(1);
        let here = copies[at];
        let versions: Vec<Version> = copies.iter().map(|e| Version::of(doc, e)).collect();
        let differing = Version::differing_parts(&versions);
        if self.allow_cross_section && repeat.is_none() && differing.is_empty() {
            return;
        }
        let mut sections: Vec<Option<usize>> = copies.iter().map(|e| e.section).collect();
        sections.sort();
        sections.dedup();
        let kind = if group.papers { "paper" } else { "resource" };
        let place = match sections.len() {
            1 => "in this section".to_string(),
            n => format!("in {n} sections"),
        };
        let message = format!(
            "{kind} listed {} times {place} ({})",
            copies.len(),
            group.matched
        );
        let severity = if repeat.is_some() {
            Severity::Error
        } else {
            Severity::Warning
        };
        let diagnostic = cx.report_as(severity, first_line(doc, here), message);
        for (p, other) in copies.iter().enumerate().filter(|(p, _)| *p != at) {
            let place = if other.section != here.section {
                format!("also under `{}`", doc.section_label(other.section))
            } else if p < at {
                "listed above in this section".to_string()
            } else {
                "listed again in this section".to_string()
            };
            let differences = versions[at].differences(&versions[p]);
            let label = if differences.is_empty() {
                format!("{place}, identical")
            } else {
                format!("{place}, with {}", differences.join(", "))
            };
            diagnostic.related(first_line(doc, other), label);
        }
        if let Some(url) = &versions[at].link {
            diagnostic.url(url.clone());
        }
        let help = match (repeat, differing.as_slice()) {
            (Some(_), []) => "remove this copy: the section lists it above".to_string(),
            (Some(_), parts) => format!(
                "remove this copy once the one kept has the right {}",
                and_list(parts)
            ),
            (None, []) => IDENTICAL_COPIES_HELP.to_string(),
            (None, parts) => format!(
                "keep one entry and link it from the other sections, or make the copies agree on their {}",
                and_list(parts)
            ),
        };
        diagnostic.help(help);
    }
}

/// The line the summary prints when most duplicate groups of a file are identical copies in
/// different sections: such a list files papers under several topics on purpose.
pub fn cross_section_hint(diagnostics: &[Diagnostic]) -> Option<String> {
    let groups = diagnostics.iter().filter(|d| d.rule == META.id);
    let (total, identical) = groups.fold((0, 0), |(total, identical), d| {
        let is_identical = d.help.as_deref() == Some(IDENTICAL_COPIES_HELP);
        (total + 1, identical + usize::from(is_identical))
    });
    (total >= 3 && identical * 2 > total).then(|| {
        format!(
            "{identical} of {total} duplicate groups are identical copies in different sections: if the list files entries under several topics on purpose, set `allow-cross-section = true` under `[rules.duplicate-entry]`"
        )
    })
}

/// `link, title and code link`
fn and_list(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The link a copy is known by: its paper, else the link that names it.
fn main_url(doc: &Document, entry: &Entry) -> Option<String> {
    let link = match entry.paper {
        Some(id) => doc.link(id),
        None => doc
            .entry_links(entry, LinkRole::Title)
            .chain(doc.entry_links(entry, LinkRole::Code))
            .next()?,
    };
    Some(doc.slice(link.url_range.clone()).to_string())
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
        let found = check_rule(&rule, text);
        assert_eq!(found.len(), 1, "one finding for the group of three");
        assert_eq!(found[0].related.len(), 2);
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

    #[test]
    fn code_links_differing_in_owner_case_are_one_repository() {
        // jxzhangjhu's list: one copy links `hkunlp/…`, the other `HKUNLP/…`
        let text = "## A\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)] [[code](https://github.com/ysymyth/ReAct)]\n\n## B\n\n- ReAct: Synergizing Reasoning and Acting [[paper](https://arxiv.org/abs/2210.03629)] [[code](https://github.com/YSymyth/react/)]\n";
        let found = check_rule(&super::DuplicateEntry::default(), text);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].related[0].message.ends_with("identical"),
            "{:?}",
            found[0].related
        );
        let rule = super::DuplicateEntry {
            allow_cross_section: true,
            ..Default::default()
        };
        assert_eq!(check_rule(&rule, text), []);
        let other_repo = text.replace("YSymyth/react/", "someone/react-fork");
        assert_eq!(check_rule(&rule, &other_repo).len(), 1);
    }

    /// NLP-progress: one model's result in two leaderboards (fine-grained and binary Yelp)
    /// is two results, not a paper listed twice; the same row twice in one table, or in two
    /// tables of papers, still is a copy.
    #[test]
    fn results_in_two_leaderboards_are_not_copies() {
        let table = |score: &str| {
            format!(
                "| Model | Error | Paper / Source |\n| --- | :---: | --- |\n| ULMFiT (Howard and Ruder, 2018) | {score} | [Universal Language Model Fine-tuning for Text Classification](https://arxiv.org/abs/1801.06146) |\n"
            )
        };
        let rule = super::DuplicateEntry::default();
        let two_tables = format!(
            "### Yelp\n\nFine-grained:\n\n{}\nBinary:\n\n{}",
            table("29.98"),
            table("2.16")
        );
        assert_eq!(check_rule(&rule, &two_tables), []);
        let one_table = format!(
            "### Yelp\n\n{}| ULMFiT (Howard and Ruder, 2018) | 2.16 | [Universal Language Model Fine-tuning for Text Classification](https://arxiv.org/abs/1801.06146) |\n",
            table("29.98")
        );
        assert_eq!(check_rule(&rule, &one_table).len(), 1);
        let dated = two_tables
            .replace("29.98", "2018.01")
            .replace("2.16", "2018.01")
            .replace("Error", "Date");
        assert_eq!(check_rule(&rule, &dated).len(), 1);
    }
}
