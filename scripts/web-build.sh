#!/usr/bin/env bash
# Builds the site into dist/: the web app (Trunk, with the `web` profile of
# Cargo.toml that web/index.html selects, so a plain `trunk build --release`
# builds the same app), then the guides under dist/guides/, then checks that
# every link and anchor of the static pages resolves.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
trunk build --release --locked "$@"
cargo run --quiet --locked -p redis-advisor-site -- build docs dist/guides
cargo run --quiet --locked -p redis-advisor-site -- check dist
