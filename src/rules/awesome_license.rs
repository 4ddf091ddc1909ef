use crate::diagnostic::Severity;
use crate::document::Document;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "awesome-license",
    default_severity: Severity::Error,
    summary: "the list has a license section",
    doc: include_str!("../../rules/awesome-license.md"),
    network: false,
    fixable: false,
};

/// The awesome guidelines put the licence in a `license` file GitHub detects, not in a
/// section of the list.
#[derive(Debug, Default)]
pub struct AwesomeLicense;

impl Rule for AwesomeLicense {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        let found = doc.tree().headings.iter().find(|h| {
            let title = h.text.trim().to_lowercase();
            title == "license" || title == "licence"
        });
        if let Some(heading) = found {
            cx.report(heading.range.clone(), "forbidden license section found")
                .help("remove the section and keep the licence in a `license` file");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    #[test]
    fn license_sections() {
        assert_eq!(
            check_rule(&AwesomeLicense, "# A\n\n## License\n\nCC0\n").len(),
            1
        );
        assert_eq!(check_rule(&AwesomeLicense, "# A\n\n### Licence\n").len(), 1);
        assert!(check_rule(&AwesomeLicense, "# A\n\n## Licenses of models\n").is_empty());
    }
}
