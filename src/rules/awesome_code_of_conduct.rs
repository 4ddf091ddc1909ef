use crate::diagnostic::Severity;
use crate::document::Document;
use crate::rule::{Context, Rule, RuleMeta};
use crate::rules::awesome_contributing::{find_beside, folder_of, is_blank};

pub static META: RuleMeta = RuleMeta {
    id: "awesome-code-of-conduct",
    default_severity: Severity::Error,
    summary: "the code of conduct beside the list is empty or keeps a template placeholder",
    doc: include_str!("../../rules/awesome-code-of-conduct.md"),
    network: false,
    fixable: false,
};

/// A code of conduct nobody can be reached through is no code of conduct.
#[derive(Debug, Default)]
pub struct AwesomeCodeOfConduct;

/// Contact placeholders of the Contributor Covenant (1.4 and 2.x).
const PLACEHOLDERS: [&str; 2] = ["[INSERT EMAIL ADDRESS]", "[INSERT CONTACT METHOD]"];

/// The address in the code of conduct sindresorhus/awesome ships, copied along with it.
const AUTHOR_EMAIL: &str = "sindresorhus@gmail.com";

/// Whether the list lives in a repository of the address's owner (sindresorhus/awesome
/// itself), where the address is the right one (upstream's `valid2` case).
fn is_authors_own(path: &std::path::Path) -> bool {
    crate::rules::awesome_github::list_repository(path)
        .is_some_and(|repo| repo.owner.eq_ignore_ascii_case("sindresorhus"))
}

impl Rule for AwesomeCodeOfConduct {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, _doc: &Document, cx: &mut Context) {
        let Some(path) = cx.path() else {
            return;
        };
        let Some(found) = find_beside(
            &folder_of(path),
            &["code-of-conduct.md", "code_of_conduct.md"],
        ) else {
            return;
        };
        let name = found
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if is_blank(&found) {
            cx.report(0..0, format!("{name} file must not be empty"))
                .help("write a code of conduct, or remove the empty file");
            return;
        }
        let Ok(text) = std::fs::read_to_string(&found) else {
            return;
        };
        if let Some(placeholder) = PLACEHOLDERS.iter().find(|p| text.contains(*p)) {
            cx.report(
                0..0,
                format!(
                    "the email placeholder `{placeholder}` in {name} must be replaced with yours"
                ),
            )
            .help("write the address people should report to");
        } else if text.contains(AUTHOR_EMAIL) && !is_authors_own(path) {
            cx.report(
                0..0,
                format!("the default email in {name} must be replaced with yours"),
            )
            .help(format!(
                "replace {AUTHOR_EMAIL} with the list maintainer's address"
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(dir: &Path) -> Vec<String> {
        let doc = Document::parse("# A\n");
        let list = dir.join("readme.md");
        let mut cx = Context::new(&META, META.default_severity, false).with_path(Some(&list));
        AwesomeCodeOfConduct.check(&doc, &mut cx);
        cx.into_diagnostics()
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn code_of_conduct() {
        let dir = tempfile::tempdir().unwrap();
        assert!(run(dir.path()).is_empty(), "optional");
        let file = dir.path().join("code-of-conduct.md");
        std::fs::write(&file, "").unwrap();
        assert_eq!(
            run(dir.path()),
            ["code-of-conduct.md file must not be empty"]
        );
        std::fs::write(&file, "Report to [INSERT EMAIL ADDRESS].\n").unwrap();
        assert_eq!(
            run(dir.path()),
            [
                "the email placeholder `[INSERT EMAIL ADDRESS]` in code-of-conduct.md must be replaced with yours"
            ]
        );
        std::fs::write(&file, "Report to sindresorhus@gmail.com.\n").unwrap();
        assert_eq!(
            run(dir.path()),
            ["the default email in code-of-conduct.md must be replaced with yours"]
        );
        std::fs::write(&file, "Report to me@example.org.\n").unwrap();
        assert!(run(dir.path()).is_empty());
        // In the address owner's own repository the address is right.
        std::fs::write(&file, "Report to sindresorhus@gmail.com.\n").unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(
            dir.path().join(".git/config"),
            "[remote \"origin\"]\n\turl = https://github.com/sindresorhus/awesome-kites.git\n",
        )
        .unwrap();
        assert!(run(dir.path()).is_empty());

        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".github")).unwrap();
        std::fs::write(dir.path().join(".github/CODE_OF_CONDUCT.md"), "\n").unwrap();
        assert_eq!(
            run(dir.path()),
            ["CODE_OF_CONDUCT.md file must not be empty"]
        );
    }
}
