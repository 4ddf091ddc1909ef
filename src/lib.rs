//! awesome-lint: parse curated Markdown lists into entries and lint them.

pub mod dates;
pub mod identity;
pub mod venues;
