#!/usr/bin/env bash
# The project's test command (named in README.md): every check that must pass on every change.
# Expects the Python venv at .venv (created by .ci/run, or by hand:
#   python3 -m venv .venv && .venv/bin/pip install -r tests/integration/requirements.txt)
# and pwsh 7.6 + Pester 5.7.1 (.ci/run installs them into .tools/: pwsh/ and modules/Pester/).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s   [%dm%02ds]\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

# pwsh and Pester where .ci/run installs them, ahead of anything else on the machine.
if [ -x .tools/pwsh/pwsh ]; then export PATH="$PWD/.tools/pwsh:$PATH"; fi
if [ -d .tools/modules ]; then export PSModulePath="$PWD/.tools/modules${PSModulePath:+:$PSModulePath}"; fi

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo test (unit, parser vectors, header drift, C# P/Invoke vs header, C ABI program, CLI end-to-end, file safety)"
# The C ABI program links the cdylib, which `cargo test` alone does not produce.
cargo build --workspace
cargo test --workspace

step "C ABI program under valgrind"
if command -v valgrind >/dev/null; then
  AWSCRED_C_VALGRIND=1 cargo test -p awscred --test c_abi
else
  echo "valgrind not found: the C ABI program ran without it above"
fi

step "Windows build check (cargo clippy --target x86_64-pc-windows-gnu: owner-only ACLs, ReplaceFileW)"
if rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu && command -v x86_64-w64-mingw32-gcc >/dev/null; then
  CARGO_TARGET_DIR=target/windows-check cargo clippy --target x86_64-pc-windows-gnu -p awscred -- -D warnings
else
  echo "the x86_64-pc-windows-gnu target or mingw gcc is missing: the Windows-only code was not type-checked here"
fi

step "release build"
cargo build --release -p awscred
# aws-config's profile provider (the AWS SDK for Rust) as a small program, for the keychain tests.
cargo build --release -p awscred --example sdk_credentials

step "stress and faults, short version (bench/stress.py --quick: concurrent writers, SIGKILLs, disk full, read-only)"
python3 bench/stress.py --quick --awscred target/release/awscred


step "interop with botocore and AWS CLI v1, integration with moto and local ECS/IMDS/SSO servers (pytest)"
AWSCRED_BIN="$PWD/target/release/awscred" AWSCRED_LIB="$PWD/target/release/libawscred.so" \
  .venv/bin/python -m pytest tests/interop tests/integration -q -p no:cacheprovider

step "dotnet build of the cmdlet assembly (module/src, netstandard2.0, warnings are errors)"
if ! command -v dotnet >/dev/null; then
  echo "dotnet (the .NET SDK) not found: the binary module cannot be built" >&2
  exit 1
fi
dotnet build module/src/AwsCredentialManager.csproj -c Release --nologo -p:TreatWarningsAsErrors=true

step "Pester in pwsh (build.ps1 -Task Test: builds out/AwsCredentialManager, packages it, runs tests/*.Tests.ps1)"
if ! command -v pwsh >/dev/null; then
  echo "pwsh not found (on PATH or in .tools/pwsh, where .ci/run installs it): the Pester suites cannot run" >&2
  exit 1
fi
pwsh -NoProfile -NonInteractive -File ./build.ps1 -Task Test

# --- AWS SDK for .NET / AWS Tools interop (tests/dotnet; issue 6.6) --------------------------------
step "xunit: the managed layer's JSON and operation names; AWS SDK for .NET 3.7 and 4.0 in the same process: \$StoredAWSCredentials found, signed with, refreshed (xunit, built module, moto)"
if command -v dotnet >/dev/null && command -v pwsh >/dev/null; then
  [ -f out/AwsCredentialManager/AwsCredentialManager.psd1 ] || pwsh -NoProfile -NonInteractive -File ./build.ps1 -Task Build
  dotnet test tests/dotnet/AwsCredentialManager.UnitTests --nologo
  for sdk in 37 40; do
    dotnet test "tests/dotnet/AwsSdkInterop.Sdk$sdk.Tests" --nologo
  done
else
  echo "dotnet or pwsh not found on this machine: tests/dotnet (AWS SDK interop) was NOT run."
fi
