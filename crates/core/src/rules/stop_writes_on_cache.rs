use super::{Context, Finding};

crate::declare_rule! {
    /// A pure cache stops accepting writes when a snapshot fails (`stop-writes-on-bgsave-error yes`).
    ///
    /// ## What it checks
    /// Every use of the instance is disposable (a cache, rate limiters…), RDB snapshots are on,
    /// and `stop-writes-on-bgsave-error` is `yes` (the default).
    ///
    /// ## Why it matters
    /// The default protects data: if saves fail, Redis refuses writes with `MISCONF` so nobody
    /// believes data is safe when it is not. For a cache whose snapshots are a convenience,
    /// that turns a full disk into an outage. For a cache, either turn snapshots off
    /// (`save ""`) or set `stop-writes-on-bgsave-error no` and alert on failed saves. Keep
    /// the default on instances that hold queues or other data that must survive.
    ///
    /// ## Example
    /// ```text
    /// save 3600 1 300 100 60 10000
    /// stop-writes-on-bgsave-error yes
    /// ```
    ///
    /// ## Sources
    /// - redis.conf (7.0), `SNAPSHOTTING`: `stop-writes-on-bgsave-error` and what it protects.
    /// - charsyam/redis-tools: warns on `stop-writes-on-bgsave-error yes`.
    pub(crate) static RULE = {
        id: StopWritesOnCache,
        category: Persistence,
        severity: Info,
        since: (2, 6, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if !cx.workload.evictable_only()
        || cx.config.bool("stop-writes-on-bgsave-error") != Some(true)
        || cx.config.save_points().is_none_or(|s| s.is_empty())
    {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "A failed snapshot would stop this cache from accepting writes",
        "With stop-writes-on-bgsave-error yes, a full disk makes Redis answer every write with MISCONF. For a disposable cache, turn snapshots off or let writes continue and alert on rdb_last_bgsave_status instead.",
    );
    f.evidence
        .extend(cx.config_evidence("stop-writes-on-bgsave-error"));
    f.evidence.extend(cx.config_evidence("save"));
    f.fix = Some(cx.fix(&[("stop-writes-on-bgsave-error", "no")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::{QueueLibrary, Use, run_with};

    #[test]
    fn fires_for_a_cache_only() {
        assert_eq!(
            run_with(
                RuleId::StopWritesOnCache,
                &[("c", &crate::rules::testing::whole_conf("appendonly no\n"))],
                &[Use::Cache]
            )
            .len(),
            1
        );
        let q = [Use::Queue {
            library: QueueLibrary::Rq,
        }];
        assert!(run_with(RuleId::StopWritesOnCache, &[("c", "appendonly no\n")], &q).is_empty());
        assert!(
            run_with(
                RuleId::StopWritesOnCache,
                &[("c", "save \"\"\n")],
                &[Use::Cache]
            )
            .is_empty()
        );
    }
}
