//! The rendered diagnostics of every fixture, pretty and JSON, as insta snapshots.

use awesome_lint::render::{Colors, Format, render};

use crate::support::{all_fixtures, fixture, lint};

#[test]
fn every_fixture_pretty_and_json() {
    let fixtures = all_fixtures();
    assert!(fixtures.len() >= 10, "fixtures: {fixtures:?}");
    for name in fixtures {
        let report = lint(&name, &fixture(&name));
        let reports = [report];
        let snapshot_name = name.trim_end_matches(".md").replace('/', "__");
        insta::assert_snapshot!(
            format!("{snapshot_name}.pretty"),
            render(Format::Pretty, &reports, Colors(false))
        );
        insta::assert_snapshot!(
            format!("{snapshot_name}.json"),
            render(Format::Json, &reports, Colors(false))
        );
    }
}

#[test]
fn every_message_follows_the_style() {
    // lower case, no trailing period; help in the imperative, no trailing period
    for name in all_fixtures() {
        let report = lint(&name, &fixture(&name));
        for d in &report.diagnostics {
            let first = d.message.chars().find(|c| c.is_alphabetic()).unwrap();
            assert!(
                !first.is_uppercase() || d.message.starts_with('`'),
                "{name}: {}",
                d.message
            );
            assert!(!d.message.ends_with('.'), "{name}: {}", d.message);
            if let Some(help) = &d.help {
                assert!(!help.ends_with('.'), "{name}: {help}");
            }
        }
    }
}

/// The seed as the Action shows it: the Markdown job summary and the review body with
/// suggested changes (every line counts as changed here).
#[test]
fn seed_markdown_report_and_review() {
    let reports = [lint("awesome-peft.md", &fixture("awesome-peft.md"))];
    insta::assert_snapshot!(
        "awesome-peft.markdown",
        render(Format::Markdown, &reports, Colors(false))
    );
    insta::assert_snapshot!(
        "awesome-peft.github-review",
        render(Format::GithubReview, &reports, Colors(false))
    );
}
