use super::{Context, Finding, Severity};
use crate::config::Policy;
use crate::workload::Use;

crate::declare_rule! {
    /// One instance holds both a cache and data that must be kept: no eviction policy suits both.
    ///
    /// ## What it checks
    /// The workload (stated or inferred) has a cache and at least one use that must not be
    /// evicted: a job queue, locks, streams, primary data or sessions that must survive.
    ///
    /// ## Why it matters
    /// A cache wants `allkeys-lru`; a queue needs `noeviction`. On one instance there are two
    /// safe strategies, in order: (1) split them — a cache instance with `allkeys-lru` and a
    /// queue instance with `noeviction` and AOF; (2) keep `noeviction`, put a TTL on every cache
    /// key so the cache shrinks by itself, and alert on memory well before `maxmemory` (the
    /// cache can then fill the instance and block the queue). Any evicting policy instead
    /// trades those errors for silently lost jobs.
    ///
    /// ## Example
    /// ```text
    /// cmdstat_evalsha:calls=5400,...      (BullMQ)
    /// db0:keys=90000,expires=81000,...    (mostly cache keys)
    /// ```
    ///
    /// ## Sources
    /// - BullMQ docs, "Going to production": `noeviction` is required for the instance BullMQ uses.
    /// - Redis docs, "Key eviction": `allkeys-lru` for caches; policies apply to the whole instance.
    pub(crate) static RULE = {
        id: CacheAndQueueTogether,
        category: Eviction,
        severity: Warning,
        since: (2, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let keep = cx.workload.must_not_evict();
    if !cx.workload.has_cache() || keep.is_empty() {
        return;
    }
    let what: Vec<String> = keep.iter().map(|u| u.describe()).collect();
    let policy = cx.config.policy();
    let detail = match policy {
        Some(Policy::Noeviction) => "The policy is already noeviction, the safe choice for one shared instance. Keep it safe: every cache key needs a TTL, and memory needs an alert well below maxmemory, or a full cache will block the queue. Splitting the cache into its own instance (allkeys-lru) is better still.".to_string(),
        _ => "No single eviction policy suits both. Best: a separate cache instance (allkeys-lru) and keep this one for the data that must survive (noeviction, AOF). Otherwise: noeviction here, a TTL on every cache key, and an alert on memory.".to_string(),
    };
    let mut f = cx.finding(
        &RULE,
        format!("A cache shares this instance with {}", what.join(" and ")),
        detail,
    );
    if policy == Some(Policy::Noeviction) {
        f.severity = Severity::Info;
    }
    f.evidence.extend(cx.config_evidence("maxmemory-policy"));
    f.evidence.extend(cx.workload_evidence(Use::Cache));
    for u in &keep {
        f.evidence.extend(cx.workload_evidence(*u));
    }
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::report::Severity;
    use crate::rules::testing::{QueueLibrary, Use, run_with};

    const MIXED: [Use; 2] = [
        Use::Cache,
        Use::Queue {
            library: QueueLibrary::Bullmq,
        },
    ];

    #[test]
    fn warns_under_an_evicting_policy_and_informs_under_noeviction() {
        let f = run_with(
            RuleId::CacheAndQueueTogether,
            &[("c", "maxmemory-policy allkeys-lru\n")],
            &MIXED,
        );
        assert_eq!(f[0].severity, Severity::Warning);
        let f = run_with(
            RuleId::CacheAndQueueTogether,
            &[("c", "maxmemory-policy noeviction\n")],
            &MIXED,
        );
        assert_eq!(f[0].severity, Severity::Info);
        assert!(f[0].detail.contains("TTL"));
    }

    #[test]
    fn silent_for_one_use() {
        assert!(
            run_with(
                RuleId::CacheAndQueueTogether,
                &[("c", "maxmemory 1gb\n")],
                &[Use::Cache]
            )
            .is_empty()
        );
    }
}
