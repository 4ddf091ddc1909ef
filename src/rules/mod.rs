//! One rule per file, named after its id.

pub mod arxiv_title_mismatch;
pub mod arxiv_url_format;
pub mod badge_venue_mismatch;
pub mod dead_host;
pub mod dead_link;
pub mod duplicate_entry;
pub mod github_repo_status;
pub mod html_balance;
pub mod redirect;
pub mod table_date_format;
pub mod table_shape;
pub mod unverified_link;
