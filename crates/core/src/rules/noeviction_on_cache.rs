use super::{Context, Finding};

crate::declare_rule! {
    /// A pure cache runs under `noeviction`: when it fills up, writes fail instead of old entries making room.
    ///
    /// ## What it checks
    /// Every use of the instance is one whose keys may be dropped (a cache, rate limiters,
    /// pub/sub), `maxmemory` is set, and `maxmemory-policy` is `noeviction`.
    ///
    /// ## Why it matters
    /// A cache is meant to stay full and let cold entries go. Under `noeviction` the first
    /// write past the limit fails with `OOM command not allowed`, so the application sees
    /// errors on a cache miss path instead of a slightly lower hit rate. `allkeys-lru` (or
    /// `allkeys-lfu` when a small set of keys is hot for a long time) keeps the cache working
    /// at its limit. Only do this when nothing else shares the instance.
    ///
    /// ## Example
    /// ```text
    /// maxmemory:1073741824
    /// maxmemory_policy:noeviction
    /// db0:keys=250000,expires=249000,avg_ttl=280000
    /// ```
    /// Fix: `maxmemory-policy allkeys-lru`.
    ///
    /// ## Sources
    /// - Redis docs, "Key eviction": `allkeys-lru` is the suggested policy when the application uses Redis as a cache.
    /// - redis.conf (7.0), `MEMORY MANAGEMENT`: description of each policy and the LFU variants (since 4.0).
    pub(crate) static RULE = {
        id: NoevictionOnCache,
        category: Eviction,
        severity: Warning,
        since: (2, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    if cx.config.policy() != Some(crate::config::Policy::Noeviction)
        || cx.config.bytes("maxmemory").is_none_or(|m| m == 0)
        || !cx.workload.evictable_only()
    {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        "A cache under noeviction: writes fail when it is full",
        format!(
            "{}, and nothing here needs keeping, yet at maxmemory every write will fail with OOM instead of cold entries being evicted.",
            crate::units::capitalize(&cx.workload.basis(crate::workload::Use::Cache))
        ),
    );
    f.evidence.extend(cx.config_evidence("maxmemory-policy"));
    f.evidence.extend(cx.config_evidence("maxmemory"));
    f.evidence
        .extend(cx.workload_evidence(crate::workload::Use::Cache));
    f.fix = Some(cx.fix(&[("maxmemory-policy", "allkeys-lru")]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::{QueueLibrary, Use, run_with};

    const CONF: &str = "maxmemory 1gb\nmaxmemory-policy noeviction\n";

    #[test]
    fn fires_for_a_pure_cache() {
        assert_eq!(
            run_with(RuleId::NoevictionOnCache, &[("c", CONF)], &[Use::Cache]).len(),
            1
        );
    }

    #[test]
    fn silent_when_anything_must_be_kept_or_no_limit() {
        let mixed = [
            Use::Cache,
            Use::Queue {
                library: QueueLibrary::Sidekiq,
            },
        ];
        assert!(run_with(RuleId::NoevictionOnCache, &[("c", CONF)], &mixed).is_empty());
        assert!(
            run_with(
                RuleId::NoevictionOnCache,
                &[("c", "maxmemory-policy noeviction\n")],
                &[Use::Cache]
            )
            .is_empty()
        );
    }
}
