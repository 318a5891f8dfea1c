//! Oracles and a sandbox shared by tests/properties.rs (proptest, every CI run) and the fuzz
//! targets in native/fuzz (which include this folder with `#[path]`), so both check the same
//! invariants. Only `awscred`, `serde_json` and std are used here.
#![allow(dead_code)]

pub mod edits;
pub mod sandbox;
