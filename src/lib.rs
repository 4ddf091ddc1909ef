//! awesome-lint: parse curated Markdown lists into entries and lint them.

pub mod links;
