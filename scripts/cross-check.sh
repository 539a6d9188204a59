#!/usr/bin/env bash
# Every OS that sigsend claims, from this Linux machine:
#   1. the MSRV: `cargo check` of the libraries (also with the `tokio`
#      feature) and binaries with Debian's rustc, which is the `rust-version`
#      of Cargo.toml;
#   2. `cargo clippy --workspace --all-targets --all-features -- -D warnings`
#      for Windows (x86_64-pc-windows-gnu), macOS (x86_64, aarch64) and
#      FreeBSD (x86_64), so that their code is held to the same lints as
#      Linux's (every unsafe block's SAFETY comment among them); the docs for
#      Windows with warnings denied;
#   3. the Python extension (crates/sigsend-py) built and linked for
#      Windows;
#   4. `cargo test --workspace` for Windows, doc tests included, each test
#      program run under Wine (sigsend-py aside: its tests are Python's).
# It fails if any step fails, and prints a summary of the steps.
#
# rustup here ships only the Linux std and cannot fetch another, so this uses
# Debian's rustc-web with the std source of the same version (rust-web-src)
# and rebuilds std for each target with -Zbuild-std (RUSTC_BOOTSTRAP unlocks
# it on a release compiler). Windows programs link with mingw-w64 and run
# under Wine 8. The setup is idempotent and needs root for apt:
#   - packages: rustc-web cargo-web rust-web-src rust-web-clippy
#     gcc-mingw-w64-x86-64-win32 wine wine64;
#   - in $SIGSEND_CROSS_HOME (default ~/.cache/sigsend-cross): a Wine prefix
#     of its own; bcryptprimitives.dll for Wine 8, which lacks it (Rust's std
#     imports ProcessPrng from it, so every Rust program would exit 53); and
#     rsbegin.o/rsend.o, the windows-gnu start-up objects that rustc 1.85
#     links but -Zbuild-std does not build.
# First run: a few minutes (packages, std once per target); later runs about
# a minute. Build output goes to target/cross.
#
# Usage: scripts/cross-check.sh [--no-test] [TARGET...]
#   --no-test  only the checks, no Windows tests
#   TARGET...  the targets to check (default: the four above)
set -uo pipefail
cd "$(dirname "$0")/.."

run_tests=1
if [ "${1:-}" = "--no-test" ]; then
  run_tests=0
  shift
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] ||
  targets=(x86_64-pc-windows-gnu x86_64-apple-darwin aarch64-apple-darwin x86_64-unknown-freebsd)
windows=x86_64-pc-windows-gnu

log() { printf '[cross-check] %s\n' "$*"; }
die() { printf '[cross-check] error: %s\n' "$*" >&2; exit 2; }

# ------------------------------------------------------------------ setup
pkgs=(rustc-web cargo-web rust-web-src rust-web-clippy gcc-mingw-w64-x86-64-win32 wine wine64)
missing=()
for p in "${pkgs[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -q || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
    --no-install-recommends "${missing[@]}" || die "apt-get install failed"
fi

export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
cargo=/usr/bin/cargo
version=$($RUSTC --version | awk '{print $2}')
std_src=$($RUSTC --print sysroot)/lib/rustlib/src/rust/library
[ -f "$std_src/Cargo.lock" ] || die "no std source at $std_src (is rust-web-src installed?)"
[ "$(basename "$(readlink -f "$std_src/..")")" = "rustc-$version" ] ||
  die "the std source at $std_src is not that of rustc $version"
log "toolchain: $($cargo --version), rustc $version, $(wine --version 2>/dev/null)"

home=${SIGSEND_CROSS_HOME:-$HOME/.cache/sigsend-cross}
mkdir -p "$home"

# The start-up objects of windows-gnu, for this rustc.
startup=$home/rtstartup-$version
if [ ! -f "$startup/rsend.o" ]; then
  log "building rsbegin.o and rsend.o for $windows"
  mkdir -p "$startup"
  for obj in rsbegin rsend; do
    $RUSTC --target "$windows" --emit=obj -C panic=abort -C opt-level=2 \
      -o "$startup/$obj.o" "$std_src/rtstartup/$obj.rs" || die "cannot build $obj.o"
  done
fi

export WINEPREFIX=$home/wine WINEARCH=win64 WINEDEBUG=${WINEDEBUG:--all}
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  log "creating the Wine prefix $WINEPREFIX"
  # No Mono or Gecko: nothing here needs them, and there is no network.
  WINEDLLOVERRIDES='mscoree,mshtml=' wineboot --init >"$home/wineboot.log" 2>&1 ||
    die "wineboot failed, see $home/wineboot.log"
  timeout 60 wineserver -w || true
fi
prng_dll=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
if [ ! -e /usr/lib/x86_64-linux-gnu/wine/x86_64-windows/bcryptprimitives.dll ] && [ ! -f "$prng_dll" ]; then
  log "building bcryptprimitives.dll (ProcessPrng over BCryptGenRandom) for Wine"
  mkdir -p "$home/prng"
  cat >"$home/prng/prng.c" <<'EOF'
/* ProcessPrng, which Rust's std imports and Wine 8 lacks, on BCryptGenRandom. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE out, SIZE_T len) {
    for (; len > 0;) {
        ULONG part = len < 0x40000000 ? (ULONG)len : 0x40000000;
        if (BCryptGenRandom(NULL, out, part, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        out += part;
        len -= part;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE dll, DWORD reason, LPVOID reserved) {
    (void)dll; (void)reason; (void)reserved;
    return TRUE;
}
EOF
  printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\n  ProcessPrng\n' >"$home/prng/prng.def"
  x86_64-w64-mingw32-gcc -O2 -shared -nostdlib -Wl,--entry,DllMain -o "$home/prng/bcryptprimitives.dll" \
    "$home/prng/prng.c" "$home/prng/prng.def" -lbcrypt -lkernel32 || die "cannot build the DLL"
  cp "$home/prng/bcryptprimitives.dll" "$prng_dll"
fi

# The same settings for every command, so that std is built once per target.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}/cross
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUSTFLAGS="-L native=$startup"
export RUSTDOCFLAGS="-L native=$startup"
build_std=-Zbuild-std=std,panic_abort

# ------------------------------------------------------------------ steps
status=0
summary=()
step() { # step LABEL COMMAND...: runs it, notes the result and the time
  local label=$1 start result
  shift
  start=$(date +%s)
  log "=== $label"
  if "$@"; then result=ok; else result=FAILED; status=1; fi
  summary+=("$(printf '%-44s %-7s %4ss' "$label" "$result" $(($(date +%s) - start)))")
}

msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
case "$version" in
  "$msrv" | "$msrv".*) label="MSRV $msrv: check libraries and binaries" ;;
  *) label="rustc $version (not the MSRV $msrv): check" ;;
esac
# Not the tests and benchmarks: their dev-dependencies may want a newer Rust.
step "$label" env -u RUSTC_BOOTSTRAP "$cargo" check --locked --workspace --lib --bins
step "$label, tokio" env -u RUSTC_BOOTSTRAP "$cargo" check --locked -p sigsend --lib --features tokio

# Debian's clippy, which matches its rustc (rustup's would come first on PATH).
for target in "${targets[@]}"; do
  step "clippy $target" env PATH="/usr/bin:$PATH" "$cargo" clippy --locked --workspace \
    --all-targets --all-features --target "$target" "$build_std" -- -D warnings
done
# The Python extension (crates/sigsend-py) built and linked for Windows as
# maturin would (extension-module; python3.dll's import library made by
# PyO3 with mingw's dlltool, so no Windows Python is needed). Its tests are
# Python's and need a Windows CPython, which Wine here does not have.
step "build sigsend-py (Python extension) $windows" env PYO3_CROSS_PYTHON_VERSION=3.9 \
  "$cargo" build --locked -p sigsend-py --features extension-module,windows-import-lib \
  --target "$windows" "$build_std"
# The docs as Windows sees them: no link to another OS's items.
step "docs $windows" env RUSTDOCFLAGS="$RUSTDOCFLAGS -D warnings" \
  "$cargo" doc --locked --workspace --no-deps --target "$windows" "$build_std"

if [ "$run_tests" = 1 ]; then
  mkdir -p "$CARGO_TARGET_DIR"
  wine_tests() {
    # sigsend-py is left out: an extension module, built above; its tests
    # are Python's.
    "$cargo" test --locked --workspace --exclude sigsend-py --target "$windows" "$build_std" \
      -Zdoctest-xcompile 2>&1 |
      tee "$CARGO_TARGET_DIR/wine-test.log"
    return "${PIPESTATUS[0]}"
  }
  # Wine now and then starts a test program that exits 1 at once, printing
  # nothing (seen about once in eight runs, on doc tests that pass alone).
  # A failure is therefore run once more; a real one fails again. Wine's
  # own errors are shown (WINEDEBUG=err+all), so such a run can be read.
  wine_tests_twice() {
    wine_tests && return 0
    log "the Windows tests failed under Wine; running them once more"
    cp "$CARGO_TARGET_DIR/wine-test.log" "$CARGO_TARGET_DIR/wine-test-first.log"
    wine_tests
  }
  export WINEDEBUG=err+all
  rm -f "$CARGO_TARGET_DIR/wine-test-first.log"
  step "test $windows under Wine" wine_tests_twice
  # Wine's server lingers a few seconds after the last Windows process.
  timeout 30 wineserver -w || log "warning: wineserver still running after 30 s"
fi

log "summary:"
printf '  %s\n' "${summary[@]}"
if [ "$run_tests" = 1 ]; then
  if [ -f "$CARGO_TARGET_DIR/wine-test-first.log" ]; then
    echo "  (the first run of the Windows tests failed and they ran again; it failed in:"
    grep -E '^test .* FAILED$' "$CARGO_TARGET_DIR/wine-test-first.log" | sed 's/^/    /' || true
    echo "  the whole run: $CARGO_TARGET_DIR/wine-test-first.log)"
  fi
  # Tests that could not run here say so (Wine lacks Ctrl+Break).
  grep '^SKIPPED' "$CARGO_TARGET_DIR/wine-test.log" | sed 's/^/  /' || true
fi
exit $status
