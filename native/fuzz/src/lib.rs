//! The fuzz targets of `awscred`: `parse`, `edit` and `json_entry`. Each target is one function
//! from bytes to "no violation" (it panics on one, so a violation is a crash) that two drivers
//! share (`fuzz_main!`): libFuzzer, coverage-guided, when built with `--cfg fuzzing` (run.sh, on
//! nightly with sanitizer coverage), else `driver::run`, which feeds seeded pseudo-random bytes and
//! is NOT coverage-guided. The checks are those of tests/properties.rs (tests/harness).

#[path = "../../tests/harness/mod.rs"]
pub mod harness;

pub mod driver;
pub mod input;
pub mod targets;

#[cfg(fuzzing)]
pub use libfuzzer_sys;

/// The `main` of a target binary: libFuzzer's entry point under `--cfg fuzzing`, else the plain
/// seeded driver. Use it with `#![cfg_attr(fuzzing, no_main)]` at the top of the binary.
#[macro_export]
macro_rules! fuzz_main {
    ($name:literal, $target:path) => {
        #[cfg(fuzzing)]
        $crate::libfuzzer_sys::fuzz_target!(|data: &[u8]| $target(data));

        #[cfg(not(fuzzing))]
        fn main() {
            std::process::exit($crate::driver::run($name, $target));
        }
    };
}
