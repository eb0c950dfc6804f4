#!/usr/bin/env bash
# Captures test fixtures from real servers: INFO and CONFIG GET * in each form
# the server's own redis-cli has, for the configurations that matter, after
# traffic shaped like the workloads the advisor infers. Servers listen on
# 127.0.0.1 only, on free ports, and are stopped on exit whatever happens.
#
#   bash scripts/capture-fixtures.sh                       # every server, every configuration
#   bash scripts/capture-fixtures.sh redis-7.4.1           # one server
#   ONLY="rdb cluster" bash scripts/capture-fixtures.sh    # only these configurations
#
# Servers: Debian's /usr/bin/redis-server (redis-7.0.15) and every build of
# scripts/servers.sh. Output: tests/fixtures/<redis|valkey>-<version>/<configuration>/,
# each folder rewritten whole when captured, the others left as they are.
#
# Configurations: defaults, rdb, aof, secured (requirepass), acl (ACL users,
# 6.0+), primary and replica (one pair), bullmq and sidekiq (their traffic),
# cluster (a node owning every slot), sentinel (INFO of a sentinel watching a
# primary), policy-<policy> (a 4 MB maxmemory filled past its limit; only
# where ONLY names them: the 7.0.15 set has all eight).
# The passwords in the fixtures are this script's own throwaway values.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${REDIS_ADVISOR_SERVERS:-$HOME/.cache/redis-advisor/servers}
all_servers=(redis-5.0.14 redis-6.0.20 redis-6.2.16 redis-7.0.15 redis-7.2.6 redis-7.4.1 redis-8.0-m01 valkey-7.2.7 valkey-8.0.1)
default_configs="defaults rdb aof secured acl primary-replica bullmq sidekiq cluster sentinel"
only=${ONLY:-$default_configs}
servers=("$@")
((${#servers[@]})) || servers=("${all_servers[@]}")

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Set per server below: its binaries, version and what its redis-cli can do.
server_bin= cli_bin= major=0 minor=0 out=
a=() # redis-cli's auth arguments for the server being driven

cli() { local port=$1; shift; "$cli_bin" -h 127.0.0.1 -p "$port" "${a[@]}" "$@"; }
at_least() { (( major > $1 || (major == $1 && minor >= $2) )); }

wait_for() { # wait_for PORT NAME: until the server answers PING
  local port=$1 name=$2
  for _ in $(seq 1 400); do
    if cli "$port" ping 2>/dev/null | grep -q PONG; then return 0; fi
    sleep 0.05
  done
  echo "$name did not start; its log:" >&2; cat "$work/$name/log" >&2; exit 1
}

start() { # start NAME PORT [server args...]
  local name=$1 port=$2; shift 2
  mkdir -p "$work/$name"
  "$server_bin" --port "$port" --bind 127.0.0.1 --dir "$work/$name" --logfile "$work/$name/log" "$@" &
  pids+=($!)
  wait_for "$port" "$name"
}

start_conf() { # start_conf NAME PORT CONFFILE [server args...]: the file's own bind (loopback)
  local name=$1 port=$2 conf=$3; shift 3
  mkdir -p "$work/$name"
  "$server_bin" "$conf" --port "$port" --dir "$work/$name" --logfile "$work/$name/log" "$@" &
  pids+=($!)
  wait_for "$port" "$name"
}

info_all() { # INFO everything from 6.0; before, INFO all already holds every section
  if at_least 6 0; then cli "$1" info everything; else cli "$1" info all; fi
}

capture() { # capture NAME PORT [all-forms]
  local name=$1 port=$2 forms=${3:-}
  local dir="$out/$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  info_all "$port" > "$dir/info.txt"
  cli "$port" --raw config get '*' > "$dir/config-raw.txt"
  if [[ -n "$forms" ]]; then
    cli "$port" --no-raw config get '*' > "$dir/config-terminal.txt"
    if at_least 6 0; then cli "$port" -3 --no-raw config get '*' > "$dir/config-resp3.txt"; fi
    if "$cli_bin" --help 2>&1 | grep -q -- '--json'; then
      cli "$port" --json config get '*' > "$dir/config-json.txt"
    fi
  fi
  echo "captured $dir"
}

# Traffic shaped like the workloads the advisor infers.
queue_traffic() { # BullMQ-like: Lua scripts, blocking moves, locks, a capped events stream
  local port=$1 n=${2:-300} sha move
  sha=$(cli "$port" script load "redis.call('HSET', KEYS[1], 'name', ARGV[1], 'data', ARGV[2]); return redis.call('LPUSH', KEYS[2], ARGV[1])")
  # BullMQ uses BLMOVE from Redis 6.2 and BRPOPLPUSH before.
  if at_least 6 2; then move="BLMOVE bull:mail:wait bull:mail:active RIGHT LEFT 1"; else move="BRPOPLPUSH bull:mail:wait bull:mail:active 1"; fi
  {
    for i in $(seq 1 "$n"); do
      echo "EVALSHA $sha 2 bull:mail:$i bull:mail:wait $i '{\"to\":\"user$i@example.com\"}'"
      echo "$move"
      echo "SET bull:mail:$i:lock token-$i PX 30000"
      echo "HSET bull:mail:$i processedOn 1700000000000"
      echo "LREM bull:mail:active 1 $i"
      echo "ZADD bull:mail:completed $i $i"
      echo "XADD bull:mail:events MAXLEN ~ 10000 * event completed jobId $i"
      echo "DEL bull:mail:$i:lock"
      if (( i % 20 == 0 )); then echo "BZPOPMIN bull:mail:marker 0.01"; fi
    done
    echo "EVAL \"return redis.call('INCR', KEYS[1])\" 1 bull:mail:id"
  } | cli "$port" > /dev/null
}

sidekiq_traffic() { # Sidekiq-like: JSON jobs pushed on lists, BRPOP, schedule and retry sets, stats, heartbeats
  local port=$1 n=${2:-300}
  {
    echo "SADD queues default mailers"
    for i in $(seq 1 "$n"); do
      echo "LPUSH queue:default '{\"class\":\"HardWorker\",\"args\":[$i],\"jid\":\"jid$i\",\"queue\":\"default\",\"retry\":true}'"
      echo "BRPOP queue:default queue:mailers 2"
      echo "INCRBY stat:processed 1"
      echo "INCRBY stat:processed:2024-01-01 1"
      echo "ZADD schedule $((1700000000 + i)) '{\"class\":\"LaterWorker\",\"jid\":\"s$i\"}'"
      if (( i % 10 == 0 )); then echo "ZADD retry $((1700000000 + i)) '{\"class\":\"HardWorker\",\"jid\":\"r$i\",\"retry_count\":1}'"; fi
      if (( i % 50 == 0 )); then
        echo "SADD processes host:1:abc"
        echo "HSET host:1:abc info '{\"hostname\":\"host\",\"concurrency\":10}' busy 0 beat 1700000000.0"
        echo "EXPIRE host:1:abc 60"
        echo "ZRANGEBYSCORE schedule -inf $((1700000000 + i)) LIMIT 0 100"
      fi
    done
  } | cli "$port" > /dev/null
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
  } | cli "$port" > /dev/null
}

fill() { # fill PORT COUNT SIZE: COUNT keys of SIZE bytes, every other one with a TTL
  local port=$1 count=$2 size=$3 value
  value=$(head -c "$size" /dev/zero | tr '\0' 'x')
  {
    for i in $(seq 1 "$count"); do
      if (( i % 2 )); then echo "SET data:$i $value EX 3600"; else echo "SET data:$i $value"; fi
    done
  } | cli "$port" > /dev/null 2>&1 || true
}

wait_info() { # wait_info PORT PATTERN: until INFO matches (a rewrite done, a link up)
  local port=$1 pattern=$2
  for _ in $(seq 1 200); do
    info_all "$port" | grep -q "$pattern" && return 0
    sleep 0.05
  done
  echo "timed out waiting for $pattern on port $port" >&2; exit 1
}

wanted() { [[ " $only " == *" $1 "* ]]; }

capture_server() {
  local name=$1 engine=${1%%-*}
  if [[ "$name" == redis-7.0.15 ]]; then
    server_bin=/usr/bin/redis-server cli_bin=/usr/bin/redis-cli
  else
    server_bin="$cache/$name/bin/$engine-server" cli_bin="$cache/$name/bin/$engine-cli"
  fi
  [[ -x "$server_bin" ]] || { echo "$server_bin is missing: run bash scripts/setup.sh" >&2; exit 2; }
  local version
  version=$("$server_bin" --version | sed -n 's/.* v=\([0-9.]*\).*/\1/p')
  major=${version%%.*} minor=${version#*.}; minor=${minor%%.*}
  out="$root/tests/fixtures/$name"
  mkdir -p "$out"
  echo "== $name (reports $version)"
  local p q

  if wanted defaults; then # no config file, mixed traffic; every CONFIG GET form
    p=$(free_port); start "$name-defaults" "$p"
    queue_traffic "$p"; cache_traffic "$p"
    capture defaults "$p" all-forms
  fi

  if wanted rdb; then # RDB snapshots (the compiled-in save points), after a BGSAVE
    p=$(free_port); start "$name-rdb" "$p" --save "3600 1 300 100 60 10000"
    cache_traffic "$p"; fill "$p" 2000 512
    cli "$p" bgsave > /dev/null
    wait_info "$p" '^rdb_bgsave_in_progress:0'
    wait_info "$p" '^rdb_last_bgsave_status:ok'
    capture rdb "$p"
  fi

  if wanted aof; then # AOF, fsync every second, after queue traffic and a rewrite
    p=$(free_port); start "$name-aof" "$p" --appendonly yes --appendfsync everysec
    queue_traffic "$p"
    wait_info "$p" '^aof_rewrite_in_progress:0'
    cli "$p" bgrewriteaof > /dev/null
    sleep 0.2
    wait_info "$p" '^aof_rewrite_in_progress:0'
    wait_info "$p" '^aof_rewrite_scheduled:0'
    capture aof "$p"
  fi

  if wanted secured; then # the default user's password (requirepass)
    p=$(free_port)
    a=(--no-auth-warning -a fixture-secured-password)
    start "$name-secured" "$p" --requirepass fixture-secured-password
    cache_traffic "$p" 200
    capture secured "$p"
    a=()
  fi

  if wanted acl && at_least 6 0; then # a password and ACL users, from a config file kept as a fixture
    mkdir -p "$out/acl.new"
    local channels="" bind="127.0.0.1"
    at_least 6 2 && channels=" &*"       # pub/sub channel rules: 6.2+
    at_least 7 0 && bind="127.0.0.1 -::1" # optional addresses: 7.0+
    cat > "$out/acl.new/redis.conf" <<CONF
# Captured with scripts/capture-fixtures.sh: a server with a password and ACL users.
bind $bind
protected-mode yes
requirepass fixture-default-password
user app on >fixture-app-password ~app:*$channels +@all -@dangerous
user metrics on nopass +info +ping +client|list
maxmemory 64mb
maxmemory-policy noeviction
appendonly yes
appendfsync everysec
save ""
CONF
    p=$(free_port)
    a=(--no-auth-warning -a fixture-default-password)
    start_conf "$name-acl" "$p" "$out/acl.new/redis.conf"
    cache_traffic "$p" 100
    local conf; conf=$(cat "$out/acl.new/redis.conf")
    rm -rf "$out/acl.new"
    capture acl "$p" all-forms
    printf '%s\n' "$conf" > "$out/acl/redis.conf"
    a=()
  fi

  if wanted primary-replica; then # a primary and a replica attached to it
    p=$(free_port); q=$(free_port)
    start "$name-primary" "$p"
    if at_least 5 0; then start "$name-replica" "$q" --replicaof 127.0.0.1 "$p"; fi
    queue_traffic "$p" 100
    wait_info "$q" '^master_link_status:up'
    local offset
    offset=$(cli "$p" info replication | sed -n 's/^master_repl_offset:\([0-9]*\).*/\1/p')
    wait_info "$q" "^slave_repl_offset:$offset"
    capture primary "$p"
    capture replica "$q"
  fi

  if wanted bullmq; then # a BullMQ server as its docs ask: noeviction, AOF
    p=$(free_port); start "$name-bullmq" "$p" --maxmemory 256mb --maxmemory-policy noeviction --appendonly yes
    queue_traffic "$p" 1000
    capture bullmq "$p"
  fi

  if wanted sidekiq; then # a Sidekiq server: noeviction
    p=$(free_port); start "$name-sidekiq" "$p" --maxmemory 256mb --maxmemory-policy noeviction
    sidekiq_traffic "$p" 1000
    capture sidekiq "$p"
  fi

  if wanted cluster; then # a cluster node owning every slot, so the cluster is ok
    p=$(free_port)
    start "$name-cluster" "$p" --cluster-enabled yes --cluster-config-file nodes.conf
    if at_least 7 0; then
      cli "$p" cluster addslotsrange 0 16383 > /dev/null
    else
      # shellcheck disable=SC2046
      cli "$p" cluster addslots $(seq 0 16383) > /dev/null
    fi
    wait_info "$p" '^cluster_enabled:1'
    for _ in $(seq 1 200); do
      cli "$p" cluster info | grep -q '^cluster_state:ok' && break
      sleep 0.05
    done
    cli "$p" cluster info | grep -q '^cluster_state:ok' || { echo "cluster not ok" >&2; exit 1; }
    cache_traffic "$p" 200
    capture cluster "$p"
  fi

  if wanted sentinel; then # INFO of a sentinel watching a primary
    p=$(free_port); q=$(free_port)
    start "$name-watched" "$p"
    mkdir -p "$work/$name-sentinel"
    cat > "$work/$name-sentinel/sentinel.conf" <<CONF
sentinel monitor mymaster 127.0.0.1 $p 1
sentinel down-after-milliseconds mymaster 5000
CONF
    "$server_bin" "$work/$name-sentinel/sentinel.conf" --sentinel --port "$q" --bind 127.0.0.1 \
      --dir "$work/$name-sentinel" --logfile "$work/$name-sentinel/log" &
    pids+=($!)
    wait_for "$q" "$name-sentinel"
    for _ in $(seq 1 200); do
      cli "$q" info sentinel | grep -q 'status=ok' && break
      sleep 0.05
    done
    rm -rf "$out/sentinel"; mkdir -p "$out/sentinel"
    cli "$q" info > "$out/sentinel/info.txt"
    grep -q 'status=ok' "$out/sentinel/info.txt" || { echo "sentinel did not see its primary" >&2; exit 1; }
    echo "captured $out/sentinel"
  fi

  local policy
  for policy in noeviction allkeys-lru allkeys-lfu allkeys-random volatile-lru volatile-lfu volatile-random volatile-ttl; do
    wanted "policy-$policy" || continue
    p=$(free_port)
    start "$name-policy-$policy" "$p" --maxmemory 4mb --maxmemory-policy "$policy"
    fill "$p" 3000 2048
    cache_traffic "$p" 100
    capture "policy-$policy" "$p"
  done

  # Stop this server's processes before the next version starts.
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  pids=()
}

for s in "${servers[@]}"; do capture_server "$s"; done
echo "fixtures in $root/tests/fixtures"
