#!/usr/bin/env bash
# Builds the web app and serves dist/ on http://127.0.0.1:8080 (PORT=... to change),
# after installing what the build needs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
port=${PORT:-8080}
bash scripts/setup.sh
bash scripts/web-build.sh
echo "Redis Advisor: http://127.0.0.1:$port/"
exec python3 -m http.server --bind 127.0.0.1 --directory dist "$port"
