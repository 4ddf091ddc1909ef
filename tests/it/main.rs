//! One integration-test binary; each module covers one part of awesome-lint.

mod action;
mod anchors;
mod changed;
mod cli;
mod docs;
mod duplicates;
mod fix;
mod guide;
mod hostile;
mod layouts;
mod links;
mod model;
mod network;
mod online;
mod pre_commit;
mod precision;
mod properties;
mod sarif;
mod security;
mod seed;
mod snapshots;
mod support;
mod title_mismatch;
