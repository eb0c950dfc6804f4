#!/usr/bin/env bash
# Builds the web app into dist/ with the size-tuned release settings (they only
# apply to this build, so native test builds stay quick).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
  CARGO_PROFILE_RELEASE_PANIC=abort CARGO_PROFILE_RELEASE_STRIP=true
# Separate target dir: these settings would otherwise invalidate the host's release builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/web"
trunk build --release --locked "$@"
