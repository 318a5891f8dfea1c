//! Fuzz target `json_entry`: see `awscred_fuzz::targets::json_entry`.
#![cfg_attr(fuzzing, no_main)]

awscred_fuzz::fuzz_main!("json_entry", awscred_fuzz::targets::json_entry);
