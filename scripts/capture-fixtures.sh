#!/usr/bin/env bash
# Captures test fixtures from a real redis-server: INFO everything and
# CONFIG GET * in each redis-cli form, for several configurations, after some
# traffic. Servers listen on 127.0.0.1 only, on ports 7301-7399, and are
# stopped on exit.
#
#   bash scripts/capture-fixtures.sh            # writes tests/fixtures/redis-<version>/
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
command -v redis-server >/dev/null || { echo "redis-server is not installed (bash scripts/setup.sh installs it)" >&2; exit 2; }
version=$(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')
out="$root/tests/fixtures/redis-$version"
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cli() { local port=$1; shift; redis-cli -h 127.0.0.1 -p "$port" "$@"; }

start() { # start NAME PORT [redis-server args...]
  local name=$1 port=$2; shift 2
  mkdir -p "$work/$name"
  redis-server --port "$port" --bind 127.0.0.1 --dir "$work/$name" --logfile "$work/$name/log" "$@" &
  pids+=($!)
  for _ in $(seq 1 100); do
    if cli "$port" ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.05
  done
  echo "redis-server $name did not start; its log:" >&2; cat "$work/$name/log" >&2; exit 1
}

capture() { # capture NAME PORT [all-forms]
  local name=$1 port=$2 forms=${3:-}
  local dir="$out/$name"
  mkdir -p "$dir"
  local a=()
  [[ -n "${AUTH:-}" ]] && a=(--no-auth-warning -a "$AUTH")
  cli "$port" "${a[@]}" info everything > "$dir/info.txt"
  cli "$port" "${a[@]}" --raw config get '*' > "$dir/config-raw.txt"
  if [[ -n "$forms" ]]; then
    cli "$port" "${a[@]}" --no-raw config get '*' > "$dir/config-terminal.txt"
    cli "$port" "${a[@]}" -3 --no-raw config get '*' > "$dir/config-resp3.txt"
    cli "$port" "${a[@]}" --json config get '*' > "$dir/config-json.txt"
  fi
  echo "captured $dir"
}

# Traffic shaped like the workloads the advisor infers.
queue_traffic() { # a BullMQ-like queue: Lua scripts, blocking pops, a capped events stream
  local port=$1 n=${2:-300}
  local sha
  sha=$(cli "$port" "${a[@]}" script load "redis.call('HSET', KEYS[1], 'name', ARGV[1], 'data', ARGV[2]); return redis.call('LPUSH', KEYS[2], ARGV[1])")
  {
    for i in $(seq 1 "$n"); do
      echo "EVALSHA $sha 2 bull:mail:$i bull:mail:wait $i '{\"to\":\"user$i@example.com\"}'"
      echo "BLMOVE bull:mail:wait bull:mail:active RIGHT LEFT 1"
      echo "SET bull:mail:$i:lock token-$i PX 30000"
      echo "HSET bull:mail:$i processedOn 1700000000000"
      echo "LREM bull:mail:active 1 $i"
      echo "ZADD bull:mail:completed $i $i"
      echo "XADD bull:mail:events MAXLEN ~ 10000 * event completed jobId $i"
      echo "DEL bull:mail:$i:lock"
      echo "BZPOPMIN bull:mail:marker 0.01"
    done
    echo "EVAL \"return redis.call('INCR', KEYS[1])\" 1 bull:mail:id"
  } | cli "$port" "${a[@]}" > /dev/null
}

cache_traffic() { # a cache: SET with TTL, GET hits and misses, a few locks and publishes
  local port=$1 n=${2:-500}
  {
    for i in $(seq 1 "$n"); do
      echo "SET cache:user:$i profile-data-for-user-$i EX 300"
      echo "GET cache:user:$i"
      echo "GET cache:user:$((i + n))"
      echo "SET lock:report:$((i % 20)) owner-$i NX PX 15000"
      echo "PUBLISH events user-updated-$i"
    done
  } | cli "$port" "${a[@]}" > /dev/null
}

fill() { # fill PORT COUNT SIZE TTL: COUNT keys of SIZE bytes, every other one with a TTL
  local port=$1 count=$2 size=$3 value
  value=$(head -c "$size" /dev/zero | tr '\0' 'x')
  {
    for i in $(seq 1 "$count"); do
      if (( i % 2 )); then echo "SET data:$i $value EX 3600"; else echo "SET data:$i $value"; fi
    done
  } | cli "$port" "${a[@]}" > /dev/null 2>&1 || true
}

rm -rf "$out"
mkdir -p "$out"
a=()

# 1. Defaults (no config file), with mixed traffic; all four CONFIG GET forms.
start defaults 7301
queue_traffic 7301
cache_traffic 7301
capture defaults 7301 all-forms

# 2. maxmemory 4mb with each eviction policy, filled past the limit.
port=7310
for policy in noeviction allkeys-lru allkeys-lfu allkeys-random volatile-lru volatile-lfu volatile-random volatile-ttl; do
  start "policy-$policy" "$port" --maxmemory 4mb --maxmemory-policy "$policy"
  fill "$port" 3000 2048
  cache_traffic "$port" 100
  capture "policy-$policy" "$port"
  port=$((port + 1))
done

# 3. AOF on, fsync every second, after queue traffic and a rewrite.
start aof 7320 --appendonly yes --appendfsync everysec
queue_traffic 7320
cli 7320 bgrewriteaof > /dev/null
sleep 1
capture aof 7320

# 4. A password (requirepass) and ACL users, from a config file kept as a fixture.
mkdir -p "$out/acl"
cat > "$out/acl/redis.conf" <<'CONF'
# Captured with scripts/capture-fixtures.sh: a server with a password and ACL users.
port 7330
bind 127.0.0.1 -::1
protected-mode yes
requirepass fixture-default-password
user app on >fixture-app-password ~app:* &* +@all -@dangerous
user metrics on nopass +info +ping +client|list
maxmemory 64mb
maxmemory-policy noeviction
appendonly yes
appendfsync everysec
save ""
CONF
cp "$out/acl/redis.conf" "$work/acl.conf"
sed -i "s|^port 7330|port 7330\ndir $work|" "$work/acl.conf"
redis-server "$work/acl.conf" --logfile "$work/acl.log" &
pids+=($!)
AUTH=fixture-default-password
for _ in $(seq 1 100); do cli 7330 --no-auth-warning -a "$AUTH" ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done
a=(--no-auth-warning -a "$AUTH")
cache_traffic 7330 100
capture acl 7330 all-forms
a=()
AUTH=

# 5. A primary and a replica attached to it.
start primary 7340
start replica 7341 --replicaof 127.0.0.1 7340
queue_traffic 7340 100
for _ in $(seq 1 100); do cli 7341 info replication | grep -q 'master_link_status:up' && break; sleep 0.1; done
sleep 1
capture primary 7340
capture replica 7341
echo "fixtures for Redis $version in $out"
