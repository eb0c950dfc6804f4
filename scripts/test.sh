#!/usr/bin/env bash
# Runs every test, after installing what they need. This is what CI runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s\n' "$*"; }

step "set-up"
bash scripts/setup.sh

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "the core builds for wasm32 (no IO, no UI dependencies)"
cargo build -p redis-advisor-core --target wasm32-unknown-unknown --locked

step "unit, integration, fixture and CLI tests, and the real servers of every version (built by set-up)"
cargo test --workspace --locked

step "estimator calibration against every server built by scripts/servers.sh and Debian's (quick subset)"
cargo run --release --locked -p redis-advisor-bench --bin calibrate -- --quick --check

step "fuzzing smoke run: 5000 executions of each target, seeded with the fixtures (docs/reliability.md)"
bash scripts/fuzz.sh 5000

step "web build: the app, the guides and a check of every link"
bash scripts/web-build.sh

step "end-to-end tests in headless Chromium (screenshots in tests/e2e/artifacts/)"
node --test tests/e2e/
