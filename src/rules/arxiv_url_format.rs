use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::{Document, Link};
use crate::identity::{ArxivForm, ArxivHost, ArxivRef, ArxivUrlStyle, WebUrl, canonical_arxiv_url};
use crate::rule::{Context, Rule, RuleMeta, options_from};
use crate::scan::has_word_ignoring_case;

pub static META: RuleMeta = RuleMeta {
    id: "arxiv-url-format",
    default_severity: Severity::Warning,
    summary: "an arXiv link not in the canonical form",
    doc: include_str!("../../rules/arxiv-url-format.md"),
    network: false,
    fixable: true,
};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Style {
    /// The file's own house style: pdf when most of its arXiv links are pdf links, else abs.
    #[default]
    Auto,
    Abs,
    Pdf,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Versions {
    #[default]
    Strip,
    Keep,
}

/// With `style = "auto"`, a file whose arXiv links are more than this share pdf links keeps
/// pdf: BradyFU's list links 543 of 551 papers as pdf, and a linter that asks for 543 edits
/// fights the maintainer's choice instead of finding the 8 odd ones out. More than two in
/// three, not the 80 % first chosen: mli's paper-reading list (79 % pdf: readers follow the
/// PDF along a video) and thunlp's GNN papers (75 %) link PDFs by habit too, while the mixed
/// lists stay far below (the seed and Hannibal046 at 58 %). Exactly two of three links is no
/// habit yet.
const PDF_HOUSE_STYLE_SHARE: f64 = 2.0 / 3.0;

/// A link text that promises a PDF: `[pdf]`, `[[Paper PDF]]`, `PDF`.
fn is_pdf_label(text: &str) -> bool {
    has_word_ignoring_case(text, "pdf")
}

/// The text of the pdf half of an abs + pdf pair.
fn is_paper_or_pdf_label(text: &str) -> bool {
    has_word_ignoring_case(text, "paper") || is_pdf_label(text)
}

/// One form per paper makes duplicates visible, diffs small and links stable: `abs` pages
/// survive new versions and link to every format.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArxivUrlFormat {
    #[serde(default)]
    style: Style,
    #[serde(default)]
    versions: Versions,
}

impl Rule for ArxivUrlFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn configure(&mut self, options: toml::Table) -> Result<(), String> {
        *self = options_from(options)?;
        Ok(())
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        // Images on arxiv.org are figures, not paper links; keyed pages (Hugging Face
        // papers, alphaXiv) are other sites that only share the id.
        let links: Vec<(&Link, ArxivRef)> = doc
            .links_once(|link| !link.image)
            .filter_map(|link| link.arxiv_ref().cloned().map(|arxiv| (link, arxiv)))
            .filter(|(_, arxiv)| arxiv.host_kind != ArxivHost::KeyedPage)
            .collect();
        let house = match self.style {
            Style::Abs => ArxivUrlStyle::Abs,
            Style::Pdf => ArxivUrlStyle::Pdf,
            Style::Auto => house_style(&links),
        };
        let pairs = abs_and_pdf_pairs(doc);
        // atfortes/Awesome-LLM-Reasoning: `[CoinFlip](…/2201.11903) / [ReverseList](…/2201.11903v1)`
        // in one entry: one id linked with and without a version on purpose (the task is in
        // v1 only). Such versions are kept.
        // Only links of one form count: `abs/ID` beside `pdf/IDv2` is no pin.
        let mut versions_in_entry: HashMap<(usize, &str, bool), Vec<Option<u32>>> = HashMap::new();
        let is_pdf = |arxiv: &ArxivRef| matches!(arxiv.form, ArxivForm::Pdf | ArxivForm::Ftp);
        for (link, arxiv) in &links {
            if let Some(entry) = link.entry {
                let seen = versions_in_entry
                    .entry((entry, arxiv.id.as_str(), is_pdf(arxiv)))
                    .or_default();
                if !seen.contains(&arxiv.version) {
                    seen.push(arxiv.version);
                }
            }
        }
        let pinned = |link: &Link, arxiv: &ArxivRef| {
            link.entry.is_some_and(|entry| {
                versions_in_entry
                    .get(&(entry, arxiv.id.as_str(), is_pdf(arxiv)))
                    .is_some_and(|v| v.len() > 1)
            })
        };
        for (link, arxiv) in &links {
            let style = wanted_style(link, arxiv, house, &pairs);
            let versions = if pinned(link, arxiv) {
                Versions::Keep
            } else {
                self.versions
            };
            let version = match versions {
                Versions::Keep => arxiv.version,
                Versions::Strip => None,
            };
            let canonical = canonical_arxiv_url(&arxiv.id, style, version);
            let written = doc.slice(link.url_range.clone());
            // `pdf/ID.pdf` is the same file as `pdf/ID`, and lists that link PDFs write it
            // both ways (BradyFU: 384 of 551 with the suffix): not worth a finding alone.
            let same_pdf = style == ArxivUrlStyle::Pdf
                && written
                    .strip_prefix(canonical.as_str())
                    .is_some_and(|rest| rest.eq_ignore_ascii_case(".pdf"));
            if written == canonical || same_pdf {
                continue;
            }
            let changes = changes(written, arxiv, style, versions);
            cx.report(
                link.url_range.clone(),
                format!("arXiv link not in canonical form: {}", changes.join(", ")),
            )
            .url(written)
            .help(format!("use `{canonical}`"))
            .fix(Fix::safe(Edit::replace(link.url_range.clone(), canonical)));
        }
    }
}

/// Whether a file links papers as pdf by habit: more than [`PDF_HOUSE_STYLE_SHARE`] of its
/// arXiv links are pdf files (`/pdf/`, or the old `ftp/…/ID.pdf` path).
fn house_style(links: &[(&Link, ArxivRef)]) -> ArxivUrlStyle {
    let pdf = links
        .iter()
        .filter(|(_, arxiv)| matches!(arxiv.form, ArxivForm::Pdf | ArxivForm::Ftp))
        .count();
    if !links.is_empty() && pdf as f64 > PDF_HOUSE_STYLE_SHARE * links.len() as f64 {
        ArxivUrlStyle::Pdf
    } else {
        ArxivUrlStyle::Abs
    }
}

/// Entries that link the abstract and then the PDF of one paper
/// (`[Title](…/abs/ID) ([Paper](…/pdf/ID.pdf))`): both links are meant, so both keep their
/// page. The other order is no pattern: ChenHsing's table links a few titles to the pdf and
/// their arXiv badge to the abs page, where every other row links abs twice. Keyed by entry
/// and arXiv id.
fn abs_and_pdf_pairs(doc: &Document) -> HashSet<(usize, String)> {
    let mut pairs = HashSet::new();
    for (index, entry) in doc.entries().iter().enumerate() {
        let mut abs_seen = HashSet::new();
        for &id in &entry.links {
            let link = doc.link(id);
            let Some(arxiv) = link.arxiv_ref().filter(|_| !link.image).cloned() else {
                continue;
            };
            match arxiv.form {
                ArxivForm::Abs => {
                    abs_seen.insert(arxiv.id);
                }
                // The pdf half says what it is (`[Paper]`, `[PDF]`); an arXiv badge that wraps
                // a pdf link beside an abs title is an odd one out, not a second offer.
                ArxivForm::Pdf
                    if abs_seen.contains(&arxiv.id) && is_paper_or_pdf_label(&link.text) =>
                {
                    pairs.insert((index, arxiv.id));
                }
                _ => {}
            }
        }
    }
    pairs
}

/// The page this link should open: a link labelled PDF opens the PDF (the label would lie
/// otherwise), one half of an abs + pdf pair keeps its page, every other link follows the
/// house style.
fn wanted_style(
    link: &Link,
    arxiv: &ArxivRef,
    house: ArxivUrlStyle,
    pairs: &HashSet<(usize, String)>,
) -> ArxivUrlStyle {
    let paired = link
        .entry
        .is_some_and(|entry| pairs.contains(&(entry, arxiv.id.clone())));
    if paired {
        match arxiv.form {
            ArxivForm::Abs => return ArxivUrlStyle::Abs,
            ArxivForm::Pdf => return ArxivUrlStyle::Pdf,
            _ => {}
        }
    }
    if is_pdf_label(&link.text) && arxiv.form != ArxivForm::Abs {
        return ArxivUrlStyle::Pdf;
    }
    house
}

/// Everything the fix changes, in the order a reader sees it in the URL: scheme, host, page,
/// suffix, version, query and fragment.
fn changes(
    written: &str,
    arxiv: &ArxivRef,
    style: ArxivUrlStyle,
    versions: Versions,
) -> Vec<String> {
    let mut changes = Vec::new();
    let trimmed = written.trim();
    let scheme_end = trimmed.find("://");
    match scheme_end.map(|end| trimmed[..end].to_ascii_lowercase()) {
        Some(scheme) if scheme == "https" => {}
        Some(scheme) => changes.push(format!("{scheme} scheme")),
        None => changes.push("no scheme".to_string()),
    }
    let web = WebUrl::parse(trimmed);
    let host = web.as_ref().map(|w| w.host.clone()).unwrap_or_default();
    if arxiv.host_kind == ArxivHost::Mirror {
        changes.push(format!("mirror {host}"));
    } else if host != "arxiv.org" {
        changes.push(format!("{host} host"));
    }
    let (form, wanted) = (form_name(arxiv.form), style_name(style));
    if form != wanted {
        changes.push(format!("{form} page instead of {wanted}"));
    } else if arxiv.form == ArxivForm::Pdf
        && web
            .as_ref()
            .is_some_and(|w| w.path.to_ascii_lowercase().ends_with(".pdf"))
    {
        // Only named when something else changes too (see `same_pdf`).
        changes.push("`.pdf` suffix".to_string());
    }
    if versions == Versions::Strip
        && let Some(version) = arxiv.version
    {
        changes.push(format!("version v{version}"));
    }
    if let Some(web) = &web
        && !web.query.is_empty()
    {
        changes.push(format!("query `?{}`", web.query));
    } else if trimmed
        .split('#')
        .next()
        .is_some_and(|before| before.ends_with('?'))
    {
        // Westlake writes `abs/2503.14275?`.
        changes.push("empty query `?`".to_string());
    }
    if let Some((_, fragment)) = trimmed.split_once('#') {
        changes.push(format!("fragment `#{fragment}`"));
    }
    if changes.is_empty() {
        let path = web.as_ref().map_or("", |w| w.path);
        changes.push(
            if path.contains("//") {
                // ChenHsing writes `abs//2306.08707`.
                "double slash in the path"
            } else if path.ends_with('/') {
                "trailing slash"
            } else if path.ends_with(['v', 'V']) {
                // AIoT writes `abs/1911.02972v`.
                "`v` without a version number"
            } else if path.chars().any(|c| c.is_ascii_uppercase()) {
                "upper case in the path"
            } else {
                "path spelt differently"
            }
            .to_string(),
        );
    }
    changes
}

fn form_name(form: ArxivForm) -> &'static str {
    match form {
        ArxivForm::Abs => "abs",
        ArxivForm::Pdf => "pdf",
        ArxivForm::Html => "html",
        ArxivForm::Format => "format",
        ArxivForm::Ftp => "ftp",
        ArxivForm::Other => "other",
    }
}

fn style_name(style: ArxivUrlStyle) -> &'static str {
    match style {
        ArxivUrlStyle::Abs => "abs",
        ArxivUrlStyle::Pdf => "pdf",
    }
}

#[cfg(test)]
mod tests {
    use crate::test_util::check_rule;

    fn rule(options: &str) -> super::ArxivUrlFormat {
        crate::rule::options_from(toml::from_str(options).unwrap()).unwrap()
    }

    #[test]
    fn forms_are_reported_once_per_written_url() {
        let text = "- A [[Paper](https://arxiv.org/pdf/2106.09685)]\n- B [[Paper](https://arxiv.org/abs/2106.09686)]\n- C [Paper][c] and [again][c]\n- D [[Paper](https://huggingface.co/papers/2106.09685)]\n\n[c]: https://web3.arxiv.org/abs/2305.12086v2\n";
        let found = check_rule(&super::ArxivUrlFormat::default(), text);
        let urls: Vec<_> = found.iter().map(|d| d.url.clone().unwrap()).collect();
        assert_eq!(
            urls,
            [
                "https://arxiv.org/pdf/2106.09685",
                "https://web3.arxiv.org/abs/2305.12086v2"
            ]
        );
        assert_eq!(
            found[0].message,
            "arXiv link not in canonical form: pdf page instead of abs"
        );
        assert_eq!(
            found[1].message,
            "arXiv link not in canonical form: web3.arxiv.org host, version v2"
        );
        assert_eq!(
            &text[found[1].range.clone()],
            "https://web3.arxiv.org/abs/2305.12086v2"
        );
    }

    #[test]
    fn message_names_every_change() {
        let text = "- A [Paper](http://www.arxiv.org/pdf/2106.09685v3.pdf?fbclid=x#page=2)\n- B [Paper](https://arxiv.org/abs/2106.09686)\n";
        let found = check_rule(&super::ArxivUrlFormat::default(), text);
        assert_eq!(
            found[0].message,
            "arXiv link not in canonical form: http scheme, www.arxiv.org host, pdf page instead of abs, version v3, query `?fbclid=x`, fragment `#page=2`"
        );
        let text = "- A [pdf](https://arxiv.org/pdf/2106.09685v1.pdf)\n- B [pdf](https://arxiv.org/pdf/2106.09686.pdf)\n";
        let found = check_rule(&super::ArxivUrlFormat::default(), text);
        assert_eq!(found.len(), 1, "a `.pdf` suffix alone is no finding");
        assert_eq!(
            found[0].message,
            "arXiv link not in canonical form: `.pdf` suffix, version v1"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("use `https://arxiv.org/pdf/2106.09685`")
        );
    }

    #[test]
    fn odd_spellings_are_named() {
        let text = "- A [Paper](https://arxiv.org/abs//2306.08707)\n- B [Paper](https://arxiv.org/abs/2503.14275?)\n- C [Paper](https://arxiv.org/abs/2503.14276/)\n- D [Paper](https://arxiv.org/abs/1911.02972v)\n";
        let found = check_rule(&super::ArxivUrlFormat::default(), text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "arXiv link not in canonical form: double slash in the path",
                "arXiv link not in canonical form: empty query `?`",
                "arXiv link not in canonical form: trailing slash",
                "arXiv link not in canonical form: `v` without a version number",
            ]
        );
    }

    #[test]
    fn a_version_pinned_beside_the_unversioned_id_in_one_entry_is_kept() {
        // atfortes/Awesome-LLM-Reasoning: the third task exists in v1 of the paper only
        let text = "- Tasks: [CoinFlip](https://arxiv.org/abs/2201.00081) / [LastLetter](https://arxiv.org/abs/2201.00081) / [ReverseList](https://arxiv.org/abs/2201.00081v1)\n- [Other](https://arxiv.org/abs/2201.00082v2)\n";
        let found = check_rule(&super::ArxivUrlFormat::default(), text);
        let messages: Vec<_> = found.iter().map(|d| d.message.as_str()).collect();
        // the pin is kept; a version alone in its entry is still stripped
        assert_eq!(messages, ["arXiv link not in canonical form: version v2"]);
    }

    #[test]
    fn pdf_style_with_versions_kept() {
        let rule = rule("style = \"pdf\"\nversions = \"keep\"");
        let text = "- A [[Paper](https://arxiv.org/pdf/2106.09685v2)]\n- B [[Paper](https://arxiv.org/abs/2106.09686)]\n";
        let found = check_rule(&rule, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].help.as_deref(),
            Some("use `https://arxiv.org/pdf/2106.09686`")
        );
    }

    #[test]
    fn pdf_labels_keep_the_pdf_page() {
        // xlite-dev's `[[pdf]]` cells and calpt's `[[Paper PDF]]` links; abs forced, as five
        // pdf links of seven would make pdf the house style
        let text = "| Date | Title | Paper |\n|---|---|---|\n|2023.06|FlashAttention-2|[[pdf]](https://arxiv.org/pdf/2307.08691.pdf)|\n|2023.09|vLLM|[[pdf]](https://arxiv.org/pdf/2309.06180)|\n\n- **LoRA** [[Paper PDF]](https://arxiv.org/pdf/2106.09685v2.pdf)\n- **AdapterHub** [[Paper](https://arxiv.org/pdf/2007.07779)]\n- **BitFit** [[Paper](https://arxiv.org/abs/2106.10199)]\n- **IA3** [[Paper](https://arxiv.org/abs/2205.05638)]\n";
        let found = check_rule(&rule("style = \"abs\""), text);
        let helps: Vec<_> = found.iter().map(|d| d.help.clone().unwrap()).collect();
        assert_eq!(
            helps,
            [
                "use `https://arxiv.org/pdf/2106.09685`",
                "use `https://arxiv.org/abs/2007.07779`",
            ]
        );
    }

    /// `count` papers linked as pdf, then one as abs.
    fn pdf_links_then_one_abs(count: usize) -> String {
        let mut text = String::new();
        for n in 0..count {
            text.push_str(&format!(
                "- P{n} [Paper](https://arxiv.org/pdf/2106.0968{n})\n"
            ));
        }
        text.push_str("- Q [Paper](https://arxiv.org/abs/2106.09700)\n");
        text
    }

    #[test]
    fn a_pdf_house_style_is_kept_by_default() {
        let text = pdf_links_then_one_abs(9);
        let found = check_rule(&super::ArxivUrlFormat::default(), &text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "arXiv link not in canonical form: abs page instead of pdf"
        );
        // Forcing abs reports the nine pdf links instead.
        assert_eq!(check_rule(&rule("style = \"abs\""), &text).len(), 9);
    }

    #[test]
    fn three_pdf_links_in_four_are_a_house_style() {
        // mli's paper-reading list links 79 % of its papers as pdf, thunlp's GNN list 75 %
        let mut text = pdf_links_then_one_abs(3);
        let found = check_rule(&super::ArxivUrlFormat::default(), &text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "arXiv link not in canonical form: abs page instead of pdf"
        );
        // the seed's 58 % is a mixed list that asks for abs
        text.push_str("- R [Paper](https://arxiv.org/abs/2106.09701)\n");
        let found = check_rule(&super::ArxivUrlFormat::default(), &text);
        assert_eq!(found.len(), 3);
    }

    #[test]
    fn abs_and_pdf_of_one_paper_side_by_side_stay() {
        // abs forced: two pdf links of three would make pdf the house style
        let text = "- [LoRA](https://arxiv.org/abs/2106.09685) ([Paper](https://arxiv.org/pdf/2106.09685.pdf))\n- [QLoRA](https://arxiv.org/pdf/2305.14314)\n";
        let found = check_rule(&rule("style = \"abs\""), text);
        let urls: Vec<_> = found.iter().map(|d| d.url.clone().unwrap()).collect();
        assert_eq!(urls, ["https://arxiv.org/pdf/2305.14314"]);
        // pdf first and abs second is no pair: ChenHsing's title links a pdf, its badge abs.
        let text = "| Title | arXiv |\n|---|---|\n|[PhysGen](https://arxiv.org/pdf/2409.18964) | [![arXiv](https://img.shields.io/badge/arXiv-b31b1b.svg)](https://arxiv.org/abs/2409.18964) |\n";
        let found = check_rule(&super::ArxivUrlFormat::default(), text);
        assert_eq!(found.len(), 1);
    }
}
