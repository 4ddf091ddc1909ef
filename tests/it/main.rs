//! One integration-test binary; each module covers one part of awesome-lint.

mod action;
mod changed;
mod cli;
mod docs;
mod fix;
mod links;
mod model;
mod network;
mod online;
mod pre_commit;
mod properties;
mod sarif;
mod seed;
mod snapshots;
mod support;
