use crate::diagnostic::{Edit, Fix, Severity};
use crate::document::Document;
use crate::repo::{Target, relative_link};
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "missing-file",
    default_severity: Severity::Error,
    summary: "a relative link to a file the repository does not have",
    doc: include_str!("../../rules/missing-file.md"),
    network: false,
    fixable: true,
};

/// Relative links (`docs/x.md`, `./assets/a.png`) break when files move, and nothing on the
/// web notices: the link checker never sees them. Checked on disk, relative to the linted
/// file, only when the file is inside a repository (see `crate::repo`).
#[derive(Debug, Default)]
pub struct MissingFile;

impl Rule for MissingFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let Some(repo) = cx.repo() else { return };
        for link in doc.links_once(|_| true) {
            let Some(relative) = relative_link(&link.url) else {
                continue;
            };
            let written = doc.slice(link.url_range.clone()).to_string();
            match repo.resolve(relative.path) {
                Target::File { .. } | Target::Directory => {}
                Target::Missing { shown } => {
                    let what = if link.image { "image" } else { "file" };
                    let diagnostic = cx.report(
                        link.url_range.clone(),
                        format!("no {what} `{shown}` in the repository"),
                    );
                    diagnostic.url(written.clone());
                    if looks_like_web_address(relative.path) && written == link.url {
                        // benedekrozemberczki links `[WSDM](www.wsdm-conference.org)`.
                        diagnostic
                            .help("write the web address with `https://`")
                            .fix(Fix::unsafe_edit(Edit::replace(
                                link.url_range.clone(),
                                format!("https://{written}"),
                            )));
                    } else {
                        diagnostic.help("point the link at where the file is now, or remove it");
                    }
                }
                Target::WrongCase { shown, corrected } => {
                    let diagnostic = cx.report(
                        link.url_range.clone(),
                        format!("`{shown}` differs in letter case from the file on disk"),
                    );
                    diagnostic.url(written.clone()).help(format!(
                        "write `{corrected}`: GitHub's paths are case-sensitive"
                    ));
                    // Only a path written as parsed can be replaced in place.
                    if written == link.url
                        && let Some(at) = written.find(relative.path)
                    {
                        let start = link.url_range.start + at;
                        diagnostic.fix(Fix::safe(Edit::replace(
                            start..start + relative.path.len(),
                            corrected,
                        )));
                    }
                }
                Target::OutsideRepository => {
                    cx.report_as(
                        Severity::Warning,
                        link.url_range.clone(),
                        format!("`{}` points outside the repository", relative.path),
                    )
                    .url(written)
                    .help("use a full URL: only GitHub's own pages resolve a relative link above the repository root");
                }
            }
        }
    }
}

/// `www.example.org/x` or `example.com`: a web address written without its scheme, which
/// GitHub resolves as a file of the repository.
fn looks_like_web_address(path: &str) -> bool {
    let host = path.split('/').next().unwrap_or("");
    let Some((name, tld)) = host.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && (host.starts_with("www.")
            || matches!(
                tld,
                "com" | "org" | "net" | "io" | "ai" | "edu" | "gov" | "dev" | "app" | "co"
            ))
}

#[cfg(test)]
mod tests {
    use crate::document::Document;
    use crate::fix::apply_fixes;
    use crate::repo::RepoFile;
    use crate::rule::{Context, Rule};

    use super::MissingFile;

    fn check(text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir_all(root.join("assets")).expect("mkdir");
        std::fs::write(root.join("assets/Logo.png"), "").expect("write");
        std::fs::write(root.join("CONTRIBUTING.md"), "# Contributing\n").expect("write");
        let repo = RepoFile::new(root.clone(), root);
        let doc = Document::parse(text);
        let meta = MissingFile.meta();
        let mut cx = Context::new(meta, meta.default_severity, false).with_repo(Some(&repo));
        MissingFile.check(&doc, &mut cx);
        cx.into_diagnostics()
    }

    #[test]
    fn missing_files_and_images_are_errors() {
        let text = "[Guide](docs/guide.md#usage) ![logo](./assets/logo2.png) [Contributing](CONTRIBUTING.md) [site](https://x.org/a.md) [top](#top)\n";
        let found = check(text);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "no file `docs/guide.md` in the repository",
                "no image `assets/logo2.png` in the repository"
            ]
        );
    }

    #[test]
    fn a_web_address_without_scheme_gets_an_unsafe_fix() {
        let text = "[WSDM](www.wsdm-conference.org) [notes](notes.md)\n";
        let found = check(text);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].help.as_deref(),
            Some("write the web address with `https://`")
        );
        assert_eq!(apply_fixes(text, &found, false).1, 0);
        let (fixed, _) = apply_fixes(text, &found, true);
        assert_eq!(
            fixed,
            "[WSDM](https://www.wsdm-conference.org) [notes](notes.md)\n"
        );
        assert!(found[1].fix.is_none());
    }

    #[test]
    fn wrong_letter_case_is_fixed() {
        let text = "![logo](./assets/logo.png)\n";
        let found = check(text);
        assert_eq!(found.len(), 1);
        let (fixed, _) = apply_fixes(text, &found, false);
        assert_eq!(fixed, "![logo](./assets/Logo.png)\n");
    }

    #[test]
    fn links_above_the_root_are_warnings_not_followed() {
        let found = check("[Issues](../../issues)\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, crate::diagnostic::Severity::Warning);
        assert_eq!(
            found[0].message,
            "`../../issues` points outside the repository"
        );
    }

    #[test]
    fn no_repository_no_findings() {
        let doc = Document::parse("[Guide](docs/guide.md)\n");
        let meta = MissingFile.meta();
        let mut cx = Context::new(meta, meta.default_severity, false);
        MissingFile.check(&doc, &mut cx);
        assert!(cx.into_diagnostics().is_empty());
    }
}
