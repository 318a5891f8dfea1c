#!/usr/bin/env bash
# Runs the C ABI program (tests/c/abi_test.c) against a libawscred whose own code is built with
# AddressSanitizer (nightly rustc, -Zsanitizer=address), the program itself with gcc's
# -fsanitize=address,undefined: out-of-bounds reads and writes, use after free and double frees
# inside the library are reported, not only at its allocation boundary. Needs `cargo +nightly`.
# Build folder: target/asan. Exit status: the test's.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "asan_library.sh: no nightly toolchain (rustup toolchain install nightly); not run" >&2
  exit 2
fi
target=x86_64-unknown-linux-gnu
RUSTFLAGS="-Zsanitizer=address -Cforce-frame-pointers=yes" \
  cargo +nightly build -p awscred --lib --target "$target" --target-dir target/asan
AWSCRED_C_LIB_DIR="$PWD/target/asan/$target/debug" \
  cargo test -p awscred --test c_abi c_program_under_address_sanitizer -- --nocapture
