#!/usr/bin/env bash
# Installs everything the build and the tests need, skipping what is already
# there at the right version. Safe to run again: a warm run takes seconds.
#
#   bash scripts/setup.sh          # everything
#   bash scripts/setup.sh --core   # only what the Rust tests need (no browser, no web build tools)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
only_core=${1:-}
say() { printf 'setup: %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PATH"
# Keep tool builds quick: they are not what we ship.
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

apt_packages=(redis-server redis-tools)
[[ "$only_core" == --core ]] || apt_packages+=(chromium chromium-driver)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]} with apt-get"
  sudo_cmd=(); [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package starts a system redis on 6379; the tests use their own servers.
if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
  systemctl stop redis-server 2>/dev/null || true
fi

# Real servers of every version the tests run (Redis 5.0 to 8.0, Valkey), built once from the
# source tarballs beside the repository into ~/.cache/redis-advisor/servers/ (scripts/servers.sh).
bash scripts/servers.sh

[[ "$only_core" == --core ]] && exit 0

if [[ "$(trunk --version 2>/dev/null)" != "trunk 0.21.14" ]]; then
  say "installing trunk 0.21.14 (several minutes, once)"
  cargo install trunk --version 0.21.14 --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen in Cargo.lock exactly, or Trunk
# would try to download one.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock 2>/dev/null || true)
if [[ -n "$want" && "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]]; then
  say "installing wasm-bindgen-cli $want (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$want"
fi

if [[ -f tests/e2e/package-lock.json ]]; then
  if [[ ! -d tests/e2e/node_modules ]] || [[ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]]; then
    say "installing the browser tests' npm packages"
    (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
say "ready"
