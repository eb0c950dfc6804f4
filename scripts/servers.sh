#!/usr/bin/env bash
# Builds the real Redis and Valkey servers the tests run, once, from the source
# tarballs next to the repository (../shared/servers/, see its README). Nothing
# is downloaded.
#
# Each tarball NAME-VERSION.tar.gz becomes
#   ~/.cache/redis-advisor/servers/NAME-VERSION/bin/{NAME-server,NAME-cli,NAME-sentinel,...}
# (Valkey's `make install` also adds the redis-* names). A stamp holding the
# tarball's sha256 makes a warm run skip it: run it as often as you like.
#
#   bash scripts/servers.sh                 # build whatever is missing or stale
#   bash scripts/servers.sh redis-7.4.1     # only these
#   bash scripts/servers.sh --list          # print NAME-VERSION<TAB>bin dir of each built server
#
# Environment: REDIS_ADVISOR_SERVERS (the cache, default ~/.cache/redis-advisor/servers),
# REDIS_ADVISOR_SOURCES (the tarballs' folder), JOBS (make -j, default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf 'servers: %s\n' "$*"; }

cache=${REDIS_ADVISOR_SERVERS:-$HOME/.cache/redis-advisor/servers}
jobs=${JOBS:-2}

# The tarballs sit beside the repository; a linked worktree finds them beside the main one.
sources=${REDIS_ADVISOR_SOURCES:-}
if [[ -z "$sources" ]]; then
  for candidate in "$root/../shared/servers" \
    "$(cd "$root" && git rev-parse --path-format=absolute --git-common-dir 2>/dev/null)/../../shared/servers"; do
    if compgen -G "$candidate/*.tar.gz" >/dev/null; then sources=$(cd "$candidate" && pwd); break; fi
  done
fi

if [[ "${1:-}" == --list ]]; then
  for dir in "$cache"/*/; do
    [[ -f "$dir/.stamp" ]] && printf '%s\t%s\n' "$(basename "$dir")" "${dir%/}/bin"
  done
  exit 0
fi

if [[ -z "$sources" ]]; then
  say "no source tarballs found (looked in $root/../shared/servers; set REDIS_ADVISOR_SOURCES)" >&2
  exit 1
fi

mkdir -p "$cache"
wanted=("$@")
built=0 kept=0
for tarball in "$sources"/*.tar.gz; do
  name=$(basename "$tarball" .tar.gz)          # redis-7.4.1, valkey-8.0.1, redis-8.0-m01
  if ((${#wanted[@]})) && [[ " ${wanted[*]} " != *" $name "* ]]; then continue; fi
  dest="$cache/$name"
  sum=$(sha256sum "$tarball" | cut -d' ' -f1)
  engine=${name%%-*}                            # redis or valkey
  if [[ -f "$dest/.stamp" && "$(cat "$dest/.stamp")" == "$sum" && -x "$dest/bin/$engine-server" ]]; then
    kept=$((kept + 1))
    continue
  fi
  # One builder per server at a time, even when several set-ups run at once.
  exec {lock}>"$cache/.$name.lock"
  flock "$lock"
  if [[ -f "$dest/.stamp" && "$(cat "$dest/.stamp")" == "$sum" && -x "$dest/bin/$engine-server" ]]; then
    exec {lock}>&-
    kept=$((kept + 1))
    continue
  fi
  work="$cache/.build-$name"
  rm -rf "$work" "$dest.new"
  mkdir -p "$work"
  say "building $name (make -j$jobs; about a minute on 2 idle cores)"
  start=$(date +%s.%N)
  tar -xzf "$tarball" -C "$work"
  src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n1)
  log="$work/build.log"
  if ! make -C "$src" -j"$jobs" >"$log" 2>&1 || ! make -C "$src" install PREFIX="$dest.new" >>"$log" 2>&1; then
    tail -n 40 "$log" >&2
    say "building $name failed; the whole log is $log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  "$dest.new/bin/$engine-server" --version >"$dest.new/version.txt"
  printf '%s\n' "$sum" >"$dest.new/.stamp"
  rm -rf "$dest"
  mv "$dest.new" "$dest"
  rm -rf "$work"
  exec {lock}>&-
  built=$((built + 1))
  say "built $name in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }') s: $(cat "$dest/version.txt")"
done
say "$built built, $kept already up to date, in $cache"
