use super::{Context, Finding};
use crate::units::human_bytes;

crate::declare_rule! {
    /// Persistence forks, and the data is more than half the host's memory.
    ///
    /// ## What it checks
    /// RDB snapshots (`save` not empty), AOF (`appendonly yes`) or replicas (`connected_slaves`
    /// above 0) are there, and INFO's `used_memory` is above 50% of `total_system_memory`
    /// (3.2+). A primary forks for a replica's full resync even with `save ""` and AOF off: to
    /// write the RDB to disk, or with `repl-diskless-sync` to stream it to the socket.
    ///
    /// ## Why it matters
    /// BGSAVE and BGREWRITEAOF fork the process. Parent and child share pages until one of
    /// them writes: every page the parent modifies during the save is copied. On a
    /// write-heavy instance that approaches a second copy of the dataset, so above half of
    /// the host's memory a save can push the host into the OOM killer or swap. INFO's
    /// `rdb_last_cow_size` and `aof_last_cow_size` (4.0+) show how much the last one copied.
    /// Set `vm.overcommit_memory = 1` so the fork itself does not fail.
    ///
    /// ## Example
    /// ```text
    /// used_memory:6442450944
    /// total_system_memory:8589934592
    /// aof_enabled:1
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, "Redis persistence" and "Redis administration": copy-on-write during BGSAVE; `vm.overcommit_memory = 1`.
    /// - Redis docs, INFO: `rdb_last_cow_size`, `aof_last_cow_size`.
    /// - Redis source, `src/replication.c` (5.0.14 to 8.0): a full resync runs `rdbSaveBackground`
    ///   or `rdbSaveToSlavesSockets`, both of which fork, whatever `save` says.
    pub(crate) static RULE = {
        id: ForkHeadroom,
        category: Memory,
        severity: Warning,
        since: (4, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let (Some(used), Some(host)) = (
        cx.info_u64("used_memory"),
        cx.info_u64("total_system_memory"),
    ) else {
        return;
    };
    let aof = cx.config.bool("appendonly") == Some(true);
    let rdb = cx.config.save_points().is_some_and(|s| !s.is_empty());
    let replicas = cx.info_u64("connected_slaves").is_some_and(|n| n > 0);
    if host == 0 || !(aof || rdb || replicas) || (used as f64) <= host as f64 * 0.5 {
        return;
    }
    let cow = cx
        .info_u64("rdb_last_cow_size")
        .max(cx.info_u64("aof_last_cow_size"))
        .filter(|&c| c > 0);
    let last = cow
        .map(|c| format!(" The last save copied {}.", human_bytes(c)))
        .unwrap_or_default();
    let mut f = cx.finding(
        &RULE,
        format!("{} of data on a {} host that forks to save", human_bytes(used), human_bytes(host)),
        format!(
            "Every page written during BGSAVE/BGREWRITEAOF is copied; with more than half the host's memory in use a save can exhaust it.{last} Keep used memory under about half of the host when writes are heavy, or move persistence to a replica."
        ),
    );
    f.evidence.extend(cx.info_evidence("used_memory"));
    f.evidence.extend(cx.info_evidence("total_system_memory"));
    f.evidence.extend(if aof {
        cx.config_evidence("appendonly")
    } else if rdb {
        cx.config_evidence("save")
    } else {
        cx.info_evidence("connected_slaves")
    });
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::run;

    #[test]
    fn fires_when_persistence_forks_a_big_dataset() {
        let info = "# Memory\nused_memory:6442450944\ntotal_system_memory:8589934592\n# Persistence\naof_enabled:1\nrdb_last_cow_size:104857600\n";
        let f = run(RuleId::ForkHeadroom, &[("i", info)]);
        assert_eq!(f.len(), 1);
        assert!(f[0].detail.contains("100.00 MiB"));
    }

    #[test]
    fn silent_without_persistence_or_with_room() {
        let info = "# Memory\nused_memory:6442450944\ntotal_system_memory:8589934592\n# Persistence\naof_enabled:0\n";
        assert!(run(RuleId::ForkHeadroom, &[("i", info), ("c", "save \"\"\n")]).is_empty());
        let small = "# Memory\nused_memory:1073741824\ntotal_system_memory:8589934592\n# Persistence\naof_enabled:1\n";
        assert!(run(RuleId::ForkHeadroom, &[("i", small)]).is_empty());
    }
}
