#!/usr/bin/env bash
# Builds and runs the fuzz targets of awscred (parse, edit, json_entry) and prints, per target, the
# driver, executions, crashes, time and execs/s. Exits 1 when any target crashed.
#
#   native/fuzz/run.sh [--runs N] [--seconds S] [--targets "parse edit json_entry"] [--seed X]
#                      [--worker K]
#
# With a nightly toolchain (`cargo +nightly`), the targets are built as cargo-fuzz builds them
# (sanitizer coverage, AddressSanitizer, `--cfg fuzzing`) and run under libFuzzer, coverage-guided.
# Without one, they are built with stable and run under the plain driver (src/driver.rs), which
# feeds seeded pseudo-random inputs through `arbitrary` and is NOT coverage-guided.
#
# Each target runs N executions (default 100000), or stops after S seconds when --seconds is given.
# Interrupting libFuzzer (Ctrl+C, kill -INT) ends the run with its count, reported as interrupted.
# Everything it writes (build, corpora, crash inputs, a throwaway HOME) stays under
# $CARGO_TARGET_DIR (default target/fuzz at the repository root), temp files under /dev/shm (or
# there), removed at the end; the real HOME is never used.
#
# --worker K (K >= 2) runs another libFuzzer process beside a running one on the same corpus, to
# use another CPU: its seed is X + K - 1, its log, HOME and temp files are its own
# (`<target>.wK.log`), and libFuzzer reloads the units the other adds. Report all workers' sums.
set -euo pipefail

runs=100000
seconds=""
targets="parse edit json_entry"
seed=$(date +%Y%m%d)
worker=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --targets) targets=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --worker) worker=$2; shift 2 ;;
    -h|--help) sed -n "2,22p" "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

case "$worker" in
  ''|*[!0-9]*|0) echo "run.sh: --worker takes a number from 1" >&2; exit 2 ;;
esac
seed=$((seed + worker - 1))
suffix=$([ "$worker" -eq 1 ] || echo ".w$worker")

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target/fuzz}
work=$CARGO_TARGET_DIR/work
manifest=$here/Cargo.toml

# The flags cargo-fuzz passes (sanitizer coverage for libFuzzer, ASan, checks on).
fuzz_rustflags="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Zsanitizer=address \
-Cdebug-assertions -Coverflow-checks -Cforce-frame-pointers"

# The sources the targets are built from (the tree may change while they run).
commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
build_started=$(date +%s.%N)
if cargo +nightly --version >/dev/null 2>&1; then
  driver="libFuzzer (coverage-guided)"
  triple=$(rustc +nightly -vV | sed -n 's/^host: //p')
  # --target keeps the flags off build scripts and proc macros, as cargo-fuzz does.
  RUSTFLAGS="$fuzz_rustflags" cargo +nightly build --release --manifest-path "$manifest" \
    --target "$triple" --bins
  bins=$CARGO_TARGET_DIR/$triple/release
else
  driver="arbitrary (NOT coverage-guided)"
  echo "run.sh: no nightly toolchain: using the plain arbitrary driver, which is NOT coverage-guided" >&2
  cargo build --release --manifest-path "$manifest" --bins
  bins=$CARGO_TARGET_DIR/release
fi
echo "build: $(printf '%.0f' "$(echo "$(date +%s.%N) - $build_started" | bc)") s"

mkdir -p "$work"
# Temp files (json_entry's sandbox) on tmpfs where there is one: the library syncs every file it
# writes, which costs milliseconds on a disk and nothing on tmpfs.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  tmpbase=$(mktemp -d /dev/shm/awscred-fuzz.XXXXXX)
else
  tmpbase=$(mktemp -d "$work/tmp.XXXXXX")
fi
trap 'rm -rf "$tmpbase"' EXIT
# A smaller ASan quarantine than the 256 MB default: on this VM the page faults of recycling it
# cost more than half the time of the small targets. Stack use-after-return is not a Rust risk.
export ASAN_OPTIONS=${ASAN_OPTIONS:-quarantine_size_mb=16:detect_stack_use_after_return=0}
failed=0
results=()
for t in $targets; do
  corpus=$work/corpus/$t
  artifacts=$work/artifacts/$t
  tmp=$tmpbase/$t
  log=$work/$t$suffix.log
  home=$work/homes/$t$suffix
  rm -rf "$tmp" "$home"
  mkdir -p "$corpus" "$artifacts" "$tmp" "$home"
  started=$(date +%s.%N)
  set +e
  if [ "$driver" = "libFuzzer (coverage-guided)" ]; then
    HOME=$home TMPDIR=$tmp "$bins/$t" "$corpus" -runs="$runs" ${seconds:+-max_total_time=$seconds} \
      -seed="$seed" -max_len=4096 -rss_limit_mb=2048 -timeout=30 -print_final_stats=1 \
      -artifact_prefix="$artifacts/" >"$log" 2>&1
    status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ -z "$execs" ]; then
      execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
  else
    HOME=$home TMPDIR=$tmp "$bins/$t" --runs "$runs" ${seconds:+--seconds "$seconds"} \
      --seed "$seed" --artifacts "$artifacts" >"$log" 2>&1
    status=$?
    execs=$(sed -n 's/.*executions=\([0-9]*\).*/\1/p' "$log" | tail -1)
  fi
  set -e
  secs=$(echo "$(date +%s.%N) - $started" | bc)
  crashes=$([ "$status" -eq 0 ] && echo 0 || echo 1)
  # libFuzzer's answer to SIGINT (Ctrl+C or kill -INT): final stats, "run interrupted", exit 72.
  # That ends the run early and is no crash; the targets after it are not run.
  interrupted=""
  if [ "$status" -eq 72 ] && grep -q 'libFuzzer: run interrupted' "$log"; then
    crashes=0
    interrupted=" interrupted"
  fi
  if [ -n "$(ls -A "$home")" ]; then
    echo "run.sh: $t wrote into its HOME ($home): $(ls -A "$home" | head -5 | tr '\n' ' ')" >&2
    crashes=1
  fi
  rm -rf "$tmp" "$home"
  line=$(printf '%-10s%s driver=%s executions=%s crashes=%s time=%.0fs execs/s=%.0f%s' "$t" \
    "${suffix:+ worker=$worker}" "$driver" "${execs:-0}" "$crashes" "$secs" \
    "$(echo "${execs:-0} / $secs" | bc -l)" "$interrupted")
  echo "$line"
  results+=("$line")
  if [ "$crashes" -ne 0 ]; then
    failed=1
    echo "--- $t: exit status $status; the end of $log:" >&2
    tail -40 "$log" >&2
  fi
  [ -z "$interrupted" ] || break
done
echo "=== $(date -u +%Y-%m-%dT%H:%MZ) commit=$commit runs=$runs${seconds:+ seconds=$seconds} seed=$seed"
printf '%s\n' "${results[@]}"
exit "$failed"
