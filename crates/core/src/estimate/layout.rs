//! How each server version lays its values out in memory: the differences
//! between versions the estimator models, each read from the server's source
//! at its release tag and measured by the calibration harness
//! (docs/estimator-accuracy.md, one table per version).

use crate::version::{Flavor, Version};

/// The memory layout of one server line (Redis 6.2, Valkey 8.0, ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The line the model is for: "Redis 7.0", "Valkey 8.0".
    pub name: &'static str,
    /// Before 7.0 small hashes, sorted sets and list nodes are ziplists
    /// (`src/ziplist.c`: a previous-entry length of 1 or 5 bytes per entry, a
    /// 10-byte header); from 7.0 listpacks (`src/listpack.c`).
    pub ziplist: bool,
    /// 7.2 and later: a list that fits one node is a bare listpack, not a
    /// quicklist (`src/t_list.c`, `listTypeTryConversion`).
    pub small_lists: bool,
    /// 7.2 and later: small sets of strings are listpacks
    /// (`set-max-listpack-entries` 128, `set-max-listpack-value` 64).
    pub set_listpack: bool,
    /// 7.2 and later: a hash-table set keeps a member alone in its bucket
    /// without an entry; only members sharing a bucket get one of 16 bytes
    /// (`src/dict.c`, `no_value` and `keys_are_odd`).
    pub set_keys_in_buckets: bool,
    /// `struct dict`: 96 bytes before 7.0 (two `dictht`s), 56 after.
    pub dict: u64,
    /// A `quicklistNode`: 32 bytes before 7.0, 36 padded to 40 from 7.0 (`sz`
    /// became a `size_t`).
    pub quicklist_node: u64,
    /// Valkey 8.0: the key's name is embedded in its keyspace entry
    /// (`dictEntryEmbedded`: value, next, a header-size byte, then the SDS).
    pub embedded_keys: bool,
    /// In cluster mode, 7.4, 8.0 and Valkey 8.0 keep a dict per slot that holds
    /// keys (`src/kvstore.c`): this is its `struct dict` with the kvstore's
    /// metadata (0: one dict for the whole keyspace).
    pub slot_dict: u64,
    /// In cluster mode, 5.0 to 6.2 also file every key in a radix tree by
    /// slot and name (`slots_to_keys`, `src/db.c`).
    pub slot_rax: bool,
    /// In cluster mode, 7.0 and 7.2 (and Valkey 7.2) give each key's entry 16
    /// bytes of links to its slot's other keys (`clusterDictEntryMetadata`).
    pub cluster_entry: u64,
    /// The `stream` struct, allocated with its radix tree: 7.0 added the
    /// first id, the largest deleted id and the count of entries ever added.
    pub stream: u64,
    /// Levels of a skiplist's header node: 64 in 5.0, 32 from 6.0
    /// (`ZSKIPLIST_MAXLEVEL`, `src/server.h`).
    pub skiplist_levels: u64,
    /// 6.2 and later: a stream's newest node starts as a 4,096-byte listpack
    /// (`STREAM_LISTPACK_MAX_PRE_ALLOCATE`) and is shrunk to fit once full.
    pub stream_prealloc: bool,
    /// The allocator's smallest size classes are this many bytes apart: 8 in
    /// the jemalloc Redis and Valkey bundle (what a build from source and the
    /// official images run), 16 in a system jemalloc such as Debian's, which
    /// Debian's and Ubuntu's Redis 7.0 links. The 7.0 line is modelled as
    /// Debian ships it; the others as their own source builds them.
    pub spacing: u64,
}

/// The lines the estimator knows, oldest first.
pub const KNOWN: [(Flavor, Version, Layout); 9] = [
    (
        Flavor::Redis,
        Version::new(5, 0, 0),
        layout("Redis 5.0", 5, 0),
    ),
    (
        Flavor::Redis,
        Version::new(6, 0, 0),
        layout("Redis 6.0", 6, 0),
    ),
    (
        Flavor::Redis,
        Version::new(6, 2, 0),
        layout("Redis 6.2", 6, 2),
    ),
    (
        Flavor::Redis,
        Version::new(7, 0, 0),
        layout("Redis 7.0", 7, 0),
    ),
    (
        Flavor::Redis,
        Version::new(7, 2, 0),
        layout("Redis 7.2", 7, 2),
    ),
    (
        Flavor::Redis,
        Version::new(7, 4, 0),
        layout("Redis 7.4", 7, 4),
    ),
    // 8.0's milestones report 7.9.x.
    (
        Flavor::Redis,
        Version::new(7, 9, 0),
        layout("Redis 8.0", 8, 0),
    ),
    (
        Flavor::Valkey,
        Version::new(7, 2, 0),
        layout("Valkey 7.2", 7, 2),
    ),
    (Flavor::Valkey, Version::new(8, 0, 0), valkey8()),
];

const fn layout(name: &'static str, major: u16, minor: u16) -> Layout {
    let v7 = major >= 7;
    let v72 = major > 7 || (major == 7 && minor >= 2);
    let v74 = major > 7 || (major == 7 && minor >= 4);
    Layout {
        name,
        ziplist: !v7,
        small_lists: v72,
        set_listpack: v72,
        set_keys_in_buckets: v72,
        dict: if v7 { 56 } else { 96 },
        quicklist_node: if v7 { 40 } else { 32 },
        embedded_keys: false,
        // 56 bytes and an 8-byte pointer to the rehashing list's node.
        slot_dict: if v74 { 64 } else { 0 },
        slot_rax: !v7,
        cluster_entry: if v7 && !v74 { 16 } else { 0 },
        stream: if v7 { 80 } else { 48 },
        skiplist_levels: if major == 5 { 64 } else { 32 },
        stream_prealloc: major > 6 || (major == 6 && minor >= 2),
        spacing: if major == 7 && minor == 0 { 16 } else { 8 },
    }
}

const fn valkey8() -> Layout {
    Layout {
        name: "Valkey 8.0",
        embedded_keys: true,
        // 56 bytes, the rehashing list's node and the kvstore.
        slot_dict: 72,
        cluster_entry: 0,
        ..layout("Valkey 8.0", 7, 2)
    }
}

impl Default for Layout {
    /// Redis 7.0, the version Debian and Ubuntu ship.
    fn default() -> Layout {
        layout("Redis 7.0", 7, 0)
    }
}

/// The layout of a server, and a note when the version is not one the
/// estimator knows (it then uses the nearest known line, never silently 7.0).
pub fn for_server(flavor: Flavor, version: Version) -> (Layout, Option<String>) {
    let lines: Vec<&(Flavor, Version, Layout)> =
        KNOWN.iter().filter(|(f, _, _)| *f == flavor).collect();
    // The newest known line at or below the version, else the oldest.
    let below = lines.iter().rev().find(|(_, v, _)| *v <= version);
    let chosen = below.or(lines.first()).map(|(_, _, l)| l.clone());
    let chosen = chosen.unwrap_or_default();
    let same_line = |v: &Version| v.major == version.major && v.minor == version.minor;
    let known = lines.iter().any(|(_, v, _)| same_line(v))
        || (flavor == Flavor::Redis && version.major == 7 && version.minor == 9)
        || (flavor == Flavor::Redis && version.major == 8 && version.minor == 0);
    let chosen = if flavor == Flavor::Redis && version.major == 8 && version.minor == 0 {
        KNOWN[6].2.clone()
    } else {
        chosen
    };
    let name = match flavor {
        Flavor::Redis => "Redis",
        Flavor::Valkey => "Valkey",
    };
    let note = (!known).then(|| {
        format!(
            "{name} {version} is not a version the estimator has measured; estimated as {}, the nearest it knows",
            chosen.name
        )
    });
    (chosen, note)
}

/// Reads a target written in a workload file: "7.2", "6.2.16", "valkey 8.0",
/// "Valkey-8.0.1", "redis 7.4". `None` when it is not a version.
pub fn parse_target(text: &str) -> Option<(Flavor, Version)> {
    let t = text.trim().to_ascii_lowercase();
    let (flavor, rest) = if let Some(r) = t.strip_prefix("valkey") {
        (Flavor::Valkey, r)
    } else if let Some(r) = t.strip_prefix("redis") {
        (Flavor::Redis, r)
    } else {
        (Flavor::Redis, t.as_str())
    };
    let rest = rest.trim_start_matches([' ', '-', '_', 'v']);
    // "8.0-m01" is a milestone of 8.0.
    Version::parse(rest).map(|v| (flavor, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_line_maps_to_itself() {
        for (flavor, version, layout) in KNOWN {
            let (got, note) = for_server(flavor, version);
            assert_eq!(got, layout);
            assert_eq!(note, None, "{}", layout.name);
        }
        let (l, note) = for_server(Flavor::Redis, Version::new(7, 0, 15));
        assert_eq!((l.name, note), ("Redis 7.0", None));
        let (l, note) = for_server(Flavor::Redis, Version::new(7, 9, 224));
        assert_eq!((l.name, note), ("Redis 8.0", None));
        let (l, note) = for_server(Flavor::Redis, Version::new(8, 0, 2));
        assert_eq!((l.name, note), ("Redis 8.0", None));
    }

    #[test]
    fn unknown_versions_take_the_nearest_line_and_say_so() {
        let (l, note) = for_server(Flavor::Redis, Version::new(9, 0, 0));
        assert_eq!(l.name, "Redis 8.0");
        assert!(note.is_some_and(|n| n.contains("9.0.0") && n.contains("Redis 8.0")));
        let (l, note) = for_server(Flavor::Redis, Version::new(4, 0, 14));
        assert_eq!(l.name, "Redis 5.0");
        assert!(note.is_some());
        let (l, note) = for_server(Flavor::Redis, Version::new(6, 1, 0));
        assert_eq!(l.name, "Redis 6.0");
        assert!(note.is_some());
        let (l, note) = for_server(Flavor::Valkey, Version::new(8, 1, 0));
        assert_eq!(l.name, "Valkey 8.0");
        assert!(note.is_some());
    }

    #[test]
    fn targets_are_read_from_workload_files() {
        assert_eq!(
            parse_target("7.2"),
            Some((Flavor::Redis, Version::new(7, 2, 0)))
        );
        assert_eq!(
            parse_target("Valkey 8.0.1"),
            Some((Flavor::Valkey, Version::new(8, 0, 1)))
        );
        assert_eq!(
            parse_target("redis-8.0-m01"),
            Some((Flavor::Redis, Version::new(8, 0, 0)))
        );
        assert_eq!(
            parse_target("valkey-7.2.7"),
            Some((Flavor::Valkey, Version::new(7, 2, 7)))
        );
        assert_eq!(parse_target("latest"), None);
    }
}
