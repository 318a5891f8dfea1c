//! Fuzz target `parse`: see `awscred_fuzz::targets::parse`.
#![cfg_attr(fuzzing, no_main)]

awscred_fuzz::fuzz_main!("parse", awscred_fuzz::targets::parse);
