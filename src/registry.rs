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
        Box::new(rules::dead_host::DeadHost),
        Box::new(rules::dead_link::DeadLink::default()),
        Box::new(rules::duplicate_entry::DuplicateEntry::default()),
        Box::new(rules::github_repo_status::GithubRepoStatus),
        Box::new(rules::html_balance::HtmlBalance),
        Box::new(rules::redirect::Redirect),
        Box::new(rules::table_date_format::TableDateFormat),
        Box::new(rules::table_shape::TableShape),
        Box::new(rules::unverified_link::UnverifiedLink),
    ]
}

/// Every rule's metadata, in registry order.
pub fn all_metas() -> Vec<&'static RuleMeta> {
    all_rules().iter().map(|r| r.meta()).collect()
}

pub fn find(id: &str) -> Option<&'static RuleMeta> {
    all_metas().into_iter().find(|m| m.id == id)
}
