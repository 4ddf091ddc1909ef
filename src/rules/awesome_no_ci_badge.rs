use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Severity;
use crate::document::Document;
use crate::rule::{Context, Rule, RuleMeta};

pub static META: RuleMeta = RuleMeta {
    id: "awesome-no-ci-badge",
    default_severity: Severity::Error,
    summary: "the list shows a CI or build-status badge",
    doc: include_str!("../../rules/awesome-no-ci-badge.md"),
    network: false,
    fixable: false,
};

/// A list is not software: a build badge says nothing to its readers.
#[derive(Debug, Default)]
pub struct AwesomeNoCiBadge;

/// Travis and CircleCI (upstream's set), and GitHub Actions workflow badges
/// (`…/actions/workflows/x.yml/badge.svg`, `…/workflows/X/badge.svg`), which replaced them.
static CI_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)travis|circleci|/actions/workflows/[^/]+/badge\.svg|/workflows/[^/]+/badge\.svg",
    )
    .expect("CI badge pattern is valid")
});

static CI_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)build status|travis|circleci").expect("CI text pattern is valid")
});

impl Rule for AwesomeNoCiBadge {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, cx: &mut Context) {
        for link in doc.links().iter().filter(|l| l.image) {
            if CI_URL.is_match(&link.url) || CI_TEXT.is_match(&link.text) {
                cx.report(link.range.clone(), "readme must not contain CI badge")
                    .help("remove the badge: a list's readers do not need its build status");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::check_rule;

    #[test]
    fn ci_badges() {
        let found = |text: &str| check_rule(&AwesomeNoCiBadge, text).len();
        assert_eq!(
            found("[![Build Status](https://travis-ci.org/a/b.svg)](https://travis-ci.org/a/b)\n"),
            1
        );
        assert_eq!(found("![CI](https://circleci.com/gh/a/b.svg)\n"), 1);
        assert_eq!(
            found("![Lint](https://github.com/a/b/actions/workflows/lint.yml/badge.svg)\n"),
            1
        );
        assert_eq!(found("![Build status](https://example.org/x.svg)\n"), 1);
        assert_eq!(
            found("[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)\n"),
            0
        );
        assert_eq!(
            found("[![Stars](https://img.shields.io/github/stars/a/b)](https://github.com/a/b)\n"),
            0
        );
    }
}
