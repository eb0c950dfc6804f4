use super::{Context, Finding, Severity};

crate::declare_rule! {
    /// Data that must survive a restart has no AOF, or no persistence at all.
    ///
    /// ## What it checks
    /// The workload holds a job queue, locks, streams, primary data or sessions that must
    /// survive, and AOF is off (`appendonly no` / `aof_enabled:0`). With snapshots off too
    /// (`save ""`) it is critical; with RDB snapshots only it is a warning.
    ///
    /// ## Why it matters
    /// Without persistence a restart — a deploy, a crash, the OOM killer, a host reboot —
    /// empties the instance: every queued and scheduled job is gone. With RDB only, Redis
    /// restarts from the last snapshot, which under the compiled-in schedule (`save 3600 1 300
    /// 100 60 10000`) can be up to an hour old: jobs enqueued since then are lost and jobs
    /// already done may run again. AOF with `appendfsync everysec` bounds the loss to about one
    /// second, which is what BullMQ's production guide asks for. Keep the snapshots as well:
    /// Redis's docs advise against AOF alone (an RDB file is the better backup and restarts
    /// faster).
    ///
    /// On Redis 6.0 and older a server started with a config file (or any command-line
    /// option) that has no `save` line takes no snapshots at all: the compiled-in schedule
    /// only applies when it is started with no arguments.
    ///
    /// ## Example
    /// ```text
    /// aof_enabled:0
    /// save ""
    /// cmdstat_evalsha:calls=5400,...
    /// ```
    /// Fix: `appendonly yes` with `appendfsync everysec`.
    ///
    /// ## Sources
    /// - BullMQ docs, "Going to production": enable AOF persistence.
    /// - Redis docs, "Redis persistence": what RDB and AOF each lose on a crash.
    /// - Redis source, `src/server.c`, `initServerConfig()` (5.0.14 to 8.0): the compiled-in
    ///   `save 3600 1 300 100 60 10000`; `main()` of 5.0.14 and 6.0.20 calls
    ///   `resetServerSaveParams()` before loading a config file; 6.2.16 resets only at the
    ///   file's first `save` line (`src/config.c`). Default `appendonly no`.
    /// - Redis docs, "Redis persistence": "you should use both persistence methods" for a degree
    ///   of data safety comparable to a database.
    pub(crate) static RULE = {
        id: NoPersistenceForKeptData,
        category: Persistence,
        severity: Critical,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let appendonly = cx.config.bool("appendonly");
    if appendonly == Some(true) {
        return;
    }
    let keep = cx.workload.must_not_evict();
    let Some(&first) = keep.first() else { return };
    // Neither INFO nor the configuration says: name what is missing.
    if appendonly.is_none() {
        if cx.info.is_none()
            && cx.config.get("maxmemory").is_none()
            && cx.config.get("maxmemory-policy").is_none()
        {
            // Nothing about this server was pasted: no review of its persistence.
            return;
        }
        let what: Vec<String> = keep.iter().map(|u| u.describe()).collect();
        let mut f = cx.finding(
            &RULE,
            format!("Persistence is not visible for {}", what.join(" and ")),
            format!(
                "{}. The paste shows neither AOF nor snapshots; a restart without them empties the instance. AOF with appendfsync everysec bounds the loss to about a second.",
                crate::units::capitalize(&cx.workload.basis(first))
            ),
        );
        f.severity = Severity::Warning;
        f.evidence
            .push(cx.missing("appendonly", "CONFIG GET appendonly"));
        f.evidence.push(cx.missing("save", "CONFIG GET save"));
        f.evidence.extend(cx.workload_evidence(first));
        f.fix = Some(cx.fix(&[("appendonly", "yes"), ("appendfsync", "everysec")]));
        out.push(f);
        return;
    }
    // On 6.0 and older a redis.conf without `save` lines means no snapshots at
    // all: main() clears the compiled-in schedule before reading the file.
    let conf_without_save = cx.older_than(6, 2)
        && cx
            .config
            .get("save")
            .is_some_and(crate::config::Setting::is_default)
        && cx
            .config
            .iter()
            .any(|s| matches!(s.origin, crate::config::Origin::Conf { .. }));
    let snapshots = if conf_without_save {
        Some(false)
    } else {
        cx.config.save_points().map(|s| !s.is_empty())
    };
    let what: Vec<String> = keep.iter().map(|u| u.describe()).collect();
    let (title, loss, severity) = match snapshots {
        Some(false) => (
            format!("No persistence for {}", what.join(" and ")),
            if conf_without_save {
                "This redis.conf has no save line, and on Redis 6.0 and older that means no snapshots at all: with AOF off too, any restart empties the instance."
            } else {
                "With AOF and snapshots both off, any restart empties the instance."
            },
            Severity::Critical,
        ),
        _ => (
            format!("Only RDB snapshots protect {}", what.join(" and ")),
            "AOF is off, so a crash restarts from the last snapshot: everything written since (with the compiled-in schedule, up to an hour) is lost.",
            Severity::Warning,
        ),
    };
    let mut f = cx.finding(
        &RULE,
        title,
        format!(
            "{}. {loss} AOF with appendfsync everysec bounds the loss to about a second; keep the RDB snapshots too (Redis's docs advise against AOF alone).",
            crate::units::capitalize(&cx.workload.basis(first))
        ),
    );
    f.severity = severity;
    f.evidence.extend(cx.config_evidence("appendonly"));
    f.evidence.extend(cx.config_evidence("save"));
    f.evidence.extend(cx.workload_evidence(first));
    f.fix = Some(cx.fix(&[("appendonly", "yes"), ("appendfsync", "everysec")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::report::Severity;
    use crate::rules::RuleId;
    use crate::rules::testing::{QueueLibrary, Use, run_with};

    const Q: [Use; 1] = [Use::Queue {
        library: QueueLibrary::Bullmq,
    }];

    #[test]
    fn critical_without_any_persistence_warning_with_rdb_only() {
        let f = run_with(
            RuleId::NoPersistenceForKeptData,
            &[("c", "appendonly no\nsave \"\"\n")],
            &Q,
        );
        assert_eq!(f[0].severity, Severity::Critical);
        let f = run_with(
            RuleId::NoPersistenceForKeptData,
            &[("c", "appendonly no\n")],
            &Q,
        );
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(
            f[0].fix
                .as_ref()
                .is_some_and(|x| x.conf == ["appendonly yes", "appendfsync everysec"])
        );
    }

    #[test]
    fn silent_with_aof_or_for_a_cache() {
        assert!(
            run_with(
                RuleId::NoPersistenceForKeptData,
                &[("c", "appendonly yes\n")],
                &Q
            )
            .is_empty()
        );
        assert!(
            run_with(
                RuleId::NoPersistenceForKeptData,
                &[("c", "appendonly no\nsave \"\"\n")],
                &[Use::Cache]
            )
            .is_empty()
        );
    }

    /// 6.0 and older clear the save schedule before reading a config file
    /// (src/server.c of 6.0.20, main()); 6.2 keeps it unless the file has save lines.
    #[test]
    fn a_conf_without_save_takes_no_snapshots_before_6_2() {
        // A whole file (an excerpt does not say it has no save lines).
        let conf = &crate::rules::testing::whole_conf("appendonly no\nport 6379\n");
        let queue = [Use::Queue {
            library: QueueLibrary::Bullmq,
        }];
        let old = "# Server\nredis_version:6.0.20\n";
        let f = run_with(
            RuleId::NoPersistenceForKeptData,
            &[("c", conf), ("i", old)],
            &queue,
        );
        assert_eq!(
            f[0].severity,
            crate::report::Severity::Critical,
            "{}",
            f[0].detail
        );
        let new = "# Server\nredis_version:6.2.16\n";
        let f = run_with(
            RuleId::NoPersistenceForKeptData,
            &[("c", conf), ("i", new)],
            &queue,
        );
        assert_eq!(
            f[0].severity,
            crate::report::Severity::Warning,
            "{}",
            f[0].detail
        );
    }
}
