#!/usr/bin/env bash
# The main job, end to end: build the `sigsend` command, start a `sleep`,
# end it with SIGTERM through sigsend, and show how it ended.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --release --quiet -p sigsend-cli
sigsend=target/release/sigsend

sleep 300 &
pid=$!
# If a step fails (set -e), end the sleep this script started, and only
# it: by the pid it got back. Once it was waited for, the pid is no
# longer ours, so the trap is cleared then.
trap 'kill "$pid" 2>/dev/null || true' EXIT
echo "started: sleep 300, pid $pid"
"$sigsend" -0 "$pid" && echo "sigsend -0 $pid: it exists and may be signalled"
"$sigsend" -s TERM "$pid"
echo "sigsend -s TERM $pid: sent"
status=0
wait "$pid" || status=$?
trap - EXIT
echo "sleep $pid ended with shell status $status: killed by SIG$("$sigsend" -l "$status")"
if "$sigsend" -0 "$pid" 2>/dev/null; then
  echo "unexpected: pid $pid still exists" >&2
  exit 1
fi
echo "sigsend -0 $pid now fails: the process is gone"
