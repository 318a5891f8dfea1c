//! Fuzz target `edit`: see `awscred_fuzz::targets::edit`.
#![cfg_attr(fuzzing, no_main)]

awscred_fuzz::fuzz_main!("edit", awscred_fuzz::targets::edit);
