//! The one list of rules, and the typed [`RuleId`] made from it.
//!
//! Each row names a rule once: its code, its file under `rules/` (which is
//! also its id, with `-` for `_`: `maxmemory_unset.rs` is `maxmemory-unset`),
//! its [`RuleId`] variant and its guide link (`page.md#anchor` under docs/).
//! `rules/mod.rs` makes the `mod` lines and [`RULES`](super::RULES) from the
//! same list, so a rule cannot be declared in one place and missing in
//! another; the rule's file holds the rest (documentation, category, default
//! severity, the first Redis version it applies to, its check and its tests).
//!
//! A code is a category's prefix and a number: `EVI` eviction, `MEM` memory,
//! `PER` persistence, `SEC` security, `CLI` clients, `REP` replication, `LAT`
//! latency, `KEY` keyspace, `VER` version (`Category::prefix`). Codes and ids
//! are never reused; when a rule is renamed or moves to another category, its
//! old id or code goes into [`REDIRECTS`], so reports written before still read.
//!
//! This module depends on nothing else in the crate: the report names rules
//! by [`RuleId`] without depending on the rules themselves.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Calls `$callback!` with the list of rules, one row per rule:
/// `CODE file_name TypedId "page.md#anchor";`.
macro_rules! for_each_rule {
    ($callback:ident) => {
        $callback! {
            EVI001 eviction_unsafe_for_workload     EvictionUnsafeForWorkload    "eviction.md#queues-need-noeviction";
            EVI002 volatile_policy_without_ttl_keys VolatilePolicyWithoutTtlKeys "eviction.md#volatile-is-not-safe";
            EVI003 noeviction_on_cache              NoevictionOnCache            "eviction.md#caches";
            EVI004 cache_and_queue_together         CacheAndQueueTogether        "eviction.md#one-instance-for-cache-and-queue";
            EVI005 evictions_on_kept_data           EvictionsOnKeptData          "eviction.md#evictions-happened";
            MEM004 oom_rejected_writes              OomRejectedWrites            "eviction.md#oom-is-not-fixed-by-eviction";
            KEY001 cache_keys_without_ttl           CacheKeysWithoutTtl          "caching.md#ttl-always";
            EVI006 policy_hidden_by_provider        PolicyHiddenByProvider       "managed-services.md#hidden-settings";
            MEM001 maxmemory_unset                  MaxmemoryUnset               "memory.md#maxmemory";
            MEM002 memory_near_limit                MemoryNearLimit              "memory.md#near-the-limit";
            MEM012 maxmemory_too_small              MaxmemoryTooSmall            "memory.md#maxmemory";
            MEM013 plan_does_not_fit                PlanDoesNotFit               "memory.md#estimating";
            MEM003 memory_fragmentation             MemoryFragmentation          "memory.md#fragmentation";
            MEM005 maxmemory_above_host_memory      MaxmemoryAboveHostMemory     "memory.md#host-memory";
            MEM006 rss_near_host_memory             RssNearHostMemory            "memory.md#host-memory";
            MEM007 memory_past_peak                 MemoryPastPeak               "memory.md#past-peak";
            MEM008 rss_overhead                     RssOverhead                  "memory.md#fragmentation";
            MEM009 client_buffers_large             ClientBuffersLarge           "memory.md#client-buffers";
            MEM010 script_cache_large               ScriptCacheLarge             "memory.md#script-cache";
            MEM011 fork_headroom                    ForkHeadroom                 "memory.md#host-memory";
            PER001 appendfsync_always               AppendfsyncAlways            "persistence.md#appendfsync";
            PER002 bgsave_failing                   BgsaveFailing                "persistence.md#failed-saves";
            PER003 aof_write_failing                AofWriteFailing              "persistence.md#failed-saves";
            PER004 no_persistence_for_kept_data     NoPersistenceForKeptData     "persistence.md#rdb-or-aof";
            PER005 stale_last_save                  StaleLastSave                "persistence.md#failed-saves";
            LAT006 slow_fork                        SlowFork                     "troubleshooting.md#latency-spikes";
            PER007 stop_writes_on_cache             StopWritesOnCache            "persistence.md#failed-saves";
            PER008 aof_rdb_preamble_off             AofRdbPreambleOff            "persistence.md#rdb-or-aof";
            SEC001 unauthenticated_exposed          UnauthenticatedExposed       "security.md#exposed-without-auth";
            SEC002 nopass_acl_user                  NopassAclUser                "security.md#acl-users";
            SEC003 weak_password                    WeakPassword                 "security.md#passwords";
            SEC004 tls_off_remote                   TlsOffRemote                 "security.md#tls";
            SEC005 debug_command_enabled            DebugCommandEnabled          "security.md#dangerous-commands";
            SEC006 dangerous_commands_open          DangerousCommandsOpen        "security.md#dangerous-commands";
            CLI001 clients_near_maxclients          ClientsNearMaxclients        "monitoring.md#clients";
            CLI002 tcp_keepalive_off                TcpKeepaliveOff              "monitoring.md#clients";
            CLI003 tcp_backlog_above_somaxconn      TcpBacklogAboveSomaxconn     "monitoring.md#host-settings";
            CLI004 blocked_clients_without_workers  BlockedClientsWithoutWorkers "monitoring.md#clients";
            REP001 master_link_down                 MasterLinkDown               "high-availability.md#replication";
            REP002 replica_lag                      ReplicaLag                   "high-availability.md#replication";
            REP003 no_replica_for_kept_data         NoReplicaForKeptData         "high-availability.md#what-each-protects-against";
            REP004 repl_backlog_small               ReplBacklogSmall             "high-availability.md#replication";
            REP005 replica_writable                 ReplicaWritable              "high-availability.md#replication";
            LAT001 latency_monitor_off              LatencyMonitorOff            "monitoring.md#latency";
            LAT002 slowlog_disabled                 SlowlogDisabled              "monitoring.md#latency";
            LAT003 keys_command_used                KeysCommandUsed              "troubleshooting.md#latency-spikes";
            LAT004 expire_cycle_capped              ExpireCycleCapped            "troubleshooting.md#expired-keys";
            LAT005 host_kernel_settings             HostKernelSettings           "monitoring.md#host-settings";
            KEY002 multiple_databases               MultipleDatabases            "eviction.md#one-instance-for-cache-and-queue";
            KEY003 low_hit_rate                     LowHitRate                   "caching.md#hit-rate";
            VER001 queue_library_redis_version      QueueLibraryRedisVersion     "job-queues.md#redis-versions";
            VER002 old_parameter_names              OldParameterNames            "reading-info.md#parameter-names";
            VER003 old_redis_version                OldRedisVersion              "reading-info.md#versions";
            VER004 limited_observation              LimitedObservation           "reading-info.md#counters-since-start-up";
            MEM014 maxmemory_unknown                MaxmemoryUnknown             "memory.md#maxmemory";
            MEM015 rss_below_used                   RssBelowUsed                 "memory.md#fragmentation";
            EVI007 workload_unknown                 WorkloadUnknown              "eviction.md#caches";
            KEY004 big_keys                         BigKeys                      "troubleshooting.md#latency-spikes";
            REP006 cluster_state                    ClusterState                 "high-availability.md#replication";
            VER005 server_variant                   ServerVariant                "managed-services.md#hidden-settings";
        }
    };
}

/// The old ids and codes of renamed rules (`old`, the rule it is now). A
/// report that names a rule by one of these reads as that rule, and
/// `redis-advisor rule OLD` finds it.
pub const REDIRECTS: &[(&str, RuleId)] = &[
    // 0.1: codes made to match their category's prefix.
    ("MAN001", RuleId::PolicyHiddenByProvider),
    ("PER006", RuleId::SlowFork),
    ("INF001", RuleId::LimitedObservation),
];

/// `maxmemory_unset` as `maxmemory-unset`, at compile time.
const fn kebab<const N: usize>(module: &str) -> [u8; N] {
    let bytes = module.as_bytes();
    let mut out = [0u8; N];
    let mut i = 0;
    while i < N {
        out[i] = if bytes[i] == b'_' { b'-' } else { bytes[i] };
        i += 1;
    }
    out
}

macro_rules! kebab_id {
    ($module:ident) => {{
        const BYTES: [u8; stringify!($module).len()] = kebab(stringify!($module));
        match std::str::from_utf8(&BYTES) {
            Ok(s) => s,
            Err(_) => panic!("a rule's file name is ASCII"),
        }
    }};
}

macro_rules! declare_rule_ids {
    ($($code:ident $module:ident $variant:ident $guide:literal;)*) => {
        /// A rule, by name. Its string form is the rule's id (`maxmemory-unset`),
        /// as in the JSON report, docs/rules/ and `redis-advisor rule ID`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RuleId {
            $($variant,)*
        }

        impl RuleId {
            /// Every rule, in the order of the list (the order rules run in).
            pub const ALL: &[RuleId] = &[$(RuleId::$variant,)*];

            /// The stable kebab-case id.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => kebab_id!($module),)*
                }
            }

            /// The short code (`MEM001`).
            pub const fn code(self) -> &'static str {
                match self {
                    $(RuleId::$variant => stringify!($code),)*
                }
            }

            /// The guide section, `page.md#anchor` under docs/.
            pub const fn guide(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $guide,)*
                }
            }
        }
    };
}

for_each_rule!(declare_rule_ids);

impl RuleId {
    /// A rule by its id or code, or by an id or code it had before
    /// ([`REDIRECTS`]); ASCII case is ignored.
    pub fn find(id_or_code: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| {
                r.as_str().eq_ignore_ascii_case(id_or_code)
                    || r.code().eq_ignore_ascii_case(id_or_code)
            })
            .or_else(|| {
                REDIRECTS
                    .iter()
                    .find(|(old, _)| old.eq_ignore_ascii_case(id_or_code))
                    .map(|&(_, r)| r)
            })
    }

    /// A rule by its exact id, or an old id of it: what a report's `id` reads as.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == id)
            .or_else(|| {
                REDIRECTS
                    .iter()
                    .find(|(old, _)| *old == id)
                    .map(|&(_, r)| r)
            })
    }

    /// A rule by its exact code, or an old code of it.
    pub fn from_code(code: &str) -> Option<RuleId> {
        RuleId::ALL
            .iter()
            .copied()
            .find(|r| r.code() == code)
            .or_else(|| {
                REDIRECTS
                    .iter()
                    .find(|(old, _)| *old == code)
                    .map(|&(_, r)| r)
            })
    }

    /// Its position in [`RuleId::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Ordered by id, as reports list findings of the same severity.
impl Ord for RuleId {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for RuleId {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Reads a current id or an old one ([`REDIRECTS`]); anything else is an error.
impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        RuleId::from_id(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule id {s:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_the_file_names() {
        assert_eq!(RuleId::MaxmemoryUnset.as_str(), "maxmemory-unset");
        assert_eq!(
            RuleId::VolatilePolicyWithoutTtlKeys.as_str(),
            "volatile-policy-without-ttl-keys"
        );
        assert_eq!(RuleId::ALL.len(), 60);
        for (i, r) in RuleId::ALL.iter().enumerate() {
            assert_eq!(r.index(), i);
        }
    }

    #[test]
    fn redirects_name_no_current_rule() {
        let mut current = HashSet::new();
        for r in RuleId::ALL {
            assert!(current.insert(r.as_str().to_ascii_lowercase()), "{r}");
            assert!(current.insert(r.code().to_ascii_lowercase()), "{r}");
        }
        for (old, new) in REDIRECTS {
            assert!(
                !current.contains(&old.to_ascii_lowercase()),
                "{old} is still in use, so it cannot lead to {new}"
            );
        }
    }

    #[test]
    fn old_ids_and_codes_lead_to_the_rule() {
        assert_eq!(RuleId::find("MAN001"), Some(RuleId::PolicyHiddenByProvider));
        assert_eq!(RuleId::from_code("PER006"), Some(RuleId::SlowFork));
        assert_eq!(RuleId::from_code("LAT006"), Some(RuleId::SlowFork));
        assert_eq!(RuleId::find("inf001"), Some(RuleId::LimitedObservation));
        assert_eq!(
            RuleId::from_id("MAN001"),
            Some(RuleId::PolicyHiddenByProvider)
        );
        assert_eq!(RuleId::find("no-such-rule"), None);
    }
}
