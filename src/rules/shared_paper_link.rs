use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::document::{Document, Entry, EntryId};
use crate::identity::{PaperKey, titles_match};
use crate::network::Needs;
use crate::rule::{Context, Rule, RuleMeta, options_from};

use std::sync::Arc;

use super::copies::{
    self, Copies, SharedLink, describe_key, names_resources, short_name as name_of,
};

pub static META: RuleMeta = RuleMeta {
    id: "shared-paper-link",
    default_severity: Severity::Warning,
    summary: "entries naming different works that link the same paper",
    doc: include_str!("../../rules/shared-paper-link.md"),
    network: false,
    fixable: false,
};

/// A row copied to start a new entry keeps the old row's link: xlite-dev's `Multi-Token
/// Speculative Decoding` row links the paper of the `Parallel Decoding` row above it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct SharedPaperLink {
    /// Sections that point at entries listed elsewhere (a news line, `🚀 Start Here`) with
    /// a link and a few words, not a title: the same words as `duplicate-entry`'s option.
    summary_sections: Vec<String>,
}

impl Default for SharedPaperLink {
    fn default() -> Self {
        Self {
            summary_sections: copies::SUMMARY_SECTIONS.map(String::from).to_vec(),
        }
    }
}

impl SharedPaperLink {
    fn copies(&self, doc: &Document) -> Arc<Copies> {
        copies::find_outside(doc, &self.summary_sections)
    }
}

fn names_list(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

impl Rule for SharedPaperLink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn configure(&mut self, options: toml::Table) -> Result<(), String> {
        *self = options_from(options)?;
        Ok(())
    }

    /// The arXiv metadata says which of the titles is the paper's.
    fn needs(&self, doc: &Document, needs: &mut Needs) {
        for shared in &self.copies(doc).shared {
            if let PaperKey::Arxiv(id) = &shared.key {
                needs.arxiv_ids.insert(id.clone());
            }
        }
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for shared in &self.copies(doc).shared {
            report(doc, cx, shared);
        }
    }
}

/// The name an entry goes by: its alias, else its title up to a colon.
fn bare_name(entry: &Entry) -> &str {
    entry
        .aliases
        .first()
        .map_or_else(
            || entry.title.split(':').next().unwrap_or(""),
            String::as_str,
        )
        .trim()
}

/// Whether `derived` is a dataset, benchmark or environment named after the paper of `base`
/// and citing it: ChanganVR's `ProcTHOR-10K: 10K Interactive Household Environments` under
/// *Datasets* links the paper of `ProcTHOR`, which introduced it. The name must extend the
/// other with a hyphen (`Bi-Mamba+` is another paper), and the entry must say it is a
/// resource, in its title or its heading.
fn introduced_by(doc: &Document, derived: &Entry, base: &Entry) -> bool {
    let (name, base_name) = (bare_name(derived), bare_name(base));
    let extends = name.len() > base_name.len() + 1
        && name.is_char_boundary(base_name.len())
        && name[..base_name.len()].eq_ignore_ascii_case(base_name)
        && name[base_name.len()..].starts_with('-')
        && !base_name.is_empty();
    let says_resource = names_resources(&derived.title)
        || derived.groups.iter().any(|g| names_resources(g))
        || derived
            .section
            .and_then(|id| doc.sections().get(id))
            .is_some_and(|section| names_resources(&section.title));
    extends && says_resource
}

fn report(doc: &Document, cx: &mut Context, shared: &SharedLink) {
    let entries = doc.entries();
    let first_of = |work: &Vec<EntryId>| &entries[work[0]];
    if let [a, b] = shared.works.as_slice() {
        let (a, b) = (first_of(a), first_of(b));
        if introduced_by(doc, a, b) || introduced_by(doc, b, a) {
            return;
        }
    }
    // With arXiv's title, the work whose title matches it holds the right link.
    let known_title = match &shared.key {
        PaperKey::Arxiv(id) => cx
            .online()
            .and_then(|o| o.arxiv.as_ref())
            .and_then(|meta| meta.get(id))
            .map(|meta| meta.title.clone()),
        _ => None,
    };
    let right = known_title.as_deref().and_then(|title| {
        let matching: Vec<usize> = (0..shared.works.len())
            .filter(|&w| titles_match(&first_of(&shared.works[w]).title, title))
            .collect();
        (matching.len() == 1).then(|| matching[0])
    });
    // The finding sits at a work that is probably wrong: one that does not match arXiv's
    // title, else the second work in the file.
    let wrong = match right {
        Some(0) | None => 1,
        Some(_) => 0,
    };
    let here = first_of(&shared.works[wrong]);
    let names: Vec<String> = shared.works.iter().map(|w| name_of(first_of(w))).collect();
    let both = if names.len() == 2 { "both" } else { "all" };
    let key = describe_key(&shared.key).replace(" id ", " ");
    let message = match (&known_title, right) {
        (Some(title), Some(r)) => format!(
            "{} {both} link {key}, which is `{title}`: the link of {} is probably wrong",
            names_list(&names),
            names_list(
                &names
                    .iter()
                    .enumerate()
                    .filter(|(w, _)| *w != r)
                    .map(|(_, n)| n.clone())
                    .collect::<Vec<_>>()
            ),
        ),
        _ => format!(
            "{} {both} link {key}: one of the links is probably wrong",
            names_list(&names)
        ),
    };
    let paper = here.paper.map(|id| doc.link(id));
    let range = paper.map_or(here.range.clone(), |link| link.range.clone());
    let diagnostic = cx.report(range, message);
    if let Some(link) = paper {
        diagnostic.url(doc.slice(link.url_range.clone()));
    }
    for (w, work) in shared.works.iter().enumerate() {
        for (copy, &id) in work.iter().enumerate() {
            let entry = &entries[id];
            if w == wrong && copy == 0 {
                continue;
            }
            let label = if copy > 0 {
                format!("`{}` again, with the same link", name_of(entry))
            } else if Some(w) == right {
                format!(
                    "`{}` links it too, and arXiv gives this title",
                    name_of(entry)
                )
            } else {
                format!("`{}` links it too", name_of(entry))
            };
            let range = entry
                .paper
                .map_or(entry.range.clone(), |id| doc.link(id).range.clone());
            diagnostic.related(range, label);
        }
    }
    diagnostic.help(match right {
        Some(r) => format!(
            "keep the link on `{}` and give the other entries the links of their own papers",
            names[r]
        ),
        None => format!(
            "look up {key}: give the entries that are not this paper the links of their own papers, or keep one entry if the paper was retitled"
        ),
    });
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use crate::document::Document;
    use crate::network::OnlineData;
    use crate::online::arxiv::ArxivMeta;
    use crate::rule::{Context, Rule};
    use crate::test_util::check_rule;

    const AIOT: &str = "- Rotation and Permutation for Advanced Outlier Management and Efficient Quantization of LLMs, <ins>NeurIPS, 2024</ins> [[Paper](https://arxiv.org/abs/2308.13137)]\n- OmniQuant: Omnidirectionally Calibrated Quantization for Large Language Models, <ins>ICLR, 2024</ins> [[Paper](https://arxiv.org/abs/2308.13137)]\n";

    #[test]
    fn offline_it_cannot_say_which_link_is_wrong() {
        let found = check_rule(&super::SharedPaperLink::default(), AIOT);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "`Rotation and Permutation for Advanced Outlier Management and …` and `OmniQuant` both link arXiv 2308.13137: one of the links is probably wrong"
        );
        assert_eq!(found[0].related.len(), 1);
    }

    #[test]
    fn with_arxiv_metadata_it_names_the_entry_whose_title_is_not_the_papers() {
        let doc = Document::parse(AIOT);
        let meta = ArxivMeta {
            id: "2308.13137".into(),
            version: Some(3),
            title: "OmniQuant: Omnidirectionally Calibrated Quantization for Large Language Models"
                .into(),
            published: None,
            authors: Vec::new(),
        };
        let online = OnlineData {
            arxiv: Some(HashMap::from([(meta.id.clone(), meta)])),
            ..Default::default()
        };
        let rule = super::SharedPaperLink::default();
        let mut cx = Context::new(rule.meta(), rule.meta().default_severity, false)
            .with_online(Some(&online));
        rule.check(&doc, &mut cx);
        let found = cx.into_diagnostics();
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "`Rotation and Permutation for Advanced Outlier Management and …` and `OmniQuant` both link arXiv 2308.13137, which is `OmniQuant: Omnidirectionally Calibrated Quantization for Large Language Models`: the link of `Rotation and Permutation for Advanced Outlier Management and …` is probably wrong"
        );
        // the finding sits on the entry whose link is wrong: the first line
        assert!(found[0].range.start < doc.text().find('\n').unwrap());
        assert_eq!(
            found[0].related[0].message,
            "`OmniQuant` links it too, and arXiv gives this title"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "keep the link on `OmniQuant` and give the other entries the links of their own papers"
            )
        );
    }

    #[test]
    fn news_lines_are_not_titles() {
        let text = "## 🔔 News\n\n- 💫 [2024/02/08] New paper R3 on RL for LLM agent reasoning has been released! [Paper](https://arxiv.org/abs/2402.05808)\n\n## Papers\n\n- [2024/02] **Training Large Language Models for Reasoning through Reverse Curriculum Reinforcement Learning.** [[paper](https://arxiv.org/abs/2402.05808)]\n";
        assert_eq!(check_rule(&super::SharedPaperLink::default(), text), []);
    }

    /// ChanganVR's embodied-vision list files `ProcTHOR-10K`, a dataset of the ProcTHOR
    /// paper, under *Datasets* with that paper's link: a citation, not a wrong link. A name
    /// that only extends the other, or a resource heading over two unrelated names, is still
    /// a shared link (huybery's APPS and MBPP rows under *Benchmarks* share one id wrongly).
    #[test]
    fn a_dataset_named_after_its_paper_may_cite_it() {
        let rule = super::SharedPaperLink::default();
        let text = "## Simulators\n\n* **Kitchen: Large-Scale Embodied AI by Procedural Generation** <br>\n*A. Deit, E. Vand* <br>\narXiv, 2022. [[Paper]](https://arxiv.org/abs/2206.06994)\n\n## Datasets\n\n* **Kitchen-10K: 10K Interactive Household Environments** <br>\n*A. Deit, E. Vand* <br>\narXiv, 2022. [[Paper]](https://arxiv.org/abs/2206.06994)\n";
        assert_eq!(check_rule(&rule, text), []);
        let not_a_resource = text.replace("## Datasets", "## Methods").replace(
            "Interactive Household Environments",
            "Faster Household Agents",
        );
        assert_eq!(check_rule(&rule, &not_a_resource).len(), 1);
        let unrelated = "## Benchmarks\n\n- Measuring Coding Challenge Competence With APPS [[Paper](https://arxiv.org/abs/2105.09938)]\n- Program Synthesis with Large Language Models [[Paper](https://arxiv.org/abs/2105.09938)]\n";
        assert_eq!(check_rule(&rule, unrelated).len(), 1);
    }

    /// zjunlp's benchmark table names each dataset in a *Benchmarks & Datasets* column and
    /// links the paper that introduced it, which is also listed as a method. A column of
    /// methods linking one paper twice is still a shared link.
    #[test]
    fn a_benchmark_cell_cites_the_paper_that_introduced_it() {
        let rule = super::SharedPaperLink::default();
        let text = "## Methods\n\n1. **Inspecting and Editing Knowledge Representations in Language Models** <br />\nE. Hern. [[paper](https://arxiv.org/abs/2304.00740)]\n\n## Benchmarks\n\n| Edit Type | Benchmarks & Datasets |\n| --- | --- |\n| **Bias** | [Bias in Bios](https://arxiv.org/abs/2304.00740) |\n";
        assert_eq!(check_rule(&rule, text), []);
        let methods = text.replace("Benchmarks & Datasets", "Method");
        assert_eq!(check_rule(&rule, &methods).len(), 1);
    }
}
