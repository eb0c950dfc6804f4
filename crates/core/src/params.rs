//! What the advisor knows about each Redis configuration parameter: its type,
//! its old names, its compiled-in default, and whether `CONFIG SET` can change it.
//!
//! Defaults are those of Redis 7.0 (`src/config.c`, checked against
//! `CONFIG GET *` of a 7.0.15 server started without a config file);
//! [`default_for`] applies the changes older versions differ by. Which
//! parameters refuse `CONFIG SET` was measured the same way: every parameter was
//! set to its own value on 7.0.15, and those answering "can't set immutable
//! config" or "can't set protected config" are flagged here.

use crate::version::{Flavor, Version};

/// The type of a parameter's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A memory size (`memtoull`: `1k` = 1000, `1kb` = 1024).
    Bytes,
    /// A memory size or a percentage of maxmemory (`maxmemory-clients`).
    BytesOrPercent,
    Int,
    Bool,
    Enum(&'static [&'static str]),
    /// Free text (paths, names, lists kept as text).
    Str,
    /// `save`: pairs of seconds and changes, or empty.
    Save,
    /// `bind`: a list of addresses.
    Bind,
    /// `client-output-buffer-limit`: per class hard, soft, seconds.
    ClientOutputBufferLimit,
}

/// How repeated directives in a redis.conf combine, as Redis applies them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// The last line wins.
    LastWins,
    /// Each line adds to the value (`save`: the first line in a file replaces
    /// the default, later ones append).
    Accumulate,
    /// Each line sets one class (`client-output-buffer-limit`).
    PerClass,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutability {
    /// `CONFIG SET` works.
    Mutable,
    /// Only in redis.conf or on the command line, then a restart.
    Immutable,
    /// `CONFIG SET` works only with `enable-protected-configs`.
    Protected,
}

#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub kind: Kind,
    /// The compiled-in default of Redis 7.0; `None` where there is no fixed
    /// default (e.g. `dir`, the working directory).
    pub default: Option<&'static str>,
    pub mutability: Mutability,
    pub repeat: Repeat,
    /// Its value is a password: never shown, never exported.
    pub secret: bool,
    /// The first Redis version that has it (`None`: 5.0 or older).
    pub since: Option<Version>,
    /// The first Redis version that no longer lists it in `CONFIG GET *`.
    pub until: Option<Version>,
    /// Only Valkey has it.
    pub valkey_only: bool,
}

const fn p(name: &'static str, kind: Kind, default: &'static str) -> Param {
    Param {
        name,
        aliases: &[],
        kind,
        default: Some(default),
        mutability: Mutability::Mutable,
        repeat: Repeat::LastWins,
        secret: false,
        since: None,
        until: None,
        valkey_only: false,
    }
}

impl Param {
    const fn alias(mut self, aliases: &'static [&'static str]) -> Param {
        self.aliases = aliases;
        self
    }
    const fn immutable(mut self) -> Param {
        self.mutability = Mutability::Immutable;
        self
    }
    const fn protected(mut self) -> Param {
        self.mutability = Mutability::Protected;
        self
    }
    const fn secret(mut self) -> Param {
        self.secret = true;
        self
    }
    const fn repeat(mut self, repeat: Repeat) -> Param {
        self.repeat = repeat;
        self
    }
    const fn no_default(mut self) -> Param {
        self.default = None;
        self
    }
    const fn since(mut self, major: u16, minor: u16) -> Param {
        self.since = Some(Version::new(major, minor, 0));
        self
    }
    const fn valkey(mut self) -> Param {
        self.valkey_only = true;
        self
    }
    const fn until(mut self, major: u16, minor: u16) -> Param {
        self.until = Some(Version::new(major, minor, 0));
        self
    }
}

use Kind::{Bool, Bytes, Int, Str};

pub const POLICIES: &[&str] = &[
    "volatile-lru",
    "allkeys-lru",
    "volatile-lfu",
    "allkeys-lfu",
    "volatile-random",
    "allkeys-random",
    "volatile-ttl",
    "noeviction",
];
const YES_NO_LOCAL: &[&str] = &["yes", "no", "local"];

/// Every parameter of Redis 7.0, plus the ones later versions (7.2, 7.4, 8.x)
/// and Valkey added that the rules or the parsers need to recognize.
pub static PARAMS: &[Param] = &[
    p(
        "acl-pubsub-default",
        Kind::Enum(&["allchannels", "resetchannels"]),
        "resetchannels",
    )
    .since(6, 2),
    p("aclfile", Str, "").immutable().since(6, 0),
    p("acllog-max-len", Int, "128").since(6, 0),
    p("active-defrag-cycle-max", Int, "25"),
    p("active-defrag-cycle-min", Int, "1"),
    p("active-defrag-ignore-bytes", Bytes, "104857600"),
    p("active-defrag-max-scan-fields", Int, "1000"),
    p("active-defrag-threshold-lower", Int, "10"),
    p("active-defrag-threshold-upper", Int, "100"),
    p("active-expire-effort", Int, "1").since(6, 0),
    p("activedefrag", Bool, "no"),
    p("activerehashing", Bool, "yes"),
    p("always-show-logo", Bool, "no").immutable(),
    p("aof-disable-auto-gc", Bool, "no").since(7, 0),
    p("aof-load-truncated", Bool, "yes"),
    p("aof-rewrite-incremental-fsync", Bool, "yes"),
    p("aof-timestamp-enabled", Bool, "no").since(7, 0),
    p("aof-use-rdb-preamble", Bool, "yes"),
    p("aof_rewrite_cpulist", Str, "")
        .alias(&["aof-rewrite-cpulist"])
        .immutable()
        .since(6, 0),
    p("appenddirname", Str, "appendonlydir")
        .immutable()
        .since(7, 0),
    p("appendfilename", Str, "appendonly.aof").immutable(),
    p(
        "appendfsync",
        Kind::Enum(&["always", "everysec", "no"]),
        "everysec",
    ),
    p("appendonly", Bool, "no"),
    p("auto-aof-rewrite-min-size", Bytes, "67108864"),
    p("auto-aof-rewrite-percentage", Int, "100"),
    p("availability-zone", Str, "").valkey(),
    p("bgsave_cpulist", Str, "")
        .alias(&["bgsave-cpulist"])
        .immutable()
        .since(6, 0),
    p("bind", Kind::Bind, "* -::*"),
    p("bind-source-addr", Str, "").since(7, 0),
    p("bio_cpulist", Str, "")
        .alias(&["bio-cpulist"])
        .immutable()
        .since(6, 0),
    p("busy-reply-threshold", Int, "5000").alias(&["lua-time-limit"]),
    p(
        "client-output-buffer-limit",
        Kind::ClientOutputBufferLimit,
        "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60",
    )
    .repeat(Repeat::PerClass),
    p("client-query-buffer-limit", Bytes, "1073741824"),
    p("cluster-allow-pubsubshard-when-down", Bool, "yes").since(7, 0),
    p("cluster-allow-reads-when-down", Bool, "no"),
    p("cluster-allow-replica-migration", Bool, "yes"),
    p("cluster-announce-bus-port", Int, "0"),
    p("cluster-announce-client-ipv4", Str, "").valkey(),
    p("cluster-announce-client-ipv6", Str, "").valkey(),
    p("cluster-announce-hostname", Str, "").since(7, 0),
    p("cluster-announce-human-nodename", Str, "").since(7, 2),
    p("cluster-announce-ip", Str, ""),
    p("cluster-announce-port", Int, "0"),
    p("cluster-announce-tls-port", Int, "0"),
    p("cluster-blacklist-ttl", Int, "60").valkey(),
    p("cluster-config-file", Str, "nodes.conf").immutable(),
    p("cluster-enabled", Bool, "no").immutable(),
    p("cluster-link-sendbuf-limit", Bytes, "0").since(7, 0),
    p("cluster-migration-barrier", Int, "1"),
    p("cluster-node-timeout", Int, "15000"),
    p("cluster-port", Int, "0").immutable().since(7, 0),
    p(
        "cluster-preferred-endpoint-type",
        Kind::Enum(&["ip", "hostname", "unknown-endpoint"]),
        "ip",
    )
    .since(7, 0),
    p("cluster-replica-no-failover", Bool, "no").alias(&["cluster-slave-no-failover"]),
    p("cluster-replica-validity-factor", Int, "10").alias(&["cluster-slave-validity-factor"]),
    p("cluster-require-full-coverage", Bool, "yes"),
    p("cluster-slot-stats-enabled", Bool, "no").valkey(),
    p("crash-log-enabled", Bool, "yes").since(6, 2),
    p("crash-memcheck-enabled", Bool, "yes").since(6, 2),
    p("daemonize", Bool, "no").immutable(),
    p("databases", Int, "16").immutable(),
    p("dbfilename", Str, "dump.rdb").protected(),
    p("dir", Str, "").protected().no_default(),
    p("disable-thp", Bool, "yes").immutable().since(6, 2),
    p("dual-channel-replication-enabled", Bool, "no").valkey(),
    p("dynamic-hz", Bool, "yes"),
    p("enable-debug-command", Kind::Enum(YES_NO_LOCAL), "no")
        .immutable()
        .since(7, 0),
    p("enable-module-command", Kind::Enum(YES_NO_LOCAL), "no")
        .immutable()
        .since(7, 0),
    p("enable-protected-configs", Kind::Enum(YES_NO_LOCAL), "no")
        .immutable()
        .since(7, 0),
    p("events-per-io-thread", Int, "2").valkey(),
    p("extended-redis-compatibility", Bool, "no").valkey(),
    p("gopher-enabled", Bool, "no").since(6, 0).until(7, 0),
    p("hash-max-listpack-entries", Int, "512").alias(&["hash-max-ziplist-entries"]),
    p("hash-max-listpack-value", Bytes, "64").alias(&["hash-max-ziplist-value"]),
    p("hide-user-data-from-log", Bool, "no").since(7, 4),
    p("hll-sparse-max-bytes", Bytes, "3000"),
    p("hz", Int, "10"),
    p("ignore-warnings", Str, "").since(6, 0),
    p("io-threads", Int, "1").immutable().since(6, 0),
    p("io-threads-do-reads", Bool, "no").immutable().since(6, 0),
    p("jemalloc-bg-thread", Bool, "yes"),
    p("key-load-delay", Int, "0").since(6, 0).until(7, 0),
    p("latency-monitor-threshold", Int, "0"),
    p("latency-tracking", Bool, "yes").since(7, 0),
    p("latency-tracking-info-percentiles", Str, "50 99 99.9").since(7, 0),
    p("lazyfree-lazy-eviction", Bool, "no"),
    p("lazyfree-lazy-expire", Bool, "no"),
    p("lazyfree-lazy-server-del", Bool, "no"),
    p("lazyfree-lazy-user-del", Bool, "no").since(6, 0),
    p("lazyfree-lazy-user-flush", Bool, "no").since(6, 2),
    p("lfu-decay-time", Int, "1"),
    p("lfu-log-factor", Int, "10"),
    p("list-compress-depth", Int, "0"),
    p("list-max-listpack-size", Int, "-2").alias(&["list-max-ziplist-size"]),
    p("locale-collate", Str, "").since(7, 2),
    p("logfile", Str, "").immutable(),
    p(
        "loglevel",
        Kind::Enum(&["debug", "verbose", "notice", "warning", "nothing"]),
        "notice",
    ),
    p("lua-replicate-commands", Bool, "yes")
        .since(6, 0)
        .until(7, 0),
    p("masterauth", Str, "").alias(&["primaryauth"]).secret(),
    p("masteruser", Str, "").alias(&["primaryuser"]).since(6, 0),
    p("max-new-connections-per-cycle", Int, "10").since(7, 4),
    p("max-new-tls-connections-per-cycle", Int, "1").since(7, 4),
    p("maxclients", Int, "10000"),
    p("maxmemory", Bytes, "0"),
    p("maxmemory-clients", Kind::BytesOrPercent, "0").since(7, 0),
    p("maxmemory-eviction-tenacity", Int, "10").since(6, 2),
    p("maxmemory-policy", Kind::Enum(POLICIES), "noeviction"),
    p("maxmemory-samples", Int, "5"),
    p("min-replicas-max-lag", Int, "10").alias(&["min-slaves-max-lag"]),
    p("min-replicas-to-write", Int, "0").alias(&["min-slaves-to-write"]),
    p("no-appendfsync-on-rewrite", Bool, "no"),
    p("notify-keyspace-events", Str, ""),
    p(
        "oom-score-adj",
        Kind::Enum(&["no", "yes", "relative", "absolute"]),
        "no",
    )
    .since(6, 0),
    p("oom-score-adj-values", Str, "0 200 800").since(6, 0),
    p("pidfile", Str, "").immutable(),
    p("port", Int, "6379"),
    p("prefetch-batch-max-size", Int, "16").valkey(),
    p(
        "proc-title-template",
        Str,
        "{title} {listen-addr} {server-mode}",
    )
    .since(6, 2),
    p(
        "propagation-error-behavior",
        Kind::Enum(&["ignore", "panic", "panic-on-replicas"]),
        "ignore",
    )
    .since(7, 0),
    p("protected-mode", Bool, "yes"),
    p("proto-max-bulk-len", Bytes, "536870912"),
    p("rdb-del-sync-files", Bool, "no"),
    p("rdb-key-save-delay", Int, "0"),
    p("rdb-save-incremental-fsync", Bool, "yes"),
    p("rdbchecksum", Bool, "yes").immutable(),
    p("rdbcompression", Bool, "yes"),
    p("repl-backlog-size", Bytes, "1048576"),
    p("repl-backlog-ttl", Int, "3600"),
    p("repl-disable-tcp-nodelay", Bool, "no"),
    p(
        "repl-diskless-load",
        Kind::Enum(&["disabled", "on-empty-db", "swapdb"]),
        "disabled",
    ),
    p("repl-diskless-sync", Bool, "yes"),
    p("repl-diskless-sync-delay", Int, "5"),
    p("repl-diskless-sync-max-replicas", Int, "0").since(7, 0),
    p("repl-ping-replica-period", Int, "10").alias(&["repl-ping-slave-period"]),
    p("repl-timeout", Int, "60"),
    p("replica-announce-ip", Str, "").alias(&["slave-announce-ip"]),
    p("replica-announce-port", Int, "0").alias(&["slave-announce-port"]),
    p("replica-announced", Bool, "yes").since(6, 2),
    p("replica-ignore-disk-write-errors", Bool, "no").since(7, 0),
    p("replica-ignore-maxmemory", Bool, "yes").alias(&["slave-ignore-maxmemory"]),
    p("replica-lazy-flush", Bool, "no").alias(&["slave-lazy-flush"]),
    p("replica-priority", Int, "100").alias(&["slave-priority"]),
    p("replica-read-only", Bool, "yes").alias(&["slave-read-only"]),
    p("replica-serve-stale-data", Bool, "yes").alias(&["slave-serve-stale-data"]),
    p("replicaof", Str, "").alias(&["slaveof"]).immutable(),
    p("requirepass", Str, "").secret(),
    p(
        "sanitize-dump-payload",
        Kind::Enum(&["no", "yes", "clients"]),
        "no",
    )
    .since(6, 2),
    p("save", Kind::Save, "3600 1 300 100 60 10000").repeat(Repeat::Accumulate),
    p("server_cpulist", Str, "")
        .alias(&["server-cpulist"])
        .immutable()
        .since(6, 0),
    p("set-max-intset-entries", Int, "512"),
    p("set-max-listpack-entries", Int, "128").since(7, 2),
    p("set-max-listpack-value", Bytes, "64").since(7, 2),
    p("set-proc-title", Bool, "yes").immutable().since(6, 2),
    p("shutdown-on-sigint", Str, "default").since(7, 0),
    p("shutdown-on-sigterm", Str, "default").since(7, 0),
    p("shutdown-timeout", Int, "10").since(7, 0),
    p("slowlog-log-slower-than", Int, "10000"),
    p("slowlog-max-len", Int, "128"),
    p("socket-mark-id", Int, "0").immutable().since(7, 0),
    p("stop-writes-on-bgsave-error", Bool, "yes"),
    p("stream-node-max-bytes", Bytes, "4096"),
    p("stream-node-max-entries", Int, "100"),
    p(
        "supervised",
        Kind::Enum(&["upstart", "systemd", "auto", "no"]),
        "no",
    )
    .immutable(),
    p("syslog-enabled", Bool, "no").immutable(),
    p("syslog-facility", Str, "local0").immutable(),
    p("syslog-ident", Str, "redis").immutable(),
    p("tcp-backlog", Int, "511").immutable(),
    p("tcp-keepalive", Int, "300"),
    p("timeout", Int, "0"),
    p(
        "tls-auth-clients",
        Kind::Enum(&["yes", "no", "optional"]),
        "yes",
    )
    .since(6, 0),
    p("tls-ca-cert-dir", Str, "").since(6, 0),
    p("tls-ca-cert-file", Str, "").since(6, 0),
    p("tls-cert-file", Str, "").since(6, 0),
    p("tls-ciphers", Str, "").since(6, 0),
    p("tls-ciphersuites", Str, "").since(6, 0),
    p("tls-client-cert-file", Str, "").since(6, 2),
    p("tls-client-key-file", Str, "").since(6, 2),
    p("tls-client-key-file-pass", Str, "").secret().since(6, 2),
    p("tls-cluster", Bool, "no").since(6, 0),
    p("tls-dh-params-file", Str, "").since(6, 0),
    p("tls-key-file", Str, "").since(6, 0),
    p("tls-key-file-pass", Str, "").secret().since(6, 2),
    p("tls-port", Int, "0").since(6, 0),
    p("tls-prefer-server-ciphers", Bool, "no").since(6, 0),
    p("tls-protocols", Str, "").since(6, 0),
    p("tls-replication", Bool, "no").since(6, 0),
    p("tls-session-cache-size", Int, "20480").since(6, 0),
    p("tls-session-cache-timeout", Int, "300").since(6, 0),
    p("tls-session-caching", Bool, "yes").since(6, 0),
    p("tracking-table-max-keys", Int, "1000000").since(6, 0),
    p("unixsocket", Str, "").immutable(),
    p("unixsocketgroup", Str, "").immutable().valkey(),
    p("unixsocketperm", Int, "0").immutable(),
    p("use-exit-on-panic", Bool, "no")
        .immutable()
        .since(6, 2)
        .until(7, 0),
    p("watchdog-period", Int, "0").until(7, 0),
    p("zset-max-listpack-entries", Int, "128").alias(&["zset-max-ziplist-entries"]),
    p("zset-max-listpack-value", Bytes, "64").alias(&["zset-max-ziplist-value"]),
];

/// Directives that only a redis.conf has (they are not parameters that
/// `CONFIG GET` reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfOnly {
    Include,
    RenameCommand,
    LoadModule,
    User,
}

pub fn conf_only(name: &str) -> Option<ConfOnly> {
    match name.to_ascii_lowercase().as_str() {
        "include" => Some(ConfOnly::Include),
        "rename-command" => Some(ConfOnly::RenameCommand),
        "loadmodule" => Some(ConfOnly::LoadModule),
        "user" => Some(ConfOnly::User),
        _ => None,
    }
}

/// Finds a parameter by its name or an old alias, case-insensitively.
pub fn lookup(name: &str) -> Option<&'static Param> {
    index_of(name).map(|i| &PARAMS[i])
}

/// The position in [`PARAMS`] of a parameter, by name or alias, case-insensitively.
pub fn index_of(name: &str) -> Option<usize> {
    type Map = std::collections::HashMap<
        &'static str,
        usize,
        std::hash::BuildHasherDefault<crate::hash::Fx>,
    >;
    static INDEX: std::sync::OnceLock<Map> = std::sync::OnceLock::new();
    let index = INDEX.get_or_init(|| {
        PARAMS
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                std::iter::once(p.name)
                    .chain(p.aliases.iter().copied())
                    .map(move |n| (n, i))
            })
            .collect()
    });
    // Names come lowercase almost always: look them up as they are first.
    index.get(name).copied().or_else(|| {
        name.bytes()
            .any(|b| b.is_ascii_uppercase())
            .then(|| index.get(name.to_ascii_lowercase().as_str()).copied())
            .flatten()
    })
}

/// The compiled-in default of a parameter on a given server: what the
/// nearest measured server of that flavor said ([`crate::measured`]), `None`
/// where that version has no such parameter. Without a version, 7.0's.
pub fn default_for(
    param: &Param,
    version: Option<Version>,
    flavor: Option<Flavor>,
) -> Option<&'static str> {
    let Some(v) = version else {
        return param.default;
    };
    if v < Version::new(5, 0, 0) {
        // Older than every measured server: what the source says.
        if param.since.is_some_and(|since| v < since) {
            return None;
        }
        if param.name == "aof-use-rdb-preamble" {
            // Added in 4.0, off by default there; on from 5.0 (src/config.c at 4.0.0 and 5.0.0).
            return Some("no");
        }
    }
    let server = crate::measured::nearest(v, flavor);
    match crate::measured::param(param.name, server) {
        Some(m) => m.default.or_else(|| unmeasured_default(param, v)),
        // Not listed by the measured server's `CONFIG GET *`, yet a redis.conf
        // directive of that Redis version: before 7.0 the tls-* ones only on a
        // TLS build, a few others never listed. Its source default then.
        None if flavor != Some(Flavor::Valkey)
            && !param.valkey_only
            && param.since.is_none_or(|s| s <= v)
            && param.until.is_none_or(|u| v < u) =>
        {
            param.default
        }
        None => None,
    }
}

/// Defaults the tests cannot measure because they must set them (a test's
/// server listens on 127.0.0.1, on its own port, in its own directory; before
/// 6.2 that clears `save`, whose compiled-in value is 7.0's: `initServerConfig`
/// in src/server.c at 5.0.14 and 6.0.20).
fn unmeasured_default(param: &Param, v: Version) -> Option<&'static str> {
    match param.name {
        // No bind line: every interface. 7.0 made it `* -::*` (src/config.c at 7.0.0).
        "bind" if v.major < 7 => Some(""),
        _ => param.default,
    }
}

/// Whether `CONFIG SET` takes a parameter on a given server, as the nearest
/// measured server answered (7.0's without a version or measurement).
pub fn mutability_for(
    param: &Param,
    version: Option<Version>,
    flavor: Option<Flavor>,
) -> Mutability {
    version
        .and_then(|v| crate::measured::param(param.name, crate::measured::nearest(v, flavor)))
        .map_or(param.mutability, |m| m.mutability)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_lowercase() {
        let mut seen = std::collections::HashSet::new();
        for p in PARAMS {
            for n in std::iter::once(&p.name).chain(p.aliases) {
                assert!(seen.insert(*n), "duplicate parameter name {n}");
                assert_eq!(n.to_ascii_lowercase(), *n);
            }
        }
    }

    #[test]
    fn aliases_resolve_to_current_names() {
        assert_eq!(lookup("slaveof").map(|p| p.name), Some("replicaof"));
        assert_eq!(
            lookup("hash-max-ziplist-entries").map(|p| p.name),
            Some("hash-max-listpack-entries")
        );
        assert_eq!(lookup("MAXMEMORY").map(|p| p.name), Some("maxmemory"));
        assert!(lookup("no-such-thing").is_none());
    }

    #[test]
    fn version_specific_defaults() {
        // The compiled-in save points have been the same since 5.0 (measured).
        let save = lookup("save").map(|p| default_for(p, Some(Version::new(6, 2, 14)), None));
        assert_eq!(save, Some(Some("3600 1 300 100 60 10000")));
        let lt =
            lookup("latency-tracking").map(|p| default_for(p, Some(Version::new(6, 2, 0)), None));
        assert_eq!(lt, Some(None));
        let preamble = lookup("aof-use-rdb-preamble");
        assert_eq!(
            preamble.map(|p| default_for(p, Some(Version::new(4, 0, 14)), None)),
            Some(Some("no"))
        );
        assert_eq!(
            preamble.map(|p| default_for(p, Some(Version::new(5, 0, 14)), None)),
            Some(Some("yes"))
        );
        let save7 = lookup("save").map(|p| default_for(p, None, None));
        assert_eq!(save7, Some(Some("3600 1 300 100 60 10000")));
    }
}
