use super::{Context, Finding};

crate::declare_rule! {
    /// Keys have been evicted from an instance that holds jobs, locks or other data that must be kept.
    ///
    /// ## What it checks
    /// INFO's `evicted_keys` is above 0 and the workload has a use that must not be evicted.
    ///
    /// ## Why it matters
    /// This is not a risk but an event: Redis has already deleted keys to stay under
    /// `maxmemory`, and on this instance some of them may have been job hashes, queue entries
    /// or locks. Jobs may have vanished without an error, or run twice. Check the queue's
    /// failed and stalled jobs since the last restart (`evicted_keys` counts since then), and
    /// set `noeviction`.
    ///
    /// ## Example
    /// ```text
    /// evicted_keys:1829
    /// maxmemory_policy:allkeys-lru
    /// cmdstat_evalsha:calls=1200,...
    /// ```
    ///
    /// ## Sources
    /// - Redis docs, INFO: `evicted_keys` is the number of keys evicted due to the maxmemory limit, since start-up.
    /// - BullMQ docs, "Going to production": Redis must not evict BullMQ's keys.
    pub(crate) static RULE = {
        id: EvictionsOnKeptData,
        category: Eviction,
        severity: Critical,
        since: (2, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(evicted) = cx.info_u64("evicted_keys").filter(|&n| n > 0) else {
        return;
    };
    let keep = cx.workload.must_not_evict();
    let Some(&first) = keep.first() else { return };
    let what: Vec<String> = keep.iter().map(|u| u.describe()).collect();
    let mut f = cx.finding(
        &RULE,
        format!("{evicted} keys were evicted from an instance holding {}", what.join(" and ")),
        format!(
            "{}. Since the last restart Redis has deleted {evicted} keys to stay under maxmemory; some may have been jobs, queue entries or locks. Look for missing, stalled or repeated jobs, and stop eviction with noeviction.",
            crate::units::capitalize(&cx.workload.basis(first))
        ),
    );
    f.evidence.extend(cx.info_evidence("evicted_keys"));
    f.evidence.extend(cx.config_evidence("maxmemory-policy"));
    f.evidence.extend(cx.workload_evidence(first));
    f.fix = Some(cx.fix(&[("maxmemory-policy", "noeviction")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::{QueueLibrary, Use, run, run_with};

    #[test]
    fn fires_when_a_queue_instance_evicted() {
        let info = "# Stats\nevicted_keys:1829\n# Memory\nmaxmemory_policy:allkeys-lru\n";
        let f = run_with(
            RuleId::EvictionsOnKeptData,
            &[("i", info)],
            &[Use::Queue {
                library: QueueLibrary::Sidekiq,
            }],
        );
        assert_eq!(f.len(), 1);
        assert!(
            f[0].title.starts_with("1829 keys were evicted"),
            "{}",
            f[0].title
        );
    }

    #[test]
    fn silent_for_a_cache_or_without_evictions() {
        let info = "# Stats\nevicted_keys:1829\n";
        assert!(run_with(RuleId::EvictionsOnKeptData, &[("i", info)], &[Use::Cache]).is_empty());
        assert!(
            run(
                RuleId::EvictionsOnKeptData,
                &[("i", "# Stats\nevicted_keys:0\n")]
            )
            .is_empty()
        );
    }
}
