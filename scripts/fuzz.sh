#!/usr/bin/env bash
# Coverage-guided fuzzing of the parsers, the splitter and `analyze` (libFuzzer via cargo-fuzz).
#   bash scripts/fuzz.sh [RUNS] [TARGET...]
# RUNS: executions per target (default 10000000). TARGETS: default all.
# The seed corpus is every captured fixture; the corpus grows in target/fuzz-corpus/
# (not committed). A crash stops the run and leaves its input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
# cargo-fuzz passes unstable -Z flags; stable rustc accepts them with this switch.
export RUSTC_BOOTSTRAP=1
CARGO_FUZZ_VERSION=0.13.1
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
  cargo install cargo-fuzz --locked --version "$CARGO_FUZZ_VERSION"
fi
runs="${1:-10000000}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(info config_get conf split analyze plan wire)

for t in "${targets[@]}"; do
  corpus="target/fuzz-corpus/$t"
  mkdir -p "$corpus"
  if [ "$t" = plan ]; then
    # Seeds: the example workloads, the TOML ones as the JSON the CLI turns them into.
    cp examples/*.json "$corpus/"
    for f in examples/*.toml; do
      python3 -c 'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))' \
        "$f" > "$corpus/$(basename "$f" .toml).json"
    done
  fi
  # Seeds: every fixture captured from a real server (and the documented ones).
  [ "$t" = plan ] || find tests/fixtures -type f | while read -r f; do
    name="seed-$(printf '%s' "$f" | tr '/' '_')"
    if [ "$t" = config_get ]; then
      # The first byte picks the CONFIG GET form.
      for form in 0 1 2 3; do
        { printf "\\x3$form"; cat "$f"; } > "$corpus/$name-$form"
      done
    else
      cp "$f" "$corpus/$name"
    fi
  done
  echo "== $t: $runs executions"
  log="target/fuzz-$t.log"
  # -a: overflow checks and debug assertions on, so an arithmetic slip is a crash.
  if ! (cd fuzz && cargo fuzz run --sanitizer none -a "$t" "../$corpus" -- \
      -runs="$runs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) >"$log" 2>&1; then
    tail -40 "$log" >&2
    echo "fuzz target $t failed (log: $log, crashing inputs: fuzz/artifacts/$t/)" >&2
    exit 1
  fi
  grep -E "^Done|stat::number_of_executed_units|stat::peak_rss_mb|stat::average_exec_per_sec" "$log"
done
