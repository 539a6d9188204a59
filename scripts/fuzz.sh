#!/usr/bin/env bash
# Runs every fuzz target of fuzz/ for SECONDS each (default 30), with
# cargo-fuzz on the nightly toolchain; installs cargo-fuzz if it is missing.
# Fails if a target finds a crash: its input is in fuzz/artifacts/TARGET/.
#
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}

rustup toolchain list | grep -q '^nightly' ||
  { echo "fuzz.sh: cargo-fuzz needs a nightly toolchain (rustup toolchain install nightly)" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz

cd fuzz
cargo +nightly fuzz build
for target in $(cargo +nightly fuzz list); do
  dict=()
  [ -f "$target.dict" ] && dict=("-dict=$target.dict")
  echo "=== fuzz $target for ${seconds} s"
  log=target/fuzz-$target.log
  status=0
  cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" "${dict[@]}" >"$log" 2>&1 || status=$?
  # libFuzzer's summary (`Done N runs in S second(s)`), or what went wrong.
  grep -E '^Done |ERROR|panicked' "$log" || tail -20 "$log"
  [ "$status" = 0 ] || { echo "fuzz.sh: $target failed (fuzz/$log); its input is in fuzz/artifacts/$target/" >&2; exit 1; }
done
