use serde::Deserialize;

use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::identity::{ArxivForm, ArxivHost, ArxivUrlStyle, arxiv_ref, canonical_arxiv_url};
use crate::rule::{Context, Rule, RuleMeta, options_from};

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
    #[default]
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
        let style = match self.style {
            Style::Abs => ArxivUrlStyle::Abs,
            Style::Pdf => ArxivUrlStyle::Pdf,
        };
        // Images on arxiv.org are figures, not paper links; keyed pages (Hugging Face
        // papers, alphaXiv) are other sites that only share the id.
        for link in doc.links_once(|link| !link.image) {
            let Some(arxiv) = arxiv_ref(&link.url) else {
                continue;
            };
            if arxiv.host_kind == ArxivHost::KeyedPage {
                continue;
            }
            let version = match self.versions {
                Versions::Keep => arxiv.version,
                Versions::Strip => None,
            };
            let canonical = canonical_arxiv_url(&arxiv.id, style, version);
            let written = doc.slice(link.url_range.clone());
            if written == canonical {
                continue;
            }
            let what = describe(written, &arxiv, self.style, self.versions);
            cx.report(link.url_range.clone(), format!("arXiv link {what}"))
                .url(written)
                .help(format!("use `{canonical}`"))
                .fix(Fix::safe(Edit::replace(link.url_range.clone(), canonical)));
        }
    }
}

/// What is off about a link, for the message: the first difference a reader would fix.
fn describe(
    written: &str,
    arxiv: &crate::identity::ArxivRef,
    style: Style,
    versions: Versions,
) -> String {
    let host = url::Url::parse(written.trim())
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default();
    if arxiv.host_kind == ArxivHost::Mirror {
        return format!("to the mirror {host}");
    }
    if host != "arxiv.org" && !host.is_empty() {
        return format!("on {host}");
    }
    let form = match arxiv.form {
        ArxivForm::Abs => "abs",
        ArxivForm::Pdf => "pdf",
        ArxivForm::Html => "html",
        ArxivForm::Format => "format",
        ArxivForm::Ftp => "ftp",
        ArxivForm::Other => "other",
    };
    let wanted = match style {
        Style::Abs => "abs",
        Style::Pdf => "pdf",
    };
    if form != wanted {
        let version = arxiv
            .version
            .map(|v| format!(" (v{v})"))
            .unwrap_or_default();
        return format!("to the {form} page{version} instead of {wanted}");
    }
    if versions == Versions::Strip && arxiv.version.is_some() {
        return "pinned to a version".to_string();
    }
    if written.starts_with("http://") {
        return "over http".to_string();
    }
    if let Some(at) = written.find(['?', '#']) {
        let what = if written[at..].starts_with('?') {
            "a query"
        } else {
            "a fragment"
        };
        return format!("with {what} (`{}`)", &written[at..]);
    }
    "not in canonical form".to_string()
}

#[cfg(test)]
mod tests {
    use crate::test_util::check_rule;

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
            "arXiv link to the pdf page instead of abs"
        );
        assert_eq!(found[1].message, "arXiv link on web3.arxiv.org");
        assert_eq!(
            &text[found[1].range.clone()],
            "https://web3.arxiv.org/abs/2305.12086v2"
        );
    }

    #[test]
    fn pdf_style_with_versions_kept() {
        let rule: super::ArxivUrlFormat = crate::rule::options_from(
            toml::from_str("style = \"pdf\"\nversions = \"keep\"").unwrap(),
        )
        .unwrap();
        let text = "- A [[Paper](https://arxiv.org/pdf/2106.09685v2)]\n- B [[Paper](https://arxiv.org/abs/2106.09686)]\n";
        let found = check_rule(&rule, text);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].help.as_deref(),
            Some("use `https://arxiv.org/pdf/2106.09686`")
        );
    }
}
