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
    /// restarts from the last snapshot, which under 7.0's default schedule can be up to an
    /// hour old: jobs enqueued since then are lost and jobs already done may run again. AOF
    /// with `appendfsync everysec` bounds the loss to about one second, which is what BullMQ's
    /// production guide asks for.
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
    /// - redis.conf (7.0): default `save 3600 1 300 100 60 10000`, `appendonly no`.
    pub(crate) static RULE = {
        id: NoPersistenceForKeptData,
        category: Persistence,
        severity: Critical,
        since: (2, 0, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.bool("appendonly") != Some(false) {
        return;
    }
    let keep = cx.workload.must_not_evict();
    let Some(&first) = keep.first() else { return };
    let snapshots = cx.config.save_points().map(|s| !s.is_empty());
    let what: Vec<String> = keep.iter().map(|u| u.describe()).collect();
    let (title, loss, severity) = match snapshots {
        Some(false) => (
            format!("No persistence for {}", what.join(" and ")),
            "With AOF and snapshots both off, any restart empties the instance.",
            Severity::Critical,
        ),
        _ => (
            format!("Only RDB snapshots protect {}", what.join(" and ")),
            "AOF is off, so a crash restarts from the last snapshot: everything written since (with 7.0's defaults, up to an hour) is lost.",
            Severity::Warning,
        ),
    };
    let mut f = cx.finding(
        &RULE,
        title,
        format!(
            "{}. {loss} AOF with appendfsync everysec bounds the loss to about a second.",
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
    use crate::rules::RuleId;
    use crate::report::Severity;
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
}
