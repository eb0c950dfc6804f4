//! What real servers of each version said about themselves: every parameter's
//! compiled-in default and whether `CONFIG SET` takes it, per server, and the
//! first version that prints each INFO field the rules read.
//!
//! `measured/params.tsv` is generated, not written: `crates/core/tests/versions.rs`
//! starts each server of [`SERVERS`] (built by `scripts/servers.sh`; Debian's
//! package for 7.0.15) without a config file, reads `CONFIG GET *`, and sets
//! every parameter to its own value. `UPDATE_PARAMS=1 cargo test -p
//! redis-advisor-core --test versions` rewrites the file; without it the test
//! fails when a server answers differently from the file.
//!
//! A version between two measured ones is read as the nearest measured one
//! at or below it ([`nearest`]).

use crate::params::Mutability;
use crate::version::{Flavor, Version};

/// A server whose answers are in `measured/params.tsv`, in the file's column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Server {
    /// `redis-7.4.1`: the column's name, the fixtures folder's name.
    pub name: &'static str,
    pub flavor: Flavor,
    /// The version it reports (Valkey: `valkey_version`; 8.0-m01 reports 7.9.224).
    pub version: Version,
}

const fn server(name: &'static str, flavor: Flavor, v: (u16, u16, u16)) -> Server {
    Server {
        name,
        flavor,
        version: Version::new(v.0, v.1, v.2),
    }
}

/// Every measured server, oldest first per flavor (the columns of `params.tsv`).
pub static SERVERS: &[Server] = &[
    server("redis-5.0.14", Flavor::Redis, (5, 0, 14)),
    server("redis-6.0.20", Flavor::Redis, (6, 0, 20)),
    server("redis-6.2.16", Flavor::Redis, (6, 2, 16)),
    server("redis-7.0.15", Flavor::Redis, (7, 0, 15)),
    server("redis-7.2.6", Flavor::Redis, (7, 2, 6)),
    server("redis-7.4.1", Flavor::Redis, (7, 4, 1)),
    server("redis-8.0-m01", Flavor::Redis, (7, 9, 224)),
    server("valkey-7.2.7", Flavor::Valkey, (7, 2, 7)),
    server("valkey-8.0.1", Flavor::Valkey, (8, 0, 1)),
];

/// The generated table: a header naming the servers, then one line per
/// parameter with one cell per server: `-` when the server has no such
/// parameter, otherwise `m:`, `i:` or `p:` (`CONFIG SET` of its own value was
/// accepted, refused as immutable, refused as protected) and its default;
/// `?` for the default of the few the tests must override (`port`, `bind`,
/// `dir`, and `save` before 6.2, which any command-line argument clears).
pub const PARAMS_TSV: &str = include_str!("measured/params.tsv");

/// What one server said about one parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Measured<'a> {
    /// The compiled-in default (`None`: not measured, see [`PARAMS_TSV`]).
    pub default: Option<&'a str>,
    pub mutability: Mutability,
}

type Row<'a> = Vec<Option<Measured<'a>>>;

fn table() -> &'static std::collections::HashMap<&'static str, Row<'static>> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<&'static str, Row<'static>>> =
        std::sync::OnceLock::new();
    TABLE.get_or_init(|| parse(PARAMS_TSV).1.into_iter().collect())
}

/// Reads a table in the format of [`PARAMS_TSV`]: the header's server names
/// and each parameter's cells. Lines that do not fit are skipped.
pub fn parse(text: &str) -> (Vec<&str>, Vec<(&str, Row<'_>)>) {
    let mut lines = text.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines
        .next()
        .map(|h| h.split('\t').skip(1).collect())
        .unwrap_or_default();
    let rows = lines
        .filter_map(|line| {
            let mut cells = line.split('\t');
            let name = cells.next()?;
            let row: Row = cells.map(cell).collect();
            (row.len() == header.len()).then_some((name, row))
        })
        .collect();
    (header, rows)
}

fn cell(text: &str) -> Option<Measured<'_>> {
    let (kind, default) = text.split_once(':')?;
    let mutability = match kind {
        "m" => Mutability::Mutable,
        "i" => Mutability::Immutable,
        "p" => Mutability::Protected,
        _ => return None,
    };
    Some(Measured {
        default: (default != "?").then_some(default),
        mutability,
    })
}

/// Writes one table cell (the inverse of what [`parse`] reads).
pub fn format_cell(m: Option<&Measured<'_>>) -> String {
    match m {
        None => "-".to_string(),
        Some(m) => {
            let kind = match m.mutability {
                Mutability::Mutable => 'm',
                Mutability::Immutable => 'i',
                Mutability::Protected => 'p',
            };
            format!("{kind}:{}", m.default.unwrap_or("?"))
        }
    }
}

/// The measured server to read a version by: the same flavor's of the same
/// release series (major.minor), else its newest below, else its oldest (a
/// version older than every measured one).
/// An unknown flavor is read as Redis.
pub fn nearest(version: Version, flavor: Option<Flavor>) -> usize {
    let flavor = flavor.unwrap_or(Flavor::Redis);
    let same = || {
        SERVERS
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.flavor == flavor)
    };
    // The same release series first (6.2.14 reads as 6.2.16), then the newest below.
    same()
        .find(|(_, s)| (s.version.major, s.version.minor) == (version.major, version.minor))
        .or_else(|| {
            same()
                .filter(|(_, s)| s.version <= version)
                .max_by_key(|(_, s)| s.version)
        })
        .or_else(|| same().min_by_key(|(_, s)| s.version))
        .map_or(0, |(i, _)| i)
}

/// What server `server` (an index of [`SERVERS`]) said about a parameter:
/// `None` when it has no such parameter.
pub fn param(name: &str, server: usize) -> Option<Measured<'static>> {
    table().get(name)?.get(server).copied().flatten()
}

/// Whether the table has the parameter at all (some server reported it).
pub fn is_measured(name: &str) -> bool {
    table().contains_key(name)
}

/// An INFO field a rule reads, and the first version that prints it.
#[derive(Clone, Copy, Debug)]
pub struct InfoField {
    pub name: &'static str,
    /// The first Redis version that prints it. From 5.0 on, measured: absent
    /// from every measured Redis before, present from it on (in the
    /// configurations `tests/fixtures/` captures). Before 5.0 (no server of
    /// those versions runs here), from `genRedisInfoString` in `src/server.c`
    /// (`src/redis.c` before 4.0) at each release tag: the oldest of 2.8.0,
    /// 3.0.0, 3.2.0, 4.0.0 and 5.0.0 that prints it.
    pub since: Version,
    /// Printed only in some state (`None`: always, from `since` on).
    pub only_when: Option<&'static str>,
}

const fn field(name: &'static str, v: (u16, u16)) -> InfoField {
    InfoField {
        name,
        since: Version::new(v.0, v.1, 0),
        only_when: None,
    }
}

const fn field_at(name: &'static str, v: (u16, u16, u16)) -> InfoField {
    InfoField {
        name,
        since: Version::new(v.0, v.1, v.2),
        only_when: None,
    }
}

const fn when(mut f: InfoField, state: &'static str) -> InfoField {
    f.only_when = Some(state);
    f
}

/// Every INFO field the rules and the analysis read (the `versions` test scans
/// `crates/core/src/` for them), with the first version that prints it.
/// Valkey prints every field of the Redis 7.2 it started from.
pub fn info_field(name: &str) -> Option<&'static InfoField> {
    INFO_FIELDS.iter().find(|f| f.name == name)
}

/// `only_when` of the fields only Valkey prints (`since` is then unused).
pub const VALKEY: &str = "Valkey";
/// `only_when` of the fields no Redis or Valkey INFO prints: a managed
/// service's INFO (`server_load`) or `CLUSTER INFO` pasted with it.
pub const NOT_INFO: &str = "not in INFO: a managed service's INFO or CLUSTER INFO";

/// See [`info_field`].
pub static INFO_FIELDS: &[InfoField] = &[
    field("allocator_frag_ratio", (5, 0)),
    field("allocator_rss_bytes", (5, 0)),
    field("allocator_rss_ratio", (5, 0)),
    field("aof_enabled", (2, 8)),
    field("aof_last_bgrewrite_status", (2, 8)),
    field("aof_last_cow_size", (4, 0)),
    field_at("aof_last_write_status", (2, 8, 6)),
    field("blocked_clients", (2, 8)),
    field("connected_clients", (2, 8)),
    field("connected_slaves", (2, 8)),
    field("evicted_keys", (2, 8)),
    field_at("expired_stale_perc", (4, 0, 9)),
    field_at("expired_time_cap_reached_count", (4, 0, 9)),
    field("keyspace_hits", (2, 8)),
    field("keyspace_misses", (2, 8)),
    field("latest_fork_usec", (2, 8)),
    field("lru_clock", (2, 8)),
    when(field("master_host", (2, 8)), "a replica"),
    when(field("master_last_io_seconds_ago", (2, 8)), "a replica"),
    when(
        field("master_link_down_since_seconds", (2, 8)),
        "a replica whose link to its primary is down",
    ),
    when(field("master_link_status", (2, 8)), "a replica"),
    field("maxclients", (6, 2)),
    field("maxmemory", (3, 2)),
    field("maxmemory_policy", (3, 2)),
    field("mem_clients_normal", (5, 0)),
    field("mem_clients_slaves", (5, 0)),
    field("mem_fragmentation_bytes", (5, 0)),
    field("mem_fragmentation_ratio", (2, 8)),
    field("number_of_cached_scripts", (5, 0)),
    field("os", (2, 8)),
    field("process_id", (2, 8)),
    field("pubsub_channels", (2, 8)),
    field("pubsub_patterns", (2, 8)),
    field("rdb_changes_since_last_save", (2, 8)),
    field("rdb_last_bgsave_status", (2, 8)),
    field("rdb_last_cow_size", (4, 0)),
    field("rdb_last_save_time", (2, 8)),
    field("redis_version", (2, 8)),
    field("rejected_connections", (2, 8)),
    field("role", (2, 8)),
    field("rss_overhead_bytes", (5, 0)),
    field("run_id", (2, 8)),
    field("rss_overhead_ratio", (5, 0)),
    field("server_time_usec", (6, 2)),
    field("tcp_port", (2, 8)),
    field_at("total_net_input_bytes", (2, 8, 18)),
    field("total_system_memory", (3, 2)),
    field("uptime_in_seconds", (2, 8)),
    field("used_memory", (2, 8)),
    field("used_memory_peak", (2, 8)),
    field("used_memory_rss", (2, 8)),
    field("used_memory_scripts", (5, 0)),
    field("used_memory_scripts_eval", (7, 0)),
    field("active_defrag_running", (4, 0)),
    field("maxmemory_human", (3, 2)),
    field("mem_allocator", (2, 8)),
    field("used_memory_human", (2, 8)),
    field("used_memory_peak_human", (2, 8)),
    when(field("server_name", (0, 0)), VALKEY),
    when(field("valkey_version", (0, 0)), VALKEY),
    when(field("server_load", (0, 0)), NOT_INFO),
    when(field("cluster_slots_assigned", (0, 0)), NOT_INFO),
    when(field("cluster_slots_ok", (0, 0)), NOT_INFO),
    when(field("cluster_state", (0, 0)), NOT_INFO),
];
