//! One integration-test binary; each module covers one part of awesome-lint.

mod cli;
mod docs;
mod duplicates;
mod fix;
mod links;
mod model;
mod network;
mod online;
mod properties;
mod sarif;
mod seed;
mod snapshots;
mod support;
