use super::{Context, Finding};
use crate::config::Policy;

crate::declare_rule! {
    /// Nothing in the paste says what the instance is for: the answer is given
    /// for each plausible use instead of assuming one.
    ///
    /// ## What it checks
    /// No workload was stated and none could be inferred (no command statistics,
    /// no queue library's output), while the paste shows the eviction policy or
    /// how keys come and go (evictions, expirations, blocked clients, the keyspace).
    ///
    /// ## Why it matters
    /// The right eviction policy and persistence depend on what the data is. The
    /// same `allkeys-lru` is right for a cache and silently deletes jobs of a queue
    /// (BullMQ, Sidekiq, Celery, RQ); `noeviction` protects a queue and turns a full
    /// cache into write errors; `volatile-*` evicts only keys with a TTL.
    ///
    /// ## Example
    /// ```text
    /// maxmemory_policy:volatile-lru
    /// ```
    /// A cache: fine if its keys carry TTLs. A queue library's data: not safe (locks
    /// and jobs with TTLs can be evicted). Say which, or paste `INFO commandstats`.
    ///
    /// ## Sources
    /// - Redis docs, "Key eviction": what each `maxmemory-policy` may evict.
    /// - BullMQ docs, "Going to production": `maxmemory-policy` must be `noeviction`; Sidekiq wiki, "Using Redis": `noeviction`.
    pub(crate) static RULE = {
        id: WorkloadUnknown,
        category: Eviction,
        severity: Info,
        since: (2, 4, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.workload.stated || !cx.workload.beliefs.is_empty() {
        return;
    }
    let policy = cx.config.policy();
    let mut evidence = Vec::new();
    evidence.extend(
        cx.config_evidence("maxmemory-policy")
            .filter(|_| policy.is_some()),
    );
    for key in ["evicted_keys", "expired_keys", "blocked_clients"] {
        if cx.info_u64(key).is_some_and(|n| n > 0) {
            evidence.extend(cx.info_evidence(key));
        }
    }
    if let Some(info) = cx.info {
        evidence.extend(
            info.keyspace()
                .first()
                .map(|d| cx.info_span_evidence(d.line)),
        );
    }
    if evidence.is_empty() {
        return;
    }
    let cache = match policy {
        Some(p) if p.is_allkeys() => "right: any key may go when memory is full",
        Some(p) if p.is_volatile() => "fine if every cache key has a TTL (only those are evicted)",
        Some(Policy::Noeviction) => {
            "writes fail with OOM when memory is full; allkeys-lru or allkeys-lfu would evict instead"
        }
        _ => "use allkeys-lru or allkeys-lfu with a maxmemory limit",
    };
    let queue = match policy {
        Some(Policy::Noeviction) => {
            "right: nothing is deleted behind the library's back; keep maxmemory above the backlog and enable AOF"
        }
        Some(_) => {
            "not safe: this policy can delete jobs, locks or queue keys without an error; use noeviction and AOF"
        }
        None => "needs noeviction and AOF",
    };
    let shown = policy.map_or("the policy (not in the paste)".to_string(), |p| {
        format!("`{}`", p.name())
    });
    let mut f = cx.finding(
        &RULE,
        "What this instance is for is not in the paste",
        format!(
            "The advice depends on it. For {shown}: as a cache, {cache}. As a job queue (BullMQ, Sidekiq, Celery, RQ), {queue}. As a store of sessions or other data that must be kept, the same as a queue unless losing them is acceptable. State the workload, or paste INFO commandstats so it can be inferred."
        ),
    );
    f.evidence = evidence;
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::{Use, run, run_with};

    #[test]
    fn answers_per_use_when_nothing_says() {
        let info = "# Memory\nmaxmemory:100\nmaxmemory_policy:volatile-lru\n";
        let f = run(RuleId::WorkloadUnknown, &[("i", info)]);
        assert_eq!(f.len(), 1);
        assert!(f[0].detail.contains("As a job queue"));
        assert!(run_with(RuleId::WorkloadUnknown, &[("i", info)], &[Use::Cache]).is_empty());
    }
}
