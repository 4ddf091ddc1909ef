//! One rule per file, named after its id.

pub mod arxiv_url_format;
pub mod badge_venue_mismatch;
pub mod dead_host;
pub mod duplicate_entry;
pub mod html_balance;
pub mod table_date_format;
pub mod table_shape;
