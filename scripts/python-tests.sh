#!/usr/bin/env bash
# The Python package's tests: builds crates/sigsend-py ONCE as an abi3
# wheel (maturin, for CPython 3.9 and later) and runs its pytest suite on
# every CPython from 3.9 to 3.13 that this machine has, each in a virtual
# environment of its own with the wheel and pytest installed; then, on each
# of them, CPython's own tests of os.kill and friends with sigsend's
# functions put in their place (crates/sigsend-py/cpython-tests/run.py).
#
# maturin and pytest come from PyPI, into a build environment made with the
# newest CPython >= 3.9 found (else `python3`). Interpreters are looked for
# as `python3.X` on PATH and in pyenv's versions (~/.pyenv, $PYENV_ROOT).
#
# Prints each run's summary lines, says which versions it skipped, and
# exits non-zero if the build or any test run failed.
#
# Usage: scripts/python-tests.sh [--no-cpython-tests] [PYTEST ARGS...]
# Output goes to $CARGO_TARGET_DIR/python (default target/python); the
# summary lines to its summary.txt.
set -uo pipefail
# The tests signal their own children with HUP, INT and the like. Started
# under nohup (or by anything that ignores signals), every child would
# inherit the ignored dispositions and those tests would fail: run with
# every signal at its default, as .cargo/config.toml does for cargo's tests.
if [ -z "${SIGSEND_TESTS_DEFAULT_SIGNALS:-}" ] && env --default-signal true 2>/dev/null; then
  SIGSEND_TESTS_DEFAULT_SIGNALS=1 exec env --default-signal "$0" "$@"
fi
cd "$(dirname "$0")/.."
root=$PWD

cpython_tests=1
if [ "${1:-}" = "--no-cpython-tests" ]; then
  cpython_tests=0
  shift
fi

out=${CARGO_TARGET_DIR:-$root/target}/python
mkdir -p "$out"
summary=$out/summary.txt
: >"$summary"
log() { printf '[python-tests] %s\n' "$*"; }
note() { printf '%s\n' "$*" | tee -a "$summary"; }

# ------------------------------------------------------------ interpreters
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
find_python() { # find_python 3.X: the path of a working CPython 3.X, or nothing
  local want=$1 candidate
  for candidate in $(ls -d "$pyenv_root"/versions/"$want".*/bin/python"$want" 2>/dev/null | sort -V -r) \
    "$(command -v "python$want" 2>/dev/null)"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    # A pyenv shim for a version that is not selected fails: skip it.
    if "$candidate" -c "import sys, venv; assert sys.version_info[:2] == tuple(map(int, '$want'.split('.'))); assert sys.implementation.name == 'cpython'" 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

versions=(3.9 3.10 3.11 3.12 3.13)
declare -A python=()
for v in "${versions[@]}"; do
  if p=$(find_python "$v"); then python[$v]=$p; fi
done
found=()
for v in "${versions[@]}"; do [ -n "${python[$v]:-}" ] && found+=("$v"); done
if [ ${#found[@]} -eq 0 ]; then
  builder=$(command -v python3 || true)
  [ -n "$builder" ] || { log "error: no CPython 3.9-3.13 and no python3"; exit 2; }
  if ! "$builder" -c 'import sys; assert sys.version_info >= (3, 9)' 2>/dev/null; then
    log "error: python3 is older than 3.9; sigsend's package needs 3.9 or later"; exit 2
  fi
  v=$("$builder" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  python[$v]=$builder
  found=("$v")
else
  builder=${python[${found[-1]}]}
fi
log "CPython found: ${found[*]} (build with ${found[-1]}: $builder)"

# ------------------------------------------------------------ build
status=0
start=$(date +%s)
build_venv=$out/build-venv
if [ ! -x "$build_venv/bin/maturin" ]; then
  rm -rf "$build_venv"
  "$builder" -m venv "$build_venv" || { log "error: cannot make a venv"; exit 2; }
  "$build_venv/bin/python" -m pip install -q --disable-pip-version-check 'maturin>=1.5,<2' ||
    { log "error: pip could not install maturin"; exit 2; }
fi
wheels=$out/wheels
rm -rf "$wheels"
log "building the abi3 wheel (maturin build --release)"
# The workspace's release profile is tuned for the `sigsend` binary (LTO,
# one codegen unit); the extension builds faster without, and is as quick
# to call.
CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
  "$build_venv/bin/maturin" build --release --locked -m crates/sigsend-py/Cargo.toml \
  -i "$builder" -o "$wheels" >"$out/build.log" 2>&1
if [ $? != 0 ]; then
  tail -n 30 "$out/build.log"
  log "error: the wheel did not build"
  exit 1
fi
wheel=$(ls "$wheels"/sigsend-*-abi3-*.whl 2>/dev/null | head -n 1)
[ -n "$wheel" ] || { log "error: no abi3 wheel in $wheels"; exit 1; }
log "built $(basename "$wheel") in $(($(date +%s) - start)) s"

# ------------------------------------------------------------ pytest per version
for v in "${versions[@]}"; do
  p=${python[$v]:-}
  if [ -z "$p" ]; then
    note "SKIPPED CPython $v: not installed on this machine"
    continue
  fi
  venv=$out/venv-$v
  if [ ! -x "$venv/bin/pytest" ]; then
    rm -rf "$venv"
    "$p" -m venv "$venv" && "$venv/bin/python" -m pip install -q --disable-pip-version-check pytest ||
      { note "FAILED CPython $v: cannot make a venv with pytest"; status=1; continue; }
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel" ||
    { note "FAILED CPython $v: cannot install the wheel"; status=1; continue; }
  # The stubs are checked against the module (mypy's stubtest) on the
  # newest version only.
  if [ "$v" = "${found[-1]}" ] && [ ! -x "$venv/bin/stubtest" ]; then
    "$venv/bin/python" -m pip install -q --disable-pip-version-check mypy ||
      log "warning: pip could not install mypy: the stub test will skip"
  fi
  log "=== pytest on CPython $v ($p)"
  logfile=$out/pytest-$v.log
  (cd crates/sigsend-py && "$venv/bin/python" -m pytest -p no:cacheprovider -q "$@" tests) 2>&1 | tee "$logfile"
  rc=${PIPESTATUS[0]}
  line=$(grep -E '^=+ .*(passed|failed|error|skipped|no tests ran).* =+$' "$logfile" | tail -n 1)
  [ -n "$line" ] || line=$(grep -E '^[0-9]+ (passed|failed)' "$logfile" | tail -n 1)
  note "CPython $v: ${line:-pytest printed no summary} (exit $rc)"
  [ "$rc" = 0 ] || status=1
done

# ------------------------------------------------------------ without pidfds
# The same tests on the newest version with pidfd_open failing with ENOSYS
# (strace injects it), as on kernels before 5.3 or under a seccomp filter:
# the handles' start-time fallback, through the real ENOSYS path. The tests
# of the pidfd calls themselves skip there.
if [ "$(uname -s)" = Linux ]; then
  newest=${found[-1]}
  if command -v strace >/dev/null && [ -x "$out/venv-$newest/bin/python" ]; then
    log "=== pytest on CPython $newest without pidfds (strace: pidfd_open fails with ENOSYS)"
    logfile=$out/pytest-$newest-no-pidfd.log
    (cd crates/sigsend-py && strace -f -qq -o /dev/null -e trace=pidfd_open \
      -e inject=pidfd_open:error=ENOSYS \
      "$out/venv-$newest/bin/python" -m pytest -p no:cacheprovider -q "$@" tests) 2>&1 | tee "$logfile"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '^[0-9]+ (passed|failed)' "$logfile" | tail -n 1)
    note "CPython $newest without pidfds: ${line:-pytest printed no summary} (exit $rc)"
    [ "$rc" = 0 ] || status=1
  else
    note "SKIPPED the run without pidfds: no strace (apt-get install strace)"
  fi
fi

# ------------------------------------------------------------ CPython's own tests
# Each in a virtual environment of its own: run.py installs a .pth there
# that rebinds os.kill and friends in every interpreter started with
# SIGSEND_REBIND=1.
if [ "$cpython_tests" = 1 ]; then
  for v in "${found[@]}"; do
    venv=$out/venv-cpython-$v
    if [ ! -x "$venv/bin/python" ]; then
      "${python[$v]}" -m venv "$venv" ||
        { note "CPython $v's own tests: FAILED (cannot make a venv)"; status=1; continue; }
    fi
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$wheel" ||
      { note "CPython $v's own tests: FAILED (cannot install the wheel)"; status=1; continue; }
    log "=== CPython $v's own tests with sigsend's functions in os's and signal's place"
    logfile=$out/cpython-tests-$v.log
    SIGSEND_CPYTHON_LOG=$out/cpython-unittest-$v.log \
      "$venv/bin/python" crates/sigsend-py/cpython-tests/run.py 2>&1 | tee "$logfile"
    rc=${PIPESTATUS[0]}
    line=$(grep -E '^CPython tests' "$logfile" | tail -n 1)
    [ -n "$line" ] || line="CPython $v's own tests: no summary"
    note "$line (exit $rc)"
    [ "$rc" = 0 ] || status=1
  done
fi

log "summary:"
sed 's/^/  /' "$summary"
exit $status
