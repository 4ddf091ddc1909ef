//! awesome-lint: parse curated Markdown lists ("awesome lists") into entries, lint them,
//! report and fix.
//!
//! The flow: read → [`document::Document`] (parsed once) → rules ([`lint::Linter`]) →
//! [`diagnostic::Diagnostic`]s → [`render`] or fix.

pub mod atomic;
pub mod changed;
pub mod cli;
pub mod config;
pub mod credentials;
pub mod dates;
pub mod diagnostic;
pub mod document;
pub mod error;
pub mod fix;
pub mod identity;
pub mod links;
pub mod lint;
pub mod network;
pub mod online;
pub mod outputs;
pub mod probe;
pub mod registry;
pub mod render;
pub mod repo;
pub mod rule;
pub mod rules;
mod scan;
pub mod selftest;
pub mod source;
pub mod suppress;
pub mod title_compare;
pub mod venues;

#[cfg(test)]
mod test_util;
