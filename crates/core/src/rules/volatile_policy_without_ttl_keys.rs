use super::{Context, Finding};

crate::declare_rule! {
    /// A `volatile-*` policy is set, but no key has a TTL: nothing can be evicted.
    ///
    /// ## What it checks
    /// `maxmemory-policy` is `volatile-lru`, `volatile-lfu`, `volatile-random` or
    /// `volatile-ttl`, and INFO's Keyspace section shows keys but none with an expiry
    /// (`expires=0` in every database).
    ///
    /// ## Why it matters
    /// Volatile policies only consider keys that carry a TTL. With none, Redis finds nothing
    /// to evict and behaves as `noeviction`: at the limit, writes fail with `OOM command not
    /// allowed`. Teams choose `volatile-lru` believing it is a safe middle ground with
    /// eviction as a fallback; here there is no fallback. Azure Cache for Redis defaults to
    /// `volatile-lru`, so this is common there.
    ///
    /// ## Example
    /// ```text
    /// maxmemory_policy:volatile-lru
    /// db0:keys=48213,expires=0,avg_ttl=0
    /// ```
    /// Fix: if the data must be kept, say so with `noeviction`; if it is a cache, give its keys
    /// TTLs or use `allkeys-lru`.
    ///
    /// ## Sources
    /// - Redis docs, "Key eviction": volatile policies behave like `noeviction` when no key is a candidate.
    /// - Azure docs, "Memory management" for Azure Cache for Redis: the default policy is `volatile-lru`.
    pub(crate) static RULE = {
        id: VolatilePolicyWithoutTtlKeys,
        category: Eviction,
        severity: Warning,
        since: (2, 2, 0),
        check: check,
    }
}

fn check(cx: &Context, out: &mut Vec<Finding>) {
    let Some(policy) = cx.config.policy() else {
        return;
    };
    let Some(info) = cx.info else { return };
    let Some((keys, expires)) = info.key_totals() else {
        return;
    };
    if !policy.is_volatile() || keys == 0 || expires > 0 {
        return;
    }
    let mut f = cx.finding(
        &RULE,
        format!("{} evicts nothing here: no key has a TTL", policy.name()),
        format!(
            "All {keys} keys are persistent, so `{}` has no candidates: at maxmemory Redis refuses writes exactly as noeviction does. Choose the behaviour on purpose.",
            policy.name()
        ),
    );
    f.evidence.extend(cx.config_evidence("maxmemory-policy"));
    f.evidence.extend(
        info.keyspace()
            .iter()
            .map(|d| cx.info_span_evidence(d.line)),
    );
    let target = if cx.workload.evictable_only() {
        "allkeys-lru"
    } else {
        "noeviction"
    };
    f.fix = Some(cx.fix(&[("maxmemory-policy", target)]));
    out.push(f);
}

#[cfg(test)]
mod tests {
    use crate::rules::RuleId;
    use crate::rules::testing::{Use, run, run_with};

    const INFO: &str =
        "# Memory\nmaxmemory_policy:volatile-lru\n# Keyspace\ndb0:keys=48213,expires=0,avg_ttl=0\n";

    #[test]
    fn fires_and_recommends_by_workload() {
        let f = run(RuleId::VolatilePolicyWithoutTtlKeys, &[("info", INFO)]);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].fix.as_ref().map(|x| x.conf.clone()),
            Some(vec!["maxmemory-policy noeviction".to_string()])
        );
        let cache = run_with(
            RuleId::VolatilePolicyWithoutTtlKeys,
            &[("info", INFO)],
            &[Use::Cache],
        );
        assert_eq!(
            cache[0].fix.as_ref().map(|x| x.conf.clone()),
            Some(vec!["maxmemory-policy allkeys-lru".to_string()])
        );
    }

    #[test]
    fn silent_with_ttls_or_other_policies() {
        assert!(
            run(
                RuleId::VolatilePolicyWithoutTtlKeys,
                &[("info", &INFO.replace("expires=0", "expires=3"))]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::VolatilePolicyWithoutTtlKeys,
                &[("info", &INFO.replace("volatile-lru", "allkeys-lru"))]
            )
            .is_empty()
        );
        assert!(
            run(
                RuleId::VolatilePolicyWithoutTtlKeys,
                &[(
                    "info",
                    "# Memory\nmaxmemory_policy:volatile-lru\n# Keyspace\n"
                )]
            )
            .is_empty()
        );
    }
}
