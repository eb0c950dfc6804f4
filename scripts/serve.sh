#!/usr/bin/env bash
# Serves the web app on 127.0.0.1 (default port 8080), after installing what the build needs.
# Without the web app's tool chain (scripts/setup.sh installs it), it prints a review of an example.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
port=${PORT:-8080}
bash scripts/setup.sh
if [[ -f web/Cargo.toml ]]; then
  exec trunk serve --release --locked --address 127.0.0.1 --port "$port"
fi
echo "The web app is not built yet; reviewing an example with the command line instead:"
cargo run -q -p redis-advisor -- check --fail-on never tests/fixtures/redis-7.0.15/defaults/info.txt tests/fixtures/redis-7.0.15/defaults/config-raw.txt
