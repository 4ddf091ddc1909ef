//! One rule per file, named after its id.

pub mod arxiv_title_mismatch;
pub mod arxiv_url_format;
pub mod awesome_badge;
pub mod awesome_code_of_conduct;
pub mod awesome_contributing;
pub mod awesome_github;
pub mod awesome_heading;
pub mod awesome_license;
pub mod awesome_list_item;
pub mod awesome_no_ci_badge;
pub mod awesome_toc;
pub mod badge_venue_mismatch;
pub mod dead_host;
pub mod dead_link;
pub mod duplicate_entry;
pub mod final_newline;
pub mod github_repo_status;
pub mod hidden_html;
pub mod html_balance;
pub mod malformed_link;
pub mod no_repeat_item_in_description;
pub mod no_undefined_references;
pub mod no_unused_definitions;
pub mod redirect;
pub mod table_date_format;
pub mod table_shape;
