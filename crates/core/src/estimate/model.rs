//! Keys, values and whole workloads → bytes of `used_memory`.

use super::alloc::{self, ROBJ, dict_table, lp_entry};
use super::layout::Layout;
use crate::config::EffectiveConfig;
use crate::plan::{Component, Plan, QueueComponent, Retention, ValueSpec};
use crate::version::{Flavor, Version};
use serde::Serialize;

/// The encoding thresholds that decide how values are stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    pub hash_entries: u64,
    pub hash_value: u64,
    pub zset_entries: u64,
    pub zset_value: u64,
    pub set_intset: u64,
    /// `list-max-listpack-size`: negative = size classes (-2 = 8 KB per node), positive = entries.
    pub list_size: i64,
    pub stream_node_bytes: u64,
    pub stream_node_entries: u64,
    /// Integers 0–9999 are shared objects unless the policy uses LRU/LFU.
    pub shared_integers: bool,
    /// 7.2 and later: `set-max-listpack-entries` and `set-max-listpack-value`.
    pub set_listpack_entries: u64,
    pub set_listpack_value: u64,
    /// How the target version lays values out.
    pub layout: Layout,
    /// Why the layout is what it is, when the version is not one the estimator knows.
    pub note: Option<String>,
    /// `cluster-enabled yes`: keys are tracked by slot.
    pub cluster: bool,
}

impl Default for Limits {
    /// Redis 7.0's defaults (`src/config.c`).
    fn default() -> Limits {
        Limits {
            hash_entries: 512,
            hash_value: 64,
            zset_entries: 128,
            zset_value: 64,
            set_intset: 512,
            list_size: -2,
            stream_node_bytes: 4096,
            stream_node_entries: 100,
            shared_integers: true,
            set_listpack_entries: 128,
            set_listpack_value: 64,
            layout: Layout::default(),
            note: None,
            cluster: false,
        }
    }
}

impl Limits {
    /// The defaults of a server version (the thresholds' defaults are the
    /// same numbers from 5.0 to 8.0 and in Valkey; 7.2 added the set listpack).
    pub fn for_server(flavor: Flavor, version: Version) -> Limits {
        let (layout, note) = super::layout::for_server(flavor, version);
        Limits {
            layout,
            note,
            ..Limits::default()
        }
    }

    /// The thresholds in force in a configuration on Redis 7.0 (defaults where it is silent).
    pub fn from_config(config: &EffectiveConfig) -> Limits {
        Limits::default().with_config(config)
    }

    /// These defaults overridden by what a configuration sets. Before 7.0 the
    /// thresholds are named `*-ziplist-*`; 7.0 and later accept both names.
    pub fn with_config(self, config: &EffectiveConfig) -> Limits {
        let d = self;
        let int = |names: [&str; 2]| names.iter().find_map(|n| config.int(n));
        let u = |names: [&str; 2], default: u64| {
            int(names)
                .and_then(|v| u64::try_from(v).ok())
                .unwrap_or(default)
        };
        let b = |names: [&str; 2], default: u64| {
            names
                .iter()
                .find_map(|n| config.bytes(n))
                .unwrap_or(default)
        };
        Limits {
            hash_entries: u(
                ["hash-max-listpack-entries", "hash-max-ziplist-entries"],
                d.hash_entries,
            ),
            hash_value: b(
                ["hash-max-listpack-value", "hash-max-ziplist-value"],
                d.hash_value,
            ),
            zset_entries: u(
                ["zset-max-listpack-entries", "zset-max-ziplist-entries"],
                d.zset_entries,
            ),
            zset_value: b(
                ["zset-max-listpack-value", "zset-max-ziplist-value"],
                d.zset_value,
            ),
            set_intset: u(
                ["set-max-intset-entries", "set-max-intset-entries"],
                d.set_intset,
            ),
            list_size: int(["list-max-listpack-size", "list-max-ziplist-size"])
                .unwrap_or(d.list_size),
            stream_node_bytes: b(
                ["stream-node-max-bytes", "stream-node-max-bytes"],
                d.stream_node_bytes,
            ),
            stream_node_entries: u(
                ["stream-node-max-entries", "stream-node-max-entries"],
                d.stream_node_entries,
            ),
            shared_integers: !config
                .policy()
                .is_some_and(crate::config::Policy::uses_lru_lfu),
            set_listpack_entries: u(
                ["set-max-listpack-entries", "set-max-listpack-entries"],
                d.set_listpack_entries,
            ),
            set_listpack_value: b(
                ["set-max-listpack-value", "set-max-listpack-value"],
                d.set_listpack_value,
            ),
            layout: d.layout,
            note: d.note,
            cluster: config.bool("cluster-enabled").unwrap_or(d.cluster),
        }
    }
}

/// One line of the breakdown: a component or a fixed cost, with a range.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    pub name: String,
    /// Keys this line adds to the keyspace (for the shared tables).
    pub keys: u64,
    pub bytes: u64,
    pub low: u64,
    pub high: u64,
    /// How it was computed, for people.
    pub detail: String,
}

/// The estimate of a plan.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Estimate {
    pub lines: Vec<Line>,
    /// Expected `used_memory` with everything loaded.
    pub used_memory: u64,
    pub used_memory_high: u64,
    /// Recommended `maxmemory`: the high estimate plus 25% room to grow.
    pub maxmemory: u64,
    /// Memory the host or container needs: maxmemory plus fork, fragmentation and OS headroom.
    pub host_memory: u64,
    /// Why the host figure is what it is.
    pub host_detail: String,
    /// The plan's host or container memory, when given.
    pub available: Option<u64>,
    /// The server line whose memory layout the estimate models ("Redis 7.2"),
    /// and why when the version was not one the estimator knows.
    pub model: String,
}

/// Bytes of one key's entry in the keyspace (its dictEntry and name), and of
/// its expiry entry when it has a TTL. Tables are counted once for all keys.
/// Valkey 8.0 embeds the name in the entry: 8 bytes of value, 8 of next, one
/// byte giving the SDS header's size, then the command argument's SDS as it
/// is (an argument of up to 44 bytes is an embedded string, whose SDS has the
/// 3-byte header).
pub fn key_bytes(key_len: u64, ttl: bool, limits: &Limits) -> u64 {
    let layout = &limits.layout;
    let entry = if layout.embedded_keys {
        let sds = if key_len <= 44 {
            3 + key_len + 1
        } else {
            alloc::sds_min(key_len)
        };
        layout.je(17 + sds)
    } else if limits.cluster && layout.slot_rax {
        // The key in `slots_to_keys`: a compressed node holding the slot and
        // the name (4-byte header, padded, and its child's pointer), the leaf
        // (`src/rax.c`), and about 11 bytes of branch nodes per key (measured:
        // 10.6 at 1,000 keys, 11.7 at 10,000).
        let node = (4 + 2 + key_len).div_ceil(8) * 8 + 8;
        layout.dict_entry() + layout.sds(key_len) + layout.je(node) + layout.je(4) + 11
    } else if limits.cluster {
        layout.je(24 + layout.cluster_entry) + layout.sds(key_len)
    } else {
        layout.dict_entry() + layout.sds(key_len)
    };
    entry + if ttl { layout.dict_entry() } else { 0 }
}

/// The keyspace's hash tables for `keys` keys, `ttl_keys` of them with a TTL.
/// In cluster mode from 7.4 every slot holding keys has its own dicts: with
/// keys spread evenly over the 16,384 slots, each holds a Poisson number.
pub fn keyspace_tables(keys: u64, ttl_keys: u64, limits: &Limits) -> u64 {
    let slot_dict = limits.layout.slot_dict;
    if !limits.cluster || slot_dict == 0 {
        return dict_table(keys).saturating_add(dict_table(ttl_keys));
    }
    let per_slot = |n: u64| -> u64 {
        if n == 0 {
            return 0;
        }
        let slots = 16_384.0;
        let mean = n as f64 / slots;
        if mean > 64.0 {
            // Many keys a slot: every slot holds about the mean.
            let each = limits.layout.je(slot_dict) + dict_table(mean.ceil() as u64);
            return each.saturating_mul(16_384);
        }
        // E[cost(K)], K ~ Poisson(mean), summed until the tail is negligible.
        let mut p = (-mean).exp();
        let mut total = 0.0;
        let mut k = 0u64;
        let last = (mean + 12.0 * mean.sqrt() + 20.0) as u64;
        while k < last {
            k += 1;
            p *= mean / k as f64;
            total += p * (limits.layout.je(slot_dict) + dict_table(k)) as f64;
        }
        (total * slots).round() as u64
    };
    per_slot(keys).saturating_add(per_slot(ttl_keys))
}

/// Bytes of one value of this shape (the object, not the key).
pub fn value_bytes(spec: &ValueSpec, limits: &Limits) -> u64 {
    match spec {
        ValueSpec::String { size, integer } => {
            let int = integer.then_some(if *size <= 4 {
                1234
            } else {
                10_i64.pow((*size).min(18) as u32 - 1)
            });
            limits
                .layout
                .string_value(*size, int, limits.shared_integers)
        }
        ValueSpec::Json { size } => limits
            .layout
            .string_value(*size, None, limits.shared_integers),
        ValueSpec::Hash {
            fields,
            field_size,
            value_size,
        } => hash_bytes(*fields, *field_size, *value_size, limits),
        ValueSpec::Set {
            members,
            member_size,
            integers,
        } => set_bytes(*members, *member_size, *integers, limits),
        ValueSpec::Zset {
            members,
            member_size,
        } => zset_bytes(*members, *member_size, limits),
        ValueSpec::List {
            elements,
            element_size,
        } => list_bytes(*elements, *element_size, limits),
        ValueSpec::Stream {
            entries,
            fields,
            field_size,
            value_size,
        } => stream_bytes(*entries, *fields, *field_size, *value_size, limits),
    }
}

pub fn hash_bytes(fields: u64, field_size: u64, value_size: u64, limits: &Limits) -> u64 {
    let l = &limits.layout;
    if fields <= limits.hash_entries
        && field_size <= limits.hash_value
        && value_size <= limits.hash_value
    {
        ROBJ + l.compact(&[(field_size, None), (value_size, None)], fields)
    } else {
        // 7.0 and later: too many fields are converted and sized at once.
        // A long value (and before 7.0 any conversion): converted empty, then
        // grown one field at a time.
        let table = if fields > limits.hash_entries && !l.ziplist {
            dict_table(fields)
        } else {
            alloc::dict_table_grown(fields)
        };
        ROBJ + l.je(l.dict)
            + table
            + fields * (l.dict_entry() + l.sds(field_size) + l.sds(value_size))
    }
}

pub fn set_bytes(members: u64, member_size: u64, integers: bool, limits: &Limits) -> u64 {
    let l = &limits.layout;
    if integers && members <= limits.set_intset {
        let width = if member_size <= 4 {
            2
        } else if member_size <= 9 {
            4
        } else {
            8
        };
        return ROBJ + l.je(8 + members * width);
    }
    if l.set_listpack
        && members <= limits.set_listpack_entries
        && member_size <= limits.set_listpack_value
    {
        let int = integers.then_some(1_000);
        return ROBJ + l.listpack(members * lp_entry(member_size, int));
    }
    // Integers past the intset limit are converted at once; from 7.2 a set
    // created by an SADD of many members is sized for them at once too.
    // Otherwise strings grow one by one.
    let table = if integers || l.set_listpack {
        dict_table(members)
    } else {
        alloc::dict_table_grown(members)
    };
    let entries = if l.set_keys_in_buckets {
        // A member alone in its bucket needs no entry; the others get 16 bytes.
        let buckets = (table / 8) as f64;
        let occupied = buckets * (1.0 - (1.0 - 1.0 / buckets.max(1.0)).powf(members as f64));
        ((members as f64 - occupied).max(0.0) * 16.0).round() as u64
    } else {
        members * l.dict_entry()
    };
    ROBJ + l.je(l.dict) + table + entries + members * l.sds(member_size)
}

pub fn zset_bytes(members: u64, member_size: u64, limits: &Limits) -> u64 {
    let l = &limits.layout;
    if members <= limits.zset_entries && member_size <= limits.zset_value {
        // Member and an integer score (timestamps, ids) per element.
        let pattern = [(member_size, None), (13, Some(1_700_000_000_000))];
        ROBJ + l.compact(&pattern, members)
    } else {
        // zset struct, its dict, the skiplist with its header node, and per member
        // a node (random levels), the member's SDS and a dict entry.
        let per = l.skiplist_node_expected() + l.sds(member_size) as f64 + l.dict_entry() as f64;
        // 7.0 and later size the dict for a ZADD's members at once; before,
        // the ziplist is converted member by member and then grows, each ZADD
        // moving two buckets of a rehash (its lookup and its insert).
        let table = if l.ziplist {
            alloc::dict_table_grown_by(members, 2)
        } else {
            dict_table(members)
        };
        ROBJ + l.je(16)
            + l.je(l.dict)
            + table
            + l.je(32)
            + l.je(24 + l.skiplist_levels * 16)
            + (per * members as f64) as u64
    }
}

pub fn list_bytes(elements: u64, element_size: u64, limits: &Limits) -> u64 {
    let l = &limits.layout;
    let max_bytes = if limits.list_size < 0 {
        Some(4096u64 << ((-limits.list_size).clamp(1, 5) - 1))
    } else {
        None
    };
    let entry = if l.ziplist {
        // Equal elements: each entry's previous length is its own size.
        let body = alloc::zl_body(element_size, None);
        body + if 1 + body < 254 { 1 } else { 5 }
    } else {
        lp_entry(element_size, None)
    };
    let header = if l.ziplist { 11 } else { 7 };
    let per_node = match max_bytes {
        Some(max) => (max.saturating_sub(header) / entry).max(1),
        None => u64::try_from(limits.list_size).unwrap_or(128).max(1),
    };
    let node_bytes = |n: u64| l.je(header + n * entry);
    if l.small_lists && elements <= per_node {
        // 7.2 and later: a list that fits one node is a bare listpack.
        return ROBJ + node_bytes(elements);
    }
    let full_nodes = elements / per_node;
    let rest = elements % per_node;
    // The quicklist (40 B, class 48) and per node its header and list.
    let mut bytes = ROBJ + l.je(40);
    bytes = bytes
        .saturating_add(full_nodes.saturating_mul(l.je(l.quicklist_node) + node_bytes(per_node)));
    if rest > 0 {
        bytes += l.je(l.quicklist_node) + node_bytes(rest);
    }
    bytes
}

pub fn stream_bytes(
    entries: u64,
    fields: u64,
    field_size: u64,
    value_size: u64,
    limits: &Limits,
) -> u64 {
    // Entries repeating the master entry's fields store only values (plus flags, id deltas).
    let per_entry =
        3 * lp_entry(1, Some(1)) + fields * lp_entry(value_size, None) + lp_entry(1, Some(1));
    let master =
        3 * lp_entry(1, Some(1)) + fields * lp_entry(field_size, None) + lp_entry(1, Some(0));
    let by_bytes = (limits.stream_node_bytes.saturating_sub(master + 7) / per_entry.max(1)).max(1);
    let per_node = by_bytes.min(limits.stream_node_entries.max(1));
    stream_nodes(entries, per_node, master, per_entry, limits)
}

/// A stream's listpack nodes: full ones fitted to their size, the newest one
/// (from 6.2) at least the 4,096 bytes it is created with.
fn stream_nodes(entries: u64, per_node: u64, master: u64, per_entry: u64, limits: &Limits) -> u64 {
    let full = entries / per_node;
    let rest = entries % per_node;
    let l = &limits.layout;
    let node = |n: u64| l.listpack(master + n * per_entry) + STREAM_RAX_PER_NODE;
    let last = if rest > 0 {
        rest
    } else {
        per_node.min(entries)
    };
    let full_before_last = if rest > 0 {
        full
    } else {
        full.saturating_sub(1)
    };
    let mut last_bytes = if entries > 0 { node(last) } else { 0 };
    if entries > 0 && limits.layout.stream_prealloc {
        let prealloc = limits.stream_node_bytes.clamp(1, 4096);
        last_bytes = last_bytes.max(l.je(prealloc) + STREAM_RAX_PER_NODE);
    }
    stream_fixed(limits)
        .saturating_add(full_before_last.saturating_mul(node(per_node)))
        .saturating_add(last_bytes)
}

/// A stream's radix tree spends about this much per listpack node (its
/// 16-byte id in a node, the child pointer and the leaf).
const STREAM_RAX_PER_NODE: u64 = 32;

/// A stream's object, struct and empty radix tree.
fn stream_fixed(limits: &Limits) -> u64 {
    let l = &limits.layout;
    ROBJ + l.je(l.stream) + l.je(24) + l.je(8)
}

/// One component's estimate: its keys and values.
fn keys_line(
    name: &str,
    count: u64,
    key_len: u64,
    value: &ValueSpec,
    ttl: bool,
    limits: &Limits,
    margin: f64,
) -> Line {
    let per = key_bytes(key_len, ttl, limits).saturating_add(value_bytes(value, limits));
    let bytes = per.saturating_mul(count);
    Line {
        name: name.to_string(),
        keys: count,
        bytes,
        low: (bytes as f64 * (1.0 - margin)) as u64,
        high: (bytes as f64 * (1.0 + margin)) as u64,
        detail: format!(
            "{count} keys × {per} B ({} per value, {} per key{})",
            value_bytes(value, limits),
            key_bytes(key_len, false, limits),
            if ttl { ", with TTL" } else { "" }
        ),
    }
}

/// A BullMQ 5 job hash once finished: name, data, opts, timestamp, delay,
/// priority (on add), processedOn, ats (on activation), atm, finishedOn and
/// returnvalue or failedReason (on finish). `opts` is JSON longer than 64
/// bytes, so the hash is a hash table, grown field by field: 16 buckets, plus
/// the previous 8 when the last growth's rehash is unfinished — which depends
/// on where Redis's seeded hash puts the field names (measured: 128 or 192
/// bytes), so the estimate takes the middle.
pub fn bullmq_job_hash(job_name: u64, payload: u64, result: u64, limits: &Limits) -> u64 {
    let l = &limits.layout;
    let fields: [(u64, u64); 11] = [
        (4, job_name),
        (4, payload),
        (4, 100),
        (9, 13),
        (5, 1),
        (8, 1),
        (11, 13),
        (3, 1),
        (3, 1),
        (10, 13),
        (11, result),
    ];
    let max_value = fields.iter().map(|f| f.1).max().unwrap_or(0);
    if max_value <= limits.hash_value {
        let pattern: Vec<(u64, Option<i64>)> = fields
            .iter()
            .flat_map(|(k, v)| [(*k, None), (*v, None)])
            .collect();
        ROBJ + l.compact(&pattern, 1)
    } else {
        ROBJ + l.je(l.dict)
            + (8 * 16 + 8 * 8 / 2)
            + fields
                .iter()
                .map(|(k, v)| l.dict_entry() + l.sds(*k) + l.sds(*v))
                .sum::<u64>()
    }
}

/// A sorted set of `members` job ids (scores: timestamps), grown one ZADD at a time.
pub fn id_zset(members: u64, id_len: u64, limits: &Limits) -> u64 {
    if members == 0 {
        return 0;
    }
    let l = &limits.layout;
    if members <= limits.zset_entries {
        let pattern = [(id_len, Some(1)), (13, Some(1_700_000_000_000))];
        return ROBJ + l.compact(&pattern, members);
    }
    let per = l.skiplist_node_expected() + l.sds(id_len) as f64 + l.dict_entry() as f64;
    ROBJ + l.je(16)
        + l.je(l.dict)
        + alloc::dict_table_grown(members)
        + l.je(32)
        + l.je(24 + l.skiplist_levels * 16)
        + (per * members as f64) as u64
}

/// BullMQ's events stream: entries of several shapes (added, waiting, active,
/// completed), so most do not share the node's master fields.
pub fn events_stream(entries: u64, limits: &Limits) -> u64 {
    // Field counts and sizes of the four events of a job's life.
    let shapes: [&[(u64, u64)]; 4] = [
        &[(5, 5), (5, 6), (4, 12)],
        &[(5, 7), (5, 6), (4, 6)],
        &[(5, 6), (5, 6), (4, 7)],
        &[(5, 9), (5, 6), (11, 4), (4, 6)],
    ];
    let id = 2 * lp_entry(1, Some(1));
    let full = |shape: &[(u64, u64)]| -> u64 {
        id + lp_entry(1, Some(0))
            + lp_entry(1, Some(shape.len() as i64))
            + shape
                .iter()
                .map(|(k, v)| lp_entry(*k, None) + lp_entry(*v, None))
                .sum::<u64>()
            + lp_entry(1, Some(1))
    };
    let avg = shapes.iter().map(|s| full(s)).sum::<u64>() / 4;
    let master = 3 * lp_entry(1, Some(1))
        + shapes[0]
            .iter()
            .map(|(k, _)| lp_entry(*k, None))
            .sum::<u64>()
        + lp_entry(1, Some(0));
    let per_node = ((limits.stream_node_bytes.saturating_sub(master + 7)) / avg.max(1))
        .clamp(1, limits.stream_node_entries.max(1));
    stream_nodes(entries, per_node, master, avg, limits)
}

/// BullMQ's per-job footprint: the job hash through its life, the id in its
/// state structure, and the queue's events stream (from BullMQ's Lua scripts).
fn queue_lines(q: &QueueComponent, limits: &Limits) -> Vec<Line> {
    let name = q
        .name
        .clone()
        .unwrap_or_else(|| format!("{} queue", q.library.name()));
    let per_minute = q.jobs_per_minute.max(0.0);
    let keep = |r: &Retention, share: f64| -> f64 {
        match r {
            Retention::Count { count } => *count as f64 * q.queues as f64,
            Retention::Age { seconds } => per_minute * share * (*seconds as f64 / 60.0),
            Retention::Forever => per_minute * share * 60.0 * 24.0 * q.horizon_days,
            Retention::None => 0.0,
        }
    };
    let failed_share = q.failure_rate.clamp(0.0, 1.0);
    let completed = keep(&q.completed, 1.0 - failed_share);
    let failed = keep(&q.failed, failed_share);
    let waiting = q.backlog as f64;
    let active = per_minute / 60.0 * q.processing_seconds.max(0.0);
    let jobs = completed + failed + waiting + active;
    let id_len = (jobs.max(1.0).log10().floor() as u64 + 1).max(1);
    // bull:<queue>:<id>
    let key_len = 5 + q.name.as_ref().map_or(5, |n| n.len() as u64) + 1 + id_len;
    let job = key_bytes(key_len, false, limits)
        + bullmq_job_hash(q.job_name_size, q.payload, q.result_size, limits);
    let failed_job = key_bytes(key_len, false, limits)
        + bullmq_job_hash(q.job_name_size, q.payload, 300, limits);
    let per_queue = |n: f64| (n / q.queues.max(1) as f64) as u64;
    let sets = q.queues.max(1).saturating_mul(
        id_zset(per_queue(completed), id_len, limits).saturating_add(id_zset(
            per_queue(failed),
            id_len,
            limits,
        )),
    );
    let lists =
        q.queues
            .max(1)
            .saturating_mul(list_bytes(per_queue(waiting + active), id_len, limits));
    // Each active job holds a lock: bull:<queue>:<id>:lock, a token string with a TTL.
    let lock = key_bytes(key_len + 5, true, limits)
        + limits.layout.string_value(36, None, limits.shared_integers);
    let bytes = (completed + waiting + active) * job as f64
        + failed * failed_job as f64
        + sets.saturating_add(lists) as f64
        + active * lock as f64;
    let mut lines = vec![Line {
        name: format!("{name}: jobs"),
        keys: (jobs as u64).saturating_add(4 * q.queues),
        bytes: bytes as u64,
        low: (bytes * 0.9) as u64,
        high: (bytes * 1.1) as u64,
        detail: format!(
            "{completed:.0} completed, {failed:.0} failed, {waiting:.0} waiting, {active:.0} active jobs of about {job} B (payload {} B)",
            q.payload
        ),
    }];
    if q.library == crate::workload::QueueLibrary::Bullmq {
        let events = q.events_cap.min((jobs * 4.0) as u64).max(
            ((per_minute * 60.0 * 24.0 * q.horizon_days) * 4.0).min(q.events_cap as f64) as u64,
        );
        let stream = events_stream(events, limits).saturating_mul(q.queues.max(1));
        lines.push(Line {
            name: format!("{name}: events stream"),
            keys: q.queues,
            bytes: stream,
            low: (stream as f64 * 0.9) as u64,
            high: (stream as f64 * 1.1) as u64,
            detail: format!(
                "{} queue(s) × {events} entries (capped near {})",
                q.queues, q.events_cap
            ),
        });
    }
    lines
}

/// Estimates a plan. `limits` come from the pasted configuration and the
/// detected server version, or 7.0's defaults; the plan's own `version`, when
/// it names one, decides the layout.
pub fn estimate(plan: &Plan, limits: &Limits) -> Estimate {
    // Within Redis's own limits no product below overflows but the few that
    // saturate; a plan read with `Plan::from_json` is already within them.
    let mut plan = plan.clone();
    plan.limit();
    let plan = &plan;
    let stated = plan
        .version
        .as_deref()
        .and_then(super::layout::parse_target);
    let limits = &match stated {
        Some((flavor, version)) => {
            let (layout, note) = super::layout::for_server(flavor, version);
            Limits {
                layout,
                note,
                ..limits.clone()
            }
        }
        None => limits.clone(),
    };
    let model = match &limits.note {
        Some(note) => format!("{} ({note})", limits.layout.name),
        None => limits.layout.name.to_string(),
    };
    let mut lines = vec![Line {
        name: "Redis itself (empty server)".to_string(),
        keys: 0,
        bytes: 900_000,
        low: 850_000,
        high: 1_000_000,
        detail: if limits.layout == Layout::default() {
            "used_memory of an empty 7.0 server (used_memory_startup)".to_string()
        } else {
            format!(
                "used_memory of an empty server (used_memory_startup); values laid out as {} stores them",
                model
            )
        },
    }];
    let mut ttl_keys = 0u64;
    for c in &plan.components {
        match c {
            Component::Cache(k) | Component::Sessions(k) | Component::Data(k) => {
                let value = k.value.clone();
                let line = keys_line(
                    &k.label(),
                    k.count,
                    k.key_length,
                    &value,
                    k.ttl_seconds.is_some(),
                    limits,
                    0.05,
                );
                if k.ttl_seconds.is_some() {
                    ttl_keys = ttl_keys.saturating_add(k.count);
                }
                lines.push(line);
            }
            Component::Locks { count, key_length } => {
                let v = ValueSpec::String {
                    size: 36,
                    integer: false,
                };
                lines.push(keys_line(
                    "locks",
                    *count,
                    *key_length,
                    &v,
                    true,
                    limits,
                    0.05,
                ));
                ttl_keys = ttl_keys.saturating_add(*count);
            }
            Component::RateLimiters { keys, key_length } => {
                let v = ValueSpec::String {
                    size: 3,
                    integer: true,
                };
                lines.push(keys_line(
                    "rate limiters",
                    *keys,
                    *key_length,
                    &v,
                    true,
                    limits,
                    0.05,
                ));
                ttl_keys = ttl_keys.saturating_add(*keys);
            }
            Component::Queue(q) => lines.extend(queue_lines(q, limits)),
            Component::Stream {
                name,
                length,
                fields,
                field_size,
                value_size,
            } => {
                let bytes = stream_bytes(*length, *fields, *field_size, *value_size, limits)
                    .saturating_add(key_bytes(16, false, limits));
                lines.push(Line {
                    name: name.clone(),
                    keys: 1,
                    bytes,
                    low: (bytes as f64 * 0.9) as u64,
                    high: (bytes as f64 * 1.1) as u64,
                    detail: format!("{length} entries of {fields} fields"),
                });
            }
            Component::PubSub {
                subscribers,
                message_size,
                backlog_messages,
            } => {
                // Messages waiting in subscribers' output buffers, plus each connection.
                let bytes =
                    subscribers.saturating_mul(20_000 + backlog_messages * (message_size + 40));
                lines.push(Line {
                    name: "pub/sub subscribers".to_string(),
                    keys: 0,
                    bytes,
                    low: bytes / 2,
                    high: bytes.saturating_mul(2),
                    detail: format!("{subscribers} subscribers, up to {backlog_messages} messages of {message_size} B buffered each"),
                });
            }
        }
    }
    let total_keys = lines.iter().fold(0u64, |a, l| a.saturating_add(l.keys));
    let tables = keyspace_tables(total_keys, ttl_keys, limits);
    if tables > 0 {
        lines.push(Line {
            name: "keyspace tables".to_string(),
            keys: 0,
            bytes: tables,
            low: tables,
            high: tables.saturating_mul(2),
            detail: format!("hash tables for {total_keys} keys and {ttl_keys} expiries (power-of-two sizes; twice as much while growing)"),
        });
    }
    if plan.replicas > 0 {
        lines.push(Line {
            name: "replication backlog".to_string(),
            keys: 0,
            bytes: 1 << 20,
            low: 1 << 20,
            high: 1 << 20,
            detail: "repl-backlog-size (1 MB by default) once a replica attaches".to_string(),
        });
    }
    let used = lines.iter().fold(0u64, |a, l| a.saturating_add(l.bytes));
    let high = lines.iter().fold(0u64, |a, l| a.saturating_add(l.high));
    let clients = plan.clients.max(1) * 20_000;
    let maxmemory = (high.saturating_add(clients) as f64 * 1.25) as u64;
    let persistence = !matches!(plan.loss, crate::plan::Loss::All);
    let (host, host_detail) = if persistence {
        (
            (maxmemory as f64 * 1.0 / 0.6) as u64,
            "maxmemory is 60% of it: forks for BGSAVE/AOF rewrite copy pages that change during the save, plus fragmentation and the OS".to_string(),
        )
    } else {
        (
            (maxmemory as f64 / 0.8) as u64,
            "maxmemory is 80% of it: no persistence forks, room for fragmentation and the OS"
                .to_string(),
        )
    };
    Estimate {
        lines,
        used_memory: used,
        used_memory_high: high,
        maxmemory,
        host_memory: host,
        host_detail,
        available: plan.memory,
        model,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_hash_is_a_listpack_and_matches_a_real_server() {
        // 10 fields "f0000".."f0009" with 10-byte values: 224 B listpack + 16 B robj (measured on 7.0.15).
        assert_eq!(hash_bytes(10, 5, 10, &Limits::default()), 240);
    }

    #[test]
    fn the_plan_s_version_decides_the_layout_and_is_named() {
        let plan = |version: Option<&str>| Plan {
            version: version.map(str::to_string),
            components: vec![Component::Data(crate::plan::KeysComponent {
                name: None,
                count: 10_000,
                key_length: 16,
                value: ValueSpec::Set {
                    members: 50,
                    member_size: 12,
                    integers: false,
                },
                ttl_seconds: None,
            })],
            ..Plan::default()
        };
        let v70 = estimate(&plan(None), &Limits::default());
        let v72 = estimate(&plan(Some("7.2")), &Limits::default());
        assert_eq!(v70.model, "Redis 7.0");
        assert_eq!(v72.model, "Redis 7.2");
        // 7.2 keeps 50 short strings in a listpack, 7.0 in a hash table.
        assert!(v72.used_memory * 2 < v70.used_memory, "{v72:?} {v70:?}");
        let future = estimate(&plan(Some("9.2")), &Limits::default());
        assert!(
            future
                .model
                .starts_with("Redis 8.0 (Redis 9.2.0 is not a version"),
            "{}",
            future.model
        );
        assert!(future.lines[0].detail.contains("nearest"));
    }

    #[test]
    fn crossing_the_hash_threshold_costs_more() {
        let l = Limits::default();
        let small = hash_bytes(512, 8, 8, &l);
        let big = hash_bytes(513, 8, 8, &l);
        assert!(big > small * 3, "{small} → {big}");
    }
}
