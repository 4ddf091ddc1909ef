//! The list of rules. A new rule is one line here, its file in `src/rules/` and its page in
//! `rules/`.

use crate::rule::{Rule, RuleMeta};
use crate::rules;

/// A fresh instance of every rule, with default options.
pub fn all_rules() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(rules::arxiv_title_mismatch::ArxivTitleMismatch),
        Box::new(rules::arxiv_url_format::ArxivUrlFormat::default()),
        Box::new(rules::badge_venue_mismatch::BadgeVenueMismatch),
        Box::new(rules::broken_anchor::BrokenAnchor),
        Box::new(rules::dead_host::DeadHost),
        Box::new(rules::dead_link::DeadLink::default()),
        Box::new(rules::duplicate_entry::DuplicateEntry::default()),
        Box::new(rules::github_repo_status::GithubRepoStatus),
        Box::new(rules::hidden_html::HiddenHtml),
        Box::new(rules::html_balance::HtmlBalance),
        Box::new(rules::malformed_link::MalformedLink),
        Box::new(rules::missing_file::MissingFile),
        Box::new(rules::redirect::Redirect),
        Box::new(rules::shared_paper_link::SharedPaperLink::default()),
        Box::new(rules::table_date_format::TableDateFormat),
        Box::new(rules::table_shape::TableShape),
        // The awesome guideline rules (upstream awesome-lint's ids), gated by the preset.
        Box::new(rules::awesome_heading::AwesomeHeading),
        Box::new(rules::awesome_badge::AwesomeBadge),
        Box::new(rules::awesome_toc::AwesomeToc),
        Box::new(rules::awesome_list_item::AwesomeListItem),
        Box::new(rules::awesome_license::AwesomeLicense),
        Box::new(rules::awesome_contributing::AwesomeContributing),
        Box::new(rules::awesome_code_of_conduct::AwesomeCodeOfConduct),
        Box::new(rules::awesome_no_ci_badge::AwesomeNoCiBadge),
        Box::new(rules::awesome_github::AwesomeGithub),
        Box::new(rules::no_repeat_item_in_description::NoRepeatItemInDescription),
        Box::new(rules::no_undefined_references::NoUndefinedReferences),
        Box::new(rules::no_unused_definitions::NoUnusedDefinitions),
        Box::new(rules::final_newline::FinalNewline),
        Box::new(rules::unverified_link::UnverifiedLink),
    ]
}

/// The rules of sindresorhus/awesome's guidelines: on for lists with the Awesome badge
/// (`preset = "auto"`), always with `preset = "awesome"`, never with `preset = "none"`.
pub const GUIDELINE_RULES: [&str; 13] = [
    "awesome-heading",
    "awesome-badge",
    "awesome-toc",
    "awesome-list-item",
    "awesome-license",
    "awesome-contributing",
    "awesome-code-of-conduct",
    "awesome-no-ci-badge",
    "awesome-github",
    "no-repeat-item-in-description",
    "no-undefined-references",
    "no-unused-definitions",
    "final-newline",
];

pub fn is_guideline(id: &str) -> bool {
    GUIDELINE_RULES.contains(&id)
}

/// Every rule's metadata, in registry order.
pub fn all_metas() -> Vec<&'static RuleMeta> {
    all_rules().iter().map(|r| r.meta()).collect()
}

pub fn find(id: &str) -> Option<&'static RuleMeta> {
    all_metas().into_iter().find(|m| m.id == id)
}
