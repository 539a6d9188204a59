#!/usr/bin/env bash
# Compile-checks the workspace, all targets, for macOS (x86_64, aarch64) and
# FreeBSD from this Linux machine, and the library with its `tokio` feature,
# so that their code paths keep compiling; and, first, the library (also
# with `tokio`) and binaries for this machine with that same compiler, which
# is the MSRV (`rust-version` in Cargo.toml).
#
# rustup here ships only the Linux std, so this uses Debian's rustc-web with
# the std source of the same version (rust-web-src) and rebuilds std for each
# target with -Zbuild-std (RUSTC_BOOTSTRAP unlocks it on a release compiler).
# It installs those packages when they are missing (root, apt). The first run
# takes a few minutes (std is built once per target), later runs seconds.
#
# Usage: scripts/cross-check.sh [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(x86_64-apple-darwin aarch64-apple-darwin x86_64-unknown-freebsd)

pkgs=(rustc-web cargo-web rust-web-src)
missing=()
for p in "${pkgs[@]}"; do
  [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" = "install ok installed" ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  apt-get -o DPkg::Lock::Timeout=600 update -q
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${missing[@]}"
fi

export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}/cross
echo "toolchain: $(/usr/bin/cargo --version), $($RUSTC --version)"

status=0
msrv=$(sed -n 's/^rust-version = "\(.*\)"/\1/p' Cargo.toml)
have=$($RUSTC --version | awk '{print $2}')
echo "=== MSRV $msrv: cargo check of the libraries and binaries with rustc $have"
case "$have" in
  "$msrv"|"$msrv".*) ;;
  *) echo "note: this rustc is $have, not the MSRV $msrv: the check below does not prove the MSRV" ;;
esac
# Not the tests and benchmarks: their dev-dependencies may want a newer Rust.
if ! env -u RUSTC_BOOTSTRAP /usr/bin/cargo check --workspace --lib --bins; then
  echo "FAILED: MSRV check" >&2
  status=1
fi
if ! env -u RUSTC_BOOTSTRAP /usr/bin/cargo check -p sigsend --lib --features tokio; then
  echo "FAILED: MSRV check with the tokio feature" >&2
  status=1
fi
for t in "${targets[@]}"; do
  echo "=== cargo check --workspace --all-targets --target $t"
  if ! /usr/bin/cargo check --workspace --all-targets --target "$t" -Zbuild-std=std,panic_abort; then
    echo "FAILED: $t" >&2
    status=1
  fi
  echo "=== cargo check -p sigsend --features tokio --target $t"
  if ! /usr/bin/cargo check -p sigsend --features tokio --target "$t" -Zbuild-std=std,panic_abort; then
    echo "FAILED: $t with the tokio feature" >&2
    status=1
  fi
done
exit $status
